// The 2-D test functions: value and analytic gradient.
//
// Rust twin: `Objective::value` and `Objective::gradient` in src/model/objective/maths.rs. Every function
// here uses the same operations in the same order as its arm there, and the same sin/cos (of
// 2πx) and exp (fm_* of fastmath.wgsl), so the f32 CPU reference computes what the shader computes.
//
// The sweep kernel calls `objective_value` / `objective_gradient`, which the engine binds to one
// pair of functions below when it composes the module (src/engine/gpu/shader.rs).

const PI: f32 = 3.141592653589793;
const E: f32 = 2.718281828459045;

// quadratic's coefficients a and b: pipeline constants.
override QUAD_A: f32 = 1.0;
override QUAD_B: f32 = 10.0;

fn ackley_value(p: vec2<f32>) -> f32 {
    let r = sqrt(0.5 * (p.x * p.x + p.y * p.y));
    let e = 0.5 * (fm_sin_cos_turns(p.x).y + fm_sin_cos_turns(p.y).y);
    return -20.0 * fm_exp(-0.2 * r) - fm_exp(e) + E + 20.0;
}

fn ackley_gradient(p: vec2<f32>) -> vec2<f32> {
    let r = sqrt(0.5 * (p.x * p.x + p.y * p.y));
    // The cone term's gradient is 2·p·exp(-0.2 r)/r; at r = 0 it is taken as 0.
    let cone = select(0.0, 2.0 * fm_exp(-0.2 * r) / r, r > 0.0);
    let sc_x = fm_sin_cos_turns(p.x);
    let sc_y = fm_sin_cos_turns(p.y);
    let wave = PI * fm_exp(0.5 * (sc_x.y + sc_y.y));
    return vec2<f32>(cone * p.x + wave * sc_x.x, cone * p.y + wave * sc_y.x);
}

fn rosenbrock_value(p: vec2<f32>) -> f32 {
    let a = 1.0 - p.x;
    let b = p.y - p.x * p.x;
    return a * a + 100.0 * b * b;
}

fn rosenbrock_gradient(p: vec2<f32>) -> vec2<f32> {
    let b = p.y - p.x * p.x;
    return vec2<f32>(-2.0 * (1.0 - p.x) - 400.0 * p.x * b, 200.0 * b);
}

fn rastrigin_value(p: vec2<f32>) -> f32 {
    return 20.0 + p.x * p.x - 10.0 * fm_sin_cos_turns(p.x).y + p.y * p.y - 10.0 * fm_sin_cos_turns(p.y).y;
}

fn rastrigin_gradient(p: vec2<f32>) -> vec2<f32> {
    return vec2<f32>(
        2.0 * p.x + 20.0 * PI * fm_sin_cos_turns(p.x).x,
        2.0 * p.y + 20.0 * PI * fm_sin_cos_turns(p.y).x,
    );
}

fn himmelblau_value(p: vec2<f32>) -> f32 {
    let a = p.x * p.x + p.y - 11.0;
    let b = p.x + p.y * p.y - 7.0;
    return a * a + b * b;
}

fn himmelblau_gradient(p: vec2<f32>) -> vec2<f32> {
    let a = p.x * p.x + p.y - 11.0;
    let b = p.x + p.y * p.y - 7.0;
    return vec2<f32>(4.0 * p.x * a + 2.0 * b, 2.0 * a + 4.0 * p.y * b);
}

fn beale_terms(p: vec2<f32>) -> vec3<f32> {
    let y2 = p.y * p.y;
    return vec3<f32>(1.5 - p.x + p.x * p.y, 2.25 - p.x + p.x * y2, 2.625 - p.x + p.x * y2 * p.y);
}

fn beale_value(p: vec2<f32>) -> f32 {
    let t = beale_terms(p);
    return t.x * t.x + t.y * t.y + t.z * t.z;
}

fn beale_gradient(p: vec2<f32>) -> vec2<f32> {
    let t = beale_terms(p);
    let y2 = p.y * p.y;
    let y3 = y2 * p.y;
    return vec2<f32>(
        2.0 * (t.x * (p.y - 1.0) + t.y * (y2 - 1.0) + t.z * (y3 - 1.0)),
        2.0 * p.x * (t.x + 2.0 * t.y * p.y + 3.0 * t.z * y2),
    );
}

fn booth_value(p: vec2<f32>) -> f32 {
    let a = p.x + 2.0 * p.y - 7.0;
    let b = 2.0 * p.x + p.y - 5.0;
    return a * a + b * b;
}

fn booth_gradient(p: vec2<f32>) -> vec2<f32> {
    let a = p.x + 2.0 * p.y - 7.0;
    let b = 2.0 * p.x + p.y - 5.0;
    return vec2<f32>(2.0 * a + 4.0 * b, 4.0 * a + 2.0 * b);
}

// Goldstein–Price as f = A·C. Rust twin: `GoldsteinPrice` / `goldstein_price_parts`.
struct GoldsteinPrice {
    a: f32,
    c: f32,
    da_dx: f32, // equals ∂A/∂y
    dc_dx: f32,
    dc_dy: f32,
}

