//! The audit of the bundled library: the findings the project promises, pinned.

// Tests panic on broken fixtures by design.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use pactum_audit::rules::{RULES, rules_markdown};
use pactum_audit::{Audit, Config, audit};
use pactum_model::{Model, add_file, load};
use pactum_syntax::SourceMap;

fn library() -> (Model, SourceMap) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../library");
    let mut files: Vec<PathBuf> = Vec::new();
    let mut stack = vec![root];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(".pact.md") {
                files.push(p);
            }
        }
    }
    files.sort();
    let mut map = SourceMap::new();
    let ids: Vec<_> =
        files.iter().map(|f| add_file(&mut map, &f.display().to_string(), &std::fs::read(f).unwrap()).0).collect();
    let (model, diags) = load(&mut map, &ids);
    assert!(diags.iter().all(|d| !d.is_error()), "{}", pactum_syntax::diag::render_plain(&map, &diags));
    (model, map)
}

fn run(config: &Config) -> Audit {
    let (model, map) = library();
    audit(&model, config, &|p| map.iter().find(|f| f.path == p).map(|f| f.text.to_string()))
}

fn rules_for(a: &Audit, instrument: &str) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = a.findings.iter().filter(|f| f.instrument == instrument).map(|f| f.rule).collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn the_2025_us_draft_is_flagged_for_its_loopholes() {
    let a = run(&Config::default());
    let rules = rules_for(&a, "us-draft-2025");
    for r in [
        "escape-judged-by-guarantor",
        "discretionary-response",
        "qualified-trigger",
        "no-legislative-ratification",
        "time-limited-offer",
        "condition-on-protected-party",
    ] {
        assert!(rules.contains(&r), "us-draft-2025 not flagged for {r}: {rules:?}");
    }
    // The escape finding quotes the Moscow clause and names the United States.
    let moscow = a
        .findings
        .iter()
        .find(|f| f.rule == "escape-judged-by-guarantor" && f.message.contains("moscow-clause"))
        .expect("the Moscow clause is flagged");
    assert!(moscow.message.contains("USA"), "{}", moscow.message);
    assert!(moscow.quote.as_deref().is_some_and(|q| q.contains("Moscow")), "{:?}", moscow.quote);
    assert!(moscow.span.is_some() && !moscow.references.is_empty());
    // Presidential discretion: "may include".
    let disc =
        a.findings.iter().find(|f| f.rule == "discretionary-response" && f.instrument == "us-draft-2025").unwrap();
    assert!(disc.quote.as_deref().is_some_and(|q| q.contains("may include")), "{:?}", disc.quote);
}

#[test]
fn article_5_is_flagged_for_discretion_and_scope_but_not_for_an_escape_clause() {
    let a = run(&Config::default());
    let art5: Vec<&str> =
        a.findings.iter().filter(|f| f.commitment.as_deref() == Some("nato-1949#art5")).map(|f| f.rule).collect();
    assert!(art5.contains(&"discretionary-response"), "{art5:?}");
    assert!(art5.contains(&"scope-gap"), "{art5:?}");
    assert!(!rules_for(&a, "nato-1949").contains(&"escape-judged-by-guarantor"));
    assert!(!rules_for(&a, "nato-1949").contains(&"no-legislative-ratification"));
}

#[test]
fn the_budapest_memorandum_has_no_defence_obligation_and_no_enforcement() {
    let a = run(&Config::default());
    let rules = rules_for(&a, "budapest-1994");
    assert!(rules.contains(&"no-defense-obligation"), "{rules:?}");
    assert!(rules.contains(&"no-enforcement"), "{rules:?}");
    assert!(rules.contains(&"circular-conditionality") || rules.contains(&"ends-on-third-party"), "{rules:?}");
}

#[test]
fn rule_selection_and_severity_overrides() {
    let a = run(&Config { select: vec!["A001".into()], ..Config::default() });
    assert!(!a.findings.is_empty() && a.findings.iter().all(|f| f.rule == "escape-judged-by-guarantor"));
    let a = run(&Config { ignore: vec!["scope-gap".into()], ..Config::default() });
    assert!(a.findings.iter().all(|f| f.rule != "scope-gap"));
    let a = run(&Config {
        severity: vec![("scope-gap".into(), pactum_audit::Severity::Info)],
        min_severity: Some(pactum_audit::Severity::Low),
        ..Config::default()
    });
    assert!(a.findings.iter().all(|f| f.rule != "scope-gap"));
    let bad = Config { select: vec!["no-such-rule".into()], ..Config::default() };
    assert_eq!(bad.unknown_rules(), vec!["no-such-rule".to_string()]);
}

#[test]
fn every_rule_file_documents_the_same_sections() {
    for r in RULES {
        let doc = r.doc();
        assert!(doc.starts_with(&format!("# {} ({})", r.name, r.code)), "{}: {doc}", r.name);
        for section in [
            "## What it flags",
            "## Why it weakens the commitment",
            "## Example",
            "## What to write instead",
            "## References",
        ] {
            assert!(doc.contains(section), "{} lacks `{section}`", r.name);
        }
        assert!(!r.references.is_empty(), "{} cites nothing", r.name);
    }
    let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
    codes.dedup();
    assert_eq!(codes.len(), RULES.len(), "codes are unique and in order");
}

#[test]
fn docs_rules_md_is_generated_from_the_rule_files() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let want = rules_markdown();
    if std::env::var_os("PACTUM_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is out of date: run `pactum audit --rules-doc > docs/rules.md` (or PACTUM_UPDATE_DOCS=1 cargo test)"
    );
}

#[test]
fn suppressions_need_a_reason() {
    let text = r#"# T

<!-- pactum-audit: allow(discretionary-response, assist) reason: "discretion is intended here" -->
<!-- pactum-audit: allow(scope-gap) -->

```instrument
id = "t"
title = "T"
form = "treaty"
status = "in-force"
signed = 2020-01-01
parties = ["NOR", "ISL"]

[ratification]
required = true
by = "constitutional-processes"
status = "ratified"

[[source]]
title = "Invented for the tests"
```

> "the other Party shall assist it by such means as it deems necessary"

```commitment
id = "assist"
quote = "the other Party shall assist it"
guarantors = ["parties"]
beneficiaries = ["parties"]
kind = "defense"
obligation = "military"
discretion = "full"
discretion_quote = "by such means as it deems necessary"
forces = "stationed"
trigger = 'armed_attack(target: beneficiary, region: europe)'
```
"#;
    let mut map = SourceMap::new();
    let (id, _) = add_file(&mut map, "t.pact.md", text.as_bytes());
    let (model, diags) = load(&mut map, &[id]);
    assert!(diags.is_empty(), "{}", pactum_syntax::diag::render_plain(&map, &diags));
    let a = audit(&model, &Config::default(), &|_| Some(text.to_string()));
    assert!(a.findings.iter().all(|f| f.rule != "discretionary-response"));
    assert_eq!(a.suppressed.len(), 1);
    assert_eq!(a.suppressed[0].reason, "discretion is intended here");
    // The reasonless suppression is a problem and silences nothing.
    assert_eq!(a.problems.len(), 1);
    assert_eq!(a.problems[0].line, 4);
    assert!(a.findings.iter().any(|f| f.rule == "scope-gap"));
}
