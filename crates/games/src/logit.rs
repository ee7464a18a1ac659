//! The logit quantal-response-equilibrium branch, traced from the centroid (lambda = 0)
//! towards a Nash equilibrium (Gambit's `gambit-logit`), for strategic games (n players)
//! and for trees in agent form.
//!
//! Unknowns are log-probabilities per action group (a player's strategies, or an information
//! set's actions) and lambda; equations are `z_a - z_0 = lambda (v_a - v_0)` and
//! `sum exp(z) = 1` per group. A pseudo-arclength predictor–corrector follows the branch (it
//! can turn back in lambda) with analytic Jacobians: for trees one sweep over the tree gives
//! the conditional action values and, walking up from every decision node to the root, all
//! their derivatives. Internally payoffs are divided by the payoff range (so lambda is
//! measured in units of 1/range) and the step length adapts to the corrector's behaviour
//! (Allgower–Georg, as in Gambit, but allowed to grow quickly where the branch is straight).
//! Tracing stops at the first point meeting Gambit's criterion (Nash regret below 1e-8 x the
//! payoff range); then the support is read off and the equilibrium on that support is solved
//! for by Newton's method, so the returned profile is a verified Nash (agent-Nash for trees)
//! equilibrium rather than a large-lambda approximation.

use crate::game::{Game, Tree};
use crate::reduce::Payoffs;
use crate::verify::{Behavior, Mixed, TreeEval, mixed_regret};

/// Gambit's end criterion (`logit_solve(maxregret=1e-8)`), relative to the payoff range.
const END_REGRET: f64 = 1e-8;

/// A model whose strategies come in groups (one distribution per group).
trait Model {
    fn groups(&self) -> &[usize];
    /// For each group, the groups whose log-probabilities its values can depend on: `eval`
    /// writes the derivative blocks (rows of the group, columns of those groups), and no
    /// other entry of `dv` is ever read.
    fn related(&self) -> Vec<Vec<usize>>;
    /// Conditional action values (payoffs divided by the range) per action, flat, at the
    /// interior profile `sigma = exp(z)`; with `dv`, also their derivatives with respect to
    /// every log-probability (row-major, `k x k`).
    fn eval(&mut self, z: &[f64], sigma: &[f64], v: &mut [f64], dv: Option<&mut [f64]>);
    /// Reach-weighted values (zero-reach groups give zeros), for the polishing step.
    fn weighted_values(&self, sigma: &[Vec<f64>]) -> Vec<Vec<f64>>;
    /// Regret used to verify (agent regret for trees).
    fn regret(&self, sigma: &[Vec<f64>]) -> f64;
    /// Gambit's end criterion: Nash regret (of the mixed-strategy equivalent for trees).
    fn nash_regret(&self, sigma: &[Vec<f64>]) -> f64;
    /// From the last `eval` (at `sigma` with values `v`): a lower bound on the Nash regret in
    /// payoff units, and whether it is exact.
    fn regret_bound(&self, sigma: &[f64], v: &[f64]) -> (f64, bool);
    fn scale(&self) -> f64;
}

struct TableModel<'a> {
    pf: &'a Payoffs<f64>,
    groups: Vec<usize>,
    offsets: Vec<usize>,
    scale: f64,
    /// Scratch: the current cell's strategy indices.
    idx: Vec<usize>,
}

impl Model for TableModel<'_> {
    fn groups(&self) -> &[usize] {
        &self.groups
    }
    fn related(&self) -> Vec<Vec<usize>> {
        let n = self.groups.len();
        (0..n).map(|p| (0..n).filter(|&q| q != p).collect()).collect()
    }
    fn eval(&mut self, _z: &[f64], sigma: &[f64], v: &mut [f64], mut dv: Option<&mut [f64]>) {
        let n = self.groups.len();
        let k = sigma.len();
        v.fill(0.0);
        if let Some(d) = dv.as_deref_mut() {
            d.fill(0.0);
        }
        self.idx.fill(0);
        let inv = 1.0 / self.scale;
        for c in 0..self.pf.num_cells() {
            for p in 0..n {
                let u = self.pf.pay[p][c];
                if u == 0.0 {
                    continue;
                }
                let mut w = u * inv;
                for q in 0..n {
                    if q != p {
                        w *= sigma[self.offsets[q] + self.idx[q]];
                    }
                }
                let row = self.offsets[p] + self.idx[p];
                v[row] += w;
                if let Some(d) = dv.as_deref_mut() {
                    // d/dz_{q,t} of the product is the product itself when t = idx[q].
                    for q in 0..n {
                        if q != p {
                            d[row * k + self.offsets[q] + self.idx[q]] += w;
                        }
                    }
                }
            }
            for (p, x) in self.idx.iter_mut().enumerate() {
                *x += 1;
                if *x < self.groups[p] {
                    break;
                }
                *x = 0;
            }
        }
    }
    fn weighted_values(&self, sigma: &[Vec<f64>]) -> Vec<Vec<f64>> {
        crate::verify::strategy_values(self.pf, &sigma.to_vec())
    }
    fn regret(&self, sigma: &[Vec<f64>]) -> f64 {
        mixed_regret(self.pf, &sigma.to_vec())
    }
    fn nash_regret(&self, sigma: &[Vec<f64>]) -> f64 {
        self.regret(sigma)
    }
    fn regret_bound(&self, sigma: &[f64], v: &[f64]) -> (f64, bool) {
        // Strategy values are exact: the regret of each player is the best value minus the
        // expected one.
        let mut worst = 0.0f64;
        for (&o, &na) in self.offsets.iter().zip(&self.groups) {
            let best = v[o..o + na].iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let cur: f64 = v[o..o + na].iter().zip(&sigma[o..o + na]).map(|(x, p)| x * p).sum();
            worst = worst.max(best - cur);
        }
        (worst * self.scale, true)
    }
    fn scale(&self) -> f64 {
        self.scale
    }
}

