//! Floating-point pivoting with an exact zero test.
//!
//! Lemke's path on the sequence form is highly degenerate: at most steps dozens of rows tie in
//! the minimum-ratio test at ratio zero and the lexicographic rule decides among them by entries
//! of the basis inverse, most of which are exactly zero. In floating point those zeros come out
//! as rounding noise (1e-15 relative to the row, and no fixed tolerance separates noise from
//! small true values), so a plain floating tableau takes wrong turns and cycles.
//!
//! A [`Shadow`] tableau keeps every entry twice: as an `f64` and as its residue modulo the
//! prime p = 2^61 - 1. The residues are the exact rational tableau reduced mod p (pivots are
//! taken only on nonzero residues, so the reduction commutes with Gauss–Jordan elimination),
//! which tells exactly whether an entry is zero and whether two ratios are equal; a true
//! nonzero value has residue zero only by the accident of p dividing its numerator, about
//! 2^-61 per entry. The `f64` gives the sign and the order where values differ, and is set to
//! exactly 0 wherever the residue is 0, which also keeps the tableau as sparse as the exact
//! one. The end point is in any case re-solved and checked in rationals by the caller.
//!
//! The floats still accumulate rounding error, and along a path of thousands of pivots it grows
//! by orders of magnitude (on the three-round deterrence tree the residual of the right-hand
//! side goes from 1e-12 after 1,000 pivots to 0.26 after 5,451, enough to misorder ratios).
//! So the tableau is kept in revised form (the basis inverse only; entering columns are
//! computed from the original matrix), its drift is measured every 16 pivots, and the inverse is
//! rebuilt from scratch by Gauss–Jordan with partial pivoting when the drift exceeds 1e-11.

use crate::rational::Q;
use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive};
use rustc_hash::{FxHashMap, FxHashSet};

/// The Mersenne prime 2^61 - 1.
const P: u64 = (1 << 61) - 1;

#[inline]
fn reduce(x: u128) -> u64 {
    // x < 2^122: fold the high bits twice (2^61 = 1 mod p).
    let lo = (x as u64) & P;
    let hi = (x >> 61) as u64;
    let s = lo + (hi & P) + ((hi >> 61) & P);
    let s = (s & P) + (s >> 61);
    if s >= P { s - P } else { s }
}

#[inline]
fn mul(a: u64, b: u64) -> u64 {
    reduce(a as u128 * b as u128)
}

#[inline]
fn add(a: u64, b: u64) -> u64 {
    let s = a + b;
    if s >= P { s - P } else { s }
}

#[inline]
fn sub(a: u64, b: u64) -> u64 {
    if a >= b { a - b } else { a + P - b }
}

fn pow(mut a: u64, mut e: u64) -> u64 {
    let mut r = 1;
    while e > 0 {
        if e & 1 == 1 {
            r = mul(r, a);
        }
        a = mul(a, a);
        e >>= 1;
    }
    r
}

/// Inverse of a nonzero residue (Fermat).
fn inv(a: u64) -> u64 {
    pow(a, P - 2)
}

fn residue_big(b: &BigInt) -> u64 {
    let m = (b.abs() % BigInt::from(P)).to_u64().unwrap_or(0);
    if b.is_negative() && m != 0 { P - m } else { m }
}

fn residue_i64(x: i64) -> u64 {
    let m = x.unsigned_abs() % P;
    if x < 0 && m != 0 { P - m } else { m }
}

/// Residues of rationals mod p (`None` if p divides the denominator), with the inverses of
/// the denominators met so far remembered (an inverse costs some 120 modular products; a game
/// has few distinct denominators).
#[derive(Default)]
struct Residues {
    inverses: FxHashMap<u64, u64>,
}

impl Residues {
    fn of(&mut self, q: &Q) -> Option<u64> {
        let (n, d) = match q {
            Q::Small(n, d) => (residue_i64(*n), residue_i64(*d)),
            Q::Big(_) => (residue_big(&q.numer_big()), residue_big(&q.denom_big())),
        };
        match d {
            0 => None,
            1 => Some(n),
            _ => Some(mul(n, *self.inverses.entry(d).or_insert_with(|| inv(d)))),
        }
    }
}

