//! `result.npz`: numpy's own `.npy` arrays in a zip container, streamed into the file.

use super::write_atomic_with;
use crate::error::Result;
use crate::records::Records;
use std::io::Write;
use std::path::Path;

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
    write_atomic_with(path, |file| npz_into(std::io::BufWriter::new(file), arrays))
}

/// Streams an `.npz` of `arrays` into `out` (a file, or memory for the viewer's downloads).
fn npz_into<W: Write + std::io::Seek>(
    out: W,
    arrays: &[(&str, NpyArray, Vec<u64>)],
) -> std::io::Result<()> {
    let mut zip = zip::ZipWriter::new(out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    for (name, array, shape) in arrays {
        zip.start_file(format!("{name}.npy"), options)?;
        write_npy(&mut zip, array, shape)?;
    }
    zip.finish()?.flush()
}

/// `result.npz`: the per-instance arrays in the image's shape (height, width), row i at
/// `y_values[i]`, plus the axis values.
pub fn write_result_npz(
    path: &Path,
    r: &Records,
    x_values: &[f64],
    y_values: &[f64],
) -> Result<()> {
    let status = status_codes(r);
    write_npz(path, &result_arrays(r, &status, x_values, y_values))
}

/// The bytes of the `result.npz` [`write_result_npz`] writes.
pub fn result_npz_bytes(r: &Records, x_values: &[f64], y_values: &[f64]) -> Result<Vec<u8>> {
    let status = status_codes(r);
    let mut out = std::io::Cursor::new(Vec::new());
    npz_into(&mut out, &result_arrays(r, &status, x_values, y_values))
        .map_err(|e| crate::Error::new(format!("cannot encode result.npz: {e}")))?;
    Ok(out.into_inner())
}

/// The `status` column: each instance's [`crate::model::instance::Status`] as a byte.
pub fn status_codes(r: &Records) -> Vec<u8> {
    r.status.iter().map(|&s| s as u8).collect()
}

/// The arrays of `result.npz`, in order, with their shapes: what the file holds and what the
/// Python package hands out, from one list.
pub fn result_arrays<'a>(
    r: &'a Records,
    status: &'a [u8],
    x_values: &'a [f64],
    y_values: &'a [f64],
) -> [(&'static str, NpyArray<'a>, Vec<u64>); 8] {
    let shape = vec![r.height as u64, r.width as u64];
    [
        ("final_x", NpyArray::F64AsF32(&r.final_x), shape.clone()),
        ("final_y", NpyArray::F64AsF32(&r.final_y), shape.clone()),
        ("loss", NpyArray::F64AsF32(&r.loss), shape.clone()),
        ("steps", NpyArray::I32(&r.steps), shape.clone()),
        ("status", NpyArray::U8(status), shape.clone()),
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
    ]
}
