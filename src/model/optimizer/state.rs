//! The state one instance of an optimizer carries from step to step.

use super::Optimizer;
use crate::model::hyper::Hyper;
use crate::model::num::Num;

/// An optimizer's state for one instance. Slots are shared between optimizers; the comment on
/// each arm of [`super::step`] says what it keeps where. WGSL twin: `struct OptState` in
/// `shaders/optimizers.wgsl`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct State<T> {
    /// First moment / momentum buffer / Adagrad's sum / Adadelta's square average.
    pub m: [T; 2],
    /// Second moment / RMSprop's square average / Adamax's u / Adadelta's delta average.
    pub v: [T; 2],
    /// AMSGrad's max of v / centred RMSprop's gradient average.
    pub w: [T; 2],
    /// Running products: β1ᵗ (NAdam: 0.96^(tψ)), β2ᵗ, NAdam's μ product.
    pub p: [T; 3],
}

impl<T> State<T> {
    /// The fields' names and lengths, in declaration order. The GPU's storage layout and its
    /// WGSL `OptState` are generated from this (`engine::gpu::layout`).
    pub const LAYOUT: &'static [(&'static str, usize)] = &[("m", 2), ("v", 2), ("w", 2), ("p", 3)];

    /// Values in all: the sum of [`State::LAYOUT`]'s lengths.
    pub const WORDS: usize = {
        let mut n = 0;
        let mut k = 0;
        while k < Self::LAYOUT.len() {
            n += Self::LAYOUT[k].1;
            k += 1;
        }
        n
    };
}

// LAYOUT must describe the struct: as many values as it holds.
const _: () = assert!(std::mem::size_of::<State<f32>>() == 4 * State::<f32>::WORDS);

impl<T: Num> State<T> {
    /// The state before step 1.
    pub fn new(opt: Optimizer, h: &Hyper<T>) -> Self {
        let z = T::c(0.0);
        let acc = if opt == Optimizer::Adagrad {
            h.initial_accumulator_value
        } else {
            z
        };
        let one = T::c(1.0);
        State {
            m: [acc, acc],
            v: [z, z],
            w: [z, z],
            p: [one, one, one],
        }
    }

    /// Sum of every value: non-finite exactly when some value is non-finite (or the sum
    /// overflows, which counts as diverged too). One test instead of one per value.
    #[inline(always)]
    pub fn checksum(&self) -> T {
        self.m[0] + self.m[1] + self.v[0] + self.v[1] + self.w[0] + self.w[1]
    }

    /// `m ? a : b`, lane by lane.
    #[inline(always)]
    pub fn select(m: T::Mask, a: &Self, b: &Self) -> Self {
        let s2 = |x: [T; 2], y: [T; 2]| [T::select(m, x[0], y[0]), T::select(m, x[1], y[1])];
        State {
            m: s2(a.m, b.m),
            v: s2(a.v, b.v),
            w: s2(a.w, b.w),
            p: [
                T::select(m, a.p[0], b.p[0]),
                T::select(m, a.p[1], b.p[1]),
                T::select(m, a.p[2], b.p[2]),
            ],
        }
    }
}
