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

use crate::pivot::{Entry, Overflow};
use crate::rational::{Q, lcm_denominators};
use crate::reduce::Payoffs;
use crate::verify::{Mixed, mixed_regret};
use num_bigint::BigInt;
use num_rational::BigRational;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Bit-set keys differ in few, often high, bits; a multiplicative hash alone leaves the low
/// (bucket-selecting) bits constant, so every word is mixed and the result finalised.
#[derive(Default)]
struct MixHasher(u64);

impl Hasher for MixHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0 ^ x).wrapping_add(0x9E37_79B9_7F4A_7C15).rotate_left(23).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    }
    fn write_usize(&mut self, x: usize) {
        self.write_u64(x as u64);
    }
    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

type FxHashSet<K> = HashSet<K, BuildHasherDefault<MixHasher>>;
type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<MixHasher>>;

use std::cmp::Ordering;

type Bits = Vec<u64>;
/// Coordinates (unnormalised) of the two vertices of an equilibrium.
pub(crate) type VertexPair<E> = (Vec<E>, Vec<E>);

fn bits_new(n: usize) -> Bits {
    vec![0; n.div_ceil(64).max(1)]
}
fn bit_set(b: &mut Bits, i: usize) {
    b[i / 64] |= 1 << (i % 64);
}
/// A 128-bit key per variable set: the exact bit set when there are at most 128 variables,
/// otherwise a Zobrist hash (XOR of fixed pseudo-random 128-bit words, collision odds ~2^-100
/// for the set sizes we can enumerate).
struct KeyMap {
    words: Vec<u128>,
}

impl KeyMap {
    fn new(n: usize) -> Self {
        let words = if n <= 128 {
            (0..n).map(|i| 1u128 << i).collect()
        } else {
            let mut z: u64 = 0x243F_6A88_85A3_08D3;
            let mut next = || {
                z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut x = z;
                x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                x ^ (x >> 31)
            };
            (0..n).map(|_| (u128::from(next()) << 64) | u128::from(next())).collect()
        };
        KeyMap { words }
    }
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

/// A fraction-free dictionary: row `r` reads
/// `d * x[basic[r]] + sum_c t[r][c] * x[nonbasic[c]] = t[r][dim]`, so only nonbasic columns
/// are stored (half the work of a full tableau per pivot).
struct Dict<E> {
    rows: usize,
    dim: usize,
    t: Vec<E>,
    d: E,
    basic: Vec<usize>,
    nonbasic: Vec<usize>,
    /// For each variable: `Ok(row)` if basic, `Err(col)` if nonbasic.
    place: Vec<Result<usize, usize>>,
}

impl<E: Entry> Dict<E> {
    #[inline]
    fn at(&self, r: usize, c: usize) -> &E {
        &self.t[r * (self.dim + 1) + c]
    }

    fn pivot(&mut self, r: usize, c: usize) -> Result<(), Overflow> {
        let w = self.dim + 1;
        let p = self.t[r * w + c].clone();
        let (before, rest) = self.t.split_at_mut(r * w);
        let (prow, after) = rest.split_at_mut(w);
        for row in before.chunks_exact_mut(w).chain(after.chunks_exact_mut(w)) {
            let q = row[c].clone();
            for (k, (x, pr)) in row.iter_mut().zip(prow.iter()).enumerate() {
                if k != c {
                    *x = E::bareiss(x, &p, &q, pr, &self.d)?;
                }
            }
            row[c] = E::bareiss(&E::zero(), &E::zero(), &q, &E::one(), &E::one())?;
        }
        prow[c] = self.d.clone();
        self.d = p;
        let (vin, vout) = (self.nonbasic[c], self.basic[r]);
        self.basic[r] = vin;
        self.nonbasic[c] = vout;
        self.place[vin] = Ok(r);
        self.place[vout] = Err(c);
        Ok(())
    }

    /// Entry of the full tableau column of variable `v` at row `i`.
    #[inline]
    fn full(&self, i: usize, v: usize) -> E {
        match self.place[v] {
            Err(c) => self.at(i, c).clone(),
            Ok(r) => {
                if r == i {
                    self.d.clone()
                } else {
                    E::zero()
                }
            }
        }
    }

