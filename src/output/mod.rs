//! Outputs: everything a finished sweep becomes — maps ([`maps`]), annotated figures
//! ([`figure`], drawn with [`plot`] and [`contour`]), numpy arrays ([`npz`]) and the summary
//! ([`summary`]). Every file is written to a temporary name and renamed, so an interrupted run
//! never leaves a half-written file that looks complete. Knows records and specs, never which
//! engine produced them.

pub mod atomic;
pub mod contour;
pub mod figure;
pub mod gallery;
pub mod map_pngs;
pub mod maps;
pub mod npz;
pub mod plot;
pub mod preview;
pub mod summary;
pub mod sweep;
pub mod ticks;
pub mod writer;

use crate::error::{Error, Result};
use image::RgbImage;
use std::io::{Cursor, Write};
use std::path::Path;

pub use atomic::AtomicFile;

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
                    return Err(Error::input(format!(
                        "outputs: '{word}' is not an output; allowed: npz, maps, figure (comma-separated), or all"
                    )))
                }
            }
        }
        Ok(o)
    }
}

/// Creates the output directory (and parents), checks that it can be written, and removes the
/// temporaries a killed run of this host left there ([`atomic::remove_stale`]).
pub fn prepare_dir(dir: &Path) -> Result<()> {
    let fail = |e: std::io::Error| {
        Error::resource(format!(
            "output directory (--out) '{}' cannot be written: {e}",
            dir.display()
        ))
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    atomic::remove_stale(dir);
    AtomicFile::open(&dir.join(".optgrid-probe")).map_err(fail)?;
    Ok(())
}

/// Writes `bytes` to `path` atomically ([`AtomicFile`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// Writes `path` atomically through `fill`, which streams the contents into a file with no
/// name yet ([`AtomicFile`]); on any error nothing is left and `path` is untouched.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    fill(file.file()).map_err(|e| Error::cannot_write(path, e))?;
    file.commit()
}

/// PNG bytes of an image.
pub fn png_bytes(img: &RgbImage) -> Result<Vec<u8>> {
    let mut buf = Cursor::new(Vec::new());
    img.write_to(&mut buf, image::ImageFormat::Png)
        .map_err(|e| Error::internal(format!("cannot encode PNG: {e}")))?;
    Ok(buf.into_inner())
}

/// Writes an image as PNG, atomically.
pub fn write_png(path: &Path, img: &RgbImage) -> Result<()> {
    write_atomic(path, &png_bytes(img)?)
}
