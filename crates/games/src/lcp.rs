//! Linear complementarity: Lemke–Howson on strategic games (with Gambit's recursive search for
//! further equilibria from every found one) and Lemke's algorithm on the sequence form of
//! two-player trees with perfect recall (Koller, Megiddo and von Stengel).
//!
//! Exact runs use integer Bareiss tableaux escalating `i64 -> i128 -> BigInt` on overflow.

use crate::enummixed::{VertexPair, integer_matrices};
use crate::game::{Game, Tree};
use crate::pivot::{Entry, Overflow, Tableau};
use crate::rational::{Q, lcm_denominators};
use crate::reduce::Payoffs;
use crate::verify::{Behavior, Mixed};
use num_bigint::BigInt;
use num_rational::BigRational;
use rustc_hash::FxHashSet;
use std::cmp::Ordering;

/// The two best-response polytopes as tableaux: P over x (labels 0..m: x_i, m..m+n: slack of
/// column j) and Q over y (labels 0..m: slack of row i, m..m+n: y_j). Variable ids equal labels.
#[derive(Clone)]
struct LhState<E> {
    p: Tableau<E>,
    q: Tableau<E>,
    m: usize,
    n: usize,
}

fn polytope<E: Entry>(rows: Vec<Vec<E>>, coord_vars: &[usize], slack_vars: &[usize]) -> Tableau<E> {
    let nr = rows.len();
    let cols = coord_vars.len() + slack_vars.len();
    let w = cols + 1;
    let mut t = vec![E::zero(); nr * w];
    for (r, row) in rows.iter().enumerate() {
        for (k, &v) in coord_vars.iter().enumerate() {
            t[r * w + v] = row[k].clone();
        }
        t[r * w + slack_vars[r]] = E::one();
        t[r * w + cols] = E::one();
    }
    let mut row_of = vec![None; cols];
    for (r, &v) in slack_vars.iter().enumerate() {
        row_of[v] = Some(r);
    }
    Tableau { rows: nr, cols, t, d: E::one(), basic: slack_vars.to_vec(), row_of }
}

impl<E: Entry> LhState<E> {
    fn new(a: &[Vec<E>], b: &[Vec<E>]) -> Self {
        let (m, n) = (a.len(), a[0].len());
        let bt: Vec<Vec<E>> = (0..n).map(|j| (0..m).map(|i| b[i][j].clone()).collect()).collect();
        let p = polytope(bt, &(0..m).collect::<Vec<_>>(), &(m..m + n).collect::<Vec<_>>());
        let q = polytope(a.to_vec(), &(m..m + n).collect::<Vec<_>>(), &(0..m).collect::<Vec<_>>());
        LhState { p, q, m, n }
    }

    /// Follows the Lemke–Howson path dropping label `k` from the current completely labelled
    /// pair.
    fn path(&mut self, k: usize) -> Result<(), Overflow> {
        let m = self.m;
        let lex_p: Vec<usize> = (m..m + self.n).collect();
        let lex_q: Vec<usize> = (0..m).collect();
        // The polytope in which `k` is currently nonbasic (a label of that side's vertex).
        let mut in_p = self.p.row_of[k].is_none();
        let mut enter = k;
        loop {
            let (tab, lex) = if in_p { (&mut self.p, &lex_p) } else { (&mut self.q, &lex_q) };
            let Some(r) = tab.lex_min_ratio(enter, lex) else { return Err(Overflow) };
            let leave = tab.basic[r];
            tab.pivot(r, enter)?;
            if leave == k {
                return Ok(());
            }
            enter = leave;
            in_p = !in_p;
        }
    }

    fn key(&self) -> Vec<usize> {
        let mut k: Vec<usize> = self.p.basic.clone();
        k.sort_unstable();
        let mut kq = self.q.basic.clone();
        kq.sort_unstable();
        k.push(usize::MAX);
        k.extend(kq);
        k
    }

