//! One update step of every optimizer, generic over [`Num`].
//!
//! WGSL twin: `shaders/optimizers/<rule>.wgsl` — one function per arm of [`step`], same operations in
//! the same order.

use super::state::{
    AdabeliefState, AdadeltaState, AdafactorState, AdagradState, AdamState, AdamaxState, AdanState,
    AdemamixState, AsgdState, DadaptAdamState, LambState, LapropState, LionState, MarsState,
    MomentumState, MuonState, NadamState, ProdigyState, RadamState, RmspropState, RpropState,
    SchedulefreeAdamwState, SchedulefreeSgdState,
};
use super::{Optimizer, State};
use crate::model::hyper::Hyper;
use crate::model::num::{Num, Real};

/// torch's `lerp_(end, weight)`: `a + w·(b − a)` for `w < 0.5`, `b − (b − a)·(1 − w)` above,
/// rounding as torch does (the modern rules write their moving averages this way).
#[inline(always)]
pub fn lerp<T: Num>(a: T, b: T, w: T) -> T {
    T::select(
        w.lt(T::c(0.5)),
        a + w * (b - a),
        b - (b - a) * (T::c(1.0) - w),
    )
}

/// pytorch-optimizer's weight decay of one coordinate (`apply_weight_decay`): decoupled, the
/// iterate shrunk by 1 − λ·lr and the gradient as it is (`weight_decouple`); else L2, g + λθ.
#[inline(always)]
fn decayed<T: Num>(h: &Hyper<T>, lr: T, pos: &mut T, grad: T) -> T {
    if h.weight_decouple {
        *pos = *pos * (T::c(1.0) - h.weight_decay * lr);
        grad
    } else {
        grad + h.weight_decay * *pos
    }
}

/// The Euclidean norm of one instance's two coordinates: the rules that treat them as one
/// parameter tensor (LAMB's trust ratio, MARS's clipping) take it.
#[inline(always)]
pub fn norm<T: Num>(v: [T; 2]) -> T {
    (v[0] * v[0] + v[1] * v[1]).sqrt()
}

