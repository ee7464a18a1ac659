//! `pactum game`: read, convert and solve Gambit games (`.efg`, `.nfg`) with `pactum-games`.

use indicatif::{ProgressBar, ProgressStyle};
use pactum_games::solve::{Equilibrium, Form, Method, Options, Profile, Solution, solve};
use pactum_games::{Game, Q};
use rayon::prelude::*;
use serde_json::{Value, json};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum MethodArg {
    Enumpure,
    Enummixed,
    Lcp,
    Logit,
    Lp,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum FormatArg {
    Json,
    Text,
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ToArg {
    Nfg,
    Efg,
}

/// What to solve and how: shared by `solve` and `bench`, so that `bench` times exactly the
/// work `solve` does.
#[derive(clap::Args)]
pub struct SolveArgs {
    /// Game files (.efg or .nfg).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Solution method.
    #[arg(long, value_enum)]
    method: MethodArg,
    /// Exact rational arithmetic (adds exact "p/q" values to the output).
    #[arg(long)]
    rational: bool,
    /// Solve the reduced strategic form of extensive games.
    #[arg(long)]
    strategic: bool,
    /// logit: include the traced path in the output.
    #[arg(long)]
    path: bool,
    /// lcp, enumpure on trees: stop after this many equilibria (0 = all: every accessible one
    /// for lcp, the default; 1 = the first).
    #[arg(long, default_value_t = 0)]
    stop: usize,
    /// lcp: maximum depth of the search for further equilibria (0 = unlimited).
    #[arg(long, default_value_t = 0)]
    max_depth: usize,
}

impl SolveArgs {
    fn options(&self) -> Options {
        Options {
            method: self.method.method(),
            rational: self.rational,
            strategic: self.strategic,
            path: self.path,
            max_equilibria: self.stop,
            max_depth: self.max_depth,
        }
    }
}

#[derive(clap::Subcommand)]
pub enum GameCommand {
    /// Compute Nash equilibria of one or more games (solved in parallel, printed in order).
    Solve {
        #[command(flatten)]
        args: SolveArgs,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: FormatArg,
    },
    /// Time the solving of games in-process, as `solve --format json` does it (read the file,
    /// parse, solve, verify, build the JSON), without the process start-up: the fastest of
    /// `--repeat` measurements, as JSON (runs under a millisecond are measured in batches of
    /// about a millisecond). Files are timed one after the other, never in parallel.
    Bench {
        #[command(flatten)]
        args: SolveArgs,
        /// Number of timed runs per file (the fastest is reported).
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
        repeat: u32,
    },
    /// Rewrite a game in Gambit format (normalised), or an extensive game as its reduced
    /// strategic form.
    Convert {
        file: PathBuf,
        /// Target format (default: the file's own).
        #[arg(long, value_enum)]
        to: Option<ToArg>,
        /// Write here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

enum Failure {
    Parse { line: usize, column: usize, message: String },
    Other(String),
}

fn load(path: &PathBuf) -> Result<Game, Failure> {
    // open + read, without the size query `fs::read` makes: on small games the system calls
    // of reading the file are a third of the time.
    let mut bytes = Vec::with_capacity(16 * 1024);
    std::fs::File::open(path)
        .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, u64::MAX), &mut bytes))
        .map_err(|e| Failure::Other(format!("cannot read: {e}")))?;
    pactum_games::parse::read_game_bytes(&bytes).map_err(|e| Failure::Parse {
        line: e.line,
        column: e.column,
        message: e.message,
    })
}

fn report(path: &std::path::Path, f: &Failure) {
    match f {
        Failure::Parse { line, column, message } => eprintln!("{}:{line}:{column}: {message}", path.display()),
        Failure::Other(m) => eprintln!("{}: {m}", path.display()),
    }
}

impl MethodArg {
    fn method(self) -> Method {
        match self {
            MethodArg::Enumpure => Method::EnumPure,
            MethodArg::Enummixed => Method::EnumMixed,
            MethodArg::Lcp => Method::Lcp,
            MethodArg::Logit => Method::Logit,
            MethodArg::Lp => Method::Lp,
        }
    }
}

pub fn run(cmd: GameCommand) -> ExitCode {
    match cmd {
        GameCommand::Solve { args, format } => solve_files(&args.files, &args.options(), format),
        GameCommand::Bench { args, repeat } => bench_files(&args.files, &args.options(), repeat),
        GameCommand::Convert { file, to, output } => convert(&file, to, output.as_ref()),
    }
}

fn convert(file: &PathBuf, to: Option<ToArg>, output: Option<&PathBuf>) -> ExitCode {
    let game = match load(file) {
        Ok(g) => g,
        Err(f) => {
            report(file, &f);
            return ExitCode::from(1);
        }
    };
    let text = match to {
        Some(ToArg::Nfg) => match pactum_games::reduce::try_reduced_normal_form(&game) {
            Some((g, _)) => pactum_games::write::write_game(&g),
            None => {
                eprintln!("{}: the reduced strategic form is too large to write", file.display());
                return ExitCode::from(1);
            }
        },
        Some(ToArg::Efg) if !game.is_tree() => {
            eprintln!("{}: a strategic game cannot be written as an extensive game", file.display());
            return ExitCode::from(1);
        }
        _ => pactum_games::write::write_game(&game),
    };
    let res = match output {
        Some(p) => std::fs::write(p, text),
        None => std::io::stdout().write_all(text.as_bytes()),
    };
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot write output: {e}");
            ExitCode::from(1)
        }
    }
}

