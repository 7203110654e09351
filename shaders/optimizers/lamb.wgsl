// Rust twin: the `lamb` arm of `step` (src/model/optimizer/step.rs); its state: `LambState` (state.rs).
// LAMB (pytorch-optimizer): Adam's direction, uncorrected, scaled by the trust ratio of the
// instance's two coordinates as one tensor. One learning rate (lr_x = lr_y = lr).

fn lamb_step(t: u32, pos_in: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    var pos = pos_in;
    let lr = h.lr_x;
    s.beta1_power = s.beta1_power * h.beta1;
    let step_size = lr / (1.0 - s.beta1_power);
    if (h.weight_decouple) {
        pos = pos * (1.0 - h.weight_decay * lr);
    }
    s.exp_avg = s.exp_avg * h.beta1 + (1.0 - h.beta1) * grad;
    s.exp_avg_sq = h.beta2 * s.exp_avg_sq + (1.0 - h.beta2) * (grad * grad);
    var update = 1.0 / (sqrt(s.exp_avg_sq) + h.eps) * s.exp_avg;
    if (!h.weight_decouple) {
        update = update + h.weight_decay * pos;
    }
    let weight_norm = min(norm_of(pos), LAMB_CLAMP);
    let update_norm = norm_of(update);
    var trust = f32(1.0);
    if (weight_norm > 0.0 && update_norm > 0.0) {
        trust = weight_norm / (update_norm + h.eps);
    }
    return Stepped(pos + (-step_size) * (update * trust), s);
}
