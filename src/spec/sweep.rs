//! What a user asks for: one map's specification ([`SweepSpec`]), its hyperparameter values and
//! limits.
//!
//! A [`SweepSpec`] is what the CLI flags and config files build and what `summary.json` writes
//! back (complete, so a run can be repeated). [`crate::spec::plan::Plan::from_spec`] checks every
//! field and resolves it into what the engines run.

pub use super::axis::{Axis, Scale};
use crate::error::{Error, Result};
use crate::model::criterion::CriterionKind;
use crate::model::hyper::{HyperSpec, Range};
use crate::model::objective::{ObjectiveKind, QUADRATIC_DEFAULT};
use crate::model::optimizer::Optimizer;
use crate::model::schedule::Schedule;
use crate::model::stochastic::{BATCH, GRADIENT_QUANTITIES};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// Largest side of a map, and so the largest number of instances in one map (32768² = 2³⁰: a
/// sweep streams its records to disk block by block, so memory does not bound it).
pub const MAX_SIDE: u32 = 32_768;
pub const MAX_INSTANCES: u64 = MAX_SIDE as u64 * MAX_SIDE as u64;
/// Largest number of instances held in memory at once: a map the viewer or the Python package
/// holds whole, a tuning run's trials × starts.
pub const MAX_IN_MEMORY: u64 = 1 << 28;
/// Largest step budget.
pub const MAX_STEPS: u32 = 100_000_000;
/// A data objective's generated dataset by default: 100 examples, label noise 0.1.
pub const DEFAULT_EXAMPLES: u32 = 100;
pub const DEFAULT_DATA_NOISE: f64 = 0.1;

