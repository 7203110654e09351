//! One sweep from spec to records and summary: plan, run an engine, summarize. The library entry
//! point the CLI, the bench and the tests call. [`run`] keeps the records in memory (the viewer,
//! Python); [`run_to_dir`] streams them into the files block by block, so a map of any size
//! needs memory for one block; [`crate::shard`] runs a row block of a map.

use crate::engine::{Cancel, Engine, Job, Phases, Progress, RunInfo};
use crate::error::Result;
use crate::output::maps;
use crate::output::summary::{ColourScales, Summary};
use crate::output::sweep::Map;
use crate::output::writer::MapWriter;
use crate::output::Outputs;
use crate::records::{block_rows, Records, Tally};
use crate::spec::plan::Plan;
use crate::spec::sweep::{SweepSpec, MAX_IN_MEMORY};
use std::ops::Range;
use std::path::Path;
use std::time::Instant;

/// A finished sweep: its plan, records and summary.
pub struct Finished {
    pub plan: Plan,
    /// Every instance's record — or, for a sweep written straight to disk ([`run_to_dir`]),
    /// the figure's downsampled preview.
    pub records: Records,
    pub summary: Summary,
}

impl Finished {
    /// The map as its files see it.
    pub fn map(&self) -> Map<'_> {
        Map {
            plan: &self.plan,
            records: &self.records,
            summary: &self.summary,
        }
    }

    /// Writes its files into `dir`, as `optgrid sweep` does; the summary then names them.
    pub fn write(&mut self, dir: &Path) -> Result<()> {
        self.summary = crate::output::sweep::write_outputs(self.map(), dir)?;
        Ok(())
    }
}

/// Panels (label, finished map) as the sheet's writers take them.
pub fn maps(panels: &[(String, Finished)]) -> Vec<(&str, Map<'_>)> {
    panels.iter().map(|(l, f)| (l.as_str(), f.map())).collect()
}

/// Validates `spec`, runs it on `engine`, and returns the records with their summary.
pub fn run(spec: &SweepSpec, engine: &mut dyn Engine, progress: &dyn Progress) -> Result<Finished> {
    run_cancellable(spec, engine, progress, Cancel::new())
}

/// The completed spec and its plan; where every sweep starts (and a failure injected for the
/// tests surfaces: [`crate::error::injected_fault`]).
pub fn plan(spec: &SweepSpec) -> Result<(SweepSpec, Plan)> {
    crate::error::injected_fault()?;
    let mut spec = spec.clone();
    spec.complete();
    let plan = Plan::from_spec(&spec)?;
    Ok((spec, plan))
}

/// [`run`], stopped early with a cancelled error once `cancel` is set. Refuses maps over
/// [`MAX_IN_MEMORY`] instances: their records would not fit in memory.
pub fn run_cancellable(
    spec: &SweepSpec,
    engine: &mut dyn Engine,
    progress: &dyn Progress,
    cancel: Cancel,
) -> Result<Finished> {
    let (spec, plan) = plan(spec)?;
    if plan.instances() as u64 > MAX_IN_MEMORY {
        return Err(crate::Error::invalid(
            "resolution (--res)",
            format!("{}x{}", plan.width(), plan.height()),
            format!(
                "at most {MAX_IN_MEMORY} instances for a map held in memory; `optgrid sweep` writes larger maps to disk block by block"
            ),
        ));
    }
    let started = Instant::now();
    let records = engine.run_job(&Job::new(&plan).progress(progress).cancel(cancel))?;
    let run = engine.info();
    let wall = (started.elapsed().as_secs_f64() - run.compile_seconds).max(0.0);
    let mut tally = Tally::for_plan(&plan);
    tally.add(&records);
    let summary = summarize(spec, &plan, run, wall, records.steps_executed, &tally);
    Ok(Finished {
        plan,
        records,
        summary,
    })
}

/// The summary of a finished map from its statistics; no files yet.
pub fn summarize(
    spec: SweepSpec,
    plan: &Plan,
    run: RunInfo,
    wall: f64,
    instance_steps: u64,
    tally: &Tally,
) -> Summary {
    Summary {
        optgrid_version: env!("CARGO_PKG_VERSION"),
        width: plan.width(),
        height: plan.height(),
        wall_seconds: wall,
        instance_steps,
        instance_steps_per_second: instance_steps as f64 / wall.max(1e-9),
        stats: tally.stats(&plan.minima),
        minima: plan.minima.clone(),
        gradient: spec
            .objective
            .formula_objective()
            .map(|f| f.formula.gradient_text()),
        capture_radius: plan.capture_radius,
        global_min_value: plan.global_value(),
        colour_scales: ColourScales {
            steps: maps::steps_scale(tally),
            loss: maps::loss_scale(tally),
            trainability: tally.scores.as_ref().map(maps::RankScale::of),
        },
        files: Vec::new(),
        output_seconds: None,
        spec,
        run,
    }
}

/// Runs the rows `rows` of `plan` in blocks of about [`crate::records::BLOCK_INSTANCES`], handing each block,
/// labelled, to `sink` as soon as it is done. Returns what ran it, its wall time (compilation
/// excluded) and the steps executed.
pub fn run_blocks(
    plan: &Plan,
    rows: Range<usize>,
    engine: &mut dyn Engine,
    progress: &dyn Progress,
    cancel: &Cancel,
    mut sink: impl FnMut(Records) -> Result<()>,
) -> Result<(RunInfo, f64, u64)> {
    let width = plan.width();
    let per_block = block_rows(width);
    let mut engine_seconds = 0.0;
    let mut executed = 0;
    let mut phases = Phases::default();
    let mut compile_seconds = 0.0;
    let mut row = rows.start;
    while row < rows.end {
        let end = (row + per_block).min(rows.end);
        let started = Instant::now();
        let job = Job::new(plan)
            .instances(row * width..end * width)
            .progress(progress)
            .cancel(cancel.clone());
        let block = engine.run_job(&job)?;
        engine_seconds += started.elapsed().as_secs_f64();
        let info = engine.info();
        compile_seconds = info.compile_seconds;
        phases.upload_seconds += info.phases.upload_seconds;
        phases.compute_seconds += info.phases.compute_seconds;
        phases.readback_seconds += info.phases.readback_seconds;
        phases.gpu_compute_seconds =
            match (phases.gpu_compute_seconds, info.phases.gpu_compute_seconds) {
                (Some(a), Some(b)) => Some(a + b),
                (None, b) if row == rows.start => b,
                _ => None,
            };
        executed += block.steps_executed;
        sink(block)?;
        row = end;
    }
    let mut run = engine.info();
    run.phases = phases;
    let wall = (engine_seconds - compile_seconds).max(0.0);
    Ok((run, wall, executed))
}

/// Runs `spec` and writes its files into `dir` (which must exist) as it goes: memory for one
/// block of records, whatever the map's size. The returned outcome holds the figure's preview,
/// not every record.
pub fn run_to_dir(
    spec: &SweepSpec,
    engine: &mut dyn Engine,
    progress: &dyn Progress,
    dir: &Path,
    outputs: Outputs,
) -> Result<Finished> {
    let (spec, plan) = plan(spec)?;
    let mut writer = MapWriter::create(dir, &plan, outputs)?;
    let (run, wall, executed) = run_blocks(
        &plan,
        0..plan.height(),
        engine,
        progress,
        &Cancel::new(),
        |block| writer.push(block),
    )?;
    progress.stage(&outputs.describe());
    let (summary, records) =
        writer.finish(|tally| summarize(spec, &plan, run, wall, executed, tally))?;
    Ok(Finished {
        plan,
        records,
        summary,
    })
}
