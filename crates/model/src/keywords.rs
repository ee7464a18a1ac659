//! The closed vocabularies of the format: each a Rust enum with its keyword spelling.

use schemars::JsonSchema;
use serde::Serialize;

/// Vocabulary enums: each variant has the keyword users write.
pub trait Keyword: Sized + Copy + 'static {
    const ALL: &'static [(Self, &'static str)];
    /// What the vocabulary is, for messages ("legal form").
    const WHAT: &'static str;

    fn keyword(self) -> &'static str;

    fn from_keyword(s: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, k)| *k == s).map(|(v, _)| *v)
    }

    fn keywords() -> Vec<&'static str> {
        Self::ALL.iter().map(|(_, k)| *k).collect()
    }
}

macro_rules! keyword_enum {
    ($(#[$m:meta])* $name:ident, $what:literal { $($(#[$vm:meta])* $var:ident = $kw:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $kw)] $var),*
        }

        impl Keyword for $name {
            const ALL: &'static [($name, &'static str)] = &[$(($name::$var, $kw)),*];
            const WHAT: &'static str = $what;

            fn keyword(self) -> &'static str {
                match self { $($name::$var => $kw),* }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.keyword())
            }
        }
    };
}

keyword_enum! {
    /// Legal form of an instrument, from most to least binding in practice.
    LegalForm, "legal form" {
        Treaty = "treaty",
        Statute = "statute",
        ExecutiveAgreement = "executive-agreement",
        Memorandum = "memorandum",
        PoliticalDeclaration = "political-declaration",
        Resolution = "resolution",
        Proposal = "proposal",
    }
}

keyword_enum! {
    /// An instrument's status as of the file's writing.
    InstrumentStatus, "instrument status" {
        Draft = "draft",
        Proposed = "proposed",
        Offered = "offered",
        Signed = "signed",
        InForce = "in-force",
        Suspended = "suspended",
        Terminated = "terminated",
        Lapsed = "lapsed",
        Rejected = "rejected",
    }
}

keyword_enum! {
    /// Where ratification stands.
    RatificationStatus, "ratification status" {
        NotRequired = "not-required",
        None = "none",
        Promised = "promised",
        Pending = "pending",
        Ratified = "ratified",
        Rejected = "rejected",
    }
}

keyword_enum! {
    /// The vote a legislature needs.
    Threshold, "threshold" {
        SimpleMajority = "simple-majority",
        TwoThirds = "two-thirds",
        Unspecified = "unspecified",
    }
}

keyword_enum! {
    /// When a duration starts running.
    DurationStart, "start of duration" {
        Signature = "signature",
        InForce = "in-force",
        Ceasefire = "ceasefire",
    }
}

keyword_enum! {
    /// How a duration can be extended.
    Extension, "extension" {
        None = "none",
        MutualConsent = "mutual-consent",
        Automatic = "automatic",
    }
}

keyword_enum! {
    /// Who may withdraw.
    WithdrawalBy, "withdrawing party" {
        AnyParty = "any-party",
        Guarantor = "guarantor",
        Unspecified = "unspecified",
    }
}

keyword_enum! {
    /// Kinds of actor.
    ActorKind, "actor kind" {
        State = "state",
        Organisation = "organisation",
        Body = "body",
        Legislature = "legislature",
        Leader = "leader",
        Group = "group",
    }
}

keyword_enum! {
    /// The obligation type, aligned with ATOP's provisions (plus `assurance`, a negative
    /// undertaking ATOP does not code).
    CommitmentKind, "commitment kind" {
        Defense = "defense",
        Offense = "offense",
        Neutrality = "neutrality",
        Nonaggression = "nonaggression",
        Consultation = "consultation",
        Assurance = "assurance",
        /// A promise outside ATOP's typology (sanctions, aid, reconstruction).
        Other = "other",
    }
}

keyword_enum! {
    /// The strongest response the text obliges, ordered from nothing to armed force.
    Obligation, "obligation" {
        None = "none",
        Consult = "consult",
        NonMilitary = "non-military",
        Material = "material",
        Military = "military",
    }
}

keyword_enum! {
    /// Means of response a text names.
    Means, "means" {
        Military = "military",
        Material = "material",
        Intelligence = "intelligence",
        Logistics = "logistics",
        Economic = "economic",
        Diplomatic = "diplomatic",
        Consultation = "consultation",
        UnscAction = "unsc-action",
        Unspecified = "unspecified",
    }
}

keyword_enum! {
    /// How far the guarantor chooses its response: `none` is automatic.
    Discretion, "discretion" {
        None = "none",
        Limited = "limited",
        Full = "full",
    }
}

keyword_enum! {
    /// ATOP's condition types, for conditions on an obligation.
    ConditionKind, "condition kind" {
        Adversary = "adversary",
        Location = "location",
        Conflict = "conflict",
        Number = "number",
        Demand = "demand",
        NonProvocation = "non-provocation",
        /// Owed only at a party's request (ATOP's CONCOREQ, for consultation).
        Request = "request",
        Other = "other",
    }
}

keyword_enum! {
    /// What an escape clause or a failed dependency does to a commitment.
    EscapeEffect, "effect" {
        Void = "void",
        Suspend = "suspend",
        Lapse = "lapse",
    }
}

keyword_enum! {
    /// Whether the text names who judges an escape clause.
    AdjudicatorBasis, "adjudicator basis" {
        Text = "text",
        Silent = "silent",
    }
}

