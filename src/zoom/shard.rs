//! A zoom split across machines, one shard per frame block: shard K of N computes frames K,
//! K + N, K + 2N, … (every N-th, so each shard gets its share of the slower deep frames) into
//! `OUT/shard-K-of-N/frames/`, then writes `zoom-shard.json` last. `optgrid merge` checks the
//! shards — one zoom, one binary, every frame exactly once — gathers their frames into
//! `OUT/frames/` and writes what a single zoom writes.

use super::output::{self, frame_path};
use super::{frames as plan_frames, FrameRecord, ZoomSpec};
use crate::error::{Error, Result};
use crate::output::{prepare_dir, write_atomic};
use crate::shard::{binary_identity, check_set, Shard, ShardRecord};
use crate::spec::sweep::SweepSpec;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The info file of a zoom's shard directory.
pub const FILE: &str = "zoom-shard.json";

/// `zoom-shard.json`: the zoom, its base sweep, and what each of this shard's frames measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ZoomShardInfo {
    pub optgrid_version: String,
    /// The binary that computed the frames: a merge refuses frames from two builds.
    pub binary: String,
    pub shard: usize,
    pub shards: usize,
    pub zoom: ZoomSpec,
    /// The sweep zoomed into, completed.
    pub spec: SweepSpec,
    pub fps: u32,
    pub frames: Vec<FrameRecord>,
}

impl ShardRecord for ZoomShardInfo {
    const FILE: &'static str = FILE;
    fn place(&self) -> (usize, usize) {
        (self.shard, self.shards)
    }
    fn differs(&self, other: &Self) -> Option<&'static str> {
        let key = |i: &Self| serde_json::to_string(&(&i.zoom, &i.spec, i.fps)).ok();
        if key(self) != key(other) {
            Some("zoom")
        } else if self.binary != other.binary {
            Some("optgrid binary")
        } else {
            None
        }
    }
}

/// Whether frame `k` is `shard`'s.
pub fn owns(shard: Shard, k: u32) -> bool {
    k as usize % shard.count == shard.index
}

/// Refuses more shards than frames (a shard would have none).
pub fn check(shard: Shard, frames: usize) -> Result<()> {
    if shard.count > frames {
        return Err(Error::input(format!(
            "--shard {}/{}: N = {} is more than the zoom's {frames} frames; use at most {frames} shards",
            shard.index, shard.count, shard.count
        )));
    }
    Ok(())
}

/// The shard's directory under `out`, made ready (an earlier attempt's info file removed, so
/// the directory reads as unfinished until this one's is written).
pub fn prepare(out: &Path, shard: Shard) -> Result<PathBuf> {
    let dir = out.join(shard.dir_name());
    prepare_dir(&dir)?;
    let _ = std::fs::remove_file(dir.join(FILE));
    prepare_dir(&dir.join("frames"))?;
    Ok(dir)
}

/// Writes `zoom-shard.json`, last, once the shard's frames are all written.
pub fn finish(
    dir: &Path,
    shard: Shard,
    zoom: &ZoomSpec,
    spec: &SweepSpec,
    fps: u32,
    frames: Vec<FrameRecord>,
) -> Result<()> {
    let info = ZoomShardInfo {
        optgrid_version: env!("CARGO_PKG_VERSION").into(),
        binary: binary_identity(),
        shard: shard.index,
        shards: shard.count,
        zoom: zoom.clone(),
        spec: spec.clone(),
        fps,
        frames,
    };
    let json = serde_json::to_vec_pretty(&info)
        .map_err(|e| Error::internal(format!("cannot encode {FILE}: {e}")))?;
    write_atomic(&dir.join(FILE), &json)
}

/// Whether `dir` is a zoom's shard (its info file is there).
pub fn is_zoom_shard(dir: &Path) -> bool {
    dir.join(FILE).is_file()
}

/// What a merge wrote.
pub struct Merged {
    pub zoom: ZoomSpec,
    /// The label map the base sweep measures (`dimension`), if it names one.
    pub dimension: Option<crate::spec::sweep::LabelMap>,
    pub frames: Vec<FrameRecord>,
    pub files: Vec<String>,
}

/// Joins a zoom's shard directories into `out`: every check first (one zoom, one binary, each
/// shard once, each of its frames recorded and on disk), then the frames copied into
/// `out/frames/` and the GIF, MP4, plot and `zoom.json` written from them.
pub fn merge(out: &Path, dirs: &[PathBuf]) -> Result<Merged> {
    let found = check_set::<ZoomShardInfo>(dirs)?;
    let first = &found[0].info;
    let plans = plan_frames(&first.spec, &first.zoom)?;
    let shards = first.shards;
    let mut records: Vec<Option<(FrameRecord, PathBuf)>> = vec![None; plans.len()];
    for f in &found {
        let shard = Shard {
            index: f.info.shard,
            count: shards,
        };
        let held: Vec<u32> = f.info.frames.iter().map(|r| r.index).collect();
        let owned: Vec<u32> = (0..plans.len() as u32)
            .filter(|&k| owns(shard, k))
            .collect();
        if held != owned {
            return Err(Error::input(format!(
                "{}: it records frames {held:?}, not shard {}'s {owned:?}",
                f.name(),
                shard.index
            )));
        }
        for r in &f.info.frames {
            let png = frame_path(&f.dir, r.index);
            if !png.is_file() {
                return Err(Error::input(format!(
                    "{}: {} is missing (rerun the shard)",
                    f.name(),
                    png.display()
                )));
            }
            records[r.index as usize] = Some((r.clone(), png));
        }
    }
    prepare_dir(out)?;
    prepare_dir(&out.join("frames"))?;
    let mut frames = Vec::with_capacity(plans.len());
    for (k, slot) in records.into_iter().enumerate() {
        let (record, png) = slot.expect("every frame is some shard's");
        let bytes = std::fs::read(&png)
            .map_err(|e| Error::resource(format!("cannot read {}: {e}", png.display())))?;
        write_atomic(&frame_path(out, k as u32), &bytes)?;
        frames.push(record);
    }
    let files = output::finish(out, &first.zoom, &plans, &frames, first.fps)?;
    Ok(Merged {
        zoom: first.zoom.clone(),
        dimension: first.spec.dimension,
        frames,
        files,
    })
}
