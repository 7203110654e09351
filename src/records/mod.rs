//! The outcome of every instance ([`Records`]), and what is derived from it: basin labels
//! ([`basins`]) and statistics ([`stats`]).
//!
//! Engines produce [`Records`] and know nothing of images; the outputs read them and know
//! nothing of engines. Records know the plan (its size, its minima), never which backend ran.

pub mod basins;
pub mod columns;
pub mod dimension;
pub mod stats;

pub use basins::{basin_label, BasinLocator, BASIN_DIVERGED, BASIN_UNSETTLED};
pub use columns::{Column, Records, COLUMNS, PER_INSTANCE};
pub use stats::{Stats, Tally};

use crate::model::instance::Status;
use crate::spec::plan::Plan;
use rayon::prelude::*;
use std::ops::Range;

/// Instances per block of a map computed, written or merged a block at a time: some 140 MB of
/// records, enough for a GPU to fill its tiles.
pub const BLOCK_INSTANCES: usize = 1 << 22;

/// Whole rows of a map `width` wide per block: about [`BLOCK_INSTANCES`], at least one row.
pub fn block_rows(width: usize) -> usize {
    (BLOCK_INSTANCES / width.max(1)).max(1)
}

/// One instance's outcome as an engine reports it, before labelling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub x: f64,
    pub y: f64,
    pub loss: f64,
    pub steps: i32,
    pub status: Status,
    /// The objective's evaluations (the `evaluations` column).
    pub evaluations: i32,
    /// The trainability score, NaN when not asked for.
    pub trainability: f64,
}

impl Outcome {
    /// A placeholder for a buffer an engine is about to fill.
    const UNSET: Outcome = Outcome {
        x: 0.0,
        y: 0.0,
        loss: 0.0,
        steps: -1,
        status: Status::NotConverged,
        evaluations: 0,
        trainability: f64::NAN,
    };
}

impl Records {
    /// Empty records for the instances `range` of `plan`'s map, with room for all of them.
    pub fn with_capacity(plan: &Plan, range: Range<usize>) -> Records {
        let n = range.len();
        Records {
            width: plan.width(),
            height: plan.height(),
            first: range.start,
            final_x: Vec::with_capacity(n),
            final_y: Vec::with_capacity(n),
            loss: Vec::with_capacity(n),
            steps: Vec::with_capacity(n),
            status: Vec::with_capacity(n),
            basin: Vec::new(),
            evaluations: Vec::with_capacity(n),
            trainability: Vec::with_capacity(n),
            steps_executed: 0,
        }
    }

    /// Appends the next instance's outcome (labelled later, by [`Records::label_basins`]).
    pub fn push(&mut self, o: Outcome) {
        self.final_x.push(o.x);
        self.final_y.push(o.y);
        self.loss.push(o.loss);
        self.steps.push(o.steps);
        self.status.push(o.status);
        self.evaluations.push(o.evaluations);
        self.trainability.push(o.trainability);
    }

    /// Runs the instances `range` of `plan` in parallel chunks of `chunk` and labels the
    /// result. `run(first, out)` fills `out` with the outcomes of instances
    /// `first..first + out.len()` and returns the steps it executed. Each chunk goes straight
    /// into the columns, so no second, per-instance copy of the whole map is ever held.
    pub fn par_fill(
        plan: &Plan,
        range: Range<usize>,
        chunk: usize,
        run: impl Fn(usize, &mut [Outcome]) -> u64 + Sync,
    ) -> Records {
        let n = range.len();
        let start = range.start;
        let mut r = Records::with_capacity(plan, range);
        r.final_x.resize(n, 0.0);
        r.final_y.resize(n, 0.0);
        r.loss.resize(n, 0.0);
        r.steps.resize(n, -1);
        r.status.resize(n, Status::NotConverged);
        r.evaluations.resize(n, 0);
        r.trainability.resize(n, f64::NAN);
        let columns = (
            r.final_x.par_chunks_mut(chunk),
            r.final_y.par_chunks_mut(chunk),
            r.loss.par_chunks_mut(chunk),
            r.steps.par_chunks_mut(chunk),
            r.status.par_chunks_mut(chunk),
            r.evaluations.par_chunks_mut(chunk),
            r.trainability.par_chunks_mut(chunk),
        );
        r.steps_executed = columns
            .into_par_iter()
            .enumerate()
            .map(
                |(i, (xs, ys, losses, steps, status, evaluations, scores))| {
                    let mut out = vec![Outcome::UNSET; xs.len()];
                    let executed = run(start + i * chunk, &mut out);
                    for (k, o) in out.iter().enumerate() {
                        (xs[k], ys[k], losses[k]) = (o.x, o.y, o.loss);
                        (steps[k], status[k], scores[k]) = (o.steps, o.status, o.trainability);
                        evaluations[k] = o.evaluations;
                    }
                    executed
                },
            )
            .sum();
        r.label_basins(plan);
        r
    }

    /// A copy of the instances `range` (plan indices, within [`Records::range`]).
    pub fn part(&self, range: Range<usize>) -> Records {
        Records {
            first: range.start,
            steps_executed: 0,
            ..self.copy_columns(range.start - self.first..range.end - self.first)
        }
    }

    /// The whole rows of this map in blocks of about [`BLOCK_INSTANCES`] (plan indices).
    pub fn blocks(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let per_block = block_rows(self.width) * self.width;
        let end = self.range().end;
        self.range()
            .step_by(per_block)
            .map(move |start| start..(start + per_block).min(end))
    }

    /// The plan indices of the instances held.
    pub fn range(&self) -> Range<usize> {
        self.first..self.first + self.len()
    }

    pub fn len(&self) -> usize {
        self.status.len()
    }

    pub fn is_empty(&self) -> bool {
        self.status.is_empty()
    }
}
