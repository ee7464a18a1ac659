//! Benchmark: how many what-if scenarios the engine evaluates per second. Run with
//! `cargo bench -p pactum-engine`.
//!
//! Each what-if derives an overlay from a library baseline (the resumed attack moved to
//! another day and given another scale, and the Moscow-clause judgement fixed either
//! way) and simulates it in full, explanations included. Two measurements: one
//! instrument's scenario (the 2025 US draft alone, the unit the issue asks about) and the
//! baseline's five instruments together.

use std::time::Instant;

use pactum_model::keywords::{CommitmentState, Scale};
use pactum_model::time::Duration;
use pactum_model::types::{Event, Judgement, Overlay, Scenario};
use pactum_model::{Model, add_file, load};

fn library() -> Model {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../library");
    let mut map = pactum_syntax::SourceMap::new();
    let mut files = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("library readable").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(".pact.md") {
                let bytes = std::fs::read(&p).expect("file readable");
                files.push(add_file(&mut map, &p.display().to_string(), &bytes).0);
            }
        }
    }
    load(&mut map, &files).0
}

fn run(model: &Model, base: &Scenario, n: usize) -> (f64, usize) {
    let template: Option<Event> = base.events.iter().rev().find(|e| e.kind.is_hostile()).cloned();
    let scales = [Scale::Minor, Scale::Limited, Scale::Significant, Scale::Large];
    let start = Instant::now();
    let mut due = 0usize;
    for i in 0..n {
        let mut add = Vec::new();
        if let Some(mut e) = template.clone() {
            e.id = None;
            e.scale = Some(scales[i % 4]);
            if let Some(d) = e.date.checked_add(&Duration { days: (i % 365) as u32, ..Default::default() }) {
                e.date = d;
            }
            add.push(e);
        }
        let overlay = Overlay {
            id: format!("what-if-{i}"),
            description: None,
            remove: Vec::new(),
            add,
            judgements: vec![Judgement { words: "without cause".into(), value: i % 2 == 0, by: None, from: None }],
            loc: base.loc.clone(),
        };
        let s = base.with_overlay(&overlay);
        let sim = pactum_engine::simulate(model, &s, Some(&overlay.id));
        due += sim.timelines.iter().filter(|t| t.steps.iter().any(|s| s.state == CommitmentState::Due)).count();
    }
    (start.elapsed().as_secs_f64(), due)
}

fn main() {
    let model = library();
    let Some(base) = model.scenarios.iter().find(|s| s.id == "russia-resumes") else {
        println!("the library has no `russia-resumes` scenario: nothing to measure");
        return;
    };
    let mut one = base.clone();
    one.instruments = vec!["us-draft-2025".to_string()];
    let n = 2_000;
    let (secs, checksum) = run(&model, &one, n);
    println!(
        "engine, one instrument (us-draft-2025, {} events): {n} what-ifs in {secs:.3} s = {:.0} what-ifs/s (checksum {checksum})",
        one.events.len(),
        n as f64 / secs
    );
    let n = 500;
    let (secs, checksum) = run(&model, base, n);
    println!(
        "engine, five instruments (russia-resumes, {} events): {n} what-ifs in {secs:.3} s = {:.0} what-ifs/s (checksum {checksum})",
        base.events.len(),
        n as f64 / secs
    );
}
