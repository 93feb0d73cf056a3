//! `actorgraph summary [NAME]`: per pair of actors, how many cooperative and conflictual claims
//! link them and their net Goldstein score, most active pairs first.

use std::process::ExitCode;

use clap::Args;

use super::show;
use super::table::Table;
use super::view::GraphArgs;
use super::{CliError, Verbosity, exit};
use actorgraph::date::PartialDate;
use actorgraph::graph::summary::summarize;
use actorgraph::graph::{Selection, resolve_in_view, select_from};

#[derive(Debug, Args)]
pub struct SummaryArgs {
    /// Only the pairs this actor is part of (an id, label or alias).
    pub name: Option<String>,
    /// Count A→B and B→A as two pairs.
    #[arg(long)]
    pub directed: bool,
    /// Only this relation family or finer relation; repeat for several.
    #[arg(long = "relation", value_name = "REL")]
    pub relations: Vec<String>,
    /// Only evidence dated on or after DATE.
    #[arg(long, value_name = "DATE")]
    pub since: Option<PartialDate>,
    /// Only evidence dated on or before DATE.
    #[arg(long, value_name = "DATE")]
    pub until: Option<PartialDate>,
    /// Count persons as the state or organisation they act for at each claim's date, as
    /// event-data analysts count dyads.
    #[arg(long)]
    pub roll_up: bool,
    /// At most this many pairs (0: all).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub limit: usize,
    #[command(flatten)]
    pub input: GraphArgs,
}

pub fn run(args: SummaryArgs, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    let graph = args.input.load()?;
    let actor = match &args.name {
        Some(name) => Some(resolve_in_view(&graph, name, args.roll_up)?),
        None => None,
    };
    let selection = Selection {
        involving: actor.iter().cloned().collect(),
        relations: args.relations,
        since: args.since,
        until: args.until,
        roll_up: args.roll_up,
        ..Selection::default()
    };
    let view = select_from(&graph, &selection)?;
    let mut pairs = summarize(&view, actor.as_deref(), args.directed);
    if args.limit > 0 {
        pairs.truncate(args.limit);
    }
    if pairs.is_empty() {
        if verbosity != Verbosity::Quiet {
            eprintln!("no claims to summarise");
        }
        return Ok(ExitCode::from(exit::NO_MATCH));
    }
    let link = if args.directed { "→" } else { "–" };
    let mut table = Table::new(&["pair", "claims", "cooperation", "conflict", "goldstein"]).numeric(&[1, 2, 3, 4]);
    for pair in &pairs {
        table.row(vec![
            format!("{} {link} {}", view.label_of(&pair.first), view.label_of(&pair.second)),
            pair.claims.to_string(),
            pair.cooperation.to_string(),
            pair.conflict.to_string(),
            format!("{:+.1}", pair.score),
        ]);
    }
    show::print(&table.to_string())?;
    Ok(ExitCode::from(exit::OK))
}
