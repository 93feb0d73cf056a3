//! Graphviz DOT through graphviz-rust's AST — the one place DOT is made.
//!
//! Conventions (DESIGN.md, "Diagrams"): shape by kind, colour by polarity (green cooperation, red
//! conflict, grey neutral), dashed when negated. Parallel claims of one family between two actors
//! are drawn as one edge labelled "relation ×N" with N the independent articles behind them, its
//! pen width growing with N; for families that read both ways (cooperates with, fights, visits)
//! the two directions are one double-headed edge. Each node and edge carries a stable SVG id
//! (`node:KAZ`, `edge:KAZ:supports:RUS`), a class, and a tooltip with its first evidence sentence
//! and article. A legend sits in its own cluster; `--cluster kind|bloc` groups the actors.
//!
//! graphviz-rust prints ids and attribute values verbatim, so every text goes through [`quote`].

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use rayon::prelude::*;

use super::dot_printer::Printer;

use crate::corpus::ArticleMeta;
use crate::extract::{Modality, NodeInfo};
use crate::graph::{ActorGraph, Edge};
use crate::rules::schema::ActorKind;
use crate::rules::{Family, Polarity};

/// A DOT string literal holding `text` exactly: quotes and backslashes escaped, line breaks as
/// `\n` (which Graphviz shows as a centred line break).
pub fn quote(text: &str) -> Id {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    // Copied a run at a time between the characters that change: a million tooltips went
    // through here a character at a time. All four are ASCII, so a byte never splits a character.
    let mut run = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escaped = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "",
            _ => continue,
        };
        out.push_str(&text[run..at]);
        out.push_str(escaped);
        run = at + 1;
    }
    out.push_str(&text[run..]);
    out.push('"');
    Id::Escaped(out)
}

/// Reverses [`quote`]: the text a DOT string literal holds.
pub fn unquote(id: &Id) -> String {
    let raw = match id {
        Id::Escaped(s) | Id::Plain(s) | Id::Html(s) | Id::Anonymous(s) => s.as_str(),
    };
    let inner = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')).unwrap_or(raw);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn attr(key: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(key.to_string()), quote(value))
}

/// A tooltip attribute. Graphviz unescapes tooltips twice (and would replace `\N` with the node
/// name), so a backslash in the text is doubled before [`quote`] doubles it again.
fn tooltip_attr(key: &str, text: &str) -> Attribute {
    attr(key, &text.replace('\\', "\\\\"))
}

/// How actors are grouped into boxes (Graphviz clusters).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Clustering {
    /// No grouping.
    #[default]
    None,
    /// One box per kind: states, organisations, persons, events...
    Kind,
    /// One box per state or organisation holding the persons who act for it, nested inside the
    /// organisation it is a member of.
    Bloc,
}

/// What [`to_dot_with`] draws.
#[derive(Debug, Clone)]
pub struct DotOptions {
    /// Shown at the top of the diagram.
    pub title: String,
    pub clustering: Clustering,
    /// Draw the legend cluster (the report shows its own legend and turns this off).
    pub legend: bool,
    /// Break node and edge labels longer than this many characters at spaces, so that long
    /// names do not widen a whole rank. `None` keeps every label exactly as it is.
    pub wrap: Option<usize>,
}

impl DotOptions {
    pub fn titled(title: &str) -> Self {
        DotOptions {
            title: title.to_string(),
            clustering: Clustering::None,
            legend: true,
            wrap: Some(WRAP_WIDTH),
        }
    }
}

/// Where labels break by default: about two words of a long name per line.
pub const WRAP_WIDTH: usize = 24;

/// `text` with spaces turned into line breaks so that no line is longer than `width` characters
/// (a single longer word stays whole). Only spaces change, so joining the lines with spaces gives
/// `text` back.
pub fn wrap_label(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut line_length = 0;
    for (i, word) in text.split(' ').enumerate() {
        let length = word.chars().count();
        if i > 0 {
            if line_length > 0 && line_length + 1 + length > width {
                out.push('\n');
                line_length = 0;
            } else {
                out.push(' ');
                line_length += 1;
            }
        }
        out.push_str(word);
        // A line break already in the text starts a new line.
        line_length = match word.rfind('\n') {
            Some(at) => word[at + 1..].chars().count(),
            None => line_length + length,
        };
    }
    out
}

