// Objectives fitted to data: θ = p is fitted by mean squared error to the examples (u, v, label),
// which ride in the `axis` buffer after the axis values (sweep.data_offset, sweep.examples).
// Minibatches draw their examples from the random generator (random.wgsl, STREAM_BATCH).
//
// Rust twin: src/model/objective/data.rs (Model::term, Dataset::loss / gradient /
// batch_gradient), same operations in the same order.

// Examples per step's gradient, drawn with replacement; 0: every example (Plan::batch).
override BATCH: u32 = 0u;
// A data objective's global minimizer (and, for fit_tanh, its mirror image −θ*): found from the
// data on the host (Dataset::minimizers, Objective::minima).
override FIT_MIN_X: f32 = 0.0;
override FIT_MIN_Y: f32 = 0.0;

// The MODEL_* codes (Model::index) are generated from the Rust (src/model/twin.rs).

fn example(e: u32) -> vec3<f32> {
    let k = sweep.data_offset + 3u * e;
    return vec3<f32>(axis[k], axis[k + 1u], axis[k + 2u]);
}

// One example's residual r = model − label (.x) and the model's gradient in θ (.yz).
fn fit_term(model: u32, th: vec2<f32>, ex: vec3<f32>) -> vec3<f32> {
    let u = ex.x;
    let v = ex.y;
    let label = ex.z;
    switch model {
        case MODEL_QUADRATIC: {
            let uu = u * u;
            let vv = v * v;
            return vec3<f32>(th.x * uu + th.y * vv - label, uu, vv);
        }
        case MODEL_LINE: {
            return vec3<f32>(th.x * u + th.y - label, u, 1.0);
        }
        case MODEL_TANH, default: {
            let a = fm_tanh(th.x * u);
            let da = 1.0 - a * a;
            return vec3<f32>(th.y * a - label, th.y * u * da, a);
        }
    }
}

fn fit_value(model: u32, th: vec2<f32>) -> f32 {
    var acc: f32 = 0.0;
    for (var e = 0u; e < sweep.examples; e++) {
        let r = fit_term(model, th, example(e)).x;
        acc = acc + r * r;
    }
    return acc / f32(sweep.examples);
}

fn fit_gradient(model: u32, th: vec2<f32>) -> vec2<f32> {
    var acc = vec2<f32>(0.0);
    for (var e = 0u; e < sweep.examples; e++) {
        let term = fit_term(model, th, example(e));
        acc = acc + term.x * term.yz;
    }
    return acc * (2.0 / f32(sweep.examples));
}

fn fit_batch_gradient(model: u32, th: vec2<f32>, index: u32, t: u32) -> vec2<f32> {
    var acc = vec2<f32>(0.0);
    var words = vec4<u32>(0u);
    for (var b = 0u; b < BATCH; b++) {
        if (b % 4u == 0u) {
            words = random_block(index, t, STREAM_BATCH, b / 4u);
        }
        let e = mul_hi_lo(words[b % 4u], sweep.examples).x;
        let term = fit_term(model, th, example(e));
        acc = acc + term.x * term.yz;
    }
    // (max: with BATCH = 0 this function is never called, but 2/0 as a constant expression
    // would be a pipeline-creation error.)
    return acc * (2.0 / f32(max(BATCH, 1u)));
}

fn fit_quadratic_value(p: vec2<f32>) -> f32 { return fit_value(MODEL_QUADRATIC, p); }
fn fit_quadratic_gradient(p: vec2<f32>) -> vec2<f32> { return fit_gradient(MODEL_QUADRATIC, p); }
fn fit_line_value(p: vec2<f32>) -> f32 { return fit_value(MODEL_LINE, p); }
fn fit_line_gradient(p: vec2<f32>) -> vec2<f32> { return fit_gradient(MODEL_LINE, p); }
fn fit_tanh_value(p: vec2<f32>) -> f32 { return fit_value(MODEL_TANH, p); }
fn fit_tanh_gradient(p: vec2<f32>) -> vec2<f32> { return fit_gradient(MODEL_TANH, p); }
