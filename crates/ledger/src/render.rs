//! Text and CSV renderings of the ledger's results (JSON is the results' serde form).

use std::fmt::Write as _;

use crate::aid::{AidComparison, AidKind, DatedSignal, PeriodValue, RollingPoint};
use crate::backlog::BacklogResult;
use crate::claims::Claim;
use crate::compliance::ComplianceReport;
use crate::members::{Members, MembershipRule};
use crate::path::PathReport;
use crate::pledge::Pledge;

/// Quotes a CSV field when needed.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

fn opt(v: Option<f64>, prec: usize) -> String {
    v.map_or_else(String::new, |v| format!("{v:.prec$}"))
}

/// Compliance: a country × year matrix (share, `*` below target, `e` estimate) and yearly counts.
pub fn compliance_text(r: &ComplianceReport) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Compliance with {}% of GDP, {}–{} ({})", r.target_pct, r.from, r.to, r.source.citation());
    let _ = writeln!(o, "Rule: {}", r.rule);
    let _ = writeln!(
        o,
        "Cells: share of GDP; * below the target; e estimate; blank: not a member that year; n/a: no figure."
    );
    let _ = writeln!(o);
    let mut countries: Vec<&str> = Vec::new();
    for row in &r.rows {
        if !countries.contains(&row.country.as_str()) {
            countries.push(&row.country);
        }
    }
    let _ = write!(o, "{:<17}", "country");
    for y in r.from..=r.to {
        let _ = write!(o, "{y:>8}");
    }
    let _ = writeln!(o);
    for c in &countries {
        let _ = write!(o, "{c:<17}");
        for y in r.from..=r.to {
            let cell = match r.rows.iter().find(|x| x.country == *c && x.year == y) {
                None => String::new(),
                Some(x) => match x.share_pct {
                    None => "n/a".into(),
                    Some(v) => format!(
                        "{v:.2}{}{}",
                        if x.status.is_some_and(crate::series::Status::is_estimate) { "e" } else { "" },
                        if x.meets == Some(false) { "*" } else { "" }
                    ),
                },
            };
            let _ = write!(o, "{cell:>8}");
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "{:<6} {:>7} {:>7} {:>7} {:>7} {:>16}",
        "year", "members", "meeting", "below", "no fig", "gap USD bn 2015"
    );
    for y in &r.years {
        let gap: f64 = r.rows.iter().filter(|x| x.year == y.year).filter_map(|x| x.gap_usd_constant2015_million).sum();
        let _ = writeln!(
            o,
            "{:<6} {:>7} {:>7} {:>7} {:>7} {:>16.1}",
            y.year,
            y.members,
            y.meeting,
            y.below,
            y.missing,
            gap / 1000.0
        );
    }
    o
}

/// Compliance as CSV, one row per member-year.
pub fn compliance_csv(r: &ComplianceReport) -> String {
    let mut o = String::from(
        "country,iso3,year,share_of_gdp_pct,status,target_pct,meets,gap_pp,gap_usd_constant2015_million\n",
    );
    for x in &r.rows {
        let _ = writeln!(
            o,
            "{},{},{},{},{},{},{},{},{}",
            csv_field(&x.country),
            x.iso3,
            x.year,
            opt(x.share_pct, 4),
            x.status.map_or("", |s| s.as_str()),
            r.target_pct,
            x.meets.map_or(String::new(), |b| b.to_string()),
            opt(x.gap_pp, 4),
            opt(x.gap_usd_constant2015_million, 1)
        );
    }
    o
}

/// The backlog: rule, per-year counts, per-country counts, total.
pub fn backlog_text(b: &BacklogResult) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Backlog under rule `{}`: {} member-years below {}% of GDP, {}–{}",
        b.rule.name, b.total, b.rule.target_pct, b.rule.from, b.rule.to
    );
    let _ = writeln!(o, "Rule: {}", b.description);
    let _ = writeln!(o, "Source: {}", b.source.citation());
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "{:<6} {:>7} {:>7} {:>7} {:>7} {:>10} {:>10}",
        "year", "members", "below", "meeting", "no fig", "estim. out", "cumulative"
    );
    let mut cum = 0;
    for y in &b.by_year {
        cum += y.below;
        let _ = writeln!(
            o,
            "{:<6} {:>7} {:>7} {:>7} {:>7} {:>10} {:>10}",
            y.year, y.members, y.below, y.meeting, y.missing, y.estimates_left_out, cum
        );
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "Member-years below, by country:");
    for (c, n) in &b.by_country {
        let _ = writeln!(o, "  {c:<17} {n:>3}");
    }
    let _ = writeln!(o, "Total: {}", b.total);
    o
}

