//! Per-coordinate learning rates (`lr_x`, `lr_y`: two torch parameter groups) against the exact
//! stability region of gradient descent on a quadratic, and the box-counting dimension of that
//! region's boundary (a smooth curve: 1) and of Booth's momentum boundary (a straight line).

use optgrid::engine::cpu::CpuEngine;
use optgrid::engine::{Engine, Silent};
use optgrid::model::instance::Status;
use optgrid::model::objective::ObjectiveKind;
use optgrid::model::optimizer::Optimizer;
use optgrid::records::{Records, Tally};
use optgrid::spec::plan::Plan;
use optgrid::spec::sweep::{Axis, LabelMap, Precision, Scale, SweepSpec};

fn axis(quantity: &str, lo: f64, hi: f64, scale: Scale) -> Axis {
    Axis {
        quantity: quantity.into(),
        lo,
        hi,
        scale,
    }
}

/// Plain SGD on `fit_line` over lr_x × lr_y (log), from a start near the fit.
pub fn fit_line_map(res: u32) -> SweepSpec {
    let mut spec = SweepSpec::new(ObjectiveKind::FitLine, Optimizer::Sgd);
    spec.x = axis("lr_x", 1e-2, 10.0, Scale::Log);
    spec.y = axis("lr_y", 1e-2, 10.0, Scale::Log);
    spec.start = [1.0, 0.0];
    spec.examples = Some(16);
    spec.res = [res, res];
    spec.steps = 400;
    spec.tol = 0.05;
    spec.dimension = Some(LabelMap::Status);
    spec
}

/// ρ(I − diag(a, b)·H), the spectral radius of gradient descent's iteration matrix.
fn spectral_radius(h: [[f64; 2]; 2], a: f64, b: f64) -> f64 {
    let m = [
        [1.0 - a * h[0][0], -a * h[0][1]],
        [-b * h[1][0], 1.0 - b * h[1][1]],
    ];
    let (tr, det) = (m[0][0] + m[1][1], m[0][0] * m[1][1] - m[0][1] * m[1][0]);
    let disc = tr * tr - 4.0 * det;
    if disc < 0.0 {
        det.sqrt()
    } else {
        ((tr.abs() + disc.sqrt()) / 2.0).max((tr.abs() - disc.sqrt()).abs() / 2.0)
    }
}

#[test]
fn sgd_on_fit_line_converges_exactly_where_the_spectral_radius_is_below_one() {
    let plan = Plan::from_spec(&fit_line_map(1024)).unwrap();
    // The loss is mean (θ1 u + θ2 − label)²: its Hessian is 2·mean [[u², u], [u, 1]].
    let data = plan.objective.data.as_ref().unwrap();
    let n = data.u.len() as f64;
    let (uu, u) = data
        .u
        .iter()
        .fold((0.0, 0.0), |(a, b), &x| (a + x * x, b + x));
    let hessian = [[2.0 * uu / n, 2.0 * u / n], [2.0 * u / n, 2.0]];
    let records = CpuEngine::new(Precision::F64).run(&plan, &Silent).unwrap();
    let (mut checked, mut stable) = (0, 0);
    for (i, status) in records.status.iter().enumerate() {
        let a = plan.axis_values[0][i % records.width];
        let b = plan.axis_values[1][i / records.width];
        let rho = spectral_radius(hessian, a, b);
        if (rho - 1.0).abs() <= 0.01 {
            continue;
        }
        checked += 1;
        stable += usize::from(rho < 1.0);
        assert_eq!(
            *status == Status::Converged,
            rho < 1.0,
            "lr_x {a}, lr_y {b}: spectral radius {rho}, status {status:?}"
        );
    }
    // Both sides of the boundary are there, and almost every pixel was checked.
    assert!(checked > records.len() * 9 / 10, "{checked} checked");
    assert!(
        stable > checked / 5 && stable < checked * 4 / 5,
        "{stable} of {checked} stable"
    );
    // The boundary is a smooth curve: dimension 1.
    assert_dimension_one(&plan, &records);
}

#[test]
fn booths_momentum_stability_boundary_has_dimension_one() {
    // Stable exactly while lr·18 < 2(1 + momentum): a straight line across the map.
    let mut spec = SweepSpec::new(ObjectiveKind::Booth, Optimizer::Momentum);
    spec.x = axis("lr", 0.01, 0.25, Scale::Linear);
    spec.y = axis("momentum", 0.0, 0.95, Scale::Linear);
    spec.start = [-5.0, 7.0];
    spec.res = [1024, 1024];
    spec.steps = 600;
    spec.dimension = Some(LabelMap::Status);
    spec.complete();
    let plan = Plan::from_spec(&spec).unwrap();
    let records = CpuEngine::new(Precision::F32).run(&plan, &Silent).unwrap();
    assert_dimension_one(&plan, &records);
}

/// Asserts that the boundary the plan's `dimension` names measures 1.00 ± 0.05, as the sweep's
/// statistics measure it.
pub fn assert_dimension_one(plan: &Plan, records: &Records) {
    let mut tally = Tally::for_plan(plan);
    tally.add(records);
    let d = tally
        .stats(&plan.minima)
        .boundary_dimension
        .unwrap()
        .unwrap();
    assert!(
        (d.dimension - 1.0).abs() <= 0.05,
        "dimension {} (R² {}, sides {:?}, boxes {:?})",
        d.dimension,
        d.r_squared,
        d.fit_sides,
        d.boxes
    );
}
