// Rust twin: the `rmsprop` arm of `step` (src/model/optimizer/step.rs); its state: `RmspropState` (state.rs).

fn rmsprop_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    let g = l2(grad, pos, h);
    s.square_avg = h.alpha * s.square_avg + (1.0 - h.alpha) * (g * g);
    var variance = s.square_avg;
    if (h.centered) {
        s.grad_avg = h.alpha * s.grad_avg + (1.0 - h.alpha) * g;
        variance = variance - s.grad_avg * s.grad_avg;
    }
    let avg = sqrt(variance) + h.eps;
    s.momentum_buffer = h.momentum * s.momentum_buffer + g / avg;
    return Stepped(pos - lr2(h) * s.momentum_buffer, s);
}
