//! Drafting a skeleton `.pact.md` from ATOP's coding of one alliance, for an analyst to
//! complete with the instrument's words.
//!
//! The draft is complete except for the text: every `quote` is a `TODO:` that no block quote
//! contains, so `pactum check` fails on the draft with quote-not-found (P0205) and nothing
//! else, and keeps failing until each TODO is replaced by words pasted from the instrument.

use std::collections::BTreeSet;
use std::fmt::{self, Write as _};

use pactum_model::keywords::{CommitmentKind, ConditionKind};
use pactum_model::time::Date;

use crate::cow;
use crate::data::{AtopData, AtopRow};
use crate::vars::{VARS, Var};

/// A drafted file.
#[derive(Debug, Clone)]
pub struct Draft {
    pub text: String,
    pub atopid: u32,
    /// The phase whose obligations the commitments follow.
    pub phase: u32,
    pub commitments: usize,
    /// The `TODO:` quotes to replace.
    pub todos: usize,
    /// Members with no ISO code, declared in `party` blocks as `cow-NNN`.
    pub declared: Vec<String>,
}

/// Why no draft could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    UnknownAtopid { atopid: u32, file: String },
    UnknownPhase { atopid: u32, phase: u32, phases: Vec<u32> },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::UnknownAtopid { atopid, file } => write!(f, "atopid {atopid} is not in {file}"),
            ImportError::UnknownPhase { atopid, phase, phases } => write!(
                f,
                "atopid {atopid} has no phase {phase} (its phases: {})",
                phases.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// What ATOP's `TODO` for a condition type should ask the analyst for.
fn ask(c: ConditionKind) -> &'static str {
    match c {
        ConditionKind::Adversary => "the adversary the text names",
        ConditionKind::Location => "the area the text confines the obligation to",
        ConditionKind::Conflict => "the conflict the text names",
        ConditionKind::Number => "the number of attackers the text requires",
        ConditionKind::Demand => "the demand or non-compliance the text names",
        ConditionKind::NonProvocation => "the partner did not provoke the attack",
        ConditionKind::Request => "a party requests it",
        ConditionKind::Other => "the condition",
    }
}

fn plain(kind: CommitmentKind) -> (&'static str, &'static str) {
    // (obligation, discretion): the commonest reading of each kind, to be checked.
    match kind {
        CommitmentKind::Defense | CommitmentKind::Offense => ("military", "full"),
        CommitmentKind::Consultation => ("consult", "none"),
        _ => ("none", "none"),
    }
}

fn heading(kind: CommitmentKind) -> &'static str {
    match kind {
        CommitmentKind::Defense => "defence",
        CommitmentKind::Offense => "offensive support",
        CommitmentKind::Neutrality => "neutrality",
        CommitmentKind::Nonaggression => "non-aggression",
        CommitmentKind::Consultation => "consultation",
        _ => "other",
    }
}

/// Whether the row's date column is missing its day or month (ATOP writes blank or 0).
fn approximate(data: &AtopData, row: &AtopRow, month: &str, day: &str) -> bool {
    let unknown = |c: &str| data.cell(row, c).is_none_or(|v| v.is_empty() || v == "0");
    unknown(month) || unknown(day)
}

