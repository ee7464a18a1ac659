//! Tableau entries for fraction-free (Bareiss) pivoting, exact or floating.
//!
//! Exact solvers run on integer tableaux and escalate the entry type on overflow:
//! `i64` entries (with `i128` intermediates), then `i128` entries (with 256-bit
//! intermediates), then big integers. Each level reports overflow instead of wrapping, and the
//! caller restarts one level up, so results never depend on the level used.

use ethnum::I256;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use std::cmp::Ordering;

/// Signals that an entry left the range of the current representation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;

pub trait Entry: Clone + std::fmt::Debug + Send + Sync {
    const EXACT: bool;
    fn from_big(b: &BigInt) -> Option<Self>;
    fn to_big(&self) -> BigInt;
    fn to_f64(&self) -> f64;
    fn zero() -> Self;
    fn one() -> Self;
    /// `(a*p - b*q) / d`, exact division for integers.
    fn bareiss(a: &Self, p: &Self, b: &Self, q: &Self, d: &Self) -> Result<Self, Overflow>;
    /// Sign of `x`, where `scale` is the current tableau denominator (floats treat values
    /// within a relative tolerance of it as zero).
    fn sign(x: &Self, scale: &Self) -> Ordering;
    /// Compares `a/p` with `b/q` for positive `p`, `q`.
    fn cmp_ratio(a: &Self, p: &Self, b: &Self, q: &Self, scale: &Self) -> Ordering;
    /// One pivot step for path-following solvers (Lemke, Lemke–Howson): the fraction-free
    /// [`Tableau::pivot`] for exact entries; floats override it with a normalised pivot that
    /// keeps the denominator at 1 and skips zero entries (see [`Tableau::pivot_unit`]).
    fn path_pivot(tab: &mut Tableau<Self>, r: usize, c: usize) -> Result<(), Overflow> {
        tab.pivot(r, c)
    }
}

impl Entry for i64 {
    const EXACT: bool = true;
    fn from_big(b: &BigInt) -> Option<Self> {
        b.to_i64()
    }
    fn to_big(&self) -> BigInt {
        BigInt::from(*self)
    }
    fn to_f64(&self) -> f64 {
        *self as f64
    }
    fn zero() -> Self {
        0
    }
    fn one() -> Self {
        1
    }
    #[inline]
    fn bareiss(a: &Self, p: &Self, b: &Self, q: &Self, d: &Self) -> Result<Self, Overflow> {
        let x = (*a as i128 * *p as i128).checked_sub(*b as i128 * *q as i128).ok_or(Overflow)?;
        let y = if *d == 1 { x } else { x / *d as i128 };
        i64::try_from(y).map_err(|_| Overflow)
    }
    #[inline]
    fn sign(x: &Self, _: &Self) -> Ordering {
        x.cmp(&0)
    }
    #[inline]
    fn cmp_ratio(a: &Self, p: &Self, b: &Self, q: &Self, _: &Self) -> Ordering {
        (*a as i128 * *q as i128).cmp(&(*b as i128 * *p as i128))
    }
}

impl Entry for i128 {
    const EXACT: bool = true;
    fn from_big(b: &BigInt) -> Option<Self> {
        b.to_i128()
    }
    fn to_big(&self) -> BigInt {
        BigInt::from(*self)
    }
    fn to_f64(&self) -> f64 {
        *self as f64
    }
    fn zero() -> Self {
        0
    }
    fn one() -> Self {
        1
    }
    #[inline]
    fn bareiss(a: &Self, p: &Self, b: &Self, q: &Self, d: &Self) -> Result<Self, Overflow> {
        // Fast path when both products fit 128 bits.
        if let (Some(x), Some(y)) = (a.checked_mul(*p), b.checked_mul(*q))
            && let Some(z) = x.checked_sub(y)
        {
            return Ok(z / *d);
        }
        let x = I256::from(*a) * I256::from(*p) - I256::from(*b) * I256::from(*q);
        let z = x / I256::from(*d);
        i128::try_from(z).map_err(|_| Overflow)
    }
    #[inline]
    fn sign(x: &Self, _: &Self) -> Ordering {
        x.cmp(&0)
    }
    #[inline]
    fn cmp_ratio(a: &Self, p: &Self, b: &Self, q: &Self, _: &Self) -> Ordering {
        if let (Some(x), Some(y)) = (a.checked_mul(*q), b.checked_mul(*p)) {
            return x.cmp(&y);
        }
        (I256::from(*a) * I256::from(*q)).cmp(&(I256::from(*b) * I256::from(*p)))
    }
}