/// The backlog per year as CSV.
pub fn backlog_csv(b: &BacklogResult) -> String {
    let mut o = String::from("rule,year,members,below,meeting,missing,estimates_left_out\n");
    for y in &b.by_year {
        let _ = writeln!(
            o,
            "{},{},{},{},{},{},{}",
            b.rule.name, y.year, y.members, y.below, y.meeting, y.missing, y.estimates_left_out
        );
    }
    o
}

/// Several rules side by side.
pub fn backlog_compare_text(results: &[BacklogResult]) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{:<20} {:>6}  rule", "name", "total");
    for b in results {
        let _ = writeln!(o, "{:<20} {:>6}  {}", b.rule.name, b.total, b.description);
    }
    o
}

/// The path to a target.
pub fn path_text(p: &PathReport) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Path to {}% of GDP by {} from {} ({} years)", p.target_pct, p.by, p.base_year, p.years);
    let _ = writeln!(o, "Rule: {}", p.rule);
    let _ = writeln!(o, "Source: {}", p.source.citation());
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "{:<17} {:>7} {:>9} {:>8} {:>10} {:>12} {:>12}",
        "country", "share", "pp/year", "GDP g%", "def. g%/yr", "USD bn base", "USD bn goal"
    );
    for r in &p.rows {
        let _ = writeln!(
            o,
            "{:<17} {:>6.2}{} {:>9.3} {:>8.2} {:>10.2} {:>12.1} {:>12.1}",
            r.country,
            r.base_share_pct,
            if r.base_status.is_estimate() { "e" } else { " " },
            r.required_pp_per_year,
            r.gdp_growth_pct,
            r.required_real_growth_pct,
            r.base_usd_constant2015_million / 1000.0,
            r.deadline_usd_constant2015_million / 1000.0
        );
    }
    let met = p.rows.iter().filter(|r| r.already_met).count();
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "{} of {} Allies with a figure already at or above {}% in {}.",
        met,
        p.rows.len(),
        p.target_pct,
        p.base_year
    );
    let _ = writeln!(
        o,
        "Total defence expenditure: {:.1} bn USD (2015 prices) in {} → {:.1} bn in {}.",
        p.total_base_usd_constant2015_million / 1000.0,
        p.base_year,
        p.total_deadline_usd_constant2015_million / 1000.0,
        p.by
    );
    o
}

/// The path as CSV.
pub fn path_csv(p: &PathReport) -> String {
    let mut o = String::from(
        "country,base_year,base_share_pct,base_status,target_pct,by,already_met,required_pp_per_year,gdp_growth_pct,required_real_growth_pct,base_usd_constant2015_million,deadline_usd_constant2015_million\n",
    );
    for r in &p.rows {
        let _ = writeln!(
            o,
            "{},{},{:.4},{},{},{},{},{:.4},{:.4},{:.4},{:.1},{:.1}",
            csv_field(&r.country),
            p.base_year,
            r.base_share_pct,
            r.base_status,
            p.target_pct,
            p.by,
            r.already_met,
            r.required_pp_per_year,
            r.gdp_growth_pct,
            r.required_real_growth_pct,
            r.base_usd_constant2015_million,
            r.deadline_usd_constant2015_million
        );
    }
    o
}

/// Aid periods.
pub fn aid_periods_text(kind: AidKind, values: &[PeriodValue]) -> String {
    let mut o = String::new();
    let _ =
        writeln!(o, "Ukraine aid allocations, {kind}, all donors, EUR bn (Kiel Ukraine Support Tracker, Release 28)");
    let _ = writeln!(o, "{:<22} {:>6} {:>10} {:>12}", "period", "months", "sum", "per month");
    for v in values {
        let _ = writeln!(o, "{:<22} {:>6} {:>10.3} {:>12.3}", v.label, v.months, v.sum_eur_bn, v.monthly_avg_eur_bn);
    }
    o
}

/// Aid periods as CSV.
pub fn aid_periods_csv(kind: AidKind, values: &[PeriodValue]) -> String {
    let mut o = String::from("kind,start,end,months,sum_eur_bn,monthly_avg_eur_bn\n");
    for v in values {
        let _ = writeln!(
            o,
            "{kind},{},{},{},{:.3},{:.4}",
            v.period.start, v.period.end, v.months, v.sum_eur_bn, v.monthly_avg_eur_bn
        );
    }
    o
}

