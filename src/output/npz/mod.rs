//! `result.npz`: numpy's own `.npy` arrays in a zip container (stored, zip64, as `np.savez`
//! writes them), laid out up front so a map can be written block by block.
//!
//! Every member's shape is known before the first record exists, so every byte's place in the
//! file is too ([`Layout`]). [`NpzWriter`] writes each member's rows where they belong as they
//! arrive and patches the CRCs at the end: the file is the same whatever the block sizes, so a
//! map written in one piece, in tiles, or merged from shards is identical bit for bit.

pub mod columns;

pub use crate::records::columns::Dtype;
pub use columns::{read_columns, result_arrays, result_layout, write_result_npz, NpzFile};

use super::write_atomic_with;
use crate::error::Result;
use std::borrow::Cow;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

/// One array of an `.npz` file: its name, dtype, shape and elements as stored (little-endian).
pub struct Array<'a> {
    pub name: &'a str,
    pub dtype: Dtype,
    pub shape: Vec<u64>,
    pub bytes: Cow<'a, [u8]>,
}

impl<'a> Array<'a> {
    /// A one-dimensional f64 array.
    pub fn f64(name: &'a str, values: &'a [f64]) -> Array<'a> {
        Array {
            name,
            dtype: Dtype::F64,
            shape: vec![values.len() as u64],
            bytes: Cow::Borrowed(bytemuck::cast_slice(values)),
        }
    }
}

/// Where one member of an `.npz` lies in the file.
#[derive(Debug, Clone)]
pub struct Member {
    pub name: String,
    pub dtype: Dtype,
    pub shape: Vec<u64>,
    /// Offset of the zip local header.
    header_at: u64,
    /// The `.npy` header (magic, version, the dict naming dtype and shape).
    pub npy_header: Vec<u8>,
    /// Offset of the first element.
    pub data_at: u64,
    /// Bytes of elements.
    pub data_len: u64,
}

impl Member {
    /// A CRC-32 of the member's `.npy` file, begun: its header is hashed, its data is next.
    pub fn crc_begun(&self) -> crc32fast::Hasher {
        let mut crc = crc32fast::Hasher::new();
        crc.update(&self.npy_header);
        crc
    }
}

/// The place of every byte of an `.npz` whose members' names, dtypes and shapes are known.
#[derive(Debug, Clone)]
pub struct Layout {
    pub members: Vec<Member>,
    /// Offset of the central directory: the file's length before it.
    central_at: u64,
}

/// The zip64 extra field of a local header: id, size, then both sizes.
const LOCAL_EXTRA: u64 = 4 + 16;
/// The local file header's fixed part.
const LOCAL_FIXED: u64 = 30;
/// MS-DOS date of every member: 1980-01-01, 00:00 (deterministic files).
const DOS_DATE: u16 = (1 << 5) | 1;

