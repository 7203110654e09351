//! What a user asks for: the sweep specification, its axes and panels, and its validation.
//!
//! A [`SweepSpec`] is what the CLI flags and config files build and what `summary.json` writes
//! back (complete, so a run can be repeated). [`SweepSpec::plan`] checks every field and turns a
//! single-map spec into the [`Plan`] the engines run.

use crate::error::{Error, Result};
use crate::model::criterion::CriterionKind;
use crate::model::hyper::{fmt_value, slot, Range, SLOT_COUNT};
use crate::model::objective::{ObjectiveKind, QUADRATIC_DEFAULT};
use crate::model::optimizer::Optimizer;
use crate::spec::plan::Plan;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Largest side of a map, and largest number of instances in one map.
pub const MAX_SIDE: u32 = 32_768;
pub const MAX_INSTANCES: u64 = 1 << 28;
/// Largest step budget.
pub const MAX_STEPS: u32 = 100_000_000;

/// A value of one hyperparameter: a single number, a flag, or a list (one panel per value).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ParamValue {
    Flag(bool),
    Number(f64),
    Panels(Vec<f64>),
}

impl<'de> Deserialize<'de> for ParamValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::{self, SeqAccess, Visitor};
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ParamValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, true/false, or a list of numbers (one panel each)")
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> std::result::Result<ParamValue, E> {
                Ok(ParamValue::Flag(b))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<ParamValue, E> {
                Ok(ParamValue::Number(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<ParamValue, E> {
                Ok(ParamValue::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<ParamValue, E> {
                Ok(ParamValue::Number(v as f64))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                seq: A,
            ) -> std::result::Result<ParamValue, A::Error> {
                Vec::<f64>::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(ParamValue::Panels)
            }
        }
        d.deserialize_any(V)
    }
}

impl ParamValue {
    /// The values it stands for (one for a single value).
    pub fn values(&self) -> Vec<f64> {
        match self {
            ParamValue::Flag(b) => vec![if *b { 1.0 } else { 0.0 }],
            ParamValue::Number(v) => vec![*v],
            ParamValue::Panels(vs) => vs.clone(),
        }
    }
}

/// Linear or logarithmic spacing of an axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    Linear,
    Log,
}

/// One image axis: a sweepable quantity over an inclusive range.
///
/// Column `i` of `n` sits at `lo + (hi − lo)·i/(n−1)` (log: the same in log space), so the first
/// and last columns are exactly `lo` and `hi`; a one-pixel axis sits at `lo`. The outputs carry
/// the actual values (`x_values`, `y_values`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axis {
    /// `x0`, `y0`, or a hyperparameter name of the optimizer.
    pub quantity: String,
    pub lo: f64,
    pub hi: f64,
    pub scale: Scale,
}

impl Axis {
    /// Parses `QUANTITY=LO:HI[:log|:lin]`, or a bare `x0`/`y0` meaning the objective's domain.
    pub fn parse(flag: &str, text: &str, objective: ObjectiveKind) -> Result<Axis> {
        let usage = || {
            Error::new(format!(
                "invalid {flag} '{text}': expected QUANTITY=LO:HI or QUANTITY=LO:HI:log, e.g. lr=1e-4:1:log"
            ))
        };
        let (quantity, range) = match text.split_once('=') {
            Some((q, r)) => (q.trim(), Some(r)),
            None => (text.trim(), None),
        };
        let Some(range) = range else {
            return match quantity {
                "x0" | "y0" => Ok(Axis::domain(quantity, objective)),
                _ => Err(usage()),
            };
        };
        let parts: Vec<&str> = range.split(':').collect();
        let scale = match parts.len() {
            2 => Scale::Linear,
            3 => match parts[2].trim() {
                "log" => Scale::Log,
                "lin" | "linear" => Scale::Linear,
                _ => return Err(usage()),
            },
            _ => return Err(usage()),
        };
        let num = |s: &str| s.trim().parse::<f64>().map_err(|_| usage());
        Ok(Axis {
            quantity: quantity.to_string(),
            lo: num(parts[0])?,
            hi: num(parts[1])?,
            scale,
        })
    }

    /// The start-coordinate axis over the objective's usual domain.
    pub fn domain(quantity: &str, objective: ObjectiveKind) -> Axis {
        let d = objective.domain();
        let r = if quantity == "x0" { d[0] } else { d[1] };
        Axis {
            quantity: quantity.to_string(),
            lo: r[0],
            hi: r[1],
            scale: Scale::Linear,
        }
    }

    /// The `n` values of the axis, first `lo`, last `hi`.
    pub fn values(&self, n: u32) -> Vec<f64> {
        let n = n as usize;
        (0..n)
            .map(|i| {
                if i == 0 {
                    return self.lo;
                }
                if i == n - 1 {
                    return self.hi;
                }
                let f = i as f64 / (n - 1) as f64;
                match self.scale {
                    Scale::Linear => self.lo + (self.hi - self.lo) * f,
                    Scale::Log => (self.lo.ln() + (self.hi.ln() - self.lo.ln()) * f).exp(),
                }
            })
            .collect()
    }
}

impl fmt::Display for Axis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}:{}", self.quantity, self.lo, self.hi)?;
        if self.scale == Scale::Log {
            f.write_str(":log")?;
        }
        Ok(())
    }
}

