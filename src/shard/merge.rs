//! `optgrid merge`: shard directories checked — one spec, one binary, every row exactly once,
//! every shard complete and intact — then joined, block by block, through the writer a single
//! run uses, so `result.npz` is the single run's bit for bit.

use super::{plan_of, Shard, ShardInfo};
use crate::engine::Progress;
use crate::error::{Error, Result};
use crate::output::npz::{read_columns, result_layout, Layout};
use crate::output::writer::MapWriter;
use crate::output::Outputs;
use crate::records::{block_rows, Records, PER_INSTANCE};
use crate::run::Finished;
use std::fs::File;
use std::path::{Path, PathBuf};

/// A shard found on disk and checked on its own.
struct Found {
    dir: PathBuf,
    info: ShardInfo,
}

fn read_info(dir: &Path) -> Result<Found> {
    let path = dir.join("shard.json");
    if !dir.is_dir() {
        return Err(Error::input(format!(
            "shard '{}': no such directory",
            dir.display()
        )));
    }
    let text = std::fs::read_to_string(&path).map_err(|_| {
        Error::input(format!(
            "shard '{}': no shard.json — not a shard directory, or its task did not finish (rerun it)",
            dir.display()
        ))
    })?;
    let info: ShardInfo = serde_json::from_str(&text).map_err(|e| {
        Error::input(format!(
            "shard '{}': shard.json is not a shard's: {e}",
            dir.display()
        ))
    })?;
    Ok(Found {
        dir: dir.to_path_buf(),
        info,
    })
}

/// Checks that `dirs` are the N shards of one map, each once; returns them in row order.
fn check_shards(dirs: &[PathBuf]) -> Result<Vec<Found>> {
    if dirs.is_empty() {
        return Err(Error::input("merge: no shard directories given"));
    }
    let found = dirs
        .iter()
        .map(|d| read_info(d))
        .collect::<Result<Vec<_>>>()?;
    let first = &found[0];
    let name = |f: &Found| {
        format!(
            "shard '{}' ({} of {})",
            f.dir.display(),
            f.info.shard,
            f.info.shards
        )
    };
    for f in &found[1..] {
        let (a, b) = (&first.info, &f.info);
        let differs = if a.spec_toml != b.spec_toml || (a.width, a.height) != (b.width, b.height) {
            Some("spec")
        } else if a.binary != b.binary {
            Some("optgrid binary")
        } else if a.shards != b.shards {
            Some("shard count")
        } else {
            None
        };
        if let Some(what) = differs {
            return Err(Error::input(format!(
                "{} has a different {what} from {}: shards of one map must come from one command line and one binary",
                name(f),
                name(first)
            )));
        }
    }
    let n = first.info.shards;
    let mut slots: Vec<Option<Found>> = (0..n).map(|_| None).collect();
    for f in found {
        let k = f.info.shard;
        if k >= n {
            return Err(Error::input(format!(
                "{}: shard index out of range",
                name(&f)
            )));
        }
        let expect = Shard { index: k, count: n }.rows(f.info.height);
        if f.info.rows != [expect.start, expect.end] {
            return Err(Error::input(format!(
                "{}: rows {:?} are not shard {k}'s {expect:?}",
                name(&f),
                f.info.rows
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

/// Reads rows `rows` (within the shard) of a shard's `shard.npz`, updating the checksums.
fn read_block(
    file: &File,
    layout: &Layout,
    info: &ShardInfo,
    rows: std::ops::Range<usize>,
    crcs: &mut [crc32fast::Hasher],
) -> std::io::Result<Records> {
    let mut r = Records {
        width: info.width,
        height: info.height,
        first: (info.rows[0] + rows.start) * info.width,
        ..Records::default()
    };
    read_columns(
        file,
        layout,
        info.width,
        rows,
        0..PER_INSTANCE,
        &mut r,
        |m, bytes| crcs[m].update(bytes),
    )?;
    Ok(r)
}

/// Merges `shards` into the files of a single run in `out`: every check first, then one pass
/// over the shards' rows. On any error nothing is left in `out` that looks complete.
pub fn merge(
    out: &Path,
    shards: &[PathBuf],
    outputs: Outputs,
    progress: &dyn Progress,
) -> Result<Finished> {
    progress.stage("checking the shards");
    let found = check_shards(shards)?;
    let first = &found[0].info;
    let (spec, plan) = plan_of(&first.spec_toml, "shard.json")?;
    if (plan.width(), plan.height()) != (first.width, first.height) {
        return Err(Error::input(format!(
            "shard '{}': its spec makes a {}×{} map, not the {}×{} it holds (written by another optgrid version?)",
            found[0].dir.display(),
            plan.width(),
            plan.height(),
            first.width,
            first.height
        )));
    }
    let [xs, ys] = &plan.axis_values;
    // Every shard.npz whole before any work.
    let mut files = Vec::new();
    for f in &found {
        let path = f.dir.join("shard.npz");
        let layout = result_layout(plan.width(), f.info.rows[1] - f.info.rows[0], xs, ys);
        let file = File::open(&path).map_err(|e| {
            Error::resource(format!(
                "shard '{}': cannot read shard.npz: {e}",
                f.dir.display()
            ))
        })?;
        let len = file.metadata().map(|m| m.len()).unwrap_or(0);
        if len != layout.file_len() {
            return Err(Error::input(format!(
                "shard '{}': shard.npz has {len} bytes, not the {} its rows take: half-written or damaged (rerun the shard)",
                f.dir.display(),
                layout.file_len()
            )));
        }
        files.push((file, layout));
    }
    crate::output::prepare_dir(out)?;
    let mut writer = MapWriter::create(out, &plan, outputs)?;
    let (mut wall, mut steps) = (0.0, 0);
    let per_block = block_rows(plan.width());
    for (f, (file, layout)) in found.iter().zip(&files) {
        let fail = |e: std::io::Error| {
            Error::resource(format!(
                "shard '{}': cannot read shard.npz: {e}",
                f.dir.display()
            ))
        };
        let mut crcs: Vec<_> = layout.members.iter().map(|m| m.crc_begun()).collect();
        progress.stage(&format!(
            "joining shard {} of {}",
            f.info.shard + 1,
            f.info.shards
        ));
        let rows = f.info.rows[1] - f.info.rows[0];
        let mut row = 0;
        while row < rows {
            let end = (row + per_block).min(rows);
            let block = read_block(file, layout, &f.info, row..end, &mut crcs).map_err(fail)?;
            writer.push(block)?;
            row = end;
        }
        for (i, m) in layout.members.iter().enumerate().take(PER_INSTANCE) {
            let want = f
                .info
                .checksums
                .iter()
                .find(|(n, _)| *n == m.name)
                .map(|c| c.1);
            if want != Some(crcs[i].clone().finalize()) {
                return Err(Error::input(format!(
                    "shard '{}': {} does not match its checksum: damaged (rerun the shard)",
                    f.dir.display(),
                    m.name
                )));
            }
        }
        wall += f.info.wall_seconds;
        steps += f.info.instance_steps;
    }
    let run = first.run.clone();
    progress.stage(&outputs.describe());
    let (summary, records) =
        writer.finish(|tally| crate::run::summarize(spec, &plan, run, wall, steps, tally))?;
    Ok(Finished {
        plan,
        records,
        summary,
    })
}
