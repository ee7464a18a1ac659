//! # asymmetric-obligation (A014)
//!
//! ## What it flags
//! A one-way promise: guarantors who owe the beneficiary something the beneficiary does
//! not owe back in the same instrument. Often deliberate (a great power protecting a
//! smaller one), reported at low severity so the analyst sees it.
//!
//! ## Why it weakens the commitment
//! Major powers are likelier to violate commitments to minor powers, and asymmetric
//! alliances are where the weaker side cannot obtain the provisions that make promises
//! reliable. Nothing the beneficiary does for the guarantor raises the cost of walking
//! away.
//!
//! ## Example
//! The 2025 US draft: the United States guarantees Ukraine; Ukraine guarantees nothing
//! to the United States (and compensates it).
//!
//! ## What to write instead
//! Reciprocal undertakings where possible, or issue linkage (basing, industry, intelligence)
//! that gives the guarantor a stake in the beneficiary's survival.
//!
//! ## References
//! - Leeds (2003, IO), on major powers' violations toward minor powers.
//! - Mattes (2012), on symmetry and alliance design.

use crate::references::{LEEDS_2003_IO, MATTES_2012_SYMMETRY};
use crate::rules::{Rule, is_positive};
use crate::{Ctx, Finding, Severity};
use pactum_model::types::Instrument;

pub const RULE: Rule = Rule {
    code: "A014",
    name: "asymmetric-obligation",
    severity: Severity::Low,
    summary: "a one-way promise the beneficiary does not return",
    why: "major powers are likelier to violate commitments to minor powers, and nothing the beneficiary owes raises the guarantor's cost of walking away",
    references: &[LEEDS_2003_IO, MATTES_2012_SYMMETRY],
    source: include_str!("asymmetric_obligation.rs"),
    check,
};

fn check(rule: &Rule, ctx: &Ctx<'_>, inst: &Instrument, out: &mut Vec<Finding>) {
    for c in inst.commitments.iter().filter(|c| is_positive(c)) {
        let gs = ctx.guarantor_ids(inst, c);
        let bs = ctx.beneficiary_ids(inst, c);
        if gs == bs {
            continue;
        }
        let returned = inst.commitments.iter().filter(|o| is_positive(o)).any(|o| {
            let og = ctx.guarantor_ids(inst, o);
            let ob = ctx.beneficiary_ids(inst, o);
            bs.iter().all(|b| og.contains(b)) && gs.iter().all(|g| ob.contains(g))
        });
        if returned {
            continue;
        }
        let msg = format!("`{}` binds {} to {} with nothing owed in return", c.id.id, gs.join(", "), bs.join(", "));
        rule.on(inst, Some(c), msg).push(out);
    }
}
