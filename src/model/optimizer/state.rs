//! The state one instance of an optimizer carries from step to step. Each rule declares its
//! own ([`rule_state!`]): named fields as torch's `optimizer.state` names them, sized for the
//! rule, with their start values and which ones the divergence test sums. An instance stores
//! them as words ([`State`]); a rule's step reads them into its typed struct and writes them
//! back. The GPU's `OptState` for a pair, its storage, start and checksum are generated from
//! the rule's [`Field`] list (`engine::gpu::layout`), so a kernel carries only its rule's state.

use super::Optimizer;
use crate::model::hyper::{slot, Hyper};
use crate::model::num::Num;
use std::mem::MaybeUninit;

/// What a state field holds before step 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Start {
    Zero,
    One,
    /// A hyperparameter's value: its slot (Adagrad's sum starts at `initial_accumulator_value`).
    Hyper(usize),
    /// The start point (Lookahead's slow weights: a wrapper's field, never a rule's).
    Position,
}

/// One field of a rule's state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    pub name: &'static str,
    /// Values in it (2: one per coordinate; 1: a scalar such as a running product).
    pub len: usize,
    /// Its first value's index among the state's words.
    pub offset: usize,
    pub start: Start,
    /// Summed by the rule's checksum: the divergence test's fields.
    pub checked: bool,
}

/// `fields` with each one's offset: one after another, in order.
pub const fn laid_out<const N: usize>(mut fields: [Field; N]) -> [Field; N] {
    let mut at = 0;
    let mut k = 0;
    while k < N {
        fields[k].offset = at;
        at += fields[k].len;
        k += 1;
    }
    fields
}

/// Words of state a field list takes.
pub const fn words(fields: &[Field]) -> usize {
    let mut n = 0;
    let mut k = 0;
    while k < fields.len() {
        n += fields[k].len;
        k += 1;
    }
    n
}

/// Declares one rule's state: a struct of its named fields (`[T; len]` each), its
/// [`Field`] list (`FIELDS`), `view` / `view_mut` (the fields in place in an instance's
/// [`State`]) and `checksum`.
macro_rules! rule_state {
    ($(#[$doc:meta])* $name:ident {
        $($(#[$fdoc:meta])* $field:ident: $len:literal = $start:expr, $checked:literal;)*
    }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq)]
        #[repr(C)]
        pub struct $name<T> {
            $($(#[$fdoc])* pub $field: [T; $len],)*
            _number: std::marker::PhantomData<T>,
        }

        impl<T> $name<T> {
            /// The fields in memory order (the GPU's `OptState` is generated from them).
            pub const FIELDS: &'static [Field] = &laid_out([$(Field {
                name: stringify!($field),
                len: $len,
                offset: 0,
                start: $start,
                checked: $checked,
            }),*]);
        }

        impl<T: Num> $name<T> {
            /// The rule's fields in an instance's words, in place.
            #[inline(always)]
            pub fn view(s: &State<T>) -> &Self {
                const { assert!(std::mem::size_of::<Self>() <= std::mem::size_of::<State<T>>()) };
                // SAFETY: `Self` is `repr(C)` and made only of `[T; n]` arrays (and a zero-sized
                // marker), so its fields lie one after another at `T`'s alignment, as `FIELDS`
                // lays them out; it is no larger than `State<T>`, a `repr(C)` `[T; WORDS]`.
                unsafe { &*(s as *const State<T>).cast::<Self>() }
            }

            /// The rule's fields in an instance's words, in place, to update.
            #[inline(always)]
            pub fn view_mut(s: &mut State<T>) -> &mut Self {
                const { assert!(std::mem::size_of::<Self>() <= std::mem::size_of::<State<T>>()) };
                // SAFETY: as for `view`, and the borrow of `s` is exclusive.
                unsafe { &mut *(s as *mut State<T>).cast::<Self>() }
            }

            /// Sum of every checked value, in field order: non-finite exactly when some value
            /// is non-finite (or the sum overflows, which counts as diverged too). One test
            /// instead of one per value.
            #[inline(always)]
            #[allow(unused_mut)]
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
        }
    };
}

rule_state! {
    /// SGD keeps nothing.
    NoState {}
}

rule_state! {
    /// Heavy-ball and Nesterov momentum.
    MomentumState {
        momentum_buffer: 2 = Start::Zero, true;
    }
}

rule_state! {
    /// Adagrad: the sum of squared gradients.
    AdagradState {
        sum: 2 = Start::Hyper(slot::INITIAL_ACCUMULATOR_VALUE), true;
    }
}