    fn profile(&self) -> Option<(Vec<E>, Vec<E>)> {
        let x: Vec<E> = (0..self.m).map(|v| self.p.row_of[v].map_or(E::zero(), |r| self.p.rhs(r).clone())).collect();
        let y: Vec<E> =
            (self.m..self.m + self.n).map(|v| self.q.row_of[v].map_or(E::zero(), |r| self.q.rhs(r).clone())).collect();
        let zero = |v: &[E], s: &E| v.iter().all(|e| E::sign(e, s) == Ordering::Equal);
        if zero(&x, &self.p.d) || zero(&y, &self.q.d) {
            return None;
        }
        Some((x, y))
    }
}

/// Gambit's search: with `stop == 1` the path dropping the first label; otherwise every label
/// from the artificial equilibrium and, recursively, every other label from each new
/// equilibrium (all "accessible" equilibria), stopping after `stop` (0 = no limit).
fn lh_search<E: Entry>(
    a: &[Vec<E>],
    b: &[Vec<E>],
    stop: usize,
    max_depth: usize,
) -> Result<Vec<VertexPair<E>>, Overflow> {
    let start = LhState::new(a, b);
    let nl = start.m + start.n;
    let mut out = Vec::new();
    if stop == 1 {
        let mut s = start;
        s.path(0)?;
        if let Some(p) = s.profile() {
            out.push(p);
        }
        return Ok(out);
    }
    let mut seen: FxHashSet<Vec<usize>> = FxHashSet::default();
    // Depth-first, labels in increasing order, as Gambit's AllLemke.
    let mut stack: Vec<(LhState<E>, usize, usize, usize)> = vec![(start, usize::MAX, 0, 0)];
    while let Some((state, from, next, depth)) = stack.pop() {
        let mut i = next;
        while i < nl && i == from {
            i += 1;
        }
        if i >= nl {
            continue;
        }
        let mut child = state.clone();
        stack.push((state, from, i + 1, depth));
        child.path(i)?;
        if !seen.insert(child.key()) {
            continue;
        }
        let Some(p) = child.profile() else { continue };
        out.push(p);
        if stop > 0 && out.len() >= stop {
            break;
        }
        if max_depth == 0 || depth + 1 < max_depth {
            stack.push((child, i, 0, depth + 1));
        }
    }
    Ok(out)
}

fn conv<E: Entry>(m: &[Vec<BigInt>]) -> Option<Vec<Vec<E>>> {
    m.iter().map(|r| r.iter().map(E::from_big).collect()).collect()
}

fn normalise_exact<E: Entry>(v: &[E]) -> Vec<Q> {
    let big: Vec<BigInt> = v.iter().map(Entry::to_big).collect();
    let s: BigInt = big.iter().sum();
    big.into_iter().map(|x| Q::from_big(BigRational::new(x, s.clone()))).collect()
}

/// Lemke–Howson equilibria in exact arithmetic (`stop`: 1 = first path only, 0 = all accessible).
pub fn lemke_howson_exact(pf: &Payoffs<Q>, stop: usize, max_depth: usize) -> Vec<Mixed<Q>> {
    let (a, b) = integer_matrices(pf);
    'done: {
        if let (Some(x), Some(y)) = (conv::<i64>(&a), conv::<i64>(&b))
            && let Ok(r) = lh_search(&x, &y, stop, max_depth)
        {
            break 'done r.iter().map(|(x, y)| vec![normalise_exact(x), normalise_exact(y)]).collect();
        }
        if let (Some(x), Some(y)) = (conv::<i128>(&a), conv::<i128>(&b))
            && let Ok(r) = lh_search(&x, &y, stop, max_depth)
        {
            break 'done r.iter().map(|(x, y)| vec![normalise_exact(x), normalise_exact(y)]).collect();
        }
        lh_search(&a, &b, stop, max_depth)
            .map(|r| r.iter().map(|(x, y)| vec![normalise_exact(x), normalise_exact(y)]).collect())
            .unwrap_or_default()
    }
}

