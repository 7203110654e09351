//! The kernels through a third implementation of WebGPU: Chrome's (Tint compiles the WGSL,
//! SwiftShader runs it without any GPU). Every composed pipeline — every objective × optimizer,
//! criterion and early-stop setting — must compile there as it does in naga, and a few small
//! sweeps run by a minimal harness page must agree with the CPU engine as the Vulkan runs do.
//! Fails, never skips, under CI when Chromium is missing.

use crate::common;
use optgrid::engine::cpu::CpuEngine;
use optgrid::engine::gpu::layout::{GpuRecord, Sizes, SweepUniform};
use optgrid::engine::gpu::pipeline::override_constants;
use optgrid::engine::gpu::shader::compose;
use optgrid::engine::{Engine, Silent};
use optgrid::model::criterion::CriterionKind;
use optgrid::model::instance::Status;
use optgrid::model::objective::ObjectiveKind;
use optgrid::model::optimizer::{Optimizer, Update};
use optgrid::records::Records;
use optgrid::spec::plan::Plan;
use optgrid::spec::sweep::{Precision, SweepSpec};
use serde_json::{json, Value};
use std::time::Duration;

const HARNESS: &str = include_str!("../webgpu/harness.html");
const WORKGROUP_SIZE: u32 = 64;

fn constants(plan: &Plan) -> Value {
    let mut m = serde_json::Map::new();
    for (name, value) in override_constants(plan, WORKGROUP_SIZE) {
        m.insert(name.into(), json!(value));
    }
    Value::Object(m)
}

/// The small sweeps the page runs: a mix of objectives, optimizers and criteria.
fn run_specs() -> Vec<(String, SweepSpec)> {
    let mut out = Vec::new();
    for (objective, optimizer, lr, criterion) in [
        (
            ObjectiveKind::Ackley,
            Optimizer::Adam,
            0.05,
            CriterionKind::Distance,
        ),
        (
            ObjectiveKind::Himmelblau,
            Optimizer::Momentum,
            0.01,
            CriterionKind::Distance,
        ),
        (
            ObjectiveKind::Rosenbrock,
            Optimizer::Rmsprop,
            0.01,
            CriterionKind::Loss,
        ),
        (
            ObjectiveKind::Levi13,
            Optimizer::Nadam,
            0.02,
            CriterionKind::Distance,
        ),
        (
            ObjectiveKind::SixHumpCamel,
            Optimizer::Adagrad,
            0.1,
            CriterionKind::Gradient,
        ),
    ] {
        let mut spec = SweepSpec::new(objective, optimizer);
        spec.set("lr", lr);
        spec.criterion = criterion;
        spec.res = [32, 32];
        spec.steps = 400;
        out.push((format!("{} × {}", objective.name(), optimizer.name()), spec));
    }
    // The random generator, a schedule and a data objective's minibatches in the browser too.
    let mut noisy = SweepSpec::new(ObjectiveKind::Himmelblau, Optimizer::Adam);
    noisy.set("lr", 0.05).set("noise", 2.0).set("sparsity", 0.2);
    noisy.schedule = optgrid::model::schedule::Schedule::WarmupCosine;
    noisy.seed = 3;
    noisy.res = [32, 32];
    noisy.steps = 400;
    out.push(("himmelblau × adam, noisy, warmup_cosine".into(), noisy));
    let mut fit = SweepSpec::new(ObjectiveKind::FitTanh, Optimizer::Momentum);
    fit.set("lr", 0.05).set("batch", 8.0);
    fit.examples = Some(40);
    fit.res = [32, 32];
    fit.steps = 300;
    out.push(("fit_tanh × momentum, batch 8".into(), fit));
    // A typed formula: its generated WGSL through Tint and run on SwiftShader.
    let formula = ObjectiveKind::from_name("sin(x)*cos(y) + 0.1*(x^2+y^2) + atan(x*y)/4").unwrap();
    let mut typed = SweepSpec::new(formula, Optimizer::Adam);
    typed.set("lr", 0.05);
    typed.res = [32, 32];
    typed.steps = 400;
    out.push(("a formula × adam".into(), typed));
    // The Lookahead wrapper: its kernel's state ends with the slow weights.
    let mut wrapped = SweepSpec::new(ObjectiveKind::Himmelblau, Optimizer::Adam);
    wrapped.set("lr", 0.05).set("lookahead_k", 5.0);
    wrapped.res = [32, 32];
    wrapped.steps = 400;
    out.push(("himmelblau × adam+lookahead".into(), wrapped));
    // L-BFGS: its line search's evaluations in the loop around one call of the objective, its
    // step pairs in the history binding (a ring of 5 that fills and wraps within the run).
    let mut lbfgs = SweepSpec::new(ObjectiveKind::Rosenbrock, Optimizer::Lbfgs);
    lbfgs.set("max_iter", 4.0).set("history_size", 5.0);
    lbfgs.params.insert(
        "strong_wolfe".into(),
        optgrid::spec::sweep::ParamValue::Flag(true),
    );
    lbfgs.res = [32, 32];
    lbfgs.steps = 60;
    out.push(("rosenbrock × lbfgs, strong_wolfe".into(), lbfgs));
    out
}

