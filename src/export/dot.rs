//! Graphviz DOT through graphviz-rust's AST: shapes by kind, colours by polarity, dashed when
//! negated, one drawn edge per (source, target, family, negation) labelled "relation ×N" with N
//! independent articles, pen width growing with N, the first evidence as tooltip, and a legend.
//! Every text goes through [`quote`], because the printer writes ids verbatim.

use std::collections::BTreeMap;

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use rayon::prelude::*;

use crate::graph::{ActorGraph, Edge};
use crate::rules::schema::ActorKind;
use crate::rules::{Family, Polarity};

/// A DOT string literal holding `text` exactly: quotes and backslashes escaped, line breaks as
/// `\n` (which Graphviz shows as a centred line break).
pub fn quote(text: &str) -> Id {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
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

pub fn colour_of(polarity: Polarity) -> &'static str {
    match polarity {
        Polarity::Cooperation => "#1a9850",
        Polarity::Conflict => "#d73027",
        Polarity::Neutral => "#7f7f7f",
    }
}

fn fill_of(kind: ActorKind) -> &'static str {
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

/// Parallel claims drawn as one edge.
struct DrawnEdge<'a> {
    source: &'a str,
    target: &'a str,
    family: Family,
    negated: bool,
    edges: Vec<&'a Edge>,
}

fn drawn_edges(graph: &ActorGraph) -> Vec<DrawnEdge<'_>> {
    let mut groups: BTreeMap<(&str, &str, Family, bool), Vec<&Edge>> = BTreeMap::new();
    for edge in graph.edges() {
        groups
            .entry((edge.source.as_str(), edge.target.as_str(), edge.family, edge.negated))
            .or_default()
            .push(edge);
    }
    groups
        .into_iter()
        .map(|((source, target, family, negated), edges)| DrawnEdge {
            source,
            target,
            family,
            negated,
            edges,
        })
        .collect()
}

/// The graph as DOT text, ready for `dot`.
pub fn to_dot(graph: &ActorGraph, title: &str) -> String {
    let mut stmts: Vec<Stmt> = vec![
        Stmt::Attribute(attr("label", title)),
        Stmt::Attribute(attr("labelloc", "t")),
        Stmt::Attribute(attr("fontname", "Helvetica")),
        Stmt::Attribute(attr("rankdir", "LR")),
        Stmt::Attribute(attr("overlap", "false")),
        Stmt::Attribute(attr("splines", "true")),
        Stmt::Attribute(attr("nodesep", "0.4")),
        Stmt::Attribute(attr("ranksep", "1.1")),
        Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Node(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "11"),
            attr("style", "filled"),
        ])),
        Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Edge(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "9"),
        ])),
    ];
    for node in graph.nodes() {
        let mut tooltip = format!("{} ({})", node.label, node.kind.as_str());
        if let Some(code) = &node.code {
            tooltip.push_str(&format!(" [{code}]"));
        }
        if let Some(affiliation) = &node.affiliation {
            tooltip.push_str(&format!(" — acts for {}", graph.label_of(affiliation)));
        }
        stmts.push(Stmt::Node(Node::new(
            NodeId(quote(&node.id), None),
            vec![
                attr("label", &node.label),
                attr("shape", shape_of(node.kind)),
                attr("fillcolor", fill_of(node.kind)),
                attr("tooltip", &tooltip),
            ],
        )));
    }
    // Each drawn edge is independent: they are built on every core, in order.
    let drawn = drawn_edges(graph);
    stmts.par_extend(drawn.par_iter().map(|d| Stmt::Edge(dot_edge(graph, d))));
    stmts.push(Stmt::Subgraph(legend()));
    print_digraph(quote("actorgraph"), &stmts)
}

/// Prints a digraph exactly as graphviz-rust's `Graph::print` does, a statement at a time into one
/// buffer. Printing the whole graph at once copies every statement's text three more times
/// (joined, formatted into the graph, grown by the final newline): for a million claims that was
/// gigabytes of copying.
fn print_digraph(id: Id, stmts: &[Stmt]) -> String {
    // The empty graph gives the header and footer, and leaves a context where the printer is when
    // it reaches the statements (indented once, directed edges).
    let start = || {
        let mut ctx = PrinterContext::default();
        let empty = Graph::DiGraph {
            id: id.clone(),
            strict: false,
            stmts: Vec::new(),
        }
        .print(&mut ctx);
        (ctx, empty)
    };
    let (_, empty) = start();
    let (head, tail) = match empty.strip_suffix("\n}") {
        Some(head) => (head, "\n}"),
        None => (empty.as_str(), ""),
    };
    // Chunks print on every core, each with its own context, and are joined in order.
    let chunks: Vec<String> = stmts
        .par_chunks(STATEMENTS_PER_CHUNK)
        .map(|chunk| {
            let (mut ctx, _) = start();
            let mut text = String::with_capacity(chunk.len() * 256);
            for (index, stmt) in chunk.iter().enumerate() {
                if index > 0 {
                    text.push('\n');
                }
                text.push_str(&stmt.print(&mut ctx));
            }
            text
        })
        .collect();
    let mut text = String::with_capacity(head.len() + chunks.iter().map(|c| c.len() + 1).sum::<usize>() + 4);
    text.push_str(head);
    for (index, chunk) in chunks.iter().enumerate() {
        if index > 0 {
            text.push('\n');
        }
        text.push_str(chunk);
    }
    text.push_str(tail);
    text.push('\n');
    text
}

/// How many statements one task of [`print_digraph`] prints.
const STATEMENTS_PER_CHUNK: usize = 4096;

