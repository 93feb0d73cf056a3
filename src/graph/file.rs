//! Graph files: the JSON of the contract or the binary snapshot, told apart by their first bytes,
//! so that every command's `--graph` takes either.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use petgraph::Direction;

use super::model::{ActorGraph, Edge};
use super::snapshot::SnapshotGraph;
use super::source::{EdgeHead, EdgeId, GraphSource, SourceError};
use super::{json, snapshot};
use crate::corpus::ArticleMeta;
use crate::date::PartialDate;
use crate::extract::NodeInfo;

/// Why a graph file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum GraphFileError {
    #[error("cannot read the graph {path}: {source}{}", build_hint(source))]
    Read { path: PathBuf, source: std::io::Error },
    #[error("the graph {path} is not valid graph JSON: {source}")]
    Json { path: PathBuf, source: serde_json::Error },
    #[error("the graph {path} is not UTF-8 text, nor a snapshot")]
    NotText { path: PathBuf },
    #[error("the graph {path}: {source}")]
    Snapshot {
        path: PathBuf,
        source: snapshot::SnapshotError,
    },
}

fn build_hint(error: &std::io::Error) -> &'static str {
    if error.kind() == std::io::ErrorKind::NotFound {
        " (run `actorgraph build` to make it)"
    } else {
        ""
    }
}

/// Reads a whole graph into memory from a JSON file or a snapshot, whatever its extension.
pub fn read_graph(path: &Path) -> Result<ActorGraph, GraphFileError> {
    match open_graph(path)? {
        OpenGraph::Memory(graph) => Ok(graph),
        OpenGraph::Snapshot(snapshot) => snapshot.to_graph().map_err(|source| GraphFileError::Snapshot {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Opens a graph for selection: JSON is read whole; a snapshot is only opened, and reads the
/// edges a selection keeps.
pub fn open_graph(path: &Path) -> Result<OpenGraph, GraphFileError> {
    let read_error = |source| GraphFileError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    let mut start = Vec::with_capacity(snapshot::MAGIC.len());
    (&mut file)
        .take(snapshot::MAGIC.len() as u64)
        .read_to_end(&mut start)
        .map_err(read_error)?;
    if snapshot::is_snapshot(&start) {
        drop(file);
        return SnapshotGraph::open(path)
            .map(OpenGraph::Snapshot)
            .map_err(|source| GraphFileError::Snapshot {
                path: path.to_path_buf(),
                source,
            });
    }
    let mut bytes = start;
    file.read_to_end(&mut bytes).map_err(read_error)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| GraphFileError::NotText {
        path: path.to_path_buf(),
    })?;
    json::from_json(text)
        .map(OpenGraph::Memory)
        .map_err(|source| GraphFileError::Json {
            path: path.to_path_buf(),
            source,
        })
}

/// A graph file, opened.
#[derive(Debug)]
pub enum OpenGraph {
    Memory(ActorGraph),
    Snapshot(SnapshotGraph),
}

impl OpenGraph {
    fn source(&self) -> &dyn GraphSource {
        match self {
            OpenGraph::Memory(graph) => graph,
            OpenGraph::Snapshot(snapshot) => snapshot,
        }
    }
}

impl GraphSource for OpenGraph {
    fn node_list(&self) -> Vec<&NodeInfo> {
        self.source().node_list()
    }

    fn node_by_id(&self, id: &str) -> Option<&NodeInfo> {
        self.source().node_by_id(id)
    }

    fn all_edges(&self) -> Vec<EdgeId> {
        self.source().all_edges()
    }

    fn edges_at(&self, id: &str, direction: Direction) -> Vec<EdgeId> {
        self.source().edges_at(id, direction)
    }

    fn edge_head(&self, edge: EdgeId) -> EdgeHead<'_> {
        self.source().edge_head(edge)
    }

    fn evidence_keys<'a>(&'a self, edge: EdgeId, out: &mut Vec<(&'a str, Option<PartialDate>)>) {
        self.source().evidence_keys(edge, out)
    }

    fn edge(&self, edge: EdgeId, keep: Option<&[usize]>) -> Result<Edge, SourceError> {
        self.source().edge(edge, keep)
    }

    fn has_relation(&self, relation: &str) -> bool {
        self.source().has_relation(relation)
    }

    fn relations(&self) -> BTreeSet<&str> {
        self.source().relations()
    }

    fn has_article(&self, id: &str) -> bool {
        self.source().has_article(id)
    }

    fn article_ids(&self) -> Vec<&str> {
        self.source().article_ids()
    }

    fn article_meta(&self, id: &str) -> Option<ArticleMeta> {
        self.source().article_meta(id)
    }
}

/// Where `build` puts the snapshot of a graph: beside its JSON, with the extension `.bin`.
pub fn snapshot_path(json_path: &Path) -> PathBuf {
    json_path.with_extension("bin")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testing::GraphBuilder;

    #[test]
    fn either_format_reads_back_the_same_graph() {
        let graph = GraphBuilder::new()
            .country("KAZ", "Kazakhstan", &[])
            .country("RUS", "Russia", &[])
            .claim("KAZ", "supports", "RUS", "a1", "2009-04")
            .build();
        let dir = tempfile::tempdir().unwrap();
        let json_path = dir.path().join("g.json");
        std::fs::write(&json_path, json::to_json(&graph)).unwrap();
        // A snapshot under a misleading name is still read as a snapshot.
        let bin_path = dir.path().join("g.json.bak");
        std::fs::write(&bin_path, snapshot::to_snapshot(&graph)).unwrap();
        for path in [&json_path, &bin_path] {
            assert_eq!(json::to_json(&read_graph(path).unwrap()), json::to_json(&graph));
        }
    }

    #[test]
    fn a_missing_graph_says_how_to_make_one() {
        let err = read_graph(Path::new("no/such/graph.json")).unwrap_err();
        assert!(err.to_string().contains("actorgraph build"), "{err}");
    }
}
