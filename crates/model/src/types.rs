//! The validated model: instruments, commitments, scenarios and expectations.
//!
//! Values here are built only by [`crate::from_syntax`], which checks every invariant the
//! docs promise (ids resolve, quotes exist, dates are real and ordered), so later stages
//! can rely on them without re-checking.

use pactum_syntax::Span;
use schemars::JsonSchema;
use serde::Serialize;

use crate::actors::Actor;
use crate::expr::{ActorRef, CommitmentRef, Expr, PlaceRef};
use crate::keywords::*;
use crate::time::{Date, Duration};

/// Where an item is in its file: path, line, column, byte range and heading path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Loc {
    #[serde(skip)]
    #[schemars(skip)]
    pub span: Span,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// Byte offsets into the file.
    pub start: u32,
    pub end: u32,
    /// The heading path ("Article 5"); empty when there is none.
    pub article: String,
}

/// The words of the instrument an item encodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Citation {
    /// The quotation as the encoder wrote it.
    pub text: String,
    /// False when it comes from a block quote marked `[unverified]`.
    pub verified: bool,
    /// Where the words are in the file's block quotes.
    pub loc: Loc,
}

/// A source of an instrument's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SourceRef {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Ratification requirements and status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Ratification {
    pub required: bool,
    /// Legislatures (actor ids) whose approval is needed; empty with
    /// `constitutional_processes` when the text defers to each party's own procedures.
    pub by: Vec<String>,
    pub constitutional_processes: bool,
    pub threshold: Threshold,
    pub status: RatificationStatus,
    pub quote: Option<Citation>,
}

/// How long the instrument lasts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Term {
    /// `None` = indefinite.
    pub length: Option<Duration>,
    pub starts: Option<TermStart>,
    pub extension: Extension,
    pub quote: Option<Citation>,
}

/// When a term starts: an event or a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum TermStart {
    Event(DurationStart),
    Date(Date),
}

/// Withdrawal terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Withdrawal {
    pub allowed: bool,
    /// How long after notice withdrawal takes effect; `None` = not stated.
    pub notice: Option<Duration>,
    /// How long after entry into force before notice may be given.
    pub not_before: Option<Duration>,
    pub by: WithdrawalBy,
    pub quote: Option<Citation>,
}

/// An offer that has not been accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Offer {
    pub made: Option<Date>,
    /// `None` with `expires_unspecified` when the offer is time-limited without a date.
    pub expires: Option<Date>,
    pub expires_unspecified: bool,
    pub accept_by: Vec<String>,
    pub quote: Option<Citation>,
}

/// A document: treaty, agreement, memorandum, declaration or proposal.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Instrument {
    pub id: String,
    pub title: String,
    pub short: Option<String>,
    pub form: LegalForm,
    pub status: InstrumentStatus,
    pub signed: Option<Date>,
    pub in_force: Option<Date>,
    pub offered: Option<Date>,
    pub terminated: Option<Date>,
    /// Actor ids; groups expand per date.
    pub parties: Vec<String>,
    pub atop: Option<u32>,
    pub ratification: Option<Ratification>,
    pub duration: Option<Term>,
    pub withdrawal: Option<Withdrawal>,
    pub offer: Option<Offer>,
    pub sources: Vec<SourceRef>,
    /// Keys whose facts are known only from memory.
    pub unverified: Vec<String>,
    pub commitments: Vec<Commitment>,
    /// Actors declared by this file's `party` blocks.
    pub declared: Vec<Actor>,
    pub loc: Loc,
}

/// A clause written in the expression language, with the words it encodes.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Clause {
    /// The expression as written.
    pub text: String,
    pub expr: Expr,
    pub quote: Option<Citation>,
    pub loc: Loc,
}

/// A condition on an obligation (ATOP-typed).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Condition {
    pub id: String,
    pub atop: ConditionKind,
    pub when: Clause,
}

/// An escape clause: when it holds, the commitment is voided, suspended or lapses.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Escape {
    pub id: String,
    pub when: Clause,
    pub effect: EscapeEffect,
    /// Who judges whether the clause applies.
    pub adjudicator: ActorRef,
    pub adjudicator_basis: AdjudicatorBasis,
    /// The ATOP condition type the clause amounts to (an escape that voids a defence
    /// pledge when the protégé provokes the attack is ATOP's non-provocation condition);
    /// `None` when the file does not say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub atop: Option<ConditionKind>,
}

