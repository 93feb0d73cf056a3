//! `actorgraph build` on the five seed articles: the claims a careful reader finds, and the
//! output files' shape.

use serde_json::Value;

use super::*;

/// One expected claim: source, family, target, negated, and an article that must back it.
struct Expect {
    source: &'static str,
    family: &'static str,
    target: &'static str,
    negated: bool,
    article: &'static str,
}

const fn claim(source: &'static str, family: &'static str, target: &'static str, article: &'static str) -> Expect {
    Expect {
        source,
        family,
        target,
        negated: false,
        article,
    }
}

const fn not(source: &'static str, family: &'static str, target: &'static str, article: &'static str) -> Expect {
    Expect {
        source,
        family,
        target,
        negated: true,
        article,
    }
}

const EXERCISES: &str = "cooperative-longbow-09";
const A000: &str = "000_c473bfd68810d2c4";
const A001: &str = "001_8059dab1124ebe85";
const A002: &str = "002_9524f3403f4c8cfa";
const A003: &str = "003_8ffcc6664766d8cb";
const A004: &str = "004_d07d460e674f973b";

const EXPECTED: &[Expect] = &[
    // 000 (Reuters, April 2009)
    claim("KAZ", "refuses", EXERCISES, A000),
    claim("KAZ", "supports", "RUS", A000),
    claim("RUS", "opposes", EXERCISES, A000),
    claim("RUS", "threatens", "NATO", A000),
    claim("RUS", "fights", "GEO", A000),
    claim("akhmetov", "holds_office", "KAZ", A000),
    claim("KAZ", "cooperates_with", "NATO", A000),
    not("KAZ", "recognizes", "SOS", A000),
    not("KAZ", "recognizes", "ABK", A000),
    // 001 (RFE/RL, September 2008)
    claim("KAZ", "cooperates_with", "NATO", A001),
    claim("RUS", "opposes", "NATO", A001),
    claim("NATO", "supports", "GEO", A001),
    claim("akhmetov", "supports", "NATO", A001),
    claim("akhmetov", "holds_office", "KAZ", A001),
    claim("medvedev", "visits", "KAZ", A001),
    claim("KAZ", "supports", "RUS", A001),
    not("KAZ", "recognizes", "SOS", A001),
    not("KAZ", "recognizes", "ABK", A001),
    claim("USA", "supports", "KAZ", A001),
    // 002 (blog, April 2009)
    claim("KAZ", "refuses", EXERCISES, A002),
    claim("RUS", "opposes", EXERCISES, A002),
    claim("KAZ", "member_of", "PfP", A002),
    claim("KAZ", "supports", "RUS", A002),
    claim("akhmetov", "holds_office", "KAZ", A002),
    claim("KAZ", "cooperates_with", "NATO", A002),
    not("KAZ", "recognizes", "SOS", A002),
    claim("medvedev", "opposes", EXERCISES, A002),
    // 003 (IWPR, February 2009)
    claim("akhmetov", "holds_office", "KAZ", A003),
    claim("KAZ", "cooperates_with", "RUS", A003),
    claim("KAZ", "buys_arms_from", "RUS", A003),
    claim("KAZ", "cooperates_with", "NATO", A003),
    claim("KAZ", "member_of", "PfP", A003),
    claim("akhmetov", "visits", "RUS", A003),
    // 004 (Jamestown, May 2009)
    claim("KAZ", "refuses", EXERCISES, A004),
    claim("akhmetov", "holds_office", "KAZ", A004),
    claim("LVA", "refuses", EXERCISES, A004),
    claim("EST", "refuses", EXERCISES, A004),
    claim("KAZ", "member_of", "PfP", A004),
    claim("RUS", "opposes", EXERCISES, A004),
    claim("KAZ", "cooperates_with", "CSTO", A004),
    claim("KAZ", "buys_arms_from", "RUS", A004),
    claim("masimov", "opposes", "akhmetov", A004),
    claim("masimov", "opposes", "shkolnik", A004),
    claim("KAZ", "cooperates_with", "NATO", A004),
    claim("tazhin", "visits", "clinton", A004),
];

fn edges(graph: &Value) -> &Vec<Value> {
    graph["edges"].as_array().expect("edges")
}

