//! A compact binary snapshot of a graph, read lazily: opening one reads and checks the nodes and
//! the fixed-size records of edges and evidence, and leaves the texts in the file; an edge's text
//! is read and decoded when a selection keeps it. Parsing the JSON of a million claims takes seconds; opening
//! its snapshot and answering a query takes a fraction of one (see `benches/query.rs`). The JSON
//! stays the contract; the snapshot is a cache of it that `build` writes alongside.
//!
//! Layout (little-endian): the magic bytes `ACTORGRAPH-SNAP` and a NUL, the format version
//! (u32), the section count (u32), then each section's offset and length (u64 each), then the
//! sections:
//! - symbols: strings that repeat (article, relation and rule ids): a count (u32), `count + 1`
//!   offsets (u32) into the text that follows;
//! - articles: 12-byte records in id order: id (symbol, u32), offset of the metadata in data (u64);
//! - nodes: a varint count, then each node: id, label, kind, code, aliases, affiliation, roles;
//! - edges: 40-byte records in edge order: source and target (node positions, u32), relation
//!   (symbol, u32), family, polarity, negation and modality (a byte each), first evidence and
//!   evidence count (u32 each), date (u32), offset in data (u64), padding (u32);
//! - evidence: 16-byte records: article (symbol, u32), date (u32), offset in data (u64);
//! - data: what varies in length, as varints and length-prefixed UTF-8: an edge's id, CAMEO code
//!   and office; a piece of evidence's sentence, offsets, text, rule, attribution and marks; an
//!   article's outlet, title, date and URL.
//!
//! Dates in records are a year (i16), a month and a day (a byte each, 0 when not known), or all
//! bits set for no date. Nodes are written in id order and edges in edge order, so the same graph
//! gives the same bytes.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::Path;
use std::sync::Mutex;

use petgraph::Direction;

use super::model::{ActorGraph, Edge};
use super::source::{EdgeHead, EdgeId, GraphSource, SourceError};
use crate::corpus::ArticleMeta;
use crate::date::PartialDate;
use crate::extract::{Evidence, Mark, MarkRole, Modality, NodeInfo, Office, RoleInfo};
use crate::rules::schema::ActorKind;
use crate::rules::{Family, Polarity};

/// What every snapshot starts with.
pub const MAGIC: &[u8; 16] = b"ACTORGRAPH-SNAP\0";
/// The layout this build writes and reads; a change to the layout bumps it.
pub const VERSION: u32 = 2;

const SECTIONS: usize = 6;
const HEADER_LEN: usize = 16 + 4 + 4 + SECTIONS * 16;
const ARTICLE_RECORD: usize = 12;
const EDGE_RECORD: usize = 40;
const EVIDENCE_RECORD: usize = 16;
const NO_DATE: u32 = u32::MAX;

/// Why bytes are not a snapshot this build can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    #[error("not an actorgraph snapshot (it does not start with the snapshot header)")]
    NotASnapshot,
    #[error(
        "snapshot version {found}, but this actorgraph reads version {VERSION}: rebuild it with `actorgraph build`"
    )]
    Version { found: u32 },
    #[error("the snapshot is damaged at byte {offset}: {what}")]
    Damaged { offset: usize, what: &'static str },
    #[error("cannot read the snapshot: {0}")]
    Read(String),
}

impl From<std::io::Error> for SnapshotError {
    fn from(error: std::io::Error) -> Self {
        SnapshotError::Read(error.to_string())
    }
}

