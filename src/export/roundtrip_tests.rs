//! Property tests: whatever text an actor's id or label holds — quotes, backslashes, line
//! breaks, `<`, `&`, non-Latin scripts — comes back unchanged from the DOT (parsed with
//! graphviz-rust and [`dot::unquote`]), the GraphML (parsed with quick-xml) and the graph JSON.

use std::collections::BTreeMap;

use graphviz_rust::dot_structures::{Graph, Stmt};
use proptest::prelude::*;
use quick_xml::events::Event;

use super::{dot, graphml};
use crate::extract::{Evidence, Modality, NodeInfo};
use crate::graph::{ActorGraph, Edge, json};
use crate::rules::Family;
use crate::rules::schema::ActorKind;

/// Text built from the awkward pieces plus any printable Unicode. Carriage returns are left
/// out: DOT has no way to write one (Graphviz reads `\r` as a right-justified line break).
fn awkward_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("\n".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("&".to_string()),
        Just("'".to_string()),
        Just("Қазақстан".to_string()),
        Just("Грузия".to_string()),
        Just("北约".to_string()),
        Just("جورجيا".to_string()),
        "[a-zA-Z0-9 ]{1,6}",
        "\\PC{1,4}",
    ];
    proptest::collection::vec(piece, 1..8).prop_map(|pieces| pieces.concat())
}

fn node(id: &str, label: &str, kind: ActorKind) -> NodeInfo {
    NodeInfo {
        id: id.to_string(),
        label: label.to_string(),
        kind,
        code: None,
        aliases: vec![label.to_string()],
        affiliation: None,
        roles: Vec::new(),
    }
}

/// Two actors with the given texts and one claim between them.
fn graph_of(id: &str, label: &str, other_label: &str) -> ActorGraph {
    let edge = Edge {
        id: "e1".to_string(),
        source: id.to_string(),
        target: "other".to_string(),
        relation: "supports".to_string(),
        family: Family::Supports,
        polarity: Family::Supports.polarity(),
        negated: false,
        modality: Modality::Asserted,
        date: None,
        cameo: None,
        office: None,
        evidence: vec![Evidence {
            article: "a1".to_string(),
            sentence: 0,
            start: 0,
            end: label.len(),
            text: label.to_string(),
            rule: "r".to_string(),
            date: None,
            said_by: None,
            marks: Vec::new(),
        }],
    };
    ActorGraph::from_parts(
        vec![
            node(id, label, ActorKind::Country),
            node("other", other_label, ActorKind::Person),
        ],
        vec![edge],
        BTreeMap::new(),
    )
}

/// Node id -> label, as a parsed DOT file has them.
fn dot_labels(text: &str) -> BTreeMap<String, String> {
    let parsed = graphviz_rust::parse(text).unwrap_or_else(|e| panic!("DOT does not parse: {e}\n{text}"));
    let Graph::DiGraph { stmts, .. } = parsed else {
        panic!("not a digraph")
    };
    let mut labels = BTreeMap::new();
    for stmt in stmts {
        if let Stmt::Node(node) = stmt {
            let id = dot::unquote(&node.id.0);
            if let Some(label) = node.attributes.iter().find(|a| dot::unquote(&a.0) == "label") {
                labels.insert(id, dot::unquote(&label.1));
            }
        }
    }
    labels
}

/// Node id -> label, as a parsed GraphML file has them.
fn graphml_labels(text: &str) -> BTreeMap<String, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut labels = BTreeMap::new();
    let mut node_id: Option<String> = None;
    let mut in_label = false;
    loop {
        match reader
            .read_event()
            .unwrap_or_else(|e| panic!("GraphML does not parse: {e}\n{text}"))
        {
            Event::Start(start) if start.name().as_ref() == "node" => {
                let id = start.try_get_attribute("id").ok().flatten().expect("node id");
                node_id = Some(
                    id.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("id unescapes")
                        .into_owned(),
                );
            }
            Event::Start(start) if start.name().as_ref() == "data" => {
                let key = start.try_get_attribute("key").ok().flatten().expect("data key");
                in_label = node_id.is_some() && key.value.as_ref() == "n_label";
                if in_label {
                    labels.insert(node_id.clone().unwrap_or_default(), String::new());
                }
            }
            Event::Text(text) if in_label => {
                let id = node_id.clone().unwrap_or_default();
                let decoded = text.xml_content(quick_xml::XmlVersion::Implicit1_0);
                let unescaped = quick_xml::escape::unescape(&decoded).expect("text unescapes");
                labels.entry(id).or_default().push_str(&unescaped);
            }
            Event::GeneralRef(reference) if in_label => {
                let id = node_id.clone().unwrap_or_default();
                let name = reference.xml_content(quick_xml::XmlVersion::Implicit1_0);
                let resolved = match reference.resolve_char_ref().expect("char reference") {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&name)
                        .expect("a predefined entity")
                        .to_string(),
                };
                labels.entry(id).or_default().push_str(&resolved);
            }
            Event::End(end) if end.name().as_ref() == "data" => in_label = false,
            Event::End(end) if end.name().as_ref() == "node" => node_id = None,
            Event::Eof => break,
            _ => {}
        }
    }
    labels
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn awkward_labels_come_back_from_dot(id in awkward_text(), label in awkward_text(), other in awkward_text()) {
        prop_assume!(id != "other");
        let graph = graph_of(&id, &label, &other);
        let mut options = dot::DotOptions::titled(&label);
        options.wrap = None;
        let labels = dot_labels(&dot::to_dot_with(&graph, &options));
        prop_assert_eq!(labels.get(&id), Some(&label));
        prop_assert_eq!(labels.get("other"), Some(&other));
    }

    #[test]
    fn wrapped_dot_labels_differ_only_in_line_breaks(label in awkward_text()) {
        let graph = graph_of("x", &label, "y");
        let labels = dot_labels(&dot::to_dot(&graph, "t"));
        let drawn = labels.get("x").cloned().unwrap_or_default();
        prop_assert_eq!(drawn.replace('\n', " "), label.replace('\n', " "));
    }

    #[test]
    fn awkward_labels_come_back_from_graphml(id in awkward_text(), label in awkward_text()) {
        prop_assume!(id != "other");
        let graph = graph_of(&id, &label, "plain");
        let labels = graphml_labels(&graphml::to_graphml(&graph));
        prop_assert_eq!(labels.get(&id), Some(&label));
    }

    #[test]
    fn awkward_labels_come_back_from_json(id in awkward_text(), label in awkward_text()) {
        prop_assume!(id != "other");
        let graph = graph_of(&id, &label, "plain");
        let back = json::from_json(&json::to_json(&graph)).expect("the JSON parses");
        prop_assert_eq!(back.node(&id).map(|n| n.label.as_str()), Some(label.as_str()));
    }
}
