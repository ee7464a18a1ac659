//! # time-limited-offer (A006)
//!
//! ## What it flags
//! An instrument that is an offer not yet accepted and that will not stay open: an
//! expiry date, or an offer said to be time-limited with no date ("won't be on the table
//! forever"), or one contingent on a wider deal.
//!
//! ## Why it weakens the commitment
//! Until accepted it binds nobody, and the pressure of a closing window is leverage on
//! the protected party, not on the adversary. An offer with no date can be withdrawn at
//! any moment, so its terms are negotiating positions rather than commitments.
//!
//! ## Example
//! US officials in Berlin, December 2025: the security guarantees "won't be on the table
//! 'forever'".
//!
//! ## What to write instead
//! Separate the guarantee from the deal it is offered with, state the period it stays
//! open and what happens to it if the deal fails.
//!
//! ## References
//! - Fearon (1997), on costly signals: an offer that costs nothing to withdraw signals little.

use crate::references::FEARON_1997;
use crate::rules::Rule;
use crate::{Ctx, Finding, Severity};
use pactum_model::keywords::InstrumentStatus;
use pactum_model::types::Instrument;

pub const RULE: Rule = Rule {
    code: "A006",
    name: "time-limited-offer",
    severity: Severity::High,
    summary: "an offer that binds nobody yet and will not stay open",
    why: "an offer binds nobody until accepted, and a closing window is leverage on the protected party rather than on the adversary",
    references: &[FEARON_1997],
    source: include_str!("time_limited_offer.rs"),
    check,
};

fn check(rule: &Rule, _ctx: &Ctx<'_>, inst: &Instrument, out: &mut Vec<Finding>) {
    let Some(o) = &inst.offer else { return };
    if matches!(inst.status, InstrumentStatus::InForce) {
        return;
    }
    let msg = match (o.expires, o.expires_unspecified) {
        (Some(d), _) => format!("`{}` is an offer that expires on {d}", inst.id),
        (None, true) => format!(
            "`{}` is an offer said to be time-limited, with no date: it can be withdrawn at any moment",
            inst.id
        ),
        (None, false) => {
            if o.accept_by.is_empty() {
                return;
            }
            format!("`{}` is an offer that binds nobody until {} accept", inst.id, o.accept_by.join(", "))
        }
    };
    let sev = if o.expires.is_none() && !o.expires_unspecified { Severity::Medium } else { rule.severity };
    let c = inst.commitments.first();
    let mut f = rule.on(inst, None, msg).severity(sev);
    f = f.quote(o.quote.as_ref().or(c.and_then(|c| c.quote.first())));
    f.push(out);
}
