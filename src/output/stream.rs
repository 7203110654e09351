//! A map's files written while it is computed: records arrive block by block, in row order, and
//! leave at once — into `result.npz` at their place in the file, into the statistics, into a
//! downsampled preview for `figure.png` — so a map of any size needs memory for one block.
//!
//! The full-resolution PNGs need the colour scales, known only once every block is in; they are
//! drawn afterwards, row block by row block, from the columns already in `result.npz`, the
//! three maps encoded in parallel. A map held whole in memory goes through the same writer as
//! one block, so both give the same files.

use super::maps;
use super::npz::{result_arrays, result_layout, status_codes, Layout, NpzWriter, PER_INSTANCE};
use super::summary::Summary;
use super::{write_atomic, write_atomic_with, write_png};
use crate::error::{Error, Result};
use crate::model::instance::Status;
use crate::records::{Records, Tally};
use crate::spec::plan::Plan;
use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Which files a sweep writes (`--outputs`). `summary.json` and `spec.toml` always.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outputs {
    /// `result.npz`.
    pub npz: bool,
    /// `basins.png`, `steps.png`, `loss.png` at full resolution.
    pub maps: bool,
    /// `figure.png`.
    pub figure: bool,
}

impl Outputs {
    pub const ALL: Outputs = Outputs {
        npz: true,
        maps: true,
        figure: true,
    };

    /// What is left to write once the engine is done, for a progress line.
    pub fn describe(&self) -> String {
        let mut files = Vec::new();
        if self.maps {
            files.push("basins.png, steps.png, loss.png");
        }
        if self.figure {
            files.push("figure.png");
        }
        if self.npz {
            files.push("result.npz");
        }
        format!("writing {}", files.join(", "))
    }

    /// Parses `npz,maps,figure` (any non-empty subset, or `all`).
    pub fn parse(text: &str) -> Result<Outputs> {
        let mut o = Outputs {
            npz: false,
            maps: false,
            figure: false,
        };
        for word in text.split(',').map(str::trim) {
            match word {
                "npz" => o.npz = true,
                "maps" => o.maps = true,
                "figure" => o.figure = true,
                "all" => o = Outputs::ALL,
                _ => {
                    return Err(Error::new(format!(
                        "outputs: '{word}' is not an output; allowed: npz, maps, figure (comma-separated), or all"
                    )))
                }
            }
        }
        Ok(o)
    }
}

/// Seconds spent on each output of a sweep, after the engine (`summary.json`'s
/// `output_seconds`).
#[derive(Debug, Clone, Copy, Default, Serialize, serde::Deserialize, PartialEq)]
pub struct OutputSeconds {
    /// Counting statistics and sampling the preview.
    pub stats: f64,
    pub npz: f64,
    pub basins_png: f64,
    pub steps_png: f64,
    pub loss_png: f64,
    pub figure: f64,
    /// The wall time the writer added to the run: waiting for it while the engine had the next
    /// block ready, then finishing. Blocks are written while the engine computes the next one
    /// and the PNGs overlap, so this is less than the sum.
    pub total: f64,
}

/// The largest preview side: `figure.png` draws each map in a cell some 380 pixels wide, so a
/// 1024² sample shows everything a figure can.
pub const PREVIEW_SIDE: usize = 1024;

/// A `result.npz` (or a shard's) being written block by block under a temporary name; removed
/// unless [`NpzFile::commit`]ted.
pub struct NpzFile {
    writer: Option<NpzWriter<BufWriter<File>>>,
    tmp: PathBuf,
    path: PathBuf,
}

impl NpzFile {
    /// Starts `path` for `rows` rows of `plan`'s map; the axis values are written at once.
    pub fn create(path: &Path, plan: &Plan, rows: usize) -> Result<NpzFile> {
        let [xs, ys] = &plan.axis_values;
        let layout = result_layout(plan.width(), rows, xs, ys);
        let tmp = temp_name(path);
        let fail =
            |e: std::io::Error| Error::new(format!("cannot write '{}': {e}", path.display()));
        let file = File::create(&tmp).map_err(fail)?;
        let mut f = NpzFile {
            writer: None,
            tmp,
            path: path.to_path_buf(),
        };
        let mut w =
            NpzWriter::new(BufWriter::with_capacity(1 << 20, file), layout).map_err(fail)?;
        let shape = Records::default();
        let arrays = result_arrays(&shape, &[], xs, ys);
        for (i, (_, array, _)) in arrays.iter().enumerate().skip(PER_INSTANCE) {
            w.append(i, &array.le_bytes()).map_err(fail)?;
        }
        f.writer = Some(w);
        Ok(f)
    }

