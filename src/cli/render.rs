//! `actorgraph render`: the graph as a diagram — DOT, or SVG/PNG through Graphviz's `dot`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::graph_input::{ClusterBy, clustering, default_title, extension_of, load_view, write_output};
use super::view::{GraphArgs, ViewArgs};
use super::{CliError, Verbosity, exit};
use actorgraph::export::dot::{self, DotOptions};
use actorgraph::export::svg::{self, ImageFormat};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagramFormat {
    Svg,
    Png,
    Dot,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub input: GraphArgs,
    /// Which part of the graph: --focus/--depth, --relation, --since/--until, --roll-up,
    /// --min-articles.
    #[command(flatten)]
    pub view: ViewArgs,
    /// The output format (default: from the output file's extension, else SVG).
    #[arg(long, value_enum)]
    pub format: Option<DiagramFormat>,
    /// Where the diagram goes; `-` is standard output.
    #[arg(short, long, default_value = "-")]
    pub output: PathBuf,
    /// Group actors in boxes: by kind, or by bloc (persons with their state, members with their
    /// organisation).
    #[arg(long, value_enum)]
    pub cluster: Option<ClusterBy>,
    /// The title at the top (default: the graph file's name).
    #[arg(long)]
    pub title: Option<String>,
    /// Leave out the legend.
    #[arg(long)]
    pub no_legend: bool,
}

pub fn run(args: RenderArgs, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    let format = match (args.format, extension_of(&args.output).as_deref()) {
        (Some(format), _) => format,
        (None, Some("png")) => DiagramFormat::Png,
        (None, Some("dot" | "gv")) => DiagramFormat::Dot,
        (None, _) => DiagramFormat::Svg,
    };
    let graph = load_view(&args.input, &args.view)?;
    let options = DotOptions {
        title: args.title.clone().unwrap_or_else(|| default_title(&args.input)),
        clustering: clustering(args.cluster),
        legend: !args.no_legend,
        wrap: Some(dot::WRAP_WIDTH),
    };
    let dot_text = dot::to_dot_with(&graph, &options);
    let bytes = match format {
        DiagramFormat::Dot => dot_text.into_bytes(),
        DiagramFormat::Svg => svg::render(&dot_text, ImageFormat::Svg)?,
        DiagramFormat::Png => svg::render(&dot_text, ImageFormat::Png)?,
    };
    write_output(&args.output, &bytes)?;
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
