//! Loading a set of files into one [`Model`]: scan each, index what they declare,
//! lower them, then check what only the whole set can show (duplicate instrument ids,
//! cycles of dependencies).

use std::collections::{BTreeMap, BTreeSet};

use pactum_syntax::diag::codes;
use pactum_syntax::document::{decode, parse_document};
use pactum_syntax::{BlockTag, Diagnostic, Document, FileId, SourceMap, Span};
use schemars::JsonSchema;
use serde::Serialize;

use crate::actors::{Actor, Registry};
use crate::expr::CommitmentRef;
use crate::from_syntax::{FileModel, Index, Lowerer, is_actor_id, is_id};
use crate::types::{Commitment, Expectation, Instrument, Scenario};

/// Everything loaded in one run.
#[derive(Debug, Default)]
pub struct Model {
    pub instruments: Vec<Instrument>,
    pub scenarios: Vec<Scenario>,
    pub expectations: Vec<Expectation>,
    /// Built-in actors plus those declared by the files.
    pub registry: Registry,
    /// The scanned documents, by file.
    pub documents: BTreeMap<FileId, Document>,
}

impl Model {
    pub fn instrument(&self, id: &str) -> Option<&Instrument> {
        self.instruments.iter().find(|i| i.id == id)
    }

    pub fn commitment(&self, r: &CommitmentRef) -> Option<&Commitment> {
        self.instrument(&r.instrument)?.commitments.iter().find(|c| c.id.id == r.id)
    }

    pub fn commitments(&self) -> impl Iterator<Item = &Commitment> {
        self.instruments.iter().flat_map(|i| i.commitments.iter())
    }
}

/// The JSON export of a model (`pactum export --format json`), documented in
/// docs/json.md and described by `pactum schema`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Export<'a> {
    /// Version of this format; bumped on incompatible changes.
    pub format_version: u32,
    pub instruments: &'a [Instrument],
    pub scenarios: &'a [Scenario],
    pub expectations: &'a [Expectation],
}

impl Model {
    pub fn export(&self) -> Export<'_> {
        Export {
            format_version: 1,
            instruments: &self.instruments,
            scenarios: &self.scenarios,
            expectations: &self.expectations,
        }
    }
}

/// The JSON Schema of [`Export`].
pub fn export_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(Export<'static>);
    serde_json::to_value(schema).unwrap_or(serde_json::Value::Null)
}

/// Adds a file's bytes to the source map, decoding them. Returns the id and, for a file
/// that is not text, the diagnostic saying so.
pub fn add_file(map: &mut SourceMap, path: &str, bytes: &[u8]) -> (FileId, Option<Diagnostic>) {
    let placeholder = map.add(path, "");
    let (text, diag) = decode(placeholder, bytes);
    if let Some(f) = map.get_mut(placeholder) {
        *f = pactum_syntax::SourceFile::new(placeholder, path, text);
    }
    (placeholder, diag)
}

