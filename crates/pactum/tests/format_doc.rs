//! docs/format.md is tested: its complete examples check clean, and its snippets lower
//! without errors other than references to words or instruments they leave out.

// Tests panic on broken fixtures by design.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use pactum_model::{add_file, load};
use pactum_syntax::SourceMap;
use pactum_syntax::diag::{codes, render_plain};

fn doc() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/format.md")).unwrap()
}

/// The bodies of ````markdown example fences.
fn examples(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in text.lines() {
        match &mut cur {
            None if line.starts_with("````markdown example") => cur = Some(String::new()),
            Some(body) if line.starts_with("````") => {
                out.push(std::mem::take(body));
                cur = None;
            }
            Some(body) => {
                body.push_str(line);
                body.push('\n');
            }
            None => {}
        }
    }
    out
}

#[test]
fn complete_examples_check_clean() {
    let text = doc();
    let ex = examples(&text);
    assert!(!ex.is_empty(), "docs/format.md has no complete example");
    for (i, e) in ex.iter().enumerate() {
        let mut map = SourceMap::new();
        let (id, d) = add_file(&mut map, &format!("format.md example {}", i + 1), e.as_bytes());
        assert!(d.is_none());
        let (model, diags) = load(&mut map, &[id]);
        assert!(diags.is_empty(), "{}", render_plain(&map, &diags));
        assert_eq!(model.instruments.len(), 1);
        assert!(!model.scenarios.is_empty() && !model.expectations.is_empty());
    }
}

#[test]
fn snippets_lower_without_structural_errors() {
    let text = doc();
    let mut map = SourceMap::new();
    let (id, _) = add_file(&mut map, "docs/format.md", text.as_bytes());
    let (_, diags) = load(&mut map, &[id]);
    let allowed = [codes::QUOTE_NOT_FOUND, codes::UNKNOWN_REFERENCE];
    let bad: Vec<_> = diags.into_iter().filter(|d| !allowed.contains(&d.code)).collect();
    assert!(bad.is_empty(), "{}", render_plain(&map, &bad));
}
