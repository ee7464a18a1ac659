//! Pure-strategy equilibria: every cell of a table, and pure agent-form equilibria of trees.
//!
//! Agent form is searched, not enumerated. The condition of an information set (unreached,
//! or its action a best response for its player given the whole profile) depends on the sets
//! on the paths to its nodes and below them, its scope. Sets are assigned in a greedy order
//! that completes small scopes first (in a game of rounds: the early rounds, then each later
//! public subgame from the bottom up), and each condition is checked as soon as its scope is
//! assigned. Once the assigned sets fix the reach of every set still waiting, the remaining
//! sets often fall into components no scope connects; each is solved on its own
//! (recursively), and their solutions are combined under the waiting conditions, whose
//! gains are sums of per-component contributions, so a partial combination is dropped as
//! soon as the best case of the open components cannot save it. Exact runs use integers over
//! the game's common denominator when they fit ([`crate::scaled`]); games whose solution lists
//! would grow too large (many free choices at unreached sets) use the older streaming search.

use crate::game::{Game, Tree};
use crate::num::Num;
use crate::reduce::Payoffs;
use crate::scaled::{Scaled, game_scale, with_scale};
use std::collections::HashMap;
use std::rc::Rc;

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

/// How the search treats one group of information sets (`vars`): a prefix searched set by
/// set, then independent components solved on their own and combined.
struct Plan {
    /// The sets of `vars` in search order: the prefix `order[..split]`, then the components.
    order: Vec<usize>,
    /// Position in `vars` of each set of `order`.
    at: Vec<usize>,
    split: usize,
    /// `checks[k]`: prefix sets whose condition is decidable once `order[..=k]` is assigned.
    checks: Vec<Vec<usize>>,
    /// Prefix sets whose condition depends on the components (their ancestors all in the
    /// prefix or fixed by the caller).
    pending: Vec<usize>,
    /// Components of `order[split..]`: sets (sorted) and their positions in `vars`.
    comps: Vec<Vec<usize>>,
    comp_at: Vec<Vec<usize>>,
}

struct Search<'a, T> {
    tree: &'a Tree,
    n: usize,
    chance: Vec<Vec<T>>,
    node_pay: Vec<Vec<T>>,
    /// Subtree value of every node for every player under `assign` (flat, node-major), kept
    /// up to date incrementally as assignments change.
    val: Vec<T>,
    assign: Vec<usize>,
    /// Player sets each set's condition depends on (on the paths to its nodes and below
    /// them, itself included), and those on the paths only.
    scope: Vec<Vec<usize>>,
    anc: Vec<Vec<usize>>,
    /// Smallest depth of a member node, and rank in preorder of first appearance.
    depth: Vec<usize>,
    pre_rank: Vec<usize>,
    plans: HashMap<Vec<usize>, Rc<Plan>>,
    /// Scratch: per-set local index.
    loc: Vec<usize>,
    /// Actions stored in solution lists so far, and whether that passed `STORE_LIMIT`.
    stored: usize,
    over: bool,
    /// Scratch for `set`: nodes to recompute, and a per-node stamp.
    dirty: Vec<usize>,
    mark: Vec<u64>,
    stamp: u64,
    /// Node depths, and the depth above which values may be left stale (see `solve`).
    ndepth: Vec<usize>,
    ceil: usize,
}

/// Most actions the component search keeps in its solution lists (8 bytes each) before it
/// gives up for the streaming search.
const STORE_LIMIT: usize = 1 << 25;

