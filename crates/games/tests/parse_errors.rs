//! Malformed input: located errors, never a panic (mutation-based property test).
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use pactum_games::parse::read_game_bytes;
use pactum_games::read_game;
use proptest::prelude::*;

const SOURCE: &str = include_str!("../../../data/gambit-games/contrib/e04.efg");
const TABLE: &str = include_str!("../../../data/gambit-games/contrib/coord2.nfg");

fn located(text: &str, line: usize, column: usize, needle: &str) {
    let e = read_game(text).unwrap_err();
    assert_eq!((e.line, e.column), (line, column), "{e}");
    assert!(e.message.contains(needle), "{e}");
}

#[test]
fn errors_name_line_and_column() {
    located("", 1, 1, "empty");
    located("XFG 2 R", 1, 1, "EFG");
    located("EFG 3 R \"t\" { }", 1, 5, "version");
    located("EFG 2 R \"t\" { \"1\" }\n\"\"\np \"\" 1 1 \"\" { \"a\" } 0\nx", 4, 1, "node type");
    located("EFG 2 R \"t\" { \"1\" }\n\"\"\np \"\" 2 1 \"\" { \"a\" } 0\n", 3, 6, "player");
    located("EFG 2 R \"t\" { \"1\" }\n\"\"\np \"\" 1 1 0\n", 3, 8, "used before it is defined");
    located("EFG 2 R \"t\" { \"1\" }\n\"\"\nt \"\" 1 \"\" { 1/0 }\n", 3, 13, "invalid number");
    located("NFG 1 R \"t\" { \"1\" \"2\" } { 2 2 }\n1 2 3", 2, 6, "end of file");
    located("NFG 1 R \"t\" { \"1\" } { 2 }\n\"unterminated", 2, 1, "quoted label");
}

#[test]
fn gambit_badgame_files_are_well_formed_pathological_games() {
    // Gambit's badgame1/2 are "Agent Nash not Player Nash" and "Agent SPE not Player SPE":
    // valid files whose games defeat naive solution concepts; they must read fine.
    for f in ["badgame1.efg", "badgame2.efg"] {
        let path = format!("{}/../../data/gambit-games/contrib/{f}", env!("CARGO_MANIFEST_DIR"));
        assert!(read_game(&std::fs::read_to_string(path).unwrap()).is_ok());
    }
}

#[test]
fn truncations_of_a_valid_file_fail_with_a_location_inside_the_file() {
    for cut in 0..SOURCE.len() {
        if !SOURCE.is_char_boundary(cut) {
            continue;
        }
        let text = &SOURCE[..cut];
        if let Err(e) = read_game(text) {
            assert!(e.line >= 1 && e.line <= text.lines().count().max(1) + 1, "{e}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_files_never_panic(
        which in 0usize..2,
        edits in proptest::collection::vec((0usize..4096, any::<u8>(), 0u8..3), 1..6)
    ) {
        let mut bytes = if which == 0 { SOURCE.as_bytes().to_vec() } else { TABLE.as_bytes().to_vec() };
        for (pos, b, kind) in edits {
            let p = pos % (bytes.len() + 1);
            match kind {
                0 if p < bytes.len() => bytes[p] = b,
                1 => bytes.insert(p, b),
                _ if p < bytes.len() => {
                    bytes.remove(p);
                }
                _ => {}
            }
        }
        match read_game_bytes(&bytes) {
            Ok(g) => {
                // Whatever reads must also write and read back to the same game.
                let out = pactum_games::write::write_game(&g);
                prop_assert_eq!(read_game(&out).unwrap(), g);
            }
            Err(e) => {
                prop_assert!(e.line >= 1 && e.column >= 1);
                prop_assert!(!e.message.is_empty());
            }
        }
    }
}