/// The explicit basis inverse of Lemke's tableau with its right-hand side, `n` rows of `n + 1`
/// entries (row-major, the right-hand side last), floating and mod p side by side. Columns of
/// the full tableau are computed from it when they enter (revised form): only the inverse's
/// rows change at a pivot, which halves the work of a full tableau on the sequence form.
struct Shadow {
    n: usize,
    /// (float, residue) pairs side by side: an update touches one cache line, not two.
    e: Vec<(f64, u64)>,
    /// The pivot row's nonzero (column, float, residue) entries, reused across pivots.
    prow: Vec<(usize, f64, u64)>,
}

impl Shadow {
    #[inline]
    fn at(&self, r: usize, c: usize) -> (f64, u64) {
        let i = r * (self.n + 1) + c;
        self.e[i]
    }

    /// Pivots on row `r` for an entering column `y` (the inverse times the entering variable's
    /// original column; `y[r]` has a nonzero residue): only rows with a nonzero residue in `y`
    /// change, on the pivot row's nonzero columns. Floats whose residue becomes 0 are set to
    /// exactly 0.
    fn pivot(&mut self, r: usize, yf: &[f64], ym: &[u64]) {
        let w = self.n + 1;
        let (pf, pinv) = (yf[r], inv(ym[r]));
        self.prow.clear();
        for k in 0..w {
            let i = r * w + k;
            let (f, m) = self.e[i];
            if m == 0 {
                self.e[i].0 = 0.0;
                continue;
            }
            self.e[i] = (f / pf, mul(m, pinv));
            self.prow.push((k, self.e[i].0, self.e[i].1));
        }
        for i in 0..self.n {
            if i == r || ym[i] == 0 {
                continue;
            }
            let (fi, mi) = (yf[i], ym[i]);
            let row = &mut self.e[i * w..(i + 1) * w];
            for &(k, fk, mk) in &self.prow {
                let (f, m) = row[k];
                let nm = sub(m, mul(mi, mk));
                let nf = f - fi * fk;
                row[k] = (if nm == 0 { 0.0 } else { nf }, nm);
            }
        }
    }

    /// Whether row `r` comes before row `b` in the lexicographic minimum-ratio order for the
    /// entering column `y`: the right-hand side, then the inverse's columns in order, each over
    /// the row's entry of `y`; the first difference decides. Equality is decided on the
    /// residues (exact), order on the floats.
    fn lex_less(&self, r: usize, b: usize, yf: &[f64], ym: &[u64]) -> bool {
        let (xr, xrm, xb, xbm) = (yf[r], ym[r], yf[b], ym[b]);
        for k in std::iter::once(self.n).chain(0..self.n) {
            let (ar, arm) = self.at(r, k);
            let (ab, abm) = self.at(b, k);
            if arm == 0 && abm == 0 {
                continue;
            }
            if mul(arm, xbm) == mul(abm, xrm) {
                continue;
            }
            return ar / xr < ab / xb;
        }
        false
    }
}

/// Lemke's tableau `w - M z - z0 = q` in revised form: the basis inverse with the right-hand
/// side ([`Shadow`]), the original columns, and which variable is basic in each row. Variables:
/// z_c is `c`, w_r is `n + r`, z0 is `2n`.
struct Revised {
    tab: Shadow,
    /// The original columns of -M, sparse: (row, float, residue).
    cols: Vec<Vec<(usize, f64, u64)>>,
    q: Vec<(f64, u64)>,
    basic: Vec<usize>,
}

impl Revised {
    fn new(mq: &[Vec<Q>], qv: &[Q]) -> Result<Self, Failure> {
        let n = qv.len();
        if inverse_bytes(n) > MAX_INVERSE_BYTES {
            return Err(Failure::TooLarge { n });
        }
        let mut res = Residues::default();
        let mut cols: Vec<Vec<(usize, f64, u64)>> = vec![Vec::new(); n];
        for (r, row) in mq.iter().enumerate() {
            for (c, x) in row.iter().enumerate() {
                if !x.is_zero() {
                    cols[c].push((r, -x.to_f64(), sub(0, res.of(x).ok_or(Failure::Residue)?)));
                }
            }
        }
        let q = qv.iter().map(|x| Ok((x.to_f64(), res.of(x).ok_or(Failure::Residue)?))).collect::<Result<_, _>>()?;
        let w = n + 1;
        let tab = Shadow { n, e: vec![(0.0, 0); n * w], prow: Vec::with_capacity(w) };
        let mut lemke = Revised { tab, cols, q, basic: Vec::new() };
        lemke.reset();
        Ok(lemke)
    }

