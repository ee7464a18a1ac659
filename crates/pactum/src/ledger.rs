//! `pactum ledger`: defence spending against pledges, the backlog under named counting rules,
//! growth paths, aid flows, and the check of quoted figures (text, CSV, JSON, SVG).

use std::path::PathBuf;
use std::process::ExitCode;

use pactum_ledger::{
    self as ledger, AidKind, BacklogRule, GdpGrowth, Group, IcelandRule, Ledger, LedgerError, Member, MembershipRule,
    Period, chart, render,
};

/// Output format.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// CSV with a header row.
    Csv,
    /// JSON (see docs/json.md).
    Json,
}

/// Options every ledger command takes.
#[derive(clap::Args)]
pub struct Common {
    /// Read the data from DIR (laid out like the repository's data/) instead of the embedded copy.
    #[arg(long, value_name = "DIR")]
    data: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(clap::Subcommand)]
pub enum LedgerCommand {
    /// Compliance per member-year with a share-of-GDP target (NATO 2014–2024e).
    Compliance {
        /// Target, % of GDP (e.g. 2.0).
        #[arg(long, allow_negative_numbers = true)]
        target: f64,
        /// First year.
        #[arg(long, default_value_t = 2014)]
        from: i32,
        /// Last year.
        #[arg(long, default_value_t = 2024)]
        to: i32,
        /// Only these Allies (NATO name or ISO alpha-3; repeat or comma-separate).
        #[arg(long, value_delimiter = ',')]
        country: Vec<String>,
        /// Membership rule: accession-year, on-january-1, all-reported.
        #[arg(long, default_value = "accession-year")]
        membership: String,
        /// Also write an SVG chart (per-member trajectories against the target) to FILE.
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Member-years below a target under a named counting rule.
    Backlog {
        /// Threshold, % of GDP.
        #[arg(long, allow_negative_numbers = true)]
        target: f64,
        /// First year.
        #[arg(long, default_value_t = 2014)]
        from: i32,
        /// Last year.
        #[arg(long, default_value_t = 2024)]
        to: i32,
        /// Preset rule (nato, on-january-1, all-reported, with-iceland, actuals-only,
        /// published-2dp, sipri, sipri-with-iceland, sipri-on-january-1), or `all` to compare them.
        #[arg(long, default_value = "nato")]
        rule: String,
        /// Override the membership rule.
        #[arg(long)]
        membership: Option<String>,
        /// Override the Allies counted: all, europe, europe-and-canada.
        #[arg(long)]
        group: Option<String>,
        /// Override Iceland's treatment: exclude or count-as-below.
        #[arg(long)]
        iceland: Option<String>,
        /// Override: include or exclude estimate years.
        #[arg(long)]
        estimates: Option<String>,
        /// Write an SVG chart (the backlog by year) to FILE.
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Required growth path to a target by a deadline (e.g. 3.5% by 2035).
    Path {
        /// Target, % of GDP.
        #[arg(long, allow_negative_numbers = true)]
        target: f64,
        /// Deadline year.
        #[arg(long)]
        by: i32,
        /// Base year (default: the latest in the data).
        #[arg(long, default_value_t = 2024)]
        base_year: i32,
        /// Real GDP growth to assume, % a year (default: each Ally's own 2014–2024 average).
        #[arg(long, allow_negative_numbers = true)]
        gdp_growth: Option<f64>,
        /// Only these Allies.
        #[arg(long, value_delimiter = ',')]
        country: Vec<String>,
        /// Write an SVG chart (each Ally's trajectory and its required path) to FILE.
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Aid to Ukraine (Kiel Ukraine Support Tracker, Release 28): periods, comparisons, signals.
    #[command(subcommand)]
    Aid(AidCommand),
    /// Check the quoted figures (433 years, 3.5% vs 2.27%, 57%, 3.5%+1.5%, −43%) against the data.
    Claims {
        /// Only this claim (backlog-433, cold-war-vs-now, two-pct-57, hague-2035, aid-fell-43).
        #[arg(long)]
        id: Option<String>,
        /// List every reading tried, not only the closest.
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        common: Common,
    },
    /// NATO membership over time.
    Members {
        /// Only the Allies that count in this year.
        #[arg(long)]
        year: Option<i32>,
        /// Membership rule for --year.
        #[arg(long, default_value = "accession-year")]
        membership: String,
        #[command(flatten)]
        common: Common,
    },
    /// The pledges, as typed targets with their dates.
    Pledges {
        /// Assess each pledge against the data (delivered against pledged).
        #[arg(long)]
        assess: bool,
        #[command(flatten)]
        common: Common,
    },
    /// One Ally's compliance history against a target.
    Track {
        /// Ally (NATO name or ISO alpha-3).
        country: String,
        /// Target, % of GDP.
        #[arg(long, default_value_t = 2.0, allow_negative_numbers = true)]
        target: f64,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(clap::Subcommand)]
pub enum AidCommand {
    /// Allocations by consecutive periods (default: Kiel's two-month blocks).
    Periods {
        /// military, humanitarian, financial, total.
        #[arg(long, default_value = "military")]
        kind: String,
        /// Block length in months (1, 2, 3, 4, 6, 12).
        #[arg(long, default_value_t = 2)]
        block: u32,
        /// Write an SVG chart (aid by period) to FILE.
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Compare two periods by monthly averages (Kiel's convention).
    Compare {
        /// Reference period: YYYY-MM..YYYY-MM, YYYY-MM, YYYY-H1, YYYY-Q3, YYYY.
        #[arg(long, default_value = "2025-H1")]
        base: String,
        /// Period compared with it.
        #[arg(long, default_value = "2025-07..2025-08")]
        test: String,
        /// military, humanitarian, financial, total.
        #[arg(long, default_value = "military")]
        kind: String,
        /// Write an SVG chart (two-month blocks of the years involved) to FILE.
        #[arg(long, value_name = "FILE")]
        svg: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// Trailing rolling averages.
    Rolling {
        /// Window in months.
        #[arg(long, default_value_t = 3)]
        window: usize,
        /// military, humanitarian, financial, total.
        #[arg(long, default_value = "military")]
        kind: String,
        #[command(flatten)]
        common: Common,
    },
    /// Dated aid-flow signals (for credibility and the report).
    Signals {
        /// `all donors` or a Kiel donor name.
        #[arg(long, default_value = "all donors")]
        donor: String,
        /// military, humanitarian, financial, total.
        #[arg(long, default_value = "military")]
        kind: String,
        #[command(flatten)]
        common: Common,
    },
    /// Allocations by donor over the whole tracker period.
    Donors {
        #[command(flatten)]
        common: Common,
    },
}

pub fn run(cmd: LedgerCommand) -> ExitCode {
    match dispatch(cmd) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(if e.is_usage() { 2 } else { 1 })
        }
    }
}

type Res<T> = Result<T, LedgerError>;

fn load(c: &Common) -> Res<Ledger> {
    match &c.data {
        Some(d) => Ledger::from_dir(d),
        None => Ledger::embedded(),
    }
}

fn membership(s: &str) -> Res<MembershipRule> {
    MembershipRule::parse(s).ok_or_else(|| {
        LedgerError::arg("--membership", format!("unknown rule `{s}` (accession-year, on-january-1, all-reported)"))
    })
}

fn kind(s: &str) -> Res<AidKind> {
    AidKind::parse(s).ok_or_else(|| {
        LedgerError::arg("--kind", format!("unknown kind `{s}` (military, humanitarian, financial, total)"))
    })
}

fn period(arg: &str, s: &str) -> Res<Period> {
    Period::parse(s).ok_or_else(|| {
        LedgerError::arg(arg, format!("`{s}` is not a period (YYYY-MM..YYYY-MM, YYYY-MM, YYYY-H1, YYYY-Q3, YYYY)"))
    })
}

fn countries<'a>(l: &'a Ledger, names: &[String]) -> Res<Vec<&'a Member>> {
    names.iter().filter(|n| !n.trim().is_empty()).map(|n| l.members.resolve(n)).collect()
}

fn json<T: ledger::Serialize>(v: &T) -> Res<String> {
    ledger::to_json(v)
}

fn out(s: &str) {
    print!("{s}");
}

fn write_svg(path: &PathBuf, svg: &str) -> Res<()> {
    std::fs::write(path, svg)
        .map_err(|e| LedgerError::Io { file: path.display().to_string(), message: e.to_string() })?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

fn dispatch(cmd: LedgerCommand) -> Res<()> {
    match cmd {
        LedgerCommand::Compliance { target, from, to, country, membership: m, svg, common } => {
            let m = membership(&m)?;
            let l = load(&common)?;
            let cs = countries(&l, &country)?;
            let r = ledger::compliance(&l, target, from, to, m, &cs)?;
            match common.format {
                Format::Text => out(&render::compliance_text(&r)),
                Format::Csv => out(&render::compliance_csv(&r)),
                Format::Json => out(&json(&r)?),
            }
            if let Some(p) = svg {
                write_svg(&p, &chart::compliance_chart(&r))?;
            }
        }
        LedgerCommand::Backlog { target, from, to, rule, membership: m, group, iceland, estimates, svg, common } => {
            let l = load(&common)?;
            let names: Vec<&str> = if rule == "all" { ledger::backlog::PRESETS.to_vec() } else { vec![rule.as_str()] };
            let mut results = Vec::new();
            for name in names {
                let mut r = BacklogRule::preset(name, target, from, to).ok_or_else(|| {
                    LedgerError::arg(
                        "--rule",
                        format!("unknown rule `{name}` ({}, or all)", ledger::backlog::PRESETS.join(", ")),
                    )
                })?;
                let mut custom = false;
                if let Some(m) = &m {
                    r.membership = membership(m)?;
                    custom = true;
                }
                if let Some(g) = &group {
                    r.group = Group::parse(g).ok_or_else(|| {
                        LedgerError::arg("--group", format!("unknown group `{g}` (all, europe, europe-and-canada)"))
                    })?;
                    custom = true;
                }
                if let Some(i) = &iceland {
                    r.iceland = match i.as_str() {
                        "exclude" => IcelandRule::Exclude,
                        "count-as-below" => IcelandRule::CountAsBelow,
                        _ => {
                            return Err(LedgerError::arg("--iceland", format!("`{i}` (exclude or count-as-below)")));
                        }
                    };
                    custom = true;
                }
                if let Some(e) = &estimates {
                    r.include_estimates = match e.as_str() {
                        "include" => true,
                        "exclude" => false,
                        _ => {
                            return Err(LedgerError::arg("--estimates", format!("`{e}` (include or exclude)")));
                        }
                    };
                    custom = true;
                }
                if custom {
                    r.name = format!("{name}+custom");
                }
                results.push(ledger::backlog(&l, &r)?);
            }
            if results.len() > 1 {
                match common.format {
                    Format::Text => out(&render::backlog_compare_text(&results)),
                    Format::Csv => {
                        let mut s = String::new();
                        for (i, b) in results.iter().enumerate() {
                            let c = render::backlog_csv(b);
                            s.push_str(if i == 0 { &c } else { c.split_once('\n').map_or("", |x| x.1) });
                        }
                        out(&s);
                    }
                    Format::Json => out(&json(&results)?),
                }
            } else if let Some(b) = results.first() {
                match common.format {
                    Format::Text => out(&render::backlog_text(b)),
                    Format::Csv => out(&render::backlog_csv(b)),
                    Format::Json => out(&json(b)?),
                }
                if let Some(p) = &svg {
                    write_svg(p, &chart::backlog_chart(b))?;
                }
            }
        }
        LedgerCommand::Path { target, by, base_year, gdp_growth, country, svg, common } => {
            let l = load(&common)?;
            let cs = countries(&l, &country)?;
            let g = match gdp_growth {
                Some(g) => GdpGrowth::Fixed(g),
                None => GdpGrowth::Own { from: 2014, to: base_year },
            };
            let p = ledger::path(&l, target, by, base_year, g, &cs)?;
            match common.format {
                Format::Text => out(&render::path_text(&p)),
                Format::Csv => out(&render::path_csv(&p)),
                Format::Json => out(&json(&p)?),
            }
            if let Some(file) = svg {
                let history = ledger::compliance(&l, target, 2014, base_year, MembershipRule::AccessionYear, &cs)?;
                write_svg(&file, &chart::path_chart(&history, &p))?;
            }
        }
        LedgerCommand::Aid(a) => aid(a)?,
        LedgerCommand::Claims { id, all, common } => {
            let l = load(&common)?;
            let mut claims = ledger::check_claims(&l)?;
            if let Some(id) = id {
                claims.retain(|c| c.id == id);
                if claims.is_empty() {
                    return Err(LedgerError::arg(
                        "--id",
                        format!("unknown claim `{id}` ({})", ledger::claims::CLAIM_IDS.join(", ")),
                    ));
                }
            }
            match common.format {
                Format::Text => out(&render::claims_text(&claims, all)),
                Format::Csv => out(&render::claims_csv(&claims)),
                Format::Json => out(&json(&claims)?),
            }
        }
        LedgerCommand::Members { year, membership: m, common } => {
            let m = membership(&m)?;
            let l = load(&common)?;
            let list: Vec<&Member> = match year {
                Some(y) => l.members.members_in(y, m, Group::All),
                None => l.members.all().iter().collect(),
            };
            match common.format {
                Format::Text => out(&render::members_text(&l.members, year, m)),
                Format::Csv => {
                    let mut s = String::from("nato_name,iso3,european,accession_date\n");
                    for x in list {
                        s.push_str(&format!("{},{},{},{}\n", x.name, x.iso3, x.european, x.accession));
                    }
                    out(&s);
                }
                Format::Json => out(&json(&list)?),
            }
        }
        LedgerCommand::Pledges { assess, common } if assess => {
            let l = load(&common)?;
            let ds = ledger::deliveries(&l);
            match common.format {
                Format::Text => out(&render::deliveries_text(&ds)),
                Format::Json => out(&json(&ds)?),
                Format::Csv => {
                    let mut s = String::from("pledge,year,due,country,value,status,meets\n");
                    for d in &ds {
                        for (f, meets) in d.meeting.iter().map(|f| (f, true)).chain(d.short.iter().map(|f| (f, false)))
                        {
                            s.push_str(&format!(
                                "{},{},{},\"{}\",{},{},{}\n",
                                d.pledge,
                                d.year.map(|y| y.to_string()).unwrap_or_default(),
                                d.due,
                                f.country,
                                f.value,
                                f.status,
                                meets
                            ));
                        }
                    }
                    out(&s);
                }
            }
        }
        LedgerCommand::Pledges { common, .. } => {
            let l = load(&common)?;
            match common.format {
                Format::Text => out(&render::pledges_text(&l.pledges)),
                Format::Csv => {
                    let mut s = String::from("id,date,comparator,value,unit,deadline,data_measure\n");
                    for p in &l.pledges {
                        s.push_str(&format!(
                            "{},{},{},{},{},{},{}\n",
                            p.id,
                            p.date,
                            p.comparator.as_str(),
                            p.value,
                            p.unit,
                            p.deadline.map(|d| d.to_string()).unwrap_or_default(),
                            p.data_measure.map(|m| m.as_str()).unwrap_or_default()
                        ));
                    }
                    out(&s);
                }
                Format::Json => out(&json(&l.pledges)?),
            }
        }
        LedgerCommand::Track { country, target, common } => {
            let l = load(&common)?;
            let t = ledger::track_record(&l, &country, target)?;
            match common.format {
                Format::Json => out(&json(&t)?),
                Format::Text | Format::Csv => {
                    let m = l.members.resolve(&country)?;
                    let r = ledger::compliance(
                        &l,
                        target,
                        t.rows.first().map_or(2014, |r| r.year),
                        t.rows.last().map_or(2024, |r| r.year),
                        MembershipRule::AccessionYear,
                        &[m],
                    )?;
                    if common.format == Format::Csv {
                        out(&render::compliance_csv(&r));
                    } else {
                        out(&render::compliance_text(&r));
                        out(&format!(
                            "\n{}: {} of {} member-years with a figure at or above {}%; first: {}\n",
                            t.country,
                            t.years_met,
                            t.years_with_figure,
                            target,
                            t.first_year_met.map_or_else(|| "never".to_string(), |y| y.to_string())
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

fn aid(a: AidCommand) -> Res<()> {
    match a {
        AidCommand::Periods { kind: k, block, svg, common } => {
            let k = kind(&k)?;
            let l = load(&common)?;
            let v = l.aid.blocks(k, block)?;
            match common.format {
                Format::Text => out(&render::aid_periods_text(k, &v)),
                Format::Csv => out(&render::aid_periods_csv(k, &v)),
                Format::Json => out(&json(&v)?),
            }
            if let Some(p) = svg {
                write_svg(&p, &chart::aid_chart(&v, k, None))?;
            }
        }
        AidCommand::Compare { base, test, kind: k, svg, common } => {
            let k = kind(&k)?;
            let b = period("--base", &base)?;
            let t = period("--test", &test)?;
            let l = load(&common)?;
            let c = l.aid.compare(k, b, t)?;
            match common.format {
                Format::Text => out(&render::aid_compare_text(&c)),
                Format::Csv => out(&render::aid_compare_csv(&c)),
                Format::Json => out(&json(&c)?),
            }
            if let Some(p) = svg {
                let lo = b.start.min(t.start);
                let hi = b.end.max(t.end);
                let mut bars = Vec::new();
                let mut m = lo;
                // The base period as monthly bars, then the test period as one bar.
                while m <= hi {
                    if m >= b.start && m <= b.end {
                        bars.push(l.aid.period(k, Period { start: m, end: m })?);
                    }
                    m = m.next();
                }
                bars.push(c.test.clone());
                write_svg(&p, &chart::aid_chart(&bars, k, Some(&c)))?;
            }
        }
        AidCommand::Rolling { window, kind: k, common } => {
            let k = kind(&k)?;
            let l = load(&common)?;
            let pts = l.aid.rolling(k, window)?;
            match common.format {
                Format::Text => out(&render::rolling_text(k, window, &pts)),
                Format::Csv => {
                    let mut s = String::from("month,window,avg_eur_bn\n");
                    for p in &pts {
                        s.push_str(&format!("{},{window},{:.4}\n", p.month, p.avg_eur_bn));
                    }
                    out(&s);
                }
                Format::Json => out(&json(&pts)?),
            }
        }
        AidCommand::Signals { donor, kind: k, common } => {
            let k = kind(&k)?;
            let l = load(&common)?;
            let s = ledger::aid_signals(&l, &donor, k)?;
            match common.format {
                Format::Text => out(&render::signals_text(&s)),
                Format::Csv => out(&render::signals_csv(&s)),
                Format::Json => out(&json(&s)?),
            }
        }
        AidCommand::Donors { common } => {
            let l = load(&common)?;
            let d = l.aid.donors();
            match common.format {
                Format::Text => {
                    let mut s = format!(
                        "Allocations by donor, Jan 2022–Feb 2026, EUR bn (Kiel Release 28)\n{:<28} {:>9} {:>9} {:>9} {:>9}\n",
                        "donor", "military", "humanit.", "financial", "total"
                    );
                    for x in d {
                        s.push_str(&format!(
                            "{:<28} {:>9.3} {:>9.3} {:>9.3} {:>9.3}\n",
                            x.donor, x.military, x.humanitarian, x.financial, x.total
                        ));
                    }
                    out(&s);
                }
                Format::Csv => {
                    let mut s = String::from(
                        "donor,eu_member,military_eur_bn,humanitarian_eur_bn,financial_eur_bn,total_eur_bn\n",
                    );
                    for x in d {
                        s.push_str(&format!(
                            "\"{}\",{},{},{},{},{}\n",
                            x.donor, x.eu_member, x.military, x.humanitarian, x.financial, x.total
                        ));
                    }
                    out(&s);
                }
                Format::Json => out(&json(&d)?),
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(subcommand)]
        cmd: LedgerCommand,
    }

    fn go(args: &[&str]) -> Res<()> {
        let cli = Cli::try_parse_from(std::iter::once("ledger").chain(args.iter().copied())).unwrap();
        dispatch(cli.cmd)
    }

    #[test]
    fn commands_run() {
        go(&["compliance", "--target", "2.0", "--from", "2020", "--to", "2024", "--country", "POL,deu"]).unwrap();
        go(&["backlog", "--target", "2.0", "--from", "2014", "--to", "2024", "--rule", "all"]).unwrap();
        go(&["backlog", "--target", "2", "--rule", "sipri", "--from", "2006", "--iceland", "count-as-below"]).unwrap();
        go(&["path", "--target", "3.5", "--by", "2035", "--format", "csv"]).unwrap();
        go(&["aid", "compare", "--format", "json"]).unwrap();
        go(&["aid", "periods", "--block", "6", "--kind", "total"]).unwrap();
        go(&["aid", "signals", "--donor", "Denmark"]).unwrap();
        go(&["claims", "--id", "backlog-433"]).unwrap();
        go(&["members", "--year", "1999", "--membership", "on-january-1"]).unwrap();
        go(&["track", "FIN", "--format", "json"]).unwrap();
        go(&["pledges", "--assess", "--format", "csv"]).unwrap();
    }

    #[test]
    fn usage_errors_are_usage() {
        for args in [
            &["compliance", "--target", "0"][..],
            &["compliance", "--target", "-1"],
            &["compliance", "--target", "2", "--from", "2024", "--to", "2014"],
            &["compliance", "--target", "2", "--country", "Norwey"],
            &["backlog", "--target", "2", "--rule", "lenient"],
            &["backlog", "--target", "2", "--from", "1990"],
            &["path", "--target", "3.5", "--by", "2020"],
            &["aid", "compare", "--base", "2025-H3"],
            &["aid", "periods", "--kind", "moral"],
            &["claims", "--id", "nope"],
            &["members", "--membership", "sometimes"],
            &["compliance", "--target", "2", "--data", "/nonexistent/dir"],
        ] {
            let e = go(args).unwrap_err();
            assert!(e.is_usage(), "{args:?}: {e}");
        }
    }

    #[test]
    fn malformed_data_dir_is_a_data_error_naming_the_file() {
        let dir = std::env::temp_dir().join(format!("pactum-ledger-test-{}", std::process::id()));
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        for f in ledger::data::FILES {
            let to = dir.join(f);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(src.join(f), &to).unwrap();
        }
        let pledges = dir.join(ledger::data::PLEDGES_FILE);
        let text = std::fs::read_to_string(&pledges).unwrap().replace("2014-09-05", "5 Sept 2014");
        std::fs::write(&pledges, text).unwrap();
        let e = go(&["claims", "--data", dir.to_str().unwrap()]).unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(!e.is_usage());
        let msg = e.to_string();
        assert!(msg.contains("pledges.csv:2: date: `5 Sept 2014`"), "{msg}");
    }
}
