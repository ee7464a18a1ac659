//! `pactum atop`: export, compare and import through the binary, with their error exits.

// Tests panic on broken fixtures by design.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum")).args(args).current_dir(root()).output().expect("runs pactum")
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("pactum-atop-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn compare_json_has_the_agreement_and_explained_disagreements() {
    let out = pactum(&["atop", "compare", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = v["agreement"].as_f64().unwrap();
    assert!(a >= 0.90, "{a}");
    assert_eq!(v["instruments"].as_array().unwrap().len(), 11);
    assert!(v["variables"].as_array().unwrap().iter().any(|x| x["variable"] == "concoreq"));
    let ds = v["disagreements"].as_array().unwrap();
    assert!(!ds.is_empty());
    for d in ds {
        assert_eq!(d["explained"], true, "{d}");
        assert!(d["atop"]["line"].as_u64().unwrap() > 1);
        assert!(d["pactum"]["note"].as_str().is_some());
    }
    // Both sides' evidence for Japan's defence pledge.
    let jpn = ds.iter().find(|d| d["member"] == "JPN" && d["variable"] == "defense").unwrap();
    assert_eq!(jpn["pactum"]["value"], 1);
    assert_eq!(jpn["pactum"]["evidence"][0]["commitment"], "us-japan-1960#art5-japan");
    assert_eq!(jpn["atop"]["value"], 0);
    assert_eq!(jpn["atop"]["member"], 740);
}

#[test]
fn compare_text_reports_per_variable_and_instrument() {
    let out = pactum(&["atop", "compare", "library/us-japan-1960.pact.md"]);
    assert_eq!(out.status.code(), Some(0));
    let t = String::from_utf8_lossy(&out.stdout);
    assert!(t.contains("agreement: 50/52"), "{t}");
    assert!(t.contains("us-japan-1960 · JPN (COW 740) · phase 0 · defcoloc: pactum 1, ATOP 0"), "{t}");
}

#[test]
fn export_csv_and_json() {
    let out = pactum(&["atop", "export", "library/anzus-1951.pact.md"]);
    assert_eq!(out.status.code(), Some(0));
    let t = String::from_utf8_lossy(&out.stdout);
    assert!(t.starts_with("instrument,atopid,member,cow,defense,"), "{t}");
    assert_eq!(t.lines().count(), 4, "{t}");
    let out = pactum(&["atop", "export", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let nato_usa = v["codings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["instrument"] == "nato-1949" && c["member"] == "USA")
        .unwrap();
    assert_eq!(nato_usa["values"]["defense"], 1);
    assert_eq!(nato_usa["values"]["defcoloc"], 1);
    assert_eq!(nato_usa["evidence"]["defcoloc"][0]["via"], "condition treaty-area");
}

#[test]
fn import_drafts_fail_check_only_on_missing_text() {
    let dir = scratch("import");
    // Bilateral asymmetric, multilateral with phases, offence conditions, 1815 states
    // without ISO codes, and a member code that is not on the COW list.
    for id in ["3375", "3180", "2440", "1005", "1320", "3140"] {
        let file = dir.join(format!("atop-{id}.pact.md"));
        let out = pactum(&["atop", "import", "--atopid", id, "--out", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{id}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stderr).contains("quote-not-found (P0205)"));
        let out = pactum(&["check", "--format", "json", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{id}");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let ds = v["diagnostics"].as_array().unwrap();
        assert!(!ds.is_empty(), "{id}");
        for d in ds {
            assert_eq!(d["code"], "P0205", "{id}: {d}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn import_refuses_to_overwrite_without_force() {
    let dir = scratch("overwrite");
    let file = dir.join("x.pact.md");
    std::fs::write(&file, "keep me").unwrap();
    let f = file.to_str().unwrap();
    let out = pactum(&["atop", "import", "--atopid", "3375", "--out", f]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    let out = pactum(&["atop", "import", "--atopid", "3375", "--out", f, "--force"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::read_to_string(&file).unwrap().contains("atop = 3375"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn errors_exit_cleanly() {
    let out = pactum(&["atop", "import", "--atopid", "99999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("atopid 99999 is not in"));
    let out = pactum(&["atop", "import", "--atopid", "3375", "--phase", "7"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(pactum(&["atop", "import"]).status.code(), Some(2));
    assert_eq!(pactum(&["atop", "compare", "--format", "yaml"]).status.code(), Some(2));
    assert_eq!(pactum(&["atop", "compare", "--atop", "no/such.csv"]).status.code(), Some(2));

    let dir = scratch("errors");
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "atopid,member,phase\n1,2,0\n").unwrap();
    let out = pactum(&["atop", "compare", "--atop", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.csv:1: not an ATOP member-level CSV: missing columns `yrent`"), "{err}");
    let header = "atopid,member,phase,yrent,moent,dayent,yrexit,moexit,dayexit,defense,offense,neutral,nonagg,consul";
    std::fs::write(
        &bad,
        format!("{header}\n3375,2,0,1960,1,19,0,0,0,1,0,0,1,1\n3375,740,0,1960,1,19,0,0,0,x,0,0,1,1\n"),
    )
    .unwrap();
    let out = pactum(&["atop", "compare", "--atop", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.csv:3: column `defense`: `x` is not a whole number"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}
