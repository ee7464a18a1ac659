//! # no-forces (A010)
//!
//! ## What it flags
//! A defence commitment with no forces stationed or planned for the protected party's
//! defence (or none the encoding could establish); planned but not deployed forces are
//! flagged at low severity.
//!
//! ## Why it weakens the commitment
//! Forces on the ground that can change the local balance make a promise hard to abandon
//! and an attack hard to win quickly; paper promises do neither. Small tripwires are not
//! enough: what deters is the capacity to deny a quick victory.
//!
//! ## Example
//! The 28-point plan: "NATO commits not to deploy troops in Ukraine" beside a US
//! guarantee with no forces of its own.
//!
//! ## What to write instead
//! Commit forces, prepositioned equipment or at least standing plans and exercises, sized
//! to the local balance.
//!
//! ## References
//! - O'Mahony et al. (2018), RAND, on US presence and conflict.
//! - Reiter & Poast (2021), on tripwires.
//! - Huth (1988), on local denial capability.

use crate::references::{HUTH_1988, OMAHONY_2018, REITER_POAST_2021};
use crate::rules::Rule;
use crate::{Ctx, Finding, Severity};
use pactum_model::keywords::{CommitmentKind, ForcesStatus, Obligation};
use pactum_model::types::Instrument;

pub const RULE: Rule = Rule {
    code: "A010",
    name: "no-forces",
    severity: Severity::Medium,
    summary: "a defence commitment with no forces in place or planned",
    why: "without forces that can change the local balance, the promise is easy to abandon and an attack can still win quickly",
    references: &[OMAHONY_2018, REITER_POAST_2021, HUTH_1988],
    source: include_str!("no_forces.rs"),
    check,
};

fn check(rule: &Rule, _ctx: &Ctx<'_>, inst: &Instrument, out: &mut Vec<Finding>) {
    for c in &inst.commitments {
        if c.kind != CommitmentKind::Defense || c.obligation < Obligation::Material {
            continue;
        }
        let (msg, sev) = match c.forces.status {
            ForcesStatus::Stationed => continue,
            ForcesStatus::Planned => (format!("forces for `{}` are planned, not in place", c.id.id), Severity::Low),
            ForcesStatus::None => (format!("no forces are in place or planned for `{}`", c.id.id), rule.severity),
            ForcesStatus::Unknown => {
                (format!("the text of `{}` provides for no forces (none established)", c.id.id), Severity::Low)
            }
        };
        rule.on(inst, Some(c), msg).quote(c.forces.quote.as_ref()).severity(sev).push(out);
    }
}
