//! Which relation patterns can match a masked sentence, decided by one Aho-Corasick pass over
//! words each pattern cannot match without ("refused to ", "joint exercises").
//!
//! The expanded patterns are large (macros, slots, token lists, case-insensitive letters). A
//! `RegexSet` over all of them made the lazy DFA build a new, huge state for almost every
//! sentence: 18 million instructions per sentence, 0.2 MB/s for the whole extraction. Most
//! sentences hold none of a pattern's trigger words, so a literal pass rules most patterns out and
//! only the few plausible ones run their own regex.
//!
//! The filter never rules out a pattern that could match (the results are identical with and
//! without it):
//! - For every run of consecutive parts of a pattern's top-level concatenation, regex-syntax's
//!   prefix extractor gives a finite set of literals one of which begins every match of the run,
//!   so every match of the pattern contains one of them. The most selective such set is kept.
//! - The pattern is read without its leading `(?i)`, so the literals are the words as written;
//!   the literals are lowercased and the sentence is read ASCII-lowercased (the matches of ASCII
//!   case-insensitivity, with half the automaton's transitions), which covers every case variant
//!   of ASCII letters except the two non-ASCII characters that Unicode folds onto them (`ſ` onto
//!   `s`, the Kelvin sign onto `k`): a sentence holding either skips the filter. A literal holding
//!   any other non-ASCII byte is not used.
//! - A literal that holds another literal of its set is left out: a sentence holding it holds
//!   the other.
//! - A pattern without a usable set (too short, only token bytes, unparseable) always runs.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

/// Literal sets whose shortest member has fewer bytes of text than this are not worth a lookup:
/// "to" or a bare token occurs in nearly every sentence.
const MIN_SELECTIVE_BYTES: usize = 3;

/// How many consecutive parts of a pattern one literal set is drawn from.
const WINDOW: usize = 4;

/// The patterns that may match a sentence.
#[derive(Debug, Clone)]
pub struct PatternFilter {
    automaton: Option<AhoCorasick>,
    /// For each literal of the automaton, the patterns that require it (or another of their set).
    owners: Vec<Vec<u32>>,
    /// Patterns that run on every sentence.
    always: Vec<u32>,
    patterns: usize,
}

impl PatternFilter {
    /// The filter for patterns given as the regex text they were compiled from.
    pub fn new<'a>(regexes: impl IntoIterator<Item = &'a str>) -> Self {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<u32>> = Vec::new();
        let mut index: std::collections::HashMap<Vec<u8>, usize> = std::collections::HashMap::new();
        let mut always = Vec::new();
        let mut patterns = 0;
        for (pattern, regex) in regexes.into_iter().enumerate() {
            patterns += 1;
            match required_literals(regex) {
                Some(set) => {
                    for literal in set {
                        let at = *index.entry(literal.clone()).or_insert_with(|| {
                            literals.push(literal);
                            owners.push(Vec::new());
                            owners.len() - 1
                        });
                        if owners[at].last() != Some(&(pattern as u32)) {
                            owners[at].push(pattern as u32);
                        }
                    }
                }
                None => always.push(pattern as u32),
            }
        }
        let automaton = if literals.is_empty() {
            None
        } else {
            // A contiguous NFA, not a DFA: the expanded patterns give thousands of literals (3,000
            // for the project's rules), whose DFA took 16 MB and missed the caches on most bytes;
            // the NFA takes 0.32 MB. Over lowercase literals, read through a lowercased sentence:
            // made ASCII case-insensitive instead, it took 0.47 MB.
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(&literals)
                .ok()
        };
        if automaton.is_none() {
            // No automaton (none needed, or it could not be built): every pattern runs.
            always = (0..patterns as u32).collect();
            owners.clear();
        }
        PatternFilter {
            automaton,
            owners,
            always,
            patterns,
        }
    }

    /// How many patterns run on every sentence whatever it says.
    pub fn unfiltered(&self) -> usize {
        self.always.len()
    }

    /// The patterns that may match `haystack`, ascending, each with the furthest offset at which
    /// one of its matches may start.
    pub fn candidates(&self, haystack: &str) -> Vec<Candidate> {
        let unbounded = |pattern: usize| Candidate {
            pattern,
            starts_by: usize::MAX,
        };
        let Some(automaton) = &self.automaton else {
            return self.always.iter().map(|&p| unbounded(p as usize)).collect();
        };
        if !haystack.is_ascii() && haystack.contains(['\u{17F}', '\u{212A}']) {
            return (0..self.patterns).map(unbounded).collect();
        }
        let mut starts_by: Vec<Option<usize>> = vec![None; self.patterns];
        for &p in &self.always {
            starts_by[p as usize] = Some(usize::MAX);
        }
        // Offsets in the lowercased copy are offsets in the sentence: ASCII lowercasing keeps
        // every byte where it was.
        let lowered = haystack.to_ascii_lowercase();
        // A match holds one of its pattern's literals, so it starts at or before the last one
        // found (the overlapping search reports every occurrence).
        for found in automaton.find_overlapping_iter(&lowered) {
            for &p in &self.owners[found.pattern().as_usize()] {
                let bound = &mut starts_by[p as usize];
                *bound = Some(bound.map_or(found.start(), |b| b.max(found.start())));
            }
        }
        starts_by
            .iter()
            .enumerate()
            .filter_map(|(pattern, bound)| bound.map(|starts_by| Candidate { pattern, starts_by }))
            .collect()
    }
}

