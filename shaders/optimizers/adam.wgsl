// Rust twin: the `adam` arm of `step` (src/model/optimizer/step.rs); its state: `AdamState` (state.rs).
// Serves adam, adamw and amsgrad.

fn adam_step(t: u32, pos_in: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper, decoupled: bool, amsgrad_always: bool) -> Stepped {
    var s = s_in;
    var pos = pos_in;
    s.beta1_power = s.beta1_power * h.beta1;
    s.beta2_power = s.beta2_power * h.beta2;
    let step_size = lr2(h) / (1.0 - s.beta1_power);
    let bc2_sqrt = sqrt(1.0 - s.beta2_power);
    var g: vec2<f32>;
    if (decoupled) {
        pos = pos * (1.0 - lr2(h) * h.weight_decay);
        g = grad;
    } else {
        g = l2(grad, pos, h);
    }
    s.exp_avg = h.beta1 * s.exp_avg + (1.0 - h.beta1) * g;
    s.exp_avg_sq = h.beta2 * s.exp_avg_sq + (1.0 - h.beta2) * (g * g);
    var v = s.exp_avg_sq;
    if (h.amsgrad || amsgrad_always) {
        s.max_exp_avg_sq = max(s.max_exp_avg_sq, v);
        v = s.max_exp_avg_sq;
    }
    let denom = sqrt(v) / bc2_sqrt + h.eps;
    return Stepped(pos - step_size * (s.exp_avg / denom), s);
}
