//! The data objectives (`fit_*`) against exact oracles: gradient descent's divergence threshold
//! 2/λmax of the data's Hessian, the least-squares minimizer, an unbiased minibatch gradient,
//! and clear errors for a bad data file.

#[cfg(feature = "cli")]
use crate::common;
use optgrid::engine::cpu::CpuEngine;
use optgrid::engine::{Engine, Silent};
use optgrid::model::instance::Status;
use optgrid::model::objective::data::{Dataset, Model};
use optgrid::model::objective::{Objective, ObjectiveKind};
use optgrid::model::optimizer::Optimizer;
use optgrid::model::random::key;
use optgrid::model::stochastic::Draws;
use optgrid::spec::plan::Plan;
use optgrid::spec::sweep::{Axis, Precision, SweepSpec};

/// The Hessian of the mean squared error of a linear model: (2/n) Σ d dᵀ, d the model's
/// gradient in θ (the same at every θ).
fn hessian(d: &Dataset) -> [[f64; 2]; 2] {
    let mut h = [[0.0; 2]; 2];
    for e in 0..d.len() {
        let (_, g) = d.model.term([0.0, 0.0], d.u[e], d.v[e], 0.0);
        for i in 0..2 {
            for j in 0..2 {
                h[i][j] += 2.0 * g[i] * g[j] / d.len() as f64;
            }
        }
    }
    h
}

fn eigenvalues(h: [[f64; 2]; 2]) -> [f64; 2] {
    let (tr, det) = (h[0][0] + h[1][1], h[0][0] * h[1][1] - h[0][1] * h[1][0]);
    let disc = (tr * tr / 4.0 - det).sqrt();
    [tr / 2.0 - disc, tr / 2.0 + disc]
}

#[test]
fn full_batch_gradient_descent_diverges_exactly_above_two_over_lambda_max() {
    for kind in [ObjectiveKind::FitLine, ObjectiveKind::FitQuadratic] {
        let o = Objective::new(kind);
        let [_, lmax] = eigenvalues(hessian(o.dataset()));
        let threshold = 2.0 / lmax;
        let mut spec = SweepSpec::new(kind, Optimizer::Sgd);
        spec.x = Axis::linear("lr", 0.6 * threshold, 1.4 * threshold);
        spec.y = Axis::linear("y0", spec.y.lo, spec.y.hi);
        spec.res = [81, 5];
        spec.steps = 3000;
        spec.early_stop = false;
        let plan = Plan::from_spec(&spec).unwrap();
        let r = CpuEngine::new(Precision::F64).run(&plan, &Silent).unwrap();
        let mut checked = 0;
        for (i, status) in r.status.iter().enumerate() {
            let lr = plan.axis_values[0][i % r.width];
            if (lr / threshold - 1.0).abs() < 0.02 {
                continue; // too slow to call either way within the budget
            }
            assert_eq!(
                *status == Status::Diverged,
                lr > threshold,
                "{}: lr {lr}, threshold {threshold}: {status:?}",
                kind.name()
            );
            checked += 1;
        }
        assert!(checked > 350, "{checked}");
    }
}

#[test]
fn minima_are_the_least_squares_solution_and_tanh_has_a_mirrored_pair() {
    for kind in [ObjectiveKind::FitLine, ObjectiveKind::FitQuadratic] {
        let o = Objective::new(kind);
        let d = o.dataset();
        // Normal equations solved here by Cramer's rule, independently of the library's.
        let h = hessian(d);
        let mut b = [0.0; 2];
        for e in 0..d.len() {
            let (_, g) = d.model.term([0.0, 0.0], d.u[e], d.v[e], 0.0);
            b[0] += 2.0 * g[0] * d.label[e] / d.len() as f64;
            b[1] += 2.0 * g[1] * d.label[e] / d.len() as f64;
        }
        let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
        let want = [
            (h[1][1] * b[0] - h[0][1] * b[1]) / det,
            (h[0][0] * b[1] - h[1][0] * b[0]) / det,
        ];
        let minima = o.minima();
        assert_eq!(minima.len(), 1, "{}", kind.name());
        assert!((minima[0].x - want[0]).abs() < 1e-10 && (minima[0].y - want[1]).abs() < 1e-10);
        let teacher = if kind == ObjectiveKind::FitLine {
            [2.0, 1.0]
        } else {
            [3.0, 9.0]
        };
        assert!((want[0] - teacher[0]).abs() < 0.1 && (want[1] - teacher[1]).abs() < 0.2);
    }
    let minima = Objective::new(ObjectiveKind::FitTanh).minima();
    let global: Vec<_> = minima.iter().filter(|m| m.global).collect();
    assert_eq!(global.len(), 2, "{minima:?}");
    assert!((global[0].x + global[1].x).abs() < 1e-9 && (global[0].y + global[1].y).abs() < 1e-9);
    let m = global.iter().find(|m| m.x > 0.0).unwrap();
    assert!((m.x - 1.5).abs() < 0.15 && (m.y - 2.0).abs() < 0.1, "{m:?}");
}

