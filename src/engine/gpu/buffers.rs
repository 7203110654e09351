//! One run's GPU buffers, sized for a tile, and one dispatch over them.

use super::layout::{self, GpuRecord, GpuRecord64, Sizes, SweepUniform, SweepUniform64};
use crate::error::{Error, Result};
use crate::model::optimizer::Optimizer;
use crate::records::Outcome;
use crate::spec::plan::Plan;
use crate::spec::sweep::Precision;
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};
use wgpu::util::DeviceExt;

/// The first error the device reported (uncaptured error or device lost), if any.
pub type Failure = Arc<Mutex<Option<String>>>;

/// The device and queue, with the failure slot their callbacks fill.
pub struct Gpu<'a> {
    pub device: &'a wgpu::Device,
    pub queue: &'a wgpu::Queue,
    pub failure: &'a Failure,
}

impl Gpu<'_> {
    pub fn check_failure(&self) -> Result<()> {
        match self.failure.lock().unwrap().clone() {
            Some(e) => Err(Error::internal(format!("the GPU failed mid-run: {e}"))),
            None => Ok(()),
        }
    }

    /// Waits for a mapped read of `buffer` and returns its bytes.
    pub fn read(&self, buffer: &wgpu::Buffer, bytes: u64) -> Result<Vec<u8>> {
        let (tx, rx) = mpsc::channel();
        buffer.map_async(wgpu::MapMode::Read, 0..bytes, move |r| {
            let _ = tx.send(r);
        });
        self.device
            .poll(wgpu::PollType::wait_indefinitely())
            .map_err(|e| Error::internal(format!("the GPU failed mid-run: {e}")))?;
        self.check_failure()?;
        rx.recv()
            .map_err(|_| Error::internal("the GPU failed mid-run: readback never completed"))?
            .map_err(|e| {
                Error::internal(format!("the GPU failed mid-run: readback failed: {e}"))
            })?;
        let data = buffer
            .get_mapped_range(0..bytes)
            .map_err(|e| Error::internal(format!("the GPU failed mid-run: {e}")))?
            .to_vec();
        buffer.unmap();
        Ok(data)
    }
}

/// What one dispatch reports.
pub struct Dispatched {
    /// Instances still running afterwards.
    pub running: u32,
    /// Host time from submit to the count's readback.
    pub elapsed: Duration,
    /// The GPU's own time in the pass, where the adapter has timestamps.
    pub gpu_seconds: Option<f64>,
}

/// Buffers for tiles of up to `capacity` instances in one precision, and their bind group.
pub struct TileBuffers {
    pub capacity: usize,
    precision: Precision,
    sizes: Sizes,
    /// The f64 kernel's uniform but for the tile fields (taken from the f32 one per dispatch).
    wide: Option<SweepUniform64>,
    uniform: wgpu::Buffer,
    records: wgpu::Buffer,
    readback: wgpu::Buffer,
    /// The trainability score's sums, and their readback copy when the plan asks for them.
    scores: wgpu::Buffer,
    scores_readback: Option<wgpu::Buffer>,
    /// The optimizer states, and their readback copy where the state counts evaluations
    /// (L-BFGS's).
    states: wgpu::Buffer,
    states_readback: Option<wgpu::Buffer>,
    active: wgpu::Buffer,
    /// Bytes 0..4: the running count; 16..32: the pass's start and end timestamps.
    active_readback: wgpu::Buffer,
    timer: Option<(wgpu::QuerySet, wgpu::Buffer)>,
    bind_group: wgpu::BindGroup,
}

