//! Random TOML configs thrown at parsing and validation (unknown keys, wrong types, NaN, inf,
//! huge and negative numbers, random strings, lists, inverted ranges, broken syntax): never a
//! panic; always valid plans or one clear line. The flag sets' twin is in
//! `src/bin/optgrid/args.rs`. `OPTGRID_FUZZ_CASES` sets the number of cases (default 50 000);
//! `OPTGRID_FUZZ_RANDOM=1` draws fresh cases instead of the repeatable ones.

use optgrid::spec::plan::Plan;
use optgrid::spec::request::{parse_config, Request};
use optgrid::trace::TraceRequest;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

fn runner(cases: u32) -> TestRunner {
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    if std::env::var_os("OPTGRID_FUZZ_RANDOM").is_some() {
        TestRunner::new(config)
    } else {
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
    }
}

fn cases() -> u32 {
    std::env::var("OPTGRID_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50_000)
}

/// A TOML number, sensible or not.
fn number() -> BoxedStrategy<String> {
    prop_oneof![
        6 => (0f64..1.0).prop_map(|v| format!("{v:?}")),
        3 => (-1e3f64..1e3).prop_map(|v| format!("{v:?}")),
        2 => (0i64..5000).prop_map(|v| v.to_string()),
        1 => (-5000i64..0).prop_map(|v| v.to_string()),
        1 => Just("nan".to_string()),
        1 => Just("inf".to_string()),
        1 => Just("-inf".to_string()),
        1 => Just("1e308".to_string()),
        1 => Just("9223372036854775807".to_string()),
        1 => Just("1e-320".to_string()),
    ]
    .boxed()
}

fn string(known: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        4 => proptest::sample::select(known).prop_map(|s| format!("{s:?}")),
        1 => "[ -~]{0,10}".prop_map(|s| format!("{s:?}")),
    ]
    .boxed()
}

const OBJECTIVES: &[&str] = &[
    "ackley",
    "rosenbrock",
    "himmelblau",
    "booth",
    "quadratic",
    "levi13",
];
const OPTIMIZERS: &[&str] = &[
    "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "lion",
];
const AXES: &[&str] = &[
    "x0",
    "y0",
    "lr=1e-4:1:log",
    "beta1=0:0.999",
    "momentum=0.9:0.1",
    "lr=-1:1:log",
    "x0=5:5",
    "y0=-1e308:1e308",
    "alpha=0:2",
    "centered=0:1",
    "lr=1:2:cubic",
    "lr",
];
const HYPERS: &[&str] = &[
    "lr", "beta1", "beta2", "eps", "momentum", "alpha", "amsgrad", "centered", "rho", "nope",
];

/// Any TOML value.
fn any_value() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        number(),
        string(&["x", "f64", "adam"]),
        Just("true".to_string()),
        Just("false".to_string()),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4)
                .prop_map(|v| format!("[{}]", v.join(", "))),
            proptest::collection::vec(("[a-z_]{1,8}", inner), 0..3).prop_map(|kv| {
                let body: Vec<String> = kv.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", body.join(", "))
            }),
        ]
    })
    .boxed()
}

/// One `key = value` line of a sweep config: mostly known keys with plausible values.
fn line() -> BoxedStrategy<String> {
    let kv = |k: &'static str, v: BoxedStrategy<String>| {
        v.prop_map(move |v| format!("{k} = {v}")).boxed()
    };
    prop_oneof![
        kv("fn", string(OBJECTIVES)),
        kv(
            "opt",
            prop_oneof![
                string(OPTIMIZERS),
                proptest::collection::vec(string(OPTIMIZERS), 0..4)
                    .prop_map(|v| format!("[{}]", v.join(", ")))
            ]
            .boxed()
        ),
        kv(
            "params",
            proptest::collection::vec(
                (
                    proptest::sample::select(HYPERS),
                    prop_oneof![
                        number(),
                        Just("true".to_string()),
                        proptest::collection::vec(number(), 0..4)
                            .prop_map(|v| format!("[{}]", v.join(", ")))
                    ]
                ),
                0..4
            )
            .prop_map(|kv| {
                let body: Vec<String> = kv.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", body.join(", "))
            })
            .boxed()
        ),
        kv("x", string(AXES)),
        kv("y", string(AXES)),
        kv(
            "res",
            prop_oneof![
                (0i64..700).prop_map(|v| v.to_string()),
                (0i64..40000, 0i64..40000).prop_map(|(a, b)| format!("[{a}, {b}]")),
                string(&["64x32", "0x5", "axb"]),
                number()
            ]
            .boxed()
        ),
        kv(
            "start",
            (number(), number())
                .prop_map(|(a, b)| format!("[{a}, {b}]"))
                .boxed()
        ),
        kv(
            "steps",
            prop_oneof![(0i64..3000).prop_map(|v| v.to_string()), number()].boxed()
        ),
        kv("tol", number()),
        kv("criterion", string(&["distance", "loss", "gradient"])),
        kv(
            "early_stop",
            prop_oneof![
                Just("true".to_string()),
                Just("false".to_string()),
                number()
            ]
            .boxed()
        ),
        kv("bound", number()),
        kv(
            "quadratic",
            (number(), number())
                .prop_map(|(a, b)| format!("[{a}, {b}]"))
                .boxed()
        ),
        kv("precision", string(&["f32", "f64"])),
        kv("backend", string(&["cpu", "gpu", "auto"])),
        ("[a-z_]{1,10}", any_value())
            .prop_map(|(k, v)| format!("{k} = {v}"))
            .boxed(),
        "[ -~]{0,16}".boxed(),
    ]
    .boxed()
}

