//! The objectives' maths: f and its analytic gradient, generic over [`Num`] (a scalar or SIMD
//! lanes), so one text serves the f32 engine, the f64 truth and every lane width.
//!
//! WGSL twin: `shaders/objectives.wgsl` — each arm here has a function there written with the
//! same operations in the same order, so the f32 reference matches the shader.

use super::{Objective, ObjectiveKind};
use crate::model::num::Num;

impl Objective {
    #[inline(always)]
    pub fn value<T: Num>(&self, x: T, y: T) -> T {
        let c = T::c;
        match self.kind {
            ObjectiveKind::Formula(f) => f.formula.value(x, y),
            ObjectiveKind::Ackley => {
                let r = (c(0.5) * (x * x + y * y)).sqrt();
                let e = c(0.5) * (x.sin_cos_turns().1 + y.sin_cos_turns().1);
                c(-20.0) * (c(-0.2) * r).exp() - e.exp() + c(std::f64::consts::E) + c(20.0)
            }
            ObjectiveKind::Rosenbrock => {
                let a = c(1.0) - x;
                let b = y - x * x;
                a * a + c(100.0) * b * b
            }
            ObjectiveKind::Rastrigin => {
                c(20.0) + x * x - c(10.0) * x.sin_cos_turns().1 + y * y
                    - c(10.0) * y.sin_cos_turns().1
            }
            ObjectiveKind::Himmelblau => {
                let a = x * x + y - c(11.0);
                let b = x + y * y - c(7.0);
                a * a + b * b
            }
            ObjectiveKind::Beale => {
                let (t1, t2, t3) = beale_terms(x, y);
                t1 * t1 + t2 * t2 + t3 * t3
            }
            ObjectiveKind::Booth => {
                let a = x + c(2.0) * y - c(7.0);
                let b = c(2.0) * x + y - c(5.0);
                a * a + b * b
            }
            ObjectiveKind::GoldsteinPrice => {
                let g = goldstein_price_parts(x, y);
                g.a * g.c
            }
            ObjectiveKind::StyblinskiTang => {
                let h = |u: T| u * u * u * u - c(16.0) * u * u + c(5.0) * u;
                c(0.5) * (h(x) + h(y))
            }
            ObjectiveKind::SixHumpCamel => {
                let x2 = x * x;
                let y2 = y * y;
                (c(4.0) - c(2.1) * x2 + x2 * x2 / c(3.0)) * x2
                    + x * y
                    + (c(-4.0) + c(4.0) * y2) * y2
            }
            ObjectiveKind::Matyas => c(0.26) * (x * x + y * y) - c(0.48) * x * y,
            ObjectiveKind::Levi13 => {
                // sin 3πu = sin 2π(1.5u).
                let sx = (c(1.5) * x).sin_cos_turns().0;
                let sy = (c(1.5) * y).sin_cos_turns().0;
                let s2y = y.sin_cos_turns().0;
                let xm = x - c(1.0);
                let ym = y - c(1.0);
                sx * sx + xm * xm * (c(1.0) + sy * sy) + ym * ym * (c(1.0) + s2y * s2y)
            }
            ObjectiveKind::Quadratic => {
                c(0.5) * (c(self.coeffs[0]) * x * x + c(self.coeffs[1]) * y * y)
            }
            ObjectiveKind::FitQuadratic | ObjectiveKind::FitLine | ObjectiveKind::FitTanh => {
                self.dataset().loss([x, y])
            }
        }
    }

