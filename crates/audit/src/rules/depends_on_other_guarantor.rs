//! # depends-on-other-guarantor (A005)
//!
//! ## What it flags
//! A commitment that stands on another guarantor's commitment (`depends_on`, or
//! `holds(...)` in its clauses): a European force "supported by the U.S.", a guarantee
//! that needs another party's backstop.
//!
//! ## Why it weakens the commitment
//! The commitment is only as strong as the weakest link. If the other guarantor
//! withdraws, hesitates or is judged to have withdrawn, this one falls too — and the
//! adversary needs to deter only the less committed of the two.
//!
//! ## Example
//! The European-led Multinational Force Ukraine (2025–26), "supported by the U.S.":
//! the force's own commitment depends on the US backstop.
//!
//! ## What to write instead
//! Make each guarantor's obligation stand alone, or state what each does if the other
//! does not, and agree the backstop in a binding instrument of its own.
//!
//! ## References
//! - Leeds & Savun (2007), on abrogation after changes in outside alliances.
//! - Johnson, Leeds & Wu (2015), on capability and credibility in deterrence.

use crate::references::{JOHNSON_LEEDS_WU_2015, LEEDS_SAVUN_2007};
use crate::rules::Rule;
use crate::{Ctx, Finding, Severity};
use pactum_model::types::Instrument;

pub const RULE: Rule = Rule {
    code: "A005",
    name: "depends-on-other-guarantor",
    severity: Severity::Medium,
    summary: "the commitment stands on another guarantor's commitment",
    why: "if the other guarantor withdraws or hesitates this commitment falls too, and the adversary needs to deter only the less committed guarantor",
    references: &[LEEDS_SAVUN_2007, JOHNSON_LEEDS_WU_2015],
    source: include_str!("depends_on_other_guarantor.rs"),
    check,
};

fn check(rule: &Rule, ctx: &Ctx<'_>, inst: &Instrument, out: &mut Vec<Finding>) {
    for c in &inst.commitments {
        let mine = ctx.guarantor_ids(inst, c);
        let mut targets: Vec<(&pactum_model::expr::CommitmentRef, Option<&pactum_model::Citation>)> =
            c.depends_on.iter().map(|d| (&d.target, d.quote.as_ref())).collect();
        for e in crate::rules::clauses(c) {
            targets.extend(e.holds_refs().into_iter().map(|r| (r, None)));
        }
        for (r, quote) in targets {
            let Some(other) = ctx.commitment(r) else { continue };
            let Some(other_inst) = ctx.model.instrument(&r.instrument) else { continue };
            let theirs = ctx.guarantor_ids(other_inst, other);
            let foreign: Vec<&String> = theirs.iter().filter(|g| !mine.contains(g)).collect();
            if foreign.is_empty() {
                continue;
            }
            let names: Vec<&str> = foreign.iter().map(|s| s.as_str()).collect();
            let msg = format!("`{}` depends on `{r}`, a commitment of {}", c.id.id, names.join(", "));
            rule.on(inst, Some(c), msg).quote(quote.or(c.quote.first())).push(out);
        }
    }
}
