//! What `optgrid zoom` writes: `frames/NNNN.png` (each frame's map, written as it finishes),
//! `zoom.gif`, `zoom.mp4` where `ffmpeg` is on the PATH, `dimension.png` (the boundary's
//! dimension against zoom depth) and `zoom.json`.

use super::{FrameMap, FramePlan, FrameRecord, ZoomSpec};
use crate::error::{Error, Result};
use crate::output::maps::{self, RankScale};
use crate::output::plot::{fail, render, FONT};
use crate::output::{write_atomic, write_png};
use crate::run::Finished;
use crate::spec::sweep::SweepSpec;
use image::codecs::gif::{GifEncoder, Repeat};
use image::{Delay, Frame, RgbImage, RgbaImage};
use plotters::prelude::*;
use serde::Serialize;
use std::path::Path;

/// The frame's chosen map, one pixel per instance.
pub fn frame_image(map: FrameMap, done: &Finished) -> RgbImage {
    let (r, s) = (&done.records, &done.summary);
    match map {
        FrameMap::Basins => maps::basin_map(r, &done.plan.minima),
        FrameMap::Steps => maps::steps_map(r, &s.colour_scales.steps),
        FrameMap::Loss => maps::loss_map(r, &s.colour_scales.loss, s.global_min_value),
        FrameMap::Trainability => {
            let empty = RankScale {
                trained: Vec::new(),
                untrained: Vec::new(),
            };
            maps::trainability_map(r, s.colour_scales.trainability.as_ref().unwrap_or(&empty))
        }
    }
}

/// `frames/NNNN.png` of frame `k`.
pub fn frame_path(dir: &Path, k: u32) -> std::path::PathBuf {
    dir.join("frames").join(format!("{k:04}.png"))
}

/// Writes frame `k`'s map.
pub fn write_frame(dir: &Path, k: u32, map: FrameMap, done: &Finished) -> Result<()> {
    write_png(&frame_path(dir, k), &frame_image(map, done))
}

/// A looping GIF of `frames`, each shown `delay_ms`.
pub fn gif_bytes(
    frames: impl IntoIterator<Item = Result<RgbImage>>,
    delay_ms: u32,
) -> Result<Vec<u8>> {
    let mut gif = Vec::new();
    {
        let mut encoder = GifEncoder::new_with_speed(&mut gif, 20);
        encoder.set_repeat(Repeat::Infinite).map_err(fail)?;
        for img in frames {
            let img = img?;
            let rgba = RgbaImage::from_fn(img.width(), img.height(), |x, y| {
                let p = img.get_pixel(x, y).0;
                image::Rgba([p[0], p[1], p[2], 255])
            });
            encoder
                .encode_frame(Frame::from_parts(
                    rgba,
                    0,
                    0,
                    Delay::from_numer_denom_ms(delay_ms, 1),
                ))
                .map_err(fail)?;
        }
    }
    Ok(gif)
}

/// `zoom.gif` from the frames written, each shown `delay_ms`, looping.
pub fn write_gif(dir: &Path, frames: u32, delay_ms: u32) -> Result<()> {
    let images = (0..frames).map(|k| {
        let path = frame_path(dir, k);
        image::open(&path)
            .map(|img| img.to_rgb8())
            .map_err(|e| Error::internal(format!("cannot read {}: {e}", path.display())))
    });
    write_atomic(&dir.join("zoom.gif"), &gif_bytes(images, delay_ms)?)
}

/// `zoom.mp4` through ffmpeg (H.264) when it is on the PATH; returns whether it was written.
/// Encoded under a temporary name and renamed, so a failed encode leaves nothing.
pub fn write_mp4(dir: &Path, fps: u32) -> Result<bool> {
    let found = std::process::Command::new("ffmpeg")
        .arg("-version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        return Ok(false);
    }
    let partial = dir.join(".zoom.partial.mp4");
    let status = std::process::Command::new("ffmpeg")
        .args([
            "-y",
            "-loglevel",
            "error",
            "-framerate",
            &fps.to_string(),
            "-i",
        ])
        .arg(dir.join("frames").join("%04d.png"))
        // Even sides for yuv420p; nearest-neighbour keeps each pixel's colour sharp.
        .args([
            "-vf",
            "scale=trunc(iw/2)*2:trunc(ih/2)*2:flags=neighbor",
            "-c:v",
            "libx264",
            "-pix_fmt",
            "yuv420p",
            "-f",
            "mp4",
        ])
        .arg(&partial)
        .status()
        .map_err(|e| Error::internal(format!("cannot run ffmpeg: {e}")))?;
    if !status.success() {
        let _ = std::fs::remove_file(&partial);
        return Err(Error::internal(format!(
            "ffmpeg could not encode zoom.mp4 ({status})"
        )));
    }
    std::fs::rename(&partial, dir.join("zoom.mp4")).map_err(|e| Error::cannot_write(dir, e))?;
    Ok(true)
}

