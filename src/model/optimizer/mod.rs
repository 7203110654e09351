//! The optimizers: which hyperparameters each takes, its state, and one update step.
//!
//! The rules follow `torch.optim` (defaults, order of operations, where `eps` sits, bias
//! correction, step counter from 1); Lion follows its paper. Moving averages are written
//! `β·m + (1−β)·g` everywhere. Bias corrections use running products `βᵗ = βᵗ⁻¹·β` carried in
//! the state instead of `powf` each step.
//!
//! WGSL twin: `shaders/optimizers.wgsl` — one function per arm of [`step`], same operations in
//! the same order; `OptState` there mirrors [`State`] here.

use crate::error::{Error, Result};
use crate::model::hyper::{slot, Hyper, HyperSpec, Range};
use crate::model::num::Num;
use serde::{Deserialize, Serialize};

/// Which update rule. The names are the ones users type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Optimizer {
    Sgd,
    Momentum,
    Nesterov,
    Adagrad,
    Rmsprop,
    Adam,
    Adamw,
    Amsgrad,
    Nadam,
    Radam,
    Adamax,
    Adadelta,
    Lion,
}

const fn h(slot: usize, default: f64, range: Range) -> HyperSpec {
    HyperSpec::new(slot, default, range)
}

const LR: fn(f64) -> HyperSpec = |d| h(slot::LR, d, Range::Positive);
const WD0: HyperSpec = h(slot::WEIGHT_DECAY, 0.0, Range::NonNegative);
const BETA1: HyperSpec = h(slot::BETA1, 0.9, Range::UnitHalfOpen);
const BETA2: HyperSpec = h(slot::BETA2, 0.999, Range::UnitHalfOpen);
const EPS8: HyperSpec = h(slot::EPS, 1e-8, Range::Positive);

