//! SVG charts, written by hand (no drawing dependency): per-member trajectories against a
//! target, the backlog by year, aid by period. Output is deterministic (fixed decimals), so it
//! can be snapshot-tested.

use std::fmt::Write as _;

use crate::aid::{AidComparison, AidKind, PeriodValue};
use crate::backlog::BacklogResult;
use crate::compliance::ComplianceReport;
use crate::path::PathReport;

const FONT: &str = "font-family=\"Helvetica, Arial, sans-serif\"";
const BLUE: &str = "#1f5fa8";
const RED: &str = "#c0392b";
const GREEN: &str = "#2e8b57";
const GREY: &str = "#888888";

/// Escapes text for SVG.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

struct Svg {
    buf: String,
}

impl Svg {
    fn new(w: f64, h: f64, title: &str) -> Svg {
        let mut buf = String::new();
        let _ = writeln!(
            buf,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"0 0 {w:.0} {h:.0}\">"
        );
        let _ = writeln!(buf, "<title>{}</title>", esc(title));
        let _ = writeln!(buf, "<rect x=\"0\" y=\"0\" width=\"{w:.0}\" height=\"{h:.0}\" fill=\"#ffffff\"/>");
        Svg { buf }
    }

    fn text(&mut self, x: f64, y: f64, size: f64, anchor: &str, fill: &str, s: &str) {
        let _ = writeln!(
            self.buf,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size:.0}\" text-anchor=\"{anchor}\" fill=\"{fill}\" {FONT}>{}</text>",
            esc(s)
        );
    }

    fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, stroke: &str, width: f64, dash: bool) {
        let _ = writeln!(
            self.buf,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{stroke}\" stroke-width=\"{width:.1}\"{}/>",
            if dash { " stroke-dasharray=\"4 3\"" } else { "" }
        );
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str) {
        let _ =
            writeln!(self.buf, "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{fill}\"/>");
    }

    fn polyline(&mut self, pts: &[(f64, f64)], stroke: &str) {
        if pts.is_empty() {
            return;
        }
        let p: Vec<String> = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
        let _ = writeln!(
            self.buf,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"1.5\"/>",
            p.join(" ")
        );
    }

    fn circle(&mut self, x: f64, y: f64, r: f64, stroke: &str, filled: bool) {
        let _ = writeln!(
            self.buf,
            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" stroke=\"{stroke}\" stroke-width=\"1\" fill=\"{}\"/>",
            if filled { stroke } else { "#ffffff" }
        );
    }

    fn finish(mut self) -> String {
        self.buf.push_str("</svg>\n");
        self.buf
    }
}

/// A "nice" upper bound for an axis.
fn nice_max(v: f64, step: f64) -> f64 {
    ((v / step).ceil() * step).max(step)
}

/// Per-member trajectories of defence spending (% of GDP) against the target, one small panel
/// per Ally. Filled dots are actual figures, hollow dots estimates; the dashed red line is the
/// target.
pub fn compliance_chart(r: &ComplianceReport) -> String {
    trajectories(r, None)
}

/// Trajectories against a pledge: each Ally's history (as in [`compliance_chart`]) continued by
/// its required linear path (dotted) from the base year to the target in the deadline year.
pub fn path_chart(history: &ComplianceReport, path: &PathReport) -> String {
    trajectories(history, Some(path))
}

