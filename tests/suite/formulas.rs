//! Formula objectives (`--fn "<formula>"`) end to end: built-ins typed as formulas give the
//! built-ins' maps on both backends; random formulas' exact derivatives against central
//! differences, their SIMD lanes against scalars and their WGSL against the CPU; minima found
//! against the catalogue's; every error through the binary.

use crate::common;
use common::{fails_cleanly, optgrid_line, temp_dir, Rng};
use optgrid::engine::cpu::CpuEngine;
use optgrid::engine::gpu::GpuEngine;
use optgrid::engine::{Engine, Silent};
use optgrid::model::formula::Formula;
use optgrid::model::instance::Status;
use optgrid::model::objective::{Objective, ObjectiveKind};
use optgrid::records::{basin_label, Records};
use optgrid::spec::plan::Plan;
use optgrid::spec::request::{DomainText, MinimaText, Names, Request};
use optgrid::spec::sweep::{Precision, SweepSpec};

/// The built-ins as a user would type them, with a setting whose map has every kind of pixel.
/// (Ackley's global minimum is a cone's tip, where the gradient is undefined: Newton cannot find
/// it, so it is given, as a user would with `--minima 0,0`.)
const AS_FORMULAS: [(ObjectiveKind, &str, &str, f64, u32); 6] = [
    (
        ObjectiveKind::Rosenbrock,
        "(1-x)^2 + 100*(y-x^2)^2",
        "adam",
        0.05,
        1500,
    ),
    (
        ObjectiveKind::Himmelblau,
        "(x^2+y-11)^2 + (x+y^2-7)^2",
        "sgd",
        0.01,
        500,
    ),
    (
        ObjectiveKind::Ackley,
        "-20*exp(-0.2*sqrt((x^2+y^2)/2)) - exp((cos(2*pi*x)+cos(2*pi*y))/2) + e + 20",
        "adam",
        0.05,
        1000,
    ),
    (
        ObjectiveKind::Rastrigin,
        "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
        "momentum",
        0.002,
        500,
    ),
    (
        ObjectiveKind::Beale,
        "(1.5-x+x*y)^2 + (2.25-x+x*y^2)^2 + (2.625-x+x*y^3)^2",
        "adam",
        0.05,
        1000,
    ),
    (
        ObjectiveKind::SixHumpCamel,
        "(4-2.1*x^2+x^4/3)*x^2 + x*y + (-4+4*y^2)*y^2",
        "sgd",
        0.01,
        500,
    ),
];

fn spec(
    objective: String,
    domain: Option<[[f64; 2]; 2]>,
    opt: &str,
    lr: f64,
    steps: u32,
) -> SweepSpec {
    let minima = objective
        .starts_with("-20*exp")
        .then(|| MinimaText(vec![[0.0, 0.0]]));
    let mut params = std::collections::BTreeMap::new();
    params.insert(
        "lr".to_string(),
        optgrid::spec::sweep::ParamValue::Number(lr),
    );
    let request = Request {
        objective: Some(objective),
        domain: domain.map(DomainText),
        minima,
        opt: Some(Names::One(opt.into())),
        params,
        res: Some(optgrid::spec::request::Resolution::Square(64)),
        steps: Some(steps),
        ..Request::default()
    };
    let mut spec = request.panels().unwrap().remove(0).spec;
    spec.complete();
    spec
}

fn run(engine: &mut dyn Engine, spec: &SweepSpec) -> (Plan, Records) {
    let plan = Plan::from_spec(spec).unwrap();
    let records = engine.run(&plan, &Silent).unwrap();
    (plan, records)
}

/// Labels by one rule (the built-in's minima and capture radius), so the comparison is of where
/// the instances went, not of two labelling policies.
fn labels(plan: &Plan, r: &Records) -> Vec<i32> {
    (0..r.final_x.len())
        .map(|i| match r.status[i] {
            Status::Diverged => -2,
            _ => basin_label(
                &plan.minima,
                plan.capture_radius,
                r.final_x[i],
                r.final_y[i],
            ),
        })
        .collect()
}

