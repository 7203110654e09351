//! The 2-D test functions: value, analytic gradient, usual domain and known minima.
//!
//! WGSL twin: `shaders/objectives.wgsl` — each `value`/`gradient` arm here has a function there
//! written with the same operations in the same order, so the f32 reference matches the shader.

use crate::error::{Error, Result};
use crate::model::num::Num;
use serde::{Deserialize, Serialize};

/// Which test function. The names are the ones users type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectiveKind {
    Ackley,
    Rosenbrock,
    Rastrigin,
    Himmelblau,
    Beale,
    Booth,
    GoldsteinPrice,
    StyblinskiTang,
    SixHumpCamel,
    Matyas,
    Levi13,
    Quadratic,
}

impl ObjectiveKind {
    /// Every objective, in the order `optgrid list` shows them.
    pub const ALL: [ObjectiveKind; 12] = [
        ObjectiveKind::Ackley,
        ObjectiveKind::Rosenbrock,
        ObjectiveKind::Rastrigin,
        ObjectiveKind::Himmelblau,
        ObjectiveKind::Beale,
        ObjectiveKind::Booth,
        ObjectiveKind::GoldsteinPrice,
        ObjectiveKind::StyblinskiTang,
        ObjectiveKind::SixHumpCamel,
        ObjectiveKind::Matyas,
        ObjectiveKind::Levi13,
        ObjectiveKind::Quadratic,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ObjectiveKind::Ackley => "ackley",
            ObjectiveKind::Rosenbrock => "rosenbrock",
            ObjectiveKind::Rastrigin => "rastrigin",
            ObjectiveKind::Himmelblau => "himmelblau",
            ObjectiveKind::Beale => "beale",
            ObjectiveKind::Booth => "booth",
            ObjectiveKind::GoldsteinPrice => "goldstein_price",
            ObjectiveKind::StyblinskiTang => "styblinski_tang",
            ObjectiveKind::SixHumpCamel => "six_hump_camel",
            ObjectiveKind::Matyas => "matyas",
            ObjectiveKind::Levi13 => "levi13",
            ObjectiveKind::Quadratic => "quadratic",
        }
    }

    pub fn from_name(name: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.name() == name)
            .ok_or_else(|| {
                Error::invalid(
                    "objective (--fn)",
                    name,
                    format!("one of {}", Self::names()),
                )
            })
    }

    /// The known names, comma separated, for error messages.
    pub fn names() -> String {
        Self::ALL.map(|k| k.name()).join(", ")
    }

    /// The formula, for `optgrid list` and figure titles.
    pub fn formula(self) -> &'static str {
        match self {
            ObjectiveKind::Ackley => {
                "-20 exp(-0.2 sqrt((x²+y²)/2)) - exp((cos 2πx + cos 2πy)/2) + e + 20"
            }
            ObjectiveKind::Rosenbrock => "(1-x)² + 100 (y-x²)²",
            ObjectiveKind::Rastrigin => "20 + x² - 10 cos 2πx + y² - 10 cos 2πy",
            ObjectiveKind::Himmelblau => "(x²+y-11)² + (x+y²-7)²",
            ObjectiveKind::Beale => "(1.5-x+xy)² + (2.25-x+xy²)² + (2.625-x+xy³)²",
            ObjectiveKind::Booth => "(x+2y-7)² + (2x+y-5)²",
            ObjectiveKind::GoldsteinPrice => {
                "[1+(x+y+1)²(19-14x+3x²-14y+6xy+3y²)]·[30+(2x-3y)²(18-32x+12x²+48y-36xy+27y²)]"
            }
            ObjectiveKind::StyblinskiTang => "(x⁴-16x²+5x + y⁴-16y²+5y)/2",
            ObjectiveKind::SixHumpCamel => "(4-2.1x²+x⁴/3)x² + xy + (-4+4y²)y²",
            ObjectiveKind::Matyas => "0.26(x²+y²) - 0.48xy",
            ObjectiveKind::Levi13 => "sin²3πx + (x-1)²(1+sin²3πy) + (y-1)²(1+sin²2πy)",
            ObjectiveKind::Quadratic => "(a x² + b y²)/2",
        }
    }

    /// The usual domain: `[[x_lo, x_hi], [y_lo, y_hi]]`.
    pub fn domain(self) -> [[f64; 2]; 2] {
        match self {
            ObjectiveKind::Ackley
            | ObjectiveKind::Himmelblau
            | ObjectiveKind::StyblinskiTang
            | ObjectiveKind::Quadratic => [[-5.0, 5.0], [-5.0, 5.0]],
            ObjectiveKind::Rosenbrock => [[-2.0, 2.0], [-1.0, 3.0]],
            ObjectiveKind::Rastrigin => [[-5.12, 5.12], [-5.12, 5.12]],
            ObjectiveKind::Beale => [[-4.5, 4.5], [-4.5, 4.5]],
            ObjectiveKind::Booth | ObjectiveKind::Matyas | ObjectiveKind::Levi13 => {
                [[-10.0, 10.0], [-10.0, 10.0]]
            }
            ObjectiveKind::GoldsteinPrice => [[-2.0, 2.0], [-2.0, 2.0]],
            ObjectiveKind::SixHumpCamel => [[-3.0, 3.0], [-2.0, 2.0]],
        }
    }

    /// A start point for hyperparameter maps when the user gives none: a classic, non-trivial one.
    pub fn default_start(self) -> [f64; 2] {
        match self {
            ObjectiveKind::Rosenbrock => [-1.5, 1.5],
            ObjectiveKind::Ackley => [2.3, -3.1],
            ObjectiveKind::Rastrigin => [2.2, -3.3],
            ObjectiveKind::Himmelblau => [0.0, 0.0],
            ObjectiveKind::Beale => [1.0, 1.5],
            ObjectiveKind::Booth => [-8.0, 8.0],
            ObjectiveKind::GoldsteinPrice => [-1.5, 1.5],
            ObjectiveKind::StyblinskiTang => [0.5, 0.5],
            ObjectiveKind::SixHumpCamel => [-1.5, -1.5],
            ObjectiveKind::Matyas => [8.0, -6.0],
            ObjectiveKind::Levi13 => [-4.0, 6.0],
            ObjectiveKind::Quadratic => [-4.0, 3.0],
        }
    }

    /// How close a final iterate must be to a known minimum to be labelled with its basin.
    /// Below half the smallest distance between two minima of the objective.
    pub fn capture_radius(self) -> f64 {
        match self {
            ObjectiveKind::Ackley | ObjectiveKind::Rastrigin => 0.25,
            ObjectiveKind::GoldsteinPrice | ObjectiveKind::SixHumpCamel => 0.1,
            ObjectiveKind::Rosenbrock | ObjectiveKind::Beale | ObjectiveKind::Levi13 => 0.25,
            _ => 0.5,
        }
    }

    /// Approximate minima (seeds); [`Objective::minima`] polishes them with Newton's method.
    fn minimum_seeds(self) -> Vec<[f64; 2]> {
        let lattice = |r: i32| -> Vec<[f64; 2]> {
            (-r..=r)
                .flat_map(|j| (-r..=r).map(move |i| [i as f64, j as f64]))
                .collect()
        };
        match self {
            ObjectiveKind::Ackley | ObjectiveKind::Rastrigin => lattice(5),
            ObjectiveKind::Rosenbrock | ObjectiveKind::Levi13 => vec![[1.0, 1.0]],
            ObjectiveKind::Himmelblau => vec![
                [3.0, 2.0],
                [-2.805118, 3.131312],
                [-3.779310, -3.283186],
                [3.584428, -1.848126],
            ],
            ObjectiveKind::Beale => vec![[3.0, 0.5]],
            ObjectiveKind::Booth => vec![[1.0, 3.0]],
            ObjectiveKind::GoldsteinPrice => {
                vec![[0.0, -1.0], [-0.6, -0.4], [1.8, 0.2], [1.2, 0.8]]
            }
            ObjectiveKind::StyblinskiTang => {
                let (a, b) = (-2.903534, 2.746803);
                vec![[a, a], [b, a], [a, b], [b, b]]
            }
            ObjectiveKind::SixHumpCamel => vec![
                [0.0898, -0.7126],
                [-0.0898, 0.7126],
                [-1.7036, 0.7961],
                [1.7036, -0.7961],
                [1.6071, 0.5687],
                [-1.6071, -0.5687],
            ],
            ObjectiveKind::Matyas | ObjectiveKind::Quadratic => vec![[0.0, 0.0]],
        }
    }
}

