//! The simulator: states over time for every commitment and guarantor of a scenario.
//!
//! The state on a date is a function of the events up to that date, so the simulator
//! evaluates it on every date where something can change (event dates, dates in the
//! instruments, and dates derived from them: deadlines, notice periods, terms) and
//! records a step whenever the state changes.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use pactum_model::expr::{ActorRef, CommitmentRef};
use pactum_model::keywords::*;
use pactum_model::time::{Date, Duration};
use pactum_model::types::{Commitment, Event, Instrument, Scenario};
use pactum_model::{Model, Registry};
use serde::Serialize;

use crate::eval::{Binding, Env, JudgementKey, Tv, summary};
use crate::explain::{EventRef, Reason};

/// Branching stops after this many open judgements (2^6 branches).
const MAX_BRANCH_DEPTH: usize = 6;

/// The result of running one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Simulation {
    pub scenario: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overlay: Option<String>,
    pub title: String,
    /// The last date evaluated.
    pub horizon: Date,
    pub timelines: Vec<Timeline>,
}

/// One commitment for one guarantor, over time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub commitment: CommitmentRef,
    pub guarantor: String,
    pub obligation: Obligation,
    pub discretion: Discretion,
    /// State changes in date order; the state holds until the next step.
    pub steps: Vec<Step>,
}

/// A change of state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub date: Date,
    pub state: CommitmentState,
    /// When the state turns on open judgements: the outcome of each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub branches: Vec<Branch>,
    pub why: Reason,
}

/// The outcome under one set of judgements.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Branch {
    pub judgements: Vec<JudgementValue>,
    pub state: CommitmentState,
    pub why: Reason,
}

/// A judgement made one way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JudgementValue {
    pub words: String,
    pub by: String,
    pub value: bool,
}

impl Simulation {
    pub fn timeline(&self, c: &CommitmentRef, guarantor: &str) -> Option<&Timeline> {
        self.timelines.iter().find(|t| &t.commitment == c && t.guarantor == guarantor)
    }

    /// The step in force on a date (the last one on or before it).
    pub fn step_on(&self, c: &CommitmentRef, guarantor: &str, on: Date) -> Option<&Step> {
        self.timeline(c, guarantor)?.steps.iter().rev().find(|s| s.date <= on)
    }

    /// The state on a date; `not-in-force` before the first step.
    pub fn state_on(&self, c: &CommitmentRef, guarantor: &str, on: Date) -> CommitmentState {
        self.step_on(c, guarantor, on).map_or(CommitmentState::NotInForce, |s| s.state)
    }
}

/// Runs a scenario (already derived from its overlay, if any) against the model.
pub fn simulate(model: &Model, scenario: &Scenario, overlay: Option<&str>) -> Simulation {
    let sim = Sim::new(model, scenario);
    let horizon = sim.horizon;
    let mut timelines = Vec::new();
    for c in &sim.commitments {
        for g in sim.guarantors(c) {
            let mut steps: Vec<Step> = Vec::new();
            for &t in &sim.candidates {
                let step = sim.step(c, &g, t);
                let changed = steps.last().is_none_or(|last| {
                    last.state != step.state
                        || last.branches.len() != step.branches.len()
                        || last
                            .branches
                            .iter()
                            .zip(&step.branches)
                            .any(|(a, b)| a.state != b.state || a.judgements != b.judgements)
                });
                if changed {
                    steps.push(step);
                }
            }
            // Leading "not in force" steps before anything happens say nothing.
            while steps.len() > 1 && steps[0].state == CommitmentState::NotInForce && steps[0].branches.is_empty() {
                steps.remove(0);
            }
            timelines.push(Timeline {
                commitment: c.id.clone(),
                guarantor: g,
                obligation: c.obligation,
                discretion: c.discretion,
                steps,
            });
        }
    }
    Simulation {
        scenario: scenario.id.clone(),
        overlay: overlay.map(str::to_string),
        title: scenario.title.clone(),
        horizon,
        timelines,
    }
}

/// An instrument's standing for one party on one date.
#[derive(Clone)]
enum Standing {
    NotInForce(Reason),
    Offered(Reason),
    OfferLapsed(Reason),
    Signed(Reason),
    InForce(Date, Reason),
    Lapsed(Reason),
    Withdrawn(Reason),
}

/// Memo key: a commitment (by address, stable during a run), a guarantor, a date and
/// the judgements assumed.
type MemoKey = (usize, String, Date, Vec<(JudgementKey, bool)>);
/// A memoised outcome, with the open judgements met while computing it.
type Memoised = (CommitmentState, Reason, Vec<JudgementKey>);
/// Key of a trigger's first date: commitment, guarantor, beneficiary, judgements.
type FiredKey = (usize, String, String, Vec<(JudgementKey, bool)>);