impl Entry for BigInt {
    const EXACT: bool = true;
    fn from_big(b: &BigInt) -> Option<Self> {
        Some(b.clone())
    }
    fn to_big(&self) -> BigInt {
        self.clone()
    }
    fn to_f64(&self) -> f64 {
        ToPrimitive::to_f64(self).unwrap_or(f64::NAN)
    }
    fn zero() -> Self {
        <BigInt as Zero>::zero()
    }
    fn one() -> Self {
        BigInt::from(1)
    }
    fn bareiss(a: &Self, p: &Self, b: &Self, q: &Self, d: &Self) -> Result<Self, Overflow> {
        let x = a * p - b * q;
        Ok(if d == &BigInt::from(1) { x } else { x.div_floor(d) })
    }
    fn sign(x: &Self, _: &Self) -> Ordering {
        if x.is_negative() {
            Ordering::Less
        } else if x.is_zero() {
            Ordering::Equal
        } else {
            Ordering::Greater
        }
    }
    fn cmp_ratio(a: &Self, p: &Self, b: &Self, q: &Self, _: &Self) -> Ordering {
        (a * q).cmp(&(b * p))
    }
}

/// Relative tolerance for floating tableaux.
pub const FLOAT_EPS: f64 = 1e-9;

impl Entry for f64 {
    const EXACT: bool = false;
    fn from_big(b: &BigInt) -> Option<Self> {
        ToPrimitive::to_f64(b)
    }
    fn to_big(&self) -> BigInt {
        BigInt::from(*self as i64)
    }
    fn to_f64(&self) -> f64 {
        *self
    }
    fn zero() -> Self {
        0.0
    }
    fn one() -> Self {
        1.0
    }
    #[inline]
    fn bareiss(a: &Self, p: &Self, b: &Self, q: &Self, d: &Self) -> Result<Self, Overflow> {
        let r = (a * p - b * q) / d;
        if r.is_finite() { Ok(r) } else { Err(Overflow) }
    }
    #[inline]
    fn sign(x: &Self, scale: &Self) -> Ordering {
        if x.abs() <= FLOAT_EPS * scale.abs() {
            Ordering::Equal
        } else if *x < 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        }
    }
    fn path_pivot(tab: &mut Tableau<Self>, r: usize, c: usize) -> Result<(), Overflow> {
        tab.pivot_unit(r, c)
    }
    #[inline]
    fn cmp_ratio(a: &Self, p: &Self, b: &Self, q: &Self, scale: &Self) -> Ordering {
        let x = a / p;
        let y = b / q;
        if (x - y).abs() <= FLOAT_EPS * (1.0 + x.abs().max(y.abs())) {
            let _ = scale;
            Ordering::Equal
        } else {
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
    }
}

/// A dense fraction-free tableau: `rows` constraint rows over `cols` variable columns plus a
/// right-hand side column (stored last), the basic variable of each row, and the common
/// denominator `d` (the absolute determinant of the current basis).
#[derive(Clone, Debug)]
pub struct Tableau<E> {
    pub rows: usize,
    pub cols: usize,
    pub t: Vec<E>,
    pub d: E,
    pub basic: Vec<usize>,
    /// Row of each variable if basic.
    pub row_of: Vec<Option<usize>>,
}

impl<E: Entry> Tableau<E> {
    #[inline]
    pub fn at(&self, r: usize, c: usize) -> &E {
        &self.t[r * (self.cols + 1) + c]
    }

    #[inline]
    pub fn rhs(&self, r: usize) -> &E {
        &self.t[r * (self.cols + 1) + self.cols]
    }

