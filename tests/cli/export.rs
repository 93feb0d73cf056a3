//! `actorgraph export`: GraphML and GEXF are well-formed XML whose every value is declared with
//! a type, the CSV headers are what neo4j-admin expects, Cytoscape.js JSON has its shape.

use std::collections::{BTreeMap, BTreeSet};

use quick_xml::events::Event;
use serde_json::Value;

use super::*;

fn export(format: &str, output: &Path) {
    let graph = default_graph_path();
    let graph = graph.to_str().unwrap();
    let result = run(&[
        "export",
        "--graph",
        graph,
        "--format",
        format,
        "-o",
        output.to_str().unwrap(),
    ]);
    assert!(result.status.success(), "export {format}: {}", stderr(&result));
}

/// Every element with its attributes (values unescaped), in document order; panics on XML that
/// is not well formed.
fn parse_xml(text: &str) -> Vec<(String, BTreeMap<String, String>)> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut elements = Vec::new();
    let mut depth = 0i32;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("not well-formed at {}: {e}", reader.buffer_position()));
        match &event {
            Event::Start(start) | Event::Empty(start) => {
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                }
                let name = String::from_utf8_lossy(start.name().as_ref().as_bytes()).into_owned();
                let attributes = start
                    .attributes()
                    .map(|a| {
                        let a = a.expect("a well-formed attribute");
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .expect("the value unescapes")
                            .into_owned();
                        (String::from_utf8_lossy(a.key.as_ref().as_bytes()).into_owned(), value)
                    })
                    .collect();
                elements.push((name, attributes));
            }
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unbalanced elements");
    elements
}

fn node_count() -> usize {
    default_graph()["nodes"].as_array().unwrap().len()
}

fn edge_count() -> usize {
    default_graph()["edges"].as_array().unwrap().len()
}

#[test]
fn graphml_is_well_formed_and_every_value_has_a_typed_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("graph.graphml");
    export("graphml", &path);
    let elements = parse_xml(&std::fs::read_to_string(&path).unwrap());
    let keys: BTreeMap<&str, (&str, &str)> = elements
        .iter()
        .filter(|(name, _)| name == "key")
        .map(|(_, a)| (a["id"].as_str(), (a["for"].as_str(), a["attr.type"].as_str())))
        .collect();
    for name in ["label", "kind"] {
        assert!(
            elements
                .iter()
                .any(|(n, a)| n == "key" && a["for"] == "node" && a["attr.name"] == name)
        );
    }
    let typed = |name: &str| {
        elements
            .iter()
            .find(|(n, a)| n == "key" && a["for"] == "edge" && a["attr.name"] == name)
            .map(|(_, a)| a["attr.type"].clone())
    };
    assert_eq!(typed("articles").as_deref(), Some("int"));
    assert_eq!(typed("negated").as_deref(), Some("boolean"));
    assert_eq!(typed("relation").as_deref(), Some("string"));
    let mut within = "";
    for (name, attributes) in &elements {
        match name.as_str() {
            "node" | "edge" => within = if name == "node" { "node" } else { "edge" },
            "data" => {
                let key = attributes["key"].as_str();
                let declared = keys
                    .get(key)
                    .unwrap_or_else(|| panic!("data key {key} is not declared"));
                assert_eq!(declared.0, within, "key {key} is declared for {}", declared.0);
            }
            _ => {}
        }
    }
    assert_eq!(elements.iter().filter(|(n, _)| n == "node").count(), node_count());
    assert_eq!(elements.iter().filter(|(n, _)| n == "edge").count(), edge_count());
    let graph = elements.iter().find(|(n, _)| n == "graph").unwrap();
    assert_eq!(graph.1["edgedefault"], "directed");
}

#[test]
fn gexf_is_well_formed_and_every_value_is_declared() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("graph.gexf");
    export("gexf", &path);
    let elements = parse_xml(&std::fs::read_to_string(&path).unwrap());
    assert_eq!(elements[0].0, "gexf");
    assert_eq!(elements[0].1["version"], "1.3");
    let mut declared: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut class = String::new();
    for (name, attributes) in &elements {
        match name.as_str() {
            "attributes" => class = attributes["class"].clone(),
            "attribute" => {
                assert!(
                    ["string", "integer", "boolean", "liststring", "double"].contains(&attributes["type"].as_str()),
                    "type {}",
                    attributes["type"]
                );
                declared
                    .entry(class.clone())
                    .or_default()
                    .insert(attributes["id"].clone());
            }
            _ => {}
        }
    }
    let mut within = String::new();
    for (name, attributes) in &elements {
        match name.as_str() {
            "node" | "edge" => within = name.clone(),
            "attvalue" => assert!(
                declared[&within].contains(&attributes["for"]),
                "{within} value {} is not declared",
                attributes["for"]
            ),
            _ => {}
        }
    }
    let nodes: BTreeSet<&str> = elements
        .iter()
        .filter(|(n, _)| n == "node")
        .map(|(_, a)| a["id"].as_str())
        .collect();
    assert_eq!(nodes.len(), node_count());
    let edges: Vec<_> = elements.iter().filter(|(n, _)| n == "edge").collect();
    assert_eq!(edges.len(), edge_count());
    for (_, edge) in edges {
        assert!(nodes.contains(edge["source"].as_str()) && nodes.contains(edge["target"].as_str()));
        assert!(edge["weight"].parse::<f64>().unwrap() >= 1.0);
    }
}

