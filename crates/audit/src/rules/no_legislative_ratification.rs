//! # no-legislative-ratification (A007)
//!
//! ## What it flags
//! An instrument whose guarantors' legislatures have not approved it: an executive
//! agreement, a memorandum, a declaration, a proposal — or a treaty whose ratification
//! is still only promised or pending.
//!
//! ## Why it weakens the commitment
//! Without the legislature, a successor government can walk away at no domestic legal
//! cost, and the adversary knows it. Ratification ties the hands of future governments
//! and raises the guarantor public's support for honouring the commitment.
//!
//! ## Example
//! The 2024 US–Ukraine Bilateral Security Agreement was an executive agreement: "any next
//! president … can withdraw … since it does not provide for ratification by Congress".
//!
//! ## What to write instead
//! Submit the guarantee for ratification (in the United States, Senate advice and
//! consent by two-thirds) or at least for a statute, and record the vote.
//!
//! ## References
//! - Mattes (2012), on precommitting successor governments.
//! - Tomz, Weeks & Bansak (2023), on treaty membership and public support for defence.

use crate::references::{MATTES_2012_PRECOMMIT, TOMZ_WEEKS_BANSAK_2023};
use crate::rules::{Rule, is_positive};
use crate::{Ctx, Finding, Severity};
use pactum_model::keywords::{LegalForm, RatificationStatus};
use pactum_model::types::Instrument;

pub const RULE: Rule = Rule {
    code: "A007",
    name: "no-legislative-ratification",
    severity: Severity::Medium,
    summary: "no legislature has approved the instrument (or approval is only promised)",
    why: "a successor government can walk away at no domestic legal cost, and the adversary knows it",
    references: &[MATTES_2012_PRECOMMIT, TOMZ_WEEKS_BANSAK_2023],
    source: include_str!("no_legislative_ratification.rs"),
    check,
};

fn check(rule: &Rule, _ctx: &Ctx<'_>, inst: &Instrument, out: &mut Vec<Finding>) {
    if !inst.commitments.iter().any(is_positive) && inst.form != LegalForm::Memorandum {
        return;
    }
    let status = inst.ratification.as_ref().map(|r| r.status);
    let msg = match status {
        Some(RatificationStatus::Ratified) => return,
        Some(RatificationStatus::Promised) => format!("legislative approval of `{}` is only promised", inst.id),
        Some(RatificationStatus::Pending) => format!("ratification of `{}` is pending", inst.id),
        Some(RatificationStatus::Rejected) => format!("ratification of `{}` was rejected", inst.id),
        Some(RatificationStatus::None) | Some(RatificationStatus::NotRequired) | None => {
            if inst.form == LegalForm::Treaty || inst.form == LegalForm::Statute {
                return;
            }
            format!("`{}` is a {} that no legislature has approved", inst.id, inst.form)
        }
    };
    let q = inst.ratification.as_ref().and_then(|r| r.quote.as_ref());
    let mut f = rule.on(inst, None, msg);
    if q.is_some() {
        f = f.quote(q);
    }
    f.push(out);
}
