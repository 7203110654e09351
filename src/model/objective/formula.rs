//! Formula objectives as catalogue entries: a [`Formula`] with its domain, its minima (given,
//! or found by Newton's method with the exact Hessian from a grid of starts) and what follows
//! from them, interned so that an `ObjectiveKind` stays a copyable name.

use crate::error::{Error, Result};
use crate::model::formula::Formula;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// The domain of a formula when none is given.
const DEFAULT_DOMAIN: [[f64; 2]; 2] = [[-5.0, 5.0], [-5.0, 5.0]];

/// Newton starts per side of the grid that finds a formula's minima.
const SEED_GRID: u32 = 24;

/// Distinct formula objectives one process keeps (each is kept for the process's life: a
/// server taking formulas from clients stops accepting new ones past this).
const MAX_FORMULAS: usize = 4096;

/// A formula objective: the formula, its domain and its minima.
#[derive(Debug)]
pub struct FormulaObjective {
    /// The formula as typed (trimmed).
    pub text: &'static str,
    pub formula: Formula,
    pub domain: [[f64; 2]; 2],
    /// Its local minima, approximately (the objective polishes them): given, or found.
    pub minima: &'static [[f64; 2]],
    /// Whether `minima` was given (`--minima`) rather than found.
    pub minima_given: bool,
    /// The found minimum at a kink, where Newton's method cannot go (Ackley's cone tip): one of
    /// `minima`, kept as found since it cannot be polished either.
    pub kink: Option<[f64; 2]>,
    pub default_start: [f64; 2],
    pub capture_radius: f64,
}

impl PartialEq for FormulaObjective {
    /// Interned: one value per text, domain and minima, so identity is equality.
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for FormulaObjective {}

impl std::hash::Hash for FormulaObjective {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        std::ptr::hash(self, h)
    }
}

impl FormulaObjective {
    pub fn name(&self) -> &'static str {
        self.text
    }
}

type Key = (String, [u64; 4], Option<Vec<[u64; 2]>>);

/// The formula objective for `text` over `domain` with `minima`, made once per process.
pub fn intern(
    text: &str,
    domain: Option<[[f64; 2]; 2]>,
    minima: Option<&[[f64; 2]]>,
) -> Result<&'static FormulaObjective> {
    static TABLE: OnceLock<Mutex<HashMap<Key, &'static FormulaObjective>>> = OnceLock::new();
    let text = text.trim();
    let domain = domain.unwrap_or(DEFAULT_DOMAIN);
    let key: Key = (
        text.to_string(),
        [domain[0][0], domain[0][1], domain[1][0], domain[1][1]].map(f64::to_bits),
        minima.map(|m| m.iter().map(|p| p.map(f64::to_bits)).collect()),
    );
    let table = TABLE.get_or_init(Mutex::default);
    if let Some(&f) = table.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Ok(f);
    }
    let made = make(text, domain, minima)?;
    let mut table = table.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&f) = table.get(&key) {
        return Ok(f);
    }
    if table.len() >= MAX_FORMULAS {
        return Err(Error::resource(format!(
            "this process has made {MAX_FORMULAS} formula objectives, its limit: restart it for more"
        )));
    }
    let made: &'static FormulaObjective = Box::leak(Box::new(made));
    table.insert(key, made);
    Ok(made)
}