/// Whether bytes start like a snapshot (rather than JSON).
pub fn is_snapshot(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// The snapshot of a graph.
pub fn to_snapshot(graph: &ActorGraph) -> Vec<u8> {
    let mut symbols = Symbols::default();
    let nodes = graph.nodes();
    let node_position: HashMap<&str, u32> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i as u32))
        .collect();
    let mut data = Writer::default();

    let mut articles = Writer::default();
    for (id, meta) in &graph.articles {
        articles.u32(symbols.of(id));
        articles.u64(data.bytes.len() as u64);
        data.opt_str(meta.outlet.as_deref());
        data.opt_str(meta.title.as_deref());
        data.opt_date(meta.date);
        data.opt_str(meta.url.as_deref());
    }

    let mut node_section = Writer::default();
    node_section.varint(nodes.len() as u64);
    for node in &nodes {
        node_section.str(&node.id);
        node_section.str(&node.label);
        node_section.byte(kind_code(node.kind));
        node_section.opt_str(node.code.as_deref());
        node_section.varint(node.aliases.len() as u64);
        for alias in &node.aliases {
            node_section.str(alias);
        }
        node_section.opt_str(node.affiliation.as_deref());
        node_section.varint(node.roles.len() as u64);
        for role in &node.roles {
            node_section.str(&role.title);
            node_section.str(&role.of);
            node_section.opt_date(role.from);
            node_section.opt_date(role.to);
        }
    }

    let mut edges = Writer::default();
    let mut evidence_records = Writer::default();
    let mut evidence_count: u32 = 0;
    for edge in graph.edges() {
        // Every edge end is a node of the graph (`ActorGraph::from_parts` sees to it).
        edges.u32(node_position.get(edge.source.as_str()).copied().unwrap_or(u32::MAX));
        edges.u32(node_position.get(edge.target.as_str()).copied().unwrap_or(u32::MAX));
        edges.u32(symbols.of(&edge.relation));
        edges.byte(family_code(edge.family));
        edges.byte(polarity_code(edge.polarity));
        edges.byte(edge.negated as u8);
        edges.byte(modality_code(edge.modality));
        edges.u32(evidence_count);
        edges.u32(edge.evidence.len() as u32);
        edges.u32(packed_date(edge.date));
        edges.u64(data.bytes.len() as u64);
        edges.u32(0);
        data.str(&edge.id);
        data.opt_str(edge.cameo.as_deref());
        match &edge.office {
            Some(office) => {
                data.byte(1);
                data.str(&office.title);
                data.opt_date(office.from);
                data.opt_date(office.to);
            }
            None => data.byte(0),
        }
        for evidence in &edge.evidence {
            evidence_records.u32(symbols.of(&evidence.article));
            evidence_records.u32(packed_date(evidence.date));
            evidence_records.u64(data.bytes.len() as u64);
            data.varint(evidence.sentence as u64);
            data.varint(evidence.start as u64);
            data.varint(evidence.end as u64);
            data.str(&evidence.text);
            data.varint(u64::from(symbols.of(&evidence.rule)));
            data.opt_str(evidence.said_by.as_deref());
            data.varint(evidence.marks.len() as u64);
            for mark in &evidence.marks {
                data.byte(mark_code(mark.role));
                data.varint(mark.start as u64);
                data.varint(mark.end as u64);
            }
            evidence_count += 1;
        }
    }

    let mut symbol_section = Writer::default();
    symbol_section.u32(symbols.list.len() as u32);
    let mut offset = 0u32;
    symbol_section.u32(offset);
    for symbol in &symbols.list {
        offset += symbol.len() as u32;
        symbol_section.u32(offset);
    }
    for symbol in &symbols.list {
        symbol_section.bytes.extend_from_slice(symbol.as_bytes());
    }

    let sections = [
        symbol_section.bytes,
        articles.bytes,
        node_section.bytes,
        edges.bytes,
        evidence_records.bytes,
        data.bytes,
    ];
    let mut out = Writer::default();
    out.bytes.extend_from_slice(MAGIC);
    out.u32(VERSION);
    out.u32(SECTIONS as u32);
    let mut at = HEADER_LEN as u64;
    for section in &sections {
        out.u64(at);
        out.u64(section.len() as u64);
        at += section.len() as u64;
    }
    for section in sections {
        out.bytes.extend_from_slice(&section);
    }
    out.bytes
}

/// Reads a whole snapshot into a graph in memory.
pub fn from_snapshot(bytes: &[u8]) -> Result<ActorGraph, SnapshotError> {
    SnapshotGraph::from_bytes(bytes.to_vec())?.to_graph()
}

fn packed_date(date: Option<PartialDate>) -> u32 {
    match date {
        None => NO_DATE,
        Some(date) => {
            let [y0, y1] = date.year.to_le_bytes();
            u32::from_le_bytes([y0, y1, date.month.unwrap_or(0), date.day.unwrap_or(0)])
        }
    }
}

/// The date of a record, `Err` for one that cannot be.
fn unpacked_date(value: u32) -> Result<Option<PartialDate>, ()> {
    if value == NO_DATE {
        return Ok(None);
    }
    let [y0, y1, month, day] = value.to_le_bytes();
    let year = i16::from_le_bytes([y0, y1]);
    match (month, day) {
        (0, 0) => Ok(Some(PartialDate::year(year))),
        (1..=12, 0) => Ok(Some(PartialDate::month(year, month))),
        (1..=12, _) => PartialDate::day(year, month, day).map(Some).ok_or(()),
        _ => Err(()),
    }
}

/// A snapshot opened for selection: nodes decoded, edges and evidence as checked records,
/// their text decoded on demand.
#[derive(Debug)]
pub struct SnapshotGraph {
    bytes: Vec<u8>,
    symbol_text: String,
    symbol_ranges: Vec<Range<usize>>,
    nodes: Vec<NodeInfo>,
    node_position: HashMap<String, u32>,
    /// Per node, the edges leaving it (`out_edges[out_start[n]..out_start[n + 1]]`), and those
    /// arriving.
    out_start: Vec<u32>,
    out_edges: Vec<u32>,
    in_start: Vec<u32>,
    in_edges: Vec<u32>,
    articles: Range<usize>,
    edges: Range<usize>,
    evidence: Range<usize>,
    /// Where the data section lies in the file; in `bytes` too unless `data_file` is open.
    data: Range<usize>,
    /// The file the data section is read from, when it was not read with the rest.
    data_file: Option<Mutex<File>>,
}

/// The sections of a snapshot, from its header.
struct Sections {
    symbols: Range<usize>,
    articles: Range<usize>,
    nodes: Range<usize>,
    edges: Range<usize>,
    evidence: Range<usize>,
    data: Range<usize>,
}

/// Reads the header: magic, version, and the sections, each within `file_len` bytes.
fn read_header(bytes: &[u8], file_len: usize) -> Result<Sections, SnapshotError> {
    if !is_snapshot(bytes) {
        return Err(SnapshotError::NotASnapshot);
    }
    let damaged = |offset: usize, what: &'static str| SnapshotError::Damaged { offset, what };
    let mut header = Reader::new(bytes, MAGIC.len());
    let version = header.u32()?;
    if version != VERSION {
        return Err(SnapshotError::Version { found: version });
    }
    if header.u32()? as usize != SECTIONS {
        return Err(damaged(MAGIC.len() + 4, "an unexpected number of sections"));
    }
    let mut sections: Vec<Range<usize>> = Vec::with_capacity(SECTIONS);
    for _ in 0..SECTIONS {
        let at = header.at;
        let start = header.u64()?;
        let len = header.u64()?;
        let range = usize::try_from(start)
            .ok()
            .zip(usize::try_from(len).ok())
            .and_then(|(start, len)| Some(start..start.checked_add(len)?))
            .filter(|r| r.start >= HEADER_LEN && r.end <= file_len)
            .ok_or(damaged(at, "a section outside the file"))?;
        sections.push(range);
    }
    let [symbols, articles, nodes, edges, evidence, data] =
        <[Range<usize>; SECTIONS]>::try_from(sections).map_err(|_| damaged(0, "missing sections"))?;
    Ok(Sections {
        symbols,
        articles,
        nodes,
        edges,
        evidence,
        data,
    })
}