    /// Appends the next rows.
    pub fn push(&mut self, r: &Records) -> Result<()> {
        let status = status_codes(r);
        let w = self.writer.as_mut().expect("open");
        let arrays = result_arrays(r, &status, &[], &[]);
        for (i, (_, array, _)) in arrays.iter().enumerate().take(PER_INSTANCE) {
            w.append(i, &array.le_bytes())
                .map_err(|e| Error::new(format!("cannot write '{}': {e}", self.path.display())))?;
        }
        Ok(())
    }

    /// Completes the file (still under its temporary name) and returns its layout and each
    /// member's CRC-32.
    pub fn finish(&mut self) -> Result<(Layout, Vec<u32>)> {
        let w = self.writer.take().expect("open");
        let layout = w.layout().clone();
        let crcs = w.crcs();
        let fail =
            |e: std::io::Error| Error::new(format!("cannot write '{}': {e}", self.path.display()));
        let file = w.finish().map_err(fail)?;
        file.into_inner()
            .map_err(|e| fail(e.into_error()))?
            .sync_all()
            .map_err(fail)?;
        Ok((layout, crcs))
    }

    /// The finished file, for reading back.
    fn reader(&self) -> Result<File> {
        File::open(&self.tmp)
            .map_err(|e| Error::new(format!("cannot read '{}': {e}", self.tmp.display())))
    }

    /// Renames the finished file to its name.
    pub fn commit(mut self) -> Result<()> {
        std::fs::rename(&self.tmp, &self.path)
            .map_err(|e| Error::new(format!("cannot write '{}': {e}", self.path.display())))?;
        self.tmp = PathBuf::new();
        Ok(())
    }
}

