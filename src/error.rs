//! One error type for the whole library: a single readable line for the user, and a [`Kind`]
//! that says whose move it is — fix the input, fix the machine, or report a bug.

use std::fmt;
use std::path::Path;

/// Whose fault an error is. Each front end maps it once: the CLI to an exit code
/// ([`Kind::exit_code`]), the server to an HTTP status ([`Kind::http_status`]), Python to an
/// exception class (`optgrid.InvalidInputError` ⊂ `ValueError`, `optgrid.ResourceError` ⊂
/// `OSError`, `optgrid.InternalError` ⊂ `RuntimeError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The request is wrong: a field out of range, an unknown name, a file given that does not
    /// hold what it should. Changing the input fixes it.
    Invalid,
    /// The request is fine but this machine cannot serve it: a file or directory that cannot be
    /// read or written, a full disk, no GPU adapter, a memory limit.
    Resource,
    /// optgrid failed: a bug, or a GPU that failed mid-run.
    Internal,
    /// Stopped because it was asked to ([`crate::engine::Cancel`]); nothing failed.
    Cancelled,
}

impl Kind {
    /// The CLI's exit status: 2 invalid input (as the argument parser's usage errors), 3 a
    /// resource problem, 4 an internal failure, 130 cancelled (as an interrupted shell command).
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::Invalid => 2,
            Kind::Resource => 3,
            Kind::Internal => 4,
            Kind::Cancelled => 130,
        }
    }

    /// The server's status: 400 for invalid input, 503 for a resource problem (the server cannot
    /// serve it now), 500 for an internal failure, 409 for a request cancelled by a newer one.
    pub fn http_status(self) -> u16 {
        match self {
            Kind::Invalid => 400,
            Kind::Resource => 503,
            Kind::Internal => 500,
            Kind::Cancelled => 409,
        }
    }

    /// Its name in JSON errors and Python: `invalid`, `resource`, `internal`, `cancelled`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Invalid => "invalid",
            Kind::Resource => "resource",
            Kind::Internal => "internal",
            Kind::Cancelled => "cancelled",
        }
    }
}

/// An error a user can act on. Its `Display` is one line that names the offending field (or
/// file) and, where it helps, the allowed values; its [`Kind`] says whose move it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    message: String,
    kind: Kind,
}

impl Error {
    /// Invalid input, in a line of its own making.
    pub fn input(message: impl Into<String>) -> Self {
        Error {
            message: message.into(),
            kind: Kind::Invalid,
        }
    }

    /// An invalid value for a named field, with what would have been allowed.
    pub fn invalid(field: &str, value: impl fmt::Display, allowed: impl fmt::Display) -> Self {
        Error::input(format!("invalid {field} '{value}': allowed {allowed}"))
    }

    /// A resource problem: files, limits, adapters.
    pub fn resource(message: impl Into<String>) -> Self {
        Error {
            message: message.into(),
            kind: Kind::Resource,
        }
    }

    /// A file that cannot be written (a resource problem).
    pub fn cannot_write(path: &Path, e: impl fmt::Display) -> Self {
        Error::resource(format!("cannot write '{}': {e}", path.display()))
    }

    /// A file that cannot be read (a resource problem).
    pub fn cannot_read(path: &Path, e: impl fmt::Display) -> Self {
        Error::resource(format!("cannot read '{}': {e}", path.display()))
    }

    /// optgrid's own failure: what went wrong, for a bug report.
    pub fn internal(message: impl Into<String>) -> Self {
        Error {
            message: format!("internal error: {}", message.into()),
            kind: Kind::Internal,
        }
    }

    /// A run stopped because it was asked to (`engine::Cancel`), not because anything failed.
    pub fn cancelled() -> Self {
        Error {
            message: "cancelled".into(),
            kind: Kind::Cancelled,
        }
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn is_cancelled(&self) -> bool {
        self.kind == Kind::Cancelled
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A failure injected on purpose: `OPTGRID_TEST_FAULT=internal` (or `resource`) in the
/// environment makes every sweep fail with that kind as it starts ([`crate::run::plan`]). No
/// input can make optgrid fail internally, so this is how the tests see each front end report
/// an internal failure (exit status 4, HTTP 500, `InternalError`).
pub fn injected_fault() -> Result<()> {
    match std::env::var("OPTGRID_TEST_FAULT").as_deref() {
        Ok("internal") => Err(Error::internal("a failure injected by OPTGRID_TEST_FAULT")),
        Ok("resource") => Err(Error::resource("a failure injected by OPTGRID_TEST_FAULT")),
        _ => Ok(()),
    }
}
