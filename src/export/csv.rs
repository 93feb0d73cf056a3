//! CSV for Neo4j's bulk importer: `nodes.csv` and `edges.csv` with neo4j-admin's header
//! conventions (`id:ID`, `:LABEL`, `:START_ID`, `:END_ID`, `:TYPE`, typed properties such as
//! `articles:int`), so one command loads the graph:
//!
//! ```text
//! neo4j-admin database import full --nodes=nodes.csv --relationships=edges.csv neo4j
//! ```
//!
//! Every actor has the label `Actor` plus its kind (`Actor;Country`); every claim's type is its
//! family in upper case (`COOPERATES_WITH`) with the finer relation as a property. Arrays use
//! neo4j-admin's default delimiter `;`. An empty field is no property (a null in the JSON).

use std::path::Path;

use super::ExportError;
use super::write::write_atomic;
use crate::graph::ActorGraph;
use crate::rules::schema::ActorKind;

/// The header of `nodes.csv`.
pub const NODE_HEADER: &[&str] = &[
    "id:ID",
    ":LABEL",
    "label",
    "kind",
    "code",
    "aliases:string[]",
    "affiliation",
];

/// The header of `edges.csv`.
pub const EDGE_HEADER: &[&str] = &[
    ":START_ID",
    ":END_ID",
    ":TYPE",
    "id",
    "relation",
    "family",
    "polarity",
    "negated:boolean",
    "modality",
    "date",
    "cameo",
    "articles:int",
    "evidence:int",
    "first_evidence",
    "first_article",
];

/// The file names inside the output directory.
pub const NODES_FILE: &str = "nodes.csv";
pub const EDGES_FILE: &str = "edges.csv";

fn neo4j_label(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Country => "Country",
        ActorKind::Organization => "Organization",
        ActorKind::Person => "Person",
        ActorKind::Event => "Event",
        ActorKind::Place => "Place",
        ActorKind::Media => "Media",
        ActorKind::Other => "Other",
    }
}

/// The two files' contents: (nodes.csv, edges.csv).
pub fn to_csv(graph: &ActorGraph) -> (String, String) {
    let mut nodes = csv::Writer::from_writer(Vec::new());
    write_row(&mut nodes, NODE_HEADER.iter().map(|s| s.to_string()));
    for node in graph.nodes() {
        // The array delimiter cannot appear inside an element.
        let aliases: Vec<String> = node.aliases.iter().map(|a| a.replace(';', ",")).collect();
        write_row(
            &mut nodes,
            [
                node.id.clone(),
                format!("Actor;{}", neo4j_label(node.kind)),
                node.label.clone(),
                node.kind.as_str().to_string(),
                node.code.clone().unwrap_or_default(),
                aliases.join(";"),
                node.affiliation.clone().unwrap_or_default(),
            ],
        );
    }
    let mut edges = csv::Writer::from_writer(Vec::new());
    write_row(&mut edges, EDGE_HEADER.iter().map(|s| s.to_string()));
    for edge in graph.edges() {
        let first = edge.evidence.first();
        write_row(
            &mut edges,
            [
                edge.source.clone(),
                edge.target.clone(),
                edge.family.as_str().to_uppercase(),
                edge.id.clone(),
                edge.relation.clone(),
                edge.family.as_str().to_string(),
                edge.polarity.as_str().to_string(),
                edge.negated.to_string(),
                edge.modality.as_str().to_string(),
                edge.date.map(|d| d.to_string()).unwrap_or_default(),
                edge.cameo.clone().unwrap_or_default(),
                edge.article_count().to_string(),
                edge.evidence.len().to_string(),
                first.map(|e| e.text.clone()).unwrap_or_default(),
                first.map(|e| e.article.clone()).unwrap_or_default(),
            ],
        );
    }
    (finish(nodes), finish(edges))
}

fn write_row(writer: &mut csv::Writer<Vec<u8>>, row: impl IntoIterator<Item = String>) {
    writer
        .write_record(row.into_iter().collect::<Vec<_>>())
        .expect("writing to memory cannot fail");
}

fn finish(writer: csv::Writer<Vec<u8>>) -> String {
    let bytes = writer.into_inner().expect("writing to memory cannot fail");
    String::from_utf8(bytes).expect("every field is UTF-8")
}

/// Writes `nodes.csv` and `edges.csv` into `dir` (created if needed), each atomically.
pub fn write_csv_dir(graph: &ActorGraph, dir: &Path) -> Result<(), ExportError> {
    let (nodes, edges) = to_csv(graph);
    for (name, contents) in [(NODES_FILE, nodes), (EDGES_FILE, edges)] {
        let path = dir.join(name);
        write_atomic(&path, contents.as_bytes()).map_err(|source| ExportError::Write {
            format: "csv",
            path,
            source,
        })?;
    }
    Ok(())
}
