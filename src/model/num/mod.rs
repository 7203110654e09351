//! Numbers the per-instance code computes with: a scalar [`Real`], or [`Lanes`] of N of them
//! advanced in lockstep (the CPU engine's SIMD form). Each lane of a `Lanes` computes exactly
//! what the scalar code computes — the same operations in the same order — so both give the
//! same bits; branches that differ per lane are written as [`Num::select`].

// Lane loops index arrays side by side on purpose: that is the shape LLVM vectorizes.
#![allow(clippy::needless_range_loop)]

pub mod real;
pub use real::Real;
use std::fmt::Debug;
use std::ops::{Add, BitAnd, BitOr, BitXor, Div, Mul, Neg, Not, Sub};

/// A 32-bit word per lane: the random generator's integers (`crate::model::random`).
pub trait Bits: Copy + Debug + PartialEq + Send + Sync + BitXor<Output = Self> {
    fn splat(v: u32) -> Self;
    fn from_fn(f: impl FnMut(usize) -> u32) -> Self;
    fn lane(self, l: usize) -> u32;
    /// The high and low words of the 64-bit product with `m`.
    fn mul_hi_lo(self, m: u32) -> (Self, Self);
}

impl Bits for u32 {
    #[inline(always)]
    fn splat(v: u32) -> Self {
        v
    }
    #[inline(always)]
    fn from_fn(mut f: impl FnMut(usize) -> u32) -> Self {
        f(0)
    }
    #[inline(always)]
    fn lane(self, _: usize) -> u32 {
        self
    }
    #[inline(always)]
    fn mul_hi_lo(self, m: u32) -> (Self, Self) {
        let p = u64::from(self) * u64::from(m);
        ((p >> 32) as u32, p as u32)
    }
}

/// N lanes of a 32-bit word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LaneBits<const N: usize>(pub [u32; N]);

impl<const N: usize> BitXor for LaneBits<N> {
    type Output = Self;
    #[inline(always)]
    fn bitxor(self, o: Self) -> Self {
        let mut r = self.0;
        for i in 0..N {
            r[i] ^= o.0[i];
        }
        LaneBits(r)
    }
}

impl<const N: usize> Bits for LaneBits<N> {
    #[inline(always)]
    fn splat(v: u32) -> Self {
        LaneBits([v; N])
    }
    #[inline(always)]
    fn from_fn(f: impl FnMut(usize) -> u32) -> Self {
        LaneBits(std::array::from_fn(f))
    }
    #[inline(always)]
    fn lane(self, l: usize) -> u32 {
        self.0[l]
    }
    #[inline(always)]
    fn mul_hi_lo(self, m: u32) -> (Self, Self) {
        let (mut hi, mut lo) = ([0; N], [0; N]);
        for i in 0..N {
            (hi[i], lo[i]) = self.0[i].mul_hi_lo(m);
        }
        (LaneBits(hi), LaneBits(lo))
    }
}

/// A truth value per lane.
pub trait Mask:
    Copy + Debug + BitAnd<Output = Self> + BitOr<Output = Self> + Not<Output = Self>
{
    fn splat(b: bool) -> Self;
    fn any(self) -> bool;
    fn all(self) -> bool;
    fn lane(self, l: usize) -> bool;
}

impl Mask for bool {
    #[inline(always)]
    fn splat(b: bool) -> Self {
        b
    }
    #[inline(always)]
    fn any(self) -> bool {
        self
    }
    #[inline(always)]
    fn all(self) -> bool {
        self
    }
    #[inline(always)]
    fn lane(self, _: usize) -> bool {
        self
    }
}

