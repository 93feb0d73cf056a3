//! `actorgraph render` and `actorgraph report`: the DOT is valid and styled, SVG and PNG come
//! from Graphviz (or a clear error when it is missing), output is byte-for-byte stable, and the
//! HTML report is self-contained, escaped, and shows the diagram in a real browser.
//!
//! Tests that need Graphviz's `dot` or Chromium say so on stderr and pass when it is missing.

use std::collections::BTreeSet;
use std::process::Command as Process;

use graphviz_rust::dot_structures::{Graph, Stmt};
use serde_json::Value;

use super::*;

fn graph_arg() -> String {
    default_graph_path().to_string_lossy().into_owned()
}

fn render(args: &[&str]) -> Output {
    let graph = graph_arg();
    let mut all = vec!["render", "--graph", graph.as_str()];
    all.extend_from_slice(args);
    run(&all)
}

/// The drawn edges the diagram should have: one per (source, family, target, negated), with the
/// two directions of cooperates_with / fights / visits as one.
fn expected_drawn_edges() -> BTreeSet<(String, String, String, bool)> {
    let mut drawn = BTreeSet::new();
    for edge in default_graph()["edges"].as_array().unwrap() {
        let (source, target) = (edge["source"].as_str().unwrap(), edge["target"].as_str().unwrap());
        let family = edge["family"].as_str().unwrap().to_string();
        let negated = edge["negated"].as_bool().unwrap();
        let both_ways = ["cooperates_with", "fights", "visits"].contains(&family.as_str());
        let reverse = (target.to_string(), family.clone(), source.to_string(), negated);
        if both_ways && drawn.contains(&reverse) {
            continue;
        }
        drawn.insert((source.to_string(), family, target.to_string(), negated));
    }
    drawn
}

fn dot_statements(text: &str) -> Vec<Stmt> {
    match graphviz_rust::parse(text).expect("the DOT parses") {
        Graph::DiGraph { stmts, .. } => stmts,
        Graph::Graph { .. } => panic!("a digraph"),
    }
}

fn attribute(attributes: &[graphviz_rust::dot_structures::Attribute], key: &str) -> Option<String> {
    use actorgraph::export::dot::unquote;
    attributes.iter().find(|a| unquote(&a.0) == key).map(|a| unquote(&a.1))
}

