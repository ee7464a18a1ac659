//! Benchmark: how many what-if scenarios the engine evaluates per second on the bundled
//! library's instruments. Run with `cargo bench -p pactum-engine`.
//!
//! Each what-if derives an overlay from a baseline (an attack on a different date and at
//! a different scale, and a judgement either way) and simulates it in full.

use std::time::Instant;

use pactum_model::types::{Event, Overlay};
use pactum_model::{add_file, load};

fn main() {
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
    let (model, _) = load(&mut map, &files);
    let Some(base) = model.scenarios.first() else {
        println!("no scenario in the library: nothing to measure");
        return;
    };
    let template: Option<Event> = base.events.iter().find(|e| e.kind.is_hostile()).cloned();
    let n = 5_000usize;
    let scales = [
        pactum_model::keywords::Scale::Minor,
        pactum_model::keywords::Scale::Limited,
        pactum_model::keywords::Scale::Significant,
        pactum_model::keywords::Scale::Large,
    ];
    let start = Instant::now();
    let mut due = 0usize;
    for i in 0..n {
        let mut add = Vec::new();
        if let Some(mut e) = template.clone() {
            e.id = None;
            e.scale = Some(scales[i % 4]);
            if let Some(d) =
                e.date.checked_add(&pactum_model::time::Duration { days: (i % 365) as u32, ..Default::default() })
            {
                e.date = d;
            }
            add.push(e);
        }
        let overlay = Overlay {
            id: format!("what-if-{i}"),
            description: None,
            remove: Vec::new(),
            add,
            judgements: Vec::new(),
            loc: base.loc.clone(),
        };
        let s = base.with_overlay(&overlay);
        let sim = pactum_engine::simulate(&model, &s, Some(&overlay.id));
        due += sim
            .timelines
            .iter()
            .filter(|t| t.steps.iter().any(|s| s.state == pactum_model::keywords::CommitmentState::Due))
            .count();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "engine: {n} what-ifs of scenario `{}` ({} instruments) in {secs:.3} s = {:.0} what-ifs/s (checksum {due})",
        base.id,
        base.instruments.len(),
        n as f64 / secs
    );
}
