//! The random generator and the stochastic gradients it drives, against exact oracles: the
//! statistics of its draws, the binomial share of zeroed coordinates, SGD's stationary variance
//! under gradient noise, and bit-for-bit determinism (same seed, same bits; σ = p = 0, the
//! deterministic bits).

use optgrid::engine::cpu::CpuEngine;
use optgrid::engine::{Engine, Silent};
use optgrid::model::hyper::{Hyper, SLOT_COUNT};
use optgrid::model::objective::ObjectiveKind;
use optgrid::model::optimizer::Optimizer;
use optgrid::model::random::{block, key, normals, Stream};
use optgrid::model::stochastic::{perturb, Draws};
use optgrid::records::Records;
use optgrid::spec::plan::Plan;
use optgrid::spec::sweep::{Axis, Precision, SweepSpec};

const N: usize = 1_000_000;

/// 10⁶ uniforms: four per block, over 250 000 instances at step 1.
fn uniforms() -> Vec<f64> {
    (0..N as u32 / 4)
        .flat_map(|i| block(key(0), i, 1, Stream::Gradient, 0))
        .map(<f64 as optgrid::model::num::Num>::unit)
        .collect()
}

fn mean_var(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    (m, v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n)
}

fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let (ma, va) = mean_var(a);
    let (mb, vb) = mean_var(b);
    let cov = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x - ma) * (y - mb))
        .sum::<f64>()
        / a.len() as f64;
    cov / (va * vb).sqrt()
}

#[test]
fn uniforms_have_the_moments_and_histogram_of_uniforms() {
    let u = uniforms();
    let (m, v) = mean_var(&u);
    let n = N as f64;
    // Standard errors: √(1/12n) for the mean, √(1/180n) for the variance.
    assert!(
        (m - 0.5).abs() < 5.0 * (1.0 / (12.0 * n)).sqrt(),
        "mean {m}"
    );
    assert!(
        (v - 1.0 / 12.0).abs() < 5.0 * (1.0 / (180.0 * n)).sqrt(),
        "variance {v}"
    );
    assert!(u.iter().all(|&x| (0.0..1.0).contains(&x)));
    // χ² over 100 equal bins: 99 degrees of freedom, 148.2 is the 0.1% critical value.
    let mut bins = [0u32; 100];
    for x in &u {
        bins[(x * 100.0) as usize] += 1;
    }
    let expected = n / 100.0;
    let chi2: f64 = bins
        .iter()
        .map(|&c| (f64::from(c) - expected).powi(2) / expected)
        .sum();
    assert!(chi2 < 148.2, "χ² = {chi2}");
    assert!(chi2 > 60.0, "χ² = {chi2} is too good to be random");
}

#[test]
fn normals_have_the_moments_and_tails_of_a_standard_normal() {
    for precision in ["f32", "f64"] {
        let z: Vec<f64> = (0..N as u32 / 2)
            .flat_map(|i| {
                let w = block(key(3), i, 5, Stream::Gradient, 0);
                if precision == "f32" {
                    normals::<f32>(w[0], w[1]).map(f64::from)
                } else {
                    normals::<f64>(w[0], w[1])
                }
            })
            .collect();
        let n = z.len() as f64;
        let (m, v) = mean_var(&z);
        let kurtosis = z.iter().map(|x| (x - m).powi(4)).sum::<f64>() / n / (v * v);
        let beyond_two = z.iter().filter(|x| x.abs() > 2.0).count() as f64 / n;
        let p2 = 0.045_500_263_896_358_41; // P(|Z| > 2)
        assert!(m.abs() < 5.0 / n.sqrt(), "{precision}: mean {m}");
        assert!(
            (v - 1.0).abs() < 5.0 * (2.0 / n).sqrt(),
            "{precision}: variance {v}"
        );
        assert!(
            (kurtosis - 3.0).abs() < 5.0 * (24.0 / n).sqrt(),
            "{precision}: kurtosis {kurtosis}"
        );
        assert!(
            (beyond_two - p2).abs() < 5.0 * (p2 * (1.0 - p2) / n).sqrt(),
            "{precision}: P(|z| > 2) = {beyond_two}"
        );
    }
}

#[test]
fn neighbouring_instances_and_successive_steps_are_uncorrelated() {
    let n = 200_000u32;
    let draw = |i: u32, t: u32| {
        <f64 as optgrid::model::num::Num>::unit(block(key(11), i, t, Stream::Gradient, 0)[0])
    };
    let here: Vec<f64> = (0..n).map(|i| draw(i, 1)).collect();
    let next_instance: Vec<f64> = (0..n).map(|i| draw(i + 1, 1)).collect();
    let next_step: Vec<f64> = (0..n).map(|i| draw(i, 2)).collect();
    let other_seed: Vec<f64> = (0..n)
        .map(|i| {
            <f64 as optgrid::model::num::Num>::unit(block(key(12), i, 1, Stream::Gradient, 0)[0])
        })
        .collect();
    let limit = 5.0 / f64::from(n).sqrt();
    for (what, other) in [
        ("neighbouring instances", &next_instance),
        ("successive steps", &next_step),
        ("neighbouring seeds", &other_seed),
    ] {
        let r = correlation(&here, other);
        assert!(r.abs() < limit, "{what}: correlation {r}");
    }
}

