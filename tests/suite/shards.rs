//! Shards and merges (`sweep --shard`, `optgrid merge`): merged files equal a single run's bit
//! for bit, K and N come from a scheduler's environment, and every bad shard is refused with
//! one line, leaving nothing behind.

use crate::common;

use common::{assert_fails_cleanly, fails_cleanly, optgrid, temp_dir};
use std::path::{Path, PathBuf};
use std::process::Command;

/// 53 × 23: 23 rows divide by none of 3 and 7.
const SWEEP: &str =
    "sweep --fn himmelblau --opt adam --lr 0.05 --res 53x23 --steps 120 --backend cpu -q";

fn run_ok(args: &[&str], env: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_optgrid"));
    cmd.args(args);
    for var in [
        "SLURM_ARRAY_TASK_ID",
        "SLURM_ARRAY_TASK_COUNT",
        "SLURM_ARRAY_TASK_MIN",
        "SLURM_ARRAY_TASK_MAX",
        "JOB_COMPLETION_INDEX",
    ] {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn sweep(extra: &[&str], env: &[(&str, &str)]) {
    let mut args: Vec<&str> = SWEEP.split_whitespace().collect();
    args.extend(extra);
    run_ok(&args, env);
}

fn shards_of(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with("shard-")
        })
        .collect();
    v.sort();
    v
}

