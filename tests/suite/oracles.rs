//! Whole sweeps on the CPU reference against exact oracles: divergence thresholds known in closed
//! form, and basin labels around known minima.

use optgrid::engine::cpu::CpuEngine;
use optgrid::engine::{Engine, Silent};
use optgrid::model::instance::Status;
use optgrid::model::objective::ObjectiveKind;
use optgrid::model::optimizer::Optimizer;
use optgrid::spec::plan::Plan;
use optgrid::spec::sweep::{Axis, Precision, SweepSpec};

fn run(
    spec: &SweepSpec,
    precision: Precision,
) -> (optgrid::spec::plan::Plan, optgrid::records::Records) {
    let plan = Plan::from_spec(spec).expect("valid spec");
    let records = CpuEngine::new(precision).run(&plan, &Silent).unwrap();
    (plan, records)
}

#[test]
fn gradient_descent_on_booth_diverges_exactly_above_lr_one_ninth() {
    // Booth's Hessian has eigenvalues 18 and 2: GD is stable iff lr < 2/18.
    let mut spec = SweepSpec::new(ObjectiveKind::Booth, Optimizer::Sgd);
    spec.x = Axis::linear("lr", 0.05, 0.17);
    spec.y = Axis::linear("y0", -8.0, 8.0);
    spec.start = [-8.0, 0.0];
    spec.res = [121, 17];
    spec.steps = 4000;
    for precision in [Precision::F64, Precision::F32] {
        let (plan, r) = run(&spec, precision);
        let mut checked = 0;
        for (i, status) in r.status.iter().enumerate() {
            let lr = plan.axis_values[0][i % r.width];
            if (lr - 1.0 / 9.0).abs() < 0.002 {
                continue; // the thin band where growth or decay is too slow to call
            }
            let diverged = *status == Status::Diverged;
            assert_eq!(
                diverged,
                lr > 1.0 / 9.0,
                "lr {lr}: {status:?} ({precision:?})"
            );
            if !diverged {
                assert_eq!(
                    *status,
                    Status::Converged,
                    "lr {lr} below the threshold converges"
                );
            }
            checked += 1;
        }
        assert!(checked > 1900);
    }
}

#[test]
fn heavy_ball_on_booth_is_stable_exactly_while_lr_18_below_2_1_plus_mu() {
    let mut spec = SweepSpec::new(ObjectiveKind::Booth, Optimizer::Momentum);
    spec.x = Axis::linear("lr", 0.01, 0.22);
    spec.y = Axis::linear("momentum", 0.0, 0.9);
    spec.start = [-5.0, 7.0];
    spec.res = [64, 48];
    spec.steps = 6000;
    let (plan, r) = run(&spec, Precision::F64);
    let (mut stable, mut unstable) = (0, 0);
    for (i, status) in r.status.iter().enumerate() {
        let lr = plan.axis_values[0][i % r.width];
        let mu = plan.axis_values[1][i / r.width];
        let margin = lr * 18.0 - 2.0 * (1.0 + mu);
        if margin.abs() < 0.06 {
            continue;
        }
        if margin > 0.0 {
            assert_eq!(
                *status,
                Status::Diverged,
                "lr {lr}, momentum {mu} is beyond the boundary"
            );
            unstable += 1;
        } else {
            assert_eq!(
                *status,
                Status::Converged,
                "lr {lr}, momentum {mu} is inside the boundary"
            );
            stable += 1;
        }
    }
    assert!(
        stable > 500 && unstable > 500,
        "both sides of the boundary are sampled: {stable} / {unstable}"
    );
}

#[test]
fn himmelblau_basin_map_labels_each_minimum_neighbourhood_with_that_minimum() {
    let mut spec = SweepSpec::new(ObjectiveKind::Himmelblau, Optimizer::Sgd);
    spec.set("lr", 0.005);
    spec.res = [101, 101];
    spec.steps = 3000;
    let (plan, r) = run(&spec, Precision::F32);
    assert_eq!(plan.minima.len(), 4);
    for (index, m) in plan.minima.iter().enumerate() {
        let mut near = 0;
        for i in 0..r.len() {
            let x0 = plan.axis_values[0][i % r.width];
            let y0 = plan.axis_values[1][i / r.width];
            if (x0 - m.x).hypot(y0 - m.y) < 0.8 {
                assert_eq!(
                    r.basin[i], index as i32,
                    "start ({x0}, {y0}) near minimum {index}"
                );
                assert_eq!(r.status[i], Status::Converged);
                near += 1;
            }
        }
        assert!(
            near > 20,
            "the grid samples the neighbourhood of minimum {index}"
        );
    }
    // Every minimum catches a real share of the map.
    let stats = r.stats(&plan.minima);
    assert_eq!(stats.basins.len(), 4);
    assert!(stats.basins.iter().all(|b| b.fraction > 0.1));
}

#[test]
fn f32_and_f64_reference_agree_on_a_smooth_problem() {
    let mut spec = SweepSpec::new(ObjectiveKind::Rosenbrock, Optimizer::Adam);
    spec.set("lr", 0.01);
    spec.res = [48, 48];
    spec.steps = 3000;
    let (_, a) = run(&spec, Precision::F32);
    let (_, b) = run(&spec, Precision::F64);
    let agree = a
        .status
        .iter()
        .zip(&b.status)
        .filter(|(x, y)| x == y)
        .count();
    assert!(
        agree as f64 >= 0.97 * a.len() as f64,
        "{agree} of {}",
        a.len()
    );
}

#[test]
fn early_stop_off_keeps_running_but_keeps_the_first_converged_step() {
    let mut spec = SweepSpec::new(ObjectiveKind::Booth, Optimizer::Sgd);
    spec.set("lr", 0.05);
    spec.res = [8, 8];
    spec.steps = 400;
    let (_, stopped) = run(&spec, Precision::F64);
    spec.early_stop = false;
    let (_, full) = run(&spec, Precision::F64);
    assert_eq!(stopped.steps, full.steps);
    assert!(full.steps_executed == 64 * 400);
    assert!(stopped.steps_executed < full.steps_executed);
    // Running on brings the iterate closer to the minimum than where it first converged.
    let d =
        |r: &optgrid::records::Records, i: usize| (r.final_x[i] - 1.0).hypot(r.final_y[i] - 3.0);
    assert!((0..64).all(|i| d(&full, i) <= d(&stopped, i)));
}

#[test]
fn diverged_instances_are_frozen_at_a_finite_point_and_never_carry_nan() {
    let mut spec = SweepSpec::new(ObjectiveKind::Rosenbrock, Optimizer::Sgd);
    spec.set("lr", 0.01);
    spec.res = [32, 32];
    spec.steps = 200;
    let (_, r) = run(&spec, Precision::F32);
    let diverged = r.status.iter().filter(|s| **s == Status::Diverged).count();
    assert!(
        diverged > 100,
        "plain GD with lr 0.01 diverges on much of Rosenbrock's domain"
    );
    assert!(r
        .final_x
        .iter()
        .chain(&r.final_y)
        .chain(&r.loss)
        .all(|v| v.is_finite()));
}
