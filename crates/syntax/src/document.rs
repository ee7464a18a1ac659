//! Scanning a `.pact.md` file: headings, block quotes and the fenced pactum blocks.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::diag::{Diagnostic, codes};
use crate::limits::MAX_FILE_BYTES;
use crate::source::{FileId, Span};
use crate::suggest::did_you_mean;
use crate::toml::{self, Table};

/// The tags of fenced blocks that carry formal meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockTag {
    Instrument,
    Party,
    Commitment,
    Scenario,
    Expect,
}

impl BlockTag {
    pub const ALL: [BlockTag; 5] =
        [BlockTag::Instrument, BlockTag::Party, BlockTag::Commitment, BlockTag::Scenario, BlockTag::Expect];

    pub fn name(self) -> &'static str {
        match self {
            BlockTag::Instrument => "instrument",
            BlockTag::Party => "party",
            BlockTag::Commitment => "commitment",
            BlockTag::Scenario => "scenario",
            BlockTag::Expect => "expect",
        }
    }

    pub fn from_name(s: &str) -> Option<BlockTag> {
        BlockTag::ALL.into_iter().find(|t| t.name() == s)
    }
}

/// A fenced pactum block.
#[derive(Debug, Clone)]
pub struct Block {
    pub tag: BlockTag,
    /// The whole block, fences included.
    pub span: Span,
    /// The info string's tag word.
    pub tag_span: Span,
    /// The body between the fences.
    pub body_span: Span,
    /// The parsed body; `None` when the TOML did not parse (a diagnostic says why).
    pub table: Option<Table>,
}

/// A block quote: words of the instrument.
#[derive(Debug, Clone)]
pub struct Quote {
    pub span: Span,
    /// False when the quote starts with the `[unverified]` marker.
    pub verified: bool,
    /// The normalised text (see [`normalize`]), marker and outer quotation marks removed.
    pub text: String,
    /// For each byte of `text`, the file offset it came from.
    offsets: Vec<u32>,
    /// Start of every word of `text`, by word, so a quotation is looked for only where
    /// its rarest word occurs (a one-megabyte quote searched by thousands of citations
    /// would otherwise take minutes).
    words: std::collections::HashMap<String, Vec<u32>>,
}

/// Where a quotation was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteMatch {
    /// Index into [`Document::quotes`].
    pub quote: usize,
    pub span: Span,
    pub verified: bool,
}

/// A scanned file.
#[derive(Debug, Clone)]
pub struct Document {
    pub file: FileId,
    /// The first level-1 heading.
    pub title: Option<(String, Span)>,
    pub headings: Vec<(usize, u8, String)>,
    pub blocks: Vec<Block>,
    pub quotes: Vec<Quote>,
    /// Which quotes contain each word, so a citation is matched only against quotes that
    /// could hold it (files with thousands of quotes and citations stay fast).
    quote_words: std::collections::HashMap<String, Vec<u32>>,
}

/// The marker that starts an unverified paraphrase.
pub const UNVERIFIED_MARKER: &str = "[unverified]";

/// Decodes raw bytes, or says why they are not a text file. On failure the returned text
/// is a lossy decoding, so the diagnostic can still point somewhere.
pub fn decode(file: FileId, bytes: &[u8]) -> (String, Option<Diagnostic>) {
    if bytes.len() > MAX_FILE_BYTES {
        let d = Diagnostic::error(
            codes::FILE_TOO_LARGE,
            format!("file is {} bytes; the limit is {} bytes", bytes.len(), MAX_FILE_BYTES),
        )
        .at(Span::new(file, 0..0), "file starts here");
        return (String::new(), Some(d));
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        // Keep a lossy text so the diagnostic can point at the NUL byte's line.
        // Control bytes become `?` (one byte for one byte, so offsets hold) to keep the
        // rendered diagnostic readable in a terminal.
        let text: String = String::from_utf8_lossy(bytes)
            .chars()
            .map(|c| if c.is_control() && !matches!(c, '\n' | '\r' | '\t') { '?' } else { c })
            .collect();
        let d = Diagnostic::error(codes::NOT_UTF8, "this looks like a binary file, not a .pact.md text")
            .at(Span::new(file, nul..nul + 1), format!("NUL byte at offset {nul}"));
        return (text, Some(d));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), None),
        Err(e) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let at = e.valid_up_to();
            // The lossy text has the same prefix, so the offset is valid in it.
            let d = Diagnostic::error(codes::NOT_UTF8, "the file is not valid UTF-8")
                .at(Span::new(file, at..at + 1), "invalid byte here")
                .help("save the file as UTF-8");
            (text, Some(d))
        }
    }
}