/// Lemke–Howson equilibria in floating point.
pub fn lemke_howson_float(pf: &Payoffs<f64>, stop: usize, max_depth: usize) -> Vec<Mixed<f64>> {
    let (m, n) = (pf.dims[0], pf.dims[1]);
    let mat = |p: usize| -> Vec<Vec<f64>> {
        let min = pf.pay[p].iter().cloned().fold(f64::INFINITY, f64::min);
        let max = pf.pay[p].iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        let scale = if max > min { 1.0 / (max - min) } else { 1.0 };
        (0..m).map(|i| (0..n).map(|j| (pf.pay[p][i + j * m] - min) * scale + 1.0).collect()).collect()
    };
    let norm = |v: &[f64]| -> Vec<f64> {
        let s: f64 = v.iter().sum();
        v.iter().map(|x| (x / s).max(0.0)).collect()
    };
    lh_search(&mat(0), &mat(1), stop, max_depth)
        .map(|r| r.iter().map(|(x, y)| vec![norm(x), norm(y)]).collect())
        .unwrap_or_default()
}

/// Sequence-form data of a two-player tree: sequences per player (0 = empty sequence; sequence
/// `s > 0` is an (information set, action) pair), constraint matrices and payoff entries.
pub struct SequenceForm {
    /// For each player: (infoset, action) of each nonempty sequence, index = sequence - 1.
    pub seqs: [Vec<(usize, usize)>; 2],
    /// For each player and each of its information sets (Gambit order): parent sequence.
    pub parent: [Vec<usize>; 2],
    /// For each player, information set (Gambit order) -> first sequence number of its actions.
    pub first: [Vec<usize>; 2],
    /// Sparse payoff entries: (seq1, seq2, payoff to player 1, payoff to player 2), chance
    /// probabilities folded in.
    pub entries: Vec<(usize, usize, Q, Q)>,
}

pub fn sequence_form(game: &Game, t: &Tree) -> SequenceForm {
    let mut pos = vec![0usize; t.infosets.len()];
    for list in &t.player_infosets {
        for (k, &i) in list.iter().enumerate() {
            pos[i] = k;
        }
    }
    let mut seqs: [Vec<(usize, usize)>; 2] = [Vec::new(), Vec::new()];
    let mut first: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for p in 0..2 {
        for &i in &t.player_infosets[p] {
            first[p].push(seqs[p].len() + 1);
            for a in 0..t.infosets[i].actions.len() {
                seqs[p].push((i, a));
            }
        }
    }
    let mut parent: [Vec<usize>; 2] = [vec![0; t.player_infosets[0].len()], vec![0; t.player_infosets[1].len()]];
    let mut entries: Vec<(usize, usize, Q, Q)> = Vec::new();
    // Walk with (node, seq1, seq2, chance probability).
    let mut stack: Vec<(usize, [usize; 2], Q)> = vec![(0, [0, 0], Q::ONE)];
    while let Some((v, sq, pr)) = stack.pop() {
        let node = &t.nodes[v];
        if let Some(o) = node.outcome {
            let pay = &game.outcomes[o].payoffs;
            entries.push((sq[0], sq[1], &pr * &pay[0], &pr * &pay[1]));
        }
        let Some(i) = node.infoset else { continue };
        let is = &t.infosets[i];
        match is.player {
            None => {
                for (a, &c) in node.children.iter().enumerate() {
                    if !is.probs[a].is_zero() {
                        stack.push((c, sq, &pr * &is.probs[a]));
                    }
                }
            }
            Some(p) => {
                parent[p][pos[i]] = sq[p];
                for (a, &c) in node.children.iter().enumerate() {
                    let mut s2 = sq;
                    s2[p] = first[p][pos[i]] + a;
                    stack.push((c, s2, pr.clone()));
                }
            }
        }
    }
    SequenceForm { seqs, parent, first, entries }
}

