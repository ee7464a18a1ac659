//! `lcp` on strategic games reproduces Gambit's Lemke–Howson search: the number of accessible
//! equilibria pygambit 16.7 `lcp_solve` (default `stop_after`, `max_depth`) reports on these
//! corpus games, several of them degenerate, in both arithmetics.
#![allow(clippy::unwrap_used)]

use pactum_games::solve::{Method, Options, solve};
use std::path::PathBuf;

fn count(file: &str, rational: bool) -> usize {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/gambit-games").join(file);
    let g = pactum_games::read_game(&std::fs::read_to_string(&p).unwrap()).unwrap();
    let opts = Options { method: Method::Lcp, rational, ..Options::default() };
    solve(&g, &opts, &mut || {}).unwrap().equilibria.len()
}

#[test]
fn lcp_counts_match_gambit() {
    // (file, equilibria found by pygambit 16.7 lcp_solve, both arithmetics)
    let want = [
        ("contrib/coord3.nfg", 7),
        ("contrib/coord4.nfg", 15),
        ("contrib/8x8.nfg", 5),
        ("contrib/todd1.nfg", 5),
        ("contrib/deg1.nfg", 3),
        ("catalog/journals__dcg__vonstengel1999__6x6_game_with_75_eq_small_payoffs.nfg", 75),
    ];
    for (f, n) in want {
        assert_eq!(count(f, true), n, "{f} rational");
        assert_eq!(count(f, false), n, "{f} float");
    }
}
