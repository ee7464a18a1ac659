//! Linear complementarity: Lemke–Howson on strategic games (with Gambit's recursive search for
//! further equilibria from every found one) and Lemke's algorithm on the sequence form of
//! two-player trees with perfect recall (Koller, Megiddo and von Stengel).
//!
//! Exact runs use integer Bareiss tableaux escalating `i64 -> i128 -> BigInt` on overflow.

use crate::enummixed::VertexPair;
use crate::game::{Game, Tree};
use crate::pivot::{Entry, Overflow, Tableau};
use crate::rational::{Q, lcm_denominators};
use crate::reduce::Payoffs;
use crate::shadow;
use crate::verify::{Behavior, Mixed};
use num_bigint::BigInt;
use num_rational::BigRational;
use rustc_hash::FxHashSet;
use std::cmp::Ordering;

/// The two best-response polytopes as tableaux: P over x (labels 0..m: x_i, m..m+n: slack of
/// column j) and Q over y (labels 0..m: slack of row i, m..m+n: y_j). Variable ids equal labels.
///
/// This is Gambit's `LHTableau` (src/solvers/linalg/lhtab.imp): its T2 (rows n1+j over x) is
/// P and its T1 (rows i over y) is Q; Gambit's label `k` (1-based) is our label `k - 1`.
/// Gambit writes the constraints with right-hand side -1, we with +1: same bases, negated
/// basic solution, which is why its "maximum ratio" rule is our minimum ratio on the
/// right-hand side but stays a maximum on the slack columns of the tie-break.
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

/// Gambit's tolerances for floating tableaux (`btableau.h`, after Murtagh): an entering column
/// entry counts as positive above `EPS2`; ratios within `EPS1` of the best stay tied.
const GAMBIT_EPS1: f64 = 1e-5;
const GAMBIT_EPS2: f64 = 1e-8;

