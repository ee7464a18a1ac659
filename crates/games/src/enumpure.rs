//! Pure-strategy equilibria: every cell of a table, and pure agent-form equilibria of trees.
//!
//! Agent form is searched, not enumerated: information sets are assigned in preorder, and the
//! best-response condition of a set is checked as soon as every set it depends on (those on
//! the paths to its nodes and those below them) is assigned, so a partial profile is dropped
//! the moment one of its decided sets has a profitable deviation. A set that the partial
//! profile already leaves unreached has no condition at all (zero realization probability
//! makes every action a best response), so such sets cost nothing beyond their own branching.

use crate::game::{Game, Tree};
use crate::num::Num;
use crate::reduce::Payoffs;

/// All pure Nash equilibria of a strategic form, as strategy indices per player, in
/// contingency order (player 1 varying fastest).
pub fn enumpure_table<T: Num>(pf: &Payoffs<T>) -> Vec<Vec<usize>> {
    let n = pf.num_players();
    let ncells = pf.num_cells();
    // best[i][c]: max payoff of player i over own strategies with the others as in cell c.
    let mut is_best = vec![true; ncells];
    for i in 0..n {
        let d = pf.dims[i];
        let s = pf.strides[i];
        for c in 0..ncells {
            if !(c / s).is_multiple_of(d) {
                continue;
            }
            let mut m = pf.pay[i][c].clone();
            for k in 1..d {
                let x = &pf.pay[i][c + k * s];
                if *x > m {
                    m = x.clone();
                }
            }
            for k in 0..d {
                if !m.approx_le(&pf.pay[i][c + k * s]) {
                    is_best[c + k * s] = false;
                }
            }
        }
    }
    let mut out = Vec::new();
    for (c, ok) in is_best.iter().enumerate() {
        if *ok {
            out.push((0..n).map(|i| (c / pf.strides[i]) % pf.dims[i]).collect());
        }
    }
    out
}

/// A pure behavior profile: chosen action per information set, indexed by the tree's global
/// information-set index (chance sets unused).
pub type PureBehavior = Vec<usize>;

struct Search<'a, T> {
    tree: &'a Tree,
    n: usize,
    chance: Vec<Vec<T>>,
    node_pay: Vec<Vec<T>>,
    /// Subtree value of every node for every player under the current `assign` (flat,
    /// node-major), kept up to date incrementally as assignments change.
    val: Vec<T>,
    /// Interval bounds of every subtree value over all completions of the partial profile
    /// (unassigned sets range over all their actions), node-major like `val`.
    lo: Vec<T>,
    hi: Vec<T>,
    assigned: Vec<bool>,
}

