//! `optgrid trace`: optimizers racing from one start point — or the one instance behind a pixel
//! of an earlier sweep — every iterate recorded ([`follow`]), drawn and written ([`output`]).

pub mod follow;
pub mod output;
pub mod request;

pub use follow::{follow, Point, Trajectory};
pub use request::TraceRequest;

use crate::error::{Error, Result};
use crate::spec::plan::Plan;
use crate::spec::sweep::SweepSpec;
use output::RaceResult;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A finished race, ready to be drawn and written.
pub struct Traced {
    pub title: String,
    /// The spec of the first optimizer's plan (its objective, precision and domain).
    pub spec: SweepSpec,
    /// Every racer's complete spec (its hyperparameters, schedule, seed, data), in race order.
    pub specs: Vec<SweepSpec>,
    pub plan: Plan,
    pub trajectories: Vec<Trajectory>,
    /// The plotted range `[[x_lo, x_hi], [y_lo, y_hi]]`.
    pub view: [[f64; 2]; 2],
    /// Steps per frame of race.gif.
    pub frame_every: u32,
}

/// `summary.json` of a race.
#[derive(Debug, Clone, Serialize)]
pub struct TraceSummary {
    pub optgrid_version: &'static str,
    pub title: String,
    pub objective: &'static str,
    pub start: [f64; 2],
    pub view: [[f64; 2]; 2],
    pub precision: &'static str,
    /// The learning-rate schedule and the random generator's seed every racer ran with.
    pub schedule: &'static str,
    pub seed: u64,
    /// Per optimizer: status, step it converged at, final point and loss, mean step length.
    pub results: Vec<RaceResult>,
    /// Per optimizer, its complete spec: every hyperparameter, the schedule's parameters,
    /// noise, sparsity (and a data objective's data), so the race can be repeated.
    pub specs: Vec<SweepSpec>,
    pub files: Vec<&'static str>,
}

/// One optimizer's race as columns, one entry per iterate (the API's and Python's form).
#[derive(Debug, Clone, Serialize)]
pub struct Columns {
    pub optimizer: &'static str,
    pub label: String,
    pub step: Vec<u32>,
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    pub loss: Vec<f64>,
    pub grad_norm: Vec<f64>,
    /// The objective's evaluations so far (one a step; L-BFGS counts its own).
    pub evaluations: Vec<u64>,
    pub step_size_x: Vec<f64>,
    pub step_size_y: Vec<f64>,
    /// The point the rule keeps beside its iterate, as `{name}_x` and `{name}_y` (ASGD's
    /// `ax_x`, `ax_y`; Schedule-Free's gradient point `y_x`, `y_y`), from step 1 (`null` at
    /// the start); none for rules that keep none.
    #[serde(flatten)]
    pub companion: std::collections::BTreeMap<String, Vec<Option<f64>>>,
}

/// The files a race writes.
pub const FILES: [&str; 6] = [
    "paths.png",
    "loss.png",
    "stepsize.png",
    "race.gif",
    "trajectories.csv",
    "summary.json",
];

/// Runs a race: one trajectory per optimizer of `request`, or, with `from`, the instance behind
/// pixel `(column, row)` of the sweep in that output directory.
pub fn race(request: &TraceRequest, from: Option<(&Path, [u32; 2])>) -> Result<Traced> {
    match from {
        Some((dir, pixel)) => {
            race_pixel(request, sweep_spec(dir)?, &dir.display().to_string(), pixel)
        }
        None => race_from(request, None),
    }
}

/// The instance behind pixel `(column, row)` of the sweep `spec`, called `source` in the title.
pub fn race_pixel(
    request: &TraceRequest,
    spec: SweepSpec,
    source: &str,
    pixel: [u32; 2],
) -> Result<Traced> {
    race_from(request, Some((spec, source, pixel)))
}

fn race_from(request: &TraceRequest, from: Option<(SweepSpec, &str, [u32; 2])>) -> Result<Traced> {
    let (title, trajectories, specs) = match from {
        Some((spec, source, pixel)) => {
            let plan = Plan::from_spec(&spec)?;
            let index = pixel_index(&plan, pixel)?;
            let t = follow(&plan, index, spec.precision);
            let (start, _) = plan.instance::<f64>(index);
            let [i, j] = pixel.map(|v| v as usize);
            let title = format!(
                "{} on {} from pixel ({i}, {j}) of {source}: start ({:.4}, {:.4}), {}={}, {}={}",
                spec.optimizer.name(),
                spec.objective.name(),
                start[0],
                start[1],
                spec.x.quantity,
                plan.axis_values[0][i],
                spec.y.quantity,
                plan.axis_values[1][j]
            );
            (title, vec![t], vec![spec])
        }
        None => {
            let plans = request.plans()?;
            let trajectories: Vec<_> = plans
                .iter()
                .map(|(s, p)| follow(p, 0, s.precision))
                .collect();
            let first = &plans[0].0;
            let names: Vec<String> = plans.iter().map(|(_, p)| p.update().label()).collect();
            // Settings of no optimizer's own that every racer shares (racers may differ in a
            // wrapper's α, say).
            let shared = crate::output::figure::changed(first, |n| {
                plans.iter().all(|(s, _)| {
                    s.optimizer.hyper(n).is_err() && s.params.get(n) == first.params.get(n)
                })
            });
            // Past three racers the names outrun the picture's width; the legend names them.
            let racers = if names.len() > 3 {
                format!("{} optimizers", names.len())
            } else {
                names.join(" vs ")
            };
            let title = crate::output::figure::titled(
                &format!(
                    "{racers} on {} from ({}, {})",
                    first.objective.name(),
                    first.start[0],
                    first.start[1]
                ),
                &shared,
            );
            (
                title,
                trajectories,
                plans.into_iter().map(|(s, _)| s).collect(),
            )
        }
    };
    let spec = specs[0].clone();
    let start = [trajectories[0].points[0].x, trajectories[0].points[0].y];
    let view = request.view(spec.objective, start)?;
    let plan = Plan::from_spec(&spec)?;
    let longest = trajectories
        .iter()
        .map(|t| t.points.len())
        .max()
        .unwrap_or(1) as u32;
    Ok(Traced {
        title,
        frame_every: request.frame_every.unwrap_or(longest.div_ceil(60).max(1)),
        spec,
        specs,
        plan,
        trajectories,
        view,
    })
}

