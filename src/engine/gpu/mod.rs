//! The GPU engine: the sweep as WGSL compute shaders through wgpu, one invocation per instance.
//!
//! Per tile of instances: the first dispatch sets every instance to its start point (derived on
//! the GPU from its index and the axis tables), each dispatch then advances all of them by up to
//! K steps with the state in registers, and a counter says how many are still running; a tile
//! whose instances have all stopped skips its remaining dispatches. K adapts so one dispatch
//! takes about [`GpuOptions::dispatch_target`]; tiles are sized by [`schedule`]. Only the
//! 20-byte records are read back.

pub mod adapters;
pub mod buffers;
pub mod layout;
pub mod pipeline;
pub mod schedule;
pub mod shader;
pub mod translate;

pub use schedule::GpuOptions;

use super::{Engine, Job, Phases, RunInfo};
use crate::error::{Error, Result};
use crate::records::Records;
use crate::spec::sweep::Precision;
use buffers::{Failure, Gpu, TileBuffers};
use layout::{Sizes, SweepUniform};
use pipeline::Pipelines;
use schedule::DeviceLimits;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What `--backend gpu` says when wgpu finds no adapter.
pub const NO_ADAPTER: &str = "backend gpu: no GPU adapter found; install a Vulkan driver \
     (mesa-vulkan-drivers gives a software one) or use --backend cpu";

/// The GPU backend on one adapter.
pub struct GpuEngine {
    adapter_name: String,
    device: wgpu::Device,
    queue: wgpu::Queue,
    limits: DeviceLimits,
    pipelines: Pipelines,
    /// The first error the device reported (uncaptured error or device lost), if any.
    failure: Failure,
    compile_seconds: f64,
    phases: Phases,
    /// Whether the device records timestamps in compute passes (Features::TIMESTAMP_QUERY).
    timestamps: bool,
    /// Workgroup size, dispatch target, memory budget, tile override.
    pub options: GpuOptions,
    /// Instances the tile buffers hold, and the number of tiles, of the last run.
    pub last_tiling: (usize, usize),
    /// What the kernels compute in: f64 only on an adapter with `SHADER_F64`.
    precision: Precision,
}

impl GpuEngine {
    /// The engine on the best adapter (hardware first, then software), or an error saying that
    /// none exists and what to do.
    pub fn new() -> Result<GpuEngine> {
        GpuEngine::on(adapters::best().ok_or_else(|| Error::resource(NO_ADAPTER))?)
    }

    /// The engine on a given adapter, in f32.
    pub fn on(adapter: wgpu::Adapter) -> Result<GpuEngine> {
        GpuEngine::on_in(adapter, Precision::F32)
    }

    /// The engine on a given adapter in `precision`: f64 needs the adapter's `SHADER_F64`, and
    /// without it is one clear line.
    pub fn on_in(adapter: wgpu::Adapter, precision: Precision) -> Result<GpuEngine> {
        let adapter_name = adapters::name(&adapter);
        let limits = adapter.limits();
        let mut features = wgpu::Features::empty();
        // Timestamps time the dispatches on the GPU itself where the adapter can.
        let timestamps = adapter.features().contains(wgpu::Features::TIMESTAMP_QUERY);
        if timestamps {
            features |= wgpu::Features::TIMESTAMP_QUERY;
        }
        if precision == Precision::F64 {
            if !adapter.features().contains(wgpu::Features::SHADER_F64) {
                return Err(Error::resource(format!(
                    "precision f64: the GPU adapter {adapter_name} has no f64 in shaders                      (SHADER_F64; see `optgrid devices`); use --backend cpu"
                )));
            }
            features |= wgpu::Features::SHADER_F64;
        }
        let (device, queue) = pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor {
            label: Some("optgrid"),
            required_limits: limits.clone(),
            required_features: features,
            ..Default::default()
        }))
        .map_err(|e| Error::resource(format!("cannot open GPU device {adapter_name}: {e}")))?;
        let failure: Failure = Arc::default();
        let f = failure.clone();
        device.on_uncaptured_error(Arc::new(move |e| {
            f.lock().unwrap().get_or_insert(e.to_string());
        }));
        let f = failure.clone();
        device.set_device_lost_callback(move |reason, msg| {
            f.lock()
                .unwrap()
                .get_or_insert(format!("device lost ({reason:?}) {msg}"));
        });
        let pipelines = Pipelines::new(&device);
        Ok(GpuEngine {
            adapter_name,
            limits: DeviceLimits::from(&limits),
            device,
            queue,
            pipelines,
            failure,
            compile_seconds: 0.0,
            phases: Phases::default(),
            timestamps,
            options: GpuOptions::default(),
            last_tiling: (0, 0),
            precision,
        })
    }

    /// Whether runs time their dispatches with GPU timestamp queries.
    pub fn has_timestamps(&self) -> bool {
        self.timestamps
    }
}

