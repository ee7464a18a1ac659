//! The fuzz corpus as a regression test, and the limits on hostile input.
//!
//! Every file in `fuzz/corpus/parse/` (seeds: the library and tricky inputs) and in
//! `fuzz/regressions/` (inputs that once crashed or hung the fuzz target) goes through
//! the whole front end, `add_file` + `load`, exactly as the fuzz target sends it. No
//! input may panic, and every error must be located: its primary span lies inside the
//! file. The generated tests below feed very large inputs (20,000 commitments, a 1 MB
//! quote, a file over the size limit, deep nesting) and require an answer in bounded
//! time.

// Tests panic on broken fixtures by design.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use pactum_model::{add_file, load};
use pactum_syntax::diag::render_plain;
use pactum_syntax::{Diagnostic, SourceMap};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files_in(dir: &str) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(root().join(dir)) else { return Vec::new() };
    let mut v: Vec<PathBuf> = rd.map(|e| e.unwrap().path()).filter(|p| p.is_file()).collect();
    v.sort();
    v
}

/// Runs bytes through the front end like the fuzz target: decode, then load even if
/// decoding failed. Returns the map and every diagnostic.
fn front_end(name: &str, bytes: &[u8]) -> (SourceMap, Vec<Diagnostic>) {
    let mut map = SourceMap::new();
    let (id, decode_diag) = add_file(&mut map, name, bytes);
    let (_model, mut diags) = load(&mut map, &[id]);
    diags.extend(decode_diag);
    (map, diags)
}

/// Problems with the located-ness of errors, as messages (empty when all is well).
fn unlocated(map: &SourceMap, diags: &[Diagnostic]) -> Vec<String> {
    let mut out = Vec::new();
    for d in diags.iter().filter(|d| d.is_error()) {
        let Some(span) = d.primary_span() else {
            out.push(format!("error {} has no span: {}", d.code.id, d.message));
            continue;
        };
        let len = map.get(span.file).map_or(0, |f| f.text.len());
        if span.start > span.end || span.end as usize > len.max(1) {
            out.push(format!(
                "error {} has span {}..{} outside the file ({len} bytes): {}",
                d.code.id, span.start, span.end, d.message
            ));
        }
    }
    out
}

/// Runs `f` on another thread (with a big stack, so deep inputs show up as a time or
/// logic failure, not a stack overflow of the test harness) and fails if it takes
/// longer than `budget`.
fn within<T: Send + 'static>(what: &str, budget: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let start = Instant::now();
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            let _ = tx.send(f());
        })
        .unwrap();
    match rx.recv_timeout(budget) {
        Ok(v) => v,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: no answer within {budget:?} (bounded time)"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: panicked after {:?}", start.elapsed()),
    }
}

