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

/// An adapter as data (`optgrid.devices()` in Python).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Device {
    pub name: String,
    /// `discrete GPU`, `integrated GPU`, `virtual GPU`, `software (CPU) adapter` or `other adapter`.
    pub kind: &'static str,
    pub backend: String,
    pub driver: String,
    pub software: bool,
    /// Whether `--backend gpu` runs on it (`auto` too, unless it is software).
    pub chosen: bool,
    pub max_buffer_mib: u64,
}

/// Every adapter, as data.
pub fn devices() -> Vec<Device> {
    let chosen = best().map(|a| a.get_info());
    enumerate()
        .iter()
        .map(|a| {
            let i = a.get_info();
            Device {
                name: i.name.clone(),
                kind: kind(i.device_type),
                backend: format!("{:?}", i.backend),
                driver: format!("{} {}", i.driver, i.driver_info),
                software: is_software(a),
                chosen: Some(&i) == chosen.as_ref(),
                max_buffer_mib: a.limits().max_buffer_size >> 20,
            }
        })
        .collect()
}

fn kind(t: DeviceType) -> &'static str {
    match t {
        DeviceType::DiscreteGpu => "discrete GPU",
        DeviceType::IntegratedGpu => "integrated GPU",
        DeviceType::VirtualGpu => "virtual GPU",
        DeviceType::Cpu => "software (CPU) adapter",
        DeviceType::Other => "other adapter",
    }
}

/// One line naming an adapter: name, type, backend, driver.
pub fn name(a: &Adapter) -> String {
    let i = a.get_info();
    format!(
        "{} ({}, {:?}, driver {} {})",
        i.name,
        kind(i.device_type),
        i.backend,
        i.driver,
        i.driver_info
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