/// Which precision the engine computes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    F32,
    F64,
}

impl Precision {
    pub fn from_name(s: &str) -> Result<Self> {
        match s {
            "f32" => Ok(Precision::F32),
            "f64" => Ok(Precision::F64),
            _ => Err(Error::invalid("precision", s, "f32 or f64")),
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Precision::F32 => "f32",
            Precision::F64 => "f64",
        }
    }
}

/// A whole sweep as the user describes it. Field names are those of config files and of the
/// `spec` in `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SweepSpec {
    #[serde(rename = "fn")]
    pub objective: ObjectiveKind,
    /// `[a, b]` of `quadratic`: f = (a x² + b y²)/2. Absent for the other objectives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quadratic: Option<[f64; 2]>,
    #[serde(rename = "opt")]
    pub optimizer: Optimizer,
    /// Hyperparameter values; those not given take the optimizer's defaults.
    #[serde(default)]
    pub params: BTreeMap<String, ParamValue>,
    pub x: Axis,
    pub y: Axis,
    /// `[width, height]` in instances.
    pub res: [u32; 2],
    /// The start point where `x0` or `y0` is not an axis.
    pub start: [f64; 2],
    pub steps: u32,
    pub criterion: CriterionKind,
    pub tol: f64,
    /// Stop each instance once it has converged (the classic behaviour).
    pub early_stop: bool,
    /// An iterate has diverged once it is this many domain half-widths from the domain centre.
    pub bound: f64,
    pub precision: Precision,
}

impl SweepSpec {
    /// A basin map (`x0` × `y0` over the domain) with the optimizer's defaults.
    pub fn new(objective: ObjectiveKind, optimizer: Optimizer) -> Self {
        SweepSpec {
            objective,
            quadratic: (objective == ObjectiveKind::Quadratic).then_some(QUADRATIC_DEFAULT),
            optimizer,
            params: BTreeMap::new(),
            x: Axis::domain("x0", objective),
            y: Axis::domain("y0", objective),
            res: [512, 512],
            start: objective.default_start(),
            steps: 1000,
            criterion: CriterionKind::Distance,
            tol: 1e-2,
            early_stop: true,
            bound: 10.0,
            precision: Precision::F32,
        }
    }

    /// Sets one hyperparameter to one value.
    pub fn set(&mut self, name: &str, value: f64) -> &mut Self {
        self.params
            .insert(name.to_string(), ParamValue::Number(value));
        self
    }

    /// Fills every hyperparameter the optimizer has with its value (defaults made explicit),
    /// so the spec written to `summary.json` is complete.
    pub fn complete(&mut self) {
        for h in self.optimizer.hypers() {
            let is_axis = self.x.quantity == h.name || self.y.quantity == h.name;
            if !is_axis && !self.params.contains_key(h.name) {
                let v = if h.range == Range::Flag {
                    ParamValue::Flag(h.default != 0.0)
                } else {
                    ParamValue::Number(h.default)
                };
                self.params.insert(h.name.to_string(), v);
            }
        }
    }

    /// The quantities that take more than one value outside the axes: one panel per value.
    pub fn panel_quantities(&self) -> Vec<(&str, Vec<f64>)> {
        self.params
            .iter()
            .filter(|(_, v)| matches!(v, ParamValue::Panels(vs) if vs.len() > 1))
            .map(|(k, v)| (k.as_str(), v.values()))
            .collect()
    }