impl<T: Num> Search<'_, T> {
    fn reach(&self, v: usize) -> T {
        let t = self.tree;
        let mut r = T::one();
        let mut cur = v;
        while let Some((p, a)) = t.nodes[cur].parent {
            let Some(i) = t.nodes[p].infoset else { break };
            match t.infosets[i].player {
                None => r = r.mul(&self.chance[i][a]),
                Some(_) => {
                    if self.assign[i] != a {
                        return T::zero();
                    }
                }
            }
            cur = p;
        }
        r
    }

    /// Recomputes the value of node `v` from its children.
    fn recompute(&mut self, v: usize) {
        let t = self.tree;
        let n = self.n;
        let node = &t.nodes[v];
        let (below, here) = self.val.split_at_mut(v * n + n);
        let out = &mut below[v * n..];
        out.clone_from_slice(&self.node_pay[v]);
        let Some(i) = node.infoset else { return };
        // Children come after their parent in preorder.
        let after = v * n + n;
        let child = |c: usize| c * n - after;
        match t.infosets[i].player {
            None => {
                for (a, &c) in node.children.iter().enumerate() {
                    let pr = &self.chance[i][a];
                    if pr.is_zero() {
                        continue;
                    }
                    let cv = &here[child(c)..child(c) + n];
                    for (x, y) in out.iter_mut().zip(cv) {
                        *x = x.add(&pr.mul(y));
                    }
                }
            }
            Some(_) => {
                let c = node.children[self.assign[i]];
                let cv = &here[child(c)..child(c) + n];
                for (x, y) in out.iter_mut().zip(cv) {
                    *x = x.add(y);
                }
            }
        }
    }

    /// Recomputes the values above the nodes of `comps`' sets up to the current ceiling.
    fn refresh(&mut self, comps: &[Vec<usize>]) {
        let t = self.tree;
        let mut dirty = self.start_dirty();
        for &i in comps.iter().flatten() {
            for &h in &t.infosets[i].members {
                let mut cur = h;
                while let Some((u, _)) = t.nodes[cur].parent {
                    if self.ndepth[u] < self.ceil || self.mark[u] == self.stamp {
                        break;
                    }
                    self.mark[u] = self.stamp;
                    dirty.push(u);
                    cur = u;
                }
            }
        }
        self.finish_dirty(dirty);
    }

    /// A fresh mark stamp and the (emptied) buffer of nodes to recompute.
    fn start_dirty(&mut self) -> Vec<usize> {
        self.stamp += 1;
        let mut dirty = std::mem::take(&mut self.dirty);
        dirty.clear();
        dirty
    }

    /// Recomputes the collected nodes children first (nodes are numbered in preorder) and
    /// keeps the buffer for the next update.
    fn finish_dirty(&mut self, mut dirty: Vec<usize>) {
        dirty.sort_unstable_by(|x, y| y.cmp(x));
        for &v in &dirty {
            self.recompute(v);
        }
        self.dirty = dirty;
    }

    /// Sets the action of `i` and brings values up to date (up to the current ceiling).
    fn set(&mut self, i: usize, a: usize) {
        if self.assign[i] == a {
            return;
        }
        self.assign[i] = a;
        let t = self.tree;
        // Collect the nodes whose value changes (each once, paths from several members
        // meeting), then recompute them children first.
        let mut dirty = self.start_dirty();
        for &h in &t.infosets[i].members {
            if self.mark[h] == self.stamp {
                continue;
            }
            self.mark[h] = self.stamp;
            dirty.push(h);
            let mut cur = h;
            while let Some((u, a)) = t.nodes[cur].parent {
                // A player's node whose chosen action avoids this branch keeps its value.
                if let Some(j) = t.nodes[u].infoset
                    && t.infosets[j].player.is_some()
                    && self.assign[j] != a
                {
                    break;
                }
                if self.mark[u] == self.stamp || self.ndepth[u] < self.ceil {
                    break;
                }
                self.mark[u] = self.stamp;
                dirty.push(u);
                cur = u;
            }
        }
        self.finish_dirty(dirty);
    }

    /// Reach-weighted value of each action of set `i` for its player, into `tot`; false if
    /// the set is not reached.
    fn totals(&self, i: usize, tot: &mut Vec<T>) -> bool {
        let t = self.tree;
        let is = &t.infosets[i];
        let p = is.player.unwrap_or(0);
        tot.clear();
        tot.resize(is.actions.len(), T::zero());
        let mut reached = false;
        for &v in &is.members {
            let r = self.reach(v);
            if r.is_zero() {
                continue;
            }
            reached = true;
            for (a, &c) in t.nodes[v].children.iter().enumerate() {
                tot[a] = tot[a].add(&r.mul(&self.val[c * self.n + p]));
            }
        }
        reached
    }

    /// The agent-form condition at information set `i`: unreached, or the chosen action is a
    /// best response to the reach-weighted member nodes.
    fn holds(&self, i: usize, tot: &mut Vec<T>) -> bool {
        if !self.totals(i, tot) {
            return true;
        }
        let chosen = &tot[self.assign[i]];
        tot.iter().all(|x| x.approx_le(chosen))
    }

    fn plan(&mut self, vars: &[usize]) -> Rc<Plan> {
        if let Some(p) = self.plans.get(vars) {
            return p.clone();
        }
        let p = Rc::new(self.make_plan(vars));
        self.plans.insert(vars.to_vec(), p.clone());
        p
    }

    fn make_plan(&mut self, vars: &[usize]) -> Plan {
        let m = vars.len();
        for (k, &i) in vars.iter().enumerate() {
            self.loc[i] = k;
        }
        let inside = |loc: &Vec<usize>, j: usize| loc[j] < m && vars[loc[j]] == j;
        // Scopes in local indices.
        let sc: Vec<Vec<usize>> = vars
            .iter()
            .map(|&i| self.scope[i].iter().filter(|&&j| inside(&self.loc, j)).map(|&j| self.loc[j]).collect())
            .collect();
        let an: Vec<Vec<usize>> = vars
            .iter()
            .map(|&i| self.anc[i].iter().filter(|&&j| inside(&self.loc, j)).map(|&j| self.loc[j]).collect())
            .collect();
        // Greedy order: the set whose condition needs the fewest unplaced sets comes next,
        // with those sets (shallowest first).
        let mut placed = vec![false; m];
        let mut order: Vec<usize> = Vec::with_capacity(m);
        while order.len() < m {
            let mut best = usize::MAX;
            let mut best_cost = usize::MAX;
            for x in 0..m {
                if placed[x] {
                    continue;
                }
                let cost = sc[x].iter().filter(|&&j| !placed[j]).count();
                if cost < best_cost {
                    best_cost = cost;
                    best = x;
                }
            }
            let mut add: Vec<usize> = sc[best].iter().copied().filter(|&j| !placed[j]).collect();
            if !add.contains(&best) {
                add.push(best);
            }
            add.sort_by_key(|&j| (self.depth[vars[j]], self.pre_rank[vars[j]]));
            for j in add {
                placed[j] = true;
                order.push(j);
            }
        }
        let mut rank = vec![0usize; m];
        for (k, &x) in order.iter().enumerate() {
            rank[x] = k;
        }
        let dstep: Vec<usize> =
            (0..m).map(|x| sc[x].iter().map(|&j| rank[j]).max().unwrap_or(rank[x]).max(rank[x])).collect();
        // Split at the first point where the rest falls into independent components and every
        // set still waiting for them has its reach fixed.
        let mut split = m;
        let mut comps_local: Vec<Vec<usize>> = Vec::new();
        for k in 0..m.saturating_sub(1) {
            let ok = order[..k].iter().all(|&x| dstep[x] < k || an[x].iter().all(|&j| rank[j] < k));
            if !ok {
                continue;
            }
            // Union-find over order[k..].
            let mut parent: Vec<usize> = (0..m).collect();
            fn find(p: &mut [usize], mut x: usize) -> usize {
                while p[x] != x {
                    p[x] = p[p[x]];
                    x = p[x];
                }
                x
            }
            for &x in &order[k..] {
                for &j in &sc[x] {
                    if rank[j] >= k {
                        let (a, b) = (find(&mut parent, x), find(&mut parent, j));
                        if a != b {
                            parent[a] = b;
                        }
                    }
                }
            }
            let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
            for &x in &order[k..] {
                let r = find(&mut parent, x);
                match groups.iter_mut().find(|g| g.0 == r) {
                    Some(g) => g.1.push(x),
                    None => groups.push((r, vec![x])),
                }
            }
            if groups.len() >= 2 {
                split = k;
                comps_local = groups.into_iter().map(|g| g.1).collect();
                break;
            }
        }
        let mut checks = vec![Vec::new(); split];
        let mut pending = Vec::new();
        for &x in &order[..split] {
            if dstep[x] < split {
                checks[dstep[x]].push(vars[x]);
            } else {
                pending.push(vars[x]);
            }
        }
        let mut full_order: Vec<usize> = order[..split].to_vec();
        let mut comps = Vec::new();
        let mut comp_at = Vec::new();
        for mut g in comps_local {
            g.sort_unstable();
            full_order.extend(&g);
            comps.push(g.iter().map(|&x| vars[x]).collect());
            comp_at.push(g);
        }
        Plan {
            at: full_order.clone(),
            order: full_order.iter().map(|&x| vars[x]).collect(),
            split,
            checks,
            pending,
            comps,
            comp_at,
        }
    }

    /// Every assignment of `vars` (flat rows aligned with `vars`) under which each of their
    /// conditions holds, the sets outside `vars` that these depend on being fixed.
    fn solve(&mut self, vars: &[usize]) -> Vec<usize> {
        let plan = self.plan(vars);
        // Conditions of these sets read values at or below their shallowest node only.
        let old = self.ceil;
        self.ceil = vars.iter().map(|&i| self.depth[i]).min().unwrap_or(0);
        let out = self.solve_plan(&plan);
        self.ceil = old;
        out
    }

    fn solve_plan(&mut self, plan: &Plan) -> Vec<usize> {
        let stride = plan.order.len();
        let mut out = Vec::new();
        let mut cur = vec![0usize; stride];
        let mut tot = Vec::new();
        let t = self.tree;
        if plan.split == 0 {
            self.combine(plan, &mut cur, &mut out);
            return out;
        }
        let split = plan.split;
        let mut k = 0usize;
        let mut fresh = true;
        loop {
            let i = plan.order[k];
            let a = if fresh { 0 } else { self.assign[i] + 1 };
            if a >= t.infosets[i].actions.len() {
                if k == 0 {
                    return out;
                }
                k -= 1;
                fresh = false;
                continue;
            }
            self.set(i, a);
            cur[plan.at[k]] = a;
            let alive = plan.checks[k].iter().all(|&j| self.holds(j, &mut tot));
            if alive && k + 1 < split {
                k += 1;
                fresh = true;
                continue;
            }
            if alive {
                if split == plan.order.len() {
                    out.extend_from_slice(&cur);
                    self.count(stride);
                } else {
                    self.combine(plan, &mut cur, &mut out);
                }
                if self.over {
                    return out;
                }
            }
            fresh = false;
        }
    }

    fn count(&mut self, k: usize) {
        self.stored += k;
        self.over |= self.stored > STORE_LIMIT;
    }

    fn apply(&mut self, sets: &[usize], row: &[usize]) {
        for (&i, &a) in sets.iter().zip(row) {
            self.set(i, a);
        }
    }

    /// With the prefix of `plan` assigned: solves its components and emits every
    /// combination of their solutions under which the pending prefix sets hold.
    fn combine(&mut self, plan: &Plan, cur: &mut [usize], out: &mut Vec<usize>) {
        let nc = plan.comps.len();
        let mut sols: Vec<Vec<usize>> = Vec::with_capacity(nc);
        for c in &plan.comps {
            let s = self.solve(c);
            if s.is_empty() || self.over {
                return;
            }
            sols.push(s);
        }
        // The components kept their values up to date below their own shallowest nodes only.
        self.refresh(&plan.comps);
        let count: Vec<usize> = (0..nc).map(|j| sols[j].len() / plan.comps[j].len()).collect();
        let row = |j: usize, s: usize| {
            let w = plan.comps[j].len();
            &sols[j][s * w..(s + 1) * w]
        };
        // Pending sets that are reached, with the chosen action; their gains (action total
        // minus chosen total) are linear in the components' values, each path below a pending
        // set meeting at most one component.
        for j in 0..nc {
            self.apply(&plan.comps[j], row(j, 0));
        }
        let mut tot = Vec::new();
        let mut pend: Vec<usize> = Vec::new();
        let mut base: Vec<T> = Vec::new();
        let mut scale: Vec<f64> = Vec::new();
        // Whether a gain is the chosen action's own (always zero).
        let mut own: Vec<bool> = Vec::new();
        for &i in &plan.pending {
            if self.totals(i, &mut tot) {
                pend.push(i);
                let c = tot[self.assign[i]].clone();
                for (a, x) in tot.iter().enumerate() {
                    base.push(x.sub(&c));
                    scale.push(1.0 + x.to_f64().abs() + c.to_f64().abs());
                    own.push(a == self.assign[i]);
                }
            }
        }
        let nq = base.len();
        if nq == 0 {
            self.product(plan, &sols, &count, cur, out);
            return;
        }
        // Contribution of each solution of each component to each gain, against solution 0.
        let mut contrib: Vec<Vec<T>> = Vec::with_capacity(nc);
        let mut minc: Vec<Vec<T>> = Vec::with_capacity(nc);
        for (j, &cnt) in count.iter().enumerate() {
            let mut cj: Vec<T> = Vec::with_capacity(cnt * nq);
            let mut mj: Vec<T> = vec![T::zero(); nq];
            cj.extend(std::iter::repeat_n(T::zero(), nq));
            for s in 1..cnt {
                self.apply(&plan.comps[j], row(j, s));
                let mut q = 0;
                for &i in &pend {
                    self.totals(i, &mut tot);
                    let c = tot[self.assign[i]].clone();
                    for x in &tot {
                        let d = x.sub(&c).sub(&base[q]);
                        scale[q] += d.to_f64().abs();
                        if d < mj[q] {
                            mj[q] = d.clone();
                        }
                        cj.push(d);
                        q += 1;
                    }
                }
            }
            self.apply(&plan.comps[j], row(j, 0));
            contrib.push(cj);
            minc.push(mj);
        }
        // rest[j]: lower bound of what components j.. add.
        let mut rest: Vec<Vec<T>> = vec![vec![T::zero(); nq]; nc + 1];
        for j in (0..nc).rev() {
            for q in 0..nq {
                rest[j][q] = rest[j + 1][q].add(&minc[j][q]);
            }
        }
        let eps: Vec<f64> = scale.iter().map(|s| if T::EXACT { 0.0 } else { 1e-7 * s }).collect();
        let viable = |part: &[T], j: usize| {
            (0..nq).all(|q| {
                let lb = part[q].add(&rest[j][q]);
                if T::EXACT { lb <= T::zero() } else { lb.to_f64() <= eps[q] }
            })
        };
        // Depth-first over components; part[j] holds the gains with components ..j chosen.
        let mut part: Vec<Vec<T>> = vec![base.clone(); nc + 1];
        let mut pick = vec![0usize; nc];
        let mut j = 0usize;
        let mut fresh = true;
        loop {
            let s = if fresh { 0 } else { pick[j] + 1 };
            if s >= count[j] {
                if j == 0 {
                    return;
                }
                j -= 1;
                fresh = false;
                continue;
            }
            pick[j] = s;
            let (lo, hi) = part.split_at_mut(j + 1);
            for q in 0..nq {
                hi[0][q] = lo[j][q].add(&contrib[j][s * nq + q]);
            }
            if !viable(&part[j + 1], j + 1) {
                fresh = false;
                continue;
            }
            if j + 1 < nc {
                j += 1;
                fresh = true;
                continue;
            }
            // A complete combination: exact arithmetic has the gains exactly; floats recheck
            // on the recomputed values unless every gain is clearly negative (far beyond
            // both the rounding of the sums and the tolerance of `holds`).
            let clear = || (0..nq).all(|q| own[q] || part[nc][q].to_f64() < -eps[q]);
            let ok = T::EXACT || clear() || {
                for (jj, &ss) in pick.iter().enumerate() {
                    self.apply(&plan.comps[jj], row(jj, ss));
                }
                pend.iter().all(|&i| self.holds(i, &mut tot))
            };
            if ok {
                for (jj, &ss) in pick.iter().enumerate() {
                    for (&pos, &a) in plan.comp_at[jj].iter().zip(row(jj, ss)) {
                        cur[pos] = a;
                    }
                }
                out.extend_from_slice(cur);
                self.count(cur.len());
                if self.over {
                    return;
                }
            }
            fresh = false;
        }
    }

    /// Every combination of the components' solutions (no condition links them).
    fn product(&mut self, plan: &Plan, sols: &[Vec<usize>], count: &[usize], cur: &mut [usize], out: &mut Vec<usize>) {
        let nc = plan.comps.len();
        let mut pick = vec![0usize; nc];
        loop {
            for j in 0..nc {
                let w = plan.comps[j].len();
                for (&pos, &a) in plan.comp_at[j].iter().zip(&sols[j][pick[j] * w..(pick[j] + 1) * w]) {
                    cur[pos] = a;
                }
            }
            out.extend_from_slice(cur);
            self.count(cur.len());
            if self.over {
                return;
            }
            let mut j = nc;
            loop {
                if j == 0 {
                    return;
                }
                j -= 1;
                pick[j] += 1;
                if pick[j] < count[j] {
                    break;
                }
                pick[j] = 0;
            }
        }
    }
}

