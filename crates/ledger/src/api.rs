//! The ledger's interface for the rest of pactum: track records and capability for credibility,
//! dated aid-flow signals for the report.

use serde::Serialize;

use crate::aid::{AidKind, DatedSignal};
use crate::compliance::{ComplianceRow, row};
use crate::data::Ledger;
use crate::error::{LedgerError, Result};
use crate::members::{Members, MembershipRule};
use crate::series::{Measure, Source, Status};

/// An Ally's compliance history against a target, NATO 2014–2024e, member-years only
/// (accession-year rule).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackRecord {
    /// NATO's name.
    pub country: String,
    /// ISO 3166 alpha-3.
    pub iso3: String,
    /// Target, % of GDP.
    pub target_pct: f64,
    /// Member-years.
    pub rows: Vec<ComplianceRow>,
    /// Member-years with a figure.
    pub years_with_figure: usize,
    /// Member-years at or above the target.
    pub years_met: usize,
    /// First year at or above the target.
    pub first_year_met: Option<i32>,
    /// Latest share, % of GDP, with its year and status.
    pub latest: Option<(i32, f64, Status)>,
    /// Source.
    pub source: Source,
}

/// The compliance history of `country` (NATO name or ISO alpha-3) against `target_pct`.
pub fn track_record(ledger: &Ledger, country: &str, target_pct: f64) -> Result<TrackRecord> {
    crate::compliance::check_target(target_pct)?;
    let m = ledger.members.resolve(country)?;
    let (lo, hi) = ledger.nato.year_span().ok_or_else(|| LedgerError::Missing { what: "NATO figures".into() })?;
    let rows: Vec<ComplianceRow> = (lo..=hi)
        .filter(|y| Members::is_member(m, *y, MembershipRule::AccessionYear))
        .map(|y| row(&ledger.nato, m, y, target_pct))
        .collect();
    let latest = rows.iter().rev().find_map(|r| Some((r.year, r.share_pct?, r.status?)));
    Ok(TrackRecord {
        country: m.name.clone(),
        iso3: m.iso3.clone(),
        target_pct,
        years_with_figure: rows.iter().filter(|r| r.share_pct.is_some()).count(),
        years_met: rows.iter().filter(|r| r.meets == Some(true)).count(),
        first_year_met: rows.iter().find(|r| r.meets == Some(true)).map(|r| r.year),
        latest,
        rows,
        source: Source::Nato2024,
    })
}

/// What a country fields and spends in one year, from every source at hand.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Capability {
    /// Name (NATO's for Allies, SIPRI's otherwise).
    pub country: String,
    /// Year.
    pub year: i32,
    /// NATO: defence expenditure, million USD, constant 2015 prices.
    pub nato_usd_constant2015_million: Option<f64>,
    /// NATO: defence expenditure, % of GDP.
    pub nato_share_of_gdp_pct: Option<f64>,
    /// NATO: military personnel, thousands.
    pub military_personnel_thousand: Option<f64>,
    /// NATO: equipment share of defence expenditure, %.
    pub equipment_share_pct: Option<f64>,
    /// SIPRI: military expenditure, million USD, constant 2023 prices.
    pub sipri_usd_constant2023_million: Option<f64>,
    /// SIPRI: military expenditure, % of GDP.
    pub sipri_share_of_gdp_pct: Option<f64>,
    /// Sources that had a figure.
    pub sources: Vec<Source>,
}

/// Spending capability of `country` in `year`: NATO's figures for Allies (2014–2024e) and SIPRI's
/// for any country SIPRI covers (Allies, Ukraine, Russia in USD; all countries for shares).
/// Country: NATO name, ISO alpha-3 of an Ally, or SIPRI's name.
pub fn capability(ledger: &Ledger, country: &str, year: i32) -> Result<Capability> {
    let name = match ledger.members.find(country) {
        Some(m) => m.name.clone(),
        None if ledger.sipri.has_entity(country.trim()) => country.trim().to_string(),
        None => {
            let mut names = ledger.sipri.entities(Measure::ShareOfGdpPct);
            names.extend(ledger.members.all().iter().map(|m| m.name.clone()));
            return Err(LedgerError::UnknownCountry {
                input: country.to_string(),
                suggestion: crate::members::suggest(country, names.iter().map(String::as_str)),
            });
        }
    };
    let n = |m| ledger.nato.value(&name, m, year);
    let s = |m| ledger.sipri.value(&name, m, year);
    let cap = Capability {
        nato_usd_constant2015_million: n(Measure::UsdConstant2015Million),
        nato_share_of_gdp_pct: n(Measure::ShareOfGdpPct),
        military_personnel_thousand: n(Measure::MilitaryPersonnelThousand),
        equipment_share_pct: n(Measure::EquipmentSharePct),
        sipri_usd_constant2023_million: s(Measure::UsdConstant2023Million),
        sipri_share_of_gdp_pct: s(Measure::ShareOfGdpPct),
        sources: Vec::new(),
        country: name,
        year,
    };
    let mut sources = Vec::new();
    if cap.nato_usd_constant2015_million.is_some() || cap.nato_share_of_gdp_pct.is_some() {
        sources.push(Source::Nato2024);
    }
    if cap.sipri_usd_constant2023_million.is_some() || cap.sipri_share_of_gdp_pct.is_some() {
        sources.push(Source::Sipri2025);
    }
    if sources.is_empty() {
        return Err(LedgerError::Missing { what: format!("any spending figure for {} in {year}", cap.country) });
    }
    Ok(Capability { sources, ..cap })
}

/// Dated aid-flow signals for `donor` (`all donors`, or a Kiel donor name): see
/// [`crate::aid::AidData::signals`].
pub fn aid_signals(ledger: &Ledger, donor: &str, kind: AidKind) -> Result<Vec<DatedSignal>> {
    ledger.aid.signals(donor, kind)
}