struct Sim<'m> {
    model: &'m Model,
    registry: &'m Registry,
    scenario: &'m Scenario,
    commitments: Vec<&'m Commitment>,
    candidates: Vec<Date>,
    horizon: Date,
    /// Outcomes already computed (dependencies ask for the same ones again and again),
    /// with the open judgements met while computing them.
    memo: RefCell<std::collections::HashMap<MemoKey, Memoised>>,
    /// First date each trigger held, per commitment, guarantor, beneficiary, judgements.
    fired: RefCell<std::collections::HashMap<FiredKey, Option<Date>>>,
    /// Standings already computed, per instrument (by address), party and date.
    standings: RefCell<std::collections::HashMap<(usize, String, Date), Standing>>,
}

fn event_ref(e: &Event) -> EventRef {
    EventRef { date: e.date, kind: e.kind, summary: summary(e), id: e.id.clone() }
}

impl<'m> Sim<'m> {
    fn new(model: &'m Model, scenario: &'m Scenario) -> Sim<'m> {
        let registry = &model.registry;
        // The scenario's instruments and, transitively, those their commitments lean on.
        let mut wanted: Vec<String> = scenario.instruments.clone();
        let mut i = 0;
        while i < wanted.len() {
            if let Some(inst) = model.instrument(&wanted[i]) {
                for c in &inst.commitments {
                    let mut refs: Vec<&CommitmentRef> = c.depends_on.iter().map(|d| &d.target).collect();
                    for cl in c.trigger.iter().chain(c.ends_when.iter()).chain(c.conditions.iter().map(|x| &x.when)) {
                        refs.extend(cl.expr.holds_refs());
                    }
                    for e in &c.escapes {
                        refs.extend(e.when.expr.holds_refs());
                    }
                    for r in refs {
                        if !wanted.contains(&r.instrument) {
                            wanted.push(r.instrument.clone());
                        }
                    }
                }
            }
            i += 1;
        }
        let commitments: Vec<&Commitment> =
            wanted.iter().filter_map(|id| model.instrument(id)).flat_map(|inst| inst.commitments.iter()).collect();