fn npy_header(dtype: Dtype, shape: &[u64]) -> Vec<u8> {
    let dims = match shape {
        [n] => format!("({n},)"),
        _ => format!(
            "({})",
            shape
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut dict = format!(
        "{{'descr': '{}', 'fortran_order': False, 'shape': {dims}, }}",
        dtype.descr()
    );
    // numpy pads the header with spaces and a newline to a multiple of 64 bytes.
    let total = 10 + dict.len() + 1;
    dict.push_str(&" ".repeat(total.next_multiple_of(64) - total));
    dict.push('\n');
    let mut h = b"\x93NUMPY\x01\x00".to_vec();
    h.extend_from_slice(&(dict.len() as u16).to_le_bytes());
    h.extend_from_slice(dict.as_bytes());
    h
}

impl Layout {
    pub fn new(members: &[(&str, Dtype, Vec<u64>)]) -> Layout {
        let mut at = 0;
        let members = members
            .iter()
            .map(|(name, dtype, shape)| {
                let name = format!("{name}.npy");
                let npy_header = npy_header(*dtype, shape);
                let header_at = at;
                let data_at =
                    at + LOCAL_FIXED + name.len() as u64 + LOCAL_EXTRA + npy_header.len() as u64;
                let data_len = shape.iter().product::<u64>() * dtype.size();
                at = data_at + data_len;
                Member {
                    name,
                    dtype: *dtype,
                    shape: shape.clone(),
                    header_at,
                    npy_header,
                    data_at,
                    data_len,
                }
            })
            .collect();
        Layout {
            members,
            central_at: at,
        }
    }

    /// The layout of `arrays` as given.
    pub fn of(arrays: &[Array]) -> Layout {
        let members: Vec<_> = arrays
            .iter()
            .map(|a| (a.name, a.dtype, a.shape.clone()))
            .collect();
        Layout::new(&members)
    }

    /// The length of the complete file.
    pub fn file_len(&self) -> u64 {
        let central: u64 = self
            .members
            .iter()
            .map(|m| 46 + m.name.len() as u64 + 28)
            .sum();
        self.central_at + central + 56 + 20 + 22
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.members
            .iter()
            .position(|m| m.name == format!("{name}.npy"))
    }
}

/// Writes an `.npz` laid out by a [`Layout`]: each member's bytes appended in order, members in
/// any interleaving, the CRCs and the central directory at [`NpzWriter::finish`].
pub struct NpzWriter<W: Write + Seek> {
    out: W,
    layout: Layout,
    crcs: Vec<crc32fast::Hasher>,
    written: Vec<u64>,
}

impl<W: Write + Seek> NpzWriter<W> {
    /// Writes every local header and `.npy` header into `out`.
    pub fn new(mut out: W, layout: Layout) -> std::io::Result<Self> {
        for m in &layout.members {
            out.seek(SeekFrom::Start(m.header_at))?;
            out.write_all(&local_header(m, 0))?;
            out.write_all(&m.npy_header)?;
        }
        let crcs = layout.members.iter().map(Member::crc_begun).collect();
        let written = vec![0; layout.members.len()];
        Ok(NpzWriter {
            out,
            layout,
            crcs,
            written,
        })
    }

    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Appends `bytes` (whole elements, little-endian) to member `index`.
    pub fn append(&mut self, index: usize, bytes: &[u8]) -> std::io::Result<()> {
        let m = &self.layout.members[index];
        let done = self.written[index];
        if done + bytes.len() as u64 > m.data_len {
            return Err(std::io::Error::other(format!(
                "{} would exceed its {} bytes",
                m.name, m.data_len
            )));
        }
        self.out.seek(SeekFrom::Start(m.data_at + done))?;
        self.out.write_all(bytes)?;
        self.crcs[index].update(bytes);
        self.written[index] = done + bytes.len() as u64;
        Ok(())
    }

    /// The CRC-32 of each member (its `.npy` header and data) so far.
    pub fn crcs(&self) -> Vec<u32> {
        self.crcs.iter().map(|c| c.clone().finalize()).collect()
    }

    /// Patches the CRCs, writes the central directory, and returns the output.
    pub fn finish(mut self) -> std::io::Result<W> {
        let mut central = Vec::new();
        for (i, m) in self.layout.members.iter().enumerate() {
            if self.written[i] != m.data_len {
                return Err(std::io::Error::other(format!(
                    "{} has {} of its {} bytes",
                    m.name, self.written[i], m.data_len
                )));
            }
            let crc = self.crcs[i].clone().finalize();
            self.out.seek(SeekFrom::Start(m.header_at))?;
            self.out.write_all(&local_header(m, crc))?;
            central.extend_from_slice(&central_header(m, crc));
        }
        let n = self.layout.members.len() as u64;
        let at = self.layout.central_at;
        let eocd64_at = at + central.len() as u64;
        // zip64 end of central directory record, its locator, then the classic record.
        put(&mut central, 0x0606_4b50u32);
        put(&mut central, 44u64);
        put(&mut central, 45u16);
        put(&mut central, 45u16);
        put(&mut central, 0u32);
        put(&mut central, 0u32);
        put(&mut central, n);
        put(&mut central, n);
        put(&mut central, eocd64_at - at);
        put(&mut central, at);
        put(&mut central, 0x0706_4b50u32);
        put(&mut central, 0u32);
        put(&mut central, eocd64_at);
        put(&mut central, 1u32);
        put(&mut central, 0x0605_4b50u32);
        put(&mut central, 0u16);
        put(&mut central, 0u16);
        put(&mut central, 0xffffu16);
        put(&mut central, 0xffffu16);
        put(&mut central, u32::MAX);
        put(&mut central, u32::MAX);
        put(&mut central, 0u16);
        self.out.seek(SeekFrom::Start(at))?;
        self.out.write_all(&central)?;
        self.out.flush()?;
        Ok(self.out)
    }
}

/// Little-endian field.
fn put<T: LeBytes>(out: &mut Vec<u8>, v: T) {
    v.put(out)
}

trait LeBytes {
    fn put(self, out: &mut Vec<u8>);
}

macro_rules! le_bytes {
    ($($t:ty),*) => {$(
        impl LeBytes for $t {
            fn put(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes())
            }
        }
    )*};
}
le_bytes!(u16, u32, u64);

fn local_header(m: &Member, crc: u32) -> Vec<u8> {
    let size = m.npy_header.len() as u64 + m.data_len;
    let mut h = Vec::new();
    put(&mut h, 0x0403_4b50u32);
    put(&mut h, 45u16); // version needed: zip64
    put(&mut h, 0u16); // flags
    put(&mut h, 0u16); // stored
    put(&mut h, 0u16); // time
    put(&mut h, DOS_DATE);
    put(&mut h, crc);
    put(&mut h, u32::MAX);
    put(&mut h, u32::MAX);
    put(&mut h, m.name.len() as u16);
    put(&mut h, LOCAL_EXTRA as u16);
    h.extend_from_slice(m.name.as_bytes());
    put(&mut h, 1u16); // zip64 extra field
    put(&mut h, 16u16);
    put(&mut h, size);
    put(&mut h, size);
    h
}

fn central_header(m: &Member, crc: u32) -> Vec<u8> {
    let size = m.npy_header.len() as u64 + m.data_len;
    let mut h = Vec::new();
    put(&mut h, 0x0201_4b50u32);
    put(&mut h, (3u16 << 8) | 45); // made by: Unix, zip64
    put(&mut h, 45u16);
    put(&mut h, 0u16);
    put(&mut h, 0u16);
    put(&mut h, 0u16);
    put(&mut h, DOS_DATE);
    put(&mut h, crc);
    put(&mut h, u32::MAX);
    put(&mut h, u32::MAX);
    put(&mut h, m.name.len() as u16);
    put(&mut h, 28u16);
    put(&mut h, 0u16); // comment
    put(&mut h, 0u16); // disk
    put(&mut h, 0u16); // internal attributes
    put(&mut h, 0o100644u32 << 16);
    put(&mut h, u32::MAX);
    h.extend_from_slice(m.name.as_bytes());
    put(&mut h, 1u16);
    put(&mut h, 24u16);
    put(&mut h, size);
    put(&mut h, size);
    put(&mut h, m.header_at);
    h
}

/// Writes an `.npz` of whole arrays, atomically.
pub fn write_npz(path: &Path, arrays: &[Array]) -> Result<()> {
    write_atomic_with(path, |file| {
        npz_into(std::io::BufWriter::new(file), arrays).map(|_| ())
    })
}

/// The bytes of the `.npz` of whole `arrays` (for the viewer, which sends it).
pub fn npz_bytes(arrays: &[Array]) -> Result<Vec<u8>> {
    let out = npz_into(std::io::Cursor::new(Vec::new()), arrays)
        .map_err(|e| crate::Error::internal(format!("cannot encode an .npz: {e}")))?;
    Ok(out.into_inner())
}

/// Writes the `.npz` of whole `arrays` into `out`.
fn npz_into<W: Write + Seek>(out: W, arrays: &[Array]) -> std::io::Result<W> {
    let mut w = NpzWriter::new(out, Layout::of(arrays))?;
    for (i, a) in arrays.iter().enumerate() {
        w.append(i, &a.bytes)?;
    }
    w.finish()
}
