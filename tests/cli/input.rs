//! Damaged input: every broken article is one warning naming the file and why, every other
//! article is still read, the exit status says the run was partial, and evidence offsets point
//! at the evidence in the file as it is on disk (BOM, CRLF and CR line ends included).

use super::*;

const RUSSIA: &str = "Russia criticized NATO.";
const KAZAKHSTAN: &str = "Uzbekistan refused to join the CSTO.";

/// Every piece of evidence: (article id, start, end, text).
fn evidence(graph: &serde_json::Value) -> Vec<(String, usize, usize, String)> {
    let mut found = Vec::new();
    for edge in graph["edges"].as_array().unwrap() {
        for piece in edge["evidence"].as_array().unwrap() {
            found.push((
                piece["article"].as_str().unwrap().to_string(),
                piece["start"].as_u64().unwrap() as usize,
                piece["end"].as_u64().unwrap() as usize,
                piece["text"].as_str().unwrap().to_string(),
            ));
        }
    }
    found
}

#[test]
fn damaged_articles_are_one_warning_each_and_the_rest_still_build() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write("good.txt", format!("{RUSSIA}\n").as_bytes());
    write("empty.txt", b"");
    write("blank.txt", b"  \n\r\n");
    write("binary.txt", b"PK\x03\x04\x00\x00 Russia criticized NATO.");
    write(
        "latin1.txt",
        &[b"Caf\xe9 society.\n", KAZAKHSTAN.as_bytes(), b"\n"].concat(),
    );
    // 100 MB on disk without writing it: the size alone decides.
    std::fs::File::create(dir.path().join("huge.txt"))
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    // Unreadable even for root: a link to nowhere, and a directory named like an article.
    std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("dangling.txt")).unwrap();
    std::fs::create_dir(dir.path().join("folder.txt")).unwrap();

    let (output, graph) = build_articles(dir.path(), &[]);
    assert_eq!(
        output.status.code(),
        Some(3),
        "a partial run exits 3: {}",
        stderr(&output)
    );
    let warnings = stderr(&output);
    let reasons = [
        ("empty.txt", "empty"),
        ("blank.txt", "empty"),
        ("binary.txt, byte 4", "binary"),
        ("latin1.txt, byte 3", "not valid UTF-8"),
        ("huge.txt", "over the 16 MiB limit"),
        ("dangling.txt", "unreadable"),
        ("folder.txt", "unreadable"),
    ];
    for (file, reason) in reasons {
        let lines: Vec<&str> = warnings.lines().filter(|l| l.contains(file)).collect();
        assert_eq!(lines.len(), 1, "one warning for {file}:\n{warnings}");
        assert!(
            lines[0].starts_with("warning: ") && lines[0].contains(reason),
            "{}",
            lines[0]
        );
    }
    assert!(!warnings.contains("good.txt"), "{warnings}");
    let texts: Vec<String> = evidence(&graph).into_iter().map(|e| e.3).collect();
    assert!(texts.contains(&RUSSIA.to_string()), "{texts:?}");
    assert!(
        texts.contains(&KAZAKHSTAN.to_string()),
        "the lossily decoded article still counts: {texts:?}"
    );
    let articles = graph["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 2, "{articles:?}");
}

