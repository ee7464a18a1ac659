//! Exact rational numbers with an `i64` fast path that falls back to big integers on overflow.
//!
//! Payoffs in game files are small rationals almost always; keeping them as two machine words
//! avoids an allocation per operation, while the big representation keeps every result exact.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Add, Div, Mul, Neg, Sub};

/// An exact rational number.
///
/// Invariant: `Small(n, d)` has `d > 0` and `gcd(n, d) == 1`; `Big` is used only for values
/// that do not fit `Small`, so that equal values have equal representations.
#[derive(Clone, Debug)]
pub enum Q {
    Small(i64, i64),
    Big(Box<BigRational>),
}

/// Binary gcd (`gcd(0, b) = b`).
fn gcd_u64(a: u64, b: u64) -> u64 {
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    let mut a = a >> a.trailing_zeros();
    let mut b = b;
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

fn gcd_u128(mut a: u128, mut b: u128) -> u128 {
    // Most operands fit in 64 bits, where division is several times cheaper.
    if let (Ok(x), Ok(y)) = (u64::try_from(a), u64::try_from(b)) {
        return u128::from(gcd_u64(x, y));
    }
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

impl Q {
    pub const ZERO: Q = Q::Small(0, 1);
    pub const ONE: Q = Q::Small(1, 1);

    pub fn int(n: i64) -> Q {
        Q::Small(n, 1)
    }

    /// Builds `n/d` from 128-bit parts (`d != 0`), reducing and choosing the representation.
    pub fn from_i128(n: i128, d: i128) -> Q {
        debug_assert!(d != 0);
        if d == 1
            && let Ok(a) = i64::try_from(n)
        {
            return Q::Small(a, 1);
        }
        let (mut n, mut d) = if d < 0 {
            match (n.checked_neg(), d.checked_neg()) {
                (Some(a), Some(b)) => (a, b),
                _ => return Q::from_big(BigRational::new(BigInt::from(n), BigInt::from(d))),
            }
        } else {
            (n, d)
        };
        let (un, ud) = (n.unsigned_abs(), d.unsigned_abs());
        // Most operands fit a machine word, where the gcd is far cheaper than in 128 bits.
        let g = match (u64::try_from(un), u64::try_from(ud)) {
            (Ok(a), Ok(b)) => u128::from(gcd_u64(a, b)),
            _ => gcd_u128(un, ud),
        };
        if g > 1 {
            n /= g as i128;
            d /= g as i128;
        }
        match (i64::try_from(n), i64::try_from(d)) {
            (Ok(a), Ok(b)) => Q::Small(a, b),
            _ => Q::Big(Box::new(BigRational::new_raw(BigInt::from(n), BigInt::from(d)))),
        }
    }

    /// Builds from a big rational, demoting to `Small` when it fits.
    pub fn from_big(r: BigRational) -> Q {
        let r = if r.denom().is_negative() { BigRational::new(r.numer().clone(), r.denom().clone()) } else { r };
        if let (Some(n), Some(d)) = (r.numer().to_i64(), r.denom().to_i64()) {
            Q::Small(n, d)
        } else {
            Q::Big(Box::new(r))
        }
    }

    pub fn to_big(&self) -> BigRational {
        match self {
            Q::Small(n, d) => BigRational::new_raw(BigInt::from(*n), BigInt::from(*d)),
            Q::Big(b) => (**b).clone(),
        }
    }

    pub fn is_zero(&self) -> bool {
        matches!(self, Q::Small(0, _))
    }

    pub fn is_negative(&self) -> bool {
        match self {
            Q::Small(n, _) => *n < 0,
            Q::Big(b) => b.is_negative(),
        }
    }

    pub fn is_positive(&self) -> bool {
        match self {
            Q::Small(n, _) => *n > 0,
            Q::Big(b) => b.is_positive(),
        }
    }

    pub fn numer_big(&self) -> BigInt {
        match self {
            Q::Small(n, _) => BigInt::from(*n),
            Q::Big(b) => b.numer().clone(),
        }
    }

    pub fn denom_big(&self) -> BigInt {
        match self {
            Q::Small(_, d) => BigInt::from(*d),
            Q::Big(b) => b.denom().clone(),
        }
    }

    pub fn to_f64(&self) -> f64 {
        match self {
            Q::Small(n, d) => *n as f64 / *d as f64,
            Q::Big(b) => big_to_f64(b),
        }
    }

    pub fn abs(&self) -> Q {
        if self.is_negative() { -self } else { self.clone() }
    }

    /// The exact value of a finite `f64` (every finite double is a dyadic rational).
    pub fn from_f64(x: f64) -> Option<Q> {
        BigRational::from_float(x).map(Q::from_big)
    }

    /// Parses a number as Gambit writes and accepts it: integers, `p/q`, decimals and
    /// decimals or integers with an exponent (`1e-3`, `2.5E+2`), with an optional sign.
    pub fn parse(s: &str) -> Option<Q> {
        let b = s.as_bytes();
        if b.is_empty() {
            return None;
        }
        // Fast path: a plain integer of up to 18 digits (most payoffs in Gambit files).
        let digits = b.strip_prefix(b"-").unwrap_or(b);
        if !digits.is_empty() && digits.len() <= 18 && digits.iter().all(u8::is_ascii_digit) {
            let v = digits.iter().fold(0i64, |a, &d| a * 10 + i64::from(d - b'0'));
            return Some(Q::Small(if digits.len() < b.len() { -v } else { v }, 1));
        }
        let (neg, body) = match b[0] {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let v = if let Some((num, den)) = body.split_once('/') {
            let n = parse_digits(num)?;
            let d = parse_digits(den)?;
            if d.is_zero() {
                return None;
            }
            Q::from_big(BigRational::new(n, d))
        } else {
            let (mant, exp) = match body.find(['e', 'E']) {
                Some(i) => {
                    let e = &body[i + 1..];
                    let e = e.strip_prefix('+').unwrap_or(e);
                    let ev: i64 = if let Some(rest) = e.strip_prefix('-') {
                        -(parse_small_exp(rest)?)
                    } else {
                        parse_small_exp(e)?
                    };
                    (&body[..i], ev)
                }
                None => (body, 0),
            };
            let (ip, fp) = match mant.split_once('.') {
                Some((a, f)) => (a, f),
                None => (mant, ""),
            };
            if ip.is_empty() && fp.is_empty() {
                return None;
            }
            if !ip.bytes().all(|c| c.is_ascii_digit()) || !fp.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            // Fast path: short decimals fit an i64 numerator with a power-of-ten denominator.
            let digits = ip.len() + fp.len();
            let scale = fp.len() as i64 - exp;
            if digits <= 18 && (-18..=18).contains(&scale) {
                let mut n: i64 = 0;
                for c in ip.bytes().chain(fp.bytes()) {
                    n = n * 10 + i64::from(c - b'0');
                }
                let (n, d) = if scale >= 0 {
                    (n as i128, 10i128.pow(scale as u32))
                } else {
                    (n as i128 * 10i128.pow((-scale) as u32), 1)
                };
                Q::from_i128(n, d)
            } else {
                let mut all = String::with_capacity(digits);
                all.push_str(ip);
                all.push_str(fp);
                let n = parse_digits(&all)?;
                let ten = BigInt::from(10);
                if scale >= 0 {
                    Q::from_big(BigRational::new(n, num_traits::pow(ten, scale as usize)))
                } else {
                    Q::from_big(BigRational::from_integer(n * num_traits::pow(ten, (-scale) as usize)))
                }
            }
        };
        Some(if neg { -v } else { v })
    }
}

fn parse_small_exp(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn parse_digits(s: &str) -> Option<BigInt> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if s.len() <= 18 {
        return s.parse::<i64>().ok().map(BigInt::from);
    }
    BigInt::parse_bytes(s.as_bytes(), 10)
}

fn big_to_f64(b: &BigRational) -> f64 {
    if let (Some(n), Some(d)) = (b.numer().to_f64(), b.denom().to_f64())
        && n.is_finite()
        && d.is_finite()
        && d != 0.0
    {
        return n / d;
    }
    // Scale both parts down to keep the quotient representable.
    let nb = b.numer().bits() as i64;
    let db = b.denom().bits() as i64;
    let shift_n = (nb - 60).max(0) as usize;
    let shift_d = (db - 60).max(0) as usize;
    let n = (b.numer() >> shift_n).to_f64().unwrap_or(0.0);
    let d = (b.denom() >> shift_d).to_f64().unwrap_or(1.0);
    n / d * 2f64.powi((shift_n as i64 - shift_d as i64) as i32)
}

impl Default for Q {
    fn default() -> Self {
        Q::ZERO
    }
}

impl From<i64> for Q {
    fn from(n: i64) -> Q {
        Q::Small(n, 1)
    }
}

impl PartialEq for Q {
    fn eq(&self, o: &Q) -> bool {
        match (self, o) {
            (Q::Small(a, b), Q::Small(c, d)) => a == c && b == d,
            (Q::Big(a), Q::Big(b)) => a == b,
            _ => false,
        }
    }
}
impl Eq for Q {}

impl Hash for Q {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self {
            Q::Small(n, d) => {
                n.hash(h);
                d.hash(h);
            }
            Q::Big(b) => b.hash(h),
        }
    }
}

impl PartialOrd for Q {
    fn partial_cmp(&self, o: &Q) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Q {
    fn cmp(&self, o: &Q) -> Ordering {
        match (self, o) {
            (Q::Small(a, b), Q::Small(c, d)) => (*a as i128 * *d as i128).cmp(&(*c as i128 * *b as i128)),
            _ => self.to_big().cmp(&o.to_big()),
        }
    }
}

macro_rules! binop {
    ($tr:ident, $m:ident, $small:expr, $big:expr) => {
        impl $tr<&Q> for &Q {
            type Output = Q;
            fn $m(self, o: &Q) -> Q {
                if let (Q::Small(a, b), Q::Small(c, d)) = (self, o) {
                    let f: fn(i128, i128, i128, i128) -> Option<Q> = $small;
                    if let Some(q) = f(*a as i128, *b as i128, *c as i128, *d as i128) {
                        return q;
                    }
                }
                let g: fn(BigRational, BigRational) -> BigRational = $big;
                Q::from_big(g(self.to_big(), o.to_big()))
            }
        }
        impl $tr<Q> for Q {
            type Output = Q;
            fn $m(self, o: Q) -> Q {
                (&self).$m(&o)
            }
        }
        impl $tr<&Q> for Q {
            type Output = Q;
            fn $m(self, o: &Q) -> Q {
                (&self).$m(o)
            }
        }
    };
}

binop!(
    Add,
    add,
    |a, b, c, d| {
        // Operands are reduced, so adding zero returns the other one as it is.
        if a == 0 {
            return Some(Q::Small(c as i64, d as i64));
        }
        if c == 0 {
            return Some(Q::Small(a as i64, b as i64));
        }
        if b == d {
            return Some(Q::from_i128(a + c, b));
        }
        Some(Q::from_i128(a * d + c * b, b * d))
    },
    |x, y| x + y
);
binop!(
    Sub,
    sub,
    |a, b, c, d| {
        if b == d {
            return Some(Q::from_i128(a - c, b));
        }
        Some(Q::from_i128(a * d - c * b, b * d))
    },
    |x, y| x - y
);
binop!(
    Mul,
    mul,
    |a, b, c, d| {
        // Zero and one are common factors (pure strategies); reduced operands need no gcd.
        if a == 0 || c == 0 {
            return Some(Q::ZERO);
        }
        if a == b {
            return Some(Q::Small(c as i64, d as i64));
        }
        if c == d {
            return Some(Q::Small(a as i64, b as i64));
        }
        Some(Q::from_i128(a * c, b * d))
    },
    |x, y| x * y
);
binop!(
    Div,
    div,
    |a, b, c, d| {
        if c == 0 {
            return None;
        }
        Some(Q::from_i128(a * d, b * c))
    },
    |x, y| if y.is_zero() { x } else { x / y }
);

impl Neg for &Q {
    type Output = Q;
    fn neg(self) -> Q {
        match self {
            Q::Small(n, d) => match n.checked_neg() {
                Some(m) => Q::Small(m, *d),
                None => Q::from_big(-self.to_big()),
            },
            Q::Big(b) => Q::from_big(-(**b).clone()),
        }
    }
}
impl Neg for Q {
    type Output = Q;
    fn neg(self) -> Q {
        -&self
    }
}

impl std::iter::Sum for Q {
    fn sum<I: Iterator<Item = Q>>(it: I) -> Q {
        it.fold(Q::ZERO, |a, b| a + b)
    }
}

impl fmt::Display for Q {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Q::Small(n, 1) => write!(f, "{n}"),
            Q::Small(n, d) => write!(f, "{n}/{d}"),
            Q::Big(b) => {
                if b.denom().is_one() {
                    write!(f, "{}", b.numer())
                } else {
                    write!(f, "{}/{}", b.numer(), b.denom())
                }
            }
        }
    }
}

/// Least common multiple of the denominators of `xs` (used to scale payoffs to integers).
pub fn lcm_denominators<'a>(xs: impl Iterator<Item = &'a Q>) -> BigInt {
    let mut l = BigInt::one();
    for x in xs {
        let d = x.denom_big();
        if !d.is_one() {
            l = l.lcm(&d);
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_gambit_number_forms() {
        assert_eq!(Q::parse("1/3"), Some(Q::Small(1, 3)));
        assert_eq!(Q::parse("-2/4"), Some(Q::Small(-1, 2)));
        assert_eq!(Q::parse("0.25"), Some(Q::Small(1, 4)));
        assert_eq!(Q::parse("1e-3"), Some(Q::Small(1, 1000)));
        assert_eq!(Q::parse("2.5E+2"), Some(Q::Small(250, 1)));
        assert_eq!(Q::parse(".5"), Some(Q::Small(1, 2)));
        assert_eq!(Q::parse("+7"), Some(Q::Small(7, 1)));
        assert_eq!(Q::parse("1/0"), None);
        assert_eq!(Q::parse("abc"), None);
        assert_eq!(Q::parse("-"), None);
        // Integers on the fast path and just past it agree with the general parser.
        assert_eq!(Q::parse("-0"), Some(Q::Small(0, 1)));
        assert_eq!(Q::parse("007"), Some(Q::Small(7, 1)));
        assert_eq!(Q::parse("-999999999999999999"), Some(Q::Small(-999_999_999_999_999_999, 1)));
        assert_eq!(Q::parse("9223372036854775807"), Some(Q::Small(i64::MAX, 1)));
        assert!(matches!(Q::parse("9223372036854775808"), Some(Q::Big(_))));
        assert_eq!(&Q::Small(0, 1) * &Q::Small(-3, 7), Q::Small(0, 1));
        let big = Q::parse("123456789012345678901234567890").unwrap();
        assert!(matches!(big, Q::Big(_)));
        assert_eq!(big.to_string(), "123456789012345678901234567890");
    }

    #[test]
    fn overflow_falls_back_to_big_and_back() {
        let a = Q::int(i64::MAX);
        let s = &a + &a;
        assert!(matches!(s, Q::Big(_)));
        let back = &s - &a;
        assert_eq!(back, a);
        assert!(matches!(back, Q::Small(..)));
        assert_eq!(Q::Small(1, 3) + Q::Small(1, 6), Q::Small(1, 2));
        assert!(Q::Small(1, 3) < Q::Small(1, 2));
    }
}
