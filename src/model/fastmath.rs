//! f32 sin/cos of 2πx, `exp` and `ln` without branches or library calls (Cephes' polynomials;
//! exact reduction in turns for sin/cos, Cody–Waite for exp, the exponent split off for ln), so
//! the CPU engine's lane loops vectorize. Accurate to a few ulp; the GPU drivers' own versions differ from these by about as
//! much as they differ from libm.

/// Operations by class, summed over lanes: what a call costs, and what
/// [`crate::model::num::counted`] tallies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ops {
    pub flops: u64,
    pub divides: u64,
    pub other: u64,
}

impl Ops {
    /// What one call costs in one lane.
    pub const fn of(flops: u64, divides: u64, other: u64) -> Ops {
        Ops {
            flops,
            divides,
            other,
        }
    }

    /// The sum of two counts.
    pub const fn plus(self, o: Ops) -> Ops {
        Ops::of(
            self.flops + o.flops,
            self.divides + o.divides,
            self.other + o.other,
        )
    }
}

/// 2π as f32: the reduced argument's one rounding.
const TAU: f32 = std::f32::consts::TAU;

#[inline(always)]
fn sin_poly(z: f32, zz: f32) -> f32 {
    ((-1.951_529_6e-4 * zz + 8.332_161e-3) * zz - 1.666_665_5e-1) * zz * z + z
}

#[inline(always)]
fn cos_poly(zz: f32) -> f32 {
    ((2.443_315_7e-5 * zz - 1.388_731_6e-3) * zz + 4.166_664_6e-2) * zz * zz - 0.5 * zz + 1.0
}

/// (sin 2πx, cos 2πx): every periodic objective's argument is a multiple of 2π, so the
/// reduction works in turns, where it is exact: k = the nearest quarter turn, d = x − k/4
/// (exact, |d| ≤ 1/8), and only 2π·d rounds once. Both polynomials share the reduction, and
/// the quadrant k mod 4 is taken in floating point, so nothing can overflow.
/// [`sin_cos_turns`]' operations per lane, counted from the code below (0.25·k once, as the
/// compiler computes it): 23 flops (k 1, q 3, z 2, z² 1, sin 7, cos 9); 14 others (round,
/// floor, 4 compares, 2 ors, 4 selects, 2 negations). For `optgrid bench --roofline`
/// ([`crate::model::num::counted`]).
pub const SIN_COS_TURNS_COST: Ops = Ops::of(23, 0, 14);

#[inline(always)]
pub fn sin_cos_turns(x: f32) -> (f32, f32) {
    let k = (4.0 * x).round_ties_even();
    // k mod 4, exactly, as a float: comparisons vectorize where an int conversion would not.
    let q = k - 4.0 * (0.25 * k).floor();
    let z = (x - 0.25 * k) * TAU;
    let zz = z * z;
    let (s, c) = (sin_poly(z, zz), cos_poly(zz));
    // sin(z + qπ/2), cos(z + qπ/2) for q = 0, 1, 2, 3: (s, c), (c, −s), (−s, −c), (−c, s).
    let (s, c) = if q == 1.0 || q == 3.0 { (c, s) } else { (s, c) };
    let sin = if q >= 2.0 { -s } else { s };
    let cos = if q == 1.0 || q == 2.0 { -c } else { c };
    (sin, cos)
}

const LOG2E: f32 = std::f32::consts::LOG2_E;
const LN2_HI: f32 = 0.693_359_4;
const LN2_LO: f32 = -2.121_944_4e-4;
/// Adding and subtracting 1.5·2²³ rounds an f32 below 2²² to the nearest integer.
const ROUND: f32 = 12_582_912.0;

/// [`exp`]'s operations per lane: 23 flops (shift 2, n 1, r 4, r² 1, polynomial 10, y 3,
/// scaling 2); 15 others (clamp 2, integer exponent work 7, 3 compares — one a NaN test —
/// and 3 selects).
pub const EXP_COST: Ops = Ops::of(23, 0, 15);

