//! Reading ATOP's member-level CSV: one row per alliance × member × phase.
//!
//! Hand-written rather than a CSV crate because the file is plain (no quoting in v4.01),
//! and because every error must name the file and line. Quoted fields are still accepted,
//! so a hand-edited or re-exported CSV reads the same.

use std::fmt;

use pactum_model::time::Date;

use crate::vars::VARS;

/// Columns every member-level file must have. Condition columns may be missing (older or
/// trimmed files): those variables are then not compared.
pub const REQUIRED: &[&str] = &[
    "atopid", "member", "phase", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", "defense", "offense",
    "neutral", "nonagg", "consul",
];

/// One member-phase row.
#[derive(Debug, Clone)]
pub struct AtopRow {
    /// The physical line of the file (the header is line 1).
    pub line: usize,
    pub atopid: u32,
    /// The member's Correlates of War state code.
    pub member: u32,
    /// 0 for alliances with a single phase, else 1, 2, …
    pub phase: u32,
    /// When the member entered this phase (ATOP dates alliances from signature).
    pub entry: Option<Date>,
    /// When it left this phase; `None` while still in force (ATOP's year 0).
    pub exit: Option<Date>,
    /// Values of [`VARS`], in order; `None` when the column is absent or the cell blank.
    pub values: Vec<Option<u8>>,
    /// Every cell, for reading other columns by name.
    cells: Vec<String>,
}

/// A parsed member-level file.
#[derive(Debug, Clone)]
pub struct AtopData {
    /// How the file is named in evidence and messages.
    pub source: String,
    header: Vec<String>,
    pub rows: Vec<AtopRow>,
    /// Variables of [`VARS`] the file has no column for.
    pub missing_vars: Vec<&'static str>,
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataError {
    Empty { file: String },
    MissingColumns { file: String, columns: Vec<String> },
    Malformed { file: String, line: usize, message: String },
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::Empty { file } => write!(f, "{file}: the file is empty (expected ATOP's member-level CSV)"),
            DataError::MissingColumns { file, columns } => write!(
                f,
                "{file}:1: not an ATOP member-level CSV: missing column{} {}",
                if columns.len() == 1 { "" } else { "s" },
                columns.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
            ),
            DataError::Malformed { file, line, message } => write!(f, "{file}:{line}: {message}"),
        }
    }
}

impl std::error::Error for DataError {}

impl AtopRow {
    /// The value of the variable at `index` in [`VARS`].
    pub fn value(&self, index: usize) -> Option<u8> {
        self.values.get(index).copied().flatten()
    }

    /// Whether the row's period holds `date` (entry inclusive, exit exclusive).
    pub fn holds(&self, date: Date) -> bool {
        self.entry.is_none_or(|e| e <= date) && self.exit.is_none_or(|x| date < x)
    }
}

