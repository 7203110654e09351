//! One error type for the whole library: a single readable line for the user.

use std::fmt;

/// An error a user can act on. Its `Display` is one line that names the offending field and,
/// where it helps, the allowed values.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    message: String,
    cancelled: bool,
}

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error {
            message: message.into(),
            cancelled: false,
        }
    }

    /// A run stopped because it was asked to (`engine::Cancel`), not because anything failed.
    pub fn cancelled() -> Self {
        Error {
            message: "cancelled".into(),
            cancelled: true,
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled
    }

    /// An invalid value for a named field, with what would have been allowed.
    pub fn invalid(field: &str, value: impl fmt::Display, allowed: impl fmt::Display) -> Self {
        Error::new(format!("invalid {field} '{value}': allowed {allowed}"))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;
