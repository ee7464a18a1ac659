//! Snapshots of rendered output: the comparison, the audit and a simulation, in the
//! terminal and Markdown forms users read. A change shows up in review as a diff of the
//! `.snap` files (`cargo insta review`).

// Tests panic on broken fixtures by design.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

fn pactum(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../..")))
        .output()
        .expect("runs pactum");
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn compare_article_5_with_the_2025_us_draft() {
    insta::assert_snapshot!("compare_text", pactum(&["compare", "nato-1949#art5", "us-draft-2025#guarantee"]));
    insta::assert_snapshot!(
        "compare_md",
        pactum(&["compare", "nato-1949#art5", "us-draft-2025#guarantee", "--format", "md"])
    );
}

#[test]
fn audit_of_the_2025_us_draft() {
    insta::assert_snapshot!("audit_us_draft_md", pactum(&["audit", "library/us-draft-2025.pact.md", "--format", "md"]));
    insta::assert_snapshot!("audit_budapest_text", pactum(&["audit", "library/budapest-1994.pact.md"]));
}

#[test]
fn simulation_of_the_moscow_strike() {
    insta::assert_snapshot!(
        "simulate_moscow_strike_md",
        pactum(&["simulate", "library/scenarios/moscow-strike.pact.md", "--format", "md"])
    );
    insta::assert_snapshot!(
        "simulate_moscow_strike_overlay_text",
        pactum(&["simulate", "library/scenarios/moscow-strike.pact.md", "--overlay", "us-judges-without-cause"])
    );
}
