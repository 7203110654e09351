//! Learning-rate schedules: the learning rate at optimizer step t (counted from 1) is
//! `lr · factor(t − 1)`, as torch gives when `scheduler.step()` follows every
//! `optimizer.step()`. Each schedule's parameters are quantities like hyperparameters (slots),
//! so they can be axes and panel lists.
//!
//! WGSL twin: `scheduled_lr` in `shaders/schedules.wgsl`, the same operations in the same order
//! (powers as exp(y ln x) and cosines as cos 2π(x/2) with the engines' own functions).

use crate::model::hyper::{slot, Hyper, HyperSpec, Range};
use crate::model::num::Num;

crate::model::catalogue_enum! {
    /// Which learning-rate schedule. The names are the ones users type.
    pub enum Schedule {
        Constant = "constant",
        Step = "step",
        Exponential = "exponential",
        Cosine = "cosine",
        Linear = "linear",
        WarmupCosine = "warmup_cosine",
    }
    field = "schedule (--schedule)";
}

// (Not derived: catalogue_enum! declares the enum.)
#[allow(clippy::derivable_impls)]
impl Default for Schedule {
    fn default() -> Self {
        Schedule::Constant
    }
}

impl Schedule {
    /// The index the shader's `SCHEDULE` override constant takes.
    pub fn index(self) -> u32 {
        self as u32
    }

    /// The formula and the class it reproduces, for `optgrid list`.
    pub fn about(self) -> &'static str {
        match self {
            Schedule::Constant => "factor 1",
            Schedule::Step => "gamma^floor(k / step_size) (torch StepLR)",
            Schedule::Exponential => "gamma^k (torch ExponentialLR)",
            Schedule::Cosine => {
                "eta_min + (lr - eta_min)(1 + cos(pi k / t_max))/2, periodic past t_max (torch CosineAnnealingLR)"
            }
            Schedule::Linear => {
                "start_factor + (end_factor - start_factor) min(k, total_iters)/total_iters (torch LinearLR)"
            }
            Schedule::WarmupCosine => {
                "k/warmup_steps while k < warmup_steps, then (1 + cos(pi (k - warmup)/(total_steps - warmup)))/2 (transformers get_cosine_schedule_with_warmup)"
            }
        }
    }

    /// Its parameters with their defaults for a budget of `steps` (`t_max`, `total_steps`:
    /// the budget; `warmup_steps`: a tenth of it) and the ranges torch accepts.
    pub fn params(self, steps: u32) -> Vec<HyperSpec> {
        let s = f64::from(steps);
        let p = HyperSpec::new;
        match self {
            Schedule::Constant => vec![],
            Schedule::Step => vec![
                p(slot::STEP_SIZE, 100.0, Range::Positive),
                p(slot::GAMMA, 0.1, Range::Positive),
            ],
            Schedule::Exponential => vec![p(slot::GAMMA, 0.99, Range::Positive)],
            Schedule::Cosine => vec![
                p(slot::T_MAX, s, Range::Positive),
                p(slot::ETA_MIN, 0.0, Range::NonNegative),
            ],
            Schedule::Linear => vec![
                p(slot::START_FACTOR, 1.0 / 3.0, Range::UnitOpenClosed),
                p(slot::END_FACTOR, 1.0, Range::UnitClosed),
                p(slot::TOTAL_ITERS, 5.0, Range::Positive),
            ],
            Schedule::WarmupCosine => vec![
                p(slot::WARMUP_STEPS, (0.1 * s).round(), Range::NonNegative),
                p(slot::TOTAL_STEPS, s, Range::Positive),
            ],
        }
    }

    /// The learning rate of step `t` (from 1) for a parameter group whose base rate is `lr`
    /// (`h.lr`, `h.lr_x` or `h.lr_y`), as torch's scheduler steps each group's rate.
    #[inline(always)]
    pub fn lr<T: Num>(self, lr: T, h: &Hyper<T>, t: u32) -> T {
        self.scaling(h, t).apply(lr)
    }

    /// What step `t` does to any base rate: the costly part (powers, cosines), computed once
    /// for both coordinates' rates.
    #[inline(always)]
    pub fn scaling<T: Num>(self, h: &Hyper<T>, t: u32) -> Scaling<T> {
        let k = T::c(f64::from(t - 1));
        let (one, half) = (T::c(1.0), T::c(0.5));
        // cos(πx) as cos 2π(x/2): the periodic objectives' reduction in turns.
        let cos_pi = |x: T| (x * half).sin_cos_turns().1;
        let factor = match self {
            Schedule::Constant => one,
            Schedule::Step => h.gamma.pow((k / h.step_size).floor()),
            Schedule::Exponential => h.gamma.pow(k),
            Schedule::Cosine => one + cos_pi(k / h.t_max),
            Schedule::Linear => {
                let done = k.min(h.total_iters) / h.total_iters;
                h.start_factor + (h.end_factor - h.start_factor) * done
            }
            Schedule::WarmupCosine => {
                let warm = k / h.warmup_steps.max(one);
                let progress = (k - h.warmup_steps) / (h.total_steps - h.warmup_steps).max(one);
                let decay = T::c(0.0).max(half * (one + cos_pi(progress)));
                T::select(k.lt(h.warmup_steps), warm, decay)
            }
        };
        Scaling {
            factor,
            cosine: (self == Schedule::Cosine).then_some(h.eta_min),
        }
    }

    /// The hyperparameters step `t` runs with: `h` with the learning rates the update rules
    /// read (`lr_x`, `lr_y`) scheduled; `lr`, the base they follow, is left as it is.
    #[inline(always)]
    pub fn at<T: Num>(self, h: &Hyper<T>, t: u32) -> Hyper<T> {
        let scaling = self.scaling(h, t);
        Hyper {
            lr_x: scaling.apply(h.lr_x),
            lr_y: scaling.apply(h.lr_y),
            ..*h
        }
    }
}

/// One step's schedule, applied to a base rate with the operations of the formula it comes
/// from (so the bits are the formula's): `lr · factor`, or for the cosine
/// `eta_min + (lr − eta_min) · factor · ½` with `factor` = 1 + cos(πk/t_max). The constant
/// schedule's factor is 1, and lr · 1 is lr exactly.
#[derive(Debug, Clone, Copy)]
pub struct Scaling<T> {
    factor: T,
    /// `eta_min`, for the cosine schedule.
    cosine: Option<T>,
}

impl<T: Num> Scaling<T> {
    #[inline(always)]
    pub fn apply(&self, lr: T) -> T {
        match self.cosine {
            Some(eta_min) => eta_min + (lr - eta_min) * self.factor * T::c(0.5),
            None => lr * self.factor,
        }
    }
}
