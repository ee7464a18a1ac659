//! `pactum audit` and `pactum compare`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use pactum_audit::compare::{Outcome, compare, render_markdown as compare_md, render_text as compare_text};
use pactum_audit::rules::{RULES, find, rules_markdown};
use pactum_audit::{Audit, Config, Finding, Severity, audit};
use pactum_model::expr::{ActorRef, CommitmentRef};
use pactum_model::keywords::Keyword;
use pactum_syntax::diag::{Code, render_plain, render_stderr};
use pactum_syntax::{Diagnostic, SourceMap, Span};

use crate::check::usage;
use crate::inputs::{Loaded, load_inputs, load_with_library};

/// Output formats of `audit` and `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Md,
}

#[derive(clap::Args)]
pub struct AuditArgs {
    /// Files or folders (default: the bundled library).
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Run only these rules (names or codes, comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Change a rule's severity: RULE=info|low|medium|high (repeatable).
    #[arg(long)]
    pub severity: Vec<String>,
    /// Report only findings at or above this severity.
    #[arg(long)]
    pub min_severity: Option<String>,
    /// Exit 1 when a finding at or above this severity remains.
    #[arg(long)]
    pub fail_on: Option<String>,
    /// List the rules.
    #[arg(long)]
    pub rules: bool,
    /// Print a rule's documentation.
    #[arg(long)]
    pub explain: Option<String>,
    /// Print docs/rules.md, generated from the rule files.
    #[arg(long)]
    pub rules_doc: bool,
}

#[derive(clap::Args)]
pub struct CompareArgs {
    /// First commitment: `instrument#commitment` (e.g. nato-1949#art5).
    pub a: String,
    /// Second commitment (e.g. us-draft-2025#guarantee).
    pub b: String,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Files or folders besides the bundled library.
    #[arg(long = "with")]
    pub with: Vec<PathBuf>,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s).ok_or_else(|| format!("`{s}` is not a severity (info, low, medium, high)"))
}

fn config(args: &AuditArgs) -> Result<Config, String> {
    let mut c = Config { select: args.select.clone(), ignore: args.ignore.clone(), ..Config::default() };
    for s in &args.severity {
        let (rule, level) = s.split_once('=').ok_or_else(|| format!("--severity takes RULE=LEVEL, not `{s}`"))?;
        c.severity.push((rule.to_string(), parse_severity(level)?));
    }
    if let Some(m) = &args.min_severity {
        c.min_severity = Some(parse_severity(m)?);
    }
    let unknown = c.unknown_rules();
    if !unknown.is_empty() {
        return Err(format!(
            "unknown audit rule{} {} (see `pactum audit --rules`)",
            if unknown.len() == 1 { "" } else { "s" },
            unknown.join(", ")
        ));
    }
    Ok(c)
}

fn texts(map: &SourceMap) -> impl Fn(&str) -> Option<String> + '_ {
    move |path| map.iter().find(|f| f.path == path).map(|f| f.text.to_string())
}

/// A finding as a diagnostic, so the terminal shows the quoted words in place.
fn as_diagnostic(map: &SourceMap, f: &Finding) -> Diagnostic {
    let code = Code { id: f.code, name: f.rule, summary: "" };
    let sev = match f.severity {
        Severity::High | Severity::Medium => pactum_syntax::Severity::Warning,
        _ => pactum_syntax::Severity::Note,
    };
    let mut d = Diagnostic::new(code, sev, format!("[{}] {}: {}", f.severity.name(), f.rule, f.message));
    if let Some(s) = &f.span
        && let Some(file) = map.iter().find(|x| x.path == s.file)
    {
        let label = if f.verified { "these words" } else { "these words (unverified paraphrase)" };
        d = d.at(Span::new(file.id, s.start as usize..s.end as usize), label);
    }
    d = d.note(format!("why it matters: {}", f.why));
    for r in &f.references {
        d = d.note(format!("see: {r}"));
    }
    d
}