/// What a node is, for the sweeps.
#[derive(Clone, Copy)]
enum Kind {
    Terminal,
    /// Chance information set.
    Chance(usize),
    /// Group (player information set) index.
    Player(usize),
}

struct TreeModel<'a> {
    ev: TreeEval<'a, f64>,
    tree: &'a Tree,
    /// (player, position) of each group.
    owners: Vec<(usize, usize)>,
    groups: Vec<usize>,
    /// First flat index of each group's actions.
    offsets: Vec<usize>,
    scale: f64,
    players: usize,
    /// Nodes in an order where parents come first.
    order: Vec<usize>,
    kind: Vec<Kind>,
    /// (parent, action) per node; the root has `usize::MAX`.
    parent: Vec<(usize, usize)>,
    /// Own outcome payoff per node per player, divided by the range.
    pay: Vec<f64>,
    chance_p: Vec<Vec<f64>>,
    chance_lp: Vec<Vec<f64>>,
    members: Vec<Vec<usize>>,
    /// Groups on a path through each group (above or below one of its nodes).
    related: Vec<Vec<usize>>,
    // Scratch.
    log_reach: Vec<f64>,
    val: Vec<f64>,
    /// Conditional probability of each decision node within its information set.
    belief: Vec<f64>,
}

impl<'a> TreeModel<'a> {
    fn new(game: &'a Game, tree: &'a Tree) -> Self {
        let mut owners = Vec::new();
        let mut groups = Vec::new();
        let mut offsets = Vec::new();
        let mut group_of = vec![usize::MAX; tree.infosets.len()];
        let mut off = 0;
        for (p, list) in tree.player_infosets.iter().enumerate() {
            for (k, &i) in list.iter().enumerate() {
                group_of[i] = owners.len();
                owners.push((p, k));
                groups.push(tree.infosets[i].actions.len());
                offsets.push(off);
                off += tree.infosets[i].actions.len();
            }
        }
        let nn = tree.nodes.len();
        let players = game.players.len();
        let mut kind = vec![Kind::Terminal; nn];
        let mut parent = vec![(usize::MAX, usize::MAX); nn];
        let mut pay = vec![0.0; nn * players];
        let scale = payoff_scale(game);
        for (v, nd) in tree.nodes.iter().enumerate() {
            if let Some(i) = nd.infoset {
                kind[v] = match tree.infosets[i].player {
                    None => Kind::Chance(i),
                    Some(_) => Kind::Player(group_of[i]),
                };
            }
            for (a, &c) in nd.children.iter().enumerate() {
                parent[c] = (v, a);
            }
            for p in 0..players {
                pay[v * players + p] = game.outcome_payoff(nd.outcome, p).to_f64() / scale;
            }
        }
        // Parents before children: a breadth-first order from the root.
        let mut order = vec![0usize];
        let mut head = 0;
        while head < order.len() {
            let v = order[head];
            head += 1;
            order.extend(tree.nodes[v].children.iter().copied());
        }
        let chance_p: Vec<Vec<f64>> =
            tree.infosets.iter().map(|is| is.probs.iter().map(|q| q.to_f64()).collect()).collect();
        let chance_lp = chance_p.iter().map(|ps| ps.iter().map(|p| p.ln()).collect()).collect();
        let members: Vec<Vec<usize>> =
            owners.iter().map(|&(p, k)| tree.infosets[tree.player_infosets[p][k]].members.clone()).collect();
        let mut related = vec![Vec::new(); owners.len()];
        for (g, mem) in members.iter().enumerate() {
            for &n in mem {
                let mut x = n;
                while parent[x].0 != usize::MAX {
                    let u = parent[x].0;
                    if let Kind::Player(gu) = kind[u] {
                        related[g].push(gu);
                        related[gu].push(g);
                    }
                    x = u;
                }
            }
        }
        for r in &mut related {
            r.sort_unstable();
            r.dedup();
        }
        TreeModel {
            ev: TreeEval::new(game, tree),
            tree,
            owners,
            groups,
            offsets,
            scale,
            players,
            order,
            kind,
            parent,
            pay,
            chance_p,
            chance_lp,
            members,
            related,
            log_reach: vec![0.0; nn],
            val: vec![0.0; nn * players],
            belief: vec![0.0; nn],
        }
    }

    fn behavior(&self, sigma: &[Vec<f64>]) -> Behavior<f64> {
        let mut b: Behavior<f64> = self.tree.player_infosets.iter().map(|l| vec![Vec::new(); l.len()]).collect();
        for (g, &(p, k)) in self.owners.iter().enumerate() {
            b[p][k] = sigma[g].clone();
        }
        b
    }

    fn owner(&self, g: usize) -> usize {
        self.owners[g].0
    }
}

