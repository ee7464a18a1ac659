//! The arithmetic the solvers and the verifier are generic over: `f64` or exact [`Q`].

use crate::rational::Q;
use std::fmt::Debug;

pub trait Num: Clone + PartialOrd + Debug + Send + Sync + 'static {
    const EXACT: bool;
    fn zero() -> Self;
    fn one() -> Self;
    fn from_q(q: &Q) -> Self;
    fn from_i64(n: i64) -> Self;
    fn to_f64(&self) -> f64;
    fn add(&self, o: &Self) -> Self;
    fn sub(&self, o: &Self) -> Self;
    fn mul(&self, o: &Self) -> Self;
    /// Division; callers never divide by zero.
    fn div(&self, o: &Self) -> Self;
    fn is_zero(&self) -> bool;
    /// Converts to an exact value (the exact binary value for floats).
    fn to_q(&self) -> Q;
    /// `self <= o`, with a relative tolerance of 1e-12 for floats so that payoffs that are
    /// equal in exact arithmetic stay tied after rounding.
    fn approx_le(&self, o: &Self) -> bool;
}

impl Num for f64 {
    const EXACT: bool = false;
    fn zero() -> Self {
        0.0
    }
    fn one() -> Self {
        1.0
    }
    fn from_q(q: &Q) -> Self {
        q.to_f64()
    }
    fn from_i64(n: i64) -> Self {
        n as f64
    }
    fn to_f64(&self) -> f64 {
        *self
    }
    fn add(&self, o: &Self) -> Self {
        self + o
    }
    fn sub(&self, o: &Self) -> Self {
        self - o
    }
    fn mul(&self, o: &Self) -> Self {
        self * o
    }
    fn div(&self, o: &Self) -> Self {
        self / o
    }
    fn is_zero(&self) -> bool {
        *self == 0.0
    }
    fn to_q(&self) -> Q {
        Q::from_f64(*self).unwrap_or(Q::ZERO)
    }
    fn approx_le(&self, o: &Self) -> bool {
        *self <= *o + 1e-12 * (1.0 + self.abs().max(o.abs()))
    }
}

impl Num for Q {
    const EXACT: bool = true;
    fn zero() -> Self {
        Q::ZERO
    }
    fn one() -> Self {
        Q::ONE
    }
    fn from_q(q: &Q) -> Self {
        q.clone()
    }
    fn from_i64(n: i64) -> Self {
        Q::int(n)
    }
    fn to_f64(&self) -> f64 {
        Q::to_f64(self)
    }
    fn add(&self, o: &Self) -> Self {
        self + o
    }
    fn sub(&self, o: &Self) -> Self {
        self - o
    }
    fn mul(&self, o: &Self) -> Self {
        self * o
    }
    fn div(&self, o: &Self) -> Self {
        self / o
    }
    fn is_zero(&self) -> bool {
        Q::is_zero(self)
    }
    fn to_q(&self) -> Q {
        self.clone()
    }
    fn approx_le(&self, o: &Self) -> bool {
        self <= o
    }
}
