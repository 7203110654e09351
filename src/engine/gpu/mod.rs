//! The GPU engine: the sweep as WGSL compute shaders through wgpu, one invocation per instance.
//!
//! Per tile of instances: the first dispatch sets every instance to its start point (derived on
//! the GPU from its index and the axis tables), each dispatch then advances all of them by up to
//! K steps with the state in registers, and a counter says how many are still running; a tile
//! whose instances have all stopped skips its remaining dispatches. K adapts so one dispatch
//! takes about [`GpuEngine::dispatch_target`]. Only the 20-byte records are read back.

pub mod adapters;
pub mod layout;
pub mod shader;

use super::{Engine, Phases, Progress, RunInfo};
use crate::error::{Error, Result};
use crate::model::instance::Status;
use crate::model::objective::ObjectiveKind;
use crate::model::optimizer::Optimizer;
use crate::records::{Outcome, Records};
use crate::spec::plan::Plan;
use layout::{GpuRecord, GpuState, SweepUniform};
use std::collections::HashMap;
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};
use wgpu::util::DeviceExt;

/// Bytes of GPU memory per instance of a tile: record, state and the record's readback copy.
const BYTES_PER_INSTANCE: u64 =
    (2 * std::mem::size_of::<GpuRecord>() + std::mem::size_of::<GpuState>()) as u64;

/// Instances in the first tile of a run, before its speed is known.
const PROBE_TILE: usize = 1 << 16;
/// Fewest instances in a tile (unless the buffers hold fewer).
const MIN_TILE: usize = 4096;
/// Steps per dispatch the tile size aims at: enough that loading and storing each instance's
/// state once per dispatch costs little next to the steps themselves.
const STEPS_PER_DISPATCH: u32 = 64;

/// Everything that makes one compiled pipeline differ from another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct PipelineKey {
    objective: ObjectiveKind,
    optimizer: Optimizer,
    criterion: u32,
    early_stop: bool,
    quadratic: [u64; 2],
}

/// The GPU backend on one adapter.
pub struct GpuEngine {
    adapter_name: String,
    device: wgpu::Device,
    queue: wgpu::Queue,
    limits: wgpu::Limits,
    layout: wgpu::BindGroupLayout,
    pipeline_layout: wgpu::PipelineLayout,
    pipelines: HashMap<PipelineKey, wgpu::ComputePipeline>,
    /// The first error the device reported (uncaptured error or device lost), if any.
    failure: Arc<Mutex<Option<String>>>,
    compile_seconds: f64,
    phases: Phases,
    /// Whether the device records timestamps in compute passes (Features::TIMESTAMP_QUERY).
    timestamps: bool,
    /// Threads per workgroup.
    pub workgroup_size: u32,
    /// How long one dispatch should take; K (steps per dispatch) adapts to it.
    pub dispatch_target: Duration,
    /// GPU memory for one tile's buffers; tiles are cut to fit it and the adapter's limits.
    pub memory_budget: u64,
    /// Forces tiles of at most this many instances (for tests of tiling).
    pub max_tile_instances: Option<usize>,
    /// Instances the tile buffers hold, and the number of tiles, of the last run.
    pub last_tiling: (usize, usize),
}

impl GpuEngine {
    /// The engine on the best adapter (hardware first, then software), or an error saying that
    /// none exists and what to do.
    pub fn new() -> Result<GpuEngine> {
        let adapter = adapters::best().ok_or_else(|| {
            Error::new(
                "backend gpu: no GPU adapter found; install a Vulkan driver (mesa-vulkan-drivers \
                 gives a software one) or use --backend cpu",
            )
        })?;
        GpuEngine::on(adapter)
    }

