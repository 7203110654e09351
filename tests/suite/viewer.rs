//! The viewer in a real browser (Debian's headless Chromium, driven through the DevTools
//! protocol): the map opens at a learning rate that shows something; changing the optimizer
//! and dragging a slider redraws it; a click races from that pixel and the table shows the
//! numbers of `optgrid trace` for that start; a dragged rectangle zooms the axes to it, with
//! ticks at round values; the steps and loss maps have colour bars; another objective opens at
//! its own learning rate and drops the old race; a reload shows the same view. Screenshots
//! land in `target/viewer-*.png`. Fails, never skips, under CI when Chromium is missing.

use crate::common;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Evaluates a JavaScript expression in the page and returns its value (as JSON, since the
/// protocol hands objects and arrays back by reference).
fn eval(tab: &Tab, expr: &str) -> Value {
    let text = tab
        .evaluate(&format!("JSON.stringify({expr})"), false)
        .unwrap_or_else(|e| panic!("evaluating {expr}: {e}"))
        .value;
    match text {
        Some(Value::String(t)) => serde_json::from_str(&t).unwrap(),
        _ => Value::Null,
    }
}

/// Runs statements in the page.
fn run(tab: &Tab, js: &str) {
    tab.evaluate(&format!("(() => {{ {js}; }})()"), false)
        .unwrap_or_else(|e| panic!("running {js}: {e}"));
}

/// Waits until `expr` is true in the page.
fn wait_for(tab: &Tab, expr: &str, what: &str) {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(90) {
        if eval(tab, &format!("!!({expr})")) == json!(true) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let status = eval(tab, "document.getElementById('status').textContent");
    let seen = eval(
        tab,
        "({ opts: state.opts, params: state.params, x: state.x, race: [typeof playing !== 'undefined' && playing, typeof raceStep !== 'undefined' && raceStep, document.getElementById('stepslider').max, document.visibilityState], map: map && [map.header.summary.spec.opt, map.header.width, map.header.summary.spec.params] })",
    );
    panic!("timed out waiting for {what} ({expr}); status line: {status}; page: {seen}");
}

fn screenshot(tab: &Tab, name: &str) {
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("viewer-{name}.png")), png).unwrap();
}

/// A fingerprint of what the map canvas shows.
const CANVAS_HASH: &str = "(() => { const d = document.getElementById('mapcanvas').toDataURL(); let h = 0; for (let i = 0; i < d.length; i++) h = (h * 31 + d.charCodeAt(i)) | 0; return h; })()";

/// Mouse events on the map's overlay at fractions (u, v) of its width and height, v from the top.
fn mouse(tab: &Tab, kind: &str, u: f64, v: f64) {
    run(
        tab,
        &format!(
            "const o = document.getElementById('overlay'); const r = o.getBoundingClientRect();
             o.dispatchEvent(new MouseEvent('{kind}', {{ bubbles: true, clientX: r.left + {u} * r.width, clientY: r.top + {v} * r.height }}))"
        ),
    );
}

/// Chromium showing the viewer of the server on `port`, with its first map drawn.
fn open_page(chromium: std::path::PathBuf, port: u16) -> (Browser, std::sync::Arc<Tab>) {
    let browser = Browser::new(LaunchOptions {
        headless: true,
        sandbox: false,
        path: Some(chromium),
        window_size: Some((1500, 1650)),
        idle_browser_timeout: Duration::from_secs(300),
        // A background tab gets no animation frames; this one must play its race.
        args: [
            "--disable-dev-shm-usage",
            "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding",
            "--disable-backgrounding-occluded-windows",
        ]
        .iter()
        .map(std::ffi::OsStr::new)
        .collect(),
        ..LaunchOptions::default()
    })
    .expect("launch chromium");
    let tab = browser.new_tab().unwrap();
    tab.activate().unwrap();
    tab.navigate_to(&format!("http://127.0.0.1:{port}/"))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    wait_for(
        &tab,
        "map && map.header.width === 128",
        "the first full map",
    );
    (browser, tab)
}

