//! [`Counted`]: any [`Num`] that counts the arithmetic done on it, lane by lane — how
//! `optgrid bench --roofline` knows a workload's floating-point operations per step exactly,
//! rather than guessing: it runs the engine's own code on `Counted` lanes.
//!
//! Each operation counts once per lane, in one of three classes that use a core differently:
//! `flops` (+ − × and the fast transcendentals' polynomials: what an FMA unit could fuse, and
//! what a roofline counts), `divides` (÷ and √, which share the slow divider) and `other` (compares,
//! selects, min/max/abs/floor/negation and the fast functions' integer bit work: vector
//! instructions that are not floating-point arithmetic). Constants, lane moves, mask logic and
//! the random generator's integer words are not counted.

use super::Num;
use crate::model::fastmath;
/// The count type lives beside the fast functions' hand-counted costs, which `num` builds on.
pub use crate::model::fastmath::Ops;
use std::cell::Cell;
use std::ops::{Add, Div, Mul, Neg, Sub};

thread_local! {
    static TALLY: Cell<Ops> = const { Cell::new(Ops::of(0, 0, 0)) };
}

/// The operations counted on this thread so far, and the count reset to zero.
pub fn take() -> Ops {
    TALLY.with(|t| t.replace(Ops::default()))
}

#[inline(always)]
fn count<V: Num>(per_lane: Ops) {
    let n = V::LANES as u64;
    TALLY.with(|t| {
        let o = t.get();
        t.set(Ops::of(
            o.flops + n * per_lane.flops,
            o.divides + n * per_lane.divides,
            o.other + n * per_lane.other,
        ))
    });
}

const FLOP: Ops = Ops::of(1, 0, 0);
const DIVIDE: Ops = Ops::of(0, 1, 0);
const OTHER: Ops = Ops::of(0, 0, 1);

/// A value of `V` whose every operation is counted. It computes exactly what `V` computes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Counted<V>(pub V);

macro_rules! counted_op {
    ($tr:ident, $f:ident, $class:expr) => {
        impl<V: Num> $tr for Counted<V> {
            type Output = Self;
            #[inline(always)]
            fn $f(self, o: Self) -> Self {
                count::<V>($class);
                Counted(self.0.$f(o.0))
            }
        }
    };
}
counted_op!(Add, add, FLOP);
counted_op!(Sub, sub, FLOP);
counted_op!(Mul, mul, FLOP);
counted_op!(Div, div, DIVIDE);

impl<V: Num> Neg for Counted<V> {
    type Output = Self;
    fn neg(self) -> Self {
        count::<V>(OTHER);
        Counted(-self.0)
    }
}

impl<V: Num> Num for Counted<V> {
    type Scalar = V::Scalar;
    type Mask = V::Mask;
    type Ints = V::Ints;
    type Bits = V::Bits;
    const LANES: usize = V::LANES;

    fn splat(v: V::Scalar) -> Self {
        Counted(V::splat(v))
    }
    fn lane(self, l: usize) -> V::Scalar {
        self.0.lane(l)
    }
    fn sqrt(self) -> Self {
        count::<V>(DIVIDE);
        Counted(self.0.sqrt())
    }
    fn exp(self) -> Self {
        count::<V>(fastmath::EXP_COST);
        Counted(self.0.exp())
    }
    fn ln(self) -> Self {
        count::<V>(fastmath::LN_COST);
        Counted(self.0.ln())
    }
    fn pow(self, y: Self) -> Self {
        count::<V>(fastmath::EXP_COST.plus(fastmath::LN_COST).plus(FLOP));
        Counted(self.0.pow(y.0))
    }
    fn floor(self) -> Self {
        count::<V>(OTHER);
        Counted(self.0.floor())
    }
    fn tanh(self) -> Self {
        count::<V>(fastmath::TANH_COST);
        Counted(self.0.tanh())
    }
    fn atan(self) -> Self {
        count::<V>(fastmath::ATAN_COST);
        Counted(self.0.atan())
    }
    fn from_fn(f: impl FnMut(usize) -> V::Scalar) -> Self {
        Counted(V::from_fn(f))
    }
    /// A load, not an arithmetic operation: not counted.
    unsafe fn gather(col: &[V::Scalar], at: V::Bits) -> Self {
        // SAFETY: the caller's contract, passed on.
        Counted(unsafe { V::gather(col, at) })
    }
    fn sin_cos_turns(self) -> (Self, Self) {
        count::<V>(fastmath::SIN_COS_TURNS_COST);
        let (s, c) = self.0.sin_cos_turns();
        (Counted(s), Counted(c))
    }
    fn abs(self) -> Self {
        count::<V>(OTHER);
        Counted(self.0.abs())
    }
    fn max(self, o: Self) -> Self {
        count::<V>(OTHER);
        Counted(self.0.max(o.0))
    }
    fn gt(self, o: Self) -> V::Mask {
        count::<V>(OTHER);
        self.0.gt(o.0)
    }
    fn lt(self, o: Self) -> V::Mask {
        count::<V>(OTHER);
        self.0.lt(o.0)
    }
    fn le(self, o: Self) -> V::Mask {
        count::<V>(OTHER);
        self.0.le(o.0)
    }
    fn is_finite(self) -> V::Mask {
        count::<V>(OTHER);
        self.0.is_finite()
    }
    fn select(m: V::Mask, a: Self, b: Self) -> Self {
        count::<V>(OTHER);
        Counted(V::select(m, a.0, b.0))
    }
    fn unit(w: V::Bits) -> Self {
        Counted(V::unit(w))
    }
    fn unit_open(w: V::Bits) -> Self {
        Counted(V::unit_open(w))
    }
    fn ints(v: i32) -> V::Ints {
        V::ints(v)
    }
    fn ints_lane(i: V::Ints, l: usize) -> i32 {
        V::ints_lane(i, l)
    }
    fn ints_select(m: V::Mask, a: i32, b: V::Ints) -> V::Ints {
        V::ints_select(m, a, b)
    }
    fn ints_ge0(i: V::Ints) -> V::Mask {
        V::ints_ge0(i)
    }
}

#[cfg(feature = "unit-tests")]
pub mod tests {
    use super::*;
    use crate::model::num::Lanes;

    pub fn counts_each_class_once_per_lane_and_computes_what_the_lanes_compute() {
        take();
        let a = Counted(Lanes::<f32, 4>::from_fn(|l| l as f32 + 1.0));
        let b = Counted(Lanes::<f32, 4>::splat(2.0));
        let r = (a * b + a) / b.sqrt();
        let m = r.gt(a);
        let s = Counted::select(m, r, a).exp();
        assert_eq!(
            take(),
            Ops::of(
                4 * (2 + fastmath::EXP_COST.flops),
                4 * 2,
                4 * (2 + fastmath::EXP_COST.other)
            )
        );
        let plain = Lanes::<f32, 4>::from_fn(|l| l as f32 + 1.0);
        let two = Lanes::<f32, 4>::splat(2.0);
        let want = (plain * two + plain) / two.sqrt();
        assert_eq!(s.0, Lanes::select(want.gt(plain), want, plain).exp());
        assert_eq!(take(), Ops::default(), "take resets the count");
    }

    /// The tests above, for `crate::unit_tests`.
    pub const ALL: crate::UnitTests = &[(
        "counts_each_class_once_per_lane_and_computes_what_the_lanes_compute",
        counts_each_class_once_per_lane_and_computes_what_the_lanes_compute,
    )];
}