impl Optimizer {
    pub const ALL: [Optimizer; 13] = [
        Optimizer::Sgd,
        Optimizer::Momentum,
        Optimizer::Nesterov,
        Optimizer::Adagrad,
        Optimizer::Rmsprop,
        Optimizer::Adam,
        Optimizer::Adamw,
        Optimizer::Amsgrad,
        Optimizer::Nadam,
        Optimizer::Radam,
        Optimizer::Adamax,
        Optimizer::Adadelta,
        Optimizer::Lion,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Optimizer::Sgd => "sgd",
            Optimizer::Momentum => "momentum",
            Optimizer::Nesterov => "nesterov",
            Optimizer::Adagrad => "adagrad",
            Optimizer::Rmsprop => "rmsprop",
            Optimizer::Adam => "adam",
            Optimizer::Adamw => "adamw",
            Optimizer::Amsgrad => "amsgrad",
            Optimizer::Nadam => "nadam",
            Optimizer::Radam => "radam",
            Optimizer::Adamax => "adamax",
            Optimizer::Adadelta => "adadelta",
            Optimizer::Lion => "lion",
        }
    }

    pub fn from_name(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|o| o.name() == name)
            .ok_or_else(|| {
                Error::invalid(
                    "optimizer (--opt)",
                    name,
                    format!("one of {}", Self::names()),
                )
            })
    }

    pub fn names() -> String {
        Self::ALL.map(|o| o.name()).join(", ")
    }

    /// One line on what it is, for `optgrid list`.
    pub fn about(self) -> &'static str {
        match self {
            Optimizer::Sgd => "plain gradient descent (torch.optim.SGD)",
            Optimizer::Momentum => "SGD with heavy-ball momentum (torch.optim.SGD, momentum > 0)",
            Optimizer::Nesterov => "SGD with Nesterov momentum (torch.optim.SGD, nesterov=True)",
            Optimizer::Adagrad => "torch.optim.Adagrad",
            Optimizer::Rmsprop => "torch.optim.RMSprop (optionally centered, with momentum)",
            Optimizer::Adam => "torch.optim.Adam (L2 weight decay)",
            Optimizer::Adamw => "torch.optim.AdamW (decoupled weight decay)",
            Optimizer::Amsgrad => "torch.optim.Adam with amsgrad=True",
            Optimizer::Nadam => "torch.optim.NAdam",
            Optimizer::Radam => "torch.optim.RAdam (rectified Adam)",
            Optimizer::Adamax => "torch.optim.Adamax",
            Optimizer::Adadelta => "torch.optim.Adadelta",
            Optimizer::Lion => "Lion (Chen et al. 2023), not in torch",
        }
    }

    /// The hyperparameters it accepts, with torch's defaults and the ranges torch enforces.
    pub fn hypers(self) -> Vec<HyperSpec> {
        match self {
            Optimizer::Sgd => vec![LR(1e-3), WD0],
            Optimizer::Momentum => vec![
                LR(1e-3),
                h(slot::MOMENTUM, 0.9, Range::UnitHalfOpen),
                h(slot::DAMPENING, 0.0, Range::UnitClosed),
                WD0,
            ],
            // torch refuses nesterov with zero momentum or non-zero dampening.
            Optimizer::Nesterov => vec![LR(1e-3), h(slot::MOMENTUM, 0.9, Range::UnitOpen), WD0],
            Optimizer::Adagrad => vec![
                LR(1e-2),
                h(slot::LR_DECAY, 0.0, Range::NonNegative),
                h(slot::INITIAL_ACCUMULATOR_VALUE, 0.0, Range::NonNegative),
                h(slot::EPS, 1e-10, Range::Positive),
                WD0,
            ],
            Optimizer::Rmsprop => vec![
                LR(1e-2),
                h(slot::ALPHA, 0.99, Range::UnitHalfOpen),
                EPS8,
                h(slot::MOMENTUM, 0.0, Range::UnitHalfOpen),
                h(slot::CENTERED, 0.0, Range::Flag),
                WD0,
            ],
            Optimizer::Adam => vec![
                LR(1e-3),
                BETA1,
                BETA2,
                EPS8,
                WD0,
                h(slot::AMSGRAD, 0.0, Range::Flag),
            ],
            Optimizer::Adamw => vec![
                LR(1e-3),
                BETA1,
                BETA2,
                EPS8,
                h(slot::WEIGHT_DECAY, 1e-2, Range::NonNegative),
                h(slot::AMSGRAD, 0.0, Range::Flag),
            ],
            Optimizer::Amsgrad => vec![LR(1e-3), BETA1, BETA2, EPS8, WD0],
            Optimizer::Nadam => vec![
                LR(2e-3),
                BETA1,
                BETA2,
                EPS8,
                h(slot::MOMENTUM_DECAY, 4e-3, Range::NonNegative),
                WD0,
            ],
            Optimizer::Radam => vec![LR(1e-3), BETA1, BETA2, EPS8, WD0],
            Optimizer::Adamax => vec![LR(2e-3), BETA1, BETA2, EPS8, WD0],
            Optimizer::Adadelta => vec![
                LR(1.0),
                h(slot::RHO, 0.9, Range::UnitHalfOpen),
                h(slot::EPS, 1e-6, Range::Positive),
                WD0,
            ],
            Optimizer::Lion => vec![
                LR(1e-4),
                BETA1,
                h(slot::BETA2, 0.99, Range::UnitHalfOpen),
                WD0,
            ],
        }
    }

    /// The spec of one named hyperparameter, or an error listing the ones it has.
    pub fn hyper(self, name: &str) -> Result<HyperSpec> {
        let specs = self.hypers();
        specs
            .iter()
            .copied()
            .find(|s| s.name == name)
            .ok_or_else(|| {
                let known: Vec<&str> = specs.iter().map(|s| s.name).collect();
                Error::new(format!(
                    "optimizer '{}' has no hyperparameter '{}': it has {}",
                    self.name(),
                    name,
                    known.join(", ")
                ))
            })
    }
}

