// Rust twin: the `adabelief` arm of `step` (src/model/optimizer/step.rs); its state: `AdabeliefState` (state.rs).
// AdaBelief (pytorch-optimizer): Adam whose second moment is the gradient's variance around
// its average, eps inside and outside the root.

fn adabelief_step(t: u32, pos_in: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    var pos = pos_in;
    s.beta1_power = s.beta1_power * h.beta1;
    s.beta2_power = s.beta2_power * h.beta2;
    let bc2_sqrt = sqrt(1.0 - s.beta2_power);
    let decay = decayed(pos, grad, h);
    pos = decay.pos;
    let g = decay.g;
    s.exp_avg = lerp_torch(s.exp_avg, g, 1.0 - h.beta1);
    let residual = g - s.exp_avg;
    s.exp_avg_var = h.beta2 * s.exp_avg_var + (1.0 - h.beta2) * (residual * residual) + h.eps;
    let denom = sqrt(s.exp_avg_var) / bc2_sqrt + h.eps;
    let step_size = lr2(h) / (1.0 - s.beta1_power);
    return Stepped(pos - step_size * (s.exp_avg / denom), s);
}
