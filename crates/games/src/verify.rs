//! Independent equilibrium checks: payoffs and regrets of mixed and behavior profiles.
//!
//! Solvers call these before returning anything, and tests call them on solver output, so
//! nothing here shares code with the solvers' own bookkeeping.

use crate::game::{Game, Tree};
use crate::num::Num;
use crate::reduce::Payoffs;

/// Mixed profile: player -> strategy -> probability.
pub type Mixed<T> = Vec<Vec<T>>;
/// Behavior profile: player -> information set (Gambit order) -> action -> probability.
pub type Behavior<T> = Vec<Vec<Vec<T>>>;

/// For each player, the payoff of each pure strategy against the others' mixtures.
///
/// Only cells in the others' supports are visited: for player i, every combination of the
/// other players' support strategies, times each of i's strategies (a pure profile costs the
/// sum of the strategy counts, not the size of the table).
pub fn strategy_values<T: Num>(pf: &Payoffs<T>, prof: &Mixed<T>) -> Vec<Vec<T>> {
    let n = pf.num_players();
    let mut out: Vec<Vec<T>> = pf.dims.iter().map(|&d| vec![T::zero(); d]).collect();
    let support: Vec<Vec<usize>> = prof.iter().map(|v| (0..v.len()).filter(|&s| !v[s].is_zero()).collect()).collect();
    if support.iter().any(Vec::is_empty) {
        return out;
    }
    for (i, out_i) in out.iter_mut().enumerate() {
        let others: Vec<usize> = (0..n).filter(|&j| j != i).collect();
        let mut pos = vec![0usize; others.len()];
        loop {
            let mut w = T::one();
            let mut base = 0;
            for (k, &j) in others.iter().enumerate() {
                let s = support[j][pos[k]];
                w = w.mul(&prof[j][s]);
                base += s * pf.strides[j];
            }
            for (s, o) in out_i.iter_mut().enumerate() {
                *o = o.add(&w.mul(&pf.pay[i][base + s * pf.strides[i]]));
            }
            // Next combination of the others' support strategies.
            let mut k = 0;
            while k < others.len() {
                pos[k] += 1;
                if pos[k] < support[others[k]].len() {
                    break;
                }
                pos[k] = 0;
                k += 1;
            }
            if k == others.len() {
                break;
            }
        }
    }
    out
}

/// The strategy each player plays with probability one, if the profile is pure.
fn pure_cell<T: Num>(prof: &Mixed<T>) -> Option<Vec<usize>> {
    prof.iter()
        .map(|v| {
            let mut nonzero = v.iter().enumerate().filter(|(_, x)| !x.is_zero());
            match (nonzero.next(), nonzero.next()) {
                (Some((s, x)), None) if *x == T::one() => Some(s),
                _ => None,
            }
        })
        .collect()
}

/// Regret and payoffs of a pure profile: every deviation is one table entry.
fn pure_regret_and_payoffs<T: Num>(pf: &Payoffs<T>, cell: &[usize]) -> (T, Vec<T>) {
    let at: usize = cell.iter().zip(&pf.strides).map(|(s, k)| s * k).sum();
    let mut r = T::zero();
    let mut pay = Vec::with_capacity(cell.len());
    for (i, &si) in cell.iter().enumerate() {
        let base = at - si * pf.strides[i];
        let u = pf.pay[i][at].clone();
        for s in 0..pf.dims[i] {
            let g = pf.pay[i][base + s * pf.strides[i]].sub(&u);
            if g > r {
                r = g;
            }
        }
        pay.push(u);
    }
    (r, pay)
}

fn dot<T: Num>(a: &[T], b: &[T]) -> T {
    a.iter().zip(b).fold(T::zero(), |acc, (x, y)| acc.add(&x.mul(y)))
}

fn max<T: Num>(xs: &[T]) -> T {
    let mut m = xs[0].clone();
    for x in &xs[1..] {
        if *x > m {
            m = x.clone();
        }
    }
    m
}

/// Expected payoff of each player under a mixed profile.
pub fn mixed_payoffs<T: Num>(pf: &Payoffs<T>, prof: &Mixed<T>) -> Vec<T> {
    strategy_values(pf, prof).iter().enumerate().map(|(i, v)| dot(v, &prof[i])).collect()
}

/// Largest gain any player gets by switching to a pure strategy (0 at an equilibrium).
pub fn mixed_regret<T: Num>(pf: &Payoffs<T>, prof: &Mixed<T>) -> T {
    mixed_regret_and_payoffs(pf, prof).0
}

/// [`mixed_regret`] and [`mixed_payoffs`] from one evaluation of the strategy values.
pub fn mixed_regret_and_payoffs<T: Num>(pf: &Payoffs<T>, prof: &Mixed<T>) -> (T, Vec<T>) {
    if let Some(cell) = pure_cell(prof) {
        return pure_regret_and_payoffs(pf, &cell);
    }
    let vals = strategy_values(pf, prof);
    let mut r = T::zero();
    let mut pay = Vec::with_capacity(vals.len());
    for (i, v) in vals.iter().enumerate() {
        let u = dot(v, &prof[i]);
        let g = max(v).sub(&u);
        if g > r {
            r = g;
        }
        pay.push(u);
    }
    (r, pay)
}

