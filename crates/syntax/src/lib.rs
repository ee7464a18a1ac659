//! The syntax of pactum's literate `.pact.md` files.
//!
//! Parsing never fails: [`parse_document`] always returns a [`Document`] together with
//! the [`Diagnostic`]s found on the way. The document keeps byte-exact spans into the
//! original text and the heading path ("Article 5") of every block and quote, so later
//! stages can point at the instrument's own words. This crate knows nothing of treaties'
//! meaning: it does not resolve names, check dates or evaluate expressions.

pub mod diag;
pub mod document;
pub mod expr;
pub mod limits;
pub mod source;
pub mod suggest;
pub mod toml;

pub use diag::{Code, Diagnostic, Label, Severity};
pub use document::{Block, BlockTag, Document, Quote, parse_document};
pub use source::{FileId, SourceFile, SourceMap, Span};
