// sin/cos of 2πx, exp and ln for f32 as the CPU reference computes them: Cephes' polynomials,
// exact reduction in turns for sin/cos, Cody–Waite for exp, the exponent split off for
// ln; branch-free.
//
// Rust twin: src/model/fastmath.rs — the same operations in the same order, so the shader and the f32
// reference agree to the bit wherever the driver does not fuse a multiply and an add. Using
// these rather than the WGSL builtins also pins the accuracy: Vulkan lets a driver's sin/cos be
// as coarse as 2^-11 absolute.

const TAU: f32 = 6.2831855;

fn fm_sin_poly(z: f32, zz: f32) -> f32 {
    return ((-1.9515296e-4 * zz + 8.332161e-3) * zz - 1.6666655e-1) * zz * z + z;
}

fn fm_cos_poly(zz: f32) -> f32 {
    return ((2.4433157e-5 * zz - 1.3887316e-3) * zz + 4.1666646e-2) * zz * zz - 0.5 * zz + 1.0;
}

// (sin 2πx, cos 2πx), reduced exactly in turns: k = nearest quarter turn, x − k/4 is exact and
// only 2π·(x − k/4) rounds. The quadrant k mod 4 is taken in floating point (no overflow).
fn fm_sin_cos_turns(x: f32) -> vec2<f32> {
    let k = round(4.0 * x);
    let q = k - 4.0 * floor(0.25 * k);
    let z = (x - 0.25 * k) * TAU;
    let zz = z * z;
    let s0 = fm_sin_poly(z, zz);
    let c0 = fm_cos_poly(zz);
    // sin(z + qπ/2), cos(z + qπ/2) for q = 0, 1, 2, 3: (s, c), (c, −s), (−s, −c), (−c, s).
    let swap = q == 1.0 || q == 3.0;
    let s = select(s0, c0, swap);
    let c = select(c0, s0, swap);
    return vec2<f32>(select(s, -s, q >= 2.0), select(c, -c, q == 1.0 || q == 2.0));
}

const LOG2E: f32 = 1.4426950408889634;
const LN2_HI: f32 = 0.6933594;
const LN2_LO: f32 = -2.1219444e-4;

// +inf's bits as a runtime value. Written as the constant expression bitcast<f32>(0x7f800000u),
// +inf is a shader-creation error under the WGSL spec (Chrome's Tint rejects it, naga lets it
// pass); a private variable is not a constant expression, so every compiler accepts it.
var<private> FM_INF_BITS: u32 = 0x7f800000u;

fn fm_exp2i(k: i32) -> f32 {
    return bitcast<f32>(u32(k + 127) << 23u);
}

fn fm_exp(x: f32) -> f32 {
    let xc = clamp(x, -87.0, 88.0);
    // round() is ties-to-even, as Rust's add-and-subtract of 1.5·2²³ (which a shader compiler
    // could fold away).
    let n = round(xc * LOG2E);
    let r = (xc - n * LN2_HI) - n * LN2_LO;
    let rr = r * r;
    let p = ((((1.9875691e-4 * r + 1.3982e-3) * r + 8.333452e-3) * r + 4.1665796e-2) * r
        + 1.6666665e-1) * r + 0.5;
    let y = p * rr + r + 1.0;
    let ni = i32(n);
    let half = ni >> 1u;
    let v = y * fm_exp2i(half) * fm_exp2i(ni - half);
    let is_nan = (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u;
    return select(select(select(v, 0.0, x < -103.0), bitcast<f32>(FM_INF_BITS), x > 88.72), x, is_nan);
}

const SQRT_HALF: f32 = 0.70710677;

// ln x for positive, normal, finite x (uniform draws in (0, 1], schedule factors): Cephes' logf.
fn fm_ln(x: f32) -> f32 {
    let bits = bitcast<u32>(x);
    // x = m · 2^e with m in [0.5, 1).
    let m = bitcast<f32>((bits & 0x007fffffu) | 0x3f000000u);
    let small = m < SQRT_HALF;
    let e = i32((bits >> 23u) & 0xffu) - 126 - select(0, 1, small);
    let r = select(m - 1.0, m + m - 1.0, small);
    let ef = f32(e);
    let rr = r * r;
    let p = (((((((7.0376836e-2 * r - 1.151461e-1) * r + 1.16769984e-1) * r
        - 1.2420141e-1) * r + 1.4249323e-1) * r - 1.6668057e-1) * r + 2.0000714e-1) * r
        - 2.4999994e-1) * r + 3.333333e-1;
    let y = p * r * rr + ef * LN2_LO - 0.5 * rr;
    return r + y + ef * LN2_HI;
}

// tanh z = 1 − 2/(e^{2z} + 1).
fn fm_tanh(z: f32) -> f32 {
    return 1.0 - 2.0 / (fm_exp(2.0 * z) + 1.0);
}

// A quiet NaN's bits as a runtime value (see FM_INF_BITS).
var<private> FM_NAN_BITS: u32 = 0x7fc00000u;

// Twin of fastmath::atan (Cephes' atanf): reduced to |z| ≤ tan(π/8), then an odd polynomial.
fn fm_atan(x: f32) -> f32 {
    let a = abs(x);
    let big = a > 2.4142137;
    let mid = a > 0.41421357;
    let z = select(select(a, (a - 1.0) / (a + 1.0), mid), -1.0 / a, big);
    let base = select(select(0.0, 0.7853982, mid), 1.5707964, big);
    let zz = z * z;
    let p = (((0.080537446 * zz - 0.13877685) * zz + 0.19977711) * zz - 0.3333295) * zz * z + z;
    let r = base + p;
    return select(r, -r, x < 0.0);
}

// ln x over the whole line, as formula objectives' log: NaN below zero, −∞ at zero.
fn fm_log(x: f32) -> f32 {
    let outside = select(-bitcast<f32>(FM_INF_BITS), bitcast<f32>(FM_NAN_BITS), x < 0.0);
    return select(outside, fm_ln(x), x > 0.0);
}

// tan 2πt.
fn fm_tan_turns(t: f32) -> f32 {
    let sc = fm_sin_cos_turns(t);
    return sc.x / sc.y;
}

// Finite: not ±∞ nor NaN, from the exponent bits (WGSL has no isnan/isinf that survives
// fast-math).
fn fm_is_finite(v: f32) -> bool {
    return (bitcast<u32>(v) & 0x7f800000u) != 0x7f800000u;
}

// xʸ as accurately as the CPU's powf, for values computed once per instance (a derived
// hyperparameter): the driver's pow. (fastmath64.wgsl: exp(y ln x) in f64.)
fn fm_pow_accurate(x: f32, y: f32) -> f32 {
    return pow(x, y);
}

// x rounded to bfloat16 (kept in an f32), to nearest, ties to even, as torch rounds; NaN stays
// NaN. Muon's Newton–Schulz iterations run in bfloat16. Rust twin: fastmath::round_bf16.
fn fm_round_bf16(x: f32) -> f32 {
    let u = bitcast<u32>(x);
    let rounded = bitcast<f32>((u + 0x7fffu + ((u >> 16u) & 1u)) & 0xffff0000u);
    return select(rounded, x, fm_is_nan(x));
}

// NaN, from the bits (WGSL has no isnan that survives fast-math).
fn fm_is_nan(v: f32) -> bool {
    return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u;
}

// x rounded to f32: nothing to do here (fastmath64.wgsl rounds). Muon's bfloat16 arithmetic,
// which torch does in f32, is written with it, so the f64 kernel does it in f32 too.
fn fm_round_f32(x: f32) -> f32 {
    return x;
}