impl Model for TreeModel<'_> {
    fn groups(&self) -> &[usize] {
        &self.groups
    }
    fn related(&self) -> Vec<Vec<usize>> {
        self.related.clone()
    }

    fn eval(&mut self, z: &[f64], sigma: &[f64], v: &mut [f64], dv: Option<&mut [f64]>) {
        let t = self.tree;
        let np = self.players;
        // Log realization probabilities, top-down (log-probabilities are the unknowns, so
        // nothing underflows however unlikely a node is).
        self.log_reach[0] = 0.0;
        for &x in &self.order {
            let lr = self.log_reach[x];
            match self.kind[x] {
                Kind::Terminal => {}
                Kind::Chance(i) => {
                    for (a, &c) in t.nodes[x].children.iter().enumerate() {
                        self.log_reach[c] = lr + self.chance_lp[i][a];
                    }
                }
                Kind::Player(g) => {
                    let o = self.offsets[g];
                    for (a, &c) in t.nodes[x].children.iter().enumerate() {
                        self.log_reach[c] = lr + z[o + a];
                    }
                }
            }
        }
        // Subtree values, bottom-up.
        for &x in self.order.iter().rev() {
            let (probs, o): (&[f64], usize) = match self.kind[x] {
                Kind::Terminal => {
                    self.val[x * np..(x + 1) * np].copy_from_slice(&self.pay[x * np..(x + 1) * np]);
                    continue;
                }
                Kind::Chance(i) => (&self.chance_p[i], 0),
                Kind::Player(g) => (sigma, self.offsets[g]),
            };
            for p in 0..np {
                let mut s = self.pay[x * np + p];
                for (a, &c) in t.nodes[x].children.iter().enumerate() {
                    s += probs[o + a] * self.val[c * np + p];
                }
                self.val[x * np + p] = s;
            }
        }
        // Beliefs and conditional action values.
        for (g, mem) in self.members.iter().enumerate() {
            let m = mem.iter().map(|&h| self.log_reach[h]).fold(f64::NEG_INFINITY, f64::max);
            let mut tot = 0.0;
            for &h in mem {
                let b = if m == f64::NEG_INFINITY { 1.0 } else { (self.log_reach[h] - m).exp() };
                self.belief[h] = b;
                tot += b;
            }
            let p = self.owners[g].0;
            let o = self.offsets[g];
            v[o..o + self.groups[g]].fill(0.0);
            for &h in mem {
                self.belief[h] /= tot;
                for (a, &c) in t.nodes[h].children.iter().enumerate() {
                    v[o + a] += self.belief[h] * self.val[c * np + p];
                }
            }
        }
        let Some(d) = dv else { return };
        let k = sigma.len();
        for (g, rel) in self.related.iter().enumerate() {
            let o = self.offsets[g];
            for row in o..o + self.groups[g] {
                for &h in rel {
                    let oh = self.offsets[h];
                    d[row * k + oh..row * k + oh + self.groups[h]].fill(0.0);
                }
            }
        }
        // Walk up from every decision node n (group g) to the root. For each personal
        // ancestor u (group gu, action c towards n):
        //  - the values at g depend on z[gu][c] through the beliefs:
        //    dV[g][a] += belief(n) (val(child(n, a)) - V[g][a]);
        //  - the value of c at gu depends on z[g][b] through the subtree below n:
        //    dV[gu][c] += belief(u) P(child(u, c) -> n) sigma[g][b] val(child(n, b)).
        for (g, mem) in self.members.iter().enumerate() {
            let p = self.owner(g);
            let o = self.offsets[g];
            let na = self.groups[g];
            for &n in mem {
                let bn = self.belief[n];
                let mut prob = 1.0;
                let mut x = n;
                while self.parent[x].0 != usize::MAX {
                    let (u, c) = self.parent[x];
                    match self.kind[u] {
                        Kind::Chance(i) => prob *= self.chance_p[i][c],
                        Kind::Player(gu) => {
                            let ou = self.offsets[gu];
                            if bn > 0.0 {
                                for a in 0..na {
                                    let ch = t.nodes[n].children[a];
                                    d[(o + a) * k + ou + c] += bn * (self.val[ch * np + p] - v[o + a]);
                                }
                            }
                            let w = self.belief[u] * prob;
                            if w > 0.0 {
                                let pu = self.owner(gu);
                                let row = (ou + c) * k + o;
                                for b in 0..na {
                                    let ch = t.nodes[n].children[b];
                                    d[row + b] += w * sigma[o + b] * self.val[ch * np + pu];
                                }
                            }
                            prob *= sigma[ou + c];
                        }
                        Kind::Terminal => unreachable!("terminal nodes have no children"),
                    }
                    x = u;
                }
            }
        }
    }

    fn weighted_values(&self, sigma: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let b = self.behavior(sigma);
        let val = self.ev.values(&b);
        let reach = self.ev.reach(&b, None);
        let t = self.tree;
        let mut out = Vec::with_capacity(self.owners.len());
        for &(p, k) in &self.owners {
            let is = &t.infosets[t.player_infosets[p][k]];
            let mut v = vec![0.0; is.actions.len()];
            for &h in &is.members {
                for (a, &c) in t.nodes[h].children.iter().enumerate() {
                    v[a] += reach[h] * val[c][p];
                }
            }
            out.push(v);
        }
        out
    }
    fn regret(&self, sigma: &[Vec<f64>]) -> f64 {
        self.ev.agent_regret(&self.behavior(sigma))
    }
    fn nash_regret(&self, sigma: &[Vec<f64>]) -> f64 {
        self.ev.nash_regret(&self.behavior(sigma))
    }
    fn regret_bound(&self, sigma: &[f64], v: &[f64]) -> (f64, bool) {
        // Agent regret weighted by the probability of reaching the set: a deviation at one
        // set is a strategy deviation, so this never exceeds the Nash regret.
        let mut worst = 0.0f64;
        for (g, mem) in self.members.iter().enumerate() {
            let (o, na) = (self.offsets[g], self.groups[g]);
            let reach: f64 = mem.iter().map(|&h| self.log_reach[h].exp()).sum();
            let best = v[o..o + na].iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let cur: f64 = v[o..o + na].iter().zip(&sigma[o..o + na]).map(|(x, p)| x * p).sum();
            worst = worst.max(reach * (best - cur));
        }
        (worst * self.scale, false)
    }
    fn scale(&self) -> f64 {
        self.scale
    }
}