impl AtopData {
    /// Parses a member-level CSV. `source` names the file in messages.
    pub fn parse(source: &str, text: &str) -> Result<AtopData, DataError> {
        let mut records = Records { text, pos: 0, line: 1 };
        let file = source.to_string();
        let Some((_, header)) = records.next_record().map_err(|(line, message)| DataError::Malformed {
            file: file.clone(),
            line,
            message,
        })?
        else {
            return Err(DataError::Empty { file });
        };
        let header: Vec<String> =
            header.into_iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase()).collect();
        let col = |name: &str| header.iter().position(|h| h == name);
        let missing: Vec<String> = REQUIRED.iter().filter(|c| col(c).is_none()).map(|c| c.to_string()).collect();
        if !missing.is_empty() {
            return Err(DataError::MissingColumns { file, columns: missing });
        }
        let var_cols: Vec<Option<usize>> = VARS.iter().map(|v| col(v.name)).collect();
        let missing_vars = VARS.iter().zip(&var_cols).filter(|(_, c)| c.is_none()).map(|(v, _)| v.name).collect();
        let mut rows = Vec::new();
        loop {
            let (line, cells) = match records.next_record() {
                Ok(Some(r)) => r,
                Ok(None) => break,
                Err((line, message)) => return Err(DataError::Malformed { file, line, message }),
            };
            if cells.len() == 1 && cells[0].trim().is_empty() {
                continue;
            }
            if cells.len() != header.len() {
                return Err(DataError::Malformed {
                    file,
                    line,
                    message: format!("{} fields, but the header has {}", cells.len(), header.len()),
                });
            }
            let bad = |name: &str, v: &str, what: &str| DataError::Malformed {
                file: file.clone(),
                line,
                message: format!("column `{name}`: `{v}` is not {what}"),
            };
            let int = |name: &str| -> Result<Option<i64>, DataError> {
                let Some(i) = col(name) else { return Ok(None) };
                let v = cells[i].trim();
                if v.is_empty() {
                    return Ok(None);
                }
                // Some re-exports write integers as `2.0`.
                match v.parse::<i64>() {
                    Ok(n) => Ok(Some(n)),
                    Err(_) => match v.parse::<f64>() {
                        Ok(x) if x.fract() == 0.0 && x.abs() < 1e12 => Ok(Some(x as i64)),
                        _ => Err(bad(name, v, "a whole number")),
                    },
                }
            };
            let required_u32 = |name: &str| -> Result<u32, DataError> {
                let v = col(name).map(|i| cells[i].trim()).unwrap_or("");
                int(name)?
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| bad(name, v, "a non-negative whole number"))
            };
            let atopid = required_u32("atopid")?;
            let member = required_u32("member")?;
            let phase = int("phase")?.and_then(|n| u32::try_from(n).ok()).unwrap_or(0);
            let date = |y: &str, m: &str, d: &str| -> Result<Option<Date>, DataError> {
                let year = int(y)?.unwrap_or(0);
                if year == 0 {
                    return Ok(None);
                }
                // ATOP leaves unknown months and days blank or 0: take the first.
                let month = int(m)?.unwrap_or(0).max(1);
                let day = int(d)?.unwrap_or(0).max(1);
                let (Ok(year), Ok(month), Ok(day)) = (i32::try_from(year), u32::try_from(month), u32::try_from(day))
                else {
                    return Err(bad(y, &year.to_string(), "a date"));
                };
                Date::new(year, month, day)
                    .map(Some)
                    .map_err(|_| bad(y, &format!("{year}-{month:02}-{day:02}"), "a real date"))
            };
            let entry = date("yrent", "moent", "dayent")?;
            let exit = date("yrexit", "moexit", "dayexit")?;
            let mut values = Vec::with_capacity(VARS.len());
            for (v, c) in VARS.iter().zip(&var_cols) {
                let value = match c {
                    None => None,
                    Some(_) => match int(v.name)? {
                        None => None,
                        Some(0) => Some(0),
                        Some(n) if n > 0 => Some(1),
                        Some(n) => return Err(bad(v.name, &n.to_string(), "0 or 1")),
                    },
                };
                values.push(value);
            }
            rows.push(AtopRow { line, atopid, member, phase, entry, exit, values, cells });
        }
        Ok(AtopData { source: source.to_string(), header, rows, missing_vars })
    }

    /// The bundled ATOP v4.01 member-level file.
    pub fn bundled() -> Result<AtopData, DataError> {
        AtopData::parse(crate::BUNDLED_MEMBER_CSV_NAME, crate::BUNDLED_MEMBER_CSV)
    }

    /// The rows of one alliance, in file order.
    pub fn alliance(&self, atopid: u32) -> Vec<&AtopRow> {
        self.rows.iter().filter(|r| r.atopid == atopid).collect()
    }

    /// A cell by column name (lower case), trimmed; `None` when there is no such column.
    pub fn cell<'a>(&self, row: &'a AtopRow, column: &str) -> Option<&'a str> {
        let i = self.header.iter().position(|h| h == column)?;
        row.cells.get(i).map(|s| s.trim())
    }

    /// Whether the file has a column for the variable.
    pub fn has_var(&self, name: &str) -> bool {
        !self.missing_vars.contains(&name)
    }
}

/// A record and the line it starts on.
type Record = (usize, Vec<String>);
/// An unclosed quote: the line the record starts on, and the message.
type RecordError = (usize, String);