fn dot_edge(graph: &ActorGraph, drawn: &DrawnEdge<'_>) -> DotEdge {
    let mut relations: Vec<&str> = drawn.edges.iter().map(|e| e.relation.as_str()).collect();
    relations.dedup();
    let mut articles: Vec<&str> = drawn
        .edges
        .iter()
        .flat_map(|e| e.evidence.iter().map(|ev| ev.article.as_str()))
        .collect();
    articles.sort_unstable();
    articles.dedup();
    let count = articles.len().max(1);
    let relation_text = relations.join(", ").replace('_', " ");
    let mut label = if drawn.negated {
        format!("not {relation_text}")
    } else {
        relation_text
    };
    if drawn
        .edges
        .iter()
        .all(|e| e.modality != crate::extract::Modality::Asserted)
    {
        label = format!("{label} (possible)");
    }
    label.push_str(&format!(" ×{count}"));
    let first = drawn.edges.iter().flat_map(|e| e.evidence.first()).next();
    let tooltip = match first {
        Some(evidence) => format!(
            "{} {} {}: \"{}\" ({})",
            graph.label_of(drawn.source),
            label,
            graph.label_of(drawn.target),
            evidence.text,
            evidence.article
        ),
        None => label.clone(),
    };
    let polarity = drawn.family.polarity();
    let penwidth = 1.0 + (count as f64).log2() * 1.2;
    let mut attributes = vec![
        attr("label", &label),
        attr("color", colour_of(polarity)),
        attr("fontcolor", colour_of(polarity)),
        attr("penwidth", &format!("{penwidth:.1}")),
        attr("tooltip", &tooltip),
        attr("labeltooltip", &tooltip),
        attr(
            "id",
            &format!(
                "{}|{}|{}|{}",
                drawn.source,
                drawn.family.as_str(),
                drawn.target,
                drawn.negated
            ),
        ),
    ];
    if drawn.negated {
        attributes.push(attr("style", "dashed"));
    }
    DotEdge {
        ty: EdgeTy::Pair(
            Vertex::N(NodeId(quote(drawn.source), None)),
            Vertex::N(NodeId(quote(drawn.target), None)),
        ),
        attributes,
    }
}

/// A small key: the shapes and the three colours, and what dashed means.
fn legend() -> Subgraph {
    let mut stmts = vec![
        Stmt::Attribute(attr("label", "Legend")),
        Stmt::Attribute(attr("style", "rounded")),
        Stmt::Attribute(attr("color", "#bbbbbb")),
        Stmt::Attribute(attr("fontsize", "10")),
    ];
    let kinds = [
        (ActorKind::Country, "state"),
        (ActorKind::Organization, "organisation"),
        (ActorKind::Person, "person"),
        (ActorKind::Event, "event"),
    ];
    for (kind, text) in kinds {
        stmts.push(Stmt::Node(Node::new(
            NodeId(quote(&format!("legend:{text}")), None),
            vec![
                attr("label", text),
                attr("shape", shape_of(kind)),
                attr("fillcolor", fill_of(kind)),
                attr("fontsize", "9"),
            ],
        )));
    }
    let lines = [
        ("cooperation", Polarity::Cooperation, false),
        ("conflict", Polarity::Conflict, false),
        ("neutral", Polarity::Neutral, false),
        ("negated", Polarity::Neutral, true),
    ];
    for (text, polarity, dashed) in lines {
        let from = format!("legend:{text}:from");
        let to = format!("legend:{text}:to");
        for id in [&from, &to] {
            stmts.push(Stmt::Node(Node::new(
                NodeId(quote(id), None),
                vec![attr("label", ""), attr("shape", "point"), attr("width", "0.05")],
            )));
        }
        let mut attributes = vec![
            attr("label", text),
            attr("color", colour_of(polarity)),
            attr("fontcolor", colour_of(polarity)),
        ];
        if dashed {
            attributes.push(attr("style", "dashed"));
        }
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(quote(&from), None)),
                Vertex::N(NodeId(quote(&to), None)),
            ),
            attributes,
        }));
    }
    Subgraph {
        id: Id::Plain("cluster_legend".to_string()),
        stmts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printing_a_statement_at_a_time_gives_the_printer_s_bytes() {
        let mut stmts = vec![
            Stmt::Attribute(attr("label", "t \"q\"")),
            Stmt::Node(Node::new(NodeId(quote("KAZ"), None), vec![attr("label", "Kazakhstan")])),
            Stmt::Edge(DotEdge {
                ty: EdgeTy::Pair(
                    Vertex::N(NodeId(quote("KAZ"), None)),
                    Vertex::N(NodeId(quote("RUS"), None)),
                ),
                attributes: vec![attr("label", "supports ×2"), attr("tooltip", &"long ".repeat(40))],
            }),
            Stmt::Subgraph(legend()),
        ];
        // More than one chunk, with the legend in the middle of one.
        for i in 0..STATEMENTS_PER_CHUNK + 10 {
            stmts.push(Stmt::Node(Node::new(
                NodeId(quote(&format!("n{i}")), None),
                vec![attr("x", "y")],
            )));
        }
        stmts.push(Stmt::Subgraph(legend()));
        let whole = Graph::DiGraph {
            id: quote("actorgraph"),
            strict: false,
            stmts: stmts.clone(),
        }
        .print(&mut PrinterContext::default());
        assert_eq!(print_digraph(quote("actorgraph"), &stmts), whole + "\n");
    }

    #[test]
    fn quoting_round_trips_awkward_text() {
        for text in ["plain", "say \"no\"", "back\\slash", "two\nlines", "Қазақстан & <b>"] {
            assert_eq!(unquote(&quote(text)), text);
        }
    }
}
