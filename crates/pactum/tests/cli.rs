//! End-to-end tests of the `pactum` binary: exit codes, JSON outputs, the schema, and
//! the bundled library.

// Tests panic on broken fixtures by design.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum")).args(args).current_dir(root()).output().expect("runs pactum")
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn fixture(p: &str) -> String {
    format!("crates/pactum/tests/fixtures/{p}")
}

#[test]
fn check_exit_codes() {
    assert_eq!(pactum(&["check", &fixture("ok/minimal.pact.md")]).status.code(), Some(0));
    assert_eq!(pactum(&["check", &fixture("err/unknown-field.pact.md")]).status.code(), Some(1));
    assert_eq!(pactum(&["check", "no/such/file.pact.md"]).status.code(), Some(2));
    assert_eq!(pactum(&["check", "--format", "yaml"]).status.code(), Some(2));
    assert_eq!(pactum(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn check_json_locates_diagnostics() {
    let out = pactum(&["check", "--format", "json", &fixture("err/unknown-field.pact.md")]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(v["errors"], 1);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "P0102");
    assert_eq!(d["name"], "unknown-field");
    assert_eq!(d["line"], 8);
    assert_eq!(d["help"], "did you mean `title`?");
}

#[test]
fn text_diagnostics_are_rendered_like_rustc() {
    let out = pactum(&["check", &fixture("err/unknown-field.pact.md")]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("error[P0102]: unknown key `titel`"), "{err}");
    assert!(err.contains("unknown-field.pact.md:8:1"), "{err}");
    assert!(err.contains("did you mean `title`?"), "{err}");
}

#[test]
fn bundled_library_is_clean_and_embedded() {
    let out = pactum(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("0 errors"), "{err}");
    let out = pactum(&["check", "library/"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn analyse_summarises_the_library() {
    let out = pactum(&["analyse"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("nato-1949"), "{text}");
    assert!(text.contains("us-draft-2025"), "{text}");
}

#[test]
fn export_of_every_library_file_is_valid_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_slice(&pactum(&["schema"]).stdout).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let mut files: Vec<_> = std::fs::read_dir(root().join("library"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".pact.md"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    for f in &files {
        // Each file with the library beside it, so cross-file references resolve.
        let out = pactum(&["export", &f.display().to_string(), "library/"]);
        assert_eq!(out.status.code(), Some(0), "{}: {}", f.display(), String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("export is JSON");
        let errors: Vec<String> =
            validator.iter_errors(&v).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{}: {}", f.display(), errors.join("\n"));
        assert!(v["instruments"].as_array().is_some_and(|a| !a.is_empty()));
    }
}

#[test]
fn export_refuses_files_with_errors() {
    let out = pactum(&["export", &fixture("err/unknown-field.pact.md")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[test]
fn explain_knows_codes() {
    let out = pactum(&["explain", "P0205"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("quote-not-found"));
    assert_eq!(pactum(&["explain", "P9999"]).status.code(), Some(2));
}