/// Lemke's algorithm on the sequence-form LCP with costs made positive:
///   w_x = A'y - E'p >= 0, w_y = B''x - F'q >= 0, w_p = Ex - e >= 0, w_q = Fy - f >= 0,
/// z = (x, y, p, q) >= 0, z'w = 0 (Koller–Megiddo–von Stengel; with strictly positive costs the
/// equality constraints may be relaxed to inequalities). Returns realization plans.
fn lemke_sequence<E: Entry>(m: &[Vec<E>], qv: &[E], nz: usize) -> Result<Vec<E>, Overflow> {
    // Tableau columns: z (0..nz), w (nz..2nz), z0 (2nz); rows: one per w.
    let cols = 2 * nz + 1;
    let w = cols + 1;
    let mut t = vec![E::zero(); nz * w];
    let z0 = 2 * nz;
    for r in 0..nz {
        for c in 0..nz {
            // w - M z - d z0 = qv
            if E::sign(&m[r][c], &E::one()) != Ordering::Equal {
                t[r * w + c] = E::bareiss(&E::zero(), &E::zero(), &m[r][c], &E::one(), &E::one())?;
            }
        }
        t[r * w + nz + r] = E::one();
        t[r * w + z0] = E::bareiss(&E::zero(), &E::zero(), &E::one(), &E::one(), &E::one())?;
        t[r * w + cols] = qv[r].clone();
    }
    let mut tab = Tableau {
        rows: nz,
        cols,
        t,
        d: E::one(),
        basic: (nz..2 * nz).collect(),
        row_of: (0..cols).map(|v| if (nz..2 * nz).contains(&v) { Some(v - nz) } else { None }).collect(),
    };
    // First pivot: z0 enters at the most negative qv row (with d = 1 the ratio is qv itself).
    let mut r0 = 0;
    for r in 1..nz {
        if E::cmp_ratio(&qv[r], &E::one(), &qv[r0], &E::one(), &E::one()) == Ordering::Less {
            r0 = r;
        }
    }
    if E::sign(&qv[r0], &E::one()) != Ordering::Less {
        // z = 0 already solves it (cannot happen with e, f nonzero).
        return Ok(vec![E::zero(); nz]);
    }
    // Negate row r0 so the pivot entry (-d = -1 -> 1) is positive.
    for c in 0..=cols {
        let x = tab.t[r0 * w + c].clone();
        tab.t[r0 * w + c] = E::bareiss(&E::zero(), &E::zero(), &x, &E::one(), &E::one())?;
    }
    let lex: Vec<usize> = (nz..2 * nz).collect();
    let mut leave = tab.basic[r0];
    tab.pivot(r0, z0)?;
    let mut steps = 0usize;
    loop {
        let enter = if leave >= nz { leave - nz } else { leave + nz };
        let Some(r) = tab.lex_min_ratio(enter, &lex) else { return Err(Overflow) };
        leave = tab.basic[r];
        tab.pivot(r, enter)?;
        if leave == z0 {
            break;
        }
        steps += 1;
        if steps > 50 * nz + 1000 {
            return Err(Overflow);
        }
    }
    Ok((0..nz).map(|v| tab.row_of[v].map_or(E::zero(), |r| tab.rhs(r).clone())).collect())
}

