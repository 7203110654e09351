//! The model: numbers, objectives, optimizers, hyperparameters, criteria and one instance — the
//! per-instance semantics every engine shares, written once, generic over [`num::Num`]. Knows
//! nothing of specs, engines or outputs.

pub mod catalog;
pub mod criterion;
pub mod fastmath;
pub mod hyper;
pub mod instance;
pub mod num;
pub mod objective;
pub mod optimizer;
