//! Group averages and sums over member-years (unweighted, pooled, GDP-weighted), and
//! recomputation of NATO's published aggregate rows from the per-member rows.

use std::fmt;

use serde::Serialize;

use crate::members::{Group, Members, MembershipRule};
use crate::series::{Measure, Series};

/// How a group's share of GDP is averaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Weighting {
    /// Each year's unweighted mean over the members with a figure, then the mean over years.
    MeanOfYearlyMeans,
    /// The unweighted mean over all member-years with a figure.
    PooledMemberYears,
    /// Total defence expenditure over total GDP (each country weighted by its GDP). NATO series:
    /// Table 2 over Table 5 at constant 2015 prices, Iceland's GDP included as NATO does; SIPRI:
    /// current USD, GDP derived as expenditure ÷ share.
    GdpWeighted,
}

impl Weighting {
    /// Name.
    pub fn name(self) -> &'static str {
        match self {
            Weighting::MeanOfYearlyMeans => "mean-of-yearly-means",
            Weighting::PooledMemberYears => "pooled-member-years",
            Weighting::GdpWeighted => "gdp-weighted",
        }
    }
}

impl fmt::Display for Weighting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A group average.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Average {
    /// The average share, % of GDP.
    pub value_pct: f64,
    /// Member-years with a figure that entered it.
    pub member_years: usize,
    /// Years with at least one figure.
    pub years: usize,
    /// Member-years without a figure (left out).
    pub missing: usize,
}

/// Defence expenditure and GDP of one member-year, in a common unit.
fn spend_and_gdp(series: &Series, entity: &str, year: i32) -> Option<(f64, f64)> {
    if let Some(gdp) = series.value(entity, Measure::GdpUsdConstant2015Million, year) {
        let spend = series.value(entity, Measure::UsdConstant2015Million, year).unwrap_or(0.0);
        return Some((spend, gdp));
    }
    let spend = series.value(entity, Measure::UsdCurrentMillion, year)?;
    let share = series.value(entity, Measure::ShareOfGdpPct, year)?;
    (share > 0.0).then(|| (spend, spend * 100.0 / share))
}

/// The average share of GDP of `group` over `from`–`to`.
pub fn group_average(
    series: &Series,
    members: &Members,
    group: Group,
    membership: MembershipRule,
    from: i32,
    to: i32,
    weighting: Weighting,
) -> Option<Average> {
    let mut yearly = Vec::new();
    let mut pooled = Vec::new();
    let mut spend_total = 0.0;
    let mut gdp_total = 0.0;
    let mut missing = 0;
    for y in from..=to {
        let mut vals = Vec::new();
        for m in members.members_in(y, membership, group) {
            match series.value(&m.name, Measure::ShareOfGdpPct, y) {
                Some(v) => vals.push(v),
                None => {
                    if m.iso3 != "ISL" {
                        missing += 1;
                    }
                }
            }
            if weighting == Weighting::GdpWeighted
                && let Some((s, g)) = spend_and_gdp(series, &m.name, y)
            {
                spend_total += s;
                gdp_total += g;
            }
        }
        if !vals.is_empty() {
            yearly.push(vals.iter().sum::<f64>() / vals.len() as f64);
            pooled.extend(vals);
        }
    }
    if pooled.is_empty() {
        return None;
    }
    let value_pct = match weighting {
        Weighting::MeanOfYearlyMeans => yearly.iter().sum::<f64>() / yearly.len() as f64,
        Weighting::PooledMemberYears => pooled.iter().sum::<f64>() / pooled.len() as f64,
        Weighting::GdpWeighted => {
            if gdp_total <= 0.0 {
                return None;
            }
            spend_total / gdp_total * 100.0
        }
    };
    Some(Average { value_pct, member_years: pooled.len(), years: yearly.len(), missing })
}

/// NATO's aggregate rows.
pub const NATO_AGGREGATES: [(&str, Group); 2] =
    [("NATO Europe and Canada", Group::EuropeAndCanada), ("NATO Total", Group::All)];

/// Recomputes an aggregate row of NATO's tables from the per-member rows: the sum over the
/// Allies of the group counted from their accession year (NATO's convention), Iceland included
/// where it has a figure (GDP tables only). For `share_of_gdp_pct` the result is total defence
/// expenditure over total GDP at constant 2015 prices.
pub fn recompute_nato_aggregate(
    nato: &Series,
    members: &Members,
    group: Group,
    measure: Measure,
    year: i32,
) -> Option<f64> {
    let ms = members.members_in(year, MembershipRule::AccessionYear, group);
    if measure == Measure::ShareOfGdpPct {
        let spend: f64 = ms.iter().filter_map(|m| nato.value(&m.name, Measure::UsdConstant2015Million, year)).sum();
        let gdp: f64 = ms.iter().filter_map(|m| nato.value(&m.name, Measure::GdpUsdConstant2015Million, year)).sum();
        return (gdp > 0.0).then(|| spend / gdp * 100.0);
    }
    let vals: Vec<f64> = ms.iter().filter_map(|m| nato.value(&m.name, measure, year)).collect();
    (!vals.is_empty()).then(|| vals.iter().sum())
}
