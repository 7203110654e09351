//! What a tuning run writes: `leaderboard.md` and `leaderboard.json` (per optimizer its best
//! setting, score, converged share, median steps and how forgiving it is), `trials.npz` (every
//! trial's hyperparameters and scores) and `tune.png` (score against each searched
//! hyperparameter, the best marked). `best/`, the basin maps at the best settings, is the
//! sweep's own output (see the CLI).

use super::score::ScoreKind;
use super::search::{Dimension, Scale};
use super::{ranked, TuneSpec, Tuned};
use crate::error::{Error, Result};
use crate::model::hyper::fmt_short;
use crate::output::npz::{write_npz, Array};
use crate::output::plot::{fail, render, FONT};
use crate::output::{write_atomic, write_png};
use image::RgbImage;
use plotters::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One optimizer's line of the leaderboard.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub rank: usize,
    pub optimizer: &'static str,
    /// The best trial's hyperparameters (searched and fixed).
    pub best: BTreeMap<&'static str, f64>,
    pub score: f64,
    pub converged: f64,
    pub median_steps: f64,
    pub median_loss: f64,
    /// The share of its trials within 90% of its best score.
    pub forgiving: f64,
    /// What was searched, as `NAME=LO:HI[:log]`.
    pub searched: Vec<String>,
}

/// `leaderboard.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Leaderboard {
    pub optgrid_version: &'static str,
    pub objective: &'static str,
    pub score: ScoreKind,
    pub trials: u32,
    pub starts: u32,
    pub steps: u32,
    pub tol: f64,
    pub criterion: String,
    pub seed: u64,
    pub entries: Vec<Entry>,
    pub files: Vec<&'static str>,
}

pub const FILES: [&str; 4] = [
    "leaderboard.md",
    "leaderboard.json",
    "trials.npz",
    "tune.png",
];

pub fn leaderboard(spec: &TuneSpec, results: &[Tuned]) -> Leaderboard {
    let entries = ranked(results, spec.score)
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let s = t.best_score();
            Entry {
                rank: i + 1,
                optimizer: t.optimizer.name(),
                best: t.best_setting().into_iter().collect(),
                score: s.score,
                converged: s.converged,
                median_steps: s.median_steps,
                median_loss: s.median_loss,
                forgiving: t.forgiving,
                searched: t
                    .dimensions
                    .iter()
                    .filter(|d| !d.is_fixed())
                    .map(super::search::describe)
                    .collect(),
            }
        })
        .collect();
    Leaderboard {
        optgrid_version: env!("CARGO_PKG_VERSION"),
        objective: spec.objective.name(),
        score: spec.score,
        trials: spec.trials,
        starts: spec.starts,
        steps: spec.steps,
        tol: spec.tol,
        criterion: spec.criterion.clone(),
        seed: spec.seed,
        entries,
        files: FILES.to_vec(),
    }
}

/// The leaderboard as a Markdown table (also what the terminal prints).
pub fn markdown(board: &Leaderboard) -> String {
    let mut s = format!(
        "Tuning on {}: {} trials × {} starts × {} steps per optimizer, score: {}.\n\n\
         | rank | optimizer | best setting | converged | median steps | median f − f* | forgiving |\n\
         |---|---|---|---|---|---|---|\n",
        board.objective, board.trials, board.starts, board.steps, board.score.name()
    );
    for e in &board.entries {
        let setting: Vec<String> = e
            .best
            .iter()
            .map(|(k, v)| format!("{k}={}", fmt_short(*v)))
            .collect();
        s.push_str(&format!(
            "| {} | {} | {} | {:.1}% | {} | {:.2e} | {:.1}% |\n",
            e.rank,
            e.optimizer,
            setting.join(", "),
            100.0 * e.converged,
            e.median_steps,
            e.median_loss,
            100.0 * e.forgiving
        ));
    }
    s
}

/// Writes the four files into `dir` (which exists).
pub fn write(spec: &TuneSpec, results: &[Tuned], dir: &Path) -> Result<Leaderboard> {
    let board = leaderboard(spec, results);
    write_atomic(&dir.join("leaderboard.md"), markdown(&board).as_bytes())?;
    let json = serde_json::to_vec_pretty(&board)
        .map_err(|e| Error::internal(format!("cannot encode leaderboard.json: {e}")))?;
    write_atomic(&dir.join("leaderboard.json"), &json)?;
    write_trials(results, &dir.join("trials.npz"))?;
    write_png(&dir.join("tune.png"), &draw(spec, results)?)?;
    Ok(board)
}

/// The columns of `trials.npz`: per optimizer `<opt>_<hyperparameter>` for every dimension and
/// `<opt>_score`, `_converged`, `_median_steps`, `_median_loss`, one value per trial.
pub fn trial_columns(results: &[Tuned]) -> Vec<(String, Vec<f64>)> {
    let mut columns: Vec<(String, Vec<f64>)> = Vec::new();
    for t in results {
        let n = t.dimensions.len();
        for (j, d) in t.dimensions.iter().enumerate() {
            let col = t.table.iter().skip(j).step_by(n).copied().collect();
            columns.push((format!("{}_{}", t.optimizer.name(), d.name), col));
        }
        let per = |f: fn(&super::score::TrialScore) -> f64| t.scores.iter().map(f).collect();
        let name = t.optimizer.name();
        columns.push((format!("{name}_score"), per(|s| s.score)));
        columns.push((format!("{name}_converged"), per(|s| s.converged)));
        columns.push((format!("{name}_median_steps"), per(|s| s.median_steps)));
        columns.push((format!("{name}_median_loss"), per(|s| s.median_loss)));
    }
    columns
}

