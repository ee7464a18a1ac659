//! `pactum simulate` and `pactum test`: running scenarios and checking expectations.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use pactum_engine::expect::scenario_for;
use pactum_engine::{accept, check_expectations_where, render_markdown, render_text, simulate};
use pactum_syntax::diag::render_stderr;

use crate::check::usage;
use crate::inputs::{LIBRARY_PREFIX, load_inputs};

/// Output formats of `simulate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SimFormat {
    Text,
    Json,
    Md,
}

pub fn run_simulate(
    file: &std::path::Path,
    scenario: Option<&str>,
    overlay: Option<&str>,
    format: SimFormat,
    with: &[PathBuf],
) -> ExitCode {
    // The file itself, with the bundled library (or the given paths) for references.
    let mut paths = vec![file.to_path_buf()];
    paths.extend(with.iter().cloned());
    let loaded = match load_inputs(&paths) {
        Ok(l) => l,
        Err(e) => return usage(e),
    };
    let loaded = if loaded.diags.iter().any(|d| d.code.id == "P0202") && with.is_empty() {
        // References to instruments not given: try again with the bundled library beside.
        match crate::inputs::load_with_library(&paths) {
            Ok(l) => l,
            Err(e) => return usage(e),
        }
    } else {
        loaded
    };
    if loaded.diags.iter().any(|d| d.is_error()) {
        render_stderr(&loaded.map, &loaded.diags, std::io::stderr().is_terminal());
        eprintln!("error: not simulated: fix the errors above first");
        return ExitCode::from(1);
    }
    let shown = file.display().to_string();
    let in_file: Vec<_> =
        loaded.model.scenarios.iter().filter(|s| s.loc.file == shown || s.loc.file.ends_with(&shown)).collect();
    let chosen = match scenario {
        Some(id) => in_file.iter().find(|s| s.id == id).copied(),
        None => in_file.first().copied(),
    };
    let Some(base) = chosen else {
        let ids: Vec<&str> = in_file.iter().map(|s| s.id.as_str()).collect();
        eprintln!(
            "error: {} has no scenario{}{}",
            shown,
            scenario.map(|s| format!(" `{s}`")).unwrap_or_default(),
            if ids.is_empty() { String::new() } else { format!("; it has: {}", ids.join(", ")) }
        );
        return ExitCode::from(2);
    };
    let s = match overlay {
        None => base.clone(),
        Some(o) => match base.overlays.iter().find(|x| x.id == o) {
            Some(x) => base.with_overlay(x),
            None => {
                let ids: Vec<&str> = base.overlays.iter().map(|x| x.id.as_str()).collect();
                eprintln!("error: scenario `{}` has no overlay `{o}`; it has: {}", base.id, ids.join(", "));
                return ExitCode::from(2);
            }
        },
    };
    let sim = simulate(&loaded.model, &s, overlay);
    match format {
        SimFormat::Text => print!("{}", render_text(&sim)),
        SimFormat::Md => print!("{}", render_markdown(&sim)),
        SimFormat::Json => return crate::check::print_json(&sim),
    }
    ExitCode::SUCCESS
}

pub fn run_test(paths: &[PathBuf], accept_changes: bool) -> ExitCode {
    let loaded = match if paths.is_empty() { load_inputs(&[]) } else { crate::inputs::load_with_library(paths) } {
        Ok(l) => l,
        Err(e) => return usage(e),
    };
    if loaded.diags.iter().any(|d| d.is_error()) {
        render_stderr(&loaded.map, &loaded.diags, std::io::stderr().is_terminal());
        eprintln!("error: tests not run: fix the errors above first");
        return ExitCode::from(1);
    }
    if accept_changes {
        let mut rewritten = 0;
        for f in loaded.map.iter() {
            if f.path.starts_with(LIBRARY_PREFIX) && !paths.is_empty() {
                continue;
            }
            if f.path.starts_with(LIBRARY_PREFIX) {
                eprintln!(
                    "error: --accept needs the files' paths (the bundled library is read-only): pactum test --accept library/"
                );
                return ExitCode::from(2);
            }
            let new = accept(&loaded.model, &f.path, &f.text);
            if new != *f.text {
                if let Err(e) = std::fs::write(&f.path, new) {
                    eprintln!("error: cannot write {}: {e}", f.path);
                    return ExitCode::FAILURE;
                }
                rewritten += 1;
                eprintln!("rewrote the expectations of {}", f.path);
            }
        }
        eprintln!("{rewritten} file{} rewritten; review with `git diff`", if rewritten == 1 { "" } else { "s" });
    }
    let loaded = if accept_changes {
        match if paths.is_empty() { load_inputs(&[]) } else { crate::inputs::load_with_library(paths) } {
            Ok(l) => l,
            Err(e) => return usage(e),
        }
    } else {
        loaded
    };
    // With paths, only their expectations (the bundled library is loaded beside them
    // for references).
    let only_given = !paths.is_empty();
    let keep = |e: &pactum_model::types::Expectation| !(only_given && e.loc.file.starts_with(LIBRARY_PREFIX));
    let (passed, failed, mismatches) = check_expectations_where(&loaded.model, &keep);
    for m in &mismatches {
        println!("{}\n", m.diff());
    }
    for e in loaded.model.expectations.iter().filter(|e| keep(e)) {
        if scenario_for(&loaded.model, e).is_none() {
            println!("{}:{}: expectation refers to a missing scenario", e.loc.file, e.loc.line);
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