impl SnapshotGraph {
    /// Opens a snapshot file, reading everything but the texts, which stay in the file until a
    /// selection asks for them. The file is held open: `build` replaces it by renaming, so an
    /// open snapshot keeps reading the file it opened.
    pub fn open(path: &Path) -> Result<Self, SnapshotError> {
        let mut file = File::open(path)?;
        let file_len = usize::try_from(file.metadata()?.len())
            .map_err(|_| SnapshotError::Read("the file is too large for this machine".into()))?;
        let mut header = vec![0u8; HEADER_LEN.min(file_len)];
        file.read_exact(&mut header)?;
        let sections = read_header(&header, file_len)?;
        let head_end = [
            &sections.symbols,
            &sections.articles,
            &sections.nodes,
            &sections.edges,
            &sections.evidence,
        ]
        .iter()
        .map(|r| r.end)
        .max()
        .unwrap_or(HEADER_LEN);
        if sections.data.start < head_end {
            // Not the layout `to_snapshot` writes: read it whole rather than guess.
            file.rewind()?;
            let mut bytes = Vec::with_capacity(file_len);
            file.read_to_end(&mut bytes)?;
            return Self::from_bytes(bytes);
        }
        let mut bytes = header;
        bytes.resize(head_end, 0);
        file.read_exact(&mut bytes[HEADER_LEN..])?;
        Self::from_parts(bytes, sections, Some(Mutex::new(file)))
    }

