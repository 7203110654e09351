//! The trainability score (Sohl-Dickstein 2024) against a direct transcription of the paper's
//! definition: gradient descent on `quadratic` with a learning rate per coordinate, whose
//! iterates and losses the test computes itself, then normalises, clips and sums as the paper
//! does from the list of losses.

use optgrid::engine::cpu::CpuEngine;
use optgrid::engine::{Engine, Silent};
use optgrid::model::objective::ObjectiveKind;
use optgrid::model::optimizer::Optimizer;
use optgrid::model::trainability::{CLIP, TAIL};
use optgrid::records::Tally;
use optgrid::spec::plan::Plan;
use optgrid::spec::sweep::{Axis, LabelMap, Precision, Scale, SweepSpec};

/// SGD on (x² + 10 y²)/2 from (1, 1) over lr_x × lr_y, both sides of both coordinates'
/// stability limits (lr_x = 2, lr_y = 0.2) in the window.
pub fn quadratic_map(res: u32, steps: u32) -> SweepSpec {
    let mut spec = SweepSpec::new(ObjectiveKind::Quadratic, Optimizer::Sgd);
    let axis = |quantity: &str, lo, hi| Axis {
        quantity: quantity.into(),
        lo,
        hi,
        scale: Scale::Log,
    };
    spec.x = axis("lr_x", 1e-3, 4.0);
    spec.y = axis("lr_y", 1e-3, 0.4);
    spec.start = [1.0, 1.0];
    spec.res = [res, res];
    spec.steps = steps;
    spec.early_stop = false;
    spec.trainability = true;
    spec
}

/// The paper's score from the list of a run's losses.
fn paper_score(losses: &[f64]) -> f64 {
    let n: Vec<f64> = losses
        .iter()
        .map(|l| {
            let q = l / losses[0];
            if q.is_finite() {
                q.min(CLIP)
            } else {
                CLIP
            }
        })
        .collect();
    let tail = &n[n.len() - (TAIL as usize).min(n.len())..];
    let trained = tail.iter().sum::<f64>() / tail.len() as f64 <= 1.0 - f64::EPSILON;
    if trained {
        -n.iter().sum::<f64>()
    } else {
        n.iter().map(|v| 1.0 / v).sum()
    }
}

/// The losses at θ₀ … θ_{T−1} of gradient descent with rates (a, b), θ leaving `bound` counted
/// as a divergence (every later loss non-finite), as the engines' divergence test counts it.
fn losses(a: f64, b: f64, steps: u32, bound: [[f64; 2]; 2]) -> Vec<f64> {
    let (mut x, mut y) = (1.0f64, 1.0f64);
    let mut out = Vec::new();
    let mut diverged = false;
    for _ in 0..steps {
        out.push(if diverged {
            f64::INFINITY
        } else {
            0.5 * (x * x + 10.0 * y * y)
        });
        (x, y) = (x - a * x, y - b * (10.0 * y));
        let inside = x >= bound[0][0] && x <= bound[0][1] && y >= bound[1][0] && y <= bound[1][1];
        diverged = diverged || !(inside && x.is_finite() && y.is_finite());
    }
    out
}

#[test]
fn the_cpu_scores_each_run_as_the_papers_definition_does() {
    let steps = 200;
    let plan = Plan::from_spec(&quadratic_map(48, steps)).unwrap();
    let records = CpuEngine::new(Precision::F64).run(&plan, &Silent).unwrap();
    let (mut trained, mut untrained) = (0, 0);
    for (i, &score) in records.trainability.iter().enumerate() {
        let a = plan.axis_values[0][i % records.width];
        let b = plan.axis_values[1][i / records.width];
        let want = paper_score(&losses(a, b, steps, plan.bound));
        assert!(
            (score - want).abs() <= 1e-12 * want.abs(),
            "lr_x {a}, lr_y {b}: score {score}, the paper's {want}"
        );
        trained += usize::from(score < 0.0);
        untrained += usize::from(score > 0.0);
    }
    // Trained where both rates are stable (below 2 and 0.2), and a fair share of each.
    assert!(
        trained > 300 && untrained > 300,
        "{trained} trained, {untrained} not"
    );
}

#[test]
fn a_run_that_stops_early_holds_its_last_loss_for_the_steps_it_did_not_take() {
    // With early stopping, converged runs stop; their score counts the rest of the budget at
    // their last loss, so the trained/untrained split is the same as running every step.
    let steps = 300;
    let mut spec = quadratic_map(32, steps);
    spec.tol = 1e-3;
    let full = CpuEngine::new(Precision::F64)
        .run(&Plan::from_spec(&spec).unwrap(), &Silent)
        .unwrap();
    spec.early_stop = true;
    let early = CpuEngine::new(Precision::F64)
        .run(&Plan::from_spec(&spec).unwrap(), &Silent)
        .unwrap();
    assert!(early.steps_executed < full.steps_executed);
    let same_sign = full
        .trainability
        .iter()
        .zip(&early.trainability)
        .filter(|(a, b)| (**a < 0.0) == (**b < 0.0))
        .count();
    assert_eq!(same_sign, full.len());
}

#[test]
fn unscored_sweeps_leave_the_column_nan_and_the_loop_as_it_was() {
    let mut spec = quadratic_map(16, 100);
    spec.trainability = false;
    let plan = Plan::from_spec(&spec).unwrap();
    let records = CpuEngine::new(Precision::F32).run(&plan, &Silent).unwrap();
    assert!(records.trainability.iter().all(|s| s.is_nan()));
}

#[test]
fn the_trainability_boundary_of_two_straight_stability_limits_has_dimension_one() {
    // Untrained exactly where lr_x > 2 or lr_y > 0.2 (on the log grid): two straight lines.
    let mut spec = quadratic_map(512, 100);
    spec.dimension = Some(LabelMap::Trainability);
    let plan = Plan::from_spec(&spec).unwrap();
    let records = CpuEngine::new(Precision::F64).run(&plan, &Silent).unwrap();
    crate::coordinates::assert_dimension_one(&plan, &records);
    let mut tally = Tally::for_plan(&plan);
    tally.add(&records);
    let trained = tally.stats(&plan.minima).trained_fraction.unwrap();
    // The stable corner: log-share of each axis below its limit.
    let share = |lo: f64, hi: f64, limit: f64| (limit / lo).ln() / (hi / lo).ln();
    let want = share(1e-3, 4.0, 2.0) * share(1e-3, 0.4, 0.2);
    assert!(
        (trained - want).abs() < 0.01,
        "trained {trained}, stable {want}"
    );
}
