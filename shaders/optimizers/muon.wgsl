// Rust twin: the `muon` arm of `step` and `newton_schulz` (src/model/optimizer/step.rs); its
// state: `MuonState` (state.rs).
// torch.optim.Muon on the instance's two coordinates as a 1×2 matrix. The Newton–Schulz
// iterations run in bfloat16 as torch's do on the CPU: each operation in f32 on bfloat16
// operands, its result rounded to bfloat16 (fm_round_f32 rounds where f64 would not; the
// products of two bfloat16 values are exact in f32). One learning rate (lr_x = lr_y = lr).

fn newton_schulz(g: vec2<f32>, steps: u32, eps: f32) -> vec2<f32> {
    var x = vec2<f32>(fm_round_bf16(g.x), fm_round_bf16(g.y));
    let norm = fm_round_bf16(sqrt(fm_round_f32(x.x * x.x + x.y * x.y)));
    let floor = fm_round_bf16(eps);
    x = x / select(norm, floor, norm < floor);
    x = vec2<f32>(fm_round_bf16(x.x), fm_round_bf16(x.y));
    for (var k = 0u; k < steps; k++) {
        let gram = fm_round_bf16(x.x * x.x + x.y * x.y);
        let gram_update = fm_round_bf16(fm_round_f32(NS_B * gram) + fm_round_f32(NS_C * (gram * gram)));
        let ax = vec2<f32>(fm_round_f32(NS_A * x.x), fm_round_f32(NS_A * x.y));
        x = ax + gram_update * x;
        x = vec2<f32>(fm_round_bf16(x.x), fm_round_bf16(x.y));
    }
    return x;
}

fn muon_step(t: u32, pos_in: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    let lr = h.lr_x;
    s.momentum_buffer = lerp_torch(s.momentum_buffer, grad, 1.0 - h.momentum);
    var update = s.momentum_buffer;
    if (h.nesterov) {
        update = lerp_torch(grad, s.momentum_buffer, h.momentum);
    }
    let ortho = newton_schulz(update, u32(h.ns_steps), h.eps);
    var pos = pos_in * (1.0 - lr * h.weight_decay);
    pos = pos + (-lr) * ortho;
    return Stepped(pos, s);
}
