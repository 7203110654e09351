//! Hyperparameters: their names, valid ranges, and the fixed slot each occupies.
//!
//! Every sweepable quantity — the start coordinates `x0`, `y0` and every hyperparameter of every
//! optimizer — has one slot in a 16-value table. An engine fills the table from the spec, then
//! overwrites the slots named by the image axes per instance. The WGSL twin is `struct Hyper` and
//! `load_hyper` in `shaders/sweep.wgsl`, which reads the same slot numbers.

use crate::error::{Error, Result};
use crate::model::num::Lanes;
use crate::model::num::Real;
use std::fmt;

/// Number of slots in the table (the shader holds it as four `vec4<f32>`).
pub const SLOT_COUNT: usize = 16;

/// Slot numbers. Keep in step with the `SLOT_*` constants in `shaders/sweep.wgsl`.
pub mod slot {
    pub const X0: usize = 0;
    pub const Y0: usize = 1;
    pub const LR: usize = 2;
    pub const BETA1: usize = 3;
    pub const BETA2: usize = 4;
    pub const EPS: usize = 5;
    pub const WEIGHT_DECAY: usize = 6;
    pub const MOMENTUM: usize = 7;
    pub const DAMPENING: usize = 8;
    pub const ALPHA: usize = 9;
    pub const RHO: usize = 10;
    pub const LR_DECAY: usize = 11;
    pub const MOMENTUM_DECAY: usize = 12;
    pub const INITIAL_ACCUMULATOR_VALUE: usize = 13;
    pub const CENTERED: usize = 14;
    pub const AMSGRAD: usize = 15;
}

/// The name users type for each slot.
pub const SLOT_NAMES: [&str; SLOT_COUNT] = [
    "x0",
    "y0",
    "lr",
    "beta1",
    "beta2",
    "eps",
    "weight_decay",
    "momentum",
    "dampening",
    "alpha",
    "rho",
    "lr_decay",
    "momentum_decay",
    "initial_accumulator_value",
    "centered",
    "amsgrad",
];

/// The slot of a quantity name, if it names one.
pub fn slot_of(name: &str) -> Option<usize> {
    SLOT_NAMES.iter().position(|n| *n == name)
}

/// The values a hyperparameter may take.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Range {
    /// Finite and > 0 (`lr`, `eps`).
    Positive,
    /// Finite and ≥ 0 (`weight_decay`, `lr_decay`, ...).
    NonNegative,
    /// In [0, 1) (`beta1`, `beta2`, `alpha`, `rho`, `momentum`).
    UnitHalfOpen,
    /// In (0, 1) (`momentum` of `nesterov`, which torch requires to be positive).
    UnitOpen,
    /// In [0, 1] (`dampening`).
    UnitClosed,
    /// 0 or 1, written false/true (`centered`, `amsgrad`). Not sweepable on an axis.
    Flag,
}

impl Range {
    pub fn contains(self, v: f64) -> bool {
        if !v.is_finite() {
            return false;
        }
        match self {
            Range::Positive => v > 0.0,
            Range::NonNegative => v >= 0.0,
            Range::UnitHalfOpen => (0.0..1.0).contains(&v),
            Range::UnitOpen => v > 0.0 && v < 1.0,
            Range::UnitClosed => (0.0..=1.0).contains(&v),
            Range::Flag => v == 0.0 || v == 1.0,
        }
    }
}

impl fmt::Display for Range {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Range::Positive => "> 0 and finite",
            Range::NonNegative => ">= 0 and finite",
            Range::UnitHalfOpen => "in [0, 1)",
            Range::UnitOpen => "in (0, 1)",
            Range::UnitClosed => "in [0, 1]",
            Range::Flag => "true or false (1 or 0)",
        })
    }
}

/// One hyperparameter an optimizer accepts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HyperSpec {
    pub name: &'static str,
    pub slot: usize,
    pub default: f64,
    pub range: Range,
}

impl HyperSpec {
    pub const fn new(slot: usize, default: f64, range: Range) -> Self {
        HyperSpec {
            name: SLOT_NAMES[slot],
            slot,
            default,
            range,
        }
    }

    /// Checks a value against the range, naming the field in the error.
    pub fn check(&self, v: f64) -> Result<()> {
        if self.range.contains(v) {
            Ok(())
        } else {
            Err(Error::invalid(self.name, fmt_value(v), self.range))
        }
    }
}

/// Formats a value as a user would type it (no trailing `.0` noise for flags).
pub fn fmt_value(v: f64) -> String {
    format!("{v}")
}

/// The hyperparameters one instance (or one lane bundle of instances) runs with, in its
/// engine's precision: the slot table read into named fields. The flags are the same for every
/// instance of a sweep (they cannot be axes). WGSL twin: `struct Hyper` in `shaders/sweep.wgsl`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hyper<T> {
    pub lr: T,
    pub beta1: T,
    pub beta2: T,
    pub eps: T,
    pub weight_decay: T,
    pub momentum: T,
    pub dampening: T,
    pub alpha: T,
    pub rho: T,
    pub lr_decay: T,
    pub momentum_decay: T,
    pub initial_accumulator_value: T,
    pub centered: bool,
    pub amsgrad: bool,
    /// NAdam's per-step factor 0.96^momentum_decay, hoisted out of the step loop.
    pub nadam_decay: T,
}

impl<F: Real> Hyper<F> {
    /// Reads the named fields from a slot table.
    pub fn from_slots(s: &[F; SLOT_COUNT]) -> Self {
        Hyper {
            lr: s[slot::LR],
            beta1: s[slot::BETA1],
            beta2: s[slot::BETA2],
            eps: s[slot::EPS],
            weight_decay: s[slot::WEIGHT_DECAY],
            momentum: s[slot::MOMENTUM],
            dampening: s[slot::DAMPENING],
            alpha: s[slot::ALPHA],
            rho: s[slot::RHO],
            lr_decay: s[slot::LR_DECAY],
            momentum_decay: s[slot::MOMENTUM_DECAY],
            initial_accumulator_value: s[slot::INITIAL_ACCUMULATOR_VALUE],
            centered: s[slot::CENTERED] != F::zero(),
            amsgrad: s[slot::AMSGRAD] != F::zero(),
            nadam_decay: F::lit(0.96).powf(s[slot::MOMENTUM_DECAY]),
        }
    }
}

impl<F: Real, const N: usize> Hyper<Lanes<F, N>> {
    /// N instances' hyperparameters side by side, one per lane.
    pub fn gather(h: &[Hyper<F>; N]) -> Self {
        let lane = |f: fn(&Hyper<F>) -> F| Lanes::from_fn(|l| f(&h[l]));
        Hyper {
            lr: lane(|h| h.lr),
            beta1: lane(|h| h.beta1),
            beta2: lane(|h| h.beta2),
            eps: lane(|h| h.eps),
            weight_decay: lane(|h| h.weight_decay),
            momentum: lane(|h| h.momentum),
            dampening: lane(|h| h.dampening),
            alpha: lane(|h| h.alpha),
            rho: lane(|h| h.rho),
            lr_decay: lane(|h| h.lr_decay),
            momentum_decay: lane(|h| h.momentum_decay),
            initial_accumulator_value: lane(|h| h.initial_accumulator_value),
            centered: h[0].centered,
            amsgrad: h[0].amsgrad,
            nadam_decay: lane(|h| h.nadam_decay),
        }
    }
}