/// `optgrid merge OUT SHARD...` as arguments.
fn merge_args(out: &Path, shards: &[PathBuf]) -> Vec<String> {
    let mut args = vec!["merge".to_string(), out.display().to_string()];
    args.extend(shards.iter().map(|p| p.display().to_string()));
    args
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

fn merge(out: &Path, shards: &[PathBuf]) {
    let mut args = merge_args(out, shards);
    args.push("-q".into());
    run_ok(&strs(&args), &[]);
}

fn bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The single run everything is compared with.
fn single(dir: &Path) -> PathBuf {
    let one = dir.join("single");
    sweep(&["--out", one.to_str().unwrap()], &[]);
    one
}

#[test]
fn merged_shards_equal_a_single_run_bit_for_bit() {
    let dir = temp_dir("shards-merge");
    let one = single(&dir);
    for n in [1, 3, 7] {
        let shards = dir.join(format!("n{n}"));
        for k in 0..n {
            let s = format!("{k}/{n}");
            sweep(&["--out", shards.to_str().unwrap(), "--shard", &s], &[]);
        }
        let found = shards_of(&shards);
        assert_eq!(found.len(), n);
        // Any order on the command line.
        let mut given = found.clone();
        given.reverse();
        let out = dir.join(format!("merged{n}"));
        merge(&out, &given);
        for file in [
            "result.npz",
            "basins.png",
            "steps.png",
            "loss.png",
            "figure.png",
        ] {
            assert!(
                bytes(&one.join(file)) == bytes(&out.join(file)),
                "N = {n}: {file} differs from the single run's"
            );
        }
        let summary = |d: &Path| -> serde_json::Value {
            serde_json::from_slice(&bytes(&d.join("summary.json"))).unwrap()
        };
        let (a, b) = (summary(&one), summary(&out));
        for key in [
            "stats",
            "colour_scales",
            "minima",
            "spec",
            "width",
            "height",
            "instance_steps",
        ] {
            assert_eq!(a[key], b[key], "N = {n}: summary {key}");
        }
        // Each shard holds only its rows.
        let rows: Vec<usize> = found
            .iter()
            .map(|d| {
                let info: serde_json::Value =
                    serde_json::from_slice(&bytes(&d.join("shard.json"))).unwrap();
                (info["rows"][1].as_u64().unwrap() - info["rows"][0].as_u64().unwrap()) as usize
            })
            .collect();
        assert_eq!(rows.iter().sum::<usize>(), 23, "N = {n}: {rows:?}");
        assert!(rows.iter().max().unwrap() - rows.iter().min().unwrap() <= 1);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Environment variables a scheduler sets.
type Env<'a> = &'a [(&'a str, &'a str)];

#[test]
fn shard_index_comes_from_slurm_or_kubernetes() {
    let dir = temp_dir("shards-env");
    let out = dir.to_str().unwrap();
    let cases: [(Env, &[&str], &str); 4] = [
        (
            &[
                ("SLURM_ARRAY_TASK_ID", "1"),
                ("SLURM_ARRAY_TASK_COUNT", "3"),
            ],
            &["--shard", "auto"],
            "shard-1-of-3",
        ),
        (
            &[
                ("SLURM_ARRAY_TASK_ID", "6"),
                ("SLURM_ARRAY_TASK_MIN", "4"),
                ("SLURM_ARRAY_TASK_MAX", "7"),
            ],
            &["--shard", "auto"],
            "shard-2-of-4",
        ),
        (
            &[("JOB_COMPLETION_INDEX", "4")],
            &["--shards", "5"],
            "shard-4-of-5",
        ),
        (
            &[("JOB_COMPLETION_INDEX", "0")],
            &["--shard", "auto", "--shards", "12"],
            "shard-00-of-12",
        ),
    ];
    for (env, flags, name) in cases {
        let mut extra = vec!["--out", out];
        extra.extend(flags);
        sweep(&extra, env);
        assert!(
            dir.join(name).join("shard.json").exists(),
            "{env:?} {flags:?} → {name}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_shard_flags_are_refused() {
    fails_cleanly(
        &format!("{SWEEP} --shard 3/3"),
        &["--shard 3/3", "K must be below N"],
    );
    fails_cleanly(
        &format!("{SWEEP} --shard 0/24"),
        &["--shard 0/24", "23 rows"],
    );
    fails_cleanly(&format!("{SWEEP} --shard two/3"), &["--shard", "K/N"]);
    fails_cleanly(&format!("{SWEEP} --shard 1/3 --shards 4"), &["disagree"]);
    fails_cleanly(&format!("{SWEEP} --shards 0"), &["--shards", "at least 1"]);
    fails_cleanly(
        &format!("{SWEEP} --outputs npz,pictures"),
        &["outputs", "pictures", "npz, maps, figure"],
    );
    fails_cleanly(
        "sweep --fn himmelblau --opt adam --lr 0.01,0.05 --res 16 --steps 10 --backend cpu --shard 0/2",
        &["--shard", "panels"],
    );
    // auto with no scheduler in the environment.
    let never = temp_dir("shards-auto").join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_optgrid"))
        .args(SWEEP.split_whitespace())
        .args(["--shard", "auto", "--out", never.to_str().unwrap()])
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("JOB_COMPLETION_INDEX")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success()
            && err.contains("SLURM_ARRAY_TASK_ID")
            && err.contains("JOB_COMPLETION_INDEX"),
        "{err}"
    );
    assert!(!never.exists());
}

/// Rewrites a shard's shard.json through `edit`.
fn edit_info(shard: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let path = shard.join("shard.json");
    let mut v: serde_json::Value = serde_json::from_slice(&bytes(&path)).unwrap();
    edit(&mut v);
    std::fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
}

#[test]
fn bad_shards_are_refused_and_nothing_is_left_behind() {
    let dir = temp_dir("shards-bad");
    let good = dir.join("good");
    for k in 0..3 {
        sweep(
            &[
                "--out",
                good.to_str().unwrap(),
                "--shard",
                &format!("{k}/3"),
            ],
            &[],
        );
    }
    let s = shards_of(&good);
    // A copy of the good shards, broken one way.
    let broken = |name: &str, damage: &dyn Fn(&[PathBuf])| -> Vec<PathBuf> {
        let d = dir.join(name);
        std::fs::create_dir_all(&d).unwrap();
        let copies: Vec<PathBuf> = s
            .iter()
            .map(|src| {
                let to = d.join(src.file_name().unwrap());
                std::fs::create_dir_all(&to).unwrap();
                for f in ["shard.json", "shard.npz"] {
                    std::fs::copy(src.join(f), to.join(f)).unwrap();
                }
                to
            })
            .collect();
        damage(&copies);
        copies
    };
    let refuse = |shards: &[PathBuf], expect: &[&str]| {
        let out = dir.join("never");
        assert_fails_cleanly(&strs(&merge_args(&out, shards)), &out, expect);
    };
    let other_spec = dir.join("other");
    let mut args: Vec<&str> = SWEEP.split_whitespace().collect();
    args.extend([
        "--param",
        "beta1=0.8",
        "--shard",
        "1/3",
        "--out",
        other_spec.to_str().unwrap(),
    ]);
    run_ok(&args, &[]);
    refuse(
        &[
            s[0].clone(),
            shards_of(&other_spec)[0].clone(),
            s[2].clone(),
        ],
        &["different spec", "shard-1-of-3"],
    );
    let other_binary = broken("binary", &|c| {
        edit_info(&c[2], |v| v["binary"] = "optgrid 0.0.1 (deadbeef)".into())
    });
    refuse(&other_binary, &["different optgrid binary", "shard-2-of-3"]);
    refuse(&s[..2], &["shard 2 of 3 is missing"]);
    refuse(
        &[s[0].clone(), s[1].clone(), s[1].clone()],
        &["shard 1 of 3 is given twice"],
    );
    let killed = broken("killed", &|c| {
        std::fs::remove_file(c[1].join("shard.json")).unwrap()
    });
    refuse(
        &killed,
        &["shard-1-of-3", "no shard.json", "did not finish"],
    );
    let truncated = broken("truncated", &|c| {
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(c[0].join("shard.npz"))
            .unwrap();
        f.set_len(1000).unwrap();
    });
    refuse(&truncated, &["shard-0-of-3", "half-written"]);
    // A flipped bit inside the data: found by the checksum, after the merge began — still
    // nothing is left in the output directory but the directory.
    let damaged = broken("damaged", &|c| {
        let path = c[2].join("shard.npz");
        let mut b = bytes(&path);
        let at = b.len() / 2;
        b[at] ^= 0x10;
        std::fs::write(&path, b).unwrap();
    });
    let out = dir.join("merge-damaged");
    let o = optgrid(&strs(&merge_args(&out, &damaged)));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && err.contains("checksum") && err.contains("shard-2-of-3"),
        "{err}"
    );
    let left: Vec<_> = std::fs::read_dir(&out)
        .map(|d| d.count())
        .into_iter()
        .collect();
    assert!(
        left.iter().all(|&n| n == 0),
        "files left in {}",
        out.display()
    );
    // An output directory that cannot be made.
    let file = dir.join("a-file");
    std::fs::write(&file, b"").unwrap();
    let under_file = file.join("out");
    assert_fails_cleanly(
        &strs(&merge_args(&under_file, &s)),
        &under_file,
        &["cannot be written"],
    );
    refuse(&[dir.join("nowhere")], &["nowhere", "no such directory"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn outputs_choose_the_files() {
    let dir = temp_dir("shards-outputs");
    let out = dir.join("o");
    sweep(&["--out", out.to_str().unwrap(), "--outputs", "maps"], &[]);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "basins.png",
            "loss.png",
            "spec.toml",
            "steps.png",
            "summary.json"
        ]
    );
    let one = single(&dir);
    assert!(bytes(&one.join("steps.png")) == bytes(&out.join("steps.png")));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every file in `dir` and below.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_below(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Starts `args`, waits until it has a file of over a megabyte open under `dir` — the run is
/// writing its outputs — and kills it with SIGKILL, as a preempted cluster job is killed.
fn kill_mid_write(args: &[&str], dir: &Path) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_optgrid"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let fds = PathBuf::from(format!("/proc/{}/fd", child.id()));
    let started = std::time::Instant::now();
    let writing = loop {
        let open: Vec<String> = std::fs::read_dir(&fds)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| std::fs::metadata(e.path()).is_ok_and(|m| m.len() > 1 << 20))
            .filter_map(|e| std::fs::read_link(e.path()).ok())
            .map(|t| t.to_string_lossy().into_owned())
            .filter(|t| t.starts_with(dir.to_str().unwrap()))
            .collect();
        if let Some(file) = open.into_iter().next() {
            break file;
        }
        assert!(
            started.elapsed().as_secs() < 60 && child.try_wait().unwrap().is_none(),
            "{args:?} never wrote under {}",
            dir.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    std::thread::sleep(std::time::Duration::from_millis(100));
    child.kill().unwrap();
    child.wait().unwrap();
    println!("killed {args:?} while it wrote {writing}");
}

/// A sweep, a shard and a merge killed mid-write (SIGKILL: no handler runs) leave no file
/// behind: their outputs have no name until they are complete (Linux's O_TMPFILE). A
/// temporary of a killed run where files cannot be unnamed is removed by the next run.
#[test]
fn a_killed_run_leaves_nothing_behind() {
    let dir = temp_dir("shards-killed");
    let big = "--fn himmelblau --opt adam --lr 0.05 --res 2048 --steps 1 --backend cpu -q";
    // A shard's and a merge's inputs, written whole first.
    let shards = dir.join("shards");
    for k in ["0/2", "1/2"] {
        let mut args: Vec<&str> = "sweep"
            .split_whitespace()
            .chain(big.split_whitespace())
            .collect();
        args.extend(["--shard", k, "--out", shards.to_str().unwrap()]);
        run_ok(&args, &[]);
    }
    let cases: Vec<(PathBuf, Vec<String>)> = vec![
        (dir.join("sweep"), vec!["sweep".into()]),
        (
            dir.join("shard"),
            vec!["sweep".into(), "--shard".into(), "1/2".into()],
        ),
        (dir.join("merge"), vec!["merge".into()]),
    ];
    for (out, head) in cases {
        let mut args: Vec<String> = head.clone();
        if head[0] == "merge" {
            args.push(out.to_str().unwrap().into());
            for k in 0..2 {
                args.push(
                    shards
                        .join(format!("shard-{k}-of-2"))
                        .to_str()
                        .unwrap()
                        .into(),
                );
            }
        } else {
            args.extend(big.split_whitespace().map(String::from));
            args.extend(["--out".into(), out.to_str().unwrap().into()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        kill_mid_write(&args, &out);
        let left = files_below(&out);
        assert!(left.is_empty(), "{args:?} killed mid-write left {left:?}");
    }
    // Where unnamed files are not to be had, a temporary carries its host and process; the
    // next run into the directory removes those of processes that are gone.
    let out = dir.join("stale");
    std::fs::create_dir_all(&out).unwrap();
    let host = optgrid::output::atomic::host();
    let stale = out.join(format!("result.npz.tmp-{host}-{}", 1u32 << 30));
    std::fs::write(&stale, b"half a map").unwrap();
    sweep(&["--out", out.to_str().unwrap()], &[]);
    assert!(!stale.exists(), "the dead run's temporary is removed");
    assert!(out.join("result.npz").exists());
    let _ = std::fs::remove_dir_all(dir);
}
