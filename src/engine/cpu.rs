//! The CPU reference engine: every instance on all cores, in f32 (the shader's arithmetic) or
//! f64 (the truth), in bundles of SIMD lanes that step in lockstep (see `Instance`).

use super::{Cancel, Engine, Job, Phases, RunInfo};
use crate::error::Result;
use crate::model::criterion::Checks;
use crate::model::hyper::Hyper;
use crate::model::instance::{Instance, Status};
use crate::model::num::Real;
use crate::model::num::{Bits, Lanes, Num};
use crate::model::trainability::Trainability;
use crate::records::{Outcome, Records};
use crate::spec::plan::Plan;
use crate::spec::sweep::Precision;

/// The CPU backend in a chosen precision.
pub struct CpuEngine {
    pub precision: Precision,
    last_seconds: f64,
}

impl CpuEngine {
    pub fn new(precision: Precision) -> Self {
        CpuEngine {
            precision,
            last_seconds: 0.0,
        }
    }
}

impl Engine for CpuEngine {
    fn info(&self) -> RunInfo {
        RunInfo {
            backend: "cpu".into(),
            device: format!("CPU reference, {} threads", rayon::current_num_threads()),
            precision: self.precision.name().into(),
            compile_seconds: 0.0,
            phases: Phases {
                compute_seconds: self.last_seconds,
                ..Phases::default()
            },
        }
    }

    fn run_job(&mut self, job: &Job) -> Result<Records> {
        let started = std::time::Instant::now();
        let records = match self.precision {
            Precision::F32 => run_all::<f32, LANES_F32>(job),
            Precision::F64 => run_all::<f64, LANES_F64>(job),
        };
        self.last_seconds = started.elapsed().as_secs_f64();
        job.cancel.check()?;
        Ok(records)
    }
}

/// Instances handed to one rayon task: large enough to amortize scheduling and progress calls
/// (a multiple of every lane count).
const CHUNK: usize = 1024;

/// Lanes per bundle: four 256-bit vector registers' worth, so each step holds four independent
/// dependency chains for the core to overlap (measured: W1 +25–30% over one register's worth).
const LANES_F32: usize = 32;
const LANES_F64: usize = 16;

/// Every instance of the job; once cancelled, the remaining chunks are skipped (the caller
/// then discards the records).
fn run_all<F: Real, const N: usize>(job: &Job) -> Records {
    let plan = job.plan;
    let checks = plan.checks::<F>();
    Records::par_fill(plan, job.instances.clone(), CHUNK, |first, out| {
        if job.cancel.is_cancelled() {
            return 0;
        }
        let steps = run_chunk::<F, N>(plan, &checks, &job.cancel, first, out);
        job.progress.advance(steps);
        steps
    })
}

/// Runs the instances `first..first + out.len()` in bundles of N lanes; returns the steps taken.
/// Cancellation is checked before each bundle, so a long chunk (many steps) stops within one.
fn run_chunk<F: Real, const N: usize>(
    plan: &Plan,
    checks: &Checks<F>,
    cancel: &Cancel,
    first: usize,
    out: &mut [Outcome],
) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        return unsafe { run_chunk_avx2::<F, N>(plan, checks, cancel, first, out) };
    }
    run_chunk_portable::<F, N>(plan, checks, cancel, first, out)
}

/// The chunk loop compiled for AVX2 (8 f32 lanes per instruction). Same operations, so the
/// same bits, as the portable build: Rust never fuses a·b + c on its own.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn run_chunk_avx2<F: Real, const N: usize>(
    plan: &Plan,
    checks: &Checks<F>,
    cancel: &Cancel,
    first: usize,
    out: &mut [Outcome],
) -> u64 {
    run_chunk_portable::<F, N>(plan, checks, cancel, first, out)
}

#[inline(always)]
fn run_chunk_portable<F: Real, const N: usize>(
    plan: &Plan,
    checks: &Checks<F>,
    cancel: &Cancel,
    first: usize,
    out: &mut [Outcome],
) -> u64 {
    let total = plan.instances();
    let mut steps = 0u64;
    for (b, bundle) in out.chunks_mut(N).enumerate() {
        if cancel.is_cancelled() {
            break;
        }
        // A short last bundle repeats its last instance in the spare lanes.
        let index = |l: usize| (first + b * N + l).min(total - 1);
        let each: [([F; 2], Hyper<F>); N] = std::array::from_fn(|l| plan.instance::<F>(index(l)));
        let hyper = Hyper::gather(&std::array::from_fn(|l| each[l].1));
        let start = [
            Lanes::<F, N>::from_fn(|l| each[l].0[0]),
            Lanes::<F, N>::from_fn(|l| each[l].0[1]),
        ];
        let rules = plan.rules(&hyper, checks, Bits::from_fn(|l| index(l) as u32));
        let mut inst = Instance::start(&rules, start);
        inst.advance(&rules, plan.steps);
        for (l, o) in bundle.iter_mut().enumerate() {
            let (x, y) = (inst.pos[0].lane(l), inst.pos[1].lane(l));
            let taken = inst.taken[l] as u32;
            steps += u64::from(taken);
            let loss = plan.objective.value(x, y);
            let status = inst.status(l);
            let trainability = if plan.trainability {
                Trainability::lane(&inst.score, l)
                    .score(taken, plan.steps, status == Status::Diverged, loss)
                    .to_f64_exact()
            } else {
                f64::NAN
            };
            *o = Outcome {
                x: x.to_f64_exact(),
                y: y.to_f64_exact(),
                loss: loss.to_f64_exact(),
                steps: inst.steps_to_converge[l],
                status,
                evaluations: inst.evaluations(plan.optimizer, l),
                trainability,
            };
        }
    }
    steps
}