#[test]
fn corpus_and_regressions_never_panic_and_errors_are_located() {
    let mut files = files_in("fuzz/corpus/parse");
    files.extend(files_in("fuzz/regressions"));
    assert!(!files.is_empty(), "no seed corpus found under fuzz/");
    let mut failures = Vec::new();
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let label = format!("{}", f.strip_prefix(root()).unwrap_or(&f).display());
        let outcome = std::panic::catch_unwind(|| {
            let (map, diags) = front_end(&name, &bytes);
            let _ = render_plain(&map, &diags);
            unlocated(&map, &diags)
        });
        match outcome {
            Ok(problems) => failures.extend(problems.into_iter().map(|p| format!("{label}: {p}"))),
            Err(_) => failures.push(format!("{label}: panicked")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---- generated inputs: very large and very deep ---------------------------------

const INSTRUMENT: &str = "# Big\n\n```instrument\nid = \"big\"\ntitle = \"Big\"\nform = \"memorandum\"\nstatus = \"signed\"\nsigned = 2020-01-01\n\n[[source]]\ntitle = \"Invented for the tests\"\n```\n\n";

fn commitment(id: &str, quote: &str, guarantor: &str) -> String {
    format!(
        "```commitment\nid = \"{id}\"\nquote = \"{quote}\"\nguarantors = [\"{guarantor}\"]\nbeneficiaries = [\"UKR\"]\nkind = \"consultation\"\nobligation = \"consult\"\ndiscretion = \"limited\"\ntrigger = 'threat(target: beneficiary)'\n```\n\n"
    )
}

/// Checks a generated input: in time, no panic, located errors, and `code` among them
/// on the line holding `marker` (or on line 1 when the marker is empty).
fn check_generated(what: &'static str, text: Vec<u8>, code: &'static str, marker: &'static str, budget: Duration) {
    let expect_line = if marker.is_empty() {
        1
    } else {
        let at = text.windows(marker.len()).position(|w| w == marker.as_bytes()).expect("marker in the input");
        text[..at].iter().filter(|&&b| b == b'\n').count() + 1
    };
    let (problems, got) = within(what, budget, move || {
        let (map, diags) = front_end(what, &text);
        let got: Vec<(String, usize)> = diags
            .iter()
            .filter(|d| d.is_error())
            .map(|d| {
                let line =
                    d.primary_span().and_then(|s| map.get(s.file).map(|f| f.line_col(s.start as usize).0)).unwrap_or(0);
                (d.code.id.to_string(), line)
            })
            .collect();
        (unlocated(&map, &diags), got)
    });
    assert!(problems.is_empty(), "{what}: {problems:?}");
    assert!(
        got.contains(&(code.to_string(), expect_line)),
        "{what}: expected {code} on line {expect_line}, got {:?}",
        &got[..got.len().min(10)]
    );
}

const BUDGET: Duration = Duration::from_secs(30);

#[test]
fn twenty_thousand_commitments() {
    let mut s = String::from(INSTRUMENT);
    s.push_str("## Paragraph 1\n\n> The Parties will consult whenever either of them is threatened.\n\n");
    for i in 0..20_000 {
        s.push_str(&commitment(&format!("c{i}"), "will consult whenever either of them is threatened", "USA"));
    }
    s.push_str(&commitment("last", "will consult whenever either of them is threatened", "USSA"));
    check_generated("20,000 commitments", s.into_bytes(), "P0201", "\"USSA\"", BUDGET);
}

#[test]
fn twenty_thousand_commitments_each_under_its_own_heading_and_quote() {
    let mut s = String::from(INSTRUMENT);
    for i in 0..20_000 {
        s.push_str(&format!("## Article {i}\n\n> Party {i} will consult whenever either of them is threatened.\n\n"));
        s.push_str(&commitment(&format!("c{i}"), &format!("Party {i} will consult whenever"), "USA"));
    }
    s.push_str(&commitment("last", "Party 20000 will consult", "USA"));
    check_generated(
        "20,000 headings, quotes and commitments",
        s.into_bytes(),
        "P0205",
        "Party 20000 will consult",
        BUDGET,
    );
}

#[test]
fn one_megabyte_quote() {
    let mut s = String::from(INSTRUMENT);
    s.push_str("## Article 1\n\n> ");
    while s.len() < 1_100_000 {
        s.push_str("the Parties shall consult one another on every matter of common concern, ");
    }
    s.push_str("and will consult whenever either of them is threatened.\n\n");
    s.push_str(&commitment("consult", "will consult whenever either of them is attacked", "USA"));
    check_generated("1 MB quote", s.into_bytes(), "P0205", "is attacked", BUDGET);
}

#[test]
fn one_megabyte_quote_and_two_thousand_missing_quotations() {
    let mut s = String::from(INSTRUMENT);
    s.push_str("## Article 1\n\n> ");
    while s.len() < 1_100_000 {
        s.push_str("the Parties shall consult one another on every matter of common concern, ");
    }
    s.push_str("\n\n");
    for i in 0..2_000 {
        s.push_str(&commitment(&format!("c{i}"), &format!("the Parties shall consult {i} times"), "USA"));
    }
    check_generated("1 MB quote, 2,000 quotations not in it", s.into_bytes(), "P0205", "consult 150 times", BUDGET);
}

#[test]
fn file_over_the_size_limit() {
    let mut s = String::from(INSTRUMENT);
    while s.len() <= pactum_syntax::limits::MAX_FILE_BYTES {
        s.push_str("Commentary that goes on and on. ");
    }
    check_generated("9 MB file", s.into_bytes(), "P0003", "", BUDGET);
}

#[test]
fn deeply_nested_markdown_and_toml_and_expressions() {
    // 50,000 nested block quotes, then 50,000 nested list markers: no recursion trouble.
    let mut s = String::from(INSTRUMENT);
    s.push_str(&">".repeat(50_000));
    s.push_str(" deep\n\n");
    s.push_str(&"- ".repeat(50_000));
    s.push_str("deep\n\n");
    s.push_str("```party\nid = \"p\"\nname = \"P\"\nkind = \"group\"\nmembers = ");
    s.push_str(&"[".repeat(100_000));
    s.push_str(&"]".repeat(100_000));
    s.push_str("\n```\n");
    check_generated("deep Markdown and TOML", s.into_bytes(), "P0106", "members = [", BUDGET);

    let mut s = String::from(INSTRUMENT);
    s.push_str("## Paragraph 1\n\n> The Parties will consult whenever either of them is threatened.\n\n");
    let deep = format!("{}threat(target: beneficiary){}", "(".repeat(30_000), ")".repeat(30_000));
    s.push_str(
        &commitment("consult", "will consult whenever either of them is threatened", "USA")
            .replace("'threat(target: beneficiary)'", &format!("'{deep}'")),
    );
    check_generated("deep expression", s.into_bytes(), "P0305", "trigger = '", BUDGET);
}

#[test]
fn dotted_keys_deeper_than_the_limit() {
    // `a.a.a.… = 1` nests tables without any bracket; toml_edit stops at its own
    // recursion limit. Expected: the TOML depth diagnostic, on the key's line.
    let mut s = INSTRUMENT.replace("signed = 2020-01-01\n", "signed = 2020-01-01\nwithdrawal");
    s = s.replacen("withdrawal", &format!("withdrawal{} = 1", ".x".repeat(100_000)), 1);
    check_generated("100,000-part dotted key", s.into_bytes(), "P0106", "withdrawal.x", BUDGET);
}
