//! A compact binary snapshot of a graph, for loading large graphs fast: parsing the JSON of a
//! million claims takes seconds, reading this takes a fraction of that (see `benches/query.rs`).
//! The JSON stays the contract; the snapshot is a cache of it that `build` writes alongside.
//!
//! Layout: the magic bytes `ACTORGRAPH-SNAP` and a NUL, a format version (u32, little-endian),
//! then the sections: symbols (strings that repeat: article ids, relation and rule ids), articles,
//! nodes, edges. Integers are LEB128 varints; strings a varint length and UTF-8 bytes; every
//! repeated string a varint index into the symbols; edge ends an index into the nodes. Nodes are
//! written in id order and edges in edge order, so the same graph gives the same bytes.

use std::collections::{BTreeMap, HashMap};

use super::model::{ActorGraph, Edge};
use crate::corpus::ArticleMeta;
use crate::date::PartialDate;
use crate::extract::{Evidence, Mark, MarkRole, Modality, NodeInfo, Office, RoleInfo};
use crate::rules::schema::ActorKind;
use crate::rules::{Family, Polarity};

/// What every snapshot starts with.
pub const MAGIC: &[u8; 16] = b"ACTORGRAPH-SNAP\0";
/// The layout this build writes and reads; a change to the layout bumps it.
pub const VERSION: u32 = 1;

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
}

/// Whether bytes start like a snapshot (rather than JSON).
pub fn is_snapshot(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// The snapshot of a graph.
pub fn to_snapshot(graph: &ActorGraph) -> Vec<u8> {
    let mut symbols = Symbols::default();
    let nodes = graph.nodes();
    let node_position: HashMap<&str, u64> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i as u64))
        .collect();
    let edges = graph.edges();
    // Sections are written to their own buffers first, so that the symbols they collect can go
    // before them.
    let mut body = Writer::default();
    body.varint(graph.articles.len() as u64);
    for (id, meta) in &graph.articles {
        body.varint(symbols.of(id));
        body.opt_str(meta.outlet.as_deref());
        body.opt_str(meta.title.as_deref());
        body.opt_date(meta.date);
        body.opt_str(meta.url.as_deref());
    }
    body.varint(nodes.len() as u64);
    for node in &nodes {
        body.str(&node.id);
        body.str(&node.label);
        body.byte(kind_code(node.kind));
        body.opt_str(node.code.as_deref());
        body.varint(node.aliases.len() as u64);
        for alias in &node.aliases {
            body.str(alias);
        }
        body.opt_str(node.affiliation.as_deref());
        body.varint(node.roles.len() as u64);
        for role in &node.roles {
            body.str(&role.title);
            body.varint(symbols.of(&role.of));
            body.opt_date(role.from);
            body.opt_date(role.to);
        }
    }
    body.varint(edges.len() as u64);
    for edge in &edges {
        body.str(&edge.id);
        // Every edge end is a node of the graph (`ActorGraph::from_parts` sees to it).
        body.varint(node_position.get(edge.source.as_str()).copied().unwrap_or(u64::MAX));
        body.varint(node_position.get(edge.target.as_str()).copied().unwrap_or(u64::MAX));
        body.varint(symbols.of(&edge.relation));
        body.byte(family_code(edge.family));
        body.byte(polarity_code(edge.polarity));
        body.byte(edge.negated as u8);
        body.byte(modality_code(edge.modality));
        body.opt_date(edge.date);
        body.opt_str(edge.cameo.as_deref());
        match &edge.office {
            Some(office) => {
                body.byte(1);
                body.str(&office.title);
                body.opt_date(office.from);
                body.opt_date(office.to);
            }
            None => body.byte(0),
        }
        body.varint(edge.evidence.len() as u64);
        for evidence in &edge.evidence {
            body.varint(symbols.of(&evidence.article));
            body.varint(evidence.sentence as u64);
            body.varint(evidence.start as u64);
            body.varint(evidence.end as u64);
            body.str(&evidence.text);
            body.varint(symbols.of(&evidence.rule));
            body.opt_date(evidence.date);
            body.opt_str(evidence.said_by.as_deref());
            body.varint(evidence.marks.len() as u64);
            for mark in &evidence.marks {
                body.byte(mark_code(mark.role));
                body.varint(mark.start as u64);
                body.varint(mark.end as u64);
            }
        }
    }
    let mut out = Writer::default();
    out.bytes.extend_from_slice(MAGIC);
    out.bytes.extend_from_slice(&VERSION.to_le_bytes());
    out.varint(symbols.list.len() as u64);
    for symbol in &symbols.list {
        out.str(symbol);
    }
    out.bytes.extend_from_slice(&body.bytes);
    out.bytes
}

