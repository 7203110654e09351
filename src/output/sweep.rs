//! The files of one sweep held in memory (maps, figure, `result.npz`, `spec.toml`,
//! `summary.json`) and of a panel sweep's contact sheet (`sheet.png`, `sheet.json`).

use super::maps::ColourScale;
use super::summary::Summary;
use super::writer::MapWriter;
use super::{prepare_dir, write_atomic, write_png, Outputs};
use crate::error::Result;
use crate::output::figure::{changed, titled};
use crate::records::Records;
use crate::spec::plan::Plan;
use image::RgbImage;
use serde::Serialize;
use std::path::Path;

/// A finished map held in memory, as its files need it (what `run::Finished` holds).
#[derive(Clone, Copy)]
pub struct Map<'a> {
    pub plan: &'a Plan,
    pub records: &'a Records,
    pub summary: &'a Summary,
}

/// `figure.png` of a finished map: its three maps, annotated.
pub fn figure(map: Map) -> Result<RgbImage> {
    super::figure::of_map(map.plan, map.records, map.summary)
}

/// Writes the maps, the figure, `result.npz`, `spec.toml` and `summary.json` of a map held in
/// memory into `dir`, through the streaming writer; returns the summary with its files named.
pub fn write_outputs(map: Map, dir: &Path) -> Result<Summary> {
    prepare_dir(dir)?;
    let mut writer = MapWriter::create(dir, map.plan, Outputs::ALL)?;
    writer.push_all(map.records)?;
    let summary = map.summary.clone();
    Ok(writer.finish(|_| summary)?.0)
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
pub fn sheet_figure(panels: &[(&str, Map)]) -> Result<RgbImage> {
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
            label: label.to_string(),
            spec: &o.summary.spec,
            plan: o.plan,
            records: o.records,
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
    crate::output::figure::draw(&rows, &heading, &steps, &loss, None)
}

/// `sheet.png` ([`sheet_figure`]) and `sheet.json` (a table of the panels) in `dir`.
pub fn write_sheet(panels: &[(&str, Map)], dir: &Path) -> Result<()> {
    write_png(&dir.join("sheet.png"), &sheet_figure(panels)?)?;
    let table: Vec<SheetRow> = panels
        .iter()
        .map(|(label, o)| {
            let st = &o.summary.stats;
            SheetRow {
                label: label.to_string(),
                dir: label.to_string(),
                converged_fraction: st.converged_fraction,
                diverged_fraction: st.diverged_fraction,
                unsettled_fraction: st.unsettled_fraction,
                median_steps: st.steps_percentiles.p50,
                instance_steps_per_second: o.summary.instance_steps_per_second,
            }
        })
        .collect();
    let json = serde_json::to_vec_pretty(&table)
        .map_err(|e| crate::Error::internal(format!("cannot encode sheet.json: {e}")))?;
    write_atomic(&dir.join("sheet.json"), &json)
}
