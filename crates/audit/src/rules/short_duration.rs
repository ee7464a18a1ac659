//! # short-duration (A009)
//!
//! ## What it flags
//! A commitment with a fixed term (a sunset), flagged more severely the shorter it is;
//! extension only by mutual consent is noted, since either side can then let it lapse.
//!
//! ## Why it weakens the commitment
//! An adversary can wait out a short guarantee, and the protected party must renegotiate
//! it from weakness when it ends. Sunset clauses also signal the guarantor's wish to
//! limit exposure.
//!
//! ## Example
//! The Axios draft of the 2025 US guarantee: "in effect for the first 10 years after the
//! cessation of hostilities and may be extended by mutual consent".
//!
//! ## What to write instead
//! An indefinite term with a long notice period, or automatic renewal unless denounced.
//!
//! ## References
//! - Mattes (2012), on precommitment and the choice of commitment type.

use crate::references::MATTES_2012_PRECOMMIT;
use crate::rules::{Rule, is_positive};
use crate::{Ctx, Finding, Severity};
use pactum_model::keywords::Extension;
use pactum_model::types::Instrument;

pub const RULE: Rule = Rule {
    code: "A009",
    name: "short-duration",
    severity: Severity::Medium,
    summary: "a fixed term (sunset), especially one of ten years or less",
    why: "an adversary can wait out a short guarantee, and the protected party must renegotiate it from weakness",
    references: &[MATTES_2012_PRECOMMIT],
    source: include_str!("short_duration.rs"),
    check,
};

fn check(rule: &Rule, _ctx: &Ctx<'_>, inst: &Instrument, out: &mut Vec<Finding>) {
    if !inst.commitments.iter().any(is_positive) {
        return;
    }
    let Some(t) = &inst.duration else { return };
    let Some(len) = &t.length else { return };
    let years = len.approx_days() / 365.25;
    let sev = if years <= 10.0 {
        Severity::Medium
    } else if years <= 25.0 {
        Severity::Low
    } else {
        Severity::Info
    };
    let ext = match t.extension {
        Extension::MutualConsent => ", extendable only by mutual consent",
        Extension::Automatic => ", renewed automatically",
        Extension::None => ", with no provision for extension",
    };
    let msg = format!("`{}` lasts {len}{ext}", inst.id);
    rule.on(inst, None, msg).quote(t.quote.as_ref()).severity(sev).push(out);
}
