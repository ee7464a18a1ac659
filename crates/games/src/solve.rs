//! One entry point over all solvers: picks the representation (strategic or tree), runs the
//! method in the requested arithmetic, verifies every profile, and returns labelled results.

use crate::game::{Body, Game};
use crate::num::Num;
use crate::rational::Q;
use crate::reduce::{Payoffs, try_reduced_normal_form};
use crate::scaled::Scaled;
use crate::verify::{Behavior, Mixed, TreeEval, float_tolerance, mixed_regret, mixed_regret_and_payoffs};
use crate::{enummixed, enumpure, lcp, logit, lp};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    EnumPure,
    EnumMixed,
    Lcp,
    Logit,
    Lp,
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::EnumPure => "enumpure",
            Method::EnumMixed => "enummixed",
            Method::Lcp => "lcp",
            Method::Logit => "logit",
            Method::Lp => "lp",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Options {
    pub method: Method,
    /// Exact rational arithmetic (logit is always floating; its exact field stays empty).
    pub rational: bool,
    /// Solve the reduced strategic form of a tree instead of the tree itself.
    pub strategic: bool,
    /// Keep the logit path.
    pub path: bool,
    /// lcp: stop after this many equilibria (0 = all accessible ones, as pygambit's default;
    /// 1 = the first Lemke–Howson path only, as Gambit's `--stop 1`).
    pub max_equilibria: usize,
    /// lcp: maximum recursion depth of the search for further equilibria (0 = unlimited).
    pub max_depth: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            method: Method::EnumPure,
            rational: false,
            strategic: false,
            path: false,
            max_equilibria: 0,
            max_depth: 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Profile<T> {
    Mixed(Mixed<T>),
    Behavior(Behavior<T>),
}

impl<T: Num> Profile<T> {
    /// All probabilities in profile order (player, then set/strategy, then action).
    pub fn flat(&self) -> Vec<T> {
        match self {
            Profile::Mixed(m) => m.iter().flatten().cloned().collect(),
            Profile::Behavior(b) => b.iter().flatten().flatten().cloned().collect(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Equilibrium {
    pub profile: Profile<f64>,
    pub exact: Option<Profile<Q>>,
    pub payoffs: Vec<f64>,
    pub exact_payoffs: Option<Vec<Q>>,
    pub regret: f64,
    pub lambda: Option<f64>,
}

#[derive(Clone, Debug)]
pub enum Form {
    /// Mixed profiles over these strategy labels (per player).
    Strategic(Vec<Vec<String>>),
    /// Behavior profiles over the tree's information sets.
    Extensive,
}

#[derive(Clone, Debug)]
pub struct Solution {
    pub form: Form,
    pub equilibria: Vec<Equilibrium>,
    pub path: Option<Vec<(f64, Profile<f64>)>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SolveError(pub String);

impl fmt::Display for SolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for SolveError {}

fn mixed_eq_exact(pf: &Payoffs<Q>, p: Mixed<Q>) -> Option<Equilibrium> {
    let (regret, pay) = mixed_regret_and_payoffs(pf, &p);
    if !regret.is_zero() || !crate::verify::is_distribution(&p, 0.0) {
        return None;
    }
    Some(Equilibrium {
        profile: Profile::Mixed(p.iter().map(|v| v.iter().map(Q::to_f64).collect()).collect()),
        payoffs: pay.iter().map(Q::to_f64).collect(),
        exact: Some(Profile::Mixed(p)),
        exact_payoffs: Some(pay),
        regret: 0.0,
        lambda: None,
    })
}

fn mixed_eq_float(pf: &Payoffs<f64>, p: Mixed<f64>, tol: f64) -> Option<Equilibrium> {
    let (r, payoffs) = mixed_regret_and_payoffs(pf, &p);
    if r > tol || !crate::verify::is_distribution(&p, 1e-9) {
        return None;
    }
    Some(Equilibrium { payoffs, profile: Profile::Mixed(p), exact: None, exact_payoffs: None, regret: r, lambda: None })
}

/// Verifies a behavior profile (agent-form or full Nash regret) and packages it.
pub fn behavior_eq_exact(ev: &TreeEval<Q>, p: Behavior<Q>, agent: bool) -> Option<Equilibrium> {
    let (r, pay) = if agent { ev.agent_regret_and_payoffs(&p) } else { (ev.nash_regret(&p), ev.payoffs(&p)) };
    if !r.is_zero() || !p.iter().all(|pl| crate::verify::is_distribution(pl, 0.0)) {
        return None;
    }
    Some(pure_equilibrium(p, pay))
}

/// An exact behavior profile already checked to have zero regret, with its exact payoffs.
fn pure_equilibrium(p: Behavior<Q>, pay: Vec<Q>) -> Equilibrium {
    Equilibrium {
        profile: Profile::Behavior(
            p.iter().map(|pl| pl.iter().map(|v| v.iter().map(Q::to_f64).collect()).collect()).collect(),
        ),
        payoffs: pay.iter().map(Q::to_f64).collect(),
        exact: Some(Profile::Behavior(p)),
        exact_payoffs: Some(pay),
        regret: 0.0,
        lambda: None,
    }
}

pub fn behavior_eq_float(ev: &TreeEval<f64>, p: Behavior<f64>, agent: bool, tol: f64) -> Option<Equilibrium> {
    let (r, payoffs) = if agent { ev.agent_regret_and_payoffs(&p) } else { (ev.nash_regret(&p), ev.payoffs(&p)) };
    if r > tol || !p.iter().all(|pl| crate::verify::is_distribution(pl, 1e-9)) {
        return None;
    }
    Some(Equilibrium {
        payoffs,
        profile: Profile::Behavior(p),
        exact: None,
        exact_payoffs: None,
        regret: r,
        lambda: None,
    })
}

/// Most pure agent-form equilibria `enumpure` lists without `--stop` (each costs a few
/// kilobytes in memory and in the JSON output).
pub const MAX_PURE_LISTED: usize = 250_000;

/// Solves `game` with `opts`. `tick` is called periodically during long searches (progress).
pub fn solve(game: &Game, opts: &Options, tick: &mut dyn FnMut()) -> Result<Solution, SolveError> {
    let tree = match &game.body {
        Body::Tree(t) if !opts.strategic && opts.method != Method::EnumMixed => Some(t),
        _ => None,
    };
    if let Some(t) = tree {
        return solve_tree(game, t, opts, tick);
    }
    let table_game;
    let g = if game.is_tree() {
        table_game = match try_reduced_normal_form(game) {
            Some((g, _)) => g,
            None => {
                return Err(SolveError(format!(
                    "the reduced strategic form has more than {} contingencies",
                    crate::reduce::MAX_CELLS
                )));
            }
        };
        &table_game
    } else {
        game
    };
    let Some(table) = g.table() else { return Err(SolveError("internal: no table".into())) };
    let labels = table.strategies.clone();
    let n = g.players.len();
    let tol = float_tolerance(g);
    // Each arithmetic's payoff table is built only when the method needs it.
    let (pq_cell, pf_cell) = (std::cell::OnceCell::new(), std::cell::OnceCell::new());
    let pq = || -> &Payoffs<Q> { pq_cell.get_or_init(|| Payoffs::from_table(g, table)) };
    let pf = || -> &Payoffs<f64> { pf_cell.get_or_init(|| Payoffs::from_table(g, table)) };
    let two = |what: &str| -> Result<(), SolveError> {
        if n != 2 {
            return Err(SolveError(format!("{what} needs a two-player game (this one has {n} players)")));
        }
        Ok(())
    };
    let mut path = None;
    let equilibria: Vec<Equilibrium> = match opts.method {
        Method::EnumPure => {
            let cells = if opts.rational { enumpure::enumpure_table(pq()) } else { enumpure::enumpure_table(pf()) };
            cells
                .into_iter()
                .filter_map(|c| {
                    if opts.rational {
                        let p: Mixed<Q> = (0..n)
                            .map(|i| (0..pq().dims[i]).map(|s| if s == c[i] { Q::ONE } else { Q::ZERO }).collect())
                            .collect();
                        mixed_eq_exact(pq(), p)
                    } else {
                        let p: Mixed<f64> = (0..n)
                            .map(|i| (0..pf().dims[i]).map(|s| if s == c[i] { 1.0 } else { 0.0 }).collect())
                            .collect();
                        mixed_eq_float(pf(), p, tol)
                    }
                })
                .collect()
        }
        Method::EnumMixed => {
            two("enummixed")?;
            if opts.rational {
                enummixed::enummixed_exact(pq(), tick).into_iter().filter_map(|p| mixed_eq_exact(pq(), p)).collect()
            } else {
                enummixed::enummixed_float(pf(), tol, tick)
                    .into_iter()
                    .filter_map(|p| mixed_eq_float(pf(), p, tol))
                    .collect()
            }
        }
        Method::Lcp => {
            two("lcp")?;
            if opts.rational {
                lcp::lemke_howson_exact(pq(), opts.max_equilibria, opts.max_depth)
                    .into_iter()
                    .filter_map(|p| mixed_eq_exact(pq(), p))
                    .collect()
            } else {
                lcp::lemke_howson_float(pf(), opts.max_equilibria, opts.max_depth)
                    .into_iter()
                    .filter_map(|p| mixed_eq_float(pf(), p, tol))
                    .collect()
            }
        }
        Method::Lp => {
            two("lp")?;
            if !pq().pay[0]
                .iter()
                .zip(&pq().pay[1])
                .all(|(a, b)| (a + b) == pq().pay[0][0].clone() + pq().pay[1][0].clone())
            {
                return Err(SolveError("lp needs a two-player constant-sum game".into()));
            }
            if opts.rational {
                lp::solve_matrix_exact(pq()).into_iter().filter_map(|p| mixed_eq_exact(pq(), p)).collect()
            } else {
                lp::solve_matrix_float(pf()).into_iter().filter_map(|p| mixed_eq_float(pf(), p, tol)).collect()
            }
        }
        Method::Logit => {
            let res = logit::logit_table(g, pf(), opts.path, tol);
            let mut out = Vec::new();
            if let Some(mut e) = mixed_eq_float(pf(), res.profile.clone(), tol) {
                e.lambda = Some(res.lambda);
                out.push(e);
            } else {
                return Err(SolveError(format!(
                    "logit path ended at lambda = {:.3e} with regret {:.3e}, above tolerance",
                    res.lambda,
                    mixed_regret(pf(), &res.profile)
                )));
            }
            if opts.path {
                path = Some(res.path.into_iter().map(|(l, p)| (l, Profile::Mixed(p))).collect());
            }
            out
        }
    };
    if equilibria.is_empty() && matches!(opts.method, Method::Lcp | Method::Lp | Method::EnumMixed) {
        return Err(SolveError(format!(
            "{}: no verified equilibrium found{}",
            opts.method.name(),
            if opts.rational { "" } else { " (try --rational)" }
        )));
    }
    Ok(Solution { form: Form::Strategic(labels), equilibria, path })
}

fn solve_tree(
    game: &Game,
    t: &crate::game::Tree,
    opts: &Options,
    tick: &mut dyn FnMut(),
) -> Result<Solution, SolveError> {
    let evq: TreeEval<Q> = TreeEval::new(game, t);
    let evf: TreeEval<f64> = TreeEval::new(game, t);
    let tol = float_tolerance(game);
    let n = game.players.len();
    let mut path = None;
    let equilibria: Vec<Equilibrium> = match opts.method {
        Method::EnumPure => {
            let mut out = Vec::new();
            let mut count = 0u64;
            // Games with free choices at unreached sets can have astronomically many pure
            // agent-form equilibria: stop at `--stop N`, or refuse past MAX_PURE_LISTED.
            let cap = if opts.max_equilibria > 0 { opts.max_equilibria } else { MAX_PURE_LISTED + 1 };
            if opts.rational {
                // Pure profiles are checked in scaled integers where the game allows it (an
                // inexact step sends that profile to the rational check).
                let scale = crate::scaled::game_scale(game, t);
                let evs = scale.and_then(|m| crate::scaled::with_scale(m, || TreeEval::<Scaled>::new(game, t)));
                enumpure::enumpure_agent::<Q>(game, t, |a| {
                    count += 1;
                    if count.is_multiple_of(1024) {
                        tick();
                    }
                    let fast = match (scale, &evs) {
                        (Some(m), Some(ev)) => crate::scaled::with_scale(m, || {
                            let (r, pay) = ev.agent_regret_and_payoffs(&enumpure::pure_to_behavior(t, a));
                            r.is_zero().then(|| pay.iter().map(Num::to_q).collect::<Vec<Q>>())
                        }),
                        _ => None,
                    };
                    let e = match fast {
                        Some(Some(pay)) => Some(pure_equilibrium(enumpure::pure_to_behavior(t, a), pay)),
                        Some(None) => None,
                        None => behavior_eq_exact(&evq, enumpure::pure_to_behavior(t, a), true),
                    };
                    out.extend(e);
                    out.len() < cap
                });
            } else {
                enumpure::enumpure_agent::<f64>(game, t, |a| {
                    count += 1;
                    if count.is_multiple_of(1024) {
                        tick();
                    }
                    if let Some(e) = behavior_eq_float(&evf, enumpure::pure_to_behavior(t, a), true, tol) {
                        out.push(e);
                    }
                    out.len() < cap
                });
            }
            if opts.max_equilibria == 0 && out.len() > MAX_PURE_LISTED {
                return Err(SolveError(format!(
                    "more than {MAX_PURE_LISTED} pure agent-form equilibria (choices at information sets \
                     no profile reaches are free): too many to list; --stop N lists the first N"
                )));
            }
            out
        }
        Method::Lcp | Method::Lp => {
            if n != 2 {
                return Err(SolveError(format!(
                    "{} needs a two-player game (this one has {n} players)",
                    opts.method.name()
                )));
            }
            if let Some(i) = t.perfect_recall_violation() {
                return Err(SolveError(format!(
                    "{} needs perfect recall; information set \"{}\" of player {} violates it",
                    opts.method.name(),
                    t.infosets[i].label,
                    t.infosets[i].player.map_or(0, |p| p + 1)
                )));
            }
            if opts.method == Method::Lp {
                if opts.rational {
                    lp::solve_tree_exact(game, t, tick)
                        .into_iter()
                        .filter_map(|p| behavior_eq_exact(&evq, p, false))
                        .collect()
                } else {
                    lp::solve_tree_float(game, t, tick)
                        .map_err(|e| SolveError(format!("lp: {e}")))?
                        .into_iter()
                        .filter_map(|p| behavior_eq_float(&evf, p, false, tol))
                        .collect()
                }
            } else if opts.rational {
                lcp::sequence_lcp_exact(game, t, tick)
                    .into_iter()
                    .filter_map(|p| behavior_eq_exact(&evq, p, false))
                    .collect()
            } else {
                lcp::sequence_lcp_float(game, t, tick)
                    .map_err(|e| SolveError(format!("lcp: {e}")))?
                    .into_iter()
                    .filter_map(|p| behavior_eq_float(&evf, p, false, tol))
                    .collect()
            }
        }
        Method::Logit => {
            let res = logit::logit_tree(game, t, opts.path, tol);
            let mut out = Vec::new();
            match behavior_eq_float(&evf, res.profile.clone(), true, tol) {
                Some(mut e) => {
                    e.lambda = Some(res.lambda);
                    out.push(e);
                }
                None => {
                    return Err(SolveError(format!(
                        "logit path ended at lambda = {:.3e} with regret {:.3e}, above tolerance",
                        res.lambda,
                        evf.agent_regret(&res.profile)
                    )));
                }
            }
            if opts.path {
                path = Some(res.path.into_iter().map(|(l, p)| (l, Profile::Behavior(p))).collect());
            }
            out
        }
        Method::EnumMixed => unreachable!("enummixed always runs on the strategic form"),
    };
    if equilibria.is_empty() && matches!(opts.method, Method::Lcp | Method::Lp) {
        // Every two-player game with perfect recall has an equilibrium; an empty answer means
        // the pivoting failed (floating-point trouble or a secondary ray), never "none exist".
        return Err(SolveError(format!(
            "{}: Lemke's algorithm on the sequence form found no verified equilibrium{}",
            opts.method.name(),
            if opts.rational {
                ""
            } else {
                " (the floating-point path ended at a basis that is not an exact solution; --rational \
                 falls back to exact pivoting, which can take minutes on large trees)"
            }
        )));
    }
    Ok(Solution { form: Form::Extensive, equilibria, path })
}
