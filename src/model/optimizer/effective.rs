//! The effective per-coordinate step size, for `optgrid trace`.

use super::{Optimizer, State};
use crate::model::hyper::Hyper;
use crate::model::num::Num;

/// The effective per-coordinate step size after step `t`: the learning rate divided by the
/// current adaptive denominator (adaptive methods), or the learning rate itself (SGD, momentum,
/// Lion). Reads the state [`super::step`] left; used by `optgrid trace` to show how methods adapt.
pub fn effective_step<T: Num>(opt: Optimizer, h: &Hyper<T>, t: u32, s: &State<T>) -> [T; 2] {
    let one = T::c(1.0);
    let per = |f: &dyn Fn(usize) -> T| [f(0), f(1)];
    let lr = [h.lr_x, h.lr_y];
    match opt {
        Optimizer::Sgd | Optimizer::Momentum | Optimizer::Nesterov | Optimizer::Lion => lr,
        Optimizer::Adagrad => per(&|i| {
            lr[i] / (one + T::c(f64::from(t.max(1) - 1)) * h.lr_decay) / (s.m[i].sqrt() + h.eps)
        }),
        Optimizer::Rmsprop => per(&|i| {
            let var = if h.centered {
                s.v[i] - s.w[i] * s.w[i]
            } else {
                s.v[i]
            };
            lr[i] / (var.sqrt() + h.eps)
        }),
        Optimizer::Adam | Optimizer::Adamw | Optimizer::Amsgrad => {
            let amsgrad = h.amsgrad || opt == Optimizer::Amsgrad;
            let bc2_sqrt = (one - s.p[1]).sqrt();
            per(&|i| {
                let v = if amsgrad { s.w[i] } else { s.v[i] };
                lr[i] / (one - s.p[0]) / (v.sqrt() / bc2_sqrt + h.eps)
            })
        }
        Optimizer::Nadam => per(&|i| lr[i] / ((s.v[i] / (one - s.p[1])).sqrt() + h.eps)),
        Optimizer::Radam => {
            let two = T::c(2.0);
            let four = T::c(4.0);
            let bc2 = one - s.p[1];
            let rho_inf = two / (one - h.beta2) - one;
            let rho_t = rho_inf - two * T::c(f64::from(t)) * s.p[1] / bc2;
            let rect = ((rho_t - four) * (rho_t - two) * rho_inf
                / ((rho_inf - four) * (rho_inf - two) * rho_t))
                .sqrt();
            per(&|i| {
                let plain = lr[i] / (one - s.p[0]);
                let rectified = plain * rect * bc2.sqrt() / (s.v[i].sqrt() + h.eps);
                T::select(rho_t.gt(T::c(5.0)), rectified, plain)
            })
        }
        Optimizer::Adamax => per(&|i| lr[i] / ((one - s.p[0]) * s.v[i])),
        Optimizer::Adadelta => per(&|i| lr[i] * (s.v[i] + h.eps).sqrt() / (s.m[i] + h.eps).sqrt()),
    }
}
