//! Learning-rate schedules against their closed forms: in f64, gradient descent and heavy-ball
//! momentum under each schedule take exactly the steps that torch's optimizer followed by
//! `scheduler.step()` takes, with the learning rates computed here from the formulas of torch's
//! `StepLR`, `ExponentialLR`, `CosineAnnealingLR`, `LinearLR` and transformers'
//! `get_cosine_schedule_with_warmup`.

#[cfg(feature = "cli")]
use crate::common;
use optgrid::engine::cpu::CpuEngine;
use optgrid::engine::{Engine, Silent};
use optgrid::model::objective::ObjectiveKind;
use optgrid::model::optimizer::Optimizer;
use optgrid::model::schedule::Schedule;
use optgrid::spec::plan::Plan;
use optgrid::spec::sweep::{Axis, Precision, Scale, SweepSpec};
use std::f64::consts::PI;

/// The learning rate after k scheduler steps, straight from the classes' documentation.
fn oracle(schedule: Schedule, lr: f64, p: &[(&str, f64)], k: u32) -> f64 {
    let get = |n: &str| p.iter().find(|(m, _)| *m == n).unwrap().1;
    let k = f64::from(k);
    match schedule {
        Schedule::Constant => lr,
        Schedule::Step => lr * get("gamma").powf((k / get("step_size")).floor()),
        Schedule::Exponential => lr * get("gamma").powf(k),
        Schedule::Cosine => {
            let (t_max, eta_min) = (get("t_max"), get("eta_min"));
            eta_min + (lr - eta_min) * (1.0 + (PI * k / t_max).cos()) / 2.0
        }
        Schedule::Linear => {
            let (s, e, n) = (get("start_factor"), get("end_factor"), get("total_iters"));
            lr * (s + (e - s) * k.min(n) / n)
        }
        Schedule::WarmupCosine => {
            let (w, total) = (get("warmup_steps"), get("total_steps"));
            if k < w {
                lr * k / w.max(1.0)
            } else {
                let progress = (k - w) / (total - w).max(1.0);
                lr * (0.5 * (1.0 + (PI * progress).cos())).max(0.0)
            }
        }
    }
}

