//! The validated model of instruments, commitments, actors and scenarios.
//!
//! [`library::load`] turns `.pact.md` files into a [`Model`]: it scans them with
//! `pactum-syntax`, indexes what every file declares, lowers each block to typed values
//! ([`from_syntax`]) and checks what only the whole set can show. The model is what the
//! engine, the audit, credibility and reports stand on; it knows nothing of evaluation.

pub mod actors;
pub mod expr;
pub mod from_syntax;
pub mod keywords;
pub mod library;
pub mod time;
pub mod types;

pub use actors::{Actor, Registry};
pub use library::{Export, Model, add_file, export_schema, load};
pub use types::*;
