//! `actorgraph build`: rules and articles in, `graphs/<name>.dot` and `.json` out, with the
//! binary snapshot `.bin` beside the JSON for loading large graphs fast.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use super::progress::{Progress, input_size};
use super::{CliError, Verbosity, exit};
use actorgraph::export::dot;
use actorgraph::export::write::Staged;
use actorgraph::graph::{ActorGraph, file, json, snapshot};
use actorgraph::pipeline;

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// A directory of rule packs (searched recursively) or one rule file.
    #[arg(long, default_value = "data/rules")]
    pub rules: PathBuf,
    /// A directory of .txt articles (with manifest.ron), a .csv or a .jsonl file.
    #[arg(long, default_value = "data/articles")]
    pub articles: PathBuf,
    /// Where the graph files go.
    #[arg(long, default_value = "graphs")]
    pub out: PathBuf,
    /// The graph's file name, without extension.
    #[arg(long, default_value = "kazakhstan")]
    pub name: String,
    /// Worker threads (default: one per core).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// Sizes rayon's global pool (before any parallel work).
pub fn set_threads(threads: Option<usize>) {
    if let Some(threads) = threads {
        // Only fails when a pool already exists, which a fresh process never has.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(threads).build_global();
    }
}

pub fn run(args: BuildArgs, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    set_threads(args.threads);
    let started = Instant::now();
    let rulebook = super::rules::load_or_explain(&args.rules, verbosity)?;
    let compiled = Instant::now();
    let progress = Progress::new(verbosity, input_size(&args.articles));
    let outcome = pipeline::build(&rulebook, &args.articles, &mut |stats| progress.update(stats));
    progress.finish();
    let outcome = outcome?;
    let extracted = Instant::now();
    if verbosity != Verbosity::Quiet {
        for warning in &outcome.warnings {
            eprintln!("{warning}");
        }
    }
    let (dot_path, json_path) = write_graph(&outcome.graph, &args.out, &args.name)?;
    let written = Instant::now();
    if verbosity != Verbosity::Quiet {
        let stats = outcome.stats;
        eprintln!(
            "{} articles ({} skipped), {} sentences, {} claims -> {} nodes, {} edges; wrote {} and {}",
            stats.articles,
            stats.skipped,
            stats.sentences,
            stats.claims,
            outcome.graph.graph.node_count(),
            outcome.graph.graph.edge_count(),
            dot_path.display(),
            json_path.display()
        );
    }
    if verbosity == Verbosity::Verbose {
        let seconds = (extracted - compiled).as_secs_f64();
        eprintln!(
            "rules {:.2} s; extraction and assembly {seconds:.2} s ({:.1} MB/s, {:.0} sentences/s); export {:.2} s",
            (compiled - started).as_secs_f64(),
            outcome.stats.bytes as f64 / 1e6 / seconds.max(1e-9),
            outcome.stats.sentences as f64 / seconds.max(1e-9),
            (written - extracted).as_secs_f64()
        );
    }
    Ok(ExitCode::from(if outcome.warnings.is_empty() {
        exit::OK
    } else {
        exit::PARTIAL
    }))
}

/// Writes `<out>/<name>.json`, the snapshot `<out>/<name>.bin` beside it, and `<out>/<name>.dot`
/// as one: all three are written to temporary files first and put in place only when all were
/// written, so a failed run leaves the previous three as they were. Returns the DOT and JSON
/// paths.
pub fn write_graph(graph: &ActorGraph, out: &Path, name: &str) -> Result<(PathBuf, PathBuf), CliError> {
    let dot_path = out.join(format!("{name}.dot"));
    let json_path = out.join(format!("{name}.json"));
    // The snapshot loads a large graph in a fraction of the JSON's time; `--graph` takes either.
    let snapshot_path = file::snapshot_path(&json_path);
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source| CliError::Write { path, source }
    };
    // Both texts are streamed into their files: a large graph's are hundreds of megabytes.
    let staged = [
        Staged::write(&json_path, |out| json::write_json(graph, out)).map_err(failed(&json_path))?,
        Staged::write(&snapshot_path, |out| out.write_all(&snapshot::to_snapshot(graph)))
            .map_err(failed(&snapshot_path))?,
        Staged::write(&dot_path, |out| dot::write_dot(graph, name, out)).map_err(failed(&dot_path))?,
    ];
    for file in staged {
        let path = file.path().to_path_buf();
        file.put_in_place().map_err(failed(&path))?;
    }
    Ok((dot_path, json_path))
}
