//! The files of one sweep (maps, figure, `result.npz`, `spec.toml`, `summary.json`) and of a
//! panel sweep's contact sheet (`sheet.png`, `sheet.json`).

use super::maps::ColourScale;
use super::stream::{MapWriter, Outputs};
use super::summary::Finished;
use super::{prepare_dir, write_atomic, write_png};
use crate::error::Result;
use crate::output::figure::{changed, titled};
use crate::spec::sweep::SweepSpec;
use image::RgbImage;
use serde::Serialize;
use std::path::Path;

/// `figure.png` of a finished sweep: its three maps, annotated.
pub fn figure(outcome: &Finished) -> Result<RgbImage> {
    let s = &outcome.summary;
    let row = crate::output::figure::Row {
        label: String::new(),
        spec: &s.spec,
        plan: &outcome.plan,
        records: &outcome.records,
        stats: &s.stats,
    };
    crate::output::figure::draw(
        &[row],
        &crate::output::figure::title(&s.spec),
        &s.colour_scales.steps,
        &s.colour_scales.loss,
    )
}

/// `spec.toml`: the complete spec, as a config that repeats the run.
pub fn spec_toml(spec: &SweepSpec) -> Result<String> {
    let toml = toml::to_string(spec)
        .map_err(|e| crate::Error::new(format!("cannot encode spec.toml: {e}")))?;
    Ok(format!(
        "# The complete spec of this run: `optgrid sweep --config spec.toml` repeats it.\n{toml}"
    ))
}

/// Writes the maps, the figure, `result.npz`, `spec.toml` and `summary.json` of an outcome
/// held in memory into `dir`: the streaming writer, given the map block by block (a copy of
/// one block at a time, not of the map).
pub fn write_outputs(outcome: &mut Finished, dir: &Path) -> Result<()> {
    prepare_dir(dir)?;
    let r = &outcome.records;
    let mut writer = MapWriter::create(dir, &outcome.plan, Outputs::ALL)?;
    let per_block = crate::run::block_rows(r.width) * r.width;
    for start in r.range().step_by(per_block) {
        writer.push(r.part(start..(start + per_block).min(r.range().end)))?;
    }
    let summary = outcome.summary.clone();
    outcome.summary = writer.finish(|_| summary)?.0;
    Ok(())
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

/// `sheet.png` of a panel sweep: every panel's maps, one row each, on shared colour scales.
pub fn sheet_figure(panels: &[(String, Finished)]) -> Result<RgbImage> {
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
            stats: &o.summary.stats,
        })
        .collect();
    let first = &panels[0].1.summary.spec;
    let quantity = panels[0].0.split('=').next().unwrap_or("panel");
    // What every panel shares: for optimizer panels only what is not an optimizer's own.
    let optimizer_own = |name: &str| {
        panels
            .iter()
            .any(|(_, o)| o.summary.spec.optimizer.hyper(name).is_ok())
    };
    let heading = if quantity == "opt" {
        titled(
            &format!("optimizers on {}", first.objective.name()),
            &changed(first, |n| !optimizer_own(n)),
        )
    } else {
        format!(
            "{}: one row per {quantity}",
            titled(
                &format!("{} on {}", first.optimizer.name(), first.objective.name()),
                &changed(first, |n| n != quantity),
            )
        )
    };
    crate::output::figure::draw(&rows, &heading, &steps, &loss)
}

/// `sheet.png` ([`sheet_figure`]) and `sheet.json` (a table of the panels) in `dir`.
pub fn write_sheet(panels: &[(String, Finished)], dir: &Path) -> Result<()> {
    write_png(&dir.join("sheet.png"), &sheet_figure(panels)?)?;
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
