//! The rules beyond optgrid's first thirteen (torch.optim's classic rules and Lion) against
//! their reference implementations themselves: `tests/data/oracles/optimizers.json` holds
//! trajectories that torch, schedulefree, prodigyopt and pytorch-optimizer computed in f64
//! (`scripts/oracles/run.sh` regenerates it; the versions are in the file), and optgrid's CPU
//! f64 engine must follow each to 1e-9 relative per recorded iterate — 3 objectives × 3 starts
//! × 3 settings × 300 steps per rule — so CI needs no torch.

use optgrid::trace::{race, TraceRequest};
use serde_json::{json, Map, Value};

/// The committed reference trajectories.
fn references() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/oracles/optimizers.json"
    );
    serde_json::from_slice(&std::fs::read(path).expect("tests/data/oracles/optimizers.json"))
        .expect("the oracle file is JSON")
}

/// A reference's keyword arguments as optgrid's hyperparameters, for the rules optgrid has.
fn params(rule: &str, kwargs: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in kwargs {
        let pair = |a: &str, b: &str, out: &mut Map<String, Value>| {
            out.insert(a.into(), value[0].clone());
            out.insert(b.into(), value[1].clone());
        };
        match (rule, key.as_str()) {
            ("rprop", "etas") => pair("eta_minus", "eta_plus", &mut out),
            ("rprop", "step_sizes") => pair("step_size_min", "step_size_max", &mut out),
            (_, "betas") => {
                for (k, beta) in value.as_array().unwrap().iter().enumerate() {
                    out.insert(format!("beta{}", k + 1), beta.clone());
                }
            }
            // torch's (eps1, eps2); eps1 None is optgrid's 0: the machine epsilon.
            ("adafactor", "eps") => {
                let eps1 = if value[0].is_null() {
                    json!(0.0)
                } else {
                    value[0].clone()
                };
                out.insert("eps1".into(), eps1);
                out.insert("eps2".into(), value[1].clone());
            }
            ("prodigy", "use_bias_correction") => {
                out.insert("bias_correction".into(), value.clone());
            }
            ("prodigy", "decouple") => {
                out.insert("weight_decouple".into(), value.clone());
            }
            ("mars", "gamma") => {
                out.insert("mars_gamma".into(), value.clone());
            }
            // Without optimize_1d the reference treats a 1-D parameter as AdamW's; optgrid's
            // MARS is its optimize_1d branch, always.
            ("mars", "optimize_1d") => assert_eq!(value, &Value::Bool(true)),
            // torch's line_search_fn: None or "strong_wolfe", optgrid's strong_wolfe flag.
            ("lbfgs", "line_search_fn") => {
                out.insert("strong_wolfe".into(), json!(value == "strong_wolfe"));
            }
            // The reference clips by the global gradient norm only with pre_norm=True.
            ("lamb", "max_grad_norm") => {}
            // Lookahead's own arguments; the rest are its inner optimizer's.
            (_, "k") if rule.starts_with("lookahead_") => {
                out.insert("lookahead_k".into(), value.clone());
            }
            (_, "alpha") if rule.starts_with("lookahead_") => {
                out.insert("lookahead_alpha".into(), value.clone());
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    out
}

/// optgrid's CPU f64 iterates of `rule` from `start`, one per step until it stops (a diverged
/// run stops at its last finite step), each with the point the rule keeps beside it (ASGD's
/// `ax`, Schedule-Free's gradient point y).
/// `lr_scale` scales the run's learning rate (1: as the reference ran it).
fn iterates(
    rule: &str,
    run: &Value,
    start: [f64; 2],
    lr_scale: f64,
    steps: &Value,
) -> Vec<Iterate> {
    let kwargs = run["params"].as_object().unwrap();
    let mut params = params(rule, kwargs);
    let opt = optimizer_of(rule, &mut params);
    let lr = params.get("lr").and_then(Value::as_f64).unwrap_or_else(|| {
        let opt = optgrid::model::optimizer::Optimizer::from_name(&opt).unwrap();
        opt.hyper("lr").unwrap().default
    });
    params.insert("lr".into(), json!(lr * lr_scale));
    let request: TraceRequest = serde_json::from_value(json!({
        "fn": run["objective"],
        "opt": opt,
        "start": start,
        "steps": steps,
        "params": params,
        "precision": "f64",
        "early_stop": false,
        // As far as the reference goes: it records a diverging run until it overflows.
        "bound": 1e300,
    }))
    .unwrap();
    let traced = race(&request, None).unwrap_or_else(|e| panic!("{rule} {kwargs:?}: {e}"));
    traced.trajectories[0]
        .points
        .iter()
        .enumerate()
        .map(|(k, p)| {
            assert_eq!(p.step as usize, k);
            Iterate {
                pos: [p.x, p.y],
                companion: p.companion.map(|(_, c)| c),
                evaluations: p.evaluations,
            }
        })
        .collect()
}

/// The optgrid optimizer a reference rule runs as. `lookahead_<inner>` is `pytorch-optimizer`'s
/// Lookahead around torch's inner optimizer (SGD with momentum is optgrid's `momentum`), with
/// its default k = 5 made explicit: giving `lookahead_k` is what wraps a run.
fn optimizer_of(rule: &str, params: &mut Map<String, Value>) -> String {
    let Some(inner) = rule.strip_prefix("lookahead_") else {
        return rule.to_string();
    };
    params.entry("lookahead_k").or_insert(json!(5));
    if inner == "sgd" && params.get("momentum").is_some_and(|m| m != &json!(0.0)) {
        return "momentum".into();
    }
    inner.to_string()
}

struct Iterate {
    pos: [f64; 2],
    companion: Option<[f64; 2]>,
    evaluations: u64,
}

/// |a − b| ≤ tol, false for NaN.
fn within(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// What following one rule's references found.
#[derive(Debug, Default)]
struct Followed {
    /// Iterates compared (to 1e-9 relative).
    compared: usize,
    /// Runs that became chaotic before their last checkpoint, where the comparison stopped.
    chaotic: usize,
    /// Runs both the reference and optgrid diverged in, at the same step.
    diverged: usize,
    /// Points kept beside the iterate compared (ASGD's `ax`, Schedule-Free's y).
    companions: usize,
    /// Counts of objective evaluations compared (L-BFGS's `func_evals`), exactly.
    evaluations: usize,
}

/// Follows every reference run of `rule` with the CPU f64 engine. Each recorded iterate must
/// match to 1e-9 relative, while the run is not chaotic: near some minima an iterate's
/// rounding grows by orders of magnitude per step (the references' own two code paths part
/// there), so each run is also followed from starts moved by 1e-15 in x and in y and with its
/// learning rate moved by 1e-15, and the comparison of a run stops at the first checkpoint
/// where those disagree with it by more than 1e-12 relative. Where the reference diverged, optgrid must have diverged by then too.
fn follow_references(rule: &str) -> Followed {
    let data = references();
    let checkpoints: Vec<usize> = data["checkpoints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect();
    let runs = data["rules"][rule]
        .as_array()
        .expect("the rule's references");
    let mut followed = Followed::default();
    for run in runs {
        let start = [0, 1].map(|i| run["start"][i].as_f64().unwrap());
        let nudged = |i: usize| {
            let mut s = start;
            s[i] += 1e-15 * s[i].abs().max(1.0);
            iterates(rule, run, s, 1.0, &data["steps"])
        };
        let ours = iterates(rule, run, start, 1.0, &data["steps"]);
        // A start moved by 1e-15 in x, in y, and the learning rate by 1e-15: the last is a
        // rounding-sized change at every step, where a moved start may have been forgotten
        // by the time the path reaches a sensitive region.
        let neighbours = [
            nudged(0),
            nudged(1),
            iterates(rule, run, start, 1.0 + 1e-15, &data["steps"]),
        ];
        let what = format!(
            "{rule} on {} from {} with {:?}",
            run["objective"], run["start"], run["params"]
        );
        // The reference's iterate is `pos`, except Schedule-Free's: its `pos` is the gradient
        // point y (what optgrid keeps beside its iterate) and its `x` (recorded from step 1)
        // the evaluation point, optgrid's iterate. ASGD keeps `ax` beside its iterate.
        // Columns the reference records once it has state: from step 0 or from step 1.
        let extra = |key: &str, k: usize| {
            let column = run[key].as_array().unwrap();
            &column[k + column.len() - checkpoints.len()]
        };
        let (iterate_key, companion_key) = if run.get("x").is_some() {
            ("x", Some("pos"))
        } else {
            ("pos", run.get("ax").map(|_| "ax"))
        };
        for (k, &step) in checkpoints.iter().enumerate() {
            let want = match iterate_key {
                "x" if step > 0 => extra("x", k),
                _ => &run["pos"][k],
            };
            if want[0].is_null() || want[1].is_null() {
                let ours_finite = ours
                    .get(step)
                    .is_some_and(|p| p.pos.iter().all(|v| v.is_finite()));
                assert!(
                    !ours_finite,
                    "{what}: the reference diverged by step {step}, optgrid did not"
                );
                followed.diverged += 1;
                break;
            }
            let want = [0, 1].map(|i| want[i].as_f64().unwrap());
            let scale = |i: usize| want[i].abs().max(1.0);
            let ours_here = ours
                .get(step)
                .unwrap_or_else(|| panic!("{what}: optgrid stopped (diverged) before step {step}"));
            let got = ours_here.pos;
            let chaotic = neighbours.iter().any(|n| {
                n.get(step)
                    .is_none_or(|q| (0..2).any(|i| !within(q.pos[i], got[i], 1e-12 * scale(i))))
            });
            if chaotic {
                followed.chaotic += 1;
                break;
            }
            for i in 0..2 {
                assert!(
                    (got[i] - want[i]).abs() <= 1e-9 * scale(i),
                    "{what}: step {step}, coordinate {i}: optgrid {}, reference {}",
                    got[i],
                    want[i]
                );
            }
            // What the rule keeps beside its iterate, from step 1.
            if let Some(key) = companion_key.filter(|_| step > 0) {
                let want = if key == "pos" {
                    &run["pos"][k]
                } else {
                    extra(key, k)
                };
                let got = ours_here
                    .companion
                    .expect("the rule's trace writes its companion");
                for i in 0..2 {
                    let w = want[i].as_f64().unwrap();
                    assert!(
                        (got[i] - w).abs() <= 1e-9 * w.abs().max(1.0),
                        "{what}: {key} at step {step}, coordinate {i}: optgrid {}, reference {w}",
                        got[i]
                    );
                }
                followed.companions += 1;
            }
            // L-BFGS's evaluations so far, from step 1.
            if run.get("evals").is_some() && step > 0 {
                let want = extra("evals", k).as_u64().unwrap();
                assert_eq!(
                    ours_here.evaluations, want,
                    "{what}: objective evaluations by step {step}"
                );
                followed.evaluations += 1;
            }
            followed.compared += 1;
        }
    }
    followed
}

/// One test per rule over its 27 runs of 40 recorded iterates: at least the first 11 (steps 0
/// to 10) of every run that neither diverged nor turned chaotic sooner, and most of them
/// overall.
macro_rules! follows_its_reference {
    ($($test:ident: $rule:literal,)*) => {$(
        #[test]
        pub fn $test() {
            let followed = follow_references($rule);
            eprintln!("{}: {followed:?}", $rule);
            assert!(followed.compared >= 27 * 40 / 2, "{}: {followed:?}", $rule);
        }
    )*};
}

follows_its_reference! {
    rprop_follows_torch: "rprop",
    asgd_follows_torch: "asgd",
    adafactor_follows_torch: "adafactor",
    prodigy_follows_prodigyopt: "prodigy",
    dadapt_adam_follows_pytorch_optimizer: "dadapt_adam",
    schedulefree_adamw_follows_schedulefree: "schedulefree_adamw",
    schedulefree_sgd_follows_schedulefree: "schedulefree_sgd",
    adabelief_follows_pytorch_optimizer: "adabelief",
    adan_follows_pytorch_optimizer: "adan",
    lamb_follows_pytorch_optimizer: "lamb",
    ademamix_follows_pytorch_optimizer: "ademamix",
    laprop_follows_pytorch_optimizer: "laprop",
    mars_follows_pytorch_optimizer: "mars",
    muon_follows_torch: "muon",
    lbfgs_follows_torch: "lbfgs",
    lookahead_sgd_follows_pytorch_optimizer: "lookahead_sgd",
    lookahead_adam_follows_pytorch_optimizer: "lookahead_adam",
}

#[test]
fn the_references_name_their_versions() {
    let data = references();
    assert_eq!(data["versions"]["torch"], "2.15.0");
    assert_eq!(data["versions"]["pytorch-optimizer"], "4.1.0");
    assert_eq!(data["steps"], 300);
}

/// ASGD's running average `ax`, which `optgrid trace` writes beside the path, is torch's.
#[test]
fn asgd_running_average_is_torchs_ax() {
    let followed = follow_references("asgd");
    assert!(followed.companions >= 27 * 39 / 2, "{followed:?}");
}

/// Schedule-Free's gradient point y, which `optgrid trace` writes beside its iterate x, is the
/// reference's parameter in train mode.
#[test]
fn schedulefree_gradient_point_is_the_references_y() {
    for rule in ["schedulefree_adamw", "schedulefree_sgd"] {
        let followed = follow_references(rule);
        assert!(followed.companions >= 27 * 39 / 2, "{rule}: {followed:?}");
    }
}

/// L-BFGS's objective evaluations, which the summary and `optgrid trace` count, are torch's
/// `func_evals`: its inner iterations and line searches evaluate as torch's do.
#[test]
fn lbfgs_counts_torchs_evaluations() {
    let followed = follow_references("lbfgs");
    assert!(followed.evaluations >= 27 * 39 / 2, "{followed:?}");
}
