//! The backlog: member-years below a target, under a named counting rule (which Allies, which
//! years, which threshold, which data).

use std::fmt;

use serde::Serialize;

use crate::compliance::{check_target, check_years};
use crate::data::Ledger;
use crate::error::{LedgerError, Result};
use crate::members::{Group, Members, MembershipRule};
use crate::series::{Measure, Series, Source};

/// Which data set the shares come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dataset {
    /// NATO's tables, 2014–2024e (NATO's definition of defence expenditure).
    Nato,
    /// SIPRI, 1949–2024 (SIPRI's broader definition; not NATO's figures).
    Sipri,
}

impl Dataset {
    /// Name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Dataset::Nato => "nato",
            Dataset::Sipri => "sipri",
        }
    }
}

/// What to do with Iceland, which has no armed forces and for which NATO reports no share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IcelandRule {
    /// Leave Iceland out, as NATO does.
    Exclude,
    /// Count each Iceland member-year as below the target.
    CountAsBelow,
}

/// How shares are compared with the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Precision {
    /// The full-precision value.
    Full,
    /// The value rounded to 2 decimals, as NATO prints it.
    TwoDecimals,
}

/// A counting rule. Every backlog figure carries the rule that produced it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacklogRule {
    /// Short name (a preset's name, or `custom`).
    pub name: String,
    /// Data set.
    pub dataset: Dataset,
    /// Threshold, % of GDP: a member-year counts if its share is below it.
    pub target_pct: f64,
    /// First year.
    pub from: i32,
    /// Last year.
    pub to: i32,
    /// Which member-years count.
    pub membership: MembershipRule,
    /// Which Allies.
    pub group: Group,
    /// Iceland.
    pub iceland: IcelandRule,
    /// Count estimate years (NATO 2023e/2024e; SIPRI blue and red figures).
    pub include_estimates: bool,
    /// Comparison precision.
    pub precision: Precision,
}

/// The preset rule names, default first.
pub const PRESETS: [&str; 9] = [
    "nato",
    "on-january-1",
    "all-reported",
    "with-iceland",
    "actuals-only",
    "published-2dp",
    "sipri",
    "sipri-with-iceland",
    "sipri-on-january-1",
];

impl BacklogRule {
    /// NATO's own conventions: NATO tables, Allies from their accession year, Iceland left out,
    /// estimates counted, full precision.
    pub fn nato(target_pct: f64, from: i32, to: i32) -> BacklogRule {
        BacklogRule {
            name: "nato".into(),
            dataset: Dataset::Nato,
            target_pct,
            from,
            to,
            membership: MembershipRule::AccessionYear,
            group: Group::All,
            iceland: IcelandRule::Exclude,
            include_estimates: true,
            precision: Precision::Full,
        }
    }

    /// A preset by name.
    pub fn preset(name: &str, target_pct: f64, from: i32, to: i32) -> Option<BacklogRule> {
        let mut r = BacklogRule::nato(target_pct, from, to);
        match name {
            "nato" => {}
            "on-january-1" => r.membership = MembershipRule::OnJanuary1,
            "all-reported" => r.membership = MembershipRule::AllReported,
            "with-iceland" => r.iceland = IcelandRule::CountAsBelow,
            "actuals-only" => r.include_estimates = false,
            "published-2dp" => r.precision = Precision::TwoDecimals,
            "sipri" => r.dataset = Dataset::Sipri,
            "sipri-with-iceland" => {
                r.dataset = Dataset::Sipri;
                r.iceland = IcelandRule::CountAsBelow;
            }
            "sipri-on-january-1" => {
                r.dataset = Dataset::Sipri;
                r.membership = MembershipRule::OnJanuary1;
            }
            _ => return None,
        }
        r.name = name.to_string();
        Some(r)
    }