    /// The slack basis: inverse the identity, right-hand side q, w_r basic in row r.
    fn reset(&mut self) {
        let n = self.tab.n;
        let w = n + 1;
        self.tab.e.fill((0.0, 0));
        for r in 0..n {
            self.tab.e[r * w + r] = (1.0, 1);
            self.tab.e[r * w + n] = self.q[r];
        }
        self.basic = (n..2 * n).collect();
    }

    /// The tableau column of variable `v`: the inverse times its original column.
    fn column(&self, v: usize, yf: &mut [f64], ym: &mut [u64]) {
        let n = self.tab.n;
        for i in 0..n {
            let (mut sf, mut sm) = (0.0, 0u64);
            if v < n {
                for &(j, af, am) in &self.cols[v] {
                    let (bf, bm) = self.tab.at(i, j);
                    if bm != 0 {
                        sf += bf * af;
                        sm = add(sm, mul(bm, am));
                    }
                }
            } else if v < 2 * n {
                (sf, sm) = self.tab.at(i, v - n);
            } else {
                // z0's column is -1 in every row.
                for j in 0..n {
                    let (bf, bm) = self.tab.at(i, j);
                    sf -= bf;
                    sm = sub(sm, bm);
                }
            }
            (yf[i], ym[i]) = (if sm == 0 { 0.0 } else { sf }, sm);
        }
    }

    /// How far the floating right-hand side is from solving `B x = q`, relative to its size:
    /// rounding errors grow along the path (by orders of magnitude over thousands of pivots),
    /// and this is the cheap way to see it.
    fn drift(&self) -> f64 {
        let n = self.tab.n;
        let mut acc: Vec<f64> = self.q.iter().map(|x| -x.0).collect();
        let mut size = 1.0f64;
        for (i, &v) in self.basic.iter().enumerate() {
            let x = self.tab.at(i, n).0;
            size = size.max(x.abs());
            if v < n {
                for &(j, af, _) in &self.cols[v] {
                    acc[j] += af * x;
                }
            } else if v < 2 * n {
                acc[v - n] += x;
            } else {
                acc.iter_mut().for_each(|a| *a -= x);
            }
        }
        acc.iter().fold(0.0f64, |a, x| a.max(x.abs())) / size
    }

    /// Recomputes the inverse of the current basis from the slack basis by Gauss–Jordan with
    /// partial pivoting (largest entry among the rows still held by slacks that are not in the
    /// basis), sparsest columns first. The residues come out the same (the exact inverse mod p,
    /// rows permuted); the floats lose the error accumulated along the path.
    fn refactor(&mut self, yf: &mut [f64], ym: &mut [u64]) -> Result<(), Failure> {
        let n = self.tab.n;
        let target = std::mem::take(&mut self.basic);
        let mut wanted = vec![false; 2 * n + 1];
        target.iter().for_each(|&v| wanted[v] = true);
        self.reset();
        let mut entering: Vec<usize> = target.iter().copied().filter(|&v| v < n || v == 2 * n).collect();
        entering.sort_by_key(|&v| (self.cols.get(v).map_or(n + 1, Vec::len), v));
        for v in entering {
            self.column(v, yf, ym);
            let mut best: Option<usize> = None;
            for i in 0..n {
                if ym[i] != 0 && !wanted[self.basic[i]] && best.is_none_or(|b| yf[i].abs() > yf[b].abs()) {
                    best = Some(i);
                }
            }
            let r = best.ok_or(Failure::Singular)?;
            self.tab.pivot(r, yf, ym);
            self.basic[r] = v;
        }
        Ok(())
    }
}

/// Why the floating path gave up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// p divides a denominator of the input.
    Residue,
    /// No row qualifies in the ratio test (a ray; cannot happen on the sequence form).
    Ray,
    /// A basis had no inverse mod p when it was refactored.
    Singular,
    /// The path came back to a basis (a wrong sign decision) or exceeded its step bound.
    Cycle,
    /// The dense basis inverse of `n` variables would exceed [`MAX_INVERSE_BYTES`].
    TooLarge { n: usize },
}

