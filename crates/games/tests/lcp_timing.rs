//! In-process timing of `lcp` (read + solve + verify), for comparison with pygambit's
//! in-process times: `LCP_TIMING_FILES="a.nfg b.efg" cargo test --release -p pactum-games
//! --test lcp_timing -- --ignored --nocapture`. Ignored by default (it needs the files).
#![allow(clippy::unwrap_used)]

use pactum_games::solve::{Method, Options, solve};
use std::time::Instant;

#[test]
#[ignore]
fn lcp_in_process_timing() {
    let files = std::env::var("LCP_TIMING_FILES").unwrap_or_default();
    for f in files.split_whitespace() {
        let text = std::fs::read(f).unwrap();
        let only_float = std::env::var_os("LCP_TIMING_FLOAT_ONLY").is_some();
        for rational in [false, true] {
            if rational && only_float {
                continue;
            }
            let opts = Options { method: Method::Lcp, rational, ..Options::default() };
            let mut best = f64::INFINITY;
            let mut count = 0;
            for _ in 0..5 {
                let t = Instant::now();
                let g = pactum_games::parse::read_game_bytes(&text).unwrap();
                let s = solve(&g, &opts, &mut || {});
                best = best.min(t.elapsed().as_secs_f64());
                count = s.map_or(0, |s| s.equilibria.len());
            }
            println!("{f} {} {best:.6} s, {count} equilibria", if rational { "rational" } else { "float" });
        }
    }
}
