//! Random flag sets (through the binary's own clap parser) and TOML configs thrown at parsing and
//! validation — unknown keys and names, wrong types, NaN, inf, huge and negative numbers, random
//! strings, lists, inverted ranges, broken syntax: never a panic; always valid plans or one
//! clear line. `OPTGRID_FUZZ_CASES` sets the number of cases per test (default 50 000);
//! `OPTGRID_FUZZ_RANDOM=1` draws fresh cases instead of the repeatable ones (scripts/fuzz.sh).

// The command line's own flags, fuzzed as users type them.
use clap::Parser;
use optgrid::cli::args::{Cli, Command};
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

fn string(known: Vec<&'static str>) -> BoxedStrategy<String> {
    prop_oneof![
        4 => proptest::sample::select(known).prop_map(|s| format!("{s:?}")),
        1 => "[ -~]{0,10}".prop_map(|s| format!("{s:?}")),
    ]
    .boxed()
}

/// The names the catalogue knows, so the generators follow it.
fn objectives() -> Vec<&'static str> {
    optgrid::model::objective::ObjectiveKind::ALL
        .iter()
        .map(|k| k.name())
        .collect()
}

fn optimizers() -> Vec<&'static str> {
    optgrid::model::optimizer::Optimizer::ALL
        .iter()
        .map(|k| k.name())
        .collect()
}

fn quantities() -> Vec<&'static str> {
    optgrid::model::hyper::SLOT_NAMES.to_vec()
}

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
    "noise=0:1",
    "sparsity=0:1",
    "warmup_steps=0:200",
    "t_max=-5:5",
    "batch=1:10",
];
const HYPERS: &[&str] = &[
    "lr",
    "beta1",
    "beta2",
    "eps",
    "momentum",
    "alpha",
    "amsgrad",
    "centered",
    "rho",
    "nope",
    "noise",
    "sparsity",
    "batch",
    "t_max",
    "gamma",
    "warmup_steps",
    "start_factor",
];