    /// ∇f(x, y), analytic.
    #[inline(always)]
    pub fn gradient<T: Num>(&self, x: T, y: T) -> [T; 2] {
        let c = T::c;
        let pi = c(std::f64::consts::PI);
        let two_pi = c(2.0) * pi;
        match self.kind {
            ObjectiveKind::Formula(f) => f.formula.gradient(x, y),
            ObjectiveKind::Ackley => {
                // The cone term's gradient is 2·p·exp(-0.2 r)/r; at r = 0 it is taken as 0.
                let r = (c(0.5) * (x * x + y * y)).sqrt();
                let cone = T::select(r.gt(c(0.0)), c(2.0) * (c(-0.2) * r).exp() / r, c(0.0));
                let (sx, cx) = x.sin_cos_turns();
                let (sy, cy) = y.sin_cos_turns();
                let wave = pi * (c(0.5) * (cx + cy)).exp();
                [cone * x + wave * sx, cone * y + wave * sy]
            }
            ObjectiveKind::Rosenbrock => {
                let b = y - x * x;
                [c(-2.0) * (c(1.0) - x) - c(400.0) * x * b, c(200.0) * b]
            }
            ObjectiveKind::Rastrigin => [
                c(2.0) * x + c(20.0) * pi * x.sin_cos_turns().0,
                c(2.0) * y + c(20.0) * pi * y.sin_cos_turns().0,
            ],
            ObjectiveKind::Himmelblau => {
                let a = x * x + y - c(11.0);
                let b = x + y * y - c(7.0);
                [c(4.0) * x * a + c(2.0) * b, c(2.0) * a + c(4.0) * y * b]
            }
            ObjectiveKind::Beale => {
                let (t1, t2, t3) = beale_terms(x, y);
                let y2 = y * y;
                let y3 = y2 * y;
                [
                    c(2.0) * (t1 * (y - c(1.0)) + t2 * (y2 - c(1.0)) + t3 * (y3 - c(1.0))),
                    c(2.0) * x * (t1 + c(2.0) * t2 * y + c(3.0) * t3 * y2),
                ]
            }
            ObjectiveKind::Booth => {
                let a = x + c(2.0) * y - c(7.0);
                let b = c(2.0) * x + y - c(5.0);
                [c(2.0) * a + c(4.0) * b, c(4.0) * a + c(2.0) * b]
            }
            ObjectiveKind::GoldsteinPrice => {
                let g = goldstein_price_parts(x, y);
                [g.da_dx * g.c + g.a * g.dc_dx, g.da_dx * g.c + g.a * g.dc_dy]
            }
            ObjectiveKind::StyblinskiTang => {
                let h = |u: T| c(2.0) * u * u * u - c(16.0) * u + c(2.5);
                [h(x), h(y)]
            }
            ObjectiveKind::SixHumpCamel => {
                let x2 = x * x;
                let y2 = y * y;
                [
                    c(8.0) * x - c(8.4) * x2 * x + c(2.0) * x2 * x2 * x + y,
                    x - c(8.0) * y + c(16.0) * y2 * y,
                ]
            }
            ObjectiveKind::Matyas => [c(0.52) * x - c(0.48) * y, c(0.52) * y - c(0.48) * x],
            ObjectiveKind::Levi13 => {
                // sin 3πu = sin 2π(1.5u), and sin 2a = 2 sin a cos a.
                let three_pi = c(3.0) * pi;
                let (s3x, c3x) = (c(1.5) * x).sin_cos_turns();
                let (sy, c3y) = (c(1.5) * y).sin_cos_turns();
                let (s2y, c2y) = y.sin_cos_turns();
                let xm = x - c(1.0);
                let ym = y - c(1.0);
                [
                    three_pi * (c(2.0) * s3x * c3x) + c(2.0) * xm * (c(1.0) + sy * sy),
                    three_pi * xm * xm * (c(2.0) * sy * c3y)
                        + c(2.0) * ym * (c(1.0) + s2y * s2y)
                        + two_pi * ym * ym * (c(2.0) * s2y * c2y),
                ]
            }
            ObjectiveKind::Quadratic => [c(self.coeffs[0]) * x, c(self.coeffs[1]) * y],
            ObjectiveKind::FitQuadratic | ObjectiveKind::FitLine | ObjectiveKind::FitTanh => {
                self.dataset().gradient([x, y])
            }
        }
    }
}

#[inline(always)]
fn beale_terms<T: Num>(x: T, y: T) -> (T, T, T) {
    let c = T::c;
    let y2 = y * y;
    (
        c(1.5) - x + x * y,
        c(2.25) - x + x * y2,
        c(2.625) - x + x * y2 * y,
    )
}

/// Goldstein–Price as f = A·C with A = 1 + s²·B, C = 30 + d²·D, and their partial derivatives.
struct GoldsteinPrice<T> {
    a: T,
    c: T,
    /// ∂A/∂x equals ∂A/∂y.
    da_dx: T,
    dc_dx: T,
    dc_dy: T,
}

#[inline(always)]
fn goldstein_price_parts<T: Num>(x: T, y: T) -> GoldsteinPrice<T> {
    let c = T::c;
    let s = x + y + c(1.0);
    let b = c(19.0) - c(14.0) * x + c(3.0) * x * x - c(14.0) * y + c(6.0) * x * y + c(3.0) * y * y;
    let db = c(-14.0) + c(6.0) * x + c(6.0) * y;
    let d = c(2.0) * x - c(3.0) * y;
    let dd =
        c(18.0) - c(32.0) * x + c(12.0) * x * x + c(48.0) * y - c(36.0) * x * y + c(27.0) * y * y;
    let ddx = c(-32.0) + c(24.0) * x - c(36.0) * y;
    let ddy = c(48.0) - c(36.0) * x + c(54.0) * y;
    GoldsteinPrice {
        a: c(1.0) + s * s * b,
        c: c(30.0) + d * d * dd,
        da_dx: c(2.0) * s * b + s * s * db,
        dc_dx: c(4.0) * d * dd + d * d * ddx,
        dc_dy: c(-6.0) * d * dd + d * d * ddy,
    }
}