    /// Opens a snapshot held in memory, checking every record, so that selecting from it cannot
    /// go out of bounds; only the variable-length data is checked as it is decoded.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, SnapshotError> {
        let sections = read_header(&bytes, bytes.len())?;
        Self::from_parts(bytes, sections, None)
    }

    fn from_parts(bytes: Vec<u8>, sections: Sections, data_file: Option<Mutex<File>>) -> Result<Self, SnapshotError> {
        let damaged = |offset: usize, what: &'static str| SnapshotError::Damaged { offset, what };
        let Sections {
            symbols,
            articles,
            nodes,
            edges,
            evidence,
            data,
        } = sections;
        for section in [&symbols, &articles, &nodes, &edges, &evidence] {
            if section.end > bytes.len() {
                return Err(damaged(section.start, "a section outside the bytes read"));
            }
        }
        if data_file.is_none() && data.end > bytes.len() {
            return Err(damaged(data.start, "a section outside the bytes read"));
        }

        // Symbols: offsets that rise within the text, on character boundaries.
        let mut reader = Reader::new(&bytes[..symbols.end], symbols.start);
        let count = reader.u32()? as usize;
        if count.saturating_add(1).saturating_mul(4) > symbols.len().saturating_sub(4) {
            return Err(damaged(symbols.start, "a symbol count larger than its section"));
        }
        let mut offsets = Vec::with_capacity(count + 1);
        for _ in 0..=count {
            offsets.push(reader.u32()? as usize);
        }
        let text_bytes = &bytes[reader.at..symbols.end];
        let symbol_text = std::str::from_utf8(text_bytes)
            .map_err(|_| damaged(reader.at, "symbols that are not UTF-8"))?
            .to_string();
        let mut symbol_ranges = Vec::with_capacity(count);
        for pair in offsets.windows(2) {
            let (start, end) = (pair[0], pair[1]);
            if start > end
                || end > symbol_text.len()
                || !symbol_text.is_char_boundary(start)
                || !symbol_text.is_char_boundary(end)
            {
                return Err(damaged(symbols.start, "a symbol outside its text"));
            }
            symbol_ranges.push(start..end);
        }

        // Nodes, decoded whole: they are few, and every query reads them.
        let mut reader = Reader::new(&bytes[..nodes.end], nodes.start);
        let node_count = reader.count(4)?;
        let mut node_list = Vec::with_capacity(node_count);
        let mut node_position = HashMap::with_capacity(node_count);
        for position in 0..node_count {
            let node = reader.node()?;
            node_position.insert(node.id.clone(), position as u32);
            node_list.push(node);
        }

        let mut graph = SnapshotGraph {
            symbol_text,
            symbol_ranges,
            nodes: node_list,
            node_position,
            out_start: Vec::new(),
            out_edges: Vec::new(),
            in_start: Vec::new(),
            in_edges: Vec::new(),
            articles,
            edges,
            evidence,
            data,
            data_file,
            bytes,
        };
        graph.check_records()?;
        graph.index_edges();
        Ok(graph)
    }

    /// Checks every article, edge and evidence record points where it may, and that each one's
    /// data lies between its own offset and the next one's (the spans read from the file).
    fn check_records(&self) -> Result<(), SnapshotError> {
        let damaged = |offset: usize, what: &'static str| SnapshotError::Damaged { offset, what };
        let symbols = self.symbol_ranges.len() as u32;
        if self.articles.len() % ARTICLE_RECORD != 0
            || self.edges.len() % EDGE_RECORD != 0
            || self.evidence.len() % EVIDENCE_RECORD != 0
        {
            return Err(damaged(HEADER_LEN, "a record section of a size no records make"));
        }
        let mut previous: Option<&str> = None;
        let mut previous_offset = 0;
        for record in 0..self.article_count() {
            let at = self.articles.start + record * ARTICLE_RECORD;
            let span = self.article_span(record);
            if self.u32_at(at) >= symbols || span.start < previous_offset || span.start > span.end {
                return Err(damaged(at, "an article record pointing outside the snapshot"));
            }
            previous_offset = span.start;
            // Articles are in id order, which lookups rely on.
            let id = self.symbol(self.u32_at(at));
            if previous.is_some_and(|p| p >= id) {
                return Err(damaged(at, "articles out of order"));
            }
            previous = Some(id);
        }
        let nodes = self.nodes.len() as u32;
        let evidence_count = self.evidence.len() / EVIDENCE_RECORD;
        let mut next_evidence = 0;
        for edge in 0..self.edge_count() {
            let at = self.edges.start + edge * EDGE_RECORD;
            let first = self.u32_at(at + 16) as usize;
            let count = self.u32_at(at + 20) as usize;
            let span = self.edge_span(edge);
            let valid = self.u32_at(at) < nodes
                && self.u32_at(at + 4) < nodes
                && self.u32_at(at + 8) < symbols
                && family_from_code(self.bytes[at + 12]).is_some()
                && polarity_from_code(self.bytes[at + 13]).is_some()
                && bool_from_code(self.bytes[at + 14]).is_some()
                && modality_from_code(self.bytes[at + 15]).is_some()
                && first == next_evidence
                && first.checked_add(count).is_some_and(|end| end <= evidence_count)
                && unpacked_date(self.u32_at(at + 24)).is_ok()
                && span.start >= previous_offset
                && span.start <= span.end;
            if !valid {
                return Err(damaged(at, "an edge record pointing outside the snapshot"));
            }
            previous_offset = span.start;
            next_evidence = first + count;
            for record in first..first + count {
                let at = self.evidence.start + record * EVIDENCE_RECORD;
                let offset = self.u64_at(at + 8);
                if self.u32_at(at) >= symbols
                    || unpacked_date(self.u32_at(at + 4)).is_err()
                    || offset < span.start
                    || offset >= span.end
                {
                    return Err(damaged(at, "an evidence record pointing outside its edge"));
                }
            }
        }
        if next_evidence != evidence_count {
            return Err(damaged(self.evidence.start, "evidence records no edge owns"));
        }
        Ok(())
    }

    /// Builds the per-node lists of edges out and in (two passes: count, then place).
    fn index_edges(&mut self) {
        let nodes = self.nodes.len();
        let mut out_start = vec![0u32; nodes + 1];
        let mut in_start = vec![0u32; nodes + 1];
        for edge in 0..self.edge_count() {
            let (source, target) = self.ends(edge);
            out_start[source + 1] += 1;
            in_start[target + 1] += 1;
        }
        for i in 0..nodes {
            out_start[i + 1] += out_start[i];
            in_start[i + 1] += in_start[i];
        }
        let mut out_fill = out_start.clone();
        let mut in_fill = in_start.clone();
        let mut out_edges = vec![0u32; self.edge_count()];
        let mut in_edges = vec![0u32; self.edge_count()];
        for edge in 0..self.edge_count() {
            let (source, target) = self.ends(edge);
            out_edges[out_fill[source] as usize] = edge as u32;
            out_fill[source] += 1;
            in_edges[in_fill[target] as usize] = edge as u32;
            in_fill[target] += 1;
        }
        (self.out_start, self.out_edges, self.in_start, self.in_edges) = (out_start, out_edges, in_start, in_edges);
    }

    pub fn edge_count(&self) -> usize {
        self.edges.len() / EDGE_RECORD
    }

    fn article_count(&self) -> usize {
        self.articles.len() / ARTICLE_RECORD
    }

    // Record fields. Records were checked on opening; reading past the end gives 0, not a panic.

    fn u32_at(&self, at: usize) -> u32 {
        self.bytes
            .get(at..at + 4)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64_at(&self, at: usize) -> u64 {
        self.bytes.get(at..at + 8).map_or(0, |b| {
            u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
        })
    }

    fn symbol(&self, index: u32) -> &str {
        self.symbol_ranges
            .get(index as usize)
            .and_then(|r| self.symbol_text.get(r.clone()))
            .unwrap_or("")
    }

    fn edge_at(&self, edge: EdgeId) -> usize {
        self.edges.start + edge * EDGE_RECORD
    }

    fn ends(&self, edge: EdgeId) -> (usize, usize) {
        let at = self.edge_at(edge);
        (self.u32_at(at) as usize, self.u32_at(at + 4) as usize)
    }

    fn node_id(&self, position: usize) -> &str {
        self.nodes.get(position).map_or("", |n| n.id.as_str())
    }

    fn evidence_range(&self, edge: EdgeId) -> Range<usize> {
        let at = self.edge_at(edge);
        let first = self.u32_at(at + 16) as usize;
        first..first + self.u32_at(at + 20) as usize
    }

    fn data_len(&self) -> u64 {
        self.data.len() as u64
    }

    /// Where an edge's data lies in the data section: from its offset to the next edge's (its
    /// evidence's data follows its own).
    fn edge_span(&self, edge: EdgeId) -> Range<u64> {
        let start = self.u64_at(self.edge_at(edge) + 28);
        let end = if edge + 1 < self.edge_count() {
            self.u64_at(self.edge_at(edge + 1) + 28)
        } else {
            self.data_len()
        };
        start..end.min(self.data_len())
    }

    /// Where an article's metadata lies: from its offset to the next article's, or to the first
    /// edge's data, which follows the articles'.
    fn article_span(&self, record: usize) -> Range<u64> {
        let offset = |record: usize| self.u64_at(self.articles.start + record * ARTICLE_RECORD + 4);
        let end = if record + 1 < self.article_count() {
            offset(record + 1)
        } else if self.edge_count() > 0 {
            self.u64_at(self.edge_at(0) + 28)
        } else {
            self.data_len()
        };
        offset(record)..end.min(self.data_len())
    }

    /// Bytes of the data section, from memory or from the file.
    fn data_chunk(&self, span: Range<u64>) -> Result<Cow<'_, [u8]>, SnapshotError> {
        let outside = || SnapshotError::Damaged {
            offset: self.data.start,
            what: "data outside its section",
        };
        let start = usize::try_from(span.start).map_err(|_| outside())?;
        let end = usize::try_from(span.end).map_err(|_| outside())?;
        if start > end || end > self.data.len() {
            return Err(outside());
        }
        let (start, end) = (self.data.start + start, self.data.start + end);
        match &self.data_file {
            None => self.bytes.get(start..end).map(Cow::Borrowed).ok_or_else(outside),
            Some(file) => {
                let mut file = file
                    .lock()
                    .map_err(|_| SnapshotError::Read("an earlier read failed midway".into()))?;
                file.seek(SeekFrom::Start(start as u64))?;
                let mut chunk = vec![0u8; end - start];
                file.read_exact(&mut chunk)?;
                Ok(Cow::Owned(chunk))
            }
        }
    }

    /// A piece of evidence, from a chunk of the data section that starts at `chunk_start`.
    fn read_evidence(&self, record: usize, chunk: &[u8], chunk_start: u64) -> Result<Evidence, SnapshotError> {
        let at = self.evidence.start + record * EVIDENCE_RECORD;
        let mut r = self.chunk_reader(chunk, chunk_start, self.u64_at(at + 8));
        let sentence = r.usize()?;
        let start = r.usize()?;
        let end = r.usize()?;
        let text = r.string()?;
        let rule_at = r.at;
        let rule = r.varint()?;
        if rule >= self.symbol_ranges.len() as u64 {
            return Err(SnapshotError::Damaged {
                offset: r.base + rule_at,
                what: "a symbol index past the symbol table",
            });
        }
        let said_by = r.opt_string()?;
        let mark_count = r.count(3)?;
        let mut marks = Vec::with_capacity(mark_count);
        for _ in 0..mark_count {
            marks.push(Mark {
                role: r.decode(mark_from_code, "an unknown mark role")?,
                start: r.usize()?,
                end: r.usize()?,
            });
        }
        Ok(Evidence {
            article: self.symbol(self.u32_at(at)).to_string(),
            sentence,
            start,
            end,
            text,
            rule: self.symbol(rule as u32).to_string(),
            date: unpacked_date(self.u32_at(at + 4)).unwrap_or(None),
            said_by,
            marks,
        })
    }

    /// A reader at `offset` of the data section, within a chunk of it starting at `chunk_start`;
    /// damage is reported at its place in the file.
    fn chunk_reader<'c>(&self, chunk: &'c [u8], chunk_start: u64, offset: u64) -> Reader<'c> {
        let mut reader = Reader::new(chunk, offset.saturating_sub(chunk_start) as usize);
        reader.base = self.data.start + chunk_start as usize;
        reader
    }

    fn read_edge(&self, edge: EdgeId, keep: Option<&[usize]>) -> Result<Edge, SnapshotError> {
        let span = self.edge_span(edge);
        let chunk = self.data_chunk(span.clone())?;
        self.read_edge_from(edge, keep, &chunk, span.start)
    }

    fn read_edge_from(
        &self,
        edge: EdgeId,
        keep: Option<&[usize]>,
        chunk: &[u8],
        chunk_start: u64,
    ) -> Result<Edge, SnapshotError> {
        let at = self.edge_at(edge);
        let head = self.edge_head(edge);
        let mut r = self.chunk_reader(chunk, chunk_start, self.u64_at(at + 28));
        let id = r.string()?;
        let cameo = r.opt_string()?;
        let office = if r.decode(bool_from_code, "a flag that is neither 0 nor 1")? {
            Some(Office {
                title: r.string()?,
                from: r.opt_date()?,
                to: r.opt_date()?,
            })
        } else {
            None
        };
        let records = self.evidence_range(edge);
        let evidence = match keep {
            None => records
                .map(|record| self.read_evidence(record, chunk, chunk_start))
                .collect::<Result<Vec<_>, _>>()?,
            Some(keep) => keep
                .iter()
                .filter_map(|&i| records.clone().nth(i))
                .map(|record| self.read_evidence(record, chunk, chunk_start))
                .collect::<Result<Vec<_>, _>>()?,
        };
        let date = match keep {
            None => unpacked_date(self.u32_at(at + 24)).unwrap_or(None),
            Some(_) => evidence.iter().filter_map(|e| e.date).min(),
        };
        Ok(Edge {
            id,
            source: head.source.to_string(),
            target: head.target.to_string(),
            relation: head.relation.to_string(),
            family: head.family,
            polarity: polarity_from_code(self.bytes[at + 13]).unwrap_or(Polarity::Neutral),
            negated: head.negated,
            modality: head.modality,
            date,
            cameo,
            office,
            evidence,
        })
    }

    fn read_article(
        &self,
        record: usize,
        chunk: &[u8],
        chunk_start: u64,
    ) -> Result<(String, ArticleMeta), SnapshotError> {
        let at = self.articles.start + record * ARTICLE_RECORD;
        let mut r = self.chunk_reader(chunk, chunk_start, self.u64_at(at + 4));
        let meta = ArticleMeta {
            outlet: r.opt_string()?,
            title: r.opt_string()?,
            date: r.opt_date()?,
            url: r.opt_string()?,
        };
        Ok((self.symbol(self.u32_at(at)).to_string(), meta))
    }

    /// The article record with this id (records are in id order).
    fn find_article(&self, id: &str) -> Option<usize> {
        let (mut low, mut high) = (0, self.article_count());
        while low < high {
            let middle = (low + high) / 2;
            let found = self.symbol(self.u32_at(self.articles.start + middle * ARTICLE_RECORD));
            match found.cmp(id) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle),
            }
        }
        None
    }

    /// The whole graph, decoded (its data read in one go).
    pub fn to_graph(&self) -> Result<ActorGraph, SnapshotError> {
        let all = self.data_chunk(0..self.data_len())?;
        let mut edges = Vec::with_capacity(self.edge_count());
        for edge in 0..self.edge_count() {
            edges.push(self.read_edge_from(edge, None, &all, 0)?);
        }
        let mut articles = std::collections::BTreeMap::new();
        for record in 0..self.article_count() {
            let (id, meta) = self.read_article(record, &all, 0)?;
            articles.insert(id, meta);
        }
        Ok(ActorGraph::from_parts(self.nodes.clone(), edges, articles))
    }
}

