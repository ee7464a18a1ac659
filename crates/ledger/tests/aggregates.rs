//! Recomputes NATO's published aggregate rows ("NATO Europe and Canada", "NATO Total") from the
//! per-member rows, for every year and every measure NATO aggregates.
//!
//! Tolerance: 1e-9 relative for sums (the tables are NATO's full-precision cell values, so the
//! sums agree to rounding error), 1e-6 percentage points for the share of GDP.
#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use pactum_ledger::{Ledger, Measure, recompute_nato_aggregate};

const SUMMED: [Measure; 5] = [
    Measure::UsdCurrentMillion,
    Measure::UsdConstant2015Million,
    Measure::GdpUsdCurrentMillion,
    Measure::GdpUsdConstant2015Million,
    Measure::MilitaryPersonnelThousand,
];

#[test]
fn aggregates_recompute_from_member_rows() {
    let l = Ledger::embedded().unwrap();
    let mut checked = 0;
    for (name, group) in pactum_ledger::aggregate::NATO_AGGREGATES {
        for year in 2014..=2024 {
            for m in SUMMED {
                let published = l.nato.value(name, m, year).unwrap();
                let ours = recompute_nato_aggregate(&l.nato, &l.members, group, m, year).unwrap();
                assert!(
                    ((ours - published) / published).abs() < 1e-9,
                    "{name} {year} {m}: recomputed {ours}, published {published}"
                );
                checked += 1;
            }
            let published = l.nato.value(name, Measure::ShareOfGdpPct, year).unwrap();
            let ours = recompute_nato_aggregate(&l.nato, &l.members, group, Measure::ShareOfGdpPct, year).unwrap();
            assert!((ours - published).abs() < 1e-6, "{name} {year} share: {ours} vs {published}");
            checked += 1;
        }
    }
    assert_eq!(checked, 2 * 11 * 6);
}

#[test]
fn europe_and_canada_2024_constant_usd() {
    // NATO Table 2, NATO Europe and Canada, 2024e, million USD at 2015 prices.
    let l = Ledger::embedded().unwrap();
    let v = recompute_nato_aggregate(
        &l.nato,
        &l.members,
        pactum_ledger::Group::EuropeAndCanada,
        Measure::UsdConstant2015Million,
        2024,
    )
    .unwrap();
    assert!((v - 430_112.311_732_623_67).abs() < 0.01, "{v}");
}

#[test]
fn counting_before_accession_breaks_the_aggregate() {
    // NATO counts an Ally only from its accession year: counting Sweden in 2023 overshoots.
    let l = Ledger::embedded().unwrap();
    let published = l.nato.value("NATO Europe and Canada", Measure::UsdConstant2015Million, 2023).unwrap();
    let ours = recompute_nato_aggregate(
        &l.nato,
        &l.members,
        pactum_ledger::Group::EuropeAndCanada,
        Measure::UsdConstant2015Million,
        2023,
    )
    .unwrap();
    let sweden = l.nato.value("Sweden", Measure::UsdConstant2015Million, 2023).unwrap();
    assert!((ours - published).abs() < 0.01);
    assert!((ours + sweden - published).abs() > 1000.0);
}
