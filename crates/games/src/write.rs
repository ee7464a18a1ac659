//! Writer for Gambit's `.efg` and `.nfg` formats, in the layout Gambit itself writes.
//!
//! Information sets and outcomes are renumbered 1.. in our (Gambit's) order, so writing a game
//! read from any valid file gives a normalised file that reads back to the same game.

use crate::game::{Body, Game, Table, Tree};
use std::fmt::Write;

/// Quotes a label the way Gambit's reader expects: only `"` needs escaping.
pub fn quote(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        if c == '"' {
            o.push('\\');
        }
        o.push(c);
    }
    o.push('"');
    o
}

/// Writes the game in its own format (`.efg` for trees, `.nfg` for tables).
pub fn write_game(g: &Game) -> String {
    match &g.body {
        Body::Tree(t) => write_efg(g, t),
        Body::Table(t) => write_nfg(g, t),
    }
}

fn players_line(g: &Game) -> String {
    let mut s = String::from("{ ");
    for p in &g.players {
        s.push_str(&quote(p));
        s.push(' ');
    }
    s.push('}');
    s
}

pub fn write_efg(g: &Game, t: &Tree) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "EFG 2 R {} {}", quote(&g.title), players_line(g));
    let _ = writeln!(o, "{}\n", quote(&g.comment));
    for node in &t.nodes {
        match node.infoset {
            None => {
                let _ = write!(o, "t {} ", quote(&node.label));
            }
            Some(i) => {
                let is = &t.infosets[i];
                let num = t.infoset_index(i) + 1;
                match is.player {
                    Some(p) => {
                        let _ = write!(o, "p {} {} {} {} {{ ", quote(&node.label), p + 1, num, quote(&is.label));
                        for a in &is.actions {
                            let _ = write!(o, "{} ", quote(a));
                        }
                    }
                    None => {
                        let _ = write!(o, "c {} {} {} {{ ", quote(&node.label), num, quote(&is.label));
                        for (a, p) in is.actions.iter().zip(&is.probs) {
                            let _ = write!(o, "{} {} ", quote(a), p);
                        }
                    }
                }
                o.push_str("} ");
            }
        }
        match node.outcome {
            None => o.push_str("0\n"),
            Some(k) => {
                let out = &g.outcomes[k];
                let _ = write!(o, "{} {} {{ ", k + 1, quote(&out.label));
                let pays: Vec<String> = out.payoffs.iter().map(|p| p.to_string()).collect();
                let _ = writeln!(o, "{} }}", pays.join(", "));
            }
        }
    }
    o
}

pub fn write_nfg(g: &Game, t: &Table) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "NFG 1 R {} {}\n", quote(&g.title), players_line(g));
    o.push_str("{ ");
    for (i, ss) in t.strategies.iter().enumerate() {
        if i > 0 {
            o.push('\n');
        }
        o.push_str("{ ");
        for s in ss {
            o.push_str(&quote(s));
            o.push(' ');
        }
        o.push('}');
    }
    o.push_str("\n}\n");
    let _ = writeln!(o, "{}\n", quote(&g.comment));
    if t.outcome_form {
        o.push_str("{\n");
        for out in &g.outcomes {
            let pays: Vec<String> = out.payoffs.iter().map(|p| p.to_string()).collect();
            let _ = writeln!(o, "{{ {} {} }}", quote(&out.label), pays.join(", "));
        }
        o.push_str("}\n");
        let idx: Vec<String> = t.cells.iter().map(|c| c.map_or(0, |k| k + 1).to_string()).collect();
        o.push_str(&idx.join(" "));
        o.push('\n');
    } else {
        let mut first = true;
        for c in &t.cells {
            for p in 0..g.players.len() {
                if !first {
                    o.push(' ');
                }
                first = false;
                let _ = write!(o, "{}", g.outcome_payoff(*c, p));
            }
        }
        o.push('\n');
    }
    o
}