rule_state! {
    /// RMSprop: the momentum buffer (with momentum 0 it equals g/avg, so one form serves
    /// both), the square average, and the gradient average (centred).
    RmspropState {
        momentum_buffer: 2 = Start::Zero, true;
        square_avg: 2 = Start::Zero, true;
        grad_avg: 2 = Start::Zero, true;
    }
}

rule_state! {
    /// Adam, AdamW and AMSGrad: the moments, the max of the second (amsgrad), and the running
    /// products β1ᵗ and β2ᵗ of the bias corrections.
    AdamState {
        exp_avg: 2 = Start::Zero, true;
        exp_avg_sq: 2 = Start::Zero, true;
        max_exp_avg_sq: 2 = Start::Zero, true;
        beta1_power: 1 = Start::One, false;
        beta2_power: 1 = Start::One, false;
    }
}

rule_state! {
    /// NAdam: the moments, 0.96^(tψ) (the momentum decay's power), β2ᵗ, and the product of
    /// the μ's.
    NadamState {
        exp_avg: 2 = Start::Zero, true;
        exp_avg_sq: 2 = Start::Zero, true;
        decay_power: 1 = Start::One, false;
        beta2_power: 1 = Start::One, false;
        mu_product: 1 = Start::One, false;
    }
}

rule_state! {
    /// RAdam: the moments and β1ᵗ, β2ᵗ.
    RadamState {
        exp_avg: 2 = Start::Zero, true;
        exp_avg_sq: 2 = Start::Zero, true;
        beta1_power: 1 = Start::One, false;
        beta2_power: 1 = Start::One, false;
    }
}

rule_state! {
    /// Adamax: the first moment, the infinity norm u, and β1ᵗ.
    AdamaxState {
        exp_avg: 2 = Start::Zero, true;
        exp_inf: 2 = Start::Zero, true;
        beta1_power: 1 = Start::One, false;
    }
}

rule_state! {
    /// Adadelta: the square averages of the gradients and of the updates Δ.
    AdadeltaState {
        square_avg: 2 = Start::Zero, true;
        acc_delta: 2 = Start::Zero, true;
    }
}

rule_state! {
    /// Lion: the momentum (the slower average, β2).
    LionState {
        exp_avg: 2 = Start::Zero, true;
    }
}

rule_state! {
    /// Muon: the momentum buffer.
    MuonState {
        momentum_buffer: 2 = Start::Zero, true;
    }
}

rule_state! {
    /// Rprop: the previous gradient (zero where its sign flipped) and each coordinate's step
    /// size, which torch starts at the learning rate on the first step.
    RpropState {
        prev: 2 = Start::Zero, true;
        step_size: 2 = Start::Zero, false;
    }
}

rule_state! {
    /// AdaBelief: the first moment, the variance of the gradient around it ("belief"), β1ᵗ
    /// and β2ᵗ.
    AdabeliefState {
        exp_avg: 2 = Start::Zero, true;
        exp_avg_var: 2 = Start::Zero, true;
        beta1_power: 1 = Start::One, false;
        beta2_power: 1 = Start::One, false;
    }
}

rule_state! {
    /// LaProp: the momentum of the normalised gradient, the second moment, the gradient's
    /// mean (centred), the average of the learning rate its bias correction divides by, and
    /// β2ᵗ.
    LapropState {
        exp_avg: 2 = Start::Zero, true;
        exp_avg_sq: 2 = Start::Zero, true;
        exp_mean_avg_beta2: 2 = Start::Zero, true;
        exp_avg_lr_1: 2 = Start::Zero, false;
        beta2_power: 1 = Start::One, false;
    }
}

rule_state! {
    /// Adan: the averages of the gradient, of its difference from the last one and of the
    /// squared corrected gradient; the last gradient, negated (as the reference keeps it);
    /// β1ᵗ, β2ᵗ, β3ᵗ.
    AdanState {
        exp_avg: 2 = Start::Zero, true;
        exp_avg_sq: 2 = Start::Zero, true;
        exp_avg_diff: 2 = Start::Zero, true;
        previous_grad: 2 = Start::Zero, true;
        beta1_power: 1 = Start::One, false;
        beta2_power: 1 = Start::One, false;
        beta3_power: 1 = Start::One, false;
    }
}

rule_state! {
    /// LAMB: Adam's moments (uncorrected: the trust ratio rescales the step) and β1ᵗ.
    LambState {
        exp_avg: 2 = Start::Zero, true;
        exp_avg_sq: 2 = Start::Zero, true;
        beta1_power: 1 = Start::One, false;
    }
}

rule_state! {
    /// AdEMAMix: Adam's moments, the slow average (β3), β1ᵗ and β2ᵗ.
    AdemamixState {
        exp_avg: 2 = Start::Zero, true;
        exp_avg_sq: 2 = Start::Zero, true;
        exp_avg_slow: 2 = Start::Zero, true;
        beta1_power: 1 = Start::One, false;
        beta2_power: 1 = Start::One, false;
    }
}

