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
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write the {what} to stdout: {source}")]
    Output { what: String, source: std::io::Error },
}