fn compare_with_builtins(engine: &mut dyn Engine, name: &str) {
    for (kind, text, opt, lr, steps) in AS_FORMULAS {
        let builtin = spec(kind.name().into(), None, opt, lr, steps);
        let formula = spec(text.into(), Some(kind.domain()), opt, lr, steps);
        assert!(formula.objective.formula_objective().is_some());
        let (plan, b) = run(engine, &builtin);
        let (fplan, f) = run(engine, &formula);
        let (lb, lf) = (labels(&plan, &b), labels(&plan, &f));
        let n = lb.len() as f64;
        let same = lb.iter().zip(&lf).filter(|(a, b)| a == b).count() as f64 / n;
        let settled = lb.iter().filter(|&&l| l >= 0).count() as f64 / n;
        // Where both stopped at a minimum: at the same point to f32 rounding of the path.
        let mut gaps: Vec<f64> = (0..lb.len())
            .filter(|&i| b.status[i] == Status::Converged && f.status[i] == Status::Converged)
            .map(|i| (b.final_x[i] - f.final_x[i]).hypot(b.final_y[i] - f.final_y[i]))
            .collect();
        gaps.sort_by(f64::total_cmp);
        let p99 = gaps.get(gaps.len() * 99 / 100).copied().unwrap_or(0.0);
        eprintln!(
            "{name} {}: labels {:.4} equal ({:.1}% in a basin), converged {} of {}, 99th percentile |Δ| {p99:.2e}",
            kind.name(),
            same,
            100.0 * settled,
            gaps.len(),
            lb.len()
        );
        assert!(
            same >= 0.999,
            "{name} {}: only {same} of the labels equal",
            kind.name()
        );
        assert!(
            settled > 0.2,
            "{} map too empty to test anything",
            kind.name()
        );
        assert!(
            p99 <= 1e-3,
            "{name} {}: positions differ by {p99}",
            kind.name()
        );
        // The formula's own basin map names the built-in's minima (found by Newton from a grid).
        for m in plan.minima.iter().filter(|m| m.global) {
            assert!(
                fplan
                    .minima
                    .iter()
                    .any(|n| n.global && (m.x - n.x).hypot(m.y - n.y) < 1e-6),
                "{}: global minimum ({}, {}) not found",
                kind.name(),
                m.x,
                m.y
            );
        }
    }
}

#[test]
fn builtins_as_formulas_give_the_builtins_maps_on_the_cpu() {
    compare_with_builtins(&mut CpuEngine::new(Precision::F32), "cpu");
}

#[test]
fn builtins_as_formulas_give_the_builtins_maps_on_the_gpu() {
    let mut gpu = GpuEngine::new().expect(
        "no GPU adapter found: the GPU tests need one (scripts/test.sh installs Mesa's software Vulkan driver)",
    );
    compare_with_builtins(&mut gpu, "gpu");
}

