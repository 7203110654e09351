//! Statistics of one map: counts and shares per status and basin, step-count percentiles.

use super::{Records, BASIN_DIVERGED, BASIN_UNSETTLED};
use crate::model::instance::Status;
use crate::model::objective::Minimum;
use serde::Serialize;

impl Records {
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
