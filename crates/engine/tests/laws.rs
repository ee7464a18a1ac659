//! Laws of the engine, as property tests over generated scenarios:
//! an empty overlay is the identity; adding an escape clause never adds an obligation;
//! a commitment is never due unless its instrument is in force.

// Tests panic on broken fixtures by design.
#![allow(clippy::unwrap_used)]

use pactum_engine::simulate;
use pactum_model::keywords::CommitmentState;
use pactum_model::types::{Overlay, Scenario};
use pactum_model::{Model, add_file, load};
use pactum_syntax::SourceMap;
use proptest::prelude::*;

/// A guarantee that needs a Senate vote, with a qualified trigger and, when `escape`
/// is set, a Moscow clause judged by the guarantor.
fn instrument(escape: bool) -> String {
    let esc = if escape {
        r#"
[[escape]]
id = "moscow"
when = 'strike(by: beneficiary, place: moscow) and judged("without cause", by: USA)'
effect = "void"
adjudicator_basis = "silent"
quote = "void if Ukraine strikes Moscow without cause"
"#
    } else {
        ""
    };
    format!(
        r#"# Test guarantee

```instrument
id = "test-guarantee"
title = "Test guarantee"
form = "proposal"
status = "proposed"
parties = ["USA", "UKR"]

[ratification]
required = true
by = ["USA-SENATE"]
status = "promised"

[withdrawal]
notice = "P6M"

[[source]]
title = "Invented for the tests"
```

> The United States will respond to a significant attack on Ukraine. The guarantee is void if Ukraine strikes Moscow without cause.

```commitment
id = "guarantee"
quote = "The United States will respond to a significant attack on Ukraine"
guarantors = ["USA"]
beneficiaries = ["UKR"]
kind = "defense"
obligation = "military"
discretion = "full"
trigger = 'armed_attack(by: RUS, target: beneficiary, scale: >= significant)'
{esc}```
"#
    )
}

/// A scenario file with the given events (TOML `[[event]]` tables).
fn scenario(model_text: &str, events: &[String], judgement: Option<bool>) -> (Model, Scenario) {
    let mut text = String::from(model_text);
    text.push_str("\n```scenario\nid = \"s\"\ntitle = \"generated\"\n");
    if let Some(j) = judgement {
        text.push_str(&format!("\n[judgements]\n\"without cause\" = {j}\n"));
    }
    for e in events {
        text.push_str(e);
    }
    text.push_str("```\n");
    let mut map = SourceMap::new();
    let (id, _) = add_file(&mut map, "gen.pact.md", text.as_bytes());
    let (m, diags) = load(&mut map, &[id]);
    assert!(diags.iter().all(|d| !d.is_error()), "{}\n{}", pactum_syntax::diag::render_plain(&map, &diags), text);
    let s = m.scenarios[0].clone();
    (m, s)
}

fn date(day: u32) -> String {
    // Days from 2026-01-01, within two years.
    let base = pactum_model::time::Date::parse("2026-01-01").unwrap();
    base.checked_add(&pactum_model::time::Duration { days: day, ..Default::default() }).unwrap().to_string()
}

fn event_strategy() -> impl Strategy<Value = String> {
    let day = 0u32..700;
    prop_oneof![
        (day.clone(), 0usize..4).prop_map(|(d, s)| {
            let scale = ["minor", "limited", "significant", "large"][s];
            format!("\n[[event]]\ndate = {}\nkind = \"armed_attack\"\nby = \"RUS\"\ntarget = \"UKR\"\nscale = \"{scale}\"\n", date(d))
        }),
        day.clone().prop_map(|d| format!("\n[[event]]\ndate = {}\nkind = \"signature\"\ninstrument = \"test-guarantee\"\n", date(d))),
        (day.clone(), any::<bool>()).prop_map(|(d, ok)| {
            let r = if ok { "approve" } else { "reject" };
            format!("\n[[event]]\ndate = {}\nkind = \"vote\"\nby = \"USA-SENATE\"\ninstrument = \"test-guarantee\"\nresult = \"{r}\"\n", date(d))
        }),
        day.clone().prop_map(|d| format!("\n[[event]]\ndate = {}\nkind = \"strike\"\nby = \"UKR\"\ntarget = \"RUS\"\nplace = \"moscow\"\n", date(d))),
        day.clone().prop_map(|d| format!("\n[[event]]\ndate = {}\nkind = \"withdrawal_notice\"\nby = \"USA\"\ninstrument = \"test-guarantee\"\n", date(d))),
        day.prop_map(|d| format!("\n[[event]]\ndate = {}\nkind = \"assistance\"\nby = \"USA\"\ntarget = \"UKR\"\n", date(d))),
    ]
}

