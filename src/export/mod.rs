//! Writing the graph out: DOT (and SVG/PNG through Graphviz), the graph JSON, and the formats
//! other tools load — GraphML, GEXF, CSV for neo4j-admin, Cytoscape.js JSON — plus atomic file
//! output.

pub mod csv;
pub mod cytoscape;
pub mod dot;
mod dot_printer;
pub mod events;
pub mod gexf;
pub mod graphml;
pub mod svg;
pub mod write;
mod xml;

use std::path::PathBuf;

/// What can go wrong while exporting.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "`{program}` (Graphviz) is not installed or not on PATH; install it (Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install graphviz`) or use --format dot"
    )]
    GraphvizMissing { program: String },
    #[error("`{program} -T{format}` failed: {message}")]
    GraphvizFailed {
        program: String,
        format: &'static str,
        message: String,
    },
    #[error("cannot write {format} to {path}: {source}")]
    Write {
        format: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
}

/// How one claim reads as a label: "withdraws from", "not recognizes".
pub fn claim_label(edge: &crate::graph::Edge) -> String {
    let relation = edge.relation.replace('_', " ");
    if edge.negated {
        format!("not {relation}")
    } else {
        relation
    }
}

#[cfg(test)]
mod roundtrip_tests;
