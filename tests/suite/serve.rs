//! `optgrid serve`'s HTTP API: the same arrays as the CLI, the same races as `optgrid trace`, the
//! catalogue of `optgrid list`, one clear line for every bad request, correct answers for many
//! clients at once, and cancellation of a page's stale requests.

use crate::common;
use common::{http, start_server, temp_dir};
use serde_json::{json, Value};
use std::path::Path;

fn post(port: u16, path: &str, body: &Value) -> common::HttpReply {
    http(port, "POST", path, &[], body.to_string().as_bytes())
}

/// Runs the CLI with a config made of the same fields as a JSON request body.
fn cli_with_config(args: &[&str], fields: &Value, dir: &Path) -> std::process::Output {
    let config = dir.join("config.toml");
    std::fs::write(&config, toml::to_string(fields).unwrap()).unwrap();
    let mut full: Vec<&str> = args.to_vec();
    full.extend(["--config", config.to_str().unwrap()]);
    let o = common::optgrid(&full);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

fn sweep_specs() -> Vec<Value> {
    vec![
        json!({"fn": "ackley", "opt": "adam", "params": {"lr": 0.05}, "res": 48, "steps": 300}),
        json!({"fn": "rosenbrock", "opt": "adam", "x": "lr=1e-4:1:log", "y": "beta1=0:0.999",
               "start": [-1.5, 1.5], "res": [40, 32], "steps": 400}),
        json!({"fn": "booth", "opt": "momentum", "x": "lr=0.01:0.25", "y": "momentum=0:0.95",
               "start": [-5.0, 7.0], "res": 32, "steps": 300}),
        json!({"fn": "himmelblau", "opt": "rmsprop", "params": {"lr": 0.01, "centered": true},
               "criterion": "loss", "res": 40, "steps": 500, "early_stop": false}),
        json!({"fn": "six_hump_camel", "opt": "nadam", "precision": "f64", "res": 24, "steps": 200}),
        json!({"fn": "quadratic", "opt": "sgd", "quadratic": [2.0, 18.0], "x": "lr=0.01:0.2",
               "y": "x0=-4:4", "res": [30, 10], "steps": 200}),
    ]
}

#[test]
fn api_sweep_answers_the_result_npz_the_cli_writes_for_the_same_fields() {
    let port = start_server();
    let dir = temp_dir("serve-sweep");
    for (k, spec) in sweep_specs().iter().enumerate() {
        let reply = post(port, "/api/sweep", spec);
        assert_eq!(
            reply.status,
            200,
            "{spec}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        assert_eq!(reply.content_type, "application/octet-stream");
        let out = dir.join(format!("cli-{k}"));
        cli_with_config(
            &[
                "sweep",
                "--backend",
                "cpu",
                "-q",
                "--out",
                out.to_str().unwrap(),
            ],
            spec,
            &dir,
        );
        let cli = std::fs::read(out.join("result.npz")).unwrap();
        assert!(
            cli == reply.body,
            "{spec}: the API's result.npz differs from the CLI's"
        );
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// The viewer's "zoom video": the GIF `optgrid zoom` writes for the same fields, byte for byte
/// (its f32 frames on the server's engine, its f64 frames on the CPU); bad zooms refused.
#[test]
fn api_zoom_gif_answers_the_gif_optgrid_zoom_writes() {
    let port = start_server();
    let dir = temp_dir("serve-zoom");
    let sweep = json!({"fn": "himmelblau", "opt": "sgd", "params": {"lr": 0.02}, "res": 40,
                       "steps": 120, "precision": "auto"});
    let reply = post(
        port,
        "/api/zoom/gif",
        &json!({"sweep": sweep, "center": [-3.78, -3.28], "to": 1e-6, "frames": 5, "fps": 4}),
    );
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(reply.content_type, "image/gif");
    let out = dir.join("zoom");
    let o = common::optgrid_line(&format!(
        "zoom --fn himmelblau --opt sgd --lr 0.02 --res 40 --steps 120 --backend cpu -q \
         --center=-3.78,-3.28 --to 1e-6 --frames 5 --fps 4 --out {}",
        out.display()
    ));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let zoom: Value =
        serde_json::from_slice(&std::fs::read(out.join("zoom.json")).unwrap()).unwrap();
    assert!(
        zoom["frames"][4]["precision"] == "f64",
        "the last frame is past f32's resolution"
    );
    assert!(
        std::fs::read(out.join("zoom.gif")).unwrap() == reply.body,
        "the API's zoom.gif differs from optgrid zoom's"
    );
    let zoom_body = |edit: &dyn Fn(&mut Value)| {
        let mut v = json!({"sweep": {"fn": "himmelblau", "opt": "sgd", "res": 16, "steps": 10},
                           "center": [3, 2], "to": 0.1});
        edit(&mut v);
        v
    };
    for (body, status, says) in [
        (
            zoom_body(&|v| v["frames"] = json!(1000)),
            413,
            "frames 1000",
        ),
        (zoom_body(&|v| v["frames"] = json!(1)), 400, "at least 2"),
        (
            zoom_body(&|v| v["to"] = json!(1e-15)),
            400,
            "width of at least",
        ),
        (zoom_body(&|v| v["fps"] = json!(0)), 400, "fps"),
        (zoom_body(&|v| v["map"] = json!("ridges")), 400, "map"),
        (zoom_body(&|v| v["zoom"] = json!(2)), 400, "unknown field"),
        (
            zoom_body(&|v| {
                v.as_object_mut()
                    .unwrap()
                    .remove("center")
                    .map(drop)
                    .unwrap()
            }),
            400,
            "center",
        ),
        (
            zoom_body(&|v| v["sweep"]["res"] = json!(4096)),
            413,
            "resolution",
        ),
    ] {
        let reply = post(port, "/api/zoom/gif", &body);
        let text = String::from_utf8_lossy(&reply.body);
        assert_eq!(reply.status, status, "{body}: {text}");
        let error: Value = serde_json::from_slice(&reply.body).unwrap();
        let line = error["error"].as_str().unwrap();
        assert!(line.contains(says), "{body}: '{says}' not in {line}");
        assert!(!line.contains('\n'));
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn api_trace_answers_every_iterate_of_optgrid_trace() {
    let port = start_server();
    let dir = temp_dir("serve-trace");
    let race = json!({"fn": "rosenbrock", "opt": "sgd,momentum,adam", "start": [-1.5, 2.0],
                      "steps": 300, "params": {"lr": [0.001, 0.001, 0.05]}});
    let reply = post(port, "/api/trace", &race);
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let api = reply.json();
    let out = dir.join("trace");
    cli_with_config(
        &["trace", "-q", "--out", out.to_str().unwrap()],
        &race,
        &dir,
    );
    let csv = std::fs::read_to_string(out.join("trajectories.csv")).unwrap();
    let trajectories = api["trajectories"].as_array().unwrap();
    assert_eq!(trajectories.len(), 3);
    let mut rows = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>());
    let mut compared = 0;
    for t in trajectories {
        let label = t["label"].as_str().unwrap();
        let steps = t["step"].as_array().unwrap();
        for k in 0..steps.len() {
            let row = rows.next().expect("as many rows as iterates");
            assert_eq!(row[1], label);
            assert_eq!(row[0].parse::<u64>().unwrap(), steps[k].as_u64().unwrap());
            for (column, key) in [(2, "x"), (3, "y"), (4, "loss"), (5, "grad_norm")] {
                let want: f64 = row[column].parse().unwrap();
                assert_eq!(t[key][k].as_f64().unwrap(), want, "{label} step {k} {key}");
            }
            compared += 1;
        }
    }
    assert!(rows.next().is_none(), "no rows left over");
    assert_eq!(compared, 3 * 301);
    let summary: Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(api["summary"]["results"], summary["results"]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_catalog_is_what_optgrid_list_prints() {
    let port = start_server();
    let reply = http(port, "GET", "/api/catalog", &[], b"");
    assert_eq!(reply.status, 200);
    let catalog = reply.json();
    let list = String::from_utf8(common::optgrid(&["list"]).stdout).unwrap();
    let objectives = catalog["objectives"].as_array().unwrap();
    assert_eq!(objectives.len(), 15);
    let data: Vec<&str> = objectives
        .iter()
        .filter(|o| o["data"] == true)
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(data, ["fit_quadratic", "fit_line", "fit_tanh"]);
    for o in objectives {
        let line = format!(
            "{:<16} f = {}",
            o["name"].as_str().unwrap(),
            o["formula"].as_str().unwrap()
        );
        assert!(list.contains(&line), "list lacks {line}");
    }
    // Each optimizer's block of `optgrid list` names its hyperparameters, defaults and ranges.
    let optimizers = catalog["optimizers"].as_array().unwrap();
    assert_eq!(
        optimizers.len(),
        optgrid::model::optimizer::Optimizer::ALL.len()
    );
    let blocks: Vec<&str> = list.split("\n  ").collect();
    for opt in optimizers {
        let name = opt["name"].as_str().unwrap();
        let start = blocks
            .iter()
            .position(|b| {
                b.strip_prefix(name).is_some_and(|rest| {
                    rest.starts_with("  ")
                        && rest
                            .trim_start()
                            .starts_with(opt["about"].as_str().unwrap())
                })
            })
            .unwrap_or_else(|| panic!("list lacks {name}"));
        for (k, h) in opt["hypers"].as_array().unwrap().iter().enumerate() {
            let line = blocks[start + 1 + k];
            assert!(line.contains(h["name"].as_str().unwrap()), "{name}: {line}");
            assert!(
                line.contains(h["range"].as_str().unwrap()),
                "{name}: {line}"
            );
            let default = h["default"].as_f64().unwrap();
            let shown = if h["kind"] == "flag" {
                (if default != 0.0 { "true" } else { "false" }).to_string()
            } else {
                format!("{default}")
            };
            assert!(
                line.contains(&format!("default {shown}")),
                "{name}: {line} vs {shown}"
            );
        }
    }
    assert_eq!(catalog["criteria"], json!(["distance", "loss", "gradient"]));
    // Every schedule with its parameters, and the gradient's quantities, as the list says them.
    for sc in catalog["schedules"].as_array().unwrap() {
        let line = format!(
            "  {:<14} {}",
            sc["name"].as_str().unwrap(),
            sc["about"].as_str().unwrap()
        );
        assert!(list.contains(&line), "list lacks {line}");
    }
    let names = |key: &str| -> Vec<String> {
        catalog[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("gradient"), ["noise", "sparsity"]);
    assert_eq!(names("data"), ["batch"]);
}

#[test]
fn every_bad_request_gets_its_status_and_one_line_and_the_server_keeps_serving() {
    let port = start_server();
    let sweep = |v: Value| ("POST", "/api/sweep", v.to_string().into_bytes());
    // (method, path, body), the status, and what the message must mention.
    type Case<'a> = ((&'a str, &'a str, Vec<u8>), u16, &'a str);
    let cases: Vec<Case> = vec![
        (
            ("POST", "/api/sweep", b"not json".to_vec()),
            400,
            "invalid request body",
        ),
        (
            sweep(json!({"fn": "ackly", "opt": "adam"})),
            400,
            "objective (--fn) 'ackly'",
        ),
        (sweep(json!({"opt": "adam"})), 400, "no objective"),
        (
            sweep(json!({"fn": "fit_line", "opt": "adam", "data": "/etc/passwd"})),
            400,
            "does not read files a client names",
        ),
        (
            sweep(json!({"fn": "ackley", "opt": "adam", "schedule": "cosinus"})),
            400,
            "schedule (--schedule)",
        ),
        (
            sweep(json!({"fn": "ackley", "opt": "adam", "params": {"noise": -1}})),
            400,
            "noise",
        ),
        (sweep(json!({"fn": "ackley"})), 400, "no optimizer"),
        (
            sweep(json!({"fn": "ackley", "opt": "adamm"})),
            400,
            "optimizer (--opt) 'adamm'",
        ),
        (
            sweep(json!({"fn": "ackley", "opt": "adam", "bogus": 1})),
            400,
            "unknown field `bogus`",
        ),
        (
            sweep(json!({"fn": "ackley", "opt": "adam", "params": {"lr": -1}})),
            400,
            "lr '-1'",
        ),
        (
            sweep(json!({"fn": "ackley", "opt": "adam", "params": {"beta1": 1}})),
            400,
            "[0, 1)",
        ),
        (
            sweep(json!({"fn": "ackley", "opt": "sgd", "params": {"beta1": 0.5}})),
            400,
            "has no hyperparameter",
        ),
        (
            sweep(json!({"fn": "ackley", "opt": "adam", "x": "lr=1:0.1"})),
            400,
            "LO < HI",
        ),
        (
            sweep(json!({"fn": "ackley", "opt": "adam", "res": 0})),
            400,
            "resolution",
        ),
        (
            sweep(json!({"fn": "ackley", "opt": "adam", "res": 5000})),
            413,
            "--max-res",
        ),
        (
            sweep(json!({"fn": "ackley", "opt": "adam", "steps": 0})),
            400,
            "steps",
        ),
        (
            sweep(json!({"fn": "ackley", "opt": "adam", "steps": 50000})),
            413,
            "--max-steps",
        ),
        (
            sweep(json!({"fn": "ackley", "opt": "adam", "out": "/tmp/x"})),
            400,
            "never writes",
        ),
        (
            sweep(json!({"fn": "ackley", "opt": "adam", "backend": "gpu"})),
            400,
            "backend",
        ),
        (
            sweep(json!({"fn": "ackley", "opt": "sgd,adam"})),
            400,
            "one map per request",
        ),
        (
            sweep(json!({"fn": "ackley", "opt": "adam", "criterion": "closeness"})),
            400,
            "criterion",
        ),
        (
            sweep(json!({"fn": "ackley", "opt": "adam", "precision": "f16"})),
            400,
            "precision",
        ),
        (
            sweep(json!({"fn": "ackley", "opt": "adam", "tol": "small"})),
            400,
            "invalid request body",
        ),
        (
            ("POST", "/api/sweep", vec![b' '; (1 << 20) + 10]),
            413,
            "limit",
        ),
        (("POST", "/api/map", b"{}".to_vec()), 400, "no objective"),
        (
            (
                "POST",
                "/api/trace",
                json!({"fn": "ackley", "opt": "adam"})
                    .to_string()
                    .into_bytes(),
            ),
            400,
            "start",
        ),
        (
            (
                "POST",
                "/api/trace",
                json!({"fn": "ackley", "opt": "adam", "start": [1, 1], "steps": 50000})
                    .to_string()
                    .into_bytes(),
            ),
            413,
            "--max-steps",
        ),
        (
            (
                "POST",
                "/api/surface",
                json!({"fn": "ackley", "view": [[0, 1], [0, 1]], "n": 0})
                    .to_string()
                    .into_bytes(),
            ),
            400,
            "n '0'",
        ),
        (("POST", "/api/nothing", b"{}".to_vec()), 404, "no such API"),
        (("GET", "/nothing", Vec::new()), 404, "no such page"),
        (("PUT", "/api/catalog", Vec::new()), 405, "use GET"),
    ];
    assert!(cases.len() >= 15);
    let good = json!({"fn": "booth", "opt": "sgd", "res": 8, "steps": 20});
    for ((method, path, body), status, message) in &cases {
        let reply = http(port, method, path, &[], body);
        assert_eq!(
            reply.status,
            *status,
            "{method} {path}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        assert_eq!(reply.content_type, "application/json");
        let error = reply.json()["error"].as_str().unwrap().to_string();
        assert!(!error.contains('\n'), "one line: {error}");
        assert!(
            error.contains(message),
            "{method} {path}: '{error}' should mention {message}"
        );
        // And the server still answers a good request.
        assert_eq!(
            post(port, "/api/sweep", &good).status,
            200,
            "after {method} {path}"
        );
    }
}

#[test]
fn eight_clients_with_twenty_mixed_requests_each_all_get_correct_answers() {
    let port = start_server();
    let sweep =
        json!({"fn": "himmelblau", "opt": "adam", "params": {"lr": 0.05}, "res": 24, "steps": 200});
    let race = json!({"fn": "booth", "opt": "sgd,adam", "start": [-8.0, 8.0], "steps": 100});
    let want_npz = post(port, "/api/sweep", &sweep).body;
    let want_trace = post(port, "/api/trace", &race).json();
    let threads: Vec<_> = (0..8)
        .map(|client| {
            let (sweep, race, want_npz, want_trace) = (
                sweep.clone(),
                race.clone(),
                want_npz.clone(),
                want_trace.clone(),
            );
            std::thread::spawn(move || {
                for k in 0..20 {
                    match (client + k) % 4 {
                        0 => assert_eq!(post(port, "/api/sweep", &sweep).body, want_npz),
                        1 => assert_eq!(post(port, "/api/trace", &race).json(), want_trace),
                        2 => assert_eq!(http(port, "GET", "/api/catalog", &[], b"").status, 200),
                        _ => assert_eq!(
                            post(port, "/api/sweep", &json!({"fn": "nope", "opt": "adam"})).status,
                            400
                        ),
                    }
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("a client thread failed");
    }
}

#[test]
fn a_newer_request_from_the_same_page_cancels_the_older_without_disturbing_the_next() {
    let port = start_server();
    let page = [("X-Optgrid-Client", "page-1")];
    // Minutes of work on the CPU backend, if nothing stopped it.
    let slow =
        json!({"fn": "ackley", "opt": "adam", "res": 512, "steps": 20000, "early_stop": false});
    let slow_thread = std::thread::spawn(move || {
        let started = std::time::Instant::now();
        let reply = http(port, "POST", "/api/map", &page, slow.to_string().as_bytes());
        (reply.status, reply.json(), started.elapsed())
    });
    std::thread::sleep(std::time::Duration::from_millis(500));
    let small =
        json!({"fn": "himmelblau", "opt": "adam", "params": {"lr": 0.05}, "res": 16, "steps": 100});
    let fresh = http(
        port,
        "POST",
        "/api/sweep",
        &page,
        small.to_string().as_bytes(),
    );
    let (status, body, took) = slow_thread.join().unwrap();
    assert_eq!(status, 409, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("cancelled"),
        "{body}"
    );
    assert!(
        took.as_secs() < 60,
        "the cancelled request ended within a chunk ({took:?})"
    );
    assert_eq!(fresh.status, 200);
    // The newer request's answer is exactly what a request nobody disturbed gets.
    assert_eq!(fresh.body, post(port, "/api/sweep", &small).body);
}

#[test]
fn an_older_request_arriving_after_a_newer_one_is_the_one_cancelled() {
    // Request threads may take a page's requests out of order: the sequence number decides.
    let port = start_server();
    let newer = [("X-Optgrid-Client", "page-2"), ("X-Optgrid-Seq", "2")];
    let older = [("X-Optgrid-Client", "page-2"), ("X-Optgrid-Seq", "1")];
    let slow =
        json!({"fn": "ackley", "opt": "adam", "res": 256, "steps": 3000, "early_stop": false});
    let newer_thread = std::thread::spawn(move || {
        http(
            port,
            "POST",
            "/api/map",
            &newer,
            slow.to_string().as_bytes(),
        )
        .status
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    let small = json!({"fn": "himmelblau", "opt": "adam", "res": 16, "steps": 100});
    let late = http(
        port,
        "POST",
        "/api/map",
        &older,
        small.to_string().as_bytes(),
    );
    assert_eq!(late.status, 409, "{}", late.json());
    assert_eq!(
        newer_thread.join().unwrap(),
        200,
        "the newer request is not disturbed"
    );
}

#[test]
fn the_page_and_its_script_are_served_from_the_binary() {
    let port = start_server();
    for (path, kind) in [
        ("/", "text/html"),
        ("/app.js", "text/javascript"),
        ("/style.css", "text/css"),
    ] {
        let reply = http(port, "GET", path, &[], b"");
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply.content_type.starts_with(kind),
            "{path}: {}",
            reply.content_type
        );
        assert!(!reply.body.is_empty());
    }
    let page = String::from_utf8(http(port, "GET", "/", &[], b"").body).unwrap();
    // Everything the page loads is its own: no CDN, works offline.
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "{page}"
    );
}

#[test]
fn the_serve_command_listens_on_loopback_and_refuses_bad_limits() {
    let server = ServeChild::start(&[]);
    assert!(
        server.line.starts_with("optgrid serve: http://127.0.0.1:"),
        "{}",
        server.line
    );
    drop(server);
    let dir = temp_dir("serve-bad");
    common::assert_fails_cleanly(
        &["serve", "--port", "0", "--max-res", "0"],
        &dir.join("never"),
        &["--max-res", "1 to"],
    );
    common::assert_fails_cleanly(
        &["serve", "--port", "0", "--backend", "tpu"],
        &dir.join("never"),
        &["backend", "auto, gpu or cpu"],
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// Every objective of the catalogue, and a typed formula, opens at a learning rate (per
/// optimizer, chosen by the server) at which the page's first map — Adam's basins, the page's
/// budget — shows something: starts that settle in a minimum's basin, not a black square.
#[test]
fn every_objective_opens_at_a_learning_rate_that_shows_something() {
    let port = start_server();
    let catalog = common::http(port, "GET", "/api/catalog", &[], b"").json();
    let mut names: Vec<String> = catalog["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_string())
        .collect();
    names.push("(1-x)^2 + 100*(y-x^2)^2".into());
    for name in names {
        let entry = post(port, "/api/objective", &json!({"fn": name, "steps": 300}));
        assert_eq!(entry.status, 200, "{name}: {}", entry.json());
        let entry = entry.json();
        let opening = entry["opening"].as_array().unwrap();
        assert_eq!(
            opening.len(),
            catalog["optimizers"].as_array().unwrap().len()
        );
        let lr = opening.iter().find(|e| e["optimizer"] == "adam").unwrap()["lr"].clone();
        let d = &entry["domain"];
        let map = post(
            port,
            "/api/map",
            &json!({"fn": name, "opt": "adam", "params": {"lr": lr}, "res": 32, "steps": 300,
                    "x": format!("x0={}:{}", d[0][0], d[0][1]),
                    "y": format!("y0={}:{}", d[1][0], d[1][1])}),
        );
        assert_eq!(map.status, 200, "{name}");
        // The page's map form: a u32 length, then its JSON header.
        let n = u32::from_le_bytes(map.body[..4].try_into().unwrap()) as usize;
        let header: Value = serde_json::from_slice(&map.body[4..4 + n]).unwrap();
        let stats = &header["summary"]["stats"];
        let share = |k: &str| stats[k].as_f64().unwrap();
        let settled = 1.0 - share("unsettled_fraction") - share("diverged_fraction");
        println!(
            "{name:<28} adam opens at lr {lr}: {:.1}% of the starts settle in a basin, {:.1}% converge",
            100.0 * settled,
            100.0 * share("converged_fraction")
        );
        assert!(
            settled > 0.0,
            "{name}: nothing settles at Adam's opening lr {lr}"
        );
    }
    // The budget is the server's to bound.
    let over = post(
        port,
        "/api/objective",
        &json!({"fn": "booth", "steps": 10_000_000}),
    );
    assert_eq!(over.status, 413);
}

/// `optgrid serve` as a child process on a free loopback port, with `env` set; killed when
/// dropped.
struct ServeChild {
    child: std::process::Child,
    port: u16,
    /// The line it printed first.
    line: String,
}

impl ServeChild {
    fn start(env: &[(&str, &str)]) -> ServeChild {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_optgrid"))
            .args(["serve", "--port", "0", "--backend", "cpu"])
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut line,
        )
        .unwrap();
        // "optgrid serve: http://127.0.0.1:PORT/  (limits: ...)"
        let port = line
            .split_whitespace()
            .nth(2)
            .and_then(|url| url.trim_end_matches('/').rsplit(':').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        ServeChild { child, port, line }
    }
}

impl Drop for ServeChild {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Each kind of error has its status and the same one-line JSON with its kind: invalid input
/// 400, a resource problem 503, an internal failure 500; the server keeps serving.
#[test]
fn each_kind_of_error_has_its_status_and_kind() {
    let good = json!({"fn": "booth", "opt": "sgd", "res": 8, "steps": 20});
    for (fault, status, kind) in [("resource", 503, "resource"), ("internal", 500, "internal")] {
        // Its sweeps fail with that kind (OPTGRID_TEST_FAULT).
        let server = ServeChild::start(&[("OPTGRID_TEST_FAULT", fault)]);
        for _ in 0..2 {
            let reply = post(server.port, "/api/map", &good);
            assert_eq!(reply.status, status, "{}", reply.json());
            assert_eq!(reply.json()["kind"], kind);
            assert!(!reply.json()["error"].as_str().unwrap().contains('\n'));
        }
        let catalog = common::http(server.port, "GET", "/api/catalog", &[], b"");
        assert_eq!(catalog.status, 200, "still serving");
    }
    let port = start_server();
    let bad = post(
        port,
        "/api/map",
        &json!({"fn": "booth", "opt": "sgd", "params": {"lr": -1}}),
    );
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["kind"], "invalid");
    assert_eq!(post(port, "/api/map", &good).status, 200);
}

#[test]
fn api_tune_answers_the_leaderboard_optgrid_tune_writes() {
    let port = start_server();
    let fields = json!({"fn": "booth", "opt": "sgd,momentum", "trials": 64, "starts": 9,
                        "steps": 300, "score": "steps", "seed": 2});
    let reply = post(port, "/api/tune", &fields);
    assert_eq!(reply.status, 200, "{}", reply.json());
    let api = reply.json();
    let dir = common::temp_dir("serve-tune");
    let target = dir.join("out");
    let args = ["tune", "--backend", "cpu", "--best-res", "8", "-q", "--out"];
    let mut args = args.to_vec();
    args.push(target.to_str().unwrap());
    cli_with_config(&args, &fields, &dir);
    let written: Value =
        serde_json::from_slice(&std::fs::read(dir.join("out/leaderboard.json")).unwrap()).unwrap();
    assert_eq!(api["entries"], written["entries"]);
    // Over the server's limits (512² instances per optimizer): 413; a bad field: 400.
    let big = post(
        port,
        "/api/tune",
        &json!({"fn": "booth", "trials": 2000, "starts": 200}),
    );
    assert_eq!(big.status, 413, "{}", big.json());
    let bad = post(
        port,
        "/api/tune",
        &json!({"fn": "booth", "search": "nope=1:2"}),
    );
    assert_eq!(bad.status, 400);
    assert!(bad.json()["error"].as_str().unwrap().contains("--search"));
    let _ = std::fs::remove_dir_all(dir);
}
