//! # escape-judged-by-guarantor (A001)
//!
//! ## What it flags
//! An escape clause — a condition that voids, suspends or ends the commitment — whose
//! application is decided by the guarantor itself, either because the text says so or
//! because the text names no judge, leaving the guarantor to decide in practice.
//!
//! ## Why it weakens the commitment
//! A promise the promisor may declare void on its own reading of vague words ("without
//! cause") is an option, not an obligation. An adversary can provoke the condition, or
//! simply count on the guarantor invoking it, so the escape lowers both the protected
//! party's assurance and the commitment's deterrent value. Reliability research judges
//! alliances against their specific terms: an escape judged by the guarantor makes
//! almost any outcome "compliant".
//!
//! ## Example
//! The November 2025 US draft, point 10(d): "If Ukraine fires a missile at Moscow or St.
//! Petersburg without cause, the security guarantee will be considered invalid." Nothing
//! says who decides what counts as "cause": the United States would.
//!
//! ## What to write instead
//! Name an impartial adjudicator (a joint commission with a fixed procedure, an
//! arbitral body), define the condition objectively (a strike "not in response to an
//! armed attack on Ukraine"), and make the consequence proportionate (suspension for
//! the duration, not voiding).
//!
//! ## References
//! - Leeds, Long & Mitchell (2000), on judging reliability against specific terms.
//! - Mattes (2012), on precision about when obligations apply.

use crate::references::{LEEDS_LONG_MITCHELL_2000, MATTES_2012_SYMMETRY};
use crate::rules::Rule;
use crate::{Ctx, Finding, Severity};
use pactum_model::expr::ActorRef;
use pactum_model::keywords::{AdjudicatorBasis, Role};
use pactum_model::types::Instrument;

pub const RULE: Rule = Rule {
    code: "A001",
    name: "escape-judged-by-guarantor",
    severity: Severity::High,
    summary: "an escape clause the guarantor itself decides (or that names no judge)",
    why: "the guarantor can declare the commitment void on its own reading of the words, so the promise becomes an option the protected party cannot count on",
    references: &[LEEDS_LONG_MITCHELL_2000, MATTES_2012_SYMMETRY],
    source: include_str!("escape_judged_by_guarantor.rs"),
    check,
};

fn check(rule: &Rule, ctx: &Ctx<'_>, inst: &Instrument, out: &mut Vec<Finding>) {
    for c in &inst.commitments {
        let guarantors = ctx.guarantor_ids(inst, c);
        for e in &c.escapes {
            let by_guarantor = match &e.adjudicator {
                ActorRef::Role(Role::Guarantor) => true,
                ActorRef::Id(x) => {
                    guarantors.contains(x)
                        || ctx
                            .registry
                            .actor(x)
                            .and_then(|a| a.of.as_deref())
                            .is_some_and(|of| guarantors.iter().any(|g| g == of))
                }
                _ => false,
            };
            if !by_guarantor {
                continue;
            }
            let how = match e.adjudicator_basis {
                AdjudicatorBasis::Text => "as the text provides".to_string(),
                AdjudicatorBasis::Silent => "because the text names no judge".to_string(),
            };
            let msg = format!(
                "escape clause `{}` ({}s the commitment) is judged by the guarantor {}, {how}",
                e.id, e.effect, e.adjudicator
            );
            rule.on(inst, Some(c), msg).quote(e.when.quote.as_ref().or(c.quote.first())).push(out);
        }
    }
}
