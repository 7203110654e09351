//! `optgrid merge`: shard directories checked — one spec, one binary, every row exactly once,
//! every shard complete and intact — then joined, block by block, through the writer a single
//! run uses, so `result.npz` is the single run's bit for bit.

use super::{check_set, plan_of, Found, Shard, ShardInfo, ShardRecord};
use crate::engine::Progress;
use crate::error::{Error, Result};
use crate::output::npz::{read_columns, result_layout, Layout};
use crate::output::writer::MapWriter;
use crate::output::Outputs;
use crate::records::{block_rows, Records, PER_INSTANCE};
use crate::run::Finished;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Checks that `dirs` are the N shards of one map, each once, each holding shard K's rows;
/// returns them in row order.
fn check_shards(dirs: &[PathBuf]) -> Result<Vec<Found<ShardInfo>>> {
    let found = check_set::<ShardInfo>(dirs)?;
    for f in &found {
        let (k, n) = f.info.place();
        let expect = Shard { index: k, count: n }.rows(f.info.height);
        if f.info.rows != [expect.start, expect.end] {
            return Err(Error::input(format!(
                "{}: rows {:?} are not shard {k}'s {expect:?}",
                f.name(),
                f.info.rows
            )));
        }
    }
    Ok(found)
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
