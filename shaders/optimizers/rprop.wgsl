// Rust twin: the `rprop` arm of `step` (src/model/optimizer/step.rs); its state: `RpropState` (state.rs).
// torch.optim.Rprop: step sizes start at each coordinate's lr on the first step; the sign of
// g·prev grows, shrinks or keeps them; where it flipped the gradient counts as 0.

fn rprop_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    if (t == 1u) {
        s.step_size = lr2(h);
    }
    let product = grad * s.prev;
    let shrinks = product < vec2<f32>(0.0);
    let factor = select(select(vec2<f32>(1.0), vec2<f32>(h.eta_minus), shrinks), vec2<f32>(h.eta_plus), product > vec2<f32>(0.0));
    s.step_size = min(max(s.step_size * factor, vec2<f32>(h.step_size_min)), vec2<f32>(h.step_size_max));
    let g = select(grad, vec2<f32>(0.0), shrinks);
    s.prev = g;
    return Stepped(pos - sign(g) * s.step_size, s);
}
