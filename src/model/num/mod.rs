//! Numbers the per-instance code computes with: a scalar [`Real`], or [`Lanes`] of N of them
//! advanced in lockstep (the CPU engine's SIMD form). Each lane of a `Lanes` computes exactly
//! what the scalar code computes — the same operations in the same order — so both give the
//! same bits; branches that differ per lane are written as [`Num::select`].

// Lane loops index arrays side by side on purpose: that is the shape LLVM vectorizes.
#![allow(clippy::needless_range_loop)]

pub mod real;
pub use real::Real;
use std::fmt::Debug;
use std::ops::{Add, BitAnd, BitOr, Div, Mul, Neg, Not, Sub};

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

    fn splat(v: Self::Scalar) -> Self;
    /// A constant, rounded to the scalar type.
    #[inline(always)]
    fn c(v: f64) -> Self {
        Self::splat(Self::Scalar::lit(v))
    }
    fn lane(self, l: usize) -> Self::Scalar;

    fn sqrt(self) -> Self;
    fn exp(self) -> Self;
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
            #[inline(always)]
            fn splat(v: $t) -> Self {
                v
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
    #[inline(always)]
    fn splat(v: F) -> Self {
        Lanes([v; N])
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
