//! `pactum`: the command-line front end. A thin layer over the library crates: it
//! parses arguments, gathers inputs and prints what the libraries return.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod atop;
mod audit;
mod check;
mod game;
mod inputs;
mod ledger;
mod simulate;
mod summary;

use check::Format;

#[derive(Parser)]
#[command(name = "pactum", version, about = "Analyse security guarantees: encode, check, simulate, audit")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check .pact.md files (or folders of them); no path checks the bundled library.
    /// Exits 0 when clean, 1 on errors, 2 on usage errors.
    Check {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Fail on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// The main job: check and summarise every instrument (default: the bundled library).
    Analyse {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Run a scenario: which obligations fire, lapse or dissolve, and why.
    Simulate {
        file: PathBuf,
        /// The scenario's id (default: the file's first).
        #[arg(long)]
        scenario: Option<String>,
        /// A what-if overlay of the scenario.
        #[arg(long)]
        overlay: Option<String>,
        #[arg(long, value_enum, default_value_t = simulate::SimFormat::Text)]
        format: simulate::SimFormat,
        /// Other files or folders the scenario refers to (default: the bundled library).
        #[arg(long = "with")]
        with: Vec<PathBuf>,
    },
    /// Run every scenario that has an `expect` block; prints `N passed, N failed`.
    Test {
        paths: Vec<PathBuf>,
        /// Rewrite the expectations in place to what the engine computes.
        #[arg(long)]
        accept: bool,
    },
    /// Print the validated model as JSON (see `pactum schema` and docs/json.md).
    Export {
        paths: Vec<PathBuf>,
        /// Only JSON is supported.
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
    },
    /// Print the JSON Schema of `pactum export`'s output.
    Schema,
    /// Explain a diagnostic code (`pactum explain P0205`), or list them all.
    Explain {
        code: Option<String>,
        #[arg(long)]
        list: bool,
    },
    /// List the built-in actors (states, organisations, bodies, groups).
    Actors {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List the built-in places and regions.
    Places {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Audit instruments for loopholes: escape clauses, discretion, qualified triggers, …
    Audit(audit::AuditArgs),
    /// Two commitments side by side: words, terms, findings and outcomes.
    Compare(audit::CompareArgs),
    /// ATOP: export codings, compare with ATOP's own, draft a file from an ATOP id.
    #[command(subcommand)]
    Atop(atop::AtopCommand),
    /// Game theory: read, convert and solve Gambit games.
    #[command(subcommand)]
    Game(game::GameCommand),
    /// Defence spending against pledges, and aid flows.
    #[command(subcommand)]
    Ledger(ledger::LedgerCommand),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ExportFormat {
    Json,
}

/// mimalloc: the solvers allocate many small vectors (profiles, rationals); the system
/// allocator costs up to a fifth of the time on small games.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Check { paths, format, deny_warnings } => check::check(&paths, format, deny_warnings),
        Command::Analyse { paths, format } => summary::analyse(&paths, format),
        Command::Export { paths, format: ExportFormat::Json } => check::export(&paths),
        Command::Simulate { file, scenario, overlay, format, with } => {
            simulate::run_simulate(&file, scenario.as_deref(), overlay.as_deref(), format, &with)
        }
        Command::Test { paths, accept } => simulate::run_test(&paths, accept),
        Command::Schema => check::schema(),
        Command::Explain { code: Some(c), .. } => check::explain(&c),
        Command::Explain { code: None, .. } => check::explain_list(),
        Command::Actors { format } => check::actors(format),
        Command::Places { format } => check::places(format),
        Command::Audit(args) => audit::run_audit(args),
        Command::Compare(args) => audit::run_compare(args),
        Command::Atop(cmd) => atop::run(cmd),
        Command::Game(cmd) => game::run(cmd),
        Command::Ledger(cmd) => ledger::run(cmd),
    }
}
