//! Maps: one pixel per instance, y pointing up. Colours come from `colorous` (viridis, magma,
//! Tableau/Set3 categorical palettes).

use crate::model::instance::Status;
use crate::records::{Records, Tally, BASIN_DIVERGED, BASIN_UNSETTLED};
use image::{Rgb, RgbImage};
use serde::Serialize;

/// Colour of diverged instances on every map.
pub const DIVERGED: [u8; 3] = [255, 255, 255];
/// Colour of instances that settled near no known minimum (basin map) or never converged
/// (step map).
pub const UNSETTLED: [u8; 3] = [40, 40, 40];

/// The categorical palette of basins: Tableau10, then Set3.
fn basin_palette() -> &'static [[u8; 3]] {
    static PALETTE: std::sync::OnceLock<Vec<[u8; 3]>> = std::sync::OnceLock::new();
    PALETTE.get_or_init(|| {
        colorous::TABLEAU10
            .iter()
            .chain(colorous::SET3.iter())
            .map(|c| [c.r, c.g, c.b])
            .collect()
    })
}

/// The colour of basin `index` (minima index, global minima first), or of the unsettled /
/// diverged labels. The first `globals` colours of the palette belong to the global minima
/// alone; local minima cycle through the rest, so neighbouring lattice minima (index ±1, ±11)
/// differ.
pub fn basin_colour(index: i32, globals: usize) -> [u8; 3] {
    match index {
        BASIN_DIVERGED => DIVERGED,
        BASIN_UNSETTLED => UNSETTLED,
        i => {
            let palette = basin_palette();
            let i = i as usize;
            let g = globals.min(palette.len() - 1);
            if i < g {
                palette[i]
            } else {
                palette[g + (i - g) % (palette.len() - g)]
            }
        }
    }
}

/// Entries of the continuous colour tables: finer than a screen can show between neighbours.
const LUT: usize = 4096;

/// A continuous colour map sampled into a table, so a pixel costs a lookup.
fn lut(
    g: colorous::Gradient,
    table: &'static std::sync::OnceLock<Vec<[u8; 3]>>,
    u: f64,
) -> [u8; 3] {
    let t = table.get_or_init(|| {
        (0..LUT)
            .map(|i| rgb(g.eval_continuous(i as f64 / (LUT - 1) as f64)))
            .collect()
    });
    t[(u.clamp(0.0, 1.0) * (LUT - 1) as f64 + 0.5) as usize]
}

fn viridis(u: f64) -> [u8; 3] {
    static T: std::sync::OnceLock<Vec<[u8; 3]>> = std::sync::OnceLock::new();
    lut(colorous::VIRIDIS, &T, u)
}

fn magma(u: f64) -> [u8; 3] {
    static T: std::sync::OnceLock<Vec<[u8; 3]>> = std::sync::OnceLock::new();
    lut(colorous::MAGMA, &T, u)
}

/// A step map's pixel: steps to converge (viridis); never converged: dark; diverged: white.
pub fn steps_pixel(status: Status, steps: i32, scale: &Unit) -> [u8; 3] {
    match status {
        Status::Diverged => DIVERGED,
        _ if steps < 0 => UNSETTLED,
        _ => viridis(scale.of(f64::from(steps))),
    }
}

/// A loss map's pixel: f − f* (magma, log scale); diverged: white.
pub fn loss_pixel(status: Status, loss: f64, scale: &Unit, min_value: f64) -> [u8; 3] {
    match status {
        Status::Diverged => DIVERGED,
        _ => magma(scale.of(gap(loss, min_value))),
    }
}

/// `n` colours evenly spaced along the step map's scale, lo first: its colour bar.
pub fn steps_ramp(n: usize) -> Vec<[u8; 3]> {
    (0..n)
        .map(|i| viridis(i as f64 / (n - 1).max(1) as f64))
        .collect()
}

