//! Aid flows to Ukraine (Kiel Ukraine Support Tracker): monthly allocations, periods, the Kiel
//! two-month convention, rolling averages, and dated signals for the rest of pactum.

use std::fmt;

use serde::Serialize;

use crate::date::Month;
use crate::error::{LedgerError, Result};
use crate::series::Source;

/// Type of aid, as Kiel splits allocations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AidKind {
    /// Military aid.
    Military,
    /// Humanitarian aid.
    Humanitarian,
    /// Financial aid.
    Financial,
    /// All three.
    Total,
}

impl AidKind {
    /// Every kind.
    pub const ALL: [AidKind; 4] = [AidKind::Military, AidKind::Humanitarian, AidKind::Financial, AidKind::Total];

    /// Name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            AidKind::Military => "military",
            AidKind::Humanitarian => "humanitarian",
            AidKind::Financial => "financial",
            AidKind::Total => "total",
        }
    }

    /// Parses a kind name.
    pub fn parse(s: &str) -> Option<AidKind> {
        AidKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

impl fmt::Display for AidKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Allocations in one month, all donors combined, EUR billion.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MonthlyAid {
    /// The month.
    pub month: Month,
    /// Military.
    pub military: f64,
    /// Humanitarian.
    pub humanitarian: f64,
    /// Financial.
    pub financial: f64,
    /// Total as Kiel gives it.
    pub total: f64,
}

impl MonthlyAid {
    /// The value of one kind.
    pub fn get(&self, kind: AidKind) -> f64 {
        match kind {
            AidKind::Military => self.military,
            AidKind::Humanitarian => self.humanitarian,
            AidKind::Financial => self.financial,
            AidKind::Total => self.total,
        }
    }
}

/// One donor's allocations over the whole tracker period, EUR billion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DonorTotal {
    /// Kiel's donor name.
    pub donor: String,
    /// EU member state.
    pub eu_member: bool,
    /// Financial.
    pub financial: f64,
    /// Humanitarian.
    pub humanitarian: f64,
    /// Military.
    pub military: f64,
    /// Total.
    pub total: f64,
}

impl DonorTotal {
    /// The value of one kind.
    pub fn get(&self, kind: AidKind) -> f64 {
        match kind {
            AidKind::Military => self.military,
            AidKind::Humanitarian => self.humanitarian,
            AidKind::Financial => self.financial,
            AidKind::Total => self.total,
        }
    }
}

/// An inclusive range of months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First month.
    pub start: Month,
    /// Last month (inclusive).
    pub end: Month,
}

impl Period {
    /// A period; `None` if `end` is before `start`.
    pub fn new(start: Month, end: Month) -> Option<Period> {
        (start <= end).then_some(Period { start, end })
    }

    /// Parses `YYYY-MM..YYYY-MM`, `YYYY-MM`, `YYYY-H1`, `YYYY-H2`, `YYYY-Q1`…`YYYY-Q4` or `YYYY`.
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim();
        if let Some((a, b)) = s.split_once("..") {
            return Period::new(Month::parse(a)?, Month::parse(b)?);
        }
        if let Some(m) = Month::parse(s) {
            return Some(Period { start: m, end: m });
        }
        if let Some((y, part)) = s.split_once('-') {
            let y: i32 = y.parse().ok()?;
            let (a, b) = match part.to_ascii_uppercase().as_str() {
                "H1" => (1, 6),
                "H2" => (7, 12),
                "Q1" => (1, 3),
                "Q2" => (4, 6),
                "Q3" => (7, 9),
                "Q4" => (10, 12),
                _ => return None,
            };
            return Period::new(Month::new(y, a)?, Month::new(y, b)?);
        }
        if s.len() == 4 {
            let y: i32 = s.parse().ok()?;
            return Period::new(Month::new(y, 1)?, Month::new(y, 12)?);
        }
        None
    }

    /// Number of months.
    pub fn months(self) -> u32 {
        u32::try_from(self.end.index() - self.start.index() + 1).unwrap_or(0)
    }

    /// `Jul–Aug 2025`, `Jan 2025`, `Nov 2024–Feb 2025`.
    pub fn label(self) -> String {
        if self.start == self.end {
            return self.start.label();
        }
        let a = self.start.label();
        let b = self.end.label();
        if self.start.year == self.end.year { format!("{}–{}", &a[..3], b) } else { format!("{a}–{b}") }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end { write!(f, "{}", self.start) } else { write!(f, "{}..{}", self.start, self.end) }
    }
}

