//! `actorgraph extract` and `actorgraph assemble`: a corpus extracted in parts and assembled gives
//! byte for byte the graph of one build, whatever the split.

use std::collections::HashMap;
use std::path::Path;

use super::*;

/// The seed articles as JSON Lines (`id,url,date,title,outlet,text`), one article a line.
fn seed_lines() -> Vec<String> {
    let source = actorgraph::corpus::source::open(&root().join("data/articles")).expect("the seed articles open");
    source
        .filter_map(|loaded| loaded.article)
        .map(|article| {
            serde_json::json!({
                "id": article.id,
                "url": article.meta.url,
                "date": article.meta.date.map(|d| d.to_string()),
                "title": article.meta.title,
                "outlet": article.meta.outlet,
                "text": article.text,
            })
            .to_string()
        })
        .collect()
}

fn extract(lines: &[String]) -> Vec<u8> {
    let mut input = lines.join("\n");
    input.push('\n');
    let output = actorgraph()
        .args(["extract", "--quiet"])
        .write_stdin(input)
        .output()
        .expect("extract runs");
    assert!(output.status.success(), "extract failed: {}", stderr(&output));
    output.stdout
}

fn graph_files(dir: &Path) -> (Vec<u8>, Vec<u8>) {
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    (read("g.json"), read("g.dot"))
}

#[test]
fn parts_extracted_apart_assemble_into_the_graph_of_one_build() {
    let lines = seed_lines();
    assert_eq!(lines.len(), 5);
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("seeds.jsonl");
    std::fs::write(&corpus, lines.join("\n") + "\n").unwrap();
    let one = dir.path().join("one");
    let output = build_into(&corpus, &one, "g", &["--quiet"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let expected = graph_files(&one);

    for split in [vec![5], vec![2, 3], vec![1, 1, 1, 1, 1], vec![3, 0, 2]] {
        let mut parts = Vec::new();
        let mut at = 0;
        for (index, size) in split.iter().enumerate() {
            let path = dir.path().join(format!("part-{index}.claims.jsonl"));
            std::fs::write(&path, extract(&lines[at..at + size])).unwrap();
            parts.push(path.to_str().unwrap().to_string());
            at += size;
        }
        let out = dir.path().join(format!("split-{}", split.len()));
        let mut args = vec!["assemble", "--out", out.to_str().unwrap(), "--name", "g", "--quiet"];
        args.extend(parts.iter().map(String::as_str));
        let output = run(&args);
        assert!(output.status.success(), "{}", stderr(&output));
        let got = graph_files(&out);
        assert!(got.0 == expected.0, "graph JSON differs for the split {split:?}");
        assert!(got.1 == expected.1, "DOT differs for the split {split:?}");
    }
}

#[test]
fn the_stream_is_tagged_json_lines_with_each_curated_node_once() {
    let stream = String::from_utf8(extract(&seed_lines())).unwrap();
    let mut nodes: HashMap<String, usize> = HashMap::new();
    let mut claims = 0;
    for line in stream.lines() {
        let record: serde_json::Value = serde_json::from_str(line).expect("one JSON value a line");
        let object = record.as_object().expect("an object");
        assert_eq!(object.len(), 1, "one tag a record: {line}");
        match object.keys().next().map(String::as_str) {
            Some("node") => {
                *nodes
                    .entry(record["node"]["id"].as_str().unwrap().to_string())
                    .or_default() += 1
            }
            Some("claim") => claims += 1,
            Some("article") => assert!(record["article"]["id"].is_string()),
            other => panic!("unknown record {other:?}"),
        }
    }
    assert!(claims > 50, "only {claims} claims");
    for (id, count) in &nodes {
        // Curated actors never change; only a discovered person may gain an alias or affiliation.
        assert!(*count == 1 || id.starts_with("person:"), "{id} written {count} times");
    }
}

#[test]
fn assemble_reads_stdin_and_names_a_damaged_line() {
    let mut stream = extract(&seed_lines()[..1]);
    stream.extend_from_slice(b"{\"claim\": {\"source\": \"KAZ\"\n");
    let dir = tempfile::tempdir().unwrap();
    let output = actorgraph()
        .args(["assemble", "--out", dir.path().to_str().unwrap(), "--name", "g"])
        .write_stdin(stream.clone())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let lines = stream.iter().filter(|&&b| b == b'\n').count();
    assert!(
        stderr(&output).contains(&format!("<stdin>, line {lines}, column")),
        "{}",
        stderr(&output)
    );
    assert!(dir.path().join("g.json").exists() && dir.path().join("g.dot").exists());
}

#[test]
fn quiet_prints_nothing_and_verbose_prints_timings_without_a_progress_bar_in_pipes() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("seeds.jsonl");
    // A damaged line: a warning, and exit status 3, whatever the verbosity.
    std::fs::write(&corpus, seed_lines().join("\n") + "\n{broken\n").unwrap();
    let build = |flag: &str| build_into(&corpus, dir.path(), "g", &[flag]);
    let quiet = build("--quiet");
    assert_eq!(quiet.status.code(), Some(3));
    assert_eq!(stderr(&quiet), "", "--quiet prints only errors");
    let verbose = build("--verbose");
    assert_eq!(verbose.status.code(), Some(3));
    let text = stderr(&verbose);
    assert!(text.contains("seeds.jsonl, line 6, column"), "{text}");
    assert!(text.contains("MB/s") && text.contains("sentences/s"), "{text}");
    // stderr is a pipe here: no bar, no carriage returns or escape codes.
    assert!(!text.contains('\r') && !text.contains('\x1b'), "{text:?}");
}
