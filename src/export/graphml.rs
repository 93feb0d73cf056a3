//! GraphML for Gephi, yEd, NetworkX and igraph: one `<node>` per actor and one `<edge>` per
//! claim (parallel claims stay separate, as the data are), every attribute declared with its
//! type in a `<key>` so that readers get numbers as numbers and `negated` as a boolean.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, Event};

use super::xml;
use crate::graph::{ActorGraph, Edge};

/// One declared attribute: its key id, what it belongs to, its name and GraphML type.
struct Key {
    id: &'static str,
    domain: &'static str,
    name: &'static str,
    ty: &'static str,
}

const fn key(id: &'static str, domain: &'static str, name: &'static str, ty: &'static str) -> Key {
    Key { id, domain, name, ty }
}

/// Every attribute written, in the order the keys are declared.
const KEYS: &[Key] = &[
    key("n_label", "node", "label", "string"),
    key("n_kind", "node", "kind", "string"),
    key("n_code", "node", "code", "string"),
    key("n_aliases", "node", "aliases", "string"),
    key("n_affiliation", "node", "affiliation", "string"),
    key("e_label", "edge", "label", "string"),
    key("e_relation", "edge", "relation", "string"),
    key("e_family", "edge", "family", "string"),
    key("e_polarity", "edge", "polarity", "string"),
    key("e_negated", "edge", "negated", "boolean"),
    key("e_modality", "edge", "modality", "string"),
    key("e_date", "edge", "date", "string"),
    key("e_cameo", "edge", "cameo", "string"),
    key("e_articles", "edge", "articles", "int"),
    key("e_evidence", "edge", "evidence", "int"),
    key("e_weight", "edge", "weight", "double"),
    key("e_first_evidence", "edge", "first_evidence", "string"),
    key("e_first_article", "edge", "first_article", "string"),
];

/// The separator of `aliases`, which GraphML has no list type for.
pub const ALIAS_SEPARATOR: &str = "; ";

/// The graph as a GraphML document.
pub fn to_graphml(graph: &ActorGraph) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    write_document(&mut writer, graph).expect("writing to memory cannot fail");
    let mut text = String::from_utf8(writer.into_inner()).expect("the writer only writes UTF-8");
    text.push('\n');
    text
}

fn write_document(writer: &mut Writer<Vec<u8>>, graph: &ActorGraph) -> std::io::Result<()> {
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    let root = BytesStart::new("graphml").with_attributes([
        ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        (
            "xsi:schemaLocation",
            "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
        ),
    ]);
    writer.write_event(Event::Start(root))?;
    for key in KEYS {
        writer
            .create_element("key")
            .with_attributes([
                ("id", key.id),
                ("for", key.domain),
                ("attr.name", key.name),
                ("attr.type", key.ty),
            ])
            .write_empty()?;
    }
    writer.write_event(Event::Start(
        BytesStart::new("graph").with_attributes([("id", "actorgraph"), ("edgedefault", "directed")]),
    ))?;
    for node in graph.nodes() {
        let data = [
            ("n_label", Some(node.label.clone())),
            ("n_kind", Some(node.kind.as_str().to_string())),
            ("n_code", node.code.clone()),
            ("n_aliases", Some(node.aliases.join(ALIAS_SEPARATOR))),
            ("n_affiliation", node.affiliation.clone()),
        ];
        writer
            .create_element("node")
            .with_attribute(xml::attribute("id", &node.id))
            .write_inner_content(|w| write_data(w, &data))?;
    }
    for edge in graph.edges() {
        let data = edge_data(edge);
        writer
            .create_element("edge")
            .with_attribute(xml::attribute("id", &edge.id))
            .with_attribute(xml::attribute("source", &edge.source))
            .with_attribute(xml::attribute("target", &edge.target))
            .write_inner_content(|w| write_data(w, &data))?;
    }
    writer.write_event(Event::End(BytesEnd::new("graph")))?;
    writer.write_event(Event::End(BytesEnd::new("graphml")))?;
    Ok(())
}

fn edge_data(edge: &Edge) -> Vec<(&'static str, Option<String>)> {
    let first = edge.evidence.first();
    vec![
        ("e_label", Some(super::claim_label(edge))),
        ("e_relation", Some(edge.relation.clone())),
        ("e_family", Some(edge.family.as_str().to_string())),
        ("e_polarity", Some(edge.polarity.as_str().to_string())),
        ("e_negated", Some(edge.negated.to_string())),
        ("e_modality", Some(edge.modality.as_str().to_string())),
        ("e_date", edge.date.map(|d| d.to_string())),
        ("e_cameo", edge.cameo.clone()),
        ("e_articles", Some(edge.article_count().to_string())),
        ("e_evidence", Some(edge.evidence.len().to_string())),
        ("e_weight", Some(format!("{:.1}", edge.article_count() as f64))),
        ("e_first_evidence", first.map(|e| e.text.clone())),
        ("e_first_article", first.map(|e| e.article.clone())),
    ]
}

/// `<data>` elements; a missing value is left out, which GraphML reads as "no value".
fn write_data(writer: &mut Writer<Vec<u8>>, data: &[(&'static str, Option<String>)]) -> std::io::Result<()> {
    for (key, value) in data {
        if let Some(value) = value {
            writer
                .create_element("data")
                .with_attribute(("key", *key))
                .write_text_content(xml::text(value))?;
        }
    }
    Ok(())
}
