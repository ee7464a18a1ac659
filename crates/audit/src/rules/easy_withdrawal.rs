//! # easy-withdrawal (A008)
//!
//! ## What it flags
//! Withdrawal on short notice (under a year), or a binding commitment whose text says
//! nothing about withdrawal at all, so a government may leave at will.
//!
//! ## Why it weakens the commitment
//! A guarantor that can leave within months can leave between the adversary's decision
//! to attack and the attack itself. A long notice period keeps the obligation alive
//! through a crisis.
//!
//! ## Example
//! US–Ukraine Bilateral Security Agreement (2024): either party may terminate by written
//! notification, effective six months later.
//!
//! ## What to write instead
//! A notice period of at least a year, no withdrawal during an armed attack, and, where
//! domestic law allows, legislative consent to withdraw.
//!
//! ## References
//! - Leeds & Savun (2007), on why states abrogate alliances.

use crate::references::LEEDS_SAVUN_2007;
use crate::rules::{Rule, is_positive};
use crate::{Ctx, Finding, Severity};
use pactum_model::keywords::LegalForm;
use pactum_model::types::Instrument;

pub const RULE: Rule = Rule {
    code: "A008",
    name: "easy-withdrawal",
    severity: Severity::Medium,
    summary: "withdrawal on less than a year's notice, or no withdrawal terms at all",
    why: "a guarantor that can leave within months can leave between an adversary's decision to attack and the attack",
    references: &[LEEDS_SAVUN_2007],
    source: include_str!("easy_withdrawal.rs"),
    check,
};

fn check(rule: &Rule, _ctx: &Ctx<'_>, inst: &Instrument, out: &mut Vec<Finding>) {
    if !inst.commitments.iter().any(is_positive) {
        return;
    }
    match &inst.withdrawal {
        Some(w) if !w.allowed => {}
        Some(w) => match &w.notice {
            Some(n) if n.approx_days() < 365.0 => {
                let msg = format!("a party may withdraw from `{}` on {n} notice", inst.id);
                rule.on(inst, None, msg).quote(w.quote.as_ref()).push(out);
            }
            Some(_) => {}
            None => {
                let msg = format!("`{}` allows withdrawal without stating a notice period", inst.id);
                rule.on(inst, None, msg).quote(w.quote.as_ref()).severity(Severity::Low).push(out);
            }
        },
        None if inst.form != LegalForm::Treaty => {
            let msg =
                format!("`{}` states no withdrawal terms: as a {} it can be abandoned at will", inst.id, inst.form);
            rule.on(inst, None, msg).severity(Severity::Low).push(out);
        }
        None => {}
    }
}
