//! Figures, configs and panels, through the binary as a user runs them.

use crate::common;
use common::{assert_fails_cleanly, optgrid, temp_dir};
use std::collections::HashSet;
use std::path::Path;

fn ok(args: &[&str]) {
    let o = optgrid(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn colours(path: &Path) -> HashSet<[u8; 3]> {
    image::open(path)
        .unwrap()
        .to_rgb8()
        .pixels()
        .map(|p| p.0)
        .collect()
}

#[test]
fn every_shipped_config_runs_and_draws_its_figure() {
    let dir = temp_dir("configs");
    let mut count = 0;
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/configs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        count += 1;
        let out = dir.join(path.file_stem().unwrap());
        ok(&[
            "sweep",
            "--config",
            path.to_str().unwrap(),
            "--res",
            "24",
            "--steps",
            "40",
            "--backend",
            "cpu",
            "-q",
            "--out",
            out.to_str().unwrap(),
        ]);
        let panels: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        if panels.is_empty() {
            assert!(out.join("figure.png").is_file(), "{path:?}");
        } else {
            assert!(out.join("sheet.png").is_file(), "{path:?}");
            for p in panels {
                assert!(p.join("figure.png").is_file(), "{p:?}");
            }
        }
    }
    assert!(
        count >= 6,
        "configs/ ships at least six sweeps, found {count}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_figure_has_its_layout_and_the_legend_shows_the_basin_colours() {
    let dir = temp_dir("figure");
    ok(&[
        "sweep",
        "--fn",
        "himmelblau",
        "--opt",
        "sgd",
        "--lr",
        "0.01",
        "--res",
        "60",
        "--steps",
        "600",
        "--backend",
        "cpu",
        "-q",
        "--out",
        dir.to_str().unwrap(),
    ]);
    let fig = image::open(dir.join("figure.png")).unwrap();
    assert_eq!(
        (fig.width(), fig.height()),
        optgrid::output::figure::size(1)
    );
    let in_map = colours(&dir.join("basins.png"));
    let in_figure = colours(&dir.join("figure.png"));
    assert_eq!(
        in_map.len(),
        4,
        "four basins, nothing unsettled or diverged"
    );
    for c in &in_map {
        assert!(
            in_figure.contains(c),
            "basin colour {c:?} is in the figure (map and legend)"
        );
    }
    // The legend swatches are drawn in the exact basin colours: each appears in the legend strip.
    let rgb = fig.to_rgb8();
    let legend: HashSet<[u8; 3]> = (0..rgb.height())
        .flat_map(|y| (380..400).map(move |x| (x, y)))
        .map(|(x, y)| rgb.get_pixel(x, y).0)
        .collect();
    for c in &in_map {
        assert!(legend.contains(c), "legend swatch for {c:?}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_panel_list_gives_one_map_per_value_and_a_sheet() {
    let dir = temp_dir("panels");
    ok(&[
        "sweep",
        "--fn",
        "booth",
        "--opt",
        "sgd",
        "--lr",
        "0.001,0.01,0.1",
        "--res",
        "20",
        "--steps",
        "100",
        "--backend",
        "cpu",
        "-q",
        "--out",
        dir.to_str().unwrap(),
    ]);
    for v in ["lr=0.001", "lr=0.01", "lr=0.1"] {
        for f in ["figure.png", "result.npz", "summary.json", "spec.toml"] {
            assert!(dir.join(v).join(f).is_file(), "{v}/{f}");
        }
    }
    let sheet = image::open(dir.join("sheet.png")).unwrap();
    assert_eq!(
        (sheet.width(), sheet.height()),
        optgrid::output::figure::size(3)
    );
    let table: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("sheet.json")).unwrap()).unwrap();
    let rows = table.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2]["label"], "lr=0.1");
    // GD on Booth diverges above lr 1/9, converges below within the budget at lr 0.1.
    let conv: Vec<f64> = rows
        .iter()
        .map(|r| r["converged_fraction"].as_f64().unwrap())
        .collect();
    assert!(conv[0] < conv[2], "{conv:?}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn optimizer_panels_and_config_with_flags_overriding() {
    let dir = temp_dir("optpanels");
    let cfg = dir.join("c.toml");
    std::fs::write(&cfg, "fn = \"himmelblau\"\nopt = [\"sgd\", \"adam\"]\nparams = { lr = 0.01 }\nres = 64\nsteps = 9999\n").unwrap();
    let out = dir.join("out");
    ok(&[
        "sweep",
        "--config",
        cfg.to_str().unwrap(),
        "--steps",
        "50",
        "--res",
        "16",
        "--backend",
        "cpu",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("opt=adam/summary.json")).unwrap()).unwrap();
    assert_eq!(summary["spec"]["steps"], 50, "the flag overrides the file");
    assert_eq!(summary["spec"]["res"][0], 16);
    assert_eq!(
        summary["spec"]["params"]["lr"], 0.01,
        "the file's value stays"
    );
    assert!(out.join("opt=sgd/figure.png").is_file());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_spec_saved_as_toml_reproduces_the_run_exactly() {
    let dir = temp_dir("repeat");
    let a = dir.join("a");
    ok(&[
        "sweep",
        "--fn",
        "rosenbrock",
        "--opt",
        "adam",
        "--start",
        "-1.5,1.5",
        "--x",
        "lr=1e-3:0.5:log",
        "--y",
        "beta1=0:0.99",
        "--res",
        "24x18",
        "--steps",
        "300",
        "--backend",
        "cpu",
        "-q",
        "--out",
        a.to_str().unwrap(),
    ]);
    // The spec.toml the run wrote.
    let b = dir.join("b");
    ok(&[
        "sweep",
        "--config",
        a.join("spec.toml").to_str().unwrap(),
        "--backend",
        "cpu",
        "-q",
        "--out",
        b.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(a.join("result.npz")).unwrap(),
        std::fs::read(b.join("result.npz")).unwrap()
    );
    // The summary.json spec, converted to TOML by hand.
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.join("summary.json")).unwrap()).unwrap();
    let toml_text = toml::to_string(&summary["spec"]).unwrap();
    let cfg = dir.join("from-summary.toml");
    std::fs::write(&cfg, toml_text).unwrap();
    let c = dir.join("c");
    ok(&[
        "sweep",
        "--config",
        cfg.to_str().unwrap(),
        "--backend",
        "cpu",
        "-q",
        "--out",
        c.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read(a.join("result.npz")).unwrap(),
        std::fs::read(c.join("result.npz")).unwrap()
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// A bad config or flag combination: non-zero exit, one line naming what is wrong.
fn rejected(config: Option<&str>, args: &[&str], expect: &[&str]) {
    let dir = temp_dir("badcfg");
    let mut full = vec!["sweep", "--backend", "cpu", "--res", "4", "--steps", "2"];
    let cfg = dir.join("bad.toml");
    if let Some(text) = config {
        std::fs::write(&cfg, text).unwrap();
        full.extend(["--config", cfg.to_str().unwrap()]);
    }
    let out = dir.join("never");
    full.extend(["--out", out.to_str().unwrap()]);
    full.extend(args);
    assert_fails_cleanly(&full, &out, expect);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_configs_and_flag_combinations_get_one_clear_error_each() {
    rejected(
        Some("fn = \"booth\"\nopt = \"sgd\"\nlearning_rate = 0.1\n"),
        &[],
        &["learning_rate", "line 3", "expected one of"],
    );
    rejected(Some("fn = \"booth\"\nopt = \"sgd\"\n[x]\nquantity = \"lr\"\nlo = 0.1\nhi = 0.2\nscale = \"linear\"\nstep = 3\n"), &[], &["unknown field `step`"]);
    rejected(
        Some("fn = \"booth\"\nopt = \"sgd\"\nx = \"beta1=0:0.9\"\n"),
        &[],
        &["beta1", "quantity of sgd"],
    );
    rejected(
        None,
        &[
            "--fn",
            "booth",
            "--opt",
            "sgd",
            "--x",
            "lr=0.01:0.1",
            "--y",
            "lr=0.1:0.2",
        ],
        &["both sweep lr"],
    );
    rejected(
        None,
        &[
            "--fn",
            "booth",
            "--opt",
            "sgd",
            "--lr",
            "0.01,0.1",
            "--x",
            "lr=0.01:0.1",
        ],
        &["lr is an image axis", "list"],
    );
    rejected(
        None,
        &["--fn", "booth", "--opt", "sgd,adam", "--lr", "0.01,0.1"],
        &["only one quantity", "opt and lr"],
    );
    rejected(
        None,
        &["--fn", "booth", "--opt", "sgd,adam", "--x", "beta1=0:0.9"],
        &["beta1", "sgd"],
    );
    rejected(
        Some("fn = \"booth\"\nopt = \"sgd\"\nparams = { lr = \"fast\" }\n"),
        &[],
        &["invalid type", "a number"],
    );
    rejected(
        None,
        &[
            "--config",
            "/nonexistent/optgrid.toml",
            "--fn",
            "booth",
            "--opt",
            "sgd",
        ],
        &["cannot read config"],
    );
    rejected(None, &["--opt", "sgd"], &["no objective", "--fn"]);
}
