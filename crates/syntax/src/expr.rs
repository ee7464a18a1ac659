//! The expression language of triggers, conditions and escape clauses.
//!
//! Hand-written lexer and recursive-descent parser. Spans are byte ranges into the
//! expression string; the caller shifts them into the file. Names are not resolved here
//! (that is the model's job): this module only knows the grammar in docs/format.md.

use std::ops::Range;

use crate::limits::{MAX_EXPR_BYTES, MAX_EXPR_DEPTH};

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum CmpOp {
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "==")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
        }
    }

    /// Whether `ord` (left compared with right) satisfies the operator.
    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            CmpOp::Lt => ord == Less,
            CmpOp::Le => ord != Greater,
            CmpOp::Gt => ord == Greater,
            CmpOp::Ge => ord != Less,
            CmpOp::Eq => ord == Equal,
            CmpOp::Ne => ord != Equal,
        }
    }
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Bool(bool, Range<usize>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>, Range<usize>),
    Call(Call),
    /// `date OP DATE`
    DateCmp {
        op: CmpOp,
        date: DateLit,
        span: Range<usize>,
    },
}

impl Expr {
    pub fn span(&self) -> Range<usize> {
        match self {
            Expr::Bool(_, s) | Expr::Not(_, s) | Expr::DateCmp { span: s, .. } => s.clone(),
            Expr::Call(c) => c.span.clone(),
            Expr::And(xs) | Expr::Or(xs) => {
                let a = xs.first().map_or(0, |x| x.span().start);
                let b = xs.last().map_or(0, |x| x.span().end);
                a..b
            }
        }
    }
}

/// A name with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Range<usize>,
}

/// `name(args)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: Ident,
    pub args: Vec<Arg>,
    pub span: Range<usize>,
}

/// `[name:] value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: Option<Ident>,
    pub value: ArgValue,
    pub span: Range<usize>,
}

/// A date literal as written; the model validates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateLit {
    pub text: String,
    pub span: Range<usize>,
}

/// Argument values.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    Name(Ident),
    Str(String, Range<usize>),
    Date(DateLit),
    Duration(String, Range<usize>),
    Number(f64, Range<usize>),
    Bool(bool, Range<usize>),
    Set(Vec<ArgValue>, Range<usize>),
    Cmp(CmpOp, Box<ArgValue>, Range<usize>),
}

impl ArgValue {
    pub fn span(&self) -> Range<usize> {
        match self {
            ArgValue::Name(i) => i.span.clone(),
            ArgValue::Date(d) => d.span.clone(),
            ArgValue::Str(_, s)
            | ArgValue::Duration(_, s)
            | ArgValue::Number(_, s)
            | ArgValue::Bool(_, s)
            | ArgValue::Set(_, s)
            | ArgValue::Cmp(_, _, s) => s.clone(),
        }
    }
}

/// A syntax error in an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    pub message: String,
    pub span: Range<usize>,
    /// True when the error is the nesting limit.
    pub too_deep: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Name(String),
    Str(String),
    Date(String),
    Duration(String),
    Number(f64),
    LParen,
    RParen,
    LBrace,
    RBrace,
    Comma,
    Colon,
    Cmp(CmpOp),
    Eof,
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Name(n) => format!("`{n}`"),
        Tok::Str(_) => "a string".into(),
        Tok::Date(d) => format!("the date {d}"),
        Tok::Duration(d) => format!("the duration {d}"),
        Tok::Number(_) => "a number".into(),
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::LBrace => "`{`".into(),
        Tok::RBrace => "`}`".into(),
        Tok::Comma => "`,`".into(),
        Tok::Colon => "`:`".into(),
        Tok::Cmp(op) => format!("`{}`", op.symbol()),
        Tok::Eof => "the end of the expression".into(),
    }
}

fn err(message: impl Into<String>, span: Range<usize>) -> ExprError {
    ExprError { message: message.into(), span, too_deep: false }
}

