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