/// The largest basis inverse (floats and residues) the floating path allocates: 4 GiB, an LCP
/// of about 16,000 variables.
pub const MAX_INVERSE_BYTES: usize = 1 << 32;

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Residue => write!(f, "a denominator of the game is divisible by 2^61 - 1"),
            Failure::Ray => write!(f, "Lemke's path ended on a ray"),
            Failure::Singular => write!(f, "a basis on the path had no inverse"),
            Failure::Cycle => write!(f, "the floating-point path returned to an earlier basis"),
            Failure::TooLarge { n } => write!(
                f,
                "the sequence form has {n} LCP variables: the floating-point path's basis inverse would \
                 take {:.1} GiB (at most {} GiB); --rational pivots sparsely in exact arithmetic (slow)",
                inverse_bytes(*n) as f64 / f64::from(1u32 << 30),
                MAX_INVERSE_BYTES >> 30
            ),
        }
    }
}

fn inverse_bytes(n: usize) -> usize {
    n.saturating_mul(n + 1).saturating_mul(std::mem::size_of::<(f64, u64)>())
}

/// Above this relative drift of the right-hand side the inverse is refactored.
const MAX_DRIFT: f64 = 1e-11;

/// Lemke's algorithm with covering vector 1 and the lexicographic rule (the right-hand side,
/// then the w columns in order) on `w = q + M z >= 0, z >= 0, z'w = 0`, written as the tableau
/// `w - M z - z0 = q` with w basic at the start: the same tableau, initial pivot and rule as
/// the exact sparse run in `lcp`, so, decisions being exact, the same path. Returns the basic z
/// variables at the end (ascending), from which the caller solves the end point exactly.
/// `tick` is called every 64 pivots (progress).
pub fn lemke(mq: &[Vec<Q>], qv: &[Q], tick: &mut dyn FnMut()) -> Result<Vec<usize>, Failure> {
    lemke_refactoring(mq, qv, MAX_DRIFT, tick)
}

