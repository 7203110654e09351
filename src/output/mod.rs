//! Outputs: everything a finished sweep becomes — maps ([`maps`]), annotated figures
//! ([`figure`], drawn with [`plot`] and [`contour`]), numpy arrays ([`npz`]) and the summary
//! ([`summary`]). Every file is written to a temporary name and renamed, so an interrupted run
//! never leaves a half-written file that looks complete. Knows records and specs, never which
//! engine produced them.

pub mod contour;
pub mod figure;
pub mod maps;
pub mod npz;
pub mod plot;
pub mod stream;
pub mod summary;
pub mod sweep;

use crate::error::{Error, Result};
use image::RgbImage;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

/// Creates the output directory (and parents) and checks that it can be written.
pub fn prepare_dir(dir: &Path) -> Result<()> {
    let fail = |e: std::io::Error| {
        Error::new(format!(
            "output directory (--out) '{}' cannot be written: {e}",
            dir.display()
        ))
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let probe = dir.join(format!(".optgrid-probe-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(fail)?;
    let _ = std::fs::remove_file(probe);
    Ok(())
}

/// Writes `bytes` to `path` atomically: a temporary sibling, then a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// Writes `path` atomically through `fill`, which streams the contents into a temporary
/// sibling; then a rename. On any error the temporary file is removed and `path` untouched.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> Result<()> {
    let tmp: PathBuf = {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".tmp-{}", std::process::id()));
        path.with_file_name(name)
    };
    let fail = |e: std::io::Error| Error::new(format!("cannot write '{}': {e}", path.display()));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| fill(&mut f).and_then(|_| f.sync_all()))
        .and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}

/// PNG bytes of an image.
pub fn png_bytes(img: &RgbImage) -> Result<Vec<u8>> {
    let mut buf = Cursor::new(Vec::new());
    img.write_to(&mut buf, image::ImageFormat::Png)
        .map_err(|e| Error::new(format!("cannot encode PNG: {e}")))?;
    Ok(buf.into_inner())
}

/// Writes an image as PNG, atomically.
pub fn write_png(path: &Path, img: &RgbImage) -> Result<()> {
    write_atomic(path, &png_bytes(img)?)
}
