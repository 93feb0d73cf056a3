//! `actorgraph build`: rules and articles in, `graphs/<name>.dot` and `.json` out, with the
//! binary snapshot `.bin` beside the JSON for loading large graphs fast.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{CliError, Verbosity, exit};
use actorgraph::export::{dot, write::write_atomic};
use actorgraph::graph::{file, json, snapshot};
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

pub fn run(args: BuildArgs, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    if let Some(threads) = args.threads {
        // Only fails when a pool already exists, which a fresh process never has.
        let _ = rayon::ThreadPoolBuilder::new().num_threads(threads).build_global();
    }
    let rulebook = super::rules::load_or_explain(&args.rules, verbosity)?;
    let outcome = pipeline::build(&rulebook, &args.articles, &mut |_| {})?;
    for warning in &outcome.warnings {
        eprintln!("{warning}");
    }
    let dot_path = args.out.join(format!("{}.dot", args.name));
    let json_path = args.out.join(format!("{}.json", args.name));
    let dot_text = dot::to_dot(&outcome.graph, &args.name);
    let json_text = json::to_json(&outcome.graph);
    write_atomic(&json_path, json_text.as_bytes()).map_err(|source| CliError::Write {
        path: json_path.clone(),
        source,
    })?;
    // The snapshot loads a large graph in a fraction of the JSON's time; `--graph` takes either.
    let snapshot_path = file::snapshot_path(&json_path);
    write_atomic(&snapshot_path, &snapshot::to_snapshot(&outcome.graph)).map_err(|source| CliError::Write {
        path: snapshot_path.clone(),
        source,
    })?;
    write_atomic(&dot_path, dot_text.as_bytes()).map_err(|source| CliError::Write {
        path: dot_path.clone(),
        source,
    })?;
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
    Ok(ExitCode::from(if outcome.warnings.is_empty() {
        exit::OK
    } else {
        exit::PARTIAL
    }))
}
