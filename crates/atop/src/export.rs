//! The mapping from the model to ATOP's member-level variables.
//!
//! One [`MemberCoding`] per instrument and member. The rules (docs/atop.md):
//! - a member is coded for what it *promises*: a commitment counts for the states among its
//!   guarantors (`parties` means every party; a group means its members, ever). A state that
//!   is only a beneficiary gets nothing from it, which is how asymmetric alliances
//!   (US–Japan) come out asymmetric;
//! - the commitment's `kind` picks the obligation variable (`defense` → DEFENSE, …,
//!   `consultation` → CONSUL); `assurance` and `other` are outside ATOP's typology;
//! - each `[[condition]]` and each `[[escape]]` with an `atop` tag sets the condition
//!   variable of that kind (`location` on a defence pledge → DEFCOLOC); `other` sets none;
//! - a variable is 1 when *any* commitment of the member sets it. ATOP codes a condition
//!   that qualifies any clause of the member's obligation, and one commitment is one clause.
//!
//! `obligation`, `discretion` and the trigger do not enter: ATOP codes NATO Art 5
//! ("such action as it deems necessary") as DEFENSE like any other defence pledge.

use pactum_model::expr::ActorRef;
use pactum_model::keywords::{CommitmentKind, Role};
use pactum_model::{Citation, Commitment, Instrument, Model, Registry};
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeStruct, Serializer};

use crate::cow;
use crate::vars::{VARS, condition_var, obligation_var};

/// The words behind a variable set to 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// `instrument#id`.
    pub commitment: String,
    /// The condition or escape clause that sets a condition variable (`condition treaty-area`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// The heading path ("Article 5").
    pub article: String,
    pub quote: String,
    /// False when the words are in an `[unverified]` block quote.
    pub verified: bool,
    pub file: String,
    pub line: usize,
}

/// One member's coding under one instrument.
#[derive(Debug, Clone)]
pub struct MemberCoding {
    pub instrument: String,
    pub atopid: Option<u32>,
    pub file: String,
    /// The actor id (ISO3 for states).
    pub member: String,
    /// The COW codes the member may stand for (empty when unknown).
    pub cow: Vec<u32>,
    /// Values of [`VARS`], in order.
    pub values: Vec<u8>,
    /// For each of [`VARS`], what sets it (empty when 0).
    pub evidence: Vec<Vec<Evidence>>,
}

impl MemberCoding {
    /// The value of a variable by name.
    pub fn get(&self, name: &str) -> Option<u8> {
        VARS.iter().position(|v| v.name == name).and_then(|i| self.values.get(i).copied())
    }
}

struct Values<'a>(&'a [u8]);

impl Serialize for Values<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(VARS.len()))?;
        for (v, x) in VARS.iter().zip(self.0) {
            m.serialize_entry(v.name, x)?;
        }
        m.end()
    }
}

struct EvidenceMap<'a>(&'a [Vec<Evidence>]);

impl Serialize for EvidenceMap<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        for (v, e) in VARS.iter().zip(self.0) {
            if !e.is_empty() {
                m.serialize_entry(v.name, e)?;
            }
        }
        m.end()
    }
}

impl Serialize for MemberCoding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("MemberCoding", 7)?;
        st.serialize_field("instrument", &self.instrument)?;
        st.serialize_field("atopid", &self.atopid)?;
        st.serialize_field("file", &self.file)?;
        st.serialize_field("member", &self.member)?;
        st.serialize_field("cow", &self.cow)?;
        st.serialize_field("values", &Values(&self.values))?;
        st.serialize_field("evidence", &EvidenceMap(&self.evidence))?;
        st.end()
    }
}

/// Codes every instrument of the model.
pub fn export(model: &Model) -> Vec<MemberCoding> {
    model.instruments.iter().flat_map(|i| code_instrument(i, &model.registry)).collect()
}

/// The members an instrument codes: its parties (groups expanded to everyone who was ever a
/// member), then any state a commitment names that is not a party. Only states are members.
pub fn members(inst: &Instrument, reg: &Registry) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let add = |id: &str, out: &mut Vec<String>| {
        for m in expand(id, reg) {
            if !out.contains(&m) {
                out.push(m);
            }
        }
    };
    for p in &inst.parties {
        add(p, &mut out);
    }
    for c in &inst.commitments {
        for a in c.guarantors.iter().chain(&c.beneficiaries) {
            if let ActorRef::Id(id) = a {
                add(id, &mut out);
            }
        }
    }
    out
}

