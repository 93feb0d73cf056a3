//! `rules test`: runs the `examples` and `counter_examples` of every pattern and actor, and says
//! for a failing one what was found instead.

use std::fmt;

use super::mentions::{self, Referent};
use super::{Claim, extract};
use crate::corpus::{Article, sentences};
use crate::rules::Rulebook;

/// One example that did not behave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// "pattern `pull-out`" or "actor `KAZ`".
    pub rule: String,
    pub sentence: String,
    pub expected: String,
    pub found: String,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "FAIL {}", self.rule)?;
        writeln!(f, "  sentence: {}", self.sentence)?;
        writeln!(f, "  expected: {}", self.expected)?;
        write!(f, "  found:    {}", self.found)
    }
}

/// The outcome of every example.
#[derive(Debug, Clone, Default)]
pub struct ExampleReport {
    pub passed: usize,
    pub failures: Vec<ExampleFailure>,
}

/// What an example pins beyond "the rule fires": `=> SRC TGT` or `=> not SRC TGT`.
struct Expectation<'a> {
    sentence: &'a str,
    negated: Option<bool>,
    source: Option<&'a str>,
    target: Option<&'a str>,
}

fn parse_example(example: &str) -> Expectation<'_> {
    let Some((sentence, expect)) = example.rsplit_once("=>") else {
        return Expectation {
            sentence: example.trim(),
            negated: None,
            source: None,
            target: None,
        };
    };
    let mut words: Vec<&str> = expect.split_whitespace().collect();
    let negated = if words.first() == Some(&"not") {
        words.remove(0);
        Some(true)
    } else {
        Some(false)
    };
    Expectation {
        sentence: sentence.trim(),
        negated,
        source: words.first().copied(),
        target: words.get(1).copied(),
    }
}

/// Runs every example of the rulebook.
pub fn run_examples(rules: &Rulebook) -> ExampleReport {
    let mut report = ExampleReport::default();
    for (index, pattern) in rules.patterns.iter().enumerate() {
        let rule = format!("pattern `{}`", pattern.id);
        let is_attribution = rules.is_attribution(index);
        for example in &pattern.examples {
            let expectation = parse_example(example);
            if is_attribution {
                let matches = super::pattern_matches(rules, &Article::new("example", expectation.sentence));
                let own: Vec<&Vec<String>> = matches
                    .iter()
                    .filter(|(p, _)| rules.patterns[*p].id == pattern.id)
                    .map(|(_, s)| s)
                    .collect();
                let fits = own
                    .iter()
                    .any(|sources| expectation.source.is_none_or(|s| sources.iter().any(|x| x == s)));
                if fits {
                    report.passed += 1;
                } else {
                    report.failures.push(ExampleFailure {
                        rule: rule.clone(),
                        sentence: expectation.sentence.to_string(),
                        expected: format!(
                            "`{}` to name a speaker{}",
                            pattern.id,
                            expectation.source.map(|s| format!(" `{s}`")).unwrap_or_default()
                        ),
                        found: if own.is_empty() {
                            "no match".into()
                        } else {
                            format!("speakers {own:?}")
                        },
                    });
                }
                continue;
            }
            let claims = claims_of(rules, expectation.sentence);
            let fired: Vec<&Claim> = claims.iter().filter(|c| c.evidence.rule == pattern.id).collect();
            let fits = |c: &&Claim| {
                expectation.source.is_none_or(|s| c.source == s)
                    && expectation.target.is_none_or(|t| c.target == t)
                    && expectation.negated.is_none_or(|n| c.negated == n)
            };
            if fired.iter().any(fits) {
                report.passed += 1;
            } else {
                report.failures.push(ExampleFailure {
                    rule: rule.clone(),
                    sentence: expectation.sentence.to_string(),
                    expected: describe_expectation(&pattern.id, &expectation),
                    found: describe_claims(&claims),
                });
            }
        }
        for counter in &pattern.counter_examples {
            let claims = claims_of(rules, counter);
            let fired = if is_attribution {
                super::pattern_matches(rules, &Article::new("example", counter.as_str()))
                    .iter()
                    .any(|(p, _)| rules.patterns[*p].id == pattern.id)
            } else {
                claims.iter().any(|c| c.evidence.rule == pattern.id)
            };
            if fired {
                report.failures.push(ExampleFailure {
                    rule: rule.clone(),
                    sentence: counter.clone(),
                    expected: "no claim from this pattern".to_string(),
                    found: describe_claims(&claims),
                });
            } else {
                report.passed += 1;
            }
        }
    }
    for (index, actor) in rules.actors.iter().enumerate() {
        let rule = format!("actor `{}`", actor.id);
        let date = actor.period.and_then(|p| p.from.or(p.to));
        for (sentence, wanted) in actor
            .examples
            .iter()
            .map(|e| (e, true))
            .chain(actor.counter_examples.iter().map(|e| (e, false)))
        {
            let found = mentions_of(rules, sentence, date);
            let present = found
                .iter()
                .any(|(referent, _)| *referent == Referent::Actor(index as u32));
            if present == wanted {
                report.passed += 1;
            } else {
                let found_text: Vec<String> = found
                    .iter()
                    .map(|(r, text)| format!("{text:?} as {}", referent_name(rules, *r)))
                    .collect();
                report.failures.push(ExampleFailure {
                    rule: rule.clone(),
                    sentence: sentence.clone(),
                    expected: if wanted {
                        format!("a mention of `{}`", actor.id)
                    } else {
                        format!("no mention of `{}`", actor.id)
                    },
                    found: if found_text.is_empty() {
                        "no mentions".into()
                    } else {
                        found_text.join(", ")
                    },
                });
            }
        }
    }
    report
}

fn claims_of(rules: &Rulebook, sentence: &str) -> Vec<Claim> {
    extract(rules, Article::new("example", sentence)).claims
}

fn mentions_of(rules: &Rulebook, sentence: &str, date: Option<crate::date::PartialDate>) -> Vec<(Referent, String)> {
    let ranges = sentences::split(sentence, 0..sentence.len(), &rules.abbreviations);
    let found = mentions::find_mentions(rules, sentence, &ranges, date);
    // A title's state counts as mentioned: "Uzbek President Islam Karimov" names Uzbekistan.
    found
        .per_sentence
        .into_iter()
        .flatten()
        .flat_map(|m| {
            let text = sentence[m.start..m.end].to_string();
            let office_of = m.office.and_then(|o| o.of).map(|of| (of, text.clone()));
            std::iter::once((m.referent, text)).chain(office_of)
        })
        .collect()
}

fn referent_name(rules: &Rulebook, referent: Referent) -> String {
    match referent {
        Referent::Actor(a) => format!("`{}`", rules.actors[a as usize].id),
        Referent::Discovered(_) => "a new person".to_string(),
    }
}

fn describe_expectation(pattern: &str, e: &Expectation<'_>) -> String {
    let mut text = format!("a claim from `{pattern}`");
    if let (Some(s), Some(t)) = (e.source, e.target) {
        let not = if e.negated == Some(true) { "not " } else { "" };
        text.push_str(&format!(": {not}{s} -> {t}"));
    }
    text
}

fn describe_claims(claims: &[Claim]) -> String {
    if claims.is_empty() {
        return "no claims".to_string();
    }
    claims
        .iter()
        .map(|c| {
            let not = if c.negated { "not " } else { "" };
            format!(
                "{not}{} -{}-> {} (rule {})",
                c.source, c.relation, c.target, c.evidence.rule
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}
