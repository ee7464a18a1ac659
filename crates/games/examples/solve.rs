//! Minimal driver for timing the solvers without the full CLI:
//! `cargo run --release -p pactum-games --example solve -- METHOD [--rational] FILE...`.

use pactum_games::solve::{Method, Options, solve};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(method) = args.first() else {
        eprintln!("usage: solve METHOD [--rational] FILE...");
        std::process::exit(2);
    };
    let method = match method.as_str() {
        "enumpure" => Method::EnumPure,
        "enummixed" => Method::EnumMixed,
        "lcp" => Method::Lcp,
        "logit" => Method::Logit,
        "lp" => Method::Lp,
        m => {
            eprintln!("unknown method {m}");
            std::process::exit(2);
        }
    };
    let rational = args.iter().any(|a| a == "--rational");
    let opts = Options { method, rational, ..Options::default() };
    for f in args[1..].iter().filter(|a| !a.starts_with("--")) {
        let text = match std::fs::read(f) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{f}: {e}");
                continue;
            }
        };
        let game = match pactum_games::parse::read_game_bytes(&text) {
            Ok(g) => g,
            Err(e) => {
                eprintln!("{f}:{}:{}: {}", e.line, e.column, e.message);
                continue;
            }
        };
        match solve(&game, &opts, &mut || {}) {
            Ok(s) => {
                for e in &s.equilibria {
                    let v: Vec<String> = match &e.exact {
                        Some(p) if rational => p.flat().iter().map(|q| q.to_string()).collect(),
                        _ => e.profile.flat().iter().map(|x| format!("{x}")).collect(),
                    };
                    println!("NE,{}", v.join(","));
                }
            }
            Err(e) => eprintln!("{f}: {e}"),
        }
    }
}
