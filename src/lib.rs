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