#[test]
fn csv_headers_are_what_neo4j_admin_expects() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("neo4j");
    export("csv", &out);
    let mut nodes = csv::Reader::from_path(out.join("nodes.csv")).unwrap();
    assert_eq!(
        nodes.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "id:ID",
            ":LABEL",
            "label",
            "kind",
            "code",
            "aliases:string[]",
            "affiliation"
        ]
    );
    let mut ids = BTreeSet::new();
    for row in nodes.records() {
        let row = row.unwrap();
        assert!(ids.insert(row[0].to_string()), "node id {} twice", &row[0]);
        assert!(row[1].starts_with("Actor;"), "labels {}", &row[1]);
    }
    assert_eq!(ids.len(), node_count());
    let mut edges = csv::Reader::from_path(out.join("edges.csv")).unwrap();
    assert_eq!(
        edges.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            ":START_ID",
            ":END_ID",
            ":TYPE",
            "id",
            "relation",
            "family",
            "polarity",
            "negated:boolean",
            "modality",
            "date",
            "cameo",
            "articles:int",
            "evidence:int",
            "first_evidence",
            "first_article"
        ]
    );
    let mut count = 0;
    for row in edges.records() {
        let row = row.unwrap();
        count += 1;
        assert!(
            ids.contains(&row[0]) && ids.contains(&row[1]),
            "dangling edge {}",
            &row[3]
        );
        assert!(
            row[2].chars().all(|c| c.is_ascii_uppercase() || c == '_'),
            "type {}",
            &row[2]
        );
        assert!(["true", "false"].contains(&&row[7]));
        assert!(row[11].parse::<u32>().unwrap() >= 1);
        assert!(row[12].parse::<u32>().unwrap() >= 1);
    }
    assert_eq!(count, edge_count());
}

#[test]
fn csv_needs_a_directory_not_standard_output() {
    let graph = default_graph_path();
    let graph = graph.to_str().unwrap();
    let output = run(&["export", "--graph", graph, "--format", "csv", "-o", "-"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("directory"), "{}", stderr(&output));
}

#[test]
fn cytoscape_json_has_elements_with_data_ids() {
    let graph = default_graph_path();
    let graph = graph.to_str().unwrap();
    let output = run(&["export", "--graph", graph, "--format", "cytoscape", "-o", "-"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    let nodes = document["elements"]["nodes"].as_array().unwrap();
    let edges = document["elements"]["edges"].as_array().unwrap();
    assert_eq!(nodes.len(), node_count());
    assert_eq!(edges.len(), edge_count());
    let ids: BTreeSet<&str> = nodes.iter().map(|n| n["data"]["id"].as_str().unwrap()).collect();
    for edge in edges {
        let data = &edge["data"];
        assert!(data["id"].is_string());
        assert!(ids.contains(data["source"].as_str().unwrap()));
        assert!(ids.contains(data["target"].as_str().unwrap()));
        assert!(data["articles"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn json_and_dot_exports_match_what_build_writes() {
    let dir = tempfile::tempdir().unwrap();
    let json_path = dir.path().join("graph.json");
    export("json", &json_path);
    assert_eq!(
        std::fs::read(&json_path).unwrap(),
        std::fs::read(default_graph_path()).unwrap(),
        "export --format json rewrites the graph byte for byte"
    );
    let dot_path = dir.path().join("graph.dot");
    export("dot", &dot_path);
    let built_dot = default_graph_path().with_extension("dot");
    assert_eq!(
        std::fs::read_to_string(&dot_path).unwrap(),
        std::fs::read_to_string(built_dot).unwrap()
    );
}

#[test]
fn exports_take_the_same_views() {
    let graph = default_graph_path();
    let graph = graph.to_str().unwrap();
    let output = run(&[
        "export",
        "--graph",
        graph,
        "--format",
        "cytoscape",
        "-o",
        "-",
        "--relation",
        "refuses",
        "--min-articles",
        "2",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    let edges = document["elements"]["edges"].as_array().unwrap();
    assert!(!edges.is_empty() && edges.len() < edge_count());
    for edge in edges {
        assert_eq!(edge["data"]["family"], "refuses");
        assert!(edge["data"]["articles"].as_u64().unwrap() >= 2);
    }
    let events = run(&["export", "--graph", graph, "--format", "events", "-o", "-"]);
    assert!(events.status.success(), "{}", stderr(&events));
    assert!(stdout(&events).starts_with("date,source,target,cameo,article"));
}