fn lex(src: &str) -> Result<Vec<(Tok, Range<usize>)>, ExprError> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let single = match c {
            b'(' => Some(Tok::LParen),
            b')' => Some(Tok::RParen),
            b'{' => Some(Tok::LBrace),
            b'}' => Some(Tok::RBrace),
            b',' => Some(Tok::Comma),
            b':' => Some(Tok::Colon),
            _ => None,
        };
        if let Some(t) = single {
            out.push((t, i..i + 1));
            i += 1;
            continue;
        }
        match c {
            b'<' | b'>' | b'=' | b'!' => {
                let two = b.get(i + 1) == Some(&b'=');
                let op = match (c, two) {
                    (b'<', false) => CmpOp::Lt,
                    (b'<', true) => CmpOp::Le,
                    (b'>', false) => CmpOp::Gt,
                    (b'>', true) => CmpOp::Ge,
                    (b'=', true) => CmpOp::Eq,
                    (b'!', true) => CmpOp::Ne,
                    _ => {
                        return Err(err(
                            format!("unexpected `{}`; comparisons are < <= > >= == !=", c as char),
                            i..i + 1,
                        ));
                    }
                };
                let n = if two { 2 } else { 1 };
                out.push((Tok::Cmp(op), i..i + n));
                i += n;
            }
            b'"' => {
                i += 1;
                let mut s = String::new();
                loop {
                    match b.get(i) {
                        None => return Err(err("unterminated string", start..b.len())),
                        Some(b'"') => {
                            i += 1;
                            break;
                        }
                        Some(b'\\') => {
                            match b.get(i + 1) {
                                Some(b'"') => s.push('"'),
                                Some(b'\\') => s.push('\\'),
                                _ => return Err(err("only \\\" and \\\\ escapes are allowed in strings", i..i + 2)),
                            }
                            i += 2;
                        }
                        Some(_) => {
                            // Copy one whole UTF-8 character.
                            let ch = src[i..].chars().next().unwrap_or('\u{FFFD}');
                            s.push(ch);
                            i += ch.len_utf8();
                        }
                    }
                }
                out.push((Tok::Str(s), start..i));
            }
            b'0'..=b'9' => {
                while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'-' || b[i] == b'.') {
                    i += 1;
                }
                let text = &src[start..i];
                let is_date = text.len() == 10
                    && text.as_bytes()[4] == b'-'
                    && text.as_bytes()[7] == b'-'
                    && text.bytes().enumerate().all(|(k, c)| k == 4 || k == 7 || c.is_ascii_digit());
                if is_date {
                    out.push((Tok::Date(text.to_string()), start..i));
                } else if text.contains('-') {
                    return Err(err(format!("`{text}` is not a date; write dates as YYYY-MM-DD"), start..i));
                } else {
                    let n: f64 = text.parse().map_err(|_| err(format!("`{text}` is not a number"), start..i))?;
                    out.push((Tok::Number(n), start..i));
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b'_' || b[i] == b'#') {
                    i += 1;
                }
                let text = &src[start..i];
                let is_duration = text.len() > 1
                    && text.starts_with('P')
                    && text[1..].bytes().next().is_some_and(|c| c.is_ascii_digit() || c == b'T');
                if is_duration {
                    out.push((Tok::Duration(text.to_string()), start..i));
                } else {
                    out.push((Tok::Name(text.to_string()), start..i));
                }
            }
            _ => {
                let ch = src[i..].chars().next().unwrap_or('?');
                let hint = match ch {
                    '&' => "; write `and`",
                    '|' => "; write `or`",
                    '\'' => "; strings use double quotes",
                    _ => "",
                };
                return Err(err(format!("unexpected character `{ch}`{hint}"), i..i + ch.len_utf8()));
            }
        }
    }
    out.push((Tok::Eof, b.len()..b.len()));
    Ok(out)
}

struct P {
    toks: Vec<(Tok, Range<usize>)>,
    pos: usize,
    depth: usize,
}