/// Scans a document. Never fails: problems become diagnostics.
pub fn parse_document(file: FileId, text: &str) -> (Document, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut doc = Document {
        file,
        title: None,
        headings: Vec::new(),
        blocks: Vec::new(),
        quotes: Vec::new(),
        quote_words: std::collections::HashMap::new(),
    };
    if text.trim().is_empty() {
        diags.push(Diagnostic::error(codes::EMPTY_FILE, "the file is empty").at(Span::new(file, 0..0), "nothing here"));
        return (doc, diags);
    }

    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let parser = Parser::new_ext(text, options).into_offset_iter();

    let mut containers = 0usize; // block quotes and list items enclosing the cursor
    let mut heading: Option<(usize, u8, String)> = None;
    let mut quote: Option<QuoteBuilder> = None;
    let mut quote_depth = 0usize;
    let mut code: Option<CodeBuilder> = None;

    for (event, range) in parser {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((range.start, level as u8, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((at, level, title)) = heading.take() {
                    let title = title.trim().to_string();
                    if level == 1 && doc.title.is_none() {
                        doc.title = Some((title.clone(), Span::new(file, range.clone())));
                    }
                    doc.headings.push((at, level, title));
                }
            }
            Event::Start(Tag::BlockQuote(_)) => {
                containers += 1;
                quote_depth += 1;
                if quote_depth == 1 {
                    quote = Some(QuoteBuilder {
                        start: range.start,
                        end: range.end,
                        text: String::new(),
                        offsets: Vec::new(),
                    });
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                containers = containers.saturating_sub(1);
                quote_depth = quote_depth.saturating_sub(1);
                if quote_depth == 0
                    && let Some(q) = quote.take()
                {
                    doc.quotes.push(q.finish(file));
                }
            }
            Event::Start(Tag::Item) => containers += 1,
            Event::End(TagEnd::Item) => containers = containers.saturating_sub(1),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let word = info.split_whitespace().next().unwrap_or("").to_string();
                code = Some(CodeBuilder {
                    range: range.clone(),
                    info: word,
                    nested: containers > 0,
                    body: String::new(),
                    pieces: Vec::new(),
                });
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(c) = code.take() {
                    c.finish(file, text, &mut doc, &mut diags);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = code.as_mut() {
                    c.pieces.push((c.body.len(), range.start, t.len() == range.len()));
                    c.body.push_str(&t);
                } else {
                    if let Some((_, _, h)) = heading.as_mut() {
                        h.push_str(&t);
                    }
                    if let Some(q) = quote.as_mut() {
                        q.push(&t, range.clone());
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(q) = quote.as_mut() {
                    q.push(" ", range.clone());
                }
                if let Some((_, _, h)) = heading.as_mut() {
                    h.push(' ');
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(q) = quote.as_mut() {
                    q.push(" ", range.end..range.end);
                }
            }
            _ => {}
        }
    }

    for (i, q) in doc.quotes.iter().enumerate() {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        for w in q.words.keys() {
            let list = doc.quote_words.entry(w.clone()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    if doc.blocks.is_empty() && diags.is_empty() {
        diags.push(
            Diagnostic::warning(codes::NOTHING_FORMAL, "no pactum blocks in this file")
                .at(Span::new(file, 0..0), "nothing formal to check")
                .help("encode the text in fenced blocks tagged `instrument`, `commitment`, …"),
        );
    }
    (doc, diags)
}

struct QuoteBuilder {
    start: usize,
    end: usize,
    text: String,
    offsets: Vec<u32>,
}

impl QuoteBuilder {
    fn push(&mut self, t: &str, range: std::ops::Range<usize>) {
        let exact = t.len() == range.len();
        for (i, ch) in t.char_indices() {
            let at = if exact { range.start + i } else { range.start };
            let at = u32::try_from(at).unwrap_or(u32::MAX);
            let mut buf = [0u8; 4];
            for _ in 0..ch.encode_utf8(&mut buf).len() {
                self.offsets.push(at);
            }
            self.text.push(ch);
        }
    }

    fn finish(self, file: FileId) -> Quote {
        let (mut text, mut offsets) = normalize_with_offsets(&self.text, &self.offsets);
        let mut verified = true;
        if text.starts_with(UNVERIFIED_MARKER) {
            verified = false;
            let cut = UNVERIFIED_MARKER.len();
            text.drain(..cut);
            offsets.drain(..cut);
            let lead = text.len() - text.trim_start().len();
            text.drain(..lead);
            offsets.drain(..lead);
        }
        let mut words: std::collections::HashMap<String, Vec<u32>> = std::collections::HashMap::new();
        let mut at = 0usize;
        for w in text.split(' ') {
            if !w.is_empty() {
                words.entry(w.to_string()).or_default().push(u32::try_from(at).unwrap_or(u32::MAX));
            }
            at += w.len() + 1;
        }
        Quote { span: Span::new(file, self.start..self.end), verified, text, offsets, words }
    }
}

impl Quote {
    /// Finds a citation in this quote: segments separated by `…` or `...` must appear
    /// in order. Returns the matched file range.
    fn find(&self, needle: &str) -> Option<std::ops::Range<usize>> {
        let needle = normalize(needle);
        let needle = needle.trim_matches(|c: char| c == '"' || c.is_whitespace());
        let segments: Vec<&str> =
            needle.split(['…']).flat_map(|s| s.split("...")).map(str::trim).filter(|s| !s.is_empty()).collect();
        if segments.is_empty() {
            return None;
        }
        let mut from = 0;
        let mut first = None;
        let mut last = 0;
        for seg in segments {
            let at = self.find_from(seg, from)?;
            first.get_or_insert(at);
            last = at + seg.len();
            from = last;
        }
        let first = first?;
        let start = *self.offsets.get(first)? as usize;
        let end = self.offsets.get(last.saturating_sub(1)).map_or(start, |&o| o as usize + 1);
        Some(start..end.max(start))
    }
}

impl Quote {
    /// The first occurrence of `seg` at or after `from`. Uses the word index through an
    /// interior word of `seg` (one that cannot be cut by the segment's ends); falls back
    /// to a plain search for segments of one or two words.
    fn find_from(&self, seg: &str, from: usize) -> Option<usize> {
        let tokens: Vec<&str> = seg.split(' ').collect();
        if tokens.len() < 3 {
            return self.text.get(from..)?.find(seg).map(|i| i + from);
        }
        // The rarest interior word, and its byte offset within the segment.
        let mut best: Option<(&Vec<u32>, usize)> = None;
        let mut off = tokens[0].len() + 1;
        for t in &tokens[1..tokens.len() - 1] {
            let list = self.words.get(*t)?;
            if best.is_none_or(|(b, _)| list.len() < b.len()) {
                best = Some((list, off));
            }
            off += t.len() + 1;
        }
        let (positions, inner) = best?;
        positions
            .iter()
            .filter_map(|&p| (p as usize).checked_sub(inner))
            .filter(|&start| start >= from)
            .find(|&start| self.text.get(start..start + seg.len()) == Some(seg))
    }
}

impl Document {
    /// Finds a citation in the file's block quotes, preferring verified ones.
    pub fn find_quote(&self, needle: &str) -> Option<QuoteMatch> {
        // Quotes that could hold the citation: those containing an interior word of its
        // first segment (a word its ends cannot cut); all quotes for short citations.
        let norm = normalize(needle);
        let first = norm.trim_matches(|c: char| c == '"' || c.is_whitespace()).split(['…']).next().unwrap_or("");
        let first = first.split("...").next().unwrap_or("").trim();
        let tokens: Vec<&str> = first.split(' ').collect();
        let candidates: Vec<usize> = if tokens.len() >= 3 {
            let rarest = tokens[1..tokens.len() - 1]
                .iter()
                .map(|t| self.quote_words.get(*t).map_or(&[][..], Vec::as_slice))
                .min_by_key(|l| l.len())
                .unwrap_or(&[]);
            rarest.iter().map(|&i| i as usize).collect()
        } else {
            (0..self.quotes.len()).collect()
        };
        let mut found = None;
        for i in candidates {
            let Some(q) = self.quotes.get(i) else { continue };
            if let Some(r) = q.find(needle) {
                let m = QuoteMatch { quote: i, span: Span::new(self.file, r), verified: q.verified };
                if q.verified {
                    return Some(m);
                }
                found.get_or_insert(m);
            }
        }
        found
    }
}

/// Normalises text for matching citations: white-space runs become one space; curly
/// quotation marks and apostrophes become straight ones.
pub fn normalize(s: &str) -> String {
    let offsets = vec![0; s.len()];
    normalize_with_offsets(s, &offsets).0
}

fn normalize_with_offsets(s: &str, offsets: &[u32]) -> (String, Vec<u32>) {
    let mut out = String::with_capacity(s.len());
    let mut outo = Vec::with_capacity(s.len());
    let mut space = false;
    for (i, ch) in s.char_indices() {
        let at = offsets.get(i).copied().unwrap_or(0);
        if ch.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            outo.push(at);
            space = false;
        }
        let ch = match ch {
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2018}' | '\u{2019}' | '\u{201A}' => '\'',
            c => c,
        };
        let mut buf = [0u8; 4];
        for _ in 0..ch.encode_utf8(&mut buf).len() {
            outo.push(at);
        }
        out.push(ch);
    }
    (out, outo)
}

struct CodeBuilder {
    range: std::ops::Range<usize>,
    info: String,
    nested: bool,
    body: String,
    /// (body offset, file offset, whether bytes map one-to-one) for each text piece.
    pieces: Vec<(usize, usize, bool)>,
}

impl CodeBuilder {
    fn finish(self, file: FileId, text: &str, doc: &mut Document, diags: &mut Vec<Diagnostic>) {
        let whole = Span::new(file, self.range.clone());
        let first_line_end = text[self.range.clone()].find('\n').map_or(self.range.end, |i| self.range.start + i);
        let opening = &text[self.range.start..first_line_end];
        let tag_at = opening.find(self.info.as_str()).map_or(self.range.start, |i| self.range.start + i);
        let tag_span = Span::new(file, tag_at..tag_at + self.info.len());

        let Some(tag) = BlockTag::from_name(&self.info) else {
            let known = BlockTag::ALL.map(BlockTag::name);
            const ORDINARY: &[&str] =
                &["", "toml", "text", "json", "markdown", "md", "sh", "bash", "console", "rust", "python", "txt"];
            if !ORDINARY.contains(&self.info.as_str())
                && let Some(s) = did_you_mean(&self.info, known)
            {
                diags.push(
                    Diagnostic::warning(codes::UNKNOWN_BLOCK_TAG, format!("unknown block tag `{}`", self.info))
                        .at(tag_span, "this block is ignored")
                        .suggest(Some(s)),
                );
            }
            return;
        };

        if self.nested {
            diags.push(
                Diagnostic::warning(
                    codes::NESTED_BLOCK,
                    format!("this `{}` block is inside a quote or a list", self.info),
                )
                .at(tag_span, "not read")
                .help("move the block to the top level of the document"),
            );
            return;
        }
        if !is_closed(&text[self.range.clone()]) {
            diags.push(
                Diagnostic::error(codes::UNCLOSED_FENCE, format!("the `{}` block is never closed", self.info))
                    .at(Span::new(file, self.range.start..first_line_end), "opened here")
                    .note("an unclosed fence runs to the end of the file and hides everything after it"),
            );
            return;
        }

        let body_start = self.pieces.first().map_or(first_line_end + 1, |p| p.1).min(self.range.end);
        let body_end = self.pieces.last().map_or(body_start, |&(b, f, exact)| {
            let len = self.body.len() - b;
            if exact { f + len } else { f }
        });
        let pieces = self.pieces.clone();
        let map = move |x: usize| -> usize {
            let idx = pieces.partition_point(|p| p.0 <= x).saturating_sub(1);
            match pieces.get(idx) {
                Some(&(b, f, true)) => f + (x - b),
                Some(&(_, f, false)) => f,
                None => body_start,
            }
        };
        let (table, mut d) = toml::parse_table(&self.body, file, &map);
        diags.append(&mut d);
        doc.blocks.push(Block { tag, span: whole, tag_span, body_span: Span::new(file, body_start..body_end), table });
    }
}

/// Whether a fenced block's text ends with a closing fence matching its opening one.
fn is_closed(block: &str) -> bool {
    let mut lines = block.lines();
    let Some(open) = lines.next() else { return false };
    let open = open.trim_start();
    let Some(ch) = open.chars().next() else { return false };
    let n = open.chars().take_while(|&c| c == ch).count();
    let Some(last) = block.trim_end_matches(['\n', '\r']).lines().last() else { return false };
    if block.trim_end_matches(['\n', '\r']).lines().count() < 2 {
        return false;
    }
    let last = last.trim();
    last.chars().all(|c| c == ch) && last.chars().count() >= n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(s: &str) -> (Document, Vec<Diagnostic>) {
        parse_document(FileId(0), s)
    }

    #[test]
    fn finds_blocks_quotes_and_headings() {
        let src = "# T\n\n## Article 5\n\n> \"The Parties agree that an armed attack\n> shall be considered\"\n\n```commitment\nid = \"a\"\n```\n";
        let (d, diags) = doc(src);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(d.blocks.len(), 1);
        assert_eq!(d.quotes.len(), 1);
        assert_eq!(d.title.as_ref().unwrap().0, "T");
        let m = d.find_quote("armed attack shall be").unwrap();
        assert_eq!(&src[m.span.range()], "armed attack\n> shall be");
        let m = d.find_quote("The Parties … considered").unwrap();
        assert!(src[m.span.range()].starts_with("The Parties"));
        assert!(d.find_quote("an attack on one").is_none());
    }

    #[test]
    fn unverified_marker() {
        let (d, _) = doc("> [unverified] Ukraine will consult.\n\n```party\nid = \"x\"\n```\n");
        assert!(!d.quotes[0].verified);
        assert_eq!(d.quotes[0].text, "Ukraine will consult.");
        assert!(!d.find_quote("will consult").unwrap().verified);
    }

    #[test]
    fn curly_quotes_match_straight() {
        let (d, _) = doc("> won\u{2019}t be on the table \u{201C}forever\u{201D}\n\n```party\n```\n");
        assert!(d.find_quote("won't be on the table \"forever\"").is_some());
    }

    #[test]
    fn unclosed_fence_is_an_error() {
        let (_, diags) = doc("# T\n```commitment\nid = \"a\"\n");
        assert_eq!(diags[0].code, codes::UNCLOSED_FENCE);
    }

    #[test]
    fn misspelt_tag_warns() {
        let (_, diags) = doc("```comitment\nid = 1\n```\n");
        assert_eq!(diags[0].code, codes::UNKNOWN_BLOCK_TAG);
        assert_eq!(diags[0].help.as_deref(), Some("did you mean `commitment`?"));
    }

    #[test]
    fn toml_spans_point_into_the_file() {
        let src = "# T\n\n```party\nid = \"x\"\nname = \n```\n";
        let (_, diags) = doc(src);
        let span = diags[0].primary_span().unwrap();
        assert!(src[span.start as usize..].starts_with('\n') || span.start as usize >= src.find("name").unwrap());
    }

    #[test]
    fn empty_and_binary() {
        assert_eq!(doc("  \n").1[0].code, codes::EMPTY_FILE);
        assert_eq!(decode(FileId(0), b"ab\0cd").1.unwrap().code, codes::NOT_UTF8);
        let (_, d) = decode(FileId(0), b"ok \xff\xfe");
        assert_eq!(d.unwrap().primary_span().unwrap().start, 3);
    }
}
