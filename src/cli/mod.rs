//! The command line: one file per subcommand, each turning its arguments into library calls.

pub mod assemble;
pub mod build;
pub mod error;
pub mod explain;
pub mod export;
pub mod extract;
pub mod graph_input;
pub mod import;
pub mod neighbors;
pub mod path;
pub mod progress;
pub mod query;
pub mod render;
pub mod report;
pub mod rules;
pub mod show;
pub mod summary;
pub mod table;
pub mod timeline;
pub mod view;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use error::CliError;

/// Exit statuses, like grep's: 0 done (or matched), 1 nothing matched, 2 error, 3 done but some
/// input was skipped or damaged.
pub mod exit {
    pub const OK: u8 = 0;
    pub const NO_MATCH: u8 = 1;
    pub const ERROR: u8 = 2;
    pub const PARTIAL: u8 = 3;
}

#[derive(Debug, Parser)]
#[command(
    name = "actorgraph",
    version,
    about = "Knowledge graphs of political actors from news articles"
)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more about what is happening.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the graph from rules and articles; write DOT and JSON.
    Build(build::BuildArgs),
    /// Extract claims from articles (JSON Lines on stdin) as JSON Lines on stdout.
    Extract(extract::ExtractArgs),
    /// Merge claim files written by `extract` into the graph; write DOT and JSON as `build` does.
    Assemble(assemble::AssembleArgs),
    /// Check rule files, or run their examples.
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Draw the graph: SVG or PNG through Graphviz, or DOT.
    Render(render::RenderArgs),
    /// Write the graph for other tools: GraphML, GEXF, CSV (neo4j-admin), Cytoscape.js, DOT, JSON.
    Export(export::ExportArgs),
    /// Write a report people can read: self-contained HTML (or Markdown) with the diagram,
    /// claims, evidence and articles.
    Report(report::ReportArgs),
    /// Convert other tools' dictionaries into rule packs.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Who did what to whom: the claims that match, as a table, JSON or CSV.
    Query(query::QueryArgs),
    /// Every sentence behind the claims SOURCE REL TARGET, with actors and trigger marked.
    Explain(explain::ExplainArgs),
    /// Who lies within a few hops of an actor, and through which claims.
    Neighbors(neighbors::NeighborsArgs),
    /// The shortest chains of claims between two actors.
    Path(path::PathArgs),
    /// Per pair of actors: cooperative and conflictual claims and their Goldstein score.
    Summary(summary::SummaryArgs),
    /// The claims involving an actor (or a pair) in date order.
    Timeline(timeline::TimelineArgs),
}

/// How chatty the run may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let outcome = match cli.command {
        Command::Build(args) => build::run(args, verbosity),
        Command::Extract(args) => extract::run(args, verbosity),
        Command::Assemble(args) => assemble::run(args, verbosity),
        Command::Rules(command) => rules::run(command, verbosity),
        Command::Render(args) => render::run(args, verbosity),
        Command::Export(args) => export::run(args, verbosity),
        Command::Report(args) => report::run(args, verbosity),
        Command::Import(command) => import::run(command, verbosity),
        Command::Query(args) => query::run(args, verbosity),
        Command::Explain(args) => explain::run(args, verbosity),
        Command::Neighbors(args) => neighbors::run(args, verbosity),
        Command::Path(args) => path::run(args, verbosity),
        Command::Summary(args) => summary::run(args, verbosity),
        Command::Timeline(args) => timeline::run(args, verbosity),
    };
    match outcome {
        Err(err) if err.is_closed_pipe() => Ok(ExitCode::from(exit::OK)),
        other => other,
    }
}
