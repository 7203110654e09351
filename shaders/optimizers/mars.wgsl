// Rust twin: the `mars` arm of `step` (src/model/optimizer/step.rs); its state: `MarsState` (state.rs).
// MARS (pytorch-optimizer, AdamW type, optimize_1d): the gradient corrected by γ·β1/(1−β1)
// times its change, clipped to norm 1 over the two coordinates, then AdamW on it. One
// learning rate (lr_x = lr_y = lr).

fn mars_step(t: u32, pos_in: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    let lr = h.lr_x;
    s.beta1_power = s.beta1_power * h.beta1;
    s.beta2_power = s.beta2_power * h.beta2;
    let bc1 = 1.0 - s.beta1_power;
    let bc2_sqrt = sqrt(1.0 - s.beta2_power);
    let scale = h.mars_gamma * h.beta1 / (1.0 - h.beta1);
    var c = (grad - s.last_grad) * scale + grad;
    c = c / max(norm_of(c), 1.0);
    s.exp_avg = lerp_torch(s.exp_avg, c, 1.0 - h.beta1);
    s.exp_avg_sq = h.beta2 * s.exp_avg_sq + (1.0 - h.beta2) * (c * c);
    let denom = (sqrt(s.exp_avg_sq + SECOND_MOMENT_EPS) + h.eps) / bc2_sqrt * bc1;
    var pos = pos_in * (1.0 - h.weight_decay * lr);
    pos = pos + (-lr) * (s.exp_avg / denom);
    s.last_grad = grad;
    return Stepped(pos, s);
}
