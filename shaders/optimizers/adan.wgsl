// Rust twin: the `adan` arm of `step` (src/model/optimizer/step.rs); its state: `AdanState` (state.rs).
// Adan (pytorch-optimizer): averages of g, of g − g_prev and of (g + β2(g − g_prev))².

fn adan_step(t: u32, pos_in: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    var pos = pos_in;
    s.beta1_power = s.beta1_power * h.beta1;
    s.beta2_power = s.beta2_power * h.beta2;
    s.beta3_power = s.beta3_power * h.beta3;
    let bc3_sqrt = sqrt(1.0 - s.beta3_power);
    if (t == 1u) {
        s.previous_grad = -grad;
    }
    let diff = s.previous_grad + grad;
    s.exp_avg = lerp_torch(s.exp_avg, grad, 1.0 - h.beta1);
    s.exp_avg_diff = lerp_torch(s.exp_avg_diff, diff, 1.0 - h.beta2);
    let corrected = diff * h.beta2 + grad;
    s.exp_avg_sq = h.beta3 * s.exp_avg_sq + (1.0 - h.beta3) * (corrected * corrected);
    let denom = sqrt(s.exp_avg_sq) / bc3_sqrt + h.eps;
    if (h.weight_decouple) {
        pos = pos * (1.0 - lr2(h) * h.weight_decay);
    }
    pos = pos + (-lr2(h) / (1.0 - s.beta1_power)) * (s.exp_avg / denom);
    pos = pos + (-lr2(h) * h.beta2 / (1.0 - s.beta2_power)) * (s.exp_avg_diff / denom);
    if (!h.weight_decouple) {
        pos = pos / (1.0 + lr2(h) * h.weight_decay);
    }
    s.previous_grad = -grad;
    return Stepped(pos, s);
}
