//! The effective per-coordinate step size, for `optgrid trace`.

use super::state::{
    AdadeltaState, AdagradState, AdamState, AdamaxState, NadamState, RadamState, RmspropState,
    RpropState,
};
use super::{Optimizer, State};
use crate::model::hyper::Hyper;
use crate::model::num::Num;

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
    }
}
