//! Lookahead, the wrapper any optimizer can take (`--param lookahead_k=5 --param
//! lookahead_alpha=0.5`), as `pytorch-optimizer` 4.1.0's `Lookahead` wraps an inner optimizer:
//! the inner rule takes its steps as ever (the fast weights), and after every k-th step the
//! iterate moves back toward the slow weights, `lerp(θ, slow, 1 − α)`, which then become the
//! iterate. Its `pullback_momentum` is `'none'`, the default: the inner rule's state is left
//! alone.
//!
//! A run is wrapped when `lookahead_k` is given ([`crate::spec::plan::Plan::lookahead`]); then
//! the state is the rule's fields followed by [`LookaheadState`]'s, so an unwrapped kernel
//! carries no slow weights. WGSL twin: `shaders/optimizers/lookahead.wgsl`.

use super::state::{words, Field, Start};
use super::Optimizer;
use crate::error::{Error, Result};
use crate::model::hyper::{slot, Hyper, HyperSpec, Range};
use crate::model::num::{Mask, Num, Real};
use crate::model::optimizer::step::lerp;

/// Lookahead's hyperparameters, which every optimizer takes: its period k (a count, so never
/// an axis) and α (1: the plain inner rule; 0: back to the slow weights each period). No
/// default of k: giving it is what wraps the run.
pub const LOOKAHEAD: [HyperSpec; 2] = [
    HyperSpec::new(slot::LOOKAHEAD_K, 5.0, Range::CountPositive),
    HyperSpec::new(slot::LOOKAHEAD_ALPHA, 0.5, Range::UnitClosed),
];

/// What the wrapper says of itself, for `optgrid list` and the catalogue.
pub const ABOUT: &str = "Lookahead (pytorch-optimizer 4.1.0), around any optimizer: every lookahead_k steps the iterate moves back toward the slow weights, θ ← lerp(θ, slow, 1 − lookahead_alpha), and the slow weights become it";

/// The wrapper's state, after the rule's own fields: the slow weights, which start at the
/// start point.
pub const LOOKAHEAD_FIELDS: [Field; 1] = [Field {
    name: "slow_params",
    len: 2,
    offset: 0,
    start: Start::Position,
    checked: false,
}];

/// What advances an instance: an optimizer, and whether Lookahead wraps it. The GPU's kernels
/// and state layouts are keyed by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Update {
    pub optimizer: Optimizer,
    pub lookahead: bool,
}

impl From<Optimizer> for Update {
    fn from(optimizer: Optimizer) -> Update {
        Update {
            optimizer,
            lookahead: false,
        }
    }
}

impl Update {
    /// The state's fields: the rule's, then the wrapper's, laid out one after another.
    pub fn state(self) -> Vec<Field> {
        let rule = self.optimizer.info().state;
        let mut fields = rule.to_vec();
        if self.lookahead {
            let at = words(rule);
            fields.extend(LOOKAHEAD_FIELDS.iter().map(|f| Field {
                offset: at + f.offset,
                ..*f
            }));
        }
        fields
    }

    /// How runs and races name it: `adam`, or `adam+lookahead`.
    pub fn label(self) -> String {
        if self.lookahead {
            format!("{}+lookahead", self.optimizer.name())
        } else {
            self.optimizer.name().to_string()
        }
    }
}

/// Whether `opt` can be wrapped; an error naming why not. Schedule-Free's iterate is its
/// average x while its reference's parameter is the gradient point y, so the reference's
/// Lookahead would pull y, which optgrid's state does not hold as the iterate.
pub fn check_wrappable(opt: Optimizer) -> Result<()> {
    match opt {
        Optimizer::SchedulefreeAdamw | Optimizer::SchedulefreeSgd => Err(Error::input(format!(
            "lookahead_k: optimizer '{}' cannot be wrapped in Lookahead: its iterate is the average x, while the reference's parameter (what Lookahead pulls back) is the gradient point y; every other optimizer can",
            opt.name()
        ))),
        _ => Ok(()),
    }
}

/// The wrapper's part of step `t`, after the inner rule's: on every k-th step, in each lane,
/// `pos` moves back toward `slow` by 1 − α (torch's `_foreach_lerp_`) and `slow` becomes it.
#[inline(always)]
pub fn lookahead<T: Num>(h: &Hyper<T>, t: u32, pos: &mut [T; 2], slow: &mut [T; 2]) {
    // k is a count, the same in every lane of a map (never an axis); each lane's is read all
    // the same, as a tuning table could set it per instance.
    let due = T::from_fn(|l| {
        let k = h.lookahead_k.lane(l).to_f64_exact() as u32;
        <T::Scalar as Real>::lit(if t.is_multiple_of(k) { 1.0 } else { 0.0 })
    })
    .gt(T::c(0.5));
    if !due.any() {
        return;
    }
    let weight = T::c(1.0) - h.lookahead_alpha;
    for i in 0..2 {
        let pulled = lerp(pos[i], slow[i], weight);
        pos[i] = T::select(due, pulled, pos[i]);
        slow[i] = T::select(due, pulled, slow[i]);
    }
}