/// An optimizer's state for one instance. Slots are shared between optimizers; the comment on
/// each arm of [`step`] says what it keeps where. WGSL twin: `struct OptState` in
/// `shaders/optimizers.wgsl`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct State<T> {
    /// First moment / momentum buffer / Adagrad's sum / Adadelta's square average.
    pub m: [T; 2],
    /// Second moment / RMSprop's square average / Adamax's u / Adadelta's delta average.
    pub v: [T; 2],
    /// AMSGrad's max of v / centred RMSprop's gradient average.
    pub w: [T; 2],
    /// Running products: β1ᵗ (NAdam: 0.96^(tψ)), β2ᵗ, NAdam's μ product.
    pub p: [T; 3],
}

impl<T: Num> State<T> {
    /// The state before step 1.
    pub fn new(opt: Optimizer, h: &Hyper<T>) -> Self {
        let z = T::c(0.0);
        let acc = if opt == Optimizer::Adagrad {
            h.initial_accumulator_value
        } else {
            z
        };
        let one = T::c(1.0);
        State {
            m: [acc, acc],
            v: [z, z],
            w: [z, z],
            p: [one, one, one],
        }
    }

    /// Sum of every value: non-finite exactly when some value is non-finite (or the sum
    /// overflows, which counts as diverged too). One test instead of one per value.
    #[inline(always)]
    pub fn checksum(&self) -> T {
        self.m[0] + self.m[1] + self.v[0] + self.v[1] + self.w[0] + self.w[1]
    }

    /// `m ? a : b`, lane by lane.
    #[inline(always)]
    pub fn select(m: T::Mask, a: &Self, b: &Self) -> Self {
        let s2 = |x: [T; 2], y: [T; 2]| [T::select(m, x[0], y[0]), T::select(m, x[1], y[1])];
        State {
            m: s2(a.m, b.m),
            v: s2(a.v, b.v),
            w: s2(a.w, b.w),
            p: [
                T::select(m, a.p[0], b.p[0]),
                T::select(m, a.p[1], b.p[1]),
                T::select(m, a.p[2], b.p[2]),
            ],
        }
    }
}

