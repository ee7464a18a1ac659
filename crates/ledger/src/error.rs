//! Errors of the ledger: every one names the file and line, or the argument, at fault.

use std::fmt;

/// What went wrong while loading data or answering a query.
#[derive(Debug, Clone, PartialEq)]
pub enum LedgerError {
    /// A data file could not be read.
    Io {
        /// The file.
        file: String,
        /// The operating system's message.
        message: String,
    },
    /// A data file is malformed.
    Parse {
        /// The file (relative to the data directory).
        file: String,
        /// 1-based line number (the header is line 1); 0 when the file as a whole is at fault.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A country or donor name that the data does not know.
    UnknownCountry {
        /// What the user typed.
        input: String,
        /// The closest known name, if any is close.
        suggestion: Option<String>,
    },
    /// A bad argument: target, year range, period.
    BadArgument {
        /// The argument (e.g. `--target`).
        argument: String,
        /// What is wrong with it.
        message: String,
    },
    /// The data at hand has no value where one is required.
    Missing {
        /// What is missing.
        what: String,
    },
}

impl LedgerError {
    /// A bad-argument error.
    pub fn arg(argument: &str, message: impl Into<String>) -> Self {
        LedgerError::BadArgument { argument: argument.to_string(), message: message.into() }
    }

    /// A parse error at `file:line`.
    pub fn parse(file: &str, line: usize, message: impl Into<String>) -> Self {
        LedgerError::Parse { file: file.to_string(), line, message: message.into() }
    }

    /// True for errors caused by the command line (exit code 2) rather than the data (exit code 1).
    pub fn is_usage(&self) -> bool {
        matches!(self, LedgerError::UnknownCountry { .. } | LedgerError::BadArgument { .. })
    }
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LedgerError::Io { file, message } => write!(f, "{file}: cannot read: {message}"),
            LedgerError::Parse { file, line, message } => {
                if *line == 0 {
                    write!(f, "{file}: {message}")
                } else {
                    write!(f, "{file}:{line}: {message}")
                }
            }
            LedgerError::UnknownCountry { input, suggestion } => match suggestion {
                Some(s) => write!(f, "unknown country or donor `{input}`; did you mean `{s}`?"),
                None => write!(f, "unknown country or donor `{input}`"),
            },
            LedgerError::BadArgument { argument, message } => write!(f, "{argument}: {message}"),
            LedgerError::Missing { what } => write!(f, "not in the data at hand: {what}"),
        }
    }
}

impl std::error::Error for LedgerError {}

/// Shorthand result type.
pub type Result<T> = std::result::Result<T, LedgerError>;
