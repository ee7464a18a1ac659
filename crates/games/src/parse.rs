//! Reader for Gambit's `.efg` (version 2) and `.nfg` (version 1) files.
//!
//! A hand-written byte-level lexer mirrors Gambit's own tokeniser (quoted labels with `\"`
//! escapes, numbers as integers, `p/q` rationals and decimals with exponents, `,` separators)
//! so that every file Gambit reads is read the same way. Every failure is a located
//! [`ParseError`]; nothing here panics on bad input, and trees are built without recursion so
//! deep files cannot overflow the stack.

use crate::game::{Body, Game, Infoset, Node, Outcome, Table, Tree};
use crate::rational::Q;
use std::collections::HashMap;
use std::fmt;

/// A located error in a game file (1-based line and column of the offending token).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Number,
    Text,
    Symbol,
    LBrace,
    RBrace,
    Comma,
    Eof,
}

struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    line: usize,
    line_start: usize,
    tok: Tok,
    /// Start of the current token's raw bytes (numbers and symbols).
    raw: (usize, usize),
    text: String,
    tok_line: usize,
    tok_col: usize,
}

type R<T> = Result<T, ParseError>;

impl<'a> Lexer<'a> {
    fn new(src: &'a [u8]) -> Self {
        Lexer {
            src,
            pos: 0,
            line: 1,
            line_start: 0,
            tok: Tok::Eof,
            raw: (0, 0),
            text: String::new(),
            tok_line: 1,
            tok_col: 1,
        }
    }

    fn err<T>(&self, msg: impl Into<String>) -> R<T> {
        Err(ParseError { line: self.tok_line, column: self.tok_col, message: msg.into() })
    }

    fn raw(&self) -> &str {
        // Raw spans are made of ASCII bytes checked by the lexer, or of a UTF-8 source slice
        // cut at ASCII boundaries.
        std::str::from_utf8(&self.src[self.raw.0..self.raw.1]).unwrap_or("")
    }

    fn skip_space(&mut self) {
        while self.pos < self.src.len() {
            let c = self.src[self.pos];
            if c == b'\n' {
                self.line += 1;
                self.line_start = self.pos + 1;
            } else if !c.is_ascii_whitespace() {
                break;
            }
            self.pos += 1;
        }
    }

    fn digits(&mut self) {
        while self.pos < self.src.len() && self.src[self.pos].is_ascii_digit() {
            self.pos += 1;
        }
    }

    fn next(&mut self) -> R<Tok> {
        self.skip_space();
        self.tok_line = self.line;
        self.tok_col = self.pos - self.line_start + 1;
        let start = self.pos;
        if self.pos >= self.src.len() {
            self.tok = Tok::Eof;
            return Ok(Tok::Eof);
        }
        let c = self.src[self.pos];
        self.pos += 1;
        self.tok = match c {
            b'{' => Tok::LBrace,
            b'}' => Tok::RBrace,
            b',' => Tok::Comma,
            b'0'..=b'9' | b'-' | b'+' | b'.' => {
                if c != b'.' {
                    self.digits();
                }
                if self.pos < self.src.len() {
                    match self.src[self.pos] {
                        b'.' if c != b'.' => {
                            self.pos += 1;
                            self.digits();
                            self.exponent()?;
                        }
                        b'/' if c != b'.' => {
                            self.pos += 1;
                            self.digits();
                        }
                        b'e' | b'E' if c != b'.' => self.exponent()?,
                        _ if c == b'.' => self.digits(),
                        _ => {}
                    }
                }
                self.raw = (start, self.pos);
                Tok::Number
            }
            b'"' => {
                self.text.clear();
                let mut buf: Vec<u8> = Vec::new();
                let mut lastslash = false;
                loop {
                    if self.pos >= self.src.len() {
                        return self.err("end of file inside a quoted label");
                    }
                    let a = self.src[self.pos];
                    self.pos += 1;
                    if a == b'\n' {
                        self.line += 1;
                        self.line_start = self.pos;
                    }
                    if a == b'"' && !lastslash {
                        break;
                    }
                    // As Gambit: `\"` is a quote, `\x` keeps the backslash, a lone `\` waits.
                    if lastslash && a == b'"' {
                        buf.push(b'"');
                    } else if lastslash {
                        buf.push(b'\\');
                        buf.push(a);
                    } else if a != b'\\' {
                        buf.push(a);
                    }
                    lastslash = a == b'\\';
                }
                self.text = match String::from_utf8(buf) {
                    Ok(s) => s,
                    Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
                };
                Tok::Text
            }
            _ => {
                while self.pos < self.src.len() && !self.src[self.pos].is_ascii_whitespace() {
                    self.pos += 1;
                }
                self.raw = (start, self.pos);
                Tok::Symbol
            }
        };
        Ok(self.tok)
    }