fn cases() -> Vec<(Schedule, Vec<(&'static str, f64)>)> {
    vec![
        (Schedule::Constant, vec![]),
        (Schedule::Step, vec![("step_size", 30.0), ("gamma", 0.5)]),
        (Schedule::Exponential, vec![("gamma", 0.98)]),
        // t_max below the budget: the schedule continues periodically, as torch's does.
        (Schedule::Cosine, vec![("t_max", 70.0), ("eta_min", 0.002)]),
        (
            Schedule::Linear,
            vec![
                ("start_factor", 0.25),
                ("end_factor", 1.0),
                ("total_iters", 40.0),
            ],
        ),
        (
            Schedule::WarmupCosine,
            vec![("warmup_steps", 25.0), ("total_steps", 150.0)],
        ),
    ]
}

/// A sweep of one row of starts on f = (a x² + b y²)/2 with early stopping off.
fn spec(optimizer: Optimizer, schedule: Schedule, params: &[(&str, f64)], lr: f64) -> SweepSpec {
    let mut spec = SweepSpec::new(ObjectiveKind::Quadratic, optimizer);
    spec.quadratic = Some([1.0, 3.0]);
    spec.schedule = schedule;
    spec.set("lr", lr);
    for (n, v) in params {
        spec.set(n, *v);
    }
    spec.x = Axis {
        quantity: "x0".into(),
        lo: -4.0,
        hi: 4.0,
        scale: Scale::Linear,
    };
    spec.y = Axis {
        quantity: "y0".into(),
        lo: 1.0,
        hi: 3.0,
        scale: Scale::Linear,
    };
    spec.res = [5, 3];
    spec.steps = 200;
    spec.early_stop = false;
    spec.tol = 1e-300;
    spec
}

#[test]
fn gradient_descent_and_momentum_follow_each_schedule_exactly() {
    for (schedule, params) in cases() {
        for optimizer in [Optimizer::Sgd, Optimizer::Momentum] {
            let lr = 0.1;
            let s = spec(optimizer, schedule, &params, lr);
            let plan = Plan::from_spec(&s).unwrap();
            let r = CpuEngine::new(Precision::F64).run(&plan, &Silent).unwrap();
            for i in 0..r.len() {
                let start = [
                    plan.axis_values[0][i % r.width],
                    plan.axis_values[1][i / r.width],
                ];
                // torch: p ← p − lr_t·d, d = g (SGD) or the buffer b ← μb + g (b₁ = g).
                let coeffs = [1.0, 3.0];
                let mut p = start;
                let mut b = [0.0; 2];
                for t in 1..=s.steps {
                    let lr_t = oracle(schedule, lr, &params, t - 1);
                    for c in 0..2 {
                        let g = coeffs[c] * p[c];
                        let d = match optimizer {
                            Optimizer::Sgd => g,
                            _ => {
                                b[c] = if t == 1 { g } else { 0.9 * b[c] + g };
                                b[c]
                            }
                        };
                        p[c] -= lr_t * d;
                    }
                }
                for (got, want) in [(r.final_x[i], p[0]), (r.final_y[i], p[1])] {
                    assert!(
                        (got - want).abs() <= 1e-12 * want.abs().max(1e-300) + 1e-300,
                        "{} {}: {got} vs {want}",
                        schedule.name(),
                        optimizer.name()
                    );
                }
            }
        }
    }
}

#[test]
fn each_schedule_learning_rate_matches_its_formula_in_f64_and_f32() {
    use optgrid::model::hyper::{Hyper, SLOT_COUNT};
    for (schedule, params) in cases() {
        let mut slots = [0.0f64; SLOT_COUNT];
        slots[optgrid::model::hyper::slot::LR] = 0.3;
        for (n, v) in &params {
            let k = optgrid::model::hyper::SLOT_NAMES
                .iter()
                .position(|s| s == n)
                .unwrap();
            slots[k] = *v;
        }
        let h64 = Hyper::from_slots(&slots);
        let h32 = Hyper::from_slots(&slots.map(|v| v as f32));
        for t in 1..=400u32 {
            let want = oracle(schedule, 0.3, &params, t - 1);
            let got = schedule.lr(h64.lr, &h64, t);
            assert!(
                (got - want).abs() <= 1e-14 * want.abs() + 1e-15 * 0.3,
                "{} t={t}: {got} vs {want}",
                schedule.name()
            );
            // f32: against the formula of the f32-rounded parameters (the rounding of γ alone
            // compounds to k·2⁻²⁴ relative), within the f32 exp/ln's few ulp times k.
            let rounded: Vec<(&str, f64)> = params
                .iter()
                .map(|(n, v)| (*n, f64::from(*v as f32)))
                .collect();
            let want32 = oracle(schedule, f64::from(0.3f32), &rounded, t - 1);
            let got32 = f64::from(schedule.lr(h32.lr, &h32, t));
            assert!(
                // (plus a few f32 ulps of lr itself, where cosine's terms cancel)
                (got32 - want32).abs() <= 2e-6 * want32.abs() + 4.0 * 0.3 * f64::from(f32::EPSILON),
                "{} f32 t={t}: {got32} vs {want32}",
                schedule.name()
            );
        }
    }
}

#[test]
#[cfg(feature = "cli")]
fn schedule_parameters_are_checked_and_belong_to_their_schedule() {
    let sweep = "sweep --fn booth --opt sgd";
    for (flags, expect) in [
        (
            "--param t_max=100",
            &["t_max is a parameter of --schedule cosine"][..],
        ),
        ("--schedule cosine --param t_max=0", &["t_max", "> 0"]),
        (
            "--schedule cosinus",
            &["schedule (--schedule)", "warmup_cosine"],
        ),
        (
            "--schedule linear --param start_factor=0",
            &["start_factor", "(0, 1]"],
        ),
        ("--param sparsity=1", &["sparsity", "[0, 1)"]),
        (
            "--seed 9007199254740992",
            &["seed (--seed)", "9007199254740991"],
        ),
    ] {
        common::fails_cleanly(&format!("{sweep} {flags}"), expect);
    }
}

#[test]
#[cfg(feature = "cli")]
fn schedules_as_panels_and_their_parameters_as_axes() {
    let dir = common::temp_dir("schedule-panels");
    let out = dir.join("panels");
    let o = common::optgrid_line(&format!(
        "sweep --fn himmelblau --opt sgd --lr 0.01 --res 24 --steps 200 --backend cpu -q \
         --schedule constant,cosine --param t_max=100 --out {}",
        out.display()
    ));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let sheet: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("sheet.json")).unwrap()).unwrap();
    let text = sheet.to_string();
    assert!(
        text.contains("schedule=constant") && text.contains("schedule=cosine"),
        "{text}"
    );
    let cosine = std::fs::read_to_string(out.join("schedule=cosine").join("spec.toml")).unwrap();
    assert!(
        cosine.contains("schedule = \"cosine\"") && cosine.contains("t_max = 100.0"),
        "{cosine}"
    );
    let constant =
        std::fs::read_to_string(out.join("schedule=constant").join("spec.toml")).unwrap();
    assert!(!constant.contains("t_max"), "{constant}");

    let axis_out = dir.join("axis");
    let o = common::optgrid_line(&format!(
        "sweep --fn himmelblau --opt adam --res 16 --steps 200 --backend cpu -q \
         --schedule warmup_cosine --x warmup_steps=0:100 --y lr=0.01:1:log --out {}",
        axis_out.display()
    ));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary = std::fs::read_to_string(axis_out.join("summary.json")).unwrap();
    assert!(
        summary.contains("\"warmup_cosine\"") && summary.contains("\"total_steps\""),
        "{summary}"
    );
}
