//! `actorgraph export`: the graph (or a view of it) in the formats other tools load — GraphML
//! (Gephi, yEd, NetworkX), GEXF (Gephi), CSV for neo4j-admin, Cytoscape.js JSON, PETRARCH-style
//! event rows — and DOT and the graph JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::graph_input::{ClusterBy, clustering, default_title, load_view, write_output};
use super::view::{GraphArgs, ViewArgs};
use super::{CliError, Verbosity, exit};
use actorgraph::export::dot::{self, DotOptions};
use actorgraph::export::{csv, cytoscape, events, gexf, graphml};
use actorgraph::graph::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// GraphML with typed attributes (Gephi, yEd, NetworkX, igraph).
    Graphml,
    /// GEXF 1.3 (Gephi).
    Gexf,
    /// A directory with nodes.csv and edges.csv for `neo4j-admin database import`.
    Csv,
    /// Cytoscape.js elements JSON (also Cytoscape desktop).
    Cytoscape,
    /// Graphviz DOT, styled as `render` draws it.
    Dot,
    /// The graph JSON contract.
    Json,
    /// PETRARCH-style event rows (CSV): date, source, target, CAMEO code, article...
    Events,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub input: GraphArgs,
    /// Which part of the graph: --focus/--depth, --relation, --since/--until, --roll-up,
    /// --min-articles.
    #[command(flatten)]
    pub view: ViewArgs,
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Where it goes: a file (`-` for standard output), or for csv a directory.
    #[arg(short, long)]
    pub output: PathBuf,
    /// For dot: group actors in boxes by kind or by bloc.
    #[arg(long, value_enum)]
    pub cluster: Option<ClusterBy>,
}

pub fn run(args: ExportArgs, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    let graph = load_view(&args.input, &args.view)?;
    let title = default_title(&args.input);
    match args.format {
        ExportFormat::Csv => {
            if args.output.as_os_str() == "-" {
                return Err(CliError::Usage(
                    "csv export writes two files (nodes.csv, edges.csv): give a directory with -o".to_string(),
                ));
            }
            csv::write_csv_dir(&graph, &args.output)?;
        }
        format => {
            let text = match format {
                ExportFormat::Graphml => graphml::to_graphml(&graph),
                ExportFormat::Gexf => gexf::to_gexf(&graph, &title),
                ExportFormat::Cytoscape => cytoscape::to_cytoscape(&graph),
                ExportFormat::Json => json::to_json(&graph),
                ExportFormat::Events => events::to_event_rows(&graph),
                ExportFormat::Dot | ExportFormat::Csv => {
                    let mut options = DotOptions::titled(&title);
                    options.clustering = clustering(args.cluster);
                    dot::to_dot_with(&graph, &options)
                }
            };
            write_output(&args.output, text.as_bytes())?;
        }
    }
    if verbosity == Verbosity::Verbose {
        eprintln!(
            "{} nodes, {} claims -> {}",
            graph.graph.node_count(),
            graph.graph.edge_count(),
            args.output.display()
        );
    }
    Ok(ExitCode::from(exit::OK))
}