    /// Pivots variable `c` into the basis at row `r` (the pivot entry must be positive).
    pub fn pivot(&mut self, r: usize, c: usize) -> Result<(), Overflow> {
        let w = self.cols + 1;
        let p = self.t[r * w + c].clone();
        let (before, rest) = self.t.split_at_mut(r * w);
        let (prow, after) = rest.split_at_mut(w);
        for row in before.chunks_exact_mut(w).chain(after.chunks_exact_mut(w)) {
            let q = row[c].clone();
            if E::EXACT && E::sign(&q, &self.d) == Ordering::Equal {
                // Only the denominator changes for this row: x*p/d.
                let z = E::zero();
                for x in row.iter_mut() {
                    *x = E::bareiss(x, &p, &z, &z, &self.d)?;
                }
                continue;
            }
            for (x, pr) in row.iter_mut().zip(prow.iter()) {
                *x = E::bareiss(x, &p, &q, pr, &self.d)?;
            }
        }
        let old = self.basic[r];
        self.row_of[old] = None;
        self.row_of[c] = Some(r);
        self.basic[r] = c;
        self.d = p;
        Ok(())
    }

    /// Lexicographic minimum-ratio test for entering column `c`: the leaving row, comparing
    /// `(rhs, then the columns in lex_cols)` divided by the column entry. `None` if the column
    /// has no positive entry (unbounded direction).
    pub fn lex_min_ratio(&self, c: usize, lex_cols: &[usize]) -> Option<usize> {
        let mut best: Option<usize> = None;
        for r in 0..self.rows {
            let x = self.at(r, c);
            if E::sign(x, &self.d) != Ordering::Greater {
                continue;
            }
            best = match best {
                None => Some(r),
                Some(b) => {
                    let pb = self.at(b, c);
                    let mut ord = E::cmp_ratio(self.rhs(r), x, self.rhs(b), pb, &self.d);
                    let mut k = 0;
                    while ord == Ordering::Equal && k < lex_cols.len() {
                        ord = E::cmp_ratio(self.at(r, lex_cols[k]), x, self.at(b, lex_cols[k]), pb, &self.d);
                        k += 1;
                    }
                    if ord == Ordering::Less { Some(r) } else { Some(b) }
                }
            };
        }
        best
    }
}

impl Tableau<f64> {
    /// Gauss–Jordan pivot on a floating tableau kept at denominator 1 (entries are the true
    /// values): the pivot row is divided by the pivot, and only rows with a nonzero entry in
    /// column `c` are updated, on the pivot row's nonzero columns only. Fraction-free pivoting
    /// in floating point lets the denominator (the basis determinant) overflow on long
    /// sequence-form paths, and touches every entry of every row at every step.
    /// A result that cancels to below the rounding error of its operands is stored as 0, so
    /// the tableau stays as sparse as it is in exact arithmetic.
    pub fn pivot_unit(&mut self, r: usize, c: usize) -> Result<(), Overflow> {
        let w = self.cols + 1;
        // Undo a previous fraction-free scaling, if any.
        if self.d != 1.0 {
            let d = self.d;
            for x in self.t.iter_mut() {
                *x /= d;
            }
            self.d = 1.0;
        }
        let p = self.t[r * w + c];
        if !(p.is_finite() && p != 0.0) {
            return Err(Overflow);
        }
        let prow_start = r * w;
        thread_local! {
            static PROW: std::cell::RefCell<Vec<(usize, f64)>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        PROW.with(|buf| -> Result<(), Overflow> {
            let mut prow = buf.borrow_mut();
            prow.clear();
            for k in 0..w {
                let x = &mut self.t[prow_start + k];
                if *x != 0.0 {
                    *x /= p;
                    prow.push((k, if k == c { 1.0 } else { *x }));
                }
            }
            self.t[prow_start + c] = 1.0;
            for i in 0..self.rows {
                if i == r {
                    continue;
                }
                let row = &mut self.t[i * w..(i + 1) * w];
                let q = row[c];
                if q == 0.0 {
                    continue;
                }
                for &(k, pk) in prow.iter() {
                    let old = row[k];
                    let sub = q * pk;
                    let v = old - sub;
                    row[k] = if v.abs() <= 1e-14 * (old.abs() + sub.abs()) { 0.0 } else { v };
                }
                row[c] = 0.0;
                if !row[self.cols].is_finite() {
                    return Err(Overflow);
                }
            }
            Ok(())
        })?;
        let old = self.basic[r];
        self.row_of[old] = None;
        self.row_of[c] = Some(r);
        self.basic[r] = c;
        Ok(())
    }
}
