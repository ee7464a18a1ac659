//! The fixture corpus: every file in `tests/fixtures/ok` checks clean, and every file in
//! `tests/fixtures/err` produces exactly the diagnostics written in it.
//!
//! An expectation is written on the line the diagnostic hits, in a comment:
//! `# error[P0102]` in TOML, `<!-- error[P0205] -->` in Markdown. Files that cannot hold
//! a comment (binary, invalid UTF-8, empty) have a sidecar `NAME.expected` with lines
//! `LINE error[CODE]`. Every error must be expected, and every expectation met; the
//! rendered diagnostics of the whole corpus are also snapshot-tested.

// Tests panic on broken fixtures by design.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use pactum_model::{add_file, load};
use pactum_syntax::diag::render_plain;
use pactum_syntax::{Severity, SourceMap};

fn fixtures(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(dir);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".pact.md"))
        .collect();
    v.sort();
    v
}

/// (line, severity word, code) expected in a file.
fn expectations(path: &Path, bytes: &[u8]) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    let side = PathBuf::from(format!("{}.expected", path.display()));
    let text = match std::fs::read_to_string(&side) {
        Ok(s) => s,
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    };
    let from_side = side.exists();
    for (i, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(at) = rest.find("error[").or_else(|| rest.find("warning[")) {
            let word = if rest[at..].starts_with("error[") { "error" } else { "warning" };
            let after = &rest[at + word.len() + 1..];
            let Some(close) = after.find(']') else { break };
            let code = after[..close].to_string();
            let line_no = if from_side {
                line.split_whitespace()
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("sidecar lines start with a line number")
            } else {
                i + 1
            };
            out.push((line_no, word.to_string(), code));
            rest = &after[close..];
        }
    }
    out
}

fn run(path: &Path) -> (SourceMap, Vec<pactum_syntax::Diagnostic>) {
    let bytes = std::fs::read(path).unwrap();
    let mut map = SourceMap::new();
    let name = format!("fixtures/{}", path.file_name().unwrap().to_string_lossy());
    let (id, d) = add_file(&mut map, &name, &bytes);
    let mut diags: Vec<_> = d.into_iter().collect();
    if diags.is_empty() {
        let (_, mut more) = load(&mut map, &[id]);
        diags.append(&mut more);
    }
    (map, diags)
}

#[test]
fn ok_fixtures_are_clean() {
    let files = fixtures("ok");
    assert!(!files.is_empty());
    for f in files {
        let (map, diags) = run(&f);
        assert!(diags.is_empty(), "{}:\n{}", f.display(), render_plain(&map, &diags));
    }
}

#[test]
fn err_fixtures_give_their_expected_diagnostics() {
    let files = fixtures("err");
    assert!(files.len() >= 40, "the bad-input corpus needs at least 40 files, has {}", files.len());
    let mut failures = Vec::new();
    let mut rendered = String::new();
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let expected = expectations(f, &bytes);
        assert!(!expected.is_empty(), "{} has no expectation written in it", f.display());
        let (map, diags) = run(f);
        rendered.push_str(&format!("=== {}\n", f.file_name().unwrap().to_string_lossy()));
        rendered.push_str(&render_plain(&map, &diags));
        let got: Vec<(usize, String, String)> = diags
            .iter()
            .filter(|d| d.severity >= Severity::Warning)
            .map(|d| {
                let line = d
                    .primary_span()
                    .and_then(|s| map.get(s.file).map(|sf| sf.line_col(s.start as usize).0))
                    .unwrap_or(0);
                let sev = if d.is_error() { "error" } else { "warning" };
                (line, sev.to_string(), d.code.id.to_string())
            })
            .collect();
        for e in &expected {
            if !got.contains(e) {
                failures.push(format!("{}: expected {}[{}] on line {}, got {:?}", f.display(), e.1, e.2, e.0, got));
            }
        }
        for g in &got {
            if g.1 == "error" && !expected.contains(g) {
                failures.push(format!(
                    "{}: unexpected error[{}] on line {}:\n{}",
                    f.display(),
                    g.2,
                    g.0,
                    render_plain(&map, &diags)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    insta::assert_snapshot!("err_fixtures_rendered", rendered);
}
