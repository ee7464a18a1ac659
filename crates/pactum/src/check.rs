//! `pactum check`, `export`, `schema`, `explain`, `actors`, `places`: the foundation's
//! commands.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use pactum_model::keywords::Keyword;
use pactum_syntax::diag::{JsonDiagnostic, codes, render_stderr};
use pactum_syntax::{Diagnostic, Severity, SourceMap};

use crate::inputs::{UsageError, load_inputs};

/// Output format of commands that report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn usage(e: UsageError) -> ExitCode {
    eprintln!("error: {}", e.0);
    ExitCode::from(2)
}

/// Prints diagnostics, returns whether any is an error.
pub fn report(map: &SourceMap, diags: &[Diagnostic], format: Format) -> bool {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.iter().filter(|d| d.severity == Severity::Warning).count();
    match format {
        Format::Text => {
            render_stderr(map, diags, std::io::stderr().is_terminal());
        }
        Format::Json => {}
    }
    let _ = (errors, warnings);
    errors > 0
}

fn json_diags(map: &SourceMap, diags: &[Diagnostic]) -> Vec<JsonDiagnostic> {
    diags.iter().map(|d| JsonDiagnostic::new(map, d)).collect()
}

/// Prints a value as pretty JSON on standard output.
pub fn print_json(v: &impl serde::Serialize) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match serde_json::to_writer_pretty(&mut out, v) {
        Ok(()) => {
            let _ = writeln!(out);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write JSON: {e}");
            ExitCode::FAILURE
        }
    }
}

pub fn check(paths: &[PathBuf], format: Format, deny_warnings: bool) -> ExitCode {
    let loaded = match load_inputs(paths) {
        Ok(l) => l,
        Err(e) => return usage(e),
    };
    let errors = loaded.diags.iter().filter(|d| d.is_error()).count();
    let warnings = loaded.diags.iter().filter(|d| d.severity == Severity::Warning).count();
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    let files = loaded.files.len().max(loaded.map.iter().count());
    match format {
        Format::Text => {
            render_stderr(&loaded.map, &loaded.diags, std::io::stderr().is_terminal());
            let commitments: usize = loaded.model.instruments.iter().map(|i| i.commitments.len()).sum();
            eprintln!(
                "checked {files} file{}: {} instrument{}, {commitments} commitment{}, {} scenario{}; {errors} error{}, {warnings} warning{}",
                plural(files),
                loaded.model.instruments.len(),
                plural(loaded.model.instruments.len()),
                plural(commitments),
                loaded.model.scenarios.len(),
                plural(loaded.model.scenarios.len()),
                plural(errors),
                plural(warnings),
            );
        }
        Format::Json => {
            let v = serde_json::json!({
                "files": files,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": json_diags(&loaded.map, &loaded.diags),
            });
            print_json(&v);
        }
    }
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

pub fn export(paths: &[PathBuf]) -> ExitCode {
    let loaded = match load_inputs(paths) {
        Ok(l) => l,
        Err(e) => return usage(e),
    };
    if report(&loaded.map, &loaded.diags, Format::Text) {
        eprintln!("error: not exported: fix the errors above first");
        return ExitCode::from(1);
    }
    print_json(&loaded.model.export())
}

pub fn schema() -> ExitCode {
    print_json(&pactum_model::export_schema())
}

pub fn explain(code: &str) -> ExitCode {
    match codes::find(code) {
        Some(c) => {
            println!("{} ({}): {}", c.id, c.name, c.summary);
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("error: no diagnostic code `{code}`; codes run from P0001 to P0501 (`pactum explain --list`)");
            ExitCode::from(2)
        }
    }
}

pub fn explain_list() -> ExitCode {
    for c in codes::ALL {
        println!("{}  {:<22} {}", c.id, c.name, c.summary);
    }
    ExitCode::SUCCESS
}

pub fn actors(format: Format) -> ExitCode {
    let reg = pactum_model::Registry::builtin();
    match format {
        Format::Json => print_json(&reg.actors.values().collect::<Vec<_>>()),
        Format::Text => {
            for a in reg.actors.values() {
                let extra = match (&a.of, a.members.len()) {
                    (Some(of), _) => format!(" (of {of})"),
                    (None, n) if n > 0 => format!(" ({n} members, dated)"),
                    _ => String::new(),
                };
                println!("{:<16} {:<12} {}{extra}", a.id, a.kind.keyword(), a.name);
            }
            ExitCode::SUCCESS
        }
    }
}

pub fn places(format: Format) -> ExitCode {
    let reg = pactum_model::Registry::builtin();
    match format {
        Format::Json => print_json(&reg.places.values().collect::<Vec<_>>()),
        Format::Text => {
            println!("regions: {}", pactum_model::keywords::Region::keywords().join(", "));
            for p in reg.places.values() {
                let regions: Vec<&str> = p.regions.iter().map(|r| r.keyword()).collect();
                println!("{:<20} in {:<4} [{}]  {}", p.id, p.state, regions.join(", "), p.name);
            }
            println!("(every state's ISO 3166-1 alpha-3 code is also a place: its territory)");
            ExitCode::SUCCESS
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