/// Mostly plausible lines; now and then an unknown key or a line of garbage.
fn weighted_line() -> BoxedStrategy<String> {
    prop_oneof![
        12 => line(),
        1 => ("[a-z_]{1,10}", any_value()).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => "[ -~]{0,16}",
    ]
    .boxed()
}

/// A config: mostly a known objective and optimizer first, then random lines, each key once
/// (a repeated key is a TOML syntax error, which would hide everything else).
fn config(line: BoxedStrategy<String>) -> impl Strategy<Value = String> {
    (
        proptest::option::weighted(0.9, proptest::sample::select(OBJECTIVES)),
        proptest::option::weighted(0.9, proptest::sample::select(OPTIMIZERS)),
        proptest::collection::vec(line, 0..8),
    )
        .prop_map(|(f, o, lines)| {
            let mut out: Vec<String> = Vec::new();
            let mut keys: Vec<String> = Vec::new();
            let head = [
                f.map(|f| format!("fn = {f:?}")),
                o.map(|o| format!("opt = {o:?}")),
            ];
            for l in head.into_iter().flatten().chain(lines) {
                let key = l.split('=').next().unwrap_or("").trim().to_string();
                if !keys.contains(&key) {
                    keys.push(key);
                    out.push(l);
                }
            }
            out.join("\n")
        })
}

/// The outcome a user sees: valid plans, or one line.
fn one_line(result: optgrid::Result<()>) -> Result<(), TestCaseError> {
    if let Err(e) = result {
        let m = e.to_string();
        prop_assert!(!m.trim().is_empty(), "empty message");
        prop_assert!(!m.contains('\n'), "message of several lines: {m}");
    }
    Ok(())
}

#[test]
fn random_sweep_configs_give_plans_or_one_clear_line() {
    let valid = std::cell::Cell::new(0u32);
    runner(cases())
        .run(&config(weighted_line()), |text| {
            one_line((|| {
                let request: Request = parse_config(&text, "fuzz.toml")?;
                for panel in request.panels()? {
                    let plan = Plan::from_spec(&panel.spec)?;
                    assert!(plan.instances() >= 1);
                    assert!(plan.axis_values.iter().flatten().all(|v| v.is_finite()));
                    assert!(plan.base.iter().all(|v| v.is_finite()));
                    assert!(plan.tol > 0.0 && plan.steps >= 1);
                }
                valid.set(valid.get() + 1);
                Ok(())
            })())
        })
        .unwrap();
    assert!(valid.get() > cases() / 100, "only {} valid", valid.get());
}

#[test]
fn random_trace_configs_give_plans_or_one_clear_line() {
    let trace_line = prop_oneof![
        5 => weighted_line(),
        1 => (number(), number(), number(), number())
            .prop_map(|(a, b, c, d)| format!("view = [[{a}, {b}], [{c}, {d}]]")).boxed(),
        1 => number().prop_map(|v| format!("frame_every = {v}")).boxed(),
    ];
    runner(cases() / 5)
        .run(&config(trace_line.boxed()), |text| {
            one_line((|| {
                let request: TraceRequest = parse_config(&text, "fuzz.toml")?;
                for (spec, plan) in request.plans()? {
                    request.view(spec.objective, spec.start)?;
                    assert_eq!(plan.instances(), 1);
                }
                Ok(())
            })())
        })
        .unwrap();
}
