//! What an engine runs: a validated single-map sweep with every value resolved. [`Plan::from_spec`]
//! is the one place a [`SweepSpec`] is checked; the spec knows nothing of plans.

use crate::error::{Error, Result};
use crate::model::criterion::{Checks, CriterionKind};
use crate::model::hyper::{fmt_value, slot, Range};
use crate::model::hyper::{Hyper, SLOT_COUNT};
use crate::model::instance::Rules;
use crate::model::num::{Num, Real};
use crate::model::objective::data::{DataSource, Dataset, MAX_EXAMPLES};
use crate::model::objective::{Minimum, Objective};
use crate::model::objective::{ObjectiveKind, QUADRATIC_DEFAULT};
use crate::model::optimizer::Optimizer;
use crate::model::optimizer::COORDINATE_LRS;
use crate::model::optimizer::{wrapper, Update, LOOKAHEAD};
use crate::model::random;
use crate::model::schedule::Schedule;
use crate::model::stochastic::{Draws, GRADIENT_QUANTITIES};
use crate::spec::sweep::{data_objectives, DEFAULT_DATA_NOISE, DEFAULT_EXAMPLES};
use crate::spec::sweep::{Axis, Scale, SweepSpec, MAX_SEED, MAX_SIDE, MAX_STEPS};
use std::sync::Arc;

/// The most step pairs L-BFGS may remember: each instance keeps them beside its state (on the
/// GPU, tiles shrink to hold them).
pub const MAX_HISTORY: usize = 10_000;

/// A validated single-map sweep. Instance `i` sits at column `i % width` and row `i / width`;
/// row `r` is at `y_values[r]` (rows ascend in y).

#[derive(Debug, Clone)]
pub struct Plan {
    pub objective: Objective,
    pub optimizer: Optimizer,
    /// Every slot's value before the axes are applied (`x0`, `y0` = the start point).
    pub base: [f64; SLOT_COUNT],
    /// The slots the x and y axes drive (for outputs: what the map's axes show).
    pub axis_slots: [usize; 2],
    /// The values along x (one per column) and y (one per row).
    pub axis_values: [Vec<f64>; 2],
    /// What each column (x) and row (y) sets: a map's axis sets one slot; a table (the trials
    /// and start points of `optgrid tune`) sets several.
    pub drives: [Drive; 2],
    pub steps: u32,
    pub criterion: CriterionKind,
    pub tol: f64,
    pub early_stop: bool,
    /// The divergence box `[lo, hi]` per coordinate.
    pub bound: [[f64; 2]; 2],
    /// Every known minimum (basin labels index into this list).
    pub minima: Vec<Minimum>,
    pub capture_radius: f64,
    pub schedule: Schedule,
    /// The random generator's seed (gradient noise, sparsity, minibatches).
    pub seed: u64,
    /// Whether any instance has gradient noise or sparsity: the engines draw nothing otherwise,
    /// so a deterministic sweep is the same bits as before the generator existed.
    pub stochastic: bool,
    /// A data objective's minibatch size (0: the full-data gradient).
    pub batch: u32,
    /// The label map whose boundary dimension the statistics measure, if any.
    pub dimension: Option<crate::spec::sweep::LabelMap>,
    /// Whether every instance's trainability is scored.
    pub trainability: bool,
    /// The coordinate learning rates (`lr_x`, `lr_y` slots) not given, which take `lr`'s value
    /// wherever it comes from: the base, an axis, a tuning table.
    pub lr_followers: Vec<usize>,
    /// Whether Lookahead wraps the optimizer: `lookahead_k` was given.
    pub lookahead: bool,
}

/// The slots one image axis sets, and their values: `values[i * slots.len() + j]` is slot
/// `slots[j]` in column (or row) `i`.
#[derive(Debug, Clone, PartialEq)]
pub struct Drive {
    pub slots: Vec<usize>,
    pub values: Vec<f64>,
}

impl Drive {
    /// One slot, one value per column or row: an ordinary axis.
    pub fn axis(slot: usize, values: &[f64]) -> Drive {
        Drive {
            slots: vec![slot],
            values: values.to_vec(),
        }
    }