impl GraphSource for SnapshotGraph {
    fn node_list(&self) -> Vec<&NodeInfo> {
        self.nodes.iter().collect()
    }

    fn node_by_id(&self, id: &str) -> Option<&NodeInfo> {
        self.node_position.get(id).and_then(|&p| self.nodes.get(p as usize))
    }

    fn all_edges(&self) -> Vec<EdgeId> {
        (0..self.edge_count()).collect()
    }

    fn edges_at(&self, id: &str, direction: Direction) -> Vec<EdgeId> {
        let Some(&node) = self.node_position.get(id) else {
            return Vec::new();
        };
        let node = node as usize;
        let (start, list) = match direction {
            Direction::Outgoing => (&self.out_start, &self.out_edges),
            Direction::Incoming => (&self.in_start, &self.in_edges),
        };
        let range = start.get(node).copied().unwrap_or(0) as usize..start.get(node + 1).copied().unwrap_or(0) as usize;
        list.get(range).unwrap_or(&[]).iter().map(|&e| e as usize).collect()
    }

    fn edge_head(&self, edge: EdgeId) -> EdgeHead<'_> {
        let at = self.edge_at(edge);
        let byte = |offset: usize| self.bytes.get(at + offset).copied().unwrap_or(0);
        let (source, target) = self.ends(edge);
        EdgeHead {
            source: self.node_id(source),
            target: self.node_id(target),
            relation: self.symbol(self.u32_at(at + 8)),
            family: family_from_code(byte(12)).unwrap_or(Family::Reports),
            negated: byte(14) == 1,
            modality: modality_from_code(byte(15)).unwrap_or(Modality::Asserted),
        }
    }

    fn evidence_keys<'a>(&'a self, edge: EdgeId, out: &mut Vec<(&'a str, Option<PartialDate>)>) {
        out.clear();
        for record in self.evidence_range(edge) {
            let at = self.evidence.start + record * EVIDENCE_RECORD;
            out.push((
                self.symbol(self.u32_at(at)),
                unpacked_date(self.u32_at(at + 4)).unwrap_or(None),
            ));
        }
    }

    fn edge(&self, edge: EdgeId, keep: Option<&[usize]>) -> Result<Edge, SourceError> {
        self.read_edge(edge, keep).map_err(|e| SourceError(e.to_string()))
    }

    fn has_relation(&self, relation: &str) -> bool {
        (0..self.edge_count()).any(|e| self.symbol(self.u32_at(self.edge_at(e) + 8)) == relation)
    }

    fn relations(&self) -> BTreeSet<&str> {
        let mut relations = BTreeSet::new();
        for edge in 0..self.edge_count() {
            relations.insert(self.symbol(self.u32_at(self.edge_at(edge) + 8)));
        }
        relations
    }

    fn has_article(&self, id: &str) -> bool {
        self.find_article(id).is_some()
    }

    fn article_ids(&self) -> Vec<&str> {
        (0..self.article_count())
            .map(|r| self.symbol(self.u32_at(self.articles.start + r * ARTICLE_RECORD)))
            .collect()
    }

    fn article_meta(&self, id: &str) -> Option<ArticleMeta> {
        let record = self.find_article(id)?;
        let span = self.article_span(record);
        let chunk = self.data_chunk(span.clone()).ok()?;
        self.read_article(record, &chunk, span.start).ok().map(|(_, meta)| meta)
    }
}