#[test]
fn minima_found_are_the_catalogues() {
    for (kind, text) in [
        (ObjectiveKind::Himmelblau, "(x^2+y-11)^2 + (x+y^2-7)^2"),
        (
            ObjectiveKind::SixHumpCamel,
            "(4-2.1*x^2+x^4/3)*x^2 + x*y + (-4+4*y^2)*y^2",
        ),
        (ObjectiveKind::Rosenbrock, "(1-x)^2 + 100*(y-x^2)^2"),
        // A grid of 121 minima each, Ackley's global one at the cone's tip (a kink).
        (
            ObjectiveKind::Ackley,
            "-20*exp(-0.2*sqrt((x^2+y^2)/2)) - exp((cos(2*pi*x)+cos(2*pi*y))/2) + e + 20",
        ),
        (
            ObjectiveKind::Rastrigin,
            "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
        ),
        (ObjectiveKind::Booth, "(x+2*y-7)^2 + (2*x+y-5)^2"),
        (
            ObjectiveKind::StyblinskiTang,
            "(x^4-16*x^2+5*x + y^4-16*y^2+5*y)/2",
        ),
        (ObjectiveKind::Matyas, "0.26*(x^2+y^2) - 0.48*x*y"),
        (
            ObjectiveKind::Beale,
            "(1.5-x+x*y)^2 + (2.25-x+x*y^2)^2 + (2.625-x+x*y^3)^2",
        ),
    ] {
        let kind_f = ObjectiveKind::resolve(text, Some(kind.domain()), None).unwrap();
        let found = Objective::new(kind_f).minima();
        let known = Objective::new(kind).minima();
        assert_eq!(found.len(), known.len(), "{}: {found:?}", kind.name());
        for m in &known {
            let n = found
                .iter()
                .find(|n| (m.x - n.x).hypot(m.y - n.y) < 1e-7)
                .unwrap_or_else(|| {
                    panic!("{}: ({}, {}) not found: {found:?}", kind.name(), m.x, m.y)
                });
            assert_eq!(n.global, m.global, "{}", kind.name());
            assert!((n.value - m.value).abs() <= 1e-9 * m.value.abs().max(1.0));
        }
    }
}

/// Minima at kinks, where Newton's method cannot go, are found without `--minima`: Ackley's cone
/// tip (the symbolic gradient is 0/0 there) is its one global minimum, as the built-in's is, and
/// the corner of |x| + |y| its only minimum; a plane, and a plateau, have none.
#[test]
fn minima_at_kinks_are_found() {
    let ackley = "-20*exp(-0.2*sqrt((x^2+y^2)/2)) - exp((cos(2*pi*x)+cos(2*pi*y))/2) + e + 20";
    for (text, minima) in [
        (ackley, None),
        ("abs(x) + abs(y)", Some(1)),
        ("x + y", Some(0)),
        ("max(x, 0) + max(y, 0)", Some(0)),
    ] {
        let kind = ObjectiveKind::resolve(text, None, None).unwrap();
        let found = Objective::new(kind).minima();
        if let Some(n) = minima {
            assert_eq!(found.len(), n, "{text}: {found:?}");
        }
        if minima == Some(0) {
            continue;
        }
        let global: Vec<_> = found.iter().filter(|m| m.global).collect();
        assert_eq!(global.len(), 1, "{text}: {found:?}");
        let m = global[0];
        assert!(m.x.hypot(m.y) < 1e-9 && m.value == 0.0, "{text}: {m:?}");
    }
    // On the built-in's own domain, the built-in's global minimum is the formula's too.
    let kind = ObjectiveKind::resolve(ackley, Some(ObjectiveKind::Ackley.domain()), None).unwrap();
    let found = Objective::new(kind).minima();
    let known = Objective::new(ObjectiveKind::Ackley).minima();
    for m in known.iter().filter(|m| m.global) {
        assert!(found
            .iter()
            .any(|n| (m.x - n.x).hypot(m.y - n.y) < 1e-9 && n.global));
    }
}

/// A random formula of about `size` nodes, from every operator and function, kept finite on
/// [−2, 2]² where possible (logs and roots of positive arguments, divisions by 1 + u²).
fn random_formula(rng: &mut Rng, size: u32) -> String {
    if size <= 1 {
        return match rng.next_u64() % 4 {
            0 => "x".into(),
            1 => "y".into(),
            2 => format!("{:.2}", rng.uniform(-2.0, 2.0)),
            _ => "pi".into(),
        };
    }
    let split = 1 + (rng.next_u64() % u64::from(size - 1)) as u32;
    let (a, b) = (
        random_formula(rng, split),
        random_formula(rng, size - split),
    );
    match rng.next_u64() % 17 {
        0 => format!("({a} + {b})"),
        1 => format!("({a} - {b})"),
        2 => format!("({a} * {b})"),
        3 => format!("({a} / (1 + ({b})^2))"),
        4 => format!("sin({a})"),
        5 => format!("cos({a} - {b})"),
        6 => format!("exp(-({a})^2 / 4)"),
        7 => format!("log(1 + ({a})^2)"),
        8 => format!("sqrt(2 + sin({a}))"),
        9 => format!("tanh({a})"),
        10 => format!("atan({a} * {b})"),
        11 => format!("sinh(tanh({a}))"),
        12 => format!("cosh(tanh({a})) * {b}"),
        13 => format!("({a})^3"),
        14 => format!("(2 + tanh({a}))^1.5"),
        15 => format!("max({a}, {b}) - min({a}, {b}^2) + abs({b})"),
        _ => format!("-{a}"),
    }
}

