//! `optgrid trace`: trajectories from the same code as the sweep engine, images, the animation,
//! and tracing a pixel of an earlier sweep.

use crate::common;
use common::{assert_fails_cleanly, optgrid, temp_dir};
use optgrid::engine::cpu::CpuEngine;
use optgrid::engine::{Engine, Silent};
use optgrid::model::objective::ObjectiveKind;
use optgrid::model::optimizer::Optimizer;
use optgrid::spec::plan::Plan;
use optgrid::spec::sweep::{Precision, SweepSpec};
use optgrid::trace::{follow, TraceRequest};

/// (step, optimizer, x, y) of every CSV row.
fn csv_rows(text: &str) -> Vec<(u32, String, f64, f64)> {
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[0].parse().unwrap(),
                f[1].to_string(),
                f[2].parse().unwrap(),
                f[3].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_trace_follows_the_sweep_engine_to_the_last_bit() {
    for opt in [
        Optimizer::Adam,
        Optimizer::Nadam,
        Optimizer::Rmsprop,
        Optimizer::Lion,
        Optimizer::Lbfgs,
    ] {
        let mut spec = SweepSpec::new(ObjectiveKind::Himmelblau, opt);
        spec.set("lr", 0.02);
        spec.res = [9, 7];
        spec.steps = 700;
        for precision in [Precision::F64, Precision::F32] {
            spec.precision = precision;
            let plan = Plan::from_spec(&spec).unwrap();
            let records = CpuEngine::new(precision).run(&plan, &Silent).unwrap();
            for i in 0..plan.instances() {
                let t = follow(&plan, i, precision);
                let last = t.last();
                assert_eq!(
                    last.x.to_bits(),
                    records.final_x[i].to_bits(),
                    "{} instance {i}",
                    opt.name()
                );
                assert_eq!(last.y.to_bits(), records.final_y[i].to_bits());
                assert_eq!(t.steps_to_converge, records.steps[i]);
                assert_eq!(t.status, records.status[i]);
                // The map's evaluation count is the trace's (L-BFGS's own, torch's).
                assert_eq!(last.evaluations, records.evaluations[i] as u64);
            }
        }
    }
}

#[test]
fn the_csv_holds_exactly_the_engine_iterates() {
    let dir = temp_dir("trace-csv");
    let o = optgrid(&[
        "trace",
        "--fn",
        "rosenbrock",
        "--opt",
        "momentum,adam",
        "--start",
        "-1.5,2",
        "--steps",
        "300",
        "--lr",
        "0.001,0.05",
        "-q",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = csv_rows(&std::fs::read_to_string(dir.join("trajectories.csv")).unwrap());
    // The same race through the library: every recorded iterate matches, bit for bit.
    let request = TraceRequest {
        objective: Some("rosenbrock".into()),
        opt: Some(optgrid::spec::request::Names::One("momentum,adam".into())),
        start: Some([-1.5, 2.0]),
        steps: Some(300),
        params: [(
            "lr".to_string(),
            optgrid::spec::sweep::ParamValue::Panels(vec![0.001, 0.05]),
        )]
        .into(),
        ..Default::default()
    };
    let plans = request.plans().unwrap();
    let mut expected = Vec::new();
    for (spec, plan) in &plans {
        // The last iterate also equals the sweep engine's (f64) result for this instance.
        let records = CpuEngine::new(Precision::F64).run(plan, &Silent).unwrap();
        let t = follow(plan, 0, Precision::F64);
        assert_eq!(t.last().x.to_bits(), records.final_x[0].to_bits());
        for p in &t.points {
            expected.push((p.step, spec.optimizer.name().to_string(), p.x, p.y));
        }
    }
    assert_eq!(rows.len(), 2 * 301);
    for (a, b) in rows.iter().zip(&expected) {
        assert_eq!(a.0, b.0);
        assert_eq!(a.1, b.1);
        assert_eq!(a.2.to_bits(), b.2.to_bits(), "x at step {} of {}", a.0, a.1);
        assert_eq!(a.3.to_bits(), b.3.to_bits());
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn images_have_their_sizes_and_the_gif_loops_with_one_frame_per_interval() {
    let dir = temp_dir("trace-img");
    let o = optgrid(&[
        "trace",
        "--fn",
        "himmelblau",
        "--opt",
        "sgd,adam,lion",
        "--start",
        "0.5,-0.5",
        "--steps",
        "250",
        "--lr",
        "0.01,0.05,0.01",
        "--frame-every",
        "25",
        "-q",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let size = |f: &str| {
        let i = image::open(dir.join(f)).unwrap();
        (i.width(), i.height())
    };
    assert_eq!(size("paths.png"), optgrid::trace::output::PATHS_SIZE);
    assert_eq!(size("loss.png"), optgrid::trace::output::CURVES_SIZE);
    assert_eq!(size("stepsize.png"), optgrid::trace::output::CURVES_SIZE);
    let gif = std::fs::read(dir.join("race.gif")).unwrap();
    assert!(
        gif.windows(11).any(|w| w == b"NETSCAPE2.0"),
        "the animation loops"
    );
    use image::AnimationDecoder;
    let frames = image::codecs::gif::GifDecoder::new(std::io::Cursor::new(&gif))
        .unwrap()
        .into_frames()
        .collect_frames()
        .unwrap();
    assert_eq!(frames.len(), 10, "250 steps, a frame every 25");
    assert_eq!(
        frames[0].buffer().dimensions(),
        optgrid::trace::output::FRAME_SIZE
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap();
    let results = summary["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    for r in results {
        for key in [
            "status",
            "steps_taken",
            "final_x",
            "final_y",
            "final_loss",
            "average_step_length",
        ] {
            assert!(!r[key].is_null(), "{key}");
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_pixel_of_a_sweep_traces_to_where_the_sweep_said_it_ended() {
    // With noisy, sparse gradients and a schedule: the trace draws what the sweep's instance
    // drew (the draws are keyed by the instance's index).
    let dir = temp_dir("trace-pixel");
    let sweep = dir.join("sweep");
    let o = optgrid(&[
        "sweep",
        "--fn",
        "ackley",
        "--opt",
        "adam",
        "--lr",
        "0.05",
        "--param",
        "noise=0.3",
        "--param",
        "sparsity=0.2",
        "--schedule",
        "cosine",
        "--seed",
        "5",
        "--res",
        "20x16",
        "--steps",
        "300",
        "--backend",
        "cpu",
        "-q",
        "--out",
        sweep.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The sweep's own final positions, read back from its npz (f32, widened exactly).
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(sweep.join("result.npz")).unwrap()).unwrap();
    let mut read = |name: &str| -> Vec<f32> {
        let mut f = zip.by_name(&format!("{name}.npy")).unwrap();
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut buf).unwrap();
        npyz::NpyFile::new(&buf[..])
            .unwrap()
            .into_vec::<f32>()
            .unwrap()
    };
    let (fx, fy) = (read("final_x"), read("final_y"));
    for (i, j) in [(0u32, 0u32), (7, 3), (19, 15), (10, 8)] {
        let out = dir.join(format!("t{i}-{j}"));
        let o = optgrid(&[
            "trace",
            "--from",
            sweep.to_str().unwrap(),
            "--pixel",
            &format!("{i},{j}"),
            "-q",
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let rows = csv_rows(&std::fs::read_to_string(out.join("trajectories.csv")).unwrap());
        let last = rows.last().unwrap();
        let k = (j * 20 + i) as usize;
        assert_eq!(last.2, f64::from(fx[k]), "pixel ({i}, {j}) x");
        assert_eq!(last.3, f64::from(fy[k]), "pixel ({i}, {j}) y");
    }
    let _ = std::fs::remove_dir_all(dir);
}

fn rejected(args: &[&str], expect: &[&str]) {
    let dir = temp_dir("trace-bad");
    let out = dir.join("never");
    let mut full = vec!["trace", "--out", out.to_str().unwrap()];
    full.extend(args);
    assert_fails_cleanly(&full, &out, expect);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_trace_input_gets_one_clear_error() {
    rejected(
        &["--fn", "booth", "--opt", "sgd", "--start", "1e6,0"],
        &["start", "far outside"],
    );
    rejected(
        &[
            "--fn", "booth", "--opt", "sgd", "--start", "1,1", "--view", "2:3,2:3",
        ],
        &["outside --view"],
    );
    rejected(
        &[
            "--fn", "booth", "--opt", "sgd", "--start", "1,1", "--view", "3:2,0:1",
        ],
        &["view", "X0 < X1"],
    );
    rejected(
        &["--fn", "boot", "--opt", "sgd", "--start", "1,1"],
        &["objective", "booth"],
    );
    rejected(
        &["--fn", "booth", "--opt", "sgd,adamm", "--start", "1,1"],
        &["optimizer", "adamw"],
    );
    rejected(
        &[
            "--fn", "booth", "--opt", "sgd", "--start", "1,1", "--steps", "0",
        ],
        &["steps"],
    );
    rejected(
        &[
            "--fn",
            "booth",
            "--opt",
            "sgd,adam",
            "--start",
            "1,1",
            "--lr",
            "0.1,0.2,0.3",
        ],
        &["3 values for 2 optimizers"],
    );
    rejected(&["--fn", "booth", "--opt", "sgd"], &["start"]);
    rejected(
        &["--from", "/nonexistent-sweep", "--pixel", "1,1"],
        &["spec.toml"],
    );
}

#[test]
fn the_shipped_trace_config_runs_and_flags_override_it() {
    let dir = temp_dir("trace-config");
    let cfg = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/configs/traces/rosenbrock-race.toml"
    );
    let o = optgrid(&[
        "trace",
        "--config",
        cfg,
        "--steps",
        "120",
        "-q",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = csv_rows(&std::fs::read_to_string(dir.join("trajectories.csv")).unwrap());
    assert_eq!(
        rows.len(),
        4 * 121,
        "four optimizers, the flag's 120 steps plus the start"
    );
    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "fn = \"booth\"\nopt = \"sgd\"\nstart = [1.0, 1.0]\nframes = 3\n",
    )
    .unwrap();
    let o = optgrid(&[
        "trace",
        "--config",
        bad.to_str().unwrap(),
        "--out",
        dir.join("never").to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && err.contains("unknown field `frames`") && err.contains("line 4"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
