//! The columns of a map, declared once: every per-instance array of [`Records`] and every
//! per-axis array, with its dtype in `result.npz` and what it means. The npz writer and reader,
//! the server's binary map (and the page's parser, which reads each part's dtype), and the
//! Python arrays all loop over [`COLUMNS`].
//!
//! Adding a column: one line in the `columns!` table below, and its producer (an engine's
//! [`Outcome`](super::Outcome) field filled in `Records::par_fill`, or a pass over the records
//! such as `label_basins`).

use crate::model::instance::Status;
use serde::Serialize;
use std::borrow::Cow;

/// How a column's elements are stored: numpy's dtypes, little-endian.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dtype {
    F32,
    F64,
    I32,
    U8,
}

impl Dtype {
    /// numpy's `descr`: `<f4`, `<f8`, `<i4`, `|u1`.
    pub fn descr(self) -> &'static str {
        match self {
            Dtype::F32 => "<f4",
            Dtype::F64 => "<f8",
            Dtype::I32 => "<i4",
            Dtype::U8 => "|u1",
        }
    }

    /// Bytes per element.
    pub fn size(self) -> u64 {
        match self {
            Dtype::F32 | Dtype::I32 => 4,
            Dtype::F64 => 8,
            Dtype::U8 => 1,
        }
    }
}

/// Which shape a column has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// One value per instance: (height, width), row 0 at the bottom.
    Map,
    /// One value per column of the map: the x axis's values.
    XAxis,
    /// One value per row: the y axis's values.
    YAxis,
}

/// One column of a map.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Column {
    pub name: &'static str,
    pub dtype: Dtype,
    pub shape: Shape,
    /// What a value means, for docs, `optgrid list` and Python's docstrings.
    pub meaning: &'static str,
}

/// What a map's columns are, for callers in other languages (Python, the page): every column,
/// the `status` codes and the `basin` codes that are not minima.
#[derive(Debug, Clone, Serialize)]
pub struct Schema {
    pub columns: &'static [Column],
    pub statuses: Vec<StatusCode>,
    /// `basin` of an instance near no known minimum, and of a diverged one.
    pub basin_unsettled: i32,
    pub basin_diverged: i32,
}

/// One `status` code and its name.
#[derive(Debug, Clone, Serialize)]
pub struct StatusCode {
    pub code: u8,
    pub name: &'static str,
}

/// The [`Schema`].
pub fn schema() -> Schema {
    Schema {
        columns: COLUMNS,
        statuses: Status::ALL
            .iter()
            .map(|&s| StatusCode {
                code: s as u8,
                name: s.name(),
            })
            .collect(),
        basin_unsettled: super::BASIN_UNSETTLED,
        basin_diverged: super::BASIN_DIVERGED,
    }
}

/// A column's element type held in memory, stored as the dtype `Self` names (a unit type per
/// dtype): f64 results are stored as f32, statuses as bytes.
pub trait Codec<T> {
    const DTYPE: Dtype;
    /// The elements as stored, little-endian (borrowed where no conversion is due).
    fn encode(values: &[T]) -> Cow<'_, [u8]>;
    /// Stored elements back in memory (f32 widened exactly).
    fn decode(bytes: &[u8]) -> Vec<T>;
}

/// Stored as `<f4`.
pub struct F32;
/// Stored as `<f8`.
pub struct F64;
/// Stored as `<i4`.
pub struct I32;
/// Stored as `|u1`.
pub struct U8;

impl Codec<f64> for F32 {
    const DTYPE: Dtype = Dtype::F32;
    fn encode(values: &[f64]) -> Cow<'_, [u8]> {
        let mut out = vec![0u8; values.len() * 4];
        for (o, &v) in out.chunks_exact_mut(4).zip(values) {
            o.copy_from_slice(&(v as f32).to_le_bytes());
        }
        Cow::Owned(out)
    }
    fn decode(bytes: &[u8]) -> Vec<f64> {
        bytes
            .chunks_exact(4)
            .map(|b| f64::from(f32::from_le_bytes(b.try_into().unwrap())))
            .collect()
    }
}

impl Codec<f64> for F64 {
    const DTYPE: Dtype = Dtype::F64;
    fn encode(values: &[f64]) -> Cow<'_, [u8]> {
        Cow::Borrowed(bytemuck::cast_slice(values))
    }
    fn decode(bytes: &[u8]) -> Vec<f64> {
        bytemuck::pod_collect_to_vec(bytes)
    }
}

impl Codec<i32> for I32 {
    const DTYPE: Dtype = Dtype::I32;
    fn encode(values: &[i32]) -> Cow<'_, [u8]> {
        Cow::Borrowed(bytemuck::cast_slice(values))
    }
    fn decode(bytes: &[u8]) -> Vec<i32> {
        bytemuck::pod_collect_to_vec(bytes)
    }
}

impl Codec<Status> for U8 {
    const DTYPE: Dtype = Dtype::U8;
    fn encode(values: &[Status]) -> Cow<'_, [u8]> {
        Cow::Owned(values.iter().map(|&s| s as u8).collect())
    }
    fn decode(bytes: &[u8]) -> Vec<Status> {
        bytes.iter().map(|&b| Status::from_code(b.into())).collect()
    }
}