    /// The rule in one sentence.
    pub fn describe(&self) -> String {
        format!(
            "count member-years {}–{} with defence expenditure below {}% of GDP; data: {}; Allies: {}; membership: {}; Iceland: {}; estimates: {}; comparison: {}",
            self.from,
            self.to,
            self.target_pct,
            match self.dataset {
                Dataset::Nato => "NATO Table 3 (2024 edition)",
                Dataset::Sipri => "SIPRI shares of GDP (2025 release; SIPRI's definition)",
            },
            self.group,
            self.membership.describe(),
            match self.iceland {
                IcelandRule::Exclude => "left out (no armed forces; NATO reports no share)",
                IcelandRule::CountAsBelow => "each member-year counted as below",
            },
            if self.include_estimates { "counted" } else { "left out" },
            match self.precision {
                Precision::Full => "full precision",
                Precision::TwoDecimals => "rounded to 2 decimals as published",
            }
        )
    }
}

impl fmt::Display for BacklogRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// Counts for one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BacklogYear {
    /// Year.
    pub year: i32,
    /// Allies that count in the year.
    pub members: usize,
    /// Member-years below the target (the backlog's contribution).
    pub below: usize,
    /// Meeting the target.
    pub meeting: usize,
    /// No figure (and not Iceland counted as below).
    pub missing: usize,
    /// Left out because the figure is an estimate and the rule leaves estimates out.
    pub estimates_left_out: usize,
}

/// A member-year below the target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberYear {
    /// Country.
    pub country: String,
    /// Year.
    pub year: i32,
    /// Its share, % of GDP (`None`: Iceland, counted by rule).
    pub share_pct: Option<f64>,
}

/// The backlog under one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BacklogResult {
    /// The rule.
    pub rule: BacklogRule,
    /// The rule in words.
    pub description: String,
    /// Member-years below the target.
    pub total: usize,
    /// Per year.
    pub by_year: Vec<BacklogYear>,
    /// Per country: (country, member-years below), largest first.
    pub by_country: Vec<(String, usize)>,
    /// Every member-year counted.
    pub below: Vec<MemberYear>,
    /// Source.
    pub source: Source,
}

/// The backlog under `rule`, checked against the data's years.
pub fn backlog(ledger: &Ledger, rule: &BacklogRule) -> Result<BacklogResult> {
    check_target(rule.target_pct)?;
    let series = match rule.dataset {
        Dataset::Nato => &ledger.nato,
        Dataset::Sipri => &ledger.sipri,
    };
    check_years(series, rule.from, rule.to)?;
    if rule.from > rule.to {
        return Err(LedgerError::arg("--from/--to", "empty range"));
    }
    Ok(backlog_on(series, &ledger.members, rule))
}

/// The backlog on any series (no range checks): the pure counting kernel.
pub fn backlog_on(series: &Series, members: &Members, rule: &BacklogRule) -> BacklogResult {
    let mut by_year = Vec::new();
    let mut below = Vec::new();
    for y in rule.from..=rule.to {
        let mut yr = BacklogYear { year: y, members: 0, below: 0, meeting: 0, missing: 0, estimates_left_out: 0 };
        for m in members.members_in(y, rule.membership, rule.group) {
            let iceland = m.iso3 == "ISL";
            if iceland && rule.iceland == IcelandRule::Exclude {
                continue;
            }
            yr.members += 1;
            let obs = series.get(&m.name, Measure::ShareOfGdpPct, y);
            match obs {
                None if iceland => {
                    yr.below += 1;
                    below.push(MemberYear { country: m.name.clone(), year: y, share_pct: None });
                }
                None => yr.missing += 1,
                Some(o) if o.status.is_estimate() && !rule.include_estimates => {
                    yr.estimates_left_out += 1;
                }
                Some(o) => {
                    let v = match rule.precision {
                        Precision::Full => o.value,
                        Precision::TwoDecimals => (o.value * 100.0).round() / 100.0,
                    };
                    if v < rule.target_pct {
                        yr.below += 1;
                        below.push(MemberYear { country: m.name.clone(), year: y, share_pct: Some(o.value) });
                    } else {
                        yr.meeting += 1;
                    }
                }
            }
        }
        by_year.push(yr);
    }
    let mut by_country: Vec<(String, usize)> = Vec::new();
    for b in &below {
        match by_country.iter_mut().find(|(c, _)| *c == b.country) {
            Some((_, n)) => *n += 1,
            None => by_country.push((b.country.clone(), 1)),
        }
    }
    by_country.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    BacklogResult {
        description: rule.describe(),
        total: below.len(),
        rule: rule.clone(),
        by_year,
        by_country,
        below,
        source: series.source(),
    }
}
