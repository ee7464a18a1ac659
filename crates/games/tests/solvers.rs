//! Solvers on the whole Gambit corpus and on generated games. Every returned profile is
//! re-checked here with the verifier (never trusted), and the two arithmetics are compared.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use pactum_games::reduce::Payoffs;
use pactum_games::solve::{Equilibrium, Method, Options, Profile, Solution, solve};
use pactum_games::verify::{TreeEval, mixed_regret};
use pactum_games::{Game, Q, read_game};
use proptest::prelude::*;
use std::path::PathBuf;

mod common;

fn corpus() -> Vec<(PathBuf, Game)> {
    common::corpus()
        .into_iter()
        .map(|p| (p.clone(), read_game(&std::fs::read_to_string(&p).unwrap()).unwrap()))
        .collect()
}

/// Small enough for every method: reduced strategic form of at most 256 cells and trees of
/// at most 400 nodes (the corpus also has tic-tac-toe and 7-stone nim, and reduced forms
/// whose many duplicate strategies make their polytopes highly degenerate).
fn small(g: &Game) -> bool {
    match g.tree() {
        Some(t) => {
            t.nodes.len() <= 400
                && pactum_games::reduce::try_reduced_normal_form(g)
                    .is_some_and(|(r, _)| r.table().unwrap().cells.len() <= 256)
        }
        None => g.table().unwrap().cells.len() <= 4096,
    }
}

/// Independent check of one equilibrium against the game (exact when `exact` is given).
fn check(g: &Game, s: &Solution, e: &Equilibrium, agent: bool) {
    match (&e.exact, &e.profile) {
        (Some(Profile::Mixed(m)), _) => {
            let table = strategic(g);
            let pf: Payoffs<Q> = Payoffs::from_table(&table, table.table().unwrap());
            assert!(mixed_regret(&pf, m).is_zero());
        }
        (Some(Profile::Behavior(b)), _) => {
            let ev: TreeEval<Q> = TreeEval::new(g, g.tree().unwrap());
            let r = if agent { ev.agent_regret(b) } else { ev.nash_regret(b) };
            assert!(r.is_zero());
        }
        (None, Profile::Mixed(m)) => {
            let table = strategic(g);
            let pf: Payoffs<f64> = Payoffs::from_table(&table, table.table().unwrap());
            assert!(mixed_regret(&pf, m) <= pactum_games::verify::float_tolerance(g));
        }
        (None, Profile::Behavior(b)) => {
            let ev: TreeEval<f64> = TreeEval::new(g, g.tree().unwrap());
            let r = if agent { ev.agent_regret(b) } else { ev.nash_regret(b) };
            assert!(r <= pactum_games::verify::float_tolerance(g));
        }
    }
    let _ = s;
}

fn strategic(g: &Game) -> Game {
    if g.is_tree() { pactum_games::reduce::reduced_normal_form(g).0 } else { g.clone() }
}

fn run(g: &Game, method: Method, rational: bool) -> Option<Solution> {
    solve(g, &Options { method, rational, ..Options::default() }, &mut || {}).ok()
}

#[test]
fn corpus_solutions_verify_in_both_arithmetics() {
    let mut solved = 0;
    for (path, g) in corpus() {
        if !small(&g) {
            continue;
        }
        let two = g.num_players() == 2;
        let recall = g.tree().is_none_or(|t| t.is_perfect_recall());
        for method in [Method::EnumPure, Method::EnumMixed, Method::Lcp] {
            if method != Method::EnumPure && (!two || !recall) {
                continue;
            }
            let agent = method == Method::EnumPure;
            let exact = run(&g, method, true).unwrap_or_else(|| panic!("{} {method:?}", path.display()));
            let float = run(&g, method, false).unwrap();
            for e in exact.equilibria.iter().chain(&float.equilibria) {
                check(&g, &exact, e, agent);
            }
            if method != Method::Lcp {
                // Enumeration methods: same answer set in both arithmetics (up to rounding).
                assert_eq!(exact.equilibria.len(), float.equilibria.len(), "{} {method:?}", path.display());
                for (a, b) in exact.equilibria.iter().zip(&float.equilibria) {
                    for (x, y) in a.profile.flat().iter().zip(b.profile.flat()) {
                        assert!((x - y).abs() < 1e-6, "{} {method:?}", path.display());
                    }
                }
            } else {
                assert!(!exact.equilibria.is_empty(), "{} lcp found nothing", path.display());
            }
            solved += 1;
        }
    }
    assert!(solved > 120, "{solved}");
}

#[test]
fn logit_reaches_a_verified_equilibrium_on_small_corpus_games() {
    let mut solved = 0;
    for (path, g) in corpus() {
        if !small(&g) || g.tree().is_some_and(|t| t.nodes.len() > 60) || g.table().is_some_and(|t| t.cells.len() > 64) {
            continue;
        }
        if let Some(s) = run(&g, Method::Logit, false) {
            for e in &s.equilibria {
                check(&g, &s, e, true);
                assert!(e.lambda.is_some(), "{}", path.display());
            }
            solved += 1;
        }
    }
    assert!(solved > 40, "{solved}");
}

/// A random bimatrix game in Gambit's payoff format.
fn bimatrix(m: usize, n: usize, pay: &[i64]) -> Game {
    let mut s = format!("NFG 1 R \"random\" {{ \"1\" \"2\" }} {{ {m} {n} }}\n");
    for x in pay.iter().take(2 * m * n) {
        s.push_str(&format!("{x} "));
    }
    read_game(&s).unwrap()
}

fn flat_sets(s: &Solution) -> Vec<Vec<Q>> {
    let mut v: Vec<Vec<Q>> = s.equilibria.iter().map(|e| e.exact.as_ref().unwrap().flat()).collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_bimatrix_answers_are_equilibria_and_consistent(
        m in 1usize..6, n in 1usize..6, pay in proptest::collection::vec(-9i64..10, 72)
    ) {
        let g = bimatrix(m, n, &pay);
        let em = run(&g, Method::EnumMixed, true).unwrap();
        let ep = run(&g, Method::EnumPure, true).unwrap();
        let lcp = run(&g, Method::Lcp, true).unwrap();
        for s in [&em, &ep, &lcp] {
            for e in &s.equilibria {
                check(&g, s, e, false);
            }
        }
        // Every game has an equilibrium, and pure ones are extreme points of the mixed set.
        prop_assert!(!em.equilibria.is_empty());
        let all = flat_sets(&em);
        for p in flat_sets(&ep) {
            prop_assert!(all.contains(&p));
        }
        prop_assert!(!lcp.equilibria.is_empty());
    }

    #[test]
    fn float_and_rational_enummixed_agree_on_generic_games(
        m in 1usize..5, n in 1usize..5, pay in proptest::collection::vec(-1_000_000i64..1_000_000, 50)
    ) {
        // Wide payoff ranges make ties (degeneracy) unlikely, so both arithmetics see the same
        // vertices.
        let g = bimatrix(m, n, &pay);
        let ex = run(&g, Method::EnumMixed, true).unwrap();
        let fl = run(&g, Method::EnumMixed, false).unwrap();
        prop_assert_eq!(ex.equilibria.len(), fl.equilibria.len());
        for e in &fl.equilibria {
            check(&g, &fl, e, false);
            let found = ex.equilibria.iter().any(|x| {
                x.profile.flat().iter().zip(e.profile.flat()).all(|(a, b)| (a - b).abs() < 1e-7)
            });
            prop_assert!(found);
        }
    }
}
