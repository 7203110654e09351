// Rust twin: the `adadelta` arm of `step` (src/model/optimizer/step.rs); its state: `AdadeltaState` (state.rs).

fn adadelta_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    let g = l2(grad, pos, h);
    s.square_avg = h.rho * s.square_avg + (1.0 - h.rho) * (g * g);
    let root = sqrt(s.square_avg + h.eps);
    let delta = sqrt(s.acc_delta + h.eps) / root * g;
    s.acc_delta = h.rho * s.acc_delta + (1.0 - h.rho) * (delta * delta);
    return Stepped(pos - lr2(h) * delta, s);
}