impl Engine for GpuEngine {
    fn info(&self) -> RunInfo {
        RunInfo {
            backend: "gpu".into(),
            device: self.adapter_name.clone(),
            precision: self.precision.name().into(),
            compile_seconds: self.compile_seconds,
            phases: self.phases,
        }
    }

    fn run_job(&mut self, job: &Job) -> Result<Records> {
        let plan = job.plan;
        let options = self.options;
        let (pipeline, compile_seconds) =
            self.pipelines
                .get(&self.device, plan, options.workgroup_size, self.precision);
        self.compile_seconds = compile_seconds;
        let gpu = Gpu {
            device: &self.device,
            queue: &self.queue,
            failure: &self.failure,
        };
        gpu.check_failure()?;

        let upload_started = Instant::now();
        let mut phases = Phases::default();
        let range = job.instances.clone();
        // Buffers hold `capacity` instances; each tile runs `tile_len` ≤ `capacity` of them,
        // sized from the measured speed so a dispatch of about STEPS_PER_DISPATCH steps meets
        // the target.
        let sizes = Sizes::for_plan(self.precision, plan);
        let capacity = schedule::tile_capacity(
            range.len(),
            &self.limits,
            &options,
            sizes.per_instance(),
            sizes.largest_item(),
        );
        let buffers = TileBuffers::new(
            &gpu,
            &self.pipelines.bind_group_layout,
            plan,
            capacity,
            self.timestamps,
            self.precision,
        )?;
        phases.upload_seconds = upload_started.elapsed().as_secs_f64();

        let mut finished = Records::with_capacity(plan, range.clone());
        let mut uniform = SweepUniform::for_plan(plan);
        let mut tile_len = capacity.min(schedule::PROBE_TILE);
        let mut tiles = 0;
        let mut executed = 0u64;
        let mut k = schedule::FIRST_STEPS;
        let mut offset = range.start;
        while offset < range.end {
            let count = tile_len.min(range.end - offset);
            let grid = schedule::workgroup_grid(
                count,
                options.workgroup_size,
                self.limits.max_compute_workgroups_per_dimension,
            );
            uniform.tile_offset = offset as u32;
            uniform.tile_count = count as u32;
            uniform.until = 0;
            uniform.init = 1;
            let mut busy = Duration::ZERO;
            loop {
                job.cancel.check()?;
                let before = uniform.until;
                uniform.until = (uniform.until + k).min(plan.steps);
                let d = buffers.dispatch(&gpu, &pipeline, &uniform, grid)?;
                if let Some(s) = d.gpu_seconds {
                    *phases.gpu_compute_seconds.get_or_insert(0.0) += s;
                }
                busy += d.elapsed;
                job.progress
                    .advance(count as u64 * u64::from(uniform.until - before));
                uniform.init = 0;
                if d.running == 0 || uniform.until >= plan.steps {
                    break;
                }
                k = schedule::next_steps(k, d.elapsed, options.dispatch_target);
            }
            phases.compute_seconds += busy.as_secs_f64();
            let readback_started = Instant::now();
            let steps_before = executed;
            for (outcome, t) in buffers.read_outcomes(&gpu, plan, count)? {
                executed += u64::from(t);
                finished.push(outcome);
            }
            phases.readback_seconds += readback_started.elapsed().as_secs_f64();
            let rate = (executed - steps_before) as f64 / busy.as_secs_f64().max(1e-6);
            tile_len = schedule::next_tile_len(rate, options.dispatch_target, capacity);
            offset += count;
            tiles += 1;
        }
        self.last_tiling = (buffers.capacity, tiles);
        gpu.check_failure()?;
        let assemble_started = Instant::now();
        finished.steps_executed = executed;
        finished.label_basins(plan);
        phases.readback_seconds += assemble_started.elapsed().as_secs_f64();
        self.phases = phases;
        Ok(finished)
    }
}
