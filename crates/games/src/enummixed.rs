//! All extreme Nash equilibria of a two-player strategic game (Gambit's `enummixed`).
//!
//! Both best-response polytopes `P = {x >= 0 : B'x <= 1}` and `Q = {y >= 0 : Ay <= 1}` (payoffs
//! shifted positive) have their vertices enumerated by a depth-first walk over lexicographically
//! feasible bases: from each basis every nonbasic variable is pivoted in with the
//! lexicographic ratio test, which walks the edges of the (symbolically perturbed, hence
//! simple) polytope; a hash set of visited bases keeps each basis to one visit, and the walk
//! returns by pivoting back, so only one tableau exists. Vertices are identified by their sets
//! of tight constraints (labels); an equilibrium is a pair of nonzero vertices whose label sets
//! cover all labels. Non-degenerate vertices are matched by hashing the complementary label
//! set; only degenerate vertices are compared pairwise.
//!
//! Exact mode pivots on integer tableaux (Bareiss), escalating `i64 -> i128 -> BigInt` on
//! overflow; float mode pivots on `f64` with a relative tolerance.

use crate::pivot::{Entry, Overflow, Tableau};
use crate::rational::{Q, lcm_denominators};
use crate::reduce::Payoffs;
use crate::verify::{Mixed, mixed_regret};
use num_bigint::BigInt;
use num_rational::BigRational;
use rustc_hash::{FxHashMap, FxHashSet};
use std::cmp::Ordering;

type Bits = Vec<u64>;

fn bits_new(n: usize) -> Bits {
    vec![0; n.div_ceil(64).max(1)]
}
fn bit_set(b: &mut Bits, i: usize) {
    b[i / 64] |= 1 << (i % 64);
}
fn bit_clear(b: &mut Bits, i: usize) {
    b[i / 64] &= !(1 << (i % 64));
}

/// A vertex of a polytope: its tight labels and the coordinates' numerators (over a common
/// positive denominator that cancels on normalisation).
#[derive(Clone, Debug)]
pub struct Vertex<E> {
    pub labels: Bits,
    pub coords: Vec<E>,
    pub num_labels: usize,
    /// Whether this is the origin (every coordinate zero), which is no equilibrium.
    pub origin: bool,
}

/// Enumerates all vertices of `{z >= 0 : M z <= 1}` where `M` is `rows x dim` and positive.
/// Variable `k < dim` is coordinate `k` with label `label_of_coord[k]`; the slack of row `r`
/// has label `label_of_slack[r]`.
fn polytope_vertices<E: Entry>(
    m: &[Vec<E>],
    dim: usize,
    label_of_coord: &[usize],
    label_of_slack: &[usize],
    nlabels: usize,
    mut tick: impl FnMut(),
) -> Result<Vec<Vertex<E>>, Overflow> {
    let rows = m.len();
    let cols = dim + rows;
    let w = cols + 1;
    let mut t = vec![E::zero(); rows * w];
    for r in 0..rows {
        for k in 0..dim {
            t[r * w + k] = m[r][k].clone();
        }
        t[r * w + dim + r] = E::one();
        t[r * w + cols] = E::one();
    }
    let mut tab = Tableau {
        rows,
        cols,
        t,
        d: E::one(),
        basic: (dim..cols).collect(),
        row_of: (0..cols).map(|v| if v >= dim { Some(v - dim) } else { None }).collect(),
    };
    let label = |v: usize| if v < dim { label_of_coord[v] } else { label_of_slack[v - dim] };
    let lex_cols: Vec<usize> = (dim..cols).collect();
    let mut basis = bits_new(cols);
    for v in dim..cols {
        bit_set(&mut basis, v);
    }
    let mut visited: FxHashSet<Bits> = FxHashSet::default();
    visited.insert(basis.clone());
    let mut seen: FxHashMap<Bits, ()> = FxHashMap::default();
    let mut out: Vec<Vertex<E>> = Vec::new();
    let record = |tab: &Tableau<E>, seen: &mut FxHashMap<Bits, ()>, out: &mut Vec<Vertex<E>>| {
        let mut labels = bits_new(nlabels);
        let mut count = 0;
        let mut origin = true;
        for v in 0..cols {
            let tight = match tab.row_of[v] {
                None => true,
                Some(r) => E::sign(tab.rhs(r), &tab.d) == Ordering::Equal,
            };
            if tight {
                bit_set(&mut labels, label(v));
                count += 1;
            } else if v < dim {
                origin = false;
            }
        }
        if seen.insert(labels.clone(), ()).is_none() {
            let coords = (0..dim)
                .map(|k| match tab.row_of[k] {
                    Some(r) => tab.rhs(r).clone(),
                    None => E::zero(),
                })
                .collect();
            out.push(Vertex { labels, coords, num_labels: count, origin });
        }
    };
    record(&tab, &mut seen, &mut out);
    // Frames: next variable to try entering, and the pivot that undoes the move here.
    let mut stack: Vec<(usize, Option<(usize, usize)>)> = vec![(0, None)];
    while let Some(top) = stack.last_mut() {
        let mut c = top.0;
        while c < cols && tab.row_of[c].is_some() {
            c += 1;
        }
        if c >= cols {
            let (_, undo) = stack.pop().unwrap_or((0, None));
            if let Some((r, v)) = undo {
                let c = tab.basic[r];
                tab.pivot(r, v)?;
                bit_set(&mut basis, v);
                bit_clear(&mut basis, c);
            }
            continue;
        }
        top.0 = c + 1;
        let Some(r) = tab.lex_min_ratio(c, &lex_cols) else { continue };
        let out_v = tab.basic[r];
        bit_clear(&mut basis, out_v);
        bit_set(&mut basis, c);
        if visited.contains(&basis) {
            bit_set(&mut basis, out_v);
            bit_clear(&mut basis, c);
            continue;
        }
        visited.insert(basis.clone());
        tab.pivot(r, c)?;
        tick();
        record(&tab, &mut seen, &mut out);
        stack.push((0, Some((r, out_v))));
    }
    Ok(out)
}

