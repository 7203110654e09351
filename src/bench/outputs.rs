//! What a sweep costs after the engine: basin labels, statistics, `result.npz`, each PNG and
//! the figure, per instance, on the CPU engine (`optgrid bench --outputs`).

use crate::engine::cpu::CpuEngine;
use crate::engine::Silent;
use crate::error::Result;
use crate::model::objective::ObjectiveKind;
use crate::model::optimizer::Optimizer;
use crate::output::summary::OutputSeconds;
use crate::output::Outputs;
use crate::spec::sweep::{Precision, SweepSpec};
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

/// The split of one map's output cost.
#[derive(Debug, Clone, Serialize)]
pub struct OutputCost {
    pub instances: usize,
    /// The engine's wall time (one step per instance: the outputs dominate).
    pub engine_seconds: f64,
    pub labels_seconds: f64,
    pub writer: OutputSeconds,
}

impl OutputCost {
    /// Everything after the engine, per instance, in nanoseconds.
    fn ns_per_instance(&self) -> f64 {
        1e9 * (self.labels_seconds + self.writer.total) / self.instances as f64
    }
}

/// Sweeps Himmelblau at `res`² for one step and writes every output into `dir`, `reps` times
/// (the first warms the page cache and the allocator); returns each repetition's split.
pub fn measure_outputs(res: u32, reps: usize, dir: &Path) -> Result<Vec<OutputCost>> {
    let mut spec = SweepSpec::new(ObjectiveKind::Himmelblau, Optimizer::Adam);
    spec.res = [res, res];
    spec.steps = 1;
    spec.set("lr", 0.05);
    let mut engine = CpuEngine::new(Precision::F32);
    crate::output::prepare_dir(dir)?;
    let mut costs = Vec::new();
    for _ in 0..reps {
        let done = crate::run::run_to_dir(&spec, &mut engine, &Silent, dir, Outputs::ALL)?;
        // Labels are made by the engine as records leave it: timed here on a block's worth.
        let (_, plan) = crate::run::plan(&spec)?;
        let n = plan.instances().min(crate::records::BLOCK_INSTANCES);
        let mut block = crate::engine::Engine::run_job(
            &mut engine,
            &crate::engine::Job::new(&plan).instances(0..n),
        )?;
        let t = Instant::now();
        block.label_basins(&plan);
        let labels = t.elapsed().as_secs_f64() * plan.instances() as f64 / n as f64;
        costs.push(OutputCost {
            instances: plan.instances(),
            engine_seconds: done.summary.wall_seconds,
            labels_seconds: labels,
            writer: done.summary.output_seconds.unwrap_or_default(),
        });
    }
    Ok(costs)
}

/// A table of the splits, nanoseconds per instance.
pub fn outputs_table(costs: &[OutputCost]) -> String {
    let mut s = String::from(
        "| run | engine | labels | stats | npz | basins.png | steps.png | loss.png | figure | after the engine (wall) |\n|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for (i, c) in costs.iter().enumerate() {
        let ns = |sec: f64| format!("{:.1}", 1e9 * sec / c.instances as f64);
        let w = &c.writer;
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | **{:.1}** |\n",
            i + 1,
            ns(c.engine_seconds),
            ns(c.labels_seconds),
            ns(w.stats),
            ns(w.npz),
            ns(w.basins_png),
            ns(w.steps_png),
            ns(w.loss_png),
            ns(w.figure),
            c.ns_per_instance()
        ));
    }
    s
}
