//! Delivered against pledged: each pledge that has a series in the data, assessed for the
//! Allies of its deadline year (or of the latest year held, if the deadline is later or absent).

use serde::Serialize;

use crate::data::Ledger;
use crate::members::{Group, MembershipRule};
use crate::pledge::Pledge;
use crate::series::Status;

/// One Ally's figure against a pledge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AllyFigure {
    /// NATO's name.
    pub country: String,
    /// The figure.
    pub value: f64,
    /// Actual or estimate.
    pub status: Status,
}

/// A pledge against the data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delivery {
    /// The pledge's id.
    pub pledge: String,
    /// The year assessed.
    pub year: Option<i32>,
    /// True if the deadline has passed within the data (the assessment is final for that year);
    /// false if the pledge is not yet due (the assessment is progress) or has no series.
    pub due: bool,
    /// Allies at or past the pledged value.
    pub meeting: Vec<AllyFigure>,
    /// Allies short of it.
    pub short: Vec<AllyFigure>,
    /// Allies of the year without a figure.
    pub no_figure: Vec<String>,
    /// The rule and caveats in words.
    pub note: String,
}

/// Assesses every pledge. Membership: accession-year (NATO's convention).
pub fn deliveries(ledger: &Ledger) -> Vec<Delivery> {
    let latest = ledger.nato.year_span().map(|(_, hi)| hi);
    ledger.pledges.iter().map(|p| assess(ledger, p, latest)).collect()
}

fn assess(ledger: &Ledger, p: &Pledge, latest: Option<i32>) -> Delivery {
    let (Some(measure), Some(latest)) = (p.data_measure, latest) else {
        return Delivery {
            pledge: p.id.clone(),
            year: None,
            due: false,
            meeting: vec![],
            short: vec![],
            no_figure: vec![],
            note: "no series for this pledge in the data at hand: not reproducible".into(),
        };
    };
    let (year, due) = match p.deadline {
        Some(d) if d <= latest => (d, true),
        _ => (latest, false),
    };
    let mut meeting = Vec::new();
    let mut short = Vec::new();
    let mut no_figure = Vec::new();
    for m in ledger.members.members_in(year, MembershipRule::AccessionYear, Group::All) {
        match ledger.nato.get(&m.name, measure, year) {
            Some(o) => {
                let f = AllyFigure { country: m.name.clone(), value: o.value, status: o.status };
                if p.met_by(o.value) { meeting.push(f) } else { short.push(f) }
            }
            None => no_figure.push(m.name.clone()),
        }
    }
    let note = format!(
        "{} in {year}{} (NATO {}, Allies from their accession year, full precision){}",
        match (due, p.deadline) {
            (true, _) => "assessed at the deadline",
            (false, Some(_)) => "progress, not yet due:",
            (false, None) => "standing commitment, latest year held:",
        },
        if ledger.nato.get("NATO Total", measure, year).is_some_and(|o| o.status.is_estimate())
            || meeting.iter().chain(&short).any(|f| f.status.is_estimate())
        {
            "e"
        } else {
            ""
        },
        measure,
        if p.comparator == crate::pledge::Comparator::UpTo { "; an \"up to\" pledge is a ceiling" } else { "" }
    );
    Delivery { pledge: p.id.clone(), year: Some(year), due, meeting, short, no_figure, note }
}