#[test]
fn random_formulas_derivatives_match_central_differences_in_f64() {
    let mut rng = Rng::new(11);
    let mut checked = 0;
    for n in 0..400 {
        let text = random_formula(&mut rng, 2 + n % 14);
        let f = Formula::parse(&text, &[]).unwrap();
        for _ in 0..4 {
            let (x, y) = (rng.uniform(-1.9, 1.9), rng.uniform(-1.9, 1.9));
            let h = 1e-5;
            let g = f.gradient(x, y);
            let hess = f.hessian(x, y);
            let d = |dx: f64, dy: f64| f.gradient(x + dx, y + dy);
            let fd = [
                (f.value(x + h, y) - f.value(x - h, y)) / (2.0 * h),
                (f.value(x, y + h) - f.value(x, y - h)) / (2.0 * h),
            ];
            let fd_hess = [0, 1].map(|i| {
                [
                    (d(h, 0.0)[i] - d(-h, 0.0)[i]) / (2.0 * h),
                    (d(0.0, h)[i] - d(0.0, -h)[i]) / (2.0 * h),
                ]
            });
            // abs, min and max have kinks: a difference across one is no oracle.
            let kink = |dx: f64, dy: f64| {
                let far = f.gradient(x + dx, y + dy);
                (far[0] - g[0]).abs() + (far[1] - g[1]).abs()
                    > 1e-2 * (1.0 + g[0].abs() + g[1].abs())
            };
            if !g.iter().chain(hess.iter().flatten()).all(|v| v.is_finite())
                || kink(2.0 * h, 0.0)
                || kink(-2.0 * h, 0.0)
                || kink(0.0, 2.0 * h)
                || kink(0.0, -2.0 * h)
            {
                continue;
            }
            for i in 0..2 {
                let tol = 1e-5 * (1.0 + g[i].abs());
                assert!(
                    (g[i] - fd[i]).abs() <= tol,
                    "{text} ∂{i} at ({x}, {y}): {} vs {}",
                    g[i],
                    fd[i]
                );
                for j in 0..2 {
                    let tol = 1e-4 * (1.0 + hess[i][j].abs());
                    assert!(
                        (hess[i][j] - fd_hess[i][j]).abs() <= tol,
                        "{text} H{i}{j} at ({x}, {y}): {} vs {}",
                        hess[i][j],
                        fd_hess[i][j]
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} points checked");
}

#[test]
fn random_formulas_simd_lanes_give_the_scalar_bits() {
    use optgrid::model::num::{Lanes, Num};
    let mut rng = Rng::new(12);
    for n in 0..100 {
        let f = Formula::parse(&random_formula(&mut rng, 3 + n % 12), &[]).unwrap();
        let xs: [f32; 8] = std::array::from_fn(|_| rng.uniform(-2.0, 2.0) as f32);
        let ys: [f32; 8] = std::array::from_fn(|_| rng.uniform(-2.0, 2.0) as f32);
        let g = f.gradient(Lanes::<f32, 8>(xs), Lanes(ys));
        let v = f.value(Lanes::<f32, 8>(xs), Lanes(ys));
        for l in 0..8 {
            let s = f.gradient(xs[l], ys[l]);
            assert_eq!(g[0].lane(l).to_bits(), s[0].to_bits(), "{}", f.text);
            assert_eq!(g[1].lane(l).to_bits(), s[1].to_bits(), "{}", f.text);
            assert_eq!(
                v.lane(l).to_bits(),
                f.value(xs[l], ys[l]).to_bits(),
                "{}",
                f.text
            );
        }
    }
}

#[test]
fn random_formulas_compose_into_valid_kernels() {
    let mut rng = Rng::new(13);
    for n in 0..40 {
        let text = random_formula(&mut rng, 3 + n % 16);
        let kind = ObjectiveKind::resolve(&text, Some([[-2.0, 2.0], [-2.0, 2.0]]), None).unwrap();
        for opt in [
            optgrid::model::optimizer::Optimizer::Adam,
            optgrid::model::optimizer::Optimizer::Sgd,
        ] {
            let source = optgrid::engine::gpu::shader::compose(kind, opt);
            let module = naga::front::wgsl::parse_str(&source)
                .unwrap_or_else(|e| panic!("{text}: {}", e.emit_to_string(&source)));
            naga::valid::Validator::new(
                naga::valid::ValidationFlags::all(),
                naga::valid::Capabilities::empty(),
            )
            .validate(&module)
            .unwrap_or_else(|e| panic!("{text}: {e:?}"));
        }
    }
}

#[test]
fn random_formulas_on_the_gpu_match_the_cpu() {
    let mut gpu = GpuEngine::new().expect(
        "no GPU adapter found: the GPU tests need one (scripts/test.sh installs Mesa's software Vulkan driver)",
    );
    let mut cpu = CpuEngine::new(Precision::F32);
    let mut rng = Rng::new(14);
    let (mut agree, mut total) = (0usize, 0usize);
    for n in 0..12 {
        let text = random_formula(&mut rng, 4 + n % 10);
        let mut s = spec(
            text.clone(),
            Some([[-2.0, 2.0], [-2.0, 2.0]]),
            "adam",
            0.01,
            200,
        );
        s.res = [24, 24];
        let (_, g) = run(&mut gpu, &s);
        let (_, c) = run(&mut cpu, &s);
        let mut same = 0;
        for i in 0..g.final_x.len() {
            let close = (g.final_x[i] - c.final_x[i]).hypot(g.final_y[i] - c.final_y[i]) <= 1e-3;
            if g.status[i] == c.status[i] && (close || g.status[i] == Status::Diverged) {
                same += 1;
            }
        }
        eprintln!("{text}: {same} of {} agree", g.final_x.len());
        agree += same;
        total += g.final_x.len();
    }
    // Driver transcendentals differ by ulps, and an ulp can tip a chaotic path: docs/parity.md.
    assert!(
        agree as f64 >= 0.98 * total as f64,
        "{agree} of {total} agree"
    );
}

#[test]
fn formulas_work_everywhere_a_builtin_does() {
    let dir = temp_dir("formula-everywhere");
    let out = |name: &str| dir.join(name).to_str().unwrap().to_string();
    // A hyperparameter map with a domain, written and repeated from its spec.toml.
    let o = optgrid_line(&format!(
        "sweep --fn (1-x)^2+100*(y-x^2)^2 --domain -2:2,-1:3 --opt adam --x lr=1e-3:1e-1:log --y beta1=0:0.99 --start -1.5,1.5 --res 12 --steps 200 --backend cpu -q --out {}",
        out("map")
    ));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let toml = std::fs::read_to_string(dir.join("map/spec.toml")).unwrap();
    assert!(
        toml.contains("fn = \"(1-x)^2+100*(y-x^2)^2\"")
            && toml.contains("domain = [[-2.0, 2.0], [-1.0, 3.0]]"),
        "{toml}"
    );
    let o = optgrid_line(&format!(
        "sweep --config {} --backend cpu -q --out {}",
        out("map/spec.toml"),
        out("again")
    ));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        std::fs::read(dir.join("map/result.npz")).unwrap(),
        std::fs::read(dir.join("again/result.npz")).unwrap()
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("map/summary.json")).unwrap()).unwrap();
    assert_eq!(summary["gradient"][1], "(y - x*x)*200");
    assert_eq!(summary["minima"][0]["x"], 1.0);
    // Panels, given minima, a trace, and a trace from a pixel of the map.
    let o = optgrid_line(&format!(
        "sweep --fn x^2+3*y^2 --minima 0,0 --opt sgd,adam --lr 0.05 --res 8 --steps 100 --backend cpu -q --out {}",
        out("panels")
    ));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(dir.join("panels/sheet.png").is_file());
    let o = optgrid_line(&format!(
        "trace --fn sin(x)*cos(y)+0.1*(x^2+y^2) --opt sgd,adam --start 1,1 --lr 0.05 --steps 100 -q --out {}",
        out("trace")
    ));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = optgrid_line(&format!(
        "trace --from {} --pixel 3,4 -q --out {}",
        out("map"),
        out("pixel")
    ));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Tuning on a formula over its own domain.
    let o = optgrid_line(&format!(
        "tune --fn (x-6)^2+10*(y+7)^2 --domain 4:8,-9:-5 --opt sgd,adam --trials 16 --starts 4 --steps 100 --best-res 8 --backend cpu -q --out {}",
        out("tune")
    ));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let board: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("tune/leaderboard.json")).unwrap()).unwrap();
    assert!(
        board["entries"][0]["converged"].as_f64().unwrap() > 0.5,
        "{board}"
    );
    // No minimum on the domain: the gradient criterion, and a note saying so.
    let o = optgrid_line(&format!(
        "sweep --fn x+y --opt sgd --res 4 --steps 10 --backend cpu -q --out {}",
        out("none")
    ));
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("no minimum of the formula was found"));
    assert!(std::fs::read_to_string(dir.join("none/spec.toml"))
        .unwrap()
        .contains("criterion = \"gradient\""));
}

