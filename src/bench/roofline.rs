//! `optgrid bench --roofline`: this machine's arithmetic peaks, each workload's operations per
//! step counted exactly, and the fraction of the peak each backend reaches.
//!
//! The peaks come from calibrated kernels on every core, in the engine's own instruction set
//! ([`Kernel`]): independent chains of fused multiply-adds (the hardware's f32 and f64 peak,
//! two flops each), of separate multiplies and adds (the peak of code that does not fuse, as
//! the engine does not, so that every backend and precision rounds alike), and of divisions.
//! The counts come from running a sample of the workload's bundles through the engine's code on
//! [`Counted`] lanes.

use crate::engine::cpu::{run_bundle, Kernel};
use crate::model::num::counted::{self, Counted, Ops};
use crate::model::num::Real;
use crate::spec::plan::Plan;
use crate::spec::sweep::SweepSpec;
use serde::Serialize;
use std::hint::black_box;
use std::time::Instant;

/// Operations per second this machine reaches on all cores, by class.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Peaks {
    pub kernel: &'static str,
    pub threads: usize,
    /// Fused multiply-adds, two flops each.
    pub f32_fma: f64,
    /// Separate multiplies and adds, one flop each.
    pub f32_mul_add: f64,
    pub f32_divide: f64,
    pub f64_fma: f64,
    pub f64_mul_add: f64,
}

/// Independent chains per kernel: enough to cover the latency of the FP units (4–5 cycles on
/// two ports) with room to spare, few enough to stay in registers.
const CHAINS: usize = 12;

/// `iters` rounds of a fused multiply-add on each of `N` lanes (the chains side by side);
/// `a` = 1 and `b` = 0 at run time, so the values stay normal and the compiler cannot fold them.
#[inline(always)]
fn fma<F: Real, const N: usize>(iters: u64, a: F, b: F) -> F {
    let mut acc: [F; N] = std::array::from_fn(|i| F::lit(i as f64 + 1.0));
    for _ in 0..iters {
        for v in &mut acc {
            *v = v.mul_add(a, b);
        }
    }
    acc.iter().fold(F::zero(), |s, &v| s + v)
}

/// `iters` rounds of a multiply on the first half of `N` lanes and an add on the other half:
/// N flops a round. (One array: two apart were kept in memory, not registers.)
#[inline(always)]
fn mul_add<F: Real, const N: usize>(iters: u64, a: F, b: F) -> F {
    let mut acc: [F; N] = std::array::from_fn(|i| F::lit(i as f64 + 1.0));
    for _ in 0..iters {
        for v in &mut acc[..N / 2] {
            *v = *v * a;
        }
        for v in &mut acc[N / 2..] {
            *v = *v + b;
        }
    }
    acc.iter().fold(F::zero(), |s, &v| s + v)
}

/// `iters` rounds of a division on `N` lanes.
#[inline(always)]
fn divide<F: Real, const N: usize>(iters: u64, a: F) -> F {
    let mut acc: [F; N] = std::array::from_fn(|i| F::lit(i as f64 + 1.0));
    for _ in 0..iters {
        for v in &mut acc {
            *v = *v / a;
        }
    }
    acc.iter().fold(F::zero(), |s, &v| s + v)
}

/// Which kernel of the three to run.
#[derive(Clone, Copy)]
enum Probe {
    Fma,
    MulAdd,
    Divide,
}

/// Flops (or divisions) one thread does in `iters` rounds of `probe` on arrays of `W` bytes
/// worth of chains: the portable build's probe.
macro_rules! probe_at {
    ($probe:expr, $f:ty, $w:expr, $iters:expr) => {{
        const N: usize = CHAINS * $w / std::mem::size_of::<$f>();
        let (one, zero) = (black_box(<$f>::lit(1.0)), black_box(<$f>::lit(0.0)));
        match $probe {
            Probe::Fma => {
                black_box(fma::<$f, N>($iters, one, zero));
                2 * N as u64 * $iters
            }
            Probe::MulAdd => {
                black_box(mul_add::<$f, N>($iters, one, zero));
                N as u64 * $iters
            }
            Probe::Divide => {
                black_box(divide::<$f, { N / 4 }>($iters, one));
                (N / 4) as u64 * $iters
            }
        }
    }};
}

