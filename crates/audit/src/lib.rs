//! The loophole audit: rules that read a commitment's encoded terms and report what
//! weakens it — escape clauses judged by the guarantor, discretion, qualified triggers,
//! conditions on the protected party, dependence on others, offers that expire, no
//! ratification, easy withdrawal, short terms, no forces, consultation only, scope gaps,
//! third-party termination, asymmetry, no enforcement, circular conditions.
//!
//! Each rule lives in its own file under `rules/`, whose `//!` documentation has the same
//! sections (what it flags, why it weakens the commitment, example, what to write
//! instead, references); `docs/rules.md` is generated from those files. Findings quote
//! the instrument's words and point at their article and span.

pub mod compare;
pub mod references;
pub mod rules;
pub mod suppress;

use pactum_model::expr::{ActorRef, CommitmentRef};
use pactum_model::keywords::Keyword;
use pactum_model::types::{Citation, Commitment, Instrument, Loc};
use pactum_model::{Model, Registry};
use serde::Serialize;

pub use references::Reference;
pub use rules::{RULES, Rule};

/// How much a finding weakens the commitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
}

impl Severity {
    pub const ALL: [(Severity, &'static str); 4] =
        [(Severity::Info, "info"), (Severity::Low, "low"), (Severity::Medium, "medium"), (Severity::High, "high")];

    pub fn parse(s: &str) -> Option<Severity> {
        Self::ALL.iter().find(|(_, n)| *n == s).map(|(v, _)| *v)
    }

    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(v, _)| *v == self).map_or("info", |(_, n)| n)
    }
}

/// Where a finding points: file, line, column and byte range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpanOut {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub start: u32,
    pub end: u32,
}

impl From<&Loc> for SpanOut {
    fn from(l: &Loc) -> SpanOut {
        SpanOut { file: l.file.clone(), line: l.line, column: l.column, start: l.start, end: l.end }
    }
}

/// One problem found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule's name (`escape-judged-by-guarantor`); `code` is its stable code.
    pub rule: &'static str,
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub instrument: String,
    /// `instrument#id`, or null for findings about the instrument as a whole.
    pub commitment: Option<String>,
    pub article: String,
    /// The instrument's words behind the finding.
    pub quote: Option<String>,
    /// False when the quoted words are an unverified paraphrase.
    pub verified: bool,
    pub span: Option<SpanOut>,
    /// Why it weakens the commitment.
    pub why: String,
    /// Works that support the point (full citations).
    pub references: Vec<String>,
}

/// What a rule sees.
pub struct Ctx<'a> {
    pub model: &'a Model,
    pub registry: &'a Registry,
}

impl Ctx<'_> {
    /// The guarantor ids a commitment names (roles resolved against the parties).
    pub fn guarantor_ids(&self, inst: &Instrument, c: &Commitment) -> Vec<String> {
        let mut out = Vec::new();
        for g in &c.guarantors {
            match g {
                ActorRef::Id(x) => out.push(x.clone()),
                ActorRef::Role(_) => out.extend(inst.parties.iter().cloned()),
            }
        }
        out
    }

    pub fn beneficiary_ids(&self, inst: &Instrument, c: &Commitment) -> Vec<String> {
        let mut out = Vec::new();
        for g in &c.beneficiaries {
            match g {
                ActorRef::Id(x) => out.push(x.clone()),
                ActorRef::Role(_) => out.extend(inst.parties.iter().cloned()),
            }
        }
        out
    }

    pub fn commitment(&self, r: &CommitmentRef) -> Option<&Commitment> {
        self.model.commitment(r)
    }
}

/// Builds a finding from a rule, anchored on a quotation when there is one.
pub struct FindingBuilder<'r> {
    rule: &'r Rule,
    f: Finding,
}

