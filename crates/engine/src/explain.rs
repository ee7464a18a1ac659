//! Explanations: a tree of reasons behind each state, and its renderers.

use std::fmt::Write as _;

use pactum_model::Citation;
use pactum_model::keywords::Keyword;
use serde::Serialize;

use crate::simulate::Simulation;

/// Why something is so: a sentence, the rule that applied, the event and the words of
/// the instrument behind it, and the reasons it rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub text: String,
    /// The rule applied: `entry-into-force`, `trigger`, `condition:ID`, `escape:ID`,
    /// `dependency`, `withdrawal`, `term`, `offer`, `deadline`, `response`, `discharge`, …
    pub rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<EventRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<Citation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub because: Vec<Reason>,
}

/// The scenario event a reason points at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRef {
    pub date: pactum_model::time::Date,
    pub kind: pactum_model::keywords::EventKind,
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

impl Reason {
    pub fn new(rule: &str, text: impl Into<String>) -> Reason {
        Reason { text: text.into(), rule: rule.to_string(), event: None, quote: None, because: Vec::new() }
    }

    pub fn quote(mut self, q: Option<&Citation>) -> Reason {
        self.quote = q.cloned();
        self
    }

    pub fn event(mut self, e: Option<EventRef>) -> Reason {
        self.event = e;
        self
    }

    pub fn because(mut self, r: Reason) -> Reason {
        self.because.push(r);
        self
    }
}

fn quote_line(q: &Citation) -> String {
    let mut s = String::new();
    if !q.loc.article.is_empty() {
        let _ = write!(s, "{}: ", q.loc.article);
    }
    let _ = write!(s, "“{}”", q.text.trim_matches('"'));
    if !q.verified {
        s.push_str(" [unverified paraphrase]");
    }
    s
}

fn reason_text(out: &mut String, r: &Reason, prefix: &str, last: bool, top: bool) {
    let (branch, next) = if top {
        ("", prefix.to_string())
    } else if last {
        ("└─ ", format!("{prefix}   "))
    } else {
        ("├─ ", format!("{prefix}│  "))
    };
    let _ = writeln!(out, "{prefix}{branch}{}", r.text);
    let mut lines = Vec::new();
    if let Some(e) = &r.event {
        lines.push(format!("event {}: {}", e.date, e.summary));
    }
    if let Some(q) = &r.quote {
        lines.push(quote_line(q));
    }
    let bar = if r.because.is_empty() { "   " } else { "│  " };
    for l in lines {
        let _ = writeln!(out, "{next}{bar}{l}");
    }
    for (i, c) in r.because.iter().enumerate() {
        reason_text(out, c, &next, i + 1 == r.because.len(), false);
    }
}

/// Renders a simulation for the terminal.
pub fn render_text(sim: &Simulation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "scenario {} — {}", sim.scenario, sim.title);
    let _ = writeln!(out, "evaluated to {}; {} timelines\n", sim.horizon, sim.timelines.len());
    for t in &sim.timelines {
        let _ = writeln!(
            out,
            "{} · {}  ({} obligation, {} discretion)",
            t.commitment,
            t.guarantor,
            t.obligation.keyword(),
            t.discretion.keyword()
        );
        for s in &t.steps {
            let _ = writeln!(out, "  {}  {}", s.date, s.state.keyword().to_uppercase());
            let mut body = String::new();
            reason_text(&mut body, &s.why, "      ", true, true);
            out.push_str(&body);
            for b in &s.branches {
                let _ = writeln!(out, "      ⟶ if {}: {}", judgements_text(&b.judgements), b.state.keyword());
            }
        }
        out.push('\n');
    }
    out
}

/// "USA judges “without cause” applies and …": the judgements a branch rests on.
pub fn judgements_text(js: &[crate::simulate::JudgementValue]) -> String {
    js.iter()
        .map(|j| format!("{} judges “{}” {}", j.by, j.words, if j.value { "applies" } else { "does not apply" }))
        .collect::<Vec<_>>()
        .join(" and ")
}

fn reason_md(out: &mut String, r: &Reason, depth: usize) {
    let indent = "  ".repeat(depth);
    let _ = write!(out, "{indent}- {}", r.text);
    if let Some(e) = &r.event {
        let _ = write!(out, " (event {}: {})", e.date, e.summary);
    }
    out.push('\n');
    if let Some(q) = &r.quote {
        let _ = writeln!(out, "{indent}  > {}", quote_line(q));
    }
    for c in &r.because {
        reason_md(out, c, depth + 1);
    }
}

/// Renders a simulation as Markdown.
pub fn render_markdown(sim: &Simulation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Scenario `{}`: {}\n", sim.scenario, sim.title);
    let _ = writeln!(out, "Evaluated to {}.\n", sim.horizon);
    for t in &sim.timelines {
        let _ = writeln!(out, "## `{}` — {}\n", t.commitment, t.guarantor);
        let _ = writeln!(out, "| date | state |\n|---|---|");
        for s in &t.steps {
            let _ = writeln!(out, "| {} | {} |", s.date, s.state.keyword());
        }
        out.push('\n');
        for s in &t.steps {
            let _ = writeln!(out, "**{} — {}**\n", s.date, s.state.keyword());
            reason_md(&mut out, &s.why, 0);
            for b in &s.branches {
                let _ = writeln!(out, "- branch — if {}: **{}**", judgements_text(&b.judgements), b.state.keyword());
            }
            out.push('\n');
        }
    }
    out
}
