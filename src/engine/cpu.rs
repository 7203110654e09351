//! The CPU reference engine: every instance on all cores, in f32 (the shader's arithmetic) or
//! f64 (the truth), in bundles of SIMD lanes that step in lockstep (see `Instance`).

use super::{Cancel, Engine, Job, Phases, RunInfo};
use crate::error::Result;
use crate::model::criterion::Checks;
use crate::model::hyper::Hyper;
use crate::model::instance::{Instance, Status};
use crate::model::num::Real;
use crate::model::num::{Bits, LaneBits, Lanes, Num};
use crate::model::trainability::Trainability;
use crate::records::{Outcome, Records};
use crate::spec::plan::Plan;
use crate::spec::sweep::Precision;

/// The CPU backend in a chosen precision.
pub struct CpuEngine {
    pub precision: Precision,
    /// The instruction set its lane loops are compiled for; `None`: the widest this CPU runs
    /// ([`Kernel::widest`]).
    kernel: Option<Kernel>,
    /// The kernel of the last run, which `info` reports.
    last_kernel: Kernel,
    last_seconds: f64,
}

impl CpuEngine {
    /// The engine on the widest vector unit this CPU has ([`Kernel::widest`]), which measured
    /// fastest on every workload (BENCHMARKS.md).
    pub fn new(precision: Precision) -> Self {
        CpuEngine {
            precision,
            kernel: None,
            last_kernel: Kernel::widest(),
            last_seconds: 0.0,
        }
    }

    /// The engine on a chosen kernel, which the caller has checked is [`Kernel::available`]:
    /// for measuring one against another.
    pub fn with_kernel(precision: Precision, kernel: Kernel) -> Self {
        assert!(
            kernel.available(),
            "{} is not available here",
            kernel.name()
        );
        CpuEngine {
            precision,
            kernel: Some(kernel),
            last_kernel: kernel,
            last_seconds: 0.0,
        }
    }
}

/// The instruction set the lane loops are compiled for, chosen at run time. Every kernel runs
/// the same operations in the same order — Rust never fuses a·b + c on its own — so all give
/// the same bits; they differ only in how many lanes one instruction advances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kernel {
    /// Whatever the build's baseline target has (SSE2 on x86-64).
    Portable,
    /// 256-bit vectors: 8 f32 lanes per instruction.
    Avx2,
    /// 512-bit vectors: 16 f32 lanes per instruction, twice the lanes per bundle.
    Avx512,
}

impl Kernel {
    pub const ALL: [Kernel; 3] = [Kernel::Portable, Kernel::Avx2, Kernel::Avx512];

    /// The widest kernel this CPU runs, or the one `OPTGRID_CPU_KERNEL` (`portable`, `avx2`,
    /// `avx512`) names if it runs it.
    pub fn widest() -> Kernel {
        Kernel::chosen().unwrap_or_else(|| {
            Kernel::ALL
                .into_iter()
                .rev()
                .find(|k| k.available())
                .unwrap_or(Kernel::Portable)
        })
    }

    /// The kernel `OPTGRID_CPU_KERNEL` names, if this CPU runs it.
    fn chosen() -> Option<Kernel> {
        let name = std::env::var("OPTGRID_CPU_KERNEL").ok()?;
        Kernel::ALL
            .into_iter()
            .find(|k| k.name() == name && k.available())
    }

    pub fn name(self) -> &'static str {
        match self {
            Kernel::Portable => "portable",
            Kernel::Avx2 => "avx2",
            Kernel::Avx512 => "avx512",
        }
    }

    /// Whether this CPU has the kernel's instructions.
    pub fn available(self) -> bool {
        match self {
            Kernel::Portable => true,
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx2 => std::is_x86_feature_detected!("avx2"),
            #[cfg(target_arch = "x86_64")]
            Kernel::Avx512 => {
                std::is_x86_feature_detected!("avx512f")
                    && std::is_x86_feature_detected!("avx512vl")
                    && std::is_x86_feature_detected!("avx512dq")
                    && std::is_x86_feature_detected!("avx512bw")
            }
            #[cfg(not(target_arch = "x86_64"))]
            _ => false,
        }
    }
}

