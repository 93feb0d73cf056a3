//! The Markdown report: the claims table, every evidence quote and a section per article, for
//! a wiki or a pull request. Diagrams are not embedded (renderers differ on inline SVG); render
//! one with `actorgraph render` and link it beside the report.

use std::fmt::Write as _;

use super::{anchor, claims_by_article, claims_in_order, relation_text};
use crate::export::dot::article_citation;
use crate::graph::{ActorGraph, Edge};

/// Text made literal for Markdown: punctuation that could start markup is backslash-escaped,
/// and line breaks become spaces (inside a table cell or a quote line they would end it).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&' | '!' | '{' | '}' | '(' | ')'
            | '+' | '-' | '.' | '"' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn claim_sentence(graph: &ActorGraph, edge: &Edge) -> String {
    format!(
        "{} *{}* {}",
        escape(graph.label_of(&edge.source)),
        escape(&relation_text(edge)),
        escape(graph.label_of(&edge.target))
    )
}

/// The report as Markdown (GitHub-flavoured: tables, HTML anchors).
pub fn to_markdown(graph: &ActorGraph, title: &str) -> String {
    let claims = claims_in_order(graph);
    let mut page = String::new();
    let _ = writeln!(
        page,
        "# {}\n\n{} actors, {} claims from {} articles.\n\n## Claims\n\n\
         | Source | Relation | Target | Date | Articles | Evidence |\n|---|---|---|---|---:|---|",
        escape(title),
        graph.graph.node_count(),
        graph.graph.edge_count(),
        graph.articles.len()
    );
    for edge in &claims {
        let _ = writeln!(
            page,
            "| {} | {} | {} | {} | {} | [{} quote{}](#{}) |",
            escape(graph.label_of(&edge.source)),
            escape(&relation_text(edge)),
            escape(graph.label_of(&edge.target)),
            edge.date.map(|d| d.to_string()).unwrap_or_default(),
            edge.article_count(),
            edge.evidence.len(),
            if edge.evidence.len() == 1 { "" } else { "s" },
            anchor("claim", &edge.id),
        );
    }
    page.push_str("\n## Evidence\n");
    for edge in &claims {
        let _ = writeln!(
            page,
            "\n### <a id=\"{}\"></a>{}\n",
            anchor("claim", &edge.id),
            claim_sentence(graph, edge)
        );
        for evidence in &edge.evidence {
            let _ = writeln!(
                page,
                "> {}\n>\n> — [{}](#{})\n",
                escape(&evidence.text),
                escape(&article_citation(graph, &evidence.article)),
                anchor("article", &evidence.article)
            );
        }
    }
    page.push_str("\n## Articles\n");
    for (article, backed) in claims_by_article(graph, &claims) {
        let meta = graph.articles.get(article);
        let heading = meta
            .and_then(|m| m.title.clone())
            .unwrap_or_else(|| article.to_string());
        let _ = writeln!(
            page,
            "\n### <a id=\"{}\"></a>{}\n",
            anchor("article", article),
            escape(&heading)
        );
        if let Some(outlet) = meta.and_then(|m| m.outlet.as_deref()) {
            let _ = writeln!(page, "- Outlet: {}", escape(outlet));
        }
        if let Some(date) = meta.and_then(|m| m.date) {
            let _ = writeln!(page, "- Date: {date}");
        }
        let _ = writeln!(page, "- Id: {}", escape(article));
        let _ = writeln!(page, "- Contributed {} claims:\n", backed.len());
        for edge in backed {
            let _ = writeln!(
                page,
                "  - [{}](#{})",
                claim_sentence(graph, edge),
                anchor("claim", &edge.id)
            );
        }
    }
    page
}
