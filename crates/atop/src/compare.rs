//! pactum's coding against ATOP's: per variable, per member, at one phase per member.
//!
//! **Phase rule.** pactum has no phases (a file encodes one text), so each member is
//! compared with one ATOP row: the member's row in force on the instrument's *reference
//! date* — its signature date, else its entry into force, else the date of the offer —
//! because ATOP dates alliances and phases from signature. A member that joined later is
//! compared with its first row; one whose rows all ended before, with its last.
//!
//! **Members** are paired through COW codes ([`crate::cow`]). Members only one side has are
//! listed, not compared: membership is not a coding question.
//!
//! **Explained.** A disagreement counts as explained when the variable's name appears in
//! the `ATOP coding` section of the instrument's file (any heading level, up to the next
//! heading of the same or a higher level).

use pactum_model::time::Date;
use pactum_model::{Instrument, Model};
use serde::Serialize;

use crate::data::{AtopData, AtopRow};
use crate::export::{Evidence, MemberCoding, code_instrument};
use crate::vars::{VARS, obligation_var};

/// The rule, as reported in the output.
pub const PHASE_RULE: &str = "each member's ATOP row in force on the instrument's signature date (else entry into force, else offer); a member that joined later: its first row";

/// Agreement on one variable.
#[derive(Debug, Clone, Serialize)]
pub struct VarStats {
    pub variable: &'static str,
    pub compared: usize,
    pub agreed: usize,
    pub agreement: Option<f64>,
}

/// A member paired with an ATOP row.
#[derive(Debug, Clone, Serialize)]
pub struct MemberMatch {
    pub member: String,
    pub cow: u32,
    pub phase: u32,
    /// Line of the ATOP row in its file.
    pub line: usize,
    pub compared: usize,
    pub agreed: usize,
}

/// One instrument's comparison.
#[derive(Debug, Clone, Serialize)]
pub struct InstrumentStats {
    pub instrument: String,
    pub file: String,
    pub atopid: u32,
    /// The date phases are chosen by; `None` when the instrument has no date.
    pub reference_date: Option<Date>,
    pub members: Vec<MemberMatch>,
    /// pactum's members with no ATOP row in this alliance.
    pub pactum_only: Vec<String>,
    /// ATOP members (COW codes) no pactum member stands for.
    pub atop_only: Vec<u32>,
    pub compared: usize,
    pub agreed: usize,
    pub agreement: Option<f64>,
    /// Set when the ATOP file has no row for the id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// pactum's side of a disagreement.
#[derive(Debug, Clone, Serialize)]
pub struct PactumSide {
    pub value: u8,
    /// What sets the variable (when 1), or the member's commitments of the kind concerned
    /// that do not set it (when 0).
    pub evidence: Vec<Evidence>,
    pub note: String,
}

/// ATOP's side of a disagreement: the row and column.
#[derive(Debug, Clone, Serialize)]
pub struct AtopSide {
    pub value: u8,
    pub file: String,
    pub line: usize,
    pub atopid: u32,
    pub member: u32,
    pub phase: u32,
    pub column: &'static str,
}

/// A variable on which pactum and ATOP differ for one member.
#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    pub instrument: String,
    pub file: String,
    pub member: String,
    pub variable: &'static str,
    pub pactum: PactumSide,
    pub atop: AtopSide,
    /// The variable is discussed in the file's `ATOP coding` section.
    pub explained: bool,
}

/// The whole comparison (`pactum atop compare --format json`).
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub format_version: u32,
    /// Fraction of compared variables (member × variable cells) on which both agree.
    pub agreement: Option<f64>,
    pub compared: usize,
    pub agreed: usize,
    pub atop_file: String,
    pub phase_rule: &'static str,
    pub variables: Vec<VarStats>,
    pub instruments: Vec<InstrumentStats>,
    pub disagreements: Vec<Disagreement>,
    /// Variables the ATOP file has no column for.
    pub not_compared: Vec<&'static str>,
    /// Instruments with no `atop` id.
    pub not_in_atop: Vec<String>,
}