#[test]
fn a_minibatch_gradient_is_unbiased() {
    for model in Model::ALL {
        let d = Dataset::default_for(model);
        let th = [0.7, -1.3];
        let full = d.gradient(th);
        let n = 20_000u32;
        let (mut mean, mut sq) = ([0.0; 2], [0.0; 2]);
        for i in 0..n {
            let g = d.batch_gradient(
                th,
                &Draws {
                    key: key(1),
                    index: i,
                },
                1,
                4,
            );
            for c in 0..2 {
                mean[c] += g[c] / f64::from(n);
                sq[c] += g[c] * g[c] / f64::from(n);
            }
        }
        for c in 0..2 {
            let sd = ((sq[c] - mean[c] * mean[c]) / f64::from(n)).sqrt();
            assert!(
                (mean[c] - full[c]).abs() < 5.0 * sd,
                "{model:?}[{c}]: minibatch mean {} vs full {} (sd {sd})",
                mean[c],
                full[c]
            );
        }
    }
}

#[test]
#[cfg(feature = "cli")]
fn sgd_and_minibatch_sgd_fit_the_quadratic_model() {
    // The lesson's setting: θ1 u² + θ2 v² fitted to 3u² + 9v², converged within 1e-2 of θ*.
    let run = |batch: &str| {
        let out = common::temp_dir(&format!("fit-batch-{batch}")).join("out");
        let o = common::optgrid_line(&format!(
            "sweep --fn fit_quadratic --opt sgd --lr 0.5 --res 16 --steps 2000 --backend cpu \
             --batch {batch} -q --out {}",
            out.display()
        ));
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let s: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap())
                .unwrap();
        s["stats"]["converged_fraction"].as_f64().unwrap()
    };
    assert_eq!(run("0"), 1.0);
    assert!(run("16") > 0.9);
}

#[test]
#[cfg(feature = "cli")]
fn a_data_file_is_read_and_bad_ones_are_clear_errors() {
    let dir = common::temp_dir("fit-data");
    let write = |name: &str, body: &str| {
        let p = dir.join(name);
        std::fs::write(&p, body).unwrap();
        p.to_str().unwrap().to_string()
    };
    // Columns in any order; the least-squares line through exact points is the one they lie on.
    let mut text = String::from("label,u\n");
    for k in 0..50 {
        let u = -1.0 + 2.0 * f64::from(k) / 49.0;
        text.push_str(&format!("{},{u}\n", 0.5 * u - 2.0));
    }
    let good = write("line.csv", &text);
    let out = dir.join("ok");
    let o = common::optgrid_line(&format!(
        "sweep --fn fit_line --opt adam --lr 0.1 --res 8 --backend cpu --data {good} -q --out {}",
        out.display()
    ));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let m = &s["minima"][0];
    assert!((m["x"].as_f64().unwrap() - 0.5).abs() < 1e-9, "{m}");
    assert!((m["y"].as_f64().unwrap() + 2.0).abs() < 1e-9, "{m}");
    assert!(s["spec"]["data"].as_str().unwrap().ends_with("line.csv"));

    let mut big = String::from("u,label\n");
    for k in 0..=optgrid::model::objective::data::MAX_EXAMPLES {
        big.push_str(&format!("{k},1\n"));
    }
    let line = "sweep --fn fit_line --opt sgd --backend cpu --data";
    let quad = "sweep --fn fit_quadratic --opt sgd --data";
    for (command, expect) in [
        (
            format!("{line} {}", write("empty.csv", "")),
            &["is empty"][..],
        ),
        (
            format!("{line} {}", write("header.csv", "u,label\n")),
            &["no rows"],
        ),
        (
            format!("{line} {}", write("columns.csv", "u,y\n1,2\n")),
            &["no column 'label'", "u,label"],
        ),
        (
            format!("{line} {}", write("word.csv", "u,label\n1,2\nx,3\n")),
            &["line 3", "'x'", "not a finite number"],
        ),
        (
            format!("{line} {}", write("big.csv", &big)),
            &["more than 100000 rows", "the most a dataset may have"],
        ),
        (
            format!("{quad} {}", write("quad.csv", "u,label\n1,2\n")),
            &["no column 'v'", "u,v,label"],
        ),
        (
            "sweep --fn booth --opt sgd --examples 10".into(),
            &[
                "examples (--examples) is for the data objectives",
                "fit_quadratic",
            ],
        ),
        (
            "sweep --fn booth --opt sgd --batch 16".into(),
            &["batch is for the data objectives"],
        ),
        (
            "sweep --fn fit_line --opt sgd --batch 2.5".into(),
            &["batch", "whole number"],
        ),
        (
            "sweep --fn fit_line --opt sgd --x batch=1:10".into(),
            &["batch takes whole numbers and cannot be an axis"],
        ),
        (
            "sweep --fn fit_line --opt sgd --examples 0".into(),
            &["examples (--examples)", "1 to 100000"],
        ),
    ] {
        common::fails_cleanly(&command, expect);
    }
}