fn covers(a: &Bits, b: &Bits, nlabels: usize) -> bool {
    let full = nlabels / 64;
    for k in 0..a.len() {
        let want = if k < full { u64::MAX } else { (1u64 << (nlabels % 64)) - 1 };
        if (a[k] | b[k]) & want != want {
            return false;
        }
    }
    true
}

/// Pairs of vertex indices (into `vp`, `vq`) that are completely labelled, nonzero vertices.
fn match_vertices<E: Entry>(vp: &[Vertex<E>], vq: &[Vertex<E>], m: usize, n: usize) -> Vec<(usize, usize)> {
    let nl = m + n;
    let is_zero = |v: &Vertex<E>| v.origin;
    let mut by_labels: FxHashMap<&Bits, usize> = FxHashMap::default();
    let mut degenerate_q = Vec::new();
    for (k, v) in vq.iter().enumerate() {
        if is_zero(v) {
            continue;
        }
        if v.num_labels == n {
            by_labels.insert(&v.labels, k);
        } else {
            degenerate_q.push(k);
        }
    }
    let mut out = Vec::new();
    for (i, x) in vp.iter().enumerate() {
        if is_zero(x) {
            continue;
        }
        if x.num_labels == m {
            let mut comp = x.labels.clone();
            for (k, wd) in comp.iter_mut().enumerate() {
                *wd = !*wd;
                let lo = k * 64;
                if lo + 64 > nl {
                    let keep = nl.saturating_sub(lo);
                    *wd &= if keep == 0 { 0 } else { (1u64 << keep) - 1 };
                }
            }
            if let Some(&j) = by_labels.get(&comp) {
                out.push((i, j));
            }
            for &j in &degenerate_q {
                if covers(&x.labels, &vq[j].labels, nl) {
                    out.push((i, j));
                }
            }
        } else {
            for (j, y) in vq.iter().enumerate() {
                if !is_zero(y) && covers(&x.labels, &y.labels, nl) {
                    out.push((i, j));
                }
            }
        }
    }
    out.sort_unstable();
    out
}

/// Integer payoff matrices of both players, scaled to integers and shifted to be >= 1.
pub(crate) fn integer_matrices(pf: &Payoffs<Q>) -> (Vec<Vec<BigInt>>, Vec<Vec<BigInt>>) {
    let (m, n) = (pf.dims[0], pf.dims[1]);
    let conv = |p: usize| -> Vec<Vec<BigInt>> {
        let l = lcm_denominators(pf.pay[p].iter());
        let ints: Vec<BigInt> = pf.pay[p].iter().map(|q| q.numer_big() * (&l / q.denom_big())).collect();
        let min = ints.iter().min().cloned().unwrap_or_default();
        let one = BigInt::from(1);
        (0..m).map(|i| (0..n).map(|j| &ints[i + j * m] - &min + &one).collect()).collect()
    };
    (conv(0), conv(1))
}

