//! An image axis: a sweepable quantity over an inclusive range, linear or logarithmic.

use crate::error::{Error, Result};
use crate::model::objective::ObjectiveKind;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Linear or logarithmic spacing of an axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    Linear,
    Log,
}

/// One image axis: a sweepable quantity over an inclusive range.
///
/// Column `i` of `n` sits at `lo + (hi − lo)·i/(n−1)` (log: the same in log space), so the first
/// and last columns are exactly `lo` and `hi`; a one-pixel axis sits at `lo`. The outputs carry
/// the actual values (`x_values`, `y_values`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Axis {
    /// `x0`, `y0`, or a hyperparameter name of the optimizer.
    pub quantity: String,
    pub lo: f64,
    pub hi: f64,
    pub scale: Scale,
}

impl Axis {
    /// Parses `QUANTITY=LO:HI[:log|:lin]`, or a bare `x0`/`y0` meaning the objective's domain.
    pub fn parse(flag: &str, text: &str, objective: ObjectiveKind) -> Result<Axis> {
        let usage = || {
            Error::input(format!(
                "invalid {flag} '{text}': expected QUANTITY=LO:HI or QUANTITY=LO:HI:log, e.g. lr=1e-4:1:log"
            ))
        };
        let (quantity, range) = match text.split_once('=') {
            Some((q, r)) => (q.trim(), Some(r)),
            None => (text.trim(), None),
        };
        let Some(range) = range else {
            return match quantity {
                "x0" | "y0" => Ok(Axis::domain(quantity, objective)),
                _ => Err(usage()),
            };
        };
        let parts: Vec<&str> = range.split(':').collect();
        let scale = match parts.len() {
            2 => Scale::Linear,
            3 => match parts[2].trim() {
                "log" => Scale::Log,
                "lin" | "linear" => Scale::Linear,
                _ => return Err(usage()),
            },
            _ => return Err(usage()),
        };
        let num = |s: &str| s.trim().parse::<f64>().map_err(|_| usage());
        Ok(Axis {
            quantity: quantity.to_string(),
            lo: num(parts[0])?,
            hi: num(parts[1])?,
            scale,
        })
    }

    /// A linear axis of `quantity` from `lo` to `hi`.
    pub fn linear(quantity: &str, lo: f64, hi: f64) -> Axis {
        Axis {
            quantity: quantity.to_string(),
            lo,
            hi,
            scale: Scale::Linear,
        }
    }

    /// The start-coordinate axis over the objective's usual domain.
    pub fn domain(quantity: &str, objective: ObjectiveKind) -> Axis {
        let d = objective.domain();
        let r = if quantity == "x0" { d[0] } else { d[1] };
        Axis::linear(quantity, r[0], r[1])
    }

    /// The `n` values of the axis, first `lo`, last `hi`.
    pub fn values(&self, n: u32) -> Vec<f64> {
        let n = n as usize;
        (0..n)
            .map(|i| {
                if i == 0 {
                    return self.lo;
                }
                if i == n - 1 {
                    return self.hi;
                }
                let f = i as f64 / (n - 1) as f64;
                match self.scale {
                    Scale::Linear => self.lo + (self.hi - self.lo) * f,
                    Scale::Log => (self.lo.ln() + (self.hi.ln() - self.lo.ln()) * f).exp(),
                }
            })
            .collect()
    }
}

impl fmt::Display for Axis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}:{}", self.quantity, self.lo, self.hi)?;
        if self.scale == Scale::Log {
            f.write_str(":log")?;
        }
        Ok(())
    }
}

/// Neighbouring pixels must be at least this many units in the last place of the coordinates'
/// type apart, so they are distinct values with room to spare.
pub const ULPS_PER_PIXEL: f64 = 16.0;

impl Axis {
    /// How many units in the last place (of a type whose epsilon is `epsilon`) apart this
    /// axis's neighbouring values are, over `pixels` values: the relative spacing on a log axis,
    /// the spacing relative to the largest magnitude on a linear one.
    pub fn ulps_per_pixel(&self, pixels: u32, epsilon: f64) -> f64 {
        let n = f64::from(pixels.max(2) - 1);
        let relative = match self.scale {
            // Neighbours differ by a factor 10^(decades/n): relative spacing ln 10 · decades / n.
            Scale::Log => std::f64::consts::LN_10 * (self.hi / self.lo).log10() / n,
            Scale::Linear => {
                (self.hi - self.lo) / n / self.lo.abs().max(self.hi.abs()).max(f64::MIN_POSITIVE)
            }
        };
        relative / epsilon
    }
}
