//! The WGSL module of one (objective, optimizer) pair: the hand-written maths of `shaders/` plus
//! the generated mechanical layer — slot constants, `Hyper` and its loader (from the quantity
//! table), the shared structs, bindings and optimizer state (from [`super::layout`]) — and a few
//! lines that bind the kernel's `objective_*` and `optimizer_step` to that pair's functions, so
//! the hot loop holds no switch over objectives or optimizers.

use super::layout;
use crate::model::objective::data::Model;
use crate::model::objective::{Objective, ObjectiveKind};
use crate::model::optimizer::{Optimizer, Update};
use crate::model::{hyper, twin};
use crate::spec::sweep::Precision;

/// The shader files, embedded in the binary.
const FASTMATH_WGSL: &str = include_str!("../../../shaders/fastmath.wgsl");
const FASTMATH64_WGSL: &str = include_str!("../../../shaders/fastmath64.wgsl");
const OBJECTIVES_WGSL: &str = include_str!("../../../shaders/objectives.wgsl");
const OPTIMIZERS_WGSL: &str = include_str!("../../../shaders/optimizers/common.wgsl");
const LOOKAHEAD_WGSL: &str = include_str!("../../../shaders/optimizers/lookahead.wgsl");

/// The WGSL file of `opt`'s update rule (`shaders/optimizers/<rule>.wgsl`): a kernel holds
/// only its own rule's function, since each rule's `OptState` has only its own fields.
pub fn optimizer_wgsl(opt: Optimizer) -> &'static str {
    macro_rules! rule {
        ($file:literal) => {
            include_str!(concat!("../../../shaders/optimizers/", $file, ".wgsl"))
        };
    }
    use Optimizer as O;
    match opt {
        O::Sgd => rule!("sgd"),
        O::Momentum | O::Nesterov => rule!("momentum"),
        O::Adagrad => rule!("adagrad"),
        O::Rmsprop => rule!("rmsprop"),
        O::Adam | O::Adamw | O::Amsgrad => rule!("adam"),
        O::Nadam => rule!("nadam"),
        O::Radam => rule!("radam"),
        O::Adamax => rule!("adamax"),
        O::Adadelta => rule!("adadelta"),
        O::Lion => rule!("lion"),
        O::Rprop => rule!("rprop"),
        O::Asgd => rule!("asgd"),
        O::Adabelief => rule!("adabelief"),
        O::Adan => rule!("adan"),
        O::Lamb => rule!("lamb"),
        O::Ademamix => rule!("ademamix"),
        O::Laprop => rule!("laprop"),
        O::Mars => rule!("mars"),
        O::Adafactor => rule!("adafactor"),
        O::Prodigy => rule!("prodigy"),
        O::DadaptAdam => rule!("dadapt_adam"),
        O::SchedulefreeAdamw => concat!(rule!("schedulefree"), rule!("schedulefree_adamw")),
        O::SchedulefreeSgd => rule!("schedulefree"),
        O::Muon => rule!("muon"),
        O::Lbfgs => rule!("lbfgs"),
    }
}
const SWEEP_WGSL: &str = include_str!("../../../shaders/sweep.wgsl");
const RANDOM_WGSL: &str = include_str!("../../../shaders/random.wgsl");
const SCHEDULES_WGSL: &str = include_str!("../../../shaders/schedules.wgsl");
const DATA_WGSL: &str = include_str!("../../../shaders/data.wgsl");

/// The objective's global minimizers, `MINIMIZER_COUNT` and `global_minimizer(k)`: constants
/// rounded to f32 exactly as the CPU reference rounds them (`Plan::checks::<f32>`), so the
/// criterion's loop over them unrolls. A data objective's minimizer depends on its data: the
/// `FIT_MIN_X`, `FIT_MIN_Y` pipeline constants, and for `fit_tanh` its mirror image too.
fn minimizers(objective: ObjectiveKind, precision: Precision) -> String {
    let function = |n: usize, body: &str| {
        format!(
            "const MINIMIZER_COUNT: u32 = {n}u;\nfn global_minimizer(k: u32) -> vec2<f32> {{ {body} }}\n"
        )
    };
    match objective.model() {
        Some(Model::Tanh) => function(
            2,
            "let m = vec2<f32>(FIT_MIN_X, FIT_MIN_Y); return select(m, -m, k == 1u);",
        ),
        Some(_) => function(1, "return vec2<f32>(FIT_MIN_X, FIT_MIN_Y);"),
        None => {
            let points: Vec<String> = Objective::new(objective)
                .minima()
                .iter()
                .filter(|m| m.global)
                .map(|m| match precision {
                    Precision::F32 => format!("vec2<f32>({:?}, {:?})", m.x as f32, m.y as f32),
                    Precision::F64 => format!("vec2<f32>({:?}, {:?})", m.x, m.y),
                })
                .collect();
            // A formula with no minimum found runs under the gradient criterion, which never
            // asks; WGSL has no empty arrays.
            if points.is_empty() {
                return function(0, "return vec2<f32>(0.0, 0.0);");
            }
            format!(
                "const GLOBAL_MINIMIZERS = array<vec2<f32>, {n}>({});\n{}",
                points.join(", "),
                function(points.len(), "return GLOBAL_MINIMIZERS[k];"),
                n = points.len()
            )
        }
    }
}

