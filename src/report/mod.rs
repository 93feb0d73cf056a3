//! The report: the graph for people to read — a self-contained HTML page (the diagram inline,
//! a legend, a table of claims, every evidence quote, a section per article) or Markdown.

pub mod html;
pub mod markdown;

use std::collections::BTreeMap;

use crate::export::ExportError;
use crate::extract::{Evidence, MarkRole, Modality};
use crate::graph::{ActorGraph, Edge};

/// What can go wrong while making a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot draw the report's diagram: {0}")]
    Diagram(#[from] ExportError),
}

/// The claims in reading order: by source, family, target (labels), then edge number.
pub fn claims_in_order(graph: &ActorGraph) -> Vec<&Edge> {
    let mut edges = graph.edges();
    edges.sort_by_cached_key(|e| {
        (
            graph.label_of(&e.source).to_lowercase(),
            e.family,
            graph.label_of(&e.target).to_lowercase(),
            edge_number(&e.id),
        )
    });
    edges
}

fn edge_number(id: &str) -> usize {
    id.trim_start_matches('e').parse().unwrap_or(usize::MAX)
}

/// How a claim's relation reads in a report: "withdraws from", "not recognizes (possible)".
pub fn relation_text(edge: &Edge) -> String {
    let mut text = crate::export::claim_label(edge);
    if let Some(office) = &edge.office {
        text = format!("{text}: {}", office.title);
    }
    if edge.modality != Modality::Asserted {
        text.push_str(&format!(" ({})", edge.modality.as_str()));
    }
    text
}

/// For each article, the claims it backs (in reading order).
pub fn claims_by_article<'a>(graph: &'a ActorGraph, claims: &[&'a Edge]) -> BTreeMap<&'a str, Vec<&'a Edge>> {
    let mut by_article: BTreeMap<&str, Vec<&Edge>> =
        graph.articles.keys().map(|id| (id.as_str(), Vec::new())).collect();
    for edge in claims {
        let mut articles: Vec<&str> = edge.evidence.iter().map(|e| e.article.as_str()).collect();
        articles.dedup();
        for article in articles {
            let list = by_article.entry(article).or_default();
            if !list.iter().any(|e| e.id == edge.id) {
                list.push(edge);
            }
        }
    }
    by_article
}

/// A piece of an evidence sentence: plain, or the source, target or trigger of the claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span<'a> {
    pub text: &'a str,
    pub role: Option<MarkRole>,
}

/// The evidence sentence cut at its marks (given in article offsets), for highlighting. Marks
/// that overlap, fall outside the sentence or inside a character are ignored.
pub fn marked_spans(evidence: &Evidence) -> Vec<Span<'_>> {
    let text = evidence.text.as_str();
    let mut marks: Vec<(usize, usize, MarkRole)> = evidence
        .marks
        .iter()
        .filter_map(|m| {
            let start = m.start.checked_sub(evidence.start)?;
            let end = m.end.checked_sub(evidence.start)?;
            (start < end && text.get(start..end).is_some()).then_some((start, end, m.role))
        })
        .collect();
    marks.sort_by_key(|m| (m.0, m.1));
    let mut spans = Vec::new();
    let mut at = 0;
    for (start, end, role) in marks {
        if start < at {
            continue;
        }
        if start > at {
            spans.push(Span {
                text: &text[at..start],
                role: None,
            });
        }
        spans.push(Span {
            text: &text[start..end],
            role: Some(role),
        });
        at = end;
    }
    if at < text.len() {
        spans.push(Span {
            text: &text[at..],
            role: None,
        });
    }
    spans
}

/// An id usable as an HTML anchor and a Markdown link target: anything but letters, digits and
/// `-_.:` becomes `_` (ids may not hold spaces, and link targets break on brackets).
pub fn anchor(prefix: &str, id: &str) -> String {
    let cleaned: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.:".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{prefix}-{cleaned}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Mark;

    #[test]
    fn marks_cut_the_sentence_and_bad_marks_are_ignored() {
        let evidence = Evidence {
            article: "a".into(),
            sentence: 0,
            start: 10,
            end: 36,
            text: "Kazakhstan backed Russia.".into(),
            rule: "r".into(),
            date: None,
            said_by: None,
            marks: vec![
                Mark {
                    role: MarkRole::Target,
                    start: 28,
                    end: 34,
                },
                Mark {
                    role: MarkRole::Source,
                    start: 10,
                    end: 20,
                },
                Mark {
                    role: MarkRole::Trigger,
                    start: 15,
                    end: 25,
                },
                Mark {
                    role: MarkRole::Trigger,
                    start: 2,
                    end: 99,
                },
            ],
        };
        let spans = marked_spans(&evidence);
        let texts: Vec<&str> = spans.iter().map(|s| s.text).collect();
        assert_eq!(texts, ["Kazakhstan", " backed ", "Russia", "."]);
        assert_eq!(spans[0].role, Some(MarkRole::Source));
        assert_eq!(spans[2].role, Some(MarkRole::Target));
    }
}