impl Engine for CpuEngine {
    fn info(&self) -> RunInfo {
        RunInfo {
            backend: "cpu".into(),
            device: format!(
                "CPU reference, {} threads, {}",
                rayon::current_num_threads(),
                self.last_kernel.name()
            ),
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
        let k = self.kernel.unwrap_or_else(Kernel::widest);
        self.last_kernel = k;
        // Each lane width is compiled only for the kernels that run it: the whole step code is
        // instantiated once per (precision, width, kernel), and a clean build's time follows.
        let records = match (self.precision, k) {
            #[cfg(target_arch = "x86_64")]
            (Precision::F32, Kernel::Avx512) => run_all(job, avx512::<f32, { 2 * LANES_F32 }>),
            #[cfg(target_arch = "x86_64")]
            (Precision::F64, Kernel::Avx512) => run_all(job, avx512::<f64, { 2 * LANES_F64 }>),
            #[cfg(target_arch = "x86_64")]
            (Precision::F32, Kernel::Avx2) => run_all(job, avx2::<f32, LANES_F32>),
            #[cfg(target_arch = "x86_64")]
            (Precision::F64, Kernel::Avx2) => run_all(job, avx2::<f64, LANES_F64>),
            (Precision::F32, _) => run_all(job, run_chunk_portable::<f32, LANES_F32>),
            (Precision::F64, _) => run_all(job, run_chunk_portable::<f64, LANES_F64>),
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
/// dependency chains for the core to overlap (measured: W1 +25–30% over one register's worth);
/// AVX-512 takes twice as many, four of its registers' worth.
const LANES_F32: usize = 32;
const LANES_F64: usize = 16;

/// A chunk loop on one kernel: runs the instances `first..first + out.len()` in bundles and
/// returns the steps taken. Cancellation is checked before each bundle, so a long chunk (many
/// steps) stops within one.
type ChunkLoop<F> = fn(&Plan, &Checks<F>, &Cancel, usize, &mut [Outcome]) -> u64;

/// Every instance of the job; once cancelled, the remaining chunks are skipped (the caller
/// then discards the records).
fn run_all<F: Real>(job: &Job, run_chunk: ChunkLoop<F>) -> Records {
    let plan = job.plan;
    let checks = plan.checks::<F>();
    Records::par_fill(plan, job.instances.clone(), CHUNK, |first, out| {
        if job.cancel.is_cancelled() {
            return 0;
        }
        let steps = run_chunk(plan, &checks, &job.cancel, first, out);
        job.progress.advance(steps);
        steps
    })
}

/// A chunk loop compiled for a vector unit: the portable loop inlined into a function with the
/// unit's target features, so the lane loops vectorize to its registers.
macro_rules! chunk_loop_for {
    ($(#[$doc:meta])* $name:ident, $features:literal) => {
        $(#[$doc])*
        #[cfg(target_arch = "x86_64")]
        fn $name<F: Real, const N: usize>(
            plan: &Plan,
            checks: &Checks<F>,
            cancel: &Cancel,
            first: usize,
            out: &mut [Outcome],
        ) -> u64 {
            #[target_feature(enable = $features)]
            unsafe fn run<F: Real, const N: usize>(
                plan: &Plan,
                checks: &Checks<F>,
                cancel: &Cancel,
                first: usize,
                out: &mut [Outcome],
            ) -> u64 {
                run_chunk_portable::<F, N>(plan, checks, cancel, first, out)
            }
            // SAFETY: the engine only takes a kernel this CPU has (`Kernel::available`).
            unsafe { run::<F, N>(plan, checks, cancel, first, out) }
        }
    };
}

chunk_loop_for!(
    /// The chunk loop on AVX2 (8 f32 lanes per instruction).
    avx2,
    "avx2"
);
chunk_loop_for!(
    /// The chunk loop on AVX-512 (16 f32 lanes per instruction, masks in registers).
    avx512,
    "avx512f,avx512vl,avx512dq,avx512bw"
);

/// The bundle of N instances from `first` run to its end in lane type `V`: `Lanes` itself, or
/// lanes that count their operations (`model::num::counted`). A short last bundle repeats the
/// plan's last instance in its spare lanes.
#[inline(always)]
pub fn run_bundle<F: Real, const N: usize, V: Num<Scalar = F, Bits = LaneBits<N>>>(
    plan: &Plan,
    checks: &Checks<F>,
    first: usize,
    lanes: impl Fn(Lanes<F, N>) -> V,
) -> Instance<V> {
    let index = |l: usize| (first + l).min(plan.instances() - 1);
    let each: [([F; 2], Hyper<F>); N] = std::array::from_fn(|l| plan.instance::<F>(index(l)));
    let hyper = Hyper::gather(&std::array::from_fn(|l| each[l].1)).map(&lanes);
    let start = [
        lanes(Lanes::from_fn(|l| each[l].0[0])),
        lanes(Lanes::from_fn(|l| each[l].0[1])),
    ];
    let rules = plan.rules(&hyper, checks, LaneBits::from_fn(|l| index(l) as u32));
    let mut inst = Instance::start(&rules, start);
    inst.advance(&rules, plan.steps);
    inst
}

#[inline(always)]
fn run_chunk_portable<F: Real, const N: usize>(
    plan: &Plan,
    checks: &Checks<F>,
    cancel: &Cancel,
    first: usize,
    out: &mut [Outcome],
) -> u64 {
    let mut steps = 0u64;
    for (b, bundle) in out.chunks_mut(N).enumerate() {
        if cancel.is_cancelled() {
            break;
        }
        let inst = run_bundle::<F, N, Lanes<F, N>>(plan, checks, first + b * N, |v| v);
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
