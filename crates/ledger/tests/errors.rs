//! Bad input gives clear errors naming the file and line, or the argument; never a panic.
#![allow(clippy::unwrap_used)] // helpers outside #[test] fns unwrap too

use pactum_ledger::data::{FILES, NATO_FILE, PLEDGES_FILE};
use pactum_ledger::{BacklogRule, Ledger, LedgerError, MembershipRule, Origin, backlog, compliance};

fn embedded_text(file: &str) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/");
    std::fs::read_to_string(format!("{root}{file}")).unwrap()
}

fn load_with(file: &str, text: &str) -> Result<Ledger, LedgerError> {
    Ledger::from_texts(Origin::Embedded, |f| Ok(if f == file { text.to_string() } else { embedded_text(f) }))
}

#[test]
fn the_embedded_copy_equals_the_files() {
    let a = Ledger::embedded().unwrap();
    let b = Ledger::from_dir(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data"))).unwrap();
    assert_eq!(a.nato.len(), b.nato.len());
    assert_eq!(a.sipri.len(), b.sipri.len());
    assert_eq!(FILES.len(), 7);
}

#[test]
fn malformed_number_names_file_and_line() {
    let mut t = embedded_text(NATO_FILE);
    t = t.replacen(
        "Albania,2014,defence_per_capita_usd_constant2015,51.92823317107186",
        "Albania,2014,defence_per_capita_usd_constant2015,fifty",
        1,
    );
    let e = load_with(NATO_FILE, &t).unwrap_err();
    match &e {
        LedgerError::Parse { file, line, message } => {
            assert!(file.contains("defence_expenditure_2014_2024.csv"), "{file}");
            assert_eq!(*line, 2);
            assert!(message.contains("fifty"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(!e.is_usage());
    assert!(e.to_string().contains(":2: value: `fifty` is not a number"), "{e}");
}

#[test]
fn wrong_header_and_short_rows_are_reported() {
    let e = load_with(NATO_FILE, "country,year,value\nA,2014,1\n").unwrap_err();
    assert!(e.to_string().contains(":1: expected header"), "{e}");
    let e = load_with(NATO_FILE, "country,year,measure,value,status\nA,2014,share_of_gdp_pct,1\n").unwrap_err();
    assert!(matches!(e, LedgerError::Parse { line: 2, .. }), "{e}");
    let e = load_with(NATO_FILE, "country,year,measure,value,status\nA,20x4,share_of_gdp_pct,1,actual\n").unwrap_err();
    assert!(e.to_string().contains("year: `20x4`"), "{e}");
    let e = load_with(NATO_FILE, "country,year,measure,value,status\nA,2014,furlongs,1,actual\n").unwrap_err();
    assert!(e.to_string().contains("unknown measure `furlongs`"), "{e}");
    let e = load_with(PLEDGES_FILE, &embedded_text(PLEDGES_FILE).replace("at_least", "more_or_less")).unwrap_err();
    assert!(e.to_string().contains("comparator: `more_or_less`"), "{e}");
}

#[test]
fn missing_directory_is_an_argument_error() {
    let e = Ledger::from_dir(std::path::Path::new("/nonexistent/pactum-data")).unwrap_err();
    assert!(e.is_usage());
    assert!(e.to_string().starts_with("--data:"), "{e}");
}

#[test]
fn unknown_country_suggests() {
    let l = Ledger::embedded().unwrap();
    let e = l.members.resolve("Norwey").unwrap_err();
    assert_eq!(e.to_string(), "unknown country or donor `Norwey`; did you mean `Norway`?");
    assert!(e.is_usage());
    assert_eq!(l.members.resolve("tur").unwrap().name, "Türkiye");
    assert_eq!(l.members.resolve("Turkey").unwrap().name, "Türkiye");
    assert_eq!(l.members.resolve("Slovakia").unwrap().name, "Slovak Republic");
    assert_eq!(l.members.resolve("usa").unwrap().name, "United States");
    let e = l.members.resolve("Atlantis").unwrap_err();
    assert!(matches!(e, LedgerError::UnknownCountry { .. }));
}

#[test]
fn bad_targets_and_ranges() {
    let l = Ledger::embedded().unwrap();
    for t in [0.0, -1.0, f64::NAN, 101.0] {
        let e = compliance(&l, t, 2014, 2024, MembershipRule::AccessionYear, &[]).unwrap_err();
        assert!(e.to_string().starts_with("--target:"), "{e}");
        assert!(e.is_usage());
    }
    let e = compliance(&l, 2.0, 2020, 2015, MembershipRule::AccessionYear, &[]).unwrap_err();
    assert_eq!(e.to_string(), "--from/--to: 2020 is after 2015");
    let e = backlog(&l, &BacklogRule::nato(2.0, 2010, 2024)).unwrap_err();
    assert!(e.to_string().contains("outside the years held (2014–2024)"), "{e}");
    // SIPRI reaches back further.
    assert!(backlog(&l, &BacklogRule::preset("sipri", 2.0, 1990, 2024).unwrap()).is_ok());
}

#[test]
fn aid_periods_outside_the_data_are_refused() {
    let l = Ledger::embedded().unwrap();
    let p = pactum_ledger::Period::parse("2021-01..2021-06").unwrap();
    let e = l.aid.period(pactum_ledger::AidKind::Military, p).unwrap_err();
    assert!(e.to_string().contains("outside the months held"), "{e}");
    assert!(l.aid.blocks(pactum_ledger::AidKind::Military, 5).is_err());
    assert!(l.aid.rolling(pactum_ledger::AidKind::Military, 0).is_err());
}