#[cfg(not(target_endian = "little"))]
compile_error!("columns are stored in the host's byte order, which must be little-endian");

/// Declares the per-instance columns (fields of [`Records`], in file order) and the per-axis
/// ones: `name: type as CODEC, "meaning"`. Generates `Records` and [`COLUMNS`], and the
/// loops over the per-instance columns that copy, encode and decode them.
macro_rules! columns {
    (
        $(#[$meta:meta])*
        pub struct Records {
            $($(#[$fmeta:meta])* pub $other:ident: $oty:ty,)*
        }
        per_instance {
            $($col:ident: $t:ty as $codec:ident, $meaning:literal;)*
        }
        per_axis {
            $($axis:ident: $shape:ident, $ameaning:literal;)*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default)]
        pub struct Records {
            $($(#[$fmeta])* pub $other: $oty,)*
            $(#[doc = $meaning] pub $col: Vec<$t>,)*
        }

        /// Every column of a map, in `result.npz`'s order: the per-instance ones (the first
        /// [`PER_INSTANCE`]), then the per-axis ones.
        pub const COLUMNS: &[Column] = &[
            $(Column {
                name: stringify!($col),
                dtype: <$codec as Codec<$t>>::DTYPE,
                shape: Shape::Map,
                meaning: $meaning,
            },)*
            $(Column {
                name: stringify!($axis),
                dtype: Dtype::F64,
                shape: Shape::$shape,
                meaning: $ameaning,
            },)*
        ];

        /// How many of [`COLUMNS`] are per instance (they come first).
        pub const PER_INSTANCE: usize = [$(stringify!($col)),*].len();

        impl Records {
            /// Per-instance column `k` of [`COLUMNS`] as stored.
            pub fn column_bytes(&self, k: usize) -> Cow<'_, [u8]> {
                let mut i = 0;
                $(
                    if k == i {
                        return <$codec as Codec<$t>>::encode(&self.$col);
                    }
                    i += 1;
                )*
                panic!("column {k} of {i} is not per instance")
            }

            /// Sets per-instance column `k` from its stored bytes.
            pub fn set_column(&mut self, k: usize, bytes: &[u8]) {
                let mut i = 0;
                $(
                    if k == i {
                        self.$col = <$codec as Codec<$t>>::decode(bytes);
                        return;
                    }
                    i += 1;
                )*
                panic!("column {k} of {i} is not per instance")
            }

            /// Appends the records of the instances that follow these (a block computed apart).
            pub fn append(&mut self, next: Records) {
                assert_eq!(self.range().end, next.first, "records appended out of order");
                $(self.$col.extend_from_slice(&next.$col);)*
                self.steps_executed += next.steps_executed;
            }

            /// Appends instance `k` of `from` (a position in its columns).
            pub fn push_from(&mut self, from: &Records, k: usize) {
                $(self.$col.push(from.$col[k]);)*
            }

            /// A copy of the columns' elements `at` (positions), with the other fields of
            /// `self`.
            pub(super) fn copy_columns(&self, at: std::ops::Range<usize>) -> Records {
                Records {
                    $($col: self.$col[at.clone()].to_vec(),)*
                    ..self.clone_fields()
                }
            }

            /// The fields that are not columns, columns empty.
            fn clone_fields(&self) -> Records {
                Records {
                    $($other: self.$other.clone(),)*
                    ..Records::default()
                }
            }
        }
    };
}

columns! {
    /// Per-instance results of one map — or of a contiguous part of it — row-major, row `r` at
    /// `y_values[r]`.
    pub struct Records {
        /// The whole map's size (the records may hold only part of it).
        pub width: usize,
        pub height: usize,
        /// The plan index of the first instance held: 0 for a whole map.
        pub first: usize,
        /// Steps actually executed, summed over instances (for instance-steps per second).
        pub steps_executed: u64,
    }
    per_instance {
        final_x: f64 as F32, "x of the final iterate (the last finite one of a diverged instance), in the engine's precision";
        final_y: f64 as F32, "y of the final iterate";
        loss: f64 as F32, "f at the final iterate, in the engine's precision";
        steps: i32 as I32, "the first step at which the criterion held (0: at the start), -1 if never";
        status: Status as U8, "0 not converged (budget used up), 1 converged, 2 diverged";
        basin: i32 as I32, "index of the minimum the final iterate lies near (summary.json's minima); -1 unsettled, -2 diverged";
        evaluations: i32 as I32, "the objective's evaluations over the steps the instance ran (with early stopping, up to its convergence): one a step, and L-BFGS's as torch's func_evals counts them (up to its last finite step)";
        trainability: f64 as F32, "the trainability score (Sohl-Dickstein 2024): -sum of losses/initial loss when the last 20 average below 1 (trained), else sum of initial loss/losses; NaN unless the sweep asked for it";
    }
    per_axis {
        x_values: XAxis, "the x axis's value at each column";
        y_values: YAxis, "the y axis's value at each row";
    }
}
