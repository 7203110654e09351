// Rust twin: the `prodigy` arm of `step` (src/model/optimizer/step.rs); its state: `ProdigyState` (state.rs).
// Prodigy (prodigyopt): Adam with steps d·lr, d estimated from ⟨g, p0 − p⟩ against the weighted
// gradient sum s over the two coordinates; it never shrinks. Where s is all zero nothing moves.

fn prodigy_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    let lr = h.lr_x;
    if (t == 1u) {
        s.p0 = pos;
    }
    var beta3 = sqrt(h.beta2);
    if (h.beta3 > 0.0) {
        beta3 = h.beta3;
    }
    s.beta1_power = s.beta1_power * h.beta1;
    s.beta2_power = s.beta2_power * h.beta2;
    var bias_correction = f32(1.0);
    if (h.bias_correction) {
        bias_correction = sqrt(1.0 - s.beta2_power) / (1.0 - s.beta1_power);
    }
    let d = s.d;
    let dlr = d * lr * bias_correction;
    var g = grad;
    if (!h.weight_decouple) {
        g = l2(grad, pos, h);
    }
    let d_numerator = s.d_numerator * beta3;
    let dot = g.x * (s.p0.x - pos.x) + g.y * (s.p0.y - pos.y);
    let delta_numerator = d / h.d0 * dlr * dot;
    var s_rate = d / h.d0 * dlr;
    if (h.safeguard_warmup) {
        s_rate = d / h.d0 * d;
    }
    s.exp_avg = s.exp_avg * h.beta1 + d * (1.0 - h.beta1) * g;
    s.exp_avg_sq = s.exp_avg_sq * h.beta2 + d * d * (1.0 - h.beta2) * (g * g);
    s.s = s.s * beta3 + s_rate * g;
    let d_denom = abs(s.s.x) + abs(s.s.y);
    if (!(d_denom > 0.0)) {
        return Stepped(pos, s);
    }
    let global_numerator = d_numerator + delta_numerator;
    let d_new = max(d, h.d_coef * global_numerator / d_denom);
    s.d = d_new;
    s.d_numerator = global_numerator;
    let denom = sqrt(s.exp_avg_sq) + d_new * h.eps;
    var p = pos;
    if (h.weight_decouple) {
        p = p + (-h.weight_decay * dlr) * p;
    }
    return Stepped(p + (-dlr) * (s.exp_avg / denom), s);
}