    /// Values per column or row.
    pub fn stride(&self) -> usize {
        self.slots.len()
    }

    /// The values of column (or row) `i`, one per slot.
    pub fn at(&self, i: usize) -> &[f64] {
        &self.values[i * self.stride()..(i + 1) * self.stride()]
    }
}

impl Plan {
    /// Checks every field of a single-map spec and resolves it into what the engines run.
    pub fn from_spec(spec: &SweepSpec) -> Result<Plan> {
        check_scalars(spec)?;
        let mut slots = [0.0f64; SLOT_COUNT];
        slots[slot::X0] = spec.start[0];
        slots[slot::Y0] = spec.start[1];
        let quantities = spec.quantities();
        for h in &quantities {
            slots[h.slot] = h.default;
        }
        for (name, value) in &spec.params {
            let hyper = spec.quantity(name)?;
            let vs = value.values();
            if vs.len() != 1 {
                return Err(Error::input(format!(
                    "{name} has {} values: a list of values makes panels, which this command runs one at a time; give one value",
                    vs.len()
                )));
            }
            hyper.check(vs[0])?;
            if spec.x.quantity == *name || spec.y.quantity == *name {
                return Err(Error::input(format!(
                    "{name} is an axis and also given a fixed value: drop one of them"
                )));
            }
            slots[hyper.slot] = vs[0];
        }
        // lr_x and lr_y, each coordinate's own rate: one not given follows lr.
        let given =
            |q: &str| spec.params.contains_key(q) || spec.x.quantity == q || spec.y.quantity == q;
        let lr_followers: Vec<usize> = COORDINATE_LRS
            .iter()
            .filter(|c| !given(c.name))
            .map(|c| c.slot)
            .collect();
        // One not given a value has lr's base too (an axis sets it where it is one): the GPU
        // reads a follower's base where lr comes from the base. A coupled rule, which takes no
        // lr_x or lr_y, still steps by lr_x (lr's value, scheduled).
        for c in COORDINATE_LRS {
            if !spec.params.contains_key(c.name) {
                slots[c.slot] = slots[slot::LR];
            }
        }
        // Lookahead wraps the run when its period is given; its α alone is an error.
        let lookahead = given(LOOKAHEAD[0].name);
        if lookahead {
            wrapper::check_wrappable(spec.optimizer)?;
        } else if given(LOOKAHEAD[1].name) {
            return Err(Error::input(format!(
                "{} is a parameter of the Lookahead wrapper, which lookahead_k turns on: give lookahead_k too (a whole number >= 1, the steps between syncs) or drop it",
                LOOKAHEAD[1].name
            )));
        }
        let x_slot = check_axis(spec, "x axis (--x)", &spec.x)?;
        let y_slot = check_axis(spec, "y axis (--y)", &spec.y)?;
        if x_slot == y_slot {
            return Err(Error::input(format!(
                "the x and y axes both sweep {}: choose two different quantities",
                spec.x.quantity
            )));
        }
        let objective = Objective {
            kind: spec.objective,
            coeffs: spec.quadratic.unwrap_or(QUADRATIC_DEFAULT),
            data: dataset(spec)?.map(Arc::new),
        };
        let batch = slots[slot::BATCH] as u32;
        if batch as usize > MAX_EXAMPLES {
            return Err(Error::invalid(
                "batch",
                batch,
                format!("0 (every example) to {MAX_EXAMPLES}"),
            ));
        }
        if spec.seed > MAX_SEED {
            return Err(Error::invalid(
                "seed (--seed)",
                spec.seed,
                format!("0 to {MAX_SEED}"),
            ));
        }
        // Noise or sparsity anywhere: in the base values or on an axis that leaves 0.
        let stochastic = GRADIENT_QUANTITIES.iter().any(|q| {
            slots[q.slot] != 0.0
                || [(x_slot, &spec.x), (y_slot, &spec.y)]
                    .iter()
                    .any(|(s, a)| *s == q.slot && (a.lo != 0.0 || a.hi != 0.0))
        });
        if spec.optimizer == Optimizer::Lbfgs {
            if stochastic || batch > 0 {
                return Err(Error::input(
                    "lbfgs evaluates the objective several times a step, as torch's closure does, so it takes no noisy or minibatch gradient: drop noise, sparsity and batch, or choose another optimizer",
                ));
            }
            let history = slots[slot::HISTORY_SIZE];
            if history > MAX_HISTORY as f64 {
                return Err(Error::invalid(
                    "history_size",
                    history,
                    format!("a whole number from 1 to {MAX_HISTORY}"),
                ));
            }
        }
        let bound = spec.objective.domain().map(|[lo, hi]| {
            let (c, hw) = (0.5 * (lo + hi), 0.5 * (hi - lo));
            [c - spec.bound * hw, c + spec.bound * hw]
        });
        let axis_values = [spec.x.values(spec.res[0]), spec.y.values(spec.res[1])];
        let drives = [
            Drive::axis(x_slot, &axis_values[0]),
            Drive::axis(y_slot, &axis_values[1]),
        ];
        let minima = objective.minima();
        if !minima.iter().any(|m| m.global)
            && spec.criterion != CriterionKind::Gradient
            && spec.objective.formula_objective().is_some()
        {
            return Err(Error::input(format!(
                "no minimum of the formula was found on its domain, so the {} criterion has nothing to measure against: give its minima (--minima X,Y) or use --criterion gradient",
                spec.criterion.name()
            )));
        }
        if !minima.iter().any(|m| m.global) && spec.criterion != CriterionKind::Gradient {
            return Err(Error::input(format!(
                "no minimum of {} was found (its data may not determine θ), so the {} criterion has nothing to measure against: use --criterion gradient",
                spec.objective.name(),
                spec.criterion.name()
            )));
        }
        Ok(Plan {
            objective,
            optimizer: spec.optimizer,
            base: slots,
            axis_slots: [x_slot, y_slot],
            axis_values,
            drives,
            steps: spec.steps,
            criterion: spec.criterion,
            tol: spec.tol,
            early_stop: spec.early_stop,
            bound,
            minima,
            capture_radius: spec.objective.capture_radius(),
            schedule: spec.schedule,
            seed: spec.seed,
            stochastic,
            batch,
            dimension: spec.dimension,
            trainability: spec.trainability,
            lr_followers,
            lookahead,
        })
    }

