//! NATO membership over time: who is an Ally, since when, under which named rule, and how names resolve.

use std::fmt;

use serde::Serialize;

use crate::date::Date;
use crate::error::{LedgerError, Result};

/// One Ally, with the names each source uses for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    /// NATO's name, as in the defence-expenditure tables (`Türkiye`, `Slovak Republic`).
    pub name: String,
    /// ISO 3166-1 alpha-3 code.
    pub iso3: String,
    /// SIPRI's name.
    pub sipri_name: String,
    /// The Kiel tracker's name.
    pub kiel_name: String,
    /// True for European Allies (all but Canada and the United States).
    pub european: bool,
    /// Date the Ally's accession took effect (founders: the treaty's entry into force, 1949-08-24).
    pub accession: Date,
    /// Free-text note (e.g. Germany: Federal Republic until 1990).
    pub note: String,
}

/// Which member-years a computation counts. Every computation names its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MembershipRule {
    /// A member in every year from its accession year on, the accession year included
    /// ("member at any time in the year"). This is NATO's convention for its aggregates.
    AccessionYear,
    /// A member in a year if it was a member on 1 January of that year.
    OnJanuary1,
    /// Every Ally in every year the table reports, membership ignored (NATO's tables carry
    /// figures for years before accession).
    AllReported,
}

impl MembershipRule {
    /// Every rule.
    pub const ALL: [MembershipRule; 3] =
        [MembershipRule::AccessionYear, MembershipRule::OnJanuary1, MembershipRule::AllReported];

    /// The rule's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            MembershipRule::AccessionYear => "accession-year",
            MembershipRule::OnJanuary1 => "on-january-1",
            MembershipRule::AllReported => "all-reported",
        }
    }

    /// One sentence for a reader.
    pub fn describe(self) -> &'static str {
        match self {
            MembershipRule::AccessionYear => {
                "an Ally counts from its accession year on, that year included (NATO's convention)"
            }
            MembershipRule::OnJanuary1 => "an Ally counts in a year if it was a member on 1 January",
            MembershipRule::AllReported => "every Ally counts in every reported year, before accession too",
        }
    }

    /// Parses a rule name.
    pub fn parse(s: &str) -> Option<MembershipRule> {
        MembershipRule::ALL.into_iter().find(|r| r.name() == s)
    }
}

impl fmt::Display for MembershipRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which Allies a computation covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    /// All Allies.
    All,
    /// European Allies.
    Europe,
    /// European Allies and Canada (NATO's "NATO Europe and Canada").
    EuropeAndCanada,
}

impl Group {
    /// Every group.
    pub const ALL: [Group; 3] = [Group::All, Group::Europe, Group::EuropeAndCanada];

    /// Name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Group::All => "all",
            Group::Europe => "europe",
            Group::EuropeAndCanada => "europe-and-canada",
        }
    }

    /// Parses a group name.
    pub fn parse(s: &str) -> Option<Group> {
        Group::ALL.into_iter().find(|g| g.name() == s)
    }

    /// True if `m` is in the group.
    pub fn contains(self, m: &Member) -> bool {
        match self {
            Group::All => true,
            Group::Europe => m.european,
            Group::EuropeAndCanada => m.european || m.iso3 == "CAN",
        }
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The Allies.
#[derive(Debug, Clone, Default)]
pub struct Members {
    list: Vec<Member>,
}

/// Folds a name for lenient matching: lower case, `ü`→`u`, punctuation dropped.
fn fold(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'ü' | 'Ü' => Some('u'),
            c if c.is_alphanumeric() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// Extra spellings people use.
const ALIASES: [(&str, &str); 8] = [
    ("turkey", "TUR"),
    ("uk", "GBR"),
    ("britain", "GBR"),
    ("greatbritain", "GBR"),
    ("us", "USA"),
    ("czechrepublic", "CZE"),
    ("macedonia", "MKD"),
    ("westgermany", "DEU"),
];

impl Members {
    /// Builds the set from a list.
    pub fn new(list: Vec<Member>) -> Members {
        Members { list }
    }

    /// All Allies, in file order.
    pub fn all(&self) -> &[Member] {
        &self.list
    }

    /// Looks up an Ally by any of its names or its ISO code (case-insensitive).
    pub fn find(&self, input: &str) -> Option<&Member> {
        let f = fold(input);
        if f.is_empty() {
            return None;
        }
        if let Some(m) = self
            .list
            .iter()
            .find(|m| fold(&m.name) == f || fold(&m.iso3) == f || fold(&m.sipri_name) == f || fold(&m.kiel_name) == f)
        {
            return Some(m);
        }
        ALIASES.iter().find(|(a, _)| *a == f).and_then(|(_, iso)| self.list.iter().find(|m| m.iso3 == *iso))
    }

    /// Like [`Members::find`], with a "did you mean" error.
    pub fn resolve(&self, input: &str) -> Result<&Member> {
        self.find(input).ok_or_else(|| LedgerError::UnknownCountry {
            input: input.to_string(),
            suggestion: suggest(input, self.list.iter().map(|m| m.name.as_str())),
        })
    }

    /// True if `m` counts as a member in `year` under `rule`.
    pub fn is_member(m: &Member, year: i32, rule: MembershipRule) -> bool {
        match rule {
            MembershipRule::AccessionYear => m.accession.year <= year,
            MembershipRule::OnJanuary1 => m.accession <= Date { year, month: 1, day: 1 },
            MembershipRule::AllReported => true,
        }
    }

    /// The Allies of `group` that count in `year` under `rule`.
    pub fn members_in(&self, year: i32, rule: MembershipRule, group: Group) -> Vec<&Member> {
        self.list.iter().filter(|m| group.contains(m) && Members::is_member(m, year, rule)).collect()
    }
}

/// The closest candidate to `input`, if it is reasonably close.
pub fn suggest<'a>(input: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let f = fold(input);
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&f, &fold(c));
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.filter(|(s, _)| *s >= 0.75).map(|(_, c)| c.to_string())
}
