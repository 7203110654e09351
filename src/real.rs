//! The floating-point type an engine computes in.
//!
//! Every objective and update rule is written once, generic over [`Real`], and instantiated for
//! `f32` (the same arithmetic as the WGSL shaders, for parity) and `f64` (the truth both are
//! judged against).

use num_traits::{Float, FloatConst};

/// `f32` or `f64`: the arithmetic plus the few conversions the engines need.
pub trait Real: Float + FloatConst + Send + Sync + std::fmt::Debug + 'static {
    /// Converts an `f64` constant or parameter, rounding to nearest.
    fn lit(v: f64) -> Self;
    /// Widens to `f64` (exact for both types).
    fn to_f64_exact(self) -> f64;
}

impl Real for f32 {
    #[inline(always)]
    fn lit(v: f64) -> Self {
        v as f32
    }
    #[inline(always)]
    fn to_f64_exact(self) -> f64 {
        self as f64
    }
}

impl Real for f64 {
    #[inline(always)]
    fn lit(v: f64) -> Self {
        v
    }
    #[inline(always)]
    fn to_f64_exact(self) -> f64 {
        self
    }
}

/// sign(x) as WGSL and torch define it: 0 at 0 (Rust's `signum` gives ±1 there).
#[inline(always)]
pub fn sign<F: Real>(x: F) -> F {
    if x > F::zero() {
        F::one()
    } else if x < F::zero() {
        -F::one()
    } else {
        F::zero()
    }
}