/// Strings that repeat, each stored once and named by its position.
#[derive(Default)]
struct Symbols {
    list: Vec<String>,
    positions: HashMap<String, u32>,
}

impl Symbols {
    fn of(&mut self, text: &str) -> u32 {
        if let Some(&at) = self.positions.get(text) {
            return at;
        }
        let at = self.list.len() as u32;
        self.list.push(text.to_string());
        self.positions.insert(text.to_string(), at);
        at
    }
}

#[derive(Default)]
struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    fn byte(&mut self, value: u8) {
        self.bytes.push(value);
    }

    fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    fn u64(&mut self, value: u64) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    fn varint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.bytes.push((value as u8) | 0x80);
            value >>= 7;
        }
        self.bytes.push(value as u8);
    }

    fn str(&mut self, text: &str) {
        self.varint(text.len() as u64);
        self.bytes.extend_from_slice(text.as_bytes());
    }

    fn opt_str(&mut self, text: Option<&str>) {
        match text {
            Some(text) => {
                self.byte(1);
                self.str(text);
            }
            None => self.byte(0),
        }
    }

    /// A precision byte (0 none, 1 year, 2 month, 3 day), then the parts known.
    fn opt_date(&mut self, date: Option<PartialDate>) {
        let Some(date) = date else {
            self.byte(0);
            return;
        };
        let precision = match (date.month, date.day) {
            (Some(_), Some(_)) => 3,
            (Some(_), None) => 2,
            _ => 1,
        };
        self.byte(precision);
        self.bytes.extend_from_slice(&date.year.to_le_bytes());
        if let Some(month) = date.month {
            self.byte(month);
            if let Some(day) = date.day {
                self.byte(day);
            }
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Where `bytes` starts in the file, for pointing at damage.
    base: usize,
}

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8], at: usize) -> Self {
        Reader { bytes, at, base: 0 }
    }

    fn damaged(&self, what: &'static str) -> SnapshotError {
        SnapshotError::Damaged {
            offset: self.base + self.at,
            what,
        }
    }

    fn take(&mut self, n: usize) -> Result<&[u8], SnapshotError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| self.damaged("it ends too early"))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8, SnapshotError> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, SnapshotError> {
        let bytes = self.take(4)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    fn u64(&mut self) -> Result<u64, SnapshotError> {
        let low = u64::from(self.u32()?);
        let high = u64::from(self.u32()?);
        Ok(low | (high << 32))
    }

    fn node(&mut self) -> Result<NodeInfo, SnapshotError> {
        let id = self.string()?;
        let label = self.string()?;
        let kind = self.decode(kind_from_code, "an unknown node kind")?;
        let code = self.opt_string()?;
        let alias_count = self.count(1)?;
        let mut aliases = Vec::with_capacity(alias_count);
        for _ in 0..alias_count {
            aliases.push(self.string()?);
        }
        let affiliation = self.opt_string()?;
        let role_count = self.count(4)?;
        let mut roles = Vec::with_capacity(role_count);
        for _ in 0..role_count {
            roles.push(RoleInfo {
                title: self.string()?,
                of: self.string()?,
                from: self.opt_date()?,
                to: self.opt_date()?,
            });
        }
        Ok(NodeInfo {
            id,
            label,
            kind,
            code,
            aliases,
            affiliation,
            roles,
        })
    }

    fn varint(&mut self) -> Result<u64, SnapshotError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(self.damaged("a number longer than 64 bits"))
    }

    fn usize(&mut self) -> Result<usize, SnapshotError> {
        let value = self.varint()?;
        usize::try_from(value).map_err(|_| self.damaged("a number too large for this machine"))
    }

    /// A count of items each at least `min_bytes` long: a count the remaining bytes cannot
    /// hold is damage, caught before anything is allocated for it.
    fn count(&mut self, min_bytes: usize) -> Result<usize, SnapshotError> {
        let count = self.usize()?;
        if count.saturating_mul(min_bytes) > self.bytes.len().saturating_sub(self.at) {
            return Err(self.damaged("a count larger than the bytes left"));
        }
        Ok(count)
    }

    fn string(&mut self) -> Result<String, SnapshotError> {
        let len = self.usize()?;
        let at = self.base + self.at;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| SnapshotError::Damaged {
            offset: at,
            what: "text that is not UTF-8",
        })
    }

    fn opt_string(&mut self) -> Result<Option<String>, SnapshotError> {
        match self.byte()? {
            0 => Ok(None),
            1 => self.string().map(Some),
            _ => Err(self.damaged("a flag that is neither 0 nor 1")),
        }
    }

    fn opt_date(&mut self) -> Result<Option<PartialDate>, SnapshotError> {
        let precision = self.byte()?;
        if precision == 0 {
            return Ok(None);
        }
        let year_bytes = self.take(2)?;
        let year = i16::from_le_bytes([year_bytes[0], year_bytes[1]]);
        let date = match precision {
            1 => PartialDate::year(year),
            2 => PartialDate::month(year, self.byte()?),
            3 => {
                let month = self.byte()?;
                let day = self.byte()?;
                PartialDate::day(year, month, day).ok_or_else(|| self.damaged("a day that does not exist"))?
            }
            _ => return Err(self.damaged("an unknown date precision")),
        };
        if date.month.is_some_and(|m| !(1..=12).contains(&m)) {
            return Err(self.damaged("a month that does not exist"));
        }
        Ok(Some(date))
    }

    fn decode<T>(&mut self, from_code: fn(u8) -> Option<T>, what: &'static str) -> Result<T, SnapshotError> {
        let at = self.base + self.at;
        let code = self.byte()?;
        from_code(code).ok_or(SnapshotError::Damaged { offset: at, what })
    }
}

