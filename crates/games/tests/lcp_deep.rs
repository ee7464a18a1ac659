//! The sequence-form Lemke path on the three-round deterrence tree (1,036 LCP variables, a
//! highly degenerate path of 6,248 pivots): plain floating-point pivoting used to cycle on it
//! and exact pivoting takes many minutes. Both arithmetics must now find the same equilibrium,
//! the one at the end of the exact lexicographic path.
#![allow(clippy::unwrap_used)]

use pactum_games::solve::{Method, Options, solve};

fn solve_r3(method: Method, rational: bool) -> Vec<Vec<f64>> {
    let text = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/deterrence_r3.efg")).unwrap();
    let game = pactum_games::parse::read_game_bytes(&text).unwrap();
    let opts = Options { method, rational, ..Options::default() };
    let s = solve(&game, &opts, &mut || {}).unwrap();
    s.equilibria.iter().map(|e| e.payoffs.clone()).collect()
}

#[test]
fn lcp_on_three_rounds_agrees_in_both_arithmetics() {
    let float = solve_r3(Method::Lcp, false);
    let exact = solve_r3(Method::Lcp, true);
    assert_eq!(float.len(), 1);
    assert_eq!(exact.len(), 1);
    for (a, b) in float[0].iter().zip(&exact[0]) {
        assert!((a - b).abs() < 1e-9, "{float:?} vs {exact:?}");
    }
}
