// Rust twin: the `lion` arm of `step` (src/model/optimizer/step.rs); its state: `LionState` (state.rs).
// sign(0) = 0, as in torch.

fn lion_step(t: u32, pos_in: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    var pos = pos_in * (1.0 - lr2(h) * h.weight_decay);
    let c = h.beta1 * s.exp_avg + (1.0 - h.beta1) * grad;
    pos = pos - lr2(h) * sign(c);
    s.exp_avg = h.beta2 * s.exp_avg + (1.0 - h.beta2) * grad;
    return Stepped(pos, s);
}
