//! Laws of the backlog, checked with proptest on synthetic tables and exhaustively on the data.
#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use pactum_ledger::{
    BacklogRule, Date, Ledger, Measure, Member, Members, MembershipRule, Obs, Series, Source, Status, backlog,
    backlog_on,
};
use proptest::prelude::*;

fn members(n: usize, accession_years: &[i32]) -> Members {
    Members::new(
        (0..n)
            .map(|i| Member {
                name: format!("C{i}"),
                iso3: format!("C{:02}", i % 100).chars().take(3).collect(),
                sipri_name: format!("C{i}"),
                kiel_name: format!("C{i}"),
                european: i % 3 != 0,
                accession: Date { year: accession_years[i % accession_years.len()], month: 6, day: 1 },
                note: String::new(),
            })
            .collect(),
    )
}

fn series(shares: &[Vec<f64>], from: i32) -> Series {
    let mut s = Series::new(Source::Nato2024);
    for (i, row) in shares.iter().enumerate() {
        for (k, v) in row.iter().enumerate() {
            let year = from + k as i32;
            let status = if k + 2 >= row.len() { Status::Estimate } else { Status::Actual };
            s.insert(&format!("C{i}"), Measure::ShareOfGdpPct, year, Obs { value: *v, status });
        }
    }
    s
}

fn rule(target: f64, from: i32, to: i32, membership: MembershipRule) -> BacklogRule {
    let mut r = BacklogRule::nato(target, from, to);
    r.membership = membership;
    r
}

fn table() -> impl Strategy<Value = (Vec<Vec<f64>>, Vec<i32>)> {
    (1usize..8, 3usize..12).prop_flat_map(|(n, years)| {
        (
            prop::collection::vec(prop::collection::vec(0.0f64..5.0, years), n),
            prop::collection::vec(1990i32..2030, 1..4),
        )
    })
}

fn membership() -> impl Strategy<Value = MembershipRule> {
    prop::sample::select(MembershipRule::ALL.to_vec())
}

proptest! {
    #[test]
    fn backlog_is_additive_over_adjacent_ranges(
        (shares, acc) in table(), cut in 0usize..20, target in 0.1f64..5.0, m in membership()
    ) {
        let years = shares[0].len() as i32;
        let (a, c) = (2000, 2000 + years - 1);
        let b = a + (cut as i32 % years);
        let s = series(&shares, a);
        let ms = members(shares.len(), &acc);
        let whole = backlog_on(&s, &ms, &rule(target, a, c, m)).total;
        let left = backlog_on(&s, &ms, &rule(target, a, b, m)).total;
        let right = if b < c { backlog_on(&s, &ms, &rule(target, b + 1, c, m)).total } else { 0 };
        prop_assert_eq!(whole, left + right);
    }

    #[test]
    fn raising_the_target_never_lowers_the_backlog(
        (shares, acc) in table(), t1 in 0.1f64..5.0, dt in 0.0f64..3.0, m in membership(), est in any::<bool>()
    ) {
        let years = shares[0].len() as i32;
        let s = series(&shares, 2000);
        let ms = members(shares.len(), &acc);
        let mut lo = rule(t1, 2000, 2000 + years - 1, m);
        lo.include_estimates = est;
        let mut hi = lo.clone();
        hi.target_pct = t1 + dt;
        prop_assert!(backlog_on(&s, &ms, &hi).total >= backlog_on(&s, &ms, &lo).total);
    }

    #[test]
    fn all_reported_counts_at_least_as_much_as_accession_year(
        (shares, acc) in table(), target in 0.1f64..5.0
    ) {
        let years = shares[0].len() as i32;
        let s = series(&shares, 2000);
        let ms = members(shares.len(), &acc);
        let all = backlog_on(&s, &ms, &rule(target, 2000, 1999 + years, MembershipRule::AllReported)).total;
        let acc_ = backlog_on(&s, &ms, &rule(target, 2000, 1999 + years, MembershipRule::AccessionYear)).total;
        let jan = backlog_on(&s, &ms, &rule(target, 2000, 1999 + years, MembershipRule::OnJanuary1)).total;
        prop_assert!(all >= acc_ && acc_ >= jan);
    }
}

#[test]
fn additivity_holds_on_the_data_for_every_split() {
    let l = Ledger::embedded().unwrap();
    for name in pactum_ledger::backlog::PRESETS.iter().filter(|n| !n.starts_with("sipri")) {
        for a in 2014..=2024 {
            for c in a..=2024 {
                let whole = backlog(&l, &BacklogRule::preset(name, 2.0, a, c).unwrap()).unwrap().total;
                for b in a..c {
                    let left = backlog(&l, &BacklogRule::preset(name, 2.0, a, b).unwrap()).unwrap().total;
                    let right = backlog(&l, &BacklogRule::preset(name, 2.0, b + 1, c).unwrap()).unwrap().total;
                    assert_eq!(whole, left + right, "{name} {a}-{b}-{c}");
                }
            }
        }
    }
}

#[test]
fn backlog_by_year_matches_nato_counts() {
    // NATO's press statements: 3 Allies at 2% in 2014, 23 in 2024 (of 31 with a figure; Iceland has none).
    let l = Ledger::embedded().unwrap();
    let b = backlog(&l, &BacklogRule::nato(2.0, 2014, 2024)).unwrap();
    let y2014 = b.by_year.first().unwrap();
    let y2024 = b.by_year.last().unwrap();
    assert_eq!((y2014.meeting, y2014.below), (3, 24));
    assert_eq!((y2024.meeting, y2024.below), (23, 8));
    assert_eq!(b.total, 228);
}
