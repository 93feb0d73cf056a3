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

/// A pack with one of every kind of mistake: a single `rules check` names them all, each at its
/// file, line and column, with the offending line and a caret.
const PACK_WITH_EVERY_MISTAKE: &str = r#"(
    titles: [(id: "president", label: "President", aliases: ["President"])],
    actors: [
        (id: "KAZ", kind: Country, label: "Kazakhstan", aliases: ["Kazakhstan", ""]),
        (id: "KAZ", kind: Country, label: "Kazakhstan again", aliases: ["Astana"]),
        (id: "RUS", kind: Countri, label: "Russia", aliases: ["Russia"]),
        (id: "NATO", kind: Organization, label: "NATO", aliasses: ["NATO"]),
        (id: "UZB", kind: Country, label: "Uzbekistan", aliases: ["Kazakhstan"]),
        (id: "Tokayev", kind: Person, label: "Tokayev", aliases: ["Tokayev"],
            roles: [(title: "President", of: "KAZZ", from: "2019", to: "2010")]),
    ],
    relations: [
        (id: "criticizes", family: "opposess"),
        (id: "meets", family: "visits"),
    ],
    patterns: [
        (id: "criticized", relation: "criticizes", pattern: "{source} criticized {target}"),
        (id: "met", relation: "meetz", pattern: "{source} met {target}"),
        (id: "met-with", relation: "meets", pattern: "{source} met with ({target}"),
    ],
)
"#;

#[test]
fn rules_check_reports_every_problem_at_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mistakes.ron"), PACK_WITH_EVERY_MISTAKE).unwrap();
    let output = run(&["rules", "check", "--rules", dir.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let report = stderr(&output) + &stdout(&output);
    let expected = [
        ("mistakes.ron:6:27:", "unknown variant `Countri`"),
        ("mistakes.ron:7:57:", "unknown field `aliasses`"),
        ("mistakes.ron:4:", "empty alias"),
        ("mistakes.ron:5:14:", "duplicate actor id `KAZ`"),
        ("mistakes.ron:8:", "alias `kazakhstan` is claimed by `KAZ` and `UZB`"),
        ("mistakes.ron:10:", "unknown actor `KAZZ`"),
        ("mistakes.ron:10:", "ends (2010) before it starts (2019)"),
        ("mistakes.ron:13:", "unknown family `opposess`"),
        ("mistakes.ron:18:", "unknown relation `meetz`"),
        ("mistakes.ron:19:54:", "not a valid regex"),
    ];
    for (place, message) in expected {
        assert!(
            report
                .lines()
                .any(|line| line.contains(place) && line.contains(message)),
            "no `{place} ... {message}` in:\n{report}"
        );
    }
    assert!(report.contains("did you mean `aliases`?"), "{report}");
    assert!(report.contains("did you mean `Country`?"), "{report}");
    assert!(report.contains("did you mean `opposes`?"), "{report}");
    // The offending line is shown with a caret under the column.
    assert!(report.contains("6 |         (id: \"RUS\", kind: Countri,"), "{report}");
    assert!(report.contains("\n  |                           ^"), "{report}");
    // The pattern of a relation that failed is not reported again as naming an unknown one.
    assert!(!report.contains("unknown relation `criticizes`"), "{report}");
}