    fn exponent(&mut self) -> R<()> {
        if self.pos < self.src.len() && matches!(self.src[self.pos], b'e' | b'E') {
            self.pos += 1;
            match self.src.get(self.pos) {
                Some(b'+' | b'-' | b'0'..=b'9') => self.pos += 1,
                _ => return self.err("invalid exponent in number"),
            }
            self.digits();
        }
        Ok(())
    }

    fn expect(&mut self, t: Tok, what: &str) -> R<()> {
        if self.next()? != t {
            return self.err(format!("expected {what}, found {}", self.describe()));
        }
        Ok(())
    }

    fn expect_current(&self, t: Tok, what: &str) -> R<()> {
        if self.tok != t {
            return self.err(format!("expected {what}, found {}", self.describe()));
        }
        Ok(())
    }

    fn describe(&self) -> String {
        match self.tok {
            Tok::Number => format!("number '{}'", self.raw()),
            Tok::Text => format!("label \"{}\"", self.text),
            Tok::Symbol => format!("'{}'", self.raw().chars().take(40).collect::<String>()),
            Tok::LBrace => "'{'".into(),
            Tok::RBrace => "'}'".into(),
            Tok::Comma => "','".into(),
            Tok::Eof => "end of file".into(),
        }
    }

    fn number(&self) -> R<Q> {
        match Q::parse(self.raw()) {
            Some(q) => Ok(q),
            None => self.err(format!("invalid number '{}'", self.raw())),
        }
    }

    /// The current number token as a non-negative index no larger than `max`.
    fn index(&self, what: &str, max: usize) -> R<usize> {
        if self.tok != Tok::Number {
            return self.err(format!("expected {what}, found {}", self.describe()));
        }
        match self.raw().parse::<usize>() {
            Ok(v) if v <= max => Ok(v),
            _ => self.err(format!("invalid {what} '{}'", self.raw())),
        }
    }
}

/// Reads a game from Gambit file text, choosing the format by its header.
pub fn read_game(src: &str) -> Result<Game, ParseError> {
    read_game_bytes(src.as_bytes())
}

/// Reads a game from raw bytes (labels that are not UTF-8 are converted lossily).
pub fn read_game_bytes(src: &[u8]) -> Result<Game, ParseError> {
    let mut lx = Lexer::new(src);
    lx.next()?;
    if lx.tok == Tok::Symbol && lx.raw() == "EFG" {
        read_efg(&mut lx)
    } else if lx.tok == Tok::Symbol && lx.raw() == "NFG" {
        read_nfg(&mut lx)
    } else if lx.tok == Tok::Eof {
        lx.err("empty file")
    } else {
        lx.err("expected file type 'EFG' or 'NFG'")
    }
}

fn header(lx: &mut Lexer, version: &str, kind: &str) -> R<(String, Vec<String>)> {
    if lx.next()? != Tok::Number || lx.raw() != version {
        return lx.err(format!("accepting only {kind} version {version}"));
    }
    if lx.next()? != Tok::Symbol || !matches!(lx.raw(), "R" | "D") {
        return lx.err(format!("accepting only {kind} data type R or D"));
    }
    lx.expect(Tok::Text, "game title")?;
    let title = std::mem::take(&mut lx.text);
    lx.expect(Tok::LBrace, "'{' before player names")?;
    let mut players = Vec::new();
    while lx.next()? == Tok::Text {
        players.push(std::mem::take(&mut lx.text));
    }
    lx.expect_current(Tok::RBrace, "player name or '}'")?;
    Ok((title, players))
}

