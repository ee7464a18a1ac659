//! Two commitments side by side: their words, their encoded terms, their findings and
//! (filled in by the caller, who can run scenarios) their outcomes.

use std::fmt::Write as _;

use pactum_model::Model;
use pactum_model::expr::CommitmentRef;
use pactum_model::keywords::Keyword;
use pactum_model::types::{Commitment, Instrument};
use serde::Serialize;

use crate::{Audit, Finding};

/// One side of the comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub commitment: String,
    pub instrument: String,
    pub title: String,
    /// The commitment's words, with their articles; unverified ones marked.
    pub words: Vec<Words>,
    pub findings: Vec<Finding>,
}

/// Quoted words.
#[derive(Debug, Clone, Serialize)]
pub struct Words {
    pub article: String,
    pub text: String,
    pub verified: bool,
}

/// One term, on both sides.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub term: &'static str,
    pub a: String,
    pub b: String,
    pub same: bool,
}

/// A scenario's outcome for both commitments.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub scenario: String,
    pub title: String,
    pub on: String,
    pub a: Option<String>,
    pub b: Option<String>,
}

/// The comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub a: Side,
    pub b: Side,
    pub terms: Vec<Row>,
    /// Findings' rules: present on A only, on B only, on both.
    pub rules_only_a: Vec<&'static str>,
    pub rules_only_b: Vec<&'static str>,
    pub rules_both: Vec<&'static str>,
    pub outcomes: Vec<Outcome>,
    /// Capabilities not yet available, named so the reader knows what is missing.
    pub unavailable: Vec<&'static str>,
}

