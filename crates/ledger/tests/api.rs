//! The interface for credibility and the report.
#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use pactum_ledger::{AidKind, Ledger, aid_signals, capability, track_record};

#[test]
fn track_record_of_poland() {
    let l = Ledger::embedded().unwrap();
    let t = track_record(&l, "POL", 2.0).unwrap();
    assert_eq!(t.country, "Poland");
    assert_eq!(t.rows.len(), 11);
    assert_eq!(t.years_with_figure, 11);
    assert_eq!(t.first_year_met, Some(2015));
    let (y, v, _) = t.latest.unwrap();
    assert_eq!(y, 2024);
    assert!((v - 4.12).abs() < 0.01, "{v}");
}

#[test]
fn track_record_starts_at_accession() {
    let l = Ledger::embedded().unwrap();
    let t = track_record(&l, "Sweden", 2.0).unwrap();
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].year, 2024);
    let t = track_record(&l, "Iceland", 2.0).unwrap();
    assert_eq!(t.years_with_figure, 0);
}

#[test]
fn capability_covers_allies_and_others() {
    let l = Ledger::embedded().unwrap();
    let c = capability(&l, "Germany", 2024).unwrap();
    assert!(c.nato_usd_constant2015_million.is_some());
    assert!(c.sipri_usd_constant2023_million.is_some());
    assert_eq!(c.sources.len(), 2);
    let u = capability(&l, "Ukraine", 2023).unwrap();
    assert!(u.nato_share_of_gdp_pct.is_none());
    assert!(u.sipri_share_of_gdp_pct.unwrap() > 20.0);
    assert!(capability(&l, "Ukrane", 2023).unwrap_err().to_string().contains("did you mean `Ukraine`"));
}

#[test]
fn aid_signals_follow_the_kiel_convention() {
    let l = Ledger::embedded().unwrap();
    let s = aid_signals(&l, "all donors", AidKind::Military).unwrap();
    let ja = s.iter().find(|x| x.period.start.to_string() == "2025-07").unwrap();
    assert_eq!(ja.period.end.to_string(), "2025-08");
    assert_eq!(ja.baseline, "monthly average of Jan–Jun 2025");
    assert!((ja.change_pct.unwrap() - (-41.85)).abs() < 0.01);
    // The first blocks have no six-month baseline.
    assert!(s[0].change_pct.is_none());
    let g = aid_signals(&l, "Germany", AidKind::Military).unwrap();
    assert_eq!(g.len(), 1);
    assert!((g[0].value_eur_bn - 20.014).abs() < 1e-9);
    assert!(aid_signals(&l, "Germny", AidKind::Military).unwrap_err().to_string().contains("Germany"));
}

#[test]
fn pledges_delivered_against_pledged() {
    let l = Ledger::embedded().unwrap();
    let ds = pactum_ledger::deliveries(&l);
    let wales = ds.iter().find(|d| d.pledge == "wales-2014-2pct").unwrap();
    assert!(wales.due);
    assert_eq!(wales.year, Some(2024));
    assert_eq!((wales.meeting.len(), wales.short.len()), (23, 8));
    assert_eq!(wales.no_figure, vec!["Iceland".to_string()]);
    let hague = ds.iter().find(|d| d.pledge == "hague-2025-core").unwrap();
    assert!(!hague.due);
    assert_eq!(hague.meeting.len(), 1);
    let related = ds.iter().find(|d| d.pledge == "hague-2025-related").unwrap();
    assert!(related.year.is_none());
}
