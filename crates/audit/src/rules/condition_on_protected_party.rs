//! # condition-on-protected-party (A004)
//!
//! ## What it flags
//! A condition or escape clause that turns on the protected party's own conduct: the
//! guarantee is lost "if Ukraine invades Russia", voided if it strikes Moscow, owed only
//! if the protected party did not provoke the attack (ATOP's non-provocation condition).
//!
//! ## Why it weakens the commitment
//! The protected party's conduct in wartime is exactly what an adversary can provoke or
//! misrepresent. A condition on it constrains how the protected party may defend itself
//! (no strikes on the attacker's capital, however justified) and gives the guarantor a
//! ready reason to walk away. Non-provocation clauses also reduce what the protected
//! party can deter.
//!
//! ## Example
//! US draft, point 10(b): "If Ukraine invades Russia, it will lose the guarantee."
//!
//! ## What to write instead
//! Limit such conditions to conduct defined objectively and judged impartially, exempt
//! self-defence against an ongoing attack, and prefer suspension to loss.
//!
//! ## References
//! - Benson (2011), on conditional (probabilistic) commitments and moral hazard.
//! - Fjelstul, Weeks, Tomz & Reiter (2015), on who is seen to have started the war.

use crate::references::{BENSON_2011, FJELSTUL_2015};
use crate::rules::{Rule, conduct_of};
use crate::{Ctx, Finding, Severity};
use pactum_model::keywords::ConditionKind;
use pactum_model::types::Instrument;

pub const RULE: Rule = Rule {
    code: "A004",
    name: "condition-on-protected-party",
    severity: Severity::High,
    summary: "a condition or escape that turns on the protected party's own conduct",
    why: "the protected party's wartime conduct is what the adversary can provoke or misrepresent, and the guarantor gains a ready reason to walk away",
    references: &[BENSON_2011, FJELSTUL_2015],
    source: include_str!("condition_on_protected_party.rs"),
    check,
};

fn check(rule: &Rule, ctx: &Ctx<'_>, inst: &Instrument, out: &mut Vec<Finding>) {
    for c in &inst.commitments {
        let bens = ctx.beneficiary_ids(inst, c);
        for e in &c.escapes {
            if conduct_of(&e.when.expr, &bens) {
                let msg = format!(
                    "escape clause `{}` {}s `{}` because of the protected party's own conduct",
                    e.id, e.effect, c.id.id
                );
                rule.on(inst, Some(c), msg).quote(e.when.quote.as_ref()).push(out);
            }
        }
        for k in &c.conditions {
            if k.atop == ConditionKind::NonProvocation || conduct_of(&k.when.expr, &bens) {
                let msg = format!("condition `{}` makes `{}` depend on the protected party's conduct", k.id, c.id.id);
                rule.on(inst, Some(c), msg).quote(k.when.quote.as_ref()).push(out);
            }
        }
    }
}