/// All pure agent-form equilibria of a tree, in lexicographic order of the actions of the
/// information sets taken in preorder of first appearance (the first set varying slowest,
/// actions in file order). Calls `sink` for each; `sink` returns false to stop early.
///
/// The search splits the game where it can: once the sets assigned so far fix the reach of
/// every set still waiting for a verdict, the remaining sets often fall into groups no
/// condition connects (the subgames after a public history, say); each group is solved on
/// its own, recursively, and the groups' solutions are combined under the waiting sets'
/// conditions, whose gains are sums of the groups' contributions, so partial combinations are
/// dropped as soon as the best case of the groups still open cannot save them.
pub fn enumpure_agent<T: Num>(game: &Game, tree: &Tree, mut sink: impl FnMut(&PureBehavior) -> bool) {
    // Exact answers come from scaled integers when the game's denominators allow it, from
    // `T` otherwise.
    let scaled = if T::EXACT { scaled_search(game, tree) } else { None };
    let found = scaled.or_else(|| component_search::<T>(game, tree));
    let Some((preorder, flat)) = found else {
        enumpure_agent_stream::<T>(game, tree, sink);
        return;
    };
    let stride = preorder.len();
    let mut rows: Vec<&[usize]> = if stride == 0 { vec![&[]] } else { flat.chunks_exact(stride).collect() };
    rows.sort_unstable();
    let mut assign = vec![0usize; tree.infosets.len()];
    for r in rows {
        for (&i, &a) in preorder.iter().zip(r) {
            assign[i] = a;
        }
        if !sink(&assign) {
            return;
        }
    }
}