/// A pattern that may match a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub pattern: usize,
    /// No match of the pattern starts after this offset (`usize::MAX` when the filter cannot
    /// tell): the start of the last of its literals in the sentence.
    pub starts_by: usize,
}

/// The most selective set of literals one of which every match of `regex` contains, lowercased;
/// `None` when there is no useful one.
fn required_literals(regex: &str) -> Option<Vec<Vec<u8>>> {
    let body = regex.strip_prefix("(?i)")?;
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(false)
        .build()
        .parse(body)
        .ok()?;
    let parts: Vec<Hir> = match hir.kind() {
        HirKind::Concat(parts) => parts.clone(),
        _ => vec![hir.clone()],
    };
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix);
    let mut best: Option<(usize, usize, Vec<Vec<u8>>)> = None;
    for start in 0..parts.len() {
        // A few parts at a time: the extractor's limits stop a cross product after about that
        // many anyway, and every match still holds a match of these parts in a row.
        let window = Hir::concat(parts[start..parts.len().min(start + WINDOW)].to_vec());
        let seq = extractor.extract(&window);
        let Some(literals) = seq.literals() else { continue };
        if literals.is_empty() || literals.iter().any(|l| !l.as_bytes().is_ascii()) {
            continue;
        }
        let score = literals.iter().map(|l| text_bytes(l.as_bytes())).min().unwrap_or(0);
        if score < MIN_SELECTIVE_BYTES {
            continue;
        }
        let mut set: Vec<Vec<u8>> = literals.iter().map(|l| l.as_bytes().to_ascii_lowercase()).collect();
        set.sort();
        set.dedup();
        let set = without_containers(set);
        let better = match &best {
            None => true,
            Some((best_score, best_len, _)) => score > *best_score || (score == *best_score && set.len() < *best_len),
        };
        if better {
            best = Some((score, set.len(), set));
        }
    }
    best.map(|(_, _, set)| set)
}

/// `set` without each literal that holds another of the set ("has refused" beside "refused"): a
/// text holding the longer holds the shorter, so the set rules out the same sentences with fewer
/// literals, and the automaton over every pattern's set is smaller (3,062 literals against 4,813
/// for the project's rules, and a third less memory). The shorter one also starts no earlier, so
/// a candidate's `starts_by` stays a bound on where its matches start.
fn without_containers(set: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    let holds = |literal: &[u8], other: &[u8]| {
        other.len() < literal.len() && literal.windows(other.len()).any(|window| window == other)
    };
    set.iter()
        .filter(|literal| !set.iter().any(|other| holds(literal, other)))
        .cloned()
        .collect()
}

