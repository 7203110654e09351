//! What `optgrid tune` searches: per optimizer, a range for every hyperparameter that matters
//! (the learning rate always, on a log scale: the quantity table's search ranges), narrowed or
//! fixed by `--search`; the trials,
//! drawn from a Halton sequence indexed by trial; and the start points every trial runs from.

use crate::error::{Error, Result};
pub use crate::model::hyper::Scale;
use crate::model::hyper::{fmt_short, HyperSpec, Range};
use crate::model::num::Num;
use crate::model::optimizer::Optimizer;
use crate::model::random::{block, key, Stream};
use serde::Serialize;

/// One searched (or fixed) hyperparameter.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Dimension {
    pub name: &'static str,
    #[serde(skip)]
    pub slot: usize,
    pub lo: f64,
    pub hi: f64,
    pub scale: Scale,
}

impl Dimension {
    /// The value at u ∈ [0, 1).
    pub fn at(&self, u: f64) -> f64 {
        let lerp = |a: f64, b: f64| a + u * (b - a);
        match self.scale {
            Scale::Linear => lerp(self.lo, self.hi),
            Scale::Log => lerp(self.lo.ln(), self.hi.ln()).exp(),
            Scale::LogOneMinus => 1.0 - lerp((1.0 - self.lo).ln(), (1.0 - self.hi).ln()).exp(),
        }
        .clamp(self.lo, self.hi)
    }

    pub fn is_fixed(&self) -> bool {
        self.lo == self.hi
    }
}

/// The default search range of a hyperparameter, from the quantity table
/// ([`crate::model::hyper::explore`]), or `None` where it stays at its default unless `--search`
/// names it (weight decay, dampening, flags...).
pub fn default_range(h: &HyperSpec) -> Option<Dimension> {
    let search = h.explore()?.search?;
    // No search range depends on the budget.
    let (lo, hi) = search.resolve(h, 0);
    Some(Dimension {
        name: h.name,
        slot: h.slot,
        lo,
        hi,
        scale: search.scale,
    })
}

/// The dimensions of one optimizer's search: defaults, then `--search` overrides (`NAME=LO:HI`,
/// `NAME=LO:HI:log` or `NAME=VALUE` to fix it). Fixed dimensions are kept (lo = hi).
pub fn dimensions(opt: Optimizer, overrides: &[SearchOverride]) -> Vec<Dimension> {
    let mut dims: Vec<Dimension> = opt.hypers().iter().filter_map(default_range).collect();
    for o in overrides {
        let Ok(h) = opt.hyper(o.name) else { continue };
        let dim = Dimension {
            name: h.name,
            slot: h.slot,
            lo: o.lo,
            hi: o.hi,
            scale: o.scale.unwrap_or(if o.lo > 0.0 && o.hi / o.lo >= 100.0 {
                Scale::Log
            } else {
                Scale::Linear
            }),
        };
        match dims.iter_mut().find(|d| d.name == h.name) {
            Some(d) => *d = dim,
            None => dims.push(dim),
        }
    }
    dims
}

/// One `--search` item, checked against every optimizer that has the hyperparameter.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchOverride {
    pub name: &'static str,
    pub lo: f64,
    pub hi: f64,
    pub scale: Option<Scale>,
}

/// Parses `--search` (comma-separated items) for the chosen optimizers: every name must be a
/// hyperparameter of at least one of them, every range non-empty, in order and inside the
/// hyperparameter's allowed values (and positive on a log scale).
pub fn parse_search(text: &str, optimizers: &[Optimizer]) -> Result<Vec<SearchOverride>> {
    let mut out = Vec::new();
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let bad = |why: &str| Error::invalid("--search", item, why.to_string());
        let (name, range) = item
            .split_once('=')
            .ok_or_else(|| bad("NAME=LO:HI[:log] or NAME=VALUE, e.g. lr=1e-4:1:log"))?;
        let name = name.trim();
        let spec = optimizers
            .iter()
            .find_map(|o| o.hyper(name).ok())
            .ok_or_else(|| {
                let mut known: Vec<&str> = optimizers
                    .iter()
                    .flat_map(|o| o.hypers().iter().map(|h| h.name))
                    .collect();
                known.sort();
                known.dedup();
                Error::invalid(
                    "--search",
                    name,
                    format!(
                        "a hyperparameter of the chosen optimizers: {}",
                        known.join(", ")
                    ),
                )
            })?;
        let parts: Vec<&str> = range.split(':').map(str::trim).collect();
        let num = |s: &str| {
            s.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| bad("numbers: NAME=LO:HI[:log] or NAME=VALUE"))
        };
        let (lo, hi, scale) = match parts[..] {
            [v] => {
                let v = if spec.range == Range::Flag {
                    match v {
                        "true" => 1.0,
                        "false" => 0.0,
                        _ => num(v)?,
                    }
                } else {
                    num(v)?
                };
                (v, v, None)
            }
            [lo, hi] => (num(lo)?, num(hi)?, None),
            [lo, hi, "log"] => (num(lo)?, num(hi)?, Some(Scale::Log)),
            [lo, hi, "linear"] => (num(lo)?, num(hi)?, Some(Scale::Linear)),
            _ => return Err(bad("NAME=LO:HI, NAME=LO:HI:log or NAME=VALUE")),
        };
        if lo > hi {
            return Err(bad("LO ≤ HI"));
        }
        if lo < hi && spec.range == Range::Flag {
            return Err(bad("a true/false flag is fixed, not searched: NAME=true"));
        }
        for v in [lo, hi] {
            if !spec.range.contains(v) {
                return Err(Error::invalid(
                    "--search",
                    item,
                    format!("{name} values {}", spec.range),
                ));
            }
        }
        if scale == Some(Scale::Log) && lo <= 0.0 {
            return Err(bad("LO > 0 on a log scale"));
        }
        out.push(SearchOverride {
            name: spec.name,
            lo,
            hi,
            scale,
        });
    }
    Ok(out)
}

