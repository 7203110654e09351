// Rust twin: the `momentum` arm of `step` (src/model/optimizer/step.rs); its state: `MomentumState` (state.rs).

fn momentum_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper, nesterov: bool) -> Stepped {
    var s = s_in;
    let g = l2(grad, pos, h);
    if (t == 1u) {
        s.momentum_buffer = g;
    } else {
        s.momentum_buffer = h.momentum * s.momentum_buffer + (1.0 - h.dampening) * g;
    }
    var d = s.momentum_buffer;
    if (nesterov) {
        d = g + h.momentum * s.momentum_buffer;
    }
    return Stepped(pos - lr2(h) * d, s);
}
