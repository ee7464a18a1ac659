//! # ends-on-third-party (A013)
//!
//! ## What it flags
//! An obligation that ends, or is only to be pursued, through a third body's action:
//! measures "terminated when the Security Council has taken the measures necessary", a
//! promise "to seek immediate United Nations Security Council action".
//!
//! ## Why it weakens the commitment
//! The guarantor can hand the matter to a body that may act slowly, symbolically or not
//! at all — and where an adversary holds a veto, not at all is the likely outcome. A
//! third body's nominal action can also be cited as ending the guarantor's duty.
//!
//! ## Example
//! North Atlantic Treaty, Article 5: "Such measures shall be terminated when the
//! Security Council has taken the measures necessary to restore and maintain
//! international peace and security." Budapest Memorandum, paragraph 4: "seek
//! immediate United Nations Security Council action".
//!
//! ## What to write instead
//! Keep the guarantor's duty until the attack has ended in fact, and do not route the
//! remedy through bodies where the adversary votes.
//!
//! ## References
//! - Leeds, Long & Mitchell (2000), on what specific terms oblige.

use crate::references::LEEDS_LONG_MITCHELL_2000;
use crate::rules::Rule;
use crate::{Ctx, Finding, Severity};
use pactum_model::keywords::{EventKind, Means};
use pactum_model::types::Instrument;

pub const RULE: Rule = Rule {
    code: "A013",
    name: "ends-on-third-party",
    severity: Severity::Medium,
    summary: "the obligation ends with, or consists of, a third body's action (the UN Security Council)",
    why: "the duty can be handed to a body that may act slowly or not at all, and its nominal action can be cited as ending the duty",
    references: &[LEEDS_LONG_MITCHELL_2000],
    source: include_str!("ends_on_third_party.rs"),
    check,
};

fn check(rule: &Rule, _ctx: &Ctx<'_>, inst: &Instrument, out: &mut Vec<Finding>) {
    for c in &inst.commitments {
        if let Some(end) = &c.ends_when
            && end.expr.patterns().iter().any(|p| p.kind == EventKind::MeasuresTaken)
        {
            let msg = format!("`{}` ends when a third body acts: {}", c.id.id, end.text);
            rule.on(inst, Some(c), msg).quote(end.quote.as_ref()).push(out);
        }
        if c.means.contains(&Means::UnscAction) {
            let msg = format!("`{}` is discharged by seeking UN Security Council action", c.id.id);
            rule.on(inst, Some(c), msg).push(out);
        }
    }
}