/// The pipelines compiled from a pair's module: every criterion × early stop where the pair is
/// on one of two cross-sections — every objective with Adam, every optimizer on Booth — and
/// the default pipeline elsewhere. Each module still compiles in Tint, and each override
/// constant is specialised against every objective and every rule, in a fifth of the time
/// (Chrome compiles on SwiftShader one pipeline at a time).
fn specializations(objective: ObjectiveKind, optimizer: Optimizer) -> Vec<(CriterionKind, bool)> {
    if optimizer == Optimizer::Adam || objective == ObjectiveKind::Booth {
        CriterionKind::ALL
            .into_iter()
            .flat_map(|c| [(c, true), (c, false)])
            .collect()
    } else {
        let spec = SweepSpec::new(objective, optimizer);
        vec![(spec.criterion, spec.early_stop)]
    }
}

/// Everything the page does, as JSON.
fn jobs() -> Value {
    let mut modules = Vec::new();
    let mut pipelines = Vec::new();
    let mut index = std::collections::HashMap::new();
    for objective in ObjectiveKind::ALL {
        for optimizer in Optimizer::ALL {
            index.insert((objective, Update::from(optimizer)), modules.len());
            modules.push(json!({
                "name": format!("{} × {}", objective.name(), optimizer.name()),
                "wgsl": compose(objective, optimizer),
            }));
            for (criterion, early_stop) in specializations(objective, optimizer) {
                let mut spec = SweepSpec::new(objective, optimizer);
                spec.criterion = criterion;
                spec.early_stop = early_stop;
                spec.res = [1, 1];
                let plan = Plan::from_spec(&spec).unwrap();
                pipelines.push(json!({
                    "module": modules.len() - 1,
                    "constants": constants(&plan),
                }));
            }
        }
    }
    // The runs' objectives outside the catalogue (formulas) get a module each.
    // and so does a wrapped optimizer.
    for (_, spec) in run_specs() {
        let update = Plan::from_spec(&spec).unwrap().update();
        index.entry((spec.objective, update)).or_insert_with(|| {
            modules.push(json!({
                "name": format!("{} × {}", spec.objective.name(), update.label()),
                "wgsl": compose(spec.objective, update),
            }));
            modules.len() - 1
        });
    }
    let runs: Vec<Value> = run_specs()
        .iter()
        .map(|(name, spec)| {
            let plan = Plan::from_spec(spec).unwrap();
            let mut u = SweepUniform::for_plan(&plan);
            u.tile_offset = 0;
            u.tile_count = plan.instances() as u32;
            u.until = plan.steps;
            u.init = 1;
            let words: Vec<u32> = bytemuck::pod_collect_to_vec(bytemuck::bytes_of(&u));
            let axis = optgrid::engine::gpu::layout::axis_table::<f32>(&plan);
            json!({
                "name": name,
                "module": index[&(spec.objective, plan.update())],
                "constants": constants(&plan),
                "uniform": words,
                "axis": axis,
                "count": plan.instances(),
                "record_bytes": std::mem::size_of::<GpuRecord>(),
                "state_bytes": Sizes::of(Precision::F32, plan.update()).state,
                "history_bytes": Sizes::for_plan(Precision::F32, &plan).history,
            })
        })
        .collect();
    json!({ "modules": modules, "pipelines": pipelines, "runs": runs })
}

/// Serves the harness and the jobs on 127.0.0.1 and returns what the page posts back.
fn run_in_browser(chromium: &std::path::Path) -> Value {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let jobs = jobs().to_string();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for mut request in server.incoming_requests() {
            let url = request.url().to_string();
            let respond = |request: tiny_http::Request, body: &str, kind: &str| {
                let header =
                    tiny_http::Header::from_bytes(&b"Content-Type"[..], kind.as_bytes()).unwrap();
                let _ = request.respond(tiny_http::Response::from_string(body).with_header(header));
            };
            match url.as_str() {
                "/" => respond(request, HARNESS, "text/html; charset=utf-8"),
                "/jobs" => respond(request, &jobs, "application/json"),
                "/results" => {
                    let mut body = String::new();
                    let _ = request.as_reader().read_to_string(&mut body);
                    let _ = request.respond(tiny_http::Response::empty(204));
                    let _ = tx.send(body);
                }
                _ => {
                    let _ = request.respond(tiny_http::Response::empty(404));
                }
            }
        }
    });
    let _browser = common::Browser::open(chromium, &format!("http://127.0.0.1:{port}/"), "webgpu");
    let body = rx
        .recv_timeout(Duration::from_secs(900))
        .expect("the harness page posted no results within 15 minutes");
    serde_json::from_str(&body).unwrap()
}