impl Drop for NpzFile {
    fn drop(&mut self) {
        if !self.tmp.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

fn temp_name(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}

/// Where a block of records goes: `result.npz`, the statistics and the preview. Owned by the
/// writer's thread.
struct Sink {
    npz: Option<NpzFile>,
    tally: Tally,
    preview: Preview,
    rows_done: usize,
    width: usize,
    seconds: OutputSeconds,
}

impl Sink {
    fn take(&mut self, block: &Records) -> Result<()> {
        debug_assert_eq!(block.first, self.rows_done * self.width);
        debug_assert_eq!(block.len() % self.width, 0);
        let t = Instant::now();
        self.tally.add(block);
        self.preview.add(block, self.rows_done);
        self.seconds.stats += t.elapsed().as_secs_f64();
        let t = Instant::now();
        if let Some(npz) = &mut self.npz {
            npz.push(block)?;
        }
        self.seconds.npz += t.elapsed().as_secs_f64();
        self.rows_done += block.len() / self.width;
        Ok(())
    }
}

/// A map's files, written as its records arrive. Blocks are taken on a thread of the writer's
/// own, so the engine computes the next block while this one is written; at most one block
/// waits, so memory holds about two.
pub struct MapWriter<'a> {
    dir: PathBuf,
    plan: &'a Plan,
    outputs: Outputs,
    send: Option<std::sync::mpsc::SyncSender<Records>>,
    worker: Option<std::thread::JoinHandle<Result<Sink>>>,
    /// Seconds the caller waited in [`MapWriter::push`] for the writer's thread.
    waited: f64,
}

impl<'a> MapWriter<'a> {
    /// Starts writing `plan`'s map into `dir` (which must exist).
    pub fn create(dir: &Path, plan: &'a Plan, outputs: Outputs) -> Result<MapWriter<'a>> {
        let npz = if outputs.npz || outputs.maps {
            Some(NpzFile::create(
                &dir.join("result.npz"),
                plan,
                plan.height(),
            )?)
        } else {
            None
        };
        let mut sink = Sink {
            npz,
            tally: Tally::new(plan.minima.len(), plan.global_value()),
            preview: Preview::new(plan.width(), plan.height()),
            rows_done: 0,
            width: plan.width(),
            seconds: OutputSeconds::default(),
        };
        let (send, receive) = std::sync::mpsc::sync_channel::<Records>(0);
        let worker = std::thread::Builder::new()
            .name("optgrid-writer".into())
            .spawn(move || {
                for block in receive {
                    sink.take(&block)?;
                }
                Ok(sink)
            })
            .map_err(|e| Error::new(format!("cannot start the writer thread: {e}")))?;
        Ok(MapWriter {
            dir: dir.to_path_buf(),
            plan,
            outputs,
            send: Some(send),
            worker: Some(worker),
            waited: 0.0,
        })
    }

    /// Takes the next whole rows of the map, labelled; returns once the previous block is
    /// written.
    pub fn push(&mut self, block: Records) -> Result<()> {
        let t = Instant::now();
        let sent = self.send.as_ref().expect("open").send(block);
        self.waited += t.elapsed().as_secs_f64();
        if sent.is_err() {
            // The writer stopped on an error: that error.
            return self.join().map(|_| ());
        }
        Ok(())
    }

    /// Waits for the writer's thread to write every block sent.
    fn join(&mut self) -> Result<Sink> {
        self.send = None;
        match self.worker.take().expect("joined once").join() {
            Ok(result) => result,
            Err(_) => Err(Error::new("internal: the writer thread panicked")),
        }
    }

    /// Writes the maps, the figure, `result.npz`, `spec.toml` and `summary.json`, the summary
    /// made by `summarize` from the map's statistics; returns it and the figure's preview.
    pub fn finish(
        mut self,
        summarize: impl FnOnce(&Tally) -> Summary,
    ) -> Result<(Summary, Records)> {
        let started = Instant::now();
        let mut sink = self.join()?;
        if sink.rows_done != self.plan.height() {
            return Err(Error::new(format!(
                "internal: {} of {} rows written",
                sink.rows_done,
                self.plan.height()
            )));
        }
        let mut summary = summarize(&sink.tally);
        let mut seconds = sink.seconds;
        let mut files = Vec::new();
        if self.outputs.figure {
            files.push("figure.png");
        }
        let layout = match &mut sink.npz {
            Some(npz) => {
                let t = Instant::now();
                let (layout, _) = npz.finish()?;
                seconds.npz += t.elapsed().as_secs_f64();
                Some(layout)
            }
            None => None,
        };
        if self.outputs.maps {
            let npz = sink.npz.as_ref().expect("maps read the columns");
            let layout = layout.as_ref().expect("finished");
            let [b, s, l] = self.write_maps(npz, layout, &summary)?;
            (seconds.basins_png, seconds.steps_png, seconds.loss_png) = (b, s, l);
            files.extend(["basins.png", "steps.png", "loss.png"]);
        }
        let preview = sink.preview.records;
        if self.outputs.figure {
            let t = Instant::now();
            let row = super::figure::Row {
                label: String::new(),
                spec: &summary.spec,
                plan: self.plan,
                records: &preview,
                stats: &summary.stats,
            };
            let img = super::figure::draw(
                &[row],
                &super::figure::title(&summary.spec),
                &summary.colour_scales.steps,
                &summary.colour_scales.loss,
            )?;
            write_png(&self.dir.join("figure.png"), &img)?;
            seconds.figure = t.elapsed().as_secs_f64();
        }
        if let Some(npz) = sink.npz.take() {
            if self.outputs.npz {
                npz.commit()?;
                files.push("result.npz");
            }
        }
        files.extend(["summary.json", "spec.toml"]);
        seconds.total = self.waited + started.elapsed().as_secs_f64();
        summary.files = files.into_iter().map(String::from).collect();
        summary.output_seconds = Some(seconds);
        write_atomic(
            &self.dir.join("spec.toml"),
            super::sweep::spec_toml(&summary.spec)?.as_bytes(),
        )?;
        let json = serde_json::to_vec_pretty(&summary)
            .map_err(|e| Error::new(format!("cannot encode summary.json: {e}")))?;
        write_atomic(&self.dir.join("summary.json"), &json)?;
        Ok((summary, preview))
    }

    /// The three full-resolution maps, each streamed from the columns in `npz`, in parallel;
    /// returns the seconds each took.
    fn write_maps(&self, npz: &NpzFile, layout: &Layout, s: &Summary) -> Result<[f64; 3]> {
        let globals = maps::global_count(&self.plan.minima);
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
        let jobs: [(&str, Box<Painter>, Vec<usize>); 3] = [
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
        let results: Vec<Result<f64>> = std::thread::scope(|scope| {
            let handles: Vec<_> = jobs
                .iter()
                .map(|(name, colour, needs)| {
                    scope.spawn(move || {
                        let t = Instant::now();
                        let file = npz.reader()?;
                        let path = self.dir.join(name);
                        write_atomic_with(&path, |out| {
                            stream_map(out, &file, layout, self.plan, needs, colour.as_ref())
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
        let mut seconds = [0.0; 3];
        for (i, r) in results.into_iter().enumerate() {
            seconds[i] = r?;
        }
        Ok(seconds)
    }
}

/// A map's colour of instance `i` of a block of columns.
type Painter = dyn Fn(&Records, usize) -> [u8; 3] + Sync;

impl Drop for MapWriter<'_> {
    /// A writer given up (an error elsewhere) waits for its thread, which removes the
    /// unfinished `result.npz`: nothing is left behind when the process then exits.
    fn drop(&mut self) {
        if self.worker.is_some() {
            let _ = self.join();
        }
    }
}

/// Reads rows `rows` of the per-instance members `members` of a finished `result.npz` (or
/// `shard.npz`) laid out by `layout` into the matching columns of `r` (the f32 columns widened
/// exactly); `seen(member, bytes)` sees each member's bytes as read, for checksums.
pub fn read_columns(
    file: &File,
    layout: &Layout,
    width: usize,
    rows: Range<usize>,
    members: impl IntoIterator<Item = usize>,
    r: &mut Records,
    mut seen: impl FnMut(usize, &[u8]),
) -> std::io::Result<()> {
    let mut bytes = Vec::new();
    let f32s = |b: &[u8]| -> Vec<f64> {
        b.chunks_exact(4)
            .map(|b| f64::from(f32::from_le_bytes(b.try_into().unwrap())))
            .collect()
    };
    let i32s = |b: &[u8]| -> Vec<i32> {
        b.chunks_exact(4)
            .map(|b| i32::from_le_bytes(b.try_into().unwrap()))
            .collect()
    };
    for m in members {
        let member = &layout.members[m];
        let size = member.dtype.size() as usize;
        bytes.resize(rows.len() * width * size, 0);
        file.read_exact_at(
            &mut bytes,
            member.data_at + (rows.start * width * size) as u64,
        )?;
        seen(m, &bytes);
        match member.name.as_str() {
            "final_x.npy" => r.final_x = f32s(&bytes),
            "final_y.npy" => r.final_y = f32s(&bytes),
            "loss.npy" => r.loss = f32s(&bytes),
            "steps.npy" => r.steps = i32s(&bytes),
            "basin.npy" => r.basin = i32s(&bytes),
            "status.npy" => r.status = bytes.iter().map(|&b| Status::from_code(b.into())).collect(),
            other => {
                return Err(std::io::Error::other(format!(
                    "{other} is not a per-instance column"
                )))
            }
        }
    }
    Ok(())
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

/// A downsampled copy of a map, at most [`PREVIEW_SIDE`] a side, sampled as rows arrive:
/// column `i` of the preview is column `i·width/pw` of the map (all of it when small).
struct Preview {
    records: Records,
    width: usize,
    height: usize,
}

impl Preview {
    fn new(width: usize, height: usize) -> Preview {
        let (pw, ph) = (width.min(PREVIEW_SIDE), height.min(PREVIEW_SIDE));
        Preview {
            records: Records {
                width: pw,
                height: ph,
                ..Records::default()
            },
            width,
            height,
        }
    }

    /// Samples the preview rows that fall in `block`, whose first row is `row0`.
    fn add(&mut self, block: &Records, row0: usize) {
        let (pw, ph) = (self.records.width, self.records.height);
        let rows: Range<usize> = row0..row0 + block.len() / self.width;
        // Preview row j samples map row j·height/ph.
        let first = (rows.start * ph).div_ceil(self.height);
        for j in first..ph {
            let src = j * self.height / ph;
            if src >= rows.end {
                break;
            }
            for i in 0..pw {
                let k = (src - row0) * self.width + i * self.width / pw;
                let p = &mut self.records;
                p.final_x.push(block.final_x[k]);
                p.final_y.push(block.final_y[k]);
                p.loss.push(block.loss[k]);
                p.steps.push(block.steps[k]);
                p.status.push(block.status[k]);
                p.basin.push(block.basin[k]);
            }
        }
    }
}
