//! The equilibrium checks against a naive reference written here: expected payoffs and
//! regret of mixed and pure profiles of random n-player tables, exactly. The library's checks
//! skip cells outside the supports and read pure profiles off the table directly; these
//! properties keep those shortcuts honest.

#![allow(clippy::unwrap_used)]

use pactum_games::Q;
use pactum_games::reduce::{Payoffs, strides};
use pactum_games::verify::{mixed_payoffs, mixed_regret, mixed_regret_and_payoffs};
use proptest::prelude::*;

/// Expected payoff of `player` when they play `own` (None: their mixture) against `prof`,
/// summing over every cell of the table.
fn naive_value(pf: &Payoffs<Q>, prof: &[Vec<Q>], player: usize, own: Option<usize>) -> Q {
    let mut total = Q::ZERO;
    for c in 0..pf.num_cells() {
        let mut w = Q::ONE;
        for (j, p) in prof.iter().enumerate() {
            let s = (c / pf.strides[j]) % pf.dims[j];
            let pr = match own {
                Some(o) if j == player => {
                    if s == o {
                        Q::ONE
                    } else {
                        Q::ZERO
                    }
                }
                _ => p[s].clone(),
            };
            w = &w * &pr;
        }
        total = &total + &(&w * &pf.pay[player][c]);
    }
    total
}

fn game_and_profile() -> impl Strategy<Value = (Payoffs<Q>, Vec<Vec<Q>>)> {
    prop::collection::vec(1usize..4, 2..4)
        .prop_flat_map(|dims| {
            let cells: usize = dims.iter().product();
            let n = dims.len();
            let pay = prop::collection::vec(prop::collection::vec(-20i64..20, cells), n);
            // Per strategy a weight 0..3, or a pure choice: weights with one non-zero entry.
            let weights: Vec<_> = dims.iter().map(|&d| prop::collection::vec(0i64..3, d)).collect();
            let pure = any::<bool>();
            (Just(dims), pay, weights, pure)
        })
        .prop_map(|(dims, pay, weights, pure)| {
            let pf = Payoffs {
                strides: strides(&dims),
                dims: dims.clone(),
                pay: pay.into_iter().map(|v| v.into_iter().map(Q::int).collect()).collect(),
            };
            let prof = weights
                .into_iter()
                .map(|w| {
                    let mut w: Vec<i64> = if pure {
                        let k = w.iter().map(|x| *x as usize).sum::<usize>() % w.len();
                        (0..w.len()).map(|s| i64::from(s == k)).collect()
                    } else {
                        w
                    };
                    if w.iter().all(|x| *x == 0) {
                        w[0] = 1;
                    }
                    let total: i64 = w.iter().sum();
                    w.into_iter().map(|x| Q::from_i128(i128::from(x), i128::from(total))).collect()
                })
                .collect();
            (pf, prof)
        })
}

proptest! {
    #[test]
    fn payoffs_and_regret_match_the_naive_sums((pf, prof) in game_and_profile()) {
        let (regret, payoffs) = mixed_regret_and_payoffs(&pf, &prof);
        let mut want_regret = Q::ZERO;
        for (i, got) in payoffs.iter().enumerate() {
            let u = naive_value(&pf, &prof, i, None);
            prop_assert_eq!(got, &u);
            for s in 0..pf.dims[i] {
                let g = &naive_value(&pf, &prof, i, Some(s)) - &u;
                if g > want_regret {
                    want_regret = g;
                }
            }
        }
        prop_assert_eq!(&regret, &want_regret);
        prop_assert_eq!(mixed_regret(&pf, &prof), want_regret);
        prop_assert_eq!(mixed_payoffs(&pf, &prof), payoffs);
    }
}