/// `dimension.png`: the fitted box-counting dimension and the median of local slopes at each
/// depth, with the line of a smooth boundary (1) for reference.
pub fn dimension_image(frames: &[FrameRecord], title: &str) -> Result<RgbImage> {
    render(900, 520, |root| {
        let points: Vec<(f64, f64, f64)> = frames
            .iter()
            .filter_map(|f| {
                f.boundary_dimension
                    .as_ref()
                    .map(|d| (f.depth, d.dimension, d.median_local_slope))
            })
            .collect();
        let depth_max = frames.last().map_or(1.0, |f| f.depth).max(1e-9);
        let (lo, hi) = points.iter().fold((0.9f64, 2.0f64), |(lo, hi), p| {
            (lo.min(p.1).min(p.2), hi.max(p.1).max(p.2))
        });
        let mut chart = ChartBuilder::on(root)
            .caption(title, (FONT, 20))
            .margin(16)
            .x_label_area_size(44)
            .y_label_area_size(56)
            .build_cartesian_2d(0.0..depth_max, (lo - 0.05)..(hi + 0.05))
            .map_err(fail)?;
        chart
            .configure_mesh()
            .x_desc("zoom depth (decades: log10 of the first width over the frame's)")
            .y_desc("boundary dimension")
            .label_style((FONT, 13))
            .draw()
            .map_err(fail)?;
        let grey = RGBColor(150, 150, 150).stroke_width(3);
        chart
            .draw_series(LineSeries::new([(0.0, 1.0), (depth_max, 1.0)], grey))
            .map_err(fail)?
            .label("smooth curve (1)")
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], grey));
        let fitted = RGBColor(31, 119, 180);
        let local = RGBColor(214, 39, 40);
        chart
            .draw_series(LineSeries::new(points.iter().map(|p| (p.0, p.1)), fitted))
            .map_err(fail)?
            .label("fitted slope")
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], fitted));
        chart
            .draw_series(
                points
                    .iter()
                    .map(|p| Circle::new((p.0, p.1), 3, fitted.filled())),
            )
            .map_err(fail)?;
        chart
            .draw_series(LineSeries::new(points.iter().map(|p| (p.0, p.2)), local))
            .map_err(fail)?
            .label("median of local slopes")
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], local));
        crate::output::plot::legend(&mut chart, SeriesLabelPosition::UpperRight, 13)
    })
}

/// `zoom.json`: the zoom asked for, the base sweep, and what every frame measured.
#[derive(Debug, Serialize)]
pub struct ZoomSummary<'a> {
    pub optgrid_version: &'static str,
    pub zoom: &'a ZoomSpec,
    pub spec: &'a SweepSpec,
    pub frames: &'a [FrameRecord],
    pub files: Vec<String>,
}

/// Writes the files made from every frame once they are all done; returns their names.
pub fn finish(
    dir: &Path,
    zoom: &ZoomSpec,
    plans: &[FramePlan],
    frames: &[FrameRecord],
    fps: u32,
) -> Result<Vec<String>> {
    if frames.len() != plans.len() {
        return Err(Error::internal(format!(
            "zoom: {} frames recorded of {} planned",
            frames.len(),
            plans.len()
        )));
    }
    let mut files = vec![format!("frames/0000..{:04}.png", frames.len() - 1)];
    write_gif(dir, frames.len() as u32, 1000 / fps.max(1))?;
    files.push("zoom.gif".into());
    if write_mp4(dir, fps)? {
        files.push("zoom.mp4".into());
    }
    let base = &plans[0].spec;
    let title = format!(
        "{} on {}: {} boundary, {} × {} zoom",
        base.optimizer.name(),
        base.objective.name().replace('\n', " "),
        base.dimension.unwrap_or(zoom.map.boundary()).name(),
        base.x.quantity,
        base.y.quantity
    );
    write_png(
        &dir.join("dimension.png"),
        &dimension_image(frames, &title)?,
    )?;
    files.extend(["dimension.png".into(), "zoom.json".into()]);
    let summary = ZoomSummary {
        optgrid_version: env!("CARGO_PKG_VERSION"),
        zoom,
        spec: base,
        frames,
        files: files.clone(),
    };
    let json = serde_json::to_vec_pretty(&summary)
        .map_err(|e| Error::internal(format!("cannot encode zoom.json: {e}")))?;
    write_atomic(&dir.join("zoom.json"), &json)?;
    Ok(files)
}
