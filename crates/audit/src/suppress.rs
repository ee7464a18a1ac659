//! Per-file suppressions, like lint suppressions: an HTML comment in the `.pact.md` file
//!
//! `<!-- pactum-audit: allow(discretionary-response, art5) reason: "the comparison is the point" -->`
//!
//! silences one rule, for one commitment or (without it) for the whole file. A reason is
//! required: a suppression without one is reported and silences nothing.

use pactum_model::Model;
use serde::Serialize;

use crate::{Finding, RULES};

/// A finding that an `allow` comment silenced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suppressed {
    pub finding: Finding,
    pub reason: String,
    pub line: usize,
}

/// A malformed suppression comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub message: String,
}

struct Allow {
    rule: String,
    commitment: Option<String>,
    reason: String,
    line: usize,
}

const MARKER: &str = "pactum-audit:";

fn parse(file: &str, text: &str, problems: &mut Vec<Problem>) -> Vec<Allow> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(at) = line.find(MARKER) else { continue };
        let rest = line[at + MARKER.len()..].trim();
        let problem = |m: String| Problem { file: file.to_string(), line: i + 1, message: m };
        let Some(inner) = rest.strip_prefix("allow(").and_then(|r| r.split_once(')')) else {
            problems.push(problem("expected `pactum-audit: allow(rule[, commitment]) reason: \"…\"`".into()));
            continue;
        };
        let (args, tail) = inner;
        let mut parts = args.split(',').map(str::trim);
        let rule = parts.next().unwrap_or("").to_string();
        let commitment = parts.next().filter(|s| !s.is_empty()).map(str::to_string);
        if !RULES.iter().any(|r| r.name == rule || r.code.eq_ignore_ascii_case(&rule)) {
            problems.push(problem(format!("unknown audit rule `{rule}` (see `pactum audit --rules`)")));
            continue;
        }
        let reason = tail
            .trim()
            .strip_prefix("reason:")
            .map(|r| r.trim().trim_end_matches("-->").trim().trim_matches('"').trim().to_string())
            .unwrap_or_default();
        if reason.is_empty() {
            problems.push(problem(format!("the suppression of `{rule}` gives no reason; write `reason: \"…\"`")));
            continue;
        }
        out.push(Allow { rule, commitment, reason, line: i + 1 });
    }
    out
}

/// Splits findings into kept and suppressed, per the files' `allow` comments.
pub fn apply(
    model: &Model,
    findings: Vec<Finding>,
    texts: &dyn Fn(&str) -> Option<String>,
) -> (Vec<Finding>, Vec<Suppressed>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut allows: Vec<(String, String, Allow)> = Vec::new();
    for inst in &model.instruments {
        if let Some(text) = texts(&inst.loc.file) {
            for a in parse(&inst.loc.file, &text, &mut problems) {
                allows.push((inst.id.clone(), inst.loc.file.clone(), a));
            }
        }
    }
    let mut kept = Vec::new();
    let mut suppressed = Vec::new();
    for f in findings {
        let hit = allows.iter().find(|(inst, _, a)| {
            inst == &f.instrument
                && (a.rule == f.rule || a.rule.eq_ignore_ascii_case(f.code))
                && a.commitment
                    .as_ref()
                    .is_none_or(|c| f.commitment.as_deref().is_some_and(|fc| fc.ends_with(&format!("#{c}")) || fc == c))
        });
        match hit {
            Some((_, _, a)) => suppressed.push(Suppressed { finding: f, reason: a.reason.clone(), line: a.line }),
            None => kept.push(f),
        }
    }
    (kept, suppressed, problems)
}