fn hyper(noise: f64, sparsity: f64) -> Hyper<f64> {
    let mut slots = [0.0; SLOT_COUNT];
    slots[optgrid::model::hyper::slot::NOISE] = noise;
    slots[optgrid::model::hyper::slot::SPARSITY] = sparsity;
    Hyper::from_slots(&slots)
}

#[test]
fn the_share_of_zeroed_coordinates_is_the_sparsity() {
    for p in [0.1, 0.5, 0.9] {
        let h = hyper(0.0, p);
        let n = 100_000u32;
        let mut zeros = 0u32;
        for i in 0..n {
            let d = Draws {
                key: key(5),
                index: i,
            };
            let g = perturb([1.0, -2.0], &h, &d, 1 + i % 7);
            zeros += g.iter().filter(|&&v| v == 0.0).count() as u32;
            assert!(g[0] == 0.0 || g[0] == 1.0);
            assert!(g[1] == 0.0 || g[1] == -2.0);
        }
        let draws = 2.0 * f64::from(n);
        let share = f64::from(zeros) / draws;
        let sd = (p * (1.0 - p) / draws).sqrt();
        assert!((share - p).abs() < 4.5 * sd, "p = {p}: zeroed {share}");
    }
}

fn run(spec: &SweepSpec, precision: Precision) -> Records {
    let plan = Plan::from_spec(spec).expect("valid spec");
    CpuEngine::new(precision).run(&plan, &Silent).unwrap()
}

/// SGD on (λx² + λy²)/2 with gradient noise σ, run long from a grid of starts: the iterates'
/// stationary variance per coordinate is γσ²/(λ(2 − γλ)).
pub fn stationary_spec(lambda: f64, lr: f64, sigma: f64, res: u32, steps: u32) -> SweepSpec {
    let mut spec = SweepSpec::new(ObjectiveKind::Quadratic, Optimizer::Sgd);
    spec.quadratic = Some([lambda, lambda]);
    spec.set("lr", lr).set("noise", sigma);
    spec.res = [res, res];
    spec.steps = steps;
    spec.early_stop = false;
    spec
}

pub fn stationary_variance(r: &Records) -> [f64; 2] {
    [mean_var(&r.final_x).1, mean_var(&r.final_y).1]
}

#[test]
fn sgd_with_gradient_noise_reaches_its_stationary_variance() {
    for (lambda, lr, sigma) in [(1.0, 0.1, 1.0), (4.0, 0.3, 0.5)] {
        let want = lr * sigma * sigma / (lambda * (2.0 - lr * lambda));
        for precision in [Precision::F64, Precision::F32] {
            let r = run(&stationary_spec(lambda, lr, sigma, 256, 400), precision);
            for got in stationary_variance(&r) {
                assert!(
                    (got / want - 1.0).abs() < 0.03,
                    "λ {lambda}, γ {lr}, σ {sigma} ({precision:?}): variance {got}, theory {want}"
                );
            }
        }
    }
}

#[test]
fn a_seed_gives_the_same_bits_every_run_and_another_seed_other_bits() {
    let mut spec = SweepSpec::new(ObjectiveKind::Himmelblau, Optimizer::Adam);
    spec.set("lr", 0.05).set("noise", 2.0).set("sparsity", 0.3);
    spec.res = [48, 40];
    spec.steps = 300;
    let a = run(&spec, Precision::F32);
    let b = run(&spec, Precision::F32);
    assert_eq!(
        (&a.final_x, &a.final_y, &a.steps),
        (&b.final_x, &b.final_y, &b.steps)
    );
    spec.seed = 1;
    let c = run(&spec, Precision::F32);
    let differ = (0..a.len())
        .filter(|&i| a.final_x[i] != c.final_x[i])
        .count();
    assert!(
        differ > a.len() * 9 / 10,
        "only {differ} of {} moved",
        a.len()
    );
}

#[test]
fn zero_noise_and_sparsity_give_the_deterministic_bits() {
    // An axis over noise from 0 turns the generator on; its σ = 0 column must equal the
    // deterministic sweep's bits, and the other columns must not.
    let mut spec = SweepSpec::new(ObjectiveKind::Rosenbrock, Optimizer::Momentum);
    spec.set("lr", 1e-3).set("sparsity", 0.0);
    spec.x = Axis::linear("noise", 0.0, 1.0);
    spec.y = Axis::linear("y0", -1.0, 2.0);
    spec.start = [-1.5, 0.0];
    spec.res = [4, 64];
    spec.steps = 500;
    let plan = Plan::from_spec(&spec).unwrap();
    assert!(plan.stochastic);
    let noisy = CpuEngine::new(Precision::F32).run(&plan, &Silent).unwrap();
    let mut plain = spec.clone();
    plain.x = Axis::linear("x0", -1.5, -1.0);
    plain.res = [1, 64];
    let plain_plan = Plan::from_spec(&plain).unwrap();
    assert!(!plain_plan.stochastic);
    let det = CpuEngine::new(Precision::F32)
        .run(&plain_plan, &Silent)
        .unwrap();
    for row in 0..64 {
        let i = row * 4;
        assert_eq!(
            noisy.final_x[i].to_bits(),
            det.final_x[row].to_bits(),
            "row {row}"
        );
        assert_eq!(
            noisy.final_y[i].to_bits(),
            det.final_y[row].to_bits(),
            "row {row}"
        );
        assert_eq!(noisy.steps[i], det.steps[row]);
        assert_ne!(
            noisy.final_x[i + 3],
            det.final_x[row],
            "σ = 1 changes row {row}"
        );
    }
}