/// How a kind of actor is drawn.
pub fn shape_of(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Country => "box",
        ActorKind::Organization => "ellipse",
        ActorKind::Person => "note",
        ActorKind::Event => "hexagon",
        ActorKind::Place => "house",
        ActorKind::Media => "component",
        ActorKind::Other => "oval",
    }
}

/// The line colour of a polarity.
pub fn colour_of(polarity: Polarity) -> &'static str {
    match polarity {
        Polarity::Cooperation => "#1a9850",
        Polarity::Conflict => "#d73027",
        Polarity::Neutral => "#7f7f7f",
    }
}

/// The fill of a kind of actor: pale, so that labels stay black on it.
pub fn fill_of(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Country => "#e8f0fb",
        ActorKind::Organization => "#fdf2dc",
        ActorKind::Person => "#ffffff",
        ActorKind::Event => "#f3e8fb",
        ActorKind::Place => "#eef7ee",
        ActorKind::Media => "#f2f2f2",
        ActorKind::Other => "#ffffff",
    }
}

/// What a kind is called in legends and cluster titles.
pub fn kind_name(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Country => "state",
        ActorKind::Organization => "organisation",
        ActorKind::Person => "person",
        ActorKind::Event => "event",
        ActorKind::Place => "place",
        ActorKind::Media => "news outlet",
        ActorKind::Other => "other",
    }
}

/// Families whose claims read the same both ways: when both directions are claimed they are drawn
/// as one double-headed edge instead of two parallel arcs.
fn reads_both_ways(family: Family) -> bool {
    matches!(family, Family::CooperatesWith | Family::Fights | Family::Visits)
}

/// The SVG id of an actor's node.
pub fn node_svg_id(actor: &str) -> String {
    format!("node:{actor}")
}

/// One drawn edge: every claim of one family (and negation) between two actors.
#[derive(Debug, Clone)]
pub struct DrawnEdge<'a> {
    pub source: &'a str,
    pub target: &'a str,
    pub family: Family,
    pub negated: bool,
    /// Claims in both directions (drawn double-headed).
    pub both_ways: bool,
    /// The claims, in edge-id order.
    pub claims: Vec<&'a Edge>,
}

impl DrawnEdge<'_> {
    /// The stable SVG id: `edge:SOURCE:FAMILY:TARGET`, with `:not` when negated.
    pub fn svg_id(&self) -> String {
        format!(
            "edge:{}:{}:{}{}",
            self.source,
            self.family.as_str(),
            self.target,
            if self.negated { ":not" } else { "" }
        )
    }

    /// The different articles behind the claims, sorted.
    pub fn articles(&self) -> Vec<&str> {
        let articles: BTreeSet<&str> = self
            .claims
            .iter()
            .flat_map(|e| e.evidence.iter().map(|ev| ev.article.as_str()))
            .collect();
        articles.into_iter().collect()
    }

    /// How many different articles the claims cite (no set for the common edge of one sentence).
    pub fn article_count(&self) -> usize {
        match self.claims.as_slice() {
            [claim] if claim.evidence.len() <= 1 => claim.evidence.len(),
            _ => self.articles().len(),
        }
    }

    /// "supports", "not recognizes (possible)": the relation when all claims share one, the
    /// family otherwise; without the article count.
    pub fn relation_text(&self) -> String {
        let title = only_value(
            self.claims
                .iter()
                .filter_map(|e| e.office.as_ref().map(|o| o.title.as_str()))
                .collect(),
        );
        let name = match (self.family, title) {
            // "Defense Minister" says more than "holds office".
            (Family::HoldsOffice, Some(title)) => title.to_string(),
            _ => match only_value(self.claims.iter().map(|e| e.relation.as_str()).collect()) {
                Some(relation) => relation.replace('_', " "),
                None => self.family.as_str().replace('_', " "),
            },
        };
        let mut text = if self.negated { format!("not {name}") } else { name };
        // Only when no claim is asserted does the whole edge read as hypothetical.
        if !self.claims.iter().any(|e| e.modality == Modality::Asserted) {
            let modality = if self.claims.iter().any(|e| e.modality == Modality::Possible) {
                Modality::Possible
            } else {
                Modality::Intended
            };
            text.push_str(&format!(" ({})", modality.as_str()));
        }
        text
    }

    /// The edge's label: "supports ×3".
    pub fn label(&self) -> String {
        format!("{} ×{}", self.relation_text(), self.article_count().max(1))
    }
}

