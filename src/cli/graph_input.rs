//! What the diagram, report and export commands share: the graph narrowed to a view, the
//! diagram options, and writing a product to a file or standard output.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;

use super::CliError;
use super::view::{GraphArgs, ViewArgs};
use actorgraph::export::dot::Clustering;
use actorgraph::export::write::write_atomic;
use actorgraph::graph::{ActorGraph, select_from};

/// The graph read (`--graph`) narrowed to the view asked for (`--focus`, `--relation`,
/// `--since`...). With no view options the whole graph comes back unchanged.
pub fn load_view(input: &GraphArgs, view: &ViewArgs) -> Result<ActorGraph, CliError> {
    let graph = input.load()?;
    Ok(select_from(&graph, &view.to_selection())?)
}

/// The title a diagram gets when none is given: the graph file's stem.
pub fn default_title(input: &GraphArgs) -> String {
    input
        .graph
        .file_stem()
        .map_or_else(|| "actorgraph".to_string(), |s| s.to_string_lossy().into_owned())
}

/// How actors are grouped in a diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ClusterBy {
    /// One box per kind of actor.
    Kind,
    /// Persons inside the state they act for, members inside their organisation.
    Bloc,
}

pub fn clustering(cluster: Option<ClusterBy>) -> Clustering {
    match cluster {
        None => Clustering::None,
        Some(ClusterBy::Kind) => Clustering::Kind,
        Some(ClusterBy::Bloc) => Clustering::Bloc,
    }
}

/// Writes `contents` to `path` atomically, or to standard output when `path` is `-`.
pub fn write_output(path: &Path, contents: &[u8]) -> Result<(), CliError> {
    if path == Path::new("-") {
        let mut stdout = std::io::stdout().lock();
        return stdout
            .write_all(contents)
            .and_then(|()| stdout.flush())
            .map_err(|source| CliError::Write {
                path: path.to_path_buf(),
                source,
            });
    }
    write_atomic(path, contents).map_err(|source| CliError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// The extension of `path`, lowercased ("svg" for `graphs/k.SVG`).
pub fn extension_of(path: &Path) -> Option<String> {
    path.extension().map(|e| e.to_string_lossy().to_lowercase())
}
