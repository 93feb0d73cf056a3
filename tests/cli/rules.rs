//! `actorgraph rules check` and `rules test` on the project's own rule packs.

use super::*;

#[test]
fn the_project_rules_have_no_errors() {
    let output = run(&["rules", "check"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn every_rule_example_passes() {
    let output = run(&["rules", "test"]);
    assert!(output.status.success(), "{}\n{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).contains(", 0 failed"), "{}", stdout(&output));
}

#[test]
fn build_refuses_broken_rules_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.ron"),
        "(actors: [(id: \"X\", kind: Countri, label: \"X\")])",
    )
    .unwrap();
    let output = run(&[
        "build",
        "--rules",
        dir.path().to_str().unwrap(),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("rules check"), "{message}");
    assert_eq!(message.trim().lines().count(), 1, "{message}");
}
