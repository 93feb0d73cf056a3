//! The command-line tests: one binary, one module per subcommand, shared helpers here.

mod build;
mod export;
mod input;
mod phrasing;
mod query;
mod render;
mod rules;
mod stream;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The project's root, where `data/` lives.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `actorgraph` binary, run from the project's root.
pub fn actorgraph() -> Command {
    let mut command = Command::cargo_bin("actorgraph").expect("the binary is built");
    command.current_dir(root());
    command
}

/// Runs `actorgraph` with arguments and returns its output, whatever the exit status.
pub fn run(args: &[&str]) -> Output {
    actorgraph().args(args).output().expect("the binary runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Builds the default graph into a fresh directory once per test binary and returns the
/// directory (with `kazakhstan.json`, `.bin` and `.dot`).
pub fn default_graph_dir() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let out = tempfile::tempdir().expect("a temporary directory").keep();
        let output = run(&["build", "--out", out.to_str().unwrap(), "--quiet"]);
        assert!(output.status.success(), "build failed: {}", stderr(&output));
        out
    })
}

/// Runs `build` over `articles` (a directory, a CSV or a JSON Lines file) with the project's
/// rules, writing `<out>/<name>.json`, `.bin` and `.dot`, with `extra` arguments.
pub fn build_into(articles: &Path, out: &Path, name: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--articles",
        articles.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--name",
        name,
    ];
    args.extend_from_slice(extra);
    run(&args)
}

/// Builds `articles` into a fresh directory, as `g`, with `extra` arguments; returns the run and
/// the graph's JSON.
pub fn build_articles(articles: &Path, extra: &[&str]) -> (Output, serde_json::Value) {
    let out = tempfile::tempdir().unwrap();
    let output = build_into(articles, out.path(), "g", extra);
    let graph = read_json(&out.path().join("g.json"));
    (output, graph)
}

/// The graph of articles given as JSON Lines records, which must build without a warning.
pub fn graph_of_records(records: &[serde_json::Value]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("articles.jsonl");
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    std::fs::write(&corpus, lines.join("\n")).unwrap();
    let (output, graph) = build_articles(&corpus, &["--quiet"]);
    assert!(output.status.success(), "{}", stderr(&output));
    graph
}

/// The default graph's JSON file, built once per test binary.
pub fn default_graph_path() -> PathBuf {
    default_graph_dir().join("kazakhstan.json")
}

/// The default graph's JSON, built once per test binary.
pub fn default_graph() -> &'static serde_json::Value {
    static GRAPH: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    GRAPH.get_or_init(|| read_json(&default_graph_path()))
}

/// Whether `program` can be run (for tests that need Graphviz or a browser); when it cannot,
/// says on stderr which test is skipped.
pub fn have_program(program: &str, test: &str) -> bool {
    let found = find_program(program).is_some();
    if !found {
        eprintln!("skipped {test}: `{program}` is not installed");
    }
    found
}

pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("valid JSON")
}

/// Where `program` is on PATH, without running it.
pub fn find_program(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}