/// Drafts the file for `atopid`, following the obligations of `phase` (default: the last).
pub fn draft(data: &AtopData, atopid: u32, phase: Option<u32>) -> Result<Draft, ImportError> {
    let rows = data.alliance(atopid);
    if rows.is_empty() {
        return Err(ImportError::UnknownAtopid { atopid, file: data.source.clone() });
    }
    let phases: Vec<u32> = rows.iter().map(|r| r.phase).collect::<BTreeSet<_>>().into_iter().collect();
    let phase = match phase {
        Some(p) if phases.contains(&p) => p,
        Some(p) => return Err(ImportError::UnknownPhase { atopid, phase: p, phases }),
        None => *phases.last().unwrap_or(&0),
    };
    let mut members: Vec<u32> = Vec::new();
    for r in &rows {
        if !members.contains(&r.member) {
            members.push(r.member);
        }
    }
    let ids: Vec<String> = members.iter().map(|&m| cow::actor_id(m)).collect();
    let id_of = |m: u32| cow::actor_id(m);
    let first = rows.iter().min_by_key(|r| (r.entry, r.line)).copied();
    let signed: Option<Date> = first.and_then(|r| r.entry);
    let signed_approx = first.is_some_and(|r| approximate(data, r, "moent", "dayent"));
    let ended = rows.iter().all(|r| r.exit.is_some());
    let terminated = if ended { rows.iter().filter_map(|r| r.exit).max() } else { None };
    let phase_rows: Vec<&AtopRow> = rows.iter().copied().filter(|r| r.phase == phase).collect();

    let mut out = String::new();
    let mut todos = 0usize;
    let _ = writeln!(out, "# TODO: title of the instrument (ATOP {atopid})\n");
    let _ = writeln!(
        out,
        "Drafted by `pactum atop import --atopid {atopid}` from ATOP v4.01's member-level coding \
         ({}). Everything formal below follows ATOP's coding of phase {phase}; none of it rests on \
         the text yet.\n",
        data.source
    );
    let _ = writeln!(
        out,
        "**To complete this draft:** under each heading, paste the article's words as a block quote \
         (`> \"…\"`), then replace every `TODO:` quote with the words it encodes. `pactum check` \
         reports each `TODO:` as quote-not-found (P0205) until then. Rename the instrument id, set \
         the title, form, ratification and sources, and check the `# TODO` comments.\n"
    );
    let _ = writeln!(out, "```instrument");
    let _ = writeln!(out, "id = \"atop-{atopid}\"  # TODO: a name such as \"nato-1949\"");
    let _ = writeln!(out, "title = \"TODO: title (ATOP {atopid})\"");
    let _ = writeln!(out, "form = \"treaty\"  # TODO: check the legal form");
    let _ = writeln!(out, "status = \"{}\"", if ended { "terminated" } else { "in-force" });
    if let Some(d) = signed {
        let _ = writeln!(
            out,
            "signed = {d}  # ATOP's start date{}",
            if signed_approx { " (day or month unknown)" } else { "" }
        );
    }
    if let Some(d) = terminated {
        let _ = writeln!(out, "terminated = {d}  # ATOP's end date");
    }
    let parties = ids.iter().map(|i| format!("\"{i}\"")).collect::<Vec<_>>().join(", ");
    let _ = writeln!(out, "parties = [{parties}]");
    let _ = writeln!(out, "atop = {atopid}");
    if signed_approx {
        let _ = writeln!(out, "unverified = [\"signed\"]");
    }
    let _ = writeln!(out, "\n[[source]]\ntitle = \"TODO: where the quoted text comes from\"");
    let _ = writeln!(
        out,
        "\n[[source]]\ntitle = \"ATOP v4.01 member-level data (coding only, not the text)\"\nnote = \"atopid {atopid}; {}\"",
        data.source
    );
    let _ = writeln!(out, "```\n");

    let mut declared = Vec::new();
    for &m in &members {
        let id = id_of(m);
        if id.starts_with("cow-") && !declared.contains(&id) {
            let name =
                cow::state(m).map_or_else(|| format!("COW state {m} (not on the COW state list)"), |s| s.name.clone());
            let _ = writeln!(out, "```party\nid = \"{id}\"\nname = \"{name}\"\nkind = \"state\"\n```\n");
            declared.push(id);
        }
    }

    let mut commitments = 0usize;
    for ob in VARS.iter().filter(|v| v.condition.is_none()) {
        let ob_i = VARS.iter().position(|v| v == ob).unwrap_or(0);
        // Members of the phase that take on this obligation, grouped by their conditions.
        let mut groups: Vec<(Vec<&'static Var>, Vec<u32>)> = Vec::new();
        for r in &phase_rows {
            if r.value(ob_i) != Some(1) {
                continue;
            }
            let conds: Vec<&'static Var> = VARS
                .iter()
                .enumerate()
                .filter(|(i, v)| v.kind == ob.kind && v.condition.is_some() && r.value(*i) == Some(1))
                .map(|(_, v)| v)
                .collect();
            match groups.iter_mut().find(|(c, _)| *c == conds) {
                Some((_, ms)) => {
                    if !ms.contains(&r.member) {
                        ms.push(r.member);
                    }
                }
                None => groups.push((conds, vec![r.member])),
            }
        }
        for (n, (conds, ms)) in groups.iter().enumerate() {
            commitments += 1;
            let id = if n == 0 { ob.kind.to_string() } else { format!("{}-{}", ob.kind, n + 1) };
            let all = ms.len() == members.len();
            let (guarantors, beneficiaries) = if all {
                ("[\"parties\"]".to_string(), "[\"parties\"]".to_string())
            } else {
                let g: Vec<String> = ms.iter().map(|&m| format!("\"{}\"", id_of(m))).collect();
                let b: Vec<String> =
                    members.iter().filter(|m| !ms.contains(m)).map(|&m| format!("\"{}\"", id_of(m))).collect();
                let b = if b.is_empty() { vec!["\"parties\"".to_string()] } else { b };
                (format!("[{}]", g.join(", ")), format!("[{}]", b.join(", ")))
            };
            let (obligation, discretion) = plain(ob.kind);
            let _ = writeln!(
                out,
                "## TODO: the article with the {} obligation ({})\n",
                heading(ob.kind),
                ob.name.to_uppercase()
            );
            let _ = writeln!(out, "TODO: paste the article's words here as a block quote.\n");
            let _ = writeln!(out, "```commitment");
            let _ = writeln!(out, "id = \"{id}\"");
            let _ = writeln!(out, "quote = \"TODO: the words of the {} promise\"", heading(ob.kind));
            todos += 1;
            let _ = writeln!(out, "guarantors = {guarantors}");
            let _ = writeln!(out, "beneficiaries = {beneficiaries}");
            let _ = writeln!(out, "kind = \"{}\"", ob.kind);
            let _ = writeln!(out, "obligation = \"{obligation}\"  # TODO: check against the text");
            let _ = writeln!(out, "discretion = \"{discretion}\"  # TODO: check against the text");
            match ob.kind {
                CommitmentKind::Defense | CommitmentKind::Neutrality => {
                    let _ = writeln!(
                        out,
                        "trigger = {{ when = 'armed_attack(target: beneficiary)', quote = \"TODO: the words that say what triggers it\" }}"
                    );
                    todos += 1;
                }
                CommitmentKind::Consultation => {
                    let _ = writeln!(
                        out,
                        "trigger = {{ when = 'judged(\"TODO: the situation that calls for consultation\", by: any)', quote = \"TODO: the words that say when they consult\" }}"
                    );
                    todos += 1;
                }
                _ => {}
            }
            for c in conds {
                let Some(k) = c.condition else { continue };
                let _ = writeln!(out, "\n[[condition]]");
                let _ = writeln!(out, "id = \"{}\"  # ATOP {}", k, c.name.to_uppercase());
                let _ = writeln!(out, "atop = \"{k}\"");
                let _ = writeln!(
                    out,
                    "when = 'judged(\"TODO: {}\", by: any)'  # TODO: an event pattern if possible",
                    ask(k)
                );
                let _ = writeln!(out, "quote = \"TODO: the words that limit the obligation\"");
                todos += 1;
            }
            let _ = writeln!(out, "```\n");
        }
    }
    if commitments == 0 {
        let _ = writeln!(
            out,
            "ATOP codes none of DEFENSE, OFFENSE, NEUTRAL, NONAGG, CONSUL for phase {phase}: nothing to draft.\n"
        );
    }

    let _ = writeln!(out, "## ATOP coding\n");
    let _ = writeln!(
        out,
        "ATOP v4.01, atopid {atopid}, phase{} {}; the commitments above follow phase {phase}. Explain \
         here every variable on which the finished encoding and ATOP disagree (`pactum atop compare`).\n",
        if phases.len() == 1 { "" } else { "s" },
        phases.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
    );
    let _ = writeln!(out, "| member | COW | phase | in ATOP from | until | variables coded 1 | CSV line |");
    let _ = writeln!(out, "|---|---|---|---|---|---|---|");
    for r in &rows {
        let mut ones: Vec<String> =
            VARS.iter().enumerate().filter(|(i, _)| r.value(*i) == Some(1)).map(|(_, v)| v.name.to_string()).collect();
        for extra in ["neucoatt", "olimob"] {
            if data.cell(r, extra).is_some_and(|v| v != "0" && !v.is_empty()) {
                ones.push(format!("{extra} (no pactum counterpart)"));
            }
        }
        let date = |d: Option<Date>| d.map_or("—".to_string(), |d| d.to_string());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            id_of(r.member),
            r.member,
            r.phase,
            date(r.entry),
            date(r.exit),
            if ones.is_empty() { "—".to_string() } else { ones.join(", ") },
            r.line
        );
    }
    Ok(Draft { text: out, atopid, phase, commitments, todos, declared })
}
