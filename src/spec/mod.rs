//! What the user asks for: flags and configs ([`request`]) → a validated [`sweep::SweepSpec`]
//! → the resolved [`plan::Plan`] the engines run. Knows the model, nothing of engines.

pub mod axis;
pub mod plan;
pub mod request;
pub mod sweep;