impl TileBuffers {
    /// Allocates the buffers and uploads the axis tables; an out-of-memory device is a clear
    /// error naming the tile's size.
    pub fn new(
        gpu: &Gpu,
        bind_group_layout: &wgpu::BindGroupLayout,
        plan: &Plan,
        capacity: usize,
        timestamps: bool,
        precision: Precision,
    ) -> Result<TileBuffers> {
        let device = gpu.device;
        let sizes = Sizes::for_plan(precision, plan);
        let oom_scope = device.push_error_scope(wgpu::ErrorFilter::OutOfMemory);
        let table = match precision {
            Precision::F32 => bytemuck::cast_slice(&layout::axis_table::<f32>(plan)).to_vec(),
            Precision::F64 => bytemuck::cast_slice(&layout::axis_table::<f64>(plan)).to_vec(),
        };
        let axis = device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
            label: Some("axis values"),
            contents: &table,
            usage: wgpu::BufferUsages::STORAGE,
        });
        let buffer = |label, size, usage| {
            device.create_buffer(&wgpu::BufferDescriptor {
                label: Some(label),
                size,
                usage,
                mapped_at_creation: false,
            })
        };
        use wgpu::BufferUsages as U;
        let tile = capacity as u64;
        let uniform = buffer("sweep", sizes.uniform, U::UNIFORM | U::COPY_DST);
        let records = buffer("records", tile * sizes.record, U::STORAGE | U::COPY_SRC);
        let counted = sizes.state_readback > 0;
        let states = buffer(
            "states",
            tile * sizes.state,
            if counted {
                U::STORAGE | U::COPY_SRC
            } else {
                U::STORAGE
            },
        );
        let states_readback = counted.then(|| {
            buffer(
                "states readback",
                tile * sizes.state_readback,
                U::MAP_READ | U::COPY_DST,
            )
        });
        let scores_size = if plan.trainability {
            tile * sizes.scores
        } else {
            sizes.scores
        };
        let scores = buffer("scores", scores_size, U::STORAGE | U::COPY_SRC);
        // A word of the precision where the rule keeps no history (a binding needs a buffer).
        let history = buffer("history", (tile * sizes.history).max(8), U::STORAGE);
        let scores_readback = plan
            .trainability
            .then(|| buffer("scores readback", scores_size, U::MAP_READ | U::COPY_DST));
        let readback = buffer(
            "records readback",
            tile * sizes.record,
            U::MAP_READ | U::COPY_DST,
        );
        let active = buffer("active count", 16, U::STORAGE | U::COPY_SRC | U::COPY_DST);
        let active_readback = buffer("active readback", 32, U::MAP_READ | U::COPY_DST);
        let timer = timestamps.then(|| {
            let queries = device.create_query_set(&wgpu::QuerySetDescriptor {
                label: Some("dispatch time"),
                ty: wgpu::QueryType::Timestamp,
                count: 2,
            });
            let resolved = buffer("timestamps", 16, U::QUERY_RESOLVE | U::COPY_SRC);
            (queries, resolved)
        });
        if let Some(e) = pollster::block_on(oom_scope.pop()) {
            return Err(Error::resource(format!(
                "the GPU is out of memory for a tile of {capacity} instances ({} MiB): {e}",
                (tile * sizes.per_instance()) >> 20
            )));
        }
        let mut resources = [None; layout::BINDINGS.len()];
        resources[layout::SWEEP] = Some(&uniform);
        resources[layout::AXIS] = Some(&axis);
        resources[layout::RECORDS] = Some(&records);
        resources[layout::STATES] = Some(&states);
        resources[layout::RUNNING_COUNT] = Some(&active);
        resources[layout::SCORES] = Some(&scores);
        resources[layout::HISTORY] = Some(&history);
        let entries: Vec<wgpu::BindGroupEntry> = resources
            .iter()
            .enumerate()
            .map(|(k, b)| wgpu::BindGroupEntry {
                binding: k as u32,
                resource: b.expect("every binding has its buffer").as_entire_binding(),
            })
            .collect();
        let bind_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("sweep"),
            layout: bind_group_layout,
            entries: &entries,
        });
        Ok(TileBuffers {
            capacity,
            precision,
            sizes,
            wide: (precision == Precision::F64)
                .then(|| SweepUniform64::widened(&SweepUniform::for_plan(plan), plan)),
            uniform,
            records,
            readback,
            scores,
            scores_readback,
            states,
            states_readback,
            active,
            active_readback,
            timer,
            bind_group,
        })
    }

    /// Writes the uniform, runs one dispatch of the `(x, y)` workgroup grid and reads back how
    /// many instances are still running (and the pass's GPU time).
    pub fn dispatch(
        &self,
        gpu: &Gpu,
        pipeline: &wgpu::ComputePipeline,
        uniform: &SweepUniform,
        grid: (u32, u32),
    ) -> Result<Dispatched> {
        match &self.wide {
            None => gpu
                .queue
                .write_buffer(&self.uniform, 0, bytemuck::bytes_of(uniform)),
            Some(wide) => {
                let mut w = *wide;
                (w.tile_offset, w.tile_count, w.until, w.init) = (
                    uniform.tile_offset,
                    uniform.tile_count,
                    uniform.until,
                    uniform.init,
                );
                gpu.queue
                    .write_buffer(&self.uniform, 0, bytemuck::bytes_of(&w));
            }
        }
        let mut encoder = gpu.device.create_command_encoder(&Default::default());
        encoder.clear_buffer(&self.active, 0, None);
        {
            let mut pass = encoder.begin_compute_pass(&wgpu::ComputePassDescriptor {
                label: Some("sweep"),
                timestamp_writes: self.timer.as_ref().map(|(queries, _)| {
                    wgpu::ComputePassTimestampWrites {
                        query_set: queries,
                        beginning_of_pass_write_index: Some(0),
                        end_of_pass_write_index: Some(1),
                    }
                }),
            });
            pass.set_pipeline(pipeline);
            pass.set_bind_group(0, &self.bind_group, &[]);
            pass.dispatch_workgroups(grid.0, grid.1, 1);
        }
        encoder.copy_buffer_to_buffer(&self.active, 0, &self.active_readback, 0, 16);
        if let Some((queries, resolved)) = &self.timer {
            encoder.resolve_query_set(queries, 0..2, resolved, 0);
            encoder.copy_buffer_to_buffer(resolved, 0, &self.active_readback, 16, 16);
        }
        let started = Instant::now();
        gpu.queue.submit([encoder.finish()]);
        let back = gpu.read(
            &self.active_readback,
            if self.timer.is_some() { 32 } else { 4 },
        )?;
        let elapsed = started.elapsed();
        let running = u32::from_le_bytes(back[..4].try_into().unwrap());
        let gpu_seconds = self.timer.as_ref().map(|_| {
            let stamp = |at: usize| u64::from_le_bytes(back[at..at + 8].try_into().unwrap());
            let ticks = stamp(24).saturating_sub(stamp(16));
            ticks as f64 * f64::from(gpu.queue.get_timestamp_period()) * 1e-9
        });
        Ok(Dispatched {
            running,
            elapsed,
            gpu_seconds,
        })
    }

    /// Copies the first `count` records of the tile back to the host, with the trainability
    /// sums where the plan asks for them and L-BFGS's evaluation counts: each instance's
    /// outcome and the steps it took.
    pub fn read_outcomes(
        &self,
        gpu: &Gpu,
        plan: &Plan,
        count: usize,
    ) -> Result<Vec<(Outcome, u32)>> {
        let records = self.read(gpu, &self.records, &self.readback, count, self.sizes.record)?;
        let scores = match &self.scores_readback {
            Some(back) => Some(self.read(gpu, &self.scores, back, count, self.sizes.scores)?),
            None => None,
        };
        let mut outcomes: Vec<(Outcome, u32)> = match self.precision {
            Precision::F32 => {
                let r: Vec<GpuRecord> = bytemuck::pod_collect_to_vec(&records);
                let s: Option<Vec<[f32; 4]>> = scores.map(|b| bytemuck::pod_collect_to_vec(&b));
                r.iter()
                    .enumerate()
                    .map(|(k, r)| (r.outcome(plan, s.as_ref().map(|s| s[k])), r.t))
                    .collect()
            }
            Precision::F64 => {
                let r: Vec<GpuRecord64> = bytemuck::pod_collect_to_vec(&records);
                let s: Option<Vec<[f64; 4]>> = scores.map(|b| bytemuck::pod_collect_to_vec(&b));
                r.iter()
                    .enumerate()
                    .map(|(k, r)| (r.outcome(plan, s.as_ref().map(|s| s[k])), r.t))
                    .collect()
            }
        };
        if let Some(back) = &self.states_readback {
            let states = self.read(gpu, &self.states, back, count, self.sizes.state)?;
            let word = Optimizer::Lbfgs
                .info()
                .state
                .iter()
                .find(|f| f.name == "func_evals")
                .expect("L-BFGS's state counts its evaluations")
                .offset;
            for ((o, _), s) in outcomes
                .iter_mut()
                .zip(states.chunks_exact(self.sizes.state as usize))
            {
                let count = match self.precision {
                    Precision::F32 => f64::from(f32::from_le_bytes(
                        s[4 * word..4 * word + 4].try_into().unwrap(),
                    )),
                    Precision::F64 => {
                        f64::from_le_bytes(s[8 * word..8 * word + 8].try_into().unwrap())
                    }
                };
                o.evaluations = count.min(f64::from(i32::MAX)) as i32;
            }
        }
        Ok(outcomes)
    }

    /// The first `count` items of `size` bytes of `buffer`, through its readback copy `back`.
    fn read(
        &self,
        gpu: &Gpu,
        buffer: &wgpu::Buffer,
        back: &wgpu::Buffer,
        count: usize,
        size: u64,
    ) -> Result<Vec<u8>> {
        let bytes = count as u64 * size;
        let mut encoder = gpu.device.create_command_encoder(&Default::default());
        encoder.copy_buffer_to_buffer(buffer, 0, back, 0, bytes);
        gpu.queue.submit([encoder.finish()]);
        gpu.read(back, bytes)
    }
}
