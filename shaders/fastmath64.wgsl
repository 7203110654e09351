// The f64 twins of fastmath.wgsl, for kernels composed in f64 (adapters with SHADER_F64):
// sin/cos of 2πx, exp, ln, tanh and atan to within a few units in the last place of f64, so the
// GPU's f64 runs follow the CPU's f64 runs (which call the C library). Vulkan's GLSL.std.450
// offers these functions in 16 and 32 bits only; sqrt, abs, floor, round and ldexp it has in
// 64. Each is a range reduction then a Taylor series long enough that the truncation is below
// an ulp; branch-free where the f32 versions are.
//
// Rust twins: the C library's (f64 in src/model/num/real.rs); tests/suite/gpu.rs holds GPU f64
// to CPU f64 on every objective × optimizer pair.

const TAU: f64 = 6.283185307179586;
const LN2_HI: f64 = 0.6931471803691238;
const LN2_LO: f64 = 1.9082149292705877e-10;
const LOG2E: f64 = 1.4426950408889634;
const SQRT_HALF: f64 = 0.7071067811865476;
const HALF_PI: f64 = 1.5707963267948966;
const QUARTER_PI: f64 = 0.7853981633974483;
const F64_MAX: f64 = 1.7976931348623157e308;

// ±∞ and NaN made at run time: a constant expression that overflows is a shader-creation
// error, and a private variable is not a constant expression.
var<private> FM_HUGE: f64 = 1e300;
var<private> FM_ZERO: f64 = 0.0;

fn fm_inf() -> f64 {
    return FM_HUGE * FM_HUGE;
}

fn fm_nan() -> f64 {
    return FM_ZERO / FM_ZERO;
}

// Finite: neither ±∞ nor NaN (NaN fails every comparison).
fn fm_is_finite(v: f64) -> bool {
    return abs(v) <= F64_MAX;
}

// sin z and cos z for |z| ≤ π/4: Taylor to z¹⁹ and z²⁰ (truncation below 1e-21).
fn fm_sin_small(z: f64, zz: f64) -> f64 {
    var s: f64 = 1.0;
    for (var k = 9; k >= 1; k--) {
        s = 1.0 - zz * s / f64((2 * k) * (2 * k + 1));
    }
    return z * s;
}

fn fm_cos_small(zz: f64) -> f64 {
    var c: f64 = 1.0;
    for (var k = 10; k >= 1; k--) {
        c = 1.0 - zz * c / f64((2 * k - 1) * (2 * k));
    }
    return c;
}

// (sin 2πx, cos 2πx), reduced exactly in turns as the f32 version is.
fn fm_sin_cos_turns(x: f64) -> vec2<f64> {
    let k = round(4.0 * x);
    let q = k - 4.0 * floor(0.25 * k);
    let z = (x - 0.25 * k) * TAU;
    let zz = z * z;
    let s0 = fm_sin_small(z, zz);
    let c0 = fm_cos_small(zz);
    let swap = q == 1.0 || q == 3.0;
    let s = select(s0, c0, swap);
    let c = select(c0, s0, swap);
    return vec2<f64>(select(s, -s, q >= 2.0), select(c, -c, q == 1.0 || q == 2.0));
}

// e^r − 1 for |r| ≤ ln 2 / 2: Taylor to r¹⁴ (truncation below 1e-18 relative).
fn fm_expm1_small(r: f64) -> f64 {
    var p: f64 = 1.0;
    for (var k = 14; k >= 2; k--) {
        p = 1.0 + r * p / f64(k);
    }
    return r * p;
}

fn fm_exp(x: f64) -> f64 {
    let xc = clamp(x, -746.0, 710.0);
    let n = round(xc * LOG2E);
    let r = (xc - n * LN2_HI) - n * LN2_LO;
    // 2^n in two halves, so neither overflows on its own.
    let ni = i32(n);
    let half = ni / 2;
    let v = ldexp(ldexp(1.0 + fm_expm1_small(r), half), ni - half);
    let big = select(v, fm_inf(), x > 709.782712893384);
    let tiny = select(big, 0.0, x < -745.2);
    return select(tiny, x, x != x);
}