fn make(text: &str, domain: [[f64; 2]; 2], given: Option<&[[f64; 2]]>) -> Result<FormulaObjective> {
    let names: Vec<&str> = super::ObjectiveKind::ALL.iter().map(|k| k.name()).collect();
    let formula = Formula::parse(text, &names)?;
    let [[x0, x1], [y0, y1]] = domain;
    if !(x0 < x1 && y0 < y1 && [x0, x1, y0, y1].iter().all(|v| v.is_finite())) {
        return Err(Error::invalid(
            "domain (--domain)",
            format!("{x0}:{x1},{y0}:{y1}"),
            "X0:X1,Y0:Y1 with X0 < X1 and Y0 < Y1, finite",
        ));
    }
    let grid = |n: u32| {
        let at =
            move |lo: f64, hi: f64, k: u32| lo + (hi - lo) * (f64::from(k) + 0.5) / f64::from(n);
        (0..n).flat_map(move |j| (0..n).map(move |i| [at(x0, x1, i), at(y0, y1, j)]))
    };
    if !grid(SEED_GRID).any(|[x, y]| formula.value(x, y).is_finite()) {
        return Err(Error::input(format!(
            "formula (--fn) '{text}' is not finite anywhere on the domain [{x0}, {x1}] × [{y0}, {y1}] (checked on a {SEED_GRID}×{SEED_GRID} grid)"
        )));
    }
    let (minima, minima_given, kink) = match given {
        Some(points) => (points.to_vec(), true, None),
        None => {
            let mut found = find_minima(&formula, domain, grid(SEED_GRID));
            let kink = kink_minimum(&formula, domain, grid(SEED_GRID), &found);
            found.extend(kink);
            (found, false, kink)
        }
    };
    // Half the smallest distance between two minima, and at most 5% of the domain's width.
    let mut capture_radius = 0.05 * (x1 - x0).min(y1 - y0);
    for (i, p) in minima.iter().enumerate() {
        for q in &minima[i + 1..] {
            capture_radius = capture_radius.min(0.5 * (p[0] - q[0]).hypot(p[1] - q[1]));
        }
    }
    // A start a quarter of the way in from the domain's corner: rarely a minimum itself.
    let default_start = [x0 + 0.25 * (x1 - x0), y0 + 0.7 * (y1 - y0)];
    Ok(FormulaObjective {
        text: Box::leak(text.to_string().into_boxed_str()),
        formula,
        domain,
        minima: Box::leak(minima.into_boxed_slice()),
        minima_given,
        kink,
        default_start,
        capture_radius,
    })
}

/// A minimum at a kink, which Newton's method cannot reach (the gradient jumps, or is 0/0, at
/// Ackley's cone tip and at |x| + |y|'s corner): when the lowest seed lies below every minimum
/// Newton found, a compass search from it — to the lowest of eight neighbours `h` away, `h`
/// halved when none is lower — settles on the kink. A search that ends at the domain's edge
/// found no minimum inside it, and a point beside a found minimum is that minimum.
fn kink_minimum(
    f: &Formula,
    domain: [[f64; 2]; 2],
    seeds: impl Iterator<Item = [f64; 2]>,
    found: &[[f64; 2]],
) -> Option<[f64; 2]> {
    let [[x0, x1], [y0, y1]] = domain;
    let value = |p: [f64; 2]| f.value(p[0], p[1]);
    let lowest_found = found
        .iter()
        .map(|&p| value(p))
        .fold(f64::INFINITY, f64::min);
    let (mut p, mut v) = seeds
        .map(|p| (p, value(p)))
        .filter(|(_, v)| v.is_finite())
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    // Nothing found below the lowest seed: no minimum was missed (a search also runs when
    // Newton found none at all).
    let margin = if lowest_found.is_finite() {
        1e-9 * lowest_found.abs().max(1.0)
    } else {
        0.0
    };
    if v >= lowest_found - margin {
        return None;
    }
    let inside = |q: [f64; 2]| q[0] >= x0 && q[0] <= x1 && q[1] >= y0 && q[1] <= y1;
    let mut h = 0.5 * ((x1 - x0) / f64::from(SEED_GRID)).min((y1 - y0) / f64::from(SEED_GRID));
    for _ in 0..100_000 {
        if h <= 1e-15 * (1.0 + p[0].abs().max(p[1].abs())) {
            break;
        }
        let next = COMPASS
            .iter()
            .map(|&(dx, dy)| [p[0] + h * dx, p[1] + h * dy])
            .filter(|&q| inside(q))
            .map(|q| (q, value(q)))
            .filter(|&(_, w)| w < v)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        match next {
            Some((q, w)) => (p, v) = (q, w),
            None => h *= 0.5,
        }
    }
    let (mx, my) = (0.01 * (x1 - x0), 0.01 * (y1 - y0));
    let interior = p[0] > x0 + mx && p[0] < x1 - mx && p[1] > y0 + my && p[1] < y1 - my;
    let close = closeness(domain);
    // A strict minimum: on a plateau (max(x, 0)) the search stops anywhere, and the gradient
    // criterion serves better than a point picked at random.
    let strict = COMPASS[..4]
        .iter()
        .all(|&(dx, dy)| value([p[0] + close * dx, p[1] + close * dy]) > v);
    (interior && is_new(found, p, close) && strict).then_some(p)
}