/// A scalar, or N lanes, of one real type.
pub trait Num:
    Copy
    + Debug
    + Send
    + Sync
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
{
    type Scalar: Real;
    type Mask: Mask;
    /// A whole number per lane (step counts).
    type Ints: Copy + Debug + PartialEq + Send + Sync;
    /// A 32-bit word per lane (random draws, instance indices).
    type Bits: Bits;

    fn splat(v: Self::Scalar) -> Self;
    /// A constant, rounded to the scalar type.
    #[inline(always)]
    fn c(v: f64) -> Self {
        Self::splat(Self::Scalar::lit(v))
    }
    fn lane(self, l: usize) -> Self::Scalar;

    fn sqrt(self) -> Self;
    fn exp(self) -> Self;
    /// ln x for positive, normal x (see [`crate::model::fastmath::ln`]).
    fn ln(self) -> Self;
    /// xʸ for x > 0, as exp(y ln x) with the engine's own exp and ln (f64: `powf`).
    fn pow(self, y: Self) -> Self;
    fn floor(self) -> Self;
    fn tanh(self) -> Self;
    fn atan(self) -> Self;
    /// A value per lane from its scalar.
    fn from_fn(f: impl FnMut(usize) -> Self::Scalar) -> Self;
    /// (sin 2πx, cos 2πx): the periodic objectives' arguments, reduced in turns.
    fn sin_cos_turns(self) -> (Self, Self);
    fn abs(self) -> Self;
    /// `f32::max` semantics (a NaN operand yields the other).
    fn max(self, o: Self) -> Self;
    fn gt(self, o: Self) -> Self::Mask;
    fn lt(self, o: Self) -> Self::Mask;
    fn le(self, o: Self) -> Self::Mask;
    fn is_finite(self) -> Self::Mask;
    /// `m ? a : b` per lane.
    fn select(m: Self::Mask, a: Self, b: Self) -> Self;
    /// sign(x) as WGSL and torch define it: 0 at 0.
    #[inline(always)]
    fn sign(self) -> Self {
        let zero = Self::c(0.0);
        Self::select(
            self.gt(zero),
            Self::c(1.0),
            Self::select(self.lt(zero), Self::c(-1.0), zero),
        )
    }

    /// The smaller of two values (the first where they compare equal or either is NaN).
    #[inline(always)]
    fn min(self, o: Self) -> Self {
        Self::select(o.lt(self), o, self)
    }

    /// A uniform in [0, 1) from the top 24 bits of each lane's word (exact in f32 and f64).
    fn unit(w: Self::Bits) -> Self;
    /// A uniform in (0, 1] likewise: (top 24 bits + 1) · 2⁻²⁴.
    fn unit_open(w: Self::Bits) -> Self;

    fn ints(v: i32) -> Self::Ints;
    fn ints_lane(i: Self::Ints, l: usize) -> i32;
    /// `m ? a : b` per lane.
    fn ints_select(m: Self::Mask, a: i32, b: Self::Ints) -> Self::Ints;
    fn ints_ge0(i: Self::Ints) -> Self::Mask;
}

macro_rules! scalar_num {
    ($t:ty) => {
        impl Num for $t {
            type Scalar = $t;
            type Mask = bool;
            type Ints = i32;
            type Bits = u32;
            #[inline(always)]
            fn splat(v: $t) -> Self {
                v
            }
            #[inline(always)]
            fn ln(self) -> Self {
                Real::ln_e(self)
            }
            #[inline(always)]
            fn pow(self, y: Self) -> Self {
                Real::pow_e(self, y)
            }
            #[inline(always)]
            fn floor(self) -> Self {
                <$t>::floor(self)
            }
            #[inline(always)]
            fn tanh(self) -> Self {
                Real::tanh_e(self)
            }
            #[inline(always)]
            fn atan(self) -> Self {
                Real::atan_e(self)
            }
            #[inline(always)]
            fn from_fn(mut f: impl FnMut(usize) -> $t) -> Self {
                f(0)
            }
            #[inline(always)]
            fn unit(w: u32) -> Self {
                (w >> 8) as $t * crate::model::random::UNIT as $t
            }
            #[inline(always)]
            fn unit_open(w: u32) -> Self {
                ((w >> 8) as $t + 1.0) * crate::model::random::UNIT as $t
            }
            #[inline(always)]
            fn lane(self, _: usize) -> $t {
                self
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                <$t>::sqrt(self)
            }
            #[inline(always)]
            fn exp(self) -> Self {
                Real::exp_e(self)
            }
            #[inline(always)]
            fn sin_cos_turns(self) -> (Self, Self) {
                Real::sin_cos_turns_e(self)
            }
            #[inline(always)]
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
            #[inline(always)]
            fn max(self, o: Self) -> Self {
                <$t>::max(self, o)
            }
            #[inline(always)]
            fn gt(self, o: Self) -> bool {
                self > o
            }
            #[inline(always)]
            fn lt(self, o: Self) -> bool {
                self < o
            }
            #[inline(always)]
            fn le(self, o: Self) -> bool {
                self <= o
            }
            #[inline(always)]
            fn is_finite(self) -> bool {
                <$t>::is_finite(self)
            }
            #[inline(always)]
            fn select(m: bool, a: Self, b: Self) -> Self {
                if m {
                    a
                } else {
                    b
                }
            }
            #[inline(always)]
            fn ints(v: i32) -> i32 {
                v
            }
            #[inline(always)]
            fn ints_lane(i: i32, _: usize) -> i32 {
                i
            }
            #[inline(always)]
            fn ints_select(m: bool, a: i32, b: i32) -> i32 {
                if m {
                    a
                } else {
                    b
                }
            }
            #[inline(always)]
            fn ints_ge0(i: i32) -> bool {
                i >= 0
            }
        }
    };
}
scalar_num!(f32);
scalar_num!(f64);