#[test]
fn the_viewer_redraws_races_zooms_and_keeps_its_state_in_the_url() {
    let Some(chromium) = common::chromium() else {
        return;
    };
    let port = common::start_server();
    let (_browser, tab) = open_page(chromium, port);

    // The first map: Adam on Ackley over the start points.
    wait_for(
        &tab,
        "map && map.header.width === 128",
        "the first full map",
    );
    assert_eq!(eval(&tab, "map.header.summary.spec.opt"), "adam");
    // It opens at the learning rate the server chose for Adam on Ackley at the page's budget,
    // not a number the page keeps, and something converges there.
    let opening = common::http(
        port,
        "POST",
        "/api/objective",
        &[],
        br#"{"fn": "ackley", "steps": 300}"#,
    )
    .json();
    let adam = opening["opening"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["optimizer"] == "adam")
        .unwrap()["lr"]
        .clone();
    assert_eq!(eval(&tab, "map.header.summary.spec.params.lr"), adam);
    assert!(
        eval(&tab, "map.header.summary.stats.converged_fraction")
            .as_f64()
            .unwrap()
            > 0.05
    );
    screenshot(&tab, "1-map");
    let first = eval(&tab, CANVAS_HASH);

    // Change the optimizer: momentum instead of Adam.
    run(&tab, "document.querySelector('#opts input[value=momentum]').click(); document.querySelector('#opts input[value=adam]').click()");
    wait_for(
        &tab,
        "map && map.header.summary.spec.opt === 'momentum' && map.header.width === 128",
        "momentum's map",
    );
    let momentum = eval(&tab, CANVAS_HASH);
    assert_ne!(first, momentum, "the map changes with the optimizer");

    // Drag the learning-rate slider: input events as a hand makes them, coarse maps while it
    // moves, the full map once it rests.
    run(&tab, "const s = document.querySelector('input[type=range][data-h=lr]'); for (const v of [520, 560, 600, 640]) { s.value = v; s.dispatchEvent(new Event('input')); }");
    let lr = eval(&tab, "state.params.lr").as_f64().unwrap();
    wait_for(
        &tab,
        &format!("map && map.header.width === 128 && map.header.summary.spec.params.lr === {lr}"),
        "the map at the slider's learning rate",
    );
    assert_ne!(
        eval(&tab, CANVAS_HASH),
        momentum,
        "the map changes with the slider"
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('input[type=number][data-h=lr]').value"
        ),
        json!(eval(&tab, "fmt(state.params.lr)"))
    );
    screenshot(&tab, "2-slider");

    // Hover reads an instance.
    mouse(&tab, "mousemove", 0.3, 0.6);
    let hover = eval(&tab, "document.getElementById('hover').textContent");
    assert!(hover.as_str().unwrap().contains("x0 = "), "{hover}");

    // Race from a pixel with two optimizers: the table shows optgrid trace's numbers.
    run(
        &tab,
        "document.querySelector('#opts input[value=adam]').click()",
    );
    wait_for(
        &tab,
        "map && map.header.width === 128 && state.opts.length === 2",
        "the map after adding Adam",
    );
    mouse(&tab, "mousedown", 0.3, 0.6);
    mouse(&tab, "mouseup", 0.3, 0.6);
    wait_for(
        &tab,
        "race && document.querySelectorAll('#racetable tbody tr').length === 2",
        "the race table",
    );
    let body = eval(&tab, "race.body");
    let cli = common::http(port, "POST", "/api/trace", &[], body.to_string().as_bytes()).json();
    let rows = eval(
        &tab,
        "[...document.querySelectorAll('#racetable tbody tr')].map(r => [...r.cells].map(c => c.textContent))",
    );
    for (row, result) in rows
        .as_array()
        .unwrap()
        .iter()
        .zip(cli["summary"]["results"].as_array().unwrap())
    {
        let cells: Vec<&str> = row
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        assert_eq!(cells[0], result["optimizer"].as_str().unwrap());
        assert_eq!(
            cells[3],
            format!(
                "({:.5}, {:.5})",
                result["final_x"].as_f64().unwrap(),
                result["final_y"].as_f64().unwrap()
            )
        );
        let converged = match &result["steps_to_converge"] {
            Value::Null => "–".to_string(),
            v => v.to_string(),
        };
        assert_eq!(cells[2], converged);
    }
    // The same race through the binary: the numbers `optgrid trace` prints.
    let dir = common::temp_dir("viewer-trace");
    let config = dir.join("race.toml");
    std::fs::write(&config, toml::to_string(&body).unwrap()).unwrap();
    let out = common::optgrid(&[
        "trace",
        "--config",
        config.to_str().unwrap(),
        "--out",
        dir.join("t").to_str().unwrap(),
        "-q",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Value =
        serde_json::from_slice(&std::fs::read(dir.join("t/summary.json")).unwrap()).unwrap();
    assert_eq!(summary["results"], cli["summary"]["results"]);
    let _ = std::fs::remove_dir_all(dir);
    // Play the race to the end: the step slider moves.
    run(&tab, "document.getElementById('stepslider').value = 0; document.getElementById('stepslider').dispatchEvent(new Event('input')); document.getElementById('play').click()");
    wait_for(
        &tab,
        "!playing && raceStep === +document.getElementById('stepslider').max",
        "the race to play to its end",
    );
    screenshot(&tab, "3-race");

    // Zoom: drag a rectangle over the middle of the map.
    let before = eval(&tab, "[state.x.lo, state.x.hi, state.y.lo, state.y.hi]");
    mouse(&tab, "mousedown", 0.25, 0.25);
    mouse(&tab, "mousemove", 0.6, 0.55);
    mouse(&tab, "mouseup", 0.6, 0.55);
    wait_for(
        &tab,
        "map && map.header.width === 128 && map.header.summary.spec.x.lo === state.x.lo && map.header.summary.spec.x.hi === state.x.hi",
        "the zoomed map",
    );
    let after = eval(&tab, "[state.x.lo, state.x.hi, state.y.lo, state.y.hi]");
    let b: Vec<f64> = before
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let a: Vec<f64> = after
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert!(
        a[0] > b[0] && a[1] < b[1] && a[2] > b[2] && a[3] < b[3],
        "{before} -> {after}"
    );
    // 35% of the width from 25% in: the drag's own rectangle, in real units.
    let width = b[1] - b[0];
    assert!(
        (a[0] - (b[0] + 0.25 * width)).abs() < 0.01 * width,
        "{before} -> {after}"
    );
    assert!(
        (a[1] - (b[0] + 0.6 * width)).abs() < 0.01 * width,
        "{before} -> {after}"
    );
    // Ticks at round values on the zoomed axes: a 1-2-5 step, at most two significant digits
    // beyond the axis's start.
    for axis in ["xticks", "yticks"] {
        let labels = eval(
            &tab,
            &format!("[...document.querySelectorAll('#{axis} .tick')].map(t => t.textContent)"),
        );
        let values: Vec<f64> = labels
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().parse().unwrap())
            .collect();
        assert!(values.len() >= 3, "{axis}: {labels}");
        let step = values[1] - values[0];
        let mag = 10f64.powf(step.abs().log10().floor());
        assert!(
            [1.0, 2.0, 5.0, 10.0]
                .iter()
                .any(|m| (step.abs() / mag - m).abs() < 1e-6),
            "{axis}: step {step} of {labels}"
        );
        for v in &values {
            assert!(
                ((v / step).round() - v / step).abs() < 1e-6,
                "{axis}: {v} is not a multiple of {step}: {labels}"
            );
        }
    }
    screenshot(&tab, "4-zoom");

    // "zoom video": a GIF zooming from the axes as they open into this view's centre, down to
    // its width — fetched and handed to the browser as zoom.gif.
    run(
        &tab,
        "window.saved = []; HTMLAnchorElement.prototype.click = function () { \
           fetch(this.href).then(r => r.arrayBuffer()).then(b => saved.push([this.download, \
             String.fromCharCode(...new Uint8Array(b.slice(0, 6))), b.byteLength])); }; \
         document.querySelector('button[data-get=zoom]').click()",
    );
    wait_for(&tab, "saved.length === 1", "the zoom video's download");
    let saved = eval(&tab, "saved[0]");
    assert_eq!(saved[0], "zoom.gif", "{saved}");
    assert_eq!(saved[1], "GIF89a", "{saved}");
    assert!(saved[2].as_u64().unwrap() > 10_000, "{saved}");
    let body = eval(&tab, "zoomBody()");
    let centre = body["center"][0].as_f64().unwrap();
    assert!(
        (centre - (a[0] + a[1]) / 2.0).abs() < 1e-9 * width,
        "{body}"
    );
    assert!(
        (body["to"].as_f64().unwrap() - (a[1] - a[0])).abs() < 1e-9 * width,
        "{body}"
    );
    assert!(eval(&tab, "document.getElementById('status').textContent")
        .as_str()
        .unwrap()
        .contains("zoom.gif"));

    // The state lives in the URL: a reload shows the same view.
    let url = eval(&tab, "location.href");
    let state = eval(&tab, "JSON.stringify(state)");
    tab.reload(false, None).unwrap();
    tab.wait_until_navigated().unwrap();
    wait_for(
        &tab,
        "map && map.header.width === 128",
        "the map after the reload",
    );
    assert_eq!(eval(&tab, "location.href"), url);
    assert_eq!(eval(&tab, "JSON.stringify(state)"), state);
    assert_eq!(eval(&tab, "map.header.summary.spec.x.lo"), json!(a[0]));
    // And back steps out of the zoom.
    run(&tab, "history.back()");
    wait_for(
        &tab,
        &format!(
            "map && map.header.width === 128 && map.header.summary.spec.x.lo === {}",
            b[0]
        ),
        "the map before the zoom",
    );

    // Each coordinate's own learning rate on an axis: lr_x opens two decades around lr, and
    // the map is drawn over it; then back to the start points.
    let lr = eval(&tab, "state.params.lr").as_f64().unwrap();
    run(&tab, "const q = document.getElementById('xq'); q.value = 'lr_x'; q.dispatchEvent(new Event('change'))");
    wait_for(
        &tab,
        "map && map.header.width === 128 && map.header.summary.spec.x.quantity === 'lr_x'",
        "the lr_x axis",
    );
    let lo = eval(&tab, "map.header.summary.spec.x.lo").as_f64().unwrap();
    assert!(
        (lo - lr / 100.0).abs() < 1e-9 * lr,
        "lr_x from {lo}, lr {lr}"
    );
    run(&tab, "document.getElementById('reset').click()");
    wait_for(
        &tab,
        "map && map.header.width === 128 && map.header.summary.spec.x.quantity === 'x0'",
        "the start points again",
    );

    // A schedule and noisy gradients: the map follows, the URL keeps them.
    run(&tab, "const sc = document.getElementById('schedule'); sc.value = 'cosine'; sc.dispatchEvent(new Event('change'))");
    wait_for(
        &tab,
        "map && map.header.width === 128 && map.header.summary.spec.schedule === 'cosine'",
        "the map under a cosine schedule",
    );
    let plain = eval(&tab, CANVAS_HASH);
    run(&tab, "const n = document.querySelector('input[type=number][data-h=noise]'); n.value = 2; n.dispatchEvent(new Event('change'))");
    wait_for(
        &tab,
        "map && map.header.width === 128 && map.header.summary.spec.params.noise === 2",
        "the map with gradient noise",
    );
    assert_ne!(eval(&tab, CANVAS_HASH), plain, "noise changes the map");
    assert!(eval(&tab, "location.search")
        .as_str()
        .unwrap()
        .contains("cosine"));
    screenshot(&tab, "5-noise");

    // The steps and loss maps have colour bars, with ticks along their scales.
    for which in ["steps", "loss"] {
        run(&tab, &format!("const m = document.getElementById('map'); m.value = '{which}'; m.dispatchEvent(new Event('change'))"));
        assert!(
            eval(
                &tab,
                "document.querySelector('#legend .colourbar .bar').style.background"
            )
            .as_str()
            .unwrap()
            .contains("linear-gradient"),
            "{which}: a colour bar"
        );
        assert!(
            eval(
                &tab,
                "document.querySelectorAll('#legend .colourbar .tick').length"
            )
            .as_u64()
            .unwrap()
                >= 2,
            "{which}: ticks on the colour bar"
        );
        screenshot(&tab, &format!("5-{which}-colour-bar"));
    }
    run(&tab, "const m = document.getElementById('map'); m.value = 'basins'; m.dispatchEvent(new Event('change'))");

    // Another objective opens at its own learning rate (Rosenbrock at torch's default would be
    // a black square) and the race of the old one is gone.
    mouse(&tab, "mousedown", 0.4, 0.4);
    mouse(&tab, "mouseup", 0.4, 0.4);
    wait_for(
        &tab,
        "race && !document.getElementById('raceview').hidden",
        "a race on the old objective",
    );
    run(&tab, "const f = document.getElementById('fn'); f.value = 'rosenbrock'; f.dispatchEvent(new Event('change'))");
    wait_for(
        &tab,
        "map && map.header.width === 128 && map.header.summary.spec.fn === 'rosenbrock'",
        "the rosenbrock map",
    );
    assert_eq!(eval(&tab, "race"), Value::Null);
    assert_eq!(
        eval(&tab, "document.getElementById('raceview').hidden"),
        json!(true)
    );
    assert_eq!(
        eval(
            &tab,
            "state.params.lr === openingLr(objective(), state.opts[0])"
        ),
        json!(true)
    );
    assert!(
        eval(&tab, "map.header.summary.stats.converged_fraction")
            .as_f64()
            .unwrap()
            > 0.0,
        "something converges on Rosenbrock at the opening learning rate"
    );
    screenshot(&tab, "6-rosenbrock");

    // Lookahead's box wraps the map's optimizer: its sliders appear at the wrapper's defaults
    // and the map is of the wrapped rule; unticked, the plain rule again.
    run(&tab, "const w = document.querySelector('[data-wrapper=lookahead]'); w.checked = true; w.dispatchEvent(new Event('change'))");
    wait_for(
        &tab,
        "map && map.header.summary.spec.params.lookahead_k === 5 && map.header.summary.spec.params.lookahead_alpha === 0.5",
        "the map of the optimizer wrapped in Lookahead",
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('#hypers input[type=range][data-h^=lookahead]').length"
        ),
        json!(2),
        "Lookahead's two sliders"
    );
    assert!(
        eval(&tab, "document.getElementById('title').textContent")
            .as_str()
            .unwrap()
            .contains("+lookahead on rosenbrock"),
        "the title names the wrapper"
    );
    screenshot(&tab, "6-rosenbrock-lookahead");
    run(&tab, "const w = document.querySelector('[data-wrapper=lookahead]'); w.checked = false; w.dispatchEvent(new Event('change'))");
    wait_for(
        &tab,
        "map && map.header.summary.spec.params.lookahead_k === undefined",
        "the map of the plain optimizer again",
    );

    // A data objective: its dataset's fields and the minibatch size appear, and are sent.
    run(&tab, "const f = document.getElementById('fn'); f.value = 'fit_tanh'; f.dispatchEvent(new Event('change'))");
    wait_for(
        &tab,
        "map && map.header.width === 128 && map.header.summary.spec.fn === 'fit_tanh'",
        "the fit_tanh map",
    );
    assert_eq!(
        eval(&tab, "document.getElementById('datarow').hidden"),
        json!(false)
    );
    run(&tab, "const b = document.querySelector('input[type=number][data-h=batch]'); b.value = 4; b.dispatchEvent(new Event('change')); const e = document.getElementById('examples'); e.value = 30; e.dispatchEvent(new Event('change'))");
    wait_for(
        &tab,
        "map && map.header.width === 128 && map.header.summary.spec.params.batch === 4 && map.header.summary.spec.examples === 30",
        "the minibatch map on 30 examples",
    );
    screenshot(&tab, "7-fit");

    // The trainability map: choosing it runs the map again with the score, drawn with its bar.
    run(&tab, "const m = document.getElementById('map'); m.value = 'trainability'; m.dispatchEvent(new Event('change'))");
    wait_for(
        &tab,
        "map && map.header.width === 128 && map.header.summary.spec.trainability === true && !!map.images.trainability",
        "the trainability map",
    );
    let legend = eval(&tab, "document.getElementById('legend').textContent");
    assert!(
        legend.as_str().unwrap().contains("trained fastest"),
        "{legend}"
    );
    screenshot(&tab, "7b-trainability");

    // A zoom far past f32's resolution: the map is computed in f64, and the status line says so.
    run(
        &tab,
        "zoom({ u0: 0.9, u1: 0.9 + 1e-7, v0: 0.9, v1: 0.9 + 1e-7 })",
    );
    wait_for(
        &tab,
        "map && map.header.width === 128 && map.header.summary.spec.precision === 'f64'",
        "the f64 map",
    );
    let line = eval(&tab, "document.getElementById('status').textContent");
    assert!(line.as_str().unwrap().contains("f64"), "{line}");
    run(&tab, "const m = document.getElementById('map'); m.value = 'basins'; m.dispatchEvent(new Event('change'))");

    // Tune the checked optimizers here; a leaderboard row maps that optimizer's best setting.
    run(&tab, "const f = document.getElementById('fn'); f.value = 'booth'; f.dispatchEvent(new Event('change'))");
    wait_for(
        &tab,
        "map && map.header.width === 128 && map.header.summary.spec.fn === 'booth'",
        "booth's map",
    );
    run(&tab, "document.getElementById('tunetrials').value = '64'; document.getElementById('tunego').click()");
    wait_for(
        &tab,
        "document.querySelectorAll('#tunetable tbody tr').length === state.opts.length",
        "the leaderboard",
    );
    let last = eval(
        &tab,
        "window.leaderboard.entries[window.leaderboard.entries.length - 1].optimizer",
    );
    let best_lr = eval(
        &tab,
        "window.leaderboard.entries[window.leaderboard.entries.length - 1].best.lr",
    );
    run(
        &tab,
        "[...document.querySelectorAll('#tunetable tbody tr')].at(-1).click()",
    );
    wait_for(
        &tab,
        &format!("map && map.header.width === 128 && map.header.summary.spec.opt === {last} && map.header.summary.spec.params.lr === {best_lr}"),
        "the map at the tuned setting",
    );
    screenshot(&tab, "8-tune");

    // A formula typed in the box: a bad one says what is wrong; a good one maps and races.
    run(&tab, "const f = document.getElementById('formula'); f.value = 'x + sinn(y)'; f.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }))");
    wait_for(
        &tab,
        "document.getElementById('status').className === 'error' && document.getElementById('status').textContent.includes(\"did you mean 'sin'\")",
        "the formula's error on the status line",
    );
    let himmelblau = "(x^2+y-11)^2 + (x+y^2-7)^2";
    run(&tab, &format!("const f = document.getElementById('formula'); f.value = '{himmelblau}'; f.dispatchEvent(new KeyboardEvent('keydown', {{ key: 'Enter' }}))"));
    wait_for(
        &tab,
        &format!("map && map.header.width === 128 && map.header.summary.spec.fn === '{himmelblau}' && map.header.summary.minima.length === 4"),
        "the formula's map, with Himmelblau's four minima found",
    );
    assert_eq!(
        eval(&tab, "document.getElementById('fn').value"),
        json!(himmelblau)
    );
    // The bad formula never reached the URL.
    assert!(!eval(&tab, "location.search")
        .as_str()
        .unwrap()
        .contains("sinn"));
    screenshot(&tab, "9-formula");
}

/// Not a test but a measurement (BENCHMARKS.md): the time to draw one frame of a race of four
/// optimizers over 5000 steps, as the play button does 60 times a second. Run it with
/// `cargo test --release --test suite viewer::measure -- --ignored --nocapture`.
#[test]
#[ignore]
fn measure_race_frame_time() {
    let Some(chromium) = common::chromium() else {
        return;
    };
    let port = common::start_server();
    let (_browser, tab) = open_page(chromium, port);
    run(&tab, "state.opts = ['adam', 'sgd', 'momentum', 'rmsprop']; state.steps = 5000; syncControls(); raceFrom({ col: 96, row: 40 })");
    wait_for(
        &tab,
        "race && race.trajectories.length === 4 && race.trajectories[0].x.length === 5001",
        "the race",
    );
    let ms = eval(
        &tab,
        "(() => { const t0 = performance.now(); for (let k = 0; k < 120; k++) { raceStep = Math.floor(k * 5000 / 119); drawRace(); } return (performance.now() - t0) / 120; })()",
    );
    screenshot(&tab, "race-5000");
    println!("one frame of a 4-optimizer × 5000-step race: {ms} ms (60 fps needs ≤ 16.7 ms)");
}