/// `n` colours evenly spaced along the loss map's scale, lo first: its colour bar.
pub fn loss_ramp(n: usize) -> Vec<[u8; 3]> {
    (0..n)
        .map(|i| magma(i as f64 / (n - 1).max(1) as f64))
        .collect()
}

/// The trainability map's colour scale: quantiles of the scores' magnitudes, trained runs and
/// untrained apart, so colours are equalised by rank on each side of the boundary.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RankScale {
    /// |score| at ranks 0, 1/64, …, 1 of the runs that trained (−Σ loss/initial loss).
    pub trained: Vec<f64>,
    /// Likewise of those that did not (Σ initial loss/loss).
    pub untrained: Vec<f64>,
}

/// Quantiles per side of a [`RankScale`].
const RANKS: usize = 64;

impl RankScale {
    pub fn of(h: &crate::records::stats::ScoreHistogram) -> RankScale {
        RankScale {
            trained: h.quantiles(true, RANKS),
            untrained: h.quantiles(false, RANKS),
        }
    }

    /// The rank in [0, 1] of `magnitude` among the quantiles `q` (interpolated in log).
    fn rank(q: &[f64], magnitude: f64) -> f64 {
        let k = q.partition_point(|&v| v < magnitude);
        if q.len() < 2 || k == 0 {
            return 0.0;
        }
        if k >= q.len() {
            return 1.0;
        }
        let (lo, hi) = (q[k - 1].ln(), q[k].ln());
        let within = if hi > lo {
            (magnitude.ln() - lo) / (hi - lo)
        } else {
            0.5
        };
        ((k - 1) as f64 + within.clamp(0.0, 1.0)) / (q.len() - 1) as f64
    }
}

/// Half the gap the trainability map leaves between its two hues at the boundary, so the
/// boundary shows as a change of hue, not a fade through white.
const BOUNDARY_GAP: f64 = 0.08;

/// A trainability map's pixel on a red–blue diverging map: trained runs blue, deepest where
/// they trained fastest (least Σ loss); untrained red, deepest where they diverged soonest;
/// both paler toward the boundary. Unscored: dark.
pub fn trainability_pixel(score: f64, scale: &RankScale) -> [u8; 3] {
    static T: std::sync::OnceLock<Vec<[u8; 3]>> = std::sync::OnceLock::new();
    if !score.is_finite() {
        return UNSETTLED;
    }
    let half = 0.5 - BOUNDARY_GAP;
    let u = if score < 0.0 {
        1.0 - half * RankScale::rank(&scale.trained, -score)
    } else {
        half * RankScale::rank(&scale.untrained, score)
    };
    lut(colorous::RED_BLUE, &T, u)
}

/// `n` colours along the trainability map's bar, lo (diverged soonest) first.
pub fn trainability_ramp(n: usize) -> Vec<[u8; 3]> {
    let scale = RankScale {
        trained: vec![1.0, std::f64::consts::E],
        untrained: vec![1.0, std::f64::consts::E],
    };
    (0..n)
        .map(|i| {
            // Position u along the bar: untrained below the middle, trained above; each half's
            // rank by a made-up scale whose one quantile step spans it.
            let u = i as f64 / (n - 1).max(1) as f64;
            if u < 0.5 {
                trainability_pixel((2.0 * u).exp(), &scale)
            } else {
                trainability_pixel(-(2.0 - 2.0 * u).exp(), &scale)
            }
        })
        .collect()
}

/// Runs whose trainability the map shows.
pub fn trainability_map(r: &Records, scale: &RankScale) -> RgbImage {
    map_image(r, |i| trainability_pixel(r.trainability[i], scale))
}

/// The number of global minima (they lead the list).
pub fn global_count(minima: &[crate::model::objective::Minimum]) -> usize {
    minima.iter().filter(|m| m.global).count()
}

/// The value range a continuous map's colours span, recorded so a colour bar can be drawn.
#[derive(Debug, Clone, Copy, Serialize, PartialEq)]
pub struct ColourScale {
    pub lo: f64,
    pub hi: f64,
    /// True when colours are spaced by log10 of the value.
    pub log: bool,
}