rule_state! {
    /// MARS: the moments of the corrected gradient, the last gradient, β1ᵗ and β2ᵗ.
    MarsState {
        exp_avg: 2 = Start::Zero, true;
        exp_avg_sq: 2 = Start::Zero, true;
        last_grad: 2 = Start::Zero, true;
        beta1_power: 1 = Start::One, false;
        beta2_power: 1 = Start::One, false;
    }
}

rule_state! {
    /// ASGD: each coordinate's step size η (set to its lr on the first step), the averaging
    /// weight μ and the running average `ax` (what `trace` also writes).
    AsgdState {
        eta: 2 = Start::Zero, false;
        mu: 1 = Start::One, false;
        ax: 2 = Start::Zero, true;
    }
}

rule_state! {
    /// Adafactor, a 2-element parameter's (vector) branch: the second moment, whose decay
    /// follows the step count.
    AdafactorState {
        variance: 2 = Start::Zero, true;
    }
}

rule_state! {
    /// Prodigy: Adam's moments (scaled by d), the weighted gradient sum s, the start p0, the
    /// distance estimate d (which never shrinks: with growth_rate ∞ it is its running max),
    /// the numerator of its estimate, β1ᵗ and β2ᵗ.
    ProdigyState {
        exp_avg: 2 = Start::Zero, true;
        exp_avg_sq: 2 = Start::Zero, true;
        s: 2 = Start::Zero, true;
        p0: 2 = Start::Zero, false;
        d: 1 = Start::Hyper(slot::D0), true;
        d_numerator: 1 = Start::Zero, true;
        beta1_power: 1 = Start::One, false;
        beta2_power: 1 = Start::One, false;
    }
}

rule_state! {
    /// D-Adaptation Adam: Adam's moments (the first scaled by d·lr), the weighted gradient sum
    /// s, the distance estimate d, its weighted numerator, β1ᵗ and β2ᵗ.
    DadaptAdamState {
        exp_avg: 2 = Start::Zero, true;
        exp_avg_sq: 2 = Start::Zero, true;
        s: 2 = Start::Zero, true;
        d: 1 = Start::Hyper(slot::D0), true;
        numerator_weighted: 1 = Start::Zero, true;
        beta1_power: 1 = Start::One, false;
        beta2_power: 1 = Start::One, false;
    }
}

rule_state! {
    /// Schedule-Free AdamW: the base sequence z, the gradient point y (the iterate is the
    /// evaluation point x, between them), the second moment, and per coordinate (each its
    /// own parameter group) the largest learning rate so far and the sum of the averaging
    /// weights; β2ᵗ.
    SchedulefreeAdamwState {
        z: 2 = Start::Zero, true;
        y: 2 = Start::Zero, true;
        exp_avg_sq: 2 = Start::Zero, true;
        lr_max: 2 = Start::Zero, false;
        weight_sum: 2 = Start::Zero, false;
        beta2_power: 1 = Start::One, false;
    }
}

rule_state! {
    /// Schedule-Free SGD: z, y, and per coordinate the largest learning rate so far and the
    /// sum of the averaging weights.
    SchedulefreeSgdState {
        z: 2 = Start::Zero, true;
        y: 2 = Start::Zero, true;
        lr_max: 2 = Start::Zero, false;
        weight_sum: 2 = Start::Zero, false;
    }
}

rule_state! {
    /// L-BFGS, as torch keeps it between `step()` calls: the last direction `d` and step length
    /// `t`, the gradient where the last inner iteration began, the initial Hessian's
    /// scale, the inner iterations and objective evaluations so far, and where its history of
    /// step pairs stands (how many, and the oldest one's place in the ring). The pairs
    /// themselves lie outside the state (`Instance::history`; the GPU's `history` binding), sized by `history_size`.
    LbfgsState {
        d: 2 = Start::Zero, true;
        prev_flat_grad: 2 = Start::Zero, true;
        t: 1 = Start::Zero, false;
        h_diag: 1 = Start::One, false;
        n_iter: 1 = Start::Zero, false;
        func_evals: 1 = Start::Zero, false;
        history_len: 1 = Start::Zero, false;
        history_head: 1 = Start::Zero, false;
    }
}

/// The most words any rule's state takes: what an instance stores.
pub const WORDS: usize = {
    let mut most = 0;
    let mut k = 0;
    while k < Optimizer::ALL.len() {
        let n = words(Optimizer::ALL[k].info().state);
        if n > most {
            most = n;
        }
        k += 1;
    }
    most
};