/// Any TOML value.
fn any_value() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        number(),
        string(vec!["x", "f64", "adam"]),
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
        kv("fn", string(objectives())),
        kv(
            "opt",
            prop_oneof![
                string(optimizers()),
                proptest::collection::vec(string(optimizers()), 0..4)
                    .prop_map(|v| format!("[{}]", v.join(", ")))
            ]
            .boxed()
        ),
        kv(
            "params",
            proptest::collection::vec(
                (
                    proptest::sample::select(HYPERS.to_vec()),
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
        kv("x", string(AXES.to_vec())),
        kv("y", string(AXES.to_vec())),
        kv(
            "res",
            prop_oneof![
                (0i64..700).prop_map(|v| v.to_string()),
                (0i64..40000, 0i64..40000).prop_map(|(a, b)| format!("[{a}, {b}]")),
                string(vec!["64x32", "0x5", "axb"]),
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
        kv("criterion", string(vec!["distance", "loss", "gradient"])),
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
        kv("precision", string(vec!["f32", "f64"])),
        kv("backend", string(vec!["cpu", "gpu", "auto"])),
        kv(
            "schedule",
            string(vec![
                "constant",
                "step",
                "cosine",
                "warmup_cosine",
                "linear",
                "nope"
            ])
        ),
        kv("seed", number()),
        kv("examples", number()),
        kv("data_noise", number()),
        kv("data_seed", number()),
        kv("data", string(vec!["missing.csv", ""])),
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
        proptest::option::weighted(0.9, proptest::sample::select(objectives())),
        proptest::option::weighted(0.9, proptest::sample::select(optimizers())),
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

/// Numbers a user might type on the command line, and some no user should.
fn flag_number() -> BoxedStrategy<String> {
    prop_oneof![
        3 => (-1e3f64..1e3).prop_map(|v| v.to_string()),
        6 => (0f64..1.0).prop_map(|v| v.to_string()),
        2 => (1e-12f64..1e-3).prop_map(|v| format!("{v:e}")),
        2 => (0u32..70_000).prop_map(|v| v.to_string()),
        1 => Just("NaN".into()),
        1 => Just("inf".into()),
        1 => Just("-inf".into()),
        1 => Just("1e308".into()),
        1 => Just("-1e308".into()),
        1 => Just("0".into()),
        1 => Just("-0".into()),
        1 => Just("4294967296".into()),
        1 => Just("1e400".into()),
        1 => "[ -~]{0,6}",
    ]
    .boxed()
}

fn name(known: Vec<&'static str>) -> BoxedStrategy<String> {
    prop_oneof![
        4 => proptest::sample::select(known).prop_map(String::from),
        1 => "[a-z_]{0,12}",
    ]
    .boxed()
}

/// One value or a short list.
fn list(item: BoxedStrategy<String>) -> impl Strategy<Value = String> {
    prop_oneof![
        3 => item.clone(),
        1 => proptest::collection::vec(item, 0..4).prop_map(|v| v.join(",")),
    ]
}

fn axis() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            name(quantities()),
            flag_number(),
            flag_number(),
            proptest::option::of(prop_oneof![
                Just("log"),
                Just("lin"),
                Just("linear"),
                Just("cubic")
            ])
        )
            .prop_map(|(q, lo, hi, s)| match s {
                Some(s) => format!("{q}={lo}:{hi}:{s}"),
                None => format!("{q}={lo}:{hi}"),
            }),
        name(quantities()),
        "[ -~]{0,12}",
    ]
}

/// A flag and its value, as separate arguments.
fn flag() -> impl Strategy<Value = Vec<String>> {
    let f = |flag: &'static str, v: BoxedStrategy<String>| {
        v.prop_map(move |v| vec![flag.to_string(), v]).boxed()
    };
    prop_oneof![
        f("--fn", name(objectives()).boxed()),
        f("--opt", list(name(optimizers())).boxed()),
        f("--lr", list(flag_number()).boxed()),
        f(
            "--param",
            (
                name(quantities()),
                list(
                    prop_oneof![
                        flag_number(),
                        Just("true".to_string()),
                        Just("false".to_string())
                    ]
                    .boxed()
                )
            )
                .prop_map(|(q, v)| format!("{q}={v}"))
                .boxed()
        ),
        f("--x", axis().boxed()),
        f("--y", axis().boxed()),
        f(
            "--start",
            (flag_number(), flag_number())
                .prop_map(|(a, b)| format!("{a},{b}"))
                .boxed()
        ),
        f(
            "--res",
            prop_oneof![
                (0u32..600).prop_map(|v| v.to_string()),
                (0u32..40_000, 0u32..40_000).prop_map(|(w, h)| format!("{w}x{h}")),
                flag_number()
            ]
            .boxed()
        ),
        f(
            "--steps",
            prop_oneof![(0u32..3000).prop_map(|v| v.to_string()), flag_number()].boxed()
        ),
        f("--tol", flag_number().boxed()),
        f(
            "--criterion",
            name(vec!["distance", "loss", "gradient"]).boxed()
        ),
        f("--bound", flag_number().boxed()),
        f(
            "--quadratic",
            (flag_number(), flag_number())
                .prop_map(|(a, b)| format!("{a},{b}"))
                .boxed()
        ),
        f("--precision", name(vec!["f32", "f64"]).boxed()),
        f("--backend", name(vec!["cpu"]).boxed()),
        Just(vec!["--no-early-stop".to_string()]).boxed(),
        f(
            "--schedule",
            list(name(vec!["constant", "exponential", "cosine", "linear"])).boxed()
        ),
        f("--seed", flag_number().boxed()),
        f("--batch", list(flag_number()).boxed()),
        f("--examples", flag_number().boxed()),
        f("--data-noise", flag_number().boxed()),
        f("--data-seed", flag_number().boxed()),
    ]
}

/// Mostly a known objective and optimizer (so that many cases get past them to the other
/// fields), sometimes neither.
fn base() -> impl Strategy<Value = Vec<String>> {
    (
        proptest::option::weighted(0.9, proptest::sample::select(objectives())),
        proptest::option::weighted(0.9, proptest::sample::select(optimizers())),
    )
        .prop_map(|(f, o)| {
            let mut v = Vec::new();
            if let Some(f) = f {
                v.extend(["--fn".to_string(), f.to_string()]);
            }
            if let Some(o) = o {
                v.extend(["--opt".to_string(), o.to_string()]);
            }
            v
        })
}

#[test]
fn random_sweep_flags_give_plans_or_one_clear_line() {
    let mut runner = runner(cases());
    let valid = std::cell::Cell::new(0u32);
    runner
        .run(
            &(base(), proptest::collection::vec(flag(), 0..7)),
            |(base, flags)| {
                let mut argv = vec!["optgrid".to_string(), "sweep".to_string()];
                argv.extend(base);
                argv.extend(flags.into_iter().flatten());
                // clap's own errors (a missing value, an unknown flag) print its usage: fine.
                let Ok(cli) = Cli::try_parse_from(&argv) else {
                    return Ok(());
                };
                let Command::Sweep(args) = cli.command else {
                    unreachable!()
                };
                one_line((|| {
                    let panels = args.request()?.panels()?;
                    for p in &panels {
                        let plan = Plan::from_spec(&p.spec)?;
                        // What a valid plan promises the engines.
                        assert!(plan.instances() >= 1);
                        assert!(plan.instances() as u64 <= optgrid::spec::sweep::MAX_INSTANCES);
                        assert!(plan.steps >= 1);
                        assert!(plan.tol > 0.0 && plan.tol.is_finite());
                        assert!(plan.axis_values.iter().flatten().all(|v| v.is_finite()));
                        assert!(plan.base.iter().all(|v| v.is_finite()));
                    }
                    valid.set(valid.get() + 1);
                    Ok(())
                })())
            },
        )
        .unwrap();
    // The generator must reach valid sweeps too, not only errors.
    assert!(valid.get() > cases() / 50, "only {} valid", valid.get());
}

#[test]
fn random_trace_flags_give_plans_or_one_clear_line() {
    let mut runner = runner(cases() / 5);
    let trace_flag = prop_oneof![
        4 => flag(),
        1 => (flag_number(), flag_number(), flag_number(), flag_number())
            .prop_map(|(a, b, c, d)| vec!["--view".into(), format!("{a}:{b},{c}:{d}")]),
        1 => flag_number().prop_map(|v| vec!["--frame-every".into(), v]),
    ];
    runner
        .run(
            &(base(), proptest::collection::vec(trace_flag, 0..7)),
            |(base, flags)| {
                let mut argv = vec!["optgrid".to_string(), "trace".to_string()];
                argv.extend(base);
                argv.extend(flags.into_iter().flatten());
                let Ok(cli) = Cli::try_parse_from(&argv) else {
                    return Ok(());
                };
                let Command::Trace(args) = cli.command else {
                    unreachable!()
                };
                one_line((|| {
                    let request = args.request()?;
                    for (spec, plan) in request.plans()? {
                        request.view(spec.objective, spec.start)?;
                        assert_eq!(plan.instances(), 1);
                    }
                    Ok(())
                })())
            },
        )
        .unwrap();
}
