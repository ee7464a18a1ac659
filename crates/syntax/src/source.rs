//! Source files, byte spans and the mapping from bytes to lines and headings.

use std::ops::Range;
use std::sync::Arc;

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct FileId(pub u32);

/// A byte range in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        // Files are capped at MAX_FILE_BYTES, so offsets fit in u32.
        let clamp = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        Span { file, start: clamp(range.start), end: clamp(range.end.max(range.start)) }
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest span covering both (same file assumed; otherwise `self`).
    pub fn to(self, other: Span) -> Span {
        if self.file != other.file {
            return self;
        }
        Span { file: self.file, start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// One file's text with its line index and heading outline.
#[derive(Debug)]
pub struct SourceFile {
    pub id: FileId,
    /// The path as the user gave it (or `<library>/name` for embedded files).
    pub path: String,
    pub text: Arc<str>,
    line_starts: Vec<usize>,
    /// (byte offset where a heading's section starts, heading level, heading text).
    headings: Vec<(usize, u8, String)>,
    /// For each heading, in order: its offset and the full path it opens.
    paths: Vec<(usize, Vec<String>)>,
}

impl SourceFile {
    pub fn new(id: FileId, path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile { id, path: path.into(), text, line_starts, headings: Vec::new(), paths: Vec::new() }
    }

    /// Records the document's headings (set by the parser).
    pub fn set_headings(&mut self, headings: Vec<(usize, u8, String)>) {
        // Paths are computed once, so looking one up is a binary search: files with
        // thousands of headings and items stay linear.
        let mut stack: Vec<(u8, String)> = Vec::new();
        self.paths = headings
            .iter()
            .map(|(at, level, text)| {
                while stack.last().is_some_and(|(l, _)| *l >= *level) {
                    stack.pop();
                }
                stack.push((*level, text.clone()));
                (*at, stack.iter().map(|(_, t)| t.clone()).collect())
            })
            .collect();
        self.headings = headings;
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// The headings enclosing `offset`, outermost first.
    pub fn heading_path(&self, offset: usize) -> Vec<String> {
        let i = self.paths.partition_point(|(at, _)| *at <= offset);
        if i == 0 { Vec::new() } else { self.paths[i - 1].1.clone() }
    }

    /// The heading path as printed: the level-1 title is dropped when deeper headings
    /// exist, since the file already names the instrument.
    pub fn article(&self, offset: usize) -> String {
        let mut path = self.heading_path(offset);
        if path.len() > 1 {
            path.remove(0);
        }
        path.join(" › ")
    }
}

/// All files of one run.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, path: impl Into<String>, text: impl Into<Arc<str>>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile::new(id, path, text));
        id
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn get_mut(&mut self, id: FileId) -> Option<&mut SourceFile> {
        self.files.get_mut(id.0 as usize)
    }

    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }

    /// `path:line:col` of a span's start.
    pub fn location(&self, span: Span) -> String {
        match self.get(span.file) {
            Some(f) => {
                let (l, c) = f.line_col(span.start as usize);
                format!("{}:{l}:{c}", f.path)
            }
            None => "<unknown>".to_string(),
        }
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        self.get(span.file).and_then(|f| f.text.get(span.range())).unwrap_or("")
    }

    /// The printed heading path at a span.
    pub fn article(&self, span: Span) -> String {
        self.get(span.file).map(|f| f.article(span.start as usize)).unwrap_or_default()
    }
}
