//! When an instance counts as converged, and when as diverged.
//!
//! WGSL twin: `is_converged` and `is_diverged` in `shaders/sweep.wgsl`.

use crate::error::{Error, Result};
use crate::model::num::Real;
use crate::model::num::{Mask, Num};
use crate::model::objective::Objective;
use serde::{Deserialize, Serialize};

/// What "converged" measures. `distance` is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CriterionKind {
    /// Euclidean distance to the nearest global minimizer ≤ tol.
    Distance,
    /// f(θ) − f* ≤ tol.
    Loss,
    /// ‖∇f(θ)‖ ≤ tol (any stationary point counts, minimum or not).
    Gradient,
}

impl CriterionKind {
    pub const ALL: [CriterionKind; 3] = [
        CriterionKind::Distance,
        CriterionKind::Loss,
        CriterionKind::Gradient,
    ];

    pub fn name(self) -> &'static str {
        match self {
            CriterionKind::Distance => "distance",
            CriterionKind::Loss => "loss",
            CriterionKind::Gradient => "gradient",
        }
    }

    pub fn from_name(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| Error::invalid("criterion", name, "one of distance, loss, gradient"))
    }

    /// The index the shader uses (`CRITERION` override constant).
    pub fn index(self) -> u32 {
        self as u32
    }
}

/// The convergence and divergence tests of one sweep, in an engine's precision.
#[derive(Debug, Clone)]
pub struct Checks<F> {
    pub kind: CriterionKind,
    pub tol: F,
    /// The global minimizers (distance criterion).
    pub minimizers: Vec<[F; 2]>,
    /// f* (loss criterion).
    pub min_value: F,
    /// The box outside which an iterate has diverged: `[lo, hi]` per coordinate.
    pub bound: [[F; 2]; 2],
}

impl<F: Real> Checks<F> {
    /// Whether the criterion holds at `p` (per lane).
    #[inline(always)]
    pub fn converged<T: Num<Scalar = F>>(&self, objective: &Objective, p: [T; 2]) -> T::Mask {
        match self.kind {
            CriterionKind::Distance => {
                let tol2 = T::splat(self.tol * self.tol);
                let mut hit = T::Mask::splat(false);
                for m in &self.minimizers {
                    let dx = p[0] - T::splat(m[0]);
                    let dy = p[1] - T::splat(m[1]);
                    hit = hit | (dx * dx + dy * dy).le(tol2);
                }
                hit
            }
            CriterionKind::Loss => {
                (objective.value(p[0], p[1]) - T::splat(self.min_value)).le(T::splat(self.tol))
            }
            CriterionKind::Gradient => {
                let g = objective.gradient(p[0], p[1]);
                (g[0] * g[0] + g[1] * g[1]).le(T::splat(self.tol * self.tol))
            }
        }
    }

    /// True (per lane) when `checksum` (the sum of the state) is non-finite or `p` left the
    /// bound.
    #[inline(always)]
    pub fn diverged<T: Num<Scalar = F>>(&self, p: [T; 2], checksum: T) -> T::Mask {
        let b = |v: F| T::splat(v);
        !(checksum + p[0] + p[1]).is_finite()
            | p[0].lt(b(self.bound[0][0]))
            | b(self.bound[0][1]).lt(p[0])
            | p[1].lt(b(self.bound[1][0]))
            | b(self.bound[1][1]).lt(p[1])
    }
}