    /// What advances each instance: the optimizer, wrapped or not.
    pub fn update(&self) -> Update {
        Update {
            optimizer: self.optimizer,
            lookahead: self.lookahead,
        }
    }

    /// Words of history each instance keeps beside its state: L-BFGS's step pairs, none for
    /// every other rule.
    pub fn history_words(&self) -> usize {
        if self.optimizer == Optimizer::Lbfgs {
            crate::model::optimizer::lbfgs::history_words(self.base[slot::HISTORY_SIZE] as usize)
        } else {
            0
        }
    }

    pub fn width(&self) -> usize {
        self.axis_values[0].len()
    }

    pub fn height(&self) -> usize {
        self.axis_values[1].len()
    }

    pub fn instances(&self) -> usize {
        self.width() * self.height()
    }

    /// The slot table of instance `i`, in precision `F`: base values rounded to `F`, then what
    /// its column and its row set (the same rounded values the GPU reads from its tables).
    pub fn slots<F: Real>(&self, i: usize) -> [F; SLOT_COUNT] {
        let mut s = self.base.map(F::lit);
        for (drive, at) in self.drives.iter().zip([i % self.width(), i / self.width()]) {
            for (&k, &v) in drive.slots.iter().zip(drive.at(at)) {
                s[k] = F::lit(v);
            }
        }
        for &k in &self.lr_followers {
            s[k] = s[slot::LR];
        }
        s
    }

    /// This plan with its columns and rows setting other slots: `drives[0]` one entry per
    /// column, `drives[1]` per row (the axis values stay as the outputs' coordinates). The
    /// caller has checked the values. A slot set by both takes the row's value.
    pub fn with_drives(mut self, drives: [Drive; 2]) -> Plan {
        assert_eq!(drives[0].values.len(), self.width() * drives[0].stride());
        assert_eq!(drives[1].values.len(), self.height() * drives[1].stride());
        self.drives = drives;
        self
    }

