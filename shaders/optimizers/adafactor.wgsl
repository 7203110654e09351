// Rust twin: the `adafactor` arm of `step` (src/model/optimizer/step.rs); its state: `AdafactorState` (state.rs).
// torch.optim.Adafactor, vector branch: 1 − β2ₜ = t^beta2_decay; the step is
// max(eps2, RMS(θ))·min(lr, 1/√t) along g/√v, clipped to RMS d over the two coordinates.
// eps1 0 is torch's None: the machine epsilon of the kernel's precision.

fn adafactor_step(t: u32, pos_in: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    let lr = h.lr_x;
    let steps = f32(t);
    let one_minus_beta2 = fm_pow_accurate(steps, h.beta2_decay);
    let rho = min(lr, 1.0 / sqrt(steps));
    // √2 (the RMS over two coordinates), as a literal: naga does not fold sqrt in f64.
    let sqrt_numel = f32(1.4142135623730951);
    let alpha = max(h.eps2, norm_of(pos_in) / sqrt_numel) * rho;
    var eps1 = h.eps1;
    if (!(eps1 > 0.0)) {
        eps1 = MACHINE_EPSILON;
    }
    let pos = pos_in * (1.0 - lr * h.weight_decay);
    s.variance = lerp_torch(s.variance, grad * grad, one_minus_beta2);
    let update = 1.0 / sqrt(max(s.variance, vec2<f32>(eps1 * eps1))) * grad;
    let denom = max(norm_of(update) / (sqrt_numel * h.d), 1.0);
    return Stepped(pos + update * (-alpha / denom), s);
}
