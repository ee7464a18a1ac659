//! The logit quantal-response-equilibrium branch, traced from the centroid (lambda = 0)
//! towards a Nash equilibrium (Gambit's `gambit-logit`), for strategic games (n players)
//! and for trees in agent form.
//!
//! Unknowns are log-probabilities per action group (a player's strategies, or an information
//! set's actions) and lambda; equations are `z_a - z_0 = lambda (v_a - v_0)` and
//! `sum exp(z) = 1` per group. A pseudo-arclength predictor–corrector follows the branch (it
//! can turn back in lambda). At the end the support is read off and the equilibrium on that
//! support is solved for by Newton's method, so the returned profile is a verified Nash
//! (agent-Nash for trees) equilibrium rather than a large-lambda approximation.

use crate::game::{Game, Tree};
use crate::reduce::Payoffs;
use crate::verify::{Behavior, Mixed, TreeEval, mixed_regret, strategy_values};

/// A model whose strategies come in groups (one distribution per group).
trait Model {
    fn groups(&self) -> &[usize];
    /// Values per group per action for the group's owner at the (full-support) profile.
    fn values(&self, sigma: &[Vec<f64>]) -> Vec<Vec<f64>>;
    /// Reach-weighted values (zero-reach groups give zeros), for the polishing step.
    fn weighted_values(&self, sigma: &[Vec<f64>]) -> Vec<Vec<f64>>;
    fn regret(&self, sigma: &[Vec<f64>]) -> f64;
    fn scale(&self) -> f64;
}

struct TableModel<'a> {
    pf: &'a Payoffs<f64>,
    groups: Vec<usize>,
    scale: f64,
}

impl Model for TableModel<'_> {
    fn groups(&self) -> &[usize] {
        &self.groups
    }
    fn values(&self, sigma: &[Vec<f64>]) -> Vec<Vec<f64>> {
        strategy_values(self.pf, &sigma.to_vec())
    }
    fn weighted_values(&self, sigma: &[Vec<f64>]) -> Vec<Vec<f64>> {
        self.values(sigma)
    }
    fn regret(&self, sigma: &[Vec<f64>]) -> f64 {
        mixed_regret(self.pf, &sigma.to_vec())
    }
    fn scale(&self) -> f64 {
        self.scale
    }
}

struct TreeModel<'a> {
    ev: TreeEval<'a, f64>,
    tree: &'a Tree,
    /// (player, position) of each group.
    owners: Vec<(usize, usize)>,
    groups: Vec<usize>,
    scale: f64,
}

impl TreeModel<'_> {
    fn behavior(&self, sigma: &[Vec<f64>]) -> Behavior<f64> {
        let mut b: Behavior<f64> = self.tree.player_infosets.iter().map(|l| vec![Vec::new(); l.len()]).collect();
        for (g, &(p, k)) in self.owners.iter().enumerate() {
            b[p][k] = sigma[g].clone();
        }
        b
    }

    fn raw(&self, sigma: &[Vec<f64>]) -> (Vec<Vec<f64>>, Vec<f64>) {
        let b = self.behavior(sigma);
        let val = self.ev.values(&b);
        let reach = self.ev.reach(&b, None);
        let t = self.tree;
        let mut out = Vec::with_capacity(self.owners.len());
        let mut tot = Vec::with_capacity(self.owners.len());
        for &(p, k) in &self.owners {
            let is = &t.infosets[t.player_infosets[p][k]];
            let mut v = vec![0.0; is.actions.len()];
            let mut r = 0.0;
            for &h in &is.members {
                r += reach[h];
                for (a, &c) in t.nodes[h].children.iter().enumerate() {
                    v[a] += reach[h] * val[c][p];
                }
            }
            out.push(v);
            tot.push(r);
        }
        (out, tot)
    }
}