/// A known minimum of an objective.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Minimum {
    pub x: f64,
    pub y: f64,
    pub value: f64,
    /// True for the global minimizers (those the `distance` criterion measures against).
    pub global: bool,
}

/// A test function with its coefficients (only `quadratic` has any: `a` and `b`).
///
/// WGSL twin of the coefficients: `Sweep.coeffs` in `shaders/sweep.wgsl`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Objective {
    pub kind: ObjectiveKind,
    /// `[a, b]` of `quadratic`; ignored by the others.
    pub coeffs: [f64; 2],
}

/// Default `[a, b]` of `quadratic`: a bowl with condition number 10.
pub const QUADRATIC_DEFAULT: [f64; 2] = [1.0, 10.0];

impl Objective {
    pub fn new(kind: ObjectiveKind) -> Self {
        Objective {
            kind,
            coeffs: QUADRATIC_DEFAULT,
        }
    }

    /// f(x, y).
    #[inline(always)]
    pub fn value<T: Num>(&self, x: T, y: T) -> T {
        let c = T::c;
        match self.kind {
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
        }
    }

    /// ∇f(x, y), analytic.
    #[inline(always)]
    pub fn gradient<T: Num>(&self, x: T, y: T) -> [T; 2] {
        let c = T::c;
        let pi = c(std::f64::consts::PI);
        let two_pi = c(2.0) * pi;
        match self.kind {
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
        }
    }

