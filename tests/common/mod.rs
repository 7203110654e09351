//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// A small deterministic generator (xorshift64*), so tests need no RNG crate and never flake.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [lo, hi).
    pub fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A fresh, empty directory under the system temp dir.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("optgrid-test-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the optgrid binary with `args`.
pub fn optgrid(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_optgrid"))
        .args(args)
        .output()
        .expect("run optgrid")
}

/// Runs optgrid with `args`, which must fail cleanly: a non-zero exit, exactly one line on
/// stderr that mentions each of `expect`, no panic, and nothing created at `never` (the `--out`
/// the arguments name).
pub fn assert_fails_cleanly(args: &[&str], never: &std::path::Path, expect: &[&str]) {
    let o = optgrid(args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{args:?} should fail");
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    assert_eq!(err.trim().lines().count(), 1, "{args:?}: one line: {err}");
    for e in expect {
        assert!(err.contains(e), "{args:?}: '{err}' should mention {e}");
    }
    assert!(!never.exists(), "{args:?}: nothing written");
}

/// Debian's Chromium, if installed. Under CI (`CI` set) its absence fails the calling test —
/// browser tests never skip there; elsewhere they print why and skip.
pub fn chromium() -> Option<PathBuf> {
    let path = PathBuf::from("/usr/bin/chromium");
    if path.is_file() {
        return Some(path);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "/usr/bin/chromium is missing: the browser tests need Debian's chromium package \
             (scripts/test.sh installs it when run as root)"
        );
    }
    eprintln!("skipping a browser test: /usr/bin/chromium is missing (apt-get install chromium)");
    None
}

/// Headless Chromium with WebGPU on (SwiftShader when there is no GPU), showing `url` — a
/// 127.0.0.1 page, which WebGPU's secure-context rule allows — with a fresh profile. Killed
/// when dropped.
pub struct Browser {
    child: std::process::Child,
    profile: PathBuf,
}

impl Browser {
    pub fn open(chromium: &std::path::Path, url: &str, name: &str) -> Browser {
        let profile = temp_dir(&format!("chromium-{name}"));
        let child = std::process::Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--enable-unsafe-webgpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(url)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start chromium");
        Browser { child, profile }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}
