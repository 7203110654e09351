//! f32 `sin`, `cos` and `exp` without branches or library calls (Cephes' polynomials with
//! Cody–Waite range reduction), so the CPU engine's lane loops vectorize. Accurate to a few ulp
//! for the arguments the objectives produce (|x| < 8192 for sin/cos); the GPU drivers' own
//! versions differ from these by about as much as they differ from libm.

const FOUR_OVER_PI: f32 = 1.273_239_5;
// π/4 split in three parts for exact range reduction.
const DP1: f32 = 0.785_156_25;
const DP2: f32 = 2.418_756_5e-4;
const DP3: f32 = 3.774_895e-8;

/// Reduces |x| to z ∈ [−π/4, π/4] and the even octant j (|x| = z + j·π/4).
#[inline(always)]
fn reduce(ax: f32) -> (f32, i32) {
    let j = (FOUR_OVER_PI * ax) as i32;
    let j = (j + 1) & !1;
    let y = j as f32;
    (((ax - y * DP1) - y * DP2) - y * DP3, j)
}

#[inline(always)]
fn sin_poly(z: f32, zz: f32) -> f32 {
    ((-1.951_529_6e-4 * zz + 8.332_161e-3) * zz - 1.666_665_5e-1) * zz * z + z
}

#[inline(always)]
fn cos_poly(zz: f32) -> f32 {
    ((2.443_315_7e-5 * zz - 1.388_731_6e-3) * zz + 4.166_664_6e-2) * zz * zz - 0.5 * zz + 1.0
}

#[inline(always)]
pub fn sin(x: f32) -> f32 {
    let (z, j) = reduce(x.abs());
    let zz = z * z;
    let (s, c) = (sin_poly(z, zz), cos_poly(zz));
    let v = if j & 2 != 0 { c } else { s };
    let negate = ((j & 4) != 0) != (x < 0.0);
    if negate {
        -v
    } else {
        v
    }
}

#[inline(always)]
pub fn cos(x: f32) -> f32 {
    let (z, j) = reduce(x.abs());
    let zz = z * z;
    let (s, c) = (sin_poly(z, zz), cos_poly(zz));
    let v = if j & 2 != 0 { s } else { c };
    if (j + 2) & 4 != 0 {
        -v
    } else {
        v
    }
}

const LOG2E: f32 = std::f32::consts::LOG2_E;
const LN2_HI: f32 = 0.693_359_4;
const LN2_LO: f32 = -2.121_944_4e-4;
/// Adding and subtracting 1.5·2²³ rounds an f32 below 2²² to the nearest integer.
const ROUND: f32 = 12_582_912.0;

#[inline(always)]
pub fn exp(x: f32) -> f32 {
    let xc = x.clamp(-87.0, 88.0);
    let n = (xc * LOG2E + ROUND) - ROUND;
    let r = (xc - n * LN2_HI) - n * LN2_LO;
    let rr = r * r;
    let p = ((((1.987_569_1e-4 * r + 1.398_2e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r
        + 1.666_666_5e-1)
        * r
        + 0.5; // Cephes' 5.0000001201e-1, as f32
    let y = p * rr + r + 1.0;
    // 2^n in two halves, so n = 127 does not overflow the exponent field.
    let ni = n as i32;
    let half = ni >> 1;
    let scale = |k: i32| f32::from_bits(((k + 127) as u32) << 23);
    let v = y * scale(half) * scale(ni - half);
    if x > 88.72 {
        f32::INFINITY
    } else if x < -103.0 {
        0.0
    } else if x.is_nan() {
        x
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    /// Largest error in ulps of the f32 result, against f64's correctly rounded value.
    fn worst_ulps(f: fn(f32) -> f32, g: fn(f64) -> f64, lo: f32, hi: f32) -> f64 {
        let n = 200_000;
        let mut worst: f64 = 0.0;
        for k in 0..=n {
            let x = lo + (hi - lo) * (k as f32 / n as f32);
            let want = g(f64::from(x));
            let got = f64::from(f(x));
            let ulp =
                f64::from(f32::EPSILON) * want.abs().max(f64::from(f32::MIN_POSITIVE)).max(1e-7);
            worst = worst.max((got - want).abs() / ulp);
        }
        worst
    }

    #[test]
    fn sin_cos_exp_are_accurate_to_a_few_ulp() {
        // sin/cos: measured against an absolute floor near their zeros (ulp of 1e-7).
        assert!(worst_ulps(super::sin, f64::sin, -400.0, 400.0) < 4.0);
        assert!(worst_ulps(super::cos, f64::cos, -400.0, 400.0) < 4.0);
        assert!(worst_ulps(super::exp, f64::exp, -80.0, 80.0) < 3.0);
    }

    #[test]
    fn exp_and_sin_edge_cases() {
        assert_eq!(super::exp(0.0), 1.0);
        assert_eq!(super::exp(200.0), f32::INFINITY);
        assert_eq!(super::exp(-200.0), 0.0);
        assert!(super::exp(f32::NAN).is_nan());
        assert!(super::sin(f32::NAN).is_nan());
        assert_eq!(super::sin(0.0), 0.0);
        assert_eq!(super::cos(0.0), 1.0);
    }
}
