// Rust twin: the `laprop` arm of `step` (src/model/optimizer/step.rs); its state: `LapropState` (state.rs).
// LaProp (pytorch-optimizer): momentum of the gradient normalised by its second moment; the
// first moment's bias correction is an average of the learning rate.

fn laprop_step(t: u32, pos_in: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    s.beta2_power = s.beta2_power * h.beta2;
    let bc2_sqrt = sqrt(1.0 - s.beta2_power);
    let g = grad;
    s.exp_avg_sq = h.beta2 * s.exp_avg_sq + (1.0 - h.beta2) * (g * g);
    s.exp_avg_lr_1 = s.exp_avg_lr_1 * h.beta1 + (1.0 - h.beta1) * lr2(h);
    let step_size = 1.0 / (s.exp_avg_lr_1 / lr2(h));
    var second = s.exp_avg_sq;
    if (h.centered) {
        s.exp_mean_avg_beta2 = lerp_torch(s.exp_mean_avg_beta2, g, 1.0 - h.beta2);
        if (f32(t) > h.steps_before_using_centered) {
            second = second - s.exp_mean_avg_beta2 * s.exp_mean_avg_beta2;
        }
    }
    let denom = (sqrt(second + SECOND_MOMENT_EPS) + h.eps) / bc2_sqrt;
    s.exp_avg = s.exp_avg * h.beta1 + (1.0 - h.beta1) * lr2(h) * (g / denom);
    let pos = pos_in - step_size * s.exp_avg;
    return Stepped(pos * (1.0 - h.weight_decay * lr2(h)), s);
}
