//! The arguments every command that reads a graph shares: which graph (`--graph`), and which part
//! of it (`ViewArgs`, flattened into `query` and the diagram views alike).

use std::path::PathBuf;

use clap::Args;

use super::CliError;
use actorgraph::date::PartialDate;
use actorgraph::graph::{OpenGraph, Selection, open_graph};

/// Which graph to read.
#[derive(Debug, Clone, Args)]
pub struct GraphArgs {
    /// The graph: its JSON, or the binary snapshot `build` writes beside it (`.bin`, faster for
    /// large graphs).
    #[arg(long, value_name = "FILE", default_value = "graphs/kazakhstan.json")]
    pub graph: PathBuf,
}

impl GraphArgs {
    /// Opens the graph: JSON is read whole, a snapshot decodes only what is selected from it.
    pub fn load(&self) -> Result<OpenGraph, CliError> {
        Ok(open_graph(&self.graph)?)
    }
}

/// Which part of the graph to look at.
#[derive(Debug, Clone, Default, Args)]
pub struct ViewArgs {
    /// Only what lies within --depth hops of this actor (an id, label or alias).
    #[arg(long, value_name = "NAME")]
    pub focus: Option<String>,
    /// How many hops around --focus.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub depth: usize,
    /// Only this relation family or finer relation; repeat for several.
    #[arg(long = "relation", value_name = "REL")]
    pub relations: Vec<String>,
    /// Only evidence dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<PartialDate>,
    /// Only evidence dated on or before DATE (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<PartialDate>,
    /// Count persons as the state or organisation they act for at each claim's date.
    #[arg(long)]
    pub roll_up: bool,
    /// Only claims stated by at least N different articles.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub min_articles: usize,
}

impl ViewArgs {
    pub fn to_selection(&self) -> Selection {
        Selection {
            relations: self.relations.clone(),
            since: self.since,
            until: self.until,
            min_articles: self.min_articles,
            focus: self.focus.clone(),
            depth: self.depth,
            roll_up: self.roll_up,
            ..Selection::default()
        }
    }
}
