//! The graph: actors as nodes, merged claims as edges, in a petgraph `StableGraph` with an
//! id-to-index map (two actors may be joined by many edges).

use std::collections::{BTreeMap, HashMap};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use serde::{Deserialize, Serialize};

use crate::corpus::ArticleMeta;
use crate::date::PartialDate;
use crate::extract::{Evidence, Modality, NodeInfo, Office};
use crate::rules::{Family, Polarity};

/// One merged claim: every sentence that states it is in `evidence`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    pub id: String,
    pub source: String,
    pub target: String,
    pub relation: String,
    pub family: Family,
    pub polarity: Polarity,
    pub negated: bool,
    pub modality: Modality,
    /// The earliest date of the evidence.
    pub date: Option<PartialDate>,
    pub cameo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<Office>,
    pub evidence: Vec<Evidence>,
}

impl Edge {
    /// How many different articles state the claim.
    pub fn article_count(&self) -> usize {
        let mut articles: Vec<&str> = self.evidence.iter().map(|e| e.article.as_str()).collect();
        articles.sort_unstable();
        articles.dedup();
        articles.len()
    }

    /// Every date the evidence gives, earliest first, without repeats.
    pub fn dates(&self) -> Vec<PartialDate> {
        let mut dates: Vec<PartialDate> = self.evidence.iter().filter_map(|e| e.date).collect();
        dates.sort();
        dates.dedup();
        dates
    }
}

/// What is known of an article the graph cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleInfo {
    pub id: String,
    #[serde(flatten)]
    pub meta: ArticleMeta,
}

/// The knowledge graph.
#[derive(Debug, Clone, Default)]
pub struct ActorGraph {
    pub graph: StableDiGraph<NodeInfo, Edge>,
    /// Hashed with foldhash: looked up for both ends of every edge of a large graph.
    pub index: HashMap<String, NodeIndex, foldhash::fast::FixedState>,
    pub articles: BTreeMap<String, ArticleMeta>,
}

impl ActorGraph {
    /// Builds the graph from nodes and edges; edges whose ends are missing get a bare node.
    pub fn from_parts<E>(nodes: Vec<NodeInfo>, edges: E, articles: BTreeMap<String, ArticleMeta>) -> Self
    where
        E: IntoIterator<Item = Edge>,
        E::IntoIter: ExactSizeIterator,
    {
        let edges = edges.into_iter();
        // Sized up front: growing the edge storage a million edges long copied it again and again.
        let mut graph = ActorGraph {
            graph: StableDiGraph::with_capacity(nodes.len(), edges.len()),
            index: HashMap::with_capacity_and_hasher(nodes.len(), foldhash::fast::FixedState::default()),
            articles,
        };
        for node in nodes {
            graph.add_node(node);
        }
        for edge in edges {
            let source = graph.ensure_node(&edge.source);
            let target = graph.ensure_node(&edge.target);
            graph.graph.add_edge(source, target, edge);
        }
        graph
    }

    fn add_node(&mut self, node: NodeInfo) -> NodeIndex {
        if let Some(&index) = self.index.get(&node.id) {
            return index;
        }
        let id = node.id.clone();
        let index = self.graph.add_node(node);
        self.index.insert(id, index);
        index
    }

    fn ensure_node(&mut self, id: &str) -> NodeIndex {
        if let Some(&index) = self.index.get(id) {
            return index;
        }
        self.add_node(NodeInfo {
            id: id.to_string(),
            label: id.to_string(),
            kind: crate::rules::schema::ActorKind::Other,
            code: None,
            aliases: Vec::new(),
            affiliation: None,
            roles: Vec::new(),
        })
    }

    pub fn node(&self, id: &str) -> Option<&NodeInfo> {
        self.index.get(id).map(|&i| &self.graph[i])
    }

    /// Nodes in id order.
    pub fn nodes(&self) -> Vec<&NodeInfo> {
        let mut nodes: Vec<&NodeInfo> = self.graph.node_weights().collect();
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        nodes
    }

    /// Edges in the order of their ids (e1, e2, ...), which is the assembly order.
    pub fn edges(&self) -> Vec<&Edge> {
        let mut edges: Vec<(EdgeIndex, &Edge)> = self.graph.edge_indices().map(|i| (i, &self.graph[i])).collect();
        edges.sort_by_key(|(i, _)| *i);
        edges.into_iter().map(|(_, e)| e).collect()
    }

    pub fn label_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.node(id).map_or(id, |n| n.label.as_str())
    }
}
