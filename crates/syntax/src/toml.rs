//! A spanned TOML tree for the bodies of fenced blocks.
//!
//! `toml_edit` does the parsing; this module copies its document into a small tree whose
//! every key and value knows its span in the *file* (not the block), so later stages
//! never juggle offsets. Strings also record where their content starts, so an
//! expression inside a literal string can be located character by character.

use toml_edit::{Document, Item, Value as TeValue};

use crate::diag::{Diagnostic, codes};
use crate::limits::MAX_TOML_DEPTH;
use crate::source::{FileId, Span};

/// A TOML value with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub span: Span,
    pub kind: ValueKind,
}

/// The shapes a TOML value can take.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    String(TomlString),
    Integer(i64),
    Float(f64),
    Bool(bool),
    /// A date, time or date-time as written (`1949-04-04`); the model checks it.
    Datetime(String),
    Array(Vec<Value>),
    Table(Table),
}

/// A string value; `content_start` is the file offset of its first character when the
/// content maps one-to-one onto the source (literal strings), else `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct TomlString {
    pub value: String,
    pub content_start: Option<u32>,
}

/// A key with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub span: Span,
}

/// A table: keys in source order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub entries: Vec<(Key, Value)>,
}

impl Table {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v)
    }
}

impl Value {
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            ValueKind::String(_) => "a string",
            ValueKind::Integer(_) => "an integer",
            ValueKind::Float(_) => "a number",
            ValueKind::Bool(_) => "a boolean",
            ValueKind::Datetime(_) => "a date",
            ValueKind::Array(_) => "an array",
            ValueKind::Table(_) => "a table",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::String(s) => Some(&s.value),
            _ => None,
        }
    }
}

/// Parses a block body. `offset` is the file offset of the body's first byte; `source`
/// maps body offsets to file offsets when the body was assembled from pieces.
pub fn parse_table(body: &str, file: FileId, map_offset: &dyn Fn(usize) -> usize) -> (Option<Table>, Vec<Diagnostic>) {
    let span_of = |r: std::ops::Range<usize>| {
        let start = map_offset(r.start);
        let end = map_offset(r.end.max(r.start));
        Span::new(file, start..end.max(start))
    };
    if let Some(at) = too_deep(body) {
        let d = Diagnostic::error(codes::TOML_TOO_DEEP, format!("TOML nested deeper than {MAX_TOML_DEPTH} levels"))
            .at(span_of(at..at + 1), "too deep from here");
        return (None, vec![d]);
    }
    match Document::parse(body) {
        Ok(doc) => {
            let conv = Converter { file, body, span_of: &span_of };
            (Some(conv.table(doc.as_table())), Vec::new())
        }
        Err(e) => {
            let range = e.span().unwrap_or(0..body.len().min(1));
            let message = e.message().trim().to_string();
            // Dates are checked by the TOML parser itself; give them the date code.
            let code = if message.contains("date") || message.contains("day between") || message.contains("month") {
                codes::BAD_DATE
            } else if message.contains("recursion limit") {
                codes::TOML_TOO_DEEP
            } else {
                codes::TOML_SYNTAX
            };
            let d = Diagnostic::error(code, format!("invalid TOML: {message}")).at(span_of(range), message);
            (None, vec![d])
        }
    }
}

/// Finds a dotted key or table header with more segments than the nesting limit.
fn too_deep_keys(body: &str) -> Option<usize> {
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let t = line.trim_start();
        let key = if t.starts_with('[') {
            t.split(']').next().unwrap_or("")
        } else {
            match t.find('=') {
                Some(i) if !t[..i].contains(['"', '\'']) => &t[..i],
                _ => "",
            }
        };
        if key.matches('.').count() + 1 > MAX_TOML_DEPTH {
            return Some(offset + (line.len() - t.len()));
        }
        offset += line.len();
    }
    None
}

