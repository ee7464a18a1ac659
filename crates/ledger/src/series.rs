//! Typed series: country × year × measure, each value with its source and status.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// Where a figure comes from. Each variant is one row (or a group of rows) of `data/SOURCES.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// NATO, "Defence Expenditure of NATO Countries (2014-2024)", 17 June 2024.
    Nato2024,
    /// SIPRI Military Expenditure Database, April 2025 release (1949–2024).
    Sipri2025,
    /// Kiel Institute, Ukraine Support Tracker, Release 28 (third-party extract).
    KielRelease28,
    /// NATO summit texts (pledges) and NATO's "Member countries" page (accession dates).
    NatoTexts,
}

impl Source {
    /// A citation a reader can follow.
    pub fn citation(self) -> &'static str {
        match self {
            Source::Nato2024 => "NATO, \"Defence Expenditure of NATO Countries (2014-2024)\", 17 June 2024",
            Source::Sipri2025 => "SIPRI Military Expenditure Database, 1949-2024 (April 2025)",
            Source::KielRelease28 => {
                "Kiel Institute, Ukraine Support Tracker, Release 28 (extract by engelde/ukrainewar)"
            }
            Source::NatoTexts => "NATO summit declarations; NATO, \"Member countries\"",
        }
    }

    /// Short name used in CSV output.
    pub fn key(self) -> &'static str {
        match self {
            Source::Nato2024 => "nato_2024",
            Source::Sipri2025 => "sipri_2025",
            Source::KielRelease28 => "kiel_r28",
            Source::NatoTexts => "nato_texts",
        }
    }
}

/// How firm a figure is, as its publisher marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// NATO: a year without the `e` suffix.
    Actual,
    /// NATO: a year with the `e` suffix (2023e, 2024e in the 2024 edition).
    Estimate,
    /// SIPRI: a figure in black.
    Reported,
    /// SIPRI: a figure in blue (SIPRI's estimate).
    SipriEstimate,
    /// SIPRI: a figure in red (highly uncertain).
    HighlyUncertain,
}

impl Status {
    /// Parses the `status` column of the data files.
    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "actual" => Status::Actual,
            "estimate" => Status::Estimate,
            "reported" => Status::Reported,
            "sipri_estimate" => Status::SipriEstimate,
            "highly_uncertain" => Status::HighlyUncertain,
            _ => return None,
        })
    }

    /// The data file's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Actual => "actual",
            Status::Estimate => "estimate",
            Status::Reported => "reported",
            Status::SipriEstimate => "sipri_estimate",
            Status::HighlyUncertain => "highly_uncertain",
        }
    }

    /// True for figures the publisher marks as estimates or uncertain.
    pub fn is_estimate(self) -> bool {
        matches!(self, Status::Estimate | Status::SipriEstimate | Status::HighlyUncertain)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A measure; the unit is part of the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Defence (military) expenditure, % of GDP. NATO: of real GDP at 2015 prices.
    ShareOfGdpPct,
    /// Million national currency, current prices (NATO T1).
    NcuCurrentMillion,
    /// Million national currency, constant 2015 prices (NATO T1).
    NcuConstant2015Million,
    /// Million USD, current prices and exchange rates.
    UsdCurrentMillion,
    /// Million USD, constant 2015 prices and exchange rates (NATO T2).
    UsdConstant2015Million,
    /// Million USD, constant 2023 prices and exchange rates (SIPRI).
    UsdConstant2023Million,
    /// Annual real change, % (NATO T3).
    RealChangePct,
    /// GDP, million USD, current prices (NATO T5).
    GdpUsdCurrentMillion,
    /// GDP, million USD, constant 2015 prices (NATO T5).
    GdpUsdConstant2015Million,
    /// GDP per capita, thousand USD, 2015 prices (NATO T6).
    GdpPerCapitaThousandUsdConstant2015,
    /// Defence expenditure per capita, USD, 2015 prices (NATO T6).
    DefencePerCapitaUsdConstant2015,
    /// Military personnel, thousands (NATO T7).
    MilitaryPersonnelThousand,
    /// Equipment, % of defence expenditure (NATO T8).
    EquipmentSharePct,
    /// Personnel, % of defence expenditure (NATO T8).
    PersonnelSharePct,
    /// Infrastructure, % of defence expenditure (NATO T8).
    InfrastructureSharePct,
    /// Other, % of defence expenditure (NATO T8).
    OtherSharePct,
}