/// A comparison of two periods.
pub fn aid_compare_text(c: &AidComparison) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} aid, {} against {}: {:+.1}%", c.kind, c.test.label, c.base.label, c.change_pct);
    let _ = writeln!(o, "Rule: {}", c.rule);
    let _ = writeln!(o, "Source: {}", c.source.citation());
    o
}

/// A comparison as CSV.
pub fn aid_compare_csv(c: &AidComparison) -> String {
    format!(
        "kind,base_start,base_end,base_sum_eur_bn,base_monthly_avg_eur_bn,test_start,test_end,test_sum_eur_bn,test_monthly_avg_eur_bn,change_pct\n{},{},{},{:.3},{:.4},{},{},{:.3},{:.4},{:.2}\n",
        c.kind,
        c.base.period.start,
        c.base.period.end,
        c.base.sum_eur_bn,
        c.base.monthly_avg_eur_bn,
        c.test.period.start,
        c.test.period.end,
        c.test.sum_eur_bn,
        c.test.monthly_avg_eur_bn,
        c.change_pct
    )
}

/// Rolling averages.
pub fn rolling_text(kind: AidKind, window: usize, pts: &[RollingPoint]) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Ukraine aid allocations, {kind}, all donors: trailing {window}-month average, EUR bn per month (Kiel Release 28)"
    );
    for p in pts {
        let _ = writeln!(o, "{}  {:>8.3}", p.month, p.avg_eur_bn);
    }
    o
}

/// Signals.
pub fn signals_text(sig: &[DatedSignal]) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{:<22} {:<16} {:>9} {:>10} {:>9}  baseline", "period", "donor", "sum", "per month", "change");
    for s in sig {
        let _ = writeln!(
            o,
            "{:<22} {:<16} {:>9.3} {:>10.3} {:>9}  {}",
            s.label,
            s.donor,
            s.value_eur_bn,
            s.monthly_avg_eur_bn,
            s.change_pct.map_or_else(|| "—".to_string(), |c| format!("{c:+.1}%")),
            s.baseline
        );
    }
    o
}

/// Signals as CSV.
pub fn signals_csv(sig: &[DatedSignal]) -> String {
    let mut o = String::from("start,end,donor,kind,value_eur_bn,monthly_avg_eur_bn,change_pct,baseline,source\n");
    for s in sig {
        let _ = writeln!(
            o,
            "{},{},{},{},{:.3},{:.4},{},{},{}",
            s.period.start,
            s.period.end,
            csv_field(&s.donor),
            s.kind,
            s.value_eur_bn,
            s.monthly_avg_eur_bn,
            opt(s.change_pct, 2),
            csv_field(&s.baseline),
            s.source.key()
        );
    }
    o
}

fn fmt_value(v: Option<f64>) -> String {
    match v {
        None => "—".into(),
        Some(v) if v.fract() == 0.0 && v.abs() < 1e9 => format!("{v:.0}"),
        Some(v) => format!("{v:.3}"),
    }
}

/// Claims: each figure with its verdict, rule, computation, closest readings.
pub fn claims_text(claims: &[Claim], all_candidates: bool) -> String {
    let mut o = String::new();
    for c in claims {
        let _ = writeln!(o, "== {}: {}", c.id, c.quote);
        for f in &c.figures {
            let _ = writeln!(o, "  [{}] {}: {}", f.id, f.figure, f.verdict.words().to_uppercase());
            let _ = writeln!(o, "    rule:        {}", f.rule);
            let _ = writeln!(o, "    computation: {}", f.computation);
            let _ = writeln!(
                o,
                "    result:      {} (claimed {} ± {}, {})",
                fmt_value(f.value),
                fmt_value(Some(f.claimed)),
                f.tolerance,
                f.unit
            );
            if !f.candidates.is_empty() {
                let mut cs: Vec<&crate::claims::Candidate> = f.candidates.iter().collect();
                if !all_candidates {
                    cs.sort_by(|a, b| {
                        let d = |x: &crate::claims::Candidate| x.value.map_or(f64::INFINITY, |v| (v - f.claimed).abs());
                        d(a).total_cmp(&d(b))
                    });
                }
                let shown = if all_candidates { cs.len() } else { cs.len().min(5) };
                let _ = writeln!(
                    o,
                    "    other readings ({} of {}{}):",
                    shown,
                    cs.len(),
                    if all_candidates { "" } else { ", closest first" }
                );
                for cand in cs.iter().take(shown) {
                    let _ = writeln!(
                        o,
                        "      {:>9} {} {}",
                        fmt_value(cand.value),
                        if cand.matches { "=" } else { " " },
                        cand.rule
                    );
                }
            }
            let _ = writeln!(o, "    note:        {}", f.note);
        }
        let _ = writeln!(o);
    }
    let count = |v: crate::claims::Verdict| claims.iter().flat_map(|c| &c.figures).filter(|f| f.verdict == v).count();
    let _ = writeln!(
        o,
        "Summary: {} reproduced, {} not reproduced, {} not reproducible from the data at hand.",
        count(crate::claims::Verdict::Reproduced),
        count(crate::claims::Verdict::NotReproduced),
        count(crate::claims::Verdict::NotReproducible)
    );
    o
}

