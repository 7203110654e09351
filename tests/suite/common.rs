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

/// Runs the ignored test `name` (a full path, `memory::...`) alone in a process of its own — a
/// child of this test binary — and fails if it fails: for tests that measure the whole
/// process, which the other tests of this binary share.
pub fn in_own_process(name: &str) {
    let o = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            name,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .output()
        .expect("run the test binary");
    let out = String::from_utf8_lossy(&o.stdout);
    print!("{out}");
    assert!(
        o.status.success() && out.contains("1 passed"),
        "{name} in a process of its own failed:\n{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A fresh, empty directory under the system temp dir.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("optgrid-test-{}-{}", name, std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the optgrid binary with `args`.
#[cfg(feature = "cli")]
pub fn optgrid(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_optgrid"))
        .args(args)
        .output()
        .expect("run optgrid")
}

/// Runs optgrid with `args`, which must fail cleanly: a non-zero exit, exactly one line on
/// stderr that mentions each of `expect`, no panic, and nothing created at `never` (the `--out`
/// the arguments name).
#[cfg(feature = "cli")]
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

/// [`assert_fails_cleanly`] for a command line written as one string (split on whitespace), with
/// `--out` pointed at a fresh directory that must not appear.
#[cfg(feature = "cli")]
pub fn fails_cleanly(command: &str, expect: &[&str]) {
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let never = temp_dir(&format!("never-{call}")).join("out");
    let mut args: Vec<&str> = command.split_whitespace().collect();
    let out = never.to_str().unwrap().to_string();
    args.extend(["--out", &out]);
    assert_fails_cleanly(&args, &never, expect);
}

/// Runs optgrid with a command line written as one string (split on whitespace).
#[cfg(feature = "cli")]
pub fn optgrid_line(command: &str) -> std::process::Output {
    optgrid(&command.split_whitespace().collect::<Vec<_>>())
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

/// A reply from [`http`].
pub struct HttpReply {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl HttpReply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(300)])
            )
        })
    }
}

/// One HTTP/1.1 request to `127.0.0.1:port` over a fresh connection (closed after the reply):
/// enough of a client for loopback tests of `optgrid serve`.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> HttpReply {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a header block");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut body = raw[split + 4..].to_vec();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let header = |name: &str| {
        head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    };
    if header("Transfer-Encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        body = dechunk(&body);
    }
    HttpReply {
        status,
        content_type: header("Content-Type").unwrap_or_default(),
        body,
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&data[..line_end])
                .split(';')
                .next()
                .unwrap()
                .trim(),
            16,
        )
        .unwrap();
        data = &data[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

/// An `optgrid serve` on a free loopback port, in this process, on the CPU backend.
#[cfg(feature = "serve")]
pub fn start_server() -> u16 {
    let server = optgrid::serve::Server::bind(optgrid::serve::ServeOptions {
        port: 0,
        backend: optgrid::engine::BackendChoice::Cpu,
        max_res: 512,
        max_steps: 20_000,
        ..optgrid::serve::ServeOptions::default()
    })
    .expect("bind a loopback port");
    let port: u16 = server
        .url()
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    std::thread::spawn(move || server.run());
    port
}

/// One array of an .npz as stored.
pub struct Array {
    pub shape: Vec<u64>,
    pub dtype: String,
    pub bytes: Vec<u8>,
}

/// Reads every array of an .npz: shape, numpy dtype string and raw bytes.
pub fn read_npz(path: &std::path::Path) -> std::collections::HashMap<String, Array> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = std::collections::HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().trim_end_matches(".npy").to_string();
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut buf).unwrap();
        let npy = npyz::NpyFile::new(&buf[..]).unwrap();
        let shape = npy.shape().to_vec();
        let dtype = npy.dtype().descr().trim_matches('\'').to_string();
        let header_len = buf.len() - (npy.len() as usize) * npy.dtype().num_bytes().unwrap();
        out.insert(
            name,
            Array {
                shape,
                dtype,
                bytes: buf[header_len..].to_vec(),
            },
        );
    }
    out
}