#[test]
fn every_pipeline_compiles_and_small_sweeps_agree_in_chrome_webgpu() {
    let Some(chromium) = common::chromium() else {
        return;
    };
    let started = std::time::Instant::now();
    let report = run_in_browser(&chromium);
    println!(
        "adapter: {} ({:.0} s in the browser)",
        report["adapter"],
        started.elapsed().as_secs_f64()
    );
    let compiled = report["compile"].as_array().unwrap();
    let failed: Vec<&Value> = compiled.iter().filter(|c| c["ok"] != true).collect();
    if !failed.is_empty() {
        let mut reasons: Vec<String> = failed.iter().map(|c| c["error"].to_string()).collect();
        reasons.sort();
        reasons.dedup();
        panic!(
            "{} of {} modules and pipelines failed in Chrome's WebGPU, e.g. {}; {} distinct errors:\n{}",
            failed.len(),
            compiled.len(),
            failed[0]["name"],
            reasons.len(),
            reasons.iter().take(5).cloned().collect::<Vec<_>>().join("\n")
        );
    }
    // One module per pair and its pipelines (`specializations`); a module per run outside the
    // catalogue's pairs (a formula, a wrapped optimizer).
    let pairs_and_pipelines: usize = ObjectiveKind::ALL
        .into_iter()
        .flat_map(|o| {
            Optimizer::ALL
                .into_iter()
                .map(move |opt| 1 + specializations(o, opt).len())
        })
        .sum();
    let own_modules = run_specs()
        .iter()
        .filter(|(_, s)| {
            s.objective.formula_objective().is_some() || Plan::from_spec(s).unwrap().lookahead
        })
        .count();
    assert_eq!(
        compiled.len(),
        pairs_and_pipelines + own_modules,
        "every module and pipeline"
    );
    assert_eq!(
        report["error"], "",
        "the page failed ({} uncaptured errors)",
        report["uncaptured"]
    );

    let runs = report["runs"].as_array().unwrap();
    let specs = run_specs();
    assert_eq!(runs.len(), specs.len());
    for ((name, spec), run) in specs.iter().zip(runs) {
        let plan = Plan::from_spec(spec).unwrap();
        let column = |key: &str| run[key].as_array().unwrap().clone();
        let (xs, ys, steps, status, ts) = (
            column("x"),
            column("y"),
            column("steps"),
            column("status"),
            column("t"),
        );
        assert_eq!(xs.len(), plan.instances(), "{name}");
        let mut browser = Records::with_capacity(&plan, 0..plan.instances());
        for k in 0..plan.instances() {
            let r = GpuRecord {
                x: xs[k].as_f64().unwrap() as f32,
                y: ys[k].as_f64().unwrap() as f32,
                steps: steps[k].as_i64().unwrap() as i32,
                status: status[k].as_u64().unwrap() as u32,
                t: ts[k].as_u64().unwrap() as u32,
            };
            browser.push(r.outcome(&plan, None));
        }
        browser.label_basins(&plan);
        let cpu = CpuEngine::new(Precision::F32).run(&plan, &Silent).unwrap();
        let n = plan.instances() as f64;
        let same = (0..plan.instances())
            .filter(|&k| browser.status[k] == cpu.status[k] && browser.basin[k] == cpu.basin[k])
            .count() as f64
            / n;
        let both: Vec<usize> = (0..plan.instances())
            .filter(|&k| {
                browser.status[k] == Status::Converged && cpu.status[k] == Status::Converged
            })
            .collect();
        let steps_close = both
            .iter()
            .filter(|&&k| (browser.steps[k] - cpu.steps[k]).abs() <= 1)
            .count() as f64
            / both.len().max(1) as f64;
        let converged = cpu
            .status
            .iter()
            .filter(|s| **s == Status::Converged)
            .count();
        println!(
            "{name}: status+basin agree {:.2}%, steps ±1 {:.2}%, CPU converged {converged}/{}",
            100.0 * same,
            100.0 * steps_close,
            plan.instances()
        );
        assert!(converged > 0, "{name}: the sweep should converge somewhere");
        assert!(same >= 0.99, "{name}: status+basin agree for {same:.4}");
        assert!(
            steps_close >= 0.99,
            "{name}: steps within ±1 for {steps_close:.4}"
        );
    }
}