/// Builds the sequence-form LCP (as rationals) for a two-player tree.
fn sequence_lcp_matrix(game: &Game, t: &Tree, sf: &SequenceForm) -> (Vec<Vec<Q>>, Vec<Q>, [usize; 2]) {
    let ns = [sf.seqs[0].len() + 1, sf.seqs[1].len() + 1];
    let ni = [t.player_infosets[0].len() + 1, t.player_infosets[1].len() + 1];
    let nz = ns[0] + ns[1] + ni[0] + ni[1];
    // Costs: c = max payoff + 1 - payoff, summed per sequence pair (positive where any
    // outcome is attached, which suffices since the constant shifts every terminal path).
    // Outcomes add up along a path, so bound a path's total by (outcomes on the longest
    // path) x (largest absolute payoff).
    let mut maxp = Q::ZERO;
    for o in &game.outcomes {
        for x in &o.payoffs {
            if x.abs() > maxp {
                maxp = x.abs();
            }
        }
    }
    let mut depth = vec![0i64; t.nodes.len()];
    let mut longest = 1i64;
    for v in 0..t.nodes.len() {
        let own = i64::from(t.nodes[v].outcome.is_some());
        depth[v] = own + t.nodes[v].parent.map_or(0, |(p, _)| depth[p]);
        longest = longest.max(depth[v]);
    }
    let maxp = &maxp * &Q::int(longest);
    let mut mq = vec![vec![Q::ZERO; nz]; nz];
    let (ox, oy, op, oq) = (0, ns[0], ns[0] + ns[1], ns[0] + ns[1] + ni[0]);
    // Outcomes at inner nodes are carried down to the leaves (realization plans conserve flow,
    // so expected payoffs are unchanged), keeping every cost entry positive: each leaf costs
    // (shift - path payoff) times its chance probability.
    let shift = &maxp + &Q::ONE;
    let mut pos = vec![0usize; t.infosets.len()];
    for list in &t.player_infosets {
        for (k, &i) in list.iter().enumerate() {
            pos[i] = k;
        }
    }
    type Frame = (usize, [usize; 2], Q, [Q; 2]);
    let mut stack: Vec<Frame> = vec![(0, [0, 0], Q::ONE, [Q::ZERO, Q::ZERO])];
    while let Some((v, sq, pr, acc)) = stack.pop() {
        let node = &t.nodes[v];
        let acc = match node.outcome {
            Some(o) => {
                let pay = &game.outcomes[o].payoffs;
                [&acc[0] + &pay[0], &acc[1] + &pay[1]]
            }
            None => acc,
        };
        let Some(i) = node.infoset else {
            let c1 = &pr * &(&shift - &acc[0]);
            let c2 = &pr * &(&shift - &acc[1]);
            mq[ox + sq[0]][oy + sq[1]] = &mq[ox + sq[0]][oy + sq[1]] + &c1;
            mq[oy + sq[1]][ox + sq[0]] = &mq[oy + sq[1]][ox + sq[0]] + &c2;
            continue;
        };
        let is = &t.infosets[i];
        match is.player {
            None => {
                for (a, &c) in node.children.iter().enumerate() {
                    if !is.probs[a].is_zero() {
                        stack.push((c, sq, &pr * &is.probs[a], acc.clone()));
                    }
                }
            }
            Some(p) => {
                for (a, &c) in node.children.iter().enumerate() {
                    let mut s2 = sq;
                    s2[p] = sf.first[p][pos[i]] + a;
                    stack.push((c, s2, pr.clone(), acc.clone()));
                }
            }
        }
    }
    // Constraint rows: E x - e >= 0 (row 0: x_0 >= 1; row k: sum of actions - parent >= 0),
    // and -E' p in the x rows.
    let mut qv = vec![Q::ZERO; nz];
    for (p, (o_seq, o_dual)) in [(ox, op), (oy, oq)].into_iter().enumerate() {
        // Row 0 of E: x_empty.
        mq[o_dual][o_seq] = Q::ONE;
        mq[o_seq][o_dual] = -Q::ONE;
        qv[o_dual] = -Q::ONE;
        for k in 0..t.player_infosets[p].len() {
            let row = o_dual + k + 1;
            let par = sf.parent[p][k];
            mq[row][o_seq + par] = -Q::ONE;
            mq[o_seq + par][row] = Q::ONE;
            let na = t.infosets[t.player_infosets[p][k]].actions.len();
            for a in 0..na {
                let s = sf.first[p][k] + a;
                mq[row][o_seq + s] = Q::ONE;
                mq[o_seq + s][row] = -Q::ONE;
            }
        }
    }
    (mq, qv, ns)
}

