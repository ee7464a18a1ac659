//! The audit rules, one per file. Each file's `//!` documentation is the rule's
//! reference (`pactum audit --explain RULE`, and docs/rules.md is generated from it).

use pactum_model::expr::{ActorRef, Expr, Test};
use pactum_model::keywords::{Field, Role};
use pactum_model::types::{Commitment, Instrument};

use crate::references::Reference;
use crate::{Ctx, Finding, Severity};

mod asymmetric_obligation;
mod circular_conditionality;
mod condition_on_protected_party;
mod consultation_only;
mod depends_on_other_guarantor;
mod discretionary_response;
mod easy_withdrawal;
mod ends_on_third_party;
mod escape_judged_by_guarantor;
mod no_defense_obligation;
mod no_enforcement;
mod no_forces;
mod no_legislative_ratification;
mod qualified_trigger;
mod scope_gap;
mod short_duration;
mod time_limited_offer;

/// An audit rule.
pub struct Rule {
    /// Stable code (`A001`).
    pub code: &'static str,
    /// Stable kebab-case name.
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what it flags.
    pub summary: &'static str,
    /// One or two sentences: why it weakens the commitment (shown with each finding).
    pub why: &'static str,
    pub references: &'static [Reference],
    /// The rule file's source; its `//!` lines are the documentation.
    pub source: &'static str,
    pub check: fn(&Rule, &Ctx<'_>, &Instrument, &mut Vec<Finding>),
}

impl Rule {
    /// The rule's documentation: the `//!` lines of its file.
    pub fn doc(&self) -> String {
        let mut out = String::new();
        for line in self.source.lines() {
            if let Some(rest) = line.strip_prefix("//!") {
                out.push_str(rest.strip_prefix(' ').unwrap_or(rest));
                out.push('\n');
            } else if !out.is_empty() {
                break;
            }
        }
        out
    }
}

/// Every rule, in code order.
pub static RULES: &[Rule] = &[
    escape_judged_by_guarantor::RULE,
    discretionary_response::RULE,
    qualified_trigger::RULE,
    condition_on_protected_party::RULE,
    depends_on_other_guarantor::RULE,
    time_limited_offer::RULE,
    no_legislative_ratification::RULE,
    easy_withdrawal::RULE,
    short_duration::RULE,
    no_forces::RULE,
    consultation_only::RULE,
    scope_gap::RULE,
    ends_on_third_party::RULE,
    asymmetric_obligation::RULE,
    no_enforcement::RULE,
    circular_conditionality::RULE,
    no_defense_obligation::RULE,
];

/// Finds a rule by name or code.
pub fn find(key: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == key || r.code.eq_ignore_ascii_case(key))
}

/// docs/rules.md, generated from the rule files.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Audit rules\n\n<!-- Generated from crates/audit/src/rules/*.rs by `pactum audit --rules-doc`; do not edit by hand. -->\n\n\
         `pactum audit PATH… [--format text|json|md]` runs these rules. Select with `--select`, skip with\n\
         `--ignore`, change a rule's severity with `--severity RULE=LEVEL`, and silence a rule in a file\n\
         with a comment that states why:\n\n\
         ```markdown\n<!-- pactum-audit: allow(discretionary-response, art5) reason: \"the comparison is the point\" -->\n```\n\n\
         | code | rule | default severity | flags |\n|---|---|---|---|\n",
    );
    for r in RULES {
        out.push_str(&format!(
            "| {} | [`{}`](#{}) | {} | {} |\n",
            r.code,
            r.name,
            r.name,
            r.severity.name(),
            r.summary
        ));
    }
    for r in RULES {
        out.push_str(&format!("\n<a id=\"{}\"></a>\n\n", r.name));
        out.push_str(
            &r.doc()
                .replace("\n# ", "\n## ")
                .replacen("# ", "## ", 1)
                .replace("\n## What", "\n### What")
                .replace("\n## Why", "\n### Why")
                .replace("\n## Example", "\n### Example")
                .replace("\n## References", "\n### References"),
        );
    }
    out
}

// ---- helpers shared by rules ------------------------------------------------

/// Every clause expression of a commitment: trigger, conditions, escapes, ends_when.
pub fn clauses(c: &Commitment) -> Vec<&Expr> {
    let mut v: Vec<&Expr> = Vec::new();
    v.extend(c.trigger.as_ref().map(|t| &t.expr));
    v.extend(c.conditions.iter().map(|x| &x.when.expr));
    v.extend(c.escapes.iter().map(|x| &x.when.expr));
    v.extend(c.ends_when.as_ref().map(|t| &t.expr));
    v
}

/// Whether an expression has an event pattern whose `by` is the beneficiary (or one of
/// the given actors): conduct of the protected party.
pub fn conduct_of(e: &Expr, who: &[String]) -> bool {
    e.patterns().iter().any(|p| {
        p.constraints.iter().any(|c| {
            c.field == Field::By
                && matches!(&c.test, Test::Actors { any_of } if any_of.iter().any(|a| match a {
                    ActorRef::Role(Role::Beneficiary) => true,
                    ActorRef::Id(x) => who.contains(x),
                    _ => false,
                }))
        })
    })
}

/// Actors named in `by:` of the expression's event patterns (explicit ids only).
pub fn attackers(e: &Expr) -> Vec<String> {
    let mut out = Vec::new();
    for p in e.patterns() {
        if !p.kind.is_hostile() {
            continue;
        }
        for c in &p.constraints {
            if c.field == Field::By
                && let Test::Actors { any_of } = &c.test
            {
                for a in any_of {
                    if let ActorRef::Id(x) = a
                        && !out.contains(x)
                    {
                        out.push(x.clone());
                    }
                }
            }
        }
    }
    out
}

/// Whether a commitment is a promise to act for someone (not a negative undertaking).
pub fn is_positive(c: &Commitment) -> bool {
    use pactum_model::keywords::CommitmentKind::*;
    matches!(c.kind, Defense | Offense | Consultation | Other)
        && c.obligation > pactum_model::keywords::Obligation::None
}
