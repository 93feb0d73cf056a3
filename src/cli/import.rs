//! `actorgraph import phoenix`: converts the Phoenix dictionaries of the PETRARCH2 event coder
//! into rule packs, reporting every line it could not convert.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use super::{CliError, Verbosity, exit};
use actorgraph::import::phoenix::{self, FileStats, Outcome, PhoenixImport};

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Convert the Phoenix actor and agent dictionaries (PETRARCH2) into RON rule packs.
    Phoenix {
        /// The dictionary files (`*.actors.txt`, `*agents*.txt`), converted together because
        /// they refer to each other.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The directory to write the packs to, one `.ron` per input file.
        #[arg(short, long)]
        out: PathBuf,
    },
}

pub fn run(command: ImportCommand, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    match command {
        ImportCommand::Phoenix { files, out } => import_phoenix(&files, &out, verbosity),
    }
}

fn import_phoenix(files: &[PathBuf], out: &Path, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    let dictionaries = phoenix::read_dictionaries(files)?;
    let import = phoenix::import(&dictionaries)?;
    for problem in &import.problems {
        // A line left out is always shown; a repaired one only when not asked to be quiet.
        if problem.outcome() == Outcome::NotConverted || verbosity != Verbosity::Quiet {
            eprintln!("{problem}");
        }
    }
    let written = phoenix::write_packs(&import, out)?;
    if verbosity != Verbosity::Quiet {
        for (pack, path) in import.packs.iter().zip(&written) {
            eprintln!("{}: {}", path.display(), describe(&pack.stats));
        }
        eprintln!("{}", summary(&import));
    }
    Ok(ExitCode::from(if import.not_converted() > 0 {
        exit::PARTIAL
    } else {
        exit::OK
    }))
}

fn describe(stats: &FileStats) -> String {
    let kinds: Vec<String> = stats
        .actors_by_kind
        .iter()
        .map(|(kind, count)| format!("{count} {kind}"))
        .collect();
    let actors: usize = stats.actors_by_kind.values().sum();
    format!(
        "{} entries -> {actors} actors ({}), {} aliases, {} roles, {} titles; {} entries merged into another",
        stats.entries,
        if kinds.is_empty() {
            "none".to_string()
        } else {
            kinds.join(", ")
        },
        stats.aliases,
        stats.roles,
        stats.titles,
        stats.merged_entries
    )
}

fn summary(import: &PhoenixImport) -> String {
    let total = |count: fn(&FileStats) -> usize| import.packs.iter().map(|p| count(&p.stats)).sum::<usize>();
    format!(
        "{} actors, {} aliases, {} roles, {} titles; {} line(s) not converted, {} repaired; \
         {} alias spelling(s) name two or more actors (`rules check` warns about each); \
         {} stem phrase(s) now match whole words only",
        total(|s| s.actors_by_kind.values().sum()),
        total(|s| s.aliases),
        total(|s| s.roles),
        total(|s| s.titles),
        import.not_converted(),
        import.repaired(),
        import.shared_aliases,
        total(|s| s.stems),
    )
}