/// A group's members ever (recursively), or the actor itself if it is a state.
fn expand(id: &str, reg: &Registry) -> Vec<String> {
    use pactum_model::keywords::ActorKind;
    match reg.actor(id) {
        Some(a) if a.kind == ActorKind::Group => {
            let mut v = Vec::new();
            for m in reg.all_members(id) {
                if m != id {
                    for x in expand(&m, reg) {
                        if !v.contains(&x) {
                            v.push(x);
                        }
                    }
                }
            }
            v
        }
        Some(a) if a.kind == ActorKind::State => vec![id.to_string()],
        // Organisations, bodies and leaders are not ATOP members.
        Some(_) => Vec::new(),
        // Unknown ids cannot survive loading; keep them rather than silently dropping.
        None => vec![id.to_string()],
    }
}

/// The states that promise under a commitment.
pub fn guarantors(c: &Commitment, members: &[String], reg: &Registry) -> Vec<String> {
    let mut out = Vec::new();
    for g in &c.guarantors {
        let ids = match g {
            ActorRef::Role(Role::Parties | Role::Any) => members.to_vec(),
            // `guarantor`/`beneficiary` as guarantors name no one in particular.
            ActorRef::Role(_) => Vec::new(),
            ActorRef::Id(id) => expand(id, reg),
        };
        for id in ids {
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

fn evidence(c: &Commitment, via: Option<String>, quote: Option<&Citation>) -> Evidence {
    let (text, verified, loc) = match quote {
        Some(q) => (q.text.clone(), q.verified, &q.loc),
        None => (
            c.quote.iter().map(|q| q.text.as_str()).collect::<Vec<_>>().join(" … "),
            c.verified,
            c.quote.first().map_or(&c.loc, |q| &q.loc),
        ),
    };
    Evidence {
        commitment: c.id.to_string(),
        via,
        article: if loc.article.is_empty() { c.loc.article.clone() } else { loc.article.clone() },
        quote: text,
        verified,
        file: loc.file.clone(),
        line: loc.line,
    }
}

/// Codes one instrument: a row per member.
pub fn code_instrument(inst: &Instrument, reg: &Registry) -> Vec<MemberCoding> {
    let members = members(inst, reg);
    let mut rows: Vec<MemberCoding> = members
        .iter()
        .map(|m| MemberCoding {
            instrument: inst.id.clone(),
            atopid: inst.atop,
            file: inst.loc.file.clone(),
            member: m.clone(),
            cow: cow::cow_codes(m),
            values: vec![0; VARS.len()],
            evidence: vec![Vec::new(); VARS.len()],
        })
        .collect();
    for c in &inst.commitments {
        let Some(ob) = obligation_var(c.kind) else { continue };
        let mut set: Vec<(usize, Evidence)> = Vec::new();
        if let Some(i) = VARS.iter().position(|v| v == ob) {
            set.push((i, evidence(c, None, None)));
        }
        let conds = c.conditions.iter().map(|k| (Some(k.atop), format!("condition {}", k.id), k.when.quote.as_ref()));
        let escapes = c.escapes.iter().map(|e| (e.atop, format!("escape {}", e.id), e.when.quote.as_ref()));
        for (tag, via, quote) in conds.chain(escapes) {
            let Some(var) = tag.and_then(|t| condition_var(c.kind, t)) else { continue };
            if let Some(i) = VARS.iter().position(|v| v == var) {
                set.push((i, evidence(c, Some(via), quote)));
            }
        }
        for g in guarantors(c, &members, reg) {
            let Some(row) = rows.iter_mut().find(|r| r.member == g) else { continue };
            for (i, e) in &set {
                row.values[*i] = 1;
                row.evidence[*i].push(e.clone());
            }
        }
    }
    rows
}

/// Whether a commitment kind is one ATOP codes.
pub fn coded(kind: CommitmentKind) -> bool {
    obligation_var(kind).is_some()
}

/// The CSV of codings: `instrument,atopid,member,cow,<variables…>`.
pub fn to_csv(rows: &[MemberCoding]) -> String {
    let mut out = String::from("instrument,atopid,member,cow");
    for v in VARS {
        out.push(',');
        out.push_str(v.name);
    }
    out.push('\n');
    for r in rows {
        let cow = r.cow.iter().map(u32::to_string).collect::<Vec<_>>().join(" ");
        out.push_str(&format!(
            "{},{},{},{}",
            r.instrument,
            r.atopid.map(|a| a.to_string()).unwrap_or_default(),
            r.member,
            cow
        ));
        for v in &r.values {
            out.push(',');
            out.push_str(&v.to_string());
        }
        out.push('\n');
    }
    out
}
