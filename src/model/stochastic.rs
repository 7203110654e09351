//! Stochastic gradients: seeded noise and sparsity applied to the gradient before the optimizer
//! sees it (before weight decay, as a noisy `p.grad` would be), for every optimizer.
//!
//! `noise` σ ≥ 0 adds σξ per coordinate (ξ a standard normal); `sparsity` p ∈ [0, 1) then zeroes
//! each coordinate with probability p. Both are quantities like hyperparameters (axes, panels).
//! The draws come from [`crate::model::random`], keyed by the seed and counted by (instance,
//! step), so an instance's gradients are the same on every run and on both backends.
//!
//! WGSL twin: `perturb_gradient` in `shaders/random.wgsl`.

use crate::model::hyper::{slot, Hyper, HyperSpec, Range};
use crate::model::num::Num;
use crate::model::random::{block, normals, Stream};

/// The quantities every optimizer accepts for its gradient.
pub const GRADIENT_QUANTITIES: [HyperSpec; 2] = [
    HyperSpec::new(slot::NOISE, 0.0, Range::NonNegative),
    HyperSpec::new(slot::SPARSITY, 0.0, Range::UnitHalfOpen),
];

/// The data objectives' minibatch size: examples per step's gradient, drawn with replacement;
/// 0 (the default) means the full-data gradient. A whole number, the same for the whole sweep
/// (panels, not an axis).
pub const BATCH: HyperSpec = HyperSpec::new(slot::BATCH, 0.0, Range::Count);

/// Where an instance's draws come from: the key (from the seed) and each lane's instance index.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Draws<B> {
    pub key: [u32; 2],
    pub index: B,
}

/// The gradient instance(s) `d.index` see at step `t`: `g + σξ`, then each coordinate zeroed
/// where its uniform falls below p.
#[inline(always)]
pub fn perturb<T: Num>(g: [T; 2], h: &Hyper<T>, d: &Draws<T::Bits>, t: u32) -> [T; 2] {
    let w = block(d.key, d.index, t, Stream::Gradient, 0);
    let xi = normals::<T>(w[0], w[1]);
    let zero = T::c(0.0);
    let keep = |i: usize, u: T::Bits| {
        let noisy = g[i] + h.noise * xi[i];
        T::select(T::unit(u).lt(h.sparsity), zero, noisy)
    };
    [keep(0, w[2]), keep(1, w[3])]
}
