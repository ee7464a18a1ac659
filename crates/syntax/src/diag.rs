//! One diagnostic type for every stage, and its renderers (terminal and JSON).
//!
//! Codes are stable: users search for them, and tests pin them. Each code is declared
//! once in [`codes`] with a one-line summary (`pactum explain CODE` prints it).

use std::fmt::Write as _;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term;

use crate::source::{FileId, SourceMap, Span};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

/// A stable diagnostic code: `P` and four digits, plus a kebab-case name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Code {
    pub id: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
}

/// A span with a message; the primary label marks where the problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
    pub primary: bool,
}

/// A problem found in the input, located by spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic { code, severity, message: message.into(), labels: Vec::new(), notes: Vec::new(), help: None }
    }

    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Error, message)
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(code, Severity::Warning, message)
    }

    /// Adds the primary label.
    pub fn at(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label { span, message: message.into(), primary: true });
        self
    }

    /// Adds a secondary label.
    pub fn also(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label { span, message: message.into(), primary: false });
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds "did you mean" help when a suggestion exists.
    pub fn suggest(self, suggestion: Option<&str>) -> Self {
        match suggestion {
            Some(s) => self.help(format!("did you mean `{s}`?")),
            None => self,
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The primary span, if any.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.iter().find(|l| l.primary).or(self.labels.first()).map(|l| l.span)
    }
}

/// The registry of diagnostic codes.
pub mod codes {
    use super::Code;

    macro_rules! codes {
        ($($name:ident = $id:literal, $kebab:literal, $summary:literal;)*) => {
            $(pub const $name: Code = Code { id: $id, name: $kebab, summary: $summary };)*
            /// Every code, in order.
            pub const ALL: &[Code] = &[$($name),*];
        };
    }

    codes! {
        EMPTY_FILE = "P0001", "empty-file", "The file is empty or holds only white space.";
        NOT_UTF8 = "P0002", "not-utf8", "The file is not valid UTF-8 text (perhaps a binary file).";
        FILE_TOO_LARGE = "P0003", "file-too-large", "The file exceeds the size limit.";
        UNCLOSED_FENCE = "P0004", "unclosed-fence", "A fenced block is never closed, so it would swallow the rest of the file.";
        NO_INSTRUMENT = "P0005", "no-instrument", "The file has commitments but no `instrument` block.";
        DUPLICATE_INSTRUMENT = "P0006", "duplicate-instrument", "More than one `instrument` block in one file.";
        UNKNOWN_BLOCK_TAG = "P0007", "unknown-block-tag", "A fenced block's tag looks like a misspelt pactum tag.";
        NOTHING_FORMAL = "P0008", "nothing-formal", "The file has no pactum blocks at all.";
        READ_ERROR = "P0009", "read-error", "The file could not be read.";
        NESTED_BLOCK = "P0010", "nested-block", "A pactum block inside a quote or list is not read.";
        TOO_MANY_DIAGNOSTICS = "P0011", "too-many-diagnostics", "A file has more diagnostics than are shown; fix the first ones.";
        TOML_SYNTAX = "P0101", "toml-syntax", "The block's TOML does not parse.";
        UNKNOWN_FIELD = "P0102", "unknown-field", "A key the block does not define.";
        MISSING_FIELD = "P0103", "missing-field", "A required key is missing.";
        WRONG_TYPE = "P0104", "wrong-type", "A value has the wrong TOML type.";
        INVALID_VALUE = "P0105", "invalid-value", "A value is not one of the allowed ones.";
        TOML_TOO_DEEP = "P0106", "toml-too-deep", "TOML nested beyond the limit.";
        BAD_ID = "P0107", "bad-id", "An id is not lower-case words joined by `-`.";
        UNKNOWN_ACTOR = "P0201", "unknown-actor", "An actor id that is neither built in nor declared in a `party` block.";
        UNKNOWN_REFERENCE = "P0202", "unknown-reference", "A reference to a commitment, instrument, scenario or event that does not exist.";
        DUPLICATE_ID = "P0203", "duplicate-id", "Two items share an id.";
        DEPENDENCY_CYCLE = "P0204", "dependency-cycle", "Commitments depend on each other in a cycle.";
        QUOTE_NOT_FOUND = "P0205", "quote-not-found", "A `quote` is not in any block quote of the file.";
        UNKNOWN_PLACE = "P0206", "unknown-place", "A place that is neither a state, a built-in place nor a region.";
        SHADOWED_ACTOR = "P0207", "shadowed-actor", "A `party` block reuses the id of a built-in actor.";
        ADJUDICATOR_MISMATCH = "P0209", "adjudicator-mismatch", "An escape clause's `adjudicator` differs from the actor in its `judged(...)`.";
        EXPR_SYNTAX = "P0301", "expr-syntax", "An expression does not parse.";
        UNKNOWN_FUNCTION = "P0302", "unknown-function", "A call to an event kind or predicate that does not exist.";
        UNKNOWN_ARGUMENT = "P0303", "unknown-argument", "An argument the event kind or predicate does not take.";
        BAD_ARGUMENT = "P0304", "bad-argument", "An argument's value has the wrong kind.";
        EXPR_TOO_DEEP = "P0305", "expr-too-deep", "An expression nested beyond the limit.";
        BAD_DATE = "P0401", "bad-date", "A date that does not exist or is not a plain date.";
        ABSURD_DATE = "P0402", "absurd-date", "A date outside 1600–2200.";
        DATE_ORDER = "P0403", "date-order", "Dates in the wrong order (e.g. in force before signed).";
        BAD_DURATION = "P0404", "bad-duration", "A duration that is not ISO 8601 (`P1Y`, `P6M`, `PT24H`).";
        MISSING_SOURCE = "P0405", "missing-source", "An instrument names no source for its text.";
        EXPECT_MISMATCH = "P0501", "expect-mismatch", "A scenario's result differs from its `expect` block.";
    }

