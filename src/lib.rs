//! optgrid: very many independent optimizer instances on 2-D test functions, run on the GPU or
//! the CPU, turned into maps and data.
//!
//! Data flow: [`spec::request::Request`] (flags, configs) → [`spec::sweep::SweepSpec`] (what the
//! user asked) → [`spec::plan::Plan`] (validated, resolved) → an [`engine::Engine`] →
//! [`records::Records`] (per instance) → [`output`] (maps, figures, files). [`run`] ties one
//! sweep together; [`trace`] and [`bench`] drive the same pieces for races and speed.
//! `ARCHITECTURE.md` is the map.

//!
//! Cargo features: the engine and its outputs are always built; `gpu` (the wgpu engine),
//! `serve` (the live viewer), `bench` (the benchmarks) and `shard` (maps split across machines)
//! are taken as needed; `cli` (the default) is all of them and the command line ([`cli`], which
//! the binary and `python -m optgrid` share).

#[cfg(feature = "bench")]
pub mod bench;
#[cfg(feature = "cli")]
pub mod cli;
pub mod engine;
pub mod error;
pub mod model;
pub mod output;
pub mod records;
pub mod run;
#[cfg(feature = "serve")]
pub mod serve;
#[cfg(feature = "shard")]
pub mod shard;
pub mod spec;
pub mod trace;
pub mod tune;
pub mod zoom;

pub use error::{Error, Result};

/// One module's unit tests, by name (its `tests::ALL`).
#[cfg(feature = "unit-tests")]
#[doc(hidden)]
pub type UnitTests = &'static [(&'static str, fn())];

/// The library's unit tests, each by its module path and name, for the test suite
/// (`tests/suite/unit.rs`). They live beside the code they test, with access to its private
/// parts, but are compiled only with the `unit-tests` feature, which the suite's build turns
/// on: so `cargo test` builds the library once, not a second time with `cfg(test)`.
#[cfg(feature = "unit-tests")]
#[doc(hidden)]
pub fn unit_tests() -> Vec<(String, fn())> {
    let modules: &[(&str, UnitTests)] = &[
        ("bench::roofline", bench::roofline::tests::ALL),
        #[cfg(feature = "gpu")]
        ("engine::gpu::schedule", engine::gpu::schedule::tests::ALL),
        ("engine::split", engine::split::tests::ALL),
        ("model::fastmath", model::fastmath::tests::ALL),
        ("model::formula", model::formula::tests::ALL),
        ("model::num::counted", model::num::counted::tests::ALL),
        (
            "model::optimizer::state",
            model::optimizer::state::tests::ALL,
        ),
        ("model::random", model::random::tests::ALL),
        ("output::atomic", output::atomic::tests::ALL),
        ("output::ticks", output::ticks::tests::ALL),
        ("records::basins", records::basins::tests::ALL),
        ("records::dimension", records::dimension::tests::ALL),
    ];
    modules
        .iter()
        .flat_map(|(module, tests)| {
            tests
                .iter()
                .map(move |&(name, f)| (format!("{module}::{name}"), f))
        })
        .collect()
}
