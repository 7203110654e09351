// sin, cos and exp for f32 as the CPU reference computes them: Cephes' polynomials with
// Cody–Waite range reduction, branch-free.
//
// Rust twin: src/fastmath.rs — the same operations in the same order, so the shader and the f32
// reference agree to the bit wherever the driver does not fuse a multiply and an add. Using
// these rather than the WGSL builtins also pins the accuracy: Vulkan lets a driver's sin/cos be
// as coarse as 2^-11 absolute.

const FOUR_OVER_PI: f32 = 1.2732395;
const DP1: f32 = 0.78515625;
const DP2: f32 = 2.4187565e-4;
const DP3: f32 = 3.774895e-8;

struct Reduced {
    z: f32,
    j: i32,
}

fn fm_reduce(ax: f32) -> Reduced {
    var j = i32(FOUR_OVER_PI * ax);
    j = (j + 1) & ~1;
    let y = f32(j);
    return Reduced(((ax - y * DP1) - y * DP2) - y * DP3, j);
}

fn fm_sin_poly(z: f32, zz: f32) -> f32 {
    return ((-1.9515296e-4 * zz + 8.332161e-3) * zz - 1.6666655e-1) * zz * z + z;
}

fn fm_cos_poly(zz: f32) -> f32 {
    return ((2.4433157e-5 * zz - 1.3887316e-3) * zz + 4.1666646e-2) * zz * zz - 0.5 * zz + 1.0;
}

fn fm_sin(x: f32) -> f32 {
    let r = fm_reduce(abs(x));
    let zz = r.z * r.z;
    let v = select(fm_sin_poly(r.z, zz), fm_cos_poly(zz), (r.j & 2) != 0);
    let negate = ((r.j & 4) != 0) != (x < 0.0);
    return select(v, -v, negate);
}

fn fm_cos(x: f32) -> f32 {
    let r = fm_reduce(abs(x));
    let zz = r.z * r.z;
    let v = select(fm_cos_poly(zz), fm_sin_poly(r.z, zz), (r.j & 2) != 0);
    return select(v, -v, ((r.j + 2) & 4) != 0);
}

const LOG2E: f32 = 1.4426950408889634;
const LN2_HI: f32 = 0.6933594;
const LN2_LO: f32 = -2.1219444e-4;

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
    return select(select(select(v, 0.0, x < -103.0), bitcast<f32>(0x7f800000u), x > 88.72), x, is_nan);
}