    /// The known minima, polished to f64 precision with Newton's method; global ones first.
    /// Seeds whose Newton iteration does not settle on a nearby minimum are dropped.
    pub fn minima(&self) -> Vec<Minimum> {
        let mut points: Vec<[f64; 2]> = Vec::new();
        for seed in self.kind.minimum_seeds() {
            if let Some(p) = self.polish(seed) {
                if points
                    .iter()
                    .all(|q| (q[0] - p[0]).hypot(q[1] - p[1]) > 1e-6)
                {
                    points.push(p);
                }
            }
        }
        // Values within rounding of zero are the exact zeros of the literature.
        let values: Vec<f64> = points
            .iter()
            .map(|p| self.value(p[0], p[1]))
            .map(|v| if v.abs() < 1e-12 { 0.0 } else { v })
            .collect();
        let best = values.iter().copied().fold(f64::INFINITY, f64::min);
        let mut minima: Vec<Minimum> = points
            .iter()
            .zip(&values)
            .map(|(p, &v)| Minimum {
                x: p[0],
                y: p[1],
                value: v,
                global: v <= best + 1e-9 * best.abs().max(1.0),
            })
            .collect();
        // Global minima first: they get the first basin indices and their own colours.
        minima.sort_by_key(|m| !m.global);
        minima
    }

    /// The global minimum value (what the `loss` criterion measures against).
    pub fn global_value(&self) -> f64 {
        self.minima()
            .iter()
            .filter(|m| m.global)
            .map(|m| m.value)
            .fold(f64::INFINITY, f64::min)
    }

    /// Newton's method with a finite-difference Hessian of the analytic gradient. Returns the
    /// point if it converges to a local minimum (positive-definite Hessian) near the seed.
    fn polish(&self, seed: [f64; 2]) -> Option<[f64; 2]> {
        let mut p = seed;
        for _ in 0..100 {
            let g = self.gradient(p[0], p[1]);
            let h = self.hessian(p);
            let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
            if det.abs() < 1e-300 {
                return None;
            }
            let dx = (h[1][1] * g[0] - h[0][1] * g[1]) / det;
            let dy = (h[0][0] * g[1] - h[1][0] * g[0]) / det;
            p = [p[0] - dx, p[1] - dy];
            if dx.hypot(dy) < 1e-15 * (1.0 + p[0].hypot(p[1])) {
                break;
            }
        }
        let g = self.gradient(p[0], p[1]);
        let h = self.hessian(p);
        let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
        let is_min = h[0][0] > 0.0 && det > 0.0;
        let near = (p[0] - seed[0]).hypot(p[1] - seed[1]) < 0.5;
        let settled = g[0].hypot(g[1]) < 1e-7;
        (is_min && near && settled && p.iter().all(|v| v.is_finite())).then_some(p)
    }

    fn hessian(&self, p: [f64; 2]) -> [[f64; 2]; 2] {
        let h = 1e-6;
        let gx1 = self.gradient(p[0] + h, p[1]);
        let gx0 = self.gradient(p[0] - h, p[1]);
        let gy1 = self.gradient(p[0], p[1] + h);
        let gy0 = self.gradient(p[0], p[1] - h);
        let hxx = (gx1[0] - gx0[0]) / (2.0 * h);
        let hxy = 0.5 * ((gx1[1] - gx0[1]) + (gy1[0] - gy0[0])) / (2.0 * h);
        let hyy = (gy1[1] - gy0[1]) / (2.0 * h);
        [[hxx, hxy], [hxy, hyy]]
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
