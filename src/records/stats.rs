//! Statistics of one map: counts and shares per status and basin, step-count percentiles.

use super::dimension::{BoundaryDimension, BoxCounter};
use super::{Records, BASIN_DIVERGED, BASIN_UNSETTLED};
use crate::model::instance::Status;
use crate::model::objective::Minimum;
use crate::spec::plan::Plan;
use crate::spec::sweep::LabelMap;
use serde::Serialize;

impl Records {
    /// Counts and shares per status, per basin, and step-count percentiles.
    pub fn stats(&self, minima: &[Minimum]) -> Stats {
        let mut tally = Tally::new(minima.len(), 0.0);
        tally.add(self);
        tally.stats(minima)
    }
}

/// Statistics of a map accumulated block by block, so a map never held whole in memory gets
/// the same numbers as one that is: counts per status and basin, an exact histogram of step
/// counts (they are integers below the budget), and the extremes the colour scales span.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub instances: usize,
    /// Instances per [`Status`] code.
    status: [usize; 3],
    per_basin: Vec<usize>,
    unsettled: usize,
    /// `steps_histogram[s]`: converged instances that took `s` steps.
    steps_histogram: Vec<u64>,
    /// `evaluations_histogram[e]`: converged instances that evaluated the objective `e` times.
    evaluations_histogram: Vec<u64>,
    /// Evaluations of the objective over every instance.
    evaluations_total: u64,
    /// f − `min_value` over the instances that did not diverge: (least, greatest).
    pub gap_range: Option<(f64, f64)>,
    min_value: f64,
    /// Box counts of a label map's boundary, fed row by row, when the sweep asked for them.
    boundary: Option<(LabelMap, BoxCounter)>,
    /// The trainability scores' distribution, when the sweep scores them.
    pub scores: Option<ScoreHistogram>,
}

/// Bins per decade of a trainability score's magnitude, and the decades they span.
const SCORE_BINS_PER_DECADE: f64 = 64.0;
const SCORE_DECADES: [f64; 2] = [-12.0, 18.0];
const SCORE_BINS: usize = ((SCORE_DECADES[1] - SCORE_DECADES[0]) * SCORE_BINS_PER_DECADE) as usize;

/// Histograms of the trainability scores' magnitudes in log bins (1/64 decade), trained runs
/// (negative scores) and untrained ones apart: what the map's rank-equalised colours need,
/// accumulated block by block.
#[derive(Debug, Clone)]
pub struct ScoreHistogram {
    /// `[trained, untrained]` counts per bin.
    bins: [Vec<u64>; 2],
}

impl Default for ScoreHistogram {
    fn default() -> Self {
        ScoreHistogram {
            bins: [vec![0; SCORE_BINS], vec![0; SCORE_BINS]],
        }
    }
}

impl ScoreHistogram {
    fn add(&mut self, score: f64) {
        if !score.is_finite() {
            return;
        }
        let side = usize::from(score >= 0.0);
        let decade = score.abs().max(1e-300).log10();
        let bin = ((decade - SCORE_DECADES[0]) * SCORE_BINS_PER_DECADE).floor();
        self.bins[side][bin.clamp(0.0, (SCORE_BINS - 1) as f64) as usize] += 1;
    }

    /// How many runs trained and how many did not.
    pub fn counts(&self) -> [u64; 2] {
        [
            self.bins[0].iter().sum::<u64>(),
            self.bins[1].iter().sum::<u64>(),
        ]
    }

    /// `n + 1` quantiles (0, 1/n, …, 1) of one side's magnitudes (`trained` or not), from the
    /// bins' edges; empty when that side has no runs.
    pub fn quantiles(&self, trained: bool, n: usize) -> Vec<f64> {
        let bins = &self.bins[usize::from(!trained)];
        let total: u64 = bins.iter().sum();
        if total == 0 {
            return Vec::new();
        }
        let edge = |b: f64| 10f64.powf(SCORE_DECADES[0] + b / SCORE_BINS_PER_DECADE);
        (0..=n)
            .map(|k| {
                let want = total as f64 * k as f64 / n as f64;
                let mut seen = 0.0;
                for (b, &c) in bins.iter().enumerate() {
                    let c = c as f64;
                    if c > 0.0 && seen + c >= want {
                        // Spread within the bin, log-linearly.
                        return edge(b as f64 + ((want - seen) / c).clamp(0.0, 1.0));
                    }
                    seen += c;
                }
                edge(SCORE_BINS as f64)
            })
            .collect()
    }
}

impl Tally {
    /// An empty tally for a map with `minima` known minima, losses measured from `min_value`.
    pub fn new(minima: usize, min_value: f64) -> Tally {
        Tally {
            per_basin: vec![0; minima],
            min_value,
            ..Tally::default()
        }
    }

    /// An empty tally for `plan`'s map: its minima, its least value, and box counts of the
    /// boundary it asks the dimension of. Records must then arrive in row order.
    pub fn for_plan(plan: &Plan) -> Tally {
        let mut tally = Tally::new(plan.minima.len(), plan.global_value());
        tally.boundary = plan
            .dimension
            .map(|of| (of, BoxCounter::new(of.name(), plan.width(), plan.height())));
        tally.scores = plan.trainability.then(ScoreHistogram::default);
        tally
    }