/// Advances `pos` by one step `t` (counting from 1) given the gradient `grad` at `pos`.
#[inline(always)]
pub fn step<T: Num>(
    opt: Optimizer,
    h: &Hyper<T>,
    t: u32,
    pos: &mut [T; 2],
    grad: [T; 2],
    s: &mut State<T>,
) {
    let one = T::c(1.0);
    // torch's L2 decay: g + λθ (exact when λ = 0).
    let l2 = |i: usize, p: &[T; 2]| grad[i] + h.weight_decay * p[i];
    match opt {
        Optimizer::Sgd => {
            for i in 0..2 {
                let g = l2(i, pos);
                pos[i] = pos[i] - h.lr * g;
            }
        }
        // m: momentum buffer b.
        Optimizer::Momentum | Optimizer::Nesterov => {
            for i in 0..2 {
                let g = l2(i, pos);
                s.m[i] = if t == 1 {
                    g
                } else {
                    h.momentum * s.m[i] + (one - h.dampening) * g
                };
                let d = if opt == Optimizer::Nesterov {
                    g + h.momentum * s.m[i]
                } else {
                    s.m[i]
                };
                pos[i] = pos[i] - h.lr * d;
            }
        }
        // m: sum of squared gradients.
        Optimizer::Adagrad => {
            let clr = h.lr / (one + T::c(f64::from(t - 1)) * h.lr_decay);
            for i in 0..2 {
                let g = l2(i, pos);
                s.m[i] = s.m[i] + g * g;
                let std = s.m[i].sqrt() + h.eps;
                pos[i] = pos[i] - clr * (g / std);
            }
        }
        // v: square average; w: gradient average (centred); m: momentum buffer (with
        // momentum 0 it equals g/avg, so one form serves both).
        Optimizer::Rmsprop => {
            for i in 0..2 {
                let g = l2(i, pos);
                s.v[i] = h.alpha * s.v[i] + (one - h.alpha) * (g * g);
                let mut var = s.v[i];
                if h.centered {
                    s.w[i] = h.alpha * s.w[i] + (one - h.alpha) * g;
                    var = var - s.w[i] * s.w[i];
                }
                let avg = var.sqrt() + h.eps;
                s.m[i] = h.momentum * s.m[i] + g / avg;
                pos[i] = pos[i] - h.lr * s.m[i];
            }
        }
        // m, v: moments; w: max of v (amsgrad); p[0], p[1]: β1ᵗ, β2ᵗ.
        Optimizer::Adam | Optimizer::Adamw | Optimizer::Amsgrad => {
            let decoupled = opt == Optimizer::Adamw;
            let amsgrad = h.amsgrad || opt == Optimizer::Amsgrad;
            s.p[0] = s.p[0] * h.beta1;
            s.p[1] = s.p[1] * h.beta2;
            let step_size = h.lr / (one - s.p[0]);
            let bc2_sqrt = (one - s.p[1]).sqrt();
            for i in 0..2 {
                let g = if decoupled {
                    pos[i] = pos[i] * (one - h.lr * h.weight_decay);
                    grad[i]
                } else {
                    l2(i, pos)
                };
                s.m[i] = h.beta1 * s.m[i] + (one - h.beta1) * g;
                s.v[i] = h.beta2 * s.v[i] + (one - h.beta2) * (g * g);
                let mut v = s.v[i];
                if amsgrad {
                    s.w[i] = s.w[i].max(v);
                    v = s.w[i];
                }
                let denom = v.sqrt() / bc2_sqrt + h.eps;
                pos[i] = pos[i] - step_size * (s.m[i] / denom);
            }
        }
        // m, v: moments; p[0]: 0.96^(tψ); p[1]: β2ᵗ; p[2]: μ product Π.
        Optimizer::Nadam => {
            let decay = h.nadam_decay;
            s.p[0] = s.p[0] * decay;
            s.p[1] = s.p[1] * h.beta2;
            let half = T::c(0.5);
            let mu = h.beta1 * (one - half * s.p[0]);
            let mu_next = h.beta1 * (one - half * (s.p[0] * decay));
            s.p[2] = s.p[2] * mu;
            let mu_product_next = s.p[2] * mu_next;
            let bc2 = one - s.p[1];
            let grad_coef = -h.lr * (one - mu) / (one - s.p[2]);
            let mom_coef = -h.lr * mu_next / (one - mu_product_next);
            for i in 0..2 {
                let g = l2(i, pos);
                s.m[i] = h.beta1 * s.m[i] + (one - h.beta1) * g;
                s.v[i] = h.beta2 * s.v[i] + (one - h.beta2) * (g * g);
                let denom = (s.v[i] / bc2).sqrt() + h.eps;
                pos[i] = pos[i] + grad_coef * (g / denom);
                pos[i] = pos[i] + mom_coef * (s.m[i] / denom);
            }
        }
        // m, v: moments; p[0], p[1]: β1ᵗ, β2ᵗ.
        Optimizer::Radam => {
            s.p[0] = s.p[0] * h.beta1;
            s.p[1] = s.p[1] * h.beta2;
            let bc1 = one - s.p[0];
            let bc2 = one - s.p[1];
            let two = T::c(2.0);
            let rho_inf = two / (one - h.beta2) - one;
            let rho_t = rho_inf - two * T::c(f64::from(t)) * s.p[1] / bc2;
            let four = T::c(4.0);
            let rectified = rho_t.gt(T::c(5.0));
            let rect = ((rho_t - four) * (rho_t - two) * rho_inf
                / ((rho_inf - four) * (rho_inf - two) * rho_t))
                .sqrt();
            for i in 0..2 {
                let g = l2(i, pos);
                s.m[i] = h.beta1 * s.m[i] + (one - h.beta1) * g;
                s.v[i] = h.beta2 * s.v[i] + (one - h.beta2) * (g * g);
                let m_hat = s.m[i] / bc1;
                let adaptive = bc2.sqrt() / (s.v[i].sqrt() + h.eps);
                pos[i] = T::select(
                    rectified,
                    pos[i] - m_hat * h.lr * adaptive * rect,
                    pos[i] - m_hat * h.lr,
                );
            }
        }
        // m: first moment; v: infinity norm u; p[0]: β1ᵗ.
        Optimizer::Adamax => {
            s.p[0] = s.p[0] * h.beta1;
            let clr = h.lr / (one - s.p[0]);
            for i in 0..2 {
                let g = l2(i, pos);
                s.m[i] = h.beta1 * s.m[i] + (one - h.beta1) * g;
                s.v[i] = (h.beta2 * s.v[i]).max(g.abs() + h.eps);
                pos[i] = pos[i] - clr * (s.m[i] / s.v[i]);
            }
        }
        // m: square average of g; v: square average of the updates Δ.
        Optimizer::Adadelta => {
            for i in 0..2 {
                let g = l2(i, pos);
                s.m[i] = h.rho * s.m[i] + (one - h.rho) * (g * g);
                let std = (s.m[i] + h.eps).sqrt();
                let delta = (s.v[i] + h.eps).sqrt() / std * g;
                s.v[i] = h.rho * s.v[i] + (one - h.rho) * (delta * delta);
                pos[i] = pos[i] - h.lr * delta;
            }
        }
        // m: momentum (the slower average, β2).
        Optimizer::Lion => {
            for i in 0..2 {
                pos[i] = pos[i] * (one - h.lr * h.weight_decay);
                let c = h.beta1 * s.m[i] + (one - h.beta1) * grad[i];
                pos[i] = pos[i] - h.lr * c.sign();
                s.m[i] = h.beta2 * s.m[i] + (one - h.beta2) * grad[i];
            }
        }
    }
}