pub struct LogitResult<P> {
    pub lambda: f64,
    pub profile: P,
    pub path: Vec<(f64, P)>,
}

/// LU factorization with partial pivoting of the row-major `n x n` matrix `a`, in place.
/// Returns false when a pivot vanishes.
fn lu_factor(a: &mut [f64], n: usize, perm: &mut [usize]) -> bool {
    for c in 0..n {
        let mut p = c;
        let mut best = a[c * n + c].abs();
        for r in c + 1..n {
            let x = a[r * n + c].abs();
            if x > best {
                best = x;
                p = r;
            }
        }
        if best.is_nan() || best <= 1e-300 {
            return false;
        }
        perm[c] = p;
        if p != c {
            for j in 0..n {
                a.swap(c * n + j, p * n + j);
            }
        }
        let piv = a[c * n + c];
        let (top, bottom) = a.split_at_mut((c + 1) * n);
        let prow = &top[c * n + c + 1..c * n + n];
        for r in 0..n - c - 1 {
            let row = &mut bottom[r * n..(r + 1) * n];
            let f = row[c] / piv;
            row[c] = f;
            if f != 0.0 {
                for (x, y) in row[c + 1..].iter_mut().zip(prow) {
                    *x -= f * y;
                }
            }
        }
    }
    true
}

/// Sign of the determinant from the factors of [`lu_factor`].
fn lu_sign(a: &[f64], n: usize, perm: &[usize]) -> f64 {
    let mut s = 1.0;
    for (c, &p) in perm.iter().enumerate().take(n) {
        if p != c {
            s = -s;
        }
        if a[c * n + c] < 0.0 {
            s = -s;
        }
    }
    s
}

/// Solves `a x = b` in place with the factors from [`lu_factor`].
fn lu_solve(a: &[f64], n: usize, perm: &[usize], b: &mut [f64]) {
    for (c, &p) in perm.iter().enumerate().take(n) {
        b.swap(c, p);
    }
    for r in 1..n {
        let row = &a[r * n..r * n + r];
        let s: f64 = row.iter().zip(&b[..r]).map(|(x, y)| x * y).sum();
        b[r] -= s;
    }
    for r in (0..n).rev() {
        let row = &a[r * n + r + 1..(r + 1) * n];
        let s: f64 = row.iter().zip(&b[r + 1..]).map(|(x, y)| x * y).sum();
        b[r] = (b[r] - s) / a[r * n + r];
    }
}

/// Solves the square system `a x = b` by Gaussian elimination with partial pivoting.
fn solve_linear(a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    let mut flat: Vec<f64> = a.into_iter().flatten().collect();
    let mut perm = vec![0; n];
    if !lu_factor(&mut flat, n, &mut perm) {
        return None;
    }
    lu_solve(&flat, n, &perm, &mut b);
    if b.iter().all(|v| v.is_finite()) { Some(b) } else { None }
}

fn norm(x: &[f64]) -> f64 {
    x.iter().map(|v| v * v).sum::<f64>().sqrt()
}

/// The logit system in reduced coordinates with preallocated work space. Unknowns are
/// `y[g][a] = z[g][a] - z[g][0]` for `a >= 1` (log-odds against each group's first action;
/// the probabilities are the softmax of `(0, y[g])`) and lambda; equations
/// `y[g][a] = lambda (V[g][a] - V[g][0])`. This drops one unknown and one equation per
/// group (half the size of the linear systems for binary choices) compared with Gambit's
/// log-probabilities plus sum-to-one equations; the branch is the same.
struct System<'m> {
    m: &'m mut dyn Model,
    groups: Vec<usize>,
    offsets: Vec<usize>,
    /// Number of actions (full coordinates).
    k: usize,
    /// Number of reduced unknowns (besides lambda).
    d: usize,
    z: Vec<f64>,
    sigma: Vec<f64>,
    v: Vec<f64>,
    dv: Vec<f64>,
    diff: Vec<f64>,
    related: Vec<Vec<usize>>,
    /// Gambit's bifurcation perturbation: the first group's probabilities sum to `1 - pert`.
    pert: f64,
}

