//! # no-defense-obligation (A017)
//!
//! ## What it flags
//! An instrument presented as a security guarantee or assurance in which no party owes
//! the protected party defence: no commitment of ATOP's defence type, nothing beyond
//! consultation, diplomacy or restraint.
//!
//! ## Why it weakens the commitment
//! Only promises to intervene on the target's behalf deter challenges; assurances of
//! restraint and promises to consult do not. Calling such an instrument a "guarantee"
//! invites a confidence it cannot bear.
//!
//! ## Example
//! The Budapest Memorandum (1994): "Memorandum on Security Assurances" — respect for
//! borders, refraining from force and coercion, seeking Security Council action,
//! consultation; no obligation to defend Ukraine.
//!
//! ## What to write instead
//! Name the obligation to assist, its trigger and its means — or call the instrument what
//! it is, an assurance.
//!
//! ## References
//! - Leeds (2003, AJPS), on which commitments deter.
//! - Berkemeier & Fuhrmann (2018), on fulfilment by commitment type.

use crate::references::{BERKEMEIER_FUHRMANN_2018, LEEDS_2003_AJPS};
use crate::rules::Rule;
use crate::{Ctx, Finding, Severity};
use pactum_model::keywords::{CommitmentKind, Obligation};
use pactum_model::types::Instrument;

pub const RULE: Rule = Rule {
    code: "A017",
    name: "no-defense-obligation",
    severity: Severity::High,
    summary: "no party owes the protected party defence",
    why: "only promises to intervene for the target deter challenges; restraint and consultation do not",
    references: &[LEEDS_2003_AJPS, BERKEMEIER_FUHRMANN_2018],
    source: include_str!("no_defense_obligation.rs"),
    check,
};

fn check(rule: &Rule, _ctx: &Ctx<'_>, inst: &Instrument, out: &mut Vec<Finding>) {
    if inst.commitments.is_empty() {
        return;
    }
    let defends =
        inst.commitments.iter().any(|c| c.kind == CommitmentKind::Defense && c.obligation >= Obligation::Material);
    if defends {
        return;
    }
    let strongest = inst.commitments.iter().map(|c| c.obligation).max().unwrap_or(Obligation::None);
    let msg = format!("`{}` contains no obligation to defend: its strongest obligation is {}", inst.id, strongest);
    rule.on(inst, None, msg).push(out);
}