impl Traced {
    /// The output directory when none is given: `out/trace-<fn>`.
    pub fn default_out(&self) -> PathBuf {
        PathBuf::from(format!("out/trace-{}", self.spec.objective.slug()))
    }

    /// The summary of the race.
    pub fn summary(&self) -> TraceSummary {
        let first = &self.trajectories[0].points[0];
        TraceSummary {
            optgrid_version: env!("CARGO_PKG_VERSION"),
            title: self.title.clone(),
            objective: self.spec.objective.name(),
            start: [first.x, first.y],
            view: self.view,
            precision: self.spec.precision.name(),
            schedule: self.spec.schedule.name(),
            seed: self.spec.seed,
            results: output::results(&self.trajectories),
            specs: self.specs.clone(),
            files: FILES.to_vec(),
        }
    }

    /// Every trajectory as [`Columns`].
    pub fn columns(&self) -> Vec<Columns> {
        self.trajectories
            .iter()
            .map(|t| {
                let column = |f: fn(&Point) -> f64| t.points.iter().map(f).collect();
                let mut companion = std::collections::BTreeMap::new();
                for name in output::companion_names(std::slice::from_ref(t)) {
                    for (i, axis) in ["x", "y"].into_iter().enumerate() {
                        let values = t
                            .points
                            .iter()
                            .map(|p| p.companion.map(|(_, c)| c[i]))
                            .collect();
                        companion.insert(format!("{name}_{axis}"), values);
                    }
                }
                Columns {
                    optimizer: t.optimizer.name(),
                    label: t.label.clone(),
                    step: t.points.iter().map(|p| p.step).collect(),
                    x: column(|p| p.x),
                    y: column(|p| p.y),
                    loss: column(|p| p.loss),
                    grad_norm: column(|p| p.grad_norm),
                    evaluations: t.points.iter().map(|p| p.evaluations).collect(),
                    step_size_x: column(|p| p.step_size[0]),
                    step_size_y: column(|p| p.step_size[1]),
                    companion,
                }
            })
            .collect()
    }

    /// What the race's pictures are drawn from.
    pub fn drawing(&self) -> output::Race<'_> {
        output::Race {
            title: self.title.clone(),
            objective: &self.plan.objective,
            minima: &self.plan.minima,
            global_value: self.plan.global_value(),
            view: self.view,
            trajectories: &self.trajectories,
        }
    }

    /// `race.gif`'s bytes.
    pub fn gif(&self) -> Result<Vec<u8>> {
        output::gif(&self.drawing(), self.frame_every)
    }

    /// Writes paths.png, loss.png, stepsize.png, race.gif, trajectories.csv and summary.json
    /// into `dir`; returns the summary.
    pub fn write(&self, dir: &Path) -> Result<TraceSummary> {
        let summary = self.summary();
        output::write(&self.drawing(), self.frame_every, dir, &summary)?;
        Ok(summary)
    }
}

/// Reads the spec a sweep wrote (`spec.toml` in its output directory).
pub fn sweep_spec(dir: &Path) -> Result<SweepSpec> {
    let path = dir.join("spec.toml");
    if !path.is_file() {
        return Err(Error::input(format!(
            "--from '{}': no spec.toml there; give the output directory of an optgrid sweep",
            dir.display()
        )));
    }
    let panels = crate::spec::request::Request::from_file(&path)?.panels()?;
    Ok(panels
        .into_iter()
        .next()
        .expect("a spec.toml is one map")
        .spec)
}

/// The instance behind pixel `(column, row)` of a sweep (row 0 at `y_values[0]`, the bottom).
fn pixel_index(plan: &Plan, pixel: [u32; 2]) -> Result<usize> {
    let [i, j] = pixel.map(|v| v as usize);
    if i >= plan.width() || j >= plan.height() {
        return Err(Error::invalid(
            "pixel (--pixel)",
            format!("{i},{j}"),
            format!(
                "column 0..{} and row 0..{} (row 0 is the bottom, as in result.npz)",
                plan.width() - 1,
                plan.height() - 1
            ),
        ));
    }
    Ok(j * plan.width() + i)
}
