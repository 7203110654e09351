// Rust twin: the `nadam` arm of `step` (src/model/optimizer/step.rs); its state: `NadamState` (state.rs).

fn nadam_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    let decay = h.nadam_decay;
    s.decay_power = s.decay_power * decay;
    s.beta2_power = s.beta2_power * h.beta2;
    let mu = h.beta1 * (1.0 - 0.5 * s.decay_power);
    let mu_next = h.beta1 * (1.0 - 0.5 * (s.decay_power * decay));
    s.mu_product = s.mu_product * mu;
    let mu_product_next = s.mu_product * mu_next;
    let bc2 = 1.0 - s.beta2_power;
    let grad_coef = -lr2(h) * (1.0 - mu) / (1.0 - s.mu_product);
    let mom_coef = -lr2(h) * mu_next / (1.0 - mu_product_next);
    let g = l2(grad, pos, h);
    s.exp_avg = h.beta1 * s.exp_avg + (1.0 - h.beta1) * g;
    s.exp_avg_sq = h.beta2 * s.exp_avg_sq + (1.0 - h.beta2) * (g * g);
    let denom = sqrt(s.exp_avg_sq / bc2) + h.eps;
    var p = pos + grad_coef * (g / denom);
    p = p + mom_coef * (s.exp_avg / denom);
    return Stepped(p, s);
}
