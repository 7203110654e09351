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
    /// How much of the divider's time the ×,+ ports hide, in f32, measured: 1 when divisions
    /// and multiplies/adds overlap fully, 0 when they run one after the other. `beside`: the
    /// two interleaved and independent; `after`: in long phases, each taking its inputs from the
    /// phase before, as a step's gradient and its rule's divisions do.
    pub overlap_beside: f64,
    pub overlap_after: f64,
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

/// Which kernel to run.
#[derive(Clone, Copy)]
enum Probe {
    Fma,
    MulAdd,
    Divide,
    /// Divisions on four chains and, per division, `per_divide` multiplies/adds on the other
    /// chains; `after`: in phases of [`PHASE`] division rounds, each phase's inputs taken from
    /// the one before. Counts divisions.
    Overlap {
        after: bool,
        per_divide: usize,
    },
}

/// Division rounds per phase of [`Probe::Overlap`]: some hundreds of instructions a phase,
/// more than a core's reorder window holds.
const PHASE: usize = 16;

/// Chains of [`Probe::Overlap`] that divide (the others multiply and add).
const DIVIDING: usize = 4;

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
            Probe::Overlap { after, per_divide } => {
                const L: usize = N / CHAINS;
                let chain = |i: usize| [<$f>::lit((i + 1) as f64); L];
                let mut acc: [[$f; L]; CHAINS] = std::array::from_fn(chain);
                let mul = |u: [$f; L], v: [$f; L]| std::array::from_fn(|k| u[k] * v[k]);
                let add = |u: [$f; L], v: [$f; L]| std::array::from_fn(|k| u[k] + v[k]);
                let div = |u: [$f; L], v: [$f; L]| std::array::from_fn(|k| u[k] / v[k]);
                overlap!(acc, after, per_divide, $iters, mul, add, div, [one; L], [zero; L]);
                black_box(acc);
                (DIVIDING * PHASE * L) as u64 * $iters
            }
        }
    }};
}

