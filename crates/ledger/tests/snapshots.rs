//! Snapshot tests of text and SVG output (insta). Review changes with `cargo insta review`.
#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use pactum_ledger::{
    AidKind, BacklogRule, GdpGrowth, Ledger, MembershipRule, Period, backlog, chart, check_claims, compliance, path,
    render,
};

fn ledger() -> Ledger {
    Ledger::embedded().unwrap()
}

#[test]
fn claims_text() {
    let l = ledger();
    insta::assert_snapshot!(render::claims_text(&check_claims(&l).unwrap(), false));
}

#[test]
fn claims_csv() {
    let l = ledger();
    insta::assert_snapshot!(render::claims_csv(&check_claims(&l).unwrap()));
}

#[test]
fn backlog_text_default_rule() {
    let l = ledger();
    insta::assert_snapshot!(render::backlog_text(&backlog(&l, &BacklogRule::nato(2.0, 2014, 2024)).unwrap()));
}

#[test]
fn compliance_text_all() {
    let l = ledger();
    let r = compliance(&l, 2.0, 2014, 2024, MembershipRule::AccessionYear, &[]).unwrap();
    insta::assert_snapshot!(render::compliance_text(&r));
}

#[test]
fn path_text_hague() {
    let l = ledger();
    let p = path(&l, 3.5, 2035, 2024, GdpGrowth::Own { from: 2014, to: 2024 }, &[]).unwrap();
    insta::assert_snapshot!(render::path_text(&p));
}

#[test]
fn aid_two_month_blocks() {
    let l = ledger();
    insta::assert_snapshot!(render::aid_periods_text(AidKind::Military, &l.aid.blocks(AidKind::Military, 2).unwrap()));
}

#[test]
fn svg_compliance_chart() {
    let l = ledger();
    let cs: Vec<_> =
        ["Poland", "Germany", "Sweden", "Iceland", "Türkiye"].iter().map(|c| l.members.resolve(c).unwrap()).collect();
    let r = compliance(&l, 2.0, 2014, 2024, MembershipRule::AccessionYear, &cs).unwrap();
    let svg = chart::compliance_chart(&r);
    assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    insta::assert_snapshot!(svg);
}

#[test]
fn svg_backlog_chart() {
    let l = ledger();
    let svg = chart::backlog_chart(&backlog(&l, &BacklogRule::nato(2.0, 2014, 2024)).unwrap());
    insta::assert_snapshot!(svg);
}

#[test]
fn svg_aid_chart() {
    let l = ledger();
    let h1 = Period::parse("2025-H1").unwrap();
    let ja = Period::parse("2025-07..2025-08").unwrap();
    let c = l.aid.compare(AidKind::Military, h1, ja).unwrap();
    let blocks: Vec<_> = l.aid.blocks(AidKind::Military, 2).unwrap();
    let svg = chart::aid_chart(&blocks, AidKind::Military, Some(&c));
    insta::assert_snapshot!(svg);
}

#[test]
fn svg_full_compliance_chart_is_well_formed() {
    let l = ledger();
    let r = compliance(&l, 2.0, 2014, 2024, MembershipRule::AccessionYear, &[]).unwrap();
    let svg = chart::compliance_chart(&r);
    // 31 Allies with figures, one polyline each; Iceland has none.
    assert_eq!(svg.matches("<polyline").count(), 31);
    assert_eq!(svg.matches("<svg").count(), 1);
    assert!(!svg.contains("NaN"));
}

#[test]
fn svg_path_chart() {
    let l = ledger();
    let cs: Vec<_> = ["Poland", "Italy", "Canada"].iter().map(|c| l.members.resolve(c).unwrap()).collect();
    let history = compliance(&l, 3.5, 2014, 2024, MembershipRule::AccessionYear, &cs).unwrap();
    let p = path(&l, 3.5, 2035, 2024, GdpGrowth::Fixed(1.5), &cs).unwrap();
    insta::assert_snapshot!(chart::path_chart(&history, &p));
}
