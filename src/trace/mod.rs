//! `optgrid trace`: optimizers racing from one start point. Every iterate is recorded with the
//! same per-instance code the sweep engines run ([`Instance::advance`], one step at a time), so a
//! traced instance ends exactly where the CPU sweep engine says it ends.

pub mod output;

use crate::error::{Error, Result};
use crate::model::criterion::CriterionKind;
use crate::model::hyper::Hyper;
use crate::model::instance::{Instance, Status};
use crate::model::num::Num;
use crate::model::num::Real;
use crate::model::objective::ObjectiveKind;
use crate::model::optimizer::{effective_step, Optimizer};
use crate::spec::plan::Plan;
use crate::spec::request::Names;
use crate::spec::sweep::{Axis, ParamValue, Precision, Scale, SweepSpec};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A race as the user describes it (flags or a config file; all optional but `fn`, `opt`,
/// `start`). Unknown keys in a config are errors.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraceRequest {
    #[serde(rename = "fn")]
    pub objective: Option<String>,
    pub opt: Option<Names>,
    pub quadratic: Option<[f64; 2]>,
    /// A value for all optimizers, or a list with one value per optimizer.
    #[serde(default)]
    pub params: BTreeMap<String, ParamValue>,
    pub start: Option<[f64; 2]>,
    pub steps: Option<u32>,
    pub tol: Option<f64>,
    pub criterion: Option<String>,
    pub early_stop: Option<bool>,
    pub bound: Option<f64>,
    pub precision: Option<String>,
    /// The plotted range `[[x_lo, x_hi], [y_lo, y_hi]]` (default: the domain).
    pub view: Option<[[f64; 2]; 2]>,
    /// Steps per frame of race.gif (default: about 60 frames in all).
    pub frame_every: Option<u32>,
    pub out: Option<PathBuf>,
}

impl TraceRequest {
    pub fn from_file(path: &Path) -> Result<TraceRequest> {
        crate::spec::request::read_config(path)
    }

    /// This request with every field `over` sets taken from `over`.
    pub fn overridden_by(mut self, over: TraceRequest) -> TraceRequest {
        macro_rules! take {
            ($($f:ident),*) => { $( if over.$f.is_some() { self.$f = over.$f; } )* };
        }
        take!(
            objective,
            opt,
            quadratic,
            start,
            steps,
            tol,
            criterion,
            early_stop,
            bound,
            precision,
            view,
            frame_every,
            out
        );
        self.params.extend(over.params);
        self
    }

    /// One single-instance plan per optimizer, each validated like a sweep.
    pub fn plans(&self) -> Result<Vec<(SweepSpec, Plan)>> {
        let (objective, optimizers) = crate::spec::request::objective_and_optimizers(
            self.objective.as_deref(),
            self.opt.as_ref(),
        )?;
        let start = self
            .start
            .ok_or_else(|| Error::new("no start point: give --start X,Y"))?;
        for (name, value) in &self.params {
            if !optimizers.iter().any(|o| o.hyper(name).is_ok()) {
                let _ = optimizers[0].hyper(name)?;
            }
            let n = value.values().len();
            if n != 1 && n != optimizers.len() {
                return Err(Error::new(format!(
                    "{name} has {n} values for {} optimizers: give one value, or one per optimizer",
                    optimizers.len()
                )));
            }
        }
        optimizers
            .iter()
            .enumerate()
            .map(|(k, &opt)| {
                let mut spec = SweepSpec::new(objective, opt);
                for (name, value) in &self.params {
                    if let Ok(h) = opt.hyper(name) {
                        let vs = value.values();
                        let v = if vs.len() == 1 { vs[0] } else { vs[k] };
                        spec.params.insert(
                            h.name.into(),
                            match value {
                                ParamValue::Flag(_) => ParamValue::Flag(v != 0.0),
                                _ => ParamValue::Number(v),
                            },
                        );
                    }
                }
                // One instance at the start point: each axis has one value, its `lo`.
                spec.x = Axis {
                    quantity: "x0".into(),
                    lo: start[0],
                    hi: start[0] + 1.0,
                    scale: Scale::Linear,
                };
                spec.y = Axis {
                    quantity: "y0".into(),
                    lo: start[1],
                    hi: start[1] + 1.0,
                    scale: Scale::Linear,
                };
                spec.res = [1, 1];
                spec.start = start;
                spec.steps = self.steps.unwrap_or(1000);
                spec.early_stop = self.early_stop.unwrap_or(false);
                spec.tol = self.tol.unwrap_or(spec.tol);
                spec.bound = self.bound.unwrap_or(spec.bound);
                spec.quadratic = self.quadratic.or(spec.quadratic);
                if let Some(c) = &self.criterion {
                    spec.criterion = CriterionKind::from_name(c)?;
                }
                spec.precision = Precision::from_name(self.precision.as_deref().unwrap_or("f64"))?;
                spec.complete();
                let plan = Plan::from_spec(&spec)?;
                check_start(&plan, start)?;
                Ok((spec, plan))
            })
            .collect()
    }