    /// The engine on a given adapter.
    pub fn on(adapter: wgpu::Adapter) -> Result<GpuEngine> {
        let adapter_name = adapters::name(&adapter);
        let limits = adapter.limits();
        // Timestamps time the dispatches on the GPU itself where the adapter can.
        let timestamps = adapter.features().contains(wgpu::Features::TIMESTAMP_QUERY);
        let (device, queue) = pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor {
            label: Some("optgrid"),
            required_limits: limits.clone(),
            required_features: if timestamps {
                wgpu::Features::TIMESTAMP_QUERY
            } else {
                wgpu::Features::empty()
            },
            ..Default::default()
        }))
        .map_err(|e| Error::new(format!("cannot open GPU device {adapter_name}: {e}")))?;
        let failure: Arc<Mutex<Option<String>>> = Arc::default();
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
        let storage = |binding, read_only| wgpu::BindGroupLayoutEntry {
            binding,
            visibility: wgpu::ShaderStages::COMPUTE,
            ty: wgpu::BindingType::Buffer {
                ty: wgpu::BufferBindingType::Storage { read_only },
                has_dynamic_offset: false,
                min_binding_size: None,
            },
            count: None,
        };
        let layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("sweep"),
            entries: &[
                wgpu::BindGroupLayoutEntry {
                    binding: 0,
                    visibility: wgpu::ShaderStages::COMPUTE,
                    ty: wgpu::BindingType::Buffer {
                        ty: wgpu::BufferBindingType::Uniform,
                        has_dynamic_offset: false,
                        min_binding_size: None,
                    },
                    count: None,
                },
                storage(1, true),
                storage(2, false),
                storage(3, false),
                storage(4, false),
            ],
        });
        let pipeline_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("sweep"),
            bind_group_layouts: &[Some(&layout)],
            immediate_size: 0,
        });
        Ok(GpuEngine {
            adapter_name,
            device,
            queue,
            limits,
            layout,
            pipeline_layout,
            pipelines: HashMap::new(),
            failure,
            compile_seconds: 0.0,
            phases: Phases::default(),
            timestamps,
            workgroup_size: 64,
            dispatch_target: Duration::from_millis(20),
            memory_budget: 1 << 30,
            max_tile_instances: None,
            last_tiling: (0, 0),
        })
    }

    /// Whether runs time their dispatches with GPU timestamp queries.
    pub fn has_timestamps(&self) -> bool {
        self.timestamps
    }

    fn check_failure(&self) -> Result<()> {
        match self.failure.lock().unwrap().clone() {
            Some(e) => Err(Error::new(format!("the GPU failed mid-run: {e}"))),
            None => Ok(()),
        }
    }

    /// The compiled pipeline for a plan, compiling it on first use (timed).
    fn pipeline(&mut self, plan: &Plan) -> Result<wgpu::ComputePipeline> {
        let key = PipelineKey {
            objective: plan.objective.kind,
            optimizer: plan.optimizer,
            criterion: plan.criterion.index(),
            early_stop: plan.early_stop,
            quadratic: plan.objective.coeffs.map(f64::to_bits),
        };
        if let Some(p) = self.pipelines.get(&key) {
            return Ok(p.clone());
        }
        let started = Instant::now();
        let source = shader::compose(key.objective, key.optimizer);
        // (The global minimizers are constants in the composed source: see shader::compose.)
        let module = self
            .device
            .create_shader_module(wgpu::ShaderModuleDescriptor {
                label: Some("sweep"),
                source: wgpu::ShaderSource::Wgsl(source.into()),
            });
        let constants = [
            ("WORKGROUP_SIZE", f64::from(self.workgroup_size)),
            ("CRITERION", f64::from(key.criterion)),
            ("EARLY_STOP", if key.early_stop { 1.0 } else { 0.0 }),
            ("QUAD_A", plan.objective.coeffs[0]),
            ("QUAD_B", plan.objective.coeffs[1]),
        ];
        let pipeline = self
            .device
            .create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
                label: Some("sweep"),
                layout: Some(&self.pipeline_layout),
                module: &module,
                entry_point: Some("main"),
                compilation_options: wgpu::PipelineCompilationOptions {
                    constants: &constants,
                    zero_initialize_workgroup_memory: false,
                },
                cache: None,
            });
        self.check_failure()?;
        self.compile_seconds += started.elapsed().as_secs_f64();
        self.pipelines.insert(key, pipeline.clone());
        Ok(pipeline)
    }

    /// Instances per tile: the memory budget, the adapter's buffer limits, and the test override.
    fn tile_instances(&self, instances: usize) -> usize {
        let by_budget = self.memory_budget / BYTES_PER_INSTANCE;
        let by_binding =
            self.limits.max_storage_buffer_binding_size / std::mem::size_of::<GpuState>() as u64;
        let by_buffer = self.limits.max_buffer_size / std::mem::size_of::<GpuState>() as u64;
        let by_dispatch = u64::from(self.limits.max_compute_workgroups_per_dimension).pow(2)
            * u64::from(self.workgroup_size);
        let cap = by_budget
            .min(by_binding)
            .min(by_buffer)
            .min(by_dispatch)
            .max(1) as usize;
        instances
            .min(cap)
            .min(self.max_tile_instances.unwrap_or(usize::MAX))
    }

    fn uniform(&self, plan: &Plan) -> SweepUniform {
        let mut u = SweepUniform::zeroed_default();
        for (k, v) in plan.base.iter().enumerate() {
            u.slots[k / 4][k % 4] = *v as f32;
        }
        u.bound = [
            plan.bound[0][0] as f32,
            plan.bound[0][1] as f32,
            plan.bound[1][0] as f32,
            plan.bound[1][1] as f32,
        ];
        let checks = plan.checks::<f32>();
        u.tol = checks.tol;
        u.min_value = checks.min_value;
        u.width = plan.width() as u32;
        u.x_slot = plan.axis_slots[0] as u32;
        u.y_slot = plan.axis_slots[1] as u32;
        u
    }

    /// Waits for a mapped read of `buffer` and returns its bytes.
    fn read(&self, buffer: &wgpu::Buffer, bytes: u64) -> Result<Vec<u8>> {
        let (tx, rx) = mpsc::channel();
        buffer.map_async(wgpu::MapMode::Read, 0..bytes, move |r| {
            let _ = tx.send(r);
        });
        self.device
            .poll(wgpu::PollType::wait_indefinitely())
            .map_err(|e| Error::new(format!("the GPU failed mid-run: {e}")))?;
        self.check_failure()?;
        rx.recv()
            .map_err(|_| Error::new("the GPU failed mid-run: readback never completed"))?
            .map_err(|e| Error::new(format!("the GPU failed mid-run: readback failed: {e}")))?;
        let data = buffer
            .get_mapped_range(0..bytes)
            .map_err(|e| Error::new(format!("the GPU failed mid-run: {e}")))?
            .to_vec();
        buffer.unmap();
        Ok(data)
    }
}

