//! Three-valued evaluation of expressions against a timeline of events.
//!
//! `judged(...)` is the only source of "unknown": a judgement the scenario does not
//! fix. Unknowns are recorded so the simulator can branch on them.

use std::collections::BTreeMap;

use pactum_model::Registry;
use pactum_model::expr::{ActorRef, Cmp, Constraint, EventPattern, Expr, PlaceRef, Test};
use pactum_model::keywords::{Field, Role};
use pactum_model::time::Date;
use pactum_model::types::Event;

/// A truth value with "unknown".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tv {
    True,
    False,
    Unknown,
}

impl Tv {
    pub fn from_bool(b: bool) -> Tv {
        if b { Tv::True } else { Tv::False }
    }

    pub fn and(self, o: Tv) -> Tv {
        match (self, o) {
            (Tv::False, _) | (_, Tv::False) => Tv::False,
            (Tv::True, Tv::True) => Tv::True,
            _ => Tv::Unknown,
        }
    }

    pub fn or(self, o: Tv) -> Tv {
        match (self, o) {
            (Tv::True, _) | (_, Tv::True) => Tv::True,
            (Tv::False, Tv::False) => Tv::False,
            _ => Tv::Unknown,
        }
    }
}

impl std::ops::Not for Tv {
    type Output = Tv;

    fn not(self) -> Tv {
        match self {
            Tv::True => Tv::False,
            Tv::False => Tv::True,
            Tv::Unknown => Tv::Unknown,
        }
    }
}

/// The judge of a judgement any party may make ("in the opinion of any of them").
pub const ANY_PARTY: &str = "any party";

/// A judgement: the words and the actor who judges them.
pub type JudgementKey = (String, String);

/// Who the roles stand for, and which events count.
#[derive(Debug, Clone)]
pub struct Binding<'a> {
    pub guarantor: &'a str,
    pub beneficiary: Option<&'a str>,
    /// The instrument's parties (actor ids, groups unexpanded).
    pub parties: &'a [String],
    /// Events before this date do not count (events before entry into force).
    pub since: Option<Date>,
}

/// What an evaluation needs besides the binding.
pub struct Env<'a> {
    pub registry: &'a Registry,
    pub events: &'a [Event],
    /// Judgements fixed by the scenario or by the branch being explored.
    pub judgements: &'a dyn Fn(&str, &str, Date) -> Option<bool>,
    /// `holds(...)` is answered by the simulator.
    pub holds: &'a dyn Fn(&pactum_model::expr::CommitmentRef, Date) -> Tv,
    /// Open judgements met during evaluation, in order.
    pub open: std::cell::RefCell<Vec<JudgementKey>>,
}

