//! `actorgraph report`: the graph as a self-contained HTML page (diagram, legend, claims,
//! evidence, articles) or as Markdown.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::graph_input::{ClusterBy, clustering, default_title, extension_of, load_view, write_output};
use super::view::{GraphArgs, ViewArgs};
use super::{CliError, Verbosity, exit};
use actorgraph::report::{html, markdown};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Html,
    Md,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: GraphArgs,
    /// Which part of the graph: --focus/--depth, --relation, --since/--until, --roll-up,
    /// --min-articles.
    #[command(flatten)]
    pub view: ViewArgs,
    /// The output format (default: from the output file's extension, else HTML).
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// Where the report goes; `-` is standard output.
    #[arg(short, long, default_value = "report.html")]
    pub output: PathBuf,
    /// The report's title (default: the graph file's name).
    #[arg(long)]
    pub title: Option<String>,
    /// Group actors in the diagram: by kind, or by bloc.
    #[arg(long, value_enum)]
    pub cluster: Option<ClusterBy>,
}

pub fn run(args: ReportArgs, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    let format = match (args.format, extension_of(&args.output).as_deref()) {
        (Some(format), _) => format,
        (None, Some("md" | "markdown")) => ReportFormat::Md,
        (None, _) => ReportFormat::Html,
    };
    let graph = load_view(&args.input, &args.view)?;
    let title = args.title.clone().unwrap_or_else(|| default_title(&args.input));
    let text = match format {
        ReportFormat::Md => markdown::to_markdown(&graph, &title),
        ReportFormat::Html => html::render_report(
            &graph,
            &html::ReportOptions {
                title,
                clustering: clustering(args.cluster),
            },
        )?,
    };
    write_output(&args.output, text.as_bytes())?;
    if verbosity == Verbosity::Verbose {
        eprintln!(
            "report of {} claims -> {}",
            graph.graph.edge_count(),
            args.output.display()
        );
    }
    Ok(ExitCode::from(exit::OK))
}