impl<T: Num> Search<'_, T> {
    fn reach(&self, v: usize, assign: &[usize]) -> T {
        let t = self.tree;
        let mut r = T::one();
        let mut cur = v;
        while let Some((p, a)) = t.nodes[cur].parent {
            let Some(i) = t.nodes[p].infoset else { break };
            match t.infosets[i].player {
                None => r = r.mul(&self.chance[i][a]),
                Some(_) => {
                    if assign[i] != a {
                        return T::zero();
                    }
                }
            }
            cur = p;
        }
        r
    }

    /// Recomputes the value of node `v` from its children.
    fn recompute(&mut self, v: usize, assign: &[usize]) {
        let t = self.tree;
        let n = self.n;
        let node = &t.nodes[v];
        for p in 0..n {
            let mut x = self.node_pay[v][p].clone();
            if let Some(i) = node.infoset {
                match t.infosets[i].player {
                    None => {
                        for (a, &c) in node.children.iter().enumerate() {
                            if !self.chance[i][a].is_zero() {
                                x = x.add(&self.chance[i][a].mul(&self.val[c * n + p]));
                            }
                        }
                    }
                    Some(_) => x = x.add(&self.val[node.children[assign[i]] * n + p]),
                }
            }
            self.val[v * n + p] = x;
        }
    }

    fn init(&mut self, assign: &[usize]) {
        for v in (0..self.tree.nodes.len()).rev() {
            self.recompute(v, assign);
        }
    }

    fn bound_node(&mut self, v: usize, assign: &[usize]) {
        let t = self.tree;
        let n = self.n;
        let node = &t.nodes[v];
        for p in 0..n {
            let own = &self.node_pay[v][p];
            let (mut l, mut h) = (own.clone(), own.clone());
            if let Some(i) = node.infoset {
                match t.infosets[i].player {
                    None => {
                        for (a, &c) in node.children.iter().enumerate() {
                            if !self.chance[i][a].is_zero() {
                                l = l.add(&self.chance[i][a].mul(&self.lo[c * n + p]));
                                h = h.add(&self.chance[i][a].mul(&self.hi[c * n + p]));
                            }
                        }
                    }
                    Some(_) if self.assigned[i] => {
                        let c = node.children[assign[i]];
                        l = l.add(&self.lo[c * n + p]);
                        h = h.add(&self.hi[c * n + p]);
                    }
                    Some(_) => {
                        let mut ml = self.lo[node.children[0] * n + p].clone();
                        let mut mh = self.hi[node.children[0] * n + p].clone();
                        for &c in &node.children[1..] {
                            if self.lo[c * n + p] < ml {
                                ml = self.lo[c * n + p].clone();
                            }
                            if self.hi[c * n + p] > mh {
                                mh = self.hi[c * n + p].clone();
                            }
                        }
                        l = l.add(&ml);
                        h = h.add(&mh);
                    }
                }
            }
            self.lo[v * n + p] = l;
            self.hi[v * n + p] = h;
        }
    }

    fn init_bounds(&mut self, assign: &[usize]) {
        for v in (0..self.tree.nodes.len()).rev() {
            self.bound_node(v, assign);
        }
    }

    /// Brings bounds up to date after set `i` was assigned, reassigned or released.
    fn bounds_changed(&mut self, i: usize, assign: &[usize]) {
        let t = self.tree;
        for &h in &t.infosets[i].members {
            self.bound_node(h, assign);
            let mut cur = h;
            while let Some((u, a)) = t.nodes[cur].parent {
                if let Some(j) = t.nodes[u].infoset
                    && t.infosets[j].player.is_some()
                    && self.assigned[j]
                    && assign[j] != a
                {
                    break;
                }
                self.bound_node(u, assign);
                cur = u;
            }
        }
    }

    /// Whether set `i` (assigned, with every set above its nodes assigned) is already known to
    /// fail its condition: reached, and some action's lower bound beats the chosen action's
    /// upper bound.
    fn doomed(&self, i: usize, assign: &[usize]) -> bool {
        let t = self.tree;
        let is = &t.infosets[i];
        let Some(p) = is.player else { return false };
        let n = self.n;
        let mut lo = vec![T::zero(); is.actions.len()];
        let mut hi_chosen = T::zero();
        let mut reached = false;
        for &v in &is.members {
            let r = self.reach(v, assign);
            if r.is_zero() {
                continue;
            }
            reached = true;
            for (a, &c) in t.nodes[v].children.iter().enumerate() {
                lo[a] = lo[a].add(&r.mul(&self.lo[c * n + p]));
            }
            hi_chosen = hi_chosen.add(&r.mul(&self.hi[t.nodes[v].children[assign[i]] * n + p]));
        }
        reached && lo.iter().any(|l| !l.approx_le(&hi_chosen))
    }

    /// Brings values up to date after the action at information set `i` changed.
    fn changed(&mut self, i: usize, assign: &[usize]) {
        let t = self.tree;
        for &h in &t.infosets[i].members {
            self.recompute(h, assign);
            let mut cur = h;
            while let Some((u, a)) = t.nodes[cur].parent {
                // A player's node whose chosen action avoids this branch keeps its value.
                if let Some(j) = t.nodes[u].infoset
                    && t.infosets[j].player.is_some()
                    && assign[j] != a
                {
                    break;
                }
                self.recompute(u, assign);
                cur = u;
            }
        }
    }

    /// The agent-form condition at information set `i`: unreached, or the chosen action is a
    /// best response to the reach-weighted member nodes.
    fn holds(&self, i: usize, assign: &[usize]) -> bool {
        let t = self.tree;
        let is = &t.infosets[i];
        let Some(p) = is.player else { return true };
        let mut tot = vec![T::zero(); is.actions.len()];
        let mut reached = false;
        for &v in &is.members {
            let r = self.reach(v, assign);
            if r.is_zero() {
                continue;
            }
            reached = true;
            for (a, &c) in t.nodes[v].children.iter().enumerate() {
                tot[a] = tot[a].add(&r.mul(&self.val[c * self.n + p]));
            }
        }
        if !reached {
            return true;
        }
        let chosen = &tot[assign[i]];
        tot.iter().all(|x| x.approx_le(chosen))
    }
}