/// The first primes: one Halton base per dimension.
const PRIMES: [u32; 16] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53];

/// The radical inverse of `i` in `base`: i's digits mirrored about the point.
fn radical_inverse(mut i: u64, base: u32) -> f64 {
    let b = f64::from(base);
    let (mut inv, mut f) = (0.0, 1.0 / b);
    while i > 0 {
        inv += f * (i % u64::from(base)) as f64;
        i /= u64::from(base);
        f /= b;
    }
    inv
}

/// Per-dimension offsets drawn from the seed, for [`halton`].
fn shifts(dims: usize, seed: u64) -> Vec<f64> {
    (0..dims)
        .map(|d| <f64 as Num>::unit(block(key(seed), d as u32, 0, Stream::Data, 1)[0]))
        .collect()
}

/// Point `i` of a Halton sequence with one dimension per shift, each shifted modulo 1 by its
/// offset (a Cranley–Patterson rotation: the same even coverage, another sample).
fn halton(i: u64, shifts: &[f64]) -> Vec<f64> {
    shifts
        .iter()
        .enumerate()
        .map(|(d, shift)| (radical_inverse(i + 1, PRIMES[d % PRIMES.len()]) + shift).fract())
        .collect()
}

/// The values of every trial, `trials × dims.len()` row-major, trial `t` at Halton point `t`.
pub fn trial_table(dims: &[Dimension], trials: usize, seed: u64) -> Vec<f64> {
    let searched: Vec<usize> = (0..dims.len()).filter(|&k| !dims[k].is_fixed()).collect();
    let mut table = Vec::with_capacity(trials * dims.len());
    let shifts = shifts(searched.len(), seed);
    for t in 0..trials {
        let u = halton(t as u64, &shifts);
        for (k, d) in dims.iter().enumerate() {
            table.push(match searched.iter().position(|&s| s == k) {
                Some(j) => d.at(u[j]),
                None => d.lo,
            });
        }
    }
    table
}

/// The start points every trial runs from, `[x0, y0]` pairs over the domain: the centres of a
/// grid when `n` is a square, else a seeded 2-D Halton sample.
pub fn starts(n: usize, domain: [[f64; 2]; 2], seed: u64) -> Vec<f64> {
    let [[x0, x1], [y0, y1]] = domain;
    let side = (n as f64).sqrt().round() as usize;
    let mut out = Vec::with_capacity(2 * n);
    let shifts = shifts(2, seed ^ 0x5eed);
    for i in 0..n {
        let (u, v) = if side * side == n {
            (
                ((i % side) as f64 + 0.5) / side as f64,
                ((i / side) as f64 + 0.5) / side as f64,
            )
        } else {
            let p = halton(i as u64, &shifts);
            (p[0], p[1])
        };
        out.extend([x0 + u * (x1 - x0), y0 + v * (y1 - y0)]);
    }
    out
}

/// `NAME=LO:HI[:log]` as `optgrid list` shows a default range.
pub fn describe(d: &Dimension) -> String {
    let scale = match d.scale {
        Scale::Linear => "",
        Scale::Log => ":log",
        Scale::LogOneMinus => " (1 − value on a log scale)",
    };
    format!("{}={}:{}{scale}", d.name, fmt_short(d.lo), fmt_short(d.hi))
}

/// Every optimizer's default search, as `optgrid tune --ranges` prints it.
pub fn describe_defaults() -> String {
    let mut s = String::from(
        "Default search ranges of optgrid tune (--search narrows or fixes any hyperparameter; the others stay at their defaults):\n",
    );
    let width = Optimizer::ALL
        .iter()
        .map(|o| o.name().len())
        .max()
        .unwrap_or(0);
    for opt in Optimizer::ALL {
        let dims: Vec<String> = opt
            .hypers()
            .iter()
            .filter_map(default_range)
            .map(|d| describe(&d))
            .collect();
        s.push_str(&format!("  {:<width$} {}\n", opt.name(), dims.join(", ")));
    }
    s
}