impl Rule {
    /// Starts a finding about a commitment.
    pub fn on(&self, inst: &Instrument, c: Option<&Commitment>, message: impl Into<String>) -> FindingBuilder<'_> {
        let loc = c.map_or(&inst.loc, |c| &c.loc);
        let quote = c.and_then(|c| c.quote.first());
        let mut b = FindingBuilder {
            rule: self,
            f: Finding {
                rule: self.name,
                code: self.code,
                severity: self.severity,
                message: message.into(),
                instrument: inst.id.clone(),
                commitment: c.map(|c| c.id.to_string()),
                article: loc.article.clone(),
                quote: None,
                verified: true,
                span: Some(loc.into()),
                why: self.why.to_string(),
                references: self.references.iter().map(|r| r.citation.to_string()).collect(),
            },
        };
        if let Some(q) = quote {
            b = b.quote(Some(q));
        }
        b
    }
}

impl FindingBuilder<'_> {
    /// Anchors the finding on these words (replacing the default quotation).
    pub fn quote(mut self, q: Option<&Citation>) -> Self {
        if let Some(q) = q {
            self.f.quote = Some(q.text.trim_matches('"').to_string());
            self.f.verified = q.verified;
            self.f.article = q.loc.article.clone();
            self.f.span = Some((&q.loc).into());
        }
        self
    }

    pub fn severity(mut self, s: Severity) -> Self {
        self.f.severity = s;
        self
    }

    pub fn push(self, out: &mut Vec<Finding>) {
        let _ = self.rule;
        out.push(self.f);
    }
}

/// Which rules run and how severe they are.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Only these rules (names or codes); empty = all.
    pub select: Vec<String>,
    /// Never these.
    pub ignore: Vec<String>,
    /// Severity overrides by rule name or code.
    pub severity: Vec<(String, Severity)>,
    /// Drop findings below this.
    pub min_severity: Option<Severity>,
}

impl Config {
    fn enabled(&self, r: &Rule) -> bool {
        let named = |v: &[String]| v.iter().any(|x| x == r.name || x.eq_ignore_ascii_case(r.code));
        (self.select.is_empty() || named(&self.select)) && !named(&self.ignore)
    }

    fn severity_of(&self, r: &Rule) -> Option<Severity> {
        self.severity.iter().rev().find(|(n, _)| n == r.name || n.eq_ignore_ascii_case(r.code)).map(|(_, s)| *s)
    }

    /// Names that match no rule (for a usage error).
    pub fn unknown_rules(&self) -> Vec<String> {
        let known = |x: &String| RULES.iter().any(|r| x == r.name || x.eq_ignore_ascii_case(r.code));
        self.select
            .iter()
            .chain(&self.ignore)
            .chain(self.severity.iter().map(|(n, _)| n))
            .filter(|x| !known(x))
            .cloned()
            .collect()
    }
}

/// The result of an audit.
#[derive(Debug, Clone, Serialize)]
pub struct Audit {
    pub findings: Vec<Finding>,
    /// Findings silenced by an `allow` comment in the file, with its reason.
    pub suppressed: Vec<suppress::Suppressed>,
    /// Problems with suppression comments (no reason, unknown rule).
    pub problems: Vec<suppress::Problem>,
}

/// Runs the enabled rules over every instrument of the model. `texts` gives each file's
/// text (by path) so suppression comments can be read.
pub fn audit(model: &Model, config: &Config, texts: &dyn Fn(&str) -> Option<String>) -> Audit {
    let ctx = Ctx { model, registry: &model.registry };
    let mut findings = Vec::new();
    for rule in RULES.iter().filter(|r| config.enabled(r)) {
        let mut out = Vec::new();
        for inst in &model.instruments {
            (rule.check)(rule, &ctx, inst, &mut out);
        }
        if let Some(s) = config.severity_of(rule) {
            for f in &mut out {
                f.severity = s;
            }
        }
        findings.extend(out);
    }
    if let Some(min) = config.min_severity {
        findings.retain(|f| f.severity >= min);
    }
    findings.sort_by(|a, b| {
        (a.span.as_ref().map(|s| (&s.file, s.start)), a.code)
            .cmp(&(b.span.as_ref().map(|s| (&s.file, s.start)), b.code))
    });
    let (findings, suppressed, problems) = suppress::apply(model, findings, texts);
    Audit { findings, suppressed, problems }
}

/// The words of a keyword, for messages.
pub fn kw<K: Keyword>(k: K) -> &'static str {
    k.keyword()
}
