//! Loading the ledger's data: the copy embedded in the binary, or a directory with the same layout.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::aid::{AidData, DonorTotal, MonthlyAid};
use crate::date::{Date, Month};
use crate::error::{LedgerError, Result};
use crate::members::{Member, Members};
use crate::pledge::{Comparator, Pledge};
use crate::series::{Measure, Obs, Series, Source, Status};

/// The data files, relative to the data directory (the repository's `data/`).
pub const FILES: [&str; 7] =
    [MEMBERS_FILE, NATO_FILE, SIPRI_SHARE_FILE, SIPRI_USD_FILE, KIEL_MONTHLY_FILE, KIEL_DONOR_FILE, PLEDGES_FILE];
/// NATO membership and names.
pub const MEMBERS_FILE: &str = "nato/members.csv";
/// NATO defence expenditure tables, long form.
pub const NATO_FILE: &str = "nato/defence_expenditure_2014_2024.csv";
/// SIPRI shares of GDP, all countries.
pub const SIPRI_SHARE_FILE: &str = "sipri/milex_share_of_gdp_long.csv";
/// SIPRI USD series for the Allies, Ukraine and Russia.
pub const SIPRI_USD_FILE: &str = "sipri/milex_usd_nato_ukraine_russia_long.csv";
/// Kiel monthly allocations.
pub const KIEL_MONTHLY_FILE: &str = "kiel/allocations_by_type_and_month_release28.csv";
/// Kiel allocations by donor.
pub const KIEL_DONOR_FILE: &str = "kiel/allocations_by_donor_release28.csv";
/// Pledges.
pub const PLEDGES_FILE: &str = "pledges/pledges.csv";

fn embedded(file: &str) -> &'static str {
    match file {
        MEMBERS_FILE => include_str!("../../../data/nato/members.csv"),
        NATO_FILE => include_str!("../../../data/nato/defence_expenditure_2014_2024.csv"),
        SIPRI_SHARE_FILE => include_str!("../../../data/sipri/milex_share_of_gdp_long.csv"),
        SIPRI_USD_FILE => {
            include_str!("../../../data/sipri/milex_usd_nato_ukraine_russia_long.csv")
        }
        KIEL_MONTHLY_FILE => {
            include_str!("../../../data/kiel/allocations_by_type_and_month_release28.csv")
        }
        KIEL_DONOR_FILE => include_str!("../../../data/kiel/allocations_by_donor_release28.csv"),
        PLEDGES_FILE => include_str!("../../../data/pledges/pledges.csv"),
        _ => "",
    }
}

/// Where the data came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The copy compiled into the binary.
    Embedded,
    /// A directory given with `--data`.
    Dir(PathBuf),
}

/// All the ledger's data.
#[derive(Debug, Clone)]
pub struct Ledger {
    /// Where it was loaded from.
    pub origin: Origin,
    /// The Allies and their accession dates.
    pub members: Members,
    /// NATO's tables (2014–2024e), members and aggregates (`NATO Europe and Canada`, `NATO Total`).
    pub nato: Series,
    /// SIPRI's series; the Allies under NATO's names, other countries under SIPRI's.
    pub sipri: Series,
    /// Kiel aid allocations.
    pub aid: AidData,
    /// Pledges.
    pub pledges: Vec<Pledge>,
}

impl Ledger {
    /// The data embedded in the binary.
    pub fn embedded() -> Result<Ledger> {
        Ledger::from_texts(Origin::Embedded, |f| Ok(embedded(f).to_string()))
    }

    /// The data in `dir`, laid out like the repository's `data/`.
    pub fn from_dir(dir: &Path) -> Result<Ledger> {
        if !dir.is_dir() {
            return Err(LedgerError::arg("--data", format!("{} is not a directory", dir.display())));
        }
        Ledger::from_texts(Origin::Dir(dir.to_path_buf()), |f| {
            let p = dir.join(f);
            std::fs::read_to_string(&p)
                .map_err(|e| LedgerError::Io { file: p.display().to_string(), message: e.to_string() })
        })
    }

