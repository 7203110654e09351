//! optgrid's integration tests, one binary: the library links once, not once per file (each link
//! of wgpu costs CI a minute). Modules that need a cargo feature are compiled with it; those
//! without one are the CPU tests `cargo test --no-default-features` runs.
//!
//! `cargo test --test suite gpu::` runs one module; every module's doc comment says what it
//! proves.

mod common;

// The library: CPU engine, oracles, records, files. No feature needed.
mod coordinates;
mod engine;
mod fits;
mod golden;
mod layers;
mod memory;
mod objectives;
mod optimizers;
mod oracles;
mod references;
mod schedules;
mod stochastic;
mod trainability;
mod tune;
mod unit;

// The command line (the `optgrid` binary, built with `cli`).
#[cfg(feature = "cli")]
mod cli;
#[cfg(feature = "cli")]
mod figures;
#[cfg(feature = "cli")]
mod formulas;
#[cfg(feature = "cli")]
mod fuzz;
#[cfg(feature = "cli")]
mod shards;
#[cfg(feature = "cli")]
mod trace;
#[cfg(feature = "cli")]
mod zoom;

// The GPU engine and its kernels (`gpu`): parity with the CPU on lavapipe in CI, naga's view of
// every composed pipeline, and Chrome's WebGPU (with `serve`, which serves its page).
#[cfg(feature = "gpu")]
mod gpu;
#[cfg(feature = "gpu")]
mod shaders;
#[cfg(all(feature = "gpu", feature = "serve"))]
mod webgpu;

// The live viewer (`serve`): its API, and the page in a real browser.
#[cfg(feature = "cli")]
mod serve;
#[cfg(feature = "cli")]
mod viewer;
