//! `pactum atop`: export pactum's coding as ATOP variables, compare it with ATOP's own, and
//! draft a skeleton file from an ATOP id. The work is in `pactum-atop`; this is the CLI.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pactum_atop::compare::{compare, to_text};
use pactum_atop::data::AtopData;
use pactum_atop::export::{export, to_csv};
use pactum_atop::import::draft;
use pactum_atop::vars::VARS;
use pactum_syntax::diag::render_stderr;

use crate::check::{Format, usage};
use crate::inputs::{Loaded, load_inputs};

#[derive(clap::Subcommand)]
pub enum AtopCommand {
    /// Print the ATOP member-level variables pactum codes for each instrument and member
    /// (default: the bundled library).
    Export {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
    },
    /// Compare pactum's coding with ATOP's: agreement per variable and each disagreement with
    /// both sides' evidence (default: the bundled library against ATOP v4.01).
    Compare {
        paths: Vec<PathBuf>,
        /// ATOP's member-level CSV (default: the shipped data/atop/atop-v4.01-member-level.csv).
        #[arg(long)]
        atop: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Draft a skeleton .pact.md from ATOP's coding of one alliance; `pactum check` fails on
    /// it only where the instrument's words are still missing.
    Import {
        #[arg(long)]
        atopid: u32,
        /// The phase whose obligations to draft (default: the last).
        #[arg(long)]
        phase: Option<u32>,
        /// Write here instead of to standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Overwrite `--out` if it exists.
        #[arg(long)]
        force: bool,
        /// ATOP's member-level CSV (default: the shipped v4.01).
        #[arg(long)]
        atop: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

pub fn run(cmd: AtopCommand) -> ExitCode {
    match cmd {
        AtopCommand::Export { paths, format } => run_export(&paths, format),
        AtopCommand::Compare { paths, atop, format } => run_compare(&paths, atop.as_deref(), format),
        AtopCommand::Import { atopid, phase, out, force, atop } => {
            run_import(atopid, phase, out.as_deref(), force, atop.as_deref())
        }
    }
}

/// Loads the inputs; on errors in them, reports and returns the exit code.
fn load(paths: &[PathBuf]) -> Result<Loaded, ExitCode> {
    let loaded = load_inputs(paths).map_err(usage)?;
    if loaded.diags.iter().any(|d| d.is_error()) {
        render_stderr(&loaded.map, &loaded.diags, std::io::stderr().is_terminal());
        eprintln!("error: the inputs have errors (see `pactum check`); nothing to code");
        return Err(ExitCode::from(1));
    }
    Ok(loaded)
}

fn read_atop(path: Option<&Path>) -> Result<AtopData, ExitCode> {
    let parsed = match path {
        None => AtopData::bundled(),
        Some(p) => {
            let shown = p.display().to_string();
            let bytes = std::fs::read(p).map_err(|e| {
                eprintln!("error: cannot read `{shown}`: {e}");
                ExitCode::from(2)
            })?;
            let Ok(text) = String::from_utf8(bytes) else {
                eprintln!("error: {shown}: not UTF-8 text (expected ATOP's member-level CSV)");
                return Err(ExitCode::from(1));
            };
            AtopData::parse(&shown, &text)
        }
    };
    parsed.map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(1)
    })
}

fn print_json(v: &impl serde::Serialize) -> ExitCode {
    match serde_json::to_string_pretty(v) {
        Ok(s) => {
            println!("{s}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run_export(paths: &[PathBuf], format: ExportFormat) -> ExitCode {
    let loaded = match load(paths) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let rows = export(&loaded.model);
    match format {
        ExportFormat::Csv => {
            print!("{}", to_csv(&rows));
            ExitCode::SUCCESS
        }
        ExportFormat::Json => print_json(&serde_json::json!({
            "format_version": 1,
            "variables": VARS.iter().map(|v| v.name).collect::<Vec<_>>(),
            "codings": rows,
        })),
    }
}

fn run_compare(paths: &[PathBuf], atop: Option<&Path>, format: Format) -> ExitCode {
    let loaded = match load(paths) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let data = match read_atop(atop) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let texts: BTreeMap<String, String> =
        loaded.files.iter().filter_map(|&f| loaded.map.get(f)).map(|f| (f.path.clone(), f.text.to_string())).collect();
    let c = compare(&loaded.model, &data, &|p: &str| texts.get(p).cloned());
    if c.instruments.is_empty() {
        eprintln!("note: no instrument in the inputs has an `atop` id; nothing compared");
    }
    match format {
        Format::Text => {
            print!("{}", to_text(&c));
            ExitCode::SUCCESS
        }
        Format::Json => print_json(&c),
    }
}

fn run_import(atopid: u32, phase: Option<u32>, out: Option<&Path>, force: bool, atop: Option<&Path>) -> ExitCode {
    let data = match read_atop(atop) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let d = match draft(&data, atopid, phase) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    match out {
        None => print!("{}", d.text),
        Some(p) => {
            if p.exists() && !force {
                eprintln!("error: `{}` exists; pass --force to overwrite it", p.display());
                return ExitCode::from(1);
            }
            if let Err(e) = std::fs::write(p, &d.text) {
                eprintln!("error: cannot write `{}`: {e}", p.display());
                return ExitCode::from(1);
            }
        }
    }
    eprintln!(
        "drafted ATOP {} (phase {}): {} commitment{}, {} TODO quote{}. `pactum check` reports each TODO \
         as quote-not-found (P0205) until it is replaced by the instrument's words.",
        d.atopid,
        d.phase,
        d.commitments,
        if d.commitments == 1 { "" } else { "s" },
        d.todos,
        if d.todos == 1 { "" } else { "s" }
    );
    ExitCode::SUCCESS
}
