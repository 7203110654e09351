//! One sweep from spec to records and summary: plan, run an engine, summarize. The library entry
//! point the CLI, the bench and the tests call; [`crate::output::sweep`] writes the files.

use crate::engine::{Cancel, Engine, Job, Progress};
use crate::error::Result;
use crate::output::maps;
use crate::output::summary::{ColourScales, Finished, Summary};
use crate::spec::plan::Plan;
use crate::spec::sweep::SweepSpec;
use std::time::Instant;

/// Validates `spec`, runs it on `engine`, and returns the records with their summary.
pub fn run(spec: &SweepSpec, engine: &mut dyn Engine, progress: &dyn Progress) -> Result<Finished> {
    run_cancellable(spec, engine, progress, Cancel::new())
}

/// [`run`], stopped early with a cancelled error once `cancel` is set.
pub fn run_cancellable(
    spec: &SweepSpec,
    engine: &mut dyn Engine,
    progress: &dyn Progress,
    cancel: Cancel,
) -> Result<Finished> {
    let mut spec = spec.clone();
    spec.complete();
    let plan = Plan::from_spec(&spec)?;
    let started = Instant::now();
    let records = engine.run_job(&Job::new(&plan).progress(progress).cancel(cancel))?;
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
        gradient: spec
            .objective
            .formula_objective()
            .map(|f| f.formula.gradient_text()),
        capture_radius: plan.capture_radius,
        global_min_value,
        colour_scales: ColourScales {
            steps: maps::steps_scale(&records),
            loss: maps::loss_scale(&records, global_min_value),
        },
        files: Vec::new(),
        spec,
        run,
    };
    Ok(Finished {
        plan,
        records,
        summary,
    })
}