/// The generated lines that are the same for every pair: the model's shared constants, the
/// quantity table's and the layout's.
fn mechanical() -> String {
    format!("{}\n{}\n{}", twin::wgsl(), hyper::wgsl(), layout::wgsl())
}

/// The complete WGSL source of the f32 sweep kernel for one pair (an optimizer, or one that
/// Lookahead wraps: an [`Update`]).
pub fn compose(objective: ObjectiveKind, update: impl Into<Update>) -> String {
    compose_in(objective, update, Precision::F32)
}

/// The sweep kernel for one pair in `precision`. The f64 kernel is the f32 one widened: every
/// `f32` of the module becomes `f64` (so the layout's structs become their `…64` twins in
/// `layout`), with `fastmath64.wgsl` for the fast maths and f64 constants where the f32 module
/// rounds them to f32 (minimizers, a formula's constants). Needs `SHADER_F64`.
pub fn compose_in(
    objective: ObjectiveKind,
    update: impl Into<Update>,
    precision: Precision,
) -> String {
    let update = update.into();
    let optimizer = update.optimizer;
    let double = precision == Precision::F64;
    // The wrapper's function, and the call that applies it after the rule's step.
    let (wrapper, wrapper_call) = if update.lookahead {
        (LOOKAHEAD_WGSL, "lookahead_step(t, stepped, h)")
    } else {
        ("", "stepped")
    };
    let name = objective.slug();
    // A formula objective's functions, generated from its expression.
    let formula = objective
        .formula_objective()
        .map(|f| f.formula.wgsl_in(double))
        .unwrap_or_default();
    let body = format!(
        "{OBJECTIVES_WGSL}\n{formula}\n{mechanical}\n{OPTIMIZERS_WGSL}\n{rule}\n{wrapper}\n{RANDOM_WGSL}\n{DATA_WGSL}\n{SCHEDULES_WGSL}\n{SWEEP_WGSL}\n\
         // ---- generated for {title} × {label} ----\n\
         fn objective_value(p: vec2<f32>) -> f32 {{ return {name}_value(p); }}\n\
         fn objective_gradient(p: vec2<f32>) -> vec2<f32> {{ return {name}_gradient(p); }}\n\
         fn objective_batch_gradient(p: vec2<f32>, index: u32, t: u32) -> vec2<f32> {{ return {batch}; }}\n\
         fn optimizer_step(t: u32, pos: vec2<f32>, g: vec2<f32>, s: OptState, h: Hyper) -> Stepped {{ return {call}; }}\n\
         fn wrapper_step(t: u32, stepped: Stepped, h: Hyper) -> Stepped {{ return {wrapper_call}; }}\n\
         fn gradient_point(t: u32, pos: vec2<f32>, s: OptState) -> vec2<f32> {{ return {gradient_point}; }}\n\
         {start}{minimizers}",
        mechanical = mechanical(),
        rule = optimizer_wgsl(optimizer),
        title = objective.name().replace('\n', " "),
        label = update.label(),
        call = optimizer.info().wgsl_step,
        gradient_point = optimizer.info().wgsl_gradient_point,
        start = layout::state_wgsl(update),
        minimizers = minimizers(objective, precision),
        batch = match objective.model() {
            Some(m) => format!("fit_batch_gradient({}u, p, index, t)", m.index()),
            None => "objective_gradient(p)".into(),
        },
    );
    match precision {
        Precision::F32 => format!(
            "{FASTMATH_WGSL}\nconst MACHINE_EPSILON: f32 = {:?};\n{body}",
            f32::EPSILON
        ),
        Precision::F64 => format!(
            "{FASTMATH64_WGSL}\nconst MACHINE_EPSILON: f64 = {:?};\n{}",
            f64::EPSILON,
            widen(&body)
        ),
    }
}

/// `text` with every `f32` token (a whole word) made `f64`.
fn widen(text: &str) -> String {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("f32") {
        let before = rest[..at].chars().next_back().or(out.chars().next_back());
        let after = rest[at + 3..].chars().next();
        out.push_str(&rest[..at]);
        out.push_str(if word(before) || word(after) {
            "f32"
        } else {
            "f64"
        });
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    out
}