// ln x for positive, finite x within f32's normal range (uniform draws, schedule factors,
// formula values): x = m·2^e with m in [√½, √2) — e estimated from f32's log2, then corrected
// (naga has no 64-bit frexp without 64-bit integers) — and ln m = 2 atanh s with
// s = (m − 1)/(m + 1), |s| ≤ 0.172, to s²³ (truncation below 1e-19).
fn fm_ln(x: f64) -> f64 {
    var e = i32(floor(log2(f32(clamp(x, 1e-37, 1e37)))));
    var m = ldexp(x, -e);
    let high = m >= 1.4142135623730951;
    m = select(m, 0.5 * m, high);
    e = e + select(0, 1, high);
    let low = m < SQRT_HALF;
    m = select(m, 2.0 * m, low);
    e = e - select(0, 1, low);
    let ef = f64(e);
    let s = (m - 1.0) / (m + 1.0);
    let ss = s * s;
    var a: f64 = 1.0 / 23.0;
    for (var k = 10; k >= 0; k--) {
        a = 1.0 / f64(2 * k + 1) + ss * a;
    }
    return ef * LN2_HI + (2.0 * s * a + ef * LN2_LO);
}

// tanh z: e^{2z} − 1 over e^{2z} + 1, with e^{2z} − 1 from the series near 0 (no cancellation).
fn fm_tanh(z: f64) -> f64 {
    let r = 2.0 * z;
    let near = abs(r) <= 0.34657359027997264;
    let em1 = select(fm_exp(r) - 1.0, fm_expm1_small(r), near);
    let far = 1.0 - 2.0 / (fm_exp(r) + 1.0);
    return select(far, em1 / (em1 + 2.0), abs(z) < 0.5);
}

// atan: reduced to |z| ≤ tan(π/8) as Cephes does, then Taylor to z⁴⁷ (truncation below 1e-18).
fn fm_atan(x: f64) -> f64 {
    let a = abs(x);
    let big = a > 2.414213562373095;
    let mid = a > 0.41421356237309503;
    let z = select(select(a, (a - 1.0) / (a + 1.0), mid), -1.0 / a, big);
    let base = select(select(0.0, QUARTER_PI, mid), HALF_PI, big);
    let zz = z * z;
    var p: f64 = 1.0 / 47.0;
    for (var k = 22; k >= 0; k--) {
        p = 1.0 / f64(2 * k + 1) - zz * p;
    }
    let r = base + z * p;
    return select(r, -r, x < 0.0);
}

// ln x over the whole line, as formula objectives' log: NaN below zero, −∞ at zero.
fn fm_log(x: f64) -> f64 {
    let outside = select(-fm_inf(), fm_nan(), x < 0.0);
    return select(outside, fm_ln(x), x > 0.0);
}

// tan 2πt.
fn fm_tan_turns(t: f64) -> f64 {
    let sc = fm_sin_cos_turns(t);
    return sc.x / sc.y;
}

// xʸ for positive x, for values computed once per instance (fastmath.wgsl's twin uses the
// driver's pow, which Vulkan has in 32 bits only).
fn fm_pow_accurate(x: f64, y: f64) -> f64 {
    return fm_exp(y * fm_ln(x));
}

// x rounded to f32, then to bfloat16 (to nearest, ties to even), as torch converts an f64 to
// bfloat16; NaN stays NaN. fastmath.wgsl's twin explains.
fn fm_round_bf16(x: f64) -> f64 {
    let u = bitcast<u32>(f32(x));
    let rounded = f64(bitcast<f32>((u + 0x7fffu + ((u >> 16u) & 1u)) & 0xffff0000u));
    return select(rounded, x, (u & 0x7fffffffu) > 0x7f800000u);
}

// x rounded to f32 (an f32 operation is an f64 one then this: f64 holds more than twice f32's
// bits, so the double rounding is harmless for + − × ÷ and √).
fn fm_round_f32(x: f64) -> f64 {
    return f64(f32(x));
}
