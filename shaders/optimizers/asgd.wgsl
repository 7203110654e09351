// Rust twin: the `asgd` arm of `step` (src/model/optimizer/step.rs); its state: `AsgdState` (state.rs).
// torch.optim.ASGD: a decay term λη, η = lr / (1 + λ·lr·t)^α, and the running average ax of
// the iterates from step t0 on.

fn asgd_step(t: u32, pos_in: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    if (t == 1u) {
        s.eta = lr2(h);
    }
    let g = l2(grad, pos_in, h);
    var pos = pos_in * (1.0 - h.lambd * s.eta);
    pos = pos + (-s.eta) * g;
    s.ax = select(pos, s.ax + (pos - s.ax) * s.mu, s.mu < 1.0);
    let steps = f32(t);
    let lr = lr2(h);
    s.eta = lr / vec2<f32>(
        fm_pow_accurate(1.0 + h.lambd * lr.x * steps, h.alpha),
        fm_pow_accurate(1.0 + h.lambd * lr.y * steps, h.alpha),
    );
    s.mu = 1.0 / max(steps - h.t0, 1.0);
    return Stepped(pos, s);
}
