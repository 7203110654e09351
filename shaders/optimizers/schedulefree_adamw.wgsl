// Rust twin: the schedule-free arm of `step` (src/model/optimizer/step.rs); its state:
// `SchedulefreeAdamwState` (state.rs). Schedule-Free AdamW (schedulefree): the gradient at y
// normalised by Adam's second moment, then Schedule-Free's step (schedulefree.wgsl, composed
// before this file).

fn schedulefree_adamw_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    s.beta2_power = s.beta2_power * h.beta2;
    let bc2 = 1.0 - s.beta2_power;
    s.exp_avg_sq = s.exp_avg_sq * h.beta2 + (1.0 - h.beta2) * (grad * grad);
    let g = grad / (sqrt(s.exp_avg_sq / bc2) + h.eps);
    return schedulefree_step(t, pos, g, s, h, h.beta1);
}
