//! End-to-end tests of `pactum game solve` and `pactum game bench`: the JSON documented in
//! docs/json.md, input order with several files, located errors, and the in-process timing.

// Tests panic on broken fixtures by design.
#![allow(clippy::unwrap_used)]

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum")).args(args).current_dir(root()).output().expect("runs pactum")
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

const SELTEN2: &str = "data/gambit-games/catalog/journals__ijgt__selten1975__fig2.efg";
const TWO_BY_TWO: &str = "data/gambit-games/contrib/2x2.nfg";

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn solve_json_is_the_documented_example() {
    // docs/json.md shows this very output (indented); keep the two in step.
    let out = pactum(&["game", "solve", SELTEN2, "--method", "lcp", "--rational", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    let text = std::fs::read_to_string(root().join("docs/json.md")).unwrap();
    let start = text.find(&format!("{{\n  \"file\": \"{SELTEN2}\"")).expect("the example in docs/json.md");
    let end = start + text[start..].find("\n```").unwrap();
    let documented: Value = serde_json::from_str(&text[start..end]).unwrap();
    assert_eq!(v, documented);
    // Keys come out in alphabetical order, one line per file.
    let line = String::from_utf8(out.stdout).unwrap();
    assert!(line.starts_with("{\"equilibria\":"), "{line}");
    assert_eq!(line.lines().count(), 1);
}

#[test]
fn several_files_give_an_array_in_input_order_and_errors_in_place() {
    let out = pactum(&["game", "solve", TWO_BY_TWO, "no/such.nfg", SELTEN2, "--method", "lcp", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 3);
    assert_eq!(a[0]["file"], TWO_BY_TWO);
    assert_eq!(a[0]["form"], "strategic");
    assert!(a[0]["equilibria"][0]["mixed"].is_array());
    assert_eq!(a[1]["file"], "no/such.nfg");
    assert!(a[1]["error"]["message"].as_str().unwrap().contains("cannot read"));
    assert_eq!(a[2]["form"], "extensive");
    assert!(a[2]["equilibria"][0]["behavior"].is_array());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such.nfg: cannot read"));
}

#[test]
fn parse_errors_are_located() {
    let dir = std::env::temp_dir().join(format!("pactum-game-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.nfg");
    std::fs::write(&bad, "NFG 1 R \"t\" { \"A\" \"B\" } { 2 2 }\n\n1 2 3 x\n").unwrap();
    let out = pactum(&["game", "solve", bad.to_str().unwrap(), "--method", "enumpure"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.nfg:3:"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bench_times_the_same_work_in_process() {
    let out = pactum(&["game", "bench", TWO_BY_TWO, SELTEN2, "--method", "enummixed", "--rational", "--repeat", "2"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json(&out);
    let a = v.as_array().unwrap();
    assert_eq!(a.len(), 2);
    for (doc, file) in a.iter().zip([TWO_BY_TWO, SELTEN2]) {
        assert_eq!(doc["file"], file);
        assert_eq!(doc["method"], "enummixed");
        assert_eq!(doc["rational"], true);
        assert_eq!(doc["runs"], 2);
        assert!(doc["batch"].as_u64().unwrap() >= 1);
        assert!(doc["seconds"].as_f64().unwrap() > 0.0);
        assert!(doc["cpu_seconds"].as_f64().unwrap() >= 0.0);
    }
    // The count is the one `solve` prints.
    let solved =
        json(&pactum(&["game", "solve", TWO_BY_TWO, "--method", "enummixed", "--rational", "--format", "json"]));
    assert_eq!(a[0]["equilibria"].as_u64().unwrap() as usize, solved["equilibria"].as_array().unwrap().len());
    // Failures are reported like `solve`'s, with a non-zero exit.
    let out = pactum(&["game", "bench", "no/such.nfg", "--method", "lcp"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(json(&out)["error"]["message"].as_str().unwrap().contains("cannot read"));
    assert_eq!(pactum(&["game", "bench", TWO_BY_TWO, "--method", "lcp", "--repeat", "0"]).status.code(), Some(2));
}