/// Finds where bracket nesting exceeds the limit, ignoring brackets inside strings and
/// comments, so the TOML parser is never handed pathological nesting.
fn too_deep(body: &str) -> Option<usize> {
    if let Some(at) = too_deep_keys(body) {
        return Some(at);
    }
    let bytes = body.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            q @ (b'"' | b'\'') => {
                let triple = bytes.get(i..i + 3) == Some(&[q, q, q][..]);
                if triple {
                    i += 3;
                    while i < bytes.len() && bytes.get(i..i + 3) != Some(&[q, q, q][..]) {
                        i += if q == b'"' && bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 2;
                } else {
                    i += 1;
                    while i < bytes.len() && bytes[i] != q && bytes[i] != b'\n' {
                        i += if q == b'"' && bytes[i] == b'\\' { 2 } else { 1 };
                    }
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_TOML_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

struct Converter<'a> {
    file: FileId,
    body: &'a str,
    span_of: &'a dyn Fn(std::ops::Range<usize>) -> Span,
}

impl Converter<'_> {
    fn span(&self, r: Option<std::ops::Range<usize>>) -> Span {
        (self.span_of)(r.unwrap_or(0..0))
    }

    fn table(&self, t: &toml_edit::Table) -> Table {
        let mut entries = Vec::new();
        for (k, item) in t.iter() {
            let key_span = t.key(k).and_then(|key| key.span());
            let key = Key { name: k.to_string(), span: self.span(key_span.clone()) };
            if let Some(v) = self.item(item, key_span) {
                entries.push((key, v));
            }
        }
        Table { entries }
    }

    fn item(&self, item: &Item, key_span: Option<std::ops::Range<usize>>) -> Option<Value> {
        match item {
            Item::None => None,
            Item::Value(v) => Some(self.value(v)),
            Item::Table(t) => {
                let span = t.span().or(key_span);
                Some(Value { span: self.span(span), kind: ValueKind::Table(self.table(t)) })
            }
            Item::ArrayOfTables(a) => {
                let items = a
                    .iter()
                    .map(|t| Value { span: self.span(t.span()), kind: ValueKind::Table(self.table(t)) })
                    .collect();
                Some(Value { span: self.span(a.span().or(key_span)), kind: ValueKind::Array(items) })
            }
        }
    }

    fn value(&self, v: &TeValue) -> Value {
        let raw_span = v.span();
        let span = self.span(raw_span.clone());
        let kind = match v {
            TeValue::String(s) => {
                let value = s.value().to_string();
                let content_start = raw_span.as_ref().and_then(|r| {
                    let raw = self.body.get(r.clone())?;
                    let skip = if let Some(rest) = raw.strip_prefix("'''") {
                        // A newline right after the opening delimiter is trimmed.
                        3 + if rest.starts_with("\r\n") { 2 } else { usize::from(rest.starts_with('\n')) }
                    } else if raw.starts_with('\'')
                        || (raw.starts_with('"') && !raw.starts_with("\"\"\"") && !raw.contains('\\'))
                    {
                        1
                    } else {
                        return None;
                    };
                    let start = (self.span_of)(r.start + skip..r.start + skip).start;
                    Some(start)
                });
                ValueKind::String(TomlString { value, content_start })
            }
            TeValue::Integer(i) => ValueKind::Integer(*i.value()),
            TeValue::Float(f) => ValueKind::Float(*f.value()),
            TeValue::Boolean(b) => ValueKind::Bool(*b.value()),
            TeValue::Datetime(d) => ValueKind::Datetime(d.value().to_string()),
            TeValue::Array(a) => ValueKind::Array(a.iter().map(|v| self.value(v)).collect()),
            TeValue::InlineTable(t) => {
                let mut entries = Vec::new();
                for (k, v) in t.iter() {
                    let key_span = t.key(k).and_then(|key| key.span());
                    entries.push((Key { name: k.to_string(), span: self.span(key_span) }, self.value(v)));
                }
                ValueKind::Table(Table { entries })
            }
        };
        let _ = self.file;
        Value { span, kind }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> (Option<Table>, Vec<Diagnostic>) {
        parse_table(body, FileId(0), &|x| x + 100)
    }

    #[test]
    fn spans_are_file_offsets() {
        let (t, d) = parse("id = \"art5\"\nwhen = 'a(b: c)'\n");
        assert!(d.is_empty());
        let t = t.unwrap();
        let id = t.get("id").unwrap();
        assert_eq!(id.span.range(), 105..111);
        let ValueKind::String(s) = &t.get("when").unwrap().kind else { panic!() };
        assert_eq!(s.content_start, Some(100 + 12 + 8));
    }

    #[test]
    fn syntax_errors_are_located() {
        let (t, d) = parse("id = \n");
        assert!(t.is_none());
        assert_eq!(d[0].code, codes::TOML_SYNTAX);
        assert!(d[0].primary_span().unwrap().start >= 100);
    }

    #[test]
    fn deep_nesting_is_rejected_before_parsing() {
        let body = format!("x = {}{}", "[".repeat(10_000), "]".repeat(10_000));
        let (t, d) = parse(&body);
        assert!(t.is_none());
        assert_eq!(d[0].code, codes::TOML_TOO_DEEP);
    }

    #[test]
    fn brackets_in_strings_do_not_count() {
        let body = format!("x = \"{}\"", "[".repeat(100));
        let (t, d) = parse(&body);
        assert!(d.is_empty(), "{d:?}");
        assert!(t.is_some());
    }
}
