//! `actorgraph neighbors NAME`: who lies within a few hops of an actor, and the claims that
//! reach each one from a node one hop nearer.

use std::process::ExitCode;

use clap::Args;

use super::show::{self, claim_arrow};
use super::table::Table;
use super::view::GraphArgs;
use super::{CliError, Verbosity, exit};
use actorgraph::date::PartialDate;
use actorgraph::graph::paths::neighbours;
use actorgraph::graph::{GraphSource, Selection, resolve_in_view, select_layers};

#[derive(Debug, Args)]
pub struct NeighborsArgs {
    /// The actor: an id, a label or an alias.
    pub name: String,
    /// How many hops out, edges taken both ways.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub depth: usize,
    /// Only through this relation family or finer relation; repeat for several.
    #[arg(long = "relation", value_name = "REL")]
    pub relations: Vec<String>,
    /// Only claims with evidence dated on or after DATE.
    #[arg(long, value_name = "DATE")]
    pub since: Option<PartialDate>,
    /// Only claims with evidence dated on or before DATE.
    #[arg(long, value_name = "DATE")]
    pub until: Option<PartialDate>,
    /// Count persons as the state or organisation they act for at each claim's date.
    #[arg(long)]
    pub roll_up: bool,
    #[command(flatten)]
    pub input: GraphArgs,
}

pub fn run(args: NeighborsArgs, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    let graph = args.input.load()?;
    let id = resolve_in_view(&graph, &args.name, args.roll_up)?;
    let selection = Selection {
        relations: args.relations,
        since: args.since,
        until: args.until,
        roll_up: args.roll_up,
        focus: Some(id.clone()),
        depth: args.depth,
        ..Selection::default()
    };
    // Only the edges that lead one hop further are read: around a busy actor, the ties among its
    // neighbours are most of the graph.
    let view = select_layers(&graph, &selection)?;
    let found = view
        .index
        .get(&id)
        .map(|&node| neighbours(&view, node, args.depth))
        .unwrap_or_default();
    if found.is_empty() {
        if verbosity != Verbosity::Quiet {
            eprintln!("{} has no neighbours here", graph.label_of(&id));
        }
        return Ok(ExitCode::from(exit::NO_MATCH));
    }
    let mut table = Table::new(&["depth", "actor", "kind", "through", "articles"]).numeric(&[0, 4]);
    for neighbour in &found {
        for (i, claim) in neighbour.via.iter().enumerate() {
            let first = i == 0;
            table.row(vec![
                if first {
                    neighbour.depth.to_string()
                } else {
                    String::new()
                },
                if first {
                    neighbour.node.label.clone()
                } else {
                    String::new()
                },
                if first {
                    neighbour.node.kind.as_str().to_string()
                } else {
                    String::new()
                },
                claim_arrow(&view, claim),
                claim.article_count().to_string(),
            ]);
        }
    }
    show::print(&table.to_string())?;
    Ok(ExitCode::from(exit::OK))
}
