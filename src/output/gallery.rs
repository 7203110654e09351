//! `gallery.png`: many maps' basins small, side by side in a grid, labelled — every optimizer
//! at its tuned best in one picture (`optgrid tune` writes it into `best/`), where `sheet.png`
//! gives each map a row of its own.

use super::maps;
use super::plot::{fail, render, FONT};
use super::sweep::Map;
use crate::error::Result;
use image::RgbImage;
use plotters::element::BitMapElement;
use plotters::prelude::*;

/// A tile's side in pixels, the space under it for its label, and the gaps.
const TILE: u32 = 176;
const LABEL_H: u32 = 40;
const GAP: u32 = 14;
const HEAD_H: u32 = 64;

/// The gallery of `maps` in the order given (each with its label), under `heading`: each map's
/// basins with its converged share and median steps, on the basin colours of `figure.png`.
pub fn gallery(maps: &[(String, Map)], heading: &str) -> Result<RgbImage> {
    let n = maps.len().max(1) as u32;
    let columns = n.min(7);
    let rows = n.div_ceil(columns);
    let w = GAP + columns * (TILE + GAP);
    let h = HEAD_H + rows * (TILE + LABEL_H + GAP);
    render(w, h, |root| {
        let text = |s: &str, at: (i32, i32), size: f64, bold: bool| {
            let style = if bold {
                (FONT, size, FontStyle::Bold).into_font()
            } else {
                (FONT, size).into_font()
            };
            root.draw(&Text::new(s.to_string(), at, style.color(&BLACK)))
                .map_err(fail)
        };
        text(heading, (GAP as i32, 10), 20.0, false)?;
        text(
            "colour: the minimum each start reached (as in figure.png) · dark: unsettled · white: diverged",
            (GAP as i32, 38),
            13.0,
            false,
        )?;
        for (k, (label, map)) in maps.iter().enumerate() {
            let (col, row) = (k as u32 % columns, k as u32 / columns);
            let x = GAP + col * (TILE + GAP);
            let y = HEAD_H + row * (TILE + LABEL_H + GAP);
            let basins = maps::basin_map(map.records, &map.plan.minima);
            let tile =
                image::imageops::resize(&basins, TILE, TILE, image::imageops::FilterType::Nearest);
            let element = BitMapElement::<_>::with_owned_buffer(
                (x as i32, y as i32),
                (TILE, TILE),
                tile.into_raw(),
            )
            .ok_or_else(|| fail("gallery tile size"))?;
            root.draw(&element).map_err(fail)?;
            root.draw(&Rectangle::new(
                [(x as i32, y as i32), ((x + TILE) as i32, (y + TILE) as i32)],
                BLACK.stroke_width(1),
            ))
            .map_err(fail)?;
            let stats = &map.summary.stats;
            let steps = stats
                .steps_percentiles
                .p50
                .map_or("none converged".to_string(), |s| {
                    format!("median {s} steps")
                });
            text(label, (x as i32, (y + TILE + 4) as i32), 14.0, true)?;
            text(
                &format!(
                    "{:.1}% converged, {steps}",
                    100.0 * stats.converged_fraction
                ),
                (x as i32, (y + TILE + 22) as i32),
                11.0,
                false,
            )?;
        }
        Ok(())
    })
}
