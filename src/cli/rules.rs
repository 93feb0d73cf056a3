//! `actorgraph rules check` and `actorgraph rules test`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use super::{CliError, Verbosity, exit};
use actorgraph::extract::examples;
use actorgraph::rules::{self, Rulebook};

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Report every problem in the rule files, with file, line and column.
    Check {
        #[arg(long, default_value = "data/rules")]
        rules: PathBuf,
    },
    /// Run every rule's examples and counter-examples.
    Test {
        #[arg(long, default_value = "data/rules")]
        rules: PathBuf,
    },
}

pub fn run(command: RulesCommand, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    match command {
        RulesCommand::Check { rules } => check(&rules, verbosity),
        RulesCommand::Test { rules } => test(&rules, verbosity),
    }
}

fn check(path: &Path, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    let (rulebook, diagnostics) = rules::load_rulebook(path);
    for diagnostic in &diagnostics {
        if verbosity != Verbosity::Quiet || diagnostic.is_error() {
            eprintln!("{diagnostic}");
        }
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if verbosity != Verbosity::Quiet {
        if let Some(rulebook) = &rulebook {
            eprintln!(
                "{} actors, {} titles, {} relations, {} patterns: {errors} error(s), {warnings} warning(s)",
                rulebook.actors.len(),
                rulebook.titles.len(),
                rulebook.relations.len(),
                rulebook.patterns.len()
            );
        } else {
            eprintln!("{errors} error(s), {warnings} warning(s)");
        }
    }
    Ok(ExitCode::from(if errors > 0 { exit::ERROR } else { exit::OK }))
}

fn test(path: &Path, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    let rulebook = load_or_explain(path, verbosity)?;
    let report = examples::run_examples(&rulebook);
    for failure in &report.failures {
        println!("{failure}\n");
    }
    if verbosity != Verbosity::Quiet {
        println!("{} example(s) passed, {} failed", report.passed, report.failures.len());
    }
    Ok(ExitCode::from(if report.failures.is_empty() {
        exit::OK
    } else {
        exit::ERROR
    }))
}

/// Loads the rulebook, printing warnings (unless quiet); on errors, one line pointing to
/// `rules check`.
pub fn load_or_explain(path: &Path, verbosity: Verbosity) -> Result<Rulebook, CliError> {
    let (rulebook, diagnostics) = rules::load_rulebook(path);
    if verbosity == Verbosity::Verbose {
        for diagnostic in diagnostics.iter().filter(|d| !d.is_error()) {
            eprintln!("{diagnostic}");
        }
    }
    rulebook.ok_or_else(|| CliError::Rules {
        errors: diagnostics.iter().filter(|d| d.is_error()).count().max(1),
        path: path.to_path_buf(),
    })
}
