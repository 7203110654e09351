//! Maps: one pixel per instance, y pointing up. Colours come from `colorous` (viridis, magma,
//! Tableau/Set3 categorical palettes).

use crate::model::instance::Status;
use crate::records::{Records, BASIN_DIVERGED, BASIN_UNSETTLED};
use image::{Rgb, RgbImage};
use serde::Serialize;

/// Colour of diverged instances on every map.
pub const DIVERGED: [u8; 3] = [255, 255, 255];
/// Colour of instances that settled near no known minimum (basin map) or never converged
/// (step map).
pub const UNSETTLED: [u8; 3] = [40, 40, 40];

/// The colour of basin `index` (minima index, global minima first), or of the unsettled /
/// diverged labels. The first `globals` colours of the palette belong to the global minima
/// alone; local minima cycle through the rest, so neighbouring lattice minima (index ±1, ±11)
/// differ.
pub fn basin_colour(index: i32, globals: usize) -> [u8; 3] {
    match index {
        BASIN_DIVERGED => DIVERGED,
        BASIN_UNSETTLED => UNSETTLED,
        i => {
            let palette: Vec<colorous::Color> = colorous::TABLEAU10
                .iter()
                .chain(colorous::SET3.iter())
                .copied()
                .collect();
            let i = i as usize;
            let g = globals.min(palette.len() - 1);
            let c = if i < g {
                palette[i]
            } else {
                palette[g + (i - g) % (palette.len() - g)]
            };
            [c.r, c.g, c.b]
        }
    }
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

impl ColourScale {
    /// Position of `v` in [0, 1].
    pub fn unit(&self, v: f64) -> f64 {
        let (v, lo, hi) = if self.log {
            (v.max(self.lo).log10(), self.lo.log10(), self.hi.log10())
        } else {
            (v, self.lo, self.hi)
        };
        if hi > lo {
            ((v - lo) / (hi - lo)).clamp(0.0, 1.0)
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
pub fn steps_scale(r: &Records) -> ColourScale {
    let (lo, hi) = r
        .steps
        .iter()
        .filter(|&&s| s >= 0)
        .fold((i32::MAX, i32::MIN), |(lo, hi), &s| (lo.min(s), hi.max(s)));
    if lo > hi {
        return ColourScale {
            lo: 0.0,
            hi: 1.0,
            log: false,
        };
    }
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
    map_image(r, |i| match r.status[i] {
        Status::Diverged => DIVERGED,
        _ if r.steps[i] < 0 => UNSETTLED,
        _ => rgb(colorous::VIRIDIS.eval_continuous(scale.unit(f64::from(r.steps[i])))),
    })
}

/// The colour scale of the loss map: f − f* on a log scale over the non-diverged instances.
pub fn loss_scale(r: &Records, min_value: f64) -> ColourScale {
    let (lo, hi) = r
        .loss
        .iter()
        .zip(&r.status)
        .filter(|(_, s)| **s != Status::Diverged)
        .map(|(l, _)| gap(*l, min_value))
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), g| {
            (lo.min(g), hi.max(g))
        });
    if lo > hi {
        ColourScale {
            lo: 1e-12,
            hi: 1.0,
            log: true,
        }
    } else {
        ColourScale {
            lo,
            hi: hi.max(lo * 10.0),
            log: true,
        }
    }
}

/// f − f*, floored so a log scale can show it.
pub fn gap(loss: f64, min_value: f64) -> f64 {
    (loss - min_value).max(1e-12)
}

/// Final loss above the global minimum (magma, log scale); diverged: white.
pub fn loss_map(r: &Records, scale: &ColourScale, min_value: f64) -> RgbImage {
    map_image(r, |i| match r.status[i] {
        Status::Diverged => DIVERGED,
        _ => rgb(colorous::MAGMA.eval_continuous(scale.unit(gap(r.loss[i], min_value)))),
    })
}

fn rgb(c: colorous::Color) -> [u8; 3] {
    [c.r, c.g, c.b]
}