    /// The start point and hyperparameters of instance `i`.
    pub fn instance<F: Real>(&self, i: usize) -> ([F; 2], Hyper<F>) {
        let s = self.slots::<F>(i);
        ([s[0], s[1]], Hyper::from_slots(&s))
    }

    /// f* (the smallest value among the global minima).
    pub fn global_value(&self) -> f64 {
        self.minima
            .iter()
            .filter(|m| m.global)
            .map(|m| m.value)
            .fold(f64::INFINITY, f64::min)
    }

    /// What instance(s) `index` run under, with their hyperparameters and tests.
    pub fn rules<'a, T: Num>(
        &'a self,
        hyper: &'a Hyper<T>,
        checks: &'a Checks<T::Scalar>,
        index: T::Bits,
    ) -> Rules<'a, T> {
        Rules {
            objective: &self.objective,
            optimizer: self.optimizer,
            lookahead: self.lookahead,
            schedule: self.schedule,
            hyper,
            checks,
            early_stop: self.early_stop,
            perturb: self.stochastic,
            batch: self.batch,
            draws: Draws {
                key: random::key(self.seed),
                index,
            },
            trainability: self.trainability,
            budget: self.steps,
        }
    }

    /// A data objective's first global minimizer, rounded to f32 (the GPU's `FIT_MIN_X`,
    /// `FIT_MIN_Y`); zeros for the others, whose minimizers are constants of their shader.
    pub fn fit_minimizer(&self) -> [f64; 2] {
        self.fit_minimizer_exact().map(|v| f64::from(v as f32))
    }

    /// [`Plan::fit_minimizer`] unrounded: the f64 kernel's.
    pub fn fit_minimizer_exact(&self) -> [f64; 2] {
        match (&self.objective.data, self.minima.iter().find(|m| m.global)) {
            (Some(_), Some(m)) => [m.x, m.y],
            _ => [0.0, 0.0],
        }
    }

    /// The convergence and divergence tests in precision `F`.
    pub fn checks<F: Real>(&self) -> Checks<F> {
        Checks {
            kind: self.criterion,
            tol: F::lit(self.tol),
            minimizers: self
                .minima
                .iter()
                .filter(|m| m.global)
                .map(|m| [F::lit(m.x), F::lit(m.y)])
                .collect(),
            min_value: F::lit(self.global_value()),
            bound: self.bound.map(|b| b.map(F::lit)),
        }
    }
}

/// A data objective's dataset, generated or read; an error for data fields given to another
/// objective.
fn dataset(spec: &SweepSpec) -> Result<Option<Dataset>> {
    let Some(model) = spec.objective.model() else {
        let given = [
            ("examples (--examples)", spec.examples.is_some()),
            ("data_noise (--data-noise)", spec.data_noise.is_some()),
            ("data_seed (--data-seed)", spec.data_seed.is_some()),
            ("data (--data)", spec.data.is_some()),
        ];
        if let Some((field, _)) = given.iter().find(|(_, g)| *g) {
            return Err(Error::input(format!(
                "{field} is for the data objectives ({}), not {}",
                data_objectives(),
                spec.objective.name()
            )));
        }
        return Ok(None);
    };
    let source = match &spec.data {
        Some(path) => {
            if spec.examples.is_some() || spec.data_noise.is_some() || spec.data_seed.is_some() {
                return Err(Error::input(
                    "data (--data) reads the examples from a file: drop examples, data_noise and data_seed, which generate them",
                ));
            }
            DataSource::File(path.clone())
        }
        None => {
            let examples = spec.examples.unwrap_or(DEFAULT_EXAMPLES);
            if examples == 0 || examples as usize > MAX_EXAMPLES {
                return Err(Error::invalid(
                    "examples (--examples)",
                    examples,
                    format!("1 to {MAX_EXAMPLES}"),
                ));
            }
            let noise = spec.data_noise.unwrap_or(DEFAULT_DATA_NOISE);
            if !(noise.is_finite() && noise >= 0.0) {
                return Err(Error::invalid(
                    "data_noise (--data-noise)",
                    fmt_value(noise),
                    ">= 0 and finite",
                ));
            }
            let seed = spec.data_seed.unwrap_or(0);
            if seed > MAX_SEED {
                return Err(Error::invalid(
                    "data_seed (--data-seed)",
                    seed,
                    format!("0 to {MAX_SEED}"),
                ));
            }
            DataSource::Generated {
                examples,
                noise,
                seed,
            }
        }
    };
    Dataset::new(model, &source).map(Some)
}

