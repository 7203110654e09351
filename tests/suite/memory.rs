//! Bounded memory: a sweep written straight to disk holds two blocks of records at a time (one
//! computed, one written), so a map many blocks large peaks at the resident memory of a map two
//! blocks large. Measured alone in a process of its own, so no other test's allocations move
//! the peak.

use optgrid::engine::cpu::CpuEngine;
use optgrid::engine::Silent;
use optgrid::model::objective::ObjectiveKind;
use optgrid::model::optimizer::Optimizer;
use optgrid::output::Outputs;
use optgrid::spec::sweep::{Precision, SweepSpec};

use crate::common;

/// The process's peak resident memory so far (VmHWM), in bytes.
fn peak_resident() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/self/status");
    kb * 1024
}

fn sweep([w, h]: [u32; 2], dir: &std::path::Path) -> u64 {
    let mut spec = SweepSpec::new(ObjectiveKind::Himmelblau, Optimizer::Adam);
    spec.res = [w, h];
    spec.steps = 1;
    spec.set("lr", 0.05);
    let mut engine = CpuEngine::new(Precision::F32);
    let done = optgrid::run::run_to_dir(&spec, &mut engine, &Silent, dir, Outputs::ALL).unwrap();
    assert_eq!(done.summary.stats.instances, (w * h) as usize);
    // What a script reads back is whole.
    let npz = std::fs::metadata(dir.join("result.npz")).unwrap().len();
    assert!(npz > 21 * u64::from(w * h), "result.npz: {npz} bytes");
    peak_resident()
}

#[test]
fn resident_memory_stays_flat_as_the_map_grows() {
    common::in_own_process("memory::peak_resident_memory_alone");
}

#[test]
#[ignore = "run alone in a process of its own by resident_memory_stays_flat_as_the_map_grows"]
fn peak_resident_memory_alone() {
    let dir = common::temp_dir("memory");
    // Two blocks of 2²² instances (one being written while the engine computes the next) and
    // the preview at full size: everything a run holds at once.
    let small = sweep([4096, 2048], &dir);
    // Six blocks: whole records alone would be 16.8 M × 33 bytes ≈ 550 MB more.
    let big = sweep([4096, 6144], &dir);
    let grown = big.saturating_sub(small);
    println!(
        "peak resident: {} MB after a 4096×2048 map, {} MB after a 4096×6144 map (+{} MB)",
        small >> 20,
        big >> 20,
        grown >> 20
    );
    assert!(
        grown < 150 << 20,
        "peak resident memory grew by {} MB from a two-block map to a six-block one",
        grown >> 20
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A map held whole in memory (the viewer, the Python package) is refused above the in-memory
/// limit with a clear error, before anything is allocated; the CLI's streaming sweep is not.
#[test]
fn a_map_too_large_to_hold_in_memory_is_refused_not_attempted() {
    let mut spec = SweepSpec::new(ObjectiveKind::Himmelblau, Optimizer::Adam);
    spec.res = [32768, 16384];
    let mut engine = CpuEngine::new(Precision::F32);
    let err = match optgrid::run::run(&spec, &mut engine, &Silent) {
        Ok(_) => panic!("a 32768x16384 map was held in memory"),
        Err(e) => e.to_string(),
    };
    assert!(
        err.contains("32768x16384") && err.contains("in memory") && err.contains("optgrid sweep"),
        "{err}"
    );
    let (_, plan) = optgrid::run::plan(&spec).unwrap();
    assert_eq!(plan.instances(), 1 << 29);
}