fn log2(v: f64) -> f64 {
    f64::from((v as f32).log2())
}

/// Positions on a [`ColourScale`], in [0, 1], with the scale's logarithms taken once for a
/// map's every pixel; a value's logarithm in f32 (ample for a colour, and the maps' losses are f32 anyway).
#[derive(Debug, Clone, Copy)]
pub struct Unit {
    log: bool,
    floor: f64,
    lo: f64,
    span: f64,
}

impl Unit {
    pub fn new(s: &ColourScale) -> Unit {
        let (lo, hi) = if s.log {
            (log2(s.lo), log2(s.hi))
        } else {
            (s.lo, s.hi)
        };
        Unit {
            log: s.log,
            floor: s.lo,
            lo,
            span: hi - lo,
        }
    }

    pub fn of(&self, v: f64) -> f64 {
        let v = if self.log { log2(v.max(self.floor)) } else { v };
        if self.span > 0.0 {
            ((v - self.lo) / self.span).clamp(0.0, 1.0)
        } else {
            0.5
        }
    }
}

/// Builds an image with y up from a per-instance colour function.
fn map_image(r: &Records, colour: impl Fn(usize) -> [u8; 3]) -> RgbImage {
    RgbImage::from_fn(r.width as u32, r.height as u32, |col, row| {
        let data_row = r.height - 1 - row as usize;
        Rgb(colour(data_row * r.width + col as usize))
    })
}

/// Which minimum each instance ended in.
pub fn basin_map(r: &Records, minima: &[crate::model::objective::Minimum]) -> RgbImage {
    let globals = global_count(minima);
    map_image(r, |i| basin_colour(r.basin[i], globals))
}

/// The colour scale of the step map: converged step counts, min to max; logarithmic when they
/// span more than a factor of 50 (a few slow instances would otherwise flatten the rest).
pub fn steps_scale(tally: &Tally) -> ColourScale {
    let Some((lo, hi)) = tally.steps_range() else {
        return ColourScale {
            lo: 0.0,
            hi: 1.0,
            log: false,
        };
    };
    let (lo, hi) = (f64::from(lo), f64::from(hi));
    if hi / lo.max(1.0) >= 50.0 {
        ColourScale {
            lo: lo.max(1.0),
            hi,
            log: true,
        }
    } else {
        ColourScale { lo, hi, log: false }
    }
}

/// Steps to converge (viridis); never converged: dark; diverged: white.
pub fn steps_map(r: &Records, scale: &ColourScale) -> RgbImage {
    let scale = Unit::new(scale);
    map_image(r, |i| steps_pixel(r.status[i], r.steps[i], &scale))
}

/// The colour scale of the loss map: f − f* on a log scale over the non-diverged instances
/// (the tally measures losses from f*).
pub fn loss_scale(tally: &Tally) -> ColourScale {
    match tally.gap_range {
        None => ColourScale {
            lo: 1e-12,
            hi: 1.0,
            log: true,
        },
        Some((lo, hi)) => {
            let (lo, hi) = (gap(lo, 0.0), gap(hi, 0.0));
            ColourScale {
                lo,
                hi: hi.max(lo * 10.0),
                log: true,
            }
        }
    }
}

/// f − f*, floored so a log scale can show it.
pub fn gap(loss: f64, min_value: f64) -> f64 {
    (loss - min_value).max(1e-12)
}

/// Final loss above the global minimum (magma, log scale); diverged: white.
pub fn loss_map(r: &Records, scale: &ColourScale, min_value: f64) -> RgbImage {
    let scale = Unit::new(scale);
    map_image(r, |i| loss_pixel(r.status[i], r.loss[i], &scale, min_value))
}

fn rgb(c: colorous::Color) -> [u8; 3] {
    [c.r, c.g, c.b]
}
