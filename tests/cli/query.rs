//! Asking the graph: `query`, `explain`, `neighbors`, `path`, `summary` and `timeline` on the graph
//! of the five seed articles, built fresh for this test binary.

use std::collections::BTreeSet;
use std::process::Output;

use serde_json::Value;

use super::*;

const EXERCISES: &str = "cooperative-longbow-09";

/// Runs a command that reads a graph, on the freshly built default graph.
fn ask(args: &[&str]) -> Output {
    let graph = default_graph_path();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--graph", graph.to_str().expect("a UTF-8 path")]);
    run(&all)
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("an exit code")
}

/// The edges of a `--format json` answer.
fn json_edges(output: &Output) -> Vec<Value> {
    assert_eq!(code(output), 0, "{}", stderr(output));
    let parsed: Value = serde_json::from_slice(&output.stdout).expect("the answer is JSON");
    parsed["edges"].as_array().expect("edges").clone()
}

fn articles_of(edges: &[Value]) -> BTreeSet<String> {
    edges
        .iter()
        .flat_map(|e| e["evidence"].as_array().unwrap().iter())
        .map(|ev| ev["article"].as_str().unwrap()[..3].to_string())
        .collect()
}

#[test]
fn who_opposes_the_exercises_lists_russia() {
    let output = ask(&["query", "--relation", "opposes", "--target", "Cooperative Longbow 09"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let table = stdout(&output);
    assert!(table.lines().any(|l| l.starts_with("Russia ")), "{table}");
    insta::assert_snapshot!("opposes_the_exercises", table);
}

#[test]
fn rolled_up_medvedevs_claim_counts_for_russia() {
    let medvedev = json_edges(&ask(&[
        "query",
        "--source",
        "Medvedev",
        "--relation",
        "opposes",
        "--target",
        EXERCISES,
        "--format",
        "json",
    ]));
    let said_by_medvedev = medvedev[0]["evidence"][0]["text"].as_str().unwrap().to_string();
    let rolled = json_edges(&ask(&[
        "query",
        "--relation",
        "opposes",
        "--target",
        EXERCISES,
        "--roll-up",
        "--format",
        "json",
    ]));
    assert!(rolled.iter().all(|e| e["source"] == "RUS"), "{rolled:?}");
    assert_eq!(rolled.len(), 1, "Medvedev's edge merged into Russia's");
    let texts: Vec<&str> = rolled[0]["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert!(texts.contains(&said_by_medvedev.as_str()), "{texts:?}");
    insta::assert_snapshot!(
        "opposes_the_exercises_rolled_up",
        stdout(&ask(&[
            "query",
            "--relation",
            "opposes",
            "--target",
            EXERCISES,
            "--roll-up"
        ]))
    );
}

#[test]
fn kazakhstans_refusal_rests_on_three_independent_articles() {
    let output = ask(&["query", "--source", "kazakstan", "--relation", "refuses"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let table = stdout(&output);
    let row = table
        .lines()
        .find(|l| l.contains("Cooperative Longbow 09") && l.contains("2009"))
        .unwrap_or_else(|| panic!("no row for the 2009 exercises:\n{table}"));
    assert!(row.contains("         3  "), "three independent articles: {row}");
    insta::assert_snapshot!("kazakhstan_refuses", table);

    let edges = json_edges(&ask(&[
        "query",
        "--source",
        "kazakstan",
        "--relation",
        "refuses",
        "--format",
        "json",
    ]));
    let to_exercises: Vec<Value> = edges.into_iter().filter(|e| e["target"] == EXERCISES).collect();
    assert_eq!(
        articles_of(&to_exercises),
        BTreeSet::from(["000".into(), "002".into(), "004".into()])
    );
    let from_000 = to_exercises
        .iter()
        .flat_map(|e| e["evidence"].as_array().unwrap().iter())
        .filter(|ev| ev["article"].as_str().unwrap().starts_with("000"))
        .count();
    assert_eq!(from_000, 1, "000 repeats its paragraph; the sentence counts once");
    assert!(to_exercises.iter().all(|e| e["source_label"] == "Kazakhstan"));
}

#[test]
fn explain_shows_each_sentence_once_with_its_marks() {
    let output = ask(&[
        "explain",
        "Kazakhstan",
        "refuses",
        "Cooperative Longbow 09",
        "--color",
        "never",
    ]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    let sentences: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains("[["))
        .collect();
    let unique: BTreeSet<&str> = sentences.iter().copied().collect();
    assert_eq!(sentences.len(), unique.len(), "a sentence shown twice:\n{text}");
    assert!(sentences.len() >= 3, "{text}");
    assert!(
        text.contains("[[Kazakhstan]] {{has refused to take part in}} [[NATO-organized war games in Georgia]]"),
        "{text}"
    );
    assert!(text.contains("Reuters") && text.contains("rule: "), "{text}");
    insta::assert_snapshot!("explain_kazakhstan_refuses", text);
}

#[test]
fn a_misspelt_name_fails_and_suggests_the_nearest() {
    let output = ask(&["query", "--source", "Kazakstn"]);
    assert_eq!(code(&output), 2);
    assert!(stdout(&output).is_empty());
    assert!(
        stderr(&output).contains("did you mean Kazakhstan?"),
        "{}",
        stderr(&output)
    );
    let relation = ask(&["query", "--relation", "oposes"]);
    assert_eq!(code(&relation), 2);
    assert!(
        stderr(&relation).contains("did you mean opposes?"),
        "{}",
        stderr(&relation)
    );
}

#[test]
fn nothing_matched_exits_1_like_grep() {
    let output = ask(&["query", "--source", "NATO", "--relation", "fights"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert!(stdout(&output).is_empty());
    let json = ask(&["query", "--source", "NATO", "--relation", "fights", "--format", "json"]);
    assert_eq!(code(&json), 1);
}

#[test]
fn the_pattern_form_asks_the_same_as_the_flags() {
    let pattern = ask(&["query", "? -opposes-> \"NATO exercises\""]);
    let flags = ask(&["query", "--relation", "opposes", "--target", "the NATO exercises"]);
    assert_eq!(code(&pattern), 0, "{}", stderr(&pattern));
    assert_eq!(stdout(&pattern), stdout(&flags));
    assert!(stdout(&pattern).contains("Russia"));

    let any_relation = ask(&["query", "Kazakhstan -?-> NATO"]);
    assert_eq!(code(&any_relation), 0, "{}", stderr(&any_relation));
    let table = stdout(&any_relation);
    let rows: Vec<&str> = table.lines().skip(1).collect();
    assert!(rows.len() >= 2, "{table}");
    assert!(
        rows.iter()
            .all(|r| r.starts_with("Kazakhstan ") && r.contains(" NATO ")),
        "{table}"
    );

    let broken = ask(&["query", "Kazakhstan opposes NATO"]);
    assert_eq!(code(&broken), 2);
    assert!(stderr(&broken).contains("no arrow"), "{}", stderr(&broken));
    let twice = ask(&["query", "Kazakhstan -?-> NATO", "--source", "Russia"]);
    assert_eq!(code(&twice), 2);
    assert!(stderr(&twice).contains("given twice"), "{}", stderr(&twice));
}

#[test]
fn csv_has_a_header_and_one_row_per_edge() {
    let args = ["query", "--source", "Kazakhstan", "--target", "NATO"];
    let edges = json_edges(&ask(&[&args[..], &["--format", "json"]].concat()));
    let output = ask(&[&args[..], &["--format", "csv"]].concat());
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header = reader.headers().expect("a header").clone();
    assert_eq!(&header[0], "id");
    assert!(header.iter().any(|h| h == "source_label"));
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a CSV row")).collect();
    assert_eq!(rows.len(), edges.len());
    for (row, edge) in rows.iter().zip(&edges) {
        assert_eq!(&row[0], edge["id"].as_str().unwrap());
        assert_eq!(&row[2], "Kazakhstan");
        assert_eq!(&row[7], "NATO");
    }
}

#[test]
fn json_answers_are_graphs_the_tool_reads_back() {
    let output = ask(&["query", "--source", "Kazakhstan", "--format", "json"]);
    let edges = json_edges(&output);
    assert!(
        edges
            .iter()
            .all(|e| e["source_label"] == "Kazakhstan" && e["target_label"].is_string())
    );
    let dir = tempfile::tempdir().unwrap();
    let answer = dir.path().join("answer.json");
    std::fs::write(&answer, &output.stdout).unwrap();
    let again = run(&["query", "--source", "KAZ", "--graph", answer.to_str().unwrap()]);
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert_eq!(stdout(&again), stdout(&ask(&["query", "--source", "KAZ"])));
}

#[test]
fn the_snapshot_answers_as_the_json_does() {
    let snapshot = default_graph_dir().join("kazakhstan.bin");
    for args in [
        vec!["query", "--source", "Kazakhstan"],
        vec!["query", "--relation", "opposes", "--roll-up"],
        vec!["explain", "?", "refuses", "?", "--color", "never"],
        vec!["summary"],
    ] {
        let from_json = ask(&args);
        let mut with_snapshot = args.clone();
        with_snapshot.extend(["--graph", snapshot.to_str().unwrap()]);
        let from_snapshot = run(&with_snapshot);
        assert_eq!(code(&from_snapshot), 0, "{args:?}: {}", stderr(&from_snapshot));
        assert_eq!(stdout(&from_snapshot), stdout(&from_json), "{args:?}");
    }
}

#[test]
fn dates_and_articles_narrow_the_evidence() {
    let before = json_edges(&ask(&[
        "query",
        "--source",
        "Kazakhstan",
        "--relation",
        "supports",
        "--target",
        "Russia",
        "--until",
        "2008",
        "--format",
        "json",
    ]));
    assert_eq!(
        articles_of(&before),
        BTreeSet::from(["001".into()]),
        "only the 2008 article"
    );
    let from_002 = json_edges(&ask(&[
        "query",
        "--article",
        "002",
        "--relation",
        "refuses",
        "--format",
        "json",
    ]));
    assert_eq!(articles_of(&from_002), BTreeSet::from(["002".into()]));
    let bad_date = ask(&["query", "--since", "April 2009"]);
    assert_eq!(code(&bad_date), 2);
    assert!(stderr(&bad_date).contains("YYYY"), "{}", stderr(&bad_date));
}

#[test]
fn the_timeline_of_kazakhstan_and_nato_shows_the_shift() {
    let output = ask(&["timeline", "Kazakhstan", "NATO"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    let cooperation = text
        .lines()
        .position(|l| l.starts_with("2008-09") && l.contains("holds_joint_exercises") && l.contains("cooperation"));
    let refusal = text
        .lines()
        .position(|l| l.starts_with("2009-04") && l.contains("refuses") && l.contains("conflict"));
    match (cooperation, refusal) {
        (Some(c), Some(r)) => assert!(c < r, "{text}"),
        _ => panic!("joint exercises in 2008-09 and the refusal in 2009-04 expected:\n{text}"),
    }
}

#[test]
fn a_path_prints_each_hop_in_its_own_direction() {
    let output = ask(&["path", "Latvia", "Russia"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("Latvia -refuses-> Cooperative Longbow 09 / Cooperative Lancer 09 <-opposes- Russia"),
        "{text}"
    );
    let unreachable = ask(&["path", "Latvia", "Brussels", "--relation", "refuses"]);
    assert_eq!(code(&unreachable), 1);
}

#[test]
fn neighbours_are_listed_by_depth() {
    let output = ask(&["neighbors", "Latvia", "--depth", "2"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    let exercises = text
        .lines()
        .position(|l| l.trim_start().starts_with("1  Cooperative Longbow 09"));
    let russia = text.lines().position(|l| l.trim_start().starts_with("2  Russia"));
    assert!(exercises.is_some() && russia.is_some(), "{text}");
    assert!(exercises < russia);
}

#[test]
fn the_summary_ranks_the_busiest_pair_first_with_its_goldstein_score() {
    let output = ask(&["summary", "Kazakhstan"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    let first = text.lines().nth(1).expect("a pair");
    assert!(first.starts_with("Kazakhstan – NATO"), "{text}");
    assert!(first.split_whitespace().last().unwrap().starts_with('+'), "{first}");
    let exercises = text
        .lines()
        .find(|l| l.contains("Cooperative Longbow 09"))
        .expect("the exercises");
    assert!(
        exercises.trim_end().ends_with("-20.0"),
        "four refusals and a withdrawal: {exercises}"
    );
}
