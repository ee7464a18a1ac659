//! `pactum analyse`: the main job on a library. Today it checks every instrument and
//! summarises its commitments; later stages (simulation, audit, credibility) add their
//! sections here.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use pactum_model::keywords::Keyword;
use pactum_model::{Commitment, Instrument, Model};
use pactum_syntax::Severity;
use pactum_syntax::diag::render_stderr;

use crate::check::{Format, usage};
use crate::inputs::load_inputs;

pub fn analyse(paths: &[PathBuf], format: Format) -> ExitCode {
    let loaded = match load_inputs(paths) {
        Ok(l) => l,
        Err(e) => return usage(e),
    };
    let errors = loaded.diags.iter().filter(|d| d.is_error()).count();
    render_stderr(&loaded.map, &loaded.diags, std::io::stderr().is_terminal());
    match format {
        Format::Json => {
            let v = serde_json::json!({
                "errors": errors,
                "warnings": loaded.diags.iter().filter(|d| d.severity == Severity::Warning).count(),
                "instruments": loaded.model.export().instruments,
            });
            match serde_json::to_string_pretty(&v) {
                Ok(s) => println!("{s}"),
                Err(e) => eprintln!("error: {e}"),
            }
        }
        Format::Text => print!("{}", summarise(&loaded.model)),
    }
    if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// A plain-text summary of every instrument.
pub fn summarise(model: &Model) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "pactum: {} instruments\n", model.instruments.len());
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