/// The graph's claims grouped as they are drawn, in a stable order: by source, target, family
/// and negation, each group's claims in edge order.
pub fn drawn_edges(graph: &ActorGraph) -> Vec<DrawnEdge<'_>> {
    type Key<'a> = (&'a str, &'a str, Family, bool);
    // A stable sort of the edges (taken in edge order) by key, then runs of one key: the order a
    // map of groups would give, without a map a million entries long.
    let mut keyed: Vec<(Key<'_>, &Edge)> = graph
        .edges()
        .into_iter()
        .map(|e| ((e.source.as_str(), e.target.as_str(), e.family, e.negated), e))
        .collect();
    keyed.par_sort_by_key(|(key, _)| *key);
    let mut groups: Vec<(Key<'_>, Vec<&Edge>)> = Vec::new();
    for (key, edge) in keyed {
        match groups.last_mut() {
            Some((last, claims)) if *last == key => claims.push(edge),
            _ => groups.push((key, vec![edge])),
        }
    }
    let mut drawn = Vec::with_capacity(groups.len());
    let mut merged = vec![false; groups.len()];
    for at in 0..groups.len() {
        if merged[at] {
            continue;
        }
        let (source, target, family, negated) = groups[at].0;
        let mut claims = std::mem::take(&mut groups[at].1);
        let mut both_ways = false;
        if reads_both_ways(family) && source != target {
            let reverse = (target, source, family, negated);
            if let Ok(other) = groups.binary_search_by(|(key, _)| key.cmp(&reverse)) {
                // A group is taken once: the reverse of a later group is an earlier one, which
                // took it already.
                claims.append(&mut groups[other].1);
                claims.sort_by_key(|e| edge_number(&e.id));
                merged[other] = true;
                both_ways = true;
            }
        }
        drawn.push(DrawnEdge {
            source,
            target,
            family,
            negated,
            both_ways,
            claims,
        });
    }
    drawn
}

/// "e17" -> 17, so that e9 sorts before e10.
fn edge_number(id: &str) -> (usize, &str) {
    let number = id.trim_start_matches('e').parse().unwrap_or(usize::MAX);
    (number, id)
}

/// The graph as DOT text with the default look: a title, the legend, no clusters.
pub fn to_dot(graph: &ActorGraph, title: &str) -> String {
    to_dot_with(graph, &DotOptions::titled(title))
}

/// The graph as DOT text, ready for `dot`.
pub fn to_dot_with(graph: &ActorGraph, options: &DotOptions) -> String {
    let mut text = Vec::new();
    write_dot_with(graph, options, &mut text).expect("writing to memory does not fail");
    String::from_utf8(text).expect("DOT text is UTF-8")
}

/// Writes the bytes of [`to_dot`] to `out`.
pub fn write_dot<W: Write>(graph: &ActorGraph, title: &str, out: W) -> io::Result<()> {
    write_dot_with(graph, &DotOptions::titled(title), out)
}

/// Writes the bytes of [`to_dot_with`] to `out` as they are made: the edges, nearly all of a
/// large graph's text, are built and printed a few thousand at a time on every core and written
/// in order, so neither their graphviz-rust AST nor their text is ever held whole (for a million
/// claims, 900,000 edges and 600 MB).
pub fn write_dot_with<W: Write>(graph: &ActorGraph, options: &DotOptions, out: W) -> io::Result<()> {
    write_dot_chunked(graph, options, out, EDGES_PER_CHUNK)
}

/// How many edges one task of [`write_dot_with`] builds and prints, and how many tasks run
/// before their text is written out.
const EDGES_PER_CHUNK: usize = 2048;
const CHUNKS_PER_ROUND: usize = 32;

fn write_dot_chunked<W: Write>(
    graph: &ActorGraph,
    options: &DotOptions,
    out: W,
    edges_per_chunk: usize,
) -> io::Result<()> {
    let mut printer = Printer::digraph(out, &quote("actorgraph"))?;
    for stmt in head_statements(graph, options) {
        printer.stmt(&stmt)?;
    }
    let drawn = drawn_edges(graph);
    let citations = citations(graph);
    // One buffer per task, kept from round to round: fresh ones each round were memory the
    // allocator handed back to the system and the kernel had to zero again.
    let mut buffers: Vec<Vec<u8>> = vec![Vec::new(); CHUNKS_PER_ROUND];
    for round in drawn.chunks(edges_per_chunk * CHUNKS_PER_ROUND) {
        let place = printer.fork((), true);
        let chunks = round.len().div_ceil(edges_per_chunk);
        buffers[..chunks]
            .par_iter_mut()
            .zip(round.par_chunks(edges_per_chunk))
            .enumerate()
            .try_for_each(|(index, (buffer, chunk))| {
                buffer.clear();
                let mut fork = place.fork(buffer, index == 0);
                for drawn in chunk {
                    fork.stmt(&Stmt::Edge(dot_edge(graph, &citations, drawn, options.wrap)))?;
                }
                Ok::<(), io::Error>(())
            })?;
        for buffer in &buffers[..chunks] {
            printer.append(buffer)?;
        }
    }
    if options.legend {
        printer.stmt(&Stmt::Subgraph(legend(graph)))?;
    }
    printer.finish()?.write_all(b"\n")
}

/// The statements before the edges: the graph's attributes and its nodes (in clusters if asked).
fn head_statements(graph: &ActorGraph, options: &DotOptions) -> Vec<Stmt> {
    let mut stmts: Vec<Stmt> = graph_attributes(&options.title);
    let nodes = graph.nodes();
    match options.clustering {
        Clustering::None => stmts.extend(nodes.iter().map(|n| Stmt::Node(dot_node(graph, n, options.wrap)))),
        Clustering::Kind => stmts.extend(kind_clusters(graph, &nodes, options.wrap)),
        Clustering::Bloc => stmts.extend(bloc_clusters(graph, &nodes, options.wrap)),
    }
    stmts
}

/// The layout settings, chosen by looking at the seed graph rendered (README, "Diagrams"):
/// left to right, because the hub (Kazakhstan) fans out to a dozen targets that fit a column but
/// make one very wide row top to bottom; tight rank and node spacing, since edge labels already
/// take ranks of their own; ordinary labels rather than `xlabel`s, which Graphviz places after
/// layout and piles up around the hub; no `concentrate`, which merged unrelated edges.
fn graph_attributes(title: &str) -> Vec<Stmt> {
    vec![
        Stmt::Attribute(attr("label", title)),
        Stmt::Attribute(attr("labelloc", "t")),
        Stmt::Attribute(attr("fontname", "Helvetica")),
        Stmt::Attribute(attr("fontsize", "20")),
        Stmt::Attribute(attr("rankdir", "LR")),
        Stmt::Attribute(attr("splines", "true")),
        Stmt::Attribute(attr("nodesep", "0.25")),
        Stmt::Attribute(attr("ranksep", "0.5")),
        Stmt::Attribute(attr("newrank", "true")),
        Stmt::Attribute(attr("pad", "0.2")),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "14"),
            attr("style", "filled"),
            attr("margin", "0.12,0.04"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "12"),
            attr("arrowsize", "0.8"),
        ])),
    ]
}