    /// Counts the labelled records `r` in.
    pub fn add(&mut self, r: &Records) {
        if let Some((of, counter)) = &mut self.boundary {
            debug_assert_eq!(r.first % r.width, 0, "records arrive in whole rows");
            match of {
                LabelMap::Basin => counter.push_labels(&r.basin),
                // The convergence boundary: a thin band of not-yet-diverged starts between the
                // converged and the diverged would otherwise thicken the line at small boxes.
                LabelMap::Status => {
                    let labels: Vec<i32> = r
                        .status
                        .iter()
                        .map(|s| i32::from(*s == Status::Converged))
                        .collect();
                    counter.push_labels(&labels)
                }
                LabelMap::Trainability => {
                    let labels: Vec<i32> =
                        r.trainability.iter().map(|s| i32::from(*s < 0.0)).collect();
                    counter.push_labels(&labels)
                }
            }
        }
        if let Some(h) = &mut self.scores {
            for &s in &r.trainability {
                h.add(s);
            }
        }
        self.instances += r.len();
        for &s in &r.status {
            self.status[s as usize] += 1;
        }
        for &b in &r.basin {
            match b {
                BASIN_UNSETTLED => self.unsettled += 1,
                BASIN_DIVERGED => {}
                b => self.per_basin[b as usize] += 1,
            }
        }
        for &s in &r.steps {
            if s >= 0 {
                count_into(&mut self.steps_histogram, s as usize);
            }
        }
        for (&e, s) in r.evaluations.iter().zip(&r.status) {
            self.evaluations_total += e as u64;
            if *s == Status::Converged {
                count_into(&mut self.evaluations_histogram, e as usize);
            }
        }
        let min_value = self.min_value;
        let range = r
            .loss
            .iter()
            .zip(&r.status)
            .filter(|(_, s)| **s != Status::Diverged)
            .map(|(l, _)| l - min_value)
            .fold(self.gap_range, |range, g| match range {
                None => Some((g, g)),
                Some((lo, hi)) => Some((lo.min(g), hi.max(g))),
            });
        self.gap_range = range;
    }

    /// The least and greatest converged step counts, if any converged.
    pub fn steps_range(&self) -> Option<(i32, i32)> {
        let lo = self.steps_histogram.iter().position(|&c| c > 0)?;
        let hi = self.steps_histogram.iter().rposition(|&c| c > 0)?;
        Some((lo as i32, hi as i32))
    }

    /// The statistics of everything added.
    pub fn stats(&self, minima: &[Minimum]) -> Stats {
        let n = self.instances.max(1) as f64;
        let count = |s: Status| self.status[s as usize];
        Stats {
            instances: self.instances,
            converged: count(Status::Converged),
            not_converged: count(Status::NotConverged),
            diverged: count(Status::Diverged),
            converged_fraction: count(Status::Converged) as f64 / n,
            diverged_fraction: count(Status::Diverged) as f64 / n,
            basins: minima
                .iter()
                .zip(&self.per_basin)
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
            unsettled: self.unsettled,
            unsettled_fraction: self.unsettled as f64 / n,
            trained_fraction: self.scores.as_ref().map(|h| h.counts()[0] as f64 / n),
            boundary_dimension: self
                .boundary
                .as_ref()
                .map(|(_, counter)| counter.clone().finish()),
            steps_percentiles: StepPercentiles::of(&self.steps_histogram),
            evaluations: Evaluations {
                total: self.evaluations_total,
                percentiles: StepPercentiles::of(&self.evaluations_histogram),
            },
        }
    }
}

/// Counts `value` into `histogram`, growing it to reach.
fn count_into(histogram: &mut Vec<u64>, value: usize) {
    if value >= histogram.len() {
        histogram.resize(value + 1, 0);
    }
    histogram[value] += 1;
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
    /// The objective's evaluations: one a step for every rule but L-BFGS, which makes up to
    /// `max_iter` and its line search's in one step.
    pub evaluations: Evaluations,
    /// The share of runs whose trainability score says they trained; absent unless scored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trained_fraction: Option<f64>,
    /// The box-counting dimension of the boundary the spec's `dimension` names; absent when not
    /// asked, null when the map has no boundary to measure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boundary_dimension: Option<Option<BoundaryDimension>>,
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

/// The objective's evaluations over a map.
#[derive(Debug, Clone, Serialize)]
pub struct Evaluations {
    /// Over every instance and every step it ran.
    pub total: u64,
    /// Per converged instance (with early stopping, what it took to converge); null when none
    /// converged.
    pub percentiles: StepPercentiles,
}

/// Nearest-rank percentiles of counts over converged instances.
#[derive(Debug, Clone, Serialize)]
pub struct StepPercentiles {
    pub p5: Option<f64>,
    pub p25: Option<f64>,
    pub p50: Option<f64>,
    pub p75: Option<f64>,
    pub p95: Option<f64>,
    pub max: Option<f64>,
}

impl StepPercentiles {
    /// The percentiles of the counts `histogram` holds (`histogram[c]`: instances counting c).
    fn of(histogram: &[u64]) -> StepPercentiles {
        let n: u64 = histogram.iter().sum();
        let percentile = |p: f64| {
            if n == 0 {
                return None;
            }
            let rank = ((p / 100.0) * n as f64).ceil().max(1.0) as u64;
            let mut seen = 0;
            for (c, &k) in histogram.iter().enumerate() {
                seen += k;
                if seen >= rank.min(n) {
                    return Some(c as f64);
                }
            }
            None
        };
        StepPercentiles {
            p5: percentile(5.0),
            p25: percentile(25.0),
            p50: percentile(50.0),
            p75: percentile(75.0),
            p95: percentile(95.0),
            max: histogram.iter().rposition(|&k| k > 0).map(|c| c as f64),
        }
    }
}