impl<'m> System<'m> {
    fn new(m: &'m mut dyn Model) -> Self {
        let groups = m.groups().to_vec();
        let related = m.related();
        let k: usize = groups.iter().sum();
        let d = k - groups.len();
        let offsets = groups
            .iter()
            .scan(0, |s, &g| {
                *s += g;
                Some(*s - g)
            })
            .collect();
        System {
            m,
            groups,
            offsets,
            k,
            d,
            z: vec![0.0; k],
            sigma: vec![0.0; k],
            v: vec![0.0; k],
            dv: vec![0.0; k * k],
            diff: vec![0.0; k],
            related,
            pert: 0.0,
        }
    }

    /// Log-probabilities and probabilities from the reduced unknowns.
    fn set_point(&mut self, y: &[f64]) {
        let mut r = 0;
        for (&o, &na) in self.offsets.iter().zip(&self.groups) {
            let ys = &y[r..r + na - 1];
            let mx = ys.iter().copied().fold(0.0, f64::max);
            let lse = mx + ((-mx).exp() + ys.iter().map(|v| (v - mx).exp()).sum::<f64>()).ln();
            self.z[o] = -lse;
            for a in 1..na {
                self.z[o + a] = ys[a - 1] - lse;
            }
            r += na - 1;
        }
        if self.pert != 0.0 {
            let shift = (1.0 - self.pert).ln();
            self.z[..self.groups[0]].iter_mut().for_each(|z| *z += shift);
        }
        for (s, zi) in self.sigma.iter_mut().zip(&self.z) {
            *s = zi.exp();
        }
    }

    /// The profile (per group) at reduced point `x`.
    fn profile(&mut self, x: &[f64]) -> Vec<Vec<f64>> {
        self.set_point(&x[..self.d]);
        self.offsets
            .iter()
            .zip(&self.groups)
            .map(|(&o, &na)| {
                let tot: f64 = self.sigma[o..o + na].iter().sum();
                self.sigma[o..o + na].iter().map(|p| p / tot).collect()
            })
            .collect()
    }

    /// Evaluates the equations at `x = (y, lambda)` into `h`; with `jac`, also the Jacobian
    /// as the first `d` rows of the row-major `(d + 1) x (d + 1)` matrix `jac`.
    fn eval(&mut self, x: &[f64], h: &mut [f64], jac: Option<&mut [f64]>) {
        let (k, d) = (self.k, self.d);
        let lambda = x[d];
        self.set_point(&x[..d]);
        let want = jac.is_some();
        self.m.eval(&self.z, &self.sigma, &mut self.v, if want { Some(&mut self.dv) } else { None });
        let mut r = 0;
        for (&o, &na) in self.offsets.iter().zip(&self.groups) {
            for a in 1..na {
                h[r] = x[r] - lambda * (self.v[o + a] - self.v[o]);
                r += 1;
            }
        }
        let Some(j) = jac else { return };
        let n = d + 1;
        let mut r = 0;
        for (g, (&o, &na)) in self.offsets.iter().zip(&self.groups).enumerate() {
            for a in 1..na {
                // d(V[g][a] - V[g][0]) / dz, then the chain rule through the softmax:
                // dz[h][b] / dy[h][c] = [b == c] - sigma[h][c]. Only related groups' blocks
                // can be nonzero.
                let row = &mut j[r * n..(r + 1) * n];
                row.fill(0.0);
                for &hg in &self.related[g] {
                    let (oh, nh) = (self.offsets[hg], self.groups[hg]);
                    let blk = &mut self.diff[..nh];
                    let (d0, da) =
                        (&self.dv[o * k + oh..o * k + oh + nh], &self.dv[(o + a) * k + oh..(o + a) * k + oh + nh]);
                    for ((out, p), q) in blk.iter_mut().zip(da).zip(d0) {
                        *out = p - q;
                    }
                    let s: f64 = blk.iter().sum();
                    let c0 = oh - hg;
                    for ((out, db), sb) in
                        row[c0..c0 + nh - 1].iter_mut().zip(&blk[1..]).zip(&self.sigma[oh + 1..oh + nh])
                    {
                        *out = -lambda * (db - sb * s);
                    }
                }
                row[r] += 1.0;
                row[d] = -(self.v[o + a] - self.v[o]);
                r += 1;
            }
        }
    }
}

/// (lambda, profile) points of a traced branch.
type Path = Vec<(f64, Vec<Vec<f64>>)>;

/// Step-length control (Allgower–Georg, as in Gambit's path.cc).
const C_TOL: f64 = 1e-4; // corrector converged
const C_MAX_DIST: f64 = 0.4; // largest corrector step
const C_MAX_CONTR: f64 = 0.6; // largest contraction rate
const C_ETA: f64 = 0.1;
const MAX_ACCEL: f64 = 2.0; // Gambit: 1.1
const FIRST_STEP: f64 = 0.1; // Gambit: 0.03 (in lambda x range units here)
const H_MIN: f64 = 1e-10;
/// Gambit's perturbation when the orientation flips (a bifurcation is crossed): the first
/// group's probabilities sum to 1 - C_PERT for an arclength of twice the step.
const C_PERT: f64 = 1e-7;
const MAX_STEPS: usize = 20_000;
/// Largest lambda x range traced (far beyond where any game of sensible size meets the
/// end criterion).
const LAMBDA_MAX: f64 = 1e9;

