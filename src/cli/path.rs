//! `actorgraph path A B`: the shortest chains of claims between two actors. Edges count both
//! ways for reaching, and each hop is printed in its own direction with its first evidence.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::Args;

use super::show::{self, hop_arrow, plural};
use super::view::GraphArgs;
use super::{CliError, Verbosity, exit};
use actorgraph::graph::paths::shortest_paths;
use actorgraph::graph::{GraphSource, Selection, resolve_in_view, select_between};

#[derive(Debug, Args)]
pub struct PathArgs {
    /// Where the path starts: an id, a label or an alias.
    pub from: String,
    /// Where it ends.
    pub to: String,
    /// Only through this relation family or finer relation; repeat for several.
    #[arg(long = "relation", value_name = "REL")]
    pub relations: Vec<String>,
    /// Count persons as the state or organisation they act for at each claim's date.
    #[arg(long)]
    pub roll_up: bool,
    /// At most this many paths.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,
    #[command(flatten)]
    pub input: GraphArgs,
}

pub fn run(args: PathArgs, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    let graph = args.input.load()?;
    let from = resolve_in_view(&graph, &args.from, args.roll_up)?;
    let to = resolve_in_view(&graph, &args.to, args.roll_up)?;
    let selection = Selection {
        relations: args.relations,
        roll_up: args.roll_up,
        ..Selection::default()
    };
    // Only the edges on the shortest paths are read whole.
    let view = select_between(&graph, &selection, &from, &to)?;
    let paths = match (view.index.get(&from), view.index.get(&to)) {
        (Some(&a), Some(&b)) => shortest_paths(&view, a, b, args.limit),
        _ => Vec::new(),
    };
    let (from_label, to_label) = (graph.label_of(&from), graph.label_of(&to));
    let Some(hops) = paths.first().map(Vec::len) else {
        if verbosity != Verbosity::Quiet {
            eprintln!("no path from {from_label} to {to_label}");
        }
        return Ok(ExitCode::from(exit::NO_MATCH));
    };
    let mut out = format!(
        "{} of {} from {from_label} to {to_label}\n",
        plural(paths.len(), "shortest path", "shortest paths"),
        plural(hops, "hop", "hops")
    );
    for (number, path) in paths.iter().enumerate() {
        let mut chain = from_label.to_string();
        for hop in path {
            let claim = &hop.claims[0];
            let _ = write!(chain, " {} {}", hop_arrow(claim, &hop.from.id), hop.to.label);
        }
        let _ = writeln!(out, "\n{}. {chain}", number + 1);
        for hop in path {
            for claim in &hop.claims {
                let _ = writeln!(
                    out,
                    "   {} {} {}  ({}) {}",
                    hop.from.label,
                    hop_arrow(claim, &hop.from.id),
                    hop.to.label,
                    plural(claim.article_count(), "article", "articles"),
                    show::quote(claim.first_evidence())
                );
            }
        }
    }
    show::print(&out)?;
    Ok(ExitCode::from(exit::OK))
}
