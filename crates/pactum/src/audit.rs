//! `pactum audit` and `pactum compare` (being written).

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct AuditArgs {
    pub paths: Vec<PathBuf>,
}

#[derive(clap::Args)]
pub struct CompareArgs {
    pub a: String,
    pub b: String,
}

pub fn run_audit(_args: AuditArgs) -> ExitCode {
    eprintln!("error: `pactum audit` is not built yet");
    ExitCode::from(2)
}

pub fn run_compare(_args: CompareArgs) -> ExitCode {
    eprintln!("error: `pactum compare` is not built yet");
    ExitCode::from(2)
}
