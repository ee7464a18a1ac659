//! Two-player constant-sum games: an optimal (minimax) strategy pair.
//!
//! Every Nash equilibrium of a constant-sum game is a pair of optimal strategies, so the first
//! complementary-pivoting path already solves the linear program (Lemke–Howson on the payoff
//! tables, Lemke on the sequence form for trees), exactly or in floating point.

use crate::game::{Game, Tree};
use crate::lcp;
use crate::rational::Q;
use crate::reduce::Payoffs;
use crate::verify::{Behavior, Mixed};

pub fn solve_matrix_exact(pf: &Payoffs<Q>) -> Vec<Mixed<Q>> {
    lcp::lemke_howson_exact(pf, 1, 0)
}

pub fn solve_matrix_float(pf: &Payoffs<f64>) -> Vec<Mixed<f64>> {
    lcp::lemke_howson_float(pf, 1, 0)
}

pub fn solve_tree_exact(game: &Game, t: &Tree, tick: &mut dyn FnMut()) -> Vec<Behavior<Q>> {
    lcp::sequence_lcp_exact(game, t, tick)
}

pub fn solve_tree_float(
    game: &Game,
    t: &Tree,
    tick: &mut dyn FnMut(),
) -> Result<Vec<Behavior<f64>>, crate::shadow::Failure> {
    lcp::sequence_lcp_float(game, t, tick)
}