#[test]
fn bad_formulas_fail_cleanly_in_one_line() {
    for (command, expect) in [
        (
            "sweep --opt adam --fn x+sinn(y)",
            &["column 3", "unknown name 'sinn'", "did you mean 'sin'", "‸"][..],
        ),
        (
            "sweep --opt adam --fn rosenbrok",
            &["did you mean 'rosenbrock'"],
        ),
        (
            "sweep --opt adam --fn sin(x,y)",
            &["'sin' takes 1 argument, given 2"],
        ),
        (
            "sweep --opt adam --fn max(x)",
            &["'max' takes 2 arguments, given 1"],
        ),
        ("sweep --opt adam --fn (x+y", &["this '(' is never closed"]),
        ("sweep --opt adam --fn x+y)", &["a ')' without its '('"]),
        ("sweep --opt adam --fn 2x", &["expected an operator"]),
        (
            "sweep --opt adam --fn sqrt(-1-x^2)",
            &["not finite anywhere on the domain"],
        ),
        (
            "sweep --opt adam --fn x^2 --domain 1:0,0:1",
            &["invalid domain (--domain)"],
        ),
        (
            "sweep --opt adam --fn x^2 --domain nonsense",
            &["invalid domain (--domain)"],
        ),
        (
            "sweep --opt adam --fn x^2 --minima 1;2",
            &["invalid minima (--minima)"],
        ),
        (
            "sweep --opt adam --fn ackley --domain -1:1,-1:1",
            &["for formula objectives"],
        ),
        (
            "sweep --opt adam --fn x+y --criterion distance",
            &["no minimum of the formula", "--minima"],
        ),
        (
            "trace --opt adam --start 0,0 --fn x*",
            &["the formula ends where"],
        ),
    ] {
        fails_cleanly(command, expect);
    }
    let deep = format!(
        "sweep --opt adam --fn {}x{}",
        "(".repeat(100),
        ")".repeat(100)
    );
    fails_cleanly(&deep, &["nested more than 64 deep"]);
    let long = format!("sweep --opt adam --fn {}x", "x+".repeat(1200));
    fails_cleanly(&long, &["allowed at most 2000"]);
}
