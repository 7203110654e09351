//! The library's unit tests (`optgrid::unit_tests`): each runs here, and every one that fails is
//! named with its message. `[lib] test = false` keeps `cargo test` from compiling the library a
//! second time just for them.

use std::panic::{catch_unwind, AssertUnwindSafe};

#[test]
fn the_librarys_unit_tests_pass() {
    let tests = optgrid::unit_tests();
    let failed: Vec<String> = tests
        .iter()
        .filter_map(|(name, test)| {
            let outcome = catch_unwind(AssertUnwindSafe(test));
            outcome.err().map(|e| {
                let message = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                format!("{name}: {message}")
            })
        })
        .collect();
    assert!(
        failed.is_empty(),
        "unit tests failed:\n{}",
        failed.join("\n")
    );
}

/// Every unit test in the library is registered: a `#[test]` under src/ would never run (the
/// library has no test harness), and a test function missing from its module's `ALL` would be
/// skipped without a word.
#[test]
fn every_unit_test_in_the_library_is_run() {
    let mut defined = 0;
    let mut stray = vec![];
    let mut stack = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            // The GPU engine's tests exist only with the `gpu` feature.
            let gpu_only = path.components().any(|c| c.as_os_str() == "gpu");
            if path.extension().is_none_or(|e| e != "rs") || (gpu_only && !cfg!(feature = "gpu")) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            if text.contains("#[test]") || text.contains("#[cfg(test)]") {
                stray.push(path.display().to_string());
            }
            // A module's tests: everything after its `pub mod tests {`, or a whole tests.rs.
            let tests = match text.find("pub mod tests {") {
                Some(at) => &text[at..],
                None if path.file_name().unwrap() == "tests.rs" => &text[..],
                None => "",
            };
            defined += tests
                .lines()
                .filter(|l| l.trim_start().starts_with("pub fn "))
                .count();
        }
    }
    assert!(
        stray.is_empty(),
        "unit tests the library's build never runs (use a `unit-tests` module): {stray:?}"
    );
    let registered = optgrid::unit_tests().len();
    assert_eq!(
        registered, defined,
        "test functions in the library's tests modules against those in their ALL lists"
    );
    assert!(registered >= 22);
}
