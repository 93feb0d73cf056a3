//! `actorgraph assemble FILE...`: claim streams written by `actorgraph extract` (files, or stdin)
//! merged into one graph, written as DOT and JSON exactly as `build` writes it: the reduce step of
//! a distributed build.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{CliError, Verbosity, exit};
use actorgraph::extract::stream::read_records;
use actorgraph::graph::Assembler;

#[derive(Debug, Args)]
pub struct AssembleArgs {
    /// Claim streams (JSON Lines from `actorgraph extract`), merged in the order given; none or
    /// `-` reads stdin.
    pub files: Vec<PathBuf>,
    /// Where the graph files go.
    #[arg(long, default_value = "graphs")]
    pub out: PathBuf,
    /// The graph's file name, without extension.
    #[arg(long, default_value = "kazakhstan")]
    pub name: String,
}

pub fn run(args: AssembleArgs, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    let mut files = args.files;
    if files.is_empty() {
        files.push(PathBuf::from("-"));
    }
    let mut assembler = Assembler::new();
    let mut problems = 0usize;
    for file in &files {
        let reader: Box<dyn BufRead> = if file == Path::new("-") {
            Box::new(BufReader::with_capacity(1 << 20, std::io::stdin().lock()))
        } else {
            let opened = File::open(file).map_err(|source| CliError::Read {
                path: file.clone(),
                source,
            })?;
            Box::new(BufReader::with_capacity(1 << 20, opened))
        };
        let name = if file == Path::new("-") {
            Path::new("<stdin>")
        } else {
            file.as_path()
        };
        for record in read_records(name, reader) {
            match record {
                Ok(record) => assembler.add_record(record),
                Err(problem) => {
                    problems += 1;
                    if verbosity != Verbosity::Quiet {
                        eprintln!("warning: {problem}");
                    }
                }
            }
        }
    }
    let claims = assembler.claim_count();
    let graph = assembler.finish();
    let (dot_path, json_path) = super::build::write_graph(&graph, &args.out, &args.name)?;
    if verbosity != Verbosity::Quiet {
        eprintln!(
            "{} claim file(s), {claims} claims -> {} nodes, {} edges; wrote {} and {}",
            files.len(),
            graph.graph.node_count(),
            graph.graph.edge_count(),
            dot_path.display(),
            json_path.display()
        );
    }
    Ok(ExitCode::from(if problems == 0 { exit::OK } else { exit::PARTIAL }))
}
