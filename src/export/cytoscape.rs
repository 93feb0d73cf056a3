//! Cytoscape.js JSON (also read by Cytoscape desktop as `.cyjs`):
//! `{"elements": {"nodes": [{"data": {"id", ...}, "classes"}], "edges": [{"data": {...}}]}}`,
//! one edge per claim with its evidence, classes for styling by kind and polarity.

use serde_json::{Value, json};

use crate::graph::ActorGraph;

/// The graph as Cytoscape.js elements JSON, pretty-printed.
pub fn to_cytoscape(graph: &ActorGraph) -> String {
    let nodes: Vec<Value> = graph
        .nodes()
        .into_iter()
        .map(|node| {
            json!({
                "data": {
                    "id": node.id,
                    "label": node.label,
                    "kind": node.kind.as_str(),
                    "code": node.code,
                    "aliases": node.aliases,
                    "affiliation": node.affiliation,
                },
                "classes": node.kind.as_str(),
            })
        })
        .collect();
    let edges: Vec<Value> = graph
        .edges()
        .into_iter()
        .map(|edge| {
            let mut classes = vec![edge.family.as_str(), edge.polarity.as_str()];
            if edge.negated {
                classes.push("negated");
            }
            json!({
                "data": {
                    "id": edge.id,
                    "source": edge.source,
                    "target": edge.target,
                    "label": super::claim_label(edge),
                    "relation": edge.relation,
                    "family": edge.family.as_str(),
                    "polarity": edge.polarity.as_str(),
                    "negated": edge.negated,
                    "modality": edge.modality.as_str(),
                    "date": edge.date.map(|d| d.to_string()),
                    "cameo": edge.cameo,
                    "articles": edge.article_count(),
                    "evidence": edge.evidence,
                },
                "classes": classes.join(" "),
            })
        })
        .collect();
    let document = json!({ "elements": { "nodes": nodes, "edges": edges } });
    let mut text = serde_json::to_string_pretty(&document).expect("graph values always serialise");
    text.push('\n');
    text
}