impl Measure {
    /// Every measure, in a fixed order.
    pub const ALL: [Measure; 16] = [
        Measure::ShareOfGdpPct,
        Measure::NcuCurrentMillion,
        Measure::NcuConstant2015Million,
        Measure::UsdCurrentMillion,
        Measure::UsdConstant2015Million,
        Measure::UsdConstant2023Million,
        Measure::RealChangePct,
        Measure::GdpUsdCurrentMillion,
        Measure::GdpUsdConstant2015Million,
        Measure::GdpPerCapitaThousandUsdConstant2015,
        Measure::DefencePerCapitaUsdConstant2015,
        Measure::MilitaryPersonnelThousand,
        Measure::EquipmentSharePct,
        Measure::PersonnelSharePct,
        Measure::InfrastructureSharePct,
        Measure::OtherSharePct,
    ];

    /// The data file's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::ShareOfGdpPct => "share_of_gdp_pct",
            Measure::NcuCurrentMillion => "ncu_current_million",
            Measure::NcuConstant2015Million => "ncu_constant2015_million",
            Measure::UsdCurrentMillion => "usd_current_million",
            Measure::UsdConstant2015Million => "usd_constant2015_million",
            Measure::UsdConstant2023Million => "usd_constant2023_million",
            Measure::RealChangePct => "real_change_pct",
            Measure::GdpUsdCurrentMillion => "gdp_usd_current_million",
            Measure::GdpUsdConstant2015Million => "gdp_usd_constant2015_million",
            Measure::GdpPerCapitaThousandUsdConstant2015 => "gdp_per_capita_thousand_usd_constant2015",
            Measure::DefencePerCapitaUsdConstant2015 => "defence_per_capita_usd_constant2015",
            Measure::MilitaryPersonnelThousand => "military_personnel_thousand",
            Measure::EquipmentSharePct => "equipment_share_pct",
            Measure::PersonnelSharePct => "personnel_share_pct",
            Measure::InfrastructureSharePct => "infrastructure_share_pct",
            Measure::OtherSharePct => "other_share_pct",
        }
    }

    /// Parses the data file's spelling.
    pub fn parse(s: &str) -> Option<Measure> {
        Measure::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Obs {
    /// The value, in the measure's unit.
    pub value: f64,
    /// Actual, estimate, …
    pub status: Status,
}

/// A table of figures from one source: entity (country or aggregate) × measure × year.
#[derive(Debug, Clone)]
pub struct Series {
    source: Source,
    map: BTreeMap<(String, Measure), BTreeMap<i32, Obs>>,
}

impl Series {
    /// An empty series from `source`.
    pub fn new(source: Source) -> Series {
        Series { source, map: BTreeMap::new() }
    }

    /// Where the figures come from.
    pub fn source(&self) -> Source {
        self.source
    }

    /// Adds (or replaces) a figure.
    pub fn insert(&mut self, entity: &str, measure: Measure, year: i32, obs: Obs) {
        self.map.entry((entity.to_string(), measure)).or_default().insert(year, obs);
    }

    /// The figure for `entity`, `measure`, `year`, if the source has one.
    pub fn get(&self, entity: &str, measure: Measure, year: i32) -> Option<Obs> {
        self.map.get(&(entity.to_string(), measure)).and_then(|m| m.get(&year)).copied()
    }

    /// Just the value.
    pub fn value(&self, entity: &str, measure: Measure, year: i32) -> Option<f64> {
        self.get(entity, measure, year).map(|o| o.value)
    }

    /// All years of one entity and measure, ascending.
    pub fn years(&self, entity: &str, measure: Measure) -> Vec<(i32, Obs)> {
        self.map
            .get(&(entity.to_string(), measure))
            .map(|m| m.iter().map(|(y, o)| (*y, *o)).collect())
            .unwrap_or_default()
    }

    /// The entities that have `measure`, sorted.
    pub fn entities(&self, measure: Measure) -> Vec<String> {
        self.map.keys().filter(|(_, m)| *m == measure).map(|(e, _)| e.clone()).collect()
    }

    /// True if the entity appears with any measure.
    pub fn has_entity(&self, entity: &str) -> bool {
        self.map.keys().any(|(e, _)| e == entity)
    }

    /// First and last year with any figure.
    pub fn year_span(&self) -> Option<(i32, i32)> {
        let mut lo = i32::MAX;
        let mut hi = i32::MIN;
        for m in self.map.values() {
            if let (Some(a), Some(b)) = (m.keys().next(), m.keys().next_back()) {
                lo = lo.min(*a);
                hi = hi.max(*b);
            }
        }
        (lo <= hi).then_some((lo, hi))
    }

    /// Number of figures.
    pub fn len(&self) -> usize {
        self.map.values().map(BTreeMap::len).sum()
    }

    /// True if there are no figures.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