fn join<T: ToString>(v: &[T]) -> String {
    if v.is_empty() { "—".to_string() } else { v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ") }
}

fn terms(inst: &Instrument, c: &Commitment) -> Vec<(&'static str, String)> {
    let mut t = vec![
        ("instrument", format!("{} ({}, {})", inst.title, inst.form, inst.status)),
        ("guarantors", join(&c.guarantors)),
        ("beneficiaries", join(&c.beneficiaries)),
        ("kind (ATOP)", c.kind.keyword().to_string()),
        ("obligation", c.obligation.keyword().to_string()),
        ("means", join(&c.means.iter().map(|m| m.keyword()).collect::<Vec<_>>())),
        (
            "discretion",
            format!(
                "{}{}",
                c.discretion,
                c.discretion_quote.as_ref().map(|q| format!(" — “{}”", q.text)).unwrap_or_default()
            ),
        ),
        ("trigger", c.trigger.as_ref().map_or("—".to_string(), |t| t.text.clone())),
        (
            "conditions",
            join(&c.conditions.iter().map(|k| format!("{} ({}): {}", k.id, k.atop, k.when.text)).collect::<Vec<_>>()),
        ),
        (
            "escape clauses",
            join(
                &c.escapes
                    .iter()
                    .map(|e| format!("{} → {} (judged by {}, {})", e.id, e.effect, e.adjudicator, e.adjudicator_basis))
                    .collect::<Vec<_>>(),
            ),
        ),
        ("deadline", c.deadline.as_ref().map_or("—".to_string(), |d| d.within.to_string())),
        ("ends when", c.ends_when.as_ref().map_or("—".to_string(), |e| e.text.clone())),
        ("depends on", join(&c.depends_on.iter().map(|d| d.target.to_string()).collect::<Vec<_>>())),
        (
            "forces",
            format!("{}{}", c.forces.status, c.forces.size.as_ref().map(|s| format!(" ({s})")).unwrap_or_default()),
        ),
        (
            "ratification",
            inst.ratification.as_ref().map_or("not stated".to_string(), |r| {
                let by = if r.constitutional_processes { "constitutional processes".to_string() } else { join(&r.by) };
                format!("{} (by {by}, {})", r.status, r.threshold)
            }),
        ),
        (
            "duration",
            inst.duration.as_ref().map_or("not stated".to_string(), |d| match &d.length {
                Some(l) => format!("{l}, extension: {}", d.extension),
                None => "indefinite".to_string(),
            }),
        ),
        (
            "withdrawal",
            inst.withdrawal.as_ref().map_or("not stated".to_string(), |w| {
                format!(
                    "{}{}",
                    w.notice.as_ref().map_or("notice not stated".to_string(), |n| format!("{n} notice")),
                    w.not_before.as_ref().map(|n| format!(", not before {n} in force")).unwrap_or_default()
                )
            }),
        ),
        (
            "offer",
            inst.offer.as_ref().map_or("—".to_string(), |o| match (o.expires, o.expires_unspecified) {
                (Some(d), _) => format!("expires {d}"),
                (None, true) => "time-limited, no date".to_string(),
                _ => "open".to_string(),
            }),
        ),
    ];
    t.push(("verified words", if c.verified { "yes".to_string() } else { "rests on unverified text".to_string() }));
    t
}

fn side(model: &Model, r: &CommitmentRef, audit: &Audit) -> Option<(Side, Vec<(&'static str, String)>)> {
    let inst = model.instrument(&r.instrument)?;
    let c = model.commitment(r)?;
    let id = r.to_string();
    let findings: Vec<Finding> = audit
        .findings
        .iter()
        .filter(|f| f.commitment.as_deref() == Some(id.as_str()) || (f.commitment.is_none() && f.instrument == inst.id))
        .cloned()
        .collect();
    let words = c
        .quote
        .iter()
        .map(|q| Words { article: q.loc.article.clone(), text: q.text.clone(), verified: q.verified })
        .collect();
    Some((
        Side { commitment: id, instrument: inst.id.clone(), title: inst.title.clone(), words, findings },
        terms(inst, c),
    ))
}

/// Compares two commitments. `None` if either reference is unknown.
pub fn compare(model: &Model, a: &CommitmentRef, b: &CommitmentRef, audit: &Audit) -> Option<Comparison> {
    let (sa, ta) = side(model, a, audit)?;
    let (sb, tb) = side(model, b, audit)?;
    let rows = ta.into_iter().zip(tb).map(|((term, x), (_, y))| Row { term, same: x == y, a: x, b: y }).collect();
    let ra: Vec<&'static str> = dedup(sa.findings.iter().map(|f| f.rule).collect());
    let rb: Vec<&'static str> = dedup(sb.findings.iter().map(|f| f.rule).collect());
    Some(Comparison {
        rules_only_a: ra.iter().filter(|r| !rb.contains(r)).copied().collect(),
        rules_only_b: rb.iter().filter(|r| !ra.contains(r)).copied().collect(),
        rules_both: ra.iter().filter(|r| rb.contains(r)).copied().collect(),
        a: sa,
        b: sb,
        terms: rows,
        outcomes: Vec::new(),
        unavailable: vec!["credibility (not yet built)"],
    })
}

fn dedup(mut v: Vec<&'static str>) -> Vec<&'static str> {
    v.sort();
    v.dedup();
    v
}

fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for w in s.split_whitespace() {
        if !cur.is_empty() && cur.chars().count() + 1 + w.chars().count() > width {
            lines.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Two columns for the terminal.
pub fn render_text(c: &Comparison) -> String {
    const W: usize = 44;
    let mut out = String::new();
    let row = |out: &mut String, label: &str, a: &str, b: &str, mark: &str| {
        let la = wrap(a, W);
        let lb = wrap(b, W);
        for i in 0..la.len().max(lb.len()) {
            let l = if i == 0 { label } else { "" };
            let m = if i == 0 { mark } else { " " };
            let x = la.get(i).map_or("", String::as_str);
            let y = lb.get(i).map_or("", String::as_str);
            let pad = W.saturating_sub(x.chars().count());
            let _ = writeln!(out, "{m} {l:<16} {x}{} │ {y}", " ".repeat(pad));
        }
    };
    row(&mut out, "", &c.a.commitment, &c.b.commitment, " ");
    row(&mut out, "", &c.a.title, &c.b.title, " ");
    let _ = writeln!(out, "{}", "─".repeat(18 + 2 * W + 3));
    let words = |s: &Side| {
        s.words
            .iter()
            .map(|w| {
                format!(
                    "{}: “{}”{}",
                    w.article,
                    w.text.trim_matches('"'),
                    if w.verified { "" } else { " [unverified]" }
                )
            })
            .collect::<Vec<_>>()
            .join(" / ")
    };
    row(&mut out, "words", &words(&c.a), &words(&c.b), " ");
    for r in &c.terms {
        row(&mut out, r.term, &r.a, &r.b, if r.same { " " } else { "≠" });
    }
    let _ = writeln!(out, "{}", "─".repeat(18 + 2 * W + 3));
    let fl = |s: &Side| {
        s.findings.iter().map(|f| format!("[{}] {}", f.severity.name(), f.rule)).collect::<Vec<_>>().join("; ")
    };
    row(&mut out, "findings", &fl(&c.a), &fl(&c.b), " ");
    for o in &c.outcomes {
        row(
            &mut out,
            "scenario",
            &format!("{} on {}: {}", o.scenario, o.on, o.a.as_deref().unwrap_or("—")),
            &format!("{} on {}: {}", o.scenario, o.on, o.b.as_deref().unwrap_or("—")),
            if o.a == o.b { " " } else { "≠" },
        );
    }
    for u in &c.unavailable {
        let _ = writeln!(out, "  not shown: {u}");
    }
    out
}

/// A Markdown table.
pub fn render_markdown(c: &Comparison) -> String {
    let esc = |s: &str| s.replace('|', "\\|");
    let mut out = format!(
        "# `{}` against `{}`\n\n| | {} | {} |\n|---|---|---|\n",
        c.a.commitment,
        c.b.commitment,
        esc(&c.a.title),
        esc(&c.b.title)
    );
    let words = |s: &Side| {
        s.words
            .iter()
            .map(|w| {
                format!(
                    "{}: “{}”{}",
                    w.article,
                    esc(w.text.trim_matches('"')),
                    if w.verified { "" } else { " *(unverified)*" }
                )
            })
            .collect::<Vec<_>>()
            .join("<br>")
    };
    let _ = writeln!(out, "| words | {} | {} |", words(&c.a), words(&c.b));
    for r in &c.terms {
        let mark = if r.same { "" } else { " ≠" };
        let _ = writeln!(out, "| {}{mark} | {} | {} |", r.term, esc(&r.a), esc(&r.b));
    }
    let fl = |s: &Side| {
        s.findings
            .iter()
            .map(|f| format!("**{}** `{}`: {}", f.severity.name(), f.rule, esc(&f.message)))
            .collect::<Vec<_>>()
            .join("<br>")
    };
    let _ = writeln!(out, "| findings | {} | {} |", fl(&c.a), fl(&c.b));
    for o in &c.outcomes {
        let _ = writeln!(
            out,
            "| scenario `{}` on {} | {} | {} |",
            o.scenario,
            o.on,
            o.a.as_deref().unwrap_or("—"),
            o.b.as_deref().unwrap_or("—")
        );
    }
    if !c.unavailable.is_empty() {
        let _ = writeln!(out, "\nNot shown: {}.", c.unavailable.join("; "));
    }
    out
}
