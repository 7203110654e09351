//! `optgrid tune` against exact oracles — the fastest fixed learning rate of gradient descent on
//! a quadratic, 2/(λmin + λmax), and Polyak's heavy-ball optimum — plus reproducibility, its
//! files, and one clear line for every bad input.

#[cfg(feature = "cli")]
use crate::common;
use optgrid::engine::cpu::CpuEngine;
use optgrid::engine::Silent;
use optgrid::spec::sweep::Precision;
use optgrid::tune::{self, TuneRequest};

fn request(text: &str) -> TuneRequest {
    optgrid::spec::request::parse_config(text, "test").unwrap()
}

fn best(text: &str) -> Vec<(&'static str, f64)> {
    let spec = request(text).resolve().unwrap();
    let results = tune::tune(
        &spec,
        &mut CpuEngine::new(Precision::F32),
        &Silent,
        &optgrid::engine::Cancel::new(),
    )
    .unwrap();
    results[0].best_setting()
}

#[test]
fn gradient_descent_is_fastest_at_two_over_the_sum_of_the_extreme_eigenvalues() {
    // Booth's Hessian has eigenvalues 2 and 18: lr* = 2/(2 + 18) = 0.1.
    let setting = best(
        "fn = \"booth\"\nopt = \"sgd\"\nscore = \"steps\"\ntrials = 1024\nstarts = 16\nsteps = 500",
    );
    let lr = setting.iter().find(|(n, _)| *n == "lr").unwrap().1;
    assert!((lr / 0.1 - 1.0).abs() < 0.05, "best lr {lr}");
}

#[test]
fn heavy_ball_is_fastest_near_polyaks_optimum() {
    // κ = 9: lr* = 4/(√18 + √2)² = 0.125, μ* = ((√κ − 1)/(√κ + 1))² = 0.25.
    let setting = best(
        "fn = \"booth\"\nopt = \"momentum\"\nscore = \"steps\"\ntrials = 4096\nstarts = 16\nsteps = 500\ntol = 1e-6",
    );
    let get = |name: &str| setting.iter().find(|(n, _)| *n == name).unwrap().1;
    assert!((get("lr") / 0.125 - 1.0).abs() < 0.1, "{setting:?}");
    assert!((get("momentum") - 0.25).abs() < 0.1, "{setting:?}");
}

#[test]
#[cfg(feature = "cli")]
fn a_run_writes_its_files_and_the_same_seed_repeats_it() {
    let dir = common::temp_dir("tune");
    let run = |name: &str, seed: u64| {
        let out = dir.join(name);
        let o = common::optgrid_line(&format!(
            // (adam twice: each optimizer is tuned once)
            "tune --fn himmelblau --opt sgd,adam,lion,adam --trials 64 --starts 9 --steps 200 \
             --seed {seed} --backend cpu --best-res 16 -q --out {}",
            out.display()
        ));
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        out
    };
    let a = run("a", 3);
    for f in [
        "leaderboard.md",
        "leaderboard.json",
        "trials.npz",
        "tune.png",
        "best/sheet.png",
    ] {
        assert!(a.join(f).is_file(), "{f}");
    }
    let board: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.join("leaderboard.json")).unwrap()).unwrap();
    let entries = board["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    let ranks: Vec<u64> = entries
        .iter()
        .map(|e| e["rank"].as_u64().unwrap())
        .collect();
    assert_eq!(ranks, [1, 2, 3]);
    // gallery.png: the three basin maps in one row, in the leaderboard's order (the first tile
    // is the winner's basins.png, each of its 16² pixels drawn 11 times as wide).
    let gallery = image::open(a.join("best/gallery.png")).unwrap().to_rgb8();
    assert_eq!(
        gallery.dimensions(),
        (14 + 3 * (176 + 14), 64 + 176 + 40 + 14)
    );
    let winner = entries[0]["optimizer"].as_str().unwrap();
    let basins = image::open(a.join(format!("best/opt={winner}/basins.png")))
        .unwrap()
        .to_rgb8();
    for (px, py) in [(2, 3), (8, 8), (13, 12)] {
        assert_eq!(
            gallery.get_pixel(14 + 11 * px + 5, 64 + 11 * py + 5),
            basins.get_pixel(px, py),
            "{winner}'s tile at ({px}, {py})"
        );
    }
    // trials.npz holds one value per trial of every searched hyperparameter and score.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(a.join("trials.npz")).unwrap()).unwrap();
    for name in ["adam_lr", "adam_beta2", "sgd_score", "lion_median_steps"] {
        let mut f = zip.by_name(&format!("{name}.npy")).unwrap();
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut buf).unwrap();
        let v = npyz::NpyFile::new(&buf[..])
            .unwrap()
            .into_vec::<f64>()
            .unwrap();
        assert_eq!(v.len(), 64, "{name}");
    }
    let again = run("b", 3);
    let other = run("c", 4);
    let read = |d: &std::path::Path| std::fs::read(d.join("leaderboard.json")).unwrap();
    assert_eq!(
        read(&a),
        read(&again),
        "the same seed gives the same leaderboard"
    );
    assert_ne!(read(&a), read(&other), "another seed draws other trials");
}

#[test]
#[cfg(feature = "cli")]
fn bad_tuning_input_gets_one_clear_line() {
    let tune = "tune --fn booth --backend cpu";
    for (flags, expect) in [
        (
            "--opt sgd --search beta1=0.5:0.9",
            &[
                "--search",
                "beta1",
                "a hyperparameter of the chosen optimizers: lr, weight_decay",
            ][..],
        ),
        ("--opt adam --search nope=1:2", &["--search", "nope"]),
        ("--opt adam --search lr=1:0.1", &["--search", "LO ≤ HI"]),
        (
            "--opt adam --search lr=0:1:log",
            &["--search", "lr values > 0"],
        ),
        (
            "--opt adam --search beta1=0.5:1.5",
            &["--search", "beta1 values in [0, 1)"],
        ),
        ("--opt adam --search lr", &["--search", "NAME=LO:HI"]),
        ("--opt sgdd", &["optimizer (--opt)", "adam"]),
        ("--trials 0", &["trials (--trials)", "1 to"]),
        ("--starts 0", &["starts (--starts)", "1 to"]),
        (
            "--trials 1000000 --starts 60000",
            &["trials × starts", "at most"],
        ),
        (
            "--score fast",
            &["score (--score)", "converged, steps or loss"],
        ),
        ("--steps 0", &["steps (--steps)"]),
    ] {
        common::fails_cleanly(&format!("{tune} {flags}"), expect);
    }
    common::fails_cleanly("tune --opt adam", &["no objective", "--fn"]);
}

#[test]
#[cfg(feature = "cli")]
fn every_shipped_tune_config_runs() {
    let dir = common::temp_dir("tune-configs");
    let configs = concat!(env!("CARGO_MANIFEST_DIR"), "/configs/tune");
    let mut count = 0;
    for entry in std::fs::read_dir(configs).unwrap() {
        let path = entry.unwrap().path();
        count += 1;
        let out = dir.join(path.file_stem().unwrap());
        let o = common::optgrid_line(&format!(
            "tune --config {} --trials 16 --starts 4 --steps 50 --best-res 8 --backend cpu -q --out {}",
            path.display(),
            out.display()
        ));
        assert!(
            o.status.success(),
            "{path:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(out.join("leaderboard.md").is_file());
    }
    assert!(count >= 3);
}