keyword_enum! {
    /// Forces in place or planned for the beneficiary's defence.
    ForcesStatus, "forces status" {
        None = "none",
        Planned = "planned",
        Stationed = "stationed",
        Unknown = "unknown",
    }
}

keyword_enum! {
    /// Roles usable where an actor is expected inside a commitment.
    Role, "role" {
        Parties = "parties",
        Guarantor = "guarantor",
        Beneficiary = "beneficiary",
        Any = "any",
    }
}

keyword_enum! {
    /// Kinds of scenario event (and of event patterns in expressions).
    EventKind, "event kind" {
        ArmedAttack = "armed_attack",
        Strike = "strike",
        CyberAttack = "cyber_attack",
        HybridAttack = "hybrid_attack",
        Threat = "threat",
        NuclearUse = "nuclear_use",
        Ceasefire = "ceasefire",
        PeaceAgreement = "peace_agreement",
        Signature = "signature",
        Ratification = "ratification",
        WithdrawalNotice = "withdrawal_notice",
        OfferExpiry = "offer_expiry",
        Vote = "vote",
        MeasuresTaken = "measures_taken",
        SupportWithdrawn = "support_withdrawn",
        Deployment = "deployment",
        LeaderChange = "leader_change",
        Election = "election",
        Statement = "statement",
        /// A guarantor's assistance to a beneficiary: what honours an obligation to act.
        Assistance = "assistance",
        /// Consultations held: what honours an obligation to consult.
        Consultation = "consultation",
    }
}

keyword_enum! {
    /// Fields of events.
    Field, "event field" {
        By = "by",
        Target = "target",
        Place = "place",
        Region = "region",
        Scale = "scale",
        Intent = "intent",
        Duration = "duration",
        Nuclear = "nuclear",
        Between = "between",
        Instrument = "instrument",
        Result = "result",
        Commitment = "commitment",
        Size = "size",
        Actor = "actor",
        Stance = "stance",
    }
}

keyword_enum! {
    /// Scale of an attack, ordered.
    Scale, "scale" {
        Minor = "minor",
        Limited = "limited",
        Significant = "significant",
        Large = "large",
    }
}

keyword_enum! {
    /// Intent behind an attack, ordered.
    Intent, "intent" {
        Accidental = "accidental",
        Deliberate = "deliberate",
    }
}

keyword_enum! {
    /// How long an attack lasts, ordered.
    AttackDuration, "attack duration" {
        Brief = "brief",
        Sustained = "sustained",
    }
}

keyword_enum! {
    /// Outcome of a vote.
    VoteResult, "vote result" {
        Approve = "approve",
        Reject = "reject",
    }
}

keyword_enum! {
    /// Stance of a statement.
    Stance, "stance" {
        Reaffirm = "reaffirm",
        Doubt = "doubt",
        Repudiate = "repudiate",
    }
}

keyword_enum! {
    /// The regions places belong to.
    Region, "region" {
        Europe = "europe",
        NorthAmerica = "north-america",
        NorthAtlantic = "north-atlantic",
        Mediterranean = "mediterranean",
        Pacific = "pacific",
        WesternHemisphere = "western-hemisphere",
        Asia = "asia",
        MiddleEast = "middle-east",
    }
}

keyword_enum! {
    /// States a commitment can be in on a date, for one guarantor.
    CommitmentState, "commitment state" {
        NotInForce = "not-in-force",
        Offered = "offered",
        Signed = "signed",
        InForce = "in-force",
        Triggered = "triggered",
        Due = "due",
        Honoured = "honoured",
        Breached = "breached",
        Voided = "voided",
        Suspended = "suspended",
        Lapsed = "lapsed",
        Withdrawn = "withdrawn",
        Undecided = "undecided",
    }
}

impl EventKind {
    /// The fields an event of this kind has.
    pub fn fields(self) -> &'static [Field] {
        use Field::*;
        match self {
            EventKind::ArmedAttack => &[By, Target, Place, Region, Scale, Intent, Duration],
            EventKind::Strike => &[By, Target, Place, Region, Scale, Intent],
            EventKind::CyberAttack | EventKind::HybridAttack => &[By, Target, Place, Region, Scale],
            EventKind::Threat => &[By, Target, Nuclear],
            EventKind::NuclearUse => &[By, Target, Place, Region],
            EventKind::Ceasefire | EventKind::PeaceAgreement => &[Between],
            EventKind::Signature | EventKind::Ratification | EventKind::WithdrawalNotice | EventKind::OfferExpiry => {
                &[By, Instrument]
            }
            EventKind::Vote => &[By, Instrument, Result],
            EventKind::MeasuresTaken => &[By],
            EventKind::SupportWithdrawn => &[By, Target, Commitment],
            EventKind::Deployment => &[By, Place, Region, Size],
            EventKind::LeaderChange | EventKind::Election => &[Actor],
            EventKind::Statement => &[By, Target, Stance],
            EventKind::Assistance => &[By, Target, Size, Commitment],
            EventKind::Consultation => &[By, Target, Between, Commitment],
        }
    }

    /// Whether the event is a use or threat of force (for triggers and audits).
    pub fn is_hostile(self) -> bool {
        matches!(
            self,
            EventKind::ArmedAttack
                | EventKind::Strike
                | EventKind::CyberAttack
                | EventKind::HybridAttack
                | EventKind::Threat
                | EventKind::NuclearUse
        )
    }
}
