// Rust twin: the `radam` arm of `step` (src/model/optimizer/step.rs); its state: `RadamState` (state.rs).

fn radam_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    s.beta1_power = s.beta1_power * h.beta1;
    s.beta2_power = s.beta2_power * h.beta2;
    let bc1 = 1.0 - s.beta1_power;
    let bc2 = 1.0 - s.beta2_power;
    let rho_inf = 2.0 / (1.0 - h.beta2) - 1.0;
    let rho_t = rho_inf - 2.0 * f32(t) * s.beta2_power / bc2;
    let rect = sqrt((rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t));
    let g = l2(grad, pos, h);
    s.exp_avg = h.beta1 * s.exp_avg + (1.0 - h.beta1) * g;
    s.exp_avg_sq = h.beta2 * s.exp_avg_sq + (1.0 - h.beta2) * (g * g);
    let m_hat = s.exp_avg / bc1;
    if (rho_t > 5.0) {
        let adaptive = sqrt(bc2) / (sqrt(s.exp_avg_sq) + h.eps);
        return Stepped(pos - m_hat * lr2(h) * adaptive * rect, s);
    }
    return Stepped(pos - m_hat * lr2(h), s);
}
