//! Gathering input files: paths and folders the user names, or the bundled library.

use std::path::{Path, PathBuf};

use pactum_model::{Model, add_file, load};
use pactum_syntax::{Diagnostic, FileId, SourceMap};

include!(concat!(env!("OUT_DIR"), "/library.rs"));

/// The prefix shown for files of the bundled library.
pub const LIBRARY_PREFIX: &str = "<library>/";

/// A usage error: the command line names something that cannot be read as input.
#[derive(Debug)]
pub struct UsageError(pub String);

/// Files found under the given paths: files as given, folders searched recursively for
/// `*.pact.md`, in sorted order. No paths means the bundled library.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, UsageError> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| UsageError(format!("cannot read `{}`: {e}", p.display())))?;
        if meta.is_dir() {
            walk(p, &mut out).map_err(|e| UsageError(format!("cannot list `{}`: {e}", p.display())))?;
        } else {
            out.push(p.clone());
        }
    }
    // A file named twice (directly and through its folder) is read once.
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|p| seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())));
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.file_name().is_some_and(|n| n.to_string_lossy().ends_with(".pact.md")) {
            out.push(p);
        }
    }
    Ok(())
}

/// A loaded run: the files, the model and the diagnostics.
pub struct Loaded {
    pub map: SourceMap,
    pub files: Vec<FileId>,
    pub model: Model,
    pub diags: Vec<Diagnostic>,
}

/// Reads and loads the inputs (the bundled library when `paths` is empty).
pub fn load_inputs(paths: &[PathBuf]) -> Result<Loaded, UsageError> {
    let mut map = SourceMap::new();
    let mut files = Vec::new();
    let mut diags = Vec::new();
    if paths.is_empty() {
        for (name, text) in LIBRARY {
            let (id, d) = add_file(&mut map, &format!("{LIBRARY_PREFIX}{name}"), text.as_bytes());
            files.push(id);
            diags.extend(d);
        }
    } else {
        for path in collect(paths)? {
            let shown = path.display().to_string();
            match std::fs::read(&path) {
                Ok(bytes) => {
                    let (id, d) = add_file(&mut map, &shown, &bytes);
                    match d {
                        // A file that is not text is reported and not scanned.
                        Some(d) => diags.push(d),
                        None => files.push(id),
                    }
                }
                Err(e) => return Err(UsageError(format!("cannot read `{shown}`: {e}"))),
            }
        }
        if files.is_empty() && diags.is_empty() {
            return Err(UsageError("no .pact.md files found in the given paths".to_string()));
        }
    }
    let (model, mut d) = load(&mut map, &files);
    diags.append(&mut d);
    Ok(Loaded { map, files, model, diags })
}

/// Loads the given paths together with the bundled library, skipping library files
/// that the paths already include (by file name), so references to library
/// instruments resolve.
pub fn load_with_library(paths: &[PathBuf]) -> Result<Loaded, UsageError> {
    let mut map = SourceMap::new();
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let given = collect(paths)?;
    let given_names: Vec<String> =
        given.iter().filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())).collect();
    for path in &given {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| UsageError(format!("cannot read `{shown}`: {e}")))?;
        let (id, d) = add_file(&mut map, &shown, &bytes);
        match d {
            Some(d) => diags.push(d),
            None => files.push(id),
        }
    }
    for (name, text) in LIBRARY {
        let base = name.rsplit('/').next().unwrap_or(name);
        if given_names.iter().any(|g| g == base) {
            continue;
        }
        let (id, d) = add_file(&mut map, &format!("{LIBRARY_PREFIX}{name}"), text.as_bytes());
        files.push(id);
        diags.extend(d);
    }
    let (model, mut d) = load(&mut map, &files);
    diags.append(&mut d);
    Ok(Loaded { map, files, model, diags })
}
