//! `pactum-ledger`: defence spending against pledges, NATO membership over time, and Ukraine aid
//! flows — with every counting rule named and every figure tied to a source row in
//! `data/SOURCES.md`.
//!
//! # Data
//! [`Ledger::embedded`] loads the copy of `data/` compiled into the crate;
//! [`Ledger::from_dir`] loads another copy with the same layout ([`data::FILES`]). Series are
//! typed ([`Series`]: country × year × [`Measure`], each [`Obs`] with a [`Status`], each series
//! with a [`Source`]). Gaps stay gaps: nothing is estimated by the ledger.
//!
//! # Rules
//! Every computation names its rule: [`MembershipRule`] (accession year, 1 January, all
//! reported), [`Group`], [`BacklogRule`] (data set, years, threshold, Iceland, estimates,
//! precision), [`Weighting`] for averages, the Kiel two-month convention for aid
//! ([`aid::AidData::compare`]).
//!
//! # Interface for the rest of pactum
//! - [`api::track_record`]`(ledger, country, target)` → [`api::TrackRecord`]: compliance history
//!   (for credibility's track-record input).
//! - [`api::capability`]`(ledger, country, year)` → [`api::Capability`]: spending, share,
//!   personnel, equipment share (for credibility's capability input).
//! - [`api::aid_signals`]`(ledger, donor, kind)` → `Vec<`[`DatedSignal`]`>`: dated aid-flow
//!   signals with their change against a stated baseline (for the report).
//! - [`claims::check_claims`] → verdicts on the quoted figures; [`chart`] for SVG.
//!
//! The ledger knows no other pactum crate: it does not know what a guarantee, a game or a
//! credibility score is.

pub mod aggregate;
pub mod aid;
pub mod api;
pub mod backlog;
pub mod chart;
pub mod claims;
pub mod compliance;
pub mod data;
pub mod date;
pub mod delivery;
pub mod error;
pub mod members;
pub mod path;
pub mod pledge;
pub mod render;
pub mod series;

pub use aggregate::{Average, Weighting, group_average, recompute_nato_aggregate};
pub use aid::{AidComparison, AidData, AidKind, DatedSignal, Period, PeriodValue};
pub use api::{Capability, TrackRecord, aid_signals, capability, track_record};
pub use backlog::{BacklogResult, BacklogRule, Dataset, IcelandRule, Precision, backlog, backlog_on};
pub use claims::{Claim, FigureCheck, Verdict, check_claims};
pub use compliance::{ComplianceReport, ComplianceRow, compliance};
pub use data::{Ledger, Origin};
pub use date::{Date, Month};
pub use delivery::{Delivery, deliveries};
pub use error::{LedgerError, Result};
pub use members::{Group, Member, Members, MembershipRule};
pub use path::{GdpGrowth, PathReport, path};
pub use pledge::{Comparator, Pledge};
pub use series::{Measure, Obs, Series, Source, Status};

pub use serde::Serialize;

/// Pretty JSON of any ledger result, with a final newline.
pub fn to_json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(|e| LedgerError::Missing { what: format!("JSON encoding: {e}") })
}
