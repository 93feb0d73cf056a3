//! `actorgraph timeline NAME [OTHER]`: the claims involving an actor (or a pair) in date order,
//! one line per claim and evidence date, with polarity, so that a shift shows.

use std::process::ExitCode;

use clap::Args;

use super::show::{self, describe_edge};
use super::table::Table;
use super::view::GraphArgs;
use super::{CliError, Verbosity, exit};
use actorgraph::date::PartialDate;
use actorgraph::graph::select::count_articles;
use actorgraph::graph::timeline::timeline;
use actorgraph::graph::{GraphSource, Selection, resolve_in_view, select_from};

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// The actor: an id, a label or an alias.
    pub name: String,
    /// Only the claims between NAME and this actor, either way.
    pub other: Option<String>,
    /// Only this relation family or finer relation; repeat for several.
    #[arg(long = "relation", value_name = "REL")]
    pub relations: Vec<String>,
    /// Only evidence dated on or after DATE.
    #[arg(long, value_name = "DATE")]
    pub since: Option<PartialDate>,
    /// Only evidence dated on or before DATE.
    #[arg(long, value_name = "DATE")]
    pub until: Option<PartialDate>,
    /// Count persons as the state or organisation they act for at each claim's date.
    #[arg(long)]
    pub roll_up: bool,
    #[command(flatten)]
    pub input: GraphArgs,
}

pub fn run(args: TimelineArgs, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    let graph = args.input.load()?;
    let actor = resolve_in_view(&graph, &args.name, args.roll_up)?;
    let other = match &args.other {
        Some(name) => Some(resolve_in_view(&graph, name, args.roll_up)?),
        None => None,
    };
    // Only the edges at either actor are read: a timeline of one actor in a large graph stays
    // quick.
    let selection = Selection {
        involving: std::iter::once(actor.clone()).chain(other.clone()).collect(),
        relations: args.relations,
        since: args.since,
        until: args.until,
        roll_up: args.roll_up,
        ..Selection::default()
    };
    let view = select_from(&graph, &selection)?;
    let entries = timeline(&view, &actor, other.as_deref());
    if entries.is_empty() {
        if verbosity != Verbosity::Quiet {
            eprintln!("no claims involve {}", graph.label_of(&actor));
        }
        return Ok(ExitCode::from(exit::NO_MATCH));
    }
    let mut table = Table::new(&[
        "date", "source", "relation", "target", "polarity", "articles", "evidence",
    ])
    .numeric(&[5]);
    for entry in &entries {
        table.row(vec![
            entry.date.map_or("undated".to_string(), |d| d.to_string()),
            view.label_of(&entry.edge.source).to_string(),
            describe_edge(entry.edge),
            view.label_of(&entry.edge.target).to_string(),
            entry.edge.polarity.as_str().to_string(),
            count_articles(entry.evidence.iter().map(|e| e.article.as_str())).to_string(),
            show::quote(entry.evidence.first().copied()),
        ]);
    }
    show::print(&table.to_string())?;
    Ok(ExitCode::from(exit::OK))
}
