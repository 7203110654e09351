//! Engines: turn a [`Job`] (a plan, or a contiguous part of one) into [`Records`]. The CPU
//! reference and the GPU engine compute the same per-instance semantics
//! (`crate::model::instance`); nothing here knows about images or files.

pub mod cpu;
#[cfg(feature = "gpu")]
pub mod gpu;
pub mod split;

use crate::error::{Error, Result};
use crate::records::Records;
use crate::spec::plan::Plan;
use crate::spec::sweep::Precision;
use serde::Serialize;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Where progress goes while an engine runs: called with instance-steps done since the last call.
/// Engines call it from several threads. Any `Fn(u64) + Sync` closure is one.
pub trait Progress: Sync {
    fn advance(&self, instance_steps: u64);

    /// The work has moved on to something not counted in instance-steps (writing the maps,
    /// joining shards): `what` says what, for a person watching.
    fn stage(&self, _what: &str) {}
}

impl<F: Fn(u64) + Sync> Progress for F {
    fn advance(&self, instance_steps: u64) {
        self(instance_steps)
    }
}

/// No progress reporting.
pub struct Silent;

impl Progress for Silent {
    fn advance(&self, _: u64) {}
}

/// Asks a running engine to stop: checked between GPU dispatches and between CPU chunks, so a
/// run ends within one of them with [`Error::is_cancelled`]. Clones share one flag.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Self {
        Cancel::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// `Err(cancelled)` once cancelled.
    pub fn check(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(Error::cancelled())
        } else {
            Ok(())
        }
    }
}

/// One engine run: which instances of which plan, where progress goes, and what cancels it.
pub struct Job<'a> {
    pub plan: &'a Plan,
    /// A contiguous range of the plan's instance indices: all of them by default, or a part
    /// (progressive maps compute a few rows first; shards compute their row block).
    pub instances: Range<usize>,
    pub progress: &'a dyn Progress,
    pub cancel: Cancel,
}

impl<'a> Job<'a> {
    /// Every instance of `plan`, silently, never cancelled.
    pub fn new(plan: &'a Plan) -> Self {
        Job {
            plan,
            instances: 0..plan.instances(),
            progress: &Silent,
            cancel: Cancel::new(),
        }
    }

    pub fn progress(mut self, progress: &'a dyn Progress) -> Self {
        self.progress = progress;
        self
    }

    /// Only the instances `range`, clamped to the plan.
    pub fn instances(mut self, range: Range<usize>) -> Self {
        let n = self.plan.instances();
        let start = range.start.min(n);
        self.instances = start..range.end.clamp(start, n);
        self
    }

    pub fn cancel(mut self, cancel: Cancel) -> Self {
        self.cancel = cancel;
        self
    }
}

/// What ran a sweep, for `summary.json`.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, Copy, Default, Serialize, serde::Deserialize)]
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

/// A backend that can run sweeps. `Send`, so a server or a Python thread can own one.
pub trait Engine: Send {
    /// What will run the sweep.
    fn info(&self) -> RunInfo;

    /// Runs the job's instances to their stop; the records hold exactly those instances.
    fn run_job(&mut self, job: &Job) -> Result<Records>;

    /// Runs every instance of the plan to its stop.
    fn run(&mut self, plan: &Plan, progress: &dyn Progress) -> Result<Records> {
        self.run_job(&Job::new(plan).progress(progress))
    }
}

/// Which backend the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendChoice {
    /// A hardware GPU, else the CPU (faster than a software Vulkan adapter on the same cores).
    Auto,
    Gpu(Adapters),
    Cpu,
}

/// Which GPU adapters `--backend gpu` runs on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Adapters {
    /// The best one (a hardware GPU first; `optgrid devices` marks it).
    #[default]
    Best,
    /// One adapter by index or name (`--adapter`).
    One(String),
    /// Several, sharing each map's rows (`--devices all|LIST`).
    Several(String),
}

impl BackendChoice {
    /// `--backend` alone.
    pub fn from_name(s: &str) -> Result<Self> {
        BackendChoice::from_flags(Some(s), None, None)
    }

    /// `--backend`, `--adapter` and `--devices` together: naming adapters implies the GPU.
    pub fn from_flags(
        backend: Option<&str>,
        adapter: Option<&str>,
        devices: Option<&str>,
    ) -> Result<Self> {
        let adapters = match (adapter, devices) {
            (Some(_), Some(_)) => {
                return Err(Error::input(
                    "--adapter and --devices: give one (--adapter runs on one adapter, --devices on several)",
                ))
            }
            (Some(a), None) => Some(Adapters::One(a.to_string())),
            (None, Some(d)) => Some(Adapters::Several(d.to_string())),
            (None, None) => None,
        };
        match (backend.unwrap_or("auto"), adapters) {
            ("auto", None) => Ok(BackendChoice::Auto),
            ("auto" | "gpu", Some(a)) => Ok(BackendChoice::Gpu(a)),
            ("gpu", None) => Ok(BackendChoice::Gpu(Adapters::Best)),
            ("cpu", None) => Ok(BackendChoice::Cpu),
            ("cpu", Some(_)) => Err(Error::input(
                "--adapter and --devices choose GPU adapters: use them with --backend gpu (or auto), not cpu",
            )),
            (other, _) => Err(Error::invalid("backend (--backend)", other, "auto, gpu or cpu")),
        }
    }
}

