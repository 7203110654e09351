// What every update rule shares. Each rule's function is in its own file beside this one
// (shaders/optimizers/<rule>.wgsl), and a kernel composes in only its rule's: its `OptState`
// (generated from the rule's state fields, src/model/optimizer/state.rs) holds nothing else.
//
// Rust twin: `step` in src/model/optimizer/step.rs (same operations, same order; torch.optim
// semantics). `Hyper` is generated from the quantity table of src/model/hyper.rs; the engine
// binds `optimizer_step` to the rule's function per pipeline.

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

// torch's `lerp_(end, weight)`, rounding as torch does: a + w·(b − a) below w = 0.5,
// b − (b − a)·(1 − w) from it (the modern rules' moving averages).
fn lerp_torch(a: vec2<f32>, b: vec2<f32>, w: f32) -> vec2<f32> {
    if (w < 0.5) {
        return a + w * (b - a);
    }
    return b - (b - a) * (1.0 - w);
}

// lerp_torch with a weight per coordinate.
fn lerp_torch_each(a: vec2<f32>, b: vec2<f32>, w: vec2<f32>) -> vec2<f32> {
    return select(b - (b - a) * (1.0 - w), a + w * (b - a), w < vec2<f32>(0.5));
}

// The Euclidean norm of the instance's two coordinates, as one tensor (LAMB, MARS).
fn norm_of(v: vec2<f32>) -> f32 {
    return sqrt(v.x * v.x + v.y * v.y);
}

// pytorch-optimizer's weight decay (Rust twin: `decayed` in step.rs): decoupled, the iterate
// shrunk by 1 − λ·lr and the gradient as it is (weight_decouple); else L2, g + λθ.
struct Decayed {
    pos: vec2<f32>,
    g: vec2<f32>,
}

fn decayed(pos: vec2<f32>, grad: vec2<f32>, h: Hyper) -> Decayed {
    if (h.weight_decouple) {
        return Decayed(pos * (1.0 - h.weight_decay * lr2(h)), grad);
    }
    return Decayed(pos, l2(grad, pos, h));
}