impl Model for TreeModel<'_> {
    fn groups(&self) -> &[usize] {
        &self.groups
    }
    fn values(&self, sigma: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let (mut v, r) = self.raw(sigma);
        for (g, vals) in v.iter_mut().enumerate() {
            if r[g] > 0.0 {
                for x in vals.iter_mut() {
                    *x /= r[g];
                }
            }
        }
        v
    }
    fn weighted_values(&self, sigma: &[Vec<f64>]) -> Vec<Vec<f64>> {
        self.raw(sigma).0
    }
    fn regret(&self, sigma: &[Vec<f64>]) -> f64 {
        self.ev.agent_regret(&self.behavior(sigma))
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

fn split(groups: &[usize], z: &[f64]) -> Vec<Vec<f64>> {
    let mut out = Vec::with_capacity(groups.len());
    let mut k = 0;
    for &g in groups {
        out.push(z[k..k + g].iter().map(|x| x.exp()).collect());
        k += g;
    }
    out
}

/// H(z, lambda) for the logit equations.
fn residual(m: &dyn Model, w: &[f64]) -> Vec<f64> {
    let groups = m.groups();
    let k = w.len() - 1;
    let lambda = w[k];
    let sigma = split(groups, &w[..k]);
    let v = m.values(&sigma);
    let mut h = Vec::with_capacity(k);
    let mut off = 0;
    for (g, &na) in groups.iter().enumerate() {
        let s: f64 = sigma[g].iter().sum();
        h.push(s - 1.0);
        for a in 1..na {
            h.push(w[off + a] - w[off] - lambda * (v[g][a] - v[g][0]));
        }
        off += na;
    }
    h
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

/// Solves the square system `a x = b` by Gaussian elimination with partial pivoting.
fn solve_linear(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for c in 0..n {
        let p = (c..n).max_by(|&i, &j| a[i][c].abs().total_cmp(&a[j][c].abs()))?;
        if a[p][c].abs() < 1e-300 {
            return None;
        }
        a.swap(c, p);
        b.swap(c, p);
        for r in c + 1..n {
            let f = a[r][c] / a[c][c];
            if f != 0.0 {
                let (top, bottom) = a.split_at_mut(r);
                for (x, y) in bottom[0][c..n].iter_mut().zip(&top[c][c..n]) {
                    *x -= f * y;
                }
                b[r] -= f * b[c];
            }
        }
    }
    let mut x = vec![0.0; n];
    for c in (0..n).rev() {
        let mut s = b[c];
        for k in c + 1..n {
            s -= a[c][k] * x[k];
        }
        x[c] = s / a[c][c];
    }
    if x.iter().all(|v| v.is_finite()) { Some(x) } else { None }
}

/// Unit tangent of the branch at `w` (kernel of the k x (k+1) Jacobian), oriented along `prev`.
fn tangent(jac: &[Vec<f64>], prev: &[f64]) -> Option<Vec<f64>> {
    let k = jac.len();
    let mut a: Vec<Vec<f64>> = jac.to_vec();
    a.push(prev.to_vec());
    let mut b = vec![0.0; k + 1];
    b[k] = 1.0;
    let t = solve_linear(a, b)?;
    let norm = t.iter().map(|x| x * x).sum::<f64>().sqrt();
    Some(t.iter().map(|x| x / norm).collect())
}

/// (lambda, profile) points of a traced branch.
type Path = Vec<(f64, Vec<Vec<f64>>)>;

fn trace(m: &dyn Model, keep_path: bool) -> (f64, Vec<Vec<f64>>, Path) {
    let groups = m.groups().to_vec();
    let k: usize = groups.iter().sum();
    let mut w: Vec<f64> = Vec::with_capacity(k + 1);
    for &g in &groups {
        w.extend(std::iter::repeat_n(-(g as f64).ln(), g));
    }
    w.push(0.0);
    let mut path = Vec::new();
    if keep_path {
        path.push((0.0, split(&groups, &w[..k])));
    }
    let lambda_max = 1e6 / m.scale();
    let mut prev = vec![0.0; k + 1];
    prev[k] = 1.0;
    let mut h = 0.03 / m.scale().max(1e-12);
    let hmin = 1e-12;
    let f = |x: &[f64]| residual(m, x);
    let mut steps = 0usize;
    while w[k] < lambda_max && steps < 100_000 {
        steps += 1;
        let fw = f(&w);
        let jac = jacobian(&f, &w, &fw);
        let Some(t) = tangent(&jac, &prev) else { break };
        // Predictor, then Newton corrector on H = 0 plus the arclength plane.
        let mut accepted = None;
        while h > hmin {
            let pred: Vec<f64> = w.iter().zip(&t).map(|(a, b)| a + h * b).collect();
            let mut x = pred.clone();
            let mut ok = false;
            for _ in 0..8 {
                let fx = f(&x);
                let jx = jacobian(&f, &x, &fx);
                let mut a = jx;
                a.push(t.clone());
                let mut rhs: Vec<f64> = fx.iter().map(|v| -v).collect();
                rhs.push(-x.iter().zip(&pred).zip(&t).map(|((xi, pi), ti)| (xi - pi) * ti).sum::<f64>());
                let Some(dx) = solve_linear(a, rhs) else { break };
                let step: f64 = dx.iter().map(|v| v * v).sum::<f64>().sqrt();
                for (xi, d) in x.iter_mut().zip(&dx) {
                    *xi += d;
                }
                if step > 0.5 * h.max(1e-3) * 10.0 {
                    break;
                }
                if step < 1e-10 * (1.0 + x[k].abs()) {
                    ok = true;
                    break;
                }
            }
            if ok && f(&x).iter().all(|v| v.abs() < 1e-8 * (1.0 + x[k].abs())) {
                accepted = Some(x);
                break;
            }
            h *= 0.5;
        }
        let Some(x) = accepted else { break };
        prev = t;
        w = x;
        if keep_path {
            path.push((w[k], split(&groups, &w[..k])));
        }
        h = (h * 1.5).min(1.0 + w[k].abs() * 0.5);
        if w[k] > 10.0 / m.scale() {
            let sigma = split(&groups, &w[..k]);
            if m.regret(&sigma) < 1e-12 * m.scale() {
                break;
            }
        }
    }
    (w[k], split(&groups, &w[..k]), path)
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
    let build = |x: &[f64]| -> Vec<Vec<f64>> {
        let mut s: Vec<Vec<f64>> = groups.iter().map(|&g| vec![0.0; g]).collect();
        let mut k = 0;
        for (g, sup) in support.iter().enumerate() {
            for &a in sup {
                s[g][a] = x[k];
                k += 1;
            }
        }
        s
    };
    let eqs = |x: &[f64]| -> Vec<f64> {
        let s = build(x);
        let v = m.weighted_values(&s);
        let mut out = Vec::new();
        let mut k = 0;
        for (g, sup) in support.iter().enumerate() {
            out.push(
                sup.iter()
                    .map(|_| {
                        k += 1;
                        x[k - 1]
                    })
                    .sum::<f64>()
                    - 1.0,
            );
            for w in sup.windows(2) {
                out.push(v[g][w[1]] - v[g][w[0]]);
            }
        }
        out
    };
    let mut x: Vec<f64> = support
        .iter()
        .enumerate()
        .flat_map(|(g, sup)| {
            let tot: f64 = sup.iter().map(|&a| sigma[g][a]).sum();
            sup.iter().map(move |&a| sigma[g][a] / tot).collect::<Vec<_>>()
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
    if x.iter().any(|v| *v < -1e-12) {
        return None;
    }
    let mut s = build(&x);
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

fn finish(m: &dyn Model, keep_path: bool, tol: f64) -> (f64, Vec<Vec<f64>>, Path) {
    let (lambda, sigma, path) = trace(m, keep_path);
    let mut best = sigma.clone();
    let mut best_r = m.regret(&sigma);
    for cut in [1e-3, 1e-5, 1e-2, 1e-7, 1e-1] {
        if best_r <= tol {
            break;
        }
        if let Some(s) = polish(m, &sigma, cut) {
            let r = m.regret(&s);
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

pub fn logit_table(game: &Game, pf: &Payoffs<f64>, keep_path: bool, tol: f64) -> LogitResult<Mixed<f64>> {
    let m = TableModel { pf, groups: pf.dims.clone(), scale: payoff_scale(game) };
    let (lambda, profile, path) = finish(&m, keep_path, tol);
    LogitResult { lambda, profile, path }
}

pub fn logit_tree(game: &Game, tree: &Tree, keep_path: bool, tol: f64) -> LogitResult<Behavior<f64>> {
    let mut owners = Vec::new();
    let mut groups = Vec::new();
    for (p, list) in tree.player_infosets.iter().enumerate() {
        for (k, &i) in list.iter().enumerate() {
            owners.push((p, k));
            groups.push(tree.infosets[i].actions.len());
        }
    }
    let m = TreeModel { ev: TreeEval::new(game, tree), tree, owners, groups, scale: payoff_scale(game) };
    let (lambda, sigma, path) = finish(&m, keep_path, tol);
    let profile = m.behavior(&sigma);
    let path = path.into_iter().map(|(l, s)| (l, m.behavior(&s))).collect();
    LogitResult { lambda, profile, path }
}
