//! Pledges as typed targets: what was promised, by whom, when, against which measure, by which year.

use serde::Serialize;

use crate::date::Date;
use crate::series::Measure;

/// Whether the pledged value is a floor or a ceiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// "at least"
    AtLeast,
    /// "up to"
    UpTo,
}

/// One pledge, transcribed from a summit text (`data/pledges/pledges.csv`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pledge {
    /// Stable identifier, e.g. `hague-2025-core`.
    pub id: String,
    /// Date agreed.
    pub date: Date,
    /// The summit.
    pub event: String,
    /// The text.
    pub document: String,
    /// Paragraph of the text.
    pub paragraph: String,
    /// Where the text is published.
    pub url: String,
    /// Who pledged.
    pub parties: String,
    /// What is measured, in words.
    pub measure: String,
    /// Floor or ceiling.
    pub comparator: Comparator,
    /// The pledged value.
    pub value: f64,
    /// Unit of `value` (`pct_of_gdp`, `pct_of_defence_expenditure`).
    pub unit: String,
    /// The year by which it is to be met; `None` for a standing commitment.
    pub deadline: Option<i32>,
    /// The series in the data that checks it; `None` when the data at hand has none.
    pub data_measure: Option<Measure>,
    /// The terms, paraphrased closely.
    pub terms: String,
}

impl Comparator {
    /// The data file's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::AtLeast => "at_least",
            Comparator::UpTo => "up_to",
        }
    }
}

impl Pledge {
    /// True if `value` satisfies the pledge's comparator.
    pub fn met_by(&self, value: f64) -> bool {
        match self.comparator {
            Comparator::AtLeast => value >= self.value,
            Comparator::UpTo => value <= self.value,
        }
    }
}
