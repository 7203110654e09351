//! What the user asks for: flags and configs ([`request`]) → a validated [`sweep::SweepSpec`]
//! → the resolved [`plan::Plan`] the engines run. Knows the model, nothing of engines.

/// In a request's `overridden_by`: every listed `Option` field that `over` sets replaces
/// `target`'s (flags given over a config file).
macro_rules! take_given {
    ($target:ident, $over:ident; $($f:ident),* $(,)?) => {
        $( if $over.$f.is_some() { $target.$f = $over.$f; } )*
    };
}
pub(crate) use take_given;

pub mod axis;
pub mod plan;
pub mod request;
pub mod sweep;