fn solve_files(files: &[PathBuf], opts: &Options, format: FormatArg) -> ExitCode {
    let bar = if std::io::stderr().is_terminal() {
        let b = ProgressBar::new(files.len() as u64);
        if let Ok(style) = ProgressStyle::with_template("{spinner} solving [{bar:30}] {pos}/{len} files, {elapsed}") {
            b.set_style(style);
        }
        Some(b)
    } else {
        None
    };
    let results: Vec<Result<(Game, Solution), Failure>> = files
        .par_iter()
        .map(|f| {
            let game = load(f)?;
            let mut tick = || {
                if let Some(b) = &bar {
                    b.tick();
                }
            };
            let sol = solve(&game, opts, &mut tick).map_err(|e| Failure::Other(e.0))?;
            if let Some(b) = &bar {
                b.inc(1);
            }
            Ok((game, sol))
        })
        .collect();
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let mut failed = false;
    let mut docs = Vec::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (f, r) in files.iter().zip(&results) {
        match r {
            Err(e) => {
                failed = true;
                report(f, e);
                docs.push(error_json(f, e).to_string());
            }
            Ok((g, s)) => match format {
                FormatArg::Json => docs.push(to_json(f, g, s, opts)),
                FormatArg::Text => {
                    if files.len() > 1 {
                        let _ = writeln!(out, "# {}", f.display());
                    }
                    for e in &s.equilibria {
                        let _ = writeln!(out, "{}", text_line(e, opts.rational));
                    }
                }
            },
        }
    }
    if matches!(format, FormatArg::Json) {
        let v = if files.len() == 1 { docs.pop().unwrap_or_default() } else { format!("[{}]", docs.join(",")) };
        let _ = writeln!(out, "{v}");
    }
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// The JSON object that stands for a file that could not be read or solved.
fn error_json(file: &std::path::Path, e: &Failure) -> Value {
    let (line, column, message) = match e {
        Failure::Parse { line, column, message } => (*line, *column, message.as_str()),
        Failure::Other(m) => (0, 0, m.as_str()),
    };
    json!({"file": file.display().to_string(), "error": {"line": line, "column": column, "message": message}})
}

/// One timed run: exactly the work of `solve --format json` for one file, minus printing.
fn solve_once(file: &PathBuf, opts: &Options) -> Result<(usize, usize), Failure> {
    let game = load(file)?;
    let sol = solve(&game, opts, &mut || {}).map_err(|e| Failure::Other(e.0))?;
    let text = to_json(file, &game, &sol, opts);
    Ok((sol.equilibria.len(), text.len()))
}

/// Wall-clock and CPU seconds per run of `k` back-to-back runs (the clocks are read once per
/// batch, so their own cost — a system call for CPU time — is spread over the batch).
fn timed_batch(file: &PathBuf, opts: &Options, k: u32) -> Result<(f64, f64, usize), Failure> {
    let c0 = cpu_time::ProcessTime::try_now().ok();
    let t0 = std::time::Instant::now();
    let mut found = 0;
    for _ in 0..k {
        found = solve_once(file, opts)?.0;
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = c0.map_or(wall, |c| c.elapsed().as_secs_f64());
    Ok((wall / f64::from(k), cpu / f64::from(k), found))
}

/// Times each file: `repeat` measurements, the fastest kept. Runs shorter than a millisecond
/// are measured in batches that last about one, so that reading the clocks does not count.
fn bench_files(files: &[PathBuf], opts: &Options, repeat: u32) -> ExitCode {
    let mut failed = false;
    let mut docs = Vec::new();
    for f in files {
        let measured = timed_batch(f, opts, 1).and_then(|first| {
            // The first run is cold (page faults, allocator set-up): it counts only when long;
            // a short one is followed by a warm run that sets the batch size.
            let long = first.0 >= 0.1;
            let warm = if long { first } else { timed_batch(f, opts, 1)? };
            let k = if warm.0 >= 1e-3 { 1 } else { (1e-3 / warm.0.max(1e-9)).ceil().min(100_000.0) as u32 };
            let mut best = if long { first } else { (f64::INFINITY, f64::INFINITY, first.2) };
            for _ in u32::from(long)..repeat {
                let (w, c, n) = timed_batch(f, opts, k)?;
                best = (best.0.min(w), best.1.min(c), n);
            }
            Ok((best, k))
        });
        match measured {
            Ok(((wall, cpu, found), batch)) => docs.push(json!({"file": f.display().to_string(),
                "method": opts.method.name(), "rational": opts.rational, "runs": repeat, "batch": batch,
                "seconds": wall, "cpu_seconds": cpu, "equilibria": found})),
            Err(e) => {
                failed = true;
                report(f, &e);
                docs.push(error_json(f, &e));
            }
        }
    }
    let v = if files.len() == 1 { docs.pop().unwrap_or(Value::Null) } else { Value::Array(docs) };
    println!("{v}");
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn text_line(e: &Equilibrium, rational: bool) -> String {
    let vals: Vec<String> = match (&e.exact, rational) {
        (Some(p), true) => p.flat().iter().map(Q::to_string).collect(),
        _ => e.profile.flat().iter().map(|x| format!("{x}")).collect(),
    };
    format!("NE,{}", vals.join(","))
}

// The JSON document of `solve --format json`, serialized straight from the solution (no
// intermediate `serde_json::Value`: on small games building one cost as much as solving).
// Fields are declared in alphabetical order, the order the format has always had.

/// A rational written as the string "p/q".
struct QStr<'a>(&'a Q);

impl serde::Serialize for QStr<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            // Integers (most exact probabilities are 0 or 1) without the formatting machinery.
            Q::Small(n, 1) => s.serialize_str(itoa::Buffer::new().format(*n)),
            _ => s.collect_str(self.0),
        }
    }
}

