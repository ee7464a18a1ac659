//! # scope-gap (A012)
//!
//! ## What it flags
//! A trigger or condition limited to some places or some attackers: "in Europe or North
//! America", "north of the Tropic of Cancer", "the territories under the administration
//! of Japan", an attack "by Russia" only. Attacks elsewhere, or by others, owe nothing.
//!
//! ## Why it weakens the commitment
//! Gaps in scope are where an adversary can act without triggering the commitment —
//! overseas territories, forces abroad, proxies — and where the guarantor can decline
//! with the text on its side. Precise scope is also a strength (it says exactly what is
//! covered); the finding asks the analyst to check that the gaps are intended.
//!
//! ## Example
//! North Atlantic Treaty, Articles 5–6: an attack "in Europe or North America", on
//! islands "north of the Tropic of Cancer" — Hawaii, the Falklands and Ceuta are outside.
//!
//! ## What to write instead
//! Cover the protected party's territory, forces and vessels wherever they are, and
//! attacks by any state or by forces acting on its behalf.
//!
//! ## References
//! - Leeds, Long & Mitchell (2000), on specific promises against specific threats.
//! - Mattes (2012), on precision in alliance design.

use crate::references::{LEEDS_LONG_MITCHELL_2000, MATTES_2012_SYMMETRY};
use crate::rules::Rule;
use crate::{Ctx, Finding, Severity};
use pactum_model::expr::{ActorRef, Test};
use pactum_model::keywords::{Field, Keyword};
use pactum_model::types::Instrument;

pub const RULE: Rule = Rule {
    code: "A012",
    name: "scope-gap",
    severity: Severity::Medium,
    summary: "the trigger covers only some places or some attackers",
    why: "attacks outside the covered places, or by uncovered actors and proxies, owe nothing, and the guarantor can decline with the text on its side",
    references: &[LEEDS_LONG_MITCHELL_2000, MATTES_2012_SYMMETRY],
    source: include_str!("scope_gap.rs"),
    check,
};

fn check(rule: &Rule, _ctx: &Ctx<'_>, inst: &Instrument, out: &mut Vec<Finding>) {
    for c in &inst.commitments {
        let mut clauses: Vec<(&pactum_model::types::Clause, &str)> = Vec::new();
        clauses.extend(c.trigger.as_ref().map(|t| (t, "trigger")));
        clauses.extend(c.conditions.iter().map(|k| (&k.when, "condition")));
        for (clause, what) in clauses {
            let mut regions = Vec::new();
            let mut attackers = Vec::new();
            for p in clause.expr.patterns() {
                if !p.kind.is_hostile() {
                    continue;
                }
                for k in &p.constraints {
                    match (&k.field, &k.test) {
                        (Field::Region, Test::Regions { any_of }) => {
                            regions.extend(any_of.iter().map(|r| r.keyword().to_string()))
                        }
                        (Field::By, Test::Actors { any_of }) => {
                            attackers.extend(any_of.iter().filter_map(|a| match a {
                                ActorRef::Id(x) => Some(x.clone()),
                                _ => None,
                            }))
                        }
                        _ => {}
                    }
                }
            }
            regions.sort();
            regions.dedup();
            attackers.sort();
            attackers.dedup();
            if !regions.is_empty() {
                let msg = format!("the {what} of `{}` covers attacks only in {}", c.id.id, regions.join(", "));
                rule.on(inst, Some(c), msg).quote(clause.quote.as_ref()).push(out);
            }
            if !attackers.is_empty() {
                let msg = format!("the {what} of `{}` covers attacks only by {}", c.id.id, attackers.join(", "));
                rule.on(inst, Some(c), msg).quote(clause.quote.as_ref()).severity(Severity::Low).push(out);
            }
        }
    }
}