/// Opens the engine for a backend choice. The note, if any, says what was chosen instead.
pub fn open(
    choice: &BackendChoice,
    precision: Precision,
) -> Result<(Box<dyn Engine>, Option<String>)> {
    let cpu = || Box::new(cpu::CpuEngine::new(precision)) as Box<dyn Engine>;
    match (choice, precision) {
        (BackendChoice::Cpu, _) => Ok((cpu(), None)),
        (BackendChoice::Gpu(adapters), _) => open_gpu(adapters, precision),
        (BackendChoice::Auto, _) => open_auto(cpu, precision),
    }
}

/// The GPU engine on the chosen adapters: one engine, or a [`split::Split`] over several.
#[cfg(feature = "gpu")]
fn open_gpu(
    adapters: &Adapters,
    precision: Precision,
) -> Result<(Box<dyn Engine>, Option<String>)> {
    use gpu::{adapters as found, GpuEngine};
    let engine: Box<dyn Engine> = match adapters {
        Adapters::Best => Box::new(GpuEngine::on_in(
            found::best().ok_or_else(|| Error::resource(gpu::NO_ADAPTER))?,
            precision,
        )?),
        Adapters::One(name) => Box::new(GpuEngine::on_in(
            found::select(name, "adapter (--adapter)")?,
            precision,
        )?),
        Adapters::Several(list) => {
            let mut engines = found::select_many(list)?
                .into_iter()
                .map(|a| GpuEngine::on_in(a, precision).map(|e| Box::new(e) as Box<dyn Engine>))
                .collect::<Result<Vec<_>>>()?;
            if engines.len() == 1 {
                engines.pop().expect("one engine")
            } else {
                Box::new(split::Split::new(engines))
            }
        }
    };
    Ok((engine, None))
}

#[cfg(not(feature = "gpu"))]
fn open_gpu(_: &Adapters, _: Precision) -> Result<(Box<dyn Engine>, Option<String>)> {
    Err(Error::resource(NO_GPU_BACKEND))
}

/// A hardware GPU if there is one (for f64, one with `SHADER_F64`), else the CPU engine with a
/// note saying why.
#[cfg(feature = "gpu")]
fn open_auto(
    cpu: impl Fn() -> Box<dyn Engine>,
    precision: Precision,
) -> Result<(Box<dyn Engine>, Option<String>)> {
    match gpu::adapters::best() {
        Some(adapter)
            if precision == Precision::F64
                && !gpu::adapters::is_software(&adapter)
                && !adapter.features().contains(wgpu::Features::SHADER_F64) =>
        {
            Ok((
                cpu(),
                Some(format!(
                    "precision f64 runs on the CPU backend: the GPU {} has no f64 in shaders",
                    adapter.get_info().name
                )),
            ))
        }
        Some(adapter) if !gpu::adapters::is_software(&adapter) => {
            Ok((Box::new(gpu::GpuEngine::on_in(adapter, precision)?), None))
        }
        // A software adapter runs the same shaders on the same cores, slower than the CPU
        // engine (0.47–0.74× on W1–W4, BENCHMARKS.md): auto never picks it.
        Some(software) => Ok((
            cpu(),
            Some(format!(
                "no hardware GPU found: running on the CPU backend, which is faster here than \
                 the software adapter {} (--backend gpu uses that one)",
                software.get_info().name
            )),
        )),
        None => Ok((
            cpu(),
            Some("no GPU adapter found: running on the CPU backend (see `optgrid devices`)".into()),
        )),
    }
}

#[cfg(not(feature = "gpu"))]
fn open_auto(
    cpu: impl Fn() -> Box<dyn Engine>,
    _: Precision,
) -> Result<(Box<dyn Engine>, Option<String>)> {
    Ok((
        cpu(),
        Some(format!("{NO_GPU_BACKEND}: running on the CPU backend")),
    ))
}

/// Why a build without the `gpu` feature has no GPU.
#[cfg(not(feature = "gpu"))]
const NO_GPU_BACKEND: &str = "this optgrid was built without the GPU engine (cargo feature `gpu`)";

/// What `optgrid devices` prints.
#[cfg(feature = "gpu")]
pub fn describe_adapters() -> String {
    gpu::adapters::describe()
}

/// What `optgrid devices` prints.
#[cfg(not(feature = "gpu"))]
pub fn describe_adapters() -> String {
    format!("{NO_GPU_BACKEND}.\n")
}
