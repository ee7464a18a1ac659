//! Embeds the bundled library (`library/*.pact.md` at the workspace root) in the binary,
//! so `pactum` works from any directory without the repository.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../library");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut names: Vec<String> = Vec::new();
    walk(&root, "", &mut names);
    names.sort();
    let mut out =
        String::from("/// The bundled library: (file name, contents).\npub static LIBRARY: &[(&str, &str)] = &[\n");
    for n in &names {
        let path = root.join(n);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(out, "    ({n:?}, include_str!({:?})),", path.display().to_string());
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("library.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
}

/// Collects `*.pact.md` files under `dir`, as paths relative to the library root.
fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = e.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            walk(&path, &format!("{prefix}{name}/"), out);
        } else if name.ends_with(".pact.md") {
            out.push(format!("{prefix}{name}"));
        }
    }
}