/// Loads files already in the map. Never fails: problems are diagnostics, and what
/// could be lowered is in the model.
pub fn load(map: &mut SourceMap, files: &[FileId]) -> (Model, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut docs = BTreeMap::new();
    for &f in files {
        let Some(text) = map.get(f).map(|s| s.text.clone()) else { continue };
        let (doc, mut d) = parse_document(f, &text);
        if let Some(sf) = map.get_mut(f) {
            sf.set_headings(doc.headings.clone());
        }
        diags.append(&mut d);
        docs.insert(f, doc);
    }

    // Pass one: what every file declares.
    let mut index = Index::default();
    let mut registry = Registry::builtin().clone();
    let mut declared: BTreeMap<FileId, Vec<Actor>> = BTreeMap::new();
    let mut instrument_of: BTreeMap<FileId, String> = BTreeMap::new();
    for (&f, doc) in &docs {
        let instruments: Vec<_> = doc.blocks.iter().filter(|b| b.tag == BlockTag::Instrument).collect();
        for extra in instruments.iter().skip(1) {
            diags.push(
                Diagnostic::error(codes::DUPLICATE_INSTRUMENT, "a file holds one instrument")
                    .at(extra.tag_span, "second `instrument` block")
                    .also(instruments[0].tag_span, "first one here")
                    .help("put each instrument in its own file"),
            );
        }
        let inst_id = instruments.first().and_then(|b| b.table.as_ref()).and_then(|t| t.get("id")).and_then(|v| {
            let id = v.as_str()?;
            is_id(id).then(|| (id.to_string(), v.span))
        });
        if let Some((id, span)) = &inst_id {
            if let Some(prev) = index.instruments.get(id) {
                diags.push(
                    Diagnostic::error(codes::DUPLICATE_ID, format!("two instruments are called `{id}`"))
                        .at(*span, "duplicate instrument id")
                        .also(*prev, "first declared here"),
                );
            } else {
                index.instruments.insert(id.clone(), *span);
                instrument_of.insert(f, id.clone());
            }
            let ids = index.commitments.entry(id.clone()).or_default();
            for b in doc.blocks.iter().filter(|b| b.tag == BlockTag::Commitment) {
                if let Some(cid) = b.table.as_ref().and_then(|t| t.get("id")).and_then(|v| v.as_str()) {
                    ids.insert(cid.to_string());
                }
            }
        } else if let Some(first) = doc.blocks.iter().find(|b| b.tag == BlockTag::Commitment)
            && instruments.is_empty()
        {
            diags.push(
                Diagnostic::error(codes::NO_INSTRUMENT, "commitments need an `instrument` block in the same file")
                    .at(first.tag_span, "this commitment belongs to no instrument"),
            );
        }
    }
    // Parties: declared in pass one so every file sees every declaration.
    for (&f, doc) in &docs {
        let mut lw = Lowerer { map, doc, registry: &registry, index: &index, diags: Vec::new(), instrument: None };
        let mut mine = Vec::new();
        for b in doc.blocks.iter().filter(|b| b.tag == BlockTag::Party) {
            let Some(t) = &b.table else { continue };
            // Parties may name each other; resolve ids after all are known, so only
            // check the shape here and members/of below.
            if let Some(id) = t.get("id").and_then(|v| v.as_str())
                && is_actor_id(id)
            {
                if Registry::builtin().actor(id).is_some() {
                    let span = t.get("id").map_or(b.span, |v| v.span);
                    lw.diags.push(
                        Diagnostic::error(codes::SHADOWED_ACTOR, format!("`{id}` is a built-in actor"))
                            .at(span, "already known to pactum")
                            .help("remove this block, or choose another id"),
                    );
                    continue;
                }
                mine.push((b.span, t));
            } else {
                mine.push((b.span, t));
            }
        }
        // Register names first (so members can refer to parties declared later).
        let mut tmp = registry.clone();
        for (_, t) in &mine {
            if let Some(id) = t.get("id").and_then(|v| v.as_str()) {
                tmp.actors.entry(id.to_string()).or_insert(Actor {
                    id: id.to_string(),
                    name: String::new(),
                    kind: crate::keywords::ActorKind::Group,
                    of: None,
                    members: Vec::new(),
                    regions: Vec::new(),
                    builtin: false,
                });
            }
        }
        let mut lw2 = Lowerer { map, doc, registry: &tmp, index: &index, diags: Vec::new(), instrument: None };
        let mut actors = Vec::new();
        for (span, t) in mine {
            // The same lowering used for all blocks, run through a method on Lowerer.
            if let Some(a) = lower_party(&mut lw2, t, span) {
                actors.push(a);
            }
        }
        diags.append(&mut lw.diags);
        diags.append(&mut lw2.diags);
        declared.insert(f, actors);
    }
    let mut first_decl: BTreeMap<String, Span> = BTreeMap::new();
    for actors in declared.values() {
        for a in actors {
            registry.actors.entry(a.id.clone()).or_insert_with(|| a.clone());
        }
    }
    for (&f, actors) in &declared {
        let doc = &docs[&f];
        for a in actors {
            let span = doc
                .blocks
                .iter()
                .filter(|b| b.tag == BlockTag::Party)
                .find_map(|b| b.table.as_ref()?.get("id").filter(|v| v.as_str() == Some(&a.id)).map(|v| v.span));
            let Some(span) = span else { continue };
            if let Some(prev) = first_decl.get(&a.id) {
                if registry.actors.get(&a.id) != Some(a) {
                    diags.push(
                        Diagnostic::error(codes::DUPLICATE_ID, format!("`{}` is declared twice, differently", a.id))
                            .at(span, "second declaration")
                            .also(*prev, "first declaration"),
                    );
                }
            } else {
                first_decl.insert(a.id.clone(), span);
            }
        }
    }

    // Pass two: lower everything.
    let mut model = Model::default();
    for (&f, doc) in &docs {
        let mut lw = Lowerer {
            map,
            doc,
            registry: &registry,
            index: &index,
            diags: Vec::new(),
            instrument: instrument_of.get(&f).cloned(),
        };
        let FileModel { instrument, scenarios, expectations } = lw.lower(declared.remove(&f).unwrap_or_default());
        diags.append(&mut lw.diags);
        model.instruments.extend(instrument);
        model.scenarios.extend(scenarios);
        model.expectations.extend(expectations);
    }
    model.registry = registry;
    check_cycles(&model, &mut diags);
    model.documents = docs;
    diags.sort_by_key(|d| (d.primary_span().map(|s| (s.file, s.start)), d.code.id));
    diags.dedup();
    (model, cap_per_file(diags))
}

