//! Graph files: the JSON of the contract or the binary snapshot, told apart by their first bytes,
//! so that every command's `--graph` takes either.

use std::path::{Path, PathBuf};

use super::model::ActorGraph;
use super::{json, snapshot};

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

/// Reads a graph from a JSON file or a snapshot, whatever its extension.
pub fn read_graph(path: &Path) -> Result<ActorGraph, GraphFileError> {
    let bytes = std::fs::read(path).map_err(|source| GraphFileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if snapshot::is_snapshot(&bytes) {
        return snapshot::from_snapshot(&bytes).map_err(|source| GraphFileError::Snapshot {
            path: path.to_path_buf(),
            source,
        });
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| GraphFileError::NotText {
        path: path.to_path_buf(),
    })?;
    json::from_json(text).map_err(|source| GraphFileError::Json {
        path: path.to_path_buf(),
        source,
    })
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