/// N lanes of a truth value, as 32-bit all-ones / all-zeros words: the form SIMD compares
/// produce, so masks stay in vector registers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LaneMask<const N: usize>(pub [i32; N]);

macro_rules! mask_op {
    ($tr:ident, $f:ident, $op:tt) => {
        impl<const N: usize> $tr for LaneMask<N> {
            type Output = Self;
            #[inline(always)]
            fn $f(self, o: Self) -> Self {
                let mut r = self.0;
                for i in 0..N {
                    r[i] $op o.0[i];
                }
                LaneMask(r)
            }
        }
    };
}
mask_op!(BitAnd, bitand, &=);
mask_op!(BitOr, bitor, |=);

impl<const N: usize> Not for LaneMask<N> {
    type Output = Self;
    #[inline(always)]
    fn not(self) -> Self {
        let mut r = self.0;
        for b in &mut r {
            *b = !*b;
        }
        LaneMask(r)
    }
}

impl<const N: usize> Mask for LaneMask<N> {
    #[inline(always)]
    fn splat(b: bool) -> Self {
        LaneMask([-i32::from(b); N])
    }
    #[inline(always)]
    fn any(self) -> bool {
        self.0.iter().fold(0, |a, &b| a | b) != 0
    }
    #[inline(always)]
    fn all(self) -> bool {
        self.0.iter().fold(-1, |a, &b| a & b) != 0
    }
    #[inline(always)]
    fn lane(self, l: usize) -> bool {
        self.0[l] != 0
    }
}

#[inline(always)]
fn word(b: bool) -> i32 {
    -i32::from(b)
}

/// N values of one real type, computed on in lockstep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lanes<F, const N: usize>(pub [F; N]);

impl<F: Real, const N: usize> Lanes<F, N> {
    #[inline(always)]
    pub fn from_fn(f: impl FnMut(usize) -> F) -> Self {
        Lanes(std::array::from_fn(f))
    }
    #[inline(always)]
    fn map(self, f: impl Fn(F) -> F) -> Self {
        let mut r = self.0;
        for v in &mut r {
            *v = f(*v);
        }
        Lanes(r)
    }
    #[inline(always)]
    fn cmp(self, o: Self, f: impl Fn(F, F) -> bool) -> LaneMask<N> {
        let mut r = [0; N];
        for i in 0..N {
            r[i] = word(f(self.0[i], o.0[i]));
        }
        LaneMask(r)
    }
}

macro_rules! lane_op {
    ($tr:ident, $f:ident, $op:tt) => {
        impl<F: Real, const N: usize> $tr for Lanes<F, N> {
            type Output = Self;
            #[inline(always)]
            fn $f(self, o: Self) -> Self {
                let mut r = self.0;
                for i in 0..N {
                    r[i] = r[i] $op o.0[i];
                }
                Lanes(r)
            }
        }
    };
}
lane_op!(Add, add, +);
lane_op!(Sub, sub, -);
lane_op!(Mul, mul, *);
lane_op!(Div, div, /);

impl<F: Real, const N: usize> Neg for Lanes<F, N> {
    type Output = Self;
    #[inline(always)]
    fn neg(self) -> Self {
        self.map(|v| -v)
    }
}

