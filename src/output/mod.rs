//! Files: PNG maps, `result.npz` (numpy arrays) and `summary.json`, each written to a temporary
//! name and renamed, so an interrupted run never leaves a half-written file that looks complete.

pub mod contour;
pub mod figure;
pub mod maps;
pub mod plot;

use crate::error::{Error, Result};
use crate::records::Records;
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

/// One array of an `.npz` file.
pub enum NpyArray<'a> {
    /// Written as f32 (rounded on the way out, with no copy of the whole column).
    F64AsF32(&'a [f64]),
    F64(&'a [f64]),
    I32(&'a [i32]),
    U8(&'a [u8]),
}

fn write_npy(out: &mut impl Write, array: &NpyArray, shape: &[u64]) -> std::io::Result<()> {
    use npyz::WriterBuilder;
    fn write<T: npyz::AutoSerialize>(
        out: &mut impl Write,
        data: impl Iterator<Item = T>,
        shape: &[u64],
    ) -> std::io::Result<()> {
        let mut w = npyz::WriteOptions::new()
            .default_dtype()
            .shape(shape)
            .writer(out)
            .begin_nd()?;
        w.extend(data)?;
        w.finish()
    }
    match array {
        NpyArray::F64AsF32(d) => write(out, d.iter().map(|&v| v as f32), shape),
        NpyArray::F64(d) => write(out, d.iter().copied(), shape),
        NpyArray::I32(d) => write(out, d.iter().copied(), shape),
        NpyArray::U8(d) => write(out, d.iter().copied(), shape),
    }
}

/// Writes an `.npz` (a zip of `.npy` files, stored uncompressed, as `np.savez` writes),
/// streaming each array into the file, so a large map is never held twice in memory.
pub fn write_npz(path: &Path, arrays: &[(&str, NpyArray, Vec<u64>)]) -> Result<()> {
    write_atomic_with(path, |file| {
        let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(true);
        for (name, array, shape) in arrays {
            zip.start_file(format!("{name}.npy"), options)?;
            write_npy(&mut zip, array, shape)?;
        }
        zip.finish()?.flush()
    })
}

/// `result.npz`: the per-instance arrays in the image's shape (height, width), row i at
/// `y_values[i]`, plus the axis values.
pub fn write_result_npz(
    path: &Path,
    r: &Records,
    x_values: &[f64],
    y_values: &[f64],
) -> Result<()> {
    let shape = vec![r.height as u64, r.width as u64];
    let status: Vec<u8> = r.status.iter().map(|&s| s as u8).collect();
    write_npz(
        path,
        &[
            ("final_x", NpyArray::F64AsF32(&r.final_x), shape.clone()),
            ("final_y", NpyArray::F64AsF32(&r.final_y), shape.clone()),
            ("loss", NpyArray::F64AsF32(&r.loss), shape.clone()),
            ("steps", NpyArray::I32(&r.steps), shape.clone()),
            ("status", NpyArray::U8(&status), shape.clone()),
            ("basin", NpyArray::I32(&r.basin), shape),
            (
                "x_values",
                NpyArray::F64(x_values),
                vec![x_values.len() as u64],
            ),
            (
                "y_values",
                NpyArray::F64(y_values),
                vec![y_values.len() as u64],
            ),
        ],
    )
}