#[test]
fn offsets_point_into_the_file_as_written_whatever_its_line_ends() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "bom-crlf.txt",
            format!("\u{feff}Title line\r\n\r\n{RUSSIA}\r\n{KAZAKHSTAN}\r\n"),
        ),
        ("cr.txt", format!("Title line\r\r{KAZAKHSTAN} Then {RUSSIA}\r")),
        ("lf.txt", format!("Title line\n\n{RUSSIA}\n")),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let (output, graph) = build_articles(dir.path(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let found = evidence(&graph);
    for (name, text) in &files {
        let id = name.trim_end_matches(".txt");
        let pieces: Vec<_> = found.iter().filter(|e| e.0 == id).collect();
        assert!(!pieces.is_empty(), "no claim from {name}: {found:?}");
        for (_, start, end, sentence) in pieces {
            assert_eq!(&text.as_bytes()[*start..*end], sentence.as_bytes(), "{name}");
        }
    }
    let from_cr: Vec<&String> = found.iter().filter(|e| e.0 == "cr").map(|e| &e.3).collect();
    assert_eq!(from_cr.len(), 2, "two sentences on one CR-ended line: {from_cr:?}");
}

#[test]
fn csv_and_json_lines_are_one_argument_away() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("news.csv");
    // A BOM, CRLF rows, a quoted text with a comma and a line break, and a row that is broken.
    std::fs::write(
        &csv,
        format!(
            "\u{feff}url,date,title,text\r\nhttps://example.org/a,2009-04-21,A,\"{RUSSIA}\r\nMore, later.\"\r\nhttps://example.org/b,2009-05-02,B\r\nhttps://example.org/c,2009-05-03,C,{KAZAKHSTAN}\r\n"
        ),
    )
    .unwrap();
    let (output, graph) = build_articles(&csv, &[]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert_eq!(
        stderr(&output).lines().filter(|l| l.starts_with("warning: ")).count(),
        1
    );
    assert!(stderr(&output).contains("news.csv, line 4:"), "{}", stderr(&output));
    let texts: Vec<String> = evidence(&graph).into_iter().map(|e| e.3).collect();
    assert!(
        texts.contains(&RUSSIA.to_string()) && texts.contains(&KAZAKHSTAN.to_string()),
        "{texts:?}"
    );
    let article = &graph["articles"].as_array().unwrap()[0];
    assert_eq!(article["outlet"], "example.org", "{article}");
    assert_eq!(article["date"], "2009-04-21", "{article}");

    let jsonl = dir.path().join("news.jsonl");
    let record = |id: &str, text: &str| {
        serde_json::json!({"id": id, "url": "https://example.org/x", "date": "2009-04-21", "title": "T", "text": text})
            .to_string()
    };
    std::fs::write(
        &jsonl,
        format!(
            "{}\n{{\"text\": oops}}\n\n{}\n",
            record("a", RUSSIA),
            record("b", KAZAKHSTAN)
        ),
    )
    .unwrap();
    let (output, graph) = build_articles(&jsonl, &[]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("news.jsonl, line 2, column"),
        "{}",
        stderr(&output)
    );
    let ids: Vec<String> = evidence(&graph).into_iter().map(|e| e.0).collect();
    assert!(
        ids.contains(&"a".to_string()) && ids.contains(&"b".to_string()),
        "{ids:?}"
    );
}

/// Sentences to make a corpus of from: enough actors and relations that articles differ.
const SENTENCES: [&str; 12] = [
    "Russia criticized NATO.",
    "Uzbekistan refused to join the CSTO.",
    "Kazakhstan signed an agreement with China.",
    "Defense Minister Danial Akhmetov visited Moscow.",
    "The United States condemned Iran.",
    "Kyrgyzstan ordered the closure of the Manas air base.",
    "Turkmenistan did not join the Collective Security Treaty Organization.",
    "President Medvedev met Nursultan Nazarbayev in Astana.",
    "Georgia accused Russia of bombing its territory.",
    "Tajikistan supported the Russian position.",
    "The European Union urged Belarus to release prisoners.",
    "China bought fighter jets from Russia.",
];

#[test]
fn many_articles_give_the_same_bytes_on_one_two_and_four_threads() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    // 700 articles: more than two batches of the pipeline, so threads really interleave.
    let mut lines = String::new();
    for n in 0..700usize {
        let text: Vec<&str> = (0..4)
            .map(|k| SENTENCES[(n * 7 + k * 5 + n / 12) % SENTENCES.len()])
            .collect();
        let record = serde_json::json!({
            "id": format!("a{n:03}"),
            "date": format!("20{:02}-{:02}-{:02}", 5 + n % 6, 1 + n % 12, 1 + n % 28),
            "url": format!("https://news{}.example/{n}", n % 3),
            "text": text.join(" "),
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    std::fs::write(&corpus, lines).unwrap();
    let mut outputs = Vec::new();
    for threads in ["1", "2", "4"] {
        let out = dir.path().join(format!("out-{threads}"));
        let output = build_into(&corpus, &out, "corpus", &["--threads", threads, "--quiet"]);
        assert!(output.status.success(), "{}", stderr(&output));
        outputs.push(out);
    }
    let graph = read_json(&outputs[0].join("corpus.json"));
    assert!(
        graph["edges"].as_array().unwrap().len() >= 10,
        "the corpus makes a real graph"
    );
    for file in ["corpus.json", "corpus.dot", "corpus.bin"] {
        let one = std::fs::read(outputs[0].join(file)).unwrap();
        for other in &outputs[1..] {
            assert!(
                one == std::fs::read(other.join(file)).unwrap(),
                "{file} differs in {}",
                other.display()
            );
        }
    }
}

#[test]
fn a_failed_build_leaves_the_previous_graph_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let build = |extra: &[&str]| {
        let mut args = vec!["build", "--out", out.to_str().unwrap(), "--quiet"];
        args.extend_from_slice(extra);
        run(&args)
    };
    assert!(build(&[]).status.success());
    let before: Vec<Vec<u8>> = ["kazakhstan.json", "kazakhstan.dot", "kazakhstan.bin"]
        .iter()
        .map(|f| std::fs::read(out.join(f)).unwrap())
        .collect();
    let broken_rules = dir.path().join("broken.ron");
    std::fs::write(&broken_rules, "(actors: [(id: \"X\", kind: Countri, label: \"X\")])").unwrap();
    for failing in [
        build(&["--rules", broken_rules.to_str().unwrap()]),
        build(&["--articles", dir.path().join("missing").to_str().unwrap()]),
    ] {
        assert_eq!(failing.status.code(), Some(2), "{}", stderr(&failing));
    }
    let after: Vec<Vec<u8>> = ["kazakhstan.json", "kazakhstan.dot", "kazakhstan.bin"]
        .iter()
        .map(|f| std::fs::read(out.join(f)).unwrap())
        .collect();
    assert!(before == after, "a failed run changed the graph");
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["kazakhstan.bin", "kazakhstan.dot", "kazakhstan.json"]);
}
