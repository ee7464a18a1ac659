//! `pactum analyse`: the main job on a library. It checks every instrument, puts the
//! 2025 US draft guarantee for Ukraine beside NATO's Article 5, audits every instrument
//! for loopholes, runs the library's scenarios against their expectations, and
//! summarises each instrument's commitments. Later stages (credibility, deterrence) add
//! their sections here.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use pactum_audit::compare::{compare, render_text as compare_text};
use pactum_audit::{Config, Severity as AuditSeverity, audit};
use pactum_model::expr::CommitmentRef;
use pactum_model::keywords::Keyword;
use pactum_model::{Commitment, Instrument, Model};
use pactum_syntax::Severity;
use pactum_syntax::diag::render_stderr;

use crate::check::{Format, usage};
use crate::inputs::load_inputs;

/// The showcase comparison: Article 5 against the 2025 US draft guarantee.
const SHOWCASE: (&str, &str, &str, &str) = ("nato-1949", "art5", "us-draft-2025", "guarantee");

pub fn analyse(paths: &[PathBuf], format: Format) -> ExitCode {
    let loaded = match load_inputs(paths) {
        Ok(l) => l,
        Err(e) => return usage(e),
    };
    let errors = loaded.diags.iter().filter(|d| d.is_error()).count();
    let warnings = loaded.diags.iter().filter(|d| d.severity == Severity::Warning).count();
    render_stderr(&loaded.map, &loaded.diags, std::io::stderr().is_terminal());
    let model = &loaded.model;
    let texts = |p: &str| loaded.map.iter().find(|f| f.path == p).map(|f| f.text.to_string());
    let findings = audit(model, &Config::default(), &texts);
    let a = CommitmentRef { instrument: SHOWCASE.0.into(), id: SHOWCASE.1.into() };
    let b = CommitmentRef { instrument: SHOWCASE.2.into(), id: SHOWCASE.3.into() };
    let comparison = compare(model, &a, &b, &findings);
    let (passed, failed, mismatches) = pactum_engine::check_expectations(model);
    match format {
        Format::Json => {
            let v = serde_json::json!({
                "errors": errors,
                "warnings": warnings,
                "comparison": comparison,
                "audit": findings,
                "scenarios": { "passed": passed, "failed": failed, "mismatches": mismatches },
                "instruments": model.export().instruments,
            });
            match serde_json::to_string_pretty(&v) {
                Ok(s) => println!("{s}"),
                Err(e) => eprintln!("error: {e}"),
            }
        }
        Format::Text => {
            let mut out = String::new();
            let commitments: usize = model.instruments.iter().map(|i| i.commitments.len()).sum();
            let _ = writeln!(
                out,
                "pactum analyse: {} instruments, {commitments} commitments, {} scenarios; {errors} errors, {warnings} warnings\n",
                model.instruments.len(),
                model.scenarios.len()
            );
            if let Some(c) = &comparison {
                let _ = writeln!(out, "== Article 5 against the 2025 US draft guarantee for Ukraine\n");
                out.push_str(&compare_text(c));
                out.push('\n');
            }
            let _ = writeln!(
                out,
                "== Loophole audit ({} findings; `pactum audit` for each with its quote)\n",
                findings.findings.len()
            );
            for i in &model.instruments {
                let mine: Vec<_> = findings.findings.iter().filter(|f| f.instrument == i.id).collect();
                let count = |s: AuditSeverity| mine.iter().filter(|f| f.severity == s).count();
                let mut rules: Vec<&str> =
                    mine.iter().filter(|f| f.severity >= AuditSeverity::High).map(|f| f.rule).collect();
                rules.sort();
                rules.dedup();
                let _ = writeln!(
                    out,
                    "  {:<22} {:>2} high {:>2} medium {:>2} low   {}",
                    i.id,
                    count(AuditSeverity::High),
                    count(AuditSeverity::Medium),
                    count(AuditSeverity::Low),
                    rules.join(", ")
                );
            }
            let _ = writeln!(out, "\n== Scenarios (`pactum simulate FILE` for timelines and reasons)\n");
            for s in &model.scenarios {
                let _ = writeln!(out, "  {:<22} {}", s.id, s.title);
            }
            let _ = writeln!(out, "  expectations: {passed} passed, {failed} failed");
            for m in &mismatches {
                let _ = writeln!(out, "{}", m.diff());
            }
            let _ = writeln!(out, "\n== Instruments\n");
            out.push_str(&summarise(model));
            print!("{out}");
        }
    }
    if errors > 0 || failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// A plain-text summary of every instrument.
pub fn summarise(model: &Model) -> String {
    let mut out = String::new();
    for i in &model.instruments {
        instrument(&mut out, i);
    }
    out
}

fn instrument(out: &mut String, i: &Instrument) {
    let _ = writeln!(out, "{} — {}", i.id, i.title);
    let mut facts = vec![format!("{}", i.form), format!("status {}", i.status)];
    if let Some(d) = i.signed {
        facts.push(format!("signed {d}"));
    }
    if let Some(d) = i.in_force {
        facts.push(format!("in force {d}"));
    }
    if let Some(r) = &i.ratification {
        facts.push(format!("ratification {}", r.status));
    }
    if let Some(t) = &i.duration {
        facts.push(match &t.length {
            Some(l) => format!("term {l}"),
            None => "indefinite".to_string(),
        });
    }
    if let Some(w) = &i.withdrawal
        && let Some(n) = &w.notice
    {
        facts.push(format!("withdrawal notice {n}"));
    }
    if let Some(o) = &i.offer {
        facts.push(match (o.expires, o.expires_unspecified) {
            (Some(d), _) => format!("offer expires {d}"),
            (None, true) => "offer time-limited, no date".to_string(),
            _ => "open offer".to_string(),
        });
    }
    if let Some(a) = i.atop {
        facts.push(format!("ATOP {a}"));
    }
    let _ = writeln!(out, "  {}", facts.join(" · "));
    if !i.unverified.is_empty() {
        let _ = writeln!(out, "  unverified facts: {}", i.unverified.join(", "));
    }
    for c in &i.commitments {
        commitment(out, c);
    }
    let _ = writeln!(out);
}

fn commitment(out: &mut String, c: &Commitment) {
    let join = |v: &[pactum_model::expr::ActorRef]| v.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    let _ = writeln!(
        out,
        "  • {} [{}] {} → {}: {} obligation, {} discretion{}",
        c.id.id,
        c.loc.article,
        join(&c.guarantors),
        join(&c.beneficiaries),
        c.obligation.keyword(),
        c.discretion.keyword(),
        if c.verified { "" } else { " (rests on unverified text)" },
    );
    if let Some(t) = &c.trigger {
        let _ = writeln!(out, "      trigger: {}", t.text);
    }
    for e in &c.escapes {
        let _ = writeln!(out, "      escape `{}` ({}), judged by {}: {}", e.id, e.effect, e.adjudicator, e.when.text);
    }
    for d in &c.depends_on {
        let _ = writeln!(out, "      depends on {} ({} if it fails)", d.target, d.effect);
    }
    if let Some(q) = c.quote.first() {
        let mut text: String = q.text.chars().take(110).collect();
        if q.text.chars().count() > 110 {
            text.push('…');
        }
        let _ = writeln!(out, "      “{text}”");
    }
}
