//! What an engine runs: a validated single-map sweep with every value resolved.

use crate::model::criterion::{Checks, CriterionKind};
use crate::model::hyper::{Hyper, SLOT_COUNT};
use crate::model::num::Real;
use crate::model::objective::{Minimum, Objective};
use crate::model::optimizer::Optimizer;
use crate::spec::sweep::SweepSpec;

/// A validated single-map sweep. Instance `i` sits at column `i % width` and row `i / width`;
/// row `r` is at `y_values[r]` (rows ascend in y).
#[derive(Debug, Clone)]
pub struct Plan {
    pub objective: Objective,
    pub optimizer: Optimizer,
    /// Every slot's value before the axes are applied (`x0`, `y0` = the start point).
    pub base: [f64; SLOT_COUNT],
    /// The slots the x and y axes drive.
    pub axis_slots: [usize; 2],
    /// The values along x (one per column) and y (one per row).
    pub axis_values: [Vec<f64>; 2],
    pub steps: u32,
    pub criterion: CriterionKind,
    pub tol: f64,
    pub early_stop: bool,
    /// The divergence box `[lo, hi]` per coordinate.
    pub bound: [[f64; 2]; 2],
    /// Every known minimum (basin labels index into this list).
    pub minima: Vec<Minimum>,
    pub capture_radius: f64,
}

impl Plan {
    pub(crate) fn new(
        spec: &SweepSpec,
        base: [f64; SLOT_COUNT],
        axis_slots: [usize; 2],
        axis_values: [Vec<f64>; 2],
    ) -> Plan {
        let objective = Objective {
            kind: spec.objective,
            coeffs: spec
                .quadratic
                .unwrap_or(crate::model::objective::QUADRATIC_DEFAULT),
        };
        let domain = spec.objective.domain();
        let bound = domain.map(|[lo, hi]| {
            let (c, hw) = (0.5 * (lo + hi), 0.5 * (hi - lo));
            [c - spec.bound * hw, c + spec.bound * hw]
        });
        Plan {
            objective,
            optimizer: spec.optimizer,
            base,
            axis_slots,
            axis_values,
            steps: spec.steps,
            criterion: spec.criterion,
            tol: spec.tol,
            early_stop: spec.early_stop,
            bound,
            minima: objective.minima(),
            capture_radius: spec.objective.capture_radius(),
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

    /// The slot table of instance `i`, in precision `F`: base values rounded to `F`, then the
    /// two axis values (the same rounded values the GPU reads from its axis tables).
    pub fn slots<F: Real>(&self, i: usize) -> [F; SLOT_COUNT] {
        let mut s = self.base.map(F::lit);
        s[self.axis_slots[0]] = F::lit(self.axis_values[0][i % self.width()]);
        s[self.axis_slots[1]] = F::lit(self.axis_values[1][i / self.width()]);
        s
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