fn run<E: Entry>(
    a: &[Vec<E>],
    b: &[Vec<E>],
    m: usize,
    n: usize,
    tick: &mut dyn FnMut(),
) -> Result<Vec<(Vec<E>, Vec<E>)>, Overflow> {
    // P: rows are columns j of B (B' x <= 1); coordinate i has label i, slack j label m + j.
    let bt: Vec<Vec<E>> = (0..n).map(|j| (0..m).map(|i| b[i][j].clone()).collect()).collect();
    let vp = polytope_vertices(&bt, m, &(0..m).collect::<Vec<_>>(), &(m..m + n).collect::<Vec<_>>(), m + n, &mut *tick)?;
    // Q: rows are rows i of A (A y <= 1); coordinate j has label m + j, slack i label i.
    let vq = polytope_vertices(a, n, &(m..m + n).collect::<Vec<_>>(), &(0..m).collect::<Vec<_>>(), m + n, &mut *tick)?;
    Ok(match_vertices(&vp, &vq, m, n).into_iter().map(|(i, j)| (vp[i].coords.clone(), vq[j].coords.clone())).collect())
}

fn normalise_exact<E: Entry>(v: &[E]) -> Vec<Q> {
    let big: Vec<BigInt> = v.iter().map(Entry::to_big).collect();
    let s: BigInt = big.iter().sum();
    big.into_iter().map(|x| Q::from_big(BigRational::new(x, s.clone()))).collect()
}

/// Exact extreme equilibria (each verified to have zero regret).
pub fn enummixed_exact(pf: &Payoffs<Q>, tick: &mut dyn FnMut()) -> Vec<Mixed<Q>> {
    assert_eq!(pf.num_players(), 2, "enummixed needs a two-player game");
    let (m, n) = (pf.dims[0], pf.dims[1]);
    let (a, b) = integer_matrices(pf);
    let pairs: Vec<(Vec<Q>, Vec<Q>)> = 'done: {
        if let (Some(a6), Some(b6)) = (conv::<i64>(&a), conv::<i64>(&b))
            && let Ok(r) = run(&a6, &b6, m, n, tick)
        {
            break 'done r.iter().map(|(x, y)| (normalise_exact(x), normalise_exact(y))).collect();
        }
        if let (Some(a6), Some(b6)) = (conv::<i128>(&a), conv::<i128>(&b))
            && let Ok(r) = run(&a6, &b6, m, n, tick)
        {
            break 'done r.iter().map(|(x, y)| (normalise_exact(x), normalise_exact(y))).collect();
        }
        match run(&a, &b, m, n, tick) {
            Ok(r) => r.iter().map(|(x, y)| (normalise_exact(x), normalise_exact(y))).collect(),
            Err(Overflow) => Vec::new(),
        }
    };
    pairs
        .into_iter()
        .map(|(x, y)| vec![x, y])
        .filter(|p| mixed_regret(pf, p).is_zero())
        .collect()
}

fn conv<E: Entry>(m: &[Vec<BigInt>]) -> Option<Vec<Vec<E>>> {
    m.iter().map(|r| r.iter().map(E::from_big).collect()).collect()
}

/// Floating extreme equilibria (each verified to regret <= `tol`).
pub fn enummixed_float(pf: &Payoffs<f64>, tol: f64, tick: &mut dyn FnMut()) -> Vec<Mixed<f64>> {
    assert_eq!(pf.num_players(), 2, "enummixed needs a two-player game");
    let (m, n) = (pf.dims[0], pf.dims[1]);
    let mat = |p: usize| -> Vec<Vec<f64>> {
        let min = pf.pay[p].iter().cloned().fold(f64::INFINITY, f64::min);
        let max = pf.pay[p].iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        // Scale to a unit range so the relative tolerances mean the same for every game.
        let scale = if max > min { 1.0 / (max - min) } else { 1.0 };
        (0..m).map(|i| (0..n).map(|j| (pf.pay[p][i + j * m] - min) * scale + 1.0).collect()).collect()
    };
    let (a, b) = (mat(0), mat(1));
    let Ok(pairs) = run(&a, &b, m, n, tick) else { return Vec::new() };
    let norm = |v: &[f64]| -> Vec<f64> {
        let s: f64 = v.iter().sum();
        v.iter().map(|x| (x / s).max(0.0)).collect()
    };
    let mut out: Vec<Mixed<f64>> = Vec::new();
    for (x, y) in pairs {
        let p = vec![norm(&x), norm(&y)];
        if mixed_regret(pf, &p) <= tol {
            out.push(p);
        }
    }
    out
}
