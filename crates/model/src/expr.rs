//! Resolved expressions: the expression language after names are checked against the
//! vocabulary, the actor registry and the commitments in scope.

use std::fmt;

use pactum_syntax::expr::CmpOp;
use schemars::JsonSchema;
use serde::{Serialize, Serializer};

use crate::keywords::*;
use crate::time::Date;

/// An actor id or a role.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorRef {
    Id(String),
    Role(Role),
}

impl fmt::Display for ActorRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActorRef::Id(s) => f.write_str(s),
            ActorRef::Role(r) => f.write_str(r.keyword()),
        }
    }
}

impl Serialize for ActorRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for ActorRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ActorRef".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "An actor id (ISO 3166-1 alpha-3 for states, or a built-in or declared id) or a role: parties, guarantor, beneficiary, any"
        })
    }
}

/// A place: a state's territory, a built-in place, a region, or a role's territory.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PlaceRef {
    State(String),
    Place(String),
    Region(Region),
    Role(Role),
}

impl fmt::Display for PlaceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlaceRef::State(s) | PlaceRef::Place(s) => f.write_str(s),
            PlaceRef::Region(r) => f.write_str(r.keyword()),
            PlaceRef::Role(r) => f.write_str(r.keyword()),
        }
    }
}

impl Serialize for PlaceRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for PlaceRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PlaceRef".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "description": "A state id, a built-in place, a region, or a role" })
    }
}

/// A reference to a commitment: `instrument#id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommitmentRef {
    pub instrument: String,
    pub id: String,
}

impl fmt::Display for CommitmentRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.instrument, self.id)
    }
}

impl Serialize for CommitmentRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for CommitmentRef {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CommitmentRef".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "pattern": "^[a-z0-9-]+#[a-z0-9-]+$" })
    }
}

/// A comparison operator (serialised as its symbol).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub enum Cmp {
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "==")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
}

impl From<CmpOp> for Cmp {
    fn from(op: CmpOp) -> Cmp {
        match op {
            CmpOp::Lt => Cmp::Lt,
            CmpOp::Le => Cmp::Le,
            CmpOp::Gt => Cmp::Gt,
            CmpOp::Ge => Cmp::Ge,
            CmpOp::Eq => Cmp::Eq,
            CmpOp::Ne => Cmp::Ne,
        }
    }
}

impl Cmp {
    pub fn holds<T: Ord>(self, left: T, right: T) -> bool {
        let op = match self {
            Cmp::Lt => CmpOp::Lt,
            Cmp::Le => CmpOp::Le,
            Cmp::Gt => CmpOp::Gt,
            Cmp::Ge => CmpOp::Ge,
            Cmp::Eq => CmpOp::Eq,
            Cmp::Ne => CmpOp::Ne,
        };
        op.holds(left.cmp(&right))
    }
}

/// A test on one field of an event.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "test", rename_all = "snake_case")]
pub enum Test {
    Actors { any_of: Vec<ActorRef> },
    Places { any_of: Vec<PlaceRef> },
    Regions { any_of: Vec<Region> },
    Scale { cmp: Cmp, value: Scale },
    Intent { cmp: Cmp, value: Intent },
    Duration { cmp: Cmp, value: AttackDuration },
    Flag { value: bool },
    Instruments { any_of: Vec<String> },
    Result { value: VoteResult },
    Stance { any_of: Vec<Stance> },
    Commitments { any_of: Vec<CommitmentRef> },
    Size { cmp: Cmp, value: f64 },
}

/// A constraint on an event field.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Constraint {
    pub field: Field,
    #[serde(flatten)]
    pub test: Test,
}

/// Matches events of one kind whose fields pass every constraint.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct EventPattern {
    pub kind: EventKind,
    pub constraints: Vec<Constraint>,
}

/// A resolved expression.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Expr {
    Const {
        value: bool,
    },
    And {
        args: Vec<Expr>,
    },
    Or {
        args: Vec<Expr>,
    },
    Not {
        arg: Box<Expr>,
    },
    /// An event of this pattern has happened.
    Event {
        pattern: EventPattern,
    },
    /// The adjudicator judges that the words apply.
    Judged {
        words: String,
        by: ActorRef,
    },
    /// The referenced commitment holds (in force, not voided, lapsed or withdrawn).
    Holds {
        commitment: CommitmentRef,
    },
    /// The evaluation date compares so with the date.
    Date {
        cmp: Cmp,
        date: Date,
    },
}

impl Expr {
    /// Every `judged(...)` in the expression.
    pub fn judgements(&self) -> Vec<(&str, &ActorRef)> {
        let mut out = Vec::new();
        self.walk(&mut |e| {
            if let Expr::Judged { words, by } = e {
                out.push((words.as_str(), by));
            }
        });
        out
    }

    /// Every commitment referenced by `holds(...)`.
    pub fn holds_refs(&self) -> Vec<&CommitmentRef> {
        let mut out = Vec::new();
        self.walk(&mut |e| {
            if let Expr::Holds { commitment } = e {
                out.push(commitment);
            }
        });
        out
    }

    /// Every event pattern.
    pub fn patterns(&self) -> Vec<&EventPattern> {
        let mut out = Vec::new();
        self.walk(&mut |e| {
            if let Expr::Event { pattern } = e {
                out.push(pattern);
            }
        });
        out
    }

    /// Visits every node, parents before children.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Expr)) {
        f(self);
        match self {
            Expr::And { args } | Expr::Or { args } => args.iter().for_each(|a| a.walk(f)),
            Expr::Not { arg } => arg.walk(f),
            _ => {}
        }
    }
}