fn goldstein_price_parts(p: vec2<f32>) -> GoldsteinPrice {
    let x = p.x;
    let y = p.y;
    let s = x + y + 1.0;
    let b = 19.0 - 14.0 * x + 3.0 * x * x - 14.0 * y + 6.0 * x * y + 3.0 * y * y;
    let db = -14.0 + 6.0 * x + 6.0 * y;
    let d = 2.0 * x - 3.0 * y;
    let dd = 18.0 - 32.0 * x + 12.0 * x * x + 48.0 * y - 36.0 * x * y + 27.0 * y * y;
    let ddx = -32.0 + 24.0 * x - 36.0 * y;
    let ddy = 48.0 - 36.0 * x + 54.0 * y;
    return GoldsteinPrice(
        1.0 + s * s * b,
        30.0 + d * d * dd,
        2.0 * s * b + s * s * db,
        4.0 * d * dd + d * d * ddx,
        -6.0 * d * dd + d * d * ddy,
    );
}

fn goldstein_price_value(p: vec2<f32>) -> f32 {
    let g = goldstein_price_parts(p);
    return g.a * g.c;
}

fn goldstein_price_gradient(p: vec2<f32>) -> vec2<f32> {
    let g = goldstein_price_parts(p);
    return vec2<f32>(g.da_dx * g.c + g.a * g.dc_dx, g.da_dx * g.c + g.a * g.dc_dy);
}

fn styblinski_tang_h(u: f32) -> f32 {
    return u * u * u * u - 16.0 * u * u + 5.0 * u;
}

fn styblinski_tang_value(p: vec2<f32>) -> f32 {
    return 0.5 * (styblinski_tang_h(p.x) + styblinski_tang_h(p.y));
}

fn styblinski_tang_dh(u: f32) -> f32 {
    return 2.0 * u * u * u - 16.0 * u + 2.5;
}

fn styblinski_tang_gradient(p: vec2<f32>) -> vec2<f32> {
    return vec2<f32>(styblinski_tang_dh(p.x), styblinski_tang_dh(p.y));
}

fn six_hump_camel_value(p: vec2<f32>) -> f32 {
    let x2 = p.x * p.x;
    let y2 = p.y * p.y;
    return (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + p.x * p.y + (-4.0 + 4.0 * y2) * y2;
}

fn six_hump_camel_gradient(p: vec2<f32>) -> vec2<f32> {
    let x2 = p.x * p.x;
    let y2 = p.y * p.y;
    return vec2<f32>(
        8.0 * p.x - 8.4 * x2 * p.x + 2.0 * x2 * x2 * p.x + p.y,
        p.x - 8.0 * p.y + 16.0 * y2 * p.y,
    );
}

fn matyas_value(p: vec2<f32>) -> f32 {
    return 0.26 * (p.x * p.x + p.y * p.y) - 0.48 * p.x * p.y;
}

fn matyas_gradient(p: vec2<f32>) -> vec2<f32> {
    return vec2<f32>(0.52 * p.x - 0.48 * p.y, 0.52 * p.y - 0.48 * p.x);
}

fn levi13_value(p: vec2<f32>) -> f32 {
    // sin 3πu = sin 2π(1.5u).
    let sx = fm_sin_cos_turns(1.5 * p.x).x;
    let sy = fm_sin_cos_turns(1.5 * p.y).x;
    let s2y = fm_sin_cos_turns(p.y).x;
    let xm = p.x - 1.0;
    let ym = p.y - 1.0;
    return sx * sx + xm * xm * (1.0 + sy * sy) + ym * ym * (1.0 + s2y * s2y);
}

fn levi13_gradient(p: vec2<f32>) -> vec2<f32> {
    let three_pi = 3.0 * PI;
    let two_pi = 2.0 * PI;
    // sin 3πu = sin 2π(1.5u), and sin 2a = 2 sin a cos a.
    let sc3x = fm_sin_cos_turns(1.5 * p.x);
    let sc3y = fm_sin_cos_turns(1.5 * p.y);
    let sc2y = fm_sin_cos_turns(p.y);
    let sy = sc3y.x;
    let s2y = sc2y.x;
    let xm = p.x - 1.0;
    let ym = p.y - 1.0;
    return vec2<f32>(
        three_pi * (2.0 * sc3x.x * sc3x.y) + 2.0 * xm * (1.0 + sy * sy),
        three_pi * xm * xm * (2.0 * sy * sc3y.y)
            + 2.0 * ym * (1.0 + s2y * s2y)
            + two_pi * ym * ym * (2.0 * s2y * sc2y.y),
    );
}

fn quadratic_value(p: vec2<f32>) -> f32 {
    return 0.5 * (QUAD_A * p.x * p.x + QUAD_B * p.y * p.y);
}

fn quadratic_gradient(p: vec2<f32>) -> vec2<f32> {
    return vec2<f32>(QUAD_A * p.x, QUAD_B * p.y);
}