/// Traces the branch until Gambit's end criterion holds, or (with `at`) to the point where
/// lambda (in raw payoff units) equals `at`.
fn trace(m: &mut dyn Model, keep_path: bool, at: Option<f64>) -> (f64, Vec<Vec<f64>>, Path) {
    let scale = m.scale();
    let mut sys = System::new(m);
    let k = sys.d;
    let n = k + 1;
    let mut x = vec![0.0; n];
    let mut path = Vec::new();
    if keep_path {
        path.push((0.0, sys.profile(&x)));
    }
    let mut a = vec![0.0; n * n];
    let mut perm = vec![0usize; n];
    let mut h_val = vec![0.0; k];
    let mut rhs = vec![0.0; n];
    let mut u = vec![0.0; n];
    // Tangent at the start: the kernel of the Jacobian, oriented towards increasing lambda.
    sys.eval(&x, &mut h_val, Some(&mut a));
    a[k * n..].fill(0.0);
    a[k * n + k] = 1.0;
    let mut t = vec![0.0; n];
    if !lu_factor(&mut a, n, &mut perm) {
        return (0.0, sys.profile(&x), path);
    }
    t[k] = 1.0;
    lu_solve(&a, n, &perm, &mut t);
    let tn = norm(&t);
    t.iter_mut().for_each(|v| *v /= tn);
    let mut h = FIRST_STEP;
    let mut steps = 0usize;
    let target = at.map(|l| l * scale);
    let mut prev = x.clone();
    let mut orientation = 0.0;
    let mut pert_countdown = 0.0;
    while steps < MAX_STEPS && x[k] < LAMBDA_MAX && h > H_MIN {
        // Predictor.
        for i in 0..n {
            u[i] = x[i] + h * t[i];
        }
        // Jacobian at the predicted point, bordered by the tangent; chord-Newton corrector
        // in the hyperplane through the prediction orthogonal to the tangent.
        sys.eval(&u, &mut h_val, Some(&mut a));
        a[k * n..].copy_from_slice(&t);
        let mut accept = lu_factor(&mut a, n, &mut perm);
        let sign = if accept { lu_sign(&a, n, &perm) } else { 0.0 };
        let mut decel = 1.0 / MAX_ACCEL;
        let mut disto = 0.0;
        let mut iter = 0;
        while accept {
            iter += 1;
            rhs[..k].iter_mut().zip(&h_val).for_each(|(r, v)| *r = -v);
            rhs[k] = 0.0;
            lu_solve(&a, n, &perm, &mut rhs);
            let dist = norm(&rhs);
            if dist.is_nan() || dist >= C_MAX_DIST {
                accept = false;
                break;
            }
            u.iter_mut().zip(&rhs).for_each(|(ui, d)| *ui += d);
            decel = decel.max((dist / C_MAX_DIST).sqrt() * MAX_ACCEL);
            if iter >= 2 {
                let contr = dist / (disto + C_TOL * C_ETA);
                if contr > C_MAX_CONTR {
                    accept = false;
                    break;
                }
                decel = decel.max((contr / C_MAX_CONTR).sqrt() * MAX_ACCEL);
            }
            if dist <= C_TOL {
                break;
            }
            disto = dist;
            sys.eval(&u, &mut h_val, None);
        }
        if !accept {
            h /= MAX_ACCEL;
            continue;
        }
        // New tangent from the same factors (oriented along the old one by construction).
        rhs.fill(0.0);
        rhs[k] = 1.0;
        lu_solve(&a, n, &perm, &mut rhs);
        let tn = norm(&rhs);
        if !(tn.is_finite() && tn > 0.0) {
            h /= MAX_ACCEL;
            continue;
        }
        if orientation != 0.0 && sign != orientation {
            // The orientation of the branch flipped: a bifurcation lies within the step. As
            // Gambit does, perturb the system to pass it along the branch that keeps the
            // direction, and retry with a shorter step.
            if pert_countdown == 0.0 {
                sys.pert = C_PERT;
                pert_countdown = 2.0 * h;
            }
            h /= MAX_ACCEL;
            continue;
        }
        orientation = sign;
        for i in 0..n {
            t[i] = rhs[i] / tn;
        }
        if pert_countdown > 0.0 {
            pert_countdown -= h;
            if pert_countdown <= 0.0 {
                sys.pert = 0.0;
                pert_countdown = 0.0;
            }
        }
        prev.copy_from_slice(&x);
        x.copy_from_slice(&u);
        steps += 1;
        if let Some(lt) = target
            && x[k] >= lt
        {
            // Interpolate to lambda = lt and solve H(z, lt) = 0 by Newton's method.
            let f = (lt - prev[k]) / (x[k] - prev[k]);
            for i in 0..n {
                u[i] = prev[i] + f * (x[i] - prev[i]);
            }
            u[k] = lt;
            for _ in 0..50 {
                sys.eval(&u, &mut h_val, Some(&mut a));
                a[k * n..].fill(0.0);
                a[k * n + k] = 1.0;
                if !lu_factor(&mut a, n, &mut perm) {
                    break;
                }
                rhs[..k].iter_mut().zip(&h_val).for_each(|(r, v)| *r = -v);
                rhs[k] = 0.0;
                lu_solve(&a, n, &perm, &mut rhs);
                u.iter_mut().zip(&rhs).for_each(|(ui, d)| *ui += d);
                if norm(&rhs) < 1e-13 {
                    break;
                }
            }
            return (lt / scale, sys.profile(&u), path);
        }
        h /= decel.min(MAX_ACCEL);
        if keep_path {
            path.push((x[k] / scale, sys.profile(&x)));
        }
        if target.is_none() {
            if x[k] < 0.0 {
                break;
            }
            sys.eval(&x, &mut h_val, None);
            let (bound, exact) = sys.m.regret_bound(&sys.sigma, &sys.v);
            if bound < END_REGRET * scale {
                let prof = sys.profile(&x);
                if exact || sys.m.nash_regret(&prof) < END_REGRET * scale {
                    break;
                }
            }
        }
    }
    (x[k] / scale, sys.profile(&x), path)
}