fn read_nfg(lx: &mut Lexer) -> R<Game> {
    let (title, players) = header(lx, "1", "NFG")?;
    if players.is_empty() {
        return lx.err("a game needs at least one player");
    }
    lx.expect(Tok::LBrace, "'{' before strategies")?;
    let mut strategies: Vec<Vec<String>> = Vec::new();
    if lx.next()? == Tok::LBrace {
        for _ in 0..players.len() {
            lx.expect_current(Tok::LBrace, "'{' before a player's strategy labels")?;
            let mut list = Vec::new();
            while lx.next()? == Tok::Text {
                list.push(std::mem::take(&mut lx.text));
            }
            lx.expect_current(Tok::RBrace, "strategy label or '}'")?;
            if list.is_empty() {
                return lx.err("a player needs at least one strategy");
            }
            strategies.push(list);
            lx.next()?;
        }
    } else {
        for _ in 0..players.len() {
            let k = lx.index("number of strategies", usize::MAX)?;
            if k == 0 {
                return lx.err("a player needs at least one strategy");
            }
            if k > lx.src.len() {
                return lx.err(format!("{k} strategies cannot fit in a file of this size"));
            }
            strategies.push((1..=k).map(|s| s.to_string()).collect());
            lx.next()?;
        }
    }
    lx.expect_current(Tok::RBrace, "'}' after strategies")?;
    let mut comment = String::new();
    if lx.next()? == Tok::Text {
        comment = std::mem::take(&mut lx.text);
        lx.next()?;
    }
    // Each contingency takes at least two bytes of file, which bounds the table's size before
    // anything is allocated.
    let mut ncells: usize = 1;
    for s in &strategies {
        ncells = match ncells.checked_mul(s.len()) {
            Some(v) if v <= lx.src.len() => v,
            _ => return lx.err("the strategy table has more contingencies than the file has room for"),
        };
    }
    let n = players.len();
    let mut outcomes = Vec::new();
    let mut cells = Vec::with_capacity(ncells);
    let outcome_form = match lx.tok {
        Tok::LBrace => true,
        Tok::Number => false,
        _ => return lx.err(format!("expected outcome list or payoffs, found {}", lx.describe())),
    };
    if outcome_form {
        lx.next()?;
        while lx.tok == Tok::LBrace {
            lx.expect(Tok::Text, "outcome label")?;
            let label = std::mem::take(&mut lx.text);
            lx.next()?;
            let mut payoffs = Vec::with_capacity(n);
            for _ in 0..n {
                lx.expect_current(Tok::Number, "numerical payoff")?;
                payoffs.push(lx.number()?);
                if lx.next()? == Tok::Comma {
                    lx.next()?;
                }
            }
            lx.expect_current(Tok::RBrace, "'}' closing the outcome")?;
            outcomes.push(Outcome { label, payoffs });
            lx.next()?;
        }
        lx.expect_current(Tok::RBrace, "'{' starting an outcome or '}' closing the list")?;
        lx.next()?;
        for _ in 0..ncells {
            let k = lx.index("outcome index", outcomes.len())?;
            cells.push(if k == 0 { None } else { Some(k - 1) });
            lx.next()?;
        }
    } else {
        for c in 0..ncells {
            let mut payoffs = Vec::with_capacity(n);
            for _ in 0..n {
                lx.expect_current(Tok::Number, "numerical payoff")?;
                payoffs.push(lx.number()?);
                lx.next()?;
            }
            outcomes.push(Outcome { label: String::new(), payoffs });
            cells.push(Some(c));
        }
    }
    lx.expect_current(Tok::Eof, "end of file")?;
    Ok(Game { title, comment, players, outcomes, body: Body::Table(Table { strategies, cells, outcome_form }) })
}

struct TreeBuilder {
    nodes: Vec<Node>,
    infosets: Vec<Infoset>,
    player_infosets: Vec<Vec<usize>>,
    chance_infosets: Vec<usize>,
    /// File numbering -> our index, keyed by (player or 0 for chance, number).
    iset_map: HashMap<(usize, usize), usize>,
    outcome_map: HashMap<usize, usize>,
    outcomes: Vec<Outcome>,
}

fn read_efg(lx: &mut Lexer) -> R<Game> {
    let (title, players) = header(lx, "2", "EFG")?;
    let n = players.len();
    let mut comment = String::new();
    if lx.next()? == Tok::Text {
        comment = std::mem::take(&mut lx.text);
        lx.next()?;
    }
    let mut b = TreeBuilder {
        nodes: Vec::new(),
        infosets: Vec::new(),
        player_infosets: vec![Vec::new(); n],
        chance_infosets: Vec::new(),
        iset_map: HashMap::new(),
        outcome_map: HashMap::new(),
        outcomes: Vec::new(),
    };
    // Stack of (parent node, next child index) still expecting children; preorder input means
    // the next node always belongs to the top entry.
    let mut pending: Vec<(usize, usize, usize)> = Vec::new();
    loop {
        let parent = match pending.last_mut() {
            Some((p, k, want)) => {
                let r = (*p, *k);
                *k += 1;
                if *k == *want {
                    pending.pop();
                }
                Some(r)
            }
            None if b.nodes.is_empty() => None,
            None => break,
        };
        let id = b.nodes.len();
        let nchildren = parse_node(lx, &mut b, n, parent)?;
        if let Some((p, _)) = parent {
            b.nodes[p].children.push(id);
        }
        if nchildren > 0 {
            pending.push((id, 0, nchildren));
        }
    }
    lx.expect_current(Tok::Eof, "end of file after the last node")?;
    Ok(Game {
        title,
        comment,
        players,
        outcomes: b.outcomes,
        body: Body::Tree(Tree {
            nodes: b.nodes,
            infosets: b.infosets,
            player_infosets: b.player_infosets,
            chance_infosets: b.chance_infosets,
        }),
    })
}