/// Splits CSV text into records, tracking the line each starts on.
struct Records<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl Records<'_> {
    /// The next record and its first line; `Err((line, message))` for an unclosed quote.
    fn next_record(&mut self) -> Result<Option<Record>, RecordError> {
        if self.pos >= self.text.len() {
            return Ok(None);
        }
        let start_line = self.line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut in_quotes = false;
        let mut chars = self.text[self.pos..].char_indices().peekable();
        let mut consumed = self.text.len() - self.pos;
        while let Some((i, c)) = chars.next() {
            if in_quotes {
                match c {
                    '"' if chars.peek().is_some_and(|&(_, n)| n == '"') => {
                        field.push('"');
                        chars.next();
                    }
                    '"' => in_quotes = false,
                    '\n' => {
                        self.line += 1;
                        field.push(c);
                    }
                    _ => field.push(c),
                }
                continue;
            }
            match c {
                '"' if field.trim().is_empty() => {
                    field.clear();
                    in_quotes = true;
                }
                ',' => fields.push(std::mem::take(&mut field)),
                '\r' => {}
                '\n' => {
                    self.line += 1;
                    consumed = i + 1;
                    break;
                }
                _ => field.push(c),
            }
        }
        if in_quotes {
            return Err((start_line, "a quoted field is never closed".to_string()));
        }
        fields.push(field);
        self.pos += consumed;
        Ok(Some((start_line, fields)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const HEAD: &str =
        "atopid,member,phase,yrent,moent,dayent,yrexit,moexit,dayexit,defense,offense,neutral,nonagg,consul,defcoloc\n";

    #[test]
    fn reads_rows_and_dates() {
        let d = AtopData::parse(
            "t.csv",
            &format!("{HEAD}3375,2,0,1960,1,19,0,0,0,1,0,0,1,1,0\n3375,740,0,1960,1,,1970,2,3,0,0,0,1,1,1\n"),
        )
        .unwrap();
        assert_eq!(d.rows.len(), 2);
        assert_eq!(d.rows[1].line, 3);
        assert_eq!(d.rows[1].entry.unwrap().to_string(), "1960-01-01");
        assert_eq!(d.rows[1].exit.unwrap().to_string(), "1970-02-03");
        assert!(d.rows[0].exit.is_none());
        assert!(d.missing_vars.contains(&"concoreq"));
        assert!(!d.has_var("defcoadv"));
        assert_eq!(d.cell(&d.rows[0], "member"), Some("2"));
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = AtopData::parse("t.csv", "atopid,member\n1,2\n").unwrap_err();
        assert!(e.to_string().starts_with("t.csv:1: not an ATOP member-level CSV: missing columns `phase`"), "{e}");
        let e = AtopData::parse("t.csv", &format!("{HEAD}3375,2,0,1960,1,19,0,0,0,1,0,0,1,1\n")).unwrap_err();
        assert_eq!(e.to_string(), "t.csv:2: 14 fields, but the header has 15");
        let e = AtopData::parse("t.csv", &format!("{HEAD}3375,2,0,1960,1,19,0,0,0,yes,0,0,1,1,0\n")).unwrap_err();
        assert_eq!(e.to_string(), "t.csv:2: column `defense`: `yes` is not a whole number");
        let e = AtopData::parse("t.csv", &format!("{HEAD}3375,2,0,1960,2,30,0,0,0,1,0,0,1,1,0\n")).unwrap_err();
        assert!(e.to_string().contains("not a real date"), "{e}");
        let e = AtopData::parse("t.csv", &format!("{HEAD}\"3375,2\n")).unwrap_err();
        assert_eq!(e.to_string(), "t.csv:2: a quoted field is never closed");
        assert_eq!(AtopData::parse("t.csv", "").unwrap_err(), DataError::Empty { file: "t.csv".into() });
    }

    #[test]
    fn quoted_fields_and_crlf() {
        let d = AtopData::parse(
            "t.csv",
            &format!("{}\"3375\",2,0,1960,1,19,0,0,0,1,0,0,1,1,\"0\"\r\n", HEAD.replace('\n', "\r\n")),
        )
        .unwrap();
        assert_eq!(d.rows[0].atopid, 3375);
        assert_eq!(d.rows[0].value(0), Some(1));
    }

    #[test]
    fn bundled_file_reads() {
        let d = AtopData::bundled().unwrap();
        assert_eq!(d.rows.len(), 2398);
        assert!(d.missing_vars.is_empty());
        assert_eq!(d.alliance(3375).len(), 2);
    }
}
