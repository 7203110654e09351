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
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    out
}

/// Follows every reference run of `rule` with the CPU f64 engine; returns how many iterates
/// were compared.
fn follow_references(rule: &str) -> usize {
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
    let mut compared = 0;
    for run in runs {
        let kwargs = run["params"].as_object().unwrap();
        let request: TraceRequest = serde_json::from_value(json!({
            "fn": run["objective"],
            "opt": rule,
            "start": run["start"],
            "steps": data["steps"],
            "params": params(rule, kwargs),
            "precision": "f64",
            "early_stop": false,
        }))
        .unwrap();
        let traced = race(&request, None).unwrap_or_else(|e| panic!("{rule} {kwargs:?}: {e}"));
        let points = &traced.trajectories[0].points;
        let what = format!(
            "{rule} on {} from {} with {kwargs:?}",
            run["objective"], run["start"]
        );
        for (k, &step) in checkpoints.iter().enumerate() {
            let want = &run["pos"][k];
            let got = points
                .get(step)
                .unwrap_or_else(|| panic!("{what}: optgrid stopped before step {step}"));
            assert_eq!(got.step as usize, step);
            for (i, v) in [got.x, got.y].into_iter().enumerate() {
                let w = want[i].as_f64().unwrap();
                assert!(
                    (v - w).abs() <= 1e-9 * w.abs().max(1.0),
                    "{what}: step {step}, coordinate {i}: optgrid {v}, reference {w}"
                );
            }
            compared += 1;
        }
    }
    compared
}

#[test]
fn rprop_follows_torch() {
    // 27 runs of 40 recorded iterates each.
    assert_eq!(follow_references("rprop"), 27 * 40);
}

#[test]
fn the_references_name_their_versions() {
    let data = references();
    assert_eq!(data["versions"]["torch"], "2.15.0");
    assert_eq!(data["versions"]["pytorch-optimizer"], "4.1.0");
    assert_eq!(data["steps"], 300);
}
