//! `result.npz`: a map's [`COLUMNS`] as numpy arrays — built whole from records held in memory,
//! written in place block by block as a map streams in ([`NpzFile`]), and read back by rows
//! ([`read_columns`]) for the full-resolution PNGs and the merge of shards.

use super::{Array, Layout, NpzWriter};
use crate::error::{Error, Result};
use crate::output::AtomicFile;
use crate::records::columns::{Codec, Shape, F64};
use crate::records::{Records, COLUMNS, PER_INSTANCE};
use crate::spec::plan::Plan;
use std::fs::File;
use std::io::BufWriter;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The arrays of `result.npz`, one per column of [`COLUMNS`] in order: the per-instance ones of
/// `r` shaped (`r.height`, `r.width`) — or as many rows as `r` holds —, then the axis values.
/// What the file holds and what the Python package hands out.
pub fn result_arrays<'a>(
    r: &'a Records,
    x_values: &'a [f64],
    y_values: &'a [f64],
) -> Vec<Array<'a>> {
    COLUMNS
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let (shape, bytes) = match c.shape {
                Shape::Map => (
                    vec![(r.len() / r.width.max(1)) as u64, r.width as u64],
                    r.column_bytes(k),
                ),
                Shape::XAxis => (vec![x_values.len() as u64], F64::encode(x_values)),
                Shape::YAxis => (vec![y_values.len() as u64], F64::encode(y_values)),
            };
            Array {
                name: c.name,
                dtype: c.dtype,
                shape,
                bytes,
            }
        })
        .collect()
}

/// Writes the `result.npz` of records held in memory, atomically.
pub fn write_result_npz(
    path: &Path,
    r: &Records,
    x_values: &[f64],
    y_values: &[f64],
) -> Result<()> {
    super::write_npz(path, &result_arrays(r, x_values, y_values))
}

/// The layout of a `result.npz` with `rows` rows of `width` and these axis values.
pub fn result_layout(width: usize, rows: usize, x_values: &[f64], y_values: &[f64]) -> Layout {
    let members: Vec<_> = COLUMNS
        .iter()
        .map(|c| {
            let shape = match c.shape {
                Shape::Map => vec![rows as u64, width as u64],
                Shape::XAxis => vec![x_values.len() as u64],
                Shape::YAxis => vec![y_values.len() as u64],
            };
            (c.name, c.dtype, shape)
        })
        .collect();
    Layout::new(&members)
}

/// A `result.npz` (or a shard's) being written block by block, with no name until
/// [`NpzFile::commit`]ted ([`AtomicFile`]): a failed or killed run leaves nothing.
pub struct NpzFile {
    writer: Option<NpzWriter<BufWriter<File>>>,
    file: AtomicFile,
    path: PathBuf,
}

impl NpzFile {
    /// Starts `path` for `rows` rows of `plan`'s map; the axis values are written at once.
    pub fn create(path: &Path, plan: &Plan, rows: usize) -> Result<NpzFile> {
        let [xs, ys] = &plan.axis_values;
        let layout = result_layout(plan.width(), rows, xs, ys);
        let fail = |e: std::io::Error| Error::cannot_write(path, e);
        let file = AtomicFile::create(path)?;
        let handle = file.handle().map_err(fail)?;
        let mut w =
            NpzWriter::new(BufWriter::with_capacity(1 << 20, handle), layout).map_err(fail)?;
        let shape = Records::default();
        for (i, array) in result_arrays(&shape, xs, ys)
            .iter()
            .enumerate()
            .skip(PER_INSTANCE)
        {
            w.append(i, &array.bytes).map_err(fail)?;
        }
        Ok(NpzFile {
            writer: Some(w),
            file,
            path: path.to_path_buf(),
        })
    }

    /// Appends the next rows.
    pub fn push(&mut self, r: &Records) -> Result<()> {
        let w = self.writer.as_mut().expect("open");
        for k in 0..PER_INSTANCE {
            w.append(k, &r.column_bytes(k))
                .map_err(|e| Error::cannot_write(&self.path, e))?;
        }
        Ok(())
    }

    /// Completes the file (still without its name) and returns its layout and each member's
    /// CRC-32.
    pub fn finish(&mut self) -> Result<(Layout, Vec<u32>)> {
        let w = self.writer.take().expect("open");
        let layout = w.layout().clone();
        let crcs = w.crcs();
        let fail = |e: std::io::Error| Error::cannot_write(&self.path, e);
        w.finish()
            .map_err(fail)?
            .into_inner()
            .map_err(|e| fail(e.into_error()))?;
        Ok((layout, crcs))
    }

    /// The finished file, for reading back.
    pub fn reader(&self) -> Result<File> {
        self.file
            .handle()
            .map_err(|e| Error::cannot_read(&self.path, e))
    }

    /// Gives the finished file its name.
    pub fn commit(self) -> Result<()> {
        self.file.commit()
    }
}

/// Reads rows `rows` of the per-instance members `members` of a finished `result.npz` (or
/// `shard.npz`) laid out by `layout` into the matching columns of `r` (f32 widened exactly);
/// `seen(member, bytes)` sees each member's bytes as read, for checksums.
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
    for m in members {
        if m >= PER_INSTANCE {
            return Err(std::io::Error::other(format!(
                "{} is not a per-instance column",
                layout.members[m].name
            )));
        }
        let member = &layout.members[m];
        let size = member.dtype.size() as usize;
        bytes.resize(rows.len() * width * size, 0);
        read_exact_at(
            file,
            &mut bytes,
            member.data_at + (rows.start * width * size) as u64,
        )?;
        seen(m, &bytes);
        r.set_column(m, &bytes);
    }
    Ok(())
}

/// Fills `buf` from `file` at `offset` without moving a shared cursor (shards are read from
/// several threads).
#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

/// Windows' positioned read may stop short, so it is repeated until `buf` is full.
#[cfg(windows)]
fn read_exact_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}
