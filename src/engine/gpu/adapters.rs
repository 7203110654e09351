//! Finding GPU adapters: which exist, which to use, and how to describe them.

use wgpu::{Adapter, Backends, DeviceType, Instance, InstanceDescriptor};

/// Every adapter wgpu's Vulkan backend finds (hardware GPUs and software ones like lavapipe).
pub fn enumerate() -> Vec<Adapter> {
    // Mesa's Vulkan drivers complain on stderr when XDG_RUNTIME_DIR is unset (as on headless
    // servers), though compute needs no display; give them a directory to stop the noise.
    if std::env::var_os("XDG_RUNTIME_DIR").is_none() {
        // SAFETY: set before wgpu or any thread of ours reads the environment concurrently.
        unsafe { std::env::set_var("XDG_RUNTIME_DIR", std::env::temp_dir()) };
    }
    let instance = Instance::new(InstanceDescriptor {
        backends: Backends::VULKAN,
        ..InstanceDescriptor::new_without_display_handle()
    });
    pollster::block_on(instance.enumerate_adapters(Backends::VULKAN))
}

/// Preference among adapter types: hardware first, software (CPU) last.
fn rank(t: DeviceType) -> u8 {
    match t {
        DeviceType::DiscreteGpu => 0,
        DeviceType::IntegratedGpu => 1,
        DeviceType::VirtualGpu => 2,
        DeviceType::Other => 3,
        DeviceType::Cpu => 4,
    }
}

/// The adapter `--backend gpu` uses: a hardware GPU if there is one, else a software adapter.
/// (`auto` takes only a hardware one: see `engine::open`.)
pub fn best() -> Option<Adapter> {
    enumerate()
        .into_iter()
        .min_by_key(|a| rank(a.get_info().device_type))
}

/// True for a software rasterizer such as Mesa's lavapipe.
pub fn is_software(a: &Adapter) -> bool {
    a.get_info().device_type == DeviceType::Cpu
}

/// One line naming an adapter: name, type, backend, driver.
pub fn name(a: &Adapter) -> String {
    let i = a.get_info();
    let kind = match i.device_type {
        DeviceType::DiscreteGpu => "discrete GPU",
        DeviceType::IntegratedGpu => "integrated GPU",
        DeviceType::VirtualGpu => "virtual GPU",
        DeviceType::Cpu => "software (CPU) adapter",
        DeviceType::Other => "other adapter",
    };
    format!(
        "{} ({kind}, {:?}, driver {} {})",
        i.name, i.backend, i.driver, i.driver_info
    )
}

/// What `optgrid devices` prints: every adapter with its key limits, and which one `auto` picks.
pub fn describe() -> String {
    let adapters = enumerate();
    if adapters.is_empty() {
        return "No GPU adapter found (wgpu's Vulkan backend saw none).\n\
                optgrid will run on its CPU backend. For a GPU: install the Vulkan loader \
                (libvulkan1) and a driver — the vendor's, or Mesa's software one \
                (mesa-vulkan-drivers); on NVIDIA, VK_DRIVER_FILES may need to point at \
                nvidia_icd.json.\n"
            .into();
    }
    let chosen = best().map(|a| a.get_info());
    let mut s = String::new();
    for a in &adapters {
        let i = a.get_info();
        let l = a.limits();
        let mark = match (Some(&i) == chosen.as_ref(), is_software(a)) {
            (true, false) => "  <- used by --backend auto and gpu",
            (true, true) => {
                "  <- used by --backend gpu (auto runs on the CPU backend: faster than a software adapter)"
            }
            (false, _) => "",
        };
        s += &format!("{}{mark}\n", name(a));
        s += &format!(
            "    max buffer {} MiB, max storage binding {} MiB, workgroups per dimension {}, invocations per workgroup {}\n",
            l.max_buffer_size >> 20,
            l.max_storage_buffer_binding_size >> 20,
            l.max_compute_workgroups_per_dimension,
            l.max_compute_invocations_per_workgroup
        );
    }
    s
}
