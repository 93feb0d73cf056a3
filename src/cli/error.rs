//! Errors at the edge: what went wrong, in one line, with the file or name it concerns.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("the rules have {errors} error(s); run `actorgraph rules check --rules {path}` to see them")]
    Rules { errors: usize, path: PathBuf },
    #[error(transparent)]
    Input(#[from] actorgraph::corpus::InputError),
    #[error(transparent)]
    Import(#[from] actorgraph::import::phoenix::ImportError),
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Export(#[from] actorgraph::export::ExportError),
    #[error(transparent)]
    Report(#[from] actorgraph::report::ReportError),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Graph(#[from] actorgraph::graph::GraphFileError),
    #[error(transparent)]
    Select(#[from] actorgraph::graph::SelectError),
    #[error(transparent)]
    Pattern(#[from] actorgraph::graph::triple::PatternError),
    #[error("the {what} is given twice, in the pattern and as --{what}")]
    GivenTwice { what: &'static str },
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    #[error("cannot write the CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write the {what} to stdout: {source}")]
    Stdout { what: String, source: std::io::Error },
}

impl CliError {
    /// Whoever reads the output went away (`actorgraph query | head -1`): not worth a word.
    pub fn is_closed_pipe(&self) -> bool {
        let io = match self {
            CliError::Output(e) | CliError::Stdout { source: e, .. } => Some(e),
            CliError::Csv(e) => match e.kind() {
                csv::ErrorKind::Io(e) => Some(e),
                _ => None,
            },
            _ => None,
        };
        io.is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}
