//! `optgrid zoom` end to end: frames nested geometrically around the centre, each in the
//! precision its pixels need (f32, then f64), the boundary's dimension at every depth, the
//! frames, GIF, MP4 (ffmpeg: required under CI), plot and `zoom.json`; and bad zooms refused
//! in one line before anything is written.

use crate::common;
use common::{fails_cleanly, optgrid_line, temp_dir};
use serde_json::Value;

/// fit_line under SGD over lr_x × lr_y: its convergence boundary is a smooth curve (spectral
/// radius 1), through (1, 0.6) or so; a point on it found below.
const FIT_LINE: &str =
    "--fn fit_line --opt sgd --start 1,0 --examples 16 --steps 400 --tol 0.05 --backend cpu -q";

#[test]
fn a_zoom_writes_nested_frames_switching_to_f64_past_f32s_resolution() {
    let dir = temp_dir("zoom");
    let out = dir.join("z");
    // lr_y where the boundary crosses lr_x = 0.5, narrowed by lines of 1,000 pixels in f64 to
    // well below the last frame's pixels.
    let line = dir.join("line");
    let (mut lo, mut hi) = (0.1f64, 10.0f64);
    for _ in 0..5 {
        let o = optgrid_line(&format!(
            "sweep {FIT_LINE} --x lr_x=0.5:0.5000001 --y lr_y={lo:?}:{hi:?} --res 2x1000 \
             --precision f64 --outputs npz --out {}",
            line.display()
        ));
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let npz = common::read_npz(&line.join("result.npz"));
        let ys: Vec<f64> = npz["y_values"]
            .bytes
            .chunks(8)
            .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
            .collect();
        let status = &npz["status"].bytes;
        let k = (1..ys.len())
            .find(|&r| status[2 * r] != status[2 * (r - 1)])
            .expect("a boundary on the line");
        (lo, hi) = (ys[k - 1], ys[k]);
    }
    let centre_y = (lo + hi) / 2.0;

    let o = optgrid_line(&format!(
        "zoom {FIT_LINE} --x lr_x=1e-2:10:log --y lr_y=1e-2:10:log --dimension status --res 128 --center 0.5,{centre_y} --to 1e-7 --frames 10 --out {}",
        out.display()
    ));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: Value =
        serde_json::from_slice(&std::fs::read(out.join("zoom.json")).unwrap()).unwrap();
    let frames = json["frames"].as_array().unwrap();
    assert_eq!(frames.len(), 10);
    // Geometric: each frame's x width (decades) the same factor of the last; all around the
    // centre.
    let widths: Vec<f64> = frames
        .iter()
        .map(|f| (f["x"][1].as_f64().unwrap() / f["x"][0].as_f64().unwrap()).log10())
        .collect();
    assert!((widths[0] - 3.0).abs() < 1e-9, "first width {}", widths[0]);
    for w in widths.windows(2) {
        let ratio = w[1] / w[0];
        assert!(
            (ratio - (1e-7f64 / 3.0).powf(1.0 / 9.0)).abs() < 1e-6,
            "{ratio}"
        );
    }
    for f in frames {
        let [lo, hi] = [f["y"][0].as_f64().unwrap(), f["y"][1].as_f64().unwrap()];
        assert!(lo < centre_y && centre_y < hi);
    }
    // f32 first, f64 once the pixels are closer than f32 resolves; never back.
    let precisions: Vec<&str> = frames
        .iter()
        .map(|f| f["precision"].as_str().unwrap())
        .collect();
    let switch = precisions
        .iter()
        .position(|p| *p == "f64")
        .expect("some frames in f64");
    assert!(switch >= 3, "{precisions:?}");
    assert!(
        precisions[switch..].iter().all(|p| *p == "f64"),
        "{precisions:?}"
    );
    // A smooth curve at every depth: dimension 1 wherever the frame has enough boundary.
    let mut measured = 0;
    for f in frames {
        let d = &f["boundary_dimension"];
        assert!(!d.is_null(), "frame {} lost the boundary", f["index"]);
        if d["boundary_pixels"].as_u64().unwrap() >= 100 {
            let v = d["dimension"].as_f64().unwrap();
            assert!(
                (v - 1.0).abs() < 0.15,
                "frame {}: dimension {v}",
                f["index"]
            );
            measured += 1;
        }
    }
    assert!(measured >= 8, "{measured} frames measured");
    // The files.
    for k in 0..10 {
        let img = image::open(out.join(format!("frames/{k:04}.png"))).unwrap();
        assert_eq!((img.width(), img.height()), (128, 128));
    }
    let gif = std::fs::read(out.join("zoom.gif")).unwrap();
    assert_eq!(&gif[..6], b"GIF89a");
    assert!(image::open(out.join("dimension.png")).unwrap().width() > 400);
    let ffmpeg = std::process::Command::new("ffmpeg")
        .arg("-version")
        .output()
        .is_ok();
    if std::env::var_os("CI").is_some() {
        assert!(
            ffmpeg,
            "CI: ffmpeg is missing (scripts/test.sh installs it)"
        );
    }
    if ffmpeg {
        let mp4 = std::fs::read(out.join("zoom.mp4")).unwrap();
        assert_eq!(&mp4[4..8], b"ftyp", "an MP4 container");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_zooms_are_refused_in_one_line_before_anything_is_written() {
    let base = "zoom --fn himmelblau --opt sgd --res 32 --steps 20 --backend cpu";
    // Deeper than f64 resolves at these pixels: the deepest width that works is named.
    fails_cleanly(
        &format!("{base} --center 3,2 --to 1e-14"),
        &["--to", "width of at least"],
    );
    // f32 asked for, past its resolution.
    fails_cleanly(
        &format!("{base} --precision f32 --center 3,2 --to 1e-6"),
        &["--to", "f32"],
    );
    fails_cleanly(
        &format!("{base} --center 3,2 --to 0.1 --frames 1"),
        &["--frames", "at least 2"],
    );
    fails_cleanly(&format!("{base} --center 3,2 --to 0"), &["--to"]);
    fails_cleanly(&format!("{base} --center 3 --to 0.1"), &["--center"]);
    fails_cleanly(
        &format!("{base} --center 3,2 --to 0.1 --map ridges"),
        &["--map", "trainability"],
    );
    fails_cleanly(
        &format!("{base} --center 3,2 --to 0.1 --frames 3 --shard 0/4"),
        &["--shard", "at most 3 shards"],
    );
    fails_cleanly(
        "zoom --fn himmelblau --opt sgd --x lr=1e-3:1:log --res 32 --steps 20 --center -1,2 --to 0.1",
        &["--center x", "log axis"],
    );
}

/// A zoom in shards, one by `--shard K/N` and one by a Slurm array's index, merged: the frames
/// and what zoom.json measures are the single zoom's; a merge short of a shard, of a frame, or
/// mixing two zooms is refused.
#[test]
fn a_sharded_zoom_merges_into_the_single_zooms_files() {
    let dir = temp_dir("zoom-shards");
    let zoom = "zoom --fn himmelblau --opt sgd --lr 0.02 --steps 100 --res 48 --backend cpu -q \
                --center=-3.78,-3.28 --to 1e-6 --frames 5";
    let run = |extra: &str, env: &[(&str, &str)]| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_optgrid"))
            .args(format!("{zoom} {extra}").split_whitespace())
            .envs(env.iter().copied())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let single = dir.join("single");
    let sharded = dir.join("sharded");
    run(&format!("--out {}", single.display()), &[]);
    run(&format!("--shard 0/2 --out {}", sharded.display()), &[]);
    run(
        &format!("--shard auto --out {}", sharded.display()),
        &[
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "2"),
        ],
    );
    let shards = [sharded.join("shard-0-of-2"), sharded.join("shard-1-of-2")];
    // Every other frame in each.
    assert!(shards[0].join("frames/0004.png").is_file());
    assert!(!shards[0].join("frames/0003.png").exists());
    let merge = |out: &std::path::Path, dirs: &[&std::path::Path]| {
        let mut args = vec!["merge", "-q", out.to_str().unwrap()];
        args.extend(dirs.iter().map(|d| d.to_str().unwrap()));
        common::optgrid(&args)
    };
    let o = merge(&sharded, &[&shards[1], &shards[0]]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json = |d: &std::path::Path| -> Value {
        serde_json::from_slice(&std::fs::read(d.join("zoom.json")).unwrap()).unwrap()
    };
    let (a, b) = (json(&single), json(&sharded));
    let frames = a["frames"].as_array().unwrap();
    assert_eq!(frames.len(), 5);
    assert!(frames.iter().any(|f| f["precision"] == "f64"));
    for (k, (f, g)) in frames
        .iter()
        .zip(b["frames"].as_array().unwrap())
        .enumerate()
    {
        for key in [
            "index",
            "x",
            "y",
            "precision",
            "boundary_dimension",
            "converged_fraction",
        ] {
            assert_eq!(f[key], g[key], "frame {k}: {key}");
        }
        let png = format!("frames/{k:04}.png");
        assert_eq!(
            std::fs::read(single.join(&png)).unwrap(),
            std::fs::read(sharded.join(&png)).unwrap(),
            "{png}"
        );
    }
    assert_eq!(a["zoom"], b["zoom"]);
    for file in ["zoom.gif", "dimension.png"] {
        assert!(sharded.join(file).is_file(), "{file}");
    }

    let refused = |dirs: &[&std::path::Path], expect: &[&str]| {
        let out = dir.join("refused");
        let o = merge(&out, dirs);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success());
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        for e in expect {
            assert!(err.contains(e), "'{e}' not in: {err}");
        }
        assert!(!out.join("zoom.json").exists());
    };
    refused(&[&shards[0]], &["shard 1 of 2 is missing"]);
    // Another zoom's shard.
    let other = dir.join("other");
    run(
        &format!("--shard 1/2 --fps 4 --out {}", other.display()),
        &[],
    );
    refused(
        &[&shards[0], &other.join("shard-1-of-2")],
        &["different zoom"],
    );
    std::fs::remove_file(shards[1].join("frames/0003.png")).unwrap();
    refused(&[&shards[0], &shards[1]], &["0003.png", "missing"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn precision_auto_takes_f64_only_where_f32_cannot_tell_the_pixels_apart() {
    let dir = temp_dir("auto-precision");
    let precision = |axes: &str| {
        let out = dir.join("p");
        let o = optgrid_line(&format!(
            "sweep --fn himmelblau --opt sgd {axes} --res 64 --steps 10 --precision auto \
             --backend cpu --outputs npz -q --out {}",
            out.display()
        ));
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let s: Value =
            serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
        s["spec"]["precision"].as_str().unwrap().to_string()
    };
    // The domain: f32. 3 ± 1e-5 over 64 pixels: 3e-7 apart, about 1 f32 ulp at 3: f64.
    assert_eq!(precision(""), "f32");
    assert_eq!(
        precision("--x x0=2.99999:3.00001 --y y0=1.99999:2.00001"),
        "f64"
    );
    // 1e-3 ± 1e-9 on a log axis of lr: relative spacing 3e-8, under f32's 16 ulps.
    assert_eq!(precision("--x lr=1e-3:1.000001e-3:log"), "f64");
    // Closer than f64 resolves: refused.
    fails_cleanly(
        "sweep --fn himmelblau --opt sgd --x x0=3:3.000000000000001 --res 64 --precision auto",
        &["precision auto", "f64"],
    );
    fails_cleanly(
        "sweep --fn himmelblau --opt sgd --precision f16",
        &["--precision", "f32, f64 or auto"],
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The same zoom on the GPU (lavapipe here): its f32 frames on the GPU, its f64 frames on the GPU
/// in f64, each frame's map matching the CPU's at least as the parity tests require.
#[cfg(feature = "gpu")]
#[test]
fn a_zoom_on_the_gpu_draws_the_cpus_frames_in_both_precisions() {
    let dir = temp_dir("zoom-gpu");
    let zoom = |backend: &str| {
        let out = dir.join(backend);
        let o = optgrid_line(&format!(
            "zoom --fn himmelblau --opt sgd --lr 0.02 --steps 300 --res 64 --map basins \
             --backend {backend} -q --center=-3.78,-3.28 --to 1e-6 --frames 6 --out {}",
            out.display()
        ));
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let json: Value =
            serde_json::from_slice(&std::fs::read(out.join("zoom.json")).unwrap()).unwrap();
        (out, json)
    };
    let (cpu_dir, cpu) = zoom("cpu");
    let (gpu_dir, gpu) = zoom("gpu");
    let frames = gpu["frames"].as_array().unwrap();
    let precisions: Vec<&str> = frames
        .iter()
        .map(|f| f["precision"].as_str().unwrap())
        .collect();
    assert!(
        precisions.contains(&"f32") && precisions.contains(&"f64"),
        "{precisions:?}"
    );
    for (k, f) in frames.iter().enumerate() {
        assert!(
            f["backend"].as_str().unwrap().starts_with("gpu"),
            "frame {k} ran on {}",
            f["backend"]
        );
        assert_eq!(f["precision"], cpu["frames"][k]["precision"]);
        let a = image::open(cpu_dir.join(format!("frames/{k:04}.png")))
            .unwrap()
            .to_rgb8();
        let b = image::open(gpu_dir.join(format!("frames/{k:04}.png")))
            .unwrap()
            .to_rgb8();
        let same = a.pixels().zip(b.pixels()).filter(|(p, q)| p == q).count();
        assert!(
            same as f64 >= 0.99 * f64::from(a.width() * a.height()),
            "frame {k} ({}): {same} of {} pixels agree",
            f["precision"],
            a.width() * a.height()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
