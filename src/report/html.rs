//! The HTML report: one self-contained file (no external resources) holding the diagram as
//! inline SVG, a legend, a table of claims whose rows link to their evidence quotes, a section
//! per article, and a small script that shows the evidence of the actor or line under the
//! pointer. Every text from the graph is escaped with [`escape`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{ReportError, anchor, claims_by_article, claims_in_order, marked_spans, relation_text};
use crate::export::dot::{self, DotOptions, DrawnEdge, colour_of, fill_of, kind_name, shape_of};
use crate::export::svg::{self, ImageFormat};
use crate::extract::{Evidence, MarkRole};
use crate::graph::{ActorGraph, Edge};
use crate::rules::Polarity;
use crate::rules::schema::ActorKind;

/// What the report shows besides the graph.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub title: String,
    /// How the diagram groups actors.
    pub clustering: dot::Clustering,
}

/// Text made safe for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Draws the diagram with Graphviz and makes the report.
pub fn render_report(graph: &ActorGraph, options: &ReportOptions) -> Result<String, ReportError> {
    let dot_options = DotOptions {
        title: String::new(),
        clustering: options.clustering,
        // The page has a legend of its own, larger and beside the diagram.
        legend: false,
        wrap: Some(dot::WRAP_WIDTH),
    };
    let svg_bytes = svg::render(&dot::to_dot_with(graph, &dot_options), ImageFormat::Svg)?;
    let svg_text = String::from_utf8_lossy(&svg_bytes);
    Ok(to_html(graph, svg::inline_svg(&svg_text), options))
}

/// The report around an SVG diagram already drawn (the output of `dot -Tsvg`, trusted as is).
pub fn to_html(graph: &ActorGraph, svg: &str, options: &ReportOptions) -> String {
    let claims = claims_in_order(graph);
    let by_article = claims_by_article(graph, &claims);
    let mut page = String::with_capacity(256 * 1024);
    let title = escape(&options.title);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n"
    );
    let _ = writeln!(
        page,
        "<header>\n<h1>{title}</h1>\n<p class=\"summary\">{} actors, {} claims from {} articles. \
         Point at an actor or a line to see its evidence; every row of the table links to its quotes.</p>\n\
         <nav><a href=\"#diagram\">Diagram</a> · <a href=\"#claims\">Claims</a> · \
         <a href=\"#evidence\">Evidence</a> · <a href=\"#articles\">Articles</a></nav>\n</header>",
        graph.graph.node_count(),
        graph.graph.edge_count(),
        graph.articles.len()
    );
    page.push_str(
        "<section id=\"diagram\">\n<h2>Diagram <button type=\"button\" id=\"zoom\" title=\"switch between fitting \
         the page and the diagram's own size\">Actual size</button></h2>\n<div class=\"diagram-row\">\n<div class=\"diagram\">\n",
    );
    page.push_str(svg.trim_end());
    page.push_str("\n</div>\n<aside>\n");
    page.push_str(
        "<div id=\"hover-panel\" aria-live=\"polite\"><p class=\"hint\">Point at an actor or a line \
         to see its evidence here.</p></div>\n",
    );
    legend(&mut page, graph);
    page.push_str("</aside>\n</div>\n</section>\n");
    claims_table(&mut page, graph, &claims);
    evidence_sections(&mut page, graph, &claims);
    article_sections(&mut page, graph, &by_article);
    hover_templates(&mut page, graph, &claims);
    let _ = write!(page, "<script>\n{SCRIPT}</script>\n</body>\n</html>\n");
    page
}

