//! Agent-form enumpure on a two-round deterrence game with 56 binary information sets
//! (2^56 pure agent profiles), checked against an independent enumeration that uses the
//! game's structure.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use pactum_games::enumpure::enumpure_agent;
use pactum_games::verify::TreeEval;
use pactum_games::{Q, read_game};
use std::collections::BTreeSet;
use std::fmt::Write;

const TYPES: usize = 13;
const SIGNALS: usize = 3;

/// Players: 1 = incumbent in round 1 (one set per type), 2 = first entrant (one set),
/// 3 = second entrant (one set per public signal), 4 = incumbent in round 2 (one set per type
/// and signal). Nature draws the type, makes each entrant "committed" (enters for sure) with
/// probability 1/4, and draws a noisy public signal of round 1 whose distribution depends on
/// what happened; every information set is therefore reached under every pure profile, so
/// the agent-form equilibria are exactly the profiles in which every set best-responds.
/// Fighting pays an odd amount and sharing an even one, so no incumbent is ever indifferent.
fn deterrence_efg() -> String {
    let mut o = String::from("EFG 2 R \"Two-round deterrence, 56 agents\" { \"I1\" \"E1\" \"E2\" \"I2\" }\n\"\"\n");
    let types: String = (0..TYPES).map(|t| format!("\"t{t}\" 1/{TYPES} ")).collect();
    let _ = writeln!(o, "c \"\" 1 \"type\" {{ {types}}} 0");
    let mut outcome = 0usize;
    let mut leaf = |o: &mut String, pays: [i64; 4]| {
        outcome += 1;
        let _ = writeln!(o, "t \"\" {outcome} \"\" {{ {}, {}, {}, {} }}", pays[0], pays[1], pays[2], pays[3]);
    };
    for t in 0..TYPES {
        let fight1 = 2 * t as i64 - 13;
        let fight2 = 2 * t as i64 - 11;
        // Round 1: committed entrant, or strategic entrant E1.
        let _ = writeln!(o, "c \"\" 2 \"commit1\" {{ \"committed\" 1/4 \"free\" 3/4 }} 0");
        for committed in [true, false] {
            if !committed {
                let _ = writeln!(o, "p \"\" 2 1 \"E1\" {{ \"Out\" \"In\" }} 0");
                // Out: signal, then round 2.
                round2(&mut o, &mut leaf, t, 0, [6, 0], fight2);
            }
            let _ = writeln!(o, "p \"\" 1 {} \"I1 t{t}\" {{ \"Fight\" \"Share\" }} 0", t + 1);
            round2(&mut o, &mut leaf, t, 1, [fight1, -5], fight2);
            round2(&mut o, &mut leaf, t, 2, [2, 3], fight2);
        }
    }
    o
}

/// Signal chance node and round 2 after round-1 result `h` (0 out, 1 fight, 2 share) with
/// round-1 payoffs `r1` = (incumbent 1, entrant 1).
fn round2(o: &mut String, leaf: &mut impl FnMut(&mut String, [i64; 4]), t: usize, h: usize, r1: [i64; 2], fight2: i64) {
    let probs = [["1/3", "1/3", "1/3"], ["1/2", "1/3", "1/6"], ["1/6", "1/3", "1/2"]][h];
    let _ =
        writeln!(o, "c \"\" {} \"signal\" {{ \"s0\" {} \"s1\" {} \"s2\" {} }} 0", 3 + h, probs[0], probs[1], probs[2]);
    for s in 0..SIGNALS {
        let _ = writeln!(o, "c \"\" 6 \"commit2\" {{ \"committed\" 1/4 \"free\" 3/4 }} 0");
        // Committed second entrant.
        let _ = writeln!(o, "p \"\" 4 {} \"I2 t{t} s{s}\" {{ \"Fight\" \"Share\" }} 0", t * SIGNALS + s + 1);
        leaf(o, [r1[0], r1[1], -5, fight2]);
        leaf(o, [r1[0], r1[1], 3, 2]);
        // Strategic second entrant E2 (sees only the signal); incumbent 1 earns 5 if it stays out
        // (5 * 3/4 * 1/3 is never an odd integer, so incumbent 1 is never indifferent either).
        let _ = writeln!(o, "p \"\" 3 {} \"E2 s{s}\" {{ \"Out\" \"In\" }} 0", s + 1);
        leaf(o, [r1[0] + 5, r1[1], 0, 6]);
        let _ = writeln!(o, "p \"\" 4 {} \"I2 t{t} s{s}\" {{ \"Fight\" \"Share\" }} 0", t * SIGNALS + s + 1);
        leaf(o, [r1[0], r1[1], -5, fight2]);
        leaf(o, [r1[0], r1[1], 3, 2]);
    }
}

type Profile = Vec<Vec<Vec<Q>>>;

#[test]
fn deterrence_game_has_56_binary_agents_and_every_answer_verifies() {
    let g = read_game(&deterrence_efg()).unwrap();
    let t = g.tree().unwrap();
    let nsets: usize = t.player_infosets.iter().map(Vec::len).sum();
    assert_eq!(nsets, 56);
    assert!(t.player_infosets.iter().flatten().all(|&i| t.infosets[i].actions.len() == 2));
    assert!(t.is_perfect_recall());
    let ev: TreeEval<Q> = TreeEval::new(&g, t);
    let mut found: BTreeSet<Vec<usize>> = BTreeSet::new();
    enumpure_agent::<Q>(&g, t, |a| {
        let b: Profile = pactum_games::enumpure::pure_to_behavior(t, a);
        assert!(ev.agent_regret(&b).is_zero());
        found.insert(flat_choice(&b));
        true
    });
    assert!(!found.is_empty());
    assert_eq!(found, structural_equilibria(&g));
}

fn flat_choice(b: &Profile) -> Vec<usize> {
    b.iter().flatten().map(|v| v.iter().position(|x| *x == Q::ONE).unwrap()).collect()
}

/// Independent enumeration: fix the 2^4 choices of the entrants; every incumbent agent is
/// reached, so it must play its unique best response (computed by trying both actions);
/// keep the profiles in which the entrants best-respond as well.
fn structural_equilibria(g: &pactum_games::Game) -> BTreeSet<Vec<usize>> {
    let t = g.tree().unwrap();
    let ev: TreeEval<Q> = TreeEval::new(g, t);
    let mut out = BTreeSet::new();
    for mask in 0..16usize {
        let mut b: Profile =
            t.player_infosets.iter().map(|l| l.iter().map(|_| vec![Q::ONE, Q::ZERO]).collect()).collect();
        b[1][0] = pure(mask & 1);
        for (s, agent) in b[2].iter_mut().enumerate().take(SIGNALS) {
            *agent = pure((mask >> (s + 1)) & 1);
        }
        // Round-2 incumbents first (their payoff depends only on their own move), then round 1.
        for p in [3usize, 0] {
            for k in 0..b[p].len() {
                let mut best = (0, None::<Q>);
                for a in 0..2 {
                    b[p][k] = pure(a);
                    let u = ev.payoffs(&b)[p].clone();
                    if best.1.as_ref().is_none_or(|v| u > *v) {
                        best = (a, Some(u));
                    }
                }
                b[p][k] = pure(best.0);
            }
        }
        if ev.agent_regret(&b).is_zero() {
            out.insert(flat_choice(&b));
        }
    }
    out
}

fn pure(a: usize) -> Vec<Q> {
    if a == 0 { vec![Q::ONE, Q::ZERO] } else { vec![Q::ZERO, Q::ONE] }
}