/// Exact probabilities: player → strategy, or player → information set → action.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Probs<T> {
    Mixed(Vec<Vec<T>>),
    Behavior(Vec<Vec<Vec<T>>>),
}

/// Floating-point probabilities, in the same shapes.
struct ProfileDoc<'a>(&'a Profile<f64>);

impl serde::Serialize for ProfileDoc<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Profile::Mixed(m) => m.serialize(s),
            Profile::Behavior(b) => b.serialize(s),
        }
    }
}

#[derive(serde::Serialize)]
struct ExactDoc<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    behavior: Option<Probs<QStr<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mixed: Option<Probs<QStr<'a>>>,
    payoffs: Vec<QStr<'a>>,
}

#[derive(serde::Serialize)]
struct EquilibriumDoc<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    behavior: Option<ProfileDoc<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    exact: Option<ExactDoc<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lambda: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mixed: Option<ProfileDoc<'a>>,
    payoffs: &'a [f64],
    regret: f64,
}

#[derive(serde::Serialize)]
struct InfosetDoc<'a> {
    actions: &'a [String],
    label: &'a str,
}

#[derive(serde::Serialize)]
struct PathPointDoc<'a> {
    lambda: f64,
    profile: ProfileDoc<'a>,
}

#[derive(serde::Serialize)]
struct SolveDoc<'a> {
    equilibria: Vec<EquilibriumDoc<'a>>,
    file: String,
    form: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    infosets: Option<Vec<Vec<InfosetDoc<'a>>>>,
    method: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<Vec<PathPointDoc<'a>>>,
    players: &'a [String],
    rational: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    strategies: Option<&'a [Vec<String>]>,
    title: &'a str,
}