fn ratio(agreed: usize, compared: usize) -> Option<f64> {
    (compared > 0).then(|| agreed as f64 / compared as f64)
}

/// The date phases are chosen by.
pub fn reference_date(inst: &Instrument) -> Option<Date> {
    inst.signed.or(inst.in_force).or(inst.offered)
}

/// The row a member is compared with, among its rows (see the module doc).
pub fn choose_row<'a>(rows: &[&'a AtopRow], date: Option<Date>) -> Option<&'a AtopRow> {
    let mut sorted: Vec<&AtopRow> = rows.to_vec();
    sorted.sort_by_key(|r| (r.entry, r.phase, r.line));
    let Some(date) = date else { return sorted.first().copied() };
    sorted
        .iter()
        .find(|r| r.holds(date))
        .or_else(|| sorted.iter().find(|r| r.entry.is_some_and(|e| e > date)))
        .or_else(|| sorted.last())
        .copied()
}

/// The `ATOP coding` section of a file's text, if it has one.
pub fn atop_section(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut level = None;
    let mut in_fence = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let hashes = if in_fence { 0 } else { t.bytes().take_while(|&b| b == b'#').count() };
        if (1..=6).contains(&hashes) && t[hashes..].starts_with(' ') {
            let title = t[hashes..].trim().trim_end_matches('#').trim();
            match level {
                Some(l) if hashes <= l => break,
                None if title.eq_ignore_ascii_case("ATOP coding") => {
                    level = Some(hashes);
                    continue;
                }
                _ => {}
            }
        }
        if level.is_some() {
            out.push_str(line);
            out.push('\n');
        }
    }
    level.map(|_| out)
}

/// Whether `word` occurs in `text` as a whole word, ignoring case.
pub fn mentions(text: &str, word: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let w = word.to_ascii_lowercase();
    let b = lower.as_bytes();
    let mut start = 0;
    while let Some(i) = lower[start..].find(&w) {
        let at = start + i;
        let end = at + w.len();
        let before = at == 0 || !b[at - 1].is_ascii_alphanumeric();
        let after = end >= b.len() || !b[end].is_ascii_alphanumeric();
        if before && after {
            return true;
        }
        start = at + 1;
    }
    false
}

