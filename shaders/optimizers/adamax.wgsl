// Rust twin: the `adamax` arm of `step` (src/model/optimizer/step.rs); its state: `AdamaxState` (state.rs).

fn adamax_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    s.beta1_power = s.beta1_power * h.beta1;
    let clr = lr2(h) / (1.0 - s.beta1_power);
    let g = l2(grad, pos, h);
    s.exp_avg = h.beta1 * s.exp_avg + (1.0 - h.beta1) * g;
    s.exp_inf = max(h.beta2 * s.exp_inf, abs(g) + h.eps);
    return Stepped(pos - clr * (s.exp_avg / s.exp_inf), s);
}
