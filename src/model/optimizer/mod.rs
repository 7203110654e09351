//! The optimizers: the catalogue (what each is, which hyperparameters it takes with torch's
//! defaults and ranges, which WGSL function steps it — one [`OptimizerInfo`] entry each), its
//! [`state`], one update [`step`] and the [`effective`] step size `trace` plots.
//!
//! The rules follow `torch.optim` (defaults, order of operations, where `eps` sits, bias
//! correction, step counter from 1); Lion follows its paper. Moving averages are written
//! `β·m + (1−β)·g` everywhere. Bias corrections use running products `βᵗ = βᵗ⁻¹·β` carried in
//! the state instead of `powf` each step.
//!
//! Adding an optimizer: its variant in [`Optimizer`], its state ([`state`]'s `rule_state!`),
//! its entry in [`Optimizer::info`], its arm of [`step::step`] and of
//! [`effective::effective_step`], and its WGSL file in `shaders/optimizers/` (named in
//! `engine::gpu::shader`). A missing arm or entry is a compile error; a missing WGSL function
//! fails the shader validation test of every pair.

pub mod effective;
pub mod state;
pub mod step;

pub use effective::effective_step;
pub use state::{Field, Start, State};
pub use step::step;

use crate::error::{Error, Result};
use crate::model::hyper::{slot, HyperSpec, Range};

crate::model::catalogue_enum! {
    /// Which update rule. The names are the ones users type.
    pub enum Optimizer {
        Sgd = "sgd",
        Momentum = "momentum",
        Nesterov = "nesterov",
        Adagrad = "adagrad",
        Rmsprop = "rmsprop",
        Adam = "adam",
        Adamw = "adamw",
        Amsgrad = "amsgrad",
        Nadam = "nadam",
        Radam = "radam",
        Adamax = "adamax",
        Adadelta = "adadelta",
        Lion = "lion",
        Rprop = "rprop",
    }
    field = "optimizer (--opt)";
}

/// One optimizer's catalogue entry.
#[derive(Debug, Clone, Copy)]
pub struct OptimizerInfo {
    /// One line on what it is, for `optgrid list`.
    pub about: &'static str,
    /// The hyperparameters it accepts, with torch's defaults and the ranges torch enforces.
    pub hypers: &'static [HyperSpec],
    /// The WGSL call that advances one step (`t, pos, g, s, h` in scope), from
    /// its rule's file in `shaders/optimizers/`.
    pub wgsl_step: &'static str,
    /// Its own state, as torch's `optimizer.state` names it ([`state`]'s declarations).
    pub state: &'static [state::Field],
}

const fn h(slot: usize, default: f64, range: Range) -> HyperSpec {
    HyperSpec::new(slot, default, range)
}

const fn lr(default: f64) -> HyperSpec {
    h(slot::LR, default, Range::Positive)
}
/// Each coordinate's own learning rate, as two torch parameter groups (one per coordinate)
/// would have it: `lr_x` for x, `lr_y` for y. Every optimizer takes them; one not given follows
/// `lr` — its value and its axis — which [`crate::spec::plan::Plan`] resolves. No default of
/// their own (NaN, `null` in the catalogue).
pub const COORDINATE_LRS: [HyperSpec; 2] = [
    h(slot::LR_X, f64::NAN, Range::Positive),
    h(slot::LR_Y, f64::NAN, Range::Positive),
];

const WD0: HyperSpec = h(slot::WEIGHT_DECAY, 0.0, Range::NonNegative);
const BETA1: HyperSpec = h(slot::BETA1, 0.9, Range::UnitHalfOpen);
const BETA2: HyperSpec = h(slot::BETA2, 0.999, Range::UnitHalfOpen);
const EPS8: HyperSpec = h(slot::EPS, 1e-8, Range::Positive);