/// A commitment this one stands on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Dependency {
    #[serde(rename = "ref")]
    pub target: CommitmentRef,
    pub effect: EscapeEffect,
    pub quote: Option<Citation>,
    pub loc: Loc,
}

/// Forces in place or planned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Forces {
    pub status: ForcesStatus,
    pub size: Option<String>,
    pub quote: Option<Citation>,
}

/// A deadline for the obligation after its trigger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Deadline {
    pub within: Duration,
    pub quote: Option<Citation>,
}

/// One promise of one or more guarantors to one or more beneficiaries.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Commitment {
    /// `instrument#id`.
    pub id: CommitmentRef,
    pub quote: Vec<Citation>,
    /// False when any of its words are unverified.
    pub verified: bool,
    pub guarantors: Vec<ActorRef>,
    pub beneficiaries: Vec<ActorRef>,
    pub kind: CommitmentKind,
    pub obligation: Obligation,
    pub means: Vec<Means>,
    pub discretion: Discretion,
    pub discretion_quote: Option<Citation>,
    pub trigger: Option<Clause>,
    pub deadline: Option<Deadline>,
    pub ends_when: Option<Clause>,
    pub conditions: Vec<Condition>,
    pub escapes: Vec<Escape>,
    pub depends_on: Vec<Dependency>,
    pub forces: Forces,
    pub unverified: Vec<String>,
    pub loc: Loc,
}

/// A dated event in a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Event {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub date: Date,
    pub kind: EventKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<PlaceRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intent: Option<Intent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<AttackDuration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nuclear: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub between: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instrument: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<VoteResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commitment: Option<CommitmentRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stance: Option<Stance>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub loc: Loc,
}

/// A judgement fixed by a scenario: the adjudicator's answer to "do these words apply?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Judgement {
    pub words: String,
    pub value: bool,
    /// Only this adjudicator's judgement is fixed; `None` fixes everyone's.
    pub by: Option<String>,
    /// The judgement is made on this date; before it, the question is open (or
    /// answered by an earlier judgement). `None`: made from the start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
}

/// A what-if derived from a baseline scenario.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Overlay {
    pub id: String,
    pub description: Option<String>,
    /// Event ids removed from the baseline.
    pub remove: Vec<String>,
    /// Events added.
    pub add: Vec<Event>,
    pub judgements: Vec<Judgement>,
    pub loc: Loc,
}

/// A dated timeline run against instruments.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Scenario {
    /// `file-instrument#id` when the file has an instrument, else the bare id.
    pub id: String,
    pub title: String,
    pub instruments: Vec<String>,
    pub until: Option<Date>,
    /// Sorted by date (stable: same-day events keep their written order).
    pub events: Vec<Event>,
    pub judgements: Vec<Judgement>,
    pub overlays: Vec<Overlay>,
    pub loc: Loc,
}

impl Scenario {
    /// The scenario an overlay describes, derived from this baseline (which is left
    /// unchanged). Removing unknown ids is impossible: lowering checked them.
    pub fn with_overlay(&self, overlay: &Overlay) -> Scenario {
        let mut s = self.clone();
        s.id = format!("{}+{}", self.id, overlay.id);
        s.events.retain(|e| e.id.as_ref().is_none_or(|id| !overlay.remove.contains(id)));
        s.events.extend(overlay.add.iter().cloned());
        s.events.sort_by_key(|e| e.date);
        for j in &overlay.judgements {
            // A judgement fixed for everyone replaces every judgement of those words.
            s.judgements.retain(|k| !(k.words == j.words && (j.by.is_none() || k.by == j.by)));
            s.judgements.push(j.clone());
        }
        s.overlays.clear();
        s
    }

    /// The last date evaluated: `until`, or a year after the last event.
    pub fn horizon(&self) -> Option<Date> {
        self.until.or_else(|| {
            let last = self.events.iter().map(|e| e.date).max()?;
            last.checked_add(&Duration { years: 1, ..Duration::default() })
        })
    }
}

/// One expected state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ExpectedState {
    pub commitment: CommitmentRef,
    pub guarantor: String,
    pub on: Date,
    pub state: CommitmentState,
    /// For undecided results: the states each judgement leads to.
    pub branches: Vec<CommitmentState>,
    pub loc: Loc,
}

/// The expected result of a scenario (or one of its overlays).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Expectation {
    pub scenario: String,
    pub overlay: Option<String>,
    pub states: Vec<ExpectedState>,
    /// The whole `expect` block, for rewriting in place.
    pub loc: Loc,
}