    /// Looks a code up by id (`P0205`) or name (`quote-not-found`).
    pub fn find(key: &str) -> Option<Code> {
        ALL.iter().copied().find(|c| c.id.eq_ignore_ascii_case(key) || c.name == key)
    }
}

/// Adapter so codespan-reporting can read our files.
struct CsFiles<'a>(&'a SourceMap);

impl<'a> Files<'a> for CsFiles<'a> {
    type FileId = FileId;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<String, FilesError> {
        self.0.get(id).map(|f| f.path.clone()).ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.0.get(id).map(|f| &*f.text).ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        let f = self.0.get(id).ok_or(FilesError::FileMissing)?;
        Ok(f.line_col(byte_index).0 - 1)
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<std::ops::Range<usize>, FilesError> {
        let f = self.0.get(id).ok_or(FilesError::FileMissing)?;
        let starts = f.line_starts();
        let start = *starts.get(line_index).ok_or(FilesError::LineTooLarge { given: line_index, max: starts.len() })?;
        let end = starts.get(line_index + 1).copied().unwrap_or(f.text.len());
        Ok(start..end)
    }
}

fn to_codespan(map: &SourceMap, d: &Diagnostic) -> cs::Diagnostic<FileId> {
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
        Severity::Note => cs::Severity::Note,
    };
    let labels = d
        .labels
        .iter()
        .map(|l| {
            let style = if l.primary { cs::LabelStyle::Primary } else { cs::LabelStyle::Secondary };
            cs::Label::new(style, l.span.file, l.span.range()).with_message(l.message.clone())
        })
        .collect();
    let mut notes = Vec::new();
    if let Some(span) = d.primary_span() {
        let article = map.article(span);
        if !article.is_empty() {
            notes.push(format!("in: {article}"));
        }
    }
    notes.extend(d.notes.iter().cloned());
    if let Some(h) = &d.help {
        notes.push(format!("help: {h}"));
    }
    cs::Diagnostic::new(severity).with_code(d.code.id).with_message(&d.message).with_labels(labels).with_notes(notes)
}

/// Renders diagnostics as rustc does, without colour (for snapshots and pipes).
pub fn render_plain(map: &SourceMap, diags: &[Diagnostic]) -> String {
    let config = term::Config::default();
    let files = CsFiles(map);
    let mut out = String::new();
    for d in diags {
        if term::emit_to_string(&mut out, &config, &files, &to_codespan(map, d)).is_err() {
            // A label outside its file is a bug of ours; still show the message.
            let _ = writeln!(out, "{}[{}]: {}", severity_word(d.severity), d.code.id, d.message);
        }
    }
    out
}

/// Renders diagnostics to standard error, coloured when it is a terminal.
pub fn render_stderr(map: &SourceMap, diags: &[Diagnostic], color: bool) {
    use term::termcolor::{ColorChoice, StandardStream};
    let choice = if color { ColorChoice::Auto } else { ColorChoice::Never };
    let mut stream = StandardStream::stderr(choice);
    let config = term::Config::default();
    let files = CsFiles(map);
    for d in diags {
        if term::emit_to_write_style(&mut stream, &config, &files, &to_codespan(map, d)).is_err() {
            eprintln!("{}[{}]: {}", severity_word(d.severity), d.code.id, d.message);
        }
    }
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// The JSON form of a diagnostic (documented in docs/json.md).
#[derive(Debug, serde::Serialize)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub article: Option<String>,
    pub labels: Vec<JsonLabel>,
    pub notes: Vec<String>,
    pub help: Option<String>,
}

/// A label in JSON: byte range plus 1-based line and column of its start.
#[derive(Debug, serde::Serialize)]
pub struct JsonLabel {
    pub file: String,
    pub start: u32,
    pub end: u32,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub primary: bool,
}

impl JsonDiagnostic {
    pub fn new(map: &SourceMap, d: &Diagnostic) -> Self {
        let labels: Vec<JsonLabel> = d
            .labels
            .iter()
            .map(|l| {
                let (path, (line, column)) = match map.get(l.span.file) {
                    Some(f) => (f.path.clone(), f.line_col(l.span.start as usize)),
                    None => (String::new(), (0, 0)),
                };
                JsonLabel {
                    file: path,
                    start: l.span.start,
                    end: l.span.end,
                    line,
                    column,
                    message: l.message.clone(),
                    primary: l.primary,
                }
            })
            .collect();
        let primary = labels.iter().find(|l| l.primary).or(labels.first());
        JsonDiagnostic {
            code: d.code.id,
            name: d.code.name,
            severity: d.severity,
            message: d.message.clone(),
            file: primary.map(|l| l.file.clone()),
            line: primary.map(|l| l.line),
            column: primary.map(|l| l.column),
            article: d.primary_span().map(|s| map.article(s)).filter(|a| !a.is_empty()),
            labels,
            notes: d.notes.clone(),
            help: d.help.clone(),
        }
    }
}