fn dot_node(graph: &ActorGraph, node: &NodeInfo, wrap: Option<usize>) -> Node {
    let mut tooltip = format!("{} ({})", node.label, kind_name(node.kind));
    if let Some(code) = &node.code {
        tooltip.push_str(&format!(" [{code}]"));
    }
    if let Some(affiliation) = &node.affiliation {
        tooltip.push_str(&format!("\nacts for {}", graph.label_of(affiliation)));
    }
    for role in &node.roles {
        let term = match (role.from, role.to) {
            (Some(from), Some(to)) => format!(" {from} – {to}"),
            (Some(from), None) => format!(" from {from}"),
            (None, Some(to)) => format!(" until {to}"),
            (None, None) => String::new(),
        };
        tooltip.push_str(&format!("\n{} of {}{term}", role.title, graph.label_of(&role.of)));
    }
    let mut attributes = vec![
        attr("label", &wrapped(&node.label, wrap)),
        attr("shape", shape_of(node.kind)),
        attr("fillcolor", fill_of(node.kind)),
        tooltip_attr("tooltip", &tooltip),
        attr("id", &node_svg_id(&node.id)),
        attr("class", &format!("actor {}", node.kind.as_str())),
    ];
    if node.kind == ActorKind::Person {
        // Persons are many and secondary to the states they act for: smaller type.
        attributes.push(attr("fontsize", "12"));
    }
    Node::new(NodeId(quote(&node.id), None), attributes)
}

