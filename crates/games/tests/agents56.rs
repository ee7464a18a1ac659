//! Regression for agent-form enumpure on bench/gen.py's `deterrence_agents56` (56 binary
//! information sets, 2^56 pure profiles): the equilibrium set must stay the one the original
//! preorder search found (58,593 profiles; count, a hash of the sorted set and three
//! profiles were recorded from that search before it was replaced).
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use pactum_games::enumpure::enumpure_agent;
use pactum_games::num::Num;
use pactum_games::{Q, read_game};

const COUNT: usize = 58_593;
const FNV: u64 = 0x2a82_e26d_376a_9b6f;
const FIRST: &str =
    "0,1,1,0,0,0,1,1,1,0,0,1,1,0,1,1,1,1,1,0,1,1,1,0,1,0,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,0,0";
const MIDDLE: &str =
    "1,1,0,0,0,0,1,1,1,1,0,1,1,1,1,1,1,1,1,1,1,1,0,0,1,1,1,1,0,0,1,1,0,0,0,0,0,1,0,0,0,0,1,1,1,1,1,1,1,0,1,1,1,1,0,0";
const LAST: &str =
    "1,1,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,1,1,1,1,0,0,1,1,0,0,0,0,1,1,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1";

/// The equilibria as rows of actions (players in order, each one's sets in Gambit order),
/// sorted.
fn rows<T: Num>() -> Vec<String> {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/deterrence_agents56.efg")).unwrap();
    let g = read_game(&text).unwrap();
    let t = g.tree().unwrap();
    let mut out = Vec::new();
    enumpure_agent::<T>(&g, t, |a| {
        let r: Vec<String> = t.player_infosets.iter().flatten().map(|&i| a[i].to_string()).collect();
        out.push(r.join(","));
        true
    });
    out.sort();
    out
}

fn check(rows: &[String]) {
    assert_eq!(rows.len(), COUNT);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in rows.join("\n").bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    assert_eq!(rows[0], FIRST);
    assert_eq!(rows[COUNT / 2], MIDDLE);
    assert_eq!(rows[COUNT - 1], LAST);
    assert_eq!(h, FNV);
}

#[test]
fn agents56_float_set_is_unchanged() {
    check(&rows::<f64>());
}

#[test]
fn agents56_exact_set_is_unchanged() {
    check(&rows::<Q>());
}