fn lower_party(lw: &mut Lowerer<'_>, t: &pactum_syntax::toml::Table, span: Span) -> Option<Actor> {
    lw.lower_party(t, span)
}

impl Lowerer<'_> {
    /// Lowers a `party` block (exposed for the two-step declaration of parties).
    pub fn lower_party(&mut self, t: &pactum_syntax::toml::Table, span: Span) -> Option<Actor> {
        self.party_block(t, span)
    }
}

/// Reports each cycle of `depends_on` / `holds(...)` references once.
fn check_cycles(model: &Model, diags: &mut Vec<Diagnostic>) {
    let mut edges: BTreeMap<CommitmentRef, Vec<(CommitmentRef, Span)>> = BTreeMap::new();
    for c in model.commitments() {
        let e = edges.entry(c.id.clone()).or_default();
        for d in &c.depends_on {
            e.push((d.target.clone(), d.loc.span));
        }
        let clauses = c.trigger.iter().chain(c.ends_when.iter()).chain(c.conditions.iter().map(|x| &x.when));
        for cl in clauses {
            for r in cl.expr.holds_refs() {
                e.push((r.clone(), cl.loc.span));
            }
        }
    }
    // Iterative DFS with colours; a back edge closes a cycle.
    let mut colour: BTreeMap<&CommitmentRef, u8> = BTreeMap::new();
    let mut reported: BTreeSet<Vec<CommitmentRef>> = BTreeSet::new();
    for start in edges.keys() {
        if colour.get(start).copied().unwrap_or(0) != 0 {
            continue;
        }
        let mut stack: Vec<(&CommitmentRef, usize)> = vec![(start, 0)];
        colour.insert(start, 1);
        while let Some((node, i)) = stack.pop() {
            let out = edges.get(node).map_or(&[][..], Vec::as_slice);
            if i < out.len() {
                stack.push((node, i + 1));
                let (next, span) = &out[i];
                match colour.get(next).copied().unwrap_or(0) {
                    0 => {
                        colour.insert(next, 1);
                        stack.push((next, 0));
                    }
                    1 => {
                        let pos = stack.iter().position(|(n, _)| *n == next).unwrap_or(0);
                        let mut cycle: Vec<CommitmentRef> = stack[pos..].iter().map(|(n, _)| (*n).clone()).collect();
                        let path = cycle
                            .iter()
                            .map(ToString::to_string)
                            .chain(std::iter::once(next.to_string()))
                            .collect::<Vec<_>>()
                            .join(" → ");
                        cycle.sort();
                        if reported.insert(cycle) {
                            diags.push(
                                Diagnostic::error(codes::DEPENDENCY_CYCLE, format!("commitments depend on each other in a cycle: {path}"))
                                    .at(*span, "this reference closes the cycle")
                                    .note("a cycle leaves no commitment to stand on first; break it by removing one dependency"),
                            );
                        }
                    }
                    _ => {}
                }
            } else {
                colour.insert(node, 2);
            }
        }
    }
}

/// Keeps at most [`MAX_DIAGNOSTICS_PER_FILE`] diagnostics per file, replacing the rest
/// with one that says how many were left out, so a hostile file cannot flood the output.
///
/// [`MAX_DIAGNOSTICS_PER_FILE`]: pactum_syntax::limits::MAX_DIAGNOSTICS_PER_FILE
fn cap_per_file(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    use pactum_syntax::limits::MAX_DIAGNOSTICS_PER_FILE;
    let mut count: BTreeMap<Option<FileId>, usize> = BTreeMap::new();
    let mut out = Vec::new();
    let mut dropped: BTreeMap<Option<FileId>, (usize, Option<Span>)> = BTreeMap::new();
    for d in diags {
        let file = d.primary_span().map(|s| s.file);
        let n = count.entry(file).or_default();
        *n += 1;
        if *n <= MAX_DIAGNOSTICS_PER_FILE {
            out.push(d);
        } else {
            let e = dropped.entry(file).or_insert((0, d.primary_span()));
            e.0 += 1;
        }
    }
    for (_, (n, span)) in dropped {
        let mut d =
            Diagnostic::error(codes::TOO_MANY_DIAGNOSTICS, format!("{n} more diagnostics in this file were not shown"));
        if let Some(s) = span {
            d = d.at(s, "the first of them");
        }
        out.push(d);
    }
    out
}
