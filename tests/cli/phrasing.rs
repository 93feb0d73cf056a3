//! Recall and precision on sentences written for the suite (`tests/data/phrasing.txt`): every
//! case must yield exactly the claims listed for it.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use actorgraph::corpus::Article;
use actorgraph::extract::extract;
use actorgraph::rules::{Family, Rulebook, load_rulebook};

use super::root;

struct Case {
    line: usize,
    text: String,
    date: Option<String>,
    expected: BTreeSet<String>,
}

fn cases() -> Vec<Case> {
    let source = std::fs::read_to_string(root().join("tests/data/phrasing.txt")).expect("the phrasing cases");
    let mut cases: Vec<Case> = Vec::new();
    let mut date = None;
    for (index, line) in source.lines().enumerate() {
        if let Some(rest) = line.strip_prefix("@ ") {
            date = Some(rest.trim().to_string());
        } else if let Some(more) = line.strip_prefix(">> ") {
            let case = cases.last_mut().expect("a continued case");
            case.text.push('\n');
            case.text.push_str(more);
        } else if let Some(text) = line.strip_prefix("> ") {
            cases.push(Case {
                line: index + 1,
                text: text.to_string(),
                date: date.clone(),
                expected: BTreeSet::new(),
            });
        } else if let Some(claim) = line.strip_prefix("= ") {
            cases
                .last_mut()
                .expect("a claim follows a case")
                .expected
                .insert(claim.trim().to_string());
        }
    }
    cases
}

/// The project's rules, compiled once for every test of this file (the Phoenix-scale packs take
/// half a second).
static RULES: LazyLock<Rulebook> = LazyLock::new(|| {
    let (rules, diagnostics) = load_rulebook(&root().join("data/rules"));
    rules.unwrap_or_else(|| panic!("rules: {diagnostics:?}"))
});

#[test]
fn every_written_case_yields_exactly_its_claims() {
    let rules = &*RULES;
    let mut failures = Vec::new();
    let (mut expected_total, mut found_total, mut correct) = (0, 0, 0);
    for case in cases() {
        let mut article = Article::new(format!("case-{}", case.line), case.text.as_str());
        article.meta.date = case.date.as_deref().and_then(|d| d.parse().ok());
        let found: BTreeSet<String> = extract(rules, article)
            .claims
            .iter()
            .filter(|c| c.family != Family::Reports)
            .map(|c| {
                format!(
                    "{}{} {} {}",
                    if c.negated { "not " } else { "" },
                    c.source,
                    c.family.as_str(),
                    c.target
                )
            })
            .collect();
        expected_total += case.expected.len();
        found_total += found.len();
        correct += found.intersection(&case.expected).count();
        let missing: Vec<&String> = case.expected.difference(&found).collect();
        let extra: Vec<&String> = found.difference(&case.expected).collect();
        if !missing.is_empty() || !extra.is_empty() {
            failures.push(format!(
                "line {}: {}\n  missing: {missing:?}\n  extra:   {extra:?}",
                case.line, case.text
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "recall {correct}/{expected_total}, precision {correct}/{found_total}\n{}",
        failures.join("\n")
    );
}

/// The claims of one sentence, as (negated, source, relation, target, modality).
fn claims_of(text: &str) -> Vec<(bool, String, String, String, String)> {
    extract(&RULES, Article::new("case", text))
        .claims
        .iter()
        .filter(|c| c.family != Family::Reports)
        .map(|c| {
            (
                c.negated,
                c.source.clone(),
                c.relation.clone(),
                c.target.clone(),
                c.modality.as_str().to_string(),
            )
        })
        .collect()
}

/// Each text yields claims, and every one of them has `modality`.
fn assert_every_claim_is(modality: &str, texts: &[&str]) {
    for text in texts {
        let claims = claims_of(text);
        assert!(!claims.is_empty(), "{text}");
        assert!(claims.iter().all(|c| c.4 == modality), "{text}: {claims:?}");
    }
}

#[test]
fn a_condition_makes_its_claim_only_possible() {
    assert_every_claim_is(
        "possible",
        &[
            "If Ukraine joins NATO, Russia will aim missiles at Kyiv.",
            "Russia will respond if Georgia attacks South Ossetia.",
            "Should Georgia attack South Ossetia again, Russia will respond.",
            "If Ukraine joins NATO, Russia will attack Ukraine.",
        ],
    );
    let asserted = claims_of("Georgia attacked South Ossetia, and Russia responded.");
    assert!(
        asserted.iter().any(|c| c.2 == "attacks" && c.4 == "asserted"),
        "{asserted:?}"
    );
}

#[test]
fn would_in_reported_speech_is_a_plan_and_elsewhere_a_possibility() {
    assert_every_claim_is(
        "intended",
        &[
            "Russia said it would supply Armenia with Iskander missiles.",
            "Georgian officials said Tbilisi would sever diplomatic relations with Moscow.",
        ],
    );
    assert_every_claim_is(
        "possible",
        &[
            "Analysts say Russia would attack Georgia again.",
            "Turkmenistan is expected to sign the agreement with the EU next year.",
            "Russia said it would supply Armenia with missiles if Azerbaijan attacked.",
        ],
    );
    // A threat is made even when what it threatens hangs on a condition.
    assert_every_claim_is(
        "asserted",
        &["Russia threatened to retaliate against Poland if it hosted U.S. interceptors."],
    );
}

#[test]
fn a_counterfactual_makes_no_claim_either_way() {
    for text in [
        "Had Georgia not attacked South Ossetia, Russia would not have intervened.",
        "If Georgia had attacked South Ossetia, Russia would have invaded Georgia.",
        "Russia would have attacked Georgia without the ceasefire.",
    ] {
        assert_eq!(claims_of(text), Vec::new(), "{text}");
    }
}

#[test]
fn neither_and_nor_deny_the_actor_after_them() {
    let claims = claims_of("Neither Russia nor China criticized Iran.");
    assert!(!claims.is_empty());
    assert!(claims.iter().all(|c| c.0), "{claims:?}");
}

#[test]
fn a_plan_before_the_verb_makes_its_claim_intended() {
    assert_every_claim_is(
        "intended",
        &[
            "Azerbaijan plans to buy drones from Israel.",
            "Georgia hopes to join NATO by 2015.",
        ],
    );
}
