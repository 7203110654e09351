//! The full-resolution maps (`basins.png`, `steps.png`, `loss.png`, and `trainability.png` when
//! the sweep scores it), streamed from the columns
//! of a finished `result.npz` row block by row block — the colour scales are known only once
//! every block is in — and encoded in parallel with png's fast compression.

use super::maps;
use super::npz::{read_columns, Layout, NpzFile};
use super::summary::Summary;
use super::write_atomic_with;
use crate::error::Result;
use crate::records::Records;
use crate::spec::plan::Plan;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

/// A map's colour of instance `i` of a block of columns.
type Painter = dyn Fn(&Records, usize) -> [u8; 3] + Sync;

/// The maps of `plan` into `dir`, each streamed from the columns of the finished `npz`, in
/// parallel; returns each file's name and the seconds it took.
pub fn write_maps(
    dir: &Path,
    plan: &Plan,
    npz: &NpzFile,
    layout: &Layout,
    s: &Summary,
) -> Result<Vec<(&'static str, f64)>> {
    let globals = maps::global_count(&plan.minima);
    let min_value = s.global_min_value;
    let steps_scale = maps::Unit::new(&s.colour_scales.steps);
    let loss_scale = maps::Unit::new(&s.colour_scales.loss);
    let column = |name: &str| layout.index(name).expect("a result.npz column");
    let (basin, status, steps, loss) = (
        column("basin"),
        column("status"),
        column("steps"),
        column("loss"),
    );
    let mut jobs: Vec<(&'static str, Box<Painter>, Vec<usize>)> = vec![
        (
            "basins.png",
            Box::new(move |c: &Records, i| maps::basin_colour(c.basin[i], globals)),
            vec![basin],
        ),
        (
            "steps.png",
            Box::new(move |c: &Records, i| {
                maps::steps_pixel(c.status[i], c.steps[i], &steps_scale)
            }),
            vec![status, steps],
        ),
        (
            "loss.png",
            Box::new(move |c: &Records, i| {
                maps::loss_pixel(c.status[i], c.loss[i], &loss_scale, min_value)
            }),
            vec![status, loss],
        ),
    ];
    if let Some(scale) = s.colour_scales.trainability.clone() {
        jobs.push((
            "trainability.png",
            Box::new(move |c: &Records, i| maps::trainability_pixel(c.trainability[i], &scale)),
            vec![column("trainability")],
        ));
    }
    let results: Vec<Result<f64>> = std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|(name, colour, needs)| {
                scope.spawn(move || {
                    let t = Instant::now();
                    let file = npz.reader()?;
                    write_atomic_with(&dir.join(name), |out| {
                        stream_map(out, &file, layout, plan, needs, colour.as_ref())
                    })?;
                    Ok(t.elapsed().as_secs_f64())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a map writer panicked"))
            .collect()
    });
    jobs.iter()
        .zip(results)
        .map(|((name, _, _), r)| Ok((*name, r?)))
        .collect()
}

/// Rows per block when drawing a map: a few MB of columns.
fn map_block_rows(width: usize) -> usize {
    ((1 << 20) / width.max(1)).max(1)
}

/// Encodes one map as PNG into `out`, y up: the last data row first, read block by block from
/// the members `needs` of the finished `result.npz` in `file`.
fn stream_map(
    out: &mut File,
    file: &File,
    layout: &Layout,
    plan: &Plan,
    needs: &[usize],
    colour: &Painter,
) -> std::io::Result<()> {
    let (w, h) = (plan.width(), plan.height());
    let mut encoder = png::Encoder::new(BufWriter::with_capacity(1 << 20, out), w as u32, h as u32);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(std::io::Error::other)?;
    let mut stream = writer
        .stream_writer_with_size(1 << 20)
        .map_err(std::io::Error::other)?;
    let block = map_block_rows(w);
    let mut cols = Records::default();
    let mut pixels = Vec::with_capacity(block * w * 3);
    let mut end = h;
    while end > 0 {
        let start = end.saturating_sub(block);
        read_columns(
            file,
            layout,
            w,
            start..end,
            needs.iter().copied(),
            &mut cols,
            |_, _| {},
        )?;
        pixels.clear();
        for row in (0..end - start).rev() {
            for i in row * w..(row + 1) * w {
                pixels.extend_from_slice(&colour(&cols, i));
            }
        }
        stream.write_all(&pixels)?;
        end = start;
    }
    stream.finish().map_err(std::io::Error::other)?;
    writer.finish().map_err(std::io::Error::other)?;
    Ok(())
}