// One byte per enum value. The numbers are part of the format: append, never reorder.

fn kind_code(kind: ActorKind) -> u8 {
    match kind {
        ActorKind::Country => 0,
        ActorKind::Organization => 1,
        ActorKind::Person => 2,
        ActorKind::Event => 3,
        ActorKind::Place => 4,
        ActorKind::Media => 5,
        ActorKind::Other => 6,
    }
}

fn kind_from_code(code: u8) -> Option<ActorKind> {
    Some(match code {
        0 => ActorKind::Country,
        1 => ActorKind::Organization,
        2 => ActorKind::Person,
        3 => ActorKind::Event,
        4 => ActorKind::Place,
        5 => ActorKind::Media,
        6 => ActorKind::Other,
        _ => return None,
    })
}

fn family_code(family: Family) -> u8 {
    Family::ALL.iter().position(|f| *f == family).unwrap_or(0) as u8
}

fn family_from_code(code: u8) -> Option<Family> {
    Family::ALL.get(code as usize).copied()
}

fn polarity_code(polarity: Polarity) -> u8 {
    match polarity {
        Polarity::Cooperation => 0,
        Polarity::Conflict => 1,
        Polarity::Neutral => 2,
    }
}

fn polarity_from_code(code: u8) -> Option<Polarity> {
    Some(match code {
        0 => Polarity::Cooperation,
        1 => Polarity::Conflict,
        2 => Polarity::Neutral,
        _ => return None,
    })
}

