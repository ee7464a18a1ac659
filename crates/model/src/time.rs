//! Time as types: calendar dates, ISO 8601 durations, and periods whose end's
//! inclusivity is part of the value.

use std::fmt;

use schemars::JsonSchema;
use serde::{Serialize, Serializer};

/// Earliest and latest years accepted; anything outside is an input mistake.
pub const MIN_YEAR: i16 = 1600;
pub const MAX_YEAR: i16 = 2200;

/// A calendar date (no time of day, no time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// A date, if it exists and lies within [`MIN_YEAR`]..=[`MAX_YEAR`].
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        let y = i16::try_from(year).map_err(|_| DateError::Absurd)?;
        if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
            return Err(DateError::Absurd);
        }
        let m = i8::try_from(month).map_err(|_| DateError::Invalid)?;
        let d = i8::try_from(day).map_err(|_| DateError::Invalid)?;
        jiff::civil::Date::new(y, m, d).map(Date).map_err(|_| DateError::Invalid)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Format);
        }
        let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok()).ok_or(DateError::Format);
        let y = num(0..4)?;
        Date::new(i32::try_from(y).map_err(|_| DateError::Format)?, num(5..7)?, num(8..10)?)
    }

    pub fn year(self) -> i32 {
        i32::from(self.0.year())
    }

    pub fn month(self) -> u32 {
        self.0.month().unsigned_abs().into()
    }

    pub fn day(self) -> u32 {
        self.0.day().unsigned_abs().into()
    }

    /// The date `d` later; `None` past the calendar's range.
    pub fn checked_add(self, d: &Duration) -> Option<Date> {
        let span = jiff::Span::new()
            .try_years(i64::from(d.years))
            .ok()?
            .try_months(i64::from(d.months))
            .ok()?
            .try_days(i64::from(d.days) + i64::from(d.hours.div_ceil(24)))
            .ok()?;
        self.0.checked_add(span).ok().map(Date)
    }

    /// The day after.
    pub fn next_day(self) -> Option<Date> {
        self.0.tomorrow().ok().map(Date)
    }

    /// Days from `self` to `other` (negative if `other` is earlier).
    pub fn days_until(self, other: Date) -> i64 {
        other.0.since(self.0).map(|s| i64::from(s.get_days())).unwrap_or(0)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year(), self.month(), self.day())
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" })
    }
}

/// Why a date was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not `YYYY-MM-DD`.
    Format,
    /// No such day (30 February).
    Invalid,
    /// Outside 1600–2200.
    Absurd,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Format => write!(f, "not a date in the form YYYY-MM-DD"),
            DateError::Invalid => write!(f, "no such day in the calendar"),
            DateError::Absurd => write!(f, "outside the years {MIN_YEAR}–{MAX_YEAR}"),
        }
    }
}

/// An ISO 8601 duration of years, months, days and hours (`P1Y`, `P6M`, `PT24H`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Duration {
    pub years: u32,
    pub months: u32,
    pub days: u32,
    pub hours: u32,
}

impl Duration {
    /// Parses the subset of ISO 8601 durations pactum uses: `PnYnMnWnDTnH`.
    pub fn parse(s: &str) -> Option<Duration> {
        let rest = s.strip_prefix('P')?;
        if rest.is_empty() {
            return None;
        }
        let (date_part, time_part) = match rest.split_once('T') {
            Some((d, t)) => (d, Some(t)),
            None => (rest, None),
        };
        let mut d = Duration::default();
        let mut any = false;
        let mut num = String::new();
        let mut last_unit = 0u8;
        for c in date_part.chars() {
            if c.is_ascii_digit() {
                num.push(c);
                continue;
            }
            let n: u32 = num.parse().ok()?;
            num.clear();
            let (rank, slot): (u8, &mut u32) = match c {
                'Y' => (1, &mut d.years),
                'M' => (2, &mut d.months),
                'W' => (3, &mut d.days),
                'D' => (4, &mut d.days),
                _ => return None,
            };
            if rank <= last_unit {
                return None;
            }
            last_unit = rank;
            *slot = slot.checked_add(if c == 'W' { n.checked_mul(7)? } else { n })?;
            any = true;
        }
        if !num.is_empty() {
            return None;
        }
        if let Some(t) = time_part {
            let h = t.strip_suffix('H')?;
            if h.is_empty() || !h.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            d.hours = h.parse().ok()?;
            any = true;
        }
        // Bound durations to something a calendar can add: 1000 years.
        if d.years > 1000 || d.months > 12_000 || d.days > 400_000 || d.hours > 10_000_000 {
            return None;
        }
        any.then_some(d)
    }

    /// The duration in approximate days (for ordering and audit thresholds only).
    pub fn approx_days(&self) -> f64 {
        f64::from(self.years) * 365.25
            + f64::from(self.months) * 30.44
            + f64::from(self.days)
            + f64::from(self.hours) / 24.0
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "P")?;
        if self.years > 0 {
            write!(f, "{}Y", self.years)?;
        }
        if self.months > 0 {
            write!(f, "{}M", self.months)?;
        }
        if self.days > 0 || (self.years == 0 && self.months == 0 && self.hours == 0) {
            write!(f, "{}D", self.days)?;
        }
        if self.hours > 0 {
            write!(f, "T{}H", self.hours)?;
        }
        Ok(())
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for Duration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "description": "ISO 8601 duration: P1Y, P6M, P30D, PT24H", "pattern": "^P" })
    }
}

/// A span of dates. `from` is always included; `until` is included only when
/// `until_inclusive` says so. `until: None` is open-ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Period {
    pub from: Date,
    pub until: Option<Date>,
    pub until_inclusive: bool,
}

impl Period {
    pub fn contains(&self, d: Date) -> bool {
        d >= self.from
            && match self.until {
                None => true,
                Some(u) if self.until_inclusive => d <= u,
                Some(u) => d < u,
            }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(Date::parse("1949-04-04").unwrap().to_string(), "1949-04-04");
        assert_eq!(Date::parse("2025-02-30"), Err(DateError::Invalid));
        assert_eq!(Date::parse("9999-01-01"), Err(DateError::Absurd));
        assert_eq!(Date::parse("1949-4-4"), Err(DateError::Format));
    }

    #[test]
    fn leap_day_plus_a_year_is_28_february() {
        let d = Date::parse("2024-02-29").unwrap();
        assert_eq!(d.checked_add(&Duration::parse("P1Y").unwrap()).unwrap().to_string(), "2025-02-28");
    }

    #[test]
    fn durations() {
        assert_eq!(Duration::parse("P1Y").unwrap().years, 1);
        assert_eq!(Duration::parse("PT24H").unwrap().hours, 24);
        assert_eq!(Duration::parse("P2W").unwrap().days, 14);
        assert_eq!(Duration::parse("P1Y6M").unwrap().to_string(), "P1Y6M");
        for bad in ["", "P", "1Y", "PY", "P1M1Y", "PT", "P1H", "P99999999999Y"] {
            assert!(Duration::parse(bad).is_none(), "{bad}");
        }
        let d = Date::parse("2026-01-01").unwrap();
        assert_eq!(d.checked_add(&Duration::parse("PT24H").unwrap()).unwrap().to_string(), "2026-01-02");
    }

    #[test]
    fn period_end_inclusivity() {
        let a = Date::parse("2020-01-01").unwrap();
        let b = Date::parse("2020-02-01").unwrap();
        let p = Period { from: a, until: Some(b), until_inclusive: false };
        assert!(p.contains(a) && !p.contains(b));
        assert!(Period { until_inclusive: true, ..p }.contains(b));
    }
}
