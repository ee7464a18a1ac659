//! Expectations: comparing simulations with `expect` blocks, and rewriting them in
//! place (`pactum test --accept`) without touching the rest of the file.

use std::collections::BTreeMap;

use pactum_model::keywords::{CommitmentState, Keyword};
use pactum_model::types::{Expectation, ExpectedState};
use pactum_model::{Model, Scenario};
use serde::Serialize;
use toml_edit::{DocumentMut, Item, Value};

use crate::simulate::{Simulation, simulate};

/// One expected state that did not come out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mismatch {
    pub file: String,
    pub line: usize,
    pub scenario: String,
    pub overlay: Option<String>,
    pub commitment: String,
    pub guarantor: String,
    pub on: pactum_model::time::Date,
    pub expected: CommitmentState,
    pub expected_branches: Vec<CommitmentState>,
    pub actual: CommitmentState,
    pub actual_branches: Vec<CommitmentState>,
}

impl Mismatch {
    /// A readable diff of the expectation.
    pub fn diff(&self) -> String {
        let br = |b: &[CommitmentState]| {
            if b.is_empty() {
                String::new()
            } else {
                format!(" (branches: {})", b.iter().map(|s| s.keyword()).collect::<Vec<_>>().join(", "))
            }
        };
        format!(
            "{}:{}: {}{} — {} for {} on {}\n  - expected: {}{}\n  + actual:   {}{}",
            self.file,
            self.line,
            self.scenario,
            self.overlay.as_ref().map(|o| format!(" + {o}")).unwrap_or_default(),
            self.commitment,
            self.guarantor,
            self.on,
            self.expected.keyword(),
            br(&self.expected_branches),
            self.actual.keyword(),
            br(&self.actual_branches),
        )
    }
}

/// The scenario an expectation refers to (with its overlay applied).
pub fn scenario_for(model: &Model, e: &Expectation) -> Option<Scenario> {
    let base = model.scenarios.iter().find(|s| s.id == e.scenario && s.loc.file == e.loc.file)?;
    match &e.overlay {
        None => Some(base.clone()),
        Some(o) => base.overlays.iter().find(|x| &x.id == o).map(|x| base.with_overlay(x)),
    }
}

/// The actual state and branch states for one expected state.
pub fn actual(sim: &Simulation, s: &ExpectedState) -> (CommitmentState, Vec<CommitmentState>) {
    match sim.step_on(&s.commitment, &s.guarantor, s.on) {
        Some(step) => {
            let mut b: Vec<CommitmentState> = step.branches.iter().map(|b| b.state).collect();
            b.sort();
            b.dedup();
            (step.state, b)
        }
        None => (CommitmentState::NotInForce, Vec::new()),
    }
}

/// Runs every expectation; returns (blocks passed, blocks failed, mismatches).
pub fn check_expectations(model: &Model) -> (usize, usize, Vec<Mismatch>) {
    check_expectations_where(model, &|_| true)
}

/// Runs the expectations `keep` selects (e.g. those of the files a user named).
pub fn check_expectations_where(model: &Model, keep: &dyn Fn(&Expectation) -> bool) -> (usize, usize, Vec<Mismatch>) {
    let mut passed = 0;
    let mut failed = 0;
    let mut out = Vec::new();
    let mut cache: BTreeMap<(String, String, Option<String>), Simulation> = BTreeMap::new();
    for e in model.expectations.iter().filter(|e| keep(e)) {
        let key = (e.loc.file.clone(), e.scenario.clone(), e.overlay.clone());
        if !cache.contains_key(&key) {
            let Some(s) = scenario_for(model, e) else { continue };
            cache.insert(key.clone(), simulate(model, &s, e.overlay.as_deref()));
        }
        let Some(sim) = cache.get(&key) else { continue };
        let mut ok = true;
        for s in &e.states {
            let (state, branches) = actual(sim, s);
            let mut expected_b = s.branches.clone();
            expected_b.sort();
            expected_b.dedup();
            if state != s.state || (!expected_b.is_empty() || !branches.is_empty()) && expected_b != branches {
                ok = false;
                out.push(Mismatch {
                    file: s.loc.file.clone(),
                    line: s.loc.line,
                    scenario: e.scenario.clone(),
                    overlay: e.overlay.clone(),
                    commitment: s.commitment.to_string(),
                    guarantor: s.guarantor.clone(),
                    on: s.on,
                    expected: s.state,
                    expected_branches: expected_b,
                    actual: state,
                    actual_branches: branches,
                });
            }
        }
        if ok {
            passed += 1;
        } else {
            failed += 1;
        }
    }
    (passed, failed, out)
}

/// Rewrites the `expect` blocks of one file's text so that they state what the engine
/// computes. Only the `state` and `branches` values change; comments, order and layout
/// stay. Returns the new text, or the old one if nothing changed.
pub fn accept(model: &Model, file: &str, text: &str) -> String {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut cache: BTreeMap<(String, Option<String>), Simulation> = BTreeMap::new();
    for e in model.expectations.iter().filter(|e| e.loc.file == file) {
        let key = (e.scenario.clone(), e.overlay.clone());
        if !cache.contains_key(&key) {
            let Some(s) = scenario_for(model, e) else { continue };
            cache.insert(key.clone(), simulate(model, &s, e.overlay.as_deref()));
        }
        let Some(sim) = cache.get(&key) else { continue };
        // The block's body: between the opening fence line and the closing fence.
        let (start, end) = (e.loc.start as usize, e.loc.end as usize);
        let Some(block) = text.get(start..end) else { continue };
        let Some(body_start) = block.find('\n').map(|i| start + i + 1) else { continue };
        let Some(body_end) = block.trim_end().rfind('\n').map(|i| start + i + 1) else { continue };
        let Some(body) = text.get(body_start..body_end) else { continue };
        let Ok(mut doc) = body.parse::<DocumentMut>() else { continue };
        let Some(states) = doc.get_mut("state").and_then(Item::as_array_of_tables_mut) else { continue };
        let mut changed = false;
        for (table, s) in states.iter_mut().zip(&e.states) {
            let (state, branches) = actual(sim, s);
            if state != s.state {
                let decor = table.get("state").and_then(Item::as_value).map(|v| v.decor().clone());
                let mut v = Value::from(state.keyword());
                if let Some(d) = decor {
                    *v.decor_mut() = d;
                }
                table.insert("state", Item::Value(v));
                changed = true;
            }
            let mut expected_b = s.branches.clone();
            expected_b.sort();
            expected_b.dedup();
            if branches != expected_b {
                if branches.is_empty() {
                    table.remove("branches");
                } else {
                    let arr: toml_edit::Array = branches.iter().map(|b| b.keyword()).collect();
                    table.insert("branches", Item::Value(Value::Array(arr)));
                }
                changed = true;
            }
        }
        if changed {
            edits.push((body_start, body_end, doc.to_string()));
        }
    }
    let mut out = text.to_string();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (a, b, s) in edits {
        out.replace_range(a..b, &s);
    }
    out
}