impl Env<'_> {
    fn actor_of<'b>(&self, r: &'b ActorRef, b: &'b Binding<'_>) -> Option<&'b str> {
        match r {
            ActorRef::Id(s) => Some(s),
            ActorRef::Role(Role::Guarantor) => Some(b.guarantor),
            ActorRef::Role(Role::Beneficiary) => b.beneficiary,
            ActorRef::Role(_) => None,
        }
    }

    /// Whether `actor` is matched by `r` on `date`.
    fn actor_matches(&self, r: &ActorRef, actor: &str, b: &Binding<'_>, date: Date) -> bool {
        match r {
            ActorRef::Role(Role::Any) => true,
            ActorRef::Role(Role::Parties) => {
                b.parties.iter().any(|p| self.registry.members_at(p, date).iter().any(|m| m == actor))
            }
            _ => match self.actor_of(r, b) {
                Some(id) => id == actor || self.registry.members_at(id, date).iter().any(|m| m == actor),
                None => false,
            },
        }
    }

    /// The place an event happened: its `place`, else its target's territory.
    pub fn event_place(e: &Event) -> Option<String> {
        match &e.place {
            Some(p) => Some(p.to_string()),
            None => e.target.clone(),
        }
    }

    fn place_matches(&self, r: &PlaceRef, e: &Event, b: &Binding<'_>) -> bool {
        let Some(place) = Self::event_place(e) else { return false };
        match r {
            PlaceRef::State(s) => self.registry.within(&place, s),
            PlaceRef::Place(p) => &place == p,
            PlaceRef::Region(reg) => self.registry.regions_of(&place).contains(reg) || place == reg.to_string(),
            PlaceRef::Role(role) => {
                let who = match role {
                    Role::Guarantor => Some(b.guarantor),
                    Role::Beneficiary => b.beneficiary,
                    Role::Parties => {
                        return b.parties.iter().any(|p| {
                            self.registry.members_at(p, e.date).iter().any(|m| self.registry.within(&place, m))
                        });
                    }
                    Role::Any => return true,
                };
                who.is_some_and(|w| self.registry.within(&place, w))
            }
        }
    }

    fn constraint(&self, c: &Constraint, e: &Event, b: &Binding<'_>) -> bool {
        let actor_field = |f: Field| -> Vec<&str> {
            match f {
                Field::By => e.by.as_deref().into_iter().collect(),
                Field::Target => e.target.as_deref().into_iter().collect(),
                Field::Actor => e.actor.as_deref().into_iter().collect(),
                Field::Between => e.between.iter().map(String::as_str).collect(),
                _ => Vec::new(),
            }
        };
        match &c.test {
            Test::Actors { any_of } => {
                let actors = actor_field(c.field);
                actors.iter().any(|a| any_of.iter().any(|r| self.actor_matches(r, a, b, e.date)))
            }
            Test::Places { any_of } => any_of.iter().any(|p| self.place_matches(p, e, b)),
            Test::Regions { any_of } => any_of.iter().any(|r| self.place_matches(&PlaceRef::Region(*r), e, b)),
            Test::Scale { cmp, value } => e.scale.is_some_and(|s| cmp.holds(s, *value)),
            Test::Intent { cmp, value } => e.intent.is_some_and(|s| cmp.holds(s, *value)),
            Test::Duration { cmp, value } => e.duration.is_some_and(|s| cmp.holds(s, *value)),
            Test::Flag { value } => e.nuclear.unwrap_or(false) == *value,
            Test::Instruments { any_of } => e.instrument.as_ref().is_some_and(|i| any_of.contains(i)),
            Test::Result { value } => e.result == Some(*value),
            Test::Stance { any_of } => e.stance.is_some_and(|s| any_of.contains(&s)),
            Test::Commitments { any_of } => e.commitment.as_ref().is_some_and(|c| any_of.contains(c)),
            Test::Size { cmp, value } => e.size.is_some_and(|s| cmp_f64(*cmp, s, *value)),
        }
    }

    /// Events matching a pattern, in date order, on or before `at`.
    pub fn matching<'e>(&'e self, p: &EventPattern, b: &Binding<'_>, at: Date) -> impl Iterator<Item = &'e Event> {
        let since = b.since;
        let b = b.clone();
        // Only hostile acts are dated from entry into force: an attack before the
        // commitment existed does not trigger it, but a ceasefire or a vote that came
        // first still describes the situation the commitment finds.
        self.events.iter().filter(move |e| {
            e.kind == p.kind
                && e.date <= at
                && (!e.kind.is_hostile() || since.is_none_or(|s| e.date >= s))
                && p.constraints.iter().all(|c| self.constraint(c, e, &b))
        })
    }

    /// Evaluates an expression on a date.
    pub fn eval(&self, x: &Expr, b: &Binding<'_>, at: Date) -> Tv {
        match x {
            Expr::Const { value } => Tv::from_bool(*value),
            Expr::And { args } => {
                let mut v = Tv::True;
                for a in args {
                    v = v.and(self.eval(a, b, at));
                    if v == Tv::False {
                        break;
                    }
                }
                v
            }
            Expr::Or { args } => {
                let mut v = Tv::False;
                for a in args {
                    v = v.or(self.eval(a, b, at));
                    if v == Tv::True {
                        break;
                    }
                }
                v
            }
            Expr::Not { arg } => !self.eval(arg, b, at),
            Expr::Event { pattern } => Tv::from_bool(self.matching(pattern, b, at).next().is_some()),
            Expr::Judged { words, by } => {
                let who = match by {
                    ActorRef::Role(Role::Any | Role::Parties) => ANY_PARTY,
                    _ => match self.actor_of(by, b) {
                        Some(w) => w,
                        None => return Tv::Unknown,
                    },
                };
                match (self.judgements)(words, who, at) {
                    Some(v) => Tv::from_bool(v),
                    None => {
                        let key = (words.clone(), who.to_string());
                        let mut open = self.open.borrow_mut();
                        if !open.contains(&key) {
                            open.push(key);
                        }
                        Tv::Unknown
                    }
                }
            }
            Expr::Holds { commitment } => (self.holds)(commitment, at),
            Expr::Date { cmp, date } => Tv::from_bool(cmp.holds(at, *date)),
        }
    }

    /// The events that make the expression true (for explanations): every matching
    /// event of every pattern under a branch that is true.
    pub fn witnesses<'e>(&'e self, x: &Expr, b: &Binding<'_>, at: Date) -> Vec<&'e Event> {
        let mut out = Vec::new();
        for p in x.patterns() {
            if let Some(e) = self.matching(p, b, at).next()
                && !out.iter().any(|o: &&Event| std::ptr::eq(*o, e))
            {
                out.push(e);
            }
        }
        out.sort_by_key(|e| e.date);
        out
    }
}

fn cmp_f64(c: Cmp, a: f64, b: f64) -> bool {
    match c {
        Cmp::Lt => a < b,
        Cmp::Le => a <= b,
        Cmp::Gt => a > b,
        Cmp::Ge => a >= b,
        Cmp::Eq => a == b,
        Cmp::Ne => a != b,
    }
}

/// A short description of an event, for explanations.
pub fn summary(e: &Event) -> String {
    let mut parts = vec![e.kind.to_string()];
    if let Some(by) = &e.by {
        parts.push(format!("by {by}"));
    }
    if let Some(t) = &e.target {
        parts.push(format!("on {t}"));
    }
    if let Some(p) = &e.place {
        parts.push(format!("at {p}"));
    }
    if !e.between.is_empty() {
        parts.push(format!("between {}", e.between.join(", ")));
    }
    if let Some(i) = &e.instrument {
        parts.push(format!("({i})"));
    }
    let mut quals = Vec::new();
    if let Some(s) = e.scale {
        quals.push(s.to_string());
    }
    if let Some(s) = e.intent {
        quals.push(s.to_string());
    }
    if let Some(s) = e.duration {
        quals.push(s.to_string());
    }
    if let Some(r) = e.result {
        quals.push(r.to_string());
    }
    if e.nuclear == Some(true) {
        quals.push("nuclear".to_string());
    }
    if !quals.is_empty() {
        parts.push(format!("[{}]", quals.join(", ")));
    }
    if let Some(n) = &e.note {
        parts.push(format!("— {n}"));
    }
    parts.join(" ")
}

/// Judgement lookups for a fixed set of values.
pub fn lookup(map: &BTreeMap<JudgementKey, bool>) -> impl Fn(&str, &str, Date) -> Option<bool> + '_ {
    move |w, by, _| map.get(&(w.to_string(), by.to_string())).copied()
}
