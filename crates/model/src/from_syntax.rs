//! Lowering: from the loose syntax (scanned documents, spanned TOML, parsed
//! expressions) to the validated model. Every check the format promises happens here,
//! and every failure is a located diagnostic; lowering goes on after an error so that
//! one run reports as much as it can.

use std::collections::{BTreeMap, BTreeSet};

use pactum_syntax::diag::codes;
use pactum_syntax::document::Document;
use pactum_syntax::expr::{self as sx, ArgValue};
use pactum_syntax::suggest::did_you_mean;
use pactum_syntax::toml::{Table, Value, ValueKind};
use pactum_syntax::{BlockTag, Diagnostic, SourceMap, Span};

use crate::actors::{Actor, Membership, Registry};
use crate::expr::*;
use crate::keywords::*;
use crate::time::{Date, DateError, Duration};
use crate::types::*;

/// What pass one learns about every file before anything is lowered, so references
/// across files resolve whatever order files come in.
#[derive(Debug, Default)]
pub struct Index {
    /// instrument id → its commitment ids.
    pub commitments: BTreeMap<String, BTreeSet<String>>,
    /// instrument id → where it is declared.
    pub instruments: BTreeMap<String, Span>,
}

/// Lowers one document. `index` and `registry` hold what all files declare.
pub struct Lowerer<'a> {
    pub map: &'a SourceMap,
    pub doc: &'a Document,
    pub registry: &'a Registry,
    pub index: &'a Index,
    pub diags: Vec<Diagnostic>,
    /// The id of this file's instrument, if any.
    pub instrument: Option<String>,
}

/// A file's lowered contents.
#[derive(Debug, Default)]
pub struct FileModel {
    pub instrument: Option<Instrument>,
    pub scenarios: Vec<Scenario>,
    pub expectations: Vec<Expectation>,
}

const INSTRUMENT_KEYS: &[&str] = &[
    "id",
    "title",
    "short",
    "form",
    "status",
    "signed",
    "in_force",
    "offered",
    "terminated",
    "parties",
    "atop",
    "unverified",
    "ratification",
    "duration",
    "withdrawal",
    "offer",
    "source",
];
const PARTY_KEYS: &[&str] = &["id", "name", "kind", "of", "members"];
const COMMITMENT_KEYS: &[&str] = &[
    "id",
    "quote",
    "guarantors",
    "beneficiaries",
    "kind",
    "obligation",
    "means",
    "discretion",
    "discretion_quote",
    "trigger",
    "deadline",
    "ends_when",
    "condition",
    "escape",
    "depends_on",
    "forces",
    "unverified",
];
const SCENARIO_KEYS: &[&str] = &["id", "title", "instruments", "until", "event", "judgements", "overlay"];
const EVENT_COMMON_KEYS: &[&str] = &["id", "date", "kind", "note"];
const PREDICATES: &[&str] = &["judged", "holds"];

/// Whether `s` is a lower-case id: words of `a-z0-9` joined by `-`.
pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Whether `s` is an actor id: words of letters and digits joined by `-`.
pub fn is_actor_id(s: &str) -> bool {
    !s.is_empty() && s.split('-').all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric()))
}

impl<'a> Lowerer<'a> {
    fn loc(&self, span: Span) -> Loc {
        let (file, line, column) = match self.map.get(span.file) {
            Some(f) => {
                let (l, c) = f.line_col(span.start as usize);
                (f.path.clone(), l, c)
            }
            None => (String::new(), 0, 0),
        };
        Loc { span, file, line, column, start: span.start, end: span.end, article: self.map.article(span) }
    }

    fn error(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    // ---- generic readers -------------------------------------------------------

    fn check_keys(&mut self, t: &Table, known: &[&str], what: &str) {
        for (k, _) in &t.entries {
            if !known.contains(&k.name.as_str()) {
                let d = Diagnostic::error(codes::UNKNOWN_FIELD, format!("unknown key `{}` in {what}", k.name))
                    .at(k.span, "not a key of this block")
                    .suggest(did_you_mean(&k.name, known.iter().copied()))
                    .note(format!("keys of {what}: {}", known.join(", ")));
                self.error(d);
            }
        }
    }

    /// The first line of a span: a block's opening fence, a table's header.
    fn head(&self, span: Span) -> Span {
        let text = self.map.slice(span);
        let end = text.find('\n').map_or(span.end, |i| span.start + i as u32);
        Span { end, ..span }
    }

    fn missing(&mut self, key: &str, what: &str, span: Span) {
        let span = self.head(span);
        let d = Diagnostic::error(codes::MISSING_FIELD, format!("{what} needs `{key}`"))
            .at(span, format!("`{key}` missing here"));
        self.error(d);
    }

    fn wrong_type(&mut self, key: &str, v: &Value, want: &str) {
        let d = Diagnostic::error(codes::WRONG_TYPE, format!("`{key}` should be {want}, not {}", v.type_name()))
            .at(v.span, format!("expected {want}"));
        self.error(d);
    }

    fn string(&mut self, t: &Table, key: &str) -> Option<(String, Span)> {
        let v = t.get(key)?;
        match &v.kind {
            ValueKind::String(s) => Some((s.value.clone(), v.span)),
            _ => {
                self.wrong_type(key, v, "a string");
                None
            }
        }
    }

    fn req_string(&mut self, t: &Table, key: &str, what: &str, block: Span) -> Option<(String, Span)> {
        if t.get(key).is_none() {
            self.missing(key, what, block);
            return None;
        }
        self.string(t, key)
    }

    fn id(&mut self, t: &Table, key: &str, what: &str, block: Span) -> Option<(String, Span)> {
        let (s, span) = self.req_string(t, key, what, block)?;
        if !is_id(&s) {
            let d = Diagnostic::error(codes::BAD_ID, format!("`{s}` is not a valid id"))
                .at(span, "ids are lower-case words joined by `-`")
                .help(format!("try `{}`", suggest_id(&s)));
            self.error(d);
            return None;
        }
        Some((s, span))
    }

    fn boolean(&mut self, t: &Table, key: &str) -> Option<bool> {
        let v = t.get(key)?;
        match v.kind {
            ValueKind::Bool(b) => Some(b),
            _ => {
                self.wrong_type(key, v, "true or false");
                None
            }
        }
    }

    fn keyword<K: Keyword>(&mut self, t: &Table, key: &str) -> Option<K> {
        let v = t.get(key)?;
        let Some(s) = v.as_str() else {
            self.wrong_type(key, v, &format!("a {} keyword", K::WHAT));
            return None;
        };
        self.keyword_value::<K>(s, v.span)
    }

    fn keyword_value<K: Keyword>(&mut self, s: &str, span: Span) -> Option<K> {
        let found = K::from_keyword(s);
        if found.is_none() {
            let kws = K::keywords();
            let d = Diagnostic::error(codes::INVALID_VALUE, format!("`{s}` is not a {}", K::WHAT))
                .at(span, format!("unknown {}", K::WHAT))
                .suggest(did_you_mean(s, kws.iter().copied()))
                .note(format!("one of: {}", kws.join(", ")));
            self.error(d);
        }
        found
    }

    fn req_keyword<K: Keyword>(&mut self, t: &Table, key: &str, what: &str, block: Span) -> Option<K> {
        if t.get(key).is_none() {
            let block = self.head(block);
            let kws = K::keywords();
            let d = Diagnostic::error(codes::MISSING_FIELD, format!("{what} needs `{key}`"))
                .at(block, format!("`{key}` missing here"))
                .note(format!("one of: {}", kws.join(", ")));
            self.error(d);
            return None;
        }
        self.keyword::<K>(t, key)
    }

    fn keyword_list<K: Keyword>(&mut self, t: &Table, key: &str) -> Vec<K> {
        self.strings(t, key).into_iter().filter_map(|(s, span)| self.keyword_value::<K>(&s, span)).collect()
    }

    /// A string or an array of strings.
    fn strings(&mut self, t: &Table, key: &str) -> Vec<(String, Span)> {
        let Some(v) = t.get(key) else { return Vec::new() };
        match &v.kind {
            ValueKind::String(s) => vec![(s.value.clone(), v.span)],
            ValueKind::Array(xs) => {
                let mut out = Vec::new();
                for x in xs {
                    match x.as_str() {
                        Some(s) => out.push((s.to_string(), x.span)),
                        None => self.wrong_type(key, x, "a string"),
                    }
                }
                out
            }
            _ => {
                self.wrong_type(key, v, "a string or an array of strings");
                Vec::new()
            }
        }
    }

    fn date_value(&mut self, key: &str, v: &Value) -> Option<Date> {
        let text = match &v.kind {
            ValueKind::Datetime(d) => d.clone(),
            _ => {
                self.wrong_type(key, v, "a date (YYYY-MM-DD, unquoted)");
                return None;
            }
        };
        match Date::parse(&text) {
            Ok(d) => Some(d),
            Err(e) => {
                let code = if e == DateError::Absurd { codes::ABSURD_DATE } else { codes::BAD_DATE };
                let msg = if e == DateError::Format {
                    format!("`{text}` is not a plain date; pactum dates have no time of day")
                } else {
                    format!("`{text}`: {e}")
                };
                self.error(Diagnostic::error(code, msg).at(v.span, "this date"));
                None
            }
        }
    }

    fn date(&mut self, t: &Table, key: &str) -> Option<Date> {
        let v = t.get(key)?;
        self.date_value(key, v)
    }

    fn duration_value(&mut self, key: &str, v: &Value) -> Option<Duration> {
        let Some(s) = v.as_str() else {
            self.wrong_type(key, v, "a duration string such as \"P1Y\"");
            return None;
        };
        let d = Duration::parse(s);
        if d.is_none() {
            let dg = Diagnostic::error(codes::BAD_DURATION, format!("`{s}` is not an ISO 8601 duration"))
                .at(v.span, "expected P1Y, P6M, P30D or PT24H")
                .note("durations are at most 1000 years");
            self.error(dg);
        }
        d
    }

    fn duration(&mut self, t: &Table, key: &str) -> Option<Duration> {
        let v = t.get(key)?;
        self.duration_value(key, v)
    }

    fn table<'t>(&mut self, t: &'t Table, key: &str) -> Option<(&'t Table, Span)> {
        let v = t.get(key)?;
        match &v.kind {
            ValueKind::Table(tt) => Some((tt, v.span)),
            _ => {
                self.wrong_type(key, v, "a table");
                None
            }
        }
    }

