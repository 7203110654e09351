//! The effective per-coordinate step size, for `optgrid trace`.

use super::state::{
    AdabeliefState, AdadeltaState, AdafactorState, AdagradState, AdamState, AdamaxState, AdanState,
    AdemamixState, AsgdState, DadaptAdamState, LambState, LapropState, LbfgsState, MarsState,
    NadamState, ProdigyState, RadamState, RmspropState, RpropState, SchedulefreeAdamwState,
    SchedulefreeSgdState,
};
use super::{Optimizer, State};
use crate::model::hyper::Hyper;
use crate::model::num::{Num, Real};

/// The effective per-coordinate step size after step `t`: the learning rate divided by the
/// current adaptive denominator (adaptive methods), or the learning rate itself (SGD, momentum,
/// Lion). Reads the state [`super::step`] left; used by `optgrid trace` to show how methods adapt.
pub fn effective_step<T: Num>(opt: Optimizer, h: &Hyper<T>, t: u32, state: &State<T>) -> [T; 2] {
    let one = T::c(1.0);
    let per = |f: &dyn Fn(usize) -> T| [f(0), f(1)];
    let lr = [h.lr_x, h.lr_y];
    match opt {
        Optimizer::Sgd | Optimizer::Momentum | Optimizer::Nesterov | Optimizer::Lion => lr,
        Optimizer::Adagrad => {
            let s = AdagradState::view(state);
            per(&|i| {
                lr[i]
                    / (one + T::c(f64::from(t.max(1) - 1)) * h.lr_decay)
                    / (s.sum[i].sqrt() + h.eps)
            })
        }
        Optimizer::Rmsprop => {
            let s = RmspropState::view(state);
            per(&|i| {
                let var = if h.centered {
                    s.square_avg[i] - s.grad_avg[i] * s.grad_avg[i]
                } else {
                    s.square_avg[i]
                };
                lr[i] / (var.sqrt() + h.eps)
            })
        }
        Optimizer::Adam | Optimizer::Adamw | Optimizer::Amsgrad => {
            let s = AdamState::view(state);
            let amsgrad = h.amsgrad || opt == Optimizer::Amsgrad;
            let bc2_sqrt = (one - s.beta2_power[0]).sqrt();
            per(&|i| {
                let v = if amsgrad {
                    s.max_exp_avg_sq[i]
                } else {
                    s.exp_avg_sq[i]
                };
                lr[i] / (one - s.beta1_power[0]) / (v.sqrt() / bc2_sqrt + h.eps)
            })
        }
        Optimizer::Nadam => {
            let s = NadamState::view(state);
            per(&|i| lr[i] / ((s.exp_avg_sq[i] / (one - s.beta2_power[0])).sqrt() + h.eps))
        }
        Optimizer::Radam => {
            let s = RadamState::view(state);
            let two = T::c(2.0);
            let four = T::c(4.0);
            let bc2 = one - s.beta2_power[0];
            let rho_inf = two / (one - h.beta2) - one;
            let rho_t = rho_inf - two * T::c(f64::from(t)) * s.beta2_power[0] / bc2;
            let rect = ((rho_t - four) * (rho_t - two) * rho_inf
                / ((rho_inf - four) * (rho_inf - two) * rho_t))
                .sqrt();
            per(&|i| {
                let plain = lr[i] / (one - s.beta1_power[0]);
                let rectified = plain * rect * bc2.sqrt() / (s.exp_avg_sq[i].sqrt() + h.eps);
                T::select(rho_t.gt(T::c(5.0)), rectified, plain)
            })
        }
        Optimizer::Adamax => {
            let s = AdamaxState::view(state);
            per(&|i| lr[i] / ((one - s.beta1_power[0]) * s.exp_inf[i]))
        }
        Optimizer::Adadelta => {
            let s = AdadeltaState::view(state);
            per(&|i| lr[i] * (s.acc_delta[i] + h.eps).sqrt() / (s.square_avg[i] + h.eps).sqrt())
        }
        // Its own step sizes: |Δ| per coordinate wherever the gradient is not zero.
        Optimizer::Rprop => RpropState::view(state).step_size,
        // The relative step min(lr, 1/√t) over √v, before the RMS scaling and clipping.
        Optimizer::Adafactor => {
            let s = AdafactorState::view(state);
            let rho = lr[0].min(one / T::c(f64::from(t.max(1))).sqrt());
            per(&|i| rho / s.variance[i].sqrt())
        }
        // d·lr over Adam's denominator (Prodigy's moments carry d, D-Adaptation's first one).
        Optimizer::Prodigy => {
            let s = ProdigyState::view(state);
            per(&|i| s.d[0] * lr[0] / (s.exp_avg_sq[i].sqrt() + s.d[0] * h.eps))
        }
        Optimizer::DadaptAdam => {
            let s = DadaptAdamState::view(state);
            per(&|i| s.d[0] * lr[0] / (s.exp_avg_sq[i].sqrt() + h.eps))
        }
        // Its update is normalised (about 0.7 long for one row), so the step is lr's scale.
        Optimizer::Muon => lr,
        // The last inner iteration's step length along its direction (torch's state["t"]).
        Optimizer::Lbfgs => {
            let t = LbfgsState::view(state).t[0];
            [t, t]
        }
        // The base sequence's step: lr (warmed up), over Adam's denominator for AdamW.
        Optimizer::SchedulefreeSgd => lr,
        Optimizer::SchedulefreeAdamw => {
            let s = SchedulefreeAdamwState::view(state);
            let bc2 = one - s.beta2_power[0];
            per(&|i| lr[i] / ((s.exp_avg_sq[i] / bc2).sqrt() + h.eps))
        }
        // Its own shrinking step size η.
        Optimizer::Asgd => AsgdState::view(state).eta,
        Optimizer::Adabelief => {
            let s = AdabeliefState::view(state);
            let bc2_sqrt = (one - s.beta2_power[0]).sqrt();
            per(&|i| {
                lr[i] / (one - s.beta1_power[0]) / (s.exp_avg_var[i].sqrt() / bc2_sqrt + h.eps)
            })
        }
        Optimizer::Adan => {
            let s = AdanState::view(state);
            let bc3_sqrt = (one - s.beta3_power[0]).sqrt();
            per(&|i| lr[i] / (one - s.beta1_power[0]) / (s.exp_avg_sq[i].sqrt() / bc3_sqrt + h.eps))
        }
        // Before the trust ratio, which scales both coordinates alike.
        Optimizer::Lamb => {
            let s = LambState::view(state);
            per(&|i| lr[i] / (one - s.beta1_power[0]) / (s.exp_avg_sq[i].sqrt() + h.eps))
        }
        Optimizer::Ademamix => {
            let s = AdemamixState::view(state);
            let bc2_sqrt = (one - s.beta2_power[0]).sqrt();
            per(&|i| lr[i] / (s.exp_avg_sq[i].sqrt() / bc2_sqrt + h.eps))
        }
        Optimizer::Laprop => {
            let s = LapropState::view(state);
            let bc2_sqrt = (one - s.beta2_power[0]).sqrt();
            per(&|i| {
                let step_size = lr[i] / s.exp_avg_lr_1[i];
                step_size * lr[i] * bc2_sqrt
                    / ((s.exp_avg_sq[i] + T::c(super::step::SECOND_MOMENT_EPS)).sqrt() + h.eps)
            })
        }
        Optimizer::Mars => {
            let s = MarsState::view(state);
            let bc2_sqrt = (one - s.beta2_power[0]).sqrt();
            per(&|i| {
                lr[i] * bc2_sqrt
                    / ((one - s.beta1_power[0])
                        * ((s.exp_avg_sq[i] + T::c(super::step::SECOND_MOMENT_EPS)).sqrt() + h.eps))
            })
        }
    }
}

/// The point a rule keeps beside its iterate, with its name, where it keeps one: ASGD's
/// running average `ax`; Schedule-Free's gradient point `y` (its iterate being the evaluation
/// point x). `optgrid trace` writes it next to the path (`{name}_x`, `{name}_y`).
pub fn companion<T: Num>(opt: Optimizer, state: &State<T>) -> Option<(&'static str, [T; 2])> {
    match opt {
        Optimizer::Asgd => Some(("ax", AsgdState::view(state).ax)),
        Optimizer::SchedulefreeAdamw => Some(("y", SchedulefreeAdamwState::view(state).y)),
        Optimizer::SchedulefreeSgd => Some(("y", SchedulefreeSgdState::view(state).y)),
        _ => None,
    }
}

/// The objective's evaluations (value and gradient, torch's closure calls) an instance has
/// made after `t` steps: one a step, except L-BFGS, which counts its own (torch's
/// `func_evals`).
pub fn evaluations<F: Real>(opt: Optimizer, t: u32, state: &State<F>) -> u64 {
    match opt {
        Optimizer::Lbfgs => LbfgsState::view(state).func_evals[0].to_f64_exact() as u64,
        _ => u64::from(t),
    }
}