/// Advances `pos` by one step `t` (counting from 1) given the gradient `grad` at `pos`;
/// returns the new state's checksum (the divergence test's sum of its checked fields).
#[inline(always)]
// Each rule walks the two coordinates by index, as its formula does, over several arrays.
#[allow(clippy::needless_range_loop)]
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
    // torch's L2 decay: g + λθ (exact when λ = 0). A macro, not a closure: as a closure it
    // fell out of line once the step loop grew (L-BFGS's branch), costing W1 4% (callgrind).
    macro_rules! l2 {
        ($i:expr, $p:expr) => {
            grad[$i] + h.weight_decay * $p[$i]
        };
    }
    match opt {
        Optimizer::Sgd => {
            for i in 0..2 {
                let g = l2!(i, pos);
                pos[i] = pos[i] - lr[i] * g;
            }
            T::c(0.0)
        }
        Optimizer::Momentum | Optimizer::Nesterov => {
            let s = MomentumState::view_mut(state);
            for i in 0..2 {
                let g = l2!(i, pos);
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
                let g = l2!(i, pos);
                s.sum[i] = s.sum[i] + g * g;
                let std = s.sum[i].sqrt() + h.eps;
                pos[i] = pos[i] - clr * (g / std);
            }
            s.checksum()
        }
        Optimizer::Rmsprop => {
            let s = RmspropState::view_mut(state);
            for i in 0..2 {
                let g = l2!(i, pos);
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
                    l2!(i, pos)
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
                let g = l2!(i, pos);
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
                let g = l2!(i, pos);
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
                let g = l2!(i, pos);
                s.exp_avg[i] = h.beta1 * s.exp_avg[i] + (one - h.beta1) * g;
                s.exp_inf[i] = (h.beta2 * s.exp_inf[i]).max(g.abs() + h.eps);
                pos[i] = pos[i] - clr * (s.exp_avg[i] / s.exp_inf[i]);
            }
            s.checksum()
        }
        Optimizer::Adadelta => {
            let s = AdadeltaState::view_mut(state);
            for i in 0..2 {
                let g = l2!(i, pos);
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
        // AdaBelief (pytorch-optimizer): Adam whose second moment is the variance of the
        // gradient around its average, eps added inside and outside the root.
        Optimizer::Adabelief => {
            let s = AdabeliefState::view_mut(state);
            s.beta1_power[0] = s.beta1_power[0] * h.beta1;
            s.beta2_power[0] = s.beta2_power[0] * h.beta2;
            let bc2_sqrt = (one - s.beta2_power[0]).sqrt();
            for i in 0..2 {
                let g = decayed(h, lr[i], &mut pos[i], grad[i]);
                s.exp_avg[i] = lerp(s.exp_avg[i], g, one - h.beta1);
                let residual = g - s.exp_avg[i];
                s.exp_avg_var[i] =
                    h.beta2 * s.exp_avg_var[i] + (one - h.beta2) * (residual * residual) + h.eps;
                let denom = s.exp_avg_var[i].sqrt() / bc2_sqrt + h.eps;
                let step_size = lr[i] / (one - s.beta1_power[0]);
                pos[i] = pos[i] - step_size * (s.exp_avg[i] / denom);
            }
            s.checksum()
        }
        // LaProp (pytorch-optimizer): the gradient normalised by the second moment first, then
        // averaged (momentum of the normalised gradient); the first moment's bias correction is
        // an average of the learning rate; decoupled weight decay after the step.
        Optimizer::Laprop => {
            let s = LapropState::view_mut(state);
            s.beta2_power[0] = s.beta2_power[0] * h.beta2;
            let bc2_sqrt = (one - s.beta2_power[0]).sqrt();
            let centred_now = T::c(f64::from(t)).gt(h.steps_before_using_centered);
            for i in 0..2 {
                let g = grad[i];
                s.exp_avg_sq[i] = h.beta2 * s.exp_avg_sq[i] + (one - h.beta2) * (g * g);
                s.exp_avg_lr_1[i] = s.exp_avg_lr_1[i] * h.beta1 + (one - h.beta1) * lr[i];
                let step_size = one / (s.exp_avg_lr_1[i] / lr[i]);
                let mut second = s.exp_avg_sq[i];
                if h.centered {
                    s.exp_mean_avg_beta2[i] = lerp(s.exp_mean_avg_beta2[i], g, one - h.beta2);
                    let mean = s.exp_mean_avg_beta2[i];
                    second = T::select(centred_now, second - mean * mean, second);
                }
                let denom = ((second + T::c(SECOND_MOMENT_EPS)).sqrt() + h.eps) / bc2_sqrt;
                s.exp_avg[i] = s.exp_avg[i] * h.beta1 + (one - h.beta1) * lr[i] * (g / denom);
                pos[i] = pos[i] - step_size * s.exp_avg[i];
                pos[i] = pos[i] * (one - h.weight_decay * lr[i]);
            }
            s.checksum()
        }
        // Adan (pytorch-optimizer): Nesterov momentum estimated from gradient differences — the
        // averages of g, of g − g_prev and of (g + β2(g − g_prev))².
        Optimizer::Adan => {
            let s = AdanState::view_mut(state);
            s.beta1_power[0] = s.beta1_power[0] * h.beta1;
            s.beta2_power[0] = s.beta2_power[0] * h.beta2;
            s.beta3_power[0] = s.beta3_power[0] * h.beta3;
            let bc3_sqrt = (one - s.beta3_power[0]).sqrt();
            for i in 0..2 {
                let g = grad[i];
                if t == 1 {
                    // The reference starts the last gradient at −g: the first difference is 0.
                    s.previous_grad[i] = -g;
                }
                let diff = s.previous_grad[i] + g;
                s.exp_avg[i] = lerp(s.exp_avg[i], g, one - h.beta1);
                s.exp_avg_diff[i] = lerp(s.exp_avg_diff[i], diff, one - h.beta2);
                let corrected = diff * h.beta2 + g;
                s.exp_avg_sq[i] =
                    h.beta3 * s.exp_avg_sq[i] + (one - h.beta3) * (corrected * corrected);
                let denom = s.exp_avg_sq[i].sqrt() / bc3_sqrt + h.eps;
                if h.weight_decouple {
                    pos[i] = pos[i] * (one - lr[i] * h.weight_decay);
                }
                pos[i] = pos[i] + (-lr[i] / (one - s.beta1_power[0])) * (s.exp_avg[i] / denom);
                pos[i] = pos[i]
                    + (-lr[i] * h.beta2 / (one - s.beta2_power[0])) * (s.exp_avg_diff[i] / denom);
                if !h.weight_decouple {
                    pos[i] = pos[i] / (one + lr[i] * h.weight_decay);
                }
                s.previous_grad[i] = -g;
            }
            s.checksum()
        }
        // LAMB (pytorch-optimizer): Adam's direction without its bias correction, scaled by the
        // trust ratio ‖θ‖ / ‖update‖ of the instance's two coordinates as one tensor.
        Optimizer::Lamb => {
            let s = LambState::view_mut(state);
            let lr = lr[0];
            s.beta1_power[0] = s.beta1_power[0] * h.beta1;
            let step_size = lr / (one - s.beta1_power[0]);
            let mut update = [T::c(0.0); 2];
            for i in 0..2 {
                let g = grad[i];
                if h.weight_decouple {
                    pos[i] = pos[i] * (one - h.weight_decay * lr);
                }
                s.exp_avg[i] = s.exp_avg[i] * h.beta1 + (one - h.beta1) * g;
                s.exp_avg_sq[i] = h.beta2 * s.exp_avg_sq[i] + (one - h.beta2) * (g * g);
                update[i] = one / (s.exp_avg_sq[i].sqrt() + h.eps) * s.exp_avg[i];
                if !h.weight_decouple {
                    update[i] = update[i] + h.weight_decay * pos[i];
                }
            }
            let zero = T::c(0.0);
            let weight_norm = norm(*pos).min(T::c(LAMB_CLAMP));
            let update_norm = norm(update);
            let trust = T::select(
                weight_norm.gt(zero) & update_norm.gt(zero),
                weight_norm / (update_norm + h.eps),
                one,
            );
            for i in 0..2 {
                pos[i] = pos[i] + (-step_size) * (update[i] * trust);
            }
            s.checksum()
        }
        // AdEMAMix (pytorch-optimizer): Adam plus α times a slow average (β3) in the numerator;
        // α and β3 warm up over t_alpha_beta3 steps when it is set.
        Optimizer::Ademamix => {
            let s = AdemamixState::view_mut(state);
            s.beta1_power[0] = s.beta1_power[0] * h.beta1;
            s.beta2_power[0] = s.beta2_power[0] * h.beta2;
            let bc1 = one - s.beta1_power[0];
            let bc2_sqrt = (one - s.beta2_power[0]).sqrt();
            let (alpha_t, beta3_t) = ademamix_warmup(h, t);
            for i in 0..2 {
                let g = decayed(h, lr[i], &mut pos[i], grad[i]);
                s.exp_avg[i] = lerp(s.exp_avg[i], g, one - h.beta1);
                s.exp_avg_sq[i] = h.beta2 * s.exp_avg_sq[i] + (one - h.beta2) * (g * g);
                s.exp_avg_slow[i] = lerp(s.exp_avg_slow[i], g, one - beta3_t);
                let denom = s.exp_avg_sq[i].sqrt() / bc2_sqrt + h.eps;
                let update = s.exp_avg[i] / bc1 + alpha_t * s.exp_avg_slow[i];
                pos[i] = pos[i] + (-lr[i]) * (update / denom);
            }
            s.checksum()
        }
        // MARS (pytorch-optimizer, AdamW type, the 2-element parameter optimised as a matrix
        // would be): the gradient corrected by γ·β1/(1−β1) times its change, clipped to norm 1
        // over the instance's two coordinates, then AdamW on it.
        Optimizer::Mars => {
            let s = MarsState::view_mut(state);
            let lr = lr[0];
            s.beta1_power[0] = s.beta1_power[0] * h.beta1;
            s.beta2_power[0] = s.beta2_power[0] * h.beta2;
            let bc1 = one - s.beta1_power[0];
            let bc2_sqrt = (one - s.beta2_power[0]).sqrt();
            let scale = h.mars_gamma * h.beta1 / (one - h.beta1);
            let mut c: [T; 2] =
                std::array::from_fn(|i| (grad[i] - s.last_grad[i]) * scale + grad[i]);
            let c_norm = norm(c).max(one);
            for i in 0..2 {
                c[i] = c[i] / c_norm;
                s.exp_avg[i] = lerp(s.exp_avg[i], c[i], one - h.beta1);
                s.exp_avg_sq[i] = h.beta2 * s.exp_avg_sq[i] + (one - h.beta2) * (c[i] * c[i]);
                let denom =
                    ((s.exp_avg_sq[i] + T::c(SECOND_MOMENT_EPS)).sqrt() + h.eps) / bc2_sqrt * bc1;
                pos[i] = pos[i] * (one - h.weight_decay * lr);
                pos[i] = pos[i] + (-lr) * (s.exp_avg[i] / denom);
                s.last_grad[i] = grad[i];
            }
            s.checksum()
        }
        // torch.optim.Adafactor, vector branch: 1 − β2ₜ = t^beta2_decay; the step is
        // max(eps2, RMS(θ))·min(lr, 1/√t), along g/√v clipped to RMS d — the RMS over the
        // instance's two coordinates as one tensor.
        Optimizer::Adafactor => {
            let s = AdafactorState::view_mut(state);
            let lr = lr[0];
            let zero = T::c(0.0);
            let steps = T::c(f64::from(t));
            let one_minus_beta2 = steps.pow(h.beta2_decay);
            let rho = lr.min(one / steps.sqrt());
            let sqrt_numel = T::c(2.0).sqrt();
            let alpha = h.eps2.max(norm(*pos) / sqrt_numel) * rho;
            let eps1 = T::select(
                h.eps1.gt(zero),
                h.eps1,
                T::splat(<T::Scalar as num_traits::Float>::epsilon()),
            );
            let mut update = [zero; 2];
            for i in 0..2 {
                pos[i] = pos[i] * (one - lr * h.weight_decay);
                s.variance[i] = lerp(s.variance[i], grad[i] * grad[i], one_minus_beta2);
                update[i] = one / s.variance[i].max(eps1 * eps1).sqrt() * grad[i];
            }
            let denom = (norm(update) / (sqrt_numel * h.d)).max(one);
            for i in 0..2 {
                pos[i] = pos[i] + update[i] * (-alpha / denom);
            }
            s.checksum()
        }
        // Prodigy (prodigyopt): Adam with steps d·lr, where d — the distance to the solution —
        // is estimated from ⟨g, p0 − p⟩ against the weighted gradient sum s, over the instance's
        // two coordinates as one tensor. It never shrinks (growth_rate ∞). Where s is all zero
        // the reference returns before d or the iterate change.
        Optimizer::Prodigy => {
            let s = ProdigyState::view_mut(state);
            let lr = lr[0];
            let zero = T::c(0.0);
            if t == 1 {
                s.p0 = *pos;
            }
            let beta3 = T::select(h.beta3.gt(zero), h.beta3, h.beta2.sqrt());
            s.beta1_power[0] = s.beta1_power[0] * h.beta1;
            s.beta2_power[0] = s.beta2_power[0] * h.beta2;
            let bias_correction = if h.bias_correction {
                (one - s.beta2_power[0]).sqrt() / (one - s.beta1_power[0])
            } else {
                one
            };
            let d = s.d[0];
            let dlr = d * lr * bias_correction;
            let g: [T; 2] = std::array::from_fn(|i| {
                if h.weight_decouple {
                    grad[i]
                } else {
                    l2!(i, pos)
                }
            });
            let d_numerator = s.d_numerator[0] * beta3;
            let dot = g[0] * (s.p0[0] - pos[0]) + g[1] * (s.p0[1] - pos[1]);
            let delta_numerator = d / h.d0 * dlr * dot;
            let s_rate = d / h.d0 * if h.safeguard_warmup { d } else { dlr };
            for i in 0..2 {
                s.exp_avg[i] = s.exp_avg[i] * h.beta1 + d * (one - h.beta1) * g[i];
                s.exp_avg_sq[i] =
                    s.exp_avg_sq[i] * h.beta2 + d * d * (one - h.beta2) * (g[i] * g[i]);
                s.s[i] = s.s[i] * beta3 + s_rate * g[i];
            }
            let d_denom = s.s[0].abs() + s.s[1].abs();
            let active = d_denom.gt(zero);
            let global_numerator = d_numerator + delta_numerator;
            let d_new = d.max(h.d_coef * global_numerator / d_denom);
            s.d[0] = T::select(active, d_new, d);
            s.d_numerator[0] = T::select(active, global_numerator, s.d_numerator[0]);
            for i in 0..2 {
                let denom = s.exp_avg_sq[i].sqrt() + d_new * h.eps;
                let mut p = pos[i];
                if h.weight_decouple {
                    p = p + (-h.weight_decay * dlr) * p;
                }
                p = p + (-dlr) * (s.exp_avg[i] / denom);
                pos[i] = T::select(active, p, pos[i]);
            }
            s.checksum()
        }
        // D-Adaptation Adam (pytorch-optimizer): Adam with steps d·lr, d estimated from the
        // weighted ⟨g, s / √v⟩ against ‖s‖₁ over the instance's two coordinates; never shrinks.
        Optimizer::DadaptAdam => {
            let s = DadaptAdamState::view_mut(state);
            let lr = lr[0];
            let zero = T::c(0.0);
            s.beta1_power[0] = s.beta1_power[0] * h.beta1;
            s.beta2_power[0] = s.beta2_power[0] * h.beta2;
            let beta2_sq = h.beta2.sqrt();
            let d = s.d[0];
            let d_lr = if h.bias_correction {
                d * lr / ((one - s.beta1_power[0]) / (one - s.beta2_power[0]).sqrt())
            } else {
                d * lr
            };
            let g: [T; 2] = std::array::from_fn(|i| {
                if h.weight_decouple {
                    grad[i]
                } else {
                    l2!(i, pos)
                }
            });
            let weighted = |i: usize| s.s[i] / (s.exp_avg_sq[i].sqrt() + h.eps);
            let numerator_acc = d_lr * (g[0] * weighted(0) + g[1] * weighted(1));
            for i in 0..2 {
                s.exp_avg[i] = s.exp_avg[i] * h.beta1 + d_lr * (one - h.beta1) * g[i];
                s.exp_avg_sq[i] = s.exp_avg_sq[i] * h.beta2 + (one - h.beta2) * (g[i] * g[i]);
                s.s[i] = s.s[i] * beta2_sq + d_lr * (one - beta2_sq) * g[i];
            }
            let sk_l1 = s.s[0].abs() + s.s[1].abs();
            let active = sk_l1.gt(zero);
            let numerator = lerp(s.numerator_weighted[0], numerator_acc, one - beta2_sq);
            let d_new = d.max(numerator / ((one - beta2_sq) * sk_l1));
            s.numerator_weighted[0] = T::select(active, numerator, s.numerator_weighted[0]);
            s.d[0] = T::select(active, d_new, d);
            for i in 0..2 {
                let denom = s.exp_avg_sq[i].sqrt() + h.eps;
                let mut p = pos[i];
                if h.weight_decouple {
                    p = p * (one - h.weight_decay * d_lr);
                }
                p = p + (-one) * (s.exp_avg[i] / denom);
                pos[i] = T::select(active, p, pos[i]);
            }
            s.checksum()
        }
        // Schedule-Free (schedulefree): the iterate is the evaluation point x (what eval()
        // gives, and what the map reports); the gradient was taken at y (gradient_point).
        // y ← lerp(y, z, c) + lr(β(1 − c) − 1)·g', z ← z − lr·g', x ← lerp(y, z, 1 − 1/β),
        // with c the step's share of the averaging weights (k+1)^r·lr_max^weight_lr_power.
        Optimizer::SchedulefreeAdamw | Optimizer::SchedulefreeSgd => {
            let adam = opt == Optimizer::SchedulefreeAdamw;
            let (z, y, lr_max, weight_sum, beta) = if adam {
                let s = SchedulefreeAdamwState::view(state);
                (s.z, s.y, s.lr_max, s.weight_sum, h.beta1)
            } else {
                let s = SchedulefreeSgdState::view(state);
                (s.z, s.y, s.lr_max, s.weight_sum, h.momentum)
            };
            let (mut z, mut y, mut lr_max, mut weight_sum) = (z, y, lr_max, weight_sum);
            if t == 1 {
                z = *pos;
                y = *pos;
            }
            let k = T::c(f64::from(t - 1));
            let warming = k.lt(h.warmup_steps);
            let sched = T::select(warming, (k + one) / h.warmup_steps, one);
            let mut g = grad;
            if adam {
                let s = SchedulefreeAdamwState::view_mut(state);
                s.beta2_power[0] = s.beta2_power[0] * h.beta2;
                let bc2 = one - s.beta2_power[0];
                for i in 0..2 {
                    s.exp_avg_sq[i] =
                        s.exp_avg_sq[i] * h.beta2 + (one - h.beta2) * (grad[i] * grad[i]);
                    g[i] = grad[i] / ((s.exp_avg_sq[i] / bc2).sqrt() + h.eps);
                }
            }
            for i in 0..2 {
                let lr = lr[i] * sched;
                lr_max[i] = lr.max(lr_max[i]);
                let weight = (k + one).pow(h.r) * lr_max[i].pow(h.weight_lr_power);
                weight_sum[i] = weight_sum[i] + weight;
                let zero = T::c(0.0);
                let ckp1 = T::select(weight_sum[i].gt(zero), weight / weight_sum[i], zero);
                let g = g[i] + h.weight_decay * y[i];
                y[i] = lerp(y[i], z[i], ckp1);
                y[i] = y[i] + lr * (beta * (one - ckp1) - one) * g;
                z[i] = z[i] - lr * g;
                pos[i] = lerp(y[i], z[i], one - one / beta);
            }
            if adam {
                let s = SchedulefreeAdamwState::view_mut(state);
                (s.z, s.y, s.lr_max, s.weight_sum) = (z, y, lr_max, weight_sum);
                s.checksum()
            } else {
                let s = SchedulefreeSgdState::view_mut(state);
                (s.z, s.y, s.lr_max, s.weight_sum) = (z, y, lr_max, weight_sum);
                s.checksum()
            }
        }
        // torch.optim.Muon on a 1×2 matrix: Nesterov momentum (torch's lerps), the update
        // orthogonalised by Newton–Schulz iterations in bfloat16 ([`newton_schulz`]), then
        // decoupled weight decay and a step of lr (torch's adjusted lr, lr·sqrt(max(1, 1/2))).
        Optimizer::Muon => {
            let s = MuonState::view_mut(state);
            let lr = lr[0];
            let mut update = [T::c(0.0); 2];
            for i in 0..2 {
                s.momentum_buffer[i] = lerp(s.momentum_buffer[i], grad[i], one - h.momentum);
                update[i] = if h.nesterov {
                    lerp(grad[i], s.momentum_buffer[i], h.momentum)
                } else {
                    s.momentum_buffer[i]
                };
            }
            let steps = h.ns_steps.lane(0).to_f64_exact() as u32;
            let ortho = newton_schulz(update, steps, h.eps);
            for i in 0..2 {
                pos[i] = pos[i] * (one - lr * h.weight_decay);
                pos[i] = pos[i] + (-lr) * ortho[i];
            }
            s.checksum()
        }
        // torch.optim.ASGD: SGD with a decay term λη, its step size η shrinking as
        // lr / (1 + λ·lr·t)^α, and the running average `ax` of the iterates from step t0.
        Optimizer::Asgd => {
            let s = AsgdState::view_mut(state);
            let mu = s.mu[0];
            let averaging = mu.lt(one);
            let steps = T::c(f64::from(t));
            for i in 0..2 {
                if t == 1 {
                    s.eta[i] = lr[i];
                }
                let g = l2!(i, pos);
                pos[i] = pos[i] * (one - h.lambd * s.eta[i]);
                pos[i] = pos[i] + (-s.eta[i]) * g;
                s.ax[i] = T::select(averaging, s.ax[i] + (pos[i] - s.ax[i]) * mu, pos[i]);
                s.eta[i] = lr[i] / (one + h.lambd * lr[i] * steps).pow(h.alpha);
            }
            s.mu[0] = one / (steps - h.t0).max(one);
            s.checksum()
        }
        // Its step evaluates the objective itself: `Instance` runs it (`lbfgs::step`).
        Optimizer::Lbfgs => unreachable!("L-BFGS steps through lbfgs::step"),
    }
}

/// torch's Newton–Schulz coefficients (a, b, c) for Muon, as the f32 values its bfloat16
/// matrix products scale by.
pub const NS_COEFFICIENTS: [f32; 3] = [3.4445, -4.775, 2.0315];

/// torch.optim.Muon's `_zeropower_via_newtonschulz` on one row `g`, as torch computes it on the
/// CPU: `g` converted to bfloat16, divided by its norm (clamped below by eps), then `steps`
/// times X ← aX + (bA + cA²)X with A = XXᵀ — here the scalar x₀² + x₁². Every operation is
/// torch's: an f32 operation on bfloat16 operands, its result rounded to bfloat16.
#[inline(always)]
pub fn newton_schulz<T: Num>(g: [T; 2], steps: u32, eps: T) -> [T; 2] {
    let [a, b, c] = NS_COEFFICIENTS.map(|k| T::c(f64::from(k)));
    let mut x = g.map(|v| v.round_bf16());
    // Products of two bfloat16 values are exact in f32; sums and scalings round.
    let norm = (x[0] * x[0] + x[1] * x[1]).round_f32().sqrt().round_bf16();
    let floor = eps.round_bf16();
    let norm = T::select(norm.lt(floor), floor, norm);
    x = x.map(|v| (v / norm).round_bf16());
    for _ in 0..steps {
        let gram = (x[0] * x[0] + x[1] * x[1]).round_bf16();
        let gram_update = ((b * gram).round_f32() + (c * (gram * gram)).round_f32()).round_bf16();
        x = x.map(|v| ((a * v).round_f32() + gram_update * v).round_bf16());
    }
    x
}

/// What pytorch-optimizer adds to a second moment before its root (`apply_ams_bound`'s
/// `exp_avg_sq_eps`): LaProp and MARS.
pub const SECOND_MOMENT_EPS: f64 = 1e-15;

/// LAMB's cap on the weight norm of its trust ratio (pytorch-optimizer's `clamp`).
pub const LAMB_CLAMP: f64 = 10.0;

/// AdEMAMix's α and β3 at step `t`: warmed up over `t_alpha_beta3` steps (α linearly, β3 so
/// its half-life grows linearly), or themselves when `t_alpha_beta3` is 0.
#[inline(always)]
pub fn ademamix_warmup<T: Num>(h: &Hyper<T>, t: u32) -> (T, T) {
    let zero = T::c(0.0);
    let one = T::c(1.0);
    let steps = T::c(f64::from(t));
    let warming = h.t_alpha_beta3.gt(zero);
    let period = T::select(warming, h.t_alpha_beta3, one);
    let alpha_t = (steps * h.alpha / period).min(h.alpha);
    let (log_beta1, log_beta3) = (h.beta1.ln(), h.beta3.ln());
    let frac = steps / period;
    let beta3_t = (log_beta1 * log_beta3 / ((one - frac) * log_beta3 + frac * log_beta1))
        .exp()
        .min(h.beta3);
    (
        T::select(warming, alpha_t, h.alpha),
        T::select(warming, beta3_t, h.beta3),
    )
}

/// Where `opt` takes the gradient of step `t` from iterate `pos`: the iterate itself, except
/// for Schedule-Free, whose iterate is the evaluation point x and whose gradient point is y
/// (the iterate on step 1, before it has any). WGSL twin: `OptimizerInfo::wgsl_gradient_point`.
#[inline(always)]
pub fn gradient_point<T: Num>(opt: Optimizer, t: u32, pos: [T; 2], state: &State<T>) -> [T; 2] {
    match opt {
        Optimizer::SchedulefreeAdamw if t > 1 => SchedulefreeAdamwState::view(state).y,
        Optimizer::SchedulefreeSgd if t > 1 => SchedulefreeSgdState::view(state).y,
        _ => pos,
    }
}
