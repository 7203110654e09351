//! Scoring trials: every trial's starts (one row of the tuning run's records) reduced to a
//! converged share, a median step count and a median final f − f*, and ranked by the chosen
//! score.

use crate::error::{Error, Result};
use crate::model::instance::Status;
use crate::records::Records;
use serde::Serialize;

/// What makes a trial better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreKind {
    /// The share of starts converged (higher is better); ties broken by median steps.
    Converged,
    /// The median steps to converge, an unconverged start counting as the budget (lower is
    /// better); ties broken by the mean.
    Steps,
    /// The median final f − f* (lower is better); ties broken by the converged share.
    Loss,
}

impl ScoreKind {
    pub fn from_name(s: &str) -> Result<ScoreKind> {
        match s {
            "converged" => Ok(ScoreKind::Converged),
            "steps" => Ok(ScoreKind::Steps),
            "loss" => Ok(ScoreKind::Loss),
            _ => Err(Error::invalid(
                "score (--score)",
                s,
                "converged, steps or loss",
            )),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ScoreKind::Converged => "converged",
            ScoreKind::Steps => "steps",
            ScoreKind::Loss => "loss",
        }
    }
}

/// One trial's starts, reduced.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrialScore {
    pub converged: f64,
    pub median_steps: f64,
    pub mean_steps: f64,
    pub median_loss: f64,
    /// The chosen score's value (the converged share, the median steps, or the median loss).
    pub score: f64,
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

/// Every trial's score: row `t` of `records` holds trial `t`'s starts. Diverged starts count
/// as unconverged with an infinite loss.
pub fn score_trials(
    records: &Records,
    budget: u32,
    f_star: f64,
    kind: ScoreKind,
) -> Vec<TrialScore> {
    let w = records.width;
    (0..records.len() / w)
        .map(|t| {
            let row = t * w..(t + 1) * w;
            let converged = records.status[row.clone()]
                .iter()
                .filter(|s| **s == Status::Converged)
                .count() as f64
                / w as f64;
            let mut steps: Vec<f64> = row
                .clone()
                .map(|i| match records.status[i] {
                    Status::Converged => f64::from(records.steps[i]),
                    _ => f64::from(budget),
                })
                .collect();
            let mean_steps = steps.iter().sum::<f64>() / w as f64;
            let mut loss: Vec<f64> = row
                .map(|i| match records.status[i] {
                    Status::Diverged => f64::INFINITY,
                    _ => (records.loss[i] - f_star).max(0.0),
                })
                .collect();
            let median_steps = median(&mut steps);
            let median_loss = median(&mut loss);
            TrialScore {
                converged,
                median_steps,
                mean_steps,
                median_loss,
                score: match kind {
                    ScoreKind::Converged => converged,
                    ScoreKind::Steps => median_steps,
                    ScoreKind::Loss => median_loss,
                },
            }
        })
        .collect()
}

/// Whether `a` is better than `b` under `kind` (ties broken as [`ScoreKind`] says).
pub fn better(a: &TrialScore, b: &TrialScore, kind: ScoreKind) -> bool {
    let key = |s: &TrialScore| match kind {
        ScoreKind::Converged => (-s.converged, s.median_steps),
        ScoreKind::Steps => (s.median_steps, s.mean_steps),
        ScoreKind::Loss => (s.median_loss, -s.converged),
    };
    key(a).partial_cmp(&key(b)) == Some(std::cmp::Ordering::Less)
}

/// The index of the best trial (the first among equals).
pub fn best(scores: &[TrialScore], kind: ScoreKind) -> usize {
    let mut best = 0;
    for (i, s) in scores.iter().enumerate() {
        if better(s, &scores[best], kind) {
            best = i;
        }
    }
    best
}

/// How forgiving an optimizer is: the share of its trials within 90% of its best score (a
/// converged share ≥ 0.9 × the best; steps or loss ≤ the best ÷ 0.9).
pub fn forgiving(scores: &[TrialScore], best: &TrialScore, kind: ScoreKind) -> f64 {
    let near = |s: &TrialScore| match kind {
        ScoreKind::Converged => s.converged >= 0.9 * best.converged,
        ScoreKind::Steps => s.median_steps <= best.median_steps / 0.9,
        ScoreKind::Loss => s.median_loss <= best.median_loss / 0.9,
    };
    scores.iter().filter(|s| near(s)).count() as f64 / scores.len().max(1) as f64
}
