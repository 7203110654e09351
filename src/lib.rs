//! optgrid: very many independent optimizer instances on 2-D test functions, run on the GPU or
//! the CPU, turned into maps and data.
//!
//! Data flow: [`sweep::SweepSpec`] (what the user asked) → [`plan::Plan`] (validated, resolved)
//! → an [`engine::Engine`] → [`records::Records`] (per instance) → [`render`] (images) and
//! [`output`] (files).

pub mod bench;
pub mod bench_plot;
pub mod catalog;
pub mod contour;
pub mod criterion;
pub mod engine;
pub mod error;
pub mod fastmath;
pub mod figure;
pub mod hyper;
pub mod instance;
pub mod num;
pub mod objective;
pub mod optimizer;
pub mod output;
pub mod plan;
pub mod plot;
pub mod progress;
pub mod real;
pub mod records;
pub mod render;
pub mod request;
pub mod run;
pub mod sweep;
pub mod trace;
pub mod trace_output;

pub use error::{Error, Result};
