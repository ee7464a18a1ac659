//! Compliance per member-year against a share-of-GDP target, with the gap in points and in money.

use serde::Serialize;

use crate::data::Ledger;
use crate::error::{LedgerError, Result};
use crate::members::{Member, Members, MembershipRule};
use crate::series::{Measure, Series, Source, Status};

/// One Ally in one year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplianceRow {
    /// NATO's name.
    pub country: String,
    /// ISO 3166 alpha-3.
    pub iso3: String,
    /// Year.
    pub year: i32,
    /// Defence expenditure, % of GDP; `None` where NATO reports none (Iceland).
    pub share_pct: Option<f64>,
    /// Actual or estimate.
    pub status: Option<Status>,
    /// Share ≥ target.
    pub meets: Option<bool>,
    /// Target − share, percentage points, 0 when met.
    pub gap_pp: Option<f64>,
    /// Extra spending that would have met the target: target × real GDP − defence expenditure,
    /// million USD at constant 2015 prices and exchange rates; 0 when met.
    pub gap_usd_constant2015_million: Option<f64>,
}

/// Counts for one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ComplianceYear {
    /// Year.
    pub year: i32,
    /// Allies counted in that year under the membership rule.
    pub members: usize,
    /// Meeting the target.
    pub meeting: usize,
    /// Below the target.
    pub below: usize,
    /// Without a figure.
    pub missing: usize,
}

/// Compliance over a range of years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComplianceReport {
    /// Target, % of GDP.
    pub target_pct: f64,
    /// First year.
    pub from: i32,
    /// Last year.
    pub to: i32,
    /// Membership rule.
    pub membership: MembershipRule,
    /// The rule in words.
    pub rule: String,
    /// Member-years, by country then year.
    pub rows: Vec<ComplianceRow>,
    /// Per-year counts.
    pub years: Vec<ComplianceYear>,
    /// Source.
    pub source: Source,
}

/// Checks a target: positive and finite.
pub fn check_target(target: f64) -> Result<()> {
    if !target.is_finite() || target <= 0.0 || target > 100.0 {
        return Err(LedgerError::arg(
            "--target",
            format!("{target}: must be a share of GDP in percent, above 0 and at most 100"),
        ));
    }
    Ok(())
}

/// Checks a year range against the years `series` holds.
pub fn check_years(series: &Series, from: i32, to: i32) -> Result<()> {
    let (lo, hi) = series.year_span().ok_or_else(|| LedgerError::Missing { what: "any year".into() })?;
    if from > to {
        return Err(LedgerError::arg("--from/--to", format!("{from} is after {to}")));
    }
    if from < lo || to > hi {
        return Err(LedgerError::arg(
            "--from/--to",
            format!("{from}–{to} is outside the years held ({lo}–{hi}) in {}", series.source().citation()),
        ));
    }
    Ok(())
}

/// One member-year against `target` in NATO's tables.
pub fn row(series: &Series, m: &Member, year: i32, target: f64) -> ComplianceRow {
    let share = series.get(&m.name, Measure::ShareOfGdpPct, year);
    let gdp = series.value(&m.name, Measure::GdpUsdConstant2015Million, year);
    let spend = series.value(&m.name, Measure::UsdConstant2015Million, year);
    let meets = share.map(|s| s.value >= target);
    let gap_pp = share.map(|s| (target - s.value).max(0.0));
    let gap_usd = match (share, gdp, spend) {
        (Some(_), Some(g), Some(d)) => Some((target / 100.0 * g - d).max(0.0)),
        _ => None,
    };
    ComplianceRow {
        country: m.name.clone(),
        iso3: m.iso3.clone(),
        year,
        share_pct: share.map(|s| s.value),
        status: share.map(|s| s.status),
        meets,
        gap_pp,
        gap_usd_constant2015_million: gap_usd,
    }
}

/// Compliance of the Allies in `countries` (all Allies if empty) with `target`, `from`–`to`.
pub fn compliance(
    ledger: &Ledger,
    target: f64,
    from: i32,
    to: i32,
    membership: MembershipRule,
    countries: &[&Member],
) -> Result<ComplianceReport> {
    check_target(target)?;
    check_years(&ledger.nato, from, to)?;
    let chosen: Vec<&Member> =
        if countries.is_empty() { ledger.members.all().iter().collect() } else { countries.to_vec() };
    let mut rows = Vec::new();
    for m in &chosen {
        for y in from..=to {
            if Members::is_member(m, y, membership) {
                rows.push(row(&ledger.nato, m, y, target));
            }
        }
    }
    let years = (from..=to)
        .map(|y| {
            let of_year: Vec<&ComplianceRow> = rows.iter().filter(|r| r.year == y).collect();
            ComplianceYear {
                year: y,
                members: of_year.len(),
                meeting: of_year.iter().filter(|r| r.meets == Some(true)).count(),
                below: of_year.iter().filter(|r| r.meets == Some(false)).count(),
                missing: of_year.iter().filter(|r| r.meets.is_none()).count(),
            }
        })
        .collect();
    Ok(ComplianceReport {
        target_pct: target,
        from,
        to,
        membership,
        rule: format!(
            "defence expenditure as % of GDP (NATO Table 3) ≥ {target}; {}; full precision; estimate years (2023e, 2024e) included and marked",
            membership.describe()
        ),
        rows,
        years,
        source: Source::Nato2024,
    })
}