/// All pure agent-form equilibria of a tree, in the search order (information sets in
/// preorder, each one's actions in file order, the first set varying slowest). Calls
/// `sink` for each; `sink` returns false to stop early.
pub fn enumpure_agent<T: Num>(game: &Game, tree: &Tree, mut sink: impl FnMut(&PureBehavior) -> bool) {
    let n_is = tree.infosets.len();
    // Variables: player information sets in order of first appearance in preorder.
    let mut order = Vec::new();
    let mut seen = vec![false; n_is];
    for nd in &tree.nodes {
        if let Some(i) = nd.infoset
            && !seen[i]
        {
            seen[i] = true;
            if tree.infosets[i].player.is_some() {
                order.push(i);
            }
        }
    }
    let mut rank = vec![usize::MAX; n_is];
    for (k, &i) in order.iter().enumerate() {
        rank[i] = k;
    }
    // Subtree end of each node (nodes are in preorder).
    let nn = tree.nodes.len();
    let mut end = vec![0usize; nn];
    for v in (0..nn).rev() {
        end[v] = tree.nodes[v].children.last().map_or(v + 1, |&c| end[c]);
    }
    // Step after which each set's condition is decidable.
    let mut bucket: Vec<Vec<usize>> = vec![Vec::new(); order.len()];
    for &i in &order {
        let mut m = rank[i];
        for &v in &tree.infosets[i].members {
            let mut cur = v;
            while let Some((p, _)) = tree.nodes[cur].parent {
                if let Some(j) = tree.nodes[p].infoset
                    && rank[j] != usize::MAX
                {
                    m = m.max(rank[j]);
                }
                cur = p;
            }
            for u in v..end[v] {
                if let Some(j) = tree.nodes[u].infoset
                    && rank[j] != usize::MAX
                {
                    m = m.max(rank[j]);
                }
            }
        }
        bucket[m].push(i);
    }
    let n = game.players.len();
    let mut s = Search::<T> {
        tree,
        n,
        val: vec![T::zero(); tree.nodes.len() * n],
        lo: vec![T::zero(); tree.nodes.len() * n],
        hi: vec![T::zero(); tree.nodes.len() * n],
        assigned: vec![false; n_is],
        chance: tree.infosets.iter().map(|is| is.probs.iter().map(T::from_q).collect()).collect(),
        node_pay: tree
            .nodes
            .iter()
            .map(|nd| (0..game.players.len()).map(|p| T::from_q(game.outcome_payoff(nd.outcome, p))).collect())
            .collect(),
    };
    let mut assign = vec![0usize; n_is];
    s.init(&assign);
    s.init_bounds(&assign);
    // Sets whose nodes' ancestors are all assigned after step `anc[k]` can be bound-checked
    // from then on until their exact check.
    let mut done_at = vec![0usize; n_is];
    for (b, list) in bucket.iter().enumerate() {
        for &i in list {
            done_at[i] = b;
        }
    }
    let mut anc = vec![0usize; n_is];
    for &i in &order {
        let mut m = rank[i];
        for &v in &tree.infosets[i].members {
            let mut cur = v;
            while let Some((p, _)) = tree.nodes[cur].parent {
                if let Some(j) = tree.nodes[p].infoset
                    && rank[j] != usize::MAX
                {
                    m = m.max(rank[j]);
                }
                cur = p;
            }
        }
        anc[i] = m;
    }
    if order.is_empty() {
        sink(&assign);
        return;
    }
    // Iterative depth-first search; `k` is the variable being tried, `assign` holds its action.
    let mut k = 0usize;
    let mut fresh = true;
    loop {
        let i = order[k];
        let old = assign[i];
        if fresh {
            assign[i] = 0;
        } else {
            assign[i] += 1;
        }
        if assign[i] >= tree.infosets[i].actions.len() {
            assign[i] = 0;
            if old != 0 {
                s.changed(i, &assign);
            }
            s.assigned[i] = false;
            s.bounds_changed(i, &assign);
            // Exhausted: backtrack.
            if k == 0 {
                return;
            }
            k -= 1;
            fresh = false;
            continue;
        }
        if assign[i] != old {
            s.changed(i, &assign);
        }
        s.assigned[i] = true;
        s.bounds_changed(i, &assign);
        let alive = bucket[k].iter().all(|&j| s.holds(j, &assign))
            && order[..=k].iter().all(|&j| done_at[j] <= k || anc[j] > k || !s.doomed(j, &assign));
        if alive {
            if k + 1 == order.len() {
                if !sink(&assign) {
                    return;
                }
                fresh = false;
            } else {
                k += 1;
                fresh = true;
            }
        } else {
            fresh = false;
        }
    }
}

/// Converts a pure behavior profile to the per-player, per-set distribution form.
pub fn pure_to_behavior<T: Num>(tree: &Tree, assign: &PureBehavior) -> Vec<Vec<Vec<T>>> {
    tree.player_infosets
        .iter()
        .map(|list| {
            list.iter()
                .map(|&i| {
                    (0..tree.infosets[i].actions.len())
                        .map(|a| if a == assign[i] { T::one() } else { T::zero() })
                        .collect()
                })
                .collect()
        })
        .collect()
}