/// Compares every instrument of the model that has an `atop` id. `text_of` gives a file's
/// text by the path the model shows, to find its `ATOP coding` section.
pub fn compare(model: &Model, data: &AtopData, text_of: &dyn Fn(&str) -> Option<String>) -> Comparison {
    let compared_vars: Vec<usize> = (0..VARS.len()).filter(|&i| data.has_var(VARS[i].name)).collect();
    let mut var_stats: Vec<VarStats> =
        VARS.iter().map(|v| VarStats { variable: v.name, compared: 0, agreed: 0, agreement: None }).collect();
    let mut instruments = Vec::new();
    let mut disagreements = Vec::new();
    let mut not_in_atop = Vec::new();
    for inst in &model.instruments {
        let Some(atopid) = inst.atop else {
            not_in_atop.push(inst.id.clone());
            continue;
        };
        let codings = code_instrument(inst, &model.registry);
        let rows = data.alliance(atopid);
        let date = reference_date(inst);
        let mut stats = InstrumentStats {
            instrument: inst.id.clone(),
            file: inst.loc.file.clone(),
            atopid,
            reference_date: date,
            members: Vec::new(),
            pactum_only: Vec::new(),
            atop_only: Vec::new(),
            compared: 0,
            agreed: 0,
            agreement: None,
            problem: None,
        };
        if rows.is_empty() {
            stats.problem = Some(format!("{} has no row for atopid {atopid}", data.source));
            instruments.push(stats);
            continue;
        }
        let section = text_of(&inst.loc.file).and_then(|t| atop_section(&t)).unwrap_or_default();
        let mut matched_cow = Vec::new();
        for coding in &codings {
            let mine: Vec<&AtopRow> = rows.iter().copied().filter(|r| coding.cow.contains(&r.member)).collect();
            let Some(row) = choose_row(&mine, date) else {
                stats.pactum_only.push(coding.member.clone());
                continue;
            };
            // ATOP may list one pactum member under several codes (Germany: 260, then 255).
            matched_cow.extend(mine.iter().map(|r| r.member));
            let mut m = MemberMatch {
                member: coding.member.clone(),
                cow: row.member,
                phase: row.phase,
                line: row.line,
                compared: 0,
                agreed: 0,
            };
            for &i in &compared_vars {
                let Some(theirs) = row.value(i) else { continue };
                let ours = coding.values[i];
                m.compared += 1;
                var_stats[i].compared += 1;
                if ours == theirs {
                    m.agreed += 1;
                    var_stats[i].agreed += 1;
                } else {
                    disagreements.push(disagreement(inst, coding, row, data, i, &section));
                }
            }
            stats.compared += m.compared;
            stats.agreed += m.agreed;
            stats.members.push(m);
        }
        let mut only: Vec<u32> = rows.iter().map(|r| r.member).filter(|c| !matched_cow.contains(c)).collect();
        only.sort_unstable();
        only.dedup();
        stats.atop_only = only;
        stats.agreement = ratio(stats.agreed, stats.compared);
        instruments.push(stats);
    }
    for v in &mut var_stats {
        v.agreement = ratio(v.agreed, v.compared);
    }
    let compared = var_stats.iter().map(|v| v.compared).sum();
    let agreed = var_stats.iter().map(|v| v.agreed).sum();
    Comparison {
        format_version: 1,
        agreement: ratio(agreed, compared),
        compared,
        agreed,
        atop_file: data.source.clone(),
        phase_rule: PHASE_RULE,
        variables: compared_vars.iter().map(|&i| var_stats[i].clone()).collect(),
        instruments,
        disagreements,
        not_compared: data.missing_vars.clone(),
        not_in_atop,
    }
}

fn disagreement(
    inst: &Instrument,
    coding: &MemberCoding,
    row: &AtopRow,
    data: &AtopData,
    i: usize,
    section: &str,
) -> Disagreement {
    let var = &VARS[i];
    let ours = coding.values[i];
    let (evidence, note) = if ours == 1 {
        (coding.evidence[i].clone(), format!("{} is set by the commitments below", var.name))
    } else {
        // What pactum looked at: the member's obligation of this kind, if any.
        let ob = obligation_var(var.kind).and_then(|o| VARS.iter().position(|v| v == o));
        let base = ob.map(|o| coding.evidence[o].clone()).unwrap_or_default();
        let note = if var.condition.is_none() {
            format!("no `{}` commitment names {} among its guarantors", var.kind, coding.member)
        } else if base.is_empty() {
            format!("{} has no `{}` commitment, so no {} condition", coding.member, var.kind, var.name)
        } else {
            let tag = var.condition.map(|c| c.to_string()).unwrap_or_default();
            format!(
                "none of {}'s `{}` commitments has a condition or escape tagged `atop = \"{tag}\"`",
                coding.member, var.kind
            )
        };
        (base, note)
    };
    Disagreement {
        instrument: inst.id.clone(),
        file: inst.loc.file.clone(),
        member: coding.member.clone(),
        variable: var.name,
        pactum: PactumSide { value: ours, evidence, note },
        atop: AtopSide {
            value: row.value(i).unwrap_or(0),
            file: data.source.clone(),
            line: row.line,
            atopid: row.atopid,
            member: row.member,
            phase: row.phase,
            column: var.name,
        },
        explained: mentions(section, var.name),
    }
}

