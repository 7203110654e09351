//! The binary end to end, as a user runs it: files, shapes, dtypes, summary consistency, and a
//! clear one-line error (never a panic, never a half-written file) for each kind of bad input.

use crate::common;
use common::{assert_fails_cleanly, optgrid, read_npz, temp_dir, Array};

fn f32s(a: &Array) -> Vec<f32> {
    a.bytes
        .chunks(4)
        .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
        .collect()
}
fn i32s(a: &Array) -> Vec<i32> {
    a.bytes
        .chunks(4)
        .map(|c| i32::from_le_bytes(c.try_into().unwrap()))
        .collect()
}

#[test]
fn a_sweep_writes_maps_arrays_and_a_consistent_summary() {
    let dir = temp_dir("e2e");
    let out = dir.join("run");
    let o = optgrid(&[
        "sweep",
        "--fn",
        "himmelblau",
        "--opt",
        "adam",
        "--lr",
        "0.05",
        "--res",
        "40x30",
        "--steps",
        "300",
        "--backend",
        "cpu",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("Converged") && stdout.contains(out.to_str().unwrap()),
        "{stdout}"
    );

    for png in ["basins.png", "steps.png", "loss.png"] {
        let img = image::open(out.join(png)).unwrap();
        assert_eq!((img.width(), img.height()), (40, 30), "{png}");
    }
    let arrays = read_npz(&out.join("result.npz"));
    let expect = [
        ("final_x", "<f4"),
        ("final_y", "<f4"),
        ("loss", "<f4"),
        ("steps", "<i4"),
        ("status", "|u1"),
        ("basin", "<i4"),
    ];
    for (name, dtype) in expect {
        let a = &arrays[name];
        assert_eq!(a.shape, vec![30, 40], "{name} shape");
        assert_eq!(a.dtype, dtype, "{name} dtype");
    }
    assert_eq!(arrays["x_values"].shape, vec![40]);
    assert_eq!(arrays["y_values"].shape, vec![30]);
    assert_eq!(arrays["x_values"].dtype, "<f8");

    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let status = &arrays["status"].bytes;
    let count = |code: u8| status.iter().filter(|&&s| s == code).count() as u64;
    let stats = &summary["stats"];
    assert_eq!(stats["instances"], 1200);
    assert_eq!(stats["converged"].as_u64().unwrap(), count(1));
    assert_eq!(stats["not_converged"].as_u64().unwrap(), count(0));
    assert_eq!(stats["diverged"].as_u64().unwrap(), count(2));
    let steps = i32s(&arrays["steps"]);
    assert_eq!(
        steps.iter().filter(|&&s| s >= 0).count() as u64,
        count(1),
        "steps ≥ 0 exactly where converged"
    );
    let max = *steps.iter().max().unwrap();
    assert_eq!(
        stats["steps_percentiles"]["max"].as_f64().unwrap(),
        f64::from(max)
    );
    let basin = i32s(&arrays["basin"]);
    let minima = summary["minima"].as_array().unwrap();
    assert_eq!(minima.len(), 4);
    assert!(basin
        .iter()
        .all(|&b| b >= -2 && (b as usize) < minima.len() || b < 0));
    // The spec is complete: every hyperparameter is written, defaults included.
    let params = &summary["spec"]["params"];
    for p in ["lr", "beta1", "beta2", "eps", "weight_decay", "amsgrad"] {
        assert!(!params[p].is_null(), "spec.params.{p}");
    }
    assert_eq!(params["lr"], 0.05);
    for key in [
        "wall_seconds",
        "instance_steps_per_second",
        "run",
        "colour_scales",
    ] {
        assert!(!summary[key].is_null(), "{key}");
    }
    assert_eq!(summary["run"]["backend"], "cpu");
    // Final positions of converged instances lie within tol of a global minimum.
    let (fx, fy) = (f32s(&arrays["final_x"]), f32s(&arrays["final_y"]));
    for i in 0..status.len() {
        if status[i] == 1 {
            let near = minima.iter().any(|m| {
                let (x, y) = (m["x"].as_f64().unwrap(), m["y"].as_f64().unwrap());
                (f64::from(fx[i]) - x).hypot(f64::from(fy[i]) - y) <= 0.0100001
            });
            assert!(near, "instance {i}");
        }
    }
    // Rows ascend in y: y_values[0] is the domain's bottom.
    let ys: Vec<f64> = arrays["y_values"]
        .bytes
        .chunks(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!((ys[0], ys[29]), (-5.0, 5.0));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn hyperparameter_axes_and_f64_run_end_to_end() {
    let dir = temp_dir("hyper");
    let o = optgrid(&[
        "sweep",
        "--fn",
        "rosenbrock",
        "--opt",
        "adam",
        "--start",
        "-1.5,1.5",
        "--x",
        "lr=1e-4:1:log",
        "--y",
        "beta1=0:0.999",
        "--res",
        "16",
        "--steps",
        "200",
        "--backend",
        "cpu",
        "--precision",
        "f64",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let arrays = read_npz(&dir.join("result.npz"));
    let xs: Vec<f64> = arrays["x_values"]
        .bytes
        .chunks(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!(xs[0], 1e-4);
    assert_eq!(xs[15], 1.0);
    assert!(
        (xs[1] / xs[0] - xs[15] / xs[14]).abs() < 1e-9,
        "log spacing"
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["spec"]["x"]["scale"], "log");
    assert_eq!(summary["run"]["precision"], "f64");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn list_names_every_objective_and_optimizer() {
    let o = optgrid(&["list"]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    for name in [
        "ackley",
        "goldstein_price",
        "levi13",
        "quadratic",
        "nesterov",
        "radam",
        "lion",
        "momentum_decay",
    ] {
        assert!(text.contains(name), "{name}");
    }
}

/// Runs a bad command: non-zero exit, one line on stderr naming `field` (and `allowed`), no panic,
/// and no output directory left behind.
fn rejects(args: &[&str], field: &str, allowed: &str) {
    let dir = temp_dir("bad");
    let out = dir.join("never");
    let mut full: Vec<&str> = vec!["sweep", "--out", out.to_str().unwrap()];
    if !args.contains(&"--backend") {
        full.extend(["--backend", "cpu"]);
    }
    if !args.contains(&"--fn") {
        full.extend(["--fn", "booth"]);
    }
    if !args.contains(&"--opt") {
        full.extend(["--opt", "sgd"]);
    }
    full.extend(args);
    assert_fails_cleanly(&full, &out, &[field, allowed]);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_input_gets_one_clear_line_and_a_nonzero_exit() {
    rejects(&["--fn", "ackly"], "objective", "rosenbrock");
    rejects(&["--opt", "adamm"], "optimizer", "adamw");
    rejects(&["--lr", "-0.1"], "lr", "> 0");
    rejects(&["--lr", "NaN"], "lr", "finite");
    rejects(&["--opt", "adam", "--param", "beta1=1"], "beta1", "[0, 1)");
    rejects(
        &["--opt", "adam", "--param", "beta2=-0.5"],
        "beta2",
        "[0, 1)",
    );
    rejects(&["--param", "beta1=0.5"], "beta1", "lr, weight_decay");
    rejects(
        &["--opt", "nesterov", "--param", "momentum=0"],
        "momentum",
        "(0, 1)",
    );
    rejects(&["--x", "lr=0.1:0.01"], "x axis", "LO < HI");
    rejects(&["--x", "x0=1:1"], "x axis", "LO < HI");
    // Found by the fuzzer: both ends finite, but HI − LO overflows.
    rejects(&["--x", "x0=-1e308:1e308"], "x axis", "finite width");
    rejects(&["--x", "lr=0:1:log"], "lr", "> 0");
    rejects(&["--x", "lr=-1:1"], "lr", "> 0");
    rejects(&["--x", "lr=1e-3:1:cubic"], "--x", "LO:HI:log");
    rejects(
        &["--x", "beta1=0:0.5"],
        "x axis",
        "x0, y0, or a quantity of sgd with --schedule constant: lr, weight_decay, lr_x, lr_y, noise, sparsity",
    );
    rejects(&["--opt", "adam", "--x", "amsgrad=0:1"], "amsgrad", "flag");
    rejects(&["--x", "x0=-1:1", "--y", "x0=-2:2"], "x0", "two different");
    rejects(&["--x", "lr=0.01:0.1", "--lr", "0.1"], "lr", "axis");
    rejects(&["--res", "0"], "resolution", "1 to 32768");
    rejects(&["--res", "100000"], "resolution", "1 to 32768");
    rejects(&["--res", "32769x2"], "resolution", "per side");
    rejects(&["--res", "ten"], "resolution", "WxH");
    rejects(&["--steps", "0"], "steps", "1 to");
    rejects(&["--tol", "0"], "tol", "> 0");
    rejects(
        &["--criterion", "closeness"],
        "criterion",
        "distance, loss, gradient",
    );
    rejects(&["--precision", "f16"], "precision", "f32, f64 or auto");
    rejects(&["--backend", "tpu"], "backend", "auto, gpu or cpu");
    rejects(&["--start", "1"], "start", "two numbers");
    rejects(&["--quadratic", "1,2"], "--quadratic", "booth");
    rejects(
        &["--fn", "quadratic", "--quadratic", "1,-2"],
        "quadratic",
        "> 0",
    );
}

/// The rules added after optgrid's first thirteen refuse what their references refuse:
/// each bad value in one line naming the field and what is allowed.
#[test]
fn the_new_rules_refuse_bad_hyperparameters_in_one_line() {
    let rprop = |param: &str, field: &str, allowed: &str| {
        rejects(&["--opt", "rprop", "--param", param], field, allowed);
    };
    // torch: 0 < etaminus < 1 < etaplus.
    rprop("eta_plus=0.9", "eta_plus", "> 1");
    rprop("eta_plus=1", "eta_plus", "> 1");
    rprop("eta_minus=1", "eta_minus", "(0, 1)");
    rprop("eta_minus=0", "eta_minus", "(0, 1)");
    rprop("step_size_max=0", "step_size_max", "> 0");
    rprop("step_size_min=-1e-6", "step_size_min", ">= 0");
    rprop("eta_plus=fast", "eta_plus", "number");
    // Rprop has no weight decay (torch's has none), nor another rule's hyperparameters.
    rprop("weight_decay=0.1", "weight_decay", "eta_minus");
    rejects(
        &["--opt", "adam", "--param", "eta_plus=2"],
        "eta_plus",
        "beta1",
    );
    let rule = |opt: &str, param: &str, field: &str, allowed: &str| {
        rejects(&["--opt", opt, "--param", param], field, allowed);
    };
    rule("asgd", "lambd=-1", "lambd", ">= 0");
    rule("asgd", "t0=-5", "t0", ">= 0");
    rule("asgd", "alpha=inf", "alpha", ">= 0");
    rule("adabelief", "beta2=1", "beta2", "[0, 1)");
    rule(
        "adabelief",
        "weight_decouple=maybe",
        "weight_decouple",
        "true/false",
    );
    rule("adan", "beta3=1.5", "beta3", "[0, 1)");
    rule("adan", "eps=-1e-8", "eps", ">= 0");
    rule("lamb", "weight_decay=-0.1", "weight_decay", ">= 0");
    rule("ademamix", "t_alpha_beta3=-1", "t_alpha_beta3", ">= 0");
    rule("ademamix", "alpha=-5", "alpha", ">= 0");
    rule(
        "laprop",
        "steps_before_using_centered=-1",
        "steps_before_using_centered",
        ">= 0",
    );
    rule("laprop", "centered=2", "centered", "true or false");
    rule("mars", "mars_gamma=-0.1", "mars_gamma", ">= 0");
    // Another rule's hyperparameter names the rule's own.
    rule("mars", "gamma=0.1", "gamma", "mars_gamma");
    rule("adabelief", "beta3=0.9", "beta3", "weight_decouple");
    // The rules a norm couples take one learning rate.
    rule("lamb", "lr_x=0.1", "lr_x", "one learning rate");
    rule("mars", "lr_y=0.1", "lr_y", "one learning rate");
    rejects(
        &["--opt", "lamb", "--x", "lr_x=1e-3:1:log"],
        "lr_x",
        "lr, beta1",
    );
    rule("adafactor", "beta2_decay=0.5", "beta2_decay", "<= 0");
    rule("adafactor", "d=0.5", "d", ">= 1");
    rule("adafactor", "eps1=-1", "eps1", ">= 0");
    rule("adafactor", "lr_x=0.1", "lr_x", "one learning rate");
    rule("prodigy", "d0=0", "d0", "> 0");
    rule("prodigy", "d_coef=-1", "d_coef", "> 0");
    rule(
        "prodigy",
        "safeguard_warmup=yes",
        "safeguard_warmup",
        "true/false",
    );
    rule("dadapt_adam", "d0=-1e-6", "d0", "> 0");
    rule("dadapt_adam", "lr_y=1", "lr_y", "one learning rate");
    rule("schedulefree_sgd", "momentum=0", "momentum", "(0, 1)");
    rule(
        "schedulefree_adamw",
        "warmup_steps=-1",
        "warmup_steps",
        ">= 0",
    );
    rule(
        "schedulefree_adamw",
        "weight_lr_power=-2",
        "weight_lr_power",
        ">= 0",
    );
    // torch: ns_steps < 100; Muon's norm couples the coordinates; Nesterov is its flag.
    rule("muon", "ns_steps=100", "ns_steps", "[0, 100)");
    rule("muon", "ns_steps=2.5", "ns_steps", "whole number");
    rule("muon", "nesterov=sometimes", "nesterov", "true/false");
    rule("muon", "momentum=1", "momentum", "[0, 1)");
    rule("muon", "lr_x=0.01", "lr_x", "one learning rate");
    rejects(
        &["--opt", "muon", "--x", "ns_steps=1:10"],
        "ns_steps",
        "whole numbers",
    );
    // Lookahead: k a whole number >= 1, α in [0, 1], α alone (no wrapper) refused, k no axis,
    // Schedule-Free not wrappable.
    rule("adam", "lookahead_k=0", "lookahead_k", "whole number >= 1");
    rule(
        "adam",
        "lookahead_k=2.5",
        "lookahead_k",
        "whole number >= 1",
    );
    rule(
        "sgd",
        "lookahead_alpha=0.5",
        "lookahead_alpha",
        "give lookahead_k",
    );
    rejects(
        &[
            "--opt",
            "momentum",
            "--param",
            "lookahead_k=5",
            "--param",
            "lookahead_alpha=1.5",
        ],
        "lookahead_alpha",
        "[0, 1]",
    );
    rejects(
        &["--opt", "adam", "--x", "lookahead_k=1:10"],
        "lookahead_k",
        "whole numbers",
    );
    rejects(
        &["--opt", "adam", "--y", "lookahead_alpha=0:1"],
        "lookahead_alpha",
        "give lookahead_k",
    );
    rule(
        "schedulefree_sgd",
        "lookahead_k=5",
        "lookahead_k",
        "every other optimizer",
    );
    // L-BFGS: counts, its flag, one learning rate (its dot products couple the coordinates),
    // a history the engines can hold, and no noisy gradient.
    rule("lbfgs", "max_iter=0", "max_iter", "whole number >= 1");
    rule("lbfgs", "max_eval=1.5", "max_eval", "whole number >= 0");
    rule(
        "lbfgs",
        "history_size=2.5",
        "history_size",
        "whole number >= 1",
    );
    rule("lbfgs", "history_size=20000", "history_size", "1 to 10000");
    rule("lbfgs", "tolerance_grad=-1", "tolerance_grad", ">= 0");
    rule("lbfgs", "strong_wolfe=maybe", "strong_wolfe", "true/false");
    rule("lbfgs", "lr_x=0.5", "lr_x", "one learning rate");
    rule(
        "lbfgs",
        "noise=0.1",
        "noise",
        "no noisy or minibatch gradient",
    );
    rejects(
        &["--opt", "lbfgs", "--x", "history_size=1:10"],
        "history_size",
        "whole numbers",
    );
    // Schedule-Free has its own warmup: the warmup schedule would be a second.
    rejects(
        &["--opt", "schedulefree_adamw", "--schedule", "warmup_cosine"],
        "schedule",
        "constant",
    );
}

/// Found by the fuzzer: an empty optimizer list in a config used to panic.
#[test]
fn an_empty_optimizer_list_in_a_config_is_a_clear_error() {
    let dir = temp_dir("empty-opt");
    let config = dir.join("c.toml");
    std::fs::write(&config, "fn = \"ackley\"\nopt = []\n").unwrap();
    let out = dir.join("never");
    assert_fails_cleanly(
        &[
            "sweep",
            "--config",
            config.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &out,
        &["no optimizer", "adam"],
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_unwritable_output_directory_is_a_clear_error() {
    let dir = temp_dir("unwritable");
    let file = dir.join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let target = file.join("sub");
    let o = optgrid(&[
        "sweep",
        "--fn",
        "booth",
        "--opt",
        "sgd",
        "--res",
        "4",
        "--steps",
        "3",
        "--backend",
        "cpu",
        "--out",
        target.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("output directory") && err.contains("cannot be written"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1);
    let _ = std::fs::remove_dir_all(dir);
}

/// Each kind of error has its exit status — 2 invalid input, 3 a resource problem, 4 an
/// internal failure — with one line and nothing written.
#[test]
fn each_kind_of_error_has_its_own_exit_status() {
    let dir = temp_dir("error-kinds");
    let file = dir.join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let sweep = |out: &std::path::Path, lr: &str, fault: Option<&str>| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_optgrid"));
        c.args([
            "sweep", "--fn", "booth", "--opt", "sgd", "--res", "4", "--steps", "3",
        ])
        .args([
            "--backend",
            "cpu",
            "--lr",
            lr,
            "--out",
            out.to_str().unwrap(),
        ]);
        if let Some(kind) = fault {
            c.env("OPTGRID_TEST_FAULT", kind);
        }
        c.output().unwrap()
    };
    let fresh = dir.join("out");
    for (out, lr, fault, code, says) in [
        (&fresh, "-1", None, 2, "invalid lr '-1'"),
        (&file.join("sub"), "0.1", None, 3, "cannot be written"),
        (&fresh, "0.1", Some("resource"), 3, "injected"),
        (&fresh, "0.1", Some("internal"), 4, "internal error"),
    ] {
        let o = sweep(out, lr, fault);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(code), "{fault:?} {lr}: {err}");
        assert!(err.contains(says), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        // Invalid input is refused before anything is made; a run that fails leaves at most
        // the empty directory it was given.
        if code == 2 {
            assert!(!fresh.exists(), "nothing made");
        } else if fresh.exists() {
            let left: Vec<_> = std::fs::read_dir(&fresh).unwrap().flatten().collect();
            assert!(left.is_empty(), "nothing written: {left:?}");
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn with_no_adapter_auto_falls_back_to_the_cpu_and_says_so_while_gpu_is_an_error() {
    let dir = temp_dir("noadapter");
    let run = |backend: &str, out: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_optgrid"))
            .args([
                "sweep",
                "--fn",
                "booth",
                "--opt",
                "sgd",
                "--res",
                "8",
                "--steps",
                "10",
                "--backend",
                backend,
                "--out",
            ])
            .arg(dir.join(out))
            // Point the Vulkan loader and EGL (the OpenGL backend) at no driver at all.
            .env("VK_DRIVER_FILES", "/nonexistent/icd.json")
            .env("VK_ICD_FILENAMES", "/nonexistent/icd.json")
            .env("__EGL_VENDOR_LIBRARY_FILENAMES", "/nonexistent/egl.json")
            .output()
            .unwrap()
    };
    let o = run("auto", "auto");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("no GPU adapter found") && err.contains("CPU backend"),
        "{err}"
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("auto/summary.json")).unwrap()).unwrap();
    assert_eq!(summary["run"]["backend"], "cpu");
    let o = run("gpu", "gpu");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("no GPU adapter found") && err.contains("--backend cpu"),
        "{err}"
    );
    assert!(!dir.join("gpu/figure.png").exists());
    let _ = std::fs::remove_dir_all(dir);
}

/// `optgrid shader --target` writes the kernel in each backend's language: text with the
/// override constants named, SPIR-V as a binary file (refused on a terminal, never half
/// written), and a clear error for a language it does not know.
#[test]
fn shader_prints_the_kernel_in_every_shading_language() {
    let dir = temp_dir("shader-targets");
    for (target, mark) in [
        ("wgsl", "@compute"),
        ("msl", "kernel void"),
        ("hlsl", "[numthreads(64, 1, 1)]"),
        ("glsl", "#version 310 es"),
    ] {
        let o = optgrid(&[
            "shader", "--fn", "ackley", "--opt", "adam", "--target", target,
        ]);
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "{target}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(text.contains(mark), "{target}: no {mark}");
        assert!(
            text.contains("WORKGROUP_SIZE = 64"),
            "{target}: constants named"
        );
    }
    let spv = dir.join("kernel.spv");
    let o = optgrid(&[
        "shader",
        "--fn",
        "booth",
        "--opt",
        "sgd",
        "--criterion",
        "loss",
        "--target",
        "spirv",
        "--out",
        spv.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(&spv).unwrap();
    assert_eq!(
        &bytes[..4],
        &0x0723_0203u32.to_le_bytes(),
        "the SPIR-V magic number"
    );
    assert_eq!(bytes.len() % 4, 0);
    assert_fails_cleanly(
        &[
            "shader", "--fn", "booth", "--opt", "sgd", "--target", "cuda",
        ],
        &dir.join("never"),
        &["--target", "'cuda'", "wgsl, spirv, msl, hlsl or glsl"],
    );
    let _ = std::fs::remove_dir_all(dir);
}
