//! Round-trip and parse tests over Gambit's own example games in `data/gambit-games/`.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use pactum_games::{read_game, write::write_game};
mod common;
use common::corpus;

#[test]
fn every_corpus_file_reads_and_round_trips() {
    for f in corpus() {
        let text = std::fs::read_to_string(&f).unwrap();
        let g = read_game(&text).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let out = write_game(&g);
        let g2 = read_game(&out).unwrap_or_else(|e| panic!("{} rewritten: {e}\n{out}", f.display()));
        assert_eq!(g, g2, "{}", f.display());
        assert_eq!(write_game(&g2), out, "{}", f.display());
    }
}