/// Flops (or divisions) of `CHAINS` independent vector chains over `iters` rounds, written
/// with the intrinsics themselves: a plain loop over an array was vectorized into shuffles and
/// spills that measured the compiler, not the core.
#[cfg(target_arch = "x86_64")]
macro_rules! probe_simd {
    ($probe:expr, $iters:expr, $lanes:expr, $set1:ident, $fma:ident, $mul:ident, $add:ident, $div:ident) => {{
        let (a, b) = ($set1(black_box(1.0)), $set1(black_box(0.0)));
        let mut acc: [_; CHAINS] = std::array::from_fn(|i| $set1((i + 1) as _));
        let lane_ops = (CHAINS * $lanes) as u64 * $iters;
        match $probe {
            Probe::Fma => {
                for _ in 0..$iters {
                    for v in &mut acc {
                        *v = $fma(*v, a, b);
                    }
                }
                black_box(acc);
                2 * lane_ops
            }
            Probe::MulAdd => {
                for _ in 0..$iters {
                    for (i, v) in acc.iter_mut().enumerate() {
                        *v = if i % 2 == 0 { $mul(*v, a) } else { $add(*v, b) };
                    }
                }
                black_box(acc);
                lane_ops
            }
            Probe::Divide => {
                for _ in 0..$iters {
                    for v in &mut acc {
                        *v = $div(*v, a);
                    }
                }
                black_box(acc);
                lane_ops
            }
        }
    }};
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn probe_avx2(probe: Probe, f64: bool, iters: u64) -> u64 {
    use std::arch::x86_64::*;
    if f64 {
        probe_simd!(
            probe,
            iters,
            4,
            _mm256_set1_pd,
            _mm256_fmadd_pd,
            _mm256_mul_pd,
            _mm256_add_pd,
            _mm256_div_pd
        )
    } else {
        probe_simd!(
            probe,
            iters,
            8,
            _mm256_set1_ps,
            _mm256_fmadd_ps,
            _mm256_mul_ps,
            _mm256_add_ps,
            _mm256_div_ps
        )
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,fma")]
fn probe_avx512(probe: Probe, f64: bool, iters: u64) -> u64 {
    use std::arch::x86_64::*;
    if f64 {
        probe_simd!(
            probe,
            iters,
            8,
            _mm512_set1_pd,
            _mm512_fmadd_pd,
            _mm512_mul_pd,
            _mm512_add_pd,
            _mm512_div_pd
        )
    } else {
        probe_simd!(
            probe,
            iters,
            16,
            _mm512_set1_ps,
            _mm512_fmadd_ps,
            _mm512_mul_ps,
            _mm512_add_ps,
            _mm512_div_ps
        )
    }
}

/// Without a vector unit the engine knows, the baseline's 16-byte vectors; `mul_add` compiles
/// to a library call there, so the FMA peak is that of the code as built.
fn probe_portable(probe: Probe, f64: bool, iters: u64) -> u64 {
    if f64 {
        probe_at!(probe, f64, 16, iters)
    } else {
        probe_at!(probe, f32, 16, iters)
    }
}

fn probe_once(kernel: Kernel, probe: Probe, f64: bool, iters: u64) -> u64 {
    match kernel {
        // SAFETY (both): `peaks` takes only a kernel this CPU has (`Kernel::available`).
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx2 => unsafe { probe_avx2(probe, f64, iters) },
        #[cfg(target_arch = "x86_64")]
        Kernel::Avx512 => unsafe { probe_avx512(probe, f64, iters) },
        _ => probe_portable(probe, f64, iters),
    }
}

/// One timed run of `probe` on every thread of the pool at once: (operations, seconds).
fn run(kernel: Kernel, probe: Probe, f64: bool, iters: u64) -> (f64, f64) {
    let started = Instant::now();
    let ops: u64 = rayon::broadcast(|_| probe_once(kernel, probe, f64, iters))
        .into_iter()
        .sum();
    (ops as f64, started.elapsed().as_secs_f64())
}

/// Rounds of every probe in turn; each probe's peak is its best round.
const ROUNDS: usize = 3;

/// This machine's peaks in `kernel`'s instruction set.
///
/// Each probe's rounds are doubled until a run takes a tenth of a second; then the probes run
/// one after another, [`ROUNDS`] times over, and each keeps its best rate. Interleaved, a burst
/// of load from elsewhere (the test suite, a browser) lowers one round of every probe rather
/// than every round of one, so the ratios between peaks hold.
pub fn peaks(kernel: Kernel) -> Peaks {
    assert!(
        kernel.available(),
        "{} is not available here",
        kernel.name()
    );
    const PROBES: [(Probe, bool); 5] = [
        (Probe::Fma, false),
        (Probe::MulAdd, false),
        (Probe::Divide, false),
        (Probe::Fma, true),
        (Probe::MulAdd, true),
    ];
    let iters = PROBES.map(|(probe, f64)| {
        let mut iters = 1 << 12;
        while run(kernel, probe, f64, iters).1 < 0.1 {
            iters *= 2;
        }
        iters
    });
    let mut best = [0.0f64; PROBES.len()];
    for _ in 0..ROUNDS {
        for (i, &(probe, f64)) in PROBES.iter().enumerate() {
            let (ops, seconds) = run(kernel, probe, f64, iters[i]);
            best[i] = best[i].max(ops / seconds);
        }
    }
    Peaks {
        kernel: kernel.name(),
        threads: rayon::current_num_threads(),
        f32_fma: best[0],
        f32_mul_add: best[1],
        f32_divide: best[2],
        f64_fma: best[3],
        f64_mul_add: best[4],
    }
}

/// Lanes per counted bundle: the engine's AVX2 bundle (the counts do not depend on it).
const COUNT_LANES: usize = 32;

/// A workload's operations per instance-step, by class ([`Ops`]'s, averaged over steps).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct PerStep {
    pub flops: f64,
    pub divides: f64,
    pub other: f64,
}

/// A workload's operations per instance-step in f32, counted over up to `bundles` bundles
/// spread evenly over its map, each run to its end as the engine runs it.
pub fn count(spec: &SweepSpec, bundles: usize) -> crate::error::Result<PerStep> {
    let plan = Plan::from_spec(spec)?;
    let checks = plan.checks::<f32>();
    let total = plan.instances();
    let stride = (total / bundles.max(1)).max(COUNT_LANES);
    let (mut ops, mut steps) = (Ops::default(), 0u64);
    counted::take();
    let mut first = 0;
    while first < total {
        let inst = run_bundle::<f32, COUNT_LANES, _>(&plan, &checks, first, Counted);
        steps += inst.taken.iter().map(|&t| t as u64).sum::<u64>();
        ops = ops.plus(counted::take());
        first += stride;
    }
    let per = |n: u64| n as f64 / steps.max(1) as f64;
    Ok(PerStep {
        flops: per(ops.flops),
        divides: per(ops.divides),
        other: per(ops.other),
    })
}

/// Examples of the dataset one step reads, for the data objectives: the minibatch, or all.
pub fn examples_per_step(spec: &SweepSpec) -> Option<f64> {
    let plan = Plan::from_spec(spec).ok()?;
    plan.objective.data.as_ref()?;
    Some(if plan.batch > 0 {
        f64::from(plan.batch)
    } else {
        plan.objective.dataset().len() as f64
    })
}

/// One workload on one engine, placed against the peaks.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub workload: String,
    /// The backend with its kernel or graphics API: `cpu avx512`, `gpu vulkan`.
    pub engine: String,
    pub device: String,
    pub instance_steps_per_second: f64,
    pub per_step: PerStep,
    /// Floating-point operations per second (`per_step.flops` × throughput).
    pub flops_per_second: f64,
    /// Of the machine's f32 FMA peak, and of its unfused multiply/add peak.
    pub fraction_of_fma_peak: f64,
    pub fraction_of_mul_add_peak: f64,
    /// Of the divider's peak rate: divisions and square roots per second.
    pub fraction_of_divide_peak: f64,
    /// For the data objectives, examples read per step.
    pub examples_per_step: Option<f64>,
}

impl Row {
    /// `m` placed against the widest kernel's peaks, `best`.
    pub fn new(
        engine: String,
        m: &super::Measurement,
        per_step: PerStep,
        examples_per_step: Option<f64>,
        best: &Peaks,
    ) -> Row {
        let rate = m.instance_steps_per_second;
        Row {
            workload: m.workload.clone(),
            engine,
            device: m.device.clone(),
            instance_steps_per_second: rate,
            per_step,
            flops_per_second: rate * per_step.flops,
            fraction_of_fma_peak: rate * per_step.flops / best.f32_fma,
            fraction_of_mul_add_peak: rate * per_step.flops / best.f32_mul_add,
            fraction_of_divide_peak: rate * per_step.divides / best.f32_divide,
            examples_per_step,
        }
    }
}

/// What `optgrid bench --roofline` prints.
pub fn table(peaks: &[Peaks], rows: &[Row]) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let threads = peaks.first().map_or(0, |p| p.threads);
    let _ = writeln!(
        s,
        "Peaks on {threads} threads, calibrated kernels (GFLOP/s; divisions: G/s):\n\
         {:<9} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "kernel", "f32 fma", "f32 ×,+", "f32 ÷", "f64 fma", "f64 ×,+"
    );
    for p in peaks {
        let _ = writeln!(
            s,
            "{:<9} {:>9.1} {:>9.1} {:>9.2} {:>9.1} {:>9.1}",
            p.kernel,
            p.f32_fma / 1e9,
            p.f32_mul_add / 1e9,
            p.f32_divide / 1e9,
            p.f64_fma / 1e9,
            p.f64_mul_add / 1e9
        );
    }
    let _ = writeln!(
        s,
        "\n{:<4} {:<11} {:>13} {:>8} {:>6} {:>7} {:>8} {:>6} {:>6} {:>6}",
        "work",
        "engine",
        "inst-steps/s",
        "flop/st",
        "÷/st",
        "oth/st",
        "GFLOP/s",
        "%fma",
        "%×,+",
        "%÷"
    );
    for r in rows {
        let _ = writeln!(
            s,
            "{:<4} {:<11} {:>13.3e} {:>8.1} {:>6.2} {:>7.1} {:>8.2} {:>6.1} {:>6.1} {:>6.1}",
            r.workload,
            r.engine,
            r.instance_steps_per_second,
            r.per_step.flops,
            r.per_step.divides,
            r.per_step.other,
            r.flops_per_second / 1e9,
            100.0 * r.fraction_of_fma_peak,
            100.0 * r.fraction_of_mul_add_peak,
            100.0 * r.fraction_of_divide_peak
        );
    }
    let _ = writeln!(
        s,
        "\nPer instance-step, counted exactly on f32 lanes: flops (+ − ×, the fast functions' \
         polynomials), ÷ (divisions and square roots), other vector operations (compares, \
         selects, min/max, bit work). Fractions are of the widest kernel's f32 peaks: the \
         engine never fuses a·b + c (every backend rounds alike), so ×,+ is its ceiling."
    );
    let of = |id: &str, engine: &str| rows.iter().find(|r| r.workload == id && r.engine == engine);
    let mut engines: Vec<&str> = Vec::new();
    for r in rows {
        if !engines.contains(&r.engine.as_str()) {
            engines.push(&r.engine);
        }
    }
    for e in engines {
        if let (Some(b), Some(d)) = (of("WB", e), of("WD", e)) {
            let per_example =
                |r: &Row| r.instance_steps_per_second * r.examples_per_step.unwrap_or(1.0);
            let _ = writeln!(
                s,
                "WB / WD per example read on {e}: {:.2}×",
                per_example(b) / per_example(d)
            );
        }
        if let (Some(f), Some(w)) = (of("W1F", e), of("W1", e)) {
            let _ = writeln!(
                s,
                "W1F / W1 on {e}: {:.2}×",
                f.instance_steps_per_second / w.instance_steps_per_second
            );
        }
    }
    s
}
