//! Shared by the corpus tests: the Gambit example games shipped in `data/gambit-games/`.
#![allow(clippy::unwrap_used, dead_code)]

use std::path::PathBuf;

/// Every `.efg` and `.nfg` file of the corpus, sorted by path.
pub fn corpus() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/gambit-games");
    let mut files = Vec::new();
    for sub in ["contrib", "catalog"] {
        for e in std::fs::read_dir(root.join(sub)).unwrap() {
            let p = e.unwrap().path();
            if matches!(p.extension().and_then(|x| x.to_str()), Some("efg" | "nfg")) {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(files.len() > 150, "corpus missing: {}", files.len());
    files
}
