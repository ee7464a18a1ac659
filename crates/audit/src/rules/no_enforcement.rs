//! # no-enforcement (A015)
//!
//! ## What it flags
//! Assurances — undertakings to respect borders, refrain from force or coercion — in an
//! instrument that gives the protected party no remedy with force behind it: no party
//! is obliged to provide material or military support if the assurances are broken.
//!
//! ## Why it weakens the commitment
//! An assurance given by a state that may itself be the aggressor, with no other state
//! obliged to act if it breaks it, costs the aggressor nothing to break. Consultations
//! and appeals to the Security Council are not enforcement.
//!
//! ## Example
//! The Budapest Memorandum (1994): Russia, the UK and the US "reaffirm their obligation
//! to refrain from the threat or use of force against the territorial integrity or
//! political independence of Ukraine" — and the only remedies are consultation and seeking
//! Security Council action.
//!
//! ## What to write instead
//! Attach to the assurances a guarantee by states other than the potential aggressor,
//! with obligations to assist, or sanctions that follow automatically.
//!
//! ## References
//! - Fearon (1997), on costly signals.
//! - Leeds (2003, AJPS), on which commitments deter.

use crate::references::{FEARON_1997, LEEDS_2003_AJPS};
use crate::rules::Rule;
use crate::{Ctx, Finding, Severity};
use pactum_model::keywords::{CommitmentKind, Obligation};
use pactum_model::types::Instrument;

pub const RULE: Rule = Rule {
    code: "A015",
    name: "no-enforcement",
    severity: Severity::High,
    summary: "assurances with no remedy that has force behind it",
    why: "an assurance no state is obliged to enforce costs the state that breaks it nothing",
    references: &[FEARON_1997, LEEDS_2003_AJPS],
    source: include_str!("no_enforcement.rs"),
    check,
};

fn check(rule: &Rule, _ctx: &Ctx<'_>, inst: &Instrument, out: &mut Vec<Finding>) {
    let assurances: Vec<_> = inst
        .commitments
        .iter()
        .filter(|c| matches!(c.kind, CommitmentKind::Assurance | CommitmentKind::Nonaggression))
        .collect();
    if assurances.is_empty() {
        return;
    }
    let enforced = inst.commitments.iter().any(|c| c.obligation >= Obligation::Material);
    if enforced {
        return;
    }
    let ids: Vec<&str> = assurances.iter().map(|c| c.id.id.as_str()).collect();
    let msg = format!(
        "`{}` gives assurances ({}) but obliges nobody to more than {} if they are broken",
        inst.id,
        ids.join(", "),
        inst.commitments.iter().map(|c| c.obligation).max().map_or("nothing", |o| match o {
            Obligation::Consult => "consultation",
            Obligation::NonMilitary => "diplomatic measures",
            _ => "nothing",
        })
    );
    let anchor = assurances.iter().find(|c| c.trigger.is_some()).or(assurances.first()).copied();
    rule.on(inst, anchor, msg).push(out);
}
