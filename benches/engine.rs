//! Micro-benchmarks of the hot paths: the CPU engine's lane loop per workload and precision, the
//! objectives' gradients (scalar and 8 lanes), the f32 transcendentals, and a GPU sweep when an
//! adapter exists. `cargo bench`; throughput is reported in instance-steps (elements) per second.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use optgrid::engine::cpu::CpuEngine;
use optgrid::engine::{Engine, Silent};
use optgrid::model::num::Lanes;
use optgrid::model::objective::{Objective, ObjectiveKind};
use optgrid::spec::plan::Plan;
use optgrid::spec::sweep::Precision;
use std::hint::black_box;

fn small(id: usize, side: u32, steps: u32) -> optgrid::spec::plan::Plan {
    let mut spec = optgrid::bench::standard_workloads(true).remove(id).spec;
    spec.res = [side, side];
    spec.steps = steps;
    Plan::from_spec(&spec).unwrap()
}

fn cpu_engine(c: &mut Criterion) {
    let mut g = c.benchmark_group("cpu_engine");
    g.sample_size(10);
    for (id, name) in [(0, "W1 ackley adam"), (2, "W3 himmelblau momentum")] {
        let plan = small(id, 96, 100);
        g.throughput(Throughput::Elements(96 * 96 * 100));
        for precision in [Precision::F32, Precision::F64] {
            g.bench_with_input(
                BenchmarkId::new(name, precision.name()),
                &plan,
                |b, plan| {
                    let mut engine = CpuEngine::new(precision);
                    b.iter(|| engine.run(plan, &Silent).unwrap())
                },
            );
        }
    }
    g.finish();
}

fn gradients(c: &mut Criterion) {
    let mut g = c.benchmark_group("gradient");
    g.throughput(Throughput::Elements(8));
    for kind in [
        ObjectiveKind::Ackley,
        ObjectiveKind::Rosenbrock,
        ObjectiveKind::Levi13,
    ] {
        let o = Objective::new(kind);
        let xs = Lanes::<f32, 8>::from_fn(|l| 0.3 + l as f32 * 0.41);
        let ys = Lanes::<f32, 8>::from_fn(|l| -1.2 + l as f32 * 0.23);
        g.bench_function(BenchmarkId::new(kind.name(), "8 lanes"), |b| {
            b.iter(|| o.gradient(black_box(xs), black_box(ys)))
        });
        g.bench_function(BenchmarkId::new(kind.name(), "8 scalars"), |b| {
            b.iter(|| {
                let mut acc = 0.0f32;
                for l in 0..8 {
                    let gr = o.gradient(black_box(xs.0[l]), black_box(ys.0[l]));
                    acc += gr[0] + gr[1];
                }
                acc
            })
        });
    }
    g.finish();
}

fn transcendentals(c: &mut Criterion) {
    let mut g = c.benchmark_group("f32 transcendentals");
    let xs: Vec<f32> = (0..1024).map(|i| -40.0 + i as f32 * 0.078).collect();
    g.throughput(Throughput::Elements(xs.len() as u64));
    type Named = (&'static str, fn(f32) -> f32);
    let functions: [Named; 4] = [
        ("fastmath::sin_cos_turns", |x| {
            let (s, c) = optgrid::model::fastmath::sin_cos_turns(x);
            s + c
        }),
        ("libm sinf + cosf of 2πx", |x| {
            let a = std::f32::consts::TAU * x;
            a.sin() + a.cos()
        }),
        ("fastmath::exp", optgrid::model::fastmath::exp),
        ("libm expf", f32::exp),
    ];
    for (name, f) in functions {
        g.bench_function(name, |b| {
            b.iter(|| xs.iter().map(|&x| f(black_box(x))).sum::<f32>())
        });
    }
    g.finish();
}

fn gpu_engine(c: &mut Criterion) {
    let Ok(mut engine) = optgrid::engine::gpu::GpuEngine::new() else {
        eprintln!("no GPU adapter: skipping the GPU benchmark");
        return;
    };
    let mut g = c.benchmark_group("gpu_engine");
    g.sample_size(10);
    let plan = small(0, 256, 200);
    g.throughput(Throughput::Elements(256 * 256 * 200));
    g.bench_function("W1 ackley adam 256x256x200", |b| {
        b.iter(|| engine.run(&plan, &Silent).unwrap())
    });
    g.finish();
}

criterion_group!(benches, cpu_engine, gradients, transcendentals, gpu_engine);
criterion_main!(benches);