/// An instance's optimizer state as words: its rule's fields one after another (the rule's
/// [`Field`] list), the rest unused.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C)]
pub struct State<T> {
    pub words: [T; WORDS],
}

impl<T: Num> State<T> {
    /// The state of `opt` before step 1: each field's start.
    pub fn new(opt: Optimizer, h: &Hyper<T>) -> Self {
        let mut s = State {
            words: [T::c(0.0); WORDS],
        };
        for field in opt.info().state {
            let value = match field.start {
                Start::Zero => T::c(0.0),
                Start::One => T::c(1.0),
                Start::Hyper(slot) => h.real(slot).expect("a real hyperparameter"),
                // Only a wrapper's field starts there, and the engines keep a wrapper's state
                // beside this one (a unit test holds every rule to it).
                Start::Position => unreachable!("no rule's own field starts at the start point"),
            };
            s.words[field.offset..field.offset + field.len].fill(value);
        }
        s
    }

    /// Copies the first `len` words (a rule's own, [`words`] of its fields) into `kept`, to put
    /// back with [`State::restore`] in the lanes that do not take the step about to be made.
    /// Only those words, into a buffer that stays put: copying the whole state to step a copy
    /// of it was a 3 KiB memcpy per step of a 64-lane bundle, about a seventh of W1's time
    /// (BENCHMARKS.md).
    #[inline(always)]
    pub fn keep(&self, len: usize, kept: &mut Kept<T>) {
        for (k, w) in kept.words.iter_mut().zip(&self.words).take(len) {
            *k = MaybeUninit::new(*w);
        }
        kept.len = len;
    }

    /// The kept words back in the lanes where `moving` is false; the rest as they are.
    #[inline(always)]
    pub fn restore(&mut self, moving: T::Mask, kept: &Kept<T>) {
        for (w, k) in self.words.iter_mut().zip(&kept.words).take(kept.len) {
            // SAFETY: `keep` wrote the first `len` words.
            *w = T::select(moving, *w, unsafe { k.assume_init() });
        }
    }
}

/// The first words of a [`State`], from [`State::keep`].
pub struct Kept<T> {
    words: [MaybeUninit<T>; WORDS],
    len: usize,
}

/// Nothing kept yet.
impl<T: Copy> Default for Kept<T> {
    fn default() -> Self {
        Kept {
            words: [MaybeUninit::uninit(); WORDS],
            len: 0,
        }
    }
}

#[cfg(feature = "unit-tests")]
pub mod tests {
    use super::*;

    pub fn fields_are_laid_out_one_after_another_and_fit_an_instance() {
        let adam = AdamState::<f32>::FIELDS;
        assert_eq!(
            adam.iter().map(|f| f.offset).collect::<Vec<_>>(),
            [0, 2, 4, 6, 7]
        );
        assert_eq!(words(adam), 8);
        assert_eq!(words(NoState::<f32>::FIELDS), 0);
        for opt in Optimizer::ALL {
            assert!(words(opt.info().state) <= WORDS, "{}", opt.name());
            // `State::new` knows no start point: only a wrapper's fields start there.
            assert!(
                opt.info().state.iter().all(|f| f.start != Start::Position),
                "{}",
                opt.name()
            );
        }
    }

    pub fn views_see_the_fields_where_fields_says_and_the_checksum_sums_checked_ones_only() {
        let mut s = State::<f64> {
            words: std::array::from_fn(|i| i as f64 + 1.0),
        };
        let a = AdamState::view(&s);
        assert_eq!(a.exp_avg_sq, [3.0, 4.0]);
        assert_eq!(a.beta2_power, [8.0]);
        assert_eq!(a.checksum(), 1.0 + 2.0 + 3.0 + 4.0 + 5.0 + 6.0);
        AdamState::view_mut(&mut s).beta1_power[0] = -1.0;
        assert_eq!(s.words[6], -1.0);
        for (name, offset) in [("prev", 0), ("step_size", 2)] {
            let field = RpropState::<f64>::FIELDS
                .iter()
                .find(|f| f.name == name)
                .unwrap();
            assert_eq!(field.offset, offset);
        }
        RpropState::view_mut(&mut s).step_size[1] = -2.0;
        assert_eq!(s.words[3], -2.0);
    }

    /// The tests above, for `crate::unit_tests`.
    pub const ALL: crate::UnitTests = &[
        (
            "fields_are_laid_out_one_after_another_and_fit_an_instance",
            fields_are_laid_out_one_after_another_and_fit_an_instance,
        ),
        (
            "views_see_the_fields_where_fields_says_and_the_checksum_sums_checked_ones_only",
            views_see_the_fields_where_fields_says_and_the_checksum_sums_checked_ones_only,
        ),
    ];
}
