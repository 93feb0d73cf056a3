//! What a selection reads from a graph, so that it can read a graph in memory and a snapshot
//! on disk alike: nodes, the heads of edges (who, what, whom), the article and date of each piece
//! of evidence, and whole edges only for the edges it keeps. A snapshot of a million claims then
//! answers a query without decoding the claims the query does not ask about.

use std::collections::BTreeSet;

use petgraph::Direction;
use petgraph::stable_graph::EdgeIndex;
use petgraph::visit::EdgeRef;

use super::model::{ActorGraph, Edge};
use crate::corpus::ArticleMeta;
use crate::date::PartialDate;
use crate::extract::{Modality, NodeInfo};
use crate::rules::Family;

/// An edge of a source, by its position in edge order.
pub type EdgeId = usize;

/// What a filter looks at before deciding to keep an edge.
#[derive(Debug, Clone, Copy)]
pub struct EdgeHead<'a> {
    pub source: &'a str,
    pub target: &'a str,
    pub relation: &'a str,
    pub family: Family,
    pub negated: bool,
    pub modality: Modality,
}

/// Why an edge could not be read (a snapshot damaged after it was opened, say).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the graph is damaged: {0}")]
pub struct SourceError(pub String);

/// A graph a selection can read.
pub trait GraphSource {
    /// Every node, in no particular order.
    fn node_list(&self) -> Vec<&NodeInfo>;
    fn node_by_id(&self, id: &str) -> Option<&NodeInfo>;
    /// Every edge, in edge order.
    fn all_edges(&self) -> Vec<EdgeId>;
    /// The edges from (`Outgoing`) or to (`Incoming`) a node, in any order.
    fn edges_at(&self, id: &str, direction: Direction) -> Vec<EdgeId>;
    fn edge_head(&self, edge: EdgeId) -> EdgeHead<'_>;
    /// The article and date of each piece of the edge's evidence, in order, into `out`
    /// (cleared first; a buffer reused across edges costs no allocation per edge).
    fn evidence_keys<'a>(&'a self, edge: EdgeId, out: &mut Vec<(&'a str, Option<PartialDate>)>);
    /// The whole edge, with only the evidence at the positions `keep` lists (all when `None`).
    fn edge(&self, edge: EdgeId, keep: Option<&[usize]>) -> Result<Edge, SourceError>;
    /// Whether some edge names this finer relation.
    fn has_relation(&self, relation: &str) -> bool;
    /// Every relation the edges name.
    fn relations(&self) -> BTreeSet<&str>;
    fn has_article(&self, id: &str) -> bool;
    fn article_ids(&self) -> Vec<&str>;
    fn article_meta(&self, id: &str) -> Option<ArticleMeta>;

    fn label_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.node_by_id(id).map_or(id, |n| n.label.as_str())
    }
}

impl GraphSource for ActorGraph {
    fn node_list(&self) -> Vec<&NodeInfo> {
        self.graph.node_weights().collect()
    }

    fn node_by_id(&self, id: &str) -> Option<&NodeInfo> {
        self.node(id)
    }

    fn all_edges(&self) -> Vec<EdgeId> {
        self.graph.edge_indices().map(|e| e.index()).collect()
    }

    fn edges_at(&self, id: &str, direction: Direction) -> Vec<EdgeId> {
        let Some(&node) = self.index.get(id) else {
            return Vec::new();
        };
        self.graph
            .edges_directed(node, direction)
            .map(|e| e.id().index())
            .collect()
    }

    fn edge_head(&self, edge: EdgeId) -> EdgeHead<'_> {
        let edge = &self.graph[EdgeIndex::new(edge)];
        EdgeHead {
            source: &edge.source,
            target: &edge.target,
            relation: &edge.relation,
            family: edge.family,
            negated: edge.negated,
            modality: edge.modality,
        }
    }

    fn evidence_keys<'a>(&'a self, edge: EdgeId, out: &mut Vec<(&'a str, Option<PartialDate>)>) {
        out.clear();
        if let Some(edge) = self.graph.edge_weight(EdgeIndex::new(edge)) {
            out.extend(edge.evidence.iter().map(|e| (e.article.as_str(), e.date)));
        }
    }

    fn edge(&self, edge: EdgeId, keep: Option<&[usize]>) -> Result<Edge, SourceError> {
        let edge = self
            .graph
            .edge_weight(EdgeIndex::new(edge))
            .ok_or_else(|| SourceError(format!("no edge at position {edge}")))?;
        Ok(match keep {
            None => edge.clone(),
            Some(keep) => with_evidence(
                edge,
                keep.iter().filter_map(|&i| edge.evidence.get(i).cloned()).collect(),
            ),
        })
    }

    fn has_relation(&self, relation: &str) -> bool {
        self.graph.edge_weights().any(|e| e.relation == relation)
    }

    fn relations(&self) -> BTreeSet<&str> {
        let mut relations = BTreeSet::new();
        for edge in self.graph.edge_weights() {
            relations.insert(edge.relation.as_str());
        }
        relations
    }

    fn has_article(&self, id: &str) -> bool {
        self.articles.contains_key(id)
    }

    fn article_ids(&self) -> Vec<&str> {
        self.articles.keys().map(String::as_str).collect()
    }

    fn article_meta(&self, id: &str) -> Option<ArticleMeta> {
        self.articles.get(id).cloned()
    }
}

/// The edge with other evidence, its date (the earliest of the evidence) following.
pub fn with_evidence(edge: &Edge, evidence: Vec<crate::extract::Evidence>) -> Edge {
    Edge {
        id: edge.id.clone(),
        source: edge.source.clone(),
        target: edge.target.clone(),
        relation: edge.relation.clone(),
        family: edge.family,
        polarity: edge.polarity,
        negated: edge.negated,
        modality: edge.modality,
        date: evidence.iter().filter_map(|e| e.date).min(),
        cameo: edge.cameo.clone(),
        office: edge.office.clone(),
        evidence,
    }
}