    /// Lexicographic minimum-ratio test for entering column `c`, ties broken by the columns of
    /// the initial basis (`lex`), which makes the walk that of a simple polytope.
    fn lex_min_ratio(&self, c: usize, lex: &[usize]) -> Option<usize> {
        let mut best: Option<usize> = None;
        let rhs = self.dim;
        for r in 0..self.rows {
            let x = self.at(r, c);
            if E::sign(x, &self.d) != Ordering::Greater {
                continue;
            }
            best = match best {
                None => Some(r),
                Some(b) => {
                    let pb = self.at(b, c);
                    let mut ord = E::cmp_ratio(self.at(r, rhs), x, self.at(b, rhs), pb, &self.d);
                    let mut k = 0;
                    while ord == Ordering::Equal && k < lex.len() {
                        ord = E::cmp_ratio(&self.full(r, lex[k]), x, &self.full(b, lex[k]), pb, &self.d);
                        k += 1;
                    }
                    if ord == Ordering::Less { Some(r) } else { Some(b) }
                }
            };
        }
        best
    }
}

/// Enumerates all vertices of `{z >= 0 : M z <= 1}` where `M` is `rows x dim` and positive.
/// Variable `k < dim` is coordinate `k` with label `label_of_coord[k]`; the slack of row `r`
/// (variable `dim + r`) has label `label_of_slack[r]`.
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
    let w = dim + 1;
    let mut t = vec![E::zero(); rows * w];
    for r in 0..rows {
        for k in 0..dim {
            t[r * w + k] = m[r][k].clone();
        }
        t[r * w + dim] = E::one();
    }
    let mut tab = Dict {
        rows,
        dim,
        t,
        d: E::one(),
        basic: (dim..cols).collect(),
        nonbasic: (0..dim).collect(),
        place: (0..cols).map(|v| if v >= dim { Ok(v - dim) } else { Err(v) }).collect(),
    };
    let label = |v: usize| if v < dim { label_of_coord[v] } else { label_of_slack[v - dim] };
    let lex_cols: Vec<usize> = (dim..cols).collect();
    let vkeys = KeyMap::new(cols);
    let lkeys = KeyMap::new(nlabels);
    let mut basis: u128 = 0;
    for v in dim..cols {
        basis ^= vkeys.words[v];
    }
    let mut visited: FxHashSet<u128> = FxHashSet::default();
    visited.insert(basis);
    let mut seen: FxHashSet<u128> = FxHashSet::default();
    let mut out: Vec<Vertex<E>> = Vec::new();
    let record = |tab: &Dict<E>, seen: &mut FxHashSet<u128>, out: &mut Vec<Vertex<E>>| {
        let mut key: u128 = 0;
        let mut labels = bits_new(nlabels);
        let mut count = 0;
        let mut origin = true;
        for &v in &tab.nonbasic {
            bit_set(&mut labels, label(v));
            key ^= lkeys.words[label(v)];
            count += 1;
        }
        for (r, &v) in tab.basic.iter().enumerate() {
            if E::sign(tab.at(r, dim), &tab.d) == Ordering::Equal {
                bit_set(&mut labels, label(v));
                key ^= lkeys.words[label(v)];
                count += 1;
            } else if v < dim {
                origin = false;
            }
        }
        if seen.insert(key) {
            let coords = (0..dim)
                .map(|k| match tab.place[k] {
                    Ok(r) => tab.at(r, dim).clone(),
                    Err(_) => E::zero(),
                })
                .collect();
            out.push(Vertex { labels, coords, num_labels: count, origin });
        }
    };
    record(&tab, &mut seen, &mut out);
    // Frames: next nonbasic column to try, and the pivot (row, column) that undoes the move.
    let mut stack: Vec<(usize, Option<(usize, usize)>)> = vec![(0, None)];
    let mut since_tick = 0u32;
    while let Some(top) = stack.last_mut() {
        let c = top.0;
        if c >= dim {
            let (_, undo) = stack.pop().unwrap_or((0, None));
            if let Some((r, c)) = undo {
                let (vb, vn) = (tab.basic[r], tab.nonbasic[c]);
                tab.pivot(r, c)?;
                basis ^= vkeys.words[vb] ^ vkeys.words[vn];
            }
            continue;
        }
        top.0 = c + 1;
        let Some(r) = tab.lex_min_ratio(c, &lex_cols) else { continue };
        let (out_v, in_v) = (tab.basic[r], tab.nonbasic[c]);
        let next = basis ^ vkeys.words[out_v] ^ vkeys.words[in_v];
        if !visited.insert(next) {
            continue;
        }
        basis = next;
        tab.pivot(r, c)?;
        since_tick += 1;
        if since_tick >= 4096 {
            since_tick = 0;
            tick();
        }
        record(&tab, &mut seen, &mut out);
        // After the pivot the leaving variable sits in column c; pivoting (r, c) undoes it.
        stack.push((0, Some((r, c))));
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
) -> Result<Vec<VertexPair<E>>, Overflow> {
    // P: rows are columns j of B (B' x <= 1); coordinate i has label i, slack j label m + j.
    let bt: Vec<Vec<E>> = (0..n).map(|j| (0..m).map(|i| b[i][j].clone()).collect()).collect();
    let vp =
        polytope_vertices(&bt, m, &(0..m).collect::<Vec<_>>(), &(m..m + n).collect::<Vec<_>>(), m + n, &mut *tick)?;
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
    pairs.into_iter().map(|(x, y)| vec![x, y]).filter(|p| mixed_regret(pf, p).is_zero()).collect()
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
