//! # discretionary-response (A002)
//!
//! ## What it flags
//! A commitment that leaves the guarantor to choose its response: "such action as it
//! deems necessary", "measures … may include", "appropriate next steps". Flagged when
//! the encoding records `discretion = "full"` or `"limited"`.
//!
//! ## Why it weakens the commitment
//! Discretion lets the guarantor honour the letter of the promise with a token
//! response: a statement, sanctions, a delivery of helmets. The adversary can expect the
//! least costly option and plan around it. Discretion is common — NATO's Article 5 has
//! it — and democracies often write it deliberately, but it shifts the question from
//! "will the guarantor act?" to "what will it choose to do?".
//!
//! ## Example
//! North Atlantic Treaty, Article 5: each Party will assist "by taking forthwith …
//! such action as it deems necessary, including the use of armed force". The Axios
//! draft of the US guarantee: "Response measures may include the use of military force".
//!
//! ## What to write instead
//! State a floor ("shall provide at least …"), name the means that are owed rather than
//! the means that may be chosen, and tie the response to pre-agreed plans and forces.
//!
//! ## References
//! - Chiba, Johnson & Leeds (2015), on careful, limited commitments.
//! - Leeds (2003, AJPS), on commitments that require intervention.

use crate::references::{CHIBA_JOHNSON_LEEDS_2015, LEEDS_2003_AJPS};
use crate::rules::{Rule, is_positive};
use crate::{Ctx, Finding, Severity};
use pactum_model::keywords::Discretion;
use pactum_model::types::Instrument;

pub const RULE: Rule = Rule {
    code: "A002",
    name: "discretionary-response",
    severity: Severity::Medium,
    summary: "the guarantor chooses its response (\"as it deems necessary\", \"may include\")",
    why: "the guarantor may meet the promise with its least costly option, so neither the protected party nor the adversary knows what response to expect",
    references: &[CHIBA_JOHNSON_LEEDS_2015, LEEDS_2003_AJPS],
    source: include_str!("discretionary_response.rs"),
    check,
};

fn check(rule: &Rule, _ctx: &Ctx<'_>, inst: &Instrument, out: &mut Vec<Finding>) {
    for c in inst.commitments.iter().filter(|c| is_positive(c)) {
        let sev = match c.discretion {
            Discretion::None => continue,
            Discretion::Limited => Severity::Low,
            Discretion::Full => rule.severity,
        };
        let msg =
            format!("{} discretion: each guarantor decides what response `{}` requires of it", c.discretion, c.id.id);
        rule.on(inst, Some(c), msg).quote(c.discretion_quote.as_ref()).severity(sev).push(out);
    }
}
