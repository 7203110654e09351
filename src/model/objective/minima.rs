//! Known minima: seeds from the catalogue (or a linear fit's least-squares solution), polished
//! to f64 precision with Newton's method.

use super::Objective;
use serde::Serialize;

/// A known minimum of an objective.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Minimum {
    pub x: f64,
    pub y: f64,
    pub value: f64,
    /// True for the global minimizers (those the `distance` criterion measures against).
    pub global: bool,
}

impl Objective {
    /// The known minima, polished to f64 precision with Newton's method; global ones first.
    /// Seeds whose Newton iteration does not settle on a nearby minimum are dropped.
    pub fn minima(&self) -> Vec<Minimum> {
        let mut points: Vec<[f64; 2]> = Vec::new();
        // Seeds of a grid may travel anywhere; the catalogue's must stay near their minimum.
        let reach = match self.kind.info().seeds {
            super::Seeds::Grid(_) => f64::INFINITY,
            _ => 0.5,
        };
        // A linear fit's least-squares solution, polished like any seed.
        let seeds = match self.data.as_ref().map(|d| d.minimizers()) {
            Some(exact) if !exact.is_empty() => exact,
            _ => self.kind.minimum_seeds(),
        };
        // Minima a user named (`--minima`), and a formula's minimum found at a kink (such as
        // Ackley's cone at its centre), are kept where Newton cannot polish them.
        let formula = self.kind.formula_objective();
        let given = formula.is_some_and(|f| f.minima_given);
        let kink = formula.and_then(|f| f.kink);
        for seed in seeds {
            let keep = given || kink == Some(seed);
            if let Some(p) = self.polish(seed, reach).or(keep.then_some(seed)) {
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
    fn polish(&self, seed: [f64; 2], reach: f64) -> Option<[f64; 2]> {
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
        let near = (p[0] - seed[0]).hypot(p[1] - seed[1]) < reach;
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