fn backs(edge: &Value, article: &str) -> bool {
    edge["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["article"] == article)
}

#[test]
fn the_graph_holds_every_claim_of_the_seed_articles() {
    let graph = default_graph();
    let missing: Vec<String> = EXPECTED
        .iter()
        .filter(|x| {
            !edges(graph).iter().any(|e| {
                e["source"] == x.source
                    && e["family"] == x.family
                    && e["target"] == x.target
                    && e["negated"] == x.negated
                    && backs(e, x.article)
            })
        })
        .map(|x| {
            format!(
                "{}{} -{}-> {} in {}",
                if x.negated { "not " } else { "" },
                x.source,
                x.family,
                x.target,
                x.article
            )
        })
        .collect();
    assert!(missing.is_empty(), "missing claims:\n{}", missing.join("\n"));
}

#[test]
fn variant_spellings_end_up_as_one_node() {
    let graph = default_graph();
    let ids: Vec<&str> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    for unexpected in [
        "Kazakstan",
        "Astana",
        "Moscow",
        "Kremlin",
        "Danial Akhmetov",
        "Nazarbaev",
        "Washington",
    ] {
        assert!(
            !ids.iter().any(|id| id.eq_ignore_ascii_case(unexpected)),
            "{unexpected} is a node of its own"
        );
    }
    let kazakhstan = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "KAZ")
        .unwrap();
    let aliases: Vec<&str> = kazakhstan["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    for alias in ["Kazakhstan", "Kazakstan", "Astana"] {
        assert!(aliases.contains(&alias), "KAZ lacks alias {alias}");
    }
}

#[test]
fn a_repeated_paragraph_is_one_piece_of_evidence() {
    let graph = default_graph();
    for edge in edges(graph) {
        let mut seen = std::collections::HashSet::new();
        for evidence in edge["evidence"].as_array().unwrap() {
            let key = (
                evidence["article"].as_str().unwrap(),
                evidence["text"].as_str().unwrap(),
            );
            assert!(seen.insert(key), "evidence repeated in {}: {:?}", edge["id"], key);
        }
    }
    let refusal = edges(graph)
        .iter()
        .find(|e| e["source"] == "KAZ" && e["relation"] == "refuses" && e["target"] == EXERCISES)
        .unwrap();
    let from_000 = refusal["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["article"] == A000)
        .count();
    assert_eq!(
        from_000, 1,
        "000 states the refusal in one sentence (repeated in a repeated paragraph)"
    );
}

#[test]
fn a_person_in_office_keeps_the_claim_and_names_its_state() {
    let graph = default_graph();
    let akhmetov = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "akhmetov")
        .unwrap();
    assert_eq!(akhmetov["kind"], "person");
    assert_eq!(akhmetov["affiliation"], "KAZ");
    let office = edges(graph)
        .iter()
        .find(|e| e["source"] == "akhmetov" && e["family"] == "holds_office")
        .unwrap();
    assert_eq!(office["office"]["title"], "Defense Minister");
    assert_eq!(office["office"]["from"], "2007-02-01");
}

