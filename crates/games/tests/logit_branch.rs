//! The logit branch passes through pygambit 16.7's `logit_solve` end points: tracing to the
//! end point's lambda (read off the point: log-odds / value difference at a reached interior
//! set) gives the same profile. On deterrence_r2 Gambit's tracer stops at lambda = 10.88 with
//! Nash regret 0.016 (its criterion is 1e-8 x range = 2.5e-6); pactum's branch passes through
//! that point and continues to the limit.
#![allow(clippy::unwrap_used)]

use pactum_games::logit::{logit_table_at, logit_tree_at};
use pactum_games::read_game;
use pactum_games::reduce::Payoffs;

/// (file, lambda of Gambit's end point, Gambit's end point flattened).
const CASES: &[(&str, f64, &[f64])] = &[
    (
        include_str!("data/nplayer_2x2x2x2.nfg"),
        6.000436640007245,
        &[
            1.0,
            1.3260681716903323e-34,
            8.718374008081354e-27,
            1.0,
            1.5210042518754035e-08,
            0.9999999847899596,
            1.2381781149537069e-47,
            1.0,
        ],
    ),
    (
        include_str!("data/deterrence_r1.efg"),
        61.91700782846953,
        &[
            0.0,
            1.0,
            1.0,
            0.0,
            1.0,
            1.482118244976966e-140,
            1.0,
            0.0,
            1.0,
            0.0,
            4.187503800604609e-06,
            0.9999958124961994,
            0.0,
            1.0,
            0.0,
            1.0,
        ],
    ),
    (
        include_str!("data/deterrence_r2.efg"),
        10.878781372889,
        &[
            1.0,
            3.484932639603767e-26,
            3.323009789265777e-177,
            1.0,
            0.9995330669926393,
            0.00046693300736065136,
            1.0,
            1.5488000611967744e-175,
            1.0,
            4.356972284119767e-166,
            6.420446410352017e-89,
            1.0,
            1.0,
            1.2901117782552437e-124,
            1.0,
            2.391431719621215e-25,
            6.265228294576262e-182,
            1.0,
            0.630700436907527,
            0.36929956309247314,
            1.0,
            4.356972284119767e-166,
            1.0,
            1.2256719224248541e-156,
            2.412293419248077e-87,
            1.0,
            1.0,
            1.290111778255977e-124,
            2.1000685725238732e-75,
            1.0,
            1.0,
            6.057561104214076e-148,
            1.0,
            1.2399998763144093e-31,
            1.0,
            1.584286786904161e-73,
            1.0,
            9.063481207387469e-86,
            8.599943454962845e-65,
            1.0,
            1.0,
            3.111042684979442e-81,
            1.0,
            2.5946829201888544e-83,
            1.0,
            1.4947866032523602e-42,
            1.0,
            1.3523191524088204e-71,
            1.0,
            9.063481207387212e-86,
            1.0,
            2.945652994234891e-160,
            0.9999999999488753,
            5.112463932131488e-11,
            1.0,
            5.587054128784233e-75,
            1.0,
            1.9860649121204243e-84,
            2.0533509021252207e-64,
            1.0,
            1.0,
            2.8442365985360402e-70,
            1.0,
            2.5496729634499822e-76,
            1.0,
            9.951855897743832e-47,
            1.0,
            5.478119708928708e-76,
            1.0,
            1.3523191524089357e-71,
            4.318684322591425e-157,
            1.0,
            1.8644843159906445e-47,
            1.0,
            6.894870114076409e-27,
            1.0,
            1.4880890826498048e-117,
            1.0,
            5.907710782196682e-106,
            1.0,
            1.340647142508829e-167,
            1.0,
            4.2253970493105504e-104,
            1.0,
            5.541526966351359e-113,
            1.0,
            3.414530976263744e-16,
            0.9999999999999997,
            2.1593420307461813e-109,
            1.0,
            1.1452918184570855e-104,
            1.0,
            0.1539635620059105,
            0.8460364379940895,
            1.0890621120724263e-60,
            1.0,
            5.77318770217397e-104,
            1.0,
            1.1452918184570855e-104,
            1.0,
            3.6338175698848947e-168,
            1.0,
            3.336608309386549e-109,
            1.0,
            2.1593420307461813e-109,
            1.0,
            7.061753333487015e-13,
            0.9999999999992938,
            2.1593420307465496e-109,
            1.0,
            1.2821749195718606e-113,
            1.0,
        ],
    ),
];

#[test]
fn branch_passes_through_gambits_end_points() {
    for (text, lambda, gambit) in CASES {
        let g = read_game(text).unwrap();
        let mine: Vec<f64> = match g.tree() {
            Some(t) => logit_tree_at(&g, t, *lambda).1.into_iter().flatten().flatten().collect(),
            None => {
                let pf: Payoffs<f64> = Payoffs::from_table(&g, g.table().unwrap());
                logit_table_at(&g, &pf, *lambda).1.into_iter().flatten().collect()
            }
        };
        assert_eq!(mine.len(), gambit.len());
        for (i, (x, y)) in mine.iter().zip(gambit.iter()).enumerate() {
            // Absolute agreement, and relative agreement wherever the probability is not tiny.
            assert!((x - y).abs() < 1e-9, "{}: entry {i}: pactum {x} gambit {y}", g.title);
            if y.abs() > 1e-12 {
                assert!((x / y).ln().abs() < 1e-6, "{}: entry {i}: pactum {x} gambit {y}", g.title);
            }
        }
    }
}

/// Battle of the Sexes with tied risk dominance: the principal branch meets a pitchfork
/// bifurcation. Like Gambit (which perturbs the first sum-to-one equation when the
/// orientation flips) the branch continues to (Top, Left), not straight on to the mixed
/// equilibrium.
#[test]
fn bifurcation_is_passed_as_gambit_does() {
    use pactum_games::solve::{Method, Options, solve};
    let text = include_str!("../../../data/gambit-games/catalog/journals__ijgt__nau2004__sec3.nfg");
    let g = read_game(text).unwrap();
    let opts = Options { method: Method::Logit, ..Options::default() };
    let s = solve(&g, &opts, &mut || {}).unwrap();
    let p = s.equilibria[0].profile.flat();
    assert_eq!(p, vec![1.0, 0.0, 1.0, 0.0], "{p:?}");
}