/// The comparison as text, for people.
pub fn to_text(c: &Comparison) -> String {
    use std::fmt::Write as _;
    let pct = |a: Option<f64>| a.map_or("—".to_string(), |x| format!("{:.1}%", x * 100.0));
    let mut out = String::new();
    let members: usize = c.instruments.iter().map(|i| i.members.len()).sum();
    let _ = writeln!(
        out,
        "ATOP comparison against {}: {} instruments, {members} member rows, {} variables",
        c.atop_file,
        c.instruments.len(),
        c.variables.len()
    );
    let _ = writeln!(out, "agreement: {}/{} ({})", c.agreed, c.compared, pct(c.agreement));
    let _ = writeln!(out, "phase rule: {}\n", c.phase_rule);
    let _ = writeln!(out, "per instrument:");
    for i in &c.instruments {
        let mut phases: Vec<u32> = i.members.iter().map(|m| m.phase).collect();
        phases.sort_unstable();
        phases.dedup();
        let phases = phases.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
        let _ = write!(
            out,
            "  {:<22} atop {:<5} phase {:<4} {:>4}/{:<4} {:>6}",
            i.instrument,
            i.atopid,
            phases,
            i.agreed,
            i.compared,
            pct(i.agreement)
        );
        if let Some(p) = &i.problem {
            let _ = write!(out, "  ({p})");
        }
        if !i.pactum_only.is_empty() {
            let _ = write!(out, "  pactum only: {}", i.pactum_only.join(" "));
        }
        if !i.atop_only.is_empty() {
            let _ = write!(
                out,
                "  ATOP only: {}",
                i.atop_only.iter().map(|c| format!("COW {c}")).collect::<Vec<_>>().join(" ")
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "\nper variable:");
    for v in &c.variables {
        let _ = writeln!(out, "  {:<9} {:>4}/{:<4} {:>6}", v.variable, v.agreed, v.compared, pct(v.agreement));
    }
    let explained = c.disagreements.iter().filter(|d| d.explained).count();
    let _ = writeln!(
        out,
        "\ndisagreements: {} ({explained} explained in their file's \"ATOP coding\" section)",
        c.disagreements.len()
    );
    for d in &c.disagreements {
        let _ = writeln!(
            out,
            "\n  {} · {} (COW {}) · phase {} · {}: pactum {}, ATOP {}{}",
            d.instrument,
            d.member,
            d.atop.member,
            d.atop.phase,
            d.variable,
            d.pactum.value,
            d.atop.value,
            if d.explained { "  [explained]" } else { "  [NOT EXPLAINED]" }
        );
        let _ = writeln!(out, "    pactum: {}", d.pactum.note);
        for e in &d.pactum.evidence {
            let via = e.via.as_deref().map(|v| format!(" ({v})")).unwrap_or_default();
            let unv = if e.verified { "" } else { " [unverified]" };
            let _ = writeln!(out, "      {}{via}, {}: \"{}\"{unv}", e.commitment, e.article, e.quote);
        }
        let _ = writeln!(
            out,
            "    ATOP:   {}:{} (atopid {}, member {}, phase {}): {} = {}",
            d.atop.file, d.atop.line, d.atop.atopid, d.atop.member, d.atop.phase, d.atop.column, d.atop.value
        );
    }
    if !c.not_compared.is_empty() {
        let _ = writeln!(out, "\nnot compared (no column in the ATOP file): {}", c.not_compared.join(", "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_atop_section() {
        let t = "# T\n\n## Article 1\n\nconcoreq here\n\n## ATOP coding\n\nDEFENSE differs.\n\n### Detail\n\ndefcoloc\n\n## Scenarios\n\nconsul\n";
        let s = atop_section(t).unwrap_or_default();
        assert!(mentions(&s, "defense"));
        assert!(mentions(&s, "defcoloc"));
        assert!(!mentions(&s, "concoreq"));
        assert!(!mentions(&s, "consul"));
        assert!(atop_section("# T\n").is_none());
    }

    #[test]
    fn mentions_whole_words_only() {
        assert!(mentions("`consul`: ATOP 1", "consul"));
        assert!(!mentions("consultation", "consul"));
        assert!(mentions("CONSUL, x", "consul"));
    }
}