/// The rounds of [`Probe::Overlap`] on chains `acc` with vector operations `mul`, `add`, `div`
/// (functions or intrinsics, called in place so that they inline) and the vectors `a` = 1,
/// `b` = 0: a divisor of 1 is `x·0 + 1`, so a phase can take it from another chain's value
/// without changing any value.
macro_rules! overlap {
    ($acc:ident, $after:expr, $per_divide:expr, $iters:expr,
     $mul:ident, $add:ident, $div:ident, $a:expr, $b:expr) => {{
        let (a, b) = ($a, $b);
        for _ in 0..$iters {
            if $after {
                // Phases: the divisions take their divisors from the multiply/add chains,
                // then those chains take a term from the divisions' results.
                for _ in 0..PHASE {
                    for i in 0..DIVIDING {
                        $acc[i] = $div($acc[i], $add($mul($acc[DIVIDING + i], b), a));
                    }
                }
                for i in DIVIDING..CHAINS {
                    $acc[i] = $add($acc[i], $mul($acc[i % DIVIDING], b));
                }
                for _ in 0..PHASE * $per_divide {
                    for i in DIVIDING..CHAINS {
                        $acc[i] = if i % 2 == 0 {
                            $mul($acc[i], a)
                        } else {
                            $add($acc[i], b)
                        };
                    }
                }
            } else {
                // Interleaved, each chain on its own.
                for _ in 0..PHASE {
                    for i in 0..DIVIDING {
                        $acc[i] = $div($acc[i], $add($mul($acc[i], b), a));
                    }
                    for _ in 0..$per_divide {
                        for i in DIVIDING..CHAINS {
                            $acc[i] = if i % 2 == 0 {
                                $mul($acc[i], a)
                            } else {
                                $add($acc[i], b)
                            };
                        }
                    }
                }
                for i in DIVIDING..CHAINS {
                    $acc[i] = $add($acc[i], $mul($acc[i], b));
                }
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
            Probe::Overlap { after, per_divide } => {
                overlap!(acc, after, per_divide, $iters, $mul, $add, $div, a, b);
                black_box(acc);
                (DIVIDING * PHASE * $lanes) as u64 * $iters
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

/// A probe with its rounds set for a tenth of a second, and the rate that run read.
struct Calibrated {
    probe: Probe,
    f64: bool,
    iters: u64,
    rate: f64,
}

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
    let calibrated = |probe: Probe, f64: bool| {
        let mut iters = 1 << 12;
        loop {
            let (ops, seconds) = run(kernel, probe, f64, iters);
            if seconds >= 0.1 {
                return Calibrated {
                    probe,
                    f64,
                    iters,
                    rate: ops / seconds,
                };
            }
            iters *= 2;
        }
    };
    let mut probes = vec![
        calibrated(Probe::Fma, false),
        calibrated(Probe::MulAdd, false),
        calibrated(Probe::Divide, false),
        calibrated(Probe::Fma, true),
        calibrated(Probe::MulAdd, true),
    ];
    // Multiplies/adds per division that take the ×,+ ports as long as the divider takes the
    // division: then full overlap halves the time, none leaves it.
    let (mul_add, divide) = (probes[1].rate, probes[2].rate);
    let per_divide = ((mul_add / divide) / (CHAINS - DIVIDING) as f64 * DIVIDING as f64)
        .round()
        .max(1.0) as usize;
    for after in [false, true] {
        probes.push(calibrated(Probe::Overlap { after, per_divide }, false));
    }
    let mut best = vec![0.0f64; probes.len()];
    for _ in 0..ROUNDS {
        for (i, p) in probes.iter().enumerate() {
            let (ops, seconds) = run(kernel, p.probe, p.f64, p.iters);
            best[i] = best[i].max(ops / seconds);
        }
    }
    // Seconds per division: alone, with its multiplies/adds alone (the chains' own, the
    // divisor's x·0 + 1 and each phase's links), and measured together.
    let divide_alone = 1.0 / best[2];
    let others = (CHAINS - DIVIDING) as f64;
    let mul_adds = (others * per_divide as f64 + 2.0 * DIVIDING as f64) / DIVIDING as f64
        + 2.0 * others / (DIVIDING * PHASE) as f64;
    let mul_add_alone = mul_adds / best[1];
    let overlap_at = |rate: f64| overlap(divide_alone, mul_add_alone, 1.0 / rate);
    Peaks {
        kernel: kernel.name(),
        threads: rayon::current_num_threads(),
        f32_fma: best[0],
        f32_mul_add: best[1],
        f32_divide: best[2],
        f64_fma: best[3],
        f64_mul_add: best[4],
        overlap_beside: overlap_at(best[5]),
        overlap_after: overlap_at(best[6]),
    }
}

/// How much of the shorter of two pieces of work hides behind the longer when they run
/// `together`: 1 when together takes only the longer's time, 0 when it takes their sum.
/// (Under load from elsewhere the times are skewed and it can leave [0, 1].)
fn overlap(divide_alone: f64, mul_add_alone: f64, together: f64) -> f64 {
    (divide_alone + mul_add_alone - together) / divide_alone.min(mul_add_alone)
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

impl PerStep {
    /// Seconds one instance-step takes at `peaks` with its divisions and its other vector
    /// operations one after the other (see [`Row::fraction_of_serial_bound`]).
    pub fn serial_seconds(&self, peaks: &Peaks) -> f64 {
        self.divides / peaks.f32_divide + (self.flops + self.other) / peaks.f32_mul_add
    }
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
    /// Of the serial bound: the step's divisions at the divider's peak, then its other vector
    /// operations (flops and the rest) at the ×,+ peak, one after the other. A step is one
    /// chain (position, gradient, rule, position), too long for the core to overlap one phase
    /// with the next, so where a step both divides and computes, these times add.
    pub fraction_of_serial_bound: f64,
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
            fraction_of_serial_bound: rate * per_step.serial_seconds(best),
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
    for p in peaks {
        let _ = writeln!(
            s,
            "{}: ÷ and ×,+ overlap {:.2} interleaved and independent, {:.2} in dependent phases \
             (1: the ×,+ ports hide the divider's time, 0: the two add up)",
            p.kernel, p.overlap_beside, p.overlap_after
        );
    }
    let _ = writeln!(
        s,
        "\n{:<4} {:<11} {:>13} {:>8} {:>6} {:>7} {:>8} {:>6} {:>6} {:>6} {:>6}",
        "work",
        "engine",
        "inst-steps/s",
        "flop/st",
        "÷/st",
        "oth/st",
        "GFLOP/s",
        "%fma",
        "%×,+",
        "%÷",
        "%ser"
    );
    for r in rows {
        let _ = writeln!(
            s,
            "{:<4} {:<11} {:>13.3e} {:>8.1} {:>6.2} {:>7.1} {:>8.2} {:>6.1} {:>6.1} {:>6.1} {:>6.1}",
            r.workload,
            r.engine,
            r.instance_steps_per_second,
            r.per_step.flops,
            r.per_step.divides,
            r.per_step.other,
            r.flops_per_second / 1e9,
            100.0 * r.fraction_of_fma_peak,
            100.0 * r.fraction_of_mul_add_peak,
            100.0 * r.fraction_of_divide_peak,
            100.0 * r.fraction_of_serial_bound
        );
    }
    let _ = writeln!(
        s,
        "\nPer instance-step, counted exactly on f32 lanes: flops (+ − ×, the fast functions' \
         polynomials), ÷ (divisions and square roots), other vector operations (compares, \
         selects, min/max, bit work). Fractions are of the widest kernel's f32 peaks: the \
         engine never fuses a·b + c (every backend rounds alike), so ×,+ is its ceiling. \
         %ser: of the serial bound, the step's ÷ at the ÷ peak plus its flops and other \
         operations at the ×,+ peak — a step is one chain of dependent phases (gradient, then \
         the rule's divisions), and dependent phases add up (the overlap above)."
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

#[cfg(feature = "unit-tests")]
pub mod tests {
    use super::*;

    /// The overlap reads 1 when the shorter work hides entirely, 0 when the times add, and
    /// between where part of it hides; swapping the two pieces changes nothing.
    pub fn overlap_is_the_share_of_the_shorter_time_hidden() {
        assert_eq!(overlap(2.0, 3.0, 3.0), 1.0);
        assert_eq!(overlap(2.0, 3.0, 5.0), 0.0);
        assert_eq!(overlap(2.0, 3.0, 4.0), 0.5);
        assert_eq!(overlap(3.0, 2.0, 4.0), 0.5);
        assert!(overlap(2.0, 3.0, 6.0) < 0.0, "slower together than apart");
    }

    /// The tests above, for `crate::unit_tests`.
    pub const ALL: crate::UnitTests = &[(
        "overlap_is_the_share_of_the_shorter_time_hidden",
        overlap_is_the_share_of_the_shorter_time_hidden,
    )];
}
