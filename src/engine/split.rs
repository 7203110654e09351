//! One map on several engines at once (`--devices`): the job's rows are cut into blocks that
//! the engines take in turn as each finishes its last, each on its own thread, and the blocks'
//! records are joined in row order. Every instance is computed alone, so the result is the same
//! bits as on one engine of the same kind; a faster device simply takes more blocks.

use super::{Engine, Job, Phases, RunInfo};
use crate::error::{Error, Result};
use crate::records::Records;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

/// Blocks per engine in a job: enough that a fast device is not left idle while a slow one
/// finishes a large block, few enough that each block fills a GPU.
const BLOCKS_PER_ENGINE: usize = 8;

/// Several engines that run one job together.
pub struct Split {
    engines: Vec<Box<dyn Engine>>,
    /// Each engine's phases summed over the blocks of the last run (device-seconds).
    phases: Phases,
}

impl Split {
    /// The engines to share each job among (at least one).
    pub fn new(engines: Vec<Box<dyn Engine>>) -> Split {
        assert!(!engines.is_empty(), "a split needs an engine");
        Split {
            engines,
            phases: Phases::default(),
        }
    }
}

/// The job's instances in blocks of whole rows of the map (a block boundary never falls inside
/// a row, unless the job itself starts or ends inside one).
fn blocks(range: Range<usize>, width: usize, engines: usize) -> Vec<Range<usize>> {
    let rows = range.len().div_ceil(width.max(1));
    let rows_per_block = rows.div_ceil(engines * BLOCKS_PER_ENGINE).max(1);
    let step = rows_per_block * width.max(1);
    // Boundaries at whole rows of the map, counted from row 0.
    let first_boundary = range.start.div_ceil(step) * step;
    let mut cuts = vec![range.start];
    cuts.extend(
        (first_boundary..range.end)
            .step_by(step)
            .filter(|&c| c > range.start),
    );
    cuts.push(range.end);
    cuts.windows(2)
        .filter(|w| w[0] < w[1])
        .map(|w| w[0]..w[1])
        .collect()
}

impl Engine for Split {
    fn info(&self) -> RunInfo {
        let infos: Vec<RunInfo> = self.engines.iter().map(|e| e.info()).collect();
        let devices: Vec<&str> = infos.iter().map(|i| i.device.as_str()).collect();
        RunInfo {
            backend: infos[0].backend.clone(),
            device: format!("{} devices: {}", infos.len(), devices.join("; ")),
            precision: infos[0].precision.clone(),
            compile_seconds: infos.iter().map(|i| i.compile_seconds).fold(0.0, f64::max),
            phases: self.phases,
        }
    }

    fn run_job(&mut self, job: &Job) -> Result<Records> {
        let blocks = blocks(job.instances.clone(), job.plan.width(), self.engines.len());
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let done: Mutex<Vec<Records>> = Mutex::new(Vec::with_capacity(blocks.len()));
        let errors: Mutex<Vec<Error>> = Mutex::new(Vec::new());
        let phases: Mutex<Phases> = Mutex::default();
        std::thread::scope(|scope| {
            for engine in self.engines.iter_mut() {
                let (next, failed, blocks) = (&next, &failed, &blocks);
                let (done, errors, phases) = (&done, &errors, &phases);
                scope.spawn(move || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= blocks.len() || failed.load(Ordering::Relaxed) {
                        break;
                    }
                    let part = Job {
                        plan: job.plan,
                        instances: blocks[i].clone(),
                        progress: job.progress,
                        cancel: job.cancel.clone(),
                    };
                    match engine.run_job(&part) {
                        Ok(records) => {
                            phases.lock().unwrap().add(&engine.info().phases);
                            done.lock().unwrap().push(records);
                        }
                        Err(e) => {
                            failed.store(true, Ordering::Relaxed);
                            errors.lock().unwrap().push(e);
                            break;
                        }
                    }
                });
            }
        });
        self.phases = phases.into_inner().unwrap();
        if let Some(e) = errors.into_inner().unwrap().into_iter().next() {
            return Err(e);
        }
        let mut parts = done.into_inner().unwrap();
        parts.sort_by_key(|r| r.range().start);
        let mut parts = parts.into_iter();
        let mut whole = parts.next().expect("a job has at least one block");
        for part in parts {
            whole.append(part);
        }
        Ok(whole)
    }
}

impl Phases {
    /// Adds another run's phases (device-seconds when the runs were concurrent).
    fn add(&mut self, other: &Phases) {
        self.upload_seconds += other.upload_seconds;
        self.compute_seconds += other.compute_seconds;
        self.readback_seconds += other.readback_seconds;
        if let Some(s) = other.gpu_compute_seconds {
            *self.gpu_compute_seconds.get_or_insert(0.0) += s;
        }
    }
}

#[cfg(feature = "unit-tests")]
pub mod tests {
    use super::*;

    pub fn blocks_cover_the_range_in_whole_rows() {
        for (range, width, engines) in [
            (0..100, 10, 2),
            (0..7, 10, 3),
            (30..95, 10, 2),
            (0..1000 * 1000, 1000, 3),
            (5..5, 10, 2),
        ] {
            let b = blocks(range.clone(), width, engines);
            let covered: Vec<usize> = b.iter().flat_map(|r| r.clone()).collect();
            assert_eq!(covered, range.clone().collect::<Vec<_>>());
            for r in b.iter().skip(1) {
                assert_eq!(r.start % width, 0, "{r:?} starts inside a row");
            }
            assert!(
                b.len() <= engines * BLOCKS_PER_ENGINE + 1,
                "{} blocks",
                b.len()
            );
        }
    }

    /// The tests above, for `crate::unit_tests`.
    pub const ALL: crate::UnitTests = &[(
        "blocks_cover_the_range_in_whole_rows",
        blocks_cover_the_range_in_whole_rows,
    )];
}
