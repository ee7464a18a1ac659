//! Hard limits that keep hostile inputs within bounded time and memory.

/// Largest file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
/// Deepest nesting of parentheses and sets in one expression.
pub const MAX_EXPR_DEPTH: usize = 64;
/// Longest expression accepted, in bytes.
pub const MAX_EXPR_BYTES: usize = 64 * 1024;
/// Deepest nesting of arrays and inline tables in a TOML block.
pub const MAX_TOML_DEPTH: usize = 32;
/// Most diagnostics reported for one file; the rest are summarised in one line.
pub const MAX_DIAGNOSTICS_PER_FILE: usize = 200;
