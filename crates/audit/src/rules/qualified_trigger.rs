//! # qualified-trigger (A003)
//!
//! ## What it flags
//! A trigger that fires only for attacks above a threshold of scale, intent or duration
//! ("large-scale, deliberate, and prolonged"; "significant, deliberate and sustained"),
//! or whose firing is left to someone's judgement (`judged(...)` in the trigger).
//!
//! ## Why it weakens the commitment
//! Thresholds invite attacks just below them: a limited incursion, "little green men",
//! a sustained bombardment described as brief strikes. Each qualifier is also a question
//! someone must answer before anything is owed, usually the guarantor. Deterrent
//! commitments that simply respond to the adversary's attack deter; ones that leave room
//! to argue about whether the attack counts deter less.
//!
//! ## Example
//! The Axios draft of the 2025 US guarantee covers a "large-scale, deliberate, and
//! prolonged armed invasion" by Russia.
//!
//! ## What to write instead
//! Trigger on "an armed attack" as NATO's Article 5 does, and cover hybrid and limited
//! attacks explicitly, with an objective assessment procedure if a threshold is needed.
//!
//! ## References
//! - Benson (2011), on deterrent alliances contingent on the adversary's attack.
//! - Mattes (2012), on precision about when obligations apply.

use crate::references::{BENSON_2011, MATTES_2012_SYMMETRY};
use crate::rules::Rule;
use crate::{Ctx, Finding, Severity};
use pactum_model::expr::Test;
use pactum_model::keywords::{AttackDuration, Intent, Scale};
use pactum_model::types::Instrument;

pub const RULE: Rule = Rule {
    code: "A003",
    name: "qualified-trigger",
    severity: Severity::Medium,
    summary: "the trigger needs an attack above a threshold of scale, intent or duration, or someone's judgement",
    why: "attacks just below the threshold, or argued to be, owe nothing; the qualifiers are questions someone must answer before the commitment fires",
    references: &[BENSON_2011, MATTES_2012_SYMMETRY],
    source: include_str!("qualified_trigger.rs"),
    check,
};

fn check(rule: &Rule, ctx: &Ctx<'_>, inst: &Instrument, out: &mut Vec<Finding>) {
    for c in &inst.commitments {
        let Some(t) = &c.trigger else { continue };
        let mut quals = Vec::new();
        for p in t.expr.patterns() {
            for k in &p.constraints {
                match &k.test {
                    Test::Scale { value, .. } if *value > Scale::Minor => quals.push(format!("scale {value}")),
                    Test::Intent { value, .. } if *value == Intent::Deliberate => quals.push("deliberate".to_string()),
                    Test::Duration { value, .. } if *value == AttackDuration::Sustained => {
                        quals.push("sustained".to_string())
                    }
                    _ => {}
                }
            }
        }
        // A judgement by the guarantor is a qualifier; one any party may make (NATO's
        // Article 4, "in the opinion of any of them") widens the trigger instead.
        let guarantors = ctx.guarantor_ids(inst, c);
        for (words, by) in t.expr.judgements() {
            let by_guarantor = match by {
                pactum_model::expr::ActorRef::Role(pactum_model::keywords::Role::Guarantor) => true,
                pactum_model::expr::ActorRef::Id(x) => guarantors.contains(x),
                _ => false,
            };
            if by_guarantor {
                quals.push(format!("“{words}” as judged by {by}"));
            }
        }
        if quals.is_empty() {
            continue;
        }
        quals.dedup();
        let msg = format!("`{}` fires only for attacks that are {}", c.id.id, quals.join(", "));
        rule.on(inst, Some(c), msg).quote(t.quote.as_ref()).push(out);
    }
}