/// The component search in scaled integers (see [`Scaled`]), if the game allows it.
fn scaled_search(game: &Game, tree: &Tree) -> Option<(Vec<usize>, Vec<usize>)> {
    let m = game_scale(game, tree)?;
    with_scale(m, || component_search::<Scaled>(game, tree))?
}

/// The players' information sets in order of first appearance in the preorder of nodes, and
/// each set's position in that order (`usize::MAX` for chance sets).
fn player_sets_in_preorder(tree: &Tree) -> (Vec<usize>, Vec<usize>) {
    let n_is = tree.infosets.len();
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
    (order, rank)
}

/// The component search; `None` if it would hold too many solutions. Returns the player sets
/// in preorder and the solutions as flat rows of their actions.
fn component_search<T: Num>(game: &Game, tree: &Tree) -> Option<(Vec<usize>, Vec<usize>)> {
    let n_is = tree.infosets.len();
    let nn = tree.nodes.len();
    let (preorder, pre_rank) = player_sets_in_preorder(tree);
    // Subtree end and depth of each node (nodes are in preorder).
    let mut end = vec![0usize; nn];
    for v in (0..nn).rev() {
        end[v] = tree.nodes[v].children.last().map_or(v + 1, |&c| end[c]);
    }
    let mut ndepth = vec![0usize; nn];
    for v in 1..nn {
        if let Some((p, _)) = tree.nodes[v].parent {
            ndepth[v] = ndepth[p] + 1;
        }
    }
    let mut scope = vec![Vec::new(); n_is];
    let mut anc = vec![Vec::new(); n_is];
    let mut depth = vec![usize::MAX; n_is];
    let mut mark = vec![usize::MAX; n_is];
    let mut mark_anc = vec![usize::MAX; n_is];
    for &i in &preorder {
        let mut sc = vec![i];
        mark[i] = i;
        let mut an = Vec::new();
        for &v in &tree.infosets[i].members {
            depth[i] = depth[i].min(ndepth[v]);
            let mut cur = v;
            while let Some((p, _)) = tree.nodes[cur].parent {
                if let Some(j) = tree.nodes[p].infoset
                    && tree.infosets[j].player.is_some()
                {
                    if mark[j] != i {
                        mark[j] = i;
                        sc.push(j);
                    }
                    if mark_anc[j] != i {
                        mark_anc[j] = i;
                        an.push(j);
                    }
                }
                cur = p;
            }
            for u in v..end[v] {
                if let Some(j) = tree.nodes[u].infoset
                    && tree.infosets[j].player.is_some()
                    && mark[j] != i
                {
                    mark[j] = i;
                    sc.push(j);
                }
            }
        }
        scope[i] = sc;
        anc[i] = an;
    }
    let n = game.players.len();
    let mut s = Search::<T> {
        tree,
        n,
        val: vec![T::zero(); nn * n],
        assign: vec![0usize; n_is],
        chance: tree.infosets.iter().map(|is| is.probs.iter().map(T::from_q).collect()).collect(),
        node_pay: tree
            .nodes
            .iter()
            .map(|nd| (0..n).map(|p| T::from_q(game.outcome_payoff(nd.outcome, p))).collect())
            .collect(),
        scope,
        anc,
        depth,
        pre_rank,
        plans: HashMap::new(),
        loc: vec![usize::MAX; n_is],
        stored: 0,
        over: false,
        dirty: Vec::new(),
        mark: vec![0; nn],
        stamp: 0,
        ndepth,
        ceil: 0,
    };
    for v in (0..nn).rev() {
        s.recompute(v);
    }
    let flat = s.solve(&preorder);
    if s.over {
        return None;
    }
    Some((preorder, flat))
}

