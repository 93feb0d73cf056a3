//! How claims, dates and quotes read on the command line, the same in every command.

use std::io::{IsTerminal, Write};

use clap::ValueEnum;

use actorgraph::date::PartialDate;
use actorgraph::extract::{Evidence, Modality};
use actorgraph::graph::claims::ClaimGroup;
use actorgraph::graph::quote::{Highlight, excerpt};
use actorgraph::graph::{ActorGraph, Edge};

/// How many characters of a sentence a table quotes.
pub const QUOTE_CHARS: usize = 60;

/// `Kazakhstan -refuses (withdraws_from)-> Cooperative Longbow 09`
pub fn claim_arrow(graph: &ActorGraph, claim: &ClaimGroup) -> String {
    format!(
        "{} -{}-> {}",
        graph.label_of(claim.source),
        claim.describe(),
        graph.label_of(claim.target)
    )
}

/// A claim seen from `from`: `-refuses->` when it points away, `<-opposes-` when it points back.
pub fn hop_arrow(claim: &ClaimGroup, from: &str) -> String {
    if claim.source == from {
        format!("-{}->", claim.describe())
    } else {
        format!("<-{}-", claim.describe())
    }
}

/// One edge's relation in words: `not recognizes`, `buys_arms_from [possible]`.
pub fn describe_edge(edge: &Edge) -> String {
    let mut text = String::new();
    if edge.negated {
        text.push_str("not ");
    }
    text.push_str(&edge.relation);
    if edge.modality != Modality::Asserted {
        text.push_str(&format!(" [{}]", edge.modality.as_str()));
    }
    text
}

/// A few dates listed, more as a span: `2009-04, 2009-05` or `2008-09 … 2009-05`.
pub fn dates(dates: &[PartialDate]) -> String {
    match dates {
        [] => "-".into(),
        [first, .., last] if dates.len() > 3 => format!("{first} … {last}"),
        _ => dates.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
    }
}

pub fn quote(evidence: Option<&Evidence>) -> String {
    evidence.map_or(String::new(), |e| format!("\"{}\"", excerpt(e, QUOTE_CHARS)))
}

pub fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Whether to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Color {
    /// When standard output is a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    Always,
    Never,
}

impl Color {
    pub fn highlight(self) -> Highlight {
        let terminal = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        match self {
            Color::Always => Highlight::Ansi,
            Color::Auto if terminal => Highlight::Ansi,
            _ => Highlight::Brackets,
        }
    }
}

/// Standard output, buffered; write errors (a closed pipe) come back as errors, not panics.
pub fn stdout() -> std::io::BufWriter<std::io::StdoutLock<'static>> {
    std::io::BufWriter::new(std::io::stdout().lock())
}

/// Writes text and flushes.
pub fn print(text: &str) -> std::io::Result<()> {
    let mut out = stdout();
    out.write_all(text.as_bytes())?;
    out.flush()
}