    /// Loads from any provider of file texts (keyed by the names in [`FILES`]).
    pub fn from_texts(origin: Origin, read: impl Fn(&str) -> Result<String>) -> Result<Ledger> {
        let label = |f: &str| match &origin {
            Origin::Embedded => format!("data/{f} (embedded)"),
            Origin::Dir(d) => d.join(f).display().to_string(),
        };
        let members = parse_members(&label(MEMBERS_FILE), &read(MEMBERS_FILE)?)?;
        let mut nato = Series::new(Source::Nato2024);
        parse_long(&label(NATO_FILE), &read(NATO_FILE)?, &mut nato, None, &|s| s.to_string())?;
        let sipri_name = |s: &str| {
            members.all().iter().find(|m| m.sipri_name == s).map_or_else(|| s.to_string(), |m| m.name.clone())
        };
        let mut sipri = Series::new(Source::Sipri2025);
        parse_long(
            &label(SIPRI_SHARE_FILE),
            &read(SIPRI_SHARE_FILE)?,
            &mut sipri,
            Some(Measure::ShareOfGdpPct),
            &sipri_name,
        )?;
        parse_long(&label(SIPRI_USD_FILE), &read(SIPRI_USD_FILE)?, &mut sipri, None, &sipri_name)?;
        let monthly = parse_monthly(&label(KIEL_MONTHLY_FILE), &read(KIEL_MONTHLY_FILE)?)?;
        let donors = parse_donors(&label(KIEL_DONOR_FILE), &read(KIEL_DONOR_FILE)?)?;
        let pledges = parse_pledges(&label(PLEDGES_FILE), &read(PLEDGES_FILE)?)?;
        Ok(Ledger { origin, members, nato, sipri, aid: AidData::new(monthly, donors), pledges })
    }

    /// The pledge with this id.
    pub fn pledge(&self, id: &str) -> Option<&Pledge> {
        self.pledges.iter().find(|p| p.id == id)
    }
}

/// Reads a CSV text: checks the header, returns (line number, record) pairs.
fn records(file: &str, text: &str, header: &[&str]) -> Result<Vec<(usize, csv::StringRecord)>> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text.as_bytes());
    let got = rdr.headers().map_err(|e| LedgerError::parse(file, 1, e.to_string()))?.clone();
    let got: Vec<&str> = got.iter().collect();
    if got != header {
        return Err(LedgerError::parse(
            file,
            1,
            format!("expected header `{}`, found `{}`", header.join(","), got.join(",")),
        ));
    }
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let line = i + 2;
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(line, |p| p.line() as usize);
            LedgerError::parse(file, line, e.to_string())
        })?;
        out.push((line, rec));
    }
    Ok(out)
}

fn field(rec: &csv::StringRecord, i: usize) -> &str {
    rec.get(i).unwrap_or("").trim()
}

fn number(file: &str, line: usize, col: &str, s: &str) -> Result<f64> {
    let v: f64 = s.parse().map_err(|_| LedgerError::parse(file, line, format!("{col}: `{s}` is not a number")))?;
    if !v.is_finite() {
        return Err(LedgerError::parse(file, line, format!("{col}: `{s}` is not finite")));
    }
    Ok(v)
}

fn year(file: &str, line: usize, s: &str) -> Result<i32> {
    match s.parse::<i32>() {
        Ok(y) if (1900..=2100).contains(&y) => Ok(y),
        _ => Err(LedgerError::parse(file, line, format!("year: `{s}` is not a year"))),
    }
}

fn parse_members(file: &str, text: &str) -> Result<Members> {
    let header = ["nato_name", "iso3", "sipri_name", "kiel_name", "region", "accession_date", "accession_note"];
    let mut list = Vec::new();
    for (line, r) in records(file, text, &header)? {
        let name = field(&r, 0);
        if name.is_empty() {
            return Err(LedgerError::parse(file, line, "nato_name is empty"));
        }
        let iso3 = field(&r, 1);
        if iso3.len() != 3 || !iso3.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(LedgerError::parse(file, line, format!("iso3: `{iso3}` is not an ISO 3166 alpha-3 code")));
        }
        let european = match field(&r, 4) {
            "europe" => true,
            "north_america" => false,
            other => {
                return Err(LedgerError::parse(
                    file,
                    line,
                    format!("region: `{other}` (expected europe or north_america)"),
                ));
            }
        };
        let accession = Date::parse(field(&r, 5)).ok_or_else(|| {
            LedgerError::parse(file, line, format!("accession_date: `{}` is not YYYY-MM-DD", field(&r, 5)))
        })?;
        list.push(Member {
            name: name.to_string(),
            iso3: iso3.to_string(),
            sipri_name: field(&r, 2).to_string(),
            kiel_name: field(&r, 3).to_string(),
            european,
            accession,
            note: field(&r, 6).to_string(),
        });
    }
    if list.is_empty() {
        return Err(LedgerError::parse(file, 0, "no members"));
    }
    Ok(Members::new(list))
}

/// Long files: `country,year,measure,value,status` or, with `fixed`, `country,year,value,status`.
fn parse_long(
    file: &str,
    text: &str,
    into: &mut Series,
    fixed: Option<Measure>,
    rename: &dyn Fn(&str) -> String,
) -> Result<()> {
    let with_measure = ["country", "year", "measure", "value", "status"];
    let without = ["country", "year", "value", "status"];
    let header: &[&str] = if fixed.is_some() { &without } else { &with_measure };
    let off = usize::from(fixed.is_none());
    for (line, r) in records(file, text, header)? {
        let country = field(&r, 0);
        if country.is_empty() {
            return Err(LedgerError::parse(file, line, "country is empty"));
        }
        let y = year(file, line, field(&r, 1))?;
        let measure = match fixed {
            Some(m) => m,
            None => Measure::parse(field(&r, 2)).ok_or_else(|| {
                LedgerError::parse(file, line, format!("measure: unknown measure `{}`", field(&r, 2)))
            })?,
        };
        let value = number(file, line, "value", field(&r, 2 + off))?;
        let status = Status::parse(field(&r, 3 + off)).ok_or_else(|| {
            LedgerError::parse(file, line, format!("status: unknown status `{}`", field(&r, 3 + off)))
        })?;
        into.insert(&rename(country), measure, y, Obs { value, status });
    }
    Ok(())
}