/// How tooltips cite each article of the graph ([`article_citation`]), made once per article:
/// the edges of a large graph cite the same articles over and over.
fn citations(graph: &ActorGraph) -> HashMap<&str, String, foldhash::fast::FixedState> {
    graph
        .articles
        .iter()
        .map(|(id, meta)| (id.as_str(), citation(id, Some(meta))))
        .collect()
}

fn dot_edge(
    graph: &ActorGraph,
    citations: &HashMap<&str, String, foldhash::fast::FixedState>,
    drawn: &DrawnEdge<'_>,
    wrap: Option<usize>,
) -> DotEdge {
    let count = drawn.article_count().max(1);
    // What `drawn.label()` gives, without counting the articles again.
    let label = format!("{} ×{count}", drawn.relation_text());
    let arrow = if drawn.both_ways { "↔" } else { "→" };
    let mut tooltip = format!(
        "{} {arrow} {}: {label}",
        graph.label_of(drawn.source),
        graph.label_of(drawn.target)
    );
    if let Some(evidence) = drawn.claims.iter().flat_map(|e| e.evidence.first()).next() {
        let article = evidence.article.as_str();
        let cited = citations.get(article).map_or(article, String::as_str);
        tooltip.push_str(&format!("\n“{}”\n— {cited}", evidence.text));
    }
    // Quoted once for both attributes that show it.
    let tooltip = tooltip_attr("tooltip", &tooltip);
    let polarity = drawn.family.polarity();
    // Doubling the articles adds the same width, so one strong edge does not swamp the rest.
    let penwidth = (1.0 + (count as f64).log2() * 1.3).min(6.0);
    let mut classes = vec!["claim", drawn.family.as_str(), polarity.as_str()];
    if drawn.negated {
        classes.push("negated");
    }
    let mut attributes = vec![
        attr("label", &wrapped(&label, wrap)),
        attr("color", colour_of(polarity)),
        attr("fontcolor", colour_of(polarity)),
        attr("penwidth", &format!("{penwidth:.1}")),
        tooltip.clone(),
        Attribute(Id::Plain("labeltooltip".to_string()), tooltip.1),
        attr("id", &drawn.svg_id()),
        attr("class", &classes.join(" ")),
        // A leader line from label to edge: in a busy layout dot may set a label some way off
        // its edge, and without the line readers pair labels with the wrong edges.
        attr("decorate", "true"),
    ];
    if drawn.negated {
        attributes.push(attr("style", "dashed"));
    }
    if drawn.both_ways {
        attributes.push(attr("dir", "both"));
    }
    if drawn.family == Family::HoldsOffice || drawn.family == Family::Reports {
        // An office or a report says who someone is, not what they did: keep it from pulling the
        // layout about.
        attributes.push(attr("weight", "0.5"));
    }
    DotEdge {
        ty: EdgeTy::Pair(
            Vertex::N(NodeId(quote(drawn.source), None)),
            Vertex::N(NodeId(quote(drawn.target), None)),
        ),
        attributes,
    }
}

