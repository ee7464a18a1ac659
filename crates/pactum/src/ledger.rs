//! `pactum ledger`: (being written).

use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum LedgerCommand {}

pub fn run(cmd: LedgerCommand) -> ExitCode {
    match cmd {}
}
