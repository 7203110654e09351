//! The trainability score of Sohl-Dickstein, "The boundary of neural network trainability is
//! fractal" (2024): a run's losses divided by its initial loss (non-finite → 10⁶, clipped at
//! 10⁶); trained if the mean of the last 20 is below 1; the score is −Σ normalised loss when
//! trained, Σ 1/normalised loss when not. Negative scores trained (nearer 0: faster), positive
//! did not (nearer 0: diverged sooner).
//!
//! The losses are those the paper's loop records: f at each step's iterate before the step,
//! θ₀ … θ_{T−1} for a budget of T steps. An instance that stops early holds its last loss for
//! the steps it did not take — 10⁶ after a divergence, f at its final iterate otherwise — so
//! the score never depends on early stopping's bookkeeping beyond that.
//!
//! Accumulated step by step in both engines (WGSL twin: `accumulate_trainability` in
//! `shaders/sweep.wgsl`, its four sums kept in the `scores` binding between dispatches); the
//! score itself is finished on the host by [`Trainability::score`] for both.

use crate::model::num::{Num, Real};

/// A normalised loss's ceiling, and what a non-finite one becomes.
pub const CLIP: f64 = 1e6;
/// How many of the last normalised losses decide whether the run trained.
pub const TAIL: u32 = 20;

/// The running sums of one instance (T a scalar) or of N lanes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trainability<T> {
    /// f at the start point.
    pub initial: T,
    /// Σ n over the losses recorded so far.
    pub sum: T,
    /// Σ 1/n.
    pub sum_inverse: T,
    /// Σ n over the recorded losses among the last [`TAIL`] of the budget.
    pub tail: T,
}

/// f / f₀ with non-finite values (and those above) at [`CLIP`].
#[inline(always)]
pub fn normalised<T: Num>(value: T, initial: T) -> T {
    let n = value / initial;
    let clip = T::c(CLIP);
    // `n < clip` is false for NaN, so NaN and ±∞ above go to the clip alike.
    T::select(n.lt(clip), n, clip)
}

impl<T: Num> Trainability<T> {
    /// Nothing recorded yet, from the loss at the start.
    pub fn start(initial: T) -> Self {
        Trainability {
            initial,
            sum: T::c(0.0),
            sum_inverse: T::c(0.0),
            tail: T::c(0.0),
        }
    }

    /// Records step `t`'s loss (f at the iterate it starts from) where `running`, for a budget
    /// of `budget` steps.
    #[inline(always)]
    pub fn record(&mut self, value: T, t: u32, budget: u32, running: T::Mask) {
        let n = normalised(value, self.initial);
        let zero = T::c(0.0);
        self.sum = self.sum + T::select(running, n, zero);
        self.sum_inverse = self.sum_inverse + T::select(running, T::c(1.0) / n, zero);
        if t + TAIL > budget {
            self.tail = self.tail + T::select(running, n, zero);
        }
    }
}

impl<F: Real> Trainability<F> {
    /// The score of a run that took `taken` of `budget` steps and then stopped (diverged, or
    /// with its last loss `last_value`), in the engine's precision.
    pub fn score(self, taken: u32, budget: u32, diverged: bool, last_value: F) -> F {
        let missing = budget.saturating_sub(taken);
        let held = if diverged {
            F::lit(CLIP)
        } else {
            normalised(last_value, self.initial)
        };
        let count = |k: u32| F::lit(f64::from(k));
        let sum = self.sum + count(missing) * held;
        let sum_inverse = self.sum_inverse + count(missing) / held;
        let tail = self.tail + count(missing.min(TAIL)) * held;
        let trained = tail / count(budget.clamp(1, TAIL)) < F::lit(1.0);
        if budget == 0 {
            return F::lit(f64::NAN);
        }
        if trained {
            -sum
        } else {
            sum_inverse
        }
    }

    /// One lane of a bundle's sums.
    pub fn lane<N: Num<Scalar = F>>(of: &Trainability<N>, l: usize) -> Trainability<F> {
        Trainability {
            initial: of.initial.lane(l),
            sum: of.sum.lane(l),
            sum_inverse: of.sum_inverse.lane(l),
            tail: of.tail.lane(l),
        }
    }
}
