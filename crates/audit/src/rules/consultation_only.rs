//! # consultation-only (A011)
//!
//! ## What it flags
//! A guarantor whose only obligation in the instrument is to consult — to meet, talk,
//! "determine appropriate next steps" — with no obligation to act.
//!
//! ## Why it weakens the commitment
//! Consultation is owed whatever happens next; it commits to a meeting, not to defence.
//! Analysts and adversaries read consultation pacts as the weakest form of alliance, and
//! they deter far less than promises of intervention.
//!
//! ## Example
//! US–Ukraine BSA (2024): the Parties "shall … immediately meet, where possible within
//! 24 hours, at the most senior levels to determine appropriate next steps".
//!
//! ## What to write instead
//! Pair consultation with an obligation to assist, and say what assistance at a minimum.
//!
//! ## References
//! - Leeds (2003, AJPS), on which commitments deter.
//! - Chiba, Johnson & Leeds (2015), on why democracies choose consultation.

use crate::references::{CHIBA_JOHNSON_LEEDS_2015, LEEDS_2003_AJPS};
use crate::rules::Rule;
use crate::{Ctx, Finding, Severity};
use pactum_model::keywords::Obligation;
use pactum_model::types::Instrument;

pub const RULE: Rule = Rule {
    code: "A011",
    name: "consultation-only",
    severity: Severity::Medium,
    summary: "the guarantor's only obligation is to consult",
    why: "consultation commits to a meeting, not to defence, and deters far less than a promise to intervene",
    references: &[LEEDS_2003_AJPS, CHIBA_JOHNSON_LEEDS_2015],
    source: include_str!("consultation_only.rs"),
    check,
};

fn check(rule: &Rule, ctx: &Ctx<'_>, inst: &Instrument, out: &mut Vec<Finding>) {
    for c in inst.commitments.iter().filter(|c| c.obligation == Obligation::Consult) {
        let mine = ctx.guarantor_ids(inst, c);
        let stronger = inst
            .commitments
            .iter()
            .any(|o| o.obligation > Obligation::Consult && ctx.guarantor_ids(inst, o).iter().any(|g| mine.contains(g)));
        if stronger {
            continue;
        }
        let msg = format!("`{}` obliges {} only to consult", c.id.id, mine.join(", "));
        rule.on(inst, Some(c), msg).push(out);
    }
}