    fn tables<'t>(&mut self, t: &'t Table, key: &str) -> Vec<(&'t Table, Span)> {
        let Some(v) = t.get(key) else { return Vec::new() };
        match &v.kind {
            ValueKind::Array(xs) => {
                let mut out = Vec::new();
                for x in xs {
                    match &x.kind {
                        ValueKind::Table(tt) => out.push((tt, x.span)),
                        _ => self.wrong_type(key, x, "a table"),
                    }
                }
                out
            }
            ValueKind::Table(tt) => vec![(tt, v.span)],
            _ => {
                self.wrong_type(key, v, "an array of tables");
                Vec::new()
            }
        }
    }

    // ---- quotes ----------------------------------------------------------------

    fn cite(&mut self, text: &str, span: Span) -> Option<Citation> {
        match self.doc.find_quote(text) {
            Some(m) => Some(Citation { text: text.to_string(), verified: m.verified, loc: self.loc(m.span) }),
            None => {
                let d = Diagnostic::error(codes::QUOTE_NOT_FOUND, "this quotation is not in any block quote of the file")
                    .at(span, "not found in the text")
                    .note("quotations must match the instrument's words in a `>` block quote (white space and quotation-mark style aside; `…` skips words)");
                self.error(d);
                None
            }
        }
    }

    fn quote_field(&mut self, t: &Table, key: &str) -> Vec<Citation> {
        self.strings(t, key).into_iter().filter_map(|(s, span)| self.cite(&s, span)).collect()
    }

    fn one_quote(&mut self, t: &Table, key: &str) -> Option<Citation> {
        self.quote_field(t, key).into_iter().next()
    }

    // ---- actors and references -----------------------------------------------

    fn actor_id(&mut self, s: &str, span: Span) -> bool {
        if self.registry.actor(s).is_some() {
            return true;
        }
        let names: Vec<&str> = self.registry.actors.keys().map(String::as_str).collect();
        let d = Diagnostic::error(codes::UNKNOWN_ACTOR, format!("unknown actor `{s}`"))
            .at(span, "not a built-in actor nor declared in a `party` block")
            .suggest(did_you_mean(s, names))
            .note("states are ISO 3166-1 alpha-3 codes (`UKR`); declare others in a `party` block");
        self.error(d);
        false
    }

    fn actor_ref(&mut self, s: &str, span: Span, roles: &[Role]) -> Option<ActorRef> {
        if let Some(r) = Role::from_keyword(s) {
            if roles.contains(&r) {
                return Some(ActorRef::Role(r));
            }
            let allowed: Vec<&str> = roles.iter().map(|r| r.keyword()).collect();
            let d = Diagnostic::error(codes::BAD_ARGUMENT, format!("the role `{s}` cannot be used here"))
                .at(span, "role not allowed here")
                .note(if allowed.is_empty() {
                    "only actor ids are allowed here".to_string()
                } else {
                    format!("allowed roles: {}", allowed.join(", "))
                });
            self.error(d);
            return None;
        }
        self.actor_id(s, span).then(|| ActorRef::Id(s.to_string()))
    }

    fn commitment_ref(&mut self, s: &str, span: Span) -> Option<CommitmentRef> {
        let (inst, id) = match s.split_once('#') {
            Some((i, c)) => (i.to_string(), c.to_string()),
            None => match &self.instrument {
                Some(i) => (i.clone(), s.to_string()),
                None => {
                    let d = Diagnostic::error(
                        codes::UNKNOWN_REFERENCE,
                        format!("`{s}` needs its instrument: write `instrument-id#{s}`"),
                    )
                    .at(span, "this file has no instrument of its own");
                    self.error(d);
                    return None;
                }
            },
        };
        let Some(ids) = self.index.commitments.get(&inst) else {
            let d = Diagnostic::error(codes::UNKNOWN_REFERENCE, format!("unknown instrument `{inst}`"))
                .at(span, "no instrument has this id")
                .suggest(did_you_mean(&inst, self.index.commitments.keys().map(String::as_str)));
            self.error(d);
            return None;
        };
        if !ids.contains(&id) {
            let d = Diagnostic::error(codes::UNKNOWN_REFERENCE, format!("`{inst}` has no commitment `{id}`"))
                .at(span, "no such commitment")
                .suggest(did_you_mean(&id, ids.iter().map(String::as_str)))
                .note(format!("its commitments: {}", ids.iter().cloned().collect::<Vec<_>>().join(", ")));
            self.error(d);
            return None;
        }
        Some(CommitmentRef { instrument: inst, id })
    }

    fn instrument_ref(&mut self, s: &str, span: Span) -> bool {
        if self.index.instruments.contains_key(s) {
            return true;
        }
        let d = Diagnostic::error(codes::UNKNOWN_REFERENCE, format!("unknown instrument `{s}`"))
            .at(span, "no instrument has this id")
            .suggest(did_you_mean(s, self.index.instruments.keys().map(String::as_str)));
        self.error(d);
        false
    }

    fn place_ref(&mut self, s: &str, span: Span, roles: &[Role]) -> Option<PlaceRef> {
        if let Some(r) = Role::from_keyword(s).filter(|r| roles.contains(r)) {
            return Some(PlaceRef::Role(r));
        }
        if let Some(r) = Region::from_keyword(s) {
            return Some(PlaceRef::Region(r));
        }
        if self.registry.place(s).is_some() {
            return Some(PlaceRef::Place(s.to_string()));
        }
        if self.registry.actor(s).is_some_and(|a| a.kind == ActorKind::State) {
            return Some(PlaceRef::State(s.to_string()));
        }
        let d = Diagnostic::error(codes::UNKNOWN_PLACE, format!("unknown place `{s}`"))
            .at(span, "not a state, a built-in place or a region")
            .suggest(did_you_mean(s, self.registry.place_names()))
            .note("`pactum places` lists the built-in places and regions");
        self.error(d);
        None
    }

    // ---- expressions -----------------------------------------------------------

    /// A clause: an expression string, or `{ when, quote }`.
    fn clause(&mut self, t: &Table, key: &str, roles: &[Role]) -> Option<Clause> {
        let v = t.get(key)?;
        match &v.kind {
            ValueKind::String(_) => self.expression(v, key, None, roles),
            ValueKind::Table(tt) => {
                self.check_keys(tt, &["when", "quote"], &format!("`{key}`"));
                let quote = self.one_quote(tt, "quote");
                match tt.get("when") {
                    Some(w) => self.expression(w, "when", quote, roles),
                    None => {
                        self.missing("when", &format!("`{key}`"), v.span);
                        None
                    }
                }
            }
            _ => {
                self.wrong_type(key, v, "an expression string or a `{ when, quote }` table");
                None
            }
        }
    }

    fn expression(&mut self, v: &Value, key: &str, quote: Option<Citation>, roles: &[Role]) -> Option<Clause> {
        let ValueKind::String(s) = &v.kind else {
            self.wrong_type(key, v, "an expression string");
            return None;
        };
        let file = v.span.file;
        let base = s.content_start;
        let whole = v.span;
        let to_span = move |r: std::ops::Range<usize>| -> Span {
            match base {
                Some(b) => Span::new(file, b as usize + r.start..b as usize + r.end.max(r.start + 1)),
                None => whole,
            }
        };
        match sx::parse_expr(&s.value) {
            Ok(e) => {
                let expr = self.resolve(&e, &to_span, roles)?;
                Some(Clause { text: s.value.clone(), expr, quote, loc: self.loc(v.span) })
            }
            Err(err) => {
                let code = if err.too_deep { codes::EXPR_TOO_DEEP } else { codes::EXPR_SYNTAX };
                let d = Diagnostic::error(code, format!("invalid expression: {}", err.message))
                    .at(to_span(err.span.clone()), err.message.clone())
                    .note("the expression language is described in docs/format.md, Expressions");
                self.error(d);
                None
            }
        }
    }

    fn resolve(&mut self, e: &sx::Expr, sp: &dyn Fn(std::ops::Range<usize>) -> Span, roles: &[Role]) -> Option<Expr> {
        Some(match e {
            sx::Expr::Bool(b, _) => Expr::Const { value: *b },
            sx::Expr::And(xs) => {
                let args: Vec<Option<Expr>> = xs.iter().map(|x| self.resolve(x, sp, roles)).collect();
                Expr::And { args: args.into_iter().collect::<Option<Vec<_>>>()? }
            }
            sx::Expr::Or(xs) => {
                let args: Vec<Option<Expr>> = xs.iter().map(|x| self.resolve(x, sp, roles)).collect();
                Expr::Or { args: args.into_iter().collect::<Option<Vec<_>>>()? }
            }
            sx::Expr::Not(x, _) => Expr::Not { arg: Box::new(self.resolve(x, sp, roles)?) },
            sx::Expr::DateCmp { op, date, .. } => {
                let d = self.expr_date(&date.text, sp(date.span.clone()))?;
                Expr::Date { cmp: (*op).into(), date: d }
            }
            sx::Expr::Call(c) => self.call(c, sp, roles)?,
        })
    }

    fn expr_date(&mut self, text: &str, span: Span) -> Option<Date> {
        match Date::parse(text) {
            Ok(d) => Some(d),
            Err(e) => {
                let code = if e == DateError::Absurd { codes::ABSURD_DATE } else { codes::BAD_DATE };
                self.error(Diagnostic::error(code, format!("`{text}`: {e}")).at(span, "this date"));
                None
            }
        }
    }

    fn call(&mut self, c: &sx::Call, sp: &dyn Fn(std::ops::Range<usize>) -> Span, roles: &[Role]) -> Option<Expr> {
        let name = c.name.name.as_str();
        let name_span = sp(c.name.span.clone());
        match name {
            "judged" => {
                let mut words = None;
                let mut by = None;
                for a in &c.args {
                    match (&a.name, &a.value) {
                        (None, ArgValue::Str(s, _)) if words.is_none() => words = Some(s.clone()),
                        (Some(n), ArgValue::Name(i)) if n.name == "by" => {
                            by = self.actor_ref(&i.name, sp(i.span.clone()), roles);
                            by.as_ref()?;
                        }
                        _ => {
                            let d = Diagnostic::error(
                                codes::BAD_ARGUMENT,
                                "`judged` takes the words in quotes and `by: ACTOR`",
                            )
                            .at(sp(a.span.clone()), "unexpected argument")
                            .help("write `judged(\"without cause\", by: USA)`");
                            self.error(d);
                            return None;
                        }
                    }
                }
                match (words, by) {
                    (Some(words), Some(by)) => Some(Expr::Judged { words, by }),
                    _ => {
                        let d = Diagnostic::error(
                            codes::BAD_ARGUMENT,
                            "`judged` needs the words judged and who judges them",
                        )
                        .at(sp(c.span.clone()), "incomplete")
                        .help("write `judged(\"without cause\", by: USA)`");
                        self.error(d);
                        None
                    }
                }
            }
            "holds" => match c.args.as_slice() {
                [sx::Arg { name: None, value: ArgValue::Name(i), .. }] => {
                    let r = self.commitment_ref(&i.name, sp(i.span.clone()))?;
                    Some(Expr::Holds { commitment: r })
                }
                _ => {
                    let d = Diagnostic::error(codes::BAD_ARGUMENT, "`holds` takes one commitment reference")
                        .at(sp(c.span.clone()), "expected `holds(id)` or `holds(instrument#id)`");
                    self.error(d);
                    None
                }
            },
            _ => {
                let Some(kind) = EventKind::from_keyword(name) else {
                    let mut all = EventKind::keywords();
                    all.extend_from_slice(PREDICATES);
                    let d =
                        Diagnostic::error(codes::UNKNOWN_FUNCTION, format!("unknown event kind or predicate `{name}`"))
                            .at(name_span, "unknown")
                            .suggest(did_you_mean(name, all.iter().copied()))
                            .note(format!("event kinds: {}", EventKind::keywords().join(", ")));
                    self.error(d);
                    return None;
                };
                let mut constraints = Vec::new();
                let mut ok = true;
                for a in &c.args {
                    let Some(field_name) = &a.name else {
                        let d = Diagnostic::error(codes::BAD_ARGUMENT, "event patterns take named arguments")
                            .at(sp(a.span.clone()), "name the field, as in `by: RUS`")
                            .note(format!("fields of `{name}`: {}", field_names(kind)));
                        self.error(d);
                        ok = false;
                        continue;
                    };
                    let field = Field::from_keyword(&field_name.name).filter(|f| kind.fields().contains(f));
                    let Some(field) = field else {
                        let fields: Vec<&str> = kind.fields().iter().map(|f| f.keyword()).collect();
                        let d = Diagnostic::error(
                            codes::UNKNOWN_ARGUMENT,
                            format!("`{name}` has no field `{}`", field_name.name),
                        )
                        .at(sp(field_name.span.clone()), "unknown field")
                        .suggest(did_you_mean(&field_name.name, fields.iter().copied()))
                        .note(format!("fields of `{name}`: {}", fields.join(", ")));
                        self.error(d);
                        ok = false;
                        continue;
                    };
                    match self.test(field, &a.value, sp, roles) {
                        Some(test) => constraints.push(Constraint { field, test }),
                        None => ok = false,
                    }
                }
                ok.then_some(Expr::Event { pattern: EventPattern { kind, constraints } })
            }
        }
    }

    fn test(
        &mut self,
        field: Field,
        v: &ArgValue,
        sp: &dyn Fn(std::ops::Range<usize>) -> Span,
        roles: &[Role],
    ) -> Option<Test> {
        let span = sp(v.span());
        let names = |v: &ArgValue| -> Option<Vec<(String, std::ops::Range<usize>)>> {
            match v {
                ArgValue::Name(i) => Some(vec![(i.name.clone(), i.span.clone())]),
                ArgValue::Set(xs, _) => xs
                    .iter()
                    .map(|x| match x {
                        ArgValue::Name(i) => Some((i.name.clone(), i.span.clone())),
                        _ => None,
                    })
                    .collect(),
                _ => None,
            }
        };
        let bad = |this: &mut Self, want: &str| {
            let d = Diagnostic::error(codes::BAD_ARGUMENT, format!("`{}` takes {want}", field.keyword()))
                .at(span, "wrong kind of value");
            this.error(d);
            None
        };
        match field {
            Field::By | Field::Target | Field::Actor | Field::Between => {
                let Some(ns) = names(v) else { return bad(self, "an actor or a set of actors") };
                let refs: Vec<Option<ActorRef>> =
                    ns.into_iter().map(|(n, r)| self.actor_ref(&n, sp(r), roles)).collect();
                Some(Test::Actors { any_of: refs.into_iter().collect::<Option<Vec<_>>>()? })
            }
            Field::Place => {
                let Some(ns) = names(v) else { return bad(self, "a place or a set of places") };
                let refs: Vec<Option<PlaceRef>> =
                    ns.into_iter().map(|(n, r)| self.place_ref(&n, sp(r), roles)).collect();
                Some(Test::Places { any_of: refs.into_iter().collect::<Option<Vec<_>>>()? })
            }
            Field::Region => {
                let Some(ns) = names(v) else { return bad(self, "a region or a set of regions") };
                let rs: Vec<Option<Region>> =
                    ns.into_iter().map(|(n, r)| self.keyword_value::<Region>(&n, sp(r))).collect();
                Some(Test::Regions { any_of: rs.into_iter().collect::<Option<Vec<_>>>()? })
            }
            Field::Scale => {
                let Some((cmp, n, r)) = ordered(v) else {
                    return bad(self, "a level, optionally compared (`>= large`)");
                };
                Some(Test::Scale { cmp, value: self.keyword_value::<Scale>(&n, sp(r))? })
            }
            Field::Intent => {
                let Some((cmp, n, r)) = ordered(v) else {
                    return bad(self, "a level, optionally compared (`>= large`)");
                };
                Some(Test::Intent { cmp, value: self.keyword_value::<Intent>(&n, sp(r))? })
            }
            Field::Duration => {
                let Some((cmp, n, r)) = ordered(v) else {
                    return bad(self, "a level, optionally compared (`>= large`)");
                };
                Some(Test::Duration { cmp, value: self.keyword_value::<AttackDuration>(&n, sp(r))? })
            }
            Field::Nuclear => match v {
                ArgValue::Bool(b, _) => Some(Test::Flag { value: *b }),
                _ => bad(self, "true or false"),
            },
            Field::Instrument => {
                let Some(ns) = names(v) else { return bad(self, "an instrument id or a set of them") };
                let mut ok = true;
                for (n, r) in &ns {
                    ok &= self.instrument_ref(n, sp(r.clone()));
                }
                ok.then(|| Test::Instruments { any_of: ns.into_iter().map(|(n, _)| n).collect() })
            }
            Field::Result => match v {
                ArgValue::Name(i) => {
                    Some(Test::Result { value: self.keyword_value::<VoteResult>(&i.name, sp(i.span.clone()))? })
                }
                _ => bad(self, "`approve` or `reject`"),
            },
            Field::Stance => {
                let Some(ns) = names(v) else { return bad(self, "a stance or a set of stances") };
                let st: Vec<Option<Stance>> =
                    ns.into_iter().map(|(n, r)| self.keyword_value::<Stance>(&n, sp(r))).collect();
                Some(Test::Stance { any_of: st.into_iter().collect::<Option<Vec<_>>>()? })
            }
            Field::Commitment => {
                let Some(ns) = names(v) else { return bad(self, "a commitment reference or a set of them") };
                let cs: Vec<Option<CommitmentRef>> =
                    ns.into_iter().map(|(n, r)| self.commitment_ref(&n, sp(r))).collect();
                Some(Test::Commitments { any_of: cs.into_iter().collect::<Option<Vec<_>>>()? })
            }
            Field::Size => match v {
                ArgValue::Number(n, _) => Some(Test::Size { cmp: Cmp::Eq, value: *n }),
                ArgValue::Cmp(op, inner, _) => match inner.as_ref() {
                    ArgValue::Number(n, _) => Some(Test::Size { cmp: (*op).into(), value: *n }),
                    _ => bad(self, "a number, optionally compared (`>= 1000`)"),
                },
                _ => bad(self, "a number, optionally compared (`>= 1000`)"),
            },
        }
    }

    // ---- blocks ----------------------------------------------------------------

    pub(crate) fn party_block(&mut self, t: &Table, block: Span) -> Option<Actor> {
        self.check_keys(t, PARTY_KEYS, "a `party` block");
        let (id, id_span) = self.req_string(t, "id", "a `party` block", block)?;
        if !is_actor_id(&id) {
            let d = Diagnostic::error(codes::BAD_ID, format!("`{id}` is not a valid actor id"))
                .at(id_span, "letters and digits joined by `-`");
            self.error(d);
            return None;
        }
        let name = self.req_string(t, "name", "a `party` block", block).map(|x| x.0).unwrap_or_default();
        let kind = self.req_keyword::<ActorKind>(t, "kind", "a `party` block", block)?;
        let of = match self.string(t, "of") {
            Some((o, span)) => self.actor_id(&o, span).then_some(o),
            None => None,
        };
        let mut members = Vec::new();
        if let Some(v) = t.get("members") {
            let ValueKind::Array(xs) = &v.kind else {
                self.wrong_type("members", v, "an array");
                return None;
            };
            for x in xs {
                match &x.kind {
                    ValueKind::String(s) => {
                        if self.actor_id(&s.value, x.span) {
                            members.push(Membership { id: s.value.clone(), from: None, until: None });
                        }
                    }
                    ValueKind::Table(mt) => {
                        self.check_keys(mt, &["id", "from", "until"], "a member");
                        if let Some((mid, ms)) = self.req_string(mt, "id", "a member", x.span)
                            && self.actor_id(&mid, ms)
                        {
                            members.push(Membership {
                                id: mid,
                                from: self.date(mt, "from"),
                                until: self.date(mt, "until"),
                            });
                        }
                    }
                    _ => self.wrong_type("members", x, "an actor id or `{ id, from, until }`"),
                }
            }
        }
        if kind == ActorKind::Group && members.is_empty() {
            self.missing("members", "a `group` party", block);
        }
        Some(Actor { id, name, kind, of, members, regions: Vec::new(), builtin: false })
    }

    fn instrument_block(&mut self, t: &Table, block: Span, declared: Vec<Actor>) -> Option<Instrument> {
        self.check_keys(t, INSTRUMENT_KEYS, "an `instrument` block");
        let what = "an `instrument` block";
        let id = self.id(t, "id", what, block).map(|x| x.0);
        let title = self.req_string(t, "title", what, block).map(|x| x.0);
        let short = self.string(t, "short").map(|x| x.0);
        let form = self.req_keyword::<LegalForm>(t, "form", what, block);
        let status = self.req_keyword::<InstrumentStatus>(t, "status", what, block);
        let signed = self.date(t, "signed");
        let in_force = self.date(t, "in_force");
        let offered = self.date(t, "offered");
        let terminated = self.date(t, "terminated");
        if let (Some(s), Some(f)) = (signed, in_force)
            && f < s
        {
            let span = t.get("in_force").map_or(block, |v| v.span);
            let d = Diagnostic::error(codes::DATE_ORDER, format!("in force on {f}, before it was signed on {s}"))
                .at(span, "earlier than `signed`");
            self.error(d);
        }
        if let (Some(f), Some(x)) = (in_force.or(signed), terminated)
            && x < f
        {
            let span = t.get("terminated").map_or(block, |v| v.span);
            self.error(
                Diagnostic::error(codes::DATE_ORDER, format!("terminated on {x}, before it began on {f}"))
                    .at(span, "too early"),
            );
        }
        let mut parties = Vec::new();
        for (p, span) in self.strings(t, "parties") {
            if self.actor_id(&p, span) {
                parties.push(p);
            }
        }
        let atop = match t.get("atop") {
            Some(Value { kind: ValueKind::Integer(n), span }) => match u32::try_from(*n) {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    self.error(
                        Diagnostic::error(codes::INVALID_VALUE, "an ATOP id is a positive integer")
                            .at(*span, "not an ATOP id"),
                    );
                    None
                }
            },
            Some(v) => {
                self.wrong_type("atop", v, "an integer");
                None
            }
            None => None,
        };
        let unverified = self.unverified(t, INSTRUMENT_KEYS);
        let ratification = self.table(t, "ratification").and_then(|(rt, span)| self.ratification(rt, span));
        let duration = self.table(t, "duration").and_then(|(dt, span)| self.term(dt, span));
        let withdrawal = self.table(t, "withdrawal").map(|(wt, _)| self.withdrawal(wt));
        let offer = self.table(t, "offer").map(|(ot, _)| self.offer(ot));
        let mut sources = Vec::new();
        for (st, span) in self.tables(t, "source") {
            self.check_keys(st, &["title", "url", "date", "note"], "a `source`");
            if let Some((title, _)) = self.req_string(st, "title", "a `source`", span) {
                sources.push(SourceRef {
                    title,
                    url: self.string(st, "url").map(|x| x.0),
                    date: self.date(st, "date"),
                    note: self.string(st, "note").map(|x| x.0),
                });
            }
        }
        if sources.is_empty() && t.get("source").is_none() {
            let d = Diagnostic::error(codes::MISSING_SOURCE, "the instrument names no source for its text")
                .at(block, "add a `[[source]]` table")
                .help("every quoted word must be traceable: give the title and address of the text quoted");
            self.error(d);
        }
        Some(Instrument {
            id: id?,
            title: title?,
            short,
            form: form?,
            status: status?,
            signed,
            in_force,
            offered,
            terminated,
            parties,
            atop,
            ratification,
            duration,
            withdrawal,
            offer,
            sources,
            unverified,
            commitments: Vec::new(),
            declared,
            loc: self.loc(block),
        })
    }

    fn unverified(&mut self, t: &Table, keys: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for (k, span) in self.strings(t, "unverified") {
            if keys.contains(&k.as_str()) || k.contains('.') {
                out.push(k);
            } else {
                let d = Diagnostic::error(
                    codes::INVALID_VALUE,
                    format!("`unverified` lists `{k}`, which is not a key here"),
                )
                .at(span, "unknown key")
                .suggest(did_you_mean(&k, keys.iter().copied()));
                self.error(d);
            }
        }
        out
    }

    fn ratification(&mut self, t: &Table, span: Span) -> Option<Ratification> {
        self.check_keys(t, &["required", "by", "threshold", "status", "quote"], "`ratification`");
        let required = self.boolean(t, "required");
        let mut by = Vec::new();
        let mut constitutional = false;
        for (b, s) in self.strings(t, "by") {
            if b == "constitutional-processes" {
                constitutional = true;
            } else if self.actor_id(&b, s) {
                by.push(b);
            }
        }
        let threshold = self.keyword::<Threshold>(t, "threshold").unwrap_or(Threshold::Unspecified);
        let status = self.req_keyword::<RatificationStatus>(t, "status", "`ratification`", span)?;
        let quote = self.one_quote(t, "quote");
        let required =
            required.unwrap_or(!matches!(status, RatificationStatus::NotRequired | RatificationStatus::None));
        Some(Ratification { required, by, constitutional_processes: constitutional, threshold, status, quote })
    }

    fn term(&mut self, t: &Table, span: Span) -> Option<Term> {
        self.check_keys(t, &["term", "starts", "extension", "quote"], "`duration`");
        let length = match t.get("term") {
            Some(v) if v.as_str() == Some("indefinite") => None,
            Some(v) => Some(self.duration_value("term", v)?),
            None => {
                self.missing("term", "`duration`", span);
                return None;
            }
        };
        let starts = match t.get("starts") {
            Some(v) if matches!(v.kind, ValueKind::Datetime(_)) => self.date_value("starts", v).map(TermStart::Date),
            Some(_) => self.keyword::<DurationStart>(t, "starts").map(TermStart::Event),
            None => None,
        };
        let extension = self.keyword::<Extension>(t, "extension").unwrap_or(Extension::None);
        let quote = self.one_quote(t, "quote");
        Some(Term { length, starts, extension, quote })
    }

    fn withdrawal(&mut self, t: &Table) -> Withdrawal {
        self.check_keys(t, &["allowed", "notice", "not_before", "by", "quote"], "`withdrawal`");
        Withdrawal {
            allowed: self.boolean(t, "allowed").unwrap_or(true),
            notice: self.duration(t, "notice"),
            not_before: self.duration(t, "not_before"),
            by: self.keyword::<WithdrawalBy>(t, "by").unwrap_or(WithdrawalBy::AnyParty),
            quote: self.one_quote(t, "quote"),
        }
    }

    fn offer(&mut self, t: &Table) -> Offer {
        self.check_keys(t, &["made", "expires", "accept_by", "quote"], "`offer`");
        let made = self.date(t, "made");
        let (expires, unspecified) = match t.get("expires") {
            Some(v) if v.as_str() == Some("unspecified") => (None, true),
            Some(v) => (self.date_value("expires", v), false),
            None => (None, false),
        };
        if let (Some(m), Some(e)) = (made, expires)
            && e < m
        {
            let span = t.get("expires").map(|v| v.span);
            if let Some(span) = span {
                self.error(
                    Diagnostic::error(
                        codes::DATE_ORDER,
                        format!("the offer expires on {e}, before it was made on {m}"),
                    )
                    .at(span, "too early"),
                );
            }
        }
        let mut accept_by = Vec::new();
        for (a, s) in self.strings(t, "accept_by") {
            if self.actor_id(&a, s) {
                accept_by.push(a);
            }
        }
        Offer { made, expires, expires_unspecified: unspecified, accept_by, quote: self.one_quote(t, "quote") }
    }

    fn commitment(&mut self, t: &Table, block: Span) -> Option<Commitment> {
        let what = "a `commitment` block";
        self.check_keys(t, COMMITMENT_KEYS, what);
        let id = self.id(t, "id", what, block).map(|x| x.0);
        if t.get("quote").is_none() {
            self.missing("quote", what, block);
        }
        let quote = self.quote_field(t, "quote");
        let guarantor_roles = [Role::Parties];
        let mut guarantors = Vec::new();
        for (g, s) in self.strings(t, "guarantors") {
            guarantors.extend(self.actor_ref(&g, s, &guarantor_roles));
        }
        if t.get("guarantors").is_none() {
            self.missing("guarantors", what, block);
        }
        let mut beneficiaries = Vec::new();
        for (b, s) in self.strings(t, "beneficiaries") {
            beneficiaries.extend(self.actor_ref(&b, s, &guarantor_roles));
        }
        if t.get("beneficiaries").is_none() {
            self.missing("beneficiaries", what, block);
        }
        let kind = self.req_keyword::<CommitmentKind>(t, "kind", what, block);
        let obligation = self.req_keyword::<Obligation>(t, "obligation", what, block);
        let means = self.keyword_list::<Means>(t, "means");
        let discretion = self.req_keyword::<Discretion>(t, "discretion", what, block);
        let discretion_quote = self.one_quote(t, "discretion_quote");
        let roles = [Role::Guarantor, Role::Beneficiary, Role::Parties, Role::Any];
        let trigger = self.clause(t, "trigger", &roles);
        let deadline = match t.get("deadline") {
            None => None,
            Some(v) => match &v.kind {
                ValueKind::Table(dt) => {
                    self.check_keys(dt, &["within", "quote"], "`deadline`");
                    let within = dt.get("within").and_then(|w| self.duration_value("within", w));
                    if dt.get("within").is_none() {
                        self.missing("within", "`deadline`", v.span);
                    }
                    within.map(|within| Deadline { within, quote: self.one_quote(dt, "quote") })
                }
                _ => self.duration_value("deadline", v).map(|within| Deadline { within, quote: None }),
            },
        };
        let ends_when = self.clause(t, "ends_when", &roles);
        let mut conditions = Vec::new();
        for (ct, span) in self.tables(t, "condition") {
            self.check_keys(ct, &["id", "atop", "when", "quote"], "a `condition`");
            let cid = self.id(ct, "id", "a `condition`", span);
            let atop = self.keyword::<ConditionKind>(ct, "atop").unwrap_or(ConditionKind::Other);
            let quote = self.one_quote(ct, "quote");
            let when = match ct.get("when") {
                Some(w) => self.expression(w, "when", quote, &roles),
                None => {
                    self.missing("when", "a `condition`", span);
                    None
                }
            };
            if let (Some((cid, _)), Some(when)) = (cid, when) {
                conditions.push(Condition { id: cid, atop, when });
            }
        }
        let mut escapes = Vec::new();
        for (et, span) in self.tables(t, "escape") {
            if let Some(e) = self.escape(et, span, &roles) {
                escapes.push(e);
            }
        }
        let mut depends_on = Vec::new();
        if let Some(v) = t.get("depends_on") {
            let items: Vec<&Value> = match &v.kind {
                ValueKind::Array(xs) => xs.iter().collect(),
                _ => vec![v],
            };
            for x in items {
                match &x.kind {
                    ValueKind::String(s) => {
                        if let Some(r) = self.commitment_ref(&s.value, x.span) {
                            depends_on.push(Dependency {
                                target: r,
                                effect: EscapeEffect::Void,
                                quote: None,
                                loc: self.loc(x.span),
                            });
                        }
                    }
                    ValueKind::Table(dt) => {
                        self.check_keys(dt, &["ref", "effect", "quote"], "a dependency");
                        let r = self
                            .req_string(dt, "ref", "a dependency", x.span)
                            .and_then(|(s, sp)| self.commitment_ref(&s, sp));
                        let effect = self.keyword::<EscapeEffect>(dt, "effect").unwrap_or(EscapeEffect::Void);
                        let quote = self.one_quote(dt, "quote");
                        if let Some(r) = r {
                            depends_on.push(Dependency { target: r, effect, quote, loc: self.loc(x.span) });
                        }
                    }
                    _ => self.wrong_type("depends_on", x, "a commitment reference or `{ ref, effect, quote }`"),
                }
            }
        }
        let forces = match t.get("forces") {
            None => Forces { status: ForcesStatus::Unknown, size: None, quote: None },
            Some(v) => match &v.kind {
                ValueKind::Table(ft) => {
                    self.check_keys(ft, &["status", "size", "quote"], "`forces`");
                    let status = self
                        .req_keyword::<ForcesStatus>(ft, "status", "`forces`", v.span)
                        .unwrap_or(ForcesStatus::Unknown);
                    Forces { status, size: self.string(ft, "size").map(|x| x.0), quote: self.one_quote(ft, "quote") }
                }
                _ => Forces {
                    status: self.keyword::<ForcesStatus>(t, "forces").unwrap_or(ForcesStatus::Unknown),
                    size: None,
                    quote: None,
                },
            },
        };
        let unverified = self.unverified(t, COMMITMENT_KEYS);
        let verified = quote.iter().all(|q| q.verified) && unverified.is_empty();
        let instrument = self.instrument.clone()?;
        Some(Commitment {
            id: CommitmentRef { instrument, id: id? },
            quote,
            verified,
            guarantors,
            beneficiaries,
            kind: kind?,
            obligation: obligation?,
            means,
            discretion: discretion?,
            discretion_quote,
            trigger,
            deadline,
            ends_when,
            conditions,
            escapes,
            depends_on,
            forces,
            unverified,
            loc: self.loc(block),
        })
    }

    fn escape(&mut self, et: &Table, span: Span, roles: &[Role]) -> Option<Escape> {
        self.check_keys(
            et,
            &["id", "when", "effect", "adjudicator", "adjudicator_basis", "atop", "quote"],
            "an `escape`",
        );
        let eid = self.id(et, "id", "an `escape`", span);
        let quote = self.one_quote(et, "quote");
        let when = match et.get("when") {
            Some(w) => self.expression(w, "when", quote, roles),
            None => {
                self.missing("when", "an `escape`", span);
                None
            }
        };
        let effect = self.keyword::<EscapeEffect>(et, "effect").unwrap_or(EscapeEffect::Void);
        let basis = self.keyword::<AdjudicatorBasis>(et, "adjudicator_basis").unwrap_or(AdjudicatorBasis::Text);
        let atop = self.keyword::<ConditionKind>(et, "atop");
        let explicit = match self.string(et, "adjudicator") {
            Some((a, s)) => Some((self.actor_ref(&a, s, roles)?, s)),
            None => None,
        };
        let when = when?;
        let judged: Vec<ActorRef> = when.expr.judgements().into_iter().map(|(_, by)| by.clone()).collect();
        let adjudicator = match (explicit, judged.first()) {
            (Some((a, s)), Some(j)) if &a != j => {
                let d = Diagnostic::error(
                    codes::ADJUDICATOR_MISMATCH,
                    format!("`adjudicator` says {a}, but the clause's `judged(...)` says {j}"),
                )
                .at(s, "differs from `judged`")
                .also(when.loc.span, "judgement here");
                self.error(d);
                return None;
            }
            (Some((a, _)), _) => a,
            (None, Some(j)) => j.clone(),
            (None, None) => {
                let d = Diagnostic::error(codes::MISSING_FIELD, "an escape clause needs an adjudicator")
                    .at(span, "who decides whether this clause applies?")
                    .help("add `adjudicator = \"...\"`, or write the judgement into `when` with `judged(\"words\", by: ACTOR)`");
                self.error(d);
                return None;
            }
        };
        Some(Escape { id: eid?.0, when, effect, adjudicator, adjudicator_basis: basis, atop })
    }

    fn scenario(&mut self, t: &Table, block: Span) -> Option<Scenario> {
        let what = "a `scenario` block";
        self.check_keys(t, SCENARIO_KEYS, what);
        let id = self.id(t, "id", what, block).map(|x| x.0);
        let title = self.req_string(t, "title", what, block).map(|x| x.0);
        let mut instruments = Vec::new();
        for (i, s) in self.strings(t, "instruments") {
            if self.instrument_ref(&i, s) {
                instruments.push(i);
            }
        }
        if t.get("instruments").is_none() {
            match &self.instrument {
                Some(i) => instruments.push(i.clone()),
                None => self.missing("instruments", "a scenario in a file without an instrument", block),
            }
        }
        let until = self.date(t, "until");
        let mut events = Vec::new();
        for (et, span) in self.tables(t, "event") {
            events.extend(self.event(et, span));
        }
        events.sort_by_key(|e| e.date);
        let mut seen = BTreeSet::new();
        for (et, span) in self.tables(t, "event") {
            if let Some((eid, s)) = self.string(et, "id")
                && !seen.insert(eid.clone())
            {
                self.error(
                    Diagnostic::error(codes::DUPLICATE_ID, format!("two events are called `{eid}`"))
                        .at(s, "duplicate")
                        .also(span, "in this event"),
                );
            }
        }
        let judgements = self.judgements(t);
        let mut overlays = Vec::new();
        let mut overlay_ids = BTreeSet::new();
        for (ot, span) in self.tables(t, "overlay") {
            self.check_keys(ot, &["id", "description", "remove", "event", "judgements"], "an `overlay`");
            let Some((oid, ospan)) = self.id(ot, "id", "an `overlay`", span) else { continue };
            if !overlay_ids.insert(oid.clone()) {
                self.error(
                    Diagnostic::error(codes::DUPLICATE_ID, format!("two overlays are called `{oid}`"))
                        .at(ospan, "duplicate"),
                );
            }
            let mut remove = Vec::new();
            for (r, s) in self.strings(ot, "remove") {
                if seen.contains(&r) {
                    remove.push(r);
                } else {
                    let d = Diagnostic::error(codes::UNKNOWN_REFERENCE, format!("the baseline has no event `{r}`"))
                        .at(s, "no such event")
                        .suggest(did_you_mean(&r, seen.iter().map(String::as_str)));
                    self.error(d);
                }
            }
            let mut add = Vec::new();
            for (et, es) in self.tables(ot, "event") {
                add.extend(self.event(et, es));
            }
            let judgements = self.judgements(ot);
            overlays.push(Overlay {
                id: oid,
                description: self.string(ot, "description").map(|x| x.0),
                remove,
                add,
                judgements,
                loc: self.loc(span),
            });
        }
        if let (Some(u), Some(last)) = (until, events.iter().map(|e| e.date).max())
            && u < last
        {
            let span = t.get("until").map_or(block, |v| v.span);
            self.error(
                Diagnostic::error(codes::DATE_ORDER, format!("`until` {u} is before the last event on {last}"))
                    .at(span, "too early"),
            );
        }
        Some(Scenario {
            id: id?,
            title: title?,
            instruments,
            until,
            events,
            judgements,
            overlays,
            loc: self.loc(block),
        })
    }

    fn judgements(&mut self, t: &Table) -> Vec<Judgement> {
        let Some((jt, _)) = self.table(t, "judgements") else { return Vec::new() };
        let mut out = Vec::new();
        for (k, v) in &jt.entries {
            match &v.kind {
                ValueKind::Bool(b) => out.push(Judgement { words: k.name.clone(), value: *b, by: None, from: None }),
                ValueKind::Table(vt) => {
                    self.check_keys(vt, &["value", "by", "from"], "a judgement");
                    let value = self.boolean(vt, "value");
                    if vt.get("value").is_none() {
                        self.missing("value", "a judgement", v.span);
                    }
                    let by = match self.string(vt, "by") {
                        Some((b, s)) => self.actor_id(&b, s).then_some(b),
                        None => None,
                    };
                    let from = self.date(vt, "from");
                    if let Some(value) = value {
                        out.push(Judgement { words: k.name.clone(), value, by, from });
                    }
                }
                _ => self.wrong_type(&k.name, v, "true, false or `{ value, by, from }`"),
            }
        }
        out
    }

    fn event(&mut self, t: &Table, span: Span) -> Option<Event> {
        let kind = self.req_keyword::<EventKind>(t, "kind", "an event", span)?;
        let mut known: Vec<&str> = EVENT_COMMON_KEYS.to_vec();
        known.extend(kind.fields().iter().map(|f| f.keyword()).filter(|f| *f != "region"));
        self.check_keys(t, &known, &format!("a `{kind}` event"));
        let date = match t.get("date") {
            Some(v) => self.date_value("date", v),
            None => {
                self.missing("date", "an event", span);
                None
            }
        };
        let id = match self.string(t, "id") {
            Some((s, _)) if is_id(&s) => Some(s),
            Some((s, sp)) => {
                self.error(
                    Diagnostic::error(codes::BAD_ID, format!("`{s}` is not a valid id"))
                        .at(sp, "ids are lower-case words joined by `-`"),
                );
                None
            }
            None => None,
        };
        let actor = |this: &mut Self, key: &str| -> Option<String> {
            let (a, s) = this.string(t, key)?;
            this.actor_id(&a, s).then_some(a)
        };
        let by = actor(self, "by");
        let target = actor(self, "target");
        let who = actor(self, "actor");
        let place = match self.string(t, "place") {
            Some((p, s)) => self.place_ref(&p, s, &[]),
            None => None,
        };
        let mut between = Vec::new();
        for (b, s) in self.strings(t, "between") {
            if self.actor_id(&b, s) {
                between.push(b);
            }
        }
        let instrument = match self.string(t, "instrument") {
            Some((i, s)) => self.instrument_ref(&i, s).then_some(i),
            None => None,
        };
        let commitment = match self.string(t, "commitment") {
            Some((c, s)) => self.commitment_ref(&c, s),
            None => None,
        };
        let size = match t.get("size") {
            Some(Value { kind: ValueKind::Integer(n), .. }) => Some(*n as f64),
            Some(Value { kind: ValueKind::Float(f), .. }) => Some(*f),
            Some(v) => {
                self.wrong_type("size", v, "a number");
                None
            }
            None => None,
        };
        Some(Event {
            id,
            date: date?,
            kind,
            by,
            target,
            place,
            scale: self.keyword::<Scale>(t, "scale"),
            intent: self.keyword::<Intent>(t, "intent"),
            duration: self.keyword::<AttackDuration>(t, "duration"),
            nuclear: self.boolean(t, "nuclear"),
            between,
            instrument,
            result: self.keyword::<VoteResult>(t, "result"),
            commitment,
            size,
            actor: who,
            stance: self.keyword::<Stance>(t, "stance"),
            note: self.string(t, "note").map(|x| x.0),
            loc: self.loc(span),
        })
    }

    fn expect(&mut self, t: &Table, block: Span, scenarios: &[Scenario]) -> Option<Expectation> {
        let what = "an `expect` block";
        self.check_keys(t, &["scenario", "overlay", "state"], what);
        let (sid, sspan) = self.req_string(t, "scenario", what, block)?;
        let Some(sc) = scenarios.iter().find(|s| s.id == sid) else {
            let d = Diagnostic::error(codes::UNKNOWN_REFERENCE, format!("no scenario `{sid}` in this file"))
                .at(sspan, "unknown scenario")
                .suggest(did_you_mean(&sid, scenarios.iter().map(|s| s.id.as_str())));
            self.error(d);
            return None;
        };
        let overlay = match self.string(t, "overlay") {
            Some((o, s)) => {
                if !sc.overlays.iter().any(|x| x.id == o) {
                    let d =
                        Diagnostic::error(codes::UNKNOWN_REFERENCE, format!("scenario `{sid}` has no overlay `{o}`"))
                            .at(s, "unknown overlay")
                            .suggest(did_you_mean(&o, sc.overlays.iter().map(|x| x.id.as_str())));
                    self.error(d);
                    return None;
                }
                Some(o)
            }
            None => None,
        };
        let mut states = Vec::new();
        for (st, span) in self.tables(t, "state") {
            self.check_keys(st, &["commitment", "guarantor", "on", "state", "branches"], "an expected `state`");
            let w = "an expected `state`";
            let c = self.req_string(st, "commitment", w, span).and_then(|(c, s)| self.commitment_ref(&c, s));
            let g = self.req_string(st, "guarantor", w, span).and_then(|(g, s)| self.actor_id(&g, s).then_some(g));
            let on = match st.get("on") {
                Some(v) => self.date_value("on", v),
                None => {
                    self.missing("on", w, span);
                    None
                }
            };
            let state = self.req_keyword::<CommitmentState>(st, "state", w, span);
            let branches = self.keyword_list::<CommitmentState>(st, "branches");
            if let (Some(commitment), Some(guarantor), Some(on), Some(state)) = (c, g, on, state) {
                states.push(ExpectedState { commitment, guarantor, on, state, branches, loc: self.loc(span) });
            }
        }
        Some(Expectation { scenario: sid, overlay, states, loc: self.loc(block) })
    }

    /// Lowers every block of the document.
    pub fn lower(&mut self, declared: Vec<Actor>) -> FileModel {
        let mut out = FileModel::default();
        let doc = self.doc;
        let mut commitments = Vec::new();
        let mut seen: BTreeMap<(BlockTag, String), Span> = BTreeMap::new();
        for b in &doc.blocks {
            let Some(t) = &b.table else { continue };
            if let Some(v) = t.get("id")
                && let Some(id) = v.as_str()
                && matches!(b.tag, BlockTag::Commitment | BlockTag::Scenario | BlockTag::Party)
                && let Some(first) = seen.insert((b.tag, id.to_string()), v.span)
            {
                let d =
                    Diagnostic::error(codes::DUPLICATE_ID, format!("two {} blocks are called `{id}`", b.tag.name()))
                        .at(v.span, "duplicate id")
                        .also(first, "first used here");
                self.error(d);
                continue;
            }
            match b.tag {
                BlockTag::Instrument => {
                    if out.instrument.is_none() {
                        out.instrument = self.instrument_block(t, b.span, declared.clone());
                    }
                }
                BlockTag::Commitment => commitments.extend(self.commitment(t, b.span)),
                BlockTag::Scenario => out.scenarios.extend(self.scenario(t, b.span)),
                BlockTag::Party | BlockTag::Expect => {}
            }
        }
        for b in &doc.blocks {
            if b.tag == BlockTag::Expect
                && let Some(t) = &b.table
            {
                let scen = std::mem::take(&mut out.scenarios);
                out.expectations.extend(self.expect(t, b.span, &scen));
                out.scenarios = scen;
            }
        }
        if let Some(i) = out.instrument.as_mut() {
            i.commitments = commitments;
        }
        out
    }
}

/// Parses an `ordered` value: `large` or `>= large`.
fn ordered(v: &ArgValue) -> Option<(Cmp, String, std::ops::Range<usize>)> {
    match v {
        ArgValue::Name(i) => Some((Cmp::Eq, i.name.clone(), i.span.clone())),
        ArgValue::Cmp(op, inner, _) => match inner.as_ref() {
            ArgValue::Name(i) => Some(((*op).into(), i.name.clone(), i.span.clone())),
            _ => None,
        },
        _ => None,
    }
}

fn field_names(kind: EventKind) -> String {
    kind.fields().iter().map(|f| f.keyword()).collect::<Vec<_>>().join(", ")
}

fn suggest_id(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}