        let fallback = Date::new(2000, 1, 1).unwrap_or_else(|_| unreachable_date());
        let horizon = scenario.horizon().unwrap_or(fallback);
        let mut dates: BTreeSet<Date> = scenario.events.iter().map(|e| e.date).collect();
        for id in &wanted {
            let Some(inst) = model.instrument(id) else { continue };
            dates.extend([inst.signed, inst.in_force, inst.offered, inst.terminated].into_iter().flatten());
            if let Some(o) = &inst.offer {
                dates.extend([o.made, o.expires].into_iter().flatten());
            }
            for p in &inst.parties {
                if let Some(a) = registry.actor(p) {
                    dates.extend(a.members.iter().filter_map(|m| m.from));
                    dates.extend(a.members.iter().filter_map(|m| m.until));
                }
            }
        }
        // Dates derived from durations, each from the dates it can run from: deadlines
        // from events (a trigger fires on an event date), notice periods from notices,
        // terms from the dates an instrument can start. Adding every duration to every
        // date would multiply the dates to evaluate for nothing.
        let event_dates: Vec<Date> = scenario.events.iter().map(|e| e.date).collect();
        let mut derived: Vec<Date> = Vec::new();
        let add = |from: Date, d: &Duration, out: &mut Vec<Date>| {
            if let Some(x) = from.checked_add(d) {
                out.push(x);
                out.extend(x.next_day());
            }
        };
        for c in &commitments {
            if let Some(d) = &c.deadline {
                for &e in &event_dates {
                    add(e, &d.within, &mut derived);
                }
            }
        }
        for id in &wanted {
            let Some(inst) = model.instrument(id) else { continue };
            let mine = |k: EventKind| {
                scenario.events.iter().filter(move |e| e.kind == k && e.instrument.as_deref() == Some(inst.id.as_str()))
            };
            if let Some(n) = inst.withdrawal.as_ref().and_then(|w| w.notice.as_ref()) {
                for e in mine(EventKind::WithdrawalNotice) {
                    add(e.date, n, &mut derived);
                }
            }
            if let Some(len) = inst.duration.as_ref().and_then(|t| t.length.as_ref()) {
                let mut starts: Vec<Date> = [inst.signed, inst.in_force].into_iter().flatten().collect();
                starts.extend(mine(EventKind::Signature).map(|e| e.date));
                starts.extend(mine(EventKind::Ratification).map(|e| e.date));
                starts.extend(mine(EventKind::Vote).map(|e| e.date));
                starts.extend(scenario.events.iter().filter(|e| e.kind == EventKind::Ceasefire).map(|e| e.date));
                if let Some(pactum_model::types::TermStart::Date(d)) =
                    inst.duration.as_ref().and_then(|t| t.starts.as_ref())
                {
                    starts.push(*d);
                }
                for st in starts {
                    add(st, len, &mut derived);
                }
            }
        }
        dates.extend(derived);
        let candidates: Vec<Date> = dates.into_iter().filter(|d| *d <= horizon).collect();
        Sim {
            model,
            registry,
            scenario,
            commitments,
            candidates,
            horizon,
            memo: RefCell::new(std::collections::HashMap::new()),
            fired: RefCell::new(std::collections::HashMap::new()),
            standings: RefCell::new(std::collections::HashMap::new()),
        }
    }

    fn instrument(&self, c: &CommitmentRef) -> Option<&'m Instrument> {
        self.model.instrument(&c.instrument)
    }

    /// Everyone who may ever be a guarantor of `c`, in a stable order.
    fn guarantors(&self, c: &Commitment) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let parties = self.instrument(&c.id).map(|i| i.parties.clone()).unwrap_or_default();
        for g in &c.guarantors {
            let ids: Vec<String> = match g {
                ActorRef::Id(x) => self.registry.all_members(x),
                ActorRef::Role(_) => parties.iter().flat_map(|p| self.registry.all_members(p)).collect(),
            };
            for id in ids {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        out
    }

    fn expand_at(&self, refs: &[ActorRef], parties: &[String], t: Date) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in refs {
            let ids: Vec<String> = match r {
                ActorRef::Id(x) => self.registry.members_at(x, t),
                ActorRef::Role(_) => parties.iter().flat_map(|p| self.registry.members_at(p, t)).collect(),
            };
            for id in ids {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        out
    }

    fn fixed(&self, words: &str, by: &str, t: Date) -> Option<bool> {
        let made = |j: &&pactum_model::types::Judgement| j.from.is_none_or(|f| f <= t);
        if by == crate::eval::ANY_PARTY {
            // "In the opinion of any of them": one party's judgement that the words apply
            // is enough; they fail to apply only if that is fixed for everyone.
            let js: Vec<_> = self.scenario.judgements.iter().filter(|j| j.words == words).filter(made).collect();
            if js.iter().any(|j| j.value) {
                return Some(true);
            }
            return js.iter().rev().find(|j| j.by.is_none()).map(|j| j.value);
        }
        self.scenario
            .judgements
            .iter()
            .rev()
            .filter(made)
            .find(|j| j.words == words && j.by.as_deref().is_none_or(|b| b == by))
            .map(|j| j.value)
    }

    /// The step for one date, exploring open judgements.
    fn step(&self, c: &Commitment, g: &str, t: Date) -> Step {
        let mut outcomes = Vec::new();
        self.explore(c, g, t, BTreeMap::new(), 0, &mut outcomes);
        let first = outcomes.first().map(|o| o.1);
        if outcomes.iter().all(|o| Some(o.1) == first) {
            let (_, state, why) = outcomes.swap_remove(0);
            return Step { date: t, state, branches: Vec::new(), why };
        }
        let mut judges: Vec<String> = Vec::new();
        for (a, _, _) in &outcomes {
            for (w, by) in a.keys() {
                let s = format!("{by} (“{w}”)");
                if !judges.contains(&s) {
                    judges.push(s);
                }
            }
        }
        let states: BTreeSet<CommitmentState> = outcomes.iter().map(|o| o.1).collect();
        let names: Vec<&str> = states.iter().map(|s| s.keyword()).collect();
        let mut why = Reason::new(
            "judgement",
            format!("undecided: {} — the outcome turns on a judgement by {}", names.join(" or "), judges.join(", ")),
        );
        let branches: Vec<Branch> = outcomes
            .into_iter()
            .map(|(a, state, r)| Branch {
                judgements: a.into_iter().map(|((words, by), value)| JudgementValue { words, by, value }).collect(),
                state,
                why: r,
            })
            .collect();
        for b in &branches {
            let mut r = b.why.clone();
            r.text = format!("if {}: {}", crate::explain::judgements_text(&b.judgements), r.text);
            why = why.because(r);
        }
        Step { date: t, state: CommitmentState::Undecided, branches, why }
    }

    fn explore(
        &self,
        c: &Commitment,
        g: &str,
        t: Date,
        assume: BTreeMap<JudgementKey, bool>,
        depth: usize,
        out: &mut Vec<(BTreeMap<JudgementKey, bool>, CommitmentState, Reason)>,
    ) {
        let open = RefCell::new(Vec::new());
        let (state, why) = self.outcome(c, g, t, &assume, &open, 0);
        let next = open.into_inner().into_iter().find(|k| !assume.contains_key(k));
        match next {
            Some(k) if depth < MAX_BRANCH_DEPTH => {
                for v in [true, false] {
                    let mut a = assume.clone();
                    a.insert(k.clone(), v);
                    self.explore(c, g, t, a, depth + 1, out);
                }
            }
            _ => out.push((assume, state, why)),
        }
    }

    /// Whether a commitment holds on a date for any of its guarantors.
    fn holds(
        &self,
        r: &CommitmentRef,
        t: Date,
        assume: &BTreeMap<JudgementKey, bool>,
        open: &RefCell<Vec<JudgementKey>>,
        level: usize,
    ) -> (bool, Option<Reason>) {
        let Some(c) = self.model.commitment(r) else { return (false, None) };
        let mut first = None;
        for g in self.guarantors(c) {
            let (s, why) = self.outcome(c, &g, t, assume, open, level + 1);
            if matches!(
                s,
                CommitmentState::InForce
                    | CommitmentState::Triggered
                    | CommitmentState::Due
                    | CommitmentState::Honoured
            ) {
                return (true, Some(why));
            }
            first.get_or_insert(Reason::new("dependency", format!("{r} for {g}: {}", s.keyword())).because(why));
        }
        (false, first)
    }

    /// The instrument's standing for `g` on `t` (memoised: it is asked for every
    /// commitment of the instrument and for every beneficiary).
    fn standing(&self, inst: &Instrument, g: &str, t: Date) -> Standing {
        let key = (inst as *const Instrument as usize, g.to_string(), t);
        if let Some(s) = self.standings.borrow().get(&key) {
            return s.clone();
        }
        let s = self.standing_uncached(inst, g, t);
        self.standings.borrow_mut().insert(key, s.clone());
        s
    }

    fn standing_uncached(&self, inst: &Instrument, g: &str, t: Date) -> Standing {
        let ev = |k: EventKind| -> Vec<&Event> {
            self.scenario
                .events
                .iter()
                .filter(|e| e.kind == k && e.date <= t && e.instrument.as_deref() == Some(inst.id.as_str()))
                .collect()
        };
        let unverified =
            |key: &str| if inst.unverified.iter().any(|u| u == key) { " (date known only from memory)" } else { "" };
        let parties_are_groups =
            inst.parties.iter().any(|p| self.registry.actor(p).is_some_and(|a| a.kind == ActorKind::Group));
        let bilateral = inst.parties.len() == 2 && !parties_are_groups;

        // Rejection by a vote ends the matter.
        if let Some(e) = ev(EventKind::Vote).into_iter().find(|e| e.result == Some(VoteResult::Reject)) {
            return Standing::NotInForce(
                Reason::new("ratification", format!("{} rejected {}", e.by.as_deref().unwrap_or("a vote"), inst.id))
                    .event(Some(event_ref(e)))
                    .quote(inst.ratification.as_ref().and_then(|r| r.quote.as_ref())),
            );
        }

        // Signature: the file's date, or a signature event by this party (or by all).
        let sig_event = ev(EventKind::Signature).into_iter().find(|e| e.by.as_deref().is_none_or(|b| b == g));
        let signed: Option<(Date, Reason)> = match (inst.signed.filter(|d| *d <= t), sig_event) {
            (Some(d), _) => Some((d, Reason::new("signature", format!("signed on {d}{}", unverified("signed"))))),
            (None, Some(e)) => {
                Some((e.date, Reason::new("signature", format!("signed on {}", e.date)).event(Some(event_ref(e)))))
            }
            (None, None) => None,
        };

        // Ratification still needed in the scenario (not already done in the text).
        let mut ratified: Option<(Date, Vec<Reason>)> =
            Some((Date::new(1600, 1, 1).unwrap_or_else(|_| unreachable_date()), Vec::new()));
        if let Some(r) = &inst.ratification
            && r.required
            && !matches!(r.status, RatificationStatus::Ratified | RatificationStatus::NotRequired)
            && inst.in_force.is_none()
        {
            let mut needed: Vec<String> =
                r.by.iter()
                    .filter(|l| l.as_str() == g || self.registry.actor(l).and_then(|a| a.of.as_deref()) == Some(g))
                    .cloned()
                    .collect();
            if r.constitutional_processes && needed.is_empty() {
                needed.push(g.to_string());
            }
            for l in needed {
                let approvals: Vec<&Event> = ev(EventKind::Vote)
                    .into_iter()
                    .filter(|e| e.result == Some(VoteResult::Approve))
                    .chain(ev(EventKind::Ratification))
                    .filter(|e| {
                        e.by.as_deref().is_some_and(|b| {
                            b == l || self.registry.actor(&l).and_then(|a| a.of.as_deref()) == Some(b) && l == g
                        })
                    })
                    .collect();
                match (approvals.iter().min_by_key(|e| e.date), ratified.as_mut()) {
                    (Some(e), Some((d, why))) => {
                        *d = (*d).max(e.date);
                        why.push(
                            Reason::new("ratification", format!("approved by {l} on {}", e.date))
                                .event(Some(event_ref(e)))
                                .quote(r.quote.as_ref()),
                        );
                    }
                    (None, _) => {
                        ratified = None;
                        break;
                    }
                    _ => {}
                }
            }
        }

        // Entry into force.
        let accession = inst
            .parties
            .iter()
            .filter_map(|p| self.registry.actor(p))
            .flat_map(|a| a.members.iter())
            .filter(|m| m.id == g)
            .filter_map(|m| m.from)
            .min();
        let entry: Option<(Date, Reason)> = match (inst.in_force, &signed, &ratified) {
            (Some(d), _, _) => {
                let d = accession.map_or(d, |a| a.max(d));
                (d <= t).then(|| {
                    let mut r = Reason::new("entry-into-force", format!("in force for {g} since {d}"));
                    if accession.is_some_and(|a| a >= inst.in_force.unwrap_or(a)) && accession != inst.in_force {
                        r = r.because(Reason::new("accession", format!("{g} became a party on {d}")));
                    } else {
                        r = r.because(Reason::new(
                            "entry-into-force",
                            format!("the instrument entered into force on {d}{}", unverified("in_force")),
                        ));
                    }
                    (d, r)
                })
            }
            (None, Some((s, sr)), Some((rd, rw))) => {
                let d = (*s).max(*rd);
                let d = accession.map_or(d, |a| a.max(d));
                let mut r = Reason::new("entry-into-force", format!("in force for {g} since {d}")).because(sr.clone());
                for x in rw {
                    r = r.because(x.clone());
                }
                if rw.is_empty()
                    && let Some(rat) = &inst.ratification
                    && matches!(rat.status, RatificationStatus::None | RatificationStatus::NotRequired)
                {
                    r = r.because(
                        Reason::new("ratification", "no ratification: in force on signature").quote(rat.quote.as_ref()),
                    );
                }
                Some((d, r))
            }
            _ => None,
        };

        let Some((e, entry_why)) = entry else {
            if let Some((_, sr)) = signed {
                return Standing::Signed(
                    Reason::new("ratification", format!("signed by {g} but not yet ratified"))
                        .because(sr)
                        .quote(inst.ratification.as_ref().and_then(|r| r.quote.as_ref())),
                );
            }
            let offered = inst.offer.as_ref().and_then(|o| o.made).or(inst.offered);
            let is_offer = offered.is_some_and(|d| d <= t)
                || (offered.is_none()
                    && matches!(
                        inst.status,
                        InstrumentStatus::Offered | InstrumentStatus::Proposed | InstrumentStatus::Draft
                    ));
            if is_offer {
                let expiry_event = ev(EventKind::OfferExpiry).into_iter().next();
                let expired = inst.offer.as_ref().and_then(|o| o.expires).filter(|d| *d <= t);
                let quote = inst.offer.as_ref().and_then(|o| o.quote.as_ref());
                if let Some(ex) = expiry_event {
                    return Standing::OfferLapsed(
                        Reason::new("offer", format!("the offer lapsed on {} before it was accepted", ex.date))
                            .event(Some(event_ref(ex)))
                            .quote(quote),
                    );
                }
                if let Some(d) = expired {
                    return Standing::OfferLapsed(
                        Reason::new("offer", format!("the offer expired on {d} before it was accepted")).quote(quote),
                    );
                }
                let mut r = Reason::new("offer", format!("offered ({}), not accepted", inst.form)).quote(quote);
                if inst.offer.as_ref().is_some_and(|o| o.expires_unspecified) {
                    r = r.because(Reason::new("offer", "the offer is time-limited but names no date"));
                }
                if let Some(rat) = &inst.ratification
                    && ratified.is_none()
                {
                    r = r.because(
                        Reason::new("ratification", format!("ratification {}: none has taken place", rat.status))
                            .quote(rat.quote.as_ref()),
                    );
                }
                return Standing::Offered(r);
            }
            return Standing::NotInForce(Reason::new(
                "entry-into-force",
                format!("{} is not in force for {g}", inst.id),
            ));
        };

        if let Some(x) = inst.terminated.filter(|x| *x <= t) {
            return Standing::Lapsed(Reason::new("term", format!("the instrument was terminated on {x}")));
        }
        if let Some(term) = &inst.duration
            && let Some(len) = &term.length
        {
            let start = match &term.starts {
                None | Some(pactum_model::types::TermStart::Event(DurationStart::InForce)) => Some(e),
                Some(pactum_model::types::TermStart::Event(DurationStart::Signature)) => {
                    signed.as_ref().map(|s| s.0).or(Some(e))
                }
                Some(pactum_model::types::TermStart::Event(DurationStart::Ceasefire)) => self
                    .scenario
                    .events
                    .iter()
                    .filter(|x| x.kind == EventKind::Ceasefire && x.date <= t)
                    .map(|x| x.date)
                    .min(),
                Some(pactum_model::types::TermStart::Date(d)) => Some(*d),
            };
            if let Some(end) = start.and_then(|s| s.checked_add(len))
                && end <= t
            {
                return Standing::Lapsed(
                    Reason::new("term", format!("its term of {len} ended on {end}"))
                        .quote(term.quote.as_ref())
                        .because(entry_why),
                );
            }
        }
        if let Some(w) = &inst.withdrawal {
            let notices: Vec<&Event> = ev(EventKind::WithdrawalNotice)
                .into_iter()
                .filter(|x| {
                    x.by.as_deref() == Some(g)
                        || (bilateral && x.by.as_deref().is_some_and(|b| inst.parties.iter().any(|p| p == b)))
                })
                .collect();
            for n in notices {
                let earliest = w.not_before.as_ref().and_then(|nb| e.checked_add(nb));
                if !w.allowed {
                    continue;
                }
                if let Some(earliest) = earliest
                    && n.date < earliest
                {
                    continue;
                }
                let effective = w.notice.as_ref().and_then(|d| n.date.checked_add(d)).unwrap_or(n.date);
                if effective <= t {
                    let who = n.by.as_deref().unwrap_or("a party");
                    let text = if who == g {
                        format!("{g} withdrew: notice on {}, effective {effective}", n.date)
                    } else {
                        format!(
                            "{who} withdrew from the bilateral instrument: notice on {}, effective {effective}",
                            n.date
                        )
                    };
                    return Standing::Withdrawn(
                        Reason::new("withdrawal", text).event(Some(event_ref(n))).quote(w.quote.as_ref()),
                    );
                }
            }
        }
        Standing::InForce(e, entry_why)
    }

    /// The state of `c` for `g` on `t`, under assumed judgements; open judgements met are
    /// recorded in `open` (and count as "not established" here). Memoised.
    fn outcome(
        &self,
        c: &Commitment,
        g: &str,
        t: Date,
        assume: &BTreeMap<JudgementKey, bool>,
        open: &RefCell<Vec<JudgementKey>>,
        level: usize,
    ) -> (CommitmentState, Reason) {
        let key: MemoKey =
            (c as *const Commitment as usize, g.to_string(), t, assume.iter().map(|(k, v)| (k.clone(), *v)).collect());
        if let Some((s, r, o)) = self.memo.borrow().get(&key) {
            merge_open(open, o);
            return (*s, r.clone());
        }
        let mine = RefCell::new(Vec::new());
        let (s, r) = self.outcome_uncached(c, g, t, assume, &mine, level);
        let mine = mine.into_inner();
        merge_open(open, &mine);
        self.memo.borrow_mut().insert(key, (s, r.clone(), mine));
        (s, r)
    }

    fn outcome_uncached(
        &self,
        c: &Commitment,
        g: &str,
        t: Date,
        assume: &BTreeMap<JudgementKey, bool>,
        open: &RefCell<Vec<JudgementKey>>,
        level: usize,
    ) -> (CommitmentState, Reason) {
        use CommitmentState as S;
        let Some(inst) = self.instrument(&c.id) else {
            return (S::NotInForce, Reason::new("entry-into-force", "unknown instrument"));
        };
        if level > 32 {
            return (S::NotInForce, Reason::new("dependency", "dependencies nested too deeply"));
        }
        if !self.expand_at(&c.guarantors, &inst.parties, t).iter().any(|x| x == g) {
            return (S::NotInForce, Reason::new("party", format!("{g} is not a party on {t}")));
        }
        let (since, in_force) = match self.standing(inst, g, t) {
            Standing::NotInForce(r) => return (S::NotInForce, r),
            Standing::Offered(r) => return (S::Offered, r),
            Standing::OfferLapsed(r) | Standing::Lapsed(r) => return (S::Lapsed, r),
            Standing::Signed(r) => return (S::Signed, r),
            Standing::Withdrawn(r) => return (S::Withdrawn, r),
            Standing::InForce(d, r) => (d, r),
        };

        let judgements = |w: &str, by: &str, at: Date| -> Option<bool> {
            assume.get(&(w.to_string(), by.to_string())).copied().or_else(|| self.fixed(w, by, at))
        };
        let holds = |r: &CommitmentRef, at: Date| -> Tv { Tv::from_bool(self.holds(r, at, assume, open, level).0) };
        let env = Env {
            registry: self.registry,
            events: &self.scenario.events,
            judgements: &judgements,
            holds: &holds,
            open: RefCell::new(Vec::new()),
        };
        let flush = |env: &Env<'_>| merge_open(open, &env.open.borrow());

        // Dependencies: a commitment falls with what it stands on.
        for d in &c.depends_on {
            let (ok, why) = self.holds(&d.target, t, assume, open, level);
            if !ok {
                let state = match d.effect {
                    EscapeEffect::Void => S::Voided,
                    EscapeEffect::Suspend => S::Suspended,
                    EscapeEffect::Lapse => S::Lapsed,
                };
                let mut r = Reason::new(
                    "dependency",
                    format!("{} {}: it depends on {}, which does not hold", c.id, state.keyword(), d.target),
                )
                .quote(d.quote.as_ref());
                if let Some(w) = why {
                    r = r.because(w);
                }
                return (state, r);
            }
        }

        // A guarantor's explicit withdrawal of support for this commitment.
        let refusal = self.scenario.events.iter().find(|e| {
            e.kind == EventKind::SupportWithdrawn
                && e.date <= t
                && e.date >= since
                && e.by.as_deref() == Some(g)
                && e.commitment.as_ref().is_none_or(|x| x == &c.id)
        });

        let parties = &inst.parties;
        // A party whose withdrawal has taken effect is no longer protected.
        let beneficiaries: Vec<String> = self
            .expand_at(&c.beneficiaries, parties, t)
            .into_iter()
            .filter(|b| b != g && !matches!(self.standing(inst, b, t), Standing::Withdrawn(_)))
            .collect();
        let beneficiaries = if beneficiaries.is_empty() { vec![String::new()] } else { beneficiaries };

        // Escape clauses.
        for esc in &c.escapes {
            for b in &beneficiaries {
                let bind = Binding {
                    guarantor: g,
                    beneficiary: (!b.is_empty()).then_some(b.as_str()),
                    parties,
                    since: Some(since),
                };
                let v = env.eval(&esc.when.expr, &bind, t);
                flush(&env);
                if v == Tv::True {
                    let state = match esc.effect {
                        EscapeEffect::Void => S::Voided,
                        EscapeEffect::Suspend => S::Suspended,
                        EscapeEffect::Lapse => S::Lapsed,
                    };
                    let basis = match esc.adjudicator_basis {
                        AdjudicatorBasis::Text => format!("judged by {} as the text provides", esc.adjudicator),
                        AdjudicatorBasis::Silent => {
                            format!("the text names no judge; in practice {} decides", esc.adjudicator)
                        }
                    };
                    let mut r = Reason::new(
                        &format!("escape:{}", esc.id),
                        format!("{} for {g}: escape clause `{}` applies ({basis})", state.keyword(), esc.id),
                    )
                    .quote(esc.when.quote.as_ref());
                    for w in env.witnesses(&esc.when.expr, &bind, t) {
                        r = r.because(Reason::new("event", summary(w)).event(Some(event_ref(w))));
                    }
                    for (words, by) in esc.when.expr.judgements() {
                        let who = match by {
                            ActorRef::Role(Role::Guarantor) => g.to_string(),
                            other => other.to_string(),
                        };
                        r = r.because(Reason::new("judgement", format!("{who} judges that “{words}” applies")));
                    }
                    return (state, r);
                }
            }
        }

        // The trigger, per beneficiary.
        let Some(trigger) = &c.trigger else {
            if let Some(e) = refusal {
                return (
                    S::Withdrawn,
                    Reason::new("withdrawal", format!("{g} withdrew its support")).event(Some(event_ref(e))),
                );
            }
            return (S::InForce, in_force);
        };
        let mut best: Option<(CommitmentState, Reason)> = None;
        for b in &beneficiaries {
            let bind = Binding {
                guarantor: g,
                beneficiary: (!b.is_empty()).then_some(b.as_str()),
                parties,
                since: Some(since),
            };
            let v = env.eval(&trigger.expr, &bind, t);
            flush(&env);
            if v != Tv::True {
                continue;
            }
            // The first date on which the trigger held (the same for every later date).
            let fkey = (
                c as *const Commitment as usize,
                g.to_string(),
                b.clone(),
                assume.iter().map(|(k, v)| (k.clone(), *v)).collect::<Vec<_>>(),
            );
            let cached = self.fired.borrow().get(&fkey).copied();
            let first = match cached {
                Some(f) => f,
                None => {
                    let f = self
                        .candidates
                        .iter()
                        .copied()
                        .filter(|d| *d >= since)
                        .find(|d| env.eval(&trigger.expr, &bind, *d) == Tv::True);
                    flush(&env);
                    self.fired.borrow_mut().insert(fkey, f);
                    f
                }
            };
            let fired = first.filter(|f| *f <= t).unwrap_or(t);
            let mut trig = Reason::new("trigger", format!("triggered on {fired}")).quote(trigger.quote.as_ref());
            for w in env.witnesses(&trigger.expr, &bind, t) {
                trig = trig.because(Reason::new("event", summary(w)).event(Some(event_ref(w))));
            }
            let whom = if b.is_empty() { String::new() } else { format!(" {b}") };

            // Negative undertakings: the trigger is the forbidden act itself.
            if matches!(c.kind, CommitmentKind::Assurance | CommitmentKind::Nonaggression) {
                let r = Reason::new("breach", format!("breached by {g}: it did what it undertook not to do"))
                    .quote(c.quote.first())
                    .because(trig);
                return (S::Breached, r);
            }
            // Support withdrawn before the obligation fell due stays withdrawn.
            if let Some(e) = refusal.filter(|e| e.date < fired) {
                let r = Reason::new(
                    "withdrawal",
                    format!("{g} withdrew its support on {}, before the obligation fell due", e.date),
                )
                .event(Some(event_ref(e)));
                best.get_or_insert((S::Withdrawn, r));
                continue;
            }
            // Conditions describe the situation, whenever it arose.
            let cond_bind = Binding { since: None, ..bind.clone() };
            let mut failed = None;
            for cond in &c.conditions {
                let cv = env.eval(&cond.when.expr, &cond_bind, t);
                flush(&env);
                if cv != Tv::True {
                    failed = Some(cond);
                    break;
                }
            }
            let candidate = if let Some(cond) = failed {
                (
                    S::Triggered,
                    Reason::new(
                        &format!("condition:{}", cond.id),
                        format!("triggered for{whom}, but the {} condition `{}` is not met", cond.atop, cond.id),
                    )
                    .quote(cond.when.quote.as_ref())
                    .because(trig),
                )
            } else if let Some(end) = &c.ends_when
                && {
                    let bind2 = Binding { since: Some(fired), ..bind.clone() };
                    let ev = env.eval(&end.expr, &bind2, t);
                    flush(&env);
                    ev == Tv::True
                }
            {
                (
                    S::InForce,
                    Reason::new("discharge", format!("the obligation to{whom} was discharged"))
                        .quote(end.quote.as_ref())
                        .because(trig),
                )
            } else {
                let response_kinds: &[EventKind] = if c.obligation == Obligation::Consult {
                    &[EventKind::Consultation, EventKind::Assistance]
                } else {
                    &[EventKind::Assistance]
                };
                let responded = |until: Date| {
                    self.scenario.events.iter().find(|e| {
                        response_kinds.contains(&e.kind)
                            && e.date >= fired
                            && e.date <= until
                            && (e.by.as_deref() == Some(g) || e.between.iter().any(|x| x == g))
                            && e.commitment.as_ref().is_none_or(|x| x == &c.id)
                            && (b.is_empty()
                                || e.target.as_deref().is_none_or(|x| x == b)
                                || e.between.iter().any(|x| x == b))
                    })
                };
                let mut due = Reason::new("obligation", format!("due: {g} owes{whom} {}", describe_obligation(c)))
                    .quote(c.quote.first())
                    .because(trig);
                if c.discretion != Discretion::None {
                    due = due.because(
                        Reason::new(
                            "discretion",
                            format!("{} discretion: {g} decides what response it owes", c.discretion),
                        )
                        .quote(c.discretion_quote.as_ref()),
                    );
                }
                if let Some(e) = refusal.filter(|e| e.date >= fired) {
                    (
                        S::Breached,
                        Reason::new(
                            "refusal",
                            format!("breached: {g} withdrew its support after the obligation fell due"),
                        )
                        .event(Some(event_ref(e)))
                        .because(due),
                    )
                } else if let Some(e) = responded(t) {
                    (
                        S::Honoured,
                        Reason::new("response", format!("honoured: {g} responded on {}", e.date))
                            .event(Some(event_ref(e)))
                            .because(due),
                    )
                } else if let Some(dl) = &c.deadline
                    && let Some(limit) = fired.checked_add(&dl.within)
                    && t > limit
                {
                    (
                        S::Breached,
                        Reason::new("deadline", format!("breached: no response by {limit} (within {})", dl.within))
                            .quote(dl.quote.as_ref())
                            .because(due),
                    )
                } else {
                    let mut r = due;
                    if let Some(dl) = &c.deadline
                        && let Some(limit) = fired.checked_add(&dl.within)
                    {
                        r = r.because(
                            Reason::new("deadline", format!("to be met by {limit} (within {})", dl.within))
                                .quote(dl.quote.as_ref()),
                        );
                    }
                    (S::Due, r)
                }
            };
            let rank = |s: CommitmentState| match s {
                S::Breached => 5,
                S::Due => 4,
                S::Honoured => 3,
                S::Triggered => 2,
                _ => 1,
            };
            if best.as_ref().is_none_or(|(s, _)| rank(candidate.0) > rank(*s)) {
                best = Some(candidate);
            }
        }
        if let Some(b) = best {
            return b;
        }
        if let Some(e) = refusal {
            return (
                S::Withdrawn,
                Reason::new("withdrawal", format!("{g} withdrew its support")).event(Some(event_ref(e))),
            );
        }
        (S::InForce, in_force)
    }
}

fn describe_obligation(c: &Commitment) -> String {
    let what = match c.obligation {
        Obligation::None => "no action",
        Obligation::Consult => "consultation",
        Obligation::NonMilitary => "diplomatic or economic measures",
        Obligation::Material => "material support (arms, intelligence, logistics)",
        Obligation::Military => "assistance that may include armed force",
    };
    if c.means.is_empty() {
        what.to_string()
    } else {
        let means: Vec<&str> = c.means.iter().map(|m| m.keyword()).collect();
        format!("{what} (means named: {})", means.join(", "))
    }
}

/// A date that always exists; used only as an inert fallback.
fn unreachable_date() -> Date {
    // 2000-01-01 is valid; `Date::new` cannot fail on it. Parse as a second route.
    Date::parse("2000-01-01").unwrap_or_else(|_| std::process::abort())
}

/// Adds the judgements in `new` to `open`, keeping order and skipping repeats.
fn merge_open(open: &RefCell<Vec<JudgementKey>>, new: &[JudgementKey]) {
    let mut open = open.borrow_mut();
    for k in new {
        if !open.contains(k) {
            open.push(k.clone());
        }
    }
}