impl<F: Real, const N: usize> Num for Lanes<F, N> {
    type Scalar = F;
    type Mask = LaneMask<N>;
    type Ints = [i32; N];
    type Bits = LaneBits<N>;
    #[inline(always)]
    fn splat(v: F) -> Self {
        Lanes([v; N])
    }
    #[inline(always)]
    fn ln(self) -> Self {
        self.map(|v| v.ln_e())
    }
    #[inline(always)]
    fn pow(self, y: Self) -> Self {
        let mut r = self.0;
        for i in 0..N {
            r[i] = r[i].pow_e(y.0[i]);
        }
        Lanes(r)
    }
    #[inline(always)]
    fn floor(self) -> Self {
        self.map(num_traits::Float::floor)
    }
    #[inline(always)]
    fn tanh(self) -> Self {
        self.map(|v| v.tanh_e())
    }
    #[inline(always)]
    fn atan(self) -> Self {
        self.map(|v| v.atan_e())
    }
    #[inline(always)]
    fn from_fn(f: impl FnMut(usize) -> F) -> Self {
        Lanes(std::array::from_fn(f))
    }
    #[inline(always)]
    fn unit(w: LaneBits<N>) -> Self {
        Lanes::from_fn(|l| F::unit(w.0[l]))
    }
    #[inline(always)]
    fn unit_open(w: LaneBits<N>) -> Self {
        Lanes::from_fn(|l| F::unit_open(w.0[l]))
    }
    #[inline(always)]
    fn lane(self, l: usize) -> F {
        self.0[l]
    }
    #[inline(always)]
    fn sqrt(self) -> Self {
        self.map(num_traits::Float::sqrt)
    }
    #[inline(always)]
    fn exp(self) -> Self {
        self.map(|v| v.exp_e())
    }
    #[inline(always)]
    fn sin_cos_turns(self) -> (Self, Self) {
        let (mut s, mut c) = ([F::zero(); N], [F::zero(); N]);
        for i in 0..N {
            (s[i], c[i]) = self.0[i].sin_cos_turns_e();
        }
        (Lanes(s), Lanes(c))
    }
    #[inline(always)]
    fn abs(self) -> Self {
        self.map(num_traits::Float::abs)
    }
    #[inline(always)]
    fn max(self, o: Self) -> Self {
        let mut r = self.0;
        for i in 0..N {
            r[i] = num_traits::Float::max(r[i], o.0[i]);
        }
        Lanes(r)
    }
    #[inline(always)]
    fn gt(self, o: Self) -> LaneMask<N> {
        self.cmp(o, |a, b| a > b)
    }
    #[inline(always)]
    fn lt(self, o: Self) -> LaneMask<N> {
        self.cmp(o, |a, b| a < b)
    }
    #[inline(always)]
    fn le(self, o: Self) -> LaneMask<N> {
        self.cmp(o, |a, b| a <= b)
    }
    #[inline(always)]
    fn is_finite(self) -> LaneMask<N> {
        let mut r = [0; N];
        for i in 0..N {
            r[i] = word(num_traits::Float::is_finite(self.0[i]));
        }
        LaneMask(r)
    }
    #[inline(always)]
    fn select(m: LaneMask<N>, a: Self, b: Self) -> Self {
        let mut r = b.0;
        for i in 0..N {
            if m.0[i] != 0 {
                r[i] = a.0[i];
            }
        }
        Lanes(r)
    }
    #[inline(always)]
    fn ints(v: i32) -> [i32; N] {
        [v; N]
    }
    #[inline(always)]
    fn ints_lane(i: [i32; N], l: usize) -> i32 {
        i[l]
    }
    #[inline(always)]
    fn ints_select(m: LaneMask<N>, a: i32, b: [i32; N]) -> [i32; N] {
        let mut r = b;
        for i in 0..N {
            r[i] = (a & m.0[i]) | (b[i] & !m.0[i]);
        }
        r
    }
    #[inline(always)]
    fn ints_ge0(i: [i32; N]) -> LaneMask<N> {
        let mut r = [0; N];
        for l in 0..N {
            r[l] = word(i[l] >= 0);
        }
        LaneMask(r)
    }
}