fn render_md(a: &Audit) -> String {
    let mut out = String::from("# Audit findings\n\n");
    let mut current = String::new();
    for f in &a.findings {
        if f.instrument != current {
            current = f.instrument.clone();
            out.push_str(&format!(
                "\n## `{current}`\n\n| severity | rule | finding | article | words |\n|---|---|---|---|---|\n"
            ));
        }
        let q = f
            .quote
            .as_deref()
            .map(|q| format!("“{}”{}", q.replace('|', "\\|"), if f.verified { "" } else { " *(unverified)*" }))
            .unwrap_or_default();
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |\n",
            f.severity.name(),
            f.rule,
            f.message.replace('|', "\\|"),
            f.article,
            q
        ));
    }
    if !a.suppressed.is_empty() {
        out.push_str("\n## Suppressed\n\n");
        for s in &a.suppressed {
            out.push_str(&format!(
                "- `{}` on `{}` (line {}): {}\n",
                s.finding.rule,
                s.finding.commitment.as_deref().unwrap_or(&s.finding.instrument),
                s.line,
                s.reason
            ));
        }
    }
    out
}

pub fn run_audit(args: AuditArgs) -> ExitCode {
    if args.rules {
        for r in RULES {
            println!("{}  {:<30} {:<6} {}", r.code, r.name, r.severity.name(), r.summary);
        }
        return ExitCode::SUCCESS;
    }
    if args.rules_doc {
        print!("{}", rules_markdown());
        return ExitCode::SUCCESS;
    }
    if let Some(k) = &args.explain {
        return match find(k) {
            Some(r) => {
                print!("{}", r.doc());
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("error: no audit rule `{k}` (see `pactum audit --rules`)");
                ExitCode::from(2)
            }
        };
    }
    let cfg = match config(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let fail_on = match args.fail_on.as_deref().map(parse_severity).transpose() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let loaded = match load_inputs(&args.paths) {
        Ok(l) => l,
        Err(e) => return usage(e),
    };
    let loaded = if loaded.diags.iter().any(|d| d.code.id == "P0202") && !args.paths.is_empty() {
        match load_with_library(&args.paths) {
            Ok(l) => l,
            Err(e) => return usage(e),
        }
    } else {
        loaded
    };
    if loaded.diags.iter().any(|d| d.is_error()) {
        render_stderr(&loaded.map, &loaded.diags, std::io::stderr().is_terminal());
        eprintln!("error: not audited: fix the errors above first");
        return ExitCode::from(1);
    }
    let mut result = audit(&loaded.model, &cfg, &texts(&loaded.map));
    // Audit only the files asked for (others were loaded for references).
    if !args.paths.is_empty() {
        result.findings.retain(|f| !f.span.as_ref().is_some_and(|s| s.file.starts_with(crate::inputs::LIBRARY_PREFIX)));
    }
    match args.format {
        ReportFormat::Json => match serde_json::to_string_pretty(&result) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        },
        ReportFormat::Md => print!("{}", render_md(&result)),
        ReportFormat::Text => {
            let diags: Vec<Diagnostic> = result.findings.iter().map(|f| as_diagnostic(&loaded.map, f)).collect();
            print!("{}", render_plain(&loaded.map, &diags));
            let count = |s: Severity| result.findings.iter().filter(|f| f.severity == s).count();
            println!(
                "{} findings: {} high, {} medium, {} low, {} info; {} suppressed",
                result.findings.len(),
                count(Severity::High),
                count(Severity::Medium),
                count(Severity::Low),
                count(Severity::Info),
                result.suppressed.len()
            );
        }
    }
    for p in &result.problems {
        eprintln!("error: {}:{}: {}", p.file, p.line, p.message);
    }
    if !result.problems.is_empty() {
        return ExitCode::from(1);
    }
    if let Some(level) = fail_on
        && result.findings.iter().any(|f| f.severity >= level)
    {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

fn parse_ref(loaded: &Loaded, s: &str) -> Result<CommitmentRef, String> {
    let Some((inst, id)) = s.split_once('#') else {
        let candidates: Vec<String> = loaded
            .model
            .instrument(s)
            .map(|i| i.commitments.iter().map(|c| c.id.to_string()).collect())
            .unwrap_or_default();
        return Err(if candidates.is_empty() {
            format!("`{s}` is not a commitment reference; write `instrument#commitment`")
        } else {
            format!("`{s}` is an instrument; name one of its commitments: {}", candidates.join(", "))
        });
    };
    let r = CommitmentRef { instrument: inst.to_string(), id: id.to_string() };
    if loaded.model.commitment(&r).is_none() {
        let known: Vec<String> = loaded.model.commitments().map(|c| c.id.to_string()).collect();
        let hint = pactum_syntax::suggest::did_you_mean(s, known.iter().map(String::as_str))
            .map(|x| format!("; did you mean `{x}`?"))
            .unwrap_or_default();
        return Err(format!("no commitment `{s}`{hint}"));
    }
    Ok(r)
}

pub fn run_compare(args: CompareArgs) -> ExitCode {
    let loaded = match if args.with.is_empty() { load_inputs(&[]) } else { load_with_library(&args.with) } {
        Ok(l) => l,
        Err(e) => return usage(e),
    };
    if loaded.diags.iter().any(|d| d.is_error()) {
        render_stderr(&loaded.map, &loaded.diags, std::io::stderr().is_terminal());
        return ExitCode::from(1);
    }
    let (a, b) = match (parse_ref(&loaded, &args.a), parse_ref(&loaded, &args.b)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let result = audit(&loaded.model, &Config::default(), &texts(&loaded.map));
    let Some(mut cmp) = compare(&loaded.model, &a, &b, &result) else {
        eprintln!("error: cannot compare {a} and {b}");
        return ExitCode::FAILURE;
    };
    cmp.outcomes = outcomes(&loaded, &a, &b);
    match args.format {
        ReportFormat::Text => print!("{}", compare_text(&cmp)),
        ReportFormat::Md => print!("{}", compare_md(&cmp)),
        ReportFormat::Json => return crate::check::print_json(&cmp),
    }
    ExitCode::SUCCESS
}

/// The guarantor shown for a commitment: the United States when it is one, else the first.
fn lead_guarantor(loaded: &Loaded, r: &CommitmentRef) -> Option<String> {
    let c = loaded.model.commitment(r)?;
    let inst = loaded.model.instrument(&r.instrument)?;
    let mut ids: Vec<String> = Vec::new();
    for g in &c.guarantors {
        match g {
            ActorRef::Id(x) => ids.extend(loaded.model.registry.all_members(x)),
            ActorRef::Role(_) => ids.extend(inst.parties.iter().flat_map(|p| loaded.model.registry.all_members(p))),
        }
    }
    ids.iter().find(|g| *g == "USA").cloned().or_else(|| ids.first().cloned())
}

fn outcomes(loaded: &Loaded, a: &CommitmentRef, b: &CommitmentRef) -> Vec<Outcome> {
    let (ga, gb) = (lead_guarantor(loaded, a), lead_guarantor(loaded, b));
    let mut out = Vec::new();
    for s in &loaded.model.scenarios {
        let has = |r: &CommitmentRef| s.instruments.contains(&r.instrument);
        if !has(a) && !has(b) {
            continue;
        }
        let Some(last) = s.events.iter().map(|e| e.date).max() else { continue };
        let sim = pactum_engine::simulate(&loaded.model, s, None);
        let state = |r: &CommitmentRef, g: &Option<String>| -> Option<String> {
            let g = g.as_ref()?;
            sim.timeline(r, g)?;
            Some(format!("{} ({g})", sim.state_on(r, g, last).keyword()))
        };
        out.push(Outcome {
            scenario: s.id.clone(),
            title: s.title.clone(),
            on: last.to_string(),
            a: state(a, &ga),
            b: state(b, &gb),
        });
    }
    out
}