/// The bytes of a literal outside mention tokens (`\x01Nc0\x02`): token bytes occur in every
/// sentence with mentions, so they make a literal no rarer. A literal that starts inside a token
/// (`\x02 has refused`) starts counting after its `\x02`.
fn text_bytes(literal: &[u8]) -> usize {
    let first_open = literal.iter().position(|&b| b == b'\x01').unwrap_or(literal.len());
    let mut in_token = literal[..first_open].contains(&b'\x02');
    let mut count = 0;
    for &byte in literal {
        match byte {
            b'\x01' => in_token = true,
            b'\x02' => in_token = false,
            _ if !in_token => count += 1,
            _ => {}
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(regex: &str) -> Vec<String> {
        required_literals(regex)
            .unwrap_or_default()
            .into_iter()
            .map(|l| String::from_utf8(l).unwrap())
            .collect()
    }

    #[test]
    fn picks_the_trigger_words() {
        let literals = set(
            r"(?i)(?P<source>\x01[NA][cp]\d+\x02) (?:has )?(?:pulled out of|withdrew from) (?P<target>\x01[NA][ce]\d+\x02)",
        );
        assert!(
            literals
                .iter()
                .all(|l| l.contains("pulled out of") || l.contains("withdrew from")),
            "{literals:?}"
        );
    }

    #[test]
    fn a_literal_holding_another_of_its_set_is_left_out() {
        let literals = set(r"(?i)(?:refused|flatly refused) to join \x01N\d+\x02");
        assert_eq!(literals, ["refused to join \x01n"]);
        let owned = |list: &[&str]| list.iter().map(|l| l.as_bytes().to_vec()).collect::<Vec<_>>();
        assert_eq!(
            without_containers(owned(&["has refused", "refused", "rejected"])),
            owned(&["refused", "rejected"])
        );
    }

    #[test]
    fn token_bytes_do_not_count_as_words() {
        assert_eq!(text_bytes(b"\x02 has refused \x01Nc"), 13);
        assert_eq!(text_bytes(b"\x01Nc0\x02"), 0);
        assert_eq!(text_bytes(b"joint"), 5);
    }

    fn patterns(filter: &PatternFilter, haystack: &str) -> Vec<usize> {
        filter.candidates(haystack).iter().map(|c| c.pattern).collect()
    }

    #[test]
    fn a_match_starts_by_the_last_literal_found() {
        let filter = PatternFilter::new([r"(?i)\x01N\d+\x02 [a-z ]{0,20}refused to join \x01N\d+\x02"]);
        let haystack = "\x01N0\x02 refused to join \x01N1\x02 and \x01N2\x02 Refused To Join \x01N3\x02";
        let last = haystack.rfind("Refused").unwrap();
        assert_eq!(
            filter.candidates(haystack),
            [Candidate {
                pattern: 0,
                starts_by: last
            }]
        );
        let always = PatternFilter::new([r"(?i)\x01N\d+\x02 \x01N\d+\x02"]);
        assert_eq!(always.candidates("\x01N0\x02 \x01N1\x02")[0].starts_by, usize::MAX);
    }

    #[test]
    fn a_pattern_without_words_always_runs() {
        assert_eq!(
            required_literals(r"(?i)(?P<source>\x01[NA][cp]\d+\x02) (?P<target>\x01[NA][ce]\d+\x02)"),
            None
        );
        let filter = PatternFilter::new([
            r"(?i)\x01N\d+\x02 \x01N\d+\x02",
            r"(?i)\x01N\d+\x02 attacked \x01N\d+\x02",
        ]);
        assert_eq!(patterns(&filter, "\x01N0\x02 met \x01N1\x02"), [0]);
        assert_eq!(patterns(&filter, "\x01N0\x02 ATTACKED \x01N1\x02"), [0, 1]);
    }

    #[test]
    fn case_folding_onto_ascii_letters_skips_the_filter() {
        let filter = PatternFilter::new([r"(?i)\x01N\d+\x02 refuses \x01N\d+\x02"]);
        assert!(filter.candidates("\x01N0\x02 met \x01N1\x02").is_empty());
        let long_s = "\x01N0\x02 refu\u{17F}es \x01N1\x02";
        let regex = regex::Regex::new(r"(?i)\x01N\d+\x02 refuses \x01N\d+\x02").unwrap();
        assert!(regex.is_match(long_s));
        assert_eq!(patterns(&filter, long_s), [0]);
    }
}