/// `trials.npz`: [`trial_columns`].
fn write_trials(results: &[Tuned], path: &Path) -> Result<()> {
    let columns = trial_columns(results);
    let arrays: Vec<Array> = columns.iter().map(|(n, c)| Array::f64(n, c)).collect();
    write_npz(path, &arrays)
}

/// `tune.png`: one row per optimizer, one panel per searched hyperparameter: every trial's score
/// against its value, the best trial in red.
pub fn draw(spec: &TuneSpec, results: &[Tuned]) -> Result<RgbImage> {
    let searched = |t: &Tuned| -> Vec<(usize, Dimension)> {
        t.dimensions
            .iter()
            .enumerate()
            .filter(|(_, d)| !d.is_fixed())
            .map(|(j, d)| (j, *d))
            .collect()
    };
    let cols = results
        .iter()
        .map(|t| searched(t).len())
        .max()
        .unwrap_or(1)
        .max(1);
    // At least 1000 pixels wide, so the title fits however few hyperparameters were searched.
    let (pw, ph) = ((1000 / cols as u32).max(340), 220u32);
    let (w, h) = (pw * cols as u32, 40 + ph * results.len() as u32);
    let score_name = match spec.score {
        ScoreKind::Converged => "converged share",
        ScoreKind::Steps => "median steps",
        ScoreKind::Loss => "median f − f* (log)",
    };
    render(w, h, |root| {
        let (title, body) = root.split_vertically(40);
        title
            .titled(
                &format!(
                    "{} trials per optimizer on {}: {score_name} against each hyperparameter (best in red)",
                    spec.trials,
                    spec.objective.name()
                ),
                (FONT, 20),
            )
            .map_err(fail)?;
        let rows = body.split_evenly((results.len(), cols));
        for (r, t) in results.iter().enumerate() {
            let n = t.dimensions.len();
            let y = |s: &super::score::TrialScore| match spec.score {
                ScoreKind::Loss => s.score.max(1e-30).log10(),
                _ => s.score,
            };
            let ys: Vec<f64> = t.scores.iter().map(y).filter(|v| v.is_finite()).collect();
            let (mut y0, mut y1) = ys
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                    (a.min(v), b.max(v))
                });
            if !y0.is_finite() {
                (y0, y1) = (0.0, 1.0);
            }
            if y1 - y0 < 1e-9 {
                (y0, y1) = (y0 - 0.5, y1 + 0.5);
            }
            let pad = 0.05 * (y1 - y0);
            for (c, (j, d)) in searched(t).into_iter().enumerate() {
                let area = &rows[r * cols + c];
                let log = d.scale != Scale::Linear;
                let fx = |v: f64| match d.scale {
                    Scale::Linear => v,
                    Scale::Log => v.log10(),
                    Scale::LogOneMinus => (1.0 - v).log10(),
                };
                let (x0, x1) = if d.scale == Scale::LogOneMinus {
                    (fx(d.hi), fx(d.lo))
                } else {
                    (fx(d.lo), fx(d.hi))
                };
                let mut chart = ChartBuilder::on(area)
                    .caption(format!("{} — {}", t.optimizer.name(), d.name), (FONT, 15))
                    .margin(8)
                    .x_label_area_size(28)
                    .y_label_area_size(48)
                    .build_cartesian_2d(x0..x1, (y0 - pad)..(y1 + pad))
                    .map_err(fail)?;
                chart
                    .configure_mesh()
                    .x_labels(5)
                    .y_labels(5)
                    .x_label_formatter(&|v| match d.scale {
                        Scale::Linear => format!("{v:.3}"),
                        Scale::Log => format!("1e{v:.1}"),
                        Scale::LogOneMinus => format!("1-1e{v:.1}"),
                    })
                    .x_desc(if log {
                        format!("{} (log)", d.name)
                    } else {
                        d.name.to_string()
                    })
                    .draw()
                    .map_err(fail)?;
                let points = t.scores.iter().enumerate().filter_map(|(i, s)| {
                    let (vx, vy) = (fx(t.table[i * n + j]), y(s));
                    (vx.is_finite() && vy.is_finite()).then_some((vx, vy))
                });
                chart
                    .draw_series(points.map(|p| Circle::new(p, 1, RGBColor(60, 90, 160).filled())))
                    .map_err(fail)?;
                let b = t.best;
                let best = (fx(t.table[b * n + j]), y(&t.scores[b]));
                if best.0.is_finite() && best.1.is_finite() {
                    chart
                        .draw_series([Circle::new(best, 5, RED.filled())])
                        .map_err(fail)?;
                }
            }
        }
        Ok(())
    })
}