/// A small picture of a kind's node shape, for the legend.
fn shape_icon(kind: ActorKind) -> String {
    let fill = fill_of(kind);
    let body = match shape_of(kind) {
        "box" => format!(r#"<rect x="2" y="3" width="32" height="16" fill="{fill}" stroke="black"/>"#),
        "ellipse" | "oval" => format!(r#"<ellipse cx="18" cy="11" rx="16" ry="8" fill="{fill}" stroke="black"/>"#),
        "note" => format!(r#"<path d="M2 3h26l6 6v10H2z M28 3v6h6" fill="{fill}" stroke="black"/>"#),
        "hexagon" => format!(r#"<path d="M2 11l7-8h18l7 8-7 8H9z" fill="{fill}" stroke="black"/>"#),
        "house" => format!(r#"<path d="M2 19V9l16-6 16 6v10z" fill="{fill}" stroke="black"/>"#),
        _ => format!(
            r#"<rect x="5" y="3" width="28" height="16" fill="{fill}" stroke="black"/><rect x="2" y="6" width="6" height="3" fill="{fill}" stroke="black"/><rect x="2" y="13" width="6" height="3" fill="{fill}" stroke="black"/>"#
        ),
    };
    format!(r#"<svg class="icon" width="36" height="22" viewBox="0 0 36 22" aria-hidden="true">{body}</svg>"#)
}

fn line_icon(colour: &str, dashed: bool, width: f64) -> String {
    let dash = if dashed { r#" stroke-dasharray="5,3""# } else { "" };
    format!(
        r#"<svg class="icon" width="36" height="22" viewBox="0 0 36 22" aria-hidden="true"><line x1="2" y1="11" x2="28" y2="11" stroke="{colour}" stroke-width="{width}"{dash}/><path d="M27 6l8 5-8 5z" fill="{colour}"/></svg>"#
    )
}

fn legend(page: &mut String, graph: &ActorGraph) {
    page.push_str("<div class=\"legend\" id=\"legend\">\n<h3>Legend</h3>\n<ul>\n");
    let mut kinds: Vec<ActorKind> = graph.nodes().iter().map(|n| n.kind).collect();
    kinds.sort();
    kinds.dedup();
    for kind in kinds {
        let _ = writeln!(page, "<li>{}{}</li>", shape_icon(kind), escape(kind_name(kind)));
    }
    let lines = [
        (colour_of(Polarity::Cooperation), false, 1.5, "cooperation"),
        (colour_of(Polarity::Conflict), false, 1.5, "conflict"),
        (colour_of(Polarity::Neutral), false, 1.5, "neutral"),
        (colour_of(Polarity::Neutral), true, 1.5, "negated (did not)"),
        ("#000000", false, 4.0, "thicker: more articles"),
    ];
    for (colour, dashed, width, text) in lines {
        let _ = writeln!(page, "<li>{}{}</li>", line_icon(colour, dashed, width), escape(text));
    }
    page.push_str(
        "<li><span class=\"icon count\">×N</span>N independent articles</li>\n\
         <li><span class=\"icon count\">↔</span>claimed both ways</li>\n</ul>\n</div>\n",
    );
}

fn claim_heading(graph: &ActorGraph, edge: &Edge) -> String {
    format!(
        "{} <span class=\"rel {}\">{}</span> {}",
        escape(graph.label_of(&edge.source)),
        edge.polarity.as_str(),
        escape(&relation_text(edge)),
        escape(graph.label_of(&edge.target))
    )
}

fn claims_table(page: &mut String, graph: &ActorGraph, claims: &[&Edge]) {
    page.push_str(
        "<section id=\"claims\">\n<h2>Claims</h2>\n<table>\n<thead><tr><th>Source</th><th>Relation</th>\
         <th>Target</th><th>Date</th><th>Articles</th><th>Evidence</th></tr></thead>\n<tbody>\n",
    );
    for edge in claims {
        let date = edge.date.map(|d| d.to_string()).unwrap_or_default();
        let quotes = edge.evidence.len();
        let _ = writeln!(
            page,
            "<tr id=\"{row}\" class=\"{polarity}{negated}\"><td>{source}</td><td><span class=\"rel {polarity}\">{relation}</span></td>\
             <td>{target}</td><td>{date}</td><td class=\"num\">{articles}</td>\
             <td><a href=\"#{claim}\">{quotes} quote{plural}</a></td></tr>",
            row = escape(&anchor("row", &edge.id)),
            polarity = edge.polarity.as_str(),
            negated = if edge.negated { " negated" } else { "" },
            source = escape(graph.label_of(&edge.source)),
            relation = escape(&relation_text(edge)),
            target = escape(graph.label_of(&edge.target)),
            date = escape(&date),
            articles = edge.article_count(),
            claim = escape(&anchor("claim", &edge.id)),
            plural = if quotes == 1 { "" } else { "s" },
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

fn quote_html(evidence: &Evidence) -> String {
    let mut html = String::new();
    for span in marked_spans(evidence) {
        match span.role {
            None => html.push_str(&escape(span.text)),
            Some(role) => {
                let class = match role {
                    MarkRole::Source => "source",
                    MarkRole::Target => "target",
                    MarkRole::Trigger => "trigger",
                };
                let _ = write!(html, "<mark class=\"{class}\">{}</mark>", escape(span.text));
            }
        }
    }
    html
}

fn citation_link(graph: &ActorGraph, article: &str) -> String {
    format!(
        "<a href=\"#{}\">{}</a>",
        escape(&anchor("article", article)),
        escape(&dot::article_citation(graph, article))
    )
}

fn evidence_item(page: &mut String, graph: &ActorGraph, evidence: &Evidence) {
    let mut details = vec![citation_link(graph, &evidence.article)];
    if let Some(date) = evidence.date {
        details.push(format!("dated {}", escape(&date.to_string())));
    }
    if let Some(said_by) = &evidence.said_by {
        details.push(format!("said by {}", escape(graph.label_of(said_by))));
    }
    details.push(format!("rule <code>{}</code>", escape(&evidence.rule)));
    let _ = writeln!(
        page,
        "<li><blockquote>{}</blockquote><p class=\"cite\">— {}</p></li>",
        quote_html(evidence),
        details.join(", ")
    );
}

fn evidence_sections(page: &mut String, graph: &ActorGraph, claims: &[&Edge]) {
    page.push_str("<section id=\"evidence\">\n<h2>Evidence</h2>\n");
    for edge in claims {
        let _ = writeln!(
            page,
            "<article class=\"claim\" id=\"{}\">\n<h3>{} <a class=\"back\" href=\"#{}\" title=\"back to the table\">↑</a></h3>\n<ol>",
            escape(&anchor("claim", &edge.id)),
            claim_heading(graph, edge),
            escape(&anchor("row", &edge.id)),
        );
        for evidence in &edge.evidence {
            evidence_item(page, graph, evidence);
        }
        page.push_str("</ol>\n</article>\n");
    }
    page.push_str("</section>\n");
}

fn article_sections(page: &mut String, graph: &ActorGraph, by_article: &BTreeMap<&str, Vec<&Edge>>) {
    page.push_str("<section id=\"articles\">\n<h2>Articles</h2>\n");
    for (article, claims) in by_article {
        let meta = graph.articles.get(*article);
        let heading = meta
            .and_then(|m| m.title.clone())
            .unwrap_or_else(|| article.to_string());
        let _ = writeln!(
            page,
            "<article class=\"source\" id=\"{}\">\n<h3>{}</h3>",
            escape(&anchor("article", article)),
            escape(&heading)
        );
        let mut facts = Vec::new();
        if let Some(outlet) = meta.and_then(|m| m.outlet.as_deref()) {
            facts.push(format!("<b>Outlet:</b> {}", escape(outlet)));
        }
        if let Some(date) = meta.and_then(|m| m.date) {
            facts.push(format!("<b>Date:</b> {}", escape(&date.to_string())));
        }
        facts.push(format!("<b>Id:</b> <code>{}</code>", escape(article)));
        if let Some(url) = meta.and_then(|m| m.url.as_deref()) {
            // A link the reader may follow; nothing is loaded from it.
            facts.push(format!(
                "<b>URL:</b> <a href=\"{0}\" rel=\"noopener noreferrer\">{0}</a>",
                escape(url)
            ));
        }
        let quotes: usize = claims
            .iter()
            .map(|e| e.evidence.iter().filter(|ev| ev.article == *article).count())
            .sum();
        let _ = writeln!(
            page,
            "<p class=\"facts\">{}</p>\n<p>Contributed {} claim{} ({} quote{}):</p>\n<ul>",
            facts.join(" · "),
            claims.len(),
            if claims.len() == 1 { "" } else { "s" },
            quotes,
            if quotes == 1 { "" } else { "s" },
        );
        for edge in claims {
            let _ = writeln!(
                page,
                "<li><a href=\"#{}\">{}</a></li>",
                escape(&anchor("claim", &edge.id)),
                claim_heading(graph, edge)
            );
        }
        page.push_str("</ul>\n</article>\n");
    }
    page.push_str("</section>\n");
}

/// Inert `<template>`s, one per drawn node and edge, keyed by the SVG id: the script copies the
/// one under the pointer into the side panel. Templates keep the evidence as escaped HTML, so
/// no text from the graph ever passes through the script as code or JSON.
fn hover_templates(page: &mut String, graph: &ActorGraph, claims: &[&Edge]) {
    page.push_str("<div id=\"hover-templates\" hidden>\n");
    for node in graph.nodes() {
        let touching: Vec<&&Edge> = claims
            .iter()
            .filter(|e| e.source == node.id || e.target == node.id)
            .collect();
        let _ = write!(
            page,
            "<template id=\"{}\"><h4>{}</h4><p>{}",
            escape(&format!("hover-{}", dot::node_svg_id(&node.id))),
            escape(&node.label),
            escape(kind_name(node.kind)),
        );
        if let Some(affiliation) = &node.affiliation {
            let _ = write!(page, ", acts for {}", escape(graph.label_of(affiliation)));
        }
        let _ = write!(
            page,
            "; {} claim{}:</p><ul>",
            touching.len(),
            if touching.len() == 1 { "" } else { "s" }
        );
        for edge in touching {
            let _ = write!(
                page,
                "<li><a href=\"#{}\">{}</a></li>",
                escape(&anchor("claim", &edge.id)),
                claim_heading(graph, edge)
            );
        }
        page.push_str("</ul></template>\n");
    }
    for drawn in dot::drawn_edges(graph) {
        edge_template(page, graph, &drawn);
    }
    page.push_str("</div>\n");
}

fn edge_template(page: &mut String, graph: &ActorGraph, drawn: &DrawnEdge<'_>) {
    let arrow = if drawn.both_ways { "↔" } else { "→" };
    let _ = write!(
        page,
        "<template id=\"{}\"><h4>{} {arrow} {}</h4><p><span class=\"rel {}\">{}</span></p>",
        escape(&format!("hover-{}", drawn.svg_id())),
        escape(graph.label_of(drawn.source)),
        escape(graph.label_of(drawn.target)),
        drawn.family.polarity().as_str(),
        escape(&drawn.label()),
    );
    for edge in &drawn.claims {
        let _ = write!(
            page,
            "<p class=\"claim-link\"><a href=\"#{}\">{}</a></p><ol>",
            escape(&anchor("claim", &edge.id)),
            claim_heading(graph, edge)
        );
        for evidence in &edge.evidence {
            let _ = write!(
                page,
                "<li><q>{}</q> — {}</li>",
                quote_html(evidence),
                citation_link(graph, &evidence.article)
            );
        }
        page.push_str("</ol>");
    }
    page.push_str("</template>\n");
}

const STYLE: &str = r#"body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0 auto; max-width: 1800px; padding: 0 1.2em 3em; color: #212121; }
h1 { margin: .6em 0 .1em; } h2 { border-bottom: 1px solid #ddd; padding-bottom: .2em; margin-top: 1.6em; }
nav a, a { color: #1565c0; } .summary { color: #555; margin: .2em 0; }
.diagram-row { display: flex; gap: 1em; align-items: flex-start; }
.diagram { flex: 1 1 auto; min-width: 0; overflow: auto; border: 1px solid #e0e0e0; border-radius: 6px; }
.diagram svg { max-width: 100%; height: auto; display: block; }
.diagram.actual { max-height: 88vh; }
.diagram.actual svg { max-width: none; }
#zoom { font-size: 13px; margin-left: .8em; vertical-align: middle; }
aside { flex: 0 0 290px; position: sticky; top: .5em; max-height: 96vh; overflow: auto; }
#hover-panel { border: 1px solid #e0e0e0; border-radius: 6px; padding: .4em .8em; margin-bottom: 1em; font-size: 13px; min-height: 6em; background: #fafafa; }
#hover-panel h4 { margin: .3em 0; } #hover-panel ol, #hover-panel ul { padding-left: 1.2em; } .hint { color: #777; }
.legend { border: 1px solid #e0e0e0; border-radius: 6px; padding: .2em .8em; font-size: 13px; }
.legend h3 { margin: .3em 0; font-size: 14px; } .legend ul { list-style: none; padding: 0; margin: .2em 0; }
.legend li { display: flex; align-items: center; gap: .5em; margin: .15em 0; }
.icon { width: 36px; flex: 0 0 36px; } .count { font-weight: bold; text-align: center; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border-bottom: 1px solid #e6e6e6; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #f5f5f5; position: sticky; top: 0; } td.num { text-align: right; }
tr:target, article:target { background: #fff8e1; }
.rel.cooperation { color: #1a9850; } .rel.conflict { color: #d73027; } .rel.neutral { color: #616161; }
tr.negated .rel, .negated .rel { font-style: italic; }
blockquote { margin: .2em 0; padding: .1em .8em; border-left: 3px solid #bdbdbd; background: #fafafa; }
.cite { margin: 0 0 .6em; color: #555; font-size: 13px; }
mark.source { background: #bbdefb; } mark.target { background: #ffe0b2; } mark.trigger { background: #fff59d; }
.back { text-decoration: none; font-size: 13px; }
.diagram g.node, .diagram g.edge { cursor: pointer; }
.diagram g.active path, .diagram g.active polygon, .diagram g.active ellipse { stroke-width: 3px; }
@media (max-width: 900px) { .diagram-row { display: block; } aside { position: static; } }
"#;

/// Shows the template of the node or edge under the pointer; a click keeps it there.
const SCRIPT: &str = r#"(function () {
  var panel = document.getElementById('hover-panel');
  var pinned = null;
  var zoom = document.getElementById('zoom');
  var diagram = document.querySelector('.diagram');
  zoom.addEventListener('click', function () {
    var actual = diagram.classList.toggle('actual');
    zoom.textContent = actual ? 'Fit to page' : 'Actual size';
  });
  function show(group) {
    var template = document.getElementById('hover-' + group.id);
    if (!template) { return; }
    panel.innerHTML = template.innerHTML;
    document.querySelectorAll('.diagram g.active').forEach(function (g) { g.classList.remove('active'); });
    group.classList.add('active');
  }
  document.querySelectorAll('.diagram g.node, .diagram g.edge').forEach(function (group) {
    group.addEventListener('mouseenter', function () { if (!pinned) { show(group); } });
    group.addEventListener('click', function (event) {
      event.preventDefault();
      pinned = pinned === group ? null : group;
      show(group);
    });
  });
})();
"#;