fn check_scalars(spec: &SweepSpec) -> Result<()> {
    // Schedule-Free warms up by its own warmup_steps; a schedule's would be a second warmup.
    let schedule = spec.schedule.params(spec.steps);
    if let Some(h) = spec
        .optimizer
        .hypers()
        .iter()
        .find(|h| schedule.iter().any(|p| p.slot == h.slot))
    {
        return Err(Error::input(format!(
            "schedule (--schedule) {}: {} has its own {} (it is schedule-free); choose a schedule without one: {}",
            spec.schedule.name(),
            spec.optimizer.name(),
            h.name,
            Schedule::ALL
                .iter()
                .filter(|s| s.params(spec.steps).iter().all(|p| p.slot != h.slot))
                .map(|s| s.name())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let [w, h] = spec.res;
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
        return Err(Error::invalid(
            "resolution (--res)",
            format!("{w}x{h}"),
            format!("1 to {MAX_SIDE} per side"),
        ));
    }
    if spec.steps == 0 || spec.steps > MAX_STEPS {
        return Err(Error::invalid(
            "steps (--steps)",
            spec.steps,
            format!("1 to {MAX_STEPS}"),
        ));
    }
    if !(spec.tol.is_finite() && spec.tol > 0.0) {
        return Err(Error::invalid(
            "tol (--tol)",
            fmt_value(spec.tol),
            "> 0 and finite",
        ));
    }
    if !(spec.bound.is_finite() && spec.bound >= 1.0) {
        return Err(Error::invalid(
            "bound (--bound)",
            fmt_value(spec.bound),
            ">= 1 (domain half-widths) and finite",
        ));
    }
    if !spec.start.iter().all(|v| v.is_finite()) {
        return Err(Error::invalid(
            "start (--start)",
            format!("{},{}", spec.start[0], spec.start[1]),
            "two finite numbers X,Y",
        ));
    }
    if let Some(q) = spec.quadratic {
        if spec.objective != ObjectiveKind::Quadratic {
            return Err(Error::input(format!(
                "quadratic coefficients (--quadratic) are for --fn quadratic, not {}",
                spec.objective.name()
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
fn check_axis(spec: &SweepSpec, field: &str, axis: &Axis) -> Result<usize> {
    let slot = match axis.quantity.as_str() {
        "x0" => slot::X0,
        "y0" => slot::Y0,
        name => {
            let spec = spec.quantity(name).map_err(|_| {
                let names: Vec<&str> = spec
                    .quantities()
                    .iter()
                    .filter(|h| h.range != Range::Flag && !h.range.is_count())
                    .map(|h| h.name)
                    .collect();
                Error::invalid(
                    field,
                    name,
                    format!(
                        "x0, y0, or a quantity of {} with --schedule {}: {}",
                        spec.optimizer.name(),
                        spec.schedule.name(),
                        names.join(", ")
                    ),
                )
            })?;
            if spec.range == Range::Flag {
                return Err(Error::input(format!(
                    "{field}: {name} is a true/false flag and cannot be an axis; give it as --param {name}=true"
                )));
            }
            if spec.range.is_count() {
                return Err(Error::input(format!(
                    "{field}: {name} takes whole numbers and cannot be an axis; give one value, or a list for panels (--param {name}=1,16,100)"
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
    // HI − LO must be finite too, or the values between the ends overflow.
    if !(axis.hi - axis.lo).is_finite() || axis.lo >= axis.hi {
        return Err(Error::invalid(
            &format!("{field} range"),
            format!("{}:{}", axis.lo, axis.hi),
            "finite LO < HI with a finite width HI − LO",
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