#[inline(always)]
pub fn exp(x: f32) -> f32 {
    let xc = x.clamp(-87.0, 88.0);
    let shifted = xc * LOG2E + ROUND;
    let n = shifted - ROUND;
    let r = (xc - n * LN2_HI) - n * LN2_LO;
    let rr = r * r;
    let p = ((((1.987_569_1e-4 * r + 1.398_2e-3) * r + 8.333_452e-3) * r + 4.166_579_6e-2) * r
        + 1.666_666_5e-1)
        * r
        + 0.5; // Cephes' 5.0000001201e-1, as f32
    let y = p * rr + r + 1.0;
    // 2^n in two halves, so n = 127 does not overflow the exponent field.
    // n as an integer, read from the mantissa of `shifted` (a float-to-int cast would not
    // vectorize: Rust's `as` saturates lane by lane).
    let ni = shifted.to_bits() as i32 - ROUND.to_bits() as i32;
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

/// tanh z = 1 − 2/(e^{2z} + 1): exact limits ±1 where e^{2z} overflows or vanishes; near 0 its
/// absolute error is an ulp of 1 (the data objectives use it, where that is far below the noise).
/// [`tanh`]'s operations per lane: [`exp`]'s, 3 flops and a division.
pub const TANH_COST: Ops = Ops::of(EXP_COST.flops + 3, 1, EXP_COST.other);

#[inline(always)]
pub fn tanh(z: f32) -> f32 {
    1.0 - 2.0 / (exp(2.0 * z) + 1.0)
}

/// √½ as f32: mantissas below it are doubled so the polynomial's argument stays in [√½−1, √2−1).
const SQRT_HALF: f32 = std::f32::consts::FRAC_1_SQRT_2;

/// ln x for positive, normal, finite x (the only arguments optgrid gives it: uniform draws in
/// (0, 1] and schedule factors); Cephes' `logf`. Others yield a finite garbage value, not NaN.
/// [`ln`]'s operations per lane: 29 flops (r 3, r² 1, polynomial 16, y 6, sum 3); 10 others
/// (exponent and mantissa bit work 5, a compare, the exponent's adjustment and conversion 3, a
/// select).
pub const LN_COST: Ops = Ops::of(29, 0, 10);

#[inline(always)]
pub fn ln(x: f32) -> f32 {
    let bits = x.to_bits();
    // x = m · 2^e with m in [0.5, 1).
    let mut e = ((bits >> 23) & 0xff) as i32 - 126;
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f00_0000);
    let small = m < SQRT_HALF;
    e -= i32::from(small);
    let r = if small { m + m - 1.0 } else { m - 1.0 };
    let ef = e as f32;
    let rr = r * r;
    let p = (((((((7.037_683_6e-2 * r - 1.151_461e-1) * r + 1.167_699_84e-1) * r
        - 1.242_014_1e-1)
        * r
        + 1.424_932_3e-1)
        * r
        - 1.666_805_7e-1)
        * r
        + 2.000_071_4e-1)
        * r
        - 2.499_999_4e-1)
        * r
        + 3.333_333e-1;
    let y = p * r * rr + ef * LN2_LO - 0.5 * rr;
    r + y + ef * LN2_HI
}

/// atan x, Cephes' `atanf`: reduced to |z| ≤ tan(π/8) by atan x = π/4 + atan((x−1)/(x+1)) or
/// π/2 − atan(1/x), then an odd polynomial. For formula objectives (`atan(...)`).
/// [`atan`]'s operations per lane: 13 flops (a ± 1 2, z² 1, polynomial 9, base 1), 2 divisions;
/// 10 others (abs, 2 compares, 4 selects, the sign's compare, negation and select).
pub const ATAN_COST: Ops = Ops::of(13, 2, 10);

#[inline(always)]
pub fn atan(x: f32) -> f32 {
    let a = x.abs();
    let (base, z) = if a > 2.414_213_6 {
        (std::f32::consts::FRAC_PI_2, -1.0 / a)
    } else if a > 0.414_213_57 {
        (std::f32::consts::FRAC_PI_4, (a - 1.0) / (a + 1.0))
    } else {
        (0.0, a)
    };
    let zz = z * z;
    let p = (((8.053_744_5e-2 * zz - 1.387_768_6e-1) * zz + 1.997_771_1e-1) * zz - 3.333_295e-1)
        * zz
        * z
        + z;
    let r = base + p;
    if x < 0.0 {
        -r
    } else {
        r
    }
}

