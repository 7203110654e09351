//! One update step of every optimizer, generic over [`Num`].
//!
//! WGSL twin: `shaders/optimizers.wgsl` — one function per arm of [`step`], same operations in
//! the same order.

use super::{Optimizer, State};
use crate::model::hyper::Hyper;
use crate::model::num::Num;

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
    // Each coordinate's learning rate (lr_x, lr_y: lr unless given), as two parameter groups.
    let lr = [h.lr_x, h.lr_y];
    // torch's L2 decay: g + λθ (exact when λ = 0).
    let l2 = |i: usize, p: &[T; 2]| grad[i] + h.weight_decay * p[i];
    match opt {
        Optimizer::Sgd => {
            for i in 0..2 {
                let g = l2(i, pos);
                pos[i] = pos[i] - lr[i] * g;
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
                pos[i] = pos[i] - lr[i] * d;
            }
        }
        // m: sum of squared gradients.
        Optimizer::Adagrad => {
            for i in 0..2 {
                let clr = lr[i] / (one + T::c(f64::from(t - 1)) * h.lr_decay);
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
                pos[i] = pos[i] - lr[i] * s.m[i];
            }
        }
        // m, v: moments; w: max of v (amsgrad); p[0], p[1]: β1ᵗ, β2ᵗ.
        Optimizer::Adam | Optimizer::Adamw | Optimizer::Amsgrad => {
            let decoupled = opt == Optimizer::Adamw;
            let amsgrad = h.amsgrad || opt == Optimizer::Amsgrad;
            s.p[0] = s.p[0] * h.beta1;
            s.p[1] = s.p[1] * h.beta2;
            let bc2_sqrt = (one - s.p[1]).sqrt();
            for i in 0..2 {
                let step_size = lr[i] / (one - s.p[0]);
                let g = if decoupled {
                    pos[i] = pos[i] * (one - lr[i] * h.weight_decay);
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
            for i in 0..2 {
                let grad_coef = -lr[i] * (one - mu) / (one - s.p[2]);
                let mom_coef = -lr[i] * mu_next / (one - mu_product_next);
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
                    pos[i] - m_hat * lr[i] * adaptive * rect,
                    pos[i] - m_hat * lr[i],
                );
            }
        }
        // m: first moment; v: infinity norm u; p[0]: β1ᵗ.
        Optimizer::Adamax => {
            s.p[0] = s.p[0] * h.beta1;
            for i in 0..2 {
                let clr = lr[i] / (one - s.p[0]);
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
                pos[i] = pos[i] - lr[i] * delta;
            }
        }
        // m: momentum (the slower average, β2).
        Optimizer::Lion => {
            for i in 0..2 {
                pos[i] = pos[i] * (one - lr[i] * h.weight_decay);
                let c = h.beta1 * s.m[i] + (one - h.beta1) * grad[i];
                pos[i] = pos[i] - lr[i] * c.sign();
                s.m[i] = h.beta2 * s.m[i] + (one - h.beta2) * grad[i];
            }
        }
    }
}
