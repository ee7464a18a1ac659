//! ATOP's member-level variables that pactum can code, and what in the model each stands for.

use pactum_model::keywords::{CommitmentKind, ConditionKind};

/// One compared ATOP variable: an obligation, or a condition on one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Var {
    /// ATOP's column name (lower case, as in the v4.01 CSVs).
    pub name: &'static str,
    /// The commitment kind the variable is about.
    pub kind: CommitmentKind,
    /// `None` for the obligation itself; the condition type for a condition variable.
    pub condition: Option<ConditionKind>,
}

const fn ob(name: &'static str, kind: CommitmentKind) -> Var {
    Var { name, kind, condition: None }
}

const fn co(name: &'static str, kind: CommitmentKind, c: ConditionKind) -> Var {
    Var { name, kind, condition: Some(c) }
}

use CommitmentKind as K;
use ConditionKind as C;

/// Every variable pactum codes, in the order of ATOP's CSV. ATOP has no offence
/// non-provocation column; NEUCOATT ("neutral only if the partner is attacked") and OLIMOB
/// ("other limitation") have no model counterpart and are not coded.
pub const VARS: &[Var] = &[
    ob("defense", K::Defense),
    ob("offense", K::Offense),
    ob("neutral", K::Neutrality),
    ob("nonagg", K::Nonaggression),
    ob("consul", K::Consultation),
    co("defcoadv", K::Defense, C::Adversary),
    co("defcoloc", K::Defense, C::Location),
    co("defcocon", K::Defense, C::Conflict),
    co("defconum", K::Defense, C::Number),
    co("defcodem", K::Defense, C::Demand),
    co("defconpr", K::Defense, C::NonProvocation),
    co("offcoadv", K::Offense, C::Adversary),
    co("offcoloc", K::Offense, C::Location),
    co("offcocon", K::Offense, C::Conflict),
    co("offconum", K::Offense, C::Number),
    co("offcodem", K::Offense, C::Demand),
    co("neucoadv", K::Neutrality, C::Adversary),
    co("neucoloc", K::Neutrality, C::Location),
    co("neucocon", K::Neutrality, C::Conflict),
    co("neuconum", K::Neutrality, C::Number),
    co("neucodem", K::Neutrality, C::Demand),
    co("neuconpr", K::Neutrality, C::NonProvocation),
    co("concoadv", K::Consultation, C::Adversary),
    co("concoloc", K::Consultation, C::Location),
    co("concocon", K::Consultation, C::Conflict),
    co("concoreq", K::Consultation, C::Request),
];

/// The variable for an obligation kind, if ATOP codes the kind.
pub fn obligation_var(kind: CommitmentKind) -> Option<&'static Var> {
    VARS.iter().find(|v| v.kind == kind && v.condition.is_none())
}

/// The variable for a condition type on an obligation kind, if ATOP has that column.
pub fn condition_var(kind: CommitmentKind, c: ConditionKind) -> Option<&'static Var> {
    VARS.iter().find(|v| v.kind == kind && v.condition == Some(c))
}

/// Looks a variable up by its (case-insensitive) ATOP name.
pub fn by_name(name: &str) -> Option<&'static Var> {
    VARS.iter().find(|v| v.name.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_lower_case() {
        for (i, v) in VARS.iter().enumerate() {
            assert_eq!(v.name, v.name.to_ascii_lowercase());
            assert!(VARS[i + 1..].iter().all(|w| w.name != v.name), "{} twice", v.name);
        }
    }

    #[test]
    fn every_kind_atop_codes_has_an_obligation_variable() {
        for k in [K::Defense, K::Offense, K::Neutrality, K::Nonaggression, K::Consultation] {
            assert!(obligation_var(k).is_some());
        }
        assert!(obligation_var(K::Assurance).is_none());
        assert!(obligation_var(K::Other).is_none());
        assert_eq!(condition_var(K::Consultation, C::Request).map(|v| v.name), Some("concoreq"));
        assert!(condition_var(K::Offense, C::NonProvocation).is_none());
    }
}
