// Rust twin: the `dadapt_adam` arm of `step` (src/model/optimizer/step.rs); its state: `DadaptAdamState` (state.rs).
// D-Adaptation Adam (pytorch-optimizer): Adam with steps d·lr, d estimated from the weighted
// ⟨g, s / √v⟩ against ‖s‖₁ over the two coordinates; it never shrinks.

fn dadapt_adam_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    let lr = h.lr_x;
    s.beta1_power = s.beta1_power * h.beta1;
    s.beta2_power = s.beta2_power * h.beta2;
    let beta2_sq = sqrt(h.beta2);
    let d = s.d;
    var d_lr = d * lr;
    if (h.bias_correction) {
        d_lr = d * lr / ((1.0 - s.beta1_power) / sqrt(1.0 - s.beta2_power));
    }
    var g = grad;
    if (!h.weight_decouple) {
        g = l2(grad, pos, h);
    }
    let weighted = s.s / (sqrt(s.exp_avg_sq) + h.eps);
    let numerator_acc = d_lr * (g.x * weighted.x + g.y * weighted.y);
    s.exp_avg = s.exp_avg * h.beta1 + d_lr * (1.0 - h.beta1) * g;
    s.exp_avg_sq = s.exp_avg_sq * h.beta2 + (1.0 - h.beta2) * (g * g);
    s.s = s.s * beta2_sq + d_lr * (1.0 - beta2_sq) * g;
    let sk_l1 = abs(s.s.x) + abs(s.s.y);
    if (!(sk_l1 > 0.0)) {
        return Stepped(pos, s);
    }
    let numerator = lerp_torch(vec2<f32>(s.numerator_weighted), vec2<f32>(numerator_acc), 1.0 - beta2_sq).x;
    s.numerator_weighted = numerator;
    s.d = max(d, numerator / ((1.0 - beta2_sq) * sk_l1));
    let denom = sqrt(s.exp_avg_sq) + h.eps;
    var p = pos;
    if (h.weight_decouple) {
        p = p * (1.0 - h.weight_decay * d_lr);
    }
    return Stepped(p + (-1.0) * (s.exp_avg / denom), s);
}
