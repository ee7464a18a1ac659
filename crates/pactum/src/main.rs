//! `pactum`: the command-line front end. A thin layer over the library crates.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod game;
mod ledger;

#[derive(Parser)]
#[command(name = "pactum", version, about = "Analyse security guarantees")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Game theory: read, convert and solve Gambit games.
    #[command(subcommand)]
    Game(game::GameCommand),
    /// Defence spending against pledges, and aid flows.
    #[command(subcommand)]
    Ledger(ledger::LedgerCommand),
}

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
        Command::Game(cmd) => game::run(cmd),
        Command::Ledger(cmd) => ledger::run(cmd),
    }
}