fn trajectories(r: &ComplianceReport, path: Option<&PathReport>) -> String {
    let mut countries: Vec<&str> = Vec::new();
    for row in &r.rows {
        if row.share_pct.is_some() && !countries.contains(&row.country.as_str()) {
            countries.push(&row.country);
        }
    }
    let cols = 6usize;
    let pw = 150.0;
    let ph = 100.0;
    let gap = 12.0;
    let top = 56.0;
    let rows_n = countries.len().div_ceil(cols).max(1);
    let w = cols as f64 * (pw + gap) + gap;
    let h = top + rows_n as f64 * (ph + gap + 14.0) + 24.0;
    let target = path.map_or(r.target_pct, |p| p.target_pct);
    let last_year = path.map_or(r.to, |p| p.by.max(r.to));
    let ymax = nice_max(r.rows.iter().filter_map(|x| x.share_pct).fold(target * 1.25, f64::max), 0.5);
    let title = match path {
        None => format!(
            "Defence expenditure, % of GDP, {}–{}, against {}% (NATO, 2024 edition)",
            r.from, r.to, r.target_pct
        ),
        Some(p) => format!(
            "Defence expenditure, % of GDP, {}–{}, and the linear path to {}% by {} (NATO, 2024 edition)",
            r.from, r.to, p.target_pct, p.by
        ),
    };
    let mut s = Svg::new(w, h, &title);
    s.text(gap, 22.0, 15.0, "start", "#000000", &title);
    s.text(
        gap,
        40.0,
        11.0,
        "start",
        GREY,
        &format!(
            "membership: {}; dashed red: target; filled dots: actual; hollow: estimate;{} y axis 0–{ymax:.1}%",
            r.membership,
            if path.is_some() { " dotted: required path;" } else { "" }
        ),
    );
    let span = f64::from((last_year - r.from).max(1));
    for (i, c) in countries.iter().enumerate() {
        let x0 = gap + (i % cols) as f64 * (pw + gap);
        let y0 = top + (i / cols) as f64 * (ph + gap + 14.0) + 14.0;
        s.text(x0, y0 - 3.0, 11.0, "start", "#000000", c);
        s.rect(x0, y0, pw, ph, "#f4f4f4");
        let px = |year: i32| x0 + 4.0 + f64::from(year - r.from) / span * (pw - 8.0);
        let py = |v: f64| y0 + ph - v / ymax * ph;
        s.line(x0, py(target), x0 + pw, py(target), RED, 1.0, true);
        if let Some(p) = path
            && let Some(row) = p.rows.iter().find(|x| x.country == *c)
        {
            let goal = row.base_share_pct.max(p.target_pct);
            let _ = writeln!(
                s.buf,
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{BLUE}\" stroke-width=\"1.2\" stroke-dasharray=\"1 2\"/>",
                px(p.base_year),
                py(row.base_share_pct),
                px(p.by),
                py(goal)
            );
        }
        let pts: Vec<(i32, f64, bool)> = r
            .rows
            .iter()
            .filter(|x| x.country == *c)
            .filter_map(|x| x.share_pct.map(|v| (x.year, v, x.status.is_some_and(crate::series::Status::is_estimate))))
            .collect();
        let line: Vec<(f64, f64)> = pts.iter().map(|(y, v, _)| (px(*y), py(*v))).collect();
        s.polyline(&line, BLUE);
        for (y, v, est) in &pts {
            s.circle(px(*y), py(*v), 2.0, BLUE, !est);
        }
        if let Some((y, v, _)) = pts.last() {
            s.text(px(*y).min(x0 + pw - 2.0), (py(*v) - 5.0).max(y0 + 10.0), 9.0, "end", BLUE, &format!("{v:.2}"));
        }
        s.text(x0 + 2.0, y0 + ph + 11.0, 9.0, "start", GREY, &r.from.to_string());
        s.text(x0 + pw - 2.0, y0 + ph + 11.0, 9.0, "end", GREY, &last_year.to_string());
    }
    s.finish()
}

