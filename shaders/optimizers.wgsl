// The update rules, one function per rule, each advancing one instance by one step.
//
// Rust twin: `step` in src/model/optimizer/step.rs (same operations, same order; torch.optim semantics).
// `OptState` (generated from `State::LAYOUT`) and `Hyper` (generated from the quantity table of
// src/model/hyper.rs) are composed in by the engine, which also binds `optimizer_step` to one of
// these functions per pipeline.

struct Stepped {
    pos: vec2<f32>,
    s: OptState,
}

// Each coordinate's learning rate (lr_x, lr_y: lr unless given), as two parameter groups.
fn lr2(h: Hyper) -> vec2<f32> {
    return vec2<f32>(h.lr_x, h.lr_y);
}

// torch's L2 decay: g + λθ.
fn l2(g: vec2<f32>, pos: vec2<f32>, h: Hyper) -> vec2<f32> {
    return g + h.weight_decay * pos;
}

fn sgd_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s: OptState, h: Hyper) -> Stepped {
    let g = l2(grad, pos, h);
    return Stepped(pos - lr2(h) * g, s);
}

// m: momentum buffer.
fn momentum_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper, nesterov: bool) -> Stepped {
    var s = s_in;
    let g = l2(grad, pos, h);
    if (t == 1u) {
        s.m = g;
    } else {
        s.m = h.momentum * s.m + (1.0 - h.dampening) * g;
    }
    var d = s.m;
    if (nesterov) {
        d = g + h.momentum * s.m;
    }
    return Stepped(pos - lr2(h) * d, s);
}

// m: sum of squared gradients.
fn adagrad_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    let clr = lr2(h) / (1.0 + f32(t - 1u) * h.lr_decay);
    let g = l2(grad, pos, h);
    s.m = s.m + g * g;
    let root = sqrt(s.m) + h.eps;
    return Stepped(pos - clr * (g / root), s);
}

// v: square average; w: gradient average (centred); m: momentum buffer.
fn rmsprop_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    let g = l2(grad, pos, h);
    s.v = h.alpha * s.v + (1.0 - h.alpha) * (g * g);
    var variance = s.v;
    if (h.centered) {
        s.w = h.alpha * s.w + (1.0 - h.alpha) * g;
        variance = variance - s.w * s.w;
    }
    let avg = sqrt(variance) + h.eps;
    s.m = h.momentum * s.m + g / avg;
    return Stepped(pos - lr2(h) * s.m, s);
}

// m, v: moments; w: max of v (amsgrad); p.x, p.y: β1ᵗ, β2ᵗ. Serves adam, adamw and amsgrad.
fn adam_step(t: u32, pos_in: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper, decoupled: bool, amsgrad_always: bool) -> Stepped {
    var s = s_in;
    var pos = pos_in;
    s.p.x = s.p.x * h.beta1;
    s.p.y = s.p.y * h.beta2;
    let step_size = lr2(h) / (1.0 - s.p.x);
    let bc2_sqrt = sqrt(1.0 - s.p.y);
    var g: vec2<f32>;
    if (decoupled) {
        pos = pos * (1.0 - lr2(h) * h.weight_decay);
        g = grad;
    } else {
        g = l2(grad, pos, h);
    }
    s.m = h.beta1 * s.m + (1.0 - h.beta1) * g;
    s.v = h.beta2 * s.v + (1.0 - h.beta2) * (g * g);
    var v = s.v;
    if (h.amsgrad || amsgrad_always) {
        s.w = max(s.w, v);
        v = s.w;
    }
    let denom = sqrt(v) / bc2_sqrt + h.eps;
    return Stepped(pos - step_size * (s.m / denom), s);
}

// m, v: moments; p.x: 0.96^(tψ); p.y: β2ᵗ; p.z: μ product Π.
fn nadam_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    let decay = h.nadam_decay;
    s.p.x = s.p.x * decay;
    s.p.y = s.p.y * h.beta2;
    let mu = h.beta1 * (1.0 - 0.5 * s.p.x);
    let mu_next = h.beta1 * (1.0 - 0.5 * (s.p.x * decay));
    s.p.z = s.p.z * mu;
    let mu_product_next = s.p.z * mu_next;
    let bc2 = 1.0 - s.p.y;
    let grad_coef = -lr2(h) * (1.0 - mu) / (1.0 - s.p.z);
    let mom_coef = -lr2(h) * mu_next / (1.0 - mu_product_next);
    let g = l2(grad, pos, h);
    s.m = h.beta1 * s.m + (1.0 - h.beta1) * g;
    s.v = h.beta2 * s.v + (1.0 - h.beta2) * (g * g);
    let denom = sqrt(s.v / bc2) + h.eps;
    var p = pos + grad_coef * (g / denom);
    p = p + mom_coef * (s.m / denom);
    return Stepped(p, s);
}

// m, v: moments; p.x, p.y: β1ᵗ, β2ᵗ.
fn radam_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    s.p.x = s.p.x * h.beta1;
    s.p.y = s.p.y * h.beta2;
    let bc1 = 1.0 - s.p.x;
    let bc2 = 1.0 - s.p.y;
    let rho_inf = 2.0 / (1.0 - h.beta2) - 1.0;
    let rho_t = rho_inf - 2.0 * f32(t) * s.p.y / bc2;
    let rect = sqrt((rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t));
    let g = l2(grad, pos, h);
    s.m = h.beta1 * s.m + (1.0 - h.beta1) * g;
    s.v = h.beta2 * s.v + (1.0 - h.beta2) * (g * g);
    let m_hat = s.m / bc1;
    if (rho_t > 5.0) {
        let adaptive = sqrt(bc2) / (sqrt(s.v) + h.eps);
        return Stepped(pos - m_hat * lr2(h) * adaptive * rect, s);
    }
    return Stepped(pos - m_hat * lr2(h), s);
}

// m: first moment; v: infinity norm u; p.x: β1ᵗ.
fn adamax_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    s.p.x = s.p.x * h.beta1;
    let clr = lr2(h) / (1.0 - s.p.x);
    let g = l2(grad, pos, h);
    s.m = h.beta1 * s.m + (1.0 - h.beta1) * g;
    s.v = max(h.beta2 * s.v, abs(g) + h.eps);
    return Stepped(pos - clr * (s.m / s.v), s);
}

// m: square average of g; v: square average of the updates Δ.
fn adadelta_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    let g = l2(grad, pos, h);
    s.m = h.rho * s.m + (1.0 - h.rho) * (g * g);
    let root = sqrt(s.m + h.eps);
    let delta = sqrt(s.v + h.eps) / root * g;
    s.v = h.rho * s.v + (1.0 - h.rho) * (delta * delta);
    return Stepped(pos - lr2(h) * delta, s);
}

// m: momentum (the slower average, β2). sign(0) = 0, as in torch.
fn lion_step(t: u32, pos_in: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper) -> Stepped {
    var s = s_in;
    var pos = pos_in * (1.0 - lr2(h) * h.weight_decay);
    let c = h.beta1 * s.m + (1.0 - h.beta1) * grad;
    pos = pos - lr2(h) * sign(c);
    s.m = h.beta2 * s.m + (1.0 - h.beta2) * grad;
    return Stepped(pos, s);
}