struct Stream<'a, T> {
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

impl<T: Num> Stream<'_, T> {
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
        self.update_above(i, assign, true, Self::bound_node);
    }

    /// Applies `update` to the members of set `i` and to their ancestors, upwards, stopping at
    /// a player's node whose chosen action avoids the branch (with `only_assigned`, only a set
    /// already assigned stops the walk): the nodes whose values depend on set `i`'s action.
    fn update_above(
        &mut self,
        i: usize,
        assign: &[usize],
        only_assigned: bool,
        update: fn(&mut Self, usize, &[usize]),
    ) {
        let t = self.tree;
        for &h in &t.infosets[i].members {
            update(self, h, assign);
            let mut cur = h;
            while let Some((u, a)) = t.nodes[cur].parent {
                if let Some(j) = t.nodes[u].infoset
                    && t.infosets[j].player.is_some()
                    && (!only_assigned || self.assigned[j])
                    && assign[j] != a
                {
                    break;
                }
                update(self, u, assign);
                cur = u;
            }
        }
    }

    /// Whether set `i` (assigned, with every set above its nodes assigned) is already known to
    /// fail its condition: reached, and some action's lower bound beats the chosen action's
    /// upper bound.
    fn doomed(&self, i: usize, assign: &[usize]) -> bool {
        match (self.weighted(i, assign, &self.lo), self.weighted(i, assign, &self.hi)) {
            (Some(lo), Some(hi)) => lo.iter().any(|l| !l.approx_le(&hi[assign[i]])),
            _ => false,
        }
    }

    /// Brings values up to date after the action at information set `i` changed.
    fn changed(&mut self, i: usize, assign: &[usize]) {
        // A player's node whose chosen action avoids this branch keeps its value.
        self.update_above(i, assign, false, Self::recompute);
    }

    /// The agent-form condition at information set `i`: unreached, or the chosen action is a
    /// best response to the reach-weighted member nodes.
    fn holds(&self, i: usize, assign: &[usize]) -> bool {
        let Some(tot) = self.weighted(i, assign, &self.val) else { return true };
        tot.iter().all(|x| x.approx_le(&tot[assign[i]]))
    }

    /// Per action of information set `i`, the sum over its member nodes of (reach probability
    /// under `assign`) x (the acting player's entry of `table` at the action's child); `None`
    /// for chance and for a set no member of which is reached.
    fn weighted(&self, i: usize, assign: &[usize], table: &[T]) -> Option<Vec<T>> {
        let t = self.tree;
        let is = &t.infosets[i];
        let p = is.player?;
        let mut tot = vec![T::zero(); is.actions.len()];
        let mut reached = false;
        for &v in &is.members {
            let r = self.reach(v, assign);
            if r.is_zero() {
                continue;
            }
            reached = true;
            for (a, &c) in t.nodes[v].children.iter().enumerate() {
                tot[a] = tot[a].add(&r.mul(&table[c * self.n + p]));
            }
        }
        reached.then_some(tot)
    }
}

/// The streaming search used when the component search would hold too many solutions
/// (games whose unreached sets leave astronomically many free combinations): information sets
/// in preorder, each checked once everything around it is assigned; memory stays flat.
fn enumpure_agent_stream<T: Num>(game: &Game, tree: &Tree, mut sink: impl FnMut(&PureBehavior) -> bool) {
    let n_is = tree.infosets.len();
    // Variables: player information sets in order of first appearance in preorder.
    let (order, rank) = player_sets_in_preorder(tree);
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
    let mut s = Stream::<T> {
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
