//! One random generator, written once for the CPU lanes and once in WGSL, so both backends draw
//! identical bits: Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
//! SC'11), a counter-based generator — each draw is a pure function of its counter and key,
//! with no state to carry between steps — keyed by (`--seed`) and counted by (instance index,
//! step, stream, block). Integer arithmetic only, so nothing rounds differently on a GPU.
//!
//! Uniforms come from the top 24 bits of a word (exact in f32 and f64); normals by Box–Muller
//! with the engines' own ln and sin/cos of 2πx ([`Num::ln`], [`Num::sin_cos_turns`]).
//!
//! WGSL twin: `shaders/random.wgsl`.

use crate::model::num::{Bits, Num};

/// Philox4x32's multipliers and Weyl key increments (Random123's constants).
const M0: u32 = 0xD251_1F53;
const M1: u32 = 0xCD9E_8D57;
const W0: u32 = 0x9E37_79B9;
const W1: u32 = 0xBB67_AE85;

/// The same constants by their WGSL names (`model::twin`).
pub const PHILOX_CONSTANTS: [(&str, u32); 4] = [
    ("PHILOX_M0", M0),
    ("PHILOX_M1", M1),
    ("PHILOX_W0", W0),
    ("PHILOX_W1", W1),
];

/// What a draw is for. Each purpose has its own counter stream, so turning one on never
/// changes another's draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum Stream {
    /// Per step: two normals (gradient noise) and two uniforms (sparsity).
    Gradient = 0,
    /// Per step: minibatch example indices, four per block.
    Batch = 1,
    /// Per example (keyed by the data seed): the generated dataset's inputs and label noise.
    Data = 2,
}

impl Stream {
    pub const ALL: [Stream; 3] = [Stream::Gradient, Stream::Batch, Stream::Data];

    /// Its name in the shader (`STREAM_GRADIENT`).
    pub fn name(self) -> &'static str {
        match self {
            Stream::Gradient => "gradient",
            Stream::Batch => "batch",
            Stream::Data => "data",
        }
    }
}

/// The generator's key for a seed.
pub fn key(seed: u64) -> [u32; 2] {
    [seed as u32, (seed >> 32) as u32]
}

/// Philox4x32-10 of one counter (per lane) under one key.
#[inline(always)]
fn philox<B: Bits>(counter: [B; 4], key: [u32; 2]) -> [B; 4] {
    let mut c = counter;
    let mut k = key;
    for round in 0..10 {
        if round > 0 {
            k = [k[0].wrapping_add(W0), k[1].wrapping_add(W1)];
        }
        let (hi0, lo0) = c[0].mul_hi_lo(M0);
        let (hi1, lo1) = c[2].mul_hi_lo(M1);
        c = [
            hi1 ^ c[1] ^ B::splat(k[0]),
            lo1,
            hi0 ^ c[3] ^ B::splat(k[1]),
            lo0,
        ];
    }
    c
}

/// The four words of block `block` of `stream` at step `t` of the instances `index`.
#[inline(always)]
pub fn block<B: Bits>(key: [u32; 2], index: B, t: u32, stream: Stream, block: u32) -> [B; 4] {
    philox(
        [index, B::splat(t), B::splat(stream as u32), B::splat(block)],
        key,
    )
}

/// A uniform index in 0..n from a word: the high word of w·n (Lemire's multiply, no division).
#[inline(always)]
pub fn index<B: Bits>(w: B, n: u32) -> B {
    w.mul_hi_lo(n).0
}

/// Two independent standard normals from two words (Box–Muller): r = √(−2 ln u₁) with u₁ in
/// (0, 1], and the angle 2πu₂.
#[inline(always)]
pub fn normals<T: Num>(w1: T::Bits, w2: T::Bits) -> [T; 2] {
    let u1 = T::unit_open(w1);
    let u2 = T::unit(w2);
    let r = (T::c(-2.0) * u1.ln()).sqrt();
    let (s, c) = u2.sin_cos_turns();
    [r * c, r * s]
}

#[cfg(feature = "unit-tests")]
pub mod tests {
    use super::*;

    pub fn philox_matches_random123_known_answers() {
        // Random123's kat_vectors, the three `philox4x32 10` lines.
        let vectors: [([u32; 4], [u32; 2], [u32; 4]); 3] = [
            (
                [0, 0, 0, 0],
                [0, 0],
                [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8],
            ),
            (
                [u32::MAX; 4],
                [u32::MAX; 2],
                [0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd],
            ),
            (
                [0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344],
                [0xa409_3822, 0x299f_31d0],
                [0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1],
            ),
        ];
        for (counter, key, want) in vectors {
            assert_eq!(philox(counter, key), want);
        }
    }

    pub fn lanes_draw_what_scalars_draw() {
        use crate::model::num::{LaneBits, Lanes};
        let index = LaneBits::<8>::from_fn(|l| 1000 + 7 * l as u32);
        let lanes = block(key(42), index, 3, Stream::Gradient, 0);
        let z: [Lanes<f32, 8>; 2] = normals::<Lanes<f32, 8>>(lanes[0], lanes[1]);
        for l in 0..8 {
            let one = block(key(42), 1000 + 7 * l as u32, 3, Stream::Gradient, 0);
            assert_eq!(lanes.map(|w| w.0[l]), one);
            let zs = normals::<f32>(one[0], one[1]);
            assert_eq!([z[0].0[l], z[1].0[l]], zs);
        }
        // A minibatch's example indices, and the examples gathered by them.
        let column: Vec<f32> = (0..37).map(|e| e as f32 * 0.5 - 3.0).collect();
        for w in lanes {
            let at = super::index(w, 37);
            // SAFETY: `index` is below 37.
            let picked: Lanes<f32, 8> = unsafe { Num::gather(&column, at) };
            for l in 0..8 {
                let one = super::index(w.0[l], 37);
                assert_eq!(at.0[l], one);
                assert!(one < 37);
                // SAFETY: as above.
                assert_eq!(picked.0[l], unsafe { <f32 as Num>::gather(&column, one) });
                assert_eq!(picked.0[l], column[one as usize]);
            }
        }
    }

    /// The tests above, for `crate::unit_tests`.
    pub const ALL: crate::UnitTests = &[
        (
            "philox_matches_random123_known_answers",
            philox_matches_random123_known_answers,
        ),
        ("lanes_draw_what_scalars_draw", lanes_draw_what_scalars_draw),
    ];
}