/// `x` rounded to bfloat16 (kept in an f32), as torch's `c10::BFloat16` rounds: to nearest,
/// ties to even, in the top 16 bits; NaN stays NaN. For Muon's Newton–Schulz iterations, which
/// torch runs in bfloat16. WGSL twin: `fm_round_bf16`.
#[inline(always)]
pub fn round_bf16(x: f32) -> f32 {
    if x.is_nan() {
        return x;
    }
    let u = x.to_bits();
    f32::from_bits(u.wrapping_add(0x7fff + ((u >> 16) & 1)) & 0xffff_0000)
}

#[cfg(feature = "unit-tests")]
pub mod tests {
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

    fn sin_turns(x: f32) -> f32 {
        super::sin_cos_turns(x).0
    }
    fn cos_turns(x: f32) -> f32 {
        super::sin_cos_turns(x).1
    }
    // Whole turns dropped exactly first, so the reference itself stays accurate near zeros.
    fn sin_2pi(x: f64) -> f64 {
        (std::f64::consts::TAU * (x - x.round())).sin()
    }
    fn cos_2pi(x: f64) -> f64 {
        (std::f64::consts::TAU * (x - x.round())).cos()
    }

    pub fn sin_cos_exp_are_accurate_to_a_few_ulp() {
        // sin/cos: measured against an absolute floor near their zeros (ulp of 1e-7).
        // Exact reduction in turns: about 0.9 ulp at worst.
        assert!(worst_ulps(sin_turns, sin_2pi, -400.0, 400.0) < 1.5);
        assert!(worst_ulps(cos_turns, cos_2pi, -400.0, 400.0) < 1.5);
        assert!(worst_ulps(super::exp, f64::exp, -80.0, 80.0) < 3.0);
        assert!(worst_ulps(super::ln, f64::ln, 1e-7, 1.0) < 3.0);
        assert!(worst_ulps(super::ln, f64::ln, 1.0, 1e6) < 3.0);
    }

    pub fn ln_edge_cases() {
        assert_eq!(super::ln(1.0), 0.0);
        // The smallest uniform draw, 2^-24.
        assert!((f64::from(super::ln(5.960_464_5e-8)) - (2f64.powi(-24)).ln()).abs() < 1e-5);
    }

    pub fn sin_cos_turns_lands_on_every_quadrant_exactly() {
        // Quarter turns give exact values whatever their size (no overflowing conversion).
        for (x, s, c) in [
            (0.0, 0.0, 1.0),
            (0.25, 1.0, 0.0),
            (0.5, 0.0, -1.0),
            (0.75, -1.0, 0.0),
            (-0.25, -1.0, 0.0),
            (-0.75, 1.0, 0.0),
            (4.0e6 + 0.5, 0.0, -1.0),
            (3.0e9, 0.0, 1.0),
            (-3.0e9, 0.0, 1.0),
            (-2.0e12, 0.0, 1.0),
        ] {
            let (x, s, c): (f32, f32, f32) = (x, s, c);
            let (gs, gc) = super::sin_cos_turns(x);
            assert_eq!((gs.abs(), gc), (s.abs(), c), "x = {x}");
            assert_eq!(gs.is_sign_negative() && gs != 0.0, s < 0.0, "x = {x}");
        }
        let (s, c) = super::sin_cos_turns(f32::NAN);
        assert!(s.is_nan() && c.is_nan());
    }

    pub fn exp_edge_cases() {
        assert_eq!(super::exp(0.0), 1.0);
        assert_eq!(super::exp(200.0), f32::INFINITY);
        assert_eq!(super::exp(-200.0), 0.0);
        assert!(super::exp(f32::NAN).is_nan());
    }

    /// The tests above, for `crate::unit_tests`.
    pub const ALL: crate::UnitTests = &[
        (
            "sin_cos_exp_are_accurate_to_a_few_ulp",
            sin_cos_exp_are_accurate_to_a_few_ulp,
        ),
        ("ln_edge_cases", ln_edge_cases),
        (
            "sin_cos_turns_lands_on_every_quadrant_exactly",
            sin_cos_turns_lands_on_every_quadrant_exactly,
        ),
        ("exp_edge_cases", exp_edge_cases),
    ];
}
