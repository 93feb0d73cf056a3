//! The command line: one file per subcommand, each turning its arguments into library calls.

pub mod assemble;
pub mod build;
pub mod error;
pub mod extract;
pub mod progress;
pub mod rules;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use error::CliError;

/// Exit statuses, like grep's: 0 done (or matched), 1 nothing matched, 2 error, 3 done but some
/// input was skipped or damaged.
pub mod exit {
    pub const OK: u8 = 0;
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
    match cli.command {
        Command::Build(args) => build::run(args, verbosity),
        Command::Extract(args) => extract::run(args, verbosity),
        Command::Assemble(args) => assemble::run(args, verbosity),
        Command::Rules(command) => rules::run(command, verbosity),
    }
}
