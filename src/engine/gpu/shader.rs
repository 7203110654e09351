//! The WGSL module of one (objective, optimizer) pair: the shader files of `shaders/` plus a few
//! generated lines that bind the kernel's `objective_*` and `optimizer_step` to that pair's
//! functions, so the hot loop holds no switch over objectives or optimizers.

use crate::model::objective::{Objective, ObjectiveKind};
use crate::model::optimizer::Optimizer;

/// The shader files, embedded in the binary.
pub const FASTMATH_WGSL: &str = include_str!("../../../shaders/fastmath.wgsl");
pub const OBJECTIVES_WGSL: &str = include_str!("../../../shaders/objectives.wgsl");
pub const OPTIMIZERS_WGSL: &str = include_str!("../../../shaders/optimizers.wgsl");
pub const SWEEP_WGSL: &str = include_str!("../../../shaders/sweep.wgsl");

/// The call that advances one step of `optimizer` (arguments `t, pos, g, s, h` in scope).
fn step_call(optimizer: Optimizer) -> &'static str {
    match optimizer {
        Optimizer::Sgd => "sgd_step(t, pos, g, s, h)",
        Optimizer::Momentum => "momentum_step(t, pos, g, s, h, false)",
        Optimizer::Nesterov => "momentum_step(t, pos, g, s, h, true)",
        Optimizer::Adagrad => "adagrad_step(t, pos, g, s, h)",
        Optimizer::Rmsprop => "rmsprop_step(t, pos, g, s, h)",
        Optimizer::Adam => "adam_step(t, pos, g, s, h, false, false)",
        Optimizer::Adamw => "adam_step(t, pos, g, s, h, true, false)",
        Optimizer::Amsgrad => "adam_step(t, pos, g, s, h, false, true)",
        Optimizer::Nadam => "nadam_step(t, pos, g, s, h)",
        Optimizer::Radam => "radam_step(t, pos, g, s, h)",
        Optimizer::Adamax => "adamax_step(t, pos, g, s, h)",
        Optimizer::Adadelta => "adadelta_step(t, pos, g, s, h)",
        Optimizer::Lion => "lion_step(t, pos, g, s, h)",
    }
}

/// The objective's global minimizers as WGSL constants, rounded to f32 exactly as the CPU
/// reference rounds them (`Plan::checks::<f32>`); the criterion's loop over them unrolls.
fn minimizers(objective: ObjectiveKind) -> String {
    let points: Vec<String> = Objective::new(objective)
        .minima()
        .iter()
        .filter(|m| m.global)
        .map(|m| format!("vec2<f32>({:?}, {:?})", m.x as f32, m.y as f32))
        .collect();
    format!(
        "const MINIMIZER_COUNT: u32 = {n}u;\nconst GLOBAL_MINIMIZERS = array<vec2<f32>, {n}>({});\n",
        points.join(", "),
        n = points.len()
    )
}

/// The complete WGSL source of the sweep kernel for one pair.
pub fn compose(objective: ObjectiveKind, optimizer: Optimizer) -> String {
    let name = objective.name();
    let minimizers = minimizers(objective);
    format!(
        "{FASTMATH_WGSL}\n{OBJECTIVES_WGSL}\n{OPTIMIZERS_WGSL}\n{SWEEP_WGSL}\n\
         // ---- generated for {name} × {opt} ----\n\
         fn objective_value(p: vec2<f32>) -> f32 {{ return {name}_value(p); }}\n\
         fn objective_gradient(p: vec2<f32>) -> vec2<f32> {{ return {name}_gradient(p); }}\n\
         fn optimizer_step(t: u32, pos: vec2<f32>, g: vec2<f32>, s: OptState, h: Hyper) -> Stepped {{ return {call}; }}\n\
         const IS_ADAGRAD: bool = {adagrad};\n{minimizers}",
        opt = optimizer.name(),
        call = step_call(optimizer),
        adagrad = optimizer == Optimizer::Adagrad,
    )
}