impl Optimizer {
    /// The catalogue entry: everything about the optimizer except its maths.
    pub const fn info(self) -> OptimizerInfo {
        use Optimizer as O;
        match self {
            O::Sgd => OptimizerInfo {
                about: "plain gradient descent (torch.optim.SGD)",
                hypers: &const { [lr(1e-3), WD0] },
                wgsl_step: "sgd_step(t, pos, g, s, h)",
                state: state::NoState::<f32>::FIELDS,
            },
            O::Momentum => OptimizerInfo {
                about: "SGD with heavy-ball momentum (torch.optim.SGD, momentum > 0)",
                hypers: &const {
                    [
                        lr(1e-3),
                        h(slot::MOMENTUM, 0.9, Range::UnitHalfOpen),
                        h(slot::DAMPENING, 0.0, Range::UnitClosed),
                        WD0,
                    ]
                },
                wgsl_step: "momentum_step(t, pos, g, s, h, false)",
                state: state::MomentumState::<f32>::FIELDS,
            },
            // torch refuses nesterov with zero momentum or non-zero dampening.
            O::Nesterov => OptimizerInfo {
                about: "SGD with Nesterov momentum (torch.optim.SGD, nesterov=True)",
                hypers: &const { [lr(1e-3), h(slot::MOMENTUM, 0.9, Range::UnitOpen), WD0] },
                wgsl_step: "momentum_step(t, pos, g, s, h, true)",
                state: state::MomentumState::<f32>::FIELDS,
            },
            O::Adagrad => OptimizerInfo {
                about: "torch.optim.Adagrad",
                hypers: &const {
                    [
                        lr(1e-2),
                        h(slot::LR_DECAY, 0.0, Range::NonNegative),
                        h(slot::INITIAL_ACCUMULATOR_VALUE, 0.0, Range::NonNegative),
                        h(slot::EPS, 1e-10, Range::Positive),
                        WD0,
                    ]
                },
                wgsl_step: "adagrad_step(t, pos, g, s, h)",
                state: state::AdagradState::<f32>::FIELDS,
            },
            O::Rmsprop => OptimizerInfo {
                about: "torch.optim.RMSprop (optionally centered, with momentum)",
                hypers: &const {
                    [
                        lr(1e-2),
                        h(slot::ALPHA, 0.99, Range::UnitHalfOpen),
                        EPS8,
                        h(slot::MOMENTUM, 0.0, Range::UnitHalfOpen),
                        h(slot::CENTERED, 0.0, Range::Flag),
                        WD0,
                    ]
                },
                wgsl_step: "rmsprop_step(t, pos, g, s, h)",
                state: state::RmspropState::<f32>::FIELDS,
            },
            O::Adam => OptimizerInfo {
                about: "torch.optim.Adam (L2 weight decay)",
                hypers: &const {
                    [
                        lr(1e-3),
                        BETA1,
                        BETA2,
                        EPS8,
                        WD0,
                        h(slot::AMSGRAD, 0.0, Range::Flag),
                    ]
                },
                wgsl_step: "adam_step(t, pos, g, s, h, false, false)",
                state: state::AdamState::<f32>::FIELDS,
            },
            O::Adamw => OptimizerInfo {
                about: "torch.optim.AdamW (decoupled weight decay)",
                hypers: &const {
                    [
                        lr(1e-3),
                        BETA1,
                        BETA2,
                        EPS8,
                        h(slot::WEIGHT_DECAY, 1e-2, Range::NonNegative),
                        h(slot::AMSGRAD, 0.0, Range::Flag),
                    ]
                },
                wgsl_step: "adam_step(t, pos, g, s, h, true, false)",
                state: state::AdamState::<f32>::FIELDS,
            },
            O::Amsgrad => OptimizerInfo {
                about: "torch.optim.Adam with amsgrad=True",
                hypers: &const { [lr(1e-3), BETA1, BETA2, EPS8, WD0] },
                wgsl_step: "adam_step(t, pos, g, s, h, false, true)",
                state: state::AdamState::<f32>::FIELDS,
            },
            O::Nadam => OptimizerInfo {
                about: "torch.optim.NAdam",
                hypers: &const {
                    [
                        lr(2e-3),
                        BETA1,
                        BETA2,
                        EPS8,
                        h(slot::MOMENTUM_DECAY, 4e-3, Range::NonNegative),
                        WD0,
                    ]
                },
                wgsl_step: "nadam_step(t, pos, g, s, h)",
                state: state::NadamState::<f32>::FIELDS,
            },
            O::Radam => OptimizerInfo {
                about: "torch.optim.RAdam (rectified Adam)",
                hypers: &const { [lr(1e-3), BETA1, BETA2, EPS8, WD0] },
                wgsl_step: "radam_step(t, pos, g, s, h)",
                state: state::RadamState::<f32>::FIELDS,
            },
            O::Adamax => OptimizerInfo {
                about: "torch.optim.Adamax",
                hypers: &const { [lr(2e-3), BETA1, BETA2, EPS8, WD0] },
                wgsl_step: "adamax_step(t, pos, g, s, h)",
                state: state::AdamaxState::<f32>::FIELDS,
            },
            O::Adadelta => OptimizerInfo {
                about: "torch.optim.Adadelta",
                hypers: &const {
                    [
                        lr(1.0),
                        h(slot::RHO, 0.9, Range::UnitHalfOpen),
                        h(slot::EPS, 1e-6, Range::Positive),
                        WD0,
                    ]
                },
                wgsl_step: "adadelta_step(t, pos, g, s, h)",
                state: state::AdadeltaState::<f32>::FIELDS,
            },
            O::Lion => OptimizerInfo {
                about: "Lion (Chen et al. 2023), not in torch",
                hypers: &const {
                    [
                        lr(1e-4),
                        BETA1,
                        h(slot::BETA2, 0.99, Range::UnitHalfOpen),
                        WD0,
                    ]
                },
                wgsl_step: "lion_step(t, pos, g, s, h)",
                state: state::LionState::<f32>::FIELDS,
            },
            // torch checks 0 < etaminus < 1 < etaplus; it has no weight decay.
            O::Rprop => OptimizerInfo {
                about: "torch.optim.Rprop (resilient backpropagation: per-coordinate step sizes grown or shrunk by the gradient's sign)",
                hypers: &const {
                    [
                        lr(1e-2),
                        h(slot::ETA_MINUS, 0.5, Range::UnitOpen),
                        h(slot::ETA_PLUS, 1.2, Range::AboveOne),
                        h(slot::STEP_SIZE_MIN, 1e-6, Range::NonNegative),
                        h(slot::STEP_SIZE_MAX, 50.0, Range::Positive),
                    ]
                },
                wgsl_step: "rprop_step(t, pos, g, s, h)",
                state: state::RpropState::<f32>::FIELDS,
            },
        }
    }

    /// One line on what it is, for `optgrid list`.
    pub fn about(self) -> &'static str {
        self.info().about
    }

    /// The hyperparameters it accepts, with torch's defaults and the ranges torch enforces.
    pub fn hypers(self) -> &'static [HyperSpec] {
        self.info().hypers
    }

    /// The spec of one named hyperparameter, or an error listing the ones it has.
    pub fn hyper(self, name: &str) -> Result<HyperSpec> {
        let specs = self.hypers();
        specs
            .iter()
            .copied()
            .find(|s| s.name == name)
            .ok_or_else(|| {
                let known: Vec<&str> = specs.iter().map(|s| s.name).collect();
                Error::input(format!(
                    "optimizer '{}' has no hyperparameter '{}': it has {}",
                    self.name(),
                    name,
                    known.join(", ")
                ))
            })
    }
}
