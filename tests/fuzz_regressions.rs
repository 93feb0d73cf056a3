//! Inputs the fuzz targets (`fuzz/fuzz_targets/`) found interesting or crashing, run through the
//! same code paths. Each file in `tests/data/fuzz/` is named after its target:
//! `rule_file-*` is loaded as a rule file, `extract_article-*` is extracted with the project's
//! rules and its claims checked as the fuzz target checks them. Each must also finish within the
//! fuzzers' time limit (`-timeout=10`): some of these inputs once ran for minutes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "support/fuzz_article.rs"]
mod fuzz_article;
use fuzz_article::extract_and_check;

/// The fuzzers' `-timeout`; the inputs here take milliseconds.
const TIME_LIMIT: Duration = Duration::from_secs(10);

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&format!("{target}-")))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no {target} inputs in {}", dir.display());
    files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect()
}

#[test]
fn rule_file_inputs_load_or_fail_without_panicking() {
    for (path, bytes) in inputs("rule_file") {
        eprintln!("{}", path.display());
        let started = Instant::now();
        let source = String::from_utf8_lossy(&bytes);
        let _ = actorgraph::rules::rulebook_from_str("fuzz.ron", &source);
        assert!(
            started.elapsed() < TIME_LIMIT,
            "{} took {:?}",
            path.display(),
            started.elapsed()
        );
    }
}

#[test]
fn extract_article_inputs_yield_claims_that_point_into_the_text() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules");
    let (rules, diagnostics) = actorgraph::rules::load_rulebook(&dir);
    let rules = rules.unwrap_or_else(|| panic!("the project's rules do not load: {diagnostics:?}"));
    let mut claims = 0;
    for (path, bytes) in inputs("extract_article") {
        eprintln!("{}", path.display());
        let started = Instant::now();
        claims += extract_and_check(&rules, &bytes);
        assert!(
            started.elapsed() < TIME_LIMIT,
            "{} took {:?}",
            path.display(),
            started.elapsed()
        );
    }
    // The checks are on claims: some of the inputs must yield some.
    assert!(claims > 0, "no input yielded a claim");
}
