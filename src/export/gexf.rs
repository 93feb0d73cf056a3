//! GEXF 1.3 for Gephi: actors as nodes and claims as edges (each with `kind` = its family, so
//! Gephi keeps parallel claims of different families apart), typed attribute declarations, the
//! number of articles as edge weight and the polarity colour as `viz:color`.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};

use super::xml;
use crate::graph::ActorGraph;
use crate::rules::Polarity;

const NODE_ATTRIBUTES: &[(&str, &str)] = &[
    ("kind", "string"),
    ("code", "string"),
    ("aliases", "liststring"),
    ("affiliation", "string"),
];

const EDGE_ATTRIBUTES: &[(&str, &str)] = &[
    ("relation", "string"),
    ("family", "string"),
    ("polarity", "string"),
    ("negated", "boolean"),
    ("modality", "string"),
    ("date", "string"),
    ("cameo", "string"),
    ("articles", "integer"),
    ("evidence", "integer"),
    ("first_evidence", "string"),
    ("first_article", "string"),
];

/// The graph as a GEXF document.
pub fn to_gexf(graph: &ActorGraph, title: &str) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    write_document(&mut writer, graph, title).expect("writing to memory cannot fail");
    let mut text = String::from_utf8(writer.into_inner()).expect("the writer only writes UTF-8");
    text.push('\n');
    text
}

fn rgb(polarity: Polarity) -> (&'static str, &'static str, &'static str) {
    match polarity {
        Polarity::Cooperation => ("26", "152", "80"),
        Polarity::Conflict => ("215", "48", "39"),
        Polarity::Neutral => ("127", "127", "127"),
    }
}

/// GEXF lists are `[a, b]`; commas and brackets inside an alias would split it, so they go.
fn liststring(items: &[String]) -> String {
    let cleaned: Vec<String> = items.iter().map(|s| s.replace([',', '[', ']'], " ")).collect();
    format!("[{}]", cleaned.join(", "))
}

fn write_document(writer: &mut Writer<Vec<u8>>, graph: &ActorGraph, title: &str) -> std::io::Result<()> {
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let root = BytesStart::new("gexf").with_attributes([
        ("xmlns", "http://gexf.net/1.3"),
        ("xmlns:viz", "http://gexf.net/1.3/viz"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ("xsi:schemaLocation", "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"),
        ("version", "1.3"),
    ]);
    writer.write_event(Event::Start(root))?;
    // No lastmodifieddate: the same graph must give the same bytes.
    writer.create_element("meta").write_inner_content(|w| {
        w.create_element("creator")
            .write_text_content(xml::text("actorgraph"))?;
        w.create_element("description").write_text_content(xml::text(title))?;
        Ok(())
    })?;
    writer.write_event(Event::Start(
        BytesStart::new("graph").with_attributes([("defaultedgetype", "directed"), ("mode", "static")]),
    ))?;
    for (class, attributes) in [("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)] {
        writer
            .create_element("attributes")
            .with_attributes([("class", class), ("mode", "static")])
            .write_inner_content(|w| {
                for (name, ty) in attributes {
                    w.create_element("attribute")
                        .with_attributes([("id", *name), ("title", *name), ("type", *ty)])
                        .write_empty()?;
                }
                Ok(())
            })?;
    }
    writer.write_event(Event::Start(BytesStart::new("nodes")))?;
    for node in graph.nodes() {
        let values = [
            ("kind", Some(node.kind.as_str().to_string())),
            ("code", node.code.clone()),
            ("aliases", Some(liststring(&node.aliases))),
            ("affiliation", node.affiliation.clone()),
        ];
        writer
            .create_element("node")
            .with_attribute(xml::attribute("id", &node.id))
            .with_attribute(xml::attribute("label", &node.label))
            .write_inner_content(|w| write_values(w, &values))?;
    }
    writer.write_event(Event::End(BytesEnd::new("nodes")))?;
    writer.write_event(Event::Start(BytesStart::new("edges")))?;
    for edge in graph.edges() {
        let first = edge.evidence.first();
        let values = [
            ("relation", Some(edge.relation.clone())),
            ("family", Some(edge.family.as_str().to_string())),
            ("polarity", Some(edge.polarity.as_str().to_string())),
            ("negated", Some(edge.negated.to_string())),
            ("modality", Some(edge.modality.as_str().to_string())),
            ("date", edge.date.map(|d| d.to_string())),
            ("cameo", edge.cameo.clone()),
            ("articles", Some(edge.article_count().to_string())),
            ("evidence", Some(edge.evidence.len().to_string())),
            ("first_evidence", first.map(|e| e.text.clone())),
            ("first_article", first.map(|e| e.article.clone())),
        ];
        let (r, g, b) = rgb(edge.polarity);
        writer
            .create_element("edge")
            .with_attribute(xml::attribute("id", &edge.id))
            .with_attribute(xml::attribute("source", &edge.source))
            .with_attribute(xml::attribute("target", &edge.target))
            .with_attribute(xml::attribute("label", &super::claim_label(edge)))
            .with_attribute(("kind", edge.family.as_str()))
            .with_attribute(("weight", format!("{:.1}", edge.article_count() as f64).as_str()))
            .write_inner_content(|w| {
                write_values(w, &values)?;
                w.create_element("viz:color")
                    .with_attributes([("r", r), ("g", g), ("b", b)])
                    .write_empty()?;
                Ok(())
            })?;
    }
    writer.write_event(Event::End(BytesEnd::new("edges")))?;
    writer.write_event(Event::End(BytesEnd::new("graph")))?;
    writer.write_event(Event::End(BytesEnd::new("gexf")))?;
    Ok(())
}

/// `<attvalues>`; a missing value is left out.
fn write_values(writer: &mut Writer<Vec<u8>>, values: &[(&'static str, Option<String>)]) -> std::io::Result<()> {
    writer.create_element("attvalues").write_inner_content(|w| {
        for (name, value) in values {
            if let Some(value) = value {
                w.create_element("attvalue")
                    .with_attribute(("for", *name))
                    .with_attribute(xml::attribute("value", value))
                    .write_empty()?;
            }
        }
        Ok(())
    })?;
    Ok(())
}