/// Allocations over a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodValue {
    /// The period.
    pub period: Period,
    /// Readable label.
    pub label: String,
    /// Number of months.
    pub months: u32,
    /// Sum over the period, EUR billion.
    pub sum_eur_bn: f64,
    /// Monthly average, EUR billion per month.
    pub monthly_avg_eur_bn: f64,
}

/// Two periods compared by their monthly averages (the Kiel convention).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AidComparison {
    /// Kind of aid.
    pub kind: AidKind,
    /// The reference period.
    pub base: PeriodValue,
    /// The period compared with it.
    pub test: PeriodValue,
    /// `(test average / base average − 1) × 100`.
    pub change_pct: f64,
    /// The rule, in words.
    pub rule: String,
    /// Source.
    pub source: Source,
}

/// A point of a rolling average.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RollingPoint {
    /// Last month of the window.
    pub month: Month,
    /// Average over the window, EUR billion per month.
    pub avg_eur_bn: f64,
}

/// A dated aid-flow signal for credibility and the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatedSignal {
    /// The period the signal covers.
    pub period: Period,
    /// Readable label.
    pub label: String,
    /// Donor (`all donors` for the combined monthly series).
    pub donor: String,
    /// Kind of aid.
    pub kind: AidKind,
    /// Allocations over the period, EUR billion.
    pub value_eur_bn: f64,
    /// Monthly average over the period, EUR billion.
    pub monthly_avg_eur_bn: f64,
    /// Change of the monthly average against the baseline, %; `None` when there is no baseline.
    pub change_pct: Option<f64>,
    /// What the change is measured against.
    pub baseline: String,
    /// Source.
    pub source: Source,
}

/// Kiel data held by the ledger.
#[derive(Debug, Clone, Default)]
pub struct AidData {
    monthly: Vec<MonthlyAid>,
    donors: Vec<DonorTotal>,
}

/// The donor name that selects the all-donor monthly series.
pub const ALL_DONORS: &str = "all donors";

impl AidData {
    /// Builds from consecutive months and donor totals.
    pub fn new(monthly: Vec<MonthlyAid>, donors: Vec<DonorTotal>) -> AidData {
        AidData { monthly, donors }
    }

    /// The monthly rows.
    pub fn monthly(&self) -> &[MonthlyAid] {
        &self.monthly
    }

    /// The donor rows.
    pub fn donors(&self) -> &[DonorTotal] {
        &self.donors
    }

    /// First and last month held.
    pub fn span(&self) -> Option<Period> {
        Some(Period { start: self.monthly.first()?.month, end: self.monthly.last()?.month })
    }

    /// Sum and monthly average over `p`; error if `p` is not inside the data.
    pub fn period(&self, kind: AidKind, p: Period) -> Result<PeriodValue> {
        let span = self.span().ok_or_else(|| LedgerError::Missing { what: "monthly aid allocations".into() })?;
        if p.start < span.start || p.end > span.end {
            return Err(LedgerError::arg(
                "period",
                format!("{p} is outside the months held ({span}); Kiel Release 28 covers {}", span.label()),
            ));
        }
        let sum: f64 =
            self.monthly.iter().filter(|m| m.month >= p.start && m.month <= p.end).map(|m| m.get(kind)).sum();
        let months = p.months();
        Ok(PeriodValue {
            period: p,
            label: p.label(),
            months,
            sum_eur_bn: sum,
            monthly_avg_eur_bn: sum / f64::from(months),
        })
    }

    /// Compares `test` with `base` by monthly averages.
    pub fn compare(&self, kind: AidKind, base: Period, test: Period) -> Result<AidComparison> {
        let b = self.period(kind, base)?;
        let t = self.period(kind, test)?;
        if b.monthly_avg_eur_bn == 0.0 {
            return Err(LedgerError::arg("--base", format!("{} has no {kind} allocations to compare with", b.label)));
        }
        let change_pct = (t.monthly_avg_eur_bn / b.monthly_avg_eur_bn - 1.0) * 100.0;
        Ok(AidComparison {
            kind,
            rule: format!(
                "monthly average of {} ({:.3}/{}) against monthly average of {} ({:.3}/{}), {} aid, all donors, allocations",
                t.label, t.sum_eur_bn, t.months, b.label, b.sum_eur_bn, b.months, kind
            ),
            base: b,
            test: t,
            change_pct,
            source: Source::KielRelease28,
        })
    }

