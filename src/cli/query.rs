//! `actorgraph query`: who did what to whom, as a table, the graph JSON or CSV. Like grep, it
//! exits 0 when something matched and 1 when nothing did.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::show;
use super::table::Table;
use super::view::{GraphArgs, ViewArgs};
use super::{CliError, Verbosity, exit};
use actorgraph::graph::claims::{evidence_order, group_claims};
use actorgraph::graph::{ActorGraph, json, select_from, triple};

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// A pattern SOURCE -RELATION-> TARGET with ? for any, e.g. '? -opposes-> "NATO exercises"'
    /// or 'Kazakhstan -?-> NATO'. Quote names with spaces.
    pub pattern: Option<String>,
    /// Who acts: an id, a label or an alias, in any case.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Whom the act concerns.
    #[arg(long, value_name = "NAME")]
    pub target: Option<String>,
    /// Only evidence from this article (its id, or the start of one, e.g. 000).
    #[arg(long, value_name = "ID")]
    pub article: Option<String>,
    /// Only negated claims (true) or only affirmed ones (false).
    #[arg(long, value_name = "true|false")]
    pub negated: Option<bool>,
    /// How to print the claims.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(flatten)]
    pub view: ViewArgs,
    #[command(flatten)]
    pub input: GraphArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per claim: source, relation, target, dates, articles, a quote.
    Table,
    /// The matching edges in the graph JSON, with `source_label` and `target_label`.
    Json,
    /// One row per edge, header first.
    Csv,
}

pub fn run(args: QueryArgs, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    let mut selection = args.view.to_selection();
    selection.source = args.source;
    selection.target = args.target;
    selection.article = args.article;
    selection.negated = args.negated;
    if let Some(pattern) = &args.pattern {
        let triple = triple::parse(pattern)?;
        if let Some(source) = triple.source {
            if selection.source.is_some() {
                return Err(CliError::GivenTwice { what: "source" });
            }
            selection.source = Some(source);
        }
        if let Some(target) = triple.target {
            if selection.target.is_some() {
                return Err(CliError::GivenTwice { what: "target" });
            }
            selection.target = Some(target);
        }
        selection.relations.extend(triple.relation);
    }
    let graph = args.input.load()?;
    let found = select_from(&graph, &selection)?;
    if found.graph.edge_count() == 0 {
        if verbosity != Verbosity::Quiet && args.format == Format::Table {
            eprintln!("no claims match");
        }
        return Ok(ExitCode::from(exit::NO_MATCH));
    }
    match args.format {
        Format::Table => show::print(&table(&found).to_string())?,
        Format::Json => show::print(&json::to_json_labelled(&found))?,
        Format::Csv => write_csv(&found)?,
    }
    Ok(ExitCode::from(exit::OK))
}

/// One row per claim: the edges between two actors that say the same thing, taken together.
fn table(graph: &ActorGraph) -> Table {
    let mut table = Table::new(&["source", "relation", "target", "dates", "articles", "evidence"]).numeric(&[4]);
    for claim in group_claims(graph) {
        table.row(vec![
            graph.label_of(claim.source).to_string(),
            claim.describe(),
            graph.label_of(claim.target).to_string(),
            show::dates(&claim.dates()),
            claim.article_count().to_string(),
            show::quote(claim.first_evidence()),
        ]);
    }
    table
}

const CSV_HEADER: [&str; 17] = [
    "id",
    "source",
    "source_label",
    "relation",
    "family",
    "polarity",
    "target",
    "target_label",
    "negated",
    "modality",
    "date",
    "dates",
    "cameo",
    "articles",
    "evidence",
    "first_article",
    "first_quote",
];

/// One row per edge, the fields of the graph JSON that fit in a cell, plus counts and the first
/// sentence. `dates` lists every evidence date, separated by spaces.
fn write_csv(graph: &ActorGraph) -> Result<(), CliError> {
    let mut out = show::stdout();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        writer.write_record(CSV_HEADER)?;
        for edge in graph.edges() {
            let first = edge.evidence.iter().min_by(|a, b| evidence_order(a, b));
            let dates: Vec<String> = edge.dates().iter().map(ToString::to_string).collect();
            writer.write_record([
                edge.id.as_str(),
                &edge.source,
                graph.label_of(&edge.source),
                &edge.relation,
                edge.family.as_str(),
                edge.polarity.as_str(),
                &edge.target,
                graph.label_of(&edge.target),
                if edge.negated { "true" } else { "false" },
                edge.modality.as_str(),
                &edge.date.map(|d| d.to_string()).unwrap_or_default(),
                &dates.join(" "),
                edge.cameo.as_deref().unwrap_or(""),
                &edge.article_count().to_string(),
                &edge.evidence.len().to_string(),
                first.map_or("", |e| e.article.as_str()),
                first.map_or("", |e| e.text.as_str()),
            ])?;
        }
        writer.flush()?;
    }
    out.flush()?;
    Ok(())
}
