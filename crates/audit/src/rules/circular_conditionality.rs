//! # circular-conditionality (A016)
//!
//! ## What it flags
//! A commitment whose coming into force or whose remedy depends on the consent or action
//! of the very state it is meant to deter: a guarantee that needs the adversary's
//! signature, activates only once the adversary accepts a ceasefire, or is discharged by
//! a Security Council where the adversary holds a veto.
//!
//! ## Why it weakens the commitment
//! The adversary can keep the guarantee from ever applying, or block its remedy, by
//! withholding what it needs — the circle closes on the party it should constrain.
//!
//! ## Example
//! The Axios draft of the 2025 US guarantee was to be "signed by Ukraine, Russia, the USA,
//! the European Union, and NATO". Budapest Memorandum, paragraph 4: Security Council
//! action, where Russia is a permanent member, against Russian aggression.
//!
//! ## What to write instead
//! Make the guarantee independent of the adversary's consent and route remedies through
//! bodies and states the adversary cannot block.
//!
//! ## References
//! - Leeds, Long & Mitchell (2000), on specific threats and specific promises.
//! - Danilovic (2002), on the stakes behind inherent credibility.

use crate::references::{DANILOVIC_2002, LEEDS_LONG_MITCHELL_2000};
use crate::rules::{Rule, attackers};
use crate::{Ctx, Finding, Severity};
use pactum_model::expr::{ActorRef, Test};
use pactum_model::keywords::{EventKind, Field, Means};
use pactum_model::types::Instrument;

/// The permanent members of the Security Council (UN Charter, Article 23).
const P5: [&str; 5] = ["CHN", "FRA", "RUS", "GBR", "USA"];

pub const RULE: Rule = Rule {
    code: "A016",
    name: "circular-conditionality",
    severity: Severity::High,
    summary: "the commitment needs the consent or action of the state it should deter",
    why: "the adversary can keep the guarantee from applying, or block its remedy, by withholding what it needs",
    references: &[LEEDS_LONG_MITCHELL_2000, DANILOVIC_2002],
    source: include_str!("circular_conditionality.rs"),
    check,
};

fn check(rule: &Rule, ctx: &Ctx<'_>, inst: &Instrument, out: &mut Vec<Finding>) {
    for c in &inst.commitments {
        // The states the commitment is meant to deter: named attackers in its trigger,
        // or, for negative undertakings, the guarantors themselves.
        let mut adversaries: Vec<String> = c.trigger.as_ref().map(|t| attackers(&t.expr)).unwrap_or_default();
        if adversaries.is_empty() {
            continue;
        }
        adversaries.sort();
        // Conditions that need an event by the adversary (signature, ceasefire, vote).
        for k in &c.conditions {
            for p in k.when.expr.patterns() {
                if p.kind.is_hostile() {
                    continue;
                }
                let needs = p.constraints.iter().any(|x| {
                    matches!(x.field, Field::By | Field::Between)
                        && matches!(&x.test, Test::Actors { any_of } if any_of.iter().any(|a| matches!(a, ActorRef::Id(id) if adversaries.contains(id))))
                });
                if needs {
                    let msg = format!(
                        "`{}` requires a {} by {}, the state it should deter",
                        c.id.id,
                        p.kind,
                        adversaries.join(", ")
                    );
                    rule.on(inst, Some(c), msg).quote(k.when.quote.as_ref()).push(out);
                }
            }
        }
        // Remedies routed through the Security Council when the adversary has a veto.
        let unsc = c.means.contains(&Means::UnscAction)
            || c.ends_when
                .as_ref()
                .is_some_and(|e| e.expr.patterns().iter().any(|p| p.kind == EventKind::MeasuresTaken));
        let vetoes: Vec<&String> = adversaries.iter().filter(|a| P5.contains(&a.as_str())).collect();
        if unsc && !vetoes.is_empty() {
            let names: Vec<&str> = vetoes.iter().map(|s| s.as_str()).collect();
            let msg = format!("`{}` relies on the Security Council, where {} holds a veto", c.id.id, names.join(", "));
            rule.on(inst, Some(c), msg).push(out);
        }
        let _ = ctx;
    }
    // Offers that need the adversary's acceptance.
    if let Some(o) = &inst.offer {
        let adversaries: Vec<String> =
            inst.commitments.iter().filter_map(|c| c.trigger.as_ref()).flat_map(|t| attackers(&t.expr)).collect();
        let needed: Vec<&String> = o.accept_by.iter().filter(|a| adversaries.contains(a)).collect();
        if !needed.is_empty() {
            let names: Vec<&str> = needed.iter().map(|s| s.as_str()).collect();
            let msg = format!(
                "`{}` is concluded only if {} accepts it, though it is meant to deter {}",
                inst.id,
                names.join(", "),
                names.join(", ")
            );
            rule.on(inst, None, msg).quote(o.quote.as_ref()).push(out);
        }
    }
}