impl P {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos.min(self.toks.len() - 1)].0
    }

    fn span(&self) -> Range<usize> {
        self.toks[self.pos.min(self.toks.len() - 1)].1.clone()
    }

    fn bump(&mut self) -> (Tok, Range<usize>) {
        let t = self.toks[self.pos.min(self.toks.len() - 1)].clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn is_kw(&self, kw: &str) -> bool {
        matches!(self.peek(), Tok::Name(n) if n == kw)
    }

    fn enter(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_EXPR_DEPTH {
            return Err(ExprError {
                message: format!("expression nested deeper than {MAX_EXPR_DEPTH} levels"),
                span: self.span(),
                too_deep: true,
            });
        }
        Ok(())
    }

    fn expect(&mut self, want: Tok, what: &str) -> Result<Range<usize>, ExprError> {
        if *self.peek() == want {
            Ok(self.bump().1)
        } else {
            Err(err(format!("expected {what}, found {}", describe(self.peek())), self.span()))
        }
    }

    fn or(&mut self) -> Result<Expr, ExprError> {
        self.enter()?;
        let mut xs = vec![self.and()?];
        while self.is_kw("or") {
            self.bump();
            xs.push(self.and()?);
        }
        self.depth -= 1;
        Ok(if xs.len() == 1 { xs.remove(0) } else { Expr::Or(xs) })
    }

    fn and(&mut self) -> Result<Expr, ExprError> {
        let mut xs = vec![self.not()?];
        while self.is_kw("and") {
            self.bump();
            xs.push(self.not()?);
        }
        Ok(if xs.len() == 1 { xs.remove(0) } else { Expr::And(xs) })
    }

    fn not(&mut self) -> Result<Expr, ExprError> {
        if self.is_kw("not") {
            self.enter()?;
            let (_, s) = self.bump();
            let inner = self.not()?;
            self.depth -= 1;
            let span = s.start..inner.span().end;
            return Ok(Expr::Not(Box::new(inner), span));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, ExprError> {
        let (tok, span) = self.bump();
        match tok {
            Tok::LParen => {
                let e = self.or()?;
                self.expect(Tok::RParen, "`)`")?;
                Ok(e)
            }
            Tok::Name(n) if n == "true" || n == "false" => Ok(Expr::Bool(n == "true", span)),
            Tok::Name(n) if n == "date" => {
                let (op, _) = match self.bump() {
                    (Tok::Cmp(op), s) => (op, s),
                    (t, s) => {
                        return Err(err(format!("expected a comparison after `date`, found {}", describe(&t)), s));
                    }
                };
                match self.bump() {
                    (Tok::Date(d), s) => {
                        Ok(Expr::DateCmp { op, date: DateLit { text: d, span: s.clone() }, span: span.start..s.end })
                    }
                    (t, s) => Err(err(format!("expected a date (YYYY-MM-DD), found {}", describe(&t)), s)),
                }
            }
            Tok::Name(n) if n == "and" || n == "or" => Err(err(format!("`{n}` needs something on its left"), span)),
            Tok::Name(n) => {
                if *self.peek() != Tok::LParen {
                    return Err(err(format!("`{n}` on its own is not a condition; call it, as in `{n}(...)`"), span));
                }
                self.bump();
                let mut args = Vec::new();
                if *self.peek() != Tok::RParen {
                    loop {
                        args.push(self.arg()?);
                        if *self.peek() == Tok::Comma {
                            self.bump();
                            continue;
                        }
                        break;
                    }
                }
                let close = self.expect(Tok::RParen, "`,` or `)`")?;
                Ok(Expr::Call(Call { name: Ident { name: n, span: span.clone() }, args, span: span.start..close.end }))
            }
            t => Err(err(format!("expected a condition, found {}", describe(&t)), span)),
        }
    }

    fn arg(&mut self) -> Result<Arg, ExprError> {
        let start = self.span().start;
        let name = if let (Tok::Name(n), Some((Tok::Colon, _))) = (self.peek().clone(), self.toks.get(self.pos + 1)) {
            let (_, s) = self.bump();
            self.bump();
            Some(Ident { name: n, span: s })
        } else {
            None
        };
        let value = self.value()?;
        let end = value.span().end;
        Ok(Arg { name, value, span: start..end })
    }

    fn value(&mut self) -> Result<ArgValue, ExprError> {
        let (tok, span) = self.bump();
        Ok(match tok {
            Tok::Name(n) if n == "true" || n == "false" => ArgValue::Bool(n == "true", span),
            Tok::Name(n) => ArgValue::Name(Ident { name: n, span }),
            Tok::Str(s) => ArgValue::Str(s, span),
            Tok::Date(d) => ArgValue::Date(DateLit { text: d, span }),
            Tok::Duration(d) => ArgValue::Duration(d, span),
            Tok::Number(n) => ArgValue::Number(n, span),
            Tok::Cmp(op) => {
                self.enter()?;
                let v = self.value()?;
                self.depth -= 1;
                let s = span.start..v.span().end;
                ArgValue::Cmp(op, Box::new(v), s)
            }
            Tok::LBrace => {
                self.enter()?;
                let mut items = Vec::new();
                loop {
                    items.push(self.value()?);
                    if *self.peek() == Tok::Comma {
                        self.bump();
                        continue;
                    }
                    break;
                }
                let close = self.expect(Tok::RBrace, "`,` or `}`")?;
                self.depth -= 1;
                ArgValue::Set(items, span.start..close.end)
            }
            t => return Err(err(format!("expected a value, found {}", describe(&t)), span)),
        })
    }
}

/// Parses an expression.
pub fn parse_expr(src: &str) -> Result<Expr, ExprError> {
    if src.len() > MAX_EXPR_BYTES {
        return Err(err(format!("expression longer than {MAX_EXPR_BYTES} bytes"), 0..0));
    }
    if src.trim().is_empty() {
        return Err(err("empty expression", 0..src.len()));
    }
    let toks = lex(src)?;
    let mut p = P { toks, pos: 0, depth: 0 };
    let e = p.or()?;
    if *p.peek() != Tok::Eof {
        let hint = match p.peek() {
            Tok::Name(_) | Tok::LParen => "; join conditions with `and` or `or`",
            _ => "",
        };
        return Err(err(format!("unexpected {}{hint}", describe(p.peek())), p.span()));
    }
    Ok(e)
}

/// Prints an expression back in canonical form (used for the JSON `text` field and for
/// the parse ∘ print law).
pub fn print(e: &Expr) -> String {
    fn val(v: &ArgValue, out: &mut String) {
        match v {
            ArgValue::Name(i) => out.push_str(&i.name),
            ArgValue::Str(s, _) => {
                out.push('"');
                out.push_str(&s.replace('\\', "\\\\").replace('"', "\\\""));
                out.push('"');
            }
            ArgValue::Date(d) => out.push_str(&d.text),
            ArgValue::Duration(d, _) => out.push_str(d),
            ArgValue::Number(n, _) => out.push_str(&n.to_string()),
            ArgValue::Bool(b, _) => out.push_str(if *b { "true" } else { "false" }),
            ArgValue::Set(xs, _) => {
                out.push('{');
                for (i, x) in xs.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    val(x, out);
                }
                out.push('}');
            }
            ArgValue::Cmp(op, v, _) => {
                out.push_str(op.symbol());
                out.push(' ');
                val(v, out);
            }
        }
    }
    fn go(e: &Expr, out: &mut String, parent: u8) {
        match e {
            Expr::Bool(b, _) => out.push_str(if *b { "true" } else { "false" }),
            Expr::Or(xs) | Expr::And(xs) => {
                let (word, prec) = if matches!(e, Expr::Or(_)) { (" or ", 1) } else { (" and ", 2) };
                if parent > prec {
                    out.push('(');
                }
                for (i, x) in xs.iter().enumerate() {
                    if i > 0 {
                        out.push_str(word);
                    }
                    go(x, out, prec + 1);
                }
                if parent > prec {
                    out.push(')');
                }
            }
            Expr::Not(x, _) => {
                out.push_str("not ");
                go(x, out, 3);
            }
            Expr::Call(c) => {
                out.push_str(&c.name.name);
                out.push('(');
                for (i, a) in c.args.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if let Some(n) = &a.name {
                        out.push_str(&n.name);
                        out.push_str(": ");
                    }
                    val(&a.value, out);
                }
                out.push(')');
            }
            Expr::DateCmp { op, date, .. } => {
                out.push_str("date ");
                out.push_str(op.symbol());
                out.push(' ');
                out.push_str(&date.text);
            }
        }
    }
    let mut out = String::new();
    go(e, &mut out, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_moscow_clause() {
        let src = r#"strike(by: beneficiary, place: {moscow, st-petersburg}) and judged("without cause", by: USA)"#;
        let e = parse_expr(src).unwrap();
        let Expr::And(xs) = &e else { panic!("{e:?}") };
        assert_eq!(xs.len(), 2);
        assert_eq!(print(&e), src);
    }

    #[test]
    fn precedence_and_parentheses() {
        let e = parse_expr("a() or b() and not c()").unwrap();
        assert_eq!(print(&e), "a() or b() and not c()");
        let e = parse_expr("(a() or b()) and c()").unwrap();
        assert_eq!(print(&e), "(a() or b()) and c()");
    }

    #[test]
    fn comparisons_dates_durations() {
        let e = parse_expr("armed_attack(scale: >= large) and date < 2026-01-06").unwrap();
        assert_eq!(print(&e), "armed_attack(scale: >= large) and date < 2026-01-06");
        assert!(parse_expr("within(P10Y)").is_ok());
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse_expr("a() b()").unwrap_err();
        assert_eq!(e.span, 4..5);
        assert!(e.message.contains("`and`"));
        let e = parse_expr("a(x: 2026-13)").unwrap_err();
        assert!(e.message.contains("YYYY-MM-DD"));
        assert!(parse_expr("a() && b()").unwrap_err().message.contains("`and`"));
        assert!(parse_expr("").is_err());
        assert!(parse_expr("\"unterminated").is_err());
    }

    #[test]
    fn depth_is_bounded() {
        let src = format!("{}a(){}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse_expr(&src).unwrap_err().too_deep);
        let src = format!("{}a()", "not ".repeat(10_000));
        assert!(parse_expr(&src).unwrap_err().too_deep);
        let src = format!("a(x: {}b{})", "{".repeat(10_000), "}".repeat(10_000));
        assert!(parse_expr(&src).unwrap_err().too_deep);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,80}") {
            let _ = parse_expr(&s);
        }

        #[test]
        fn print_then_parse_is_stable(s in "[a-c()\\{\\}, :<>=!\"0-9-]{0,40}|(not )?[a-z]{1,3}\\(([a-z]{1,3}: [a-z]{1,3})?\\)( (and|or) [a-z]\\(\\))*") {
            if let Ok(e) = parse_expr(&s) {
                let printed = print(&e);
                let again = parse_expr(&printed).expect("printed form parses");
                proptest::prop_assert_eq!(print(&again), printed);
            }
        }
    }
}
