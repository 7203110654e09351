//! The outcome of every instance, and what is derived from it (basin labels, statistics).
//!
//! Engines produce [`Records`] and know nothing of images; the renderer and writers read them
//! and know nothing of engines.

use crate::instance::Status;
use crate::objective::Minimum;
use crate::plan::Plan;
use rayon::prelude::*;
use serde::Serialize;

/// `basin` value of an instance that settled near no known minimum.
pub const BASIN_UNSETTLED: i32 = -1;
/// `basin` value of a diverged instance.
pub const BASIN_DIVERGED: i32 = -2;

/// Per-instance results of one map, row-major, row `r` at `y_values[r]`.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub width: usize,
    pub height: usize,
    /// Final iterate (the last finite one for diverged instances), exact in the engine's
    /// precision (f32 results are widened without rounding).
    pub final_x: Vec<f64>,
    pub final_y: Vec<f64>,
    /// f at the final iterate, in the engine's precision.
    pub loss: Vec<f64>,
    /// First step at which the criterion held, −1 if never.
    pub steps: Vec<i32>,
    pub status: Vec<Status>,
    /// Index into the plan's minima, or [`BASIN_UNSETTLED`] / [`BASIN_DIVERGED`].
    pub basin: Vec<i32>,
    /// Steps actually executed, summed over instances (for instance-steps per second).
    pub steps_executed: u64,
}

/// One instance's outcome as an engine reports it, before labelling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub x: f64,
    pub y: f64,
    pub loss: f64,
    pub steps: i32,
    pub status: Status,
}

impl Records {
    /// Assembles records from per-instance outcomes, labelling each with its basin.
    pub fn from_outcomes(plan: &Plan, outcomes: &[Outcome], steps_executed: u64) -> Records {
        let basin = outcomes
            .par_iter()
            .map(|o| match o.status {
                Status::Diverged => BASIN_DIVERGED,
                _ => basin_label(&plan.minima, plan.capture_radius, o.x, o.y),
            })
            .collect();
        Records {
            width: plan.width(),
            height: plan.height(),
            final_x: outcomes.iter().map(|o| o.x).collect(),
            final_y: outcomes.iter().map(|o| o.y).collect(),
            loss: outcomes.iter().map(|o| o.loss).collect(),
            steps: outcomes.iter().map(|o| o.steps).collect(),
            status: outcomes.iter().map(|o| o.status).collect(),
            basin,
            steps_executed,
        }
    }

    pub fn len(&self) -> usize {
        self.status.len()
    }

    pub fn is_empty(&self) -> bool {
        self.status.is_empty()
    }

    /// Counts and shares per status, per basin, and step-count percentiles.
    pub fn stats(&self, minima: &[Minimum]) -> Stats {
        let n = self.len().max(1) as f64;
        let count = |s: Status| self.status.iter().filter(|&&x| x == s).count();
        let mut per_basin = vec![0usize; minima.len()];
        let mut unsettled = 0;
        for &b in &self.basin {
            match b {
                BASIN_UNSETTLED => unsettled += 1,
                BASIN_DIVERGED => {}
                b => per_basin[b as usize] += 1,
            }
        }
        let mut steps: Vec<i32> = self.steps.iter().copied().filter(|&s| s >= 0).collect();
        steps.sort_unstable();
        let percentile = |p: f64| -> Option<f64> {
            if steps.is_empty() {
                return None;
            }
            // Nearest-rank percentile.
            let rank = ((p / 100.0) * steps.len() as f64).ceil().max(1.0) as usize;
            Some(f64::from(steps[rank.min(steps.len()) - 1]))
        };
        Stats {
            instances: self.len(),
            converged: count(Status::Converged),
            not_converged: count(Status::NotConverged),
            diverged: count(Status::Diverged),
            converged_fraction: count(Status::Converged) as f64 / n,
            diverged_fraction: count(Status::Diverged) as f64 / n,
            basins: minima
                .iter()
                .zip(&per_basin)
                .enumerate()
                .map(|(index, (m, &c))| BasinShare {
                    index,
                    x: m.x,
                    y: m.y,
                    value: m.value,
                    global: m.global,
                    count: c,
                    fraction: c as f64 / n,
                })
                .filter(|b| b.count > 0 || b.global)
                .collect(),
            unsettled,
            unsettled_fraction: unsettled as f64 / n,
            steps_percentiles: StepPercentiles {
                p5: percentile(5.0),
                p25: percentile(25.0),
                p50: percentile(50.0),
                p75: percentile(75.0),
                p95: percentile(95.0),
                max: steps.last().map(|&s| f64::from(s)),
            },
        }
    }
}

/// The index of the known minimum nearest to (x, y) if within `radius`, else unsettled.
pub fn basin_label(minima: &[Minimum], radius: f64, x: f64, y: f64) -> i32 {
    let mut best = BASIN_UNSETTLED;
    let mut best_d2 = radius * radius;
    for (i, m) in minima.iter().enumerate() {
        let d2 = (x - m.x).powi(2) + (y - m.y).powi(2);
        if d2 <= best_d2 {
            best_d2 = d2;
            best = i as i32;
        }
    }
    best
}

/// Summary statistics of one map (written into `summary.json`).
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub instances: usize,
    pub converged: usize,
    pub not_converged: usize,
    pub diverged: usize,
    pub converged_fraction: f64,
    pub diverged_fraction: f64,
    /// Minima that caught at least one instance, plus every global one.
    pub basins: Vec<BasinShare>,
    pub unsettled: usize,
    pub unsettled_fraction: f64,
    /// Over converged instances; null when none converged.
    pub steps_percentiles: StepPercentiles,
}

#[derive(Debug, Clone, Serialize)]
pub struct BasinShare {
    pub index: usize,
    pub x: f64,
    pub y: f64,
    pub value: f64,
    pub global: bool,
    pub count: usize,
    pub fraction: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepPercentiles {
    pub p5: Option<f64>,
    pub p25: Option<f64>,
    pub p50: Option<f64>,
    pub p75: Option<f64>,
    pub p95: Option<f64>,
    pub max: Option<f64>,
}
