// Rust twin: the `adagrad` arm of `step` (src/model/optimizer/step.rs); its state: `AdagradState` (state.rs).

fn adagrad_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    let clr = lr2(h) / (1.0 + f32(t - 1u) * h.lr_decay);
    let g = l2(grad, pos, h);
    s.sum = s.sum + g * g;
    let root = sqrt(s.sum) + h.eps;
    return Stepped(pos - clr * (g / root), s);
}
