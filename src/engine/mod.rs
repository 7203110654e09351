//! Engines: turn a [`Plan`] into [`Records`]. The CPU reference and the GPU engine compute the
//! same per-instance semantics (`crate::model::instance`); nothing here knows about images or files.

pub mod cpu;
pub mod gpu;

use crate::error::{Error, Result};
use crate::records::Records;
use crate::spec::plan::Plan;
use crate::spec::sweep::Precision;
use serde::Serialize;

/// Where progress goes while an engine runs: called with instance-steps done since the last call.
/// Engines call it from several threads.
pub trait Progress: Sync {
    fn advance(&self, instance_steps: u64);
}

/// No progress reporting.
pub struct Silent;

impl Progress for Silent {
    fn advance(&self, _: u64) {}
}

/// What ran a sweep, for `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct RunInfo {
    /// `cpu` or `gpu`.
    pub backend: String,
    /// The device: CPU threads, or the adapter's name, type and driver.
    pub device: String,
    pub precision: String,
    /// Shader compilation (pipeline creation) time, apart from the run; 0 on the CPU.
    pub compile_seconds: f64,
    /// Where the last run's time went (host timers, plus GPU timestamps where available).
    pub phases: Phases,
}

/// Wall time of a run split into its phases, in seconds. The CPU spends it all computing.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Phases {
    /// Buffer allocation and upload of the axis tables.
    pub upload_seconds: f64,
    /// Dispatches (GPU) or the step loops (CPU).
    pub compute_seconds: f64,
    /// Copying records back and assembling them.
    pub readback_seconds: f64,
    /// The GPU's own time in the dispatches, from timestamp queries where the adapter has
    /// them (the host's `compute_seconds` also counts submitting and waiting).
    pub gpu_compute_seconds: Option<f64>,
}

/// A backend that can run sweeps.
pub trait Engine {
    /// What will run the sweep.
    fn info(&self) -> RunInfo;
    /// Runs every instance of the plan to its stop.
    fn run(&mut self, plan: &Plan, progress: &dyn Progress) -> Result<Records>;
}

/// Which backend the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendChoice {
    /// A hardware GPU, else a software Vulkan adapter, else the CPU.
    Auto,
    Gpu,
    Cpu,
}

impl BackendChoice {
    pub fn from_name(s: &str) -> Result<Self> {
        match s {
            "auto" => Ok(BackendChoice::Auto),
            "gpu" => Ok(BackendChoice::Gpu),
            "cpu" => Ok(BackendChoice::Cpu),
            _ => Err(Error::invalid("backend (--backend)", s, "auto, gpu or cpu")),
        }
    }
}

/// Opens the engine for a backend choice. The note, if any, says what was chosen instead.
pub fn open(
    choice: BackendChoice,
    precision: Precision,
) -> Result<(Box<dyn Engine>, Option<String>)> {
    let cpu = || Box::new(cpu::CpuEngine::new(precision)) as Box<dyn Engine>;
    match (choice, precision) {
        (BackendChoice::Cpu, _) => Ok((cpu(), None)),
        (BackendChoice::Gpu, Precision::F64) => Err(Error::new(
            "precision f64 needs --backend cpu: the GPU computes in f32 (WGSL has no portable f64)",
        )),
        (BackendChoice::Auto, Precision::F64) => Ok((
            cpu(),
            Some("precision f64 runs on the CPU backend (the GPU computes in f32)".into()),
        )),
        (BackendChoice::Gpu, Precision::F32) => Ok((Box::new(gpu::GpuEngine::new()?), None)),
        (BackendChoice::Auto, Precision::F32) => match gpu::adapters::best() {
            Some(adapter) => {
                let note = gpu::adapters::is_software(&adapter).then(|| {
                    format!(
                        "no hardware GPU found: running on the software Vulkan adapter {}",
                        adapter.get_info().name
                    )
                });
                Ok((Box::new(gpu::GpuEngine::on(adapter)?), note))
            }
            None => Ok((
                cpu(),
                Some(
                    "no GPU adapter found: running on the CPU backend (see `optgrid devices`)"
                        .into(),
                ),
            )),
        },
    }
}

/// What `optgrid devices` prints.
pub fn describe_adapters() -> String {
    gpu::adapters::describe()
}