/// Checks a mixed profile is a probability distribution per player (within `tol`).
pub fn is_distribution<T: Num>(prof: &[Vec<T>], tol: f64) -> bool {
    prof.iter().all(|v| {
        let s = v.iter().fold(T::zero(), |a, x| a.add(x));
        v.iter().all(|x| x.to_f64() >= -tol) && (s.to_f64() - 1.0).abs() <= tol && (!T::EXACT || s == T::one())
    })
}

/// Per-tree precomputation used by behavior-profile evaluation.
pub struct TreeEval<'a, T> {
    pub game: &'a Game,
    pub tree: &'a Tree,
    /// Position of each information set within its player's list.
    pub pos: Vec<usize>,
    /// Payoff of the node's own outcome, per node per player.
    pub node_pay: Vec<Vec<T>>,
    /// Chance probabilities per information set (empty for players).
    pub chance: Vec<Vec<T>>,
}

impl<'a, T: Num> TreeEval<'a, T> {
    pub fn new(game: &'a Game, tree: &'a Tree) -> Self {
        let mut pos = vec![0usize; tree.infosets.len()];
        for list in tree.player_infosets.iter().chain(std::iter::once(&tree.chance_infosets)) {
            for (k, &i) in list.iter().enumerate() {
                pos[i] = k;
            }
        }
        let n = game.players.len();
        let node_pay = tree
            .nodes
            .iter()
            .map(|nd| (0..n).map(|p| T::from_q(game.outcome_payoff(nd.outcome, p))).collect())
            .collect();
        let chance = tree.infosets.iter().map(|is| is.probs.iter().map(T::from_q).collect()).collect();
        TreeEval { game, tree, pos, node_pay, chance }
    }

    /// Probability of action `a` at the information set of node `v` under `prof`.
    fn prob(&self, prof: &Behavior<T>, iset: usize, a: usize) -> T {
        match self.tree.infosets[iset].player {
            None => self.chance[iset][a].clone(),
            Some(p) => prof[p][self.pos[iset]][a].clone(),
        }
    }

    /// Realization probability of every node; with `skip` set, the moves of that player are
    /// left out (the probability that the others and chance reach the node).
    pub fn reach(&self, prof: &Behavior<T>, skip: Option<usize>) -> Vec<T> {
        let t = self.tree;
        let mut r = vec![T::zero(); t.nodes.len()];
        r[0] = T::one();
        for v in 0..t.nodes.len() {
            let Some(i) = t.nodes[v].infoset else { continue };
            // Below an unreached node everything stays unreached (zero already).
            if r[v].is_zero() {
                continue;
            }
            let own = t.infosets[i].player.is_some() && t.infosets[i].player == skip;
            for (a, &c) in t.nodes[v].children.iter().enumerate() {
                r[c] = if own { r[v].clone() } else { r[v].mul(&self.prob(prof, i, a)) };
            }
        }
        r
    }

    /// Expected payoff of every subtree under `prof` (own outcome included), per player.
    pub fn values(&self, prof: &Behavior<T>) -> Vec<Vec<T>> {
        let n = self.game.players.len();
        self.values_flat(prof, None).chunks(n.max(1)).map(<[T]>::to_vec).collect()
    }

    /// `values`, flat and node-major (`n` entries per node); with `only`, just at the nodes
    /// it marks (which must include every child with positive probability of a marked node).
    fn values_flat(&self, prof: &Behavior<T>, only: Option<&[bool]>) -> Vec<T> {
        let t = self.tree;
        let n = self.game.players.len();
        let mut val: Vec<T> = vec![T::zero(); t.nodes.len() * n];
        for v in (0..t.nodes.len()).rev() {
            if only.is_some_and(|m| !m[v]) {
                continue;
            }
            val[v * n..(v + 1) * n].clone_from_slice(&self.node_pay[v]);
            let Some(i) = t.nodes[v].infoset else { continue };
            for (a, &c) in t.nodes[v].children.iter().enumerate() {
                let pr = self.prob(prof, i, a);
                if pr.is_zero() {
                    continue;
                }
                for p in 0..n {
                    let add = pr.mul(&val[c * n + p]);
                    val[v * n + p] = val[v * n + p].add(&add);
                }
            }
        }
        val
    }

    pub fn payoffs(&self, prof: &Behavior<T>) -> Vec<T> {
        let n = self.game.players.len();
        // Only nodes reached with positive probability contribute to the root.
        let reach = self.reach(prof, None);
        let mask: Vec<bool> = reach.iter().map(|r| !r.is_zero()).collect();
        self.values_flat(prof, Some(&mask))[..n].to_vec()
    }

    /// Agent-form regret: the largest gain from changing the action distribution at a single
    /// information set, weighted by the probability of reaching it.
    pub fn agent_regret(&self, prof: &Behavior<T>) -> T {
        self.agent_regret_and_payoffs(prof).0
    }

