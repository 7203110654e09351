// Rust twin: the `ademamix` arm of `step` (src/model/optimizer/step.rs) and `ademamix_warmup`;
// its state: `AdemamixState` (state.rs).
// AdEMAMix (pytorch-optimizer): Adam plus α times a slow average (β3); α and β3 warm up over
// t_alpha_beta3 steps when it is set.

fn ademamix_step(t: u32, pos_in: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    var pos = pos_in;
    s.beta1_power = s.beta1_power * h.beta1;
    s.beta2_power = s.beta2_power * h.beta2;
    let bc1 = 1.0 - s.beta1_power;
    let bc2_sqrt = sqrt(1.0 - s.beta2_power);
    var alpha_t = h.alpha;
    var beta3_t = h.beta3;
    if (h.t_alpha_beta3 > 0.0) {
        let steps = f32(t);
        alpha_t = min(steps * h.alpha / h.t_alpha_beta3, h.alpha);
        let log_beta1 = fm_ln(h.beta1);
        let log_beta3 = fm_ln(h.beta3);
        let frac = steps / h.t_alpha_beta3;
        beta3_t = min(fm_exp(log_beta1 * log_beta3 / ((1.0 - frac) * log_beta3 + frac * log_beta1)), h.beta3);
    }
    let decay = decayed(pos, grad, h);
    pos = decay.pos;
    let g = decay.g;
    s.exp_avg = lerp_torch(s.exp_avg, g, 1.0 - h.beta1);
    s.exp_avg_sq = h.beta2 * s.exp_avg_sq + (1.0 - h.beta2) * (g * g);
    s.exp_avg_slow = lerp_torch(s.exp_avg_slow, g, 1.0 - beta3_t);
    let denom = sqrt(s.exp_avg_sq) / bc2_sqrt + h.eps;
    let update = s.exp_avg / bc1 + alpha_t * s.exp_avg_slow;
    return Stepped(pos + (-lr2(h)) * (update / denom), s);
}
