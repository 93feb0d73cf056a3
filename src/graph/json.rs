//! The graph JSON of DESIGN.md: `{"nodes": [...], "edges": [...]}` plus the cited articles.

use std::collections::BTreeMap;
use std::io::Write;

use serde::{Deserialize, Serialize};

use super::model::{ActorGraph, ArticleInfo, Edge};
use crate::extract::NodeInfo;

#[derive(Serialize)]
struct GraphOut<'a> {
    nodes: Vec<&'a NodeInfo>,
    edges: Vec<&'a Edge>,
    articles: Vec<ArticleInfo>,
}

/// An edge with the labels of its ends, for people reading query results.
#[derive(Serialize)]
struct LabelledEdge<'a> {
    #[serde(flatten)]
    edge: &'a Edge,
    source_label: &'a str,
    target_label: &'a str,
}

#[derive(Serialize)]
struct LabelledGraphOut<'a> {
    nodes: Vec<&'a NodeInfo>,
    edges: Vec<LabelledEdge<'a>>,
    articles: Vec<ArticleInfo>,
}

#[derive(Deserialize)]
struct GraphIn {
    nodes: Vec<NodeInfo>,
    edges: Vec<Edge>,
    #[serde(default)]
    articles: Vec<ArticleInfo>,
}

/// The graph as pretty-printed JSON, nodes by id, edges by id number: the same graph always
/// gives the same bytes.
pub fn to_json(graph: &ActorGraph) -> String {
    let mut text = Vec::new();
    write_json(graph, &mut text).expect("graph values always serialise");
    String::from_utf8(text).expect("serde_json writes UTF-8")
}

/// Writes the bytes of [`to_json`] to `out` as they are made, without holding the text (for a
/// million claims, 900 MB of it).
pub fn write_json<W: Write>(graph: &ActorGraph, mut out: W) -> std::io::Result<()> {
    let graph_out = GraphOut {
        nodes: graph.nodes(),
        edges: graph.edges(),
        articles: article_list(graph),
    };
    serde_json::to_writer_pretty(&mut out, &graph_out)?;
    out.write_all(b"\n")
}

/// The graph as [`to_json`] writes it, each edge also carrying `source_label` and
/// `target_label`. It is still a graph [`from_json`] reads (the labels are ignored).
pub fn to_json_labelled(graph: &ActorGraph) -> String {
    let out = LabelledGraphOut {
        nodes: graph.nodes(),
        edges: graph
            .edges()
            .into_iter()
            .map(|edge| LabelledEdge {
                edge,
                source_label: graph.label_of(&edge.source),
                target_label: graph.label_of(&edge.target),
            })
            .collect(),
        articles: article_list(graph),
    };
    let mut text = serde_json::to_string_pretty(&out).expect("graph values always serialise");
    text.push('\n');
    text
}

fn article_list(graph: &ActorGraph) -> Vec<ArticleInfo> {
    graph
        .articles
        .iter()
        .map(|(id, meta)| ArticleInfo {
            id: id.clone(),
            meta: meta.clone(),
        })
        .collect()
}

/// Reads a graph written by [`to_json`] (or by another tool in the same shape).
pub fn from_json(text: &str) -> Result<ActorGraph, serde_json::Error> {
    let parsed: GraphIn = serde_json::from_str(text)?;
    let articles: BTreeMap<_, _> = parsed.articles.into_iter().map(|a| (a.id, a.meta)).collect();
    Ok(ActorGraph::from_parts(parsed.nodes, parsed.edges, articles))
}