fn jacobian(f: &dyn Fn(&[f64]) -> Vec<f64>, x: &[f64], fx: &[f64]) -> Vec<Vec<f64>> {
    let n = x.len();
    let mut j = vec![vec![0.0; n]; fx.len()];
    let mut xp = x.to_vec();
    for c in 0..n {
        let h = 1e-7 * (1.0 + x[c].abs());
        xp[c] = x[c] + h;
        let f1 = f(&xp);
        xp[c] = x[c];
        for r in 0..fx.len() {
            j[r][c] = (f1[r] - fx[r]) / h;
        }
    }
    j
}

/// Solves for an equilibrium on the support read off `sigma` (actions above `cut`).
fn polish(m: &dyn Model, sigma: &[Vec<f64>], cut: f64) -> Option<Vec<Vec<f64>>> {
    let groups = m.groups().to_vec();
    let support: Vec<Vec<usize>> = sigma
        .iter()
        .map(|g| {
            let mx = g.iter().cloned().fold(0.0, f64::max);
            (0..g.len()).filter(|&a| g[a] >= cut * mx).collect()
        })
        .collect();
    if support.iter().any(Vec::is_empty) {
        return None;
    }
    // Unknowns: the probabilities of the support actions after the first, in groups with
    // more than one; the first takes the rest. Equations: equal (reach-weighted) values on
    // the support. Pure groups need neither.
    let build = |x: &[f64]| -> Vec<Vec<f64>> {
        let mut s: Vec<Vec<f64>> = groups.iter().map(|&g| vec![0.0; g]).collect();
        let mut k = 0;
        for (g, sup) in support.iter().enumerate() {
            let mut rest = 1.0;
            for &a in &sup[1..] {
                s[g][a] = x[k];
                rest -= x[k];
                k += 1;
            }
            s[g][sup[0]] = rest;
        }
        s
    };
    let eqs = |x: &[f64]| -> Vec<f64> {
        let s = build(x);
        let v = m.weighted_values(&s);
        let mut out = Vec::new();
        for (g, sup) in support.iter().enumerate() {
            for &a in &sup[1..] {
                out.push(v[g][a] - v[g][sup[0]]);
            }
        }
        out
    };
    let mut x: Vec<f64> = support
        .iter()
        .enumerate()
        .flat_map(|(g, sup)| {
            let tot: f64 = sup.iter().map(|&a| sigma[g][a]).sum();
            sup[1..].iter().map(move |&a| sigma[g][a] / tot).collect::<Vec<_>>()
        })
        .collect();
    for _ in 0..50 {
        let fx = eqs(&x);
        let err = fx.iter().map(|v| v.abs()).fold(0.0, f64::max);
        if err < 1e-14 * m.scale().max(1.0) {
            break;
        }
        let j = jacobian(&eqs, &x, &fx);
        // Least squares via normal equations with a small damping: zero-reach groups make
        // the plain Newton system singular.
        let n = x.len();
        let mut a = vec![vec![0.0; n]; n];
        let mut b = vec![0.0; n];
        for r in 0..fx.len() {
            for c in 0..n {
                b[c] -= j[r][c] * fx[r];
                for d in 0..n {
                    a[c][d] += j[r][c] * j[r][d];
                }
            }
        }
        for (c, row) in a.iter_mut().enumerate() {
            row[c] += 1e-14 * (1.0 + row[c]);
        }
        let dx = solve_linear(a, b)?;
        for (xi, d) in x.iter_mut().zip(&dx) {
            *xi += d;
        }
    }
    let mut s = build(&x);
    if s.iter().flatten().any(|v| *v < -1e-12) {
        return None;
    }
    for g in &mut s {
        for v in g.iter_mut() {
            *v = v.max(0.0);
        }
        let t: f64 = g.iter().sum();
        for v in g.iter_mut() {
            *v /= t;
        }
    }
    Some(s)
}

fn finish(m: &mut dyn Model, keep_path: bool, tol: f64) -> (f64, Vec<Vec<f64>>, Path) {
    let (lambda, sigma, path) = trace(m, keep_path, None);
    let m: &dyn Model = m;
    // The end point is an approximation; the equilibrium on its support is exact up to
    // rounding, so it is preferred whenever it verifies.
    let mut best = sigma.clone();
    let mut best_r = m.regret(&sigma);
    for cut in [1e-3, 1e-5, 1e-2, 1e-7, 1e-1] {
        if let Some(s) = polish(m, &sigma, cut) {
            let r = m.regret(&s);
            if r <= tol {
                return (lambda, s, path);
            }
            if r < best_r {
                best_r = r;
                best = s;
            }
        }
    }
    (lambda, best, path)
}