/// [`lemke`], refactoring the inverse whenever the drift exceeds `max_drift` (checked every
/// 16 pivots).
fn lemke_refactoring(mq: &[Vec<Q>], qv: &[Q], max_drift: f64, tick: &mut dyn FnMut()) -> Result<Vec<usize>, Failure> {
    let n = qv.len();
    let z0 = 2 * n;
    let mut lp = Revised::new(mq, qv)?;
    let (mut yf, mut ym) = (vec![0.0; n], vec![0u64; n]);
    // z0 enters at the most negative q; among equals the last, which leaves the other rows
    // lexicographically positive (their inverse rows are e_r - e_r0).
    let mut r0 = 0;
    for r in 1..n {
        if qv[r] <= qv[r0] {
            r0 = r;
        }
    }
    if !qv[r0].is_negative() {
        return Ok(Vec::new());
    }
    lp.column(z0, &mut yf, &mut ym);
    let mut leave = lp.basic[r0];
    lp.tab.pivot(r0, &yf, &ym);
    lp.basic[r0] = z0;
    let mix = |v: usize| -> u64 {
        // splitmix64 finaliser
        let mut x = (v as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^ (x >> 31)
    };
    // In exact arithmetic the path never returns to a basis; a wrong float sign decision could
    // make it, so bases are remembered by a 64-bit hash kept incrementally.
    let mut hash: u64 = lp.basic.iter().fold(0u64, |h, &v| h.wrapping_add(mix(v)));
    let mut seen: FxHashSet<u64> = FxHashSet::default();
    let mut steps = 0usize;
    loop {
        if steps.is_multiple_of(64) {
            tick();
        }
        if steps.is_multiple_of(16) && lp.drift() > max_drift {
            lp.refactor(&mut yf, &mut ym)?;
        }
        let enter = if leave >= n { leave - n } else { leave + n };
        lp.column(enter, &mut yf, &mut ym);
        let mut best: Option<usize> = None;
        for r in 0..n {
            if ym[r] == 0 || yf[r] <= 0.0 {
                continue;
            }
            best = match best {
                Some(b) if !lp.tab.lex_less(r, b, &yf, &ym) => Some(b),
                _ => Some(r),
            };
        }
        let r = best.ok_or(Failure::Ray)?;
        leave = lp.basic[r];
        lp.tab.pivot(r, &yf, &ym);
        lp.basic[r] = enter;
        if leave == z0 {
            break;
        }
        hash = hash.wrapping_sub(mix(leave)).wrapping_add(mix(enter));
        steps += 1;
        if !seen.insert(hash) || steps > 50 * n + 1000 {
            return Err(Failure::Cycle);
        }
    }
    let mut support: Vec<usize> = lp.basic.into_iter().filter(|&v| v < n).collect();
    support.sort_unstable();
    Ok(support)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn residues_are_a_field() {
        let mut res = Residues::default();
        let a = res.of(&Q::from_i128(-3, 7)).unwrap_or(0);
        let b = res.of(&Q::from_i128(7, 3)).unwrap_or(0);
        assert_eq!(mul(a, b), P - 1);
        assert_eq!(mul(inv(a), a), 1);
        assert_eq!(add(P - 1, 1), 0);
        assert_eq!(sub(0, 1), P - 1);
        assert_eq!(reduce(u128::from(P) * u128::from(P)), 0);
        assert_eq!(reduce(u128::from(P - 1) * u128::from(P - 1)), 1);
        assert_eq!(res.of(&Q::from_i128(1, i128::from(P))), None);
    }

    #[test]
    fn too_large_an_inverse_is_refused_before_allocating() {
        let n = 20_000;
        let qv = vec![Q::ZERO; n];
        let mq = vec![Vec::new(); n];
        let e = lemke(&mq, &qv, &mut || {});
        assert_eq!(e, Err(Failure::TooLarge { n }));
        let msg = Failure::TooLarge { n }.to_string();
        assert!(msg.contains("20000 LCP variables") && msg.contains("6.0 GiB"), "{msg}");
    }

    /// The LCP of the two-round deterrence game (172 variables, a degenerate path of some
    /// hundred pivots).
    fn deterrence_lcp() -> (Vec<Vec<Q>>, Vec<Q>) {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/deterrence_r2.efg");
        let game = crate::parse::read_game_bytes(&std::fs::read(path).unwrap_or_default()).ok();
        let game = game.as_ref().expect("tests/data/deterrence_r2.efg");
        let tree = game.tree().expect("a tree");
        let (mq, qv, _) = crate::lcp::sequence_lcp(game, tree);
        (mq, qv)
    }

    #[test]
    fn refactoring_does_not_change_the_path() {
        let (mq, qv) = deterrence_lcp();
        let plain = lemke_refactoring(&mq, &qv, f64::INFINITY, &mut || {});
        // A negative bound refactors every 16 pivots.
        let refactored = lemke_refactoring(&mq, &qv, -1.0, &mut || {});
        assert!(plain.is_ok());
        assert_eq!(plain, refactored);
    }

    #[test]
    fn refactoring_keeps_the_residues_and_removes_drift() {
        let (mq, qv) = deterrence_lcp();
        let mut lp = Revised::new(&mq, &qv).unwrap_or_else(|_| panic!("residues"));
        let n = qv.len();
        let (mut yf, mut ym) = (vec![0.0; n], vec![0u64; n]);
        // Bring in z variables one by one wherever they have a positive entry (any nonsingular
        // pivots will do), then refactor: each basic variable's inverse row must be unchanged
        // mod p and close in floating point.
        for v in 0..n {
            lp.column(v, &mut yf, &mut ym);
            let Some(r) = (0..n).find(|&r| ym[r] != 0 && lp.basic[r] >= n && yf[r].abs() > 1e-3) else { continue };
            lp.tab.pivot(r, &yf, &ym);
            lp.basic[r] = v;
        }
        let rows = |lp: &Revised| {
            let mut by_var: Vec<(usize, Vec<u64>, Vec<f64>)> = (0..n)
                .map(|r| {
                    let w = n + 1;
                    let row = &lp.tab.e[r * w..(r + 1) * w];
                    (lp.basic[r], row.iter().map(|e| e.1).collect(), row.iter().map(|e| e.0).collect())
                })
                .collect();
            by_var.sort_by_key(|e| e.0);
            by_var
        };
        let before = rows(&lp);
        lp.refactor(&mut yf, &mut ym).unwrap_or_else(|_| panic!("refactor"));
        let after = rows(&lp);
        assert!(lp.drift() < 1e-12);
        for ((va, ma, fa), (vb, mb, fb)) in before.iter().zip(&after) {
            assert_eq!(va, vb);
            assert_eq!(ma, mb);
            for (x, y) in fa.iter().zip(fb) {
                assert!((x - y).abs() <= 1e-9 * (1.0 + x.abs()), "{x} vs {y}");
            }
        }
    }
}
