//! One update step of every optimizer, generic over [`Num`].
//!
//! WGSL twin: `shaders/optimizers/<rule>.wgsl` — one function per arm of [`step`], same operations in
//! the same order.

use super::state::{
    AdadeltaState, AdagradState, AdamState, AdamaxState, LionState, MomentumState, NadamState,
    RadamState, RmspropState, RpropState,
};
use super::{Optimizer, State};
use crate::model::hyper::Hyper;
use crate::model::num::Num;

/// Advances `pos` by one step `t` (counting from 1) given the gradient `grad` at `pos`;
/// returns the new state's checksum (the divergence test's sum of its checked fields).
#[inline(always)]
pub fn step<T: Num>(
    opt: Optimizer,
    h: &Hyper<T>,
    t: u32,
    pos: &mut [T; 2],
    grad: [T; 2],
    state: &mut State<T>,
) -> T {
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
            T::c(0.0)
        }
        Optimizer::Momentum | Optimizer::Nesterov => {
            let s = MomentumState::view_mut(state);
            for i in 0..2 {
                let g = l2(i, pos);
                s.momentum_buffer[i] = if t == 1 {
                    g
                } else {
                    h.momentum * s.momentum_buffer[i] + (one - h.dampening) * g
                };
                let d = if opt == Optimizer::Nesterov {
                    g + h.momentum * s.momentum_buffer[i]
                } else {
                    s.momentum_buffer[i]
                };
                pos[i] = pos[i] - lr[i] * d;
            }
            s.checksum()
        }
        Optimizer::Adagrad => {
            let s = AdagradState::view_mut(state);
            for i in 0..2 {
                let clr = lr[i] / (one + T::c(f64::from(t - 1)) * h.lr_decay);
                let g = l2(i, pos);
                s.sum[i] = s.sum[i] + g * g;
                let std = s.sum[i].sqrt() + h.eps;
                pos[i] = pos[i] - clr * (g / std);
            }
            s.checksum()
        }
        Optimizer::Rmsprop => {
            let s = RmspropState::view_mut(state);
            for i in 0..2 {
                let g = l2(i, pos);
                s.square_avg[i] = h.alpha * s.square_avg[i] + (one - h.alpha) * (g * g);
                let mut var = s.square_avg[i];
                if h.centered {
                    s.grad_avg[i] = h.alpha * s.grad_avg[i] + (one - h.alpha) * g;
                    var = var - s.grad_avg[i] * s.grad_avg[i];
                }
                let avg = var.sqrt() + h.eps;
                s.momentum_buffer[i] = h.momentum * s.momentum_buffer[i] + g / avg;
                pos[i] = pos[i] - lr[i] * s.momentum_buffer[i];
            }
            s.checksum()
        }
        Optimizer::Adam | Optimizer::Adamw | Optimizer::Amsgrad => {
            let s = AdamState::view_mut(state);
            let decoupled = opt == Optimizer::Adamw;
            let amsgrad = h.amsgrad || opt == Optimizer::Amsgrad;
            s.beta1_power[0] = s.beta1_power[0] * h.beta1;
            s.beta2_power[0] = s.beta2_power[0] * h.beta2;
            let bc2_sqrt = (one - s.beta2_power[0]).sqrt();
            for i in 0..2 {
                let step_size = lr[i] / (one - s.beta1_power[0]);
                let g = if decoupled {
                    pos[i] = pos[i] * (one - lr[i] * h.weight_decay);
                    grad[i]
                } else {
                    l2(i, pos)
                };
                s.exp_avg[i] = h.beta1 * s.exp_avg[i] + (one - h.beta1) * g;
                s.exp_avg_sq[i] = h.beta2 * s.exp_avg_sq[i] + (one - h.beta2) * (g * g);
                let mut v = s.exp_avg_sq[i];
                if amsgrad {
                    s.max_exp_avg_sq[i] = s.max_exp_avg_sq[i].max(v);
                    v = s.max_exp_avg_sq[i];
                }
                let denom = v.sqrt() / bc2_sqrt + h.eps;
                pos[i] = pos[i] - step_size * (s.exp_avg[i] / denom);
            }
            s.checksum()
        }
        Optimizer::Nadam => {
            let s = NadamState::view_mut(state);
            let decay = h.nadam_decay;
            s.decay_power[0] = s.decay_power[0] * decay;
            s.beta2_power[0] = s.beta2_power[0] * h.beta2;
            let half = T::c(0.5);
            let mu = h.beta1 * (one - half * s.decay_power[0]);
            let mu_next = h.beta1 * (one - half * (s.decay_power[0] * decay));
            s.mu_product[0] = s.mu_product[0] * mu;
            let mu_product_next = s.mu_product[0] * mu_next;
            let bc2 = one - s.beta2_power[0];
            for i in 0..2 {
                let grad_coef = -lr[i] * (one - mu) / (one - s.mu_product[0]);
                let mom_coef = -lr[i] * mu_next / (one - mu_product_next);
                let g = l2(i, pos);
                s.exp_avg[i] = h.beta1 * s.exp_avg[i] + (one - h.beta1) * g;
                s.exp_avg_sq[i] = h.beta2 * s.exp_avg_sq[i] + (one - h.beta2) * (g * g);
                let denom = (s.exp_avg_sq[i] / bc2).sqrt() + h.eps;
                pos[i] = pos[i] + grad_coef * (g / denom);
                pos[i] = pos[i] + mom_coef * (s.exp_avg[i] / denom);
            }
            s.checksum()
        }
        Optimizer::Radam => {
            let s = RadamState::view_mut(state);
            s.beta1_power[0] = s.beta1_power[0] * h.beta1;
            s.beta2_power[0] = s.beta2_power[0] * h.beta2;
            let bc1 = one - s.beta1_power[0];
            let bc2 = one - s.beta2_power[0];
            let two = T::c(2.0);
            let rho_inf = two / (one - h.beta2) - one;
            let rho_t = rho_inf - two * T::c(f64::from(t)) * s.beta2_power[0] / bc2;
            let four = T::c(4.0);
            let rectified = rho_t.gt(T::c(5.0));
            let rect = ((rho_t - four) * (rho_t - two) * rho_inf
                / ((rho_inf - four) * (rho_inf - two) * rho_t))
                .sqrt();
            for i in 0..2 {
                let g = l2(i, pos);
                s.exp_avg[i] = h.beta1 * s.exp_avg[i] + (one - h.beta1) * g;
                s.exp_avg_sq[i] = h.beta2 * s.exp_avg_sq[i] + (one - h.beta2) * (g * g);
                let m_hat = s.exp_avg[i] / bc1;
                let adaptive = bc2.sqrt() / (s.exp_avg_sq[i].sqrt() + h.eps);
                pos[i] = T::select(
                    rectified,
                    pos[i] - m_hat * lr[i] * adaptive * rect,
                    pos[i] - m_hat * lr[i],
                );
            }
            s.checksum()
        }
        Optimizer::Adamax => {
            let s = AdamaxState::view_mut(state);
            s.beta1_power[0] = s.beta1_power[0] * h.beta1;
            for i in 0..2 {
                let clr = lr[i] / (one - s.beta1_power[0]);
                let g = l2(i, pos);
                s.exp_avg[i] = h.beta1 * s.exp_avg[i] + (one - h.beta1) * g;
                s.exp_inf[i] = (h.beta2 * s.exp_inf[i]).max(g.abs() + h.eps);
                pos[i] = pos[i] - clr * (s.exp_avg[i] / s.exp_inf[i]);
            }
            s.checksum()
        }
        Optimizer::Adadelta => {
            let s = AdadeltaState::view_mut(state);
            for i in 0..2 {
                let g = l2(i, pos);
                s.square_avg[i] = h.rho * s.square_avg[i] + (one - h.rho) * (g * g);
                let std = (s.square_avg[i] + h.eps).sqrt();
                let delta = (s.acc_delta[i] + h.eps).sqrt() / std * g;
                s.acc_delta[i] = h.rho * s.acc_delta[i] + (one - h.rho) * (delta * delta);
                pos[i] = pos[i] - lr[i] * delta;
            }
            s.checksum()
        }
        Optimizer::Lion => {
            let s = LionState::view_mut(state);
            for i in 0..2 {
                pos[i] = pos[i] * (one - lr[i] * h.weight_decay);
                let c = h.beta1 * s.exp_avg[i] + (one - h.beta1) * grad[i];
                pos[i] = pos[i] - lr[i] * c.sign();
                s.exp_avg[i] = h.beta2 * s.exp_avg[i] + (one - h.beta2) * grad[i];
            }
            s.checksum()
        }
        // torch.optim.Rprop: the step sizes start at each coordinate's lr on the first step
        // (so a schedule's factor at step 1 counts, and never after); the sign of g·prev grows,
        // shrinks or keeps them; where it flipped the gradient counts as 0, this step and next.
        Optimizer::Rprop => {
            let s = RpropState::view_mut(state);
            let zero = T::c(0.0);
            for i in 0..2 {
                if t == 1 {
                    s.step_size[i] = lr[i];
                }
                let product = grad[i] * s.prev[i];
                let (grows, shrinks) = (product.gt(zero), product.lt(zero));
                let factor = T::select(grows, h.eta_plus, T::select(shrinks, h.eta_minus, one));
                s.step_size[i] = (s.step_size[i] * factor)
                    .max(h.step_size_min)
                    .min(h.step_size_max);
                let g = T::select(shrinks, zero, grad[i]);
                pos[i] = pos[i] - g.sign() * s.step_size[i];
                s.prev[i] = g;
            }
            s.checksum()
        }
    }
}
