//! The `actorgraph` command: parse arguments, run, map errors to exit codes.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// Extraction allocates small vectors and strings per sentence, assembly per claim; with glibc's
/// malloc, allocating and freeing was about a sixth of all instructions (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    actorgraph::allocator::keep_freed_memory();
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(cli::exit::ERROR)
        }
    }
}
