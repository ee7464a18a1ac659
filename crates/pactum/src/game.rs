//! `pactum game`: (being written).

use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum GameCommand {}

pub fn run(cmd: GameCommand) -> ExitCode {
    match cmd {}
}
