//! Arbitrary bytes through the whole front end: decoding, Markdown scanning, TOML,
//! expressions and lowering (`add_file` + `load`), then rendering of the diagnostics.
//! Nothing may panic, and every diagnostic must be located inside the file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pactum_syntax::SourceMap;
use pactum_syntax::diag::render_plain;

fuzz_target!(|data: &[u8]| {
    let mut map = SourceMap::new();
    let (id, decode_diag) = pactum_model::add_file(&mut map, "fuzz.pact.md", data);
    // Load even after a decoding error: the lossy text must not upset later stages.
    let (_model, mut diags) = pactum_model::load(&mut map, &[id]);
    diags.extend(decode_diag);
    let len = map.get(id).map_or(0, |f| f.text.len());
    for d in &diags {
        if d.is_error() {
            let span = d.primary_span().unwrap_or_else(|| panic!("unlocated error {}: {}", d.code.id, d.message));
            assert!(
                span.file == id && span.start <= span.end && span.end as usize <= len.max(1),
                "error {} ({}) has span {}..{} outside the file of {len} bytes",
                d.code.id,
                d.message,
                span.start,
                span.end
            );
        }
    }
    // The renderer reads lines and columns from the spans: it must not panic either.
    let _ = render_plain(&map, &diags);
});