fn parse_monthly(file: &str, text: &str) -> Result<Vec<MonthlyAid>> {
    let header = [
        "month",
        "month_label_in_source_json",
        "military_eur_bn",
        "humanitarian_eur_bn",
        "financial_eur_bn",
        "total_eur_bn",
    ];
    let mut out: Vec<MonthlyAid> = Vec::new();
    for (line, r) in records(file, text, &header)? {
        let month = Month::parse(field(&r, 0))
            .ok_or_else(|| LedgerError::parse(file, line, format!("month: `{}` is not YYYY-MM", field(&r, 0))))?;
        if let Some(prev) = out.last()
            && prev.month.next() != month
        {
            return Err(LedgerError::parse(
                file,
                line,
                format!("month {month} does not follow {} (months must be consecutive)", prev.month),
            ));
        }
        out.push(MonthlyAid {
            month,
            military: number(file, line, "military_eur_bn", field(&r, 2))?,
            humanitarian: number(file, line, "humanitarian_eur_bn", field(&r, 3))?,
            financial: number(file, line, "financial_eur_bn", field(&r, 4))?,
            total: number(file, line, "total_eur_bn", field(&r, 5))?,
        });
    }
    if out.is_empty() {
        return Err(LedgerError::parse(file, 0, "no months"));
    }
    Ok(out)
}

fn parse_donors(file: &str, text: &str) -> Result<Vec<DonorTotal>> {
    let header = ["donor", "eu_member", "financial_eur_bn", "humanitarian_eur_bn", "military_eur_bn", "total_eur_bn"];
    let mut out = Vec::new();
    for (line, r) in records(file, text, &header)? {
        let eu_member = match field(&r, 1) {
            "1" => true,
            "0" => false,
            other => {
                return Err(LedgerError::parse(file, line, format!("eu_member: `{other}` (expected 0 or 1)")));
            }
        };
        out.push(DonorTotal {
            donor: field(&r, 0).to_string(),
            eu_member,
            financial: number(file, line, "financial_eur_bn", field(&r, 2))?,
            humanitarian: number(file, line, "humanitarian_eur_bn", field(&r, 3))?,
            military: number(file, line, "military_eur_bn", field(&r, 4))?,
            total: number(file, line, "total_eur_bn", field(&r, 5))?,
        });
    }
    Ok(out)
}

fn parse_pledges(file: &str, text: &str) -> Result<Vec<Pledge>> {
    let header = [
        "id",
        "date",
        "event",
        "document",
        "paragraph",
        "url",
        "parties",
        "measure",
        "comparator",
        "value",
        "unit",
        "deadline",
        "data_measure",
        "terms",
    ];
    let mut out = Vec::new();
    for (line, r) in records(file, text, &header)? {
        let date = Date::parse(field(&r, 1))
            .ok_or_else(|| LedgerError::parse(file, line, format!("date: `{}` is not YYYY-MM-DD", field(&r, 1))))?;
        let comparator = match field(&r, 8) {
            "at_least" => Comparator::AtLeast,
            "up_to" => Comparator::UpTo,
            other => {
                return Err(LedgerError::parse(
                    file,
                    line,
                    format!("comparator: `{other}` (expected at_least or up_to)"),
                ));
            }
        };
        let deadline = match field(&r, 11) {
            "" => None,
            s => Some(year(file, line, s)?),
        };
        let data_measure = match field(&r, 12) {
            "" => None,
            s => Some(
                Measure::parse(s)
                    .ok_or_else(|| LedgerError::parse(file, line, format!("data_measure: unknown measure `{s}`")))?,
            ),
        };
        out.push(Pledge {
            id: field(&r, 0).to_string(),
            date,
            event: field(&r, 2).to_string(),
            document: field(&r, 3).to_string(),
            paragraph: field(&r, 4).to_string(),
            url: field(&r, 5).to_string(),
            parties: field(&r, 6).to_string(),
            measure: field(&r, 7).to_string(),
            comparator,
            value: number(file, line, "value", field(&r, 9))?,
            unit: field(&r, 10).to_string(),
            deadline,
            data_measure,
            terms: field(&r, 13).to_string(),
        });
    }
    Ok(out)
}