/// The backlog by year: member-years below the target (red) and meeting it (green), stacked.
pub fn backlog_chart(b: &BacklogResult) -> String {
    let n = b.by_year.len().max(1);
    let left = 50.0;
    let top = 70.0;
    let bw = 36.0;
    let gap = 10.0;
    let ph = 260.0;
    let w = left + n as f64 * (bw + gap) + 30.0;
    let w = w.max(520.0);
    let h = top + ph + 50.0;
    let ymax = nice_max(b.by_year.iter().map(|y| (y.below + y.meeting) as f64).fold(1.0, f64::max), 5.0);
    let title = format!(
        "Backlog: {} member-years below {}% of GDP, {}–{} (rule `{}`)",
        b.total, b.rule.target_pct, b.rule.from, b.rule.to, b.rule.name
    );
    let mut s = Svg::new(w, h, &title);
    s.text(16.0, 22.0, 15.0, "start", "#000000", &title);
    s.text(
        16.0,
        40.0,
        11.0,
        "start",
        GREY,
        &format!(
            "red: below the target (counted); green: at or above; membership {}; data {}",
            b.rule.membership,
            b.rule.dataset.name()
        ),
    );
    let py = |v: f64| top + ph - v / ymax * ph;
    let mut t = 0.0;
    while t <= ymax + 1e-9 {
        s.line(left - 4.0, py(t), w - 20.0, py(t), "#e0e0e0", 1.0, false);
        s.text(left - 8.0, py(t) + 4.0, 10.0, "end", GREY, &format!("{t:.0}"));
        t += 5.0;
    }
    for (i, y) in b.by_year.iter().enumerate() {
        let x = left + i as f64 * (bw + gap) + gap;
        let below = y.below as f64;
        let meeting = y.meeting as f64;
        s.rect(x, py(below), bw, below / ymax * ph, RED);
        s.rect(x, py(below + meeting), bw, meeting / ymax * ph, GREEN);
        s.text(
            x + bw / 2.0,
            py(below) - 3.0 + if meeting > 0.0 { 14.0 } else { 0.0 },
            10.0,
            "middle",
            if meeting > 0.0 { "#ffffff" } else { "#000000" },
            &y.below.to_string(),
        );
        s.text(x + bw / 2.0, top + ph + 16.0, 10.0, "middle", "#000000", &y.year.to_string());
    }
    s.line(left - 4.0, py(0.0), w - 20.0, py(0.0), "#000000", 1.0, false);
    s.finish()
}

/// Aid by period: each period's monthly average (EUR billion per month) as a bar; with a
/// comparison, the base period's monthly average as a dashed line and the compared period in red.
pub fn aid_chart(values: &[PeriodValue], kind: AidKind, comparison: Option<&AidComparison>) -> String {
    let n = values.len().max(1);
    let left = 56.0;
    let top = 70.0;
    let bw = if n > 30 { 12.0 } else { 22.0 };
    let gap = 4.0;
    let ph = 240.0;
    let w = (left + n as f64 * (bw + gap) + 30.0).max(560.0);
    let h = top + ph + 70.0;
    let ymax = nice_max(values.iter().map(|v| v.monthly_avg_eur_bn).fold(1.0, f64::max), 1.0);
    let title = format!("Ukraine aid allocations, {kind}, EUR bn per month (Kiel Release 28)");
    let mut s = Svg::new(w, h, &title);
    s.text(16.0, 22.0, 15.0, "start", "#000000", &title);
    let sub = match comparison {
        Some(c) => format!(
            "{} against {}: {:+.1}% (monthly averages); dashed: {} average",
            c.test.label, c.base.label, c.change_pct, c.base.label
        ),
        None => "bars: monthly average over each period, all donors".to_string(),
    };
    s.text(16.0, 40.0, 11.0, "start", GREY, &sub);
    let py = |v: f64| top + ph - v / ymax * ph;
    let mut t = 0.0;
    while t <= ymax + 1e-9 {
        s.line(left - 4.0, py(t), w - 20.0, py(t), "#e0e0e0", 1.0, false);
        s.text(left - 8.0, py(t) + 4.0, 10.0, "end", GREY, &format!("{t:.0}"));
        t += 1.0;
    }
    for (i, v) in values.iter().enumerate() {
        let x = left + i as f64 * (bw + gap) + gap;
        let hit = comparison.is_some_and(|c| c.test.period == v.period);
        s.rect(x, py(v.monthly_avg_eur_bn), bw, v.monthly_avg_eur_bn / ymax * ph, if hit { RED } else { BLUE });
        if i % 2 == 0 || n <= 12 {
            let _ = writeln!(
                s.buf,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" text-anchor=\"end\" fill=\"#000000\" transform=\"rotate(-60 {:.1} {:.1})\" {FONT}>{}</text>",
                x + bw / 2.0,
                top + ph + 12.0,
                x + bw / 2.0,
                top + ph + 12.0,
                esc(&v.label)
            );
        }
    }
    if let Some(c) = comparison {
        let y = py(c.base.monthly_avg_eur_bn);
        s.line(left, y, w - 20.0, y, RED, 1.0, true);
    }
    s.line(left - 4.0, py(0.0), w - 20.0, py(0.0), "#000000", 1.0, false);
    s.finish()
}