fn plans_to_behavior<E: Entry>(t: &Tree, sf: &SequenceForm, z: &[E], ns: [usize; 2], exact: bool) -> BehaviorEither {
    let offs = [0, ns[0]];
    if exact {
        let zq: Vec<Q> = z.iter().map(|e| Q::from_big(BigRational::from_integer(e.to_big()))).collect();
        let b: Behavior<Q> = (0..2)
            .map(|p| {
                (0..t.player_infosets[p].len())
                    .map(|k| {
                        let na = t.infosets[t.player_infosets[p][k]].actions.len();
                        let par = &zq[offs[p] + sf.parent[p][k]];
                        (0..na)
                            .map(|a| {
                                if par.is_zero() {
                                    Q::from_i128(1, na as i128)
                                } else {
                                    &zq[offs[p] + sf.first[p][k] + a] / par
                                }
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        BehaviorEither::Exact(b)
    } else {
        let b: Behavior<f64> = (0..2)
            .map(|p| {
                (0..t.player_infosets[p].len())
                    .map(|k| {
                        let na = t.infosets[t.player_infosets[p][k]].actions.len();
                        let par = z[offs[p] + sf.parent[p][k]].to_f64();
                        let raw: Vec<f64> =
                            (0..na).map(|a| z[offs[p] + sf.first[p][k] + a].to_f64().max(0.0)).collect();
                        let s: f64 = raw.iter().sum();
                        if par <= 0.0 || s <= 0.0 {
                            vec![1.0 / na as f64; na]
                        } else {
                            raw.iter().map(|x| x / s).collect()
                        }
                    })
                    .collect()
            })
            .collect();
        BehaviorEither::Float(b)
    }
}

enum BehaviorEither {
    Exact(Behavior<Q>),
    Float(Behavior<f64>),
}

/// Scales a rational matrix and vector by one common factor so all entries are integers.
fn scale_to_integers(mq: &[Vec<Q>], qv: &[Q]) -> (Vec<Vec<BigInt>>, Vec<BigInt>) {
    let l = lcm_denominators(mq.iter().flatten().chain(qv.iter()));
    let f = |q: &Q| q.numer_big() * (&l / q.denom_big());
    (mq.iter().map(|r| r.iter().map(f).collect()).collect(), qv.iter().map(f).collect())
}

/// Exact sequence-form equilibrium of a two-player tree with perfect recall.
pub fn sequence_lcp_exact(game: &Game, t: &Tree) -> Vec<Behavior<Q>> {
    let sf = sequence_form(game, t);
    let (mq, qv, ns) = sequence_lcp_matrix(game, t, &sf);
    let nz = qv.len();
    let (mi, qi) = scale_to_integers(&mq, &qv);
    let z: Option<Vec<BigInt>> = 'done: {
        if let (Some(a), Some(b)) = (conv::<i64>(&mi), qi.iter().map(i64::from_big).collect::<Option<Vec<_>>>())
            && let Ok(z) = lemke_sequence(&a, &b, nz)
        {
            break 'done Some(z.iter().map(Entry::to_big).collect());
        }
        if let (Some(a), Some(b)) = (conv::<i128>(&mi), qi.iter().map(i128::from_big).collect::<Option<Vec<_>>>())
            && let Ok(z) = lemke_sequence(&a, &b, nz)
        {
            break 'done Some(z.iter().map(Entry::to_big).collect());
        }
        lemke_sequence(&mi, &qi, nz).ok()
    };
    match z.map(|z| plans_to_behavior(t, &sf, &z, ns, true)) {
        Some(BehaviorEither::Exact(b)) => vec![b],
        _ => Vec::new(),
    }
}

/// Floating sequence-form equilibrium of a two-player tree with perfect recall.
pub fn sequence_lcp_float(game: &Game, t: &Tree) -> Vec<Behavior<f64>> {
    let sf = sequence_form(game, t);
    let (mq, qv, ns) = sequence_lcp_matrix(game, t, &sf);
    let nz = qv.len();
    let mf: Vec<Vec<f64>> = mq.iter().map(|r| r.iter().map(Q::to_f64).collect()).collect();
    let qf: Vec<f64> = qv.iter().map(Q::to_f64).collect();
    match lemke_sequence(&mf, &qf, nz).map(|z| plans_to_behavior(t, &sf, &z, ns, false)) {
        Ok(BehaviorEither::Float(b)) => vec![b],
        _ => Vec::new(),
    }
}