/// Parses one node whose type symbol is the current token; returns its number of children.
fn parse_node(lx: &mut Lexer, b: &mut TreeBuilder, n: usize, parent: Option<(usize, usize)>) -> R<usize> {
    if lx.tok != Tok::Symbol || !matches!(lx.raw(), "c" | "p" | "t") {
        return lx.err(format!("expected node type 'c', 'p' or 't', found {}", lx.describe()));
    }
    let kind = lx.src[lx.raw.0];
    lx.expect(Tok::Text, "node label")?;
    let label = std::mem::take(&mut lx.text);
    let id = b.nodes.len();
    b.nodes.push(Node { label, parent, infoset: None, children: Vec::new(), outcome: None });
    let mut nchildren = 0;
    if kind != b't' {
        let player = if kind == b'p' {
            lx.next()?;
            let p = lx.index("player number", n)?;
            if p == 0 {
                return lx.err("player numbers start at 1");
            }
            Some(p - 1)
        } else {
            None
        };
        lx.next()?;
        let num = lx.index("information set number", usize::MAX)?;
        let key = (player.map_or(0, |p| p + 1), num);
        let existing = b.iset_map.get(&key).copied();
        let (iline, icol) = (lx.tok_line, lx.tok_col);
        let iset = if lx.next()? == Tok::Text {
            let ilabel = std::mem::take(&mut lx.text);
            lx.expect(Tok::LBrace, "'{' before actions")?;
            lx.next()?;
            let mut actions = Vec::new();
            let mut probs = Vec::new();
            loop {
                lx.expect_current(Tok::Text, "action label")?;
                actions.push(std::mem::take(&mut lx.text));
                if player.is_none() {
                    lx.expect(Tok::Number, "action probability")?;
                    let q = lx.number()?;
                    if q.is_negative() {
                        return lx.err("chance probabilities must not be negative");
                    }
                    probs.push(q);
                }
                if lx.next()? == Tok::RBrace {
                    break;
                }
            }
            lx.next()?;
            match existing {
                Some(i) => {
                    let is = &b.infosets[i];
                    if is.label != ilabel {
                        return lx.err(format!("information set {num} is redefined with another label"));
                    }
                    if is.actions != actions {
                        return lx.err(format!("information set {num} is redefined with other actions"));
                    }
                    if player.is_none() && is.probs != probs {
                        return lx.err(format!("chance information set {num} is redefined with other probabilities"));
                    }
                    i
                }
                None => {
                    let i = b.infosets.len();
                    b.infosets.push(Infoset { player, label: ilabel, actions, probs, members: Vec::new() });
                    b.iset_map.insert(key, i);
                    match player {
                        Some(p) => b.player_infosets[p].push(i),
                        None => b.chance_infosets.push(i),
                    }
                    i
                }
            }
        } else {
            match existing {
                Some(i) => i,
                None => {
                    return Err(ParseError {
                        line: iline,
                        column: icol,
                        message: format!("information set {num} is used before it is defined"),
                    });
                }
            }
        };
        b.infosets[iset].members.push(id);
        b.nodes[id].infoset = Some(iset);
        nchildren = b.infosets[iset].actions.len();
    } else {
        lx.next()?;
    }
    // Outcome: number, then optionally label and payoffs.
    let onum = lx.index("outcome number", usize::MAX)?;
    let (oline, ocol) = (lx.tok_line, lx.tok_col);
    if lx.next()? == Tok::Text {
        if onum == 0 {
            return lx.err("the null outcome (0) cannot have a label or payoffs");
        }
        let olabel = std::mem::take(&mut lx.text);
        lx.expect(Tok::LBrace, "'{' before payoffs")?;
        lx.next()?;
        let mut payoffs = Vec::with_capacity(n);
        for _ in 0..n {
            lx.expect_current(Tok::Number, "numerical payoff")?;
            payoffs.push(lx.number()?);
            if lx.next()? == Tok::Comma {
                lx.next()?;
            }
        }
        lx.expect_current(Tok::RBrace, "'}' after payoffs")?;
        match b.outcome_map.get(&onum) {
            Some(&o) => {
                if b.outcomes[o].label != olabel || b.outcomes[o].payoffs != payoffs {
                    return lx.err(format!("outcome {onum} is redefined with another label or payoffs"));
                }
                b.nodes[id].outcome = Some(o);
            }
            None => {
                let o = b.outcomes.len();
                b.outcomes.push(Outcome { label: olabel, payoffs });
                b.outcome_map.insert(onum, o);
                b.nodes[id].outcome = Some(o);
            }
        }
        lx.next()?;
    } else if onum != 0 {
        match b.outcome_map.get(&onum) {
            Some(&o) => b.nodes[id].outcome = Some(o),
            None => {
                return Err(ParseError {
                    line: oline,
                    column: ocol,
                    message: format!("outcome {onum} is used before it is defined"),
                });
            }
        }
    }
    if nchildren > 0 && lx.tok == Tok::Eof {
        return lx.err(format!("end of file: node expects {nchildren} children"));
    }
    Ok(nchildren)
}
