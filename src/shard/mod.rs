//! Shards: a map split into N contiguous row blocks, each computed on its own (a Slurm array
//! task, a Kubernetes Indexed Job pod, another machine) into a shard directory, then merged
//! ([`merge`]) into the files a single run writes.
//!
//! A shard directory holds `shard.npz` (its rows of every `result.npz` array) and, written
//! last, `shard.json` ([`ShardInfo`]: the full spec, its row range, the binary, checksums). A
//! directory without `shard.json` is a task that did not finish.

pub mod merge;

use crate::engine::{Cancel, Engine, Progress, RunInfo};
use crate::error::{Error, Result};
use crate::output::npz::NpzFile;
use crate::output::{prepare_dir, summary::spec_toml, write_atomic};
use crate::spec::plan::Plan;
use crate::spec::sweep::SweepSpec;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Shard `index` of `count` (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

const AUTO_HELP: &str = "set SLURM_ARRAY_TASK_ID (a Slurm job array) or JOB_COMPLETION_INDEX with --shards N (a Kubernetes Indexed Job), or give --shard K/N";

impl Shard {
    /// The shard from `--shard K/N|auto` and `--shards N`, reading a scheduler's index from
    /// `env` for `auto` (also implied by `--shards` alone): Slurm's `SLURM_ARRAY_TASK_ID`
    /// (less `SLURM_ARRAY_TASK_MIN`) of `SLURM_ARRAY_TASK_COUNT` (or MAX − MIN + 1), or
    /// Kubernetes' `JOB_COMPLETION_INDEX` of `--shards`.
    pub fn resolve(
        shard: Option<&str>,
        shards: Option<usize>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Shard>> {
        let number = |name: &str| -> Result<Option<usize>> {
            match env(name) {
                None => Ok(None),
                Some(v) => v.trim().parse().map(Some).map_err(|_| {
                    Error::input(format!(
                        "{name}='{v}' is not a whole number (read for --shard auto)"
                    ))
                }),
            }
        };
        if shards == Some(0) {
            return Err(Error::input("--shards: N must be at least 1"));
        }
        let shard = match (shard, shards) {
            (None, None) => return Ok(None),
            (Some(text), _) if text != "auto" => {
                let parsed = text.split_once('/').and_then(|(k, n)| {
                    Some((
                        k.trim().parse::<usize>().ok()?,
                        n.trim().parse::<usize>().ok()?,
                    ))
                });
                let Some((index, count)) = parsed else {
                    return Err(Error::input(format!(
                        "--shard: expected K/N (shard K of N, 0 ≤ K < N), e.g. 2/8, or auto; got '{text}'"
                    )));
                };
                if shards.is_some_and(|n| n != count) {
                    return Err(Error::input(format!(
                        "--shard {text} and --shards {} disagree on N",
                        shards.unwrap()
                    )));
                }
                Shard { index, count }
            }
            _ => {
                if let Some(id) = number("SLURM_ARRAY_TASK_ID")? {
                    let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
                    let count = match (shards, number("SLURM_ARRAY_TASK_COUNT")?) {
                        (Some(n), _) | (None, Some(n)) => n,
                        (None, None) => match number("SLURM_ARRAY_TASK_MAX")? {
                            Some(max) if max >= min => max - min + 1,
                            _ => {
                                return Err(Error::input(
                                    "--shard auto: SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX is; give --shards N",
                                ))
                            }
                        },
                    };
                    let Some(index) = id.checked_sub(min) else {
                        return Err(Error::input(format!(
                            "--shard auto: SLURM_ARRAY_TASK_ID={id} is below SLURM_ARRAY_TASK_MIN={min}"
                        )));
                    };
                    Shard { index, count }
                } else if let Some(index) = number("JOB_COMPLETION_INDEX")? {
                    let Some(count) = shards else {
                        return Err(Error::input(
                            "--shard auto: JOB_COMPLETION_INDEX is set; give --shards N, the Indexed Job's completions",
                        ));
                    };
                    Shard { index, count }
                } else {
                    return Err(Error::input(format!(
                        "--shard auto: no scheduler index in the environment; {AUTO_HELP}"
                    )));
                }
            }
        };
        if shard.count == 0 {
            return Err(Error::input("--shard: N must be at least 1"));
        }
        if shard.index >= shard.count {
            return Err(Error::input(format!(
                "--shard {}/{}: K must be below N (shards are numbered 0 to {})",
                shard.index,
                shard.count,
                shard.count - 1
            )));
        }
        Ok(Some(shard))
    }

    /// This shard's rows of a map `height` rows tall: the K-th of N contiguous blocks, sizes
    /// differing by at most one.
    pub fn rows(&self, height: usize) -> Range<usize> {
        self.index * height / self.count..(self.index + 1) * height / self.count
    }

    /// Refuses more shards than rows (a shard would be empty).
    pub fn check(&self, height: usize) -> Result<()> {
        if self.count > height {
            return Err(Error::input(format!(
                "--shard {}/{}: N = {} is more than the map's {height} rows; use at most {height} shards",
                self.index, self.count, self.count
            )));
        }
        Ok(())
    }

    /// The shard's directory name: `shard-K-of-N`, K zero-padded so they list in order.
    pub fn dir_name(&self) -> String {
        let width = (self.count - 1).to_string().len();
        format!("shard-{:0width$}-of-{}", self.index, self.count)
    }
}

/// `shard.json`: what a merge needs to check and join a shard.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ShardInfo {
    pub optgrid_version: String,
    /// The binary that computed the shard: shards from different builds may differ in their
    /// last bits, so a merge refuses to join them.
    pub binary: String,
    pub shard: usize,
    pub shards: usize,
    /// Map rows [start, end) held in `shard.npz`.
    pub rows: [usize; 2],
    pub width: usize,
    pub height: usize,
    /// The complete spec, as `spec.toml` writes it.
    pub spec_toml: String,
    pub run: RunInfo,
    pub wall_seconds: f64,
    pub instance_steps: u64,
    /// CRC-32 of each member of `shard.npz` (its `.npy` file), by name.
    pub checksums: Vec<(String, u32)>,
}

/// The identity of the running binary: its version and a CRC-32 of the executable.
pub fn binary_identity() -> String {
    use std::sync::OnceLock;
    static ID: OnceLock<String> = OnceLock::new();
    ID.get_or_init(|| {
        let hash = std::env::current_exe()
            .and_then(std::fs::read)
            .map(|bytes| format!("{:08x}", crc32fast::hash(&bytes)))
            .unwrap_or_else(|_| "unknown".into());
        format!("optgrid {} ({hash})", env!("CARGO_PKG_VERSION"))
    })
    .clone()
}

/// Runs shard `shard` of `spec` and writes `out/shard-K-of-N/`; returns that directory.
pub fn run_shard(
    spec: &SweepSpec,
    shard: Shard,
    engine: &mut dyn Engine,
    progress: &dyn Progress,
    out: &Path,
) -> Result<PathBuf> {
    let (spec, plan) = crate::run::plan(spec)?;
    shard.check(plan.height())?;
    let dir = out.join(shard.dir_name());
    prepare_dir(&dir)?;
    // A shard written before (by an earlier attempt) is stale from here on.
    let _ = std::fs::remove_file(dir.join("shard.json"));
    let rows = shard.rows(plan.height());
    let mut npz = NpzFile::create(&dir.join("shard.npz"), &plan, rows.len())?;
    let (run, wall, executed) = crate::run::run_blocks(
        &plan,
        rows.clone(),
        engine,
        progress,
        &Cancel::new(),
        |block| npz.push(&block),
    )?;
    let (layout, crcs) = npz.finish()?;
    npz.commit()?;
    let info = ShardInfo {
        optgrid_version: env!("CARGO_PKG_VERSION").into(),
        binary: binary_identity(),
        shard: shard.index,
        shards: shard.count,
        rows: [rows.start, rows.end],
        width: plan.width(),
        height: plan.height(),
        spec_toml: spec_toml(&spec)?,
        run,
        wall_seconds: wall,
        instance_steps: executed,
        checksums: layout
            .members
            .iter()
            .map(|m| m.name.clone())
            .zip(crcs)
            .collect(),
    };
    let json = serde_json::to_vec_pretty(&info)
        .map_err(|e| Error::internal(format!("cannot encode shard.json: {e}")))?;
    write_atomic(&dir.join("shard.json"), &json)?;
    Ok(dir)
}

/// The plan of a shard's spec text.
fn plan_of(spec_toml: &str, name: &str) -> Result<(SweepSpec, Plan)> {
    let request: crate::spec::request::Request =
        crate::spec::request::parse_config(spec_toml, name)?;
    let panels = request.panels()?;
    crate::run::plan(&panels[0].spec)
}

/// The info file a shard directory ends with, as the merge of a set of shards reads it.
pub trait ShardRecord: serde::de::DeserializeOwned {
    /// Its name in a shard directory (written last: without it the task did not finish).
    const FILE: &'static str;
    /// (K, N): shard K of N.
    fn place(&self) -> (usize, usize);
    /// What makes `other` a shard of some other run than `self`'s (its spec, its binary),
    /// or None.
    fn differs(&self, other: &Self) -> Option<&'static str>;
}

impl ShardRecord for ShardInfo {
    const FILE: &'static str = "shard.json";
    fn place(&self) -> (usize, usize) {
        (self.shard, self.shards)
    }
    fn differs(&self, other: &Self) -> Option<&'static str> {
        if self.spec_toml != other.spec_toml
            || (self.width, self.height) != (other.width, other.height)
        {
            Some("spec")
        } else if self.binary != other.binary {
            Some("optgrid binary")
        } else {
            None
        }
    }
}