fn payoff_scale(game: &Game) -> f64 {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for o in &game.outcomes {
        for x in &o.payoffs {
            lo = lo.min(x.to_f64());
            hi = hi.max(x.to_f64());
        }
    }
    if hi > lo { hi - lo } else { 1.0 }
}

fn table_model<'a>(game: &Game, pf: &'a Payoffs<f64>) -> TableModel<'a> {
    let groups = pf.dims.clone();
    let offsets = groups
        .iter()
        .scan(0, |s, &g| {
            *s += g;
            Some(*s - g)
        })
        .collect();
    TableModel { pf, offsets, idx: vec![0; groups.len()], groups, scale: payoff_scale(game) }
}

/// The point of the branch at `lambda` (for comparing with another tracer's end point).
pub fn logit_table_at(game: &Game, pf: &Payoffs<f64>, lambda: f64) -> (f64, Mixed<f64>) {
    let mut m = table_model(game, pf);
    let (l, sigma, _) = trace(&mut m, false, Some(lambda));
    (l, sigma)
}

pub fn logit_table(game: &Game, pf: &Payoffs<f64>, keep_path: bool, tol: f64) -> LogitResult<Mixed<f64>> {
    let mut m = table_model(game, pf);
    let (lambda, profile, path) = finish(&mut m, keep_path, tol);
    LogitResult { lambda, profile, path }
}

/// The point of the branch at `lambda` (for comparing with another tracer's end point).
pub fn logit_tree_at(game: &Game, tree: &Tree, lambda: f64) -> (f64, Behavior<f64>) {
    let mut m = TreeModel::new(game, tree);
    let (l, sigma, _) = trace(&mut m, false, Some(lambda));
    (l, m.behavior(&sigma))
}

pub fn logit_tree(game: &Game, tree: &Tree, keep_path: bool, tol: f64) -> LogitResult<Behavior<f64>> {
    let mut m = TreeModel::new(game, tree);
    let (lambda, sigma, path) = finish(&mut m, keep_path, tol);
    let profile = m.behavior(&sigma);
    let path = path.into_iter().map(|(l, s)| (l, m.behavior(&s))).collect();
    LogitResult { lambda, profile, path }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::read_game;

    /// The analytic Jacobian of H against central finite differences at a few interior points.
    fn check_jacobian(m: &mut dyn Model) {
        let mut sys = System::new(m);
        let k = sys.d;
        let n = k + 1;
        let mut seed = 12345u64;
        let mut rnd = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for lambda in [0.0, 0.7, 5.0] {
            // A random interior profile (log-odds) and lambda.
            let mut x: Vec<f64> = (0..k).map(|_| 4.0 * rnd() - 2.0).collect();
            x.push(lambda);
            let mut h0 = vec![0.0; k];
            let mut jac = vec![0.0; n * n];
            sys.eval(&x, &mut h0, Some(&mut jac));
            let (mut hp, mut hm) = (vec![0.0; k], vec![0.0; k]);
            for c in 0..n {
                let e = 1e-6;
                let mut xp = x.clone();
                xp[c] += e;
                sys.eval(&xp, &mut hp, None);
                xp[c] -= 2.0 * e;
                sys.eval(&xp, &mut hm, None);
                for r in 0..k {
                    let fd = (hp[r] - hm[r]) / (2.0 * e);
                    let an = jac[r * n + c];
                    assert!((fd - an).abs() < 1e-6 * (1.0 + fd.abs()), "row {r} col {c}: fd {fd} analytic {an}");
                }
            }
        }
    }

    #[test]
    fn tree_jacobian_matches_finite_differences() {
        for text in [
            include_str!("../tests/data/deterrence_r1.efg"),
            include_str!("../../../data/gambit-games/catalog/journals__geb__bagwell1995.efg"),
            include_str!("../../../data/gambit-games/catalog/books__shohamleytonbrown2008__fig6_8.efg"),
        ] {
            let g = read_game(text).unwrap();
            let t = g.tree().unwrap();
            check_jacobian(&mut TreeModel::new(&g, t));
        }
    }

    #[test]
    fn table_jacobian_matches_finite_differences() {
        let g = read_game(include_str!("../tests/data/nplayer_2x2x2x2.nfg")).unwrap();
        let pf: Payoffs<f64> = Payoffs::from_table(&g, g.table().unwrap());
        let mut m = table_model(&g, &pf);
        check_jacobian(&mut m);
    }
}

#[cfg(test)]
mod probe {
    #![allow(clippy::unwrap_used)]
    /// Prints the branch point of tree LOGIT_FILE at lambda LOGIT_LAMBDA (for comparing with
    /// another tracer's end point): `LOGIT_FILE=g.efg LOGIT_LAMBDA=10.88 cargo test --release
    /// -p pactum-games --lib probe -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn print_point_at_lambda() {
        let f = std::env::var("LOGIT_FILE").unwrap();
        let l: f64 = std::env::var("LOGIT_LAMBDA").unwrap().parse().unwrap();
        let g = crate::read_game(&std::fs::read_to_string(f).unwrap()).unwrap();
        let (lam, b) = super::logit_tree_at(&g, g.tree().unwrap(), l);
        println!("LAMBDA {lam}");
        println!("POINT {:?}", b);
    }
}