/// The compass search's directions: the four axes first, then the diagonals.
const COMPASS: [(f64, f64); 8] = [
    (1.0, 0.0),
    (-1.0, 0.0),
    (0.0, 1.0),
    (0.0, -1.0),
    (1.0, 1.0),
    (1.0, -1.0),
    (-1.0, 1.0),
    (-1.0, -1.0),
];

/// Two minima closer than this are one: a millionth of the domain's width.
fn closeness(domain: [[f64; 2]; 2]) -> f64 {
    1e-6 * (domain[0][1] - domain[0][0]).max(domain[1][1] - domain[1][0])
}

/// Whether `p` is farther than `close` from every minimum in `found`.
fn is_new(found: &[[f64; 2]], p: [f64; 2], close: f64) -> bool {
    found
        .iter()
        .all(|q| (q[0] - p[0]).hypot(q[1] - p[1]) > close)
}

/// Local minima inside `domain` (with a margin of 1% of its width): Newton's method with the
/// exact Hessian, damped and stopped when it leaves the domain far behind, from every seed;
/// deduplicated.
fn find_minima(
    f: &Formula,
    domain: [[f64; 2]; 2],
    seeds: impl Iterator<Item = [f64; 2]>,
) -> Vec<[f64; 2]> {
    let [[x0, x1], [y0, y1]] = domain;
    let (mx, my) = (0.01 * (x1 - x0), 0.01 * (y1 - y0));
    let inside =
        |p: [f64; 2]| p[0] >= x0 - mx && p[0] <= x1 + mx && p[1] >= y0 - my && p[1] <= y1 + my;
    let mut found: Vec<[f64; 2]> = Vec::new();
    let close = closeness(domain);
    for seed in seeds {
        let Some(p) = newton(f, seed, domain) else {
            continue;
        };
        if inside(p) && is_new(&found, p, close) {
            found.push(p);
        }
    }
    found
}

/// Newton from `seed`; `Some(p)` if it settles on a point with a positive-definite Hessian.
/// Every step descends and is at most a tenth of the domain's width, so a start does not leap
/// across basins.
fn newton(f: &Formula, seed: [f64; 2], domain: [[f64; 2]; 2]) -> Option<[f64; 2]> {
    let [[x0, x1], [y0, y1]] = domain;
    let longest = 0.1 * (x1 - x0).max(y1 - y0);
    let mut p = seed;
    for _ in 0..200 {
        let g = f.gradient(p[0], p[1]);
        let h = f.hessian(p[0], p[1]);
        let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
        // Newton's step where the Hessian is positive definite and f does not rise along it
        // (at most a tenth of the domain); else a gradient step, at most a hundredth, halved
        // until f falls. Starts on a ridge, or whose quadratic model points past their basin,
        // then descend into their own basin: taking every step whole leapt across Ackley's,
        // and Newton found 42 of its 121 minima.
        let here = f.value(p[0], p[1]);
        let below = |d: [f64; 2]| f.value(p[0] - d[0], p[1] - d[1]) <= here;
        let shrunk = |d: [f64; 2], most: f64| {
            let shrink = (most / d[0].hypot(d[1])).min(1.0);
            [d[0] * shrink, d[1] * shrink]
        };
        let newton = (h[0][0] > 0.0 && det > 0.0).then(|| {
            let d = [
                (h[1][1] * g[0] - h[0][1] * g[1]) / det,
                (h[0][0] * g[1] - h[1][0] * g[0]) / det,
            ];
            shrunk(d, longest)
        });
        let [dx, dy] = newton.filter(|&d| below(d)).unwrap_or_else(|| {
            let mut d = shrunk(g, 0.1 * longest);
            for _ in 0..40 {
                if below(d) {
                    break;
                }
                d = [0.5 * d[0], 0.5 * d[1]];
            }
            d
        });
        let length = dx.hypot(dy);
        if !length.is_finite() {
            return None;
        }
        p = [p[0] - dx, p[1] - dy];
        if length < 1e-14 * (1.0 + p[0].hypot(p[1])) {
            break;
        }
        if (p[0] - x0).min(x1 - p[0]) < -(x1 - x0) || (p[1] - y0).min(y1 - p[1]) < -(y1 - y0) {
            return None;
        }
    }
    let g = f.gradient(p[0], p[1]);
    let h = f.hessian(p[0], p[1]);
    let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
    let scale = 1.0 + f.value(p[0], p[1]).abs();
    (h[0][0] > 0.0 && det > 0.0 && g[0].hypot(g[1]) < 1e-7 * scale).then_some(p)
}
