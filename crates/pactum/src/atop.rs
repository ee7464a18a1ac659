//! `pactum atop` (being written).

use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum AtopCommand {}

pub fn run(cmd: AtopCommand) -> ExitCode {
    match cmd {}
}
