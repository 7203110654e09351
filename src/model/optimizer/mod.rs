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
pub mod lbfgs;
pub mod state;
pub mod step;
pub mod wrapper;

pub use effective::{companion, effective_step, evaluations};
pub use state::{Field, Start, State};
pub use step::step;
pub use wrapper::{Update, LOOKAHEAD};

use crate::error::{Error, Result};
use crate::model::hyper::{lin, log, slot, HyperSpec, Range};

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
        Asgd = "asgd",
        Adabelief = "adabelief",
        Adan = "adan",
        Lamb = "lamb",
        Ademamix = "ademamix",
        Laprop = "laprop",
        Mars = "mars",
        Adafactor = "adafactor",
        Prodigy = "prodigy",
        DadaptAdam = "dadapt_adam",
        SchedulefreeAdamw = "schedulefree_adamw",
        SchedulefreeSgd = "schedulefree_sgd",
        Muon = "muon",
        Lbfgs = "lbfgs",
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
    /// Whether its reference couples the two coordinates through a norm (LAMB's trust ratio,
    /// MARS's clipping): one instance is one 2-element tensor, so it takes no `lr_x`/`lr_y`.
    pub coupled: bool,
    /// Where it takes the gradient, when that is not its iterate: a WGSL expression (`t`, `pos`,
    /// `s` in scope). Schedule-Free's iterate is the evaluation point x and its gradient is
    /// taken at y ([`step::gradient_point`] is the Rust twin).
    pub wgsl_gradient_point: &'static str,
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
                coupled: false,
                wgsl_gradient_point: "pos",
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
                coupled: false,
                wgsl_gradient_point: "pos",
            },
            // torch refuses nesterov with zero momentum or non-zero dampening.
            O::Nesterov => OptimizerInfo {
                about: "SGD with Nesterov momentum (torch.optim.SGD, nesterov=True)",
                hypers: &const { [lr(1e-3), h(slot::MOMENTUM, 0.9, Range::UnitOpen), WD0] },
                wgsl_step: "momentum_step(t, pos, g, s, h, true)",
                state: state::MomentumState::<f32>::FIELDS,
                coupled: false,
                wgsl_gradient_point: "pos",
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
                coupled: false,
                wgsl_gradient_point: "pos",
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
                coupled: false,
                wgsl_gradient_point: "pos",
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
                coupled: false,
                wgsl_gradient_point: "pos",
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
                coupled: false,
                wgsl_gradient_point: "pos",
            },
            O::Amsgrad => OptimizerInfo {
                about: "torch.optim.Adam with amsgrad=True",
                hypers: &const { [lr(1e-3), BETA1, BETA2, EPS8, WD0] },
                wgsl_step: "adam_step(t, pos, g, s, h, false, true)",
                state: state::AdamState::<f32>::FIELDS,
                coupled: false,
                wgsl_gradient_point: "pos",
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
                coupled: false,
                wgsl_gradient_point: "pos",
            },
            O::Radam => OptimizerInfo {
                about: "torch.optim.RAdam (rectified Adam)",
                hypers: &const { [lr(1e-3), BETA1, BETA2, EPS8, WD0] },
                wgsl_step: "radam_step(t, pos, g, s, h)",
                state: state::RadamState::<f32>::FIELDS,
                coupled: false,
                wgsl_gradient_point: "pos",
            },
            O::Adamax => OptimizerInfo {
                about: "torch.optim.Adamax",
                hypers: &const { [lr(2e-3), BETA1, BETA2, EPS8, WD0] },
                wgsl_step: "adamax_step(t, pos, g, s, h)",
                state: state::AdamaxState::<f32>::FIELDS,
                coupled: false,
                wgsl_gradient_point: "pos",
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
                coupled: false,
                wgsl_gradient_point: "pos",
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
                coupled: false,
                wgsl_gradient_point: "pos",
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
                coupled: false,
                wgsl_gradient_point: "pos",
            },
            // torch checks lambd, alpha, t0 and weight_decay only for being numbers.
            O::Asgd => OptimizerInfo {
                about: "torch.optim.ASGD (averaged SGD: a decaying step size and the running average ax of the iterates, which trace writes)",
                hypers: &const {
                    [
                        lr(1e-2),
                        h(slot::LAMBD, 1e-4, Range::NonNegative),
                        h(slot::ALPHA, 0.75, Range::NonNegative).sliding(lin(0.0, 1.0)),
                        h(slot::T0, 1e6, Range::NonNegative),
                        WD0,
                    ]
                },
                wgsl_step: "asgd_step(t, pos, g, s, h)",
                state: state::AsgdState::<f32>::FIELDS,
                coupled: false,
                wgsl_gradient_point: "pos",
            },
            O::Adabelief => OptimizerInfo {
                about: "AdaBelief (pytorch-optimizer 4.1.0 AdaBelief): Adam whose second moment is the gradient's variance around its average",
                hypers: &const {
                    [
                        lr(1e-3),
                        BETA1,
                        BETA2,
                        h(slot::EPS, 1e-16, Range::NonNegative),
                        WD0,
                        h(slot::WEIGHT_DECOUPLE, 1.0, Range::Flag),
                    ]
                },
                wgsl_step: "adabelief_step(t, pos, g, s, h)",
                state: state::AdabeliefState::<f32>::FIELDS,
                coupled: false,
                wgsl_gradient_point: "pos",
            },
            O::Adan => OptimizerInfo {
                about: "Adan (pytorch-optimizer 4.1.0 Adan): adaptive Nesterov momentum from averages of the gradient and its differences",
                hypers: &const {
                    [
                        lr(1e-3),
                        h(slot::BETA1, 0.98, Range::UnitHalfOpen),
                        h(slot::BETA2, 0.92, Range::UnitHalfOpen),
                        h(slot::BETA3, 0.99, Range::UnitHalfOpen),
                        h(slot::EPS, 1e-8, Range::NonNegative),
                        WD0,
                        h(slot::WEIGHT_DECOUPLE, 0.0, Range::Flag),
                    ]
                },
                wgsl_step: "adan_step(t, pos, g, s, h)",
                state: state::AdanState::<f32>::FIELDS,
                coupled: false,
                wgsl_gradient_point: "pos",
            },
            O::Lamb => OptimizerInfo {
                about: "LAMB (pytorch-optimizer 4.1.0 Lamb): Adam's direction scaled by the trust ratio ||x|| / ||update|| of the two coordinates as one tensor",
                hypers: &const {
                    [
                        lr(1e-3),
                        BETA1,
                        BETA2,
                        h(slot::EPS, 1e-6, Range::NonNegative),
                        WD0,
                        h(slot::WEIGHT_DECOUPLE, 1.0, Range::Flag),
                    ]
                },
                wgsl_step: "lamb_step(t, pos, g, s, h)",
                state: state::LambState::<f32>::FIELDS,
                coupled: true,
                wgsl_gradient_point: "pos",
            },
            O::Ademamix => OptimizerInfo {
                about: "AdEMAMix (pytorch-optimizer 4.1.0 AdEMAMix): Adam plus alpha times a slow average (beta3) of the gradient",
                hypers: &const {
                    [
                        lr(1e-3),
                        BETA1,
                        BETA2,
                        h(slot::BETA3, 0.9999, Range::UnitHalfOpen),
                        h(slot::ALPHA, 5.0, Range::NonNegative).sliding(lin(0.0, 20.0)),
                        h(slot::T_ALPHA_BETA3, 0.0, Range::NonNegative),
                        EPS8,
                        WD0,
                        h(slot::WEIGHT_DECOUPLE, 0.0, Range::Flag),
                    ]
                },
                wgsl_step: "ademamix_step(t, pos, g, s, h)",
                state: state::AdemamixState::<f32>::FIELDS,
                coupled: false,
                wgsl_gradient_point: "pos",
            },
            O::Laprop => OptimizerInfo {
                about: "LaProp (pytorch-optimizer 4.1.0 LaProp): momentum of the gradient normalised by its second moment",
                hypers: &const {
                    [
                        lr(4e-4),
                        BETA1,
                        BETA2,
                        h(slot::EPS, 1e-15, Range::NonNegative),
                        h(slot::CENTERED, 0.0, Range::Flag),
                        h(slot::STEPS_BEFORE_USING_CENTERED, 10.0, Range::NonNegative),
                        WD0,
                    ]
                },
                wgsl_step: "laprop_step(t, pos, g, s, h)",
                state: state::LapropState::<f32>::FIELDS,
                coupled: false,
                wgsl_gradient_point: "pos",
            },
            O::Mars => OptimizerInfo {
                about: "MARS (pytorch-optimizer 4.1.0 MARS, AdamW type, optimize_1d): AdamW on the gradient corrected by its change, clipped to norm 1 over the two coordinates",
                hypers: &const {
                    [
                        lr(3e-3),
                        h(slot::BETA1, 0.95, Range::UnitHalfOpen),
                        h(slot::BETA2, 0.99, Range::UnitHalfOpen),
                        h(slot::MARS_GAMMA, 0.025, Range::NonNegative),
                        EPS8,
                        WD0,
                    ]
                },
                wgsl_step: "mars_step(t, pos, g, s, h)",
                state: state::MarsState::<f32>::FIELDS,
                coupled: true,
                wgsl_gradient_point: "pos",
            },
            // torch checks lr >= 0, beta2_decay <= 0, eps >= 0, d >= 1, weight_decay >= 0.
            O::Adafactor => OptimizerInfo {
                about: "torch.optim.Adafactor (a 2-element parameter takes its vector branch; the step is relative to the iterate's RMS and clipped over the two coordinates)",
                hypers: &const {
                    [
                        lr(1e-2),
                        h(slot::BETA2_DECAY, -0.8, Range::NonPositive),
                        h(slot::EPS1, 0.0, Range::NonNegative),
                        h(slot::EPS2, 1e-3, Range::NonNegative),
                        h(slot::D, 1.0, Range::AtLeastOne),
                        WD0,
                    ]
                },
                wgsl_step: "adafactor_step(t, pos, g, s, h)",
                state: state::AdafactorState::<f32>::FIELDS,
                coupled: true,
                wgsl_gradient_point: "pos",
            },
            // prodigyopt checks d0 > 0, lr > 0, eps > 0, betas in [0, 1).
            O::Prodigy => OptimizerInfo {
                about: "Prodigy (prodigyopt 1.1.2): Adam whose step d·lr learns the distance to the solution d from the gradients; lr 1 is its intended setting",
                hypers: &const {
                    [
                        lr(1.0),
                        BETA1,
                        BETA2,
                        // 0: sqrt(beta2), the reference's None.
                        h(slot::BETA3, 0.0, Range::UnitHalfOpen),
                        EPS8,
                        WD0,
                        h(slot::WEIGHT_DECOUPLE, 1.0, Range::Flag),
                        h(slot::BIAS_CORRECTION, 0.0, Range::Flag),
                        h(slot::SAFEGUARD_WARMUP, 0.0, Range::Flag),
                        h(slot::D0, 1e-6, Range::Positive),
                        h(slot::D_COEF, 1.0, Range::Positive),
                    ]
                },
                wgsl_step: "prodigy_step(t, pos, g, s, h)",
                state: state::ProdigyState::<f32>::FIELDS,
                coupled: true,
                wgsl_gradient_point: "pos",
            },
            O::DadaptAdam => OptimizerInfo {
                about: "D-Adaptation Adam (pytorch-optimizer 4.1.0 DAdaptAdam): Adam whose step d·lr estimates the distance to the solution; lr 1 is its intended setting",
                hypers: &const {
                    [
                        lr(1.0),
                        BETA1,
                        BETA2,
                        EPS8,
                        WD0,
                        h(slot::WEIGHT_DECOUPLE, 0.0, Range::Flag),
                        h(slot::BIAS_CORRECTION, 0.0, Range::Flag),
                        h(slot::D0, 1e-6, Range::Positive),
                    ]
                },
                wgsl_step: "dadapt_adam_step(t, pos, g, s, h)",
                state: state::DadaptAdamState::<f32>::FIELDS,
                coupled: true,
                wgsl_gradient_point: "pos",
            },
            O::SchedulefreeAdamw => OptimizerInfo {
                about: "Schedule-Free AdamW (schedulefree 1.4.1 AdamWScheduleFree): no schedule; the gradient is taken at y, between the base sequence z and the average x, which the map reports",
                hypers: &const {
                    [
                        lr(2.5e-3),
                        BETA1,
                        BETA2,
                        EPS8,
                        WD0,
                        h(slot::WARMUP_STEPS, 0.0, Range::NonNegative),
                        h(slot::R, 0.0, Range::NonNegative),
                        h(slot::WEIGHT_LR_POWER, 2.0, Range::NonNegative),
                    ]
                },
                wgsl_step: "schedulefree_adamw_step(t, pos, g, s, h)",
                state: state::SchedulefreeAdamwState::<f32>::FIELDS,
                coupled: false,
                wgsl_gradient_point: "schedulefree_gradient_point(t, pos, s)",
            },
            // schedulefree checks 0 < momentum < 1.
            O::SchedulefreeSgd => OptimizerInfo {
                about: "Schedule-Free SGD (schedulefree 1.4.1 SGDScheduleFree): no schedule; the gradient is taken at y, between the base sequence z and the average x, which the map reports",
                hypers: &const {
                    [
                        lr(1.0),
                        h(slot::MOMENTUM, 0.9, Range::UnitOpen),
                        WD0,
                        h(slot::WARMUP_STEPS, 0.0, Range::NonNegative),
                        h(slot::R, 0.0, Range::NonNegative),
                        h(slot::WEIGHT_LR_POWER, 2.0, Range::NonNegative),
                    ]
                },
                wgsl_step: "schedulefree_step(t, pos, g, s, h, h.momentum)",
                state: state::SchedulefreeSgdState::<f32>::FIELDS,
                coupled: false,
                wgsl_gradient_point: "schedulefree_gradient_point(t, pos, s)",
            },
            // torch checks lr >= 0, weight_decay >= 0, momentum >= 0, ns_steps < 100. Its
            // adjust_lr_fn (None: lr·sqrt(max(1, rows/columns)) = lr for a 1×2 matrix) and
            // ns_coefficients (3.4445, −4.775, 2.0315) keep their defaults here.
            O::Muon => OptimizerInfo {
                about: "torch.optim.Muon on the two coordinates as a 1x2 matrix: Nesterov momentum whose update is normalised by Newton-Schulz iterations in bfloat16 (for one row, five of them map it to a vector about 0.7 long, so each step moves about 0.7·lr)",
                hypers: &const {
                    [
                        lr(1e-3),
                        h(slot::WEIGHT_DECAY, 0.1, Range::NonNegative),
                        h(slot::MOMENTUM, 0.95, Range::UnitHalfOpen),
                        h(slot::NESTEROV, 1.0, Range::Flag),
                        h(slot::NS_STEPS, 5.0, Range::CountBelow100),
                        // Only clamps the norm of a vanishing update: not worth a search.
                        h(slot::EPS, 1e-7, Range::NonNegative).sliding(log(1e-12, 1e-2)),
                    ]
                },
                wgsl_step: "muon_step(t, pos, g, s, h)",
                state: state::MuonState::<f32>::FIELDS,
                coupled: true,
                wgsl_gradient_point: "pos",
            },
            // torch checks nothing but lr >= 0; its history must hold at least one pair.
            O::Lbfgs => OptimizerInfo {
                about: "torch.optim.LBFGS: a step is one optimizer.step(), up to max_iter inner iterations of the two-loop quasi-Newton direction from the last history_size step pairs, each a fixed step of lr or (strong_wolfe) a strong-Wolfe line search; the summary and trace count the objective evaluations",
                hypers: &const {
                    [
                        lr(1.0),
                        h(slot::MAX_ITER, 20.0, Range::CountPositive),
                        h(slot::MAX_EVAL, 0.0, Range::Count),
                        h(slot::TOLERANCE_GRAD, 1e-7, Range::NonNegative),
                        h(slot::TOLERANCE_CHANGE, 1e-9, Range::NonNegative),
                        h(slot::HISTORY_SIZE, 100.0, Range::CountPositive),
                        h(slot::STRONG_WOLFE, 0.0, Range::Flag),
                    ]
                },
                wgsl_step: "lbfgs_step(t, pos, g, s, h)",
                state: state::LbfgsState::<f32>::FIELDS,
                coupled: true,
                wgsl_gradient_point: "pos",
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
