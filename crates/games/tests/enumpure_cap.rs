//! `enumpure` on a tree whose pure agent-form equilibria cannot be listed (2^20 free choices at
//! information sets no equilibrium reaches) stops with an error that says so, and `--stop N`
//! (`max_equilibria`) lists the first N instead.

#![allow(clippy::unwrap_used)]

use pactum_games::read_game;
use pactum_games::solve::{MAX_PURE_LISTED, Method, Options, solve};

fn free_choices(k: usize) -> String {
    let mut s = String::from("EFG 2 R \"Free choices at unreached sets\" { \"P1\" \"P2\" }\n\"\"\n");
    s += "p \"\" 1 1 \"\" { \"out\" \"in\" } 0\nt \"\" 1 \"out\" { 10, 0 }\n";
    let branches: Vec<String> = (1..=k).map(|i| format!("\"{i}\" 1/{k}")).collect();
    s += &format!("c \"\" 1 \"\" {{ {} }} 0\n", branches.join(" "));
    for i in 1..=k {
        s +=
            &format!("p \"\" 2 {i} \"\" {{ \"a\" \"b\" }} 0\nt \"\" 2 \"in\" {{ 0, 0 }}\nt \"\" 2 \"in\" {{ 0, 0 }}\n");
    }
    s
}

#[test]
fn too_many_to_list_is_an_error_and_stop_lists_the_first() {
    let game = read_game(&free_choices(20)).unwrap();
    const { assert!(1usize << 20 > MAX_PURE_LISTED) };
    for rational in [false, true] {
        let opts = Options { method: Method::EnumPure, rational, ..Options::default() };
        let err = solve(&game, &opts, &mut || {}).expect_err("an error, not a million profiles");
        assert!(err.0.contains("too many to list"), "{}", err.0);
        let opts = Options { max_equilibria: 3, ..opts };
        let sol = solve(&game, &opts, &mut || {}).unwrap();
        assert_eq!(sol.equilibria.len(), 3);
    }
    // Below the cap everything is listed: 2^4 choices for player 2, player 1 stays out.
    let game = read_game(&free_choices(4)).unwrap();
    let opts = Options { method: Method::EnumPure, ..Options::default() };
    assert_eq!(solve(&game, &opts, &mut || {}).unwrap().equilibria.len(), 16);
}
