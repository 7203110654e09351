//! One sweep from spec to files: plan, run an engine, render, write. The library entry point the
//! CLI calls.

use crate::engine::{Engine, Progress, RunInfo};
use crate::error::Result;
use crate::model::objective::Minimum;
use crate::output::maps::{self, ColourScale};
use crate::output::{prepare_dir, write_atomic, write_png, write_result_npz};
use crate::records::{Records, Stats};
use crate::spec::plan::Plan;
use crate::spec::sweep::SweepSpec;
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
    /// steps.png: converged step counts (log10 when `log`).
    pub steps: ColourScale,
    /// loss.png: f − f*, log10.
    pub loss: ColourScale,
}

/// A finished sweep: its plan, records and summary.
pub struct Finished {
    pub plan: Plan,
    pub records: Records,
    pub summary: Summary,
}

/// Validates `spec`, runs it on `engine`, and returns the records with their summary.
pub fn run(spec: &SweepSpec, engine: &mut dyn Engine, progress: &dyn Progress) -> Result<Finished> {
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

/// Writes the maps, `result.npz` and `summary.json` of an outcome into `dir`.
pub fn write_outputs(outcome: &mut Finished, dir: &Path) -> Result<()> {
    prepare_dir(dir)?;
    let r = &outcome.records;
    let s = &mut outcome.summary;
    let scales = &s.colour_scales;
    write_png(
        &dir.join("basins.png"),
        &maps::basin_map(r, &outcome.plan.minima),
    )?;
    write_png(&dir.join("steps.png"), &maps::steps_map(r, &scales.steps))?;
    write_png(
        &dir.join("loss.png"),
        &maps::loss_map(r, &scales.loss, s.global_min_value),
    )?;
    let row = crate::output::figure::Row {
        label: String::new(),
        spec: &s.spec,
        plan: &outcome.plan,
        records: r,
    };
    let figure = crate::output::figure::draw(
        &[row],
        &crate::output::figure::title(&s.spec),
        &scales.steps,
        &scales.loss,
    )?;
    write_png(&dir.join("figure.png"), &figure)?;
    let [xs, ys] = &outcome.plan.axis_values;
    write_result_npz(&dir.join("result.npz"), r, xs, ys)?;
    s.files = [
        "basins.png",
        "steps.png",
        "loss.png",
        "result.npz",
        "summary.json",
    ]
    .map(String::from)
    .to_vec();
    s.files.push("spec.toml".into());
    let toml = toml::to_string(&s.spec)
        .map_err(|e| crate::Error::new(format!("cannot encode spec.toml: {e}")))?;
    let header =
        "# The complete spec of this run: `optgrid sweep --config spec.toml` repeats it.\n";
    write_atomic(&dir.join("spec.toml"), format!("{header}{toml}").as_bytes())?;
    let json = serde_json::to_vec_pretty(&*s)
        .map_err(|e| crate::Error::new(format!("cannot encode summary.json: {e}")))?;
    write_atomic(&dir.join("summary.json"), &json)
}

/// One row of `sheet.json`.
#[derive(Debug, Clone, Serialize)]
pub struct SheetRow {
    pub label: String,
    pub dir: String,
    pub converged_fraction: f64,
    pub diverged_fraction: f64,
    pub unsettled_fraction: f64,
    pub median_steps: Option<f64>,
    pub instance_steps_per_second: f64,
}

/// `sheet.png` (every panel's maps, one row each, on shared colour scales) and `sheet.json` (a
/// table of the panels) in `dir`.
pub fn write_sheet(panels: &[(String, Finished)], dir: &Path) -> Result<()> {
    let mut steps = ColourScale {
        lo: f64::INFINITY,
        hi: f64::NEG_INFINITY,
        log: false,
    };
    let mut loss = ColourScale {
        lo: f64::INFINITY,
        hi: f64::NEG_INFINITY,
        log: true,
    };
    for (_, o) in panels {
        let c = &o.summary.colour_scales;
        steps.lo = steps.lo.min(c.steps.lo);
        steps.hi = steps.hi.max(c.steps.hi);
        loss.lo = loss.lo.min(c.loss.lo);
        loss.hi = loss.hi.max(c.loss.hi);
    }
    steps.log = steps.hi / steps.lo.max(1.0) >= 50.0;
    if steps.log {
        steps.lo = steps.lo.max(1.0);
    }
    let rows: Vec<crate::output::figure::Row> = panels
        .iter()
        .map(|(label, o)| crate::output::figure::Row {
            label: label.clone(),
            spec: &o.summary.spec,
            plan: &o.plan,
            records: &o.records,
        })
        .collect();
    let first = &panels[0].1.summary.spec;
    let quantity = panels[0].0.split('=').next().unwrap_or("panel");
    let heading = format!(
        "{} on {}: one row per {quantity}",
        first.optimizer.name(),
        first.objective.name()
    );
    let heading = if quantity == "opt" {
        format!("optimizers on {}", first.objective.name())
    } else {
        heading
    };
    write_png(
        &dir.join("sheet.png"),
        &crate::output::figure::draw(&rows, &heading, &steps, &loss)?,
    )?;
    let table: Vec<SheetRow> = panels
        .iter()
        .map(|(label, o)| {
            let st = &o.summary.stats;
            SheetRow {
                label: label.clone(),
                dir: label.clone(),
                converged_fraction: st.converged_fraction,
                diverged_fraction: st.diverged_fraction,
                unsettled_fraction: st.unsettled_fraction,
                median_steps: st.steps_percentiles.p50,
                instance_steps_per_second: o.summary.instance_steps_per_second,
            }
        })
        .collect();
    let json = serde_json::to_vec_pretty(&table)
        .map_err(|e| crate::Error::new(format!("cannot encode sheet.json: {e}")))?;
    write_atomic(&dir.join("sheet.json"), &json)
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
        "{} on {}, {} backend ({}, {}): {}, {}×{} instances × {} steps in {:.2} s ({:.3e} instance-steps/s).\n\
         Converged {}{}, not converged {}, diverged {}.\n\
         Wrote figure.png, basins.png, steps.png, loss.png, result.npz, summary.json and spec.toml to {}",
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
