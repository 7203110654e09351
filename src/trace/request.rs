//! A race as the user describes it: flags or a config file, validated into one single-instance
//! plan per optimizer.

use crate::error::{Error, Result};
use crate::model::criterion::CriterionKind;
use crate::model::objective::ObjectiveKind;
use crate::model::schedule::Schedule;
use crate::spec::plan::Plan;
use crate::spec::request::Names;
use crate::spec::sweep::{Axis, ParamValue, Precision, Scale, SweepSpec};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A race as the user describes it (flags or a config file; all optional but `fn`, `opt`,
/// `start`). Unknown keys in a config are errors.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraceRequest {
    #[serde(rename = "fn")]
    pub objective: Option<String>,
    /// A formula's domain and minima, as for a sweep.
    pub domain: Option<crate::spec::request::DomainText>,
    pub minima: Option<crate::spec::request::MinimaText>,
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
    /// The learning-rate schedule every racer runs with.
    pub schedule: Option<String>,
    /// The random generator's seed: every racer draws the same gradient noise.
    pub seed: Option<u64>,
    /// A data objective's examples, as for a sweep.
    pub examples: Option<u32>,
    pub data_noise: Option<f64>,
    pub data_seed: Option<u64>,
    pub data: Option<PathBuf>,
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
        crate::spec::take_given!(self, over;
            objective,
            domain,
            minima,
            opt,
            quadratic,
            start,
            steps,
            tol,
            criterion,
            early_stop,
            bound,
            precision,
            schedule,
            seed,
            examples,
            data_noise,
            data_seed,
            data,
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
            self.domain.as_ref(),
            self.minima.as_ref(),
            self.opt.as_ref(),
        )?;
        let start = self
            .start
            .ok_or_else(|| Error::input("no start point: give --start X,Y"))?;
        let schedule = match &self.schedule {
            Some(s) => Schedule::from_name(s)?,
            None => Schedule::Constant,
        };
        let steps = self.steps.unwrap_or(1000);
        let spec_for = |opt| {
            let mut spec = SweepSpec::new(objective, opt);
            spec.schedule = schedule;
            spec.steps = steps;
            spec.seed = self.seed.unwrap_or(0);
            spec.examples = self.examples;
            spec.data_noise = self.data_noise;
            spec.data_seed = self.data_seed;
            spec.data = self.data.clone();
            spec
        };
        for (name, value) in &self.params {
            if !optimizers
                .iter()
                .any(|&o| spec_for(o).quantity(name).is_ok())
            {
                let _ = spec_for(optimizers[0]).quantity(name)?;
            }
            let n = value.values().len();
            if n != 1 && n != optimizers.len() {
                return Err(Error::input(format!(
                    "{name} has {n} values for {} optimizers: give one value, or one per optimizer",
                    optimizers.len()
                )));
            }
        }
        optimizers
            .iter()
            .enumerate()
            .map(|(k, &opt)| {
                let mut spec = spec_for(opt);
                for (name, value) in &self.params {
                    if let Ok(h) = spec.quantity(name) {
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
                    return Err(Error::input(format!(
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
        return Err(Error::input(format!(
            "start ({}, {}) is far outside {}'s domain (beyond the divergence bound x ∈ [{}, {}], y ∈ [{}, {}]): choose a start near the domain",
            start[0], start[1], plan.objective.kind.name(), b[0][0], b[0][1], b[1][0], b[1][1]
        )));
    }
    Ok(())
}
