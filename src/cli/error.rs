//! Errors at the edge: what went wrong, in one line, with the file it concerns.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("the rules have {errors} error(s); run `actorgraph rules check --rules {path}` to see them")]
    Rules { errors: usize, path: PathBuf },
    #[error(transparent)]
    Input(#[from] actorgraph::corpus::InputError),
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("cannot read the graph {path}: {source} (run `actorgraph build` first?)")]
    ReadGraph { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a graph JSON file: {source}")]
    GraphJson { path: PathBuf, source: serde_json::Error },
    #[error(transparent)]
    Export(#[from] actorgraph::export::ExportError),
    #[error(transparent)]
    Report(#[from] actorgraph::report::ReportError),
    #[error("{0}")]
    Usage(String),
}
