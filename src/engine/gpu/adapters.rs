//! Finding GPU adapters: which exist on every backend wgpu was built with (Vulkan, Metal,
//! DirectX 12, OpenGL), which to use, how a user names one, and how to describe them.

use crate::error::{Error, Result};
use wgpu::{Adapter, Backend, Backends, DeviceType, Instance, InstanceDescriptor};

/// Every adapter of every backend, best first (see [`rank`]); `--adapter INDEX` counts in this
/// order. One physical GPU appears once per backend that drives it. `WGPU_BACKEND` (wgpu's own
/// variable: `vulkan`, `metal`, `dx12`, `gl`, comma separated) narrows the backends searched.
pub fn enumerate() -> Vec<Adapter> {
    // Mesa's Vulkan drivers complain on stderr when XDG_RUNTIME_DIR is unset (as on headless
    // servers), though compute needs no display; give them a directory to stop the noise.
    if std::env::var_os("XDG_RUNTIME_DIR").is_none() {
        // SAFETY: set before wgpu or any thread of ours reads the environment concurrently.
        unsafe { std::env::set_var("XDG_RUNTIME_DIR", std::env::temp_dir()) };
    }
    let backends = Backends::all().with_env();
    let instance = Instance::new(InstanceDescriptor {
        backends,
        ..InstanceDescriptor::new_without_display_handle()
    });
    let mut adapters = pollster::block_on(instance.enumerate_adapters(backends));
    adapters.sort_by_key(rank);
    adapters
}

/// Preference among adapters: hardware before software, then the backend that drives compute
/// best on that platform (Vulkan, Metal, DirectX 12; OpenGL last, being the fallback).
fn rank(a: &Adapter) -> (u8, u8) {
    let info = a.get_info();
    let device = match info.device_type {
        DeviceType::DiscreteGpu => 0,
        DeviceType::IntegratedGpu => 1,
        DeviceType::VirtualGpu => 2,
        DeviceType::Other => 3,
        DeviceType::Cpu => 4,
    };
    let backend = match info.backend {
        Backend::Vulkan => 0,
        Backend::Metal => 1,
        Backend::Dx12 => 2,
        Backend::Gl => 3,
        _ => 4,
    };
    (device, backend)
}

/// The adapter `--backend gpu` uses: a hardware GPU if there is one, else a software adapter.
/// (`auto` takes only a hardware one: see `engine::open`.)
pub fn best() -> Option<Adapter> {
    enumerate().into_iter().next()
}

/// True for a software rasterizer such as Mesa's lavapipe or llvmpipe.
pub fn is_software(a: &Adapter) -> bool {
    a.get_info().device_type == DeviceType::Cpu
}

/// The backend's name as users type it (`--adapter vulkan`, `WGPU_BACKEND`).
fn backend_name(b: Backend) -> &'static str {
    match b {
        Backend::Vulkan => "vulkan",
        Backend::Metal => "metal",
        Backend::Dx12 => "dx12",
        Backend::Gl => "gl",
        Backend::BrowserWebGpu => "webgpu",
        Backend::Noop => "noop",
    }
}

/// The adapter a user named: its index in [`enumerate`]'s list (`optgrid devices` prints it),
/// or a word found in its name or backend, case ignored (`nvidia`, `llvmpipe`, `gl`); several
/// matches take the best. `what` is the flag, for the error.
pub fn select(name: &str, what: &str) -> Result<Adapter> {
    select_in(&enumerate(), name, what)
}

fn select_in(adapters: &[Adapter], name: &str, what: &str) -> Result<Adapter> {
    let name = name.trim();
    let found = match name.parse::<usize>() {
        Ok(i) => adapters.get(i).cloned(),
        Err(_) => {
            let word = name.to_lowercase();
            adapters
                .iter()
                .find(|a| {
                    let i = a.get_info();
                    i.name.to_lowercase().contains(&word) || backend_name(i.backend) == word
                })
                .cloned()
        }
    };
    found.ok_or_else(|| {
        let listed: Vec<String> = adapters
            .iter()
            .enumerate()
            .map(|(i, a)| format!("{i} ({})", short_name(a)))
            .collect();
        let allowed = if listed.is_empty() {
            "none: no GPU adapter found (optgrid devices)".to_string()
        } else {
            format!(
                "an index or a word of a name or backend: {}",
                listed.join(", ")
            )
        };
        Error::invalid(what, name, allowed)
    })
}