fn modality_code(modality: Modality) -> u8 {
    match modality {
        Modality::Asserted => 0,
        Modality::Possible => 1,
        Modality::Intended => 2,
    }
}

fn modality_from_code(code: u8) -> Option<Modality> {
    Some(match code {
        0 => Modality::Asserted,
        1 => Modality::Possible,
        2 => Modality::Intended,
        _ => return None,
    })
}

fn mark_code(role: MarkRole) -> u8 {
    match role {
        MarkRole::Source => 0,
        MarkRole::Target => 1,
        MarkRole::Trigger => 2,
    }
}

fn mark_from_code(code: u8) -> Option<MarkRole> {
    Some(match code {
        0 => MarkRole::Source,
        1 => MarkRole::Target,
        2 => MarkRole::Trigger,
        _ => return None,
    })
}

fn bool_from_code(code: u8) -> Option<bool> {
    match code {
        0 => Some(false),
        1 => Some(true),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::json;
    use crate::graph::testing::GraphBuilder;

    fn sample() -> ActorGraph {
        GraphBuilder::new()
            .country("KAZ", "Kazakhstan", &["Kazakstan"])
            .event("longbow", "Cooperative Longbow 09", &[])
            .person("akhmetov", "Daniyal Akhmetov", &[("KAZ", "2007-02-01", "2009-06-30")])
            .claim("KAZ", "refuses", "longbow", "a1", "2009-04-21")
            .claim("KAZ", "refuses", "longbow", "a2", "2009")
            .negated_claim("KAZ", "recognizes", "longbow", "a2", "")
            .claim("akhmetov", "holds_office", "KAZ", "a1", "2009-04")
            .build()
    }

    #[test]
    fn a_snapshot_reads_back_as_the_same_graph() {
        let graph = sample();
        let bytes = to_snapshot(&graph);
        let back = from_snapshot(&bytes).unwrap();
        // The JSON is the contract: the graph read back must give the same JSON, byte for byte.
        assert_eq!(json::to_json(&back), json::to_json(&graph));
        assert_eq!(to_snapshot(&back), bytes, "the same graph gives the same bytes");
    }

    #[test]
    fn a_selection_reads_the_same_from_a_snapshot_as_from_memory() {
        use crate::graph::{Selection, select, select_from};
        let graph = sample();
        let snapshot = SnapshotGraph::from_bytes(to_snapshot(&graph)).unwrap();
        let selections = [
            Selection::default(),
            Selection {
                source: Some("kazakstan".into()),
                relations: vec!["refuses".into()],
                since: "2009-04-01".parse().ok(),
                ..Selection::default()
            },
            Selection {
                article: Some("a2".into()),
                ..Selection::default()
            },
            Selection {
                target: Some("KAZ".into()),
                roll_up: true,
                ..Selection::default()
            },
        ];
        for selection in selections {
            let from_memory = json::to_json(&select(&graph, &selection).unwrap());
            let from_snapshot = json::to_json(&select_from(&snapshot, &selection).unwrap());
            assert_eq!(from_snapshot, from_memory, "{selection:?}");
        }
    }

    #[test]
    fn an_opened_file_reads_its_texts_from_the_file() {
        let graph = sample();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.bin");
        std::fs::write(&path, to_snapshot(&graph)).unwrap();
        let opened = SnapshotGraph::open(&path).unwrap();
        assert!(opened.data_file.is_some(), "the texts stay in the file");
        assert_eq!(json::to_json(&opened.to_graph().unwrap()), json::to_json(&graph));
        let one = opened.edge(0, None).unwrap();
        assert_eq!(&one, graph.edges()[0]);
        assert_eq!(opened.article_meta("a1"), graph.articles.get("a1").cloned());
    }

    #[test]
    fn another_version_is_refused_with_a_hint() {
        let mut bytes = to_snapshot(&sample());
        bytes[MAGIC.len()] = 99;
        let err = from_snapshot(&bytes).unwrap_err();
        assert_eq!(err, SnapshotError::Version { found: 99 });
        assert!(err.to_string().contains("actorgraph build"));
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let bytes = to_snapshot(&sample());
        for len in 0..bytes.len() {
            assert!(from_snapshot(&bytes[..len]).is_err(), "cut at {len}");
        }
    }

    #[test]
    fn flipped_bytes_are_an_error_or_a_graph_never_a_panic() {
        let bytes = to_snapshot(&sample());
        for at in MAGIC.len() + 4..bytes.len() {
            for flip in [0x01, 0x80, 0xff] {
                let mut damaged = bytes.clone();
                damaged[at] ^= flip;
                let _ = from_snapshot(&damaged);
            }
        }
    }
}