/// Claims as CSV, one row per figure.
pub fn claims_csv(claims: &[Claim]) -> String {
    let mut o = String::from("claim,figure_id,figure,claimed,unit,tolerance,verdict,value,rule,computation\n");
    for c in claims {
        for f in &c.figures {
            let _ = writeln!(
                o,
                "{},{},{},{},{},{},{},{},{},{}",
                c.id,
                f.id,
                csv_field(&f.figure),
                f.claimed,
                csv_field(&f.unit),
                f.tolerance,
                serde_json::to_value(f.verdict).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
                opt(f.value, 4),
                csv_field(&f.rule),
                csv_field(&f.computation)
            );
        }
    }
    o
}

/// Membership table.
pub fn members_text(members: &Members, year: Option<i32>, rule: MembershipRule) -> String {
    let mut o = String::new();
    match year {
        Some(y) => {
            let ms = members.members_in(y, rule, crate::members::Group::All);
            let _ = writeln!(o, "Allies in {y} under membership rule `{rule}` ({}): {}", rule.describe(), ms.len());
            for m in ms {
                let _ = writeln!(o, "  {:<17} {} {}", m.name, m.iso3, m.accession);
            }
        }
        None => {
            let _ = writeln!(o, "{:<17} {:<4} {:<10} {:<7} note", "Ally", "iso3", "accession", "region");
            for m in members.all() {
                let _ = writeln!(
                    o,
                    "{:<17} {:<4} {} {:<7} {}",
                    m.name,
                    m.iso3,
                    m.accession,
                    if m.european { "europe" } else { "n.am." },
                    m.note
                );
            }
        }
    }
    o
}

/// Pledges table.
pub fn pledges_text(pledges: &[Pledge]) -> String {
    let mut o = String::new();
    for p in pledges {
        let _ = writeln!(
            o,
            "{:<28} {} {} {} {} {} by {}  [{} ¶{}]",
            p.id,
            p.date,
            match p.comparator {
                crate::pledge::Comparator::AtLeast => "≥",
                crate::pledge::Comparator::UpTo => "≤",
            },
            p.value,
            p.unit,
            p.data_measure.map_or("(no series at hand)", |m| m.as_str()),
            p.deadline.map_or_else(|| "—".to_string(), |d| d.to_string()),
            p.document,
            p.paragraph
        );
        let _ = writeln!(o, "{:<28} {}", "", p.terms);
    }
    o
}

/// Pledges against the data.
pub fn deliveries_text(ds: &[crate::delivery::Delivery]) -> String {
    let mut o = String::new();
    for d in ds {
        let n = d.meeting.len() + d.short.len();
        match d.year {
            None => {
                let _ = writeln!(o, "{:<28} {}", d.pledge, d.note);
            }
            Some(_) => {
                let _ = writeln!(
                    o,
                    "{:<28} {} of {} Allies with a figure meet it; {}",
                    d.pledge,
                    d.meeting.len(),
                    n,
                    d.note
                );
                if !d.short.is_empty() {
                    let list: Vec<String> = d.short.iter().map(|f| format!("{} {:.2}", f.country, f.value)).collect();
                    let _ = writeln!(o, "{:<28} short: {}", "", list.join(", "));
                }
                if !d.no_figure.is_empty() {
                    let _ = writeln!(o, "{:<28} no figure: {}", "", d.no_figure.join(", "));
                }
            }
        }
    }
    o
}