/// The adapters `--devices` names: `all`, or a comma-separated list of what [`select`] takes
/// (an adapter may be named twice: each gets its own device). `all` is every hardware adapter
/// of the best adapter's backend (one physical GPU appears once per backend, so taking every
/// backend would run twice on each GPU), or the best adapter alone when it is software.
pub fn select_many(list: &str) -> Result<Vec<Adapter>> {
    const WHAT: &str = "devices (--devices)";
    let adapters = enumerate();
    if list.trim() == "all" {
        let Some(first) = adapters.first() else {
            return Err(Error::resource(
                "--devices all: no GPU adapter found (optgrid devices)",
            ));
        };
        if is_software(first) {
            return Ok(vec![first.clone()]);
        }
        let backend = first.get_info().backend;
        return Ok(adapters
            .iter()
            .filter(|a| !is_software(a) && a.get_info().backend == backend)
            .cloned()
            .collect());
    }
    let names: Vec<&str> = list.split(',').map(str::trim).collect();
    if names.iter().any(|n| n.is_empty()) {
        return Err(Error::invalid(
            WHAT,
            list,
            "all, or a comma-separated list of adapter indices or names (optgrid devices)",
        ));
    }
    names
        .iter()
        .map(|n| select_in(&adapters, n, WHAT))
        .collect()
}

/// An adapter as data (`optgrid.devices()` in Python).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Device {
    /// What `--adapter` takes to choose it.
    pub index: usize,
    pub name: String,
    /// `discrete GPU`, `integrated GPU`, `virtual GPU`, `software (CPU) adapter` or `other adapter`.
    pub kind: &'static str,
    /// `vulkan`, `metal`, `dx12` or `gl`.
    pub backend: &'static str,
    pub driver: String,
    pub software: bool,
    /// Whether its shaders can compute in f64 (wgpu's SHADER_F64).
    pub f64: bool,
    /// Whether `--backend gpu` runs on it (`auto` too, unless it is software).
    pub chosen: bool,
    pub max_buffer_mib: u64,
    pub max_storage_binding_mib: u64,
    pub max_invocations_per_workgroup: u32,
}

/// Every adapter, as data, in [`enumerate`]'s order.
pub fn devices() -> Vec<Device> {
    enumerate()
        .iter()
        .enumerate()
        .map(|(index, a)| {
            let i = a.get_info();
            let l = a.limits();
            Device {
                index,
                name: i.name.clone(),
                kind: kind(i.device_type),
                backend: backend_name(i.backend),
                driver: format!("{} {}", i.driver, i.driver_info).trim().to_string(),
                software: is_software(a),
                f64: a.features().contains(wgpu::Features::SHADER_F64),
                chosen: index == 0,
                max_buffer_mib: l.max_buffer_size >> 20,
                max_storage_binding_mib: l.max_storage_buffer_binding_size >> 20,
                max_invocations_per_workgroup: l.max_compute_invocations_per_workgroup,
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

/// Name and backend, as lists of adapters show them.
fn short_name(a: &Adapter) -> String {
    let i = a.get_info();
    format!("{}, {}", i.name, backend_name(i.backend))
}

/// One line naming an adapter: name, type, backend, driver.
pub fn name(a: &Adapter) -> String {
    let i = a.get_info();
    format!(
        "{} ({}, {}, driver {})",
        i.name,
        kind(i.device_type),
        backend_name(i.backend),
        format!("{} {}", i.driver, i.driver_info).trim()
    )
}

/// What `optgrid devices` prints: every adapter of every backend with its index, kind, f64
/// support and key limits, and which one `auto` and `gpu` pick.
pub fn describe() -> String {
    let devices = devices();
    if devices.is_empty() {
        return "No GPU adapter found (wgpu looked on Vulkan, Metal, DirectX 12 and OpenGL).\n\
                optgrid will run on its CPU backend. For a GPU on Linux: install the Vulkan \
                loader (libvulkan1) and a driver — the vendor's, or Mesa's software one \
                (mesa-vulkan-drivers); on NVIDIA, VK_DRIVER_FILES may need to point at \
                nvidia_icd.json. macOS uses Metal and Windows DirectX 12 or Vulkan, with no \
                setup.\n"
            .into();
    }
    let mut s = String::new();
    for d in &devices {
        let mark = match (d.chosen, d.software) {
            (true, false) => "  <- used by --backend auto and gpu",
            (true, true) => {
                "  <- used by --backend gpu (auto runs on the CPU backend: faster than a software adapter)"
            }
            (false, _) => "",
        };
        s += &format!(
            "{}: {} ({}, {}, driver {}){mark}\n",
            d.index, d.name, d.kind, d.backend, d.driver
        );
        s += &format!(
            "    f64 {}, max buffer {} MiB, max storage binding {} MiB, invocations per workgroup {}\n",
            if d.f64 { "yes" } else { "no" },
            d.max_buffer_mib,
            d.max_storage_binding_mib,
            d.max_invocations_per_workgroup
        );
    }
    s += "Choose one with --backend gpu --adapter INDEX|NAME; run on several with --devices all|LIST.\n";
    s
}
