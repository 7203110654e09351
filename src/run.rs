//! One sweep from spec to files: plan, run an engine, render, write. The library entry point the
//! CLI calls.

use crate::engine::{Engine, Progress, RunInfo};
use crate::error::Result;
use crate::objective::Minimum;
use crate::output::{prepare_dir, result_npz, write_atomic, write_png};
use crate::plan::Plan;
use crate::records::{Records, Stats};
use crate::render::{self, ColourScale};
use crate::sweep::SweepSpec;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

/// `summary.json`: everything a script needs to know about a finished sweep.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub optgrid_version: &'static str,
    /// The complete spec: feed it back (as a config) to repeat the run.
    pub spec: SweepSpec,
    pub run: RunInfo,
    pub width: usize,
    pub height: usize,
    /// Sweep wall time: upload, compute and readback (shader compilation excluded).
    pub wall_seconds: f64,
    /// Steps executed, summed over instances.
    pub instance_steps: u64,
    pub instance_steps_per_second: f64,
    pub stats: Stats,
    /// The known minima of the objective; `basin` in `result.npz` indexes this list.
    pub minima: Vec<Minimum>,
    pub capture_radius: f64,
    pub global_min_value: f64,
    /// The value ranges the continuous maps' colours span.
    pub colour_scales: ColourScales,
    pub files: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ColourScales {
    /// steps.png: converged step counts, linear.
    pub steps: ColourScale,
    /// loss.png: f − f*, log10.
    pub loss: ColourScale,
}

/// The result of running a spec: its plan, records and timings.
pub struct Outcome {
    pub plan: Plan,
    pub records: Records,
    pub summary: Summary,
}

/// Validates `spec`, runs it on `engine`, and returns the records with their summary.
pub fn run(spec: &SweepSpec, engine: &mut dyn Engine, progress: &dyn Progress) -> Result<Outcome> {
    let mut spec = spec.clone();
    spec.complete();
    let plan = spec.plan()?;
    let started = Instant::now();
    let records = engine.run(&plan, progress)?;
    let run = engine.info();
    let wall = (started.elapsed().as_secs_f64() - run.compile_seconds).max(0.0);
    let global_min_value = plan.global_value();
    let summary = Summary {
        optgrid_version: env!("CARGO_PKG_VERSION"),
        width: plan.width(),
        height: plan.height(),
        wall_seconds: wall,
        instance_steps: records.steps_executed,
        instance_steps_per_second: records.steps_executed as f64 / wall.max(1e-9),
        stats: records.stats(&plan.minima),
        minima: plan.minima.clone(),
        capture_radius: plan.capture_radius,
        global_min_value,
        colour_scales: ColourScales {
            steps: render::steps_scale(&records),
            loss: render::loss_scale(&records, global_min_value),
        },
        files: Vec::new(),
        spec,
        run,
    };
    Ok(Outcome {
        plan,
        records,
        summary,
    })
}

/// Writes the maps, `result.npz` and `summary.json` of an outcome into `dir`.
pub fn write_outputs(outcome: &mut Outcome, dir: &Path) -> Result<()> {
    prepare_dir(dir)?;
    let r = &outcome.records;
    let s = &mut outcome.summary;
    let scales = &s.colour_scales;
    write_png(
        &dir.join("basins.png"),
        &render::basin_map(r, &outcome.plan.minima),
    )?;
    write_png(&dir.join("steps.png"), &render::steps_map(r, &scales.steps))?;
    write_png(
        &dir.join("loss.png"),
        &render::loss_map(r, &scales.loss, s.global_min_value),
    )?;
    let row = crate::figure::Row {
        label: String::new(),
        spec: &s.spec,
        plan: &outcome.plan,
        records: r,
    };
    let figure = crate::figure::draw(
        &[row],
        &crate::figure::title(&s.spec),
        &scales.steps,
        &scales.loss,
    )?;
    write_png(&dir.join("figure.png"), &figure)?;
    let [xs, ys] = &outcome.plan.axis_values;
    write_atomic(&dir.join("result.npz"), &result_npz(r, xs, ys)?)?;
    s.files = [
        "basins.png",
        "steps.png",
        "loss.png",
        "result.npz",
        "summary.json",
    ]
    .map(String::from)
    .to_vec();
    let json = serde_json::to_vec_pretty(&*s)
        .map_err(|e| crate::Error::new(format!("cannot encode summary.json: {e}")))?;
    write_atomic(&dir.join("summary.json"), &json)
}

/// The paragraph printed after a sweep: where the files are, what happened, how fast.
pub fn closing_paragraph(s: &Summary, dir: &Path) -> String {
    let st = &s.stats;
    let pct = |f: f64| format!("{:.1}%", 100.0 * f);
    let median = st
        .steps_percentiles
        .p50
        .map(|m| format!(", median {m} steps to converge"))
        .unwrap_or_default();
    format!(
        "{} × {} on {} ({} {}): {} {}×{} instances × {} steps in {:.2} s ({:.3e} instance-steps/s).\n\
         Converged {}{}, not converged {}, diverged {}.\n\
         Wrote figure.png, basins.png, steps.png, loss.png, result.npz and summary.json to {}",
        s.spec.optimizer.name(),
        s.spec.objective.name(),
        s.run.backend,
        s.run.device,
        s.run.precision,
        s.spec.x.quantity.clone() + " × " + &s.spec.y.quantity,
        s.width,
        s.height,
        s.spec.steps,
        s.wall_seconds,
        s.instance_steps_per_second,
        pct(st.converged_fraction),
        median,
        pct(st.not_converged as f64 / st.instances.max(1) as f64),
        pct(st.diverged_fraction),
        dir.display()
    )
}