    /// Consecutive blocks of `len` months aligned on January (len 2: Jan–Feb, Mar–Apr, … — the
    /// Kiel two-month convention), only whole blocks inside the data.
    pub fn blocks(&self, kind: AidKind, len: u32) -> Result<Vec<PeriodValue>> {
        if !(1..=12).contains(&len) || 12 % len != 0 {
            return Err(LedgerError::arg(
                "--block",
                format!("{len}: block length must divide 12 (1, 2, 3, 4, 6 or 12)"),
            ));
        }
        let Some(span) = self.span() else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        let mut start = span.start;
        while (start.month - 1) % len != 0 {
            start = start.next();
        }
        loop {
            let mut end = start;
            for _ in 1..len {
                end = end.next();
            }
            if end > span.end {
                break;
            }
            out.push(self.period(kind, Period { start, end })?);
            start = end.next();
        }
        Ok(out)
    }

    /// Trailing `window`-month averages.
    pub fn rolling(&self, kind: AidKind, window: usize) -> Result<Vec<RollingPoint>> {
        if window == 0 {
            return Err(LedgerError::arg("--rolling", "window must be at least 1 month"));
        }
        Ok(self
            .monthly
            .windows(window)
            .filter_map(|w| {
                let last = w.last()?;
                let sum: f64 = w.iter().map(|m| m.get(kind)).sum();
                Some(RollingPoint { month: last.month, avg_eur_bn: sum / window as f64 })
            })
            .collect())
    }

    /// Finds a donor by Kiel's name, case-insensitively.
    pub fn donor(&self, name: &str) -> Option<&DonorTotal> {
        let n = name.trim().to_lowercase();
        self.donors.iter().find(|d| d.donor.to_lowercase() == n)
    }

    /// Dated signals: for [`ALL_DONORS`], each two-month block's monthly average and its change
    /// against the monthly average of the six months before the block (Kiel compares a two-month
    /// block with the preceding half-year); for one donor, its whole-period total (the data at
    /// hand has no donor × month breakdown).
    pub fn signals(&self, donor: &str, kind: AidKind) -> Result<Vec<DatedSignal>> {
        if donor.trim().eq_ignore_ascii_case(ALL_DONORS) || donor.trim().eq_ignore_ascii_case("all") {
            let mut out = Vec::new();
            for b in self.blocks(kind, 2)? {
                let base = Period::new(b.period.start.offset(-6), b.period.start.offset(-1));
                let (change_pct, baseline) = match base.map(|p| self.period(kind, p)) {
                    Some(Ok(bv)) if bv.monthly_avg_eur_bn > 0.0 => (
                        Some((b.monthly_avg_eur_bn / bv.monthly_avg_eur_bn - 1.0) * 100.0),
                        format!("monthly average of {}", bv.label),
                    ),
                    _ => (None, "no six-month baseline in the data".to_string()),
                };
                out.push(DatedSignal {
                    period: b.period,
                    label: b.label.clone(),
                    donor: ALL_DONORS.to_string(),
                    kind,
                    value_eur_bn: b.sum_eur_bn,
                    monthly_avg_eur_bn: b.monthly_avg_eur_bn,
                    change_pct,
                    baseline,
                    source: Source::KielRelease28,
                });
            }
            return Ok(out);
        }
        let d = self.donor(donor).ok_or_else(|| LedgerError::UnknownCountry {
            input: donor.to_string(),
            suggestion: crate::members::suggest(
                donor,
                self.donors.iter().map(|d| d.donor.as_str()).chain(std::iter::once(ALL_DONORS)),
            ),
        })?;
        let span = self.span().ok_or_else(|| LedgerError::Missing { what: "monthly aid allocations".into() })?;
        let v = d.get(kind);
        Ok(vec![DatedSignal {
            period: span,
            label: span.label(),
            donor: d.donor.clone(),
            kind,
            value_eur_bn: v,
            monthly_avg_eur_bn: v / f64::from(span.months()),
            change_pct: None,
            baseline: "none: the data at hand has donor totals for the whole period only".into(),
            source: Source::KielRelease28,
        }])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse() {
        let p = Period::parse("2025-H1").unwrap();
        assert_eq!(p.months(), 6);
        assert_eq!(p.label(), "Jan–Jun 2025");
        assert_eq!(Period::parse("2025-07..2025-08").unwrap().months(), 2);
        assert_eq!(Period::parse("2024").unwrap().months(), 12);
        assert!(Period::parse("2025-08..2025-07").is_none());
        assert!(Period::parse("2025-H3").is_none());
    }
}
