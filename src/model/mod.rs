//! The model: numbers, objectives, optimizers, hyperparameters, criteria and one instance — the
//! per-instance semantics every engine shares, written once, generic over [`num::Num`]. Knows
//! nothing of specs, engines or outputs.

/// Declares a catalogue enum — variants with the names users type — with `ALL` (every variant,
/// in order: a variant cannot be left out), `name`, `from_name` (an error naming `field` and the
/// known names) and `names`. Serialized by those names.
macro_rules! catalogue_enum {
    (
        $(#[$meta:meta])*
        pub enum $E:ident { $($V:ident = $name:literal),* $(,)? }
        field = $field:literal;
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $E {
            $(#[serde(rename = $name)] $V,)*
        }

        impl $E {
            /// Every variant, in the order `optgrid list` shows them.
            pub const ALL: [$E; [$($name),*].len()] = [$($E::$V),*];

            /// The name users type.
            pub const fn name(self) -> &'static str {
                match self {
                    $($E::$V => $name,)*
                }
            }

            pub fn from_name(name: &str) -> $crate::error::Result<Self> {
                Self::ALL.into_iter().find(|k| k.name() == name).ok_or_else(|| {
                    $crate::error::Error::invalid($field, name, format!("one of {}", Self::names()))
                })
            }

            /// The known names, comma separated, for error messages.
            pub fn names() -> String {
                Self::ALL.map(|k| k.name()).join(", ")
            }
        }
    };
}
/// A catalogue enum that also holds values outside the catalogue: one more variant, `$O`, wraps
/// a `&'static` description of its own (a formula objective) and takes its name from it. `ALL`
/// lists only the catalogue; `from_name`, and serde, are the enum's own to write.
macro_rules! open_catalogue_enum {
    (
        $(#[$meta:meta])*
        pub enum $E:ident { $($V:ident = $name:literal),* $(,)? }
        open $O:ident(&'static $T:ty);
        field = $field:literal;
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $E {
            $($V,)*
            $O(&'static $T),
        }

        impl $E {
            /// Every catalogue variant, in the order `optgrid list` shows them.
            pub const ALL: [$E; [$($name),*].len()] = [$($E::$V),*];

            /// The name users type (for `$O`, its own).
            pub fn name(self) -> &'static str {
                match self {
                    $($E::$V => $name,)*
                    $E::$O(o) => o.name(),
                }
            }

            /// The catalogue variant called `name`, if there is one.
            pub fn builtin(name: &str) -> Option<Self> {
                Self::ALL.into_iter().find(|k| k.name() == name)
            }

            /// The catalogue's names, comma separated, for error messages.
            pub fn names() -> String {
                Self::ALL.map(|k| k.name()).join(", ")
            }
        }
    };
}
pub(crate) use catalogue_enum;
pub(crate) use open_catalogue_enum;

pub mod catalog;
pub mod criterion;
pub mod fastmath;
pub mod formula;
pub mod hyper;
pub mod instance;
pub mod num;
pub mod objective;
pub mod optimizer;
pub mod random;
pub mod schedule;
pub mod stochastic;
pub mod trainability;
pub mod twin;
