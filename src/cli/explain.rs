//! `actorgraph explain SOURCE REL TARGET`: every sentence behind the matching claims, once each,
//! with its article, outlet and dates, the actors and the trigger marked, and the rules that
//! fired.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::Args;

use super::show::{self, Color, claim_arrow, plural};
use super::view::GraphArgs;
use super::{CliError, Verbosity, exit};
use actorgraph::date::PartialDate;
use actorgraph::graph::claims::group_claims;
use actorgraph::graph::explain::explain;
use actorgraph::graph::quote::highlight;
use actorgraph::graph::{Selection, select_from};

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Who acts (an id, label or alias), or ? for anyone.
    pub source: String,
    /// A relation family or finer relation, or ? for any.
    pub relation: String,
    /// Whom the act concerns, or ? for anyone.
    pub target: String,
    /// Only evidence dated on or after DATE.
    #[arg(long, value_name = "DATE")]
    pub since: Option<PartialDate>,
    /// Only evidence dated on or before DATE.
    #[arg(long, value_name = "DATE")]
    pub until: Option<PartialDate>,
    /// Count persons as the state or organisation they act for at each claim's date.
    #[arg(long)]
    pub roll_up: bool,
    /// Mark actors and triggers with colour, or with [[ ]] and {{ }}.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    #[command(flatten)]
    pub input: GraphArgs,
}

fn given(text: String) -> Option<String> {
    (text.trim() != "?").then_some(text)
}

pub fn run(args: ExplainArgs, verbosity: Verbosity) -> Result<ExitCode, CliError> {
    let selection = Selection {
        source: given(args.source),
        relations: given(args.relation).into_iter().collect(),
        target: given(args.target),
        since: args.since,
        until: args.until,
        roll_up: args.roll_up,
        ..Selection::default()
    };
    let graph = args.input.load()?;
    let found = select_from(&graph, &selection)?;
    if found.graph.edge_count() == 0 {
        if verbosity != Verbosity::Quiet {
            eprintln!("no claims match");
        }
        return Ok(ExitCode::from(exit::NO_MATCH));
    }
    let style = args.color.highlight();
    let mut out = String::new();
    for claim in group_claims(&found) {
        let ids: Vec<&str> = claim.edges.iter().map(|e| e.id.as_str()).collect();
        let sentences = claim.evidence().count();
        let _ = writeln!(
            out,
            "{} [{}]: {} from {}",
            claim_arrow(&found, &claim),
            ids.join(", "),
            plural(sentences, "sentence", "sentences"),
            plural(claim.article_count(), "article", "articles"),
        );
    }
    for sentence in explain(&found) {
        let evidence = sentence.evidence;
        let meta = sentence.article;
        let mut about = vec![evidence.date.map_or("undated".to_string(), |d| d.to_string())];
        about.extend(meta.and_then(|m| m.outlet.clone()));
        about.push(format!("{} sentence {}", evidence.article, evidence.sentence + 1));
        if let Some(published) = meta.and_then(|m| m.date) {
            about.push(format!("published {published}"));
        }
        let _ = writeln!(out, "\n{}", about.join(" · "));
        if let Some(title) = meta.and_then(|m| m.title.as_deref()) {
            let _ = writeln!(out, "  “{title}”");
        }
        let claims: Vec<String> = sentence
            .edges
            .iter()
            .map(|e| {
                format!(
                    "{} -{}-> {} ({})",
                    found.label_of(&e.source),
                    show::describe_edge(e),
                    found.label_of(&e.target),
                    e.id
                )
            })
            .collect();
        let _ = writeln!(out, "  claim: {}", claims.join("; "));
        let _ = writeln!(out, "  rule: {}", sentence.rules.join(", "));
        if let Some(said_by) = &evidence.said_by {
            let _ = writeln!(out, "  said by: {said_by}");
        }
        let text = highlight(&evidence.text, evidence.start, &sentence.marks, style);
        let _ = writeln!(out, "  {}", text.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    show::print(&out)?;
    Ok(ExitCode::from(exit::OK))
}
