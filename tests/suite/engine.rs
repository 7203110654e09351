//! The engine API the viewer, the Python package and shards build on: engines are `Send`, a run
//! can cover any contiguous part of a plan, reports progress through a callback, and stops when
//! cancelled. CPU here; the same properties on the GPU are in `gpu.rs`.

use optgrid::engine::cpu::CpuEngine;
use optgrid::engine::{Cancel, Engine, Job};
use optgrid::model::objective::ObjectiveKind;
use optgrid::model::optimizer::Optimizer;
use optgrid::records::Records;
use optgrid::spec::plan::Plan;
use optgrid::spec::sweep::{Precision, SweepSpec};
use std::sync::atomic::{AtomicU64, Ordering};

fn plan(res: u32, steps: u32) -> Plan {
    let mut spec = SweepSpec::new(ObjectiveKind::Himmelblau, Optimizer::Adam);
    spec.set("lr", 0.05);
    spec.res = [res, res];
    spec.steps = steps;
    Plan::from_spec(&spec).unwrap()
}

fn assert_same(a: &Records, b: &Records) {
    assert_eq!(a.first, b.first);
    assert_eq!(a.final_x, b.final_x);
    assert_eq!(a.final_y, b.final_y);
    assert_eq!(a.loss, b.loss);
    assert_eq!(a.steps, b.steps);
    assert_eq!(a.status, b.status);
    assert_eq!(a.basin, b.basin);
}

#[test]
fn engines_are_send() {
    fn send<T: Send>() {}
    send::<CpuEngine>();
    #[cfg(feature = "gpu")]
    send::<optgrid::engine::gpu::GpuEngine>();
    send::<Box<dyn Engine>>();
}

#[test]
fn a_sub_range_run_equals_that_part_of_the_whole_run() {
    let plan = plan(37, 300);
    for precision in [Precision::F32, Precision::F64] {
        let mut engine = CpuEngine::new(precision);
        let whole = engine.run_job(&Job::new(&plan)).unwrap();
        assert_eq!(whole.range(), 0..37 * 37);
        // Ranges that start and end mid-row and mid-chunk, a single instance, an empty one.
        for range in [0..1, 5..700, 1000..1369, 37 * 10..37 * 20, 400..400] {
            let part = engine
                .run_job(&Job::new(&plan).instances(range.clone()))
                .unwrap();
            assert_eq!(part.range(), range);
            assert_same(&part, &whole.part(range.clone()));
        }
        // Out-of-plan ends are clamped.
        let tail = engine
            .run_job(&Job::new(&plan).instances(1300..99_999))
            .unwrap();
        assert_eq!(tail.range(), 1300..1369);
    }
}

#[test]
fn progress_is_reported_through_a_closure_and_adds_up_to_the_steps_run() {
    let plan = plan(64, 200);
    let done = AtomicU64::new(0);
    let report = |n: u64| {
        done.fetch_add(n, Ordering::Relaxed);
    };
    let records = CpuEngine::new(Precision::F32)
        .run_job(&Job::new(&plan).progress(&report))
        .unwrap();
    assert!(records.steps_executed > 0);
    assert_eq!(done.load(Ordering::Relaxed), records.steps_executed);
}

#[test]
fn a_cancelled_run_stops_early_with_a_cancelled_error_and_the_next_run_is_unharmed() {
    // 512² instances × 20 000 steps with no early stop; cancelled at the first progress report,
    // each thread finishes at most the chunk (1024 instances) it is in.
    let mut spec = SweepSpec::new(ObjectiveKind::Ackley, Optimizer::Adam);
    spec.res = [512, 512];
    spec.steps = 20_000;
    spec.early_stop = false;
    let big = Plan::from_spec(&spec).unwrap();
    let cancel = Cancel::new();
    let done = AtomicU64::new(0);
    let on_progress = |n: u64| {
        done.fetch_add(n, Ordering::Relaxed);
        cancel.cancel();
    };
    let mut engine = CpuEngine::new(Precision::F32);
    let err = engine
        .run_job(&Job::new(&big).progress(&on_progress).cancel(cancel.clone()))
        .unwrap_err();
    assert!(err.is_cancelled(), "{err}");
    let whole = 512 * 512 * 20_000u64;
    let most = rayon::current_num_threads() as u64 * 1024 * 20_000;
    let ran = done.load(Ordering::Relaxed);
    assert!(
        ran > 0 && ran <= most,
        "{ran} instance-steps ran after cancel; at most {most}"
    );
    assert!(most * 10 < whole);
    // A cancel flag belongs to its job: the next run completes and is correct.
    let small = plan(16, 100);
    let fresh = engine.run_job(&Job::new(&small)).unwrap();
    let again = CpuEngine::new(Precision::F32)
        .run(&small, &optgrid::engine::Silent)
        .unwrap();
    assert_same(&fresh, &again);
}

/// Every vector unit the CPU engine can choose gives the same bits, since they run the same
/// operations in the same order — on maps that take every path of the step loop: the
/// transcendental objectives, early stops and divergence, minibatch gathers, gradient noise, a
/// schedule, a formula, L-BFGS, and a short last bundle (37² is no multiple of any lane count).
#[test]
fn every_cpu_kernel_gives_the_same_bits() {
    use optgrid::engine::cpu::Kernel;
    let kernels: Vec<Kernel> = Kernel::ALL.into_iter().filter(|k| k.available()).collect();
    if std::env::var_os("CI").is_some() && cfg!(target_arch = "x86_64") {
        // CI's machines have AVX2 at least: the comparison must not be with itself alone.
        assert!(kernels.contains(&Kernel::Avx2), "no AVX2 kernel on CI");
    }
    let spec = |objective: &str, optimizer: Optimizer, lr: f64, extra: &[(&str, f64)]| {
        let mut s = SweepSpec::new(
            ObjectiveKind::resolve(objective, None, None).unwrap(),
            optimizer,
        );
        s.set("lr", lr);
        for (k, v) in extra {
            s.set(k, *v);
        }
        s.res = [37, 37];
        s.steps = 60;
        s
    };
    let mut scheduled = spec("rastrigin", Optimizer::Momentum, 0.02, &[]);
    scheduled.schedule = optgrid::model::schedule::Schedule::Cosine;
    let specs = [
        spec("ackley", Optimizer::Adam, 0.05, &[]),
        spec("himmelblau", Optimizer::Rmsprop, 0.3, &[]),
        spec("fit_quadratic", Optimizer::Sgd, 0.5, &[("batch", 16.0)]),
        spec("levi13", Optimizer::Adamw, 0.05, &[("noise", 0.1)]),
        spec("x^2 + 3*sin(y)^2 + atan(x*y)", Optimizer::Nadam, 0.1, &[]),
        spec("rosenbrock", Optimizer::Lbfgs, 0.5, &[]),
        scheduled,
    ];
    for s in &specs {
        let plan = Plan::from_spec(s).unwrap();
        for precision in [Precision::F32, Precision::F64] {
            let runs: Vec<Records> = kernels
                .iter()
                .map(|&k| {
                    CpuEngine::with_kernel(precision, k)
                        .run_job(&Job::new(&plan))
                        .unwrap()
                })
                .collect();
            for (k, r) in kernels.iter().zip(&runs).skip(1) {
                let what = format!(
                    "{} × {} in {precision:?} on {}",
                    s.objective.name(),
                    s.optimizer.name(),
                    k.name()
                );
                assert_eq!(r.final_x, runs[0].final_x, "{what}");
                assert_eq!(r.final_y, runs[0].final_y, "{what}");
                assert_same(r, &runs[0]);
            }
        }
    }
}