/// The data objectives' names, for messages.
pub fn data_objectives() -> String {
    ObjectiveKind::ALL
        .iter()
        .filter(|k| k.model().is_some())
        .map(|k| k.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Largest seed: 2⁵³ − 1, so a seed survives JSON and JavaScript numbers unchanged.
pub const MAX_SEED: u64 = (1 << 53) - 1;

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

/// Which precision the engine computes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

/// The precision a map's axes need at `res`: f32 while neighbouring pixels are
/// [`ULPS_PER_PIXEL`] f32 ulps apart or more, f64 after that; none where even f64 cannot
/// tell them apart. What `precision = "auto"` chooses.
pub fn precision_for(axes: [&Axis; 2], res: [u32; 2]) -> Option<Precision> {
    use crate::spec::axis::ULPS_PER_PIXEL;
    let fits = |epsilon: f64| {
        axes.iter()
            .zip(res)
            .all(|(a, n)| a.ulps_per_pixel(n, epsilon) >= ULPS_PER_PIXEL)
    };
    if fits(f64::from(f32::EPSILON)) {
        Some(Precision::F32)
    } else if fits(f64::EPSILON) {
        Some(Precision::F64)
    } else {
        None
    }
}

/// A label map whose boundary's box-counting dimension a sweep measures (`dimension`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelMap {
    /// Which minimum each start reached (`basin`).
    Basin,
    /// Converged or not (`status`): the boundary of the region that converges.
    Status,
    /// Trained or not (the sign of `trainability`): the paper's boundary of trainability.
    Trainability,
}

impl LabelMap {
    pub fn from_name(s: &str) -> Result<Self> {
        match s {
            "basin" => Ok(LabelMap::Basin),
            "status" => Ok(LabelMap::Status),
            "trainability" => Ok(LabelMap::Trainability),
            _ => Err(Error::invalid(
                "dimension (--dimension)",
                s,
                "basin, status or trainability",
            )),
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            LabelMap::Basin => "basin",
            LabelMap::Status => "status",
            LabelMap::Trainability => "trainability",
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
    /// A formula objective's domain, and the minima it was given (absent: found); absent for
    /// the built-in objectives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<[[f64; 2]; 2]>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minima: Option<Vec<[f64; 2]>>,
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
    /// The learning-rate schedule; its parameters are in `params`.
    #[serde(default)]
    pub schedule: Schedule,
    /// The random generator's seed (gradient noise, sparsity, minibatches).
    #[serde(default)]
    pub seed: u64,
    /// A data objective's generated dataset: how many examples, the labels' noise σ and the
    /// generator's seed for them. Absent for the other objectives and for a `data` file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub examples: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_noise: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_seed: Option<u64>,
    /// A data objective's examples from a CSV file (`u,v,label` or `u,label`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<PathBuf>,
    /// Measure the box-counting dimension of this label map's boundary (`summary.json`'s
    /// `stats.boundary_dimension`, and the figure's subtitle).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<LabelMap>,
    /// Score every instance's trainability (the `trainability` column and map): each step then
    /// also evaluates the loss. Implied by `dimension = "trainability"`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub trainability: bool,
}

impl SweepSpec {
    /// A basin map (`x0` × `y0` over the domain) with the optimizer's defaults.
    pub fn new(objective: ObjectiveKind, optimizer: Optimizer) -> Self {
        let formula = objective.formula_objective();
        SweepSpec {
            objective,
            domain: formula.map(|f| f.domain),
            minima: formula
                .filter(|f| f.minima_given)
                .map(|f| f.minima.to_vec()),
            quadratic: (objective == ObjectiveKind::Quadratic).then_some(QUADRATIC_DEFAULT),
            optimizer,
            params: BTreeMap::new(),
            x: Axis::domain("x0", objective),
            y: Axis::domain("y0", objective),
            res: [512, 512],
            start: objective.default_start(),
            steps: 1000,
            // A formula with no minimum found has nothing to measure distances to.
            criterion: match formula {
                Some(f) if f.minima.is_empty() => CriterionKind::Gradient,
                _ => CriterionKind::Distance,
            },
            tol: 1e-2,
            early_stop: true,
            bound: 10.0,
            precision: Precision::F32,
            schedule: Schedule::Constant,
            seed: 0,
            examples: None,
            data_noise: None,
            data_seed: None,
            data: None,
            dimension: None,
            trainability: false,
        }
    }

    /// Every quantity this sweep takes besides `x0` and `y0`: the optimizer's hyperparameters,
    /// the gradient's noise and sparsity, and the schedule's parameters (defaults for this
    /// budget).
    pub fn quantities(&self) -> Vec<HyperSpec> {
        let mut q = self.optimizer.hypers().to_vec();
        if !self.optimizer.info().coupled {
            q.extend(crate::model::optimizer::COORDINATE_LRS);
        }
        q.extend(GRADIENT_QUANTITIES);
        q.extend(crate::model::optimizer::LOOKAHEAD);
        if self.objective.model().is_some() {
            q.push(BATCH);
        }
        q.extend(self.schedule.params(self.steps));
        q
    }

    /// The spec of one named quantity, or an error listing what this sweep takes (and which
    /// schedule a schedule parameter belongs to).
    pub fn quantity(&self, name: &str) -> Result<HyperSpec> {
        if let Some(q) = self.quantities().into_iter().find(|q| q.name == name) {
            return Ok(q);
        }
        let names =
            |specs: &[HyperSpec]| specs.iter().map(|s| s.name).collect::<Vec<_>>().join(", ");
        if self.optimizer.info().coupled
            && crate::model::optimizer::COORDINATE_LRS
                .iter()
                .any(|c| c.name == name)
        {
            return Err(Error::input(format!(
                "optimizer '{}' takes one learning rate, lr, not {name}: its reference treats x and y as one tensor (a norm couples them)",
                self.optimizer.name()
            )));
        }
        if name == BATCH.name {
            return Err(Error::input(format!(
                "batch is for the data objectives ({}), not {}",
                data_objectives(),
                self.objective.name()
            )));
        }
        let schedule = match self.schedule.params(self.steps).as_slice() {
            [] => String::new(),
            p => format!("; --schedule {} takes {}", self.schedule.name(), names(p)),
        };
        let owner = Schedule::ALL
            .iter()
            .find(|s| s.params(self.steps).iter().any(|p| p.name == name))
            .map(|s| format!(" ({name} is a parameter of --schedule {})", s.name()))
            .unwrap_or_default();
        Err(Error::input(format!(
            "optimizer '{}' has no hyperparameter '{name}'{owner}: it has {}; every optimizer also takes {}, {}{schedule}",
            self.optimizer.name(),
            names(self.optimizer.hypers()),
            names(&GRADIENT_QUANTITIES),
            names(&crate::model::optimizer::LOOKAHEAD),
        )))
    }

    /// Sets one hyperparameter to one value.
    pub fn set(&mut self, name: &str, value: f64) -> &mut Self {
        self.params
            .insert(name.to_string(), ParamValue::Number(value));
        self
    }

    /// Fills every quantity the sweep takes with its value (defaults made explicit), so the
    /// spec written to `summary.json` is complete.
    pub fn complete(&mut self) {
        if self.objective.model().is_some() && self.data.is_none() {
            self.examples.get_or_insert(DEFAULT_EXAMPLES);
            self.data_noise.get_or_insert(DEFAULT_DATA_NOISE);
            self.data_seed.get_or_insert(0);
        }
        for h in &self.quantities() {
            let is_axis = self.x.quantity == h.name || self.y.quantity == h.name;
            // lr_x and lr_y not given follow lr: left out, so the spec keeps saying so.
            let follows_lr = crate::model::optimizer::COORDINATE_LRS
                .iter()
                .any(|c| c.slot == h.slot);
            // Lookahead's parameters only where lookahead_k wraps the run.
            let [k, _] = crate::model::optimizer::LOOKAHEAD;
            let unwrapped = crate::model::optimizer::LOOKAHEAD
                .iter()
                .any(|w| w.slot == h.slot)
                && !self.params.contains_key(k.name);
            if !is_axis && !follows_lr && !unwrapped && !self.params.contains_key(h.name) {
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
}