#[test]
fn dot_has_one_styled_edge_per_family_and_pair() {
    let output = render(&["--format", "dot"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stmts = dot_statements(&stdout(&output));
    let edges: Vec<_> = stmts
        .iter()
        .filter_map(|s| match s {
            Stmt::Edge(edge) => Some(edge),
            _ => None,
        })
        .collect();
    assert_eq!(edges.len(), expected_drawn_edges().len());
    for edge in &edges {
        let label = attribute(&edge.attributes, "label").unwrap();
        assert!(label.contains('×'), "label without a count: {label}");
        assert!(attribute(&edge.attributes, "tooltip").unwrap().contains('“'));
        assert!(attribute(&edge.attributes, "id").unwrap().starts_with("edge:"));
        let colour = attribute(&edge.attributes, "color").unwrap();
        assert!(["#1a9850", "#d73027", "#7f7f7f"].contains(&colour.as_str()));
    }
    let refusal = edges
        .iter()
        .find(|e| attribute(&e.attributes, "id").as_deref() == Some("edge:KAZ:recognizes:SOS:not"))
        .expect("Kazakhstan's non-recognition of South Ossetia is drawn");
    assert_eq!(attribute(&refusal.attributes, "style").as_deref(), Some("dashed"));
    let nodes: Vec<String> = stmts
        .iter()
        .filter_map(|s| match s {
            Stmt::Node(node) => attribute(&node.attributes, "id"),
            _ => None,
        })
        .collect();
    assert!(nodes.contains(&"node:KAZ".to_string()));
    assert!(
        stmts
            .iter()
            .any(|s| matches!(s, Stmt::Subgraph(g) if actorgraph::export::dot::unquote(&g.id) == "cluster:legend")),
        "a legend"
    );
}

#[test]
fn bloc_clusters_put_a_person_inside_its_state() {
    let output = render(&["--format", "dot", "--cluster", "bloc"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let stmts = dot_statements(&text);
    fn find<'a>(stmts: &'a [Stmt], id: &str) -> Option<&'a graphviz_rust::dot_structures::Subgraph> {
        stmts.iter().find_map(|s| match s {
            Stmt::Subgraph(g) if actorgraph::export::dot::unquote(&g.id) == id => Some(g),
            Stmt::Subgraph(g) => find(&g.stmts, id),
            _ => None,
        })
    }
    let kazakhstan = find(&stmts, "cluster:bloc:KAZ").expect("a Kazakhstan bloc");
    let members: Vec<String> = kazakhstan
        .stmts
        .iter()
        .filter_map(|s| match s {
            Stmt::Node(node) => Some(actorgraph::export::dot::unquote(&node.id.0)),
            _ => None,
        })
        .collect();
    assert!(members.contains(&"KAZ".to_string()) && members.contains(&"akhmetov".to_string()));
    let kinds = stdout(&render(&["--format", "dot", "--cluster", "kind"]));
    assert!(kinds.contains("\"cluster:kind:person\""));
}

#[test]
fn svg_has_every_node_and_edge_with_stable_ids_and_is_reproducible() {
    if !have_program("dot", "svg_has_every_node_and_edge_with_stable_ids_and_is_reproducible") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("a.svg"), dir.path().join("b.svg"));
    for path in [&first, &second] {
        let output = render(&["-o", path.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let svg = std::fs::read_to_string(&first).unwrap();
    assert_eq!(svg, std::fs::read_to_string(&second).unwrap(), "two renders differ");
    assert!(
        !svg.contains("Generated by graphviz"),
        "the version comment is stripped"
    );
    for node in default_graph()["nodes"].as_array().unwrap() {
        let id = format!("id=\"node:{}\"", node["id"].as_str().unwrap().replace('-', "&#45;"));
        assert!(svg.contains(&id), "missing {id}");
    }
    assert_eq!(svg.matches("class=\"edge claim").count(), expected_drawn_edges().len());
}

#[test]
fn png_is_a_png() {
    if !have_program("dot", "png_is_a_png") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("graph.png");
    let output = render(&["-o", path.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(std::fs::read(&path).unwrap().starts_with(b"\x89PNG\r\n\x1a\n"));
}

#[test]
fn a_missing_graphviz_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = actorgraph()
        .args(["render", "--graph", &graph_arg(), "-o"])
        .arg(dir.path().join("graph.svg"))
        .env("PATH", dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("apt-get install graphviz"), "{message}");
    assert!(!dir.path().join("graph.svg").exists());
}

#[test]
fn a_missing_graph_file_says_to_build_first() {
    let output = run(&["render", "--graph", "no/such/graph.json", "--format", "dot"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("actorgraph build"), "{}", stderr(&output));
}

/// A graph whose texts try to break out of HTML, DOT and XML.
fn hostile_graph(dir: &Path) -> PathBuf {
    let mut graph = default_graph().clone();
    for node in graph["nodes"].as_array_mut().unwrap() {
        if node["id"] == "KAZ" {
            node["label"] = Value::from("Kazakh\"stan <script>alert(1)</script> & \\N Қазақстан");
        }
    }
    let path = dir.join("hostile.json");
    std::fs::write(&path, serde_json::to_string(&graph).unwrap()).unwrap();
    path
}

#[test]
fn markdown_report_lists_claims_and_articles() {
    let output = run(&["report", "--graph", &graph_arg(), "--format", "md", "-o", "-"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("| Source | Relation | Target | Date | Articles | Evidence |"));
    assert!(text.contains("## Articles"));
    assert_eq!(
        text.matches("<a id=\"claim-").count(),
        default_graph()["edges"].as_array().unwrap().len()
    );
}

#[test]
fn html_report_is_self_contained_and_escaped() {
    if !have_program("dot", "html_report_is_self_contained_and_escaped") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let graph = hostile_graph(dir.path());
    let report = dir.path().join("report.html");
    let output = run(&[
        "report",
        "--graph",
        graph.to_str().unwrap(),
        "-o",
        report.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(!html.contains("<script>alert"), "a label escaped into markup");
    // In the table, in the SVG's text and in its tooltip, Graphviz's `\N` (node name) included.
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\N Қазақстан";
    assert!(html.matches(escaped).count() >= 3, "the label is not shown as written");
    assert!(
        html.contains(&format!("xlink:title=\"Kazakh&quot;stan {escaped}")),
        "tooltip"
    );
    for external in ["<link", "<img", "src=", "url(", "@import"] {
        assert!(!html.contains(external), "loads something: {external}");
    }
    assert_eq!(html.matches("<script>").count(), 1, "one inline script");
    for edge in default_graph()["edges"].as_array().unwrap() {
        let id = edge["id"].as_str().unwrap();
        assert!(html.contains(&format!("id=\"row-{id}\"")), "no table row for {id}");
        assert!(html.contains(&format!("id=\"claim-{id}\"")), "no evidence for {id}");
        assert!(
            html.contains(&format!("href=\"#claim-{id}\"")),
            "no link to the evidence of {id}"
        );
    }
    for article in default_graph()["articles"].as_array().unwrap() {
        let id = article["id"].as_str().unwrap();
        assert!(html.contains(&format!("id=\"article-{id}\"")), "no section for {id}");
    }
}

/// Headless Chromium with a fresh profile and nothing that reaches the network.
fn chromium(profile: &Path) -> Process {
    let mut command = Process::new(
        find_program("chromium")
            .or_else(|| find_program("chromium-browser"))
            .unwrap(),
    );
    command.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--window-size=1400,1000",
    ]);
    command.arg(format!("--user-data-dir={}", profile.display()));
    command
}

/// Runs `command` to the end, killing it after `seconds` so that a browser that hangs fails the
/// test instead of the whole CI run.
fn output_within(mut command: Process, seconds: u64) -> Output {
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("chromium starts");
    // Read the pipes on threads so that a full pipe cannot stall the browser.
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut bytes).map(|_| bytes)
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut bytes).map(|_| bytes)
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for chromium") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    Output {
        status,
        stdout: out.join().expect("reader").unwrap_or_default(),
        stderr: err.join().expect("reader").unwrap_or_default(),
    }
}

#[test]
fn html_report_shows_every_node_and_edge_in_chromium() {
    let test = "html_report_shows_every_node_and_edge_in_chromium";
    if !have_program("dot", test) {
        return;
    }
    if find_program("chromium").is_none() && find_program("chromium-browser").is_none() {
        eprintln!("skipped {test}: `chromium` is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.html");
    let output = run(&["report", "--graph", &graph_arg(), "-o", report.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let url = format!("file://{}", report.display());
    let mut dump = chromium(&dir.path().join("profile"));
    dump.args(["--dump-dom", &url]);
    let dom = output_within(dump, 90);
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("</svg>"),
        "no SVG in the DOM:\n{}",
        &dom[..dom.len().min(2000)]
    );
    let nodes = default_graph()["nodes"].as_array().unwrap().len();
    assert_eq!(
        dom.matches("class=\"node actor").count(),
        nodes,
        "nodes in the browser's DOM"
    );
    assert_eq!(
        dom.matches("class=\"edge claim").count(),
        expected_drawn_edges().len(),
        "edges in the browser's DOM"
    );
    assert!(dom.contains("id=\"node:KAZ\""));
    let screenshot = dir.path().join("report.png");
    let mut shoot = chromium(&dir.path().join("profile2"));
    shoot.arg(format!("--screenshot={}", screenshot.display())).arg(&url);
    let shot = output_within(shoot, 90);
    assert!(shot.status.success(), "{}", String::from_utf8_lossy(&shot.stderr));
    let png = std::fs::read(&screenshot).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "a blank screenshot?");
}

#[test]
fn views_narrow_the_diagram() {
    let output = render(&[
        "--format",
        "dot",
        "--focus",
        "kazakstan",
        "--depth",
        "1",
        "--relation",
        "refuses",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stmts = dot_statements(&stdout(&output));
    let ids: Vec<String> = stmts
        .iter()
        .filter_map(|s| match s {
            Stmt::Edge(edge) => attribute(&edge.attributes, "id"),
            _ => None,
        })
        .collect();
    assert!(!ids.is_empty(), "Kazakhstan's refusals are drawn");
    assert!(ids.iter().all(|id| id.contains(":refuses:")), "only refusals: {ids:?}");
    assert!(ids.contains(&"edge:KAZ:refuses:cooperative-longbow-09".to_string()));
    let rolled = stdout(&render(&["--format", "dot", "--roll-up"]));
    assert!(
        !rolled.contains("\"node:akhmetov\""),
        "roll-up draws persons as their state"
    );
    let unknown = render(&["--format", "dot", "--focus", "Kazakstna"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean"), "{}", stderr(&unknown));
}