/// The effective per-coordinate step size after step `t`: the learning rate divided by the
/// current adaptive denominator (adaptive methods), or the learning rate itself (SGD, momentum,
/// Lion). Reads the state [`step`] left; used by `optgrid trace` to show how methods adapt.
pub fn effective_step<T: Num>(opt: Optimizer, h: &Hyper<T>, t: u32, s: &State<T>) -> [T; 2] {
    let one = T::c(1.0);
    let per = |f: &dyn Fn(usize) -> T| [f(0), f(1)];
    match opt {
        Optimizer::Sgd | Optimizer::Momentum | Optimizer::Nesterov | Optimizer::Lion => {
            [h.lr, h.lr]
        }
        Optimizer::Adagrad => {
            let clr = h.lr / (one + T::c(f64::from(t.max(1) - 1)) * h.lr_decay);
            per(&|i| clr / (s.m[i].sqrt() + h.eps))
        }
        Optimizer::Rmsprop => per(&|i| {
            let var = if h.centered {
                s.v[i] - s.w[i] * s.w[i]
            } else {
                s.v[i]
            };
            h.lr / (var.sqrt() + h.eps)
        }),
        Optimizer::Adam | Optimizer::Adamw | Optimizer::Amsgrad => {
            let amsgrad = h.amsgrad || opt == Optimizer::Amsgrad;
            let bc2_sqrt = (one - s.p[1]).sqrt();
            per(&|i| {
                let v = if amsgrad { s.w[i] } else { s.v[i] };
                h.lr / (one - s.p[0]) / (v.sqrt() / bc2_sqrt + h.eps)
            })
        }
        Optimizer::Nadam => per(&|i| h.lr / ((s.v[i] / (one - s.p[1])).sqrt() + h.eps)),
        Optimizer::Radam => {
            let two = T::c(2.0);
            let four = T::c(4.0);
            let bc2 = one - s.p[1];
            let rho_inf = two / (one - h.beta2) - one;
            let rho_t = rho_inf - two * T::c(f64::from(t)) * s.p[1] / bc2;
            let rect = ((rho_t - four) * (rho_t - two) * rho_inf
                / ((rho_inf - four) * (rho_inf - two) * rho_t))
                .sqrt();
            let plain = h.lr / (one - s.p[0]);
            per(&|i| {
                let rectified = plain * rect * bc2.sqrt() / (s.v[i].sqrt() + h.eps);
                T::select(rho_t.gt(T::c(5.0)), rectified, plain)
            })
        }
        Optimizer::Adamax => per(&|i| h.lr / ((one - s.p[0]) * s.v[i])),
        Optimizer::Adadelta => per(&|i| h.lr * (s.v[i] + h.eps).sqrt() / (s.m[i] + h.eps).sqrt()),
    }
}
