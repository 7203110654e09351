// Rust twin: the schedule-free arm of `step` (src/model/optimizer/step.rs) and `gradient_point`;
// its state: `SchedulefreeSgdState` and `SchedulefreeAdamwState` (state.rs), which both hold z,
// y, lr_max and weight_sum. Schedule-Free (schedulefree): the iterate is the evaluation point
// x, the gradient is taken at y. `schedulefree_adamw.wgsl` normalises the gradient first.

fn schedulefree_gradient_point(t: u32, pos: vec2<f32>, s: OptState) -> vec2<f32> {
    if (t > 1u) {
        return s.y;
    }
    return pos;
}

// The averaging step:
// y ← lerp(y, z, c) + lr(β(1 − c) − 1)·g, z ← z − lr·g, x ← lerp(y, z, 1 − 1/β), with c the
// step's share of the weights (k+1)^r·lr_max^weight_lr_power, per coordinate.
struct Averaged {
    x: vec2<f32>,
    y: vec2<f32>,
    z: vec2<f32>,
    lr_max: vec2<f32>,
    weight_sum: vec2<f32>,
}

fn schedulefree_average(t: u32, g_in: vec2<f32>, y_in: vec2<f32>, z: vec2<f32>, lr_max_in: vec2<f32>, weight_sum_in: vec2<f32>, beta: f32, h: Hyper) -> Averaged {
    let k = f32(t - 1u);
    var sched = f32(1.0);
    if (k < h.warmup_steps) {
        sched = (k + 1.0) / h.warmup_steps;
    }
    let lr = lr2(h) * sched;
    let lr_max = max(lr, lr_max_in);
    let weight = vec2<f32>(
        fm_pow_accurate(k + 1.0, h.r) * fm_pow_accurate(lr_max.x, h.weight_lr_power),
        fm_pow_accurate(k + 1.0, h.r) * fm_pow_accurate(lr_max.y, h.weight_lr_power),
    );
    let weight_sum = weight_sum_in + weight;
    let ckp1 = select(vec2<f32>(0.0), weight / weight_sum, weight_sum > vec2<f32>(0.0));
    let g = g_in + h.weight_decay * y_in;
    var y = lerp_torch_each(y_in, z, ckp1);
    y = y + lr * (beta * (1.0 - ckp1) - 1.0) * g;
    let z_next = z - lr * g;
    let x = lerp_torch(y, z_next, 1.0 - 1.0 / beta);
    return Averaged(x, y, z_next, lr_max, weight_sum);
}

// Schedule-Free SGD's step (β = momentum), and AdamW's once its gradient is normalised.
fn schedulefree_step(t: u32, pos: vec2<f32>, grad: vec2<f32>, s_in: OptState, h: Hyper, beta: f32) -> Stepped {
    var s = s_in;
    if (t == 1u) {
        s.z = pos;
        s.y = pos;
    }
    let a = schedulefree_average(t, grad, s.y, s.z, s.lr_max, s.weight_sum, beta, h);
    s.y = a.y;
    s.z = a.z;
    s.lr_max = a.lr_max;
    s.weight_sum = a.weight_sum;
    return Stepped(a.x, s);
}
