// Rust twin: the `sgd` arm of `step` (src/model/optimizer/step.rs); its state: `NoState` (state.rs).

fn sgd_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s: OptState, h: Hyper) -> Stepped {
    let g = l2(grad, pos, h);
    return Stepped(pos - lr2(h) * g, s);
}
