//! The floating-point type an engine computes in.
//!
//! Every objective and update rule is written once, generic over [`crate::model::num::Num`] (a scalar
//! [`Real`] or a bundle of lanes of one), and instantiated for `f32` (the same arithmetic as the
//! WGSL shaders, for parity) and `f64` (the truth both are judged against).

use num_traits::{Float, FloatConst};

/// `f32` or `f64`: the arithmetic plus the few conversions and functions the engines need.
pub trait Real:
    Float
    + FloatConst
    + Send
    + Sync
    + std::fmt::Debug
    + 'static
    + crate::model::num::Num<Scalar = Self, Mask = bool, Ints = i32, Bits = u32>
{
    /// Converts an `f64` constant or parameter, rounding to nearest.
    fn lit(v: f64) -> Self;
    /// Widens to `f64` (exact for both types).
    fn to_f64_exact(self) -> f64;
    /// (sin 2πx, cos 2πx) and exp as the engines compute them: branch-free polynomials for f32
    /// (so lane loops vectorize), the C library's for f64 (the truth).
    fn sin_cos_turns_e(self) -> (Self, Self);
    fn exp_e(self) -> Self;
    /// ln and xʸ likewise: f32 from the same polynomials (xʸ = exp(y ln x)), f64 from libm.
    fn ln_e(self) -> Self;
    fn pow_e(self, y: Self) -> Self;
    fn tanh_e(self) -> Self;
    /// atan: f32 from [`crate::model::fastmath::atan`], f64 from libm.
    fn atan_e(self) -> Self;
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
    #[inline(always)]
    fn sin_cos_turns_e(self) -> (Self, Self) {
        crate::model::fastmath::sin_cos_turns(self)
    }
    #[inline(always)]
    fn exp_e(self) -> Self {
        crate::model::fastmath::exp(self)
    }
    #[inline(always)]
    fn ln_e(self) -> Self {
        crate::model::fastmath::ln(self)
    }
    #[inline(always)]
    fn pow_e(self, y: Self) -> Self {
        crate::model::fastmath::exp(y * crate::model::fastmath::ln(self))
    }
    #[inline(always)]
    fn tanh_e(self) -> Self {
        crate::model::fastmath::tanh(self)
    }
    #[inline(always)]
    fn atan_e(self) -> Self {
        crate::model::fastmath::atan(self)
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
    /// Whole turns dropped first (exactly), so 2π multiplies only the fraction.
    #[inline(always)]
    fn sin_cos_turns_e(self) -> (Self, Self) {
        (std::f64::consts::TAU * (self - self.round())).sin_cos()
    }
    #[inline(always)]
    fn exp_e(self) -> Self {
        self.exp()
    }
    #[inline(always)]
    fn ln_e(self) -> Self {
        self.ln()
    }
    #[inline(always)]
    fn pow_e(self, y: Self) -> Self {
        self.powf(y)
    }
    #[inline(always)]
    fn tanh_e(self) -> Self {
        self.tanh()
    }
    #[inline(always)]
    fn atan_e(self) -> Self {
        self.atan()
    }
}
