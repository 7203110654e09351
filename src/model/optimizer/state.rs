//! The state one instance of an optimizer carries from step to step, declared once: the Rust
//! struct, and [`State::LAYOUT`] — each field's name, length, word offset, start value and
//! whether the divergence test sums it — from which the GPU's `OptState`, its storage form, its
//! start (per optimizer: [`super::OptimizerInfo::start`]) and its checksum are generated
//! (`engine::gpu::layout`).

use super::Optimizer;
use crate::model::hyper::Hyper;
use crate::model::num::Num;

/// What a state field holds before step 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Start {
    Zero,
    One,
    /// A hyperparameter's value: its slot (Adagrad's sum starts at `initial_accumulator_value`).
    Hyper(usize),
}

/// One field of [`State`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    pub name: &'static str,
    /// Values in it (2: one per coordinate; 3: running products).
    pub len: usize,
    /// Its first value's index among the state's values (`offset_of` in values).
    pub offset: usize,
    /// Its start unless an optimizer's catalogue entry says otherwise.
    pub start: Start,
    /// Summed by [`State::checksum`]: the divergence test's fields.
    pub checked: bool,
}

/// Declares [`State`] and [`State::LAYOUT`] from one list, in memory order.
macro_rules! state {
    ($($(#[$doc:meta])* $field:ident: $len:literal, $start:expr, checked $checked:literal;)*) => {
        /// An optimizer's state for one instance. Fields are shared between optimizers; the
        /// comment on each arm of [`super::step`] says what it keeps where. WGSL twin:
        /// `struct OptState`, generated from [`State::LAYOUT`].
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub struct State<T> {
            $($(#[$doc])* pub $field: [T; $len],)*
        }

        impl<T> State<T> {
            /// The fields in memory order. The GPU's storage layout and its WGSL `OptState`,
            /// `load_state`, `store_state`, `start_state` and `state_checksum` are generated from
            /// this (`engine::gpu::layout`).
            pub const LAYOUT: &'static [Field] = &[$(Field {
                name: stringify!($field),
                len: $len,
                offset: std::mem::offset_of!(State<f32>, $field) / 4,
                start: $start,
                checked: $checked,
            },)*];
        }

        impl<T: Num> State<T> {
            /// Every value zero.
            fn zeroed() -> Self {
                State { $($field: [T::c(0.0); $len],)* }
            }

            /// Field `k` of [`State::LAYOUT`].
            fn field_mut(&mut self, k: usize) -> &mut [T] {
                let fields: [&mut [T]; [$(stringify!($field)),*].len()] = [$(&mut self.$field),*];
                fields.into_iter().nth(k).expect("a field of LAYOUT")
            }

            /// Sum of every checked value, in [`State::LAYOUT`] order: non-finite exactly when
            /// some value is non-finite (or the sum overflows, which counts as diverged too).
            /// One test instead of one per value.
            #[inline(always)]
            pub fn checksum(&self) -> T {
                let mut sum: Option<T> = None;
                $(
                    if $checked {
                        for &v in &self.$field {
                            sum = Some(match sum {
                                Some(s) => s + v,
                                None => v,
                            });
                        }
                    }
                )*
                sum.unwrap_or(T::c(0.0))
            }

            /// `m ? a : b`, lane by lane.
            #[inline(always)]
            pub fn select(m: T::Mask, a: &Self, b: &Self) -> Self {
                State {
                    $($field: std::array::from_fn(|i| T::select(m, a.$field[i], b.$field[i])),)*
                }
            }
        }
    };
}

state! {
    /// First moment / momentum buffer / Adagrad's sum / Adadelta's square average.
    m: 2, Start::Zero, checked true;
    /// Second moment / RMSprop's square average / Adamax's u / Adadelta's delta average.
    v: 2, Start::Zero, checked true;
    /// AMSGrad's max of v / centred RMSprop's gradient average.
    w: 2, Start::Zero, checked true;
    /// Running products: β1ᵗ (NAdam: 0.96^(tψ)), β2ᵗ, NAdam's μ product.
    p: 3, Start::One, checked false;
}

/// Whether `layout` lays out `words` values of state one field after another, in order: what
/// the GPU's flattened storage assumes. Checked at compile time for [`State::LAYOUT`].
pub const fn check_layout(layout: &[Field], words: usize) -> bool {
    let mut at = 0;
    let mut k = 0;
    while k < layout.len() {
        if layout[k].offset != at {
            return false;
        }
        at += layout[k].len;
        k += 1;
    }
    at == words
}

impl<T> State<T> {
    /// Values in all.
    pub const WORDS: usize = std::mem::size_of::<State<f32>>() / 4;
}

const _: () = assert!(check_layout(State::<f32>::LAYOUT, State::<f32>::WORDS));

impl<T: Num> State<T> {
    /// The state of `opt` before step 1: each field's start, as the optimizer's catalogue entry
    /// overrides [`State::LAYOUT`]'s.
    pub fn new(opt: Optimizer, h: &Hyper<T>) -> Self {
        let mut s = Self::zeroed();
        for (k, field) in Self::LAYOUT.iter().enumerate() {
            let value = match opt.start(field) {
                Start::Zero => T::c(0.0),
                Start::One => T::c(1.0),
                Start::Hyper(slot) => h.real(slot).expect("a real hyperparameter"),
            };
            s.field_mut(k).fill(value);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_check_fails_when_two_fields_are_swapped() {
        let layout = State::<f32>::LAYOUT;
        assert!(check_layout(layout, State::<f32>::WORDS));
        let mut swapped = layout.to_vec();
        swapped.swap(0, 3);
        assert!(!check_layout(&swapped, State::<f32>::WORDS));
        let mut swapped = layout.to_vec();
        swapped.swap(1, 2);
        assert!(!check_layout(&swapped, State::<f32>::WORDS));
    }
}
