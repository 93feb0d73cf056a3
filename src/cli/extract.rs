//! `actorgraph extract`: articles as JSON Lines on stdin, claims as JSON Lines on stdout (see
//! `actorgraph::extract::stream`), in constant memory: the map step of a distributed build.

use std::io::{BufReader, BufWriter};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use super::progress::{Progress, input_size};
use super::{CliError, Verbosity, exit};
use actorgraph::corpus::{self, InputWarning};
use actorgraph::extract::stream::ClaimWriter;
use actorgraph::pipeline::{self, RunStats};

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// A directory of rule packs (searched recursively) or one rule file.
    #[arg(long, default_value = "data/rules")]
    pub rules: PathBuf,
    /// Articles to read instead of stdin: a directory of .txt files, a .csv or a .jsonl file.
    #[arg(long)]
    pub articles: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
}

pub fn run(args: ExtractArgs, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    super::build::set_threads(args.threads);
    let started = Instant::now();
    let rulebook = super::rules::load_or_explain(&args.rules, verbosity)?;
    let compiled = started.elapsed();
    let (source, total): (Box<dyn Iterator<Item = corpus::Loaded> + Send>, _) = match &args.articles {
        Some(path) => (corpus::source::open(path)?, input_size(path)),
        None => {
            // `Stdin` (not its lock) is `Send`, as the source must be; the read buffer is ours.
            let stdin = BufReader::with_capacity(1 << 20, std::io::stdin());
            (Box::new(corpus::source::json_lines("<stdin>".into(), stdin)), None)
        }
    };
    // `Stdout` rather than its lock: the sink runs on a worker thread (see the pipeline).
    let stdout = std::io::stdout();
    let mut writer = ClaimWriter::new(BufWriter::with_capacity(1 << 20, stdout));
    let mut warnings: Vec<InputWarning> = Vec::new();
    let mut stats = RunStats::default();
    let progress = Progress::new(verbosity, total);
    let extracting = Instant::now();
    let written = pipeline::for_each_extraction(
        &rulebook,
        source,
        &mut warnings,
        &mut stats,
        |extraction| writer.write(&extraction),
        &mut |stats| progress.update(stats),
    )
    .and_then(|()| writer.finish().map(drop));
    progress.finish();
    match written {
        // The reader went away (`extract | head`): nothing more is wanted, as with grep.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::from(exit::OK)),
        Err(source) => {
            return Err(CliError::Stdout {
                what: "claims".into(),
                source,
            });
        }
        Ok(()) => {}
    }
    if verbosity != Verbosity::Quiet {
        for warning in &warnings {
            eprintln!("{warning}");
        }
    }
    if verbosity == Verbosity::Verbose {
        let seconds = extracting.elapsed().as_secs_f64();
        eprintln!(
            "rules compiled in {:.2} s; {} articles ({} skipped), {:.1} MB, {} sentences, {} claims in {seconds:.2} s \
             ({:.1} MB/s)",
            compiled.as_secs_f64(),
            stats.articles,
            stats.skipped,
            stats.bytes as f64 / 1e6,
            stats.sentences,
            stats.claims,
            stats.bytes as f64 / 1e6 / seconds.max(1e-9)
        );
    }
    Ok(ExitCode::from(if warnings.is_empty() {
        exit::OK
    } else {
        exit::PARTIAL
    }))
}
