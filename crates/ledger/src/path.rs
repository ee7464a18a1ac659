//! Required growth paths: what each Ally must add, per year, to reach a share-of-GDP target by a
//! deadline (e.g. the Hague 3.5% by 2035), from the latest year in the data.

use serde::Serialize;

use crate::compliance::check_target;
use crate::data::Ledger;
use crate::error::{LedgerError, Result};
use crate::members::{Group, Member, MembershipRule};
use crate::series::{Measure, Source, Status};

/// What real GDP growth the path assumes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GdpGrowth {
    /// Each Ally's own average real GDP growth over `from`–`to` (NATO Table 5, constant 2015 USD).
    Own {
        /// First year.
        from: i32,
        /// Last year.
        to: i32,
    },
    /// The same rate for all, % per year.
    Fixed(f64),
}

/// One Ally's path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathRow {
    /// Country.
    pub country: String,
    /// Share in the base year, % of GDP.
    pub base_share_pct: f64,
    /// Status of the base-year figure.
    pub base_status: Status,
    /// Already at or above the target in the base year.
    pub already_met: bool,
    /// Linear path: percentage points of GDP to add each year.
    pub required_pp_per_year: f64,
    /// Real GDP growth assumed, % per year.
    pub gdp_growth_pct: f64,
    /// Real growth of defence expenditure needed each year, %.
    pub required_real_growth_pct: f64,
    /// Defence expenditure in the base year, million USD (constant 2015).
    pub base_usd_constant2015_million: f64,
    /// Defence expenditure at the target in the deadline year, million USD (constant 2015).
    pub deadline_usd_constant2015_million: f64,
}

/// Paths of all chosen Allies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PathReport {
    /// Target, % of GDP.
    pub target_pct: f64,
    /// Deadline year.
    pub by: i32,
    /// Base year (the latest in the data unless asked otherwise).
    pub base_year: i32,
    /// Years from base to deadline.
    pub years: i32,
    /// GDP assumption.
    pub gdp_growth: GdpGrowth,
    /// The computation in words.
    pub rule: String,
    /// Per Ally.
    pub rows: Vec<PathRow>,
    /// Sum of base-year defence expenditure of the rows, million USD (constant 2015).
    pub total_base_usd_constant2015_million: f64,
    /// Sum at the deadline, million USD (constant 2015).
    pub total_deadline_usd_constant2015_million: f64,
    /// Source.
    pub source: Source,
}

fn own_growth(ledger: &Ledger, m: &Member, from: i32, to: i32) -> Option<f64> {
    let a = ledger.nato.value(&m.name, Measure::GdpUsdConstant2015Million, from)?;
    let b = ledger.nato.value(&m.name, Measure::GdpUsdConstant2015Million, to)?;
    (a > 0.0 && to > from).then(|| ((b / a).powf(1.0 / f64::from(to - from)) - 1.0) * 100.0)
}

/// The path to `target` by `by` from `base_year`, for `countries` (all Allies of the base year if
/// empty; Iceland has no figure and is left out).
pub fn path(
    ledger: &Ledger,
    target: f64,
    by: i32,
    base_year: i32,
    gdp_growth: GdpGrowth,
    countries: &[&Member],
) -> Result<PathReport> {
    check_target(target)?;
    let (lo, hi) = ledger.nato.year_span().ok_or_else(|| LedgerError::Missing { what: "NATO figures".into() })?;
    if !(lo..=hi).contains(&base_year) {
        return Err(LedgerError::arg("--base-year", format!("{base_year} is outside the years held ({lo}–{hi})")));
    }
    if by <= base_year {
        return Err(LedgerError::arg("--by", format!("{by} must be after the base year {base_year}")));
    }
    if by > 2100 {
        return Err(LedgerError::arg("--by", format!("{by} is too far off")));
    }
    if let GdpGrowth::Fixed(g) = gdp_growth
        && (!g.is_finite() || g <= -100.0)
    {
        return Err(LedgerError::arg("--gdp-growth", format!("{g}: not a growth rate")));
    }
    let chosen: Vec<&Member> = if countries.is_empty() {
        ledger.members.members_in(base_year, MembershipRule::AccessionYear, Group::All)
    } else {
        countries.to_vec()
    };
    let n = by - base_year;
    let mut rows = Vec::new();
    for m in chosen {
        let Some(share) = ledger.nato.get(&m.name, Measure::ShareOfGdpPct, base_year) else {
            continue;
        };
        let Some(spend) = ledger.nato.value(&m.name, Measure::UsdConstant2015Million, base_year) else {
            continue;
        };
        let g = match gdp_growth {
            GdpGrowth::Fixed(g) => g,
            GdpGrowth::Own { from, to } => match own_growth(ledger, m, from, to) {
                Some(g) => g,
                None => continue,
            },
        };
        let s0 = share.value;
        let already_met = s0 >= target;
        let goal_share = s0.max(target);
        let factor = (goal_share / s0).powf(1.0 / f64::from(n)) * (1.0 + g / 100.0);
        let deadline = spend * (goal_share / s0) * (1.0 + g / 100.0).powi(n);
        rows.push(PathRow {
            country: m.name.clone(),
            base_share_pct: s0,
            base_status: share.status,
            already_met,
            required_pp_per_year: (target - s0).max(0.0) / f64::from(n),
            gdp_growth_pct: g,
            required_real_growth_pct: (factor - 1.0) * 100.0,
            base_usd_constant2015_million: spend,
            deadline_usd_constant2015_million: deadline,
        });
    }
    let total_base = rows.iter().map(|r| r.base_usd_constant2015_million).sum();
    let total_deadline = rows.iter().map(|r| r.deadline_usd_constant2015_million).sum();
    let growth_words = match gdp_growth {
        GdpGrowth::Own { from, to } => {
            format!("each Ally's own average real GDP growth {from}–{to} (NATO Table 5)")
        }
        GdpGrowth::Fixed(g) => format!("real GDP growth of {g}% a year for every Ally"),
    };
    Ok(PathReport {
        target_pct: target,
        by,
        base_year,
        years: n,
        gdp_growth,
        rule: format!(
            "from the {base_year} share (NATO Table 3) to {target}% of GDP in {by} ({n} years); linear path in points of GDP; real growth of defence expenditure = (target/share)^(1/{n}) × (1 + GDP growth) − 1, assuming {growth_words}; Allies already at the target keep their share"
        ),
        rows,
        total_base_usd_constant2015_million: total_base,
        total_deadline_usd_constant2015_million: total_deadline,
        source: Source::Nato2024,
    })
}