fn exact_doc<'a>(p: &'a Profile<Q>, payoffs: &'a [Q]) -> ExactDoc<'a> {
    let (mut behavior, mut mixed) = (None, None);
    match p {
        Profile::Mixed(m) => mixed = Some(Probs::Mixed(m.iter().map(|v| v.iter().map(QStr).collect()).collect())),
        Profile::Behavior(b) => {
            behavior = Some(Probs::Behavior(
                b.iter().map(|pl| pl.iter().map(|v| v.iter().map(QStr).collect()).collect()).collect(),
            ));
        }
    }
    ExactDoc { behavior, mixed, payoffs: payoffs.iter().map(QStr).collect() }
}

/// The JSON text of one solved file.
fn to_json(file: &std::path::Path, g: &Game, s: &Solution, opts: &Options) -> String {
    let (form, strategies, infosets) = match &s.form {
        Form::Strategic(labels) => ("strategic", Some(labels.as_slice()), None),
        Form::Extensive => {
            let isets = g
                .tree()
                .map(|t| {
                    t.player_infosets
                        .iter()
                        .map(|l| {
                            l.iter()
                                .map(|&i| InfosetDoc { actions: &t.infosets[i].actions, label: &t.infosets[i].label })
                                .collect()
                        })
                        .collect()
                })
                .unwrap_or_default();
            ("extensive", None, Some(isets))
        }
    };
    let equilibria = s
        .equilibria
        .iter()
        .map(|e| {
            let (behavior, mixed) = match &e.profile {
                Profile::Mixed(_) => (None, Some(ProfileDoc(&e.profile))),
                Profile::Behavior(_) => (Some(ProfileDoc(&e.profile)), None),
            };
            let exact = match (opts.rational, &e.exact, &e.exact_payoffs) {
                (true, Some(p), Some(pay)) => Some(exact_doc(p, pay)),
                _ => None,
            };
            EquilibriumDoc { behavior, exact, lambda: e.lambda, mixed, payoffs: &e.payoffs, regret: e.regret }
        })
        .collect();
    let doc = SolveDoc {
        equilibria,
        file: file.display().to_string(),
        form,
        infosets,
        method: opts.method.name(),
        path: s
            .path
            .as_ref()
            .map(|p| p.iter().map(|(l, p)| PathPointDoc { lambda: *l, profile: ProfileDoc(p) }).collect()),
        players: &g.players,
        rational: opts.rational,
        strategies,
        title: &g.title,
    };
    serde_json::to_string(&doc).unwrap_or_else(|e| format!("{{\"error\": \"cannot write JSON: {e}\"}}"))
}
