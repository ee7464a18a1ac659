//! Known answers on textbook games, written out by hand (not derived from the code).
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use pactum_games::solve::{Method, Options, Profile, solve};
use pactum_games::{Q, read_game};

fn q(s: &str) -> Q {
    Q::parse(s).unwrap()
}

/// Exact equilibria (flattened profiles as strings) of `text` with `method`.
fn exact(text: &str, method: Method, strategic: bool) -> Vec<Vec<String>> {
    let g = read_game(text).unwrap();
    let opts = Options { method, rational: true, strategic, ..Options::default() };
    let s = solve(&g, &opts, &mut || {}).unwrap();
    let mut v: Vec<Vec<String>> =
        s.equilibria.iter().map(|e| e.exact.as_ref().unwrap().flat().iter().map(Q::to_string).collect()).collect();
    v.sort();
    v
}

fn float(text: &str, method: Method) -> Vec<Vec<f64>> {
    let g = read_game(text).unwrap();
    let opts = Options { method, rational: false, ..Options::default() };
    let s = solve(&g, &opts, &mut || {}).unwrap();
    s.equilibria.iter().map(|e| e.profile.flat()).collect()
}

fn set(xs: &[&[&str]]) -> Vec<Vec<String>> {
    let mut v: Vec<Vec<String>> = xs.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect();
    v.sort();
    v
}

const MATCHING_PENNIES: &str = r#"NFG 1 R "Matching pennies" { "Even" "Odd" } { 2 2 }
1 -1 -1 1 -1 1 1 -1
"#;

const BATTLE_OF_SEXES: &str = r#"NFG 1 R "Battle of the sexes" { "Her" "Him" }
{ { "Opera" "Fight" } { "Opera" "Fight" } }
""
{
{ "both opera" 2, 1 }
{ "both fight" 1, 2 }
{ "apart" 0, 0 }
}
1 3 3 2
"#;

const PRISONERS_DILEMMA: &str = r#"NFG 1 R "Prisoner's dilemma" { "Row" "Col" } { 2 2 }
3 3 5 0 0 5 1 1
"#;

#[test]
fn matching_pennies_has_only_the_uniform_equilibrium() {
    let want = set(&[&["1/2", "1/2", "1/2", "1/2"]]);
    assert_eq!(exact(MATCHING_PENNIES, Method::EnumMixed, false), want);
    assert_eq!(exact(MATCHING_PENNIES, Method::Lcp, false), want);
    assert_eq!(exact(MATCHING_PENNIES, Method::Lp, false), want);
    assert!(exact(MATCHING_PENNIES, Method::EnumPure, false).is_empty());
    let l = float(MATCHING_PENNIES, Method::Logit);
    assert_eq!(l.len(), 1);
    assert!(l[0].iter().all(|p| (p - 0.5).abs() < 1e-9));
}

#[test]
fn battle_of_the_sexes_has_two_pure_and_one_mixed_equilibrium() {
    // Her mixes 2/3 Opera so that Him is indifferent (1*p = 2*(1-p)); Him mixes 1/3 Opera.
    let want = set(&[&["1", "0", "1", "0"], &["0", "1", "0", "1"], &["2/3", "1/3", "1/3", "2/3"]]);
    assert_eq!(exact(BATTLE_OF_SEXES, Method::EnumMixed, false), want);
    assert_eq!(exact(BATTLE_OF_SEXES, Method::Lcp, false), want);
    assert_eq!(exact(BATTLE_OF_SEXES, Method::EnumPure, false), set(&[&["1", "0", "1", "0"], &["0", "1", "0", "1"]]));
}

#[test]
fn prisoners_dilemma_has_mutual_defection_only() {
    // Strategy 1 = cooperate, 2 = defect; payoff list is player 1 fastest.
    let want = set(&[&["0", "1", "0", "1"]]);
    for m in [Method::EnumPure, Method::EnumMixed, Method::Lcp] {
        assert_eq!(exact(PRISONERS_DILEMMA, m, false), want, "{m:?}");
    }
    let l = float(PRISONERS_DILEMMA, Method::Logit);
    assert!((l[0][1] - 1.0).abs() < 1e-9 && (l[0][3] - 1.0).abs() < 1e-9);
}

/// The entry-deterrence game (Selten's chain-store stage game).
const ENTRY: &str = r#"EFG 2 R "Entry deterrence" { "Entrant" "Incumbent" } ""
p "" 1 1 "" { "Out" "In" } 0
t "" 1 "stay out" { 0, 4 }
p "" 2 1 "" { "Fight" "Share" } 0
t "" 2 "fight" { -1, -1 }
t "" 3 "share" { 1, 1 }
"#;

#[test]
fn entry_game_agent_form_pure_equilibria_include_the_incredible_threat() {
    // Agent form: (In, Share) and (Out, Fight) — Fight is a best response at an unreached node.
    let want = set(&[&["0", "1", "0", "1"], &["1", "0", "1", "0"]]);
    assert_eq!(exact(ENTRY, Method::EnumPure, false), want);
    // Sequence-form LCP finds one Nash equilibrium; both pure ones are Nash.
    let lcp = exact(ENTRY, Method::Lcp, false);
    assert_eq!(lcp.len(), 1);
    assert!(want.contains(&lcp[0]));
    // Reduced strategic form: same two pure equilibria, plus the mixed ones of the Out
    // component (Fight with probability >= 1/2) whose extreme points are Fight = 1 and 1/2.
    let em = exact(ENTRY, Method::EnumMixed, false);
    assert_eq!(em, set(&[&["0", "1", "0", "1"], &["1", "0", "1", "0"], &["1", "0", "1/2", "1/2"]]));
}

#[test]
fn profile_shapes_follow_the_form() {
    let g = read_game(ENTRY).unwrap();
    let s = solve(&g, &Options { method: Method::EnumPure, ..Options::default() }, &mut || {}).unwrap();
    assert!(matches!(s.equilibria[0].profile, Profile::Behavior(_)));
    let s = solve(&g, &Options { method: Method::EnumMixed, ..Options::default() }, &mut || {}).unwrap();
    assert!(matches!(s.equilibria[0].profile, Profile::Mixed(_)));
    assert_eq!(q("3/6"), q("0.5"));
}