/// A shard directory and its info file, read.
pub struct Found<T> {
    pub dir: PathBuf,
    pub info: T,
}

impl<T: ShardRecord> Found<T> {
    /// How errors name it: `shard 'DIR' (K of N)`.
    pub fn name(&self) -> String {
        let (k, n) = self.info.place();
        format!("shard '{}' ({k} of {n})", self.dir.display())
    }
}

/// Reads a shard directory's info file, saying plainly when there is none.
pub fn read_info<T: ShardRecord>(dir: &Path) -> Result<Found<T>> {
    if !dir.is_dir() {
        return Err(Error::input(format!(
            "shard '{}': no such directory",
            dir.display()
        )));
    }
    let text = std::fs::read_to_string(dir.join(T::FILE)).map_err(|_| {
        Error::input(format!(
            "shard '{}': no {} — not a shard directory, or its task did not finish (rerun it)",
            dir.display(),
            T::FILE
        ))
    })?;
    let info = serde_json::from_str(&text).map_err(|e| {
        Error::input(format!(
            "shard '{}': {} is not a shard's: {e}",
            dir.display(),
            T::FILE
        ))
    })?;
    Ok(Found {
        dir: dir.to_path_buf(),
        info,
    })
}

/// Checks that `dirs` are the N shards of one run, from one binary, each given once and none
/// missing; returns them in shard order.
pub fn check_set<T: ShardRecord>(dirs: &[PathBuf]) -> Result<Vec<Found<T>>> {
    if dirs.is_empty() {
        return Err(Error::input("merge: no shard directories given"));
    }
    let found = dirs
        .iter()
        .map(|d| read_info::<T>(d))
        .collect::<Result<Vec<_>>>()?;
    let first = &found[0];
    let n = first.info.place().1;
    for f in &found[1..] {
        let differs = first
            .info
            .differs(&f.info)
            .or_else(|| (f.info.place().1 != n).then_some("shard count"));
        if let Some(what) = differs {
            return Err(Error::input(format!(
                "{} has a different {what} from {}: shards of one map must come from one command line and one binary",
                f.name(),
                first.name()
            )));
        }
    }
    let mut slots: Vec<Option<Found<T>>> = (0..n).map(|_| None).collect();
    for f in found {
        let k = f.info.place().0;
        if k >= n {
            return Err(Error::input(format!(
                "{}: shard index out of range",
                f.name()
            )));
        }
        if let Some(other) = &slots[k] {
            return Err(Error::input(format!(
                "shard {k} of {n} is given twice: '{}' and '{}'",
                other.dir.display(),
                f.dir.display()
            )));
        }
        slots[k] = Some(f);
    }
    let missing: Vec<String> = (0..n)
        .filter(|&k| slots[k].is_none())
        .map(|k| k.to_string())
        .collect();
    if !missing.is_empty() {
        let (noun, verb) = if missing.len() > 1 {
            ("shards", "are")
        } else {
            ("shard", "is")
        };
        return Err(Error::input(format!(
            "{noun} {} of {n} {verb} missing: give every shard directory once (e.g. 'OUT/shard-*')",
            missing.join(", "),
        )));
    }
    Ok(slots.into_iter().map(Option::unwrap).collect())
}