#[test]
fn dates_resolve_against_the_article_date() {
    let graph = default_graph();
    let supports = edges(graph)
        .iter()
        .find(|e| e["source"] == "KAZ" && e["relation"] == "supports" && e["target"] == "RUS")
        .unwrap();
    let dates: Vec<&str> = supports["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["date"].as_str())
        .collect();
    assert!(
        dates.contains(&"2009-04-21"),
        "\"on April 21\" in an April 2009 article: {dates:?}"
    );
    let war = edges(graph)
        .iter()
        .find(|e| e["source"] == "RUS" && e["family"] == "fights" && e["target"] == "GEO")
        .unwrap();
    let war_dates: Vec<&str> = war["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["date"].as_str())
        .collect();
    assert!(
        war_dates.contains(&"2008"),
        "\"last year\" in a 2009 article: {war_dates:?}"
    );
}

#[test]
fn possibility_is_not_asserted() {
    let graph = default_graph();
    let buying = edges(graph)
        .iter()
        .filter(|e| e["source"] == "KAZ" && e["family"] == "buys_arms_from" && e["target"] == "NATO")
        .collect::<Vec<_>>();
    assert!(!buying.is_empty());
    assert!(
        buying.iter().all(|e| e["modality"] == "possible"),
        "\"may even consider buying\" is a possibility"
    );
}

#[test]
fn every_edge_follows_the_json_contract() {
    let graph = default_graph();
    let node_ids: Vec<&str> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    for node in graph["nodes"].as_array().unwrap() {
        for key in ["id", "label", "kind", "code", "aliases", "affiliation"] {
            assert!(node.get(key).is_some(), "node {} lacks {key}", node["id"]);
        }
    }
    for edge in edges(graph) {
        for key in [
            "id", "source", "target", "relation", "family", "polarity", "negated", "modality", "date", "cameo",
            "evidence",
        ] {
            assert!(edge.get(key).is_some(), "edge {} lacks {key}", edge["id"]);
        }
        assert!(node_ids.contains(&edge["source"].as_str().unwrap()));
        assert!(node_ids.contains(&edge["target"].as_str().unwrap()));
        for evidence in edge["evidence"].as_array().unwrap() {
            let article = evidence["article"].as_str().unwrap();
            let text = std::fs::read_to_string(root().join("data/articles").join(format!("{article}.txt"))).unwrap();
            let (start, end) = (
                evidence["start"].as_u64().unwrap() as usize,
                evidence["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                &text[start..end],
                evidence["text"].as_str().unwrap(),
                "offsets of {}",
                edge["id"]
            );
        }
    }
}

#[test]
fn the_dot_output_parses_back_with_graphviz_rust() {
    let out = tempfile::tempdir().unwrap();
    let output = run(&["build", "--out", out.path().to_str().unwrap(), "--quiet"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let dot = std::fs::read_to_string(out.path().join("kazakhstan.dot")).unwrap();
    let parsed = graphviz_rust::parse(&dot).expect("DOT parses");
    let graphviz_rust::dot_structures::Graph::DiGraph { stmts, .. } = parsed else {
        panic!("a digraph")
    };
    let edges = stmts
        .iter()
        .filter(|s| matches!(s, graphviz_rust::dot_structures::Stmt::Edge(_)))
        .count();
    assert!(edges >= 30, "only {edges} edges drawn");
}

#[test]
fn the_build_is_byte_for_byte_reproducible_across_thread_counts() {
    let one = tempfile::tempdir().unwrap();
    let many = tempfile::tempdir().unwrap();
    for (dir, threads) in [(&one, "1"), (&many, "4")] {
        let output = run(&[
            "build",
            "--out",
            dir.path().to_str().unwrap(),
            "--threads",
            threads,
            "--quiet",
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    for file in ["kazakhstan.json", "kazakhstan.dot", "kazakhstan.bin"] {
        let a = std::fs::read(one.path().join(file)).unwrap();
        let b = std::fs::read(many.path().join(file)).unwrap();
        assert!(a == b, "{file} differs between 1 and 4 threads");
    }
}

#[test]
fn a_war_named_long_after_it_is_not_dated_by_the_article() {
    let record = |id: &str, text: &str| serde_json::json!({"id": id, "date": "2019-09-23", "text": text});
    let graph = graph_of_records(&[
        record("memory", "Rouhani spoke at a commemoration of the Iran-Iraq war."),
        record("dated", "The Russian-Georgian war in August 2008 changed the region."),
        record("now", "Kazakhstan criticized Russia."),
    ]);
    let date_of = |source: &str, target: &str| {
        let edge = edges(&graph)
            .iter()
            .find(|e| e["source"] == source && e["target"] == target)
            .unwrap_or_else(|| panic!("no {source} -> {target} edge"));
        edge["date"].clone()
    };
    assert_eq!(date_of("IRN", "IRQ"), Value::Null, "the war is not of 2019");
    assert_eq!(date_of("RUS", "GEO"), "2008-08");
    assert_eq!(date_of("KAZ", "RUS"), "2019-09-23");
}

#[test]
fn an_office_held_long_before_the_article_is_dated_by_its_sentence_or_not_at_all() {
    let text = "US President Bill Clinton criticized Iran in 1998. Russian President Boris Yeltsin visited China. \
                Russian President Dmitry Medvedev visited Astana.";
    let graph = graph_of_records(&[serde_json::json!({"id": "a", "date": "2009-06-01", "text": text})]);
    let office_date = |person: &str| {
        let edge = edges(&graph)
            .iter()
            .find(|e| e["relation"] == "holds_office" && e["source"].as_str().unwrap().contains(person))
            .unwrap_or_else(|| panic!("no office of {person}"));
        edge["date"].clone()
    };
    assert_eq!(
        office_date("clinton"),
        "1998",
        "the sentence dates Clinton's presidency"
    );
    assert_eq!(office_date("yeltsin"), Value::Null, "Yeltsin was not president in 2009");
    assert_eq!(office_date("medvedev"), "2009-06-01", "Medvedev was");
}