fn is_obligation(s: CommitmentState) -> bool {
    matches!(s, CommitmentState::Due | CommitmentState::Honoured | CommitmentState::Breached)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn an_empty_overlay_is_the_identity(events in proptest::collection::vec(event_strategy(), 0..8), j in proptest::option::of(any::<bool>())) {
        let (m, s) = scenario(&instrument(true), &events, j);
        let empty = Overlay { id: "empty".into(), description: None, remove: vec![], add: vec![], judgements: vec![], loc: s.loc.clone() };
        let derived = s.with_overlay(&empty);
        let a = simulate(&m, &s, None);
        let b = simulate(&m, &derived, None);
        prop_assert_eq!(a.timelines, b.timelines);
    }

    #[test]
    fn adding_an_escape_clause_never_adds_an_obligation(events in proptest::collection::vec(event_strategy(), 0..8), j in proptest::option::of(any::<bool>())) {
        let (without, s1) = scenario(&instrument(false), &events, j);
        let (with, s2) = scenario(&instrument(true), &events, j);
        let a = simulate(&without, &s1, None);
        let b = simulate(&with, &s2, None);
        let c = &a.timelines[0].commitment;
        for step in &b.timelines[0].steps {
            let mut states = vec![step.state];
            states.extend(step.branches.iter().map(|x| x.state));
            for st in states {
                if is_obligation(st) {
                    prop_assert!(is_obligation(a.state_on(c, "USA", step.date)),
                        "with the escape clause {:?} on {}, without it {:?}", st, step.date, a.state_on(c, "USA", step.date));
                }
            }
        }
    }

    #[test]
    fn never_due_unless_in_force(events in proptest::collection::vec(event_strategy(), 0..8), j in proptest::option::of(any::<bool>())) {
        let (m, s) = scenario(&instrument(true), &events, j);
        let sim = simulate(&m, &s, None);
        // The same timeline without any hostile event: what remains is the standing.
        let mut calm = s.clone();
        calm.events.retain(|e| !e.kind.is_hostile());
        let base = simulate(&m, &calm, None);
        let c = &sim.timelines[0].commitment;
        for step in &sim.timelines[0].steps {
            if is_obligation(step.state) {
                let standing = base.state_on(c, "USA", step.date);
                prop_assert!(matches!(standing, CommitmentState::InForce | CommitmentState::Honoured),
                    "due on {} while the instrument is {:?}", step.date, standing);
            }
        }
    }
}

