//! ATOP for pactum: the mapping from encoded commitments to ATOP's member-level provision
//! and condition variables ([`export`]), ATOP's own CSV ([`data`]), the comparison of the
//! two ([`compare`]), and skeleton files drafted from ATOP's coding ([`import`]).
//!
//! ATOP is the Alliance Treaty Obligations and Provisions project (Leeds et al.); v4.01 is
//! shipped in `data/atop/` and embedded here, so the commands work without the repository.

pub mod compare;
pub mod cow;
pub mod data;
pub mod export;
pub mod import;
pub mod vars;

/// ATOP v4.01's member-level CSV, as shipped in `data/atop/`.
pub const BUNDLED_MEMBER_CSV: &str = include_str!("../../../data/atop/atop-v4.01-member-level.csv");
/// The name the bundled CSV is shown under in evidence and messages.
pub const BUNDLED_MEMBER_CSV_NAME: &str = "data/atop/atop-v4.01-member-level.csv";
