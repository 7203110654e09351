//! optgrid: very many independent optimizer instances on 2-D test functions, run on the GPU or
//! the CPU, turned into maps and data.
//!
//! Data flow: [`spec::request::Request`] (flags, configs) → [`spec::sweep::SweepSpec`] (what the
//! user asked) → [`spec::plan::Plan`] (validated, resolved) → an [`engine::Engine`] →
//! [`records::Records`] (per instance) → [`output`] (maps, figures, files). [`run`] ties one
//! sweep together; [`trace`] and [`bench`] drive the same pieces for races and speed.
//! `ARCHITECTURE.md` is the map.

pub mod bench;
pub mod engine;
pub mod error;
pub mod model;
pub mod output;
pub mod records;
pub mod run;
pub mod serve;
pub mod shard;
pub mod spec;
pub mod trace;

pub use error::{Error, Result};
pub mod tune;