    /// Checks every field and resolves a single-map spec into what the engines run.
    pub fn plan(&self) -> Result<Plan> {
        self.check_scalars()?;
        let mut slots = [0.0f64; SLOT_COUNT];
        slots[slot::X0] = self.start[0];
        slots[slot::Y0] = self.start[1];
        for h in self.optimizer.hypers() {
            slots[h.slot] = h.default;
        }
        for (name, value) in &self.params {
            let spec = self.optimizer.hyper(name)?;
            let vs = value.values();
            if vs.len() != 1 {
                return Err(Error::new(format!(
                    "{name} has {} values: a list of values makes panels, which this command runs one at a time; give one value",
                    vs.len()
                )));
            }
            spec.check(vs[0])?;
            if self.x.quantity == *name || self.y.quantity == *name {
                return Err(Error::new(format!(
                    "{name} is an axis and also given a fixed value: drop one of them"
                )));
            }
            slots[spec.slot] = vs[0];
        }
        let x_slot = self.check_axis("x axis (--x)", &self.x)?;
        let y_slot = self.check_axis("y axis (--y)", &self.y)?;
        if x_slot == y_slot {
            return Err(Error::new(format!(
                "the x and y axes both sweep {}: choose two different quantities",
                self.x.quantity
            )));
        }
        Ok(Plan::new(
            self,
            slots,
            [x_slot, y_slot],
            [self.x.values(self.res[0]), self.y.values(self.res[1])],
        ))
    }

    fn check_scalars(&self) -> Result<()> {
        let [w, h] = self.res;
        if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
            return Err(Error::invalid(
                "resolution (--res)",
                format!("{w}x{h}"),
                format!("1 to {MAX_SIDE} per side"),
            ));
        }
        if u64::from(w) * u64::from(h) > MAX_INSTANCES {
            return Err(Error::invalid(
                "resolution (--res)",
                format!("{w}x{h}"),
                format!("at most {MAX_INSTANCES} instances per map"),
            ));
        }
        if self.steps == 0 || self.steps > MAX_STEPS {
            return Err(Error::invalid(
                "steps (--steps)",
                self.steps,
                format!("1 to {MAX_STEPS}"),
            ));
        }
        if !(self.tol.is_finite() && self.tol > 0.0) {
            return Err(Error::invalid(
                "tol (--tol)",
                fmt_value(self.tol),
                "> 0 and finite",
            ));
        }
        if !(self.bound.is_finite() && self.bound >= 1.0) {
            return Err(Error::invalid(
                "bound (--bound)",
                fmt_value(self.bound),
                ">= 1 (domain half-widths) and finite",
            ));
        }
        if !self.start.iter().all(|v| v.is_finite()) {
            return Err(Error::invalid(
                "start (--start)",
                format!("{},{}", self.start[0], self.start[1]),
                "two finite numbers X,Y",
            ));
        }
        if let Some(q) = self.quadratic {
            if self.objective != ObjectiveKind::Quadratic {
                return Err(Error::new(format!(
                    "quadratic coefficients (--quadratic) are for --fn quadratic, not {}",
                    self.objective.name()
                )));
            }
            if !q.iter().all(|v| v.is_finite() && *v > 0.0) {
                return Err(Error::invalid(
                    "quadratic coefficients (--quadratic)",
                    format!("{},{}", q[0], q[1]),
                    "two numbers A,B > 0",
                ));
            }
        }
        Ok(())
    }

    /// Checks an axis and returns the slot it drives.
    fn check_axis(&self, field: &str, axis: &Axis) -> Result<usize> {
        let slot = match axis.quantity.as_str() {
            "x0" => slot::X0,
            "y0" => slot::Y0,
            name => {
                let spec = self.optimizer.hyper(name).map_err(|_| {
                    let names: Vec<&str> = self
                        .optimizer
                        .hypers()
                        .iter()
                        .filter(|h| h.range != Range::Flag)
                        .map(|h| h.name)
                        .collect();
                    Error::invalid(
                        field,
                        name,
                        format!(
                            "x0, y0, or a hyperparameter of {}: {}",
                            self.optimizer.name(),
                            names.join(", ")
                        ),
                    )
                })?;
                if spec.range == Range::Flag {
                    return Err(Error::new(format!(
                        "{field}: {name} is a true/false flag and cannot be an axis; give it as --param {name}=true"
                    )));
                }
                spec.check(axis.lo).and(spec.check(axis.hi)).map_err(|_| {
                    Error::invalid(
                        &format!("{field} range for {name}"),
                        format!("{}:{}", axis.lo, axis.hi),
                        format!("values {}", spec.range),
                    )
                })?;
                spec.slot
            }
        };
        if !(axis.lo.is_finite() && axis.hi.is_finite()) || axis.lo >= axis.hi {
            return Err(Error::invalid(
                &format!("{field} range"),
                format!("{}:{}", axis.lo, axis.hi),
                "finite LO < HI",
            ));
        }
        if axis.scale == Scale::Log && axis.lo <= 0.0 {
            return Err(Error::invalid(
                &format!("{field} log range"),
                format!("{}:{}", axis.lo, axis.hi),
                "LO > 0 on a log axis",
            ));
        }
        Ok(slot)
    }
}