    /// The plotted range: `view`, or the domain stretched to hold the start.
    pub fn view(&self, objective: ObjectiveKind, start: [f64; 2]) -> Result<[[f64; 2]; 2]> {
        match self.view {
            Some(v) => {
                if !(v[0][0] < v[0][1]
                    && v[1][0] < v[1][1]
                    && v.iter().flatten().all(|x| x.is_finite()))
                {
                    return Err(Error::invalid(
                        "view (--view)",
                        format!("{v:?}"),
                        "X0:X1,Y0:Y1 with X0 < X1 and Y0 < Y1",
                    ));
                }
                if start[0] < v[0][0]
                    || start[0] > v[0][1]
                    || start[1] < v[1][0]
                    || start[1] > v[1][1]
                {
                    return Err(Error::new(format!(
                        "start ({}, {}) lies outside --view x ∈ [{}, {}], y ∈ [{}, {}]",
                        start[0], start[1], v[0][0], v[0][1], v[1][0], v[1][1]
                    )));
                }
                Ok(v)
            }
            None => {
                let d = objective.domain();
                let grow = |r: [f64; 2], s: f64| {
                    let pad = 0.05 * (r[1] - r[0]);
                    [r[0].min(s - pad), r[1].max(s + pad)]
                };
                Ok([grow(d[0], start[0]), grow(d[1], start[1])])
            }
        }
    }
}

/// A start outside the divergence bound would be diverged before its first step.
fn check_start(plan: &Plan, start: [f64; 2]) -> Result<()> {
    let b = plan.bound;
    if start[0] < b[0][0] || start[0] > b[0][1] || start[1] < b[1][0] || start[1] > b[1][1] {
        return Err(Error::new(format!(
            "start ({}, {}) is far outside {}'s domain (beyond the divergence bound x ∈ [{}, {}], y ∈ [{}, {}]): choose a start near the domain",
            start[0], start[1], plan.objective.kind.name(), b[0][0], b[0][1], b[1][0], b[1][1]
        )));
    }
    Ok(())
}

/// One recorded iterate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    pub step: u32,
    pub x: f64,
    pub y: f64,
    pub loss: f64,
    pub grad_norm: f64,
    /// Effective per-coordinate step size of the step that led here (learning rate at step 0).
    pub step_size: [f64; 2],
}

/// The whole path of one instance.
#[derive(Debug, Clone)]
pub struct Trajectory {
    pub optimizer: Optimizer,
    pub label: String,
    pub points: Vec<Point>,
    pub steps_to_converge: i32,
    pub status: Status,
}

impl Trajectory {
    pub fn last(&self) -> &Point {
        self.points.last().expect("a trajectory holds its start")
    }

    /// Mean distance moved per step.
    pub fn average_step_length(&self) -> f64 {
        let n = self.points.len().saturating_sub(1).max(1) as f64;
        self.points
            .windows(2)
            .map(|w| (w[1].x - w[0].x).hypot(w[1].y - w[0].y))
            .sum::<f64>()
            / n
    }
}

/// Follows instance `index` of `plan` step by step, in the plan's precision.
pub fn follow(plan: &Plan, index: usize, precision: Precision) -> Trajectory {
    match precision {
        Precision::F32 => follow_in::<f32>(plan, index),
        Precision::F64 => follow_in::<f64>(plan, index),
    }
}

fn follow_in<F: Real>(plan: &Plan, index: usize) -> Trajectory {
    let checks = plan.checks::<F>();
    let (start, hyper): ([F; 2], Hyper<F>) = plan.instance(index);
    let f = &plan.objective;
    let point = |inst: &Instance<F>| {
        let g = f.gradient(inst.pos[0], inst.pos[1]);
        let size = if inst.t == 0 {
            [hyper.lr, hyper.lr]
        } else {
            effective_step(plan.optimizer, &hyper, inst.t, &inst.state)
        };
        Point {
            step: inst.t,
            x: inst.pos[0].to_f64_exact(),
            y: inst.pos[1].to_f64_exact(),
            loss: f.value(inst.pos[0], inst.pos[1]).to_f64_exact(),
            grad_norm: Num::sqrt(g[0] * g[0] + g[1] * g[1]).to_f64_exact(),
            step_size: size.map(|s| s.to_f64_exact()),
        }
    };
    let mut inst = Instance::start(f, plan.optimizer, &hyper, start, &checks, plan.early_stop);
    let mut points = vec![point(&inst)];
    while inst.t < plan.steps && inst.running {
        inst.advance(
            f,
            plan.optimizer,
            &hyper,
            &checks,
            plan.early_stop,
            inst.t + 1,
        );
        if inst.diverged {
            break; // frozen at its last finite point, which is already recorded
        }
        points.push(point(&inst));
    }
    Trajectory {
        optimizer: plan.optimizer,
        label: plan.optimizer.name().into(),
        points,
        steps_to_converge: inst.steps_to_converge,
        status: inst.status(0),
    }
}

/// Reads the spec a sweep wrote (`spec.toml` in its output directory).
pub fn sweep_spec(dir: &Path) -> Result<SweepSpec> {
    let path = dir.join("spec.toml");
    if !path.is_file() {
        return Err(Error::new(format!(
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
pub fn pixel_index(plan: &Plan, pixel: [u32; 2]) -> Result<usize> {
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