/// Reads a snapshot written by [`to_snapshot`]. Damaged bytes give an error, never a panic.
pub fn from_snapshot(bytes: &[u8]) -> Result<ActorGraph, SnapshotError> {
    if !is_snapshot(bytes) {
        return Err(SnapshotError::NotASnapshot);
    }
    let mut r = Reader { bytes, at: MAGIC.len() };
    let version = r.u32()?;
    if version != VERSION {
        return Err(SnapshotError::Version { found: version });
    }
    let symbol_count = r.count(1)?;
    let mut symbols = Vec::with_capacity(symbol_count);
    for _ in 0..symbol_count {
        symbols.push(r.string()?);
    }
    let symbol = |r: &mut Reader, symbols: &[String]| -> Result<String, SnapshotError> {
        let at = r.at;
        let index = r.varint()?;
        symbols.get(index as usize).cloned().ok_or(SnapshotError::Damaged {
            offset: at,
            what: "a symbol index past the symbol table",
        })
    };

    let article_count = r.count(4)?;
    let mut articles = BTreeMap::new();
    for _ in 0..article_count {
        let id = symbol(&mut r, &symbols)?;
        let meta = ArticleMeta {
            outlet: r.opt_string()?,
            title: r.opt_string()?,
            date: r.opt_date()?,
            url: r.opt_string()?,
        };
        articles.insert(id, meta);
    }

    let node_count = r.count(4)?;
    let mut graph = ActorGraph {
        articles,
        ..ActorGraph::default()
    };
    let mut node_indices = Vec::with_capacity(node_count);
    for _ in 0..node_count {
        let id = r.string()?;
        let label = r.string()?;
        let kind = r.decode(kind_from_code, "an unknown node kind")?;
        let code = r.opt_string()?;
        let alias_count = r.count(1)?;
        let mut aliases = Vec::with_capacity(alias_count);
        for _ in 0..alias_count {
            aliases.push(r.string()?);
        }
        let affiliation = r.opt_string()?;
        let role_count = r.count(4)?;
        let mut roles = Vec::with_capacity(role_count);
        for _ in 0..role_count {
            roles.push(RoleInfo {
                title: r.string()?,
                of: symbol(&mut r, &symbols)?,
                from: r.opt_date()?,
                to: r.opt_date()?,
            });
        }
        let node = NodeInfo {
            id: id.clone(),
            label,
            kind,
            code,
            aliases,
            affiliation,
            roles,
        };
        let index = graph.graph.add_node(node);
        graph.index.insert(id, index);
        node_indices.push(index);
    }

    let edge_count = r.count(8)?;
    graph.graph.reserve_edges(edge_count);
    for _ in 0..edge_count {
        let id = r.string()?;
        let (source_at, source) = (r.at, r.varint()?);
        let source = node_indices
            .get(source as usize)
            .copied()
            .ok_or(SnapshotError::Damaged {
                offset: source_at,
                what: "an edge end past the nodes",
            })?;
        let (target_at, target) = (r.at, r.varint()?);
        let target = node_indices
            .get(target as usize)
            .copied()
            .ok_or(SnapshotError::Damaged {
                offset: target_at,
                what: "an edge end past the nodes",
            })?;
        let relation = symbol(&mut r, &symbols)?;
        let family = r.decode(family_from_code, "an unknown relation family")?;
        let polarity = r.decode(polarity_from_code, "an unknown polarity")?;
        let negated = r.decode(bool_from_code, "a flag that is neither 0 nor 1")?;
        let modality = r.decode(modality_from_code, "an unknown modality")?;
        let date = r.opt_date()?;
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
        let evidence_count = r.count(8)?;
        let mut evidence = Vec::with_capacity(evidence_count);
        for _ in 0..evidence_count {
            let article = symbol(&mut r, &symbols)?;
            let sentence = r.usize()?;
            let start = r.usize()?;
            let end = r.usize()?;
            let text = r.string()?;
            let rule = symbol(&mut r, &symbols)?;
            let date = r.opt_date()?;
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
            evidence.push(Evidence {
                article,
                sentence,
                start,
                end,
                text,
                rule,
                date,
                said_by,
                marks,
            });
        }
        let edge = Edge {
            id,
            source: graph.graph[source].id.clone(),
            target: graph.graph[target].id.clone(),
            relation,
            family,
            polarity,
            negated,
            modality,
            date,
            cameo,
            office,
            evidence,
        };
        graph.graph.add_edge(source, target, edge);
    }
    if r.at != bytes.len() {
        return Err(SnapshotError::Damaged {
            offset: r.at,
            what: "bytes after the last edge",
        });
    }
    Ok(graph)
}

/// Strings that repeat, each stored once and named by its position.
#[derive(Default)]
struct Symbols {
    list: Vec<String>,
    positions: HashMap<String, u64>,
}

impl Symbols {
    fn of(&mut self, text: &str) -> u64 {
        if let Some(&at) = self.positions.get(text) {
            return at;
        }
        let at = self.list.len() as u64;
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
}

impl Reader<'_> {
    fn damaged(&self, what: &'static str) -> SnapshotError {
        SnapshotError::Damaged { offset: self.at, what }
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
        if count.saturating_mul(min_bytes) > self.bytes.len() - self.at {
            return Err(self.damaged("a count larger than the bytes left"));
        }
        Ok(count)
    }

    fn string(&mut self) -> Result<String, SnapshotError> {
        let len = self.usize()?;
        let at = self.at;
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
        let at = self.at;
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
