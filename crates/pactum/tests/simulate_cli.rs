//! `pactum simulate` and `pactum test`: outputs, exit codes, and `--accept` rewriting
//! expectations in place without touching anything else.

// Tests panic on broken fixtures by design.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::{Command, Output};

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")))
        .output()
        .expect("runs pactum")
}

/// The complete example of docs/format.md, with its expectation set to `expected`.
fn example(expected: &str) -> String {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/format.md")).unwrap();
    let start = doc.find("````markdown example\n").unwrap() + "````markdown example\n".len();
    let end = start + doc[start..].find("\n````").unwrap() + 1;
    let body = &doc[start..end];
    body.replace("state = \"due\"", &format!("state = \"{expected}\"  # the engine's verdict"))
}

fn temp(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("pactum-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(format!("{name}.pact.md"));
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn test_passes_and_fails_with_a_readable_diff() {
    let ok = temp("ok", &example("due"));
    let out = pactum(&["test", ok.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("1 passed, 0 failed"), "{stdout}");

    let bad = temp("bad", &example("voided"));
    let out = pactum(&["test", bad.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("- expected: voided"), "{stdout}");
    assert!(stdout.contains("+ actual:   due"), "{stdout}");
    assert!(stdout.contains("0 passed, 1 failed"), "{stdout}");
}

#[test]
fn accept_rewrites_only_the_state_value() {
    let before = example("voided");
    let p = temp("accept", &before);
    let out = pactum(&["test", "--accept", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let after = std::fs::read_to_string(&p).unwrap();
    // Exactly the expected value changed; its comment and every other byte stayed.
    assert_eq!(
        after,
        before.replace("state = \"voided\"  # the engine's verdict", "state = \"due\"  # the engine's verdict")
    );
    // A second run changes nothing.
    let out = pactum(&["test", "--accept", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), after);
}

#[test]
fn simulate_formats_and_overlays() {
    let p = temp("sim", &example("due"));
    let path = p.to_str().unwrap();
    let out = pactum(&["simulate", path, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["scenario"], "attack-on-iceland");
    let nor = v["timelines"].as_array().unwrap().iter().find(|t| t["guarantor"] == "NOR").unwrap();
    let last = nor["steps"].as_array().unwrap().last().unwrap();
    assert_eq!(last["state"], "due");
    assert_eq!(last["why"]["rule"], "obligation");

    let out = pactum(&["simulate", path, "--overlay", "provoked", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["overlay"], "provoked");
    let nor = v["timelines"].as_array().unwrap().iter().find(|t| t["guarantor"] == "NOR").unwrap();
    assert_eq!(nor["steps"].as_array().unwrap().last().unwrap()["state"], "voided");

    let out = pactum(&["simulate", path, "--format", "md"]);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("# Scenario `attack-on-iceland`"));
    let out = pactum(&["simulate", path]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("DUE") && text.contains("Article 1"), "{text}");

    assert_eq!(pactum(&["simulate", path, "--overlay", "nope"]).status.code(), Some(2));
    assert_eq!(pactum(&["simulate", path, "--scenario", "nope"]).status.code(), Some(2));
}