/// The one value all of `values` share, if they share one. (A sort rather than a set: the
/// values are few, and most edges hold one claim.)
fn only_value(mut values: Vec<&str>) -> Option<&str> {
    values.sort_unstable();
    values.dedup();
    match values.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

fn wrapped(text: &str, wrap: Option<usize>) -> String {
    match wrap {
        Some(width) => wrap_label(text, width),
        None => text.to_string(),
    }
}

/// "Reuters, 2009-04 (000_c473bfd68810d2c4)": how tooltips and reports cite an article.
pub fn article_citation(graph: &ActorGraph, article: &str) -> String {
    citation(article, graph.articles.get(article))
}

fn citation(article: &str, meta: Option<&ArticleMeta>) -> String {
    match meta {
        Some(meta) => {
            let mut parts: Vec<String> = Vec::new();
            if let Some(outlet) = &meta.outlet {
                parts.push(outlet.clone());
            }
            if let Some(date) = meta.date {
                parts.push(date.to_string());
            }
            if parts.is_empty() {
                article.to_string()
            } else {
                format!("{} ({article})", parts.join(", "))
            }
        }
        None => article.to_string(),
    }
}

fn cluster(id: &str, label: &str, members: Vec<Stmt>) -> Subgraph {
    let mut stmts = vec![
        Stmt::Attribute(attr("label", label)),
        Stmt::Attribute(attr("style", "rounded,dashed")),
        Stmt::Attribute(attr("color", "#9e9e9e")),
        Stmt::Attribute(attr("fontsize", "12")),
        Stmt::Attribute(attr("fontcolor", "#616161")),
    ];
    stmts.extend(members);
    // Graphviz draws a box only around subgraphs whose name starts with "cluster".
    Subgraph {
        id: quote(&format!("cluster:{id}")),
        stmts,
    }
}

fn kind_clusters(graph: &ActorGraph, nodes: &[&NodeInfo], wrap: Option<usize>) -> Vec<Stmt> {
    let mut by_kind: BTreeMap<ActorKind, Vec<&NodeInfo>> = BTreeMap::new();
    for node in nodes {
        by_kind.entry(node.kind).or_default().push(node);
    }
    by_kind
        .into_iter()
        .map(|(kind, members)| {
            let stmts = members.iter().map(|n| Stmt::Node(dot_node(graph, n, wrap))).collect();
            let title = match kind {
                ActorKind::Country => "states".to_string(),
                ActorKind::Organization => "organisations".to_string(),
                ActorKind::Media => "news outlets".to_string(),
                ActorKind::Other => "others".to_string(),
                kind => format!("{}s", kind_name(kind)),
            };
            Stmt::Subgraph(cluster(&format!("kind:{}", kind.as_str()), &title, stmts))
        })
        .collect()
}

/// The bloc each actor belongs to: a person to the state or organisation it acts for; a state
/// or organisation to the organisation it is (asserted, not negated) a member of, the one most
/// articles name when there are several. Cycles are cut, so the blocs form a forest.
pub fn bloc_parents(graph: &ActorGraph) -> BTreeMap<String, String> {
    let mut parents: BTreeMap<String, String> = BTreeMap::new();
    for node in graph.nodes() {
        if let Some(affiliation) = &node.affiliation {
            if affiliation != &node.id && graph.node(affiliation).is_some() {
                parents.insert(node.id.clone(), affiliation.clone());
            }
        }
    }
    let mut memberships: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
    for edge in graph.edges() {
        let is_member = edge.family == Family::MemberOf && !edge.negated && edge.modality == Modality::Asserted;
        let target_is_organisation = graph
            .node(&edge.target)
            .is_some_and(|n| n.kind == ActorKind::Organization);
        if is_member && target_is_organisation && edge.source != edge.target {
            memberships
                .entry(edge.source.as_str())
                .or_default()
                .push((edge.article_count(), edge.target.as_str()));
        }
    }
    for (member, mut organisations) in memberships {
        if parents.contains_key(member) {
            continue;
        }
        // Most articles first; ties by id, so the choice is stable.
        organisations.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        for (_, organisation) in organisations {
            if !is_ancestor(&parents, member, organisation) {
                parents.insert(member.to_string(), organisation.to_string());
                break;
            }
        }
    }
    parents
}

/// Whether `ancestor` is `node` itself or above it in the forest.
fn is_ancestor(parents: &BTreeMap<String, String>, ancestor: &str, node: &str) -> bool {
    let mut current = node;
    for _ in 0..=parents.len() {
        if current == ancestor {
            return true;
        }
        match parents.get(current) {
            Some(parent) => current = parent,
            None => return false,
        }
    }
    true
}

fn bloc_clusters(graph: &ActorGraph, nodes: &[&NodeInfo], wrap: Option<usize>) -> Vec<Stmt> {
    let parents = bloc_parents(graph);
    let mut children: BTreeMap<&str, Vec<&NodeInfo>> = BTreeMap::new();
    for node in nodes {
        if let Some(parent) = parents.get(&node.id) {
            children.entry(parent.as_str()).or_default().push(node);
        }
    }
    nodes
        .iter()
        .filter(|n| !parents.contains_key(&n.id))
        .map(|n| bloc_stmt(graph, n, &children, wrap))
        .collect()
}

fn bloc_stmt(
    graph: &ActorGraph,
    node: &NodeInfo,
    children: &BTreeMap<&str, Vec<&NodeInfo>>,
    wrap: Option<usize>,
) -> Stmt {
    match children.get(node.id.as_str()) {
        None => Stmt::Node(dot_node(graph, node, wrap)),
        Some(members) => {
            let mut stmts = vec![Stmt::Node(dot_node(graph, node, wrap))];
            stmts.extend(members.iter().map(|m| bloc_stmt(graph, m, children, wrap)));
            Stmt::Subgraph(cluster(&format!("bloc:{}", node.id), &node.label, stmts))
        }
    }
}

/// The key, in a cluster of its own: one sample node per kind the graph holds, and one table of
/// what the line colours and styles mean (a table rather than sample edges, which would each
/// take two ranks and stretch the layout).
fn legend(graph: &ActorGraph) -> Subgraph {
    let mut stmts = vec![
        Stmt::Attribute(attr("label", "Legend")),
        Stmt::Attribute(attr("style", "rounded")),
        Stmt::Attribute(attr("color", "#bdbdbd")),
        Stmt::Attribute(attr("fontsize", "12")),
        Stmt::Attribute(attr("margin", "6")),
    ];
    let kinds: BTreeSet<ActorKind> = graph.nodes().iter().map(|n| n.kind).collect();
    let mut ids = Vec::new();
    for kind in kinds {
        let id = format!("legend:{}", kind.as_str());
        stmts.push(Stmt::Node(Node::new(
            NodeId(quote(&id), None),
            vec![
                attr("label", kind_name(kind)),
                attr("shape", shape_of(kind)),
                attr("fillcolor", fill_of(kind)),
                attr("fontsize", "11"),
                attr("height", "0.3"),
                attr("tooltip", &format!("{}: this shape", kind_name(kind))),
            ],
        )));
        ids.push(id);
    }
    let row = |colour: &str, line: &str, text: &str| {
        format!(r#"<tr><td align="left"><font color="{colour}">{line}</font></td><td align="left">{text}</td></tr>"#)
    };
    let table = [
        row(colour_of(Polarity::Cooperation), "━━━▶", "cooperation"),
        row(colour_of(Polarity::Conflict), "━━━▶", "conflict"),
        row(colour_of(Polarity::Neutral), "━━━▶", "neutral"),
        row(colour_of(Polarity::Neutral), "╍╍╍▶", "negated (did not)"),
        row("#000000", "━━━▶", "thicker: more articles"),
        row("#000000", "×N", "N independent articles"),
    ]
    .concat();
    stmts.push(Stmt::Node(Node::new(
        NodeId(quote("legend:lines"), None),
        vec![
            Attribute(
                Id::Plain("label".to_string()),
                Id::Html(format!(
                    r#"<<table border="0" cellspacing="0" cellpadding="1">{table}</table>>"#
                )),
            ),
            attr("shape", "plaintext"),
            attr("style", ""),
            attr("fontsize", "11"),
        ],
    )));
    ids.push("legend:lines".to_string());
    // One rank: with left-to-right layout the key is a narrow column at one side.
    let mut same_rank = vec![Stmt::Attribute(attr("rank", "same"))];
    same_rank.extend(
        ids.iter()
            .map(|id| Stmt::Node(Node::new(NodeId(quote(id), None), vec![]))),
    );
    stmts.push(Stmt::Subgraph(Subgraph {
        id: quote("legend:rank"),
        stmts: same_rank,
    }));
    Subgraph {
        id: quote("cluster:legend"),
        stmts,
    }
}

#[cfg(test)]
mod tests {
    use graphviz_rust::dot_structures::Graph;

    use super::*;

    #[test]
    fn quoting_round_trips_awkward_text() {
        for text in ["plain", "say \"no\"", "back\\slash", "two\nlines", "Қазақстан & <b>"] {
            assert_eq!(unquote(&quote(text)), text);
        }
    }

    #[test]
    fn wrapping_changes_only_spaces() {
        let name = "Cooperative Longbow 09 / Cooperative Lancer 09";
        assert_eq!(wrap_label(name, 24), "Cooperative Longbow 09 /\nCooperative Lancer 09");
        assert_eq!(wrap_label("Supercalifragilistic word", 5), "Supercalifragilistic\nword");
        assert_eq!(wrap_label("two\nlines here", 10), "two\nlines here");
        assert_eq!(wrap_label(name, 10).replace('\n', " "), name);
    }

    /// The whole graph as graphviz-rust's own printer prints it.
    fn graphviz_rust_dot(graph: &ActorGraph, options: &DotOptions) -> String {
        use graphviz_rust::printer::{DotPrinter, PrinterContext};
        let cited = citations(graph);
        let mut stmts = head_statements(graph, options);
        stmts.extend(
            drawn_edges(graph)
                .iter()
                .map(|d| Stmt::Edge(dot_edge(graph, &cited, d, options.wrap))),
        );
        if options.legend {
            stmts.push(Stmt::Subgraph(legend(graph)));
        }
        let whole = Graph::DiGraph {
            id: quote("actorgraph"),
            strict: false,
            stmts,
        };
        whole.print(&mut PrinterContext::default()) + "\n"
    }

    #[test]
    fn streaming_gives_graphviz_rust_s_bytes() {
        let graph = crate::graph::json::from_json(include_str!("../../graphs/kazakhstan.json")).unwrap();
        assert!(drawn_edges(&graph).len() > 20);
        for clustering in [Clustering::None, Clustering::Kind, Clustering::Bloc] {
            for legend in [true, false] {
                let options = DotOptions {
                    clustering,
                    legend,
                    ..DotOptions::titled("Kazakhstan \"2009\"")
                };
                let expected = graphviz_rust_dot(&graph, &options);
                assert_eq!(to_dot_with(&graph, &options), expected);
                // Chunks of a few edges: many rounds, the last one short.
                for per_chunk in [1, 3] {
                    let mut text = Vec::new();
                    write_dot_chunked(&graph, &options, &mut text, per_chunk).unwrap();
                    assert_eq!(String::from_utf8(text).unwrap(), expected);
                }
            }
        }
        let empty = ActorGraph::default();
        let options = DotOptions::titled("empty");
        assert_eq!(to_dot_with(&empty, &options), graphviz_rust_dot(&empty, &options));
    }
}
