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
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Indented::default());
    graph_out.serialize(&mut serializer)?;
    out.write_all(b"\n")
}

/// serde_json's pretty format (two spaces a level), byte for byte, with each line break and its
/// indentation written in one piece: the stock formatter writes the indentation two bytes at a
/// time, tens of millions of small writes for a million claims.
#[derive(Default)]
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    /// `,` (unless `first`), a line break and the indentation of the current depth.
    fn new_line<W: ?Sized + Write>(&self, writer: &mut W, first: bool) -> std::io::Result<()> {
        const BREAK: &[u8] = b",\n                                                                ";
        let from = usize::from(first);
        let to = 2 + 2 * self.depth;
        if to <= BREAK.len() {
            return writer.write_all(&BREAK[from..to]);
        }
        writer.write_all(&BREAK[from..2])?;
        for _ in 0..self.depth {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }

    /// Opens an array or an object one level deeper.
    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// Closes one, on a line of its own unless it held nothing.
    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.new_line(writer, true)?;
        }
        writer.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        self.new_line(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        self.new_line(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_indented_format_is_serde_jsons_pretty_format() {
        let mut deep = serde_json::json!({"leaf": [1, {}, []]});
        for level in 0..40 {
            deep = serde_json::json!({ "level": level, "inner": [deep, "x", null], "empty": {} });
        }
        for value in [
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!({"a": [[], {}]}),
            deep,
        ] {
            let mut ours = Vec::new();
            value
                .serialize(&mut serde_json::Serializer::with_formatter(
                    &mut ours,
                    Indented::default(),
                ))
                .unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                serde_json::to_string_pretty(&value).unwrap()
            );
        }
    }
}