/// Gambit's leaving-row rule (`LemkeTableau::ExitIndex`): among the rows with a positive entry
/// in the entering column `c`, keep those of minimum ratio right-hand side / entry, then
/// successively those of *maximum* ratio (slack column `lex[k]`) / entry, until one row is
/// left; remaining ties go to the first row. Exactly in exact arithmetic, with Gambit's
/// tolerances in floating point.
fn gambit_exit_row<E: Entry>(tab: &Tableau<E>, c: usize, lex: &[usize], cand: &mut Vec<usize>) -> Option<usize> {
    cand.clear();
    if E::EXACT {
        let mut best: Option<usize> = None;
        for r in 0..tab.rows {
            let x = tab.at(r, c);
            if E::sign(x, &tab.d) != Ordering::Greater {
                continue;
            }
            let Some(b) = best else {
                best = Some(r);
                continue;
            };
            let pb = tab.at(b, c);
            let mut ord = E::cmp_ratio(tab.rhs(r), x, tab.rhs(b), pb, &tab.d);
            let mut k = 0;
            while ord == Ordering::Equal && k < lex.len() {
                // Larger ratio wins on the slack columns.
                ord = E::cmp_ratio(tab.at(b, lex[k]), pb, tab.at(r, lex[k]), x, &tab.d);
                k += 1;
            }
            if ord == Ordering::Less {
                best = Some(r);
            }
        }
        return best;
    }
    let d = tab.d.to_f64();
    for r in 0..tab.rows {
        if tab.at(r, c).to_f64() / d > GAMBIT_EPS2 {
            cand.push(r);
        }
    }
    if cand.len() <= 1 {
        return cand.first().copied();
    }
    // Right-hand side: Gambit's ratio is -(rhs / entry); keep those within EPS1 of its maximum.
    let ratio = |r: usize, col: usize| tab.at(r, col).to_f64() / tab.at(r, c).to_f64();
    let best = cand.iter().map(|&r| -ratio(r, tab.cols)).fold(f64::NEG_INFINITY, f64::max);
    cand.retain(|&r| -ratio(r, tab.cols) >= best - GAMBIT_EPS1);
    for &k in lex {
        if cand.len() <= 1 {
            break;
        }
        let best = cand.iter().map(|&r| ratio(r, k)).fold(f64::NEG_INFINITY, f64::max);
        cand.retain(|&r| ratio(r, k) >= best - GAMBIT_EPS1);
    }
    cand.first().copied()
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
    /// pair (Gambit's `LHTableau::LemkePath`).
    fn path(&mut self, k: usize, lex_p: &[usize], lex_q: &[usize], cand: &mut Vec<usize>) -> Result<(), Overflow> {
        // The polytope in which `k` is currently nonbasic (a label of that side's vertex).
        let mut in_p = self.p.row_of[k].is_none();
        let mut enter = k;
        let mut steps = 0usize;
        loop {
            let (tab, lex) = if in_p { (&mut self.p, lex_p) } else { (&mut self.q, lex_q) };
            let Some(r) = gambit_exit_row(tab, enter, lex, cand) else { return Err(Overflow) };
            let leave = tab.basic[r];
            E::path_pivot(tab, r, enter)?;
            if leave == k {
                return Ok(());
            }
            enter = leave;
            in_p = !in_p;
            steps += 1;
            if !E::EXACT && steps > 100 * (self.m + self.n) + 1000 {
                // Floating-point cycling guard (exact lexicographic pivoting cannot cycle).
                return Err(Overflow);
            }
        }
    }

    /// Gambit identifies a completely labelled pair by the set of its basic *strategy*
    /// variables only (`BFS::operator==`), so two degenerate bases differing only in their
    /// basic slacks count as the same equilibrium.
    fn key(&self) -> Vec<u64> {
        let nl = self.m + self.n;
        let mut k = vec![0u64; nl.div_ceil(64)];
        for v in 0..self.m {
            if self.p.row_of[v].is_some() {
                k[v / 64] |= 1 << (v % 64);
            }
        }
        for v in self.m..nl {
            if self.q.row_of[v].is_some() {
                k[v / 64] |= 1 << (v % 64);
            }
        }
        k
    }

    /// The whole basis (basic variables of both tableaux, slacks included).
    fn full_key(&self) -> Vec<u64> {
        let nl = self.m + self.n;
        let mut k = vec![0u64; (2 * nl).div_ceil(64)];
        for (off, tab) in [(0, &self.p), (nl, &self.q)] {
            for &v in &tab.basic {
                k[(off + v) / 64] |= 1 << ((off + v) % 64);
            }
        }
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

/// Gambit's search (`NashLcpStrategySolver`, src/solvers/lcp/nfglcp.cc): with `stop == 1` the
/// path dropping the first label; otherwise, depth first, every label in increasing order from
/// the artificial equilibrium and, recursively, every label but the one just dropped from each
/// new equilibrium (all "accessible" equilibria), recording equilibria up to depth
/// `max_depth` (0 = unlimited) and stopping after `stop` (0 = no limit).
fn lh_search<E: Entry>(
    a: &[Vec<E>],
    b: &[Vec<E>],
    stop: usize,
    max_depth: usize,
) -> Result<Vec<VertexPair<E>>, Overflow> {
    let start = LhState::new(a, b);
    let (m, n) = (start.m, start.n);
    let nl = m + n;
    let lex_p: Vec<usize> = (m..nl).collect();
    let lex_q: Vec<usize> = (0..m).collect();
    let mut cand = Vec::with_capacity(nl);
    let mut out = Vec::new();
    if stop == 1 {
        let mut s = start;
        s.path(0, &lex_p, &lex_q, &mut cand)?;
        if let Some(p) = s.profile() {
            out.push(p);
        }
        return Ok(out);
    }
    let mut seen: FxHashSet<Vec<u64>> = FxHashSet::default();
    // Lemke–Howson paths are reversible (the lexicographic rule is a fixed perturbation of the
    // right-hand sides): if dropping label k at basis X ends at basis Y, dropping k at Y
    // ends at X. Gambit follows the reverse path anyway and finds X already listed; knowing
    // (Y, k) leads to a listed basis, the same search skips it without pivoting.
    let mut known: FxHashSet<(Vec<u64>, usize)> = FxHashSet::default();
    // Each frame: a state, its full basis, the label that led to it, the next label to try,
    // its depth.
    let start_full = start.full_key();
    type Frame<E> = (LhState<E>, Vec<u64>, usize, usize, usize);
    let mut stack: Vec<Frame<E>> = vec![(start, start_full, usize::MAX, 0, 0)];
    while let Some((state, full, from, next, depth)) = stack.pop() {
        let mut i = next;
        while i < nl && (i == from || known.contains(&(full.clone(), i))) {
            i += 1;
        }
        if i >= nl {
            continue;
        }
        let mut child = state.clone();
        stack.push((state, full, from, i + 1, depth));
        child.path(i, &lex_p, &lex_q, &mut cand)?;
        let child_full = child.full_key();
        known.insert((child_full.clone(), i));
        if !seen.insert(child.key()) {
            continue;
        }
        let Some(p) = child.profile() else { continue };
        out.push(p);
        if stop > 0 && out.len() >= stop {
            break;
        }
        if max_depth == 0 || depth + 1 < max_depth {
            stack.push((child, child_full, i, 0, depth + 1));
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

/// Gambit's Lemke–Howson matrices (`Make_A1`, `Make_A2` in nfglcp.cc): each player's payoffs
/// minus one common `min = min(smallest payoff of the game, 0) - 1` (so every entry is at least
/// 1), times the common factor `1 / (max(largest payoff, 0) - min)`. The shift decides the
/// tie-breaking in degenerate games, so it is reproduced exactly; the factor only scales
/// every ratio of a pivot step alike, and is applied in floating point only (where Gambit's
/// absolute tolerances see it).
fn gambit_lh_matrices(pf: &Payoffs<Q>) -> ([Vec<Vec<Q>>; 2], Q) {
    let (m, n) = (pf.dims[0], pf.dims[1]);
    let all = || pf.pay[0].iter().chain(pf.pay[1].iter());
    let mut min = all().min().cloned().unwrap_or(Q::ZERO);
    if min > Q::ZERO {
        min = Q::ZERO;
    }
    let min = &min - &Q::ONE;
    let mut max = all().max().cloned().unwrap_or(Q::ZERO);
    if max < Q::ZERO {
        max = Q::ZERO;
    }
    let fac = &Q::ONE / &(&max - &min);
    let mat =
        |p: usize| -> Vec<Vec<Q>> { (0..m).map(|i| (0..n).map(|j| &pf.pay[p][i + j * m] - &min).collect()).collect() };
    ([mat(0), mat(1)], fac)
}

/// Lemke–Howson equilibria in exact arithmetic (`stop`: 1 = first path only, 0 = all accessible).
pub fn lemke_howson_exact(pf: &Payoffs<Q>, stop: usize, max_depth: usize) -> Vec<Mixed<Q>> {
    let ([a, b], _) = gambit_lh_matrices(pf);
    let ints = |mq: &[Vec<Q>]| -> Vec<Vec<BigInt>> {
        let l = lcm_denominators(mq.iter().flatten());
        mq.iter().map(|r| r.iter().map(|q| q.numer_big() * (&l / q.denom_big())).collect()).collect()
    };
    let (a, b) = (ints(&a), ints(&b));
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

/// Lemke–Howson equilibria in floating point, on Gambit's scaled matrices with its tolerances.
///
/// Gambit's absolute tolerances (1e-5 on ratios of entries scaled to [0, 1]) cannot separate
/// payoffs that differ by less than a millionth of their range, and a long path can drift; if
/// the floating search fails or returns a point that is not an equilibrium, the exact search
/// (the same algorithm, which the floating one approximates) answers instead.
pub fn lemke_howson_float(pf: &Payoffs<f64>, stop: usize, max_depth: usize) -> Vec<Mixed<f64>> {
    let norm = |v: &[f64]| -> Vec<f64> {
        let s: f64 = v.iter().sum();
        v.iter().map(|x| (x / s).max(0.0)).collect()
    };
    let lo = pf.pay.iter().flatten().copied().fold(f64::INFINITY, f64::min);
    let hi = pf.pay.iter().flatten().copied().fold(f64::NEG_INFINITY, f64::max);
    let tol = 1e-9 * (hi - lo).max(1.0);
    // Gambit's matrices, computed in floating point as Gambit does (`Make_A1`, `Make_A2`):
    // (payoff - min) * (1 / (max - min)) with the shift of [`gambit_lh_matrices`]. Going through
    // rationals here (conversion of every payoff to a big fraction) cost more than the whole
    // floating search on small games; the rationals are built only for the exact fallback.
    let (m, n) = (pf.dims[0], pf.dims[1]);
    let min = lo.min(0.0) - 1.0;
    let fac = 1.0 / (hi.max(0.0) - min);
    let mat = |p: usize| -> Vec<Vec<f64>> {
        (0..m).map(|i| (0..n).map(|j| (pf.pay[p][i + j * m] - min) * fac).collect()).collect()
    };
    if lo.is_finite()
        && hi.is_finite()
        && let Ok(r) = lh_search(&mat(0), &mat(1), stop, max_depth)
    {
        let out: Vec<Mixed<f64>> = r.iter().map(|(x, y)| vec![norm(x), norm(y)]).collect();
        if out.iter().all(|p| crate::verify::mixed_regret(pf, p) <= tol) {
            return out;
        }
    }
    let pq: Payoffs<Q> = pf.convert();
    lemke_howson_exact(&pq, stop, max_depth)
        .iter()
        .map(|p| p.iter().map(|v| v.iter().map(Q::to_f64).collect()).collect())
        .collect()
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

/// `old - f * prow` for sparse rows sorted by column (a merge). `touched(col, present)` is
/// told of every column that appears in the result (`true`, from `prow` only) or vanished
/// from it (`false`, cancelled to zero).
fn sub_scaled_row(
    old: &[(usize, Q)],
    f: &Q,
    prow: &[(usize, Q)],
    mut touched: impl FnMut(usize, bool),
) -> Vec<(usize, Q)> {
    let mut merged = Vec::with_capacity(old.len() + prow.len());
    let (mut x, mut y) = (0, 0);
    while x < old.len() || y < prow.len() {
        if y >= prow.len() || (x < old.len() && old[x].0 < prow[y].0) {
            merged.push(old[x].clone());
            x += 1;
        } else if x >= old.len() || prow[y].0 < old[x].0 {
            touched(prow[y].0, true);
            merged.push((prow[y].0, -&(f * &prow[y].1)));
            y += 1;
        } else {
            let v = &old[x].1 - &(f * &prow[y].1);
            if v.is_zero() {
                touched(old[x].0, false);
            } else {
                merged.push((old[x].0, v));
            }
            x += 1;
            y += 1;
        }
    }
    merged
}

/// Solves the sequence-form LCP `w = q + M z >= 0, z >= 0, z'w = 0` exactly for the
/// complementary basis whose basic z variables are `support` (all other z are 0, and the w of
/// the support rows are 0): the square system `M[S][S] z_S = -q_S` by sparse Gaussian
/// elimination (fewest-nonzero row, then sparsest column, first), then checks `z >= 0` and
/// `w >= 0` exactly. `None` if the system is singular or the point is not a solution.
fn solve_support_exact(mq: &[Vec<Q>], qv: &[Q], support: &[usize]) -> Option<Vec<Q>> {
    let k = support.len();
    let mut col_pos = vec![usize::MAX; qv.len()];
    for (j, &c) in support.iter().enumerate() {
        col_pos[c] = j;
    }
    let mut rows: Vec<Vec<(usize, Q)>> = support
        .iter()
        .map(|&r| {
            support
                .iter()
                .enumerate()
                .filter(|(_, c)| !mq[r][**c].is_zero())
                .map(|(j, &c)| (j, mq[r][c].clone()))
                .collect()
        })
        .collect();
    let mut rhs: Vec<Q> = support.iter().map(|&r| -&qv[r]).collect();
    let mut col_rows: Vec<FxHashSet<usize>> = vec![FxHashSet::default(); k];
    for (i, row) in rows.iter().enumerate() {
        for &(j, _) in row {
            col_rows[j].insert(i);
        }
    }
    let mut active = vec![true; k];
    let mut order: Vec<(usize, usize)> = Vec::with_capacity(k);
    for _ in 0..k {
        let r = (0..k).filter(|&i| active[i]).min_by_key(|&i| rows[i].len())?;
        let &(c, _) = rows[r].iter().min_by_key(|(j, _)| col_rows[*j].len())?;
        active[r] = false;
        let piv = rows[r].iter().find(|(j, _)| *j == c)?.1.clone();
        let prow = rows[r].clone();
        let prhs = rhs[r].clone();
        let others: Vec<usize> = col_rows[c].iter().copied().filter(|&i| active[i]).collect();
        for i in others {
            let Some(a) = rows[i].iter().find(|(j, _)| *j == c).map(|(_, a)| a.clone()) else { continue };
            let f = &a / &piv;
            let old = std::mem::take(&mut rows[i]);
            rows[i] = sub_scaled_row(&old, &f, &prow, |col, present| {
                if present {
                    col_rows[col].insert(i);
                } else {
                    col_rows[col].remove(&i);
                }
            });
            rhs[i] = &rhs[i] - &(&f * &prhs);
        }
        order.push((r, c));
    }
    let mut zs: Vec<Option<Q>> = vec![None; k];
    for &(r, c) in order.iter().rev() {
        let mut acc = rhs[r].clone();
        let mut piv = Q::ONE;
        for (j, a) in &rows[r] {
            if *j == c {
                piv = a.clone();
            } else {
                acc = &acc - &(a * zs[*j].as_ref()?);
            }
        }
        zs[c] = Some(&acc / &piv);
    }
    let mut z = vec![Q::ZERO; qv.len()];
    for (j, &c) in support.iter().enumerate() {
        let v = zs[j].take()?;
        if v.is_negative() {
            return None;
        }
        z[c] = v;
    }
    // w = q + M z must be >= 0 everywhere and 0 on the support.
    for (r, row) in mq.iter().enumerate() {
        let mut w = qv[r].clone();
        for &c in support {
            if !row[c].is_zero() && !z[c].is_zero() {
                w = &w + &(&row[c] * &z[c]);
            }
        }
        if w.is_negative() || (col_pos[r] != usize::MAX && !w.is_zero()) {
            return None;
        }
    }
    Some(z)
}

/// The sequence-form LCP `(M, q)` of a two-player tree with perfect recall, as rationals.
pub fn sequence_lcp(game: &Game, t: &Tree) -> (Vec<Vec<Q>>, Vec<Q>, [usize; 2]) {
    sequence_lcp_matrix(game, t, &sequence_form(game, t))
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

/// Behaviour from exact realization plans: each action's plan over its parent sequence's; the
/// centroid at sets the player's own play does not reach.
fn plans_to_behavior_exact(t: &Tree, sf: &SequenceForm, zq: &[Q], ns: [usize; 2]) -> Behavior<Q> {
    let offs = [0, ns[0]];
    (0..2)
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
        .collect()
}

/// Behaviour from floating realization plans (true values, not scaled by a denominator).
fn plans_to_behavior_float(t: &Tree, sf: &SequenceForm, z: &[f64], ns: [usize; 2]) -> Behavior<f64> {
    let offs = [0, ns[0]];
    (0..2)
        .map(|p| {
            (0..t.player_infosets[p].len())
                .map(|k| {
                    let na = t.infosets[t.player_infosets[p][k]].actions.len();
                    // As Gambit's `GetProfile` (efglcp.cc): a sequence realised with
                    // probability at most `GAMBIT_EPS2` counts as unreached, and a set the
                    // player's own play does not reach gets the centroid
                    // (`UndefinedToCentroid`), not a ratio of rounding noise.
                    let par = z[offs[p] + sf.parent[p][k]];
                    let raw: Vec<f64> = (0..na)
                        .map(|a| {
                            let x = z[offs[p] + sf.first[p][k] + a];
                            if x > GAMBIT_EPS2 { x } else { 0.0 }
                        })
                        .collect();
                    let s: f64 = raw.iter().sum();
                    if par <= GAMBIT_EPS2 || s <= 0.0 {
                        vec![1.0 / na as f64; na]
                    } else {
                        raw.iter().map(|x| x / s).collect()
                    }
                })
                .collect()
        })
        .collect()
}

/// Lemke's algorithm on the sequence-form LCP with costs made positive:
///   w_x = A'y - E'p >= 0, w_y = B''x - F'q >= 0, w_p = Ex - e >= 0, w_q = Fy - f >= 0,
/// z = (x, y, p, q) >= 0, z'w = 0 (Koller–Megiddo–von Stengel; with strictly positive costs the
/// equality constraints may be relaxed to inequalities), covering vector 1, lexicographic rule
/// (right-hand side, then the w columns in order).
///
/// Exact rationals on a sparse tableau (rows as sorted (column, value) lists; only the rows
/// with an entry in the entering column change at a pivot); returns the z values of its end
/// point. [`shadow::lemke`] follows the same path in floating point with exact zero tests.
fn lemke_sequence_sparse(mq: &[Vec<Q>], qv: &[Q], tick: &mut dyn FnMut()) -> Option<Vec<Q>> {
    let nz = qv.len();
    let z0 = 2 * nz;
    type Row = Vec<(usize, Q)>;
    let mut rows: Vec<Row> = (0..nz)
        .map(|r| {
            let mut row: Row = (0..nz).filter(|&c| !mq[r][c].is_zero()).map(|c| (c, -&mq[r][c])).collect();
            row.push((nz + r, Q::ONE));
            row.push((z0, -Q::ONE));
            row
        })
        .collect();
    let mut rhs: Vec<Q> = qv.to_vec();
    let mut basic: Vec<usize> = (nz..2 * nz).collect();
    let get =
        |row: &Row, c: usize| -> Option<Q> { row.binary_search_by_key(&c, |e| e.0).ok().map(|i| row[i].1.clone()) };
    let pivot = |rows: &mut Vec<Row>, rhs: &mut Vec<Q>, r: usize, c: usize| -> Option<()> {
        let p = get(&rows[r], c)?;
        let prow: Row = rows[r].iter().map(|(k, v)| (*k, v / &p)).collect();
        let prhs = &rhs[r] / &p;
        for i in 0..rows.len() {
            if i == r {
                continue;
            }
            let Some(a) = get(&rows[i], c) else { continue };
            let old = std::mem::take(&mut rows[i]);
            rows[i] = sub_scaled_row(&old, &a, &prow, |_, _| {});
            rhs[i] = &rhs[i] - &(&a * &prhs);
        }
        rows[r] = prow;
        rhs[r] = prhs;
        Some(())
    };
    // First pivot: z0 enters at the most negative q; among equals the last, which leaves the
    // other rows lexicographically positive (their basis-inverse rows are e_r - e_r0).
    let mut r0 = 0;
    for r in 1..nz {
        if qv[r] <= qv[r0] {
            r0 = r;
        }
    }
    if !qv[r0].is_negative() {
        return Some(vec![Q::ZERO; nz]);
    }
    let mut leave = basic[r0];
    pivot(&mut rows, &mut rhs, r0, z0)?;
    basic[r0] = z0;
    let mut steps = 0usize;
    loop {
        let enter = if leave >= nz { leave - nz } else { leave + nz };
        // Lexicographic minimum ratio: rhs, then the w columns in order.
        let mut best: Option<(usize, Q)> = None;
        for r in 0..nz {
            let Some(x) = get(&rows[r], enter) else { continue };
            if !x.is_positive() {
                continue;
            }
            let Some((b, xb)) = &best else {
                best = Some((r, x));
                continue;
            };
            let mut ord = (&rhs[r] / &x).cmp(&(&rhs[*b] / xb));
            if ord == Ordering::Equal {
                // Walk both rows' w entries in column order.
                let (ra, rb) = (&rows[r], &rows[*b]);
                let (mut i, mut j) = (ra.partition_point(|e| e.0 < nz), rb.partition_point(|e| e.0 < nz));
                while ord == Ordering::Equal {
                    let ca = ra.get(i).map_or(usize::MAX, |e| if e.0 < 2 * nz { e.0 } else { usize::MAX });
                    let cb = rb.get(j).map_or(usize::MAX, |e| if e.0 < 2 * nz { e.0 } else { usize::MAX });
                    if ca == usize::MAX && cb == usize::MAX {
                        break;
                    }
                    let k = ca.min(cb);
                    let va = if ca == k { &ra[i].1 / &x } else { Q::ZERO };
                    let vb = if cb == k { &rb[j].1 / xb } else { Q::ZERO };
                    ord = va.cmp(&vb);
                    if ca == k {
                        i += 1;
                    }
                    if cb == k {
                        j += 1;
                    }
                }
            }
            if ord == Ordering::Less {
                best = Some((r, x));
            }
        }
        let (r, _) = best?;
        leave = basic[r];
        pivot(&mut rows, &mut rhs, r, enter)?;
        basic[r] = enter;
        if leave == z0 {
            break;
        }
        steps += 1;
        if steps.is_multiple_of(64) {
            tick();
        }
        if steps > 50 * nz + 1000 {
            return None;
        }
    }
    let mut z = vec![Q::ZERO; nz];
    for (r, &v) in basic.iter().enumerate() {
        if v < nz {
            z[v] = rhs[r].clone();
        }
    }
    Some(z)
}

/// Exact sequence-form equilibrium of a two-player tree with perfect recall.
///
/// Fast path: the floating Lemke run with exact zero tests ([`shadow::lemke`], the same path)
/// gives the complementary basis of its end point, which is solved exactly and checked
/// (`solve_support_exact`); only if that fails does the exact pivoting (sparse rational
/// tableau) run.
pub fn sequence_lcp_exact(game: &Game, t: &Tree, tick: &mut dyn FnMut()) -> Vec<Behavior<Q>> {
    let sf = sequence_form(game, t);
    let (mq, qv, ns) = sequence_lcp_matrix(game, t, &sf);
    if let Ok(basis) = shadow::lemke(&mq, &qv, tick)
        && let Some(zq) = solve_support_exact(&mq, &qv, &basis)
    {
        return vec![plans_to_behavior_exact(t, &sf, &zq, ns)];
    }
    lemke_sequence_sparse(&mq, &qv, tick).map(|zq| plans_to_behavior_exact(t, &sf, &zq, ns)).into_iter().collect()
}

/// Above this many LCP variables the floating mode does not fall back to exact pivoting (on
/// the three-round deterrence tree, 1036 variables, that takes many minutes); it reports
/// failure.
const FLOAT_EXACT_FALLBACK_MAX: usize = 600;

/// Floating sequence-form equilibrium of a two-player tree with perfect recall.
///
/// The end point of the floating Lemke run ([`shadow::lemke`]) is re-solved exactly from its
/// basis and checked, then converted (so long runs do not return a point spoiled by rounding).
/// If the floating run fails or ends at a basis that is not an exact solution, the exact
/// sparse run answers, converted to floating point (on problems of at most
/// `FLOAT_EXACT_FALLBACK_MAX` variables); if there is none, the floating run's failure.
pub fn sequence_lcp_float(
    game: &Game,
    t: &Tree,
    tick: &mut dyn FnMut(),
) -> Result<Vec<Behavior<f64>>, shadow::Failure> {
    let sf = sequence_form(game, t);
    let (mq, qv, ns) = sequence_lcp_matrix(game, t, &sf);
    let fallback =
        || if qv.len() <= FLOAT_EXACT_FALLBACK_MAX { lemke_sequence_sparse(&mq, &qv, &mut || {}) } else { None };
    let zq = match shadow::lemke(&mq, &qv, tick) {
        Ok(basis) => solve_support_exact(&mq, &qv, &basis).or_else(fallback),
        Err(e) => Some(fallback().ok_or(e)?),
    };
    Ok(zq
        .map(|zq| {
            let z: Vec<f64> = zq.iter().map(Q::to_f64).collect();
            plans_to_behavior_float(t, &sf, &z, ns)
        })
        .into_iter()
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// On every two-player tree with perfect recall in the corpus and the test data, the
    /// floating run with exact zero tests ends where the exact rational run ends.
    #[test]
    fn shadow_path_ends_where_the_exact_path_ends() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files: Vec<std::path::PathBuf> = Vec::new();
        for dir in ["../../data/gambit-games/contrib", "../../data/gambit-games/catalog", "tests/data"] {
            for e in std::fs::read_dir(root.join(dir)).into_iter().flatten().flatten() {
                if e.path().extension().is_some_and(|x| x == "efg") {
                    files.push(e.path());
                }
            }
        }
        files.sort();
        let mut checked = 0;
        for f in &files {
            let Ok(game) = crate::parse::read_game_bytes(&std::fs::read(f).unwrap_or_default()) else { continue };
            let Some(t) = game.tree() else { continue };
            if game.num_players() != 2 || !t.is_perfect_recall() || t.nodes.len() > 5000 {
                continue;
            }
            let (mq, qv, _) = sequence_lcp(&game, t);
            let exact = lemke_sequence_sparse(&mq, &qv, &mut || {});
            let basis = shadow::lemke(&mq, &qv, &mut || {});
            let lifted = basis.as_ref().ok().and_then(|b| solve_support_exact(&mq, &qv, b));
            assert_eq!(lifted, exact, "{}: shadow basis {basis:?}", f.display());
            checked += 1;
        }
        assert!(checked > 40, "only {checked} trees checked");
    }
}