    /// `agent_regret` and `payoffs` from one evaluation.
    pub fn agent_regret_and_payoffs(&self, prof: &Behavior<T>) -> (T, Vec<T>) {
        let t = self.tree;
        let n = self.game.players.len();
        let reach = self.reach(prof, None);
        // Values are read at the children of reached nodes (one-shot deviations) and need
        // those of their children with positive probability, and so on down.
        let mut need = vec![false; t.nodes.len()];
        for v in 0..t.nodes.len() {
            match t.nodes[v].parent {
                None => need[v] = true,
                Some((u, a)) => {
                    need[v] = !reach[u].is_zero()
                        || (need[u] && t.nodes[u].infoset.is_some_and(|i| !self.prob(prof, i, a).is_zero()));
                }
            }
        }
        let val = self.values_flat(prof, Some(&need));
        let mut worst = T::zero();
        for (i, is) in t.infosets.iter().enumerate() {
            let Some(p) = is.player else { continue };
            let na = is.actions.len();
            let mut gain = vec![T::zero(); na];
            let mut cur = T::zero();
            for &v in &is.members {
                if reach[v].is_zero() {
                    continue;
                }
                let mut here = T::zero();
                for a in 0..na {
                    let c = t.nodes[v].children[a];
                    let x = reach[v].mul(&val[c * n + p]);
                    here = here.add(&prof[p][self.pos[i]][a].mul(&x));
                    gain[a] = gain[a].add(&x);
                }
                cur = cur.add(&here);
            }
            let g = max(&gain).sub(&cur);
            if g > worst {
                worst = g;
            }
        }
        (worst, val[..n].to_vec())
    }

    /// Nash regret: the largest gain any player gets from a full best response (computed by
    /// backward induction over the player's own information sets, which perfect recall makes
    /// a forest whose children come later in Gambit's numbering).
    pub fn nash_regret(&self, prof: &Behavior<T>) -> T {
        let t = self.tree;
        let n = self.game.players.len();
        let mut worst = T::zero();
        let cur = self.payoffs(prof);
        for (p, cur_p) in cur.iter().enumerate().take(n) {
            let reach = self.reach(prof, Some(p));
            // best[v] = best-response value of player p for the subtree at v, weighted by the
            // reach probability of the others; computed bottom-up with per-infoset choices.
            // memo[v]: reach-weighted best-response value of p's decision node v; sets are
            // decided in reverse order, so every own node below a set is already known.
            let mut memo: Vec<Option<T>> = vec![None; t.nodes.len()];
            for k in (0..t.player_infosets[p].len()).rev() {
                let i = t.player_infosets[p][k];
                let is = &t.infosets[i];
                let per: Vec<Vec<T>> = is
                    .members
                    .iter()
                    .map(|&v| t.nodes[v].children.iter().map(|&c| self.br_value(p, c, &memo, &reach)).collect())
                    .collect();
                let mut tot = vec![T::zero(); is.actions.len()];
                for row in &per {
                    for (a, x) in row.iter().enumerate() {
                        tot[a] = tot[a].add(x);
                    }
                }
                let mut best = 0;
                for a in 1..tot.len() {
                    if tot[a] > tot[best] {
                        best = a;
                    }
                }
                for (m, &v) in is.members.iter().enumerate() {
                    memo[v] = Some(reach[v].mul(&self.node_pay[v][p]).add(&per[m][best]));
                }
            }
            let br = self.br_value(p, 0, &memo, &reach);
            let g = br.sub(cur_p);
            if g > worst {
                worst = g;
            }
        }
        worst
    }

    /// Reach-weighted value for player `p` of the subtree at `root`, using the known
    /// best-response values of p's own decision nodes below it.
    fn br_value(&self, p: usize, root: usize, memo: &[Option<T>], reach: &[T]) -> T {
        let t = self.tree;
        let mut acc = T::zero();
        let mut stack = vec![root];
        while let Some(v) = stack.pop() {
            if let Some(x) = &memo[v] {
                acc = acc.add(x);
                continue;
            }
            if reach[v].is_zero() {
                continue;
            }
            acc = acc.add(&reach[v].mul(&self.node_pay[v][p]));
            if t.nodes[v].infoset.is_some() {
                stack.extend(t.nodes[v].children.iter().copied());
            }
        }
        acc
    }
}

/// Tolerance for floating regrets: 1e-9 relative to the game's payoff range (at least 1).
pub fn float_tolerance(game: &Game) -> f64 {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for o in &game.outcomes {
        for x in &o.payoffs {
            let v = x.to_f64();
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    let range = if hi >= lo { hi - lo } else { 0.0 };
    // Outcomes add up along a path in trees, so the range of totals can exceed one outcome's.
    let depth_factor = match game.tree() {
        Some(t) => {
            let mut m = 1usize;
            let mut d = vec![0usize; t.nodes.len()];
            for v in 0..t.nodes.len() {
                if let Some((p, _)) = t.nodes[v].parent {
                    d[v] = d[p] + usize::from(t.nodes[v].outcome.is_some());
                } else {
                    d[v] = usize::from(t.nodes[v].outcome.is_some());
                }
                m = m.max(d[v]);
            }
            m as f64
        }
        None => 1.0,
    };
    1e-9 * (range * depth_factor).max(1.0)
}
