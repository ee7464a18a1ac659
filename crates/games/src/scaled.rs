//! Exact rationals as integers over one common denominator, for games whose denominators
//! allow it: the exact searches and checks of pure profiles then run on machine integers.

use crate::game::{Game, Tree};
use crate::num::Num;
use crate::rational::Q;
use std::cell::Cell;

thread_local! {
    static SCALE: Cell<i128> = const { Cell::new(1) };
    static INEXACT: Cell<bool> = const { Cell::new(false) };
}

/// An exact rational `x / M` held as the integer `x`, for one game's common scale `M`: a
/// multiple of every payoff denominator times the chance denominators along any path, so that
/// every value, reach weight and reach-weighted value the search forms is an integer multiple
/// of `1/M`. Anything that is not (or overflows) raises `INEXACT`, and the caller falls back
/// to `Q`.
#[derive(Clone, Debug, PartialEq, PartialOrd)]
pub struct Scaled(pub i128);

fn scale() -> i128 {
    SCALE.with(Cell::get)
}

fn inexact() -> Scaled {
    INEXACT.with(|f| f.set(true));
    Scaled(0)
}

impl Num for Scaled {
    const EXACT: bool = true;
    fn zero() -> Self {
        Scaled(0)
    }
    fn one() -> Self {
        Scaled(scale())
    }
    fn from_q(q: &Q) -> Self {
        let m = scale();
        match q {
            Q::Small(n, d) if m % i128::from(*d) == 0 => {
                i128::from(*n).checked_mul(m / i128::from(*d)).map_or_else(inexact, Scaled)
            }
            _ => inexact(),
        }
    }
    fn from_i64(n: i64) -> Self {
        i128::from(n).checked_mul(scale()).map_or_else(inexact, Scaled)
    }
    fn to_f64(&self) -> f64 {
        self.0 as f64 / scale() as f64
    }
    fn add(&self, o: &Self) -> Self {
        self.0.checked_add(o.0).map_or_else(inexact, Scaled)
    }
    fn sub(&self, o: &Self) -> Self {
        self.0.checked_sub(o.0).map_or_else(inexact, Scaled)
    }
    fn mul(&self, o: &Self) -> Self {
        let m = scale();
        if self.0 == 0 || o.0 == 0 {
            return Scaled(0);
        }
        if self.0 == m {
            return o.clone();
        }
        if o.0 == m {
            return self.clone();
        }
        // Word-sized products divide far faster than 128-bit ones.
        if let (Ok(a), Ok(b), Ok(m)) = (i64::try_from(self.0), i64::try_from(o.0), i64::try_from(m))
            && let Some(p) = a.checked_mul(b)
        {
            return if p % m == 0 { Scaled(i128::from(p / m)) } else { inexact() };
        }
        match self.0.checked_mul(o.0) {
            Some(p) if p % m == 0 => Scaled(p / m),
            _ => inexact(),
        }
    }
    fn div(&self, o: &Self) -> Self {
        match self.0.checked_mul(scale()) {
            Some(p) if o.0 != 0 && p % o.0 == 0 => Scaled(p / o.0),
            _ => inexact(),
        }
    }
    fn is_zero(&self) -> bool {
        self.0 == 0
    }
    fn to_q(&self) -> Q {
        Q::from_i128(self.0, scale())
    }
    fn approx_le(&self, o: &Self) -> bool {
        self.0 <= o.0
    }
}

/// The game's common scale `M`: the lcm of its payoff denominators and, over all nodes, of the
/// products of chance denominators on the path there; `None` above 2^40 (products of two
/// scaled values must stay far from `i128`'s range) or for big rationals.
pub fn game_scale(game: &Game, tree: &Tree) -> Option<i128> {
    let den = |q: &Q| match q {
        Q::Small(_, d) => Some(i128::from(*d)),
        Q::Big(_) => None,
    };
    let lcm = |a: i128, b: i128| -> Option<i128> {
        let (mut x, mut y) = (a, b);
        while y != 0 {
            (x, y) = (y, x % y);
        }
        let l = (a / x).checked_mul(b)?;
        (l <= 1 << 40).then_some(l)
    };
    let mut m: i128 = 1;
    for o in &game.outcomes {
        for x in &o.payoffs {
            m = lcm(m, den(x)?)?;
        }
    }
    // Product of chance denominators on the path to each node.
    let mut path = vec![1i128; tree.nodes.len()];
    for v in 0..tree.nodes.len() {
        if let Some((u, _)) = tree.nodes[v].parent {
            path[v] = path[u];
            if let Some(i) = tree.nodes[u].infoset
                && tree.infosets[i].player.is_none()
            {
                let mut d = 1;
                for p in &tree.infosets[i].probs {
                    d = lcm(d, den(p)?)?;
                }
                path[v] = path[v].checked_mul(d)?;
            }
        }
        m = lcm(m, path[v])?;
    }
    Some(m)
}

/// Runs `f` with [`Scaled`] values meaning `x / m`; `None` if anything in it came out inexact
/// (then its result means nothing). Nests: the outer scale and state are restored.
pub fn with_scale<R>(m: i128, f: impl FnOnce() -> R) -> Option<R> {
    let old = SCALE.with(|s| s.replace(m));
    let r = exactly(f);
    SCALE.with(|s| s.set(old));
    r
}

/// Runs `f` under the current scale; `None` if anything in it came out inexact.
pub fn exactly<R>(f: impl FnOnce() -> R) -> Option<R> {
    let old = INEXACT.with(|x| x.replace(false));
    let r = f();
    let bad = INEXACT.with(|x| x.replace(old));
    (!bad).then_some(r)
}