#[test]
fn the_moscow_clause_branches_on_the_guarantors_judgement() {
    let events = vec![
        format!("\n[[event]]\ndate = {}\nkind = \"signature\"\ninstrument = \"test-guarantee\"\n", date(0)),
        format!(
            "\n[[event]]\ndate = {}\nkind = \"vote\"\nby = \"USA-SENATE\"\ninstrument = \"test-guarantee\"\nresult = \"approve\"\n",
            date(10)
        ),
        format!(
            "\n[[event]]\ndate = {}\nkind = \"strike\"\nby = \"UKR\"\ntarget = \"RUS\"\nplace = \"moscow\"\n",
            date(100)
        ),
        format!(
            "\n[[event]]\ndate = {}\nkind = \"armed_attack\"\nby = \"RUS\"\ntarget = \"UKR\"\nscale = \"large\"\n",
            date(120)
        ),
    ];
    let (m, s) = scenario(&instrument(true), &events, None);
    let sim = simulate(&m, &s, None);
    let c = &sim.timelines[0].commitment;
    assert_eq!(sim.state_on(c, "USA", pactum_model::time::Date::parse(&date(5)).unwrap()), CommitmentState::Signed);
    assert_eq!(sim.state_on(c, "USA", pactum_model::time::Date::parse(&date(50)).unwrap()), CommitmentState::InForce);
    let step = sim.step_on(c, "USA", pactum_model::time::Date::parse(&date(130)).unwrap()).unwrap();
    assert_eq!(step.state, CommitmentState::Undecided);
    let mut states: Vec<_> = step.branches.iter().map(|b| b.state).collect();
    states.sort();
    assert_eq!(states, vec![CommitmentState::Due, CommitmentState::Voided]);
    assert!(step.branches.iter().all(|b| b.judgements[0].by == "USA"));
    // Fixing the judgement decides it.
    let (m, s) = scenario(&instrument(true), &events, Some(true));
    let sim = simulate(&m, &s, None);
    assert_eq!(sim.state_on(c, "USA", pactum_model::time::Date::parse(&date(130)).unwrap()), CommitmentState::Voided);
    let (m, s) = scenario(&instrument(true), &events, Some(false));
    let sim = simulate(&m, &s, None);
    assert_eq!(sim.state_on(c, "USA", pactum_model::time::Date::parse(&date(130)).unwrap()), CommitmentState::Due);
}

#[test]
fn a_rejected_vote_keeps_it_out_of_force_and_a_limited_attack_does_not_trigger() {
    let events = vec![
        format!("\n[[event]]\ndate = {}\nkind = \"signature\"\ninstrument = \"test-guarantee\"\n", date(0)),
        format!(
            "\n[[event]]\ndate = {}\nkind = \"vote\"\nby = \"USA-SENATE\"\ninstrument = \"test-guarantee\"\nresult = \"approve\"\n",
            date(10)
        ),
        format!(
            "\n[[event]]\ndate = {}\nkind = \"armed_attack\"\nby = \"RUS\"\ntarget = \"UKR\"\nscale = \"limited\"\n",
            date(120)
        ),
    ];
    let (m, s) = scenario(&instrument(false), &events, None);
    let sim = simulate(&m, &s, None);
    let c = &sim.timelines[0].commitment;
    assert_eq!(sim.state_on(c, "USA", pactum_model::time::Date::parse(&date(130)).unwrap()), CommitmentState::InForce);
    let mut rejected = events.clone();
    rejected[1] = rejected[1].replace("approve", "reject");
    let (m, s) = scenario(&instrument(false), &rejected, None);
    let sim = simulate(&m, &s, None);
    assert_eq!(
        sim.state_on(c, "USA", pactum_model::time::Date::parse(&date(130)).unwrap()),
        CommitmentState::NotInForce
    );
}

#[test]
fn withdrawal_takes_effect_after_the_notice_period() {
    let events = vec![
        format!("\n[[event]]\ndate = {}\nkind = \"signature\"\ninstrument = \"test-guarantee\"\n", date(0)),
        format!(
            "\n[[event]]\ndate = {}\nkind = \"vote\"\nby = \"USA-SENATE\"\ninstrument = \"test-guarantee\"\nresult = \"approve\"\n",
            date(10)
        ),
        format!(
            "\n[[event]]\ndate = {}\nkind = \"withdrawal_notice\"\nby = \"USA\"\ninstrument = \"test-guarantee\"\n",
            date(31)
        ),
    ];
    let (m, s) = scenario(&instrument(false), &events, None);
    let sim = simulate(&m, &s, None);
    let c = &sim.timelines[0].commitment;
    let d = |s: &str| pactum_model::time::Date::parse(s).unwrap();
    // Notice on 2026-02-01, six months: effective 2026-08-01.
    assert_eq!(sim.state_on(c, "USA", d("2026-07-31")), CommitmentState::InForce);
    assert_eq!(sim.state_on(c, "USA", d("2026-08-01")), CommitmentState::Withdrawn);
}