impl SweepUniform {
    fn zeroed_default() -> Self {
        bytemuck::Zeroable::zeroed()
    }
}

impl Engine for GpuEngine {
    fn info(&self) -> RunInfo {
        RunInfo {
            backend: "gpu".into(),
            device: self.adapter_name.clone(),
            precision: "f32".into(),
            compile_seconds: self.compile_seconds,
            phases: self.phases,
        }
    }

    fn run(&mut self, plan: &Plan, progress: &dyn Progress) -> Result<Records> {
        self.compile_seconds = 0.0;
        let pipeline = self.pipeline(plan)?;
        let upload_started = Instant::now();
        let mut phases = Phases::default();
        let total = plan.instances();
        // Buffers hold `tile` instances; each tile runs `tile_len` ≤ `tile` of them, sized from
        // the measured speed so a dispatch of about STEPS_PER_DISPATCH steps meets the target.
        let tile = self.tile_instances(total);
        let mut tile_len = tile.min(PROBE_TILE);
        let mut tiles = 0;
        let mut uniform = self.uniform(plan);
        let record_size = std::mem::size_of::<GpuRecord>() as u64;
        let state_size = std::mem::size_of::<GpuState>() as u64;

        let oom_scope = self.device.push_error_scope(wgpu::ErrorFilter::OutOfMemory);
        let axis: Vec<f32> = plan
            .axis_values
            .iter()
            .flatten()
            .map(|&v| v as f32)
            .collect();
        let axis_buffer = self
            .device
            .create_buffer_init(&wgpu::util::BufferInitDescriptor {
                label: Some("axis values"),
                contents: bytemuck::cast_slice(&axis),
                usage: wgpu::BufferUsages::STORAGE,
            });
        let uniform_buffer = self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("sweep"),
            size: std::mem::size_of::<SweepUniform>() as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let buffer = |label, size, usage| {
            self.device.create_buffer(&wgpu::BufferDescriptor {
                label: Some(label),
                size,
                usage,
                mapped_at_creation: false,
            })
        };
        use wgpu::BufferUsages as U;
        let records = buffer(
            "records",
            tile as u64 * record_size,
            U::STORAGE | U::COPY_SRC,
        );
        let states = buffer("states", tile as u64 * state_size, U::STORAGE);
        let readback = buffer(
            "records readback",
            tile as u64 * record_size,
            U::MAP_READ | U::COPY_DST,
        );
        let active = buffer("active count", 16, U::STORAGE | U::COPY_SRC | U::COPY_DST);
        // Bytes 0..4: the running count; 16..32: the pass's start and end timestamps.
        let active_readback = buffer("active readback", 32, U::MAP_READ | U::COPY_DST);
        let timer = self.timestamps.then(|| {
            let queries = self.device.create_query_set(&wgpu::QuerySetDescriptor {
                label: Some("dispatch time"),
                ty: wgpu::QueryType::Timestamp,
                count: 2,
            });
            let resolved = buffer("timestamps", 16, U::QUERY_RESOLVE | U::COPY_SRC);
            (queries, resolved)
        });
        let tick_seconds = f64::from(self.queue.get_timestamp_period()) * 1e-9;
        if let Some(e) = pollster::block_on(oom_scope.pop()) {
            return Err(Error::new(format!(
                "the GPU is out of memory for a tile of {tile} instances ({} MiB): {e}",
                (tile as u64 * BYTES_PER_INSTANCE) >> 20
            )));
        }
        let bind_group = self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("sweep"),
            layout: &self.layout,
            entries: &[
                wgpu::BindGroupEntry {
                    binding: 0,
                    resource: uniform_buffer.as_entire_binding(),
                },
                wgpu::BindGroupEntry {
                    binding: 1,
                    resource: axis_buffer.as_entire_binding(),
                },
                wgpu::BindGroupEntry {
                    binding: 2,
                    resource: records.as_entire_binding(),
                },
                wgpu::BindGroupEntry {
                    binding: 3,
                    resource: states.as_entire_binding(),
                },
                wgpu::BindGroupEntry {
                    binding: 4,
                    resource: active.as_entire_binding(),
                },
            ],
        });

        phases.upload_seconds = upload_started.elapsed().as_secs_f64();
        let mut finished = Records::with_capacity(plan);
        let mut executed = 0u64;
        let mut k = 8u32; // steps per dispatch; adapts below
        let max_groups = self.limits.max_compute_workgroups_per_dimension;
        let mut offset = 0;
        while offset < total {
            let count = tile_len.min(total - offset);
            let mut busy = Duration::ZERO;
            let groups = (count as u32).div_ceil(self.workgroup_size);
            let (gx, gy) = (groups.min(max_groups), groups.div_ceil(max_groups));
            uniform.tile_offset = offset as u32;
            uniform.tile_count = count as u32;
            uniform.until = 0;
            uniform.init = 1;
            loop {
                let before = uniform.until;
                uniform.until = (uniform.until + k).min(plan.steps);
                self.queue
                    .write_buffer(&uniform_buffer, 0, bytemuck::bytes_of(&uniform));
                let mut encoder = self.device.create_command_encoder(&Default::default());
                encoder.clear_buffer(&active, 0, None);
                {
                    let mut pass = encoder.begin_compute_pass(&wgpu::ComputePassDescriptor {
                        label: Some("sweep"),
                        timestamp_writes: timer.as_ref().map(|(queries, _)| {
                            wgpu::ComputePassTimestampWrites {
                                query_set: queries,
                                beginning_of_pass_write_index: Some(0),
                                end_of_pass_write_index: Some(1),
                            }
                        }),
                    });
                    pass.set_pipeline(&pipeline);
                    pass.set_bind_group(0, &bind_group, &[]);
                    pass.dispatch_workgroups(gx, gy, 1);
                }
                encoder.copy_buffer_to_buffer(&active, 0, &active_readback, 0, 16);
                if let Some((queries, resolved)) = &timer {
                    encoder.resolve_query_set(queries, 0..2, resolved, 0);
                    encoder.copy_buffer_to_buffer(resolved, 0, &active_readback, 16, 16);
                }
                let started = Instant::now();
                self.queue.submit([encoder.finish()]);
                let back = self.read(&active_readback, if timer.is_some() { 32 } else { 4 })?;
                let running = u32::from_le_bytes(back[..4].try_into().unwrap());
                if timer.is_some() {
                    let stamp =
                        |at: usize| u64::from_le_bytes(back[at..at + 8].try_into().unwrap());
                    let ticks = stamp(24).saturating_sub(stamp(16));
                    *phases.gpu_compute_seconds.get_or_insert(0.0) += ticks as f64 * tick_seconds;
                }
                let elapsed = started.elapsed();
                busy += elapsed;
                progress.advance(count as u64 * u64::from(uniform.until - before));
                uniform.init = 0;
                if running == 0 || uniform.until >= plan.steps {
                    break;
                }
                // Aim the next dispatch at the target time, growing at most 4× at once.
                let ratio = self.dispatch_target.as_secs_f64() / elapsed.as_secs_f64().max(1e-6);
                k = ((f64::from(k) * ratio.clamp(0.25, 4.0)) as u32).clamp(1, 1 << 16);
            }
            phases.compute_seconds += busy.as_secs_f64();
            let readback_started = Instant::now();
            let mut encoder = self.device.create_command_encoder(&Default::default());
            encoder.copy_buffer_to_buffer(&records, 0, &readback, 0, count as u64 * record_size);
            self.queue.submit([encoder.finish()]);
            let bytes = self.read(&readback, count as u64 * record_size)?;
            let recs: &[GpuRecord] = bytemuck::cast_slice(&bytes);
            let steps_before = executed;
            for r in recs {
                executed += u64::from(r.t);
                finished.push(Outcome {
                    x: f64::from(r.x),
                    y: f64::from(r.y),
                    loss: f64::from(plan.objective.value(r.x, r.y)),
                    steps: r.steps,
                    status: Status::from_code(r.status),
                });
            }
            phases.readback_seconds += readback_started.elapsed().as_secs_f64();
            // Size the next tile from this one's speed (instance-steps per second of dispatch).
            let rate = (executed - steps_before) as f64 / busy.as_secs_f64().max(1e-6);
            let wanted = rate * self.dispatch_target.as_secs_f64() / f64::from(STEPS_PER_DISPATCH);
            tile_len = (wanted as usize).clamp(MIN_TILE.min(tile), tile);
            offset += count;
            tiles += 1;
        }
        self.last_tiling = (tile, tiles);
        self.check_failure()?;
        let assemble_started = Instant::now();
        finished.steps_executed = executed;
        finished.label_basins(plan);
        phases.readback_seconds += assemble_started.elapsed().as_secs_f64();
        self.phases = phases;
        Ok(finished)
    }
}
