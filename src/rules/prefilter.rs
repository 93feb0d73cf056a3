//! Which relation patterns can match a masked sentence, decided by one Aho-Corasick pass over
//! words each pattern cannot match without ("refused to ", "joint exercises").
//!
//! The expanded patterns are large (macros, slots, token lists, case-insensitive letters). A
//! `RegexSet` over all of them made the lazy DFA build a new, huge state for almost every
//! sentence: 18 million instructions per sentence, 0.2 MB/s for the whole extraction. Most
//! sentences hold none of a pattern's trigger words, so a literal pass rules most patterns out and
//! only the few plausible ones run their own regex.
//!
//! A pattern holds several such sets (its verb, its preposition, its object noun), and it stays
//! a candidate only when a literal of every set it requires is found: one set alone was often a
//! common word (" with ", " that "), and such a pattern ran on a sentence in four.
//!
//! The filter never rules out a pattern that could match (the results are identical with and
//! without it):
//! - For every run of consecutive parts of a pattern's top-level concatenation, regex-syntax's
//!   prefix extractor gives a finite set of literals one of which begins every match of the run,
//!   so every match of the pattern contains one of them. Up to three such sets are kept, the
//!   most selective first, leaving out a set that one already kept implies.
//! - The pattern is read without its leading `(?i)`, so the literals are the words as written;
//!   the literals are lowercased and the sentence is read ASCII-lowercased (the matches of ASCII
//!   case-insensitivity, with half the automaton's transitions), which covers every case variant
//!   of ASCII letters except the two non-ASCII characters that Unicode folds onto them (`ſ` onto
//!   `s`, the Kelvin sign onto `k`): a sentence holding either skips the filter. A literal holding
//!   any other non-ASCII byte is not used.
//! - A literal is cut down to its longest stretch outside mention tokens, and one that holds
//!   another literal of its set is left out: a sentence holding the first holds the second.
//! - A run that begins with a slot taking only some kinds of mention (`{target:event}`) begins
//!   with a token of one of those kinds, so a sentence without one is ruled out. Token letters
//!   are matched case-sensitively and text cannot pose as a token.
//! - A pattern without a usable set (too short, only token bytes, unparseable) always runs.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

/// Literal sets whose shortest member has fewer bytes of text than this are not worth a lookup:
/// "to" or a bare token occurs in nearly every sentence.
const MIN_SELECTIVE_BYTES: usize = 3;

/// How many consecutive parts of a pattern one literal set is drawn from.
const WINDOW: usize = 4;

/// How many literal sets a pattern requires at most. One set picked by length alone is often a
/// common word (" with ", " that "); requiring a pattern's verb, its preposition and its object
/// noun together rules out far more sentences, and each further set costs automaton states.
const MAX_SETS: usize = 3;
// A pattern's sets are bits of a `u8`, and a `Hit` keeps a set in four bits.
const _: () = assert!(MAX_SETS <= 8);

/// The patterns that may match a sentence.
#[derive(Debug, Clone)]
pub struct PatternFilter {
    automaton: Option<AhoCorasick>,
    /// For each literal of the automaton, the pattern sets it belongs to.
    owners: Vec<Vec<SetOf>>,
    /// For each pattern, one bit per literal set it requires (none for a pattern that always runs).
    required: Vec<u8>,
    /// For each pattern, the kinds of mention it requires a token of, one mask per slot.
    kinds: Vec<Vec<u32>>,
    /// Patterns that run on every sentence.
    always: Vec<u32>,
    patterns: usize,
}

/// One of the literal sets of one pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct SetOf {
    pattern: u32,
    set: u8,
}

impl PatternFilter {
    /// The filter for patterns given as the regex text they were compiled from.
    pub fn new<'a>(regexes: impl IntoIterator<Item = &'a str>) -> Self {
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<SetOf>> = Vec::new();
        let mut index: std::collections::HashMap<Vec<u8>, usize> = std::collections::HashMap::new();
        let mut required = Vec::new();
        let mut kinds = Vec::new();
        let mut always = Vec::new();
        for (pattern, regex) in regexes.into_iter().enumerate() {
            let Requirements {
                sets,
                kinds: slot_kinds,
            } = requirements(regex);
            kinds.push(slot_kinds);
            required.push(((1u16 << sets.len()) - 1) as u8);
            if sets.is_empty() {
                always.push(pattern as u32);
            }
            for (set, members) in sets.into_iter().enumerate() {
                let owner = SetOf {
                    pattern: pattern as u32,
                    set: set as u8,
                };
                for literal in members {
                    let at = *index.entry(literal.clone()).or_insert_with(|| {
                        literals.push(literal);
                        owners.push(Vec::new());
                        owners.len() - 1
                    });
                    if !owners[at].contains(&owner) {
                        owners[at].push(owner);
                    }
                }
            }
        }
        let patterns = required.len();
        // (Beyond 2^28 patterns a `Hit` could not hold the index: then every pattern runs.)
        let automaton = if literals.is_empty() || patterns >= 1 << 28 {
            None
        } else {
            // A contiguous NFA, not a DFA: the expanded patterns give thousands of literals (4,300
            // for the project's rules), whose DFA took 16 MB and missed the caches on most bytes.
            // Over lowercase literals, read through a lowercased sentence: made ASCII
            // case-insensitive instead, the NFA took half as much again.
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
            required,
            kinds,
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
        let mut candidates = self.literal_candidates(haystack);
        if candidates.is_empty() {
            return candidates;
        }
        let present = kinds_present(haystack.as_bytes());
        candidates.retain(|c| self.kinds[c.pattern].iter().all(|&mask| mask & present != 0));
        candidates
    }

    /// The patterns whose literals are all found, with their bounds.
    fn literal_candidates(&self, haystack: &str) -> Vec<Candidate> {
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
        // Offsets in the lowercased copy are offsets in the sentence: ASCII lowercasing keeps
        // every byte where it was.
        let lowered = haystack.to_ascii_lowercase();
        // Every literal found, as one sortable key of pattern, set and start (see `Hit`); the
        // overlapping search reports every occurrence. Sentences find few, so they are gathered
        // and sorted rather than counted in a table with a row for every pattern.
        let mut hits: Vec<Hit> = Vec::with_capacity(32);
        for found in automaton.find_overlapping_iter(&lowered) {
            for owner in &self.owners[found.pattern().as_usize()] {
                hits.push(Hit::new(*owner, found.start()));
            }
        }
        hits.sort_unstable();
        let mut candidates = Vec::with_capacity(self.always.len() + 4);
        let mut always = self.always.iter().map(|&p| p as usize).peekable();
        for run in hits.chunk_by(|a, b| a.pattern() == b.pattern()) {
            let pattern = run[0].pattern();
            let mut sets_found = 0u8;
            let mut starts_by = usize::MAX;
            // A match holds a literal of each set, so it starts at or before the last one found
            // of every set: the bound is the nearest of those.
            for set in run.chunk_by(|a, b| a.set() == b.set()) {
                sets_found |= 1 << set[0].set();
                starts_by = starts_by.min(set[set.len() - 1].start());
            }
            if sets_found != self.required[pattern] {
                continue;
            }
            while let Some(p) = always.next_if(|&p| p < pattern) {
                candidates.push(unbounded(p));
            }
            candidates.push(Candidate { pattern, starts_by });
        }
        candidates.extend(always.map(unbounded));
        candidates
    }
}

/// A literal found: pattern, set and start packed so that sorting orders by all three at once
/// (pattern indices up to 2^28, far beyond any rulebook).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Hit(u64);

impl Hit {
    /// Starts at or beyond `u32::MAX` are kept as `u32::MAX`, read back as "anywhere".
    fn new(owner: SetOf, start: usize) -> Hit {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        Hit(u64::from(owner.pattern) << 36 | u64::from(owner.set) << 32 | u64::from(start))
    }

    fn pattern(self) -> usize {
        (self.0 >> 36) as usize
    }

    fn set(self) -> u8 {
        (self.0 >> 32 & 0xF) as u8
    }

    fn start(self) -> usize {
        match self.0 as u32 {
            u32::MAX => usize::MAX,
            start => start as usize,
        }
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

/// What every match of a pattern holds, as far as the filter can tell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Requirements {
    /// Up to [`MAX_SETS`] sets of literals, lowercased: a literal of each.
    sets: Vec<Vec<Vec<u8>>>,
    /// Masks of mention kind letters ([`kind_bit`]): a token of a kind in each mask.
    kinds: Vec<u32>,
}

/// What every match of `regex` holds; nothing when the filter can tell nothing. The most
/// selective literal sets are taken first, and a set another one already taken implies is not
/// taken. A slot that takes only some kinds of mention (`{target:event}`) requires a token of
/// one of them.
fn requirements(regex: &str) -> Requirements {
    let mut kinds = Vec::new();
    let Some(body) = regex.strip_prefix("(?i)") else {
        return Requirements::default();
    };
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .case_insensitive(false)
        .build()
        .parse(body)
    else {
        return Requirements::default();
    };
    let parts: Vec<Hir> = match hir.kind() {
        HirKind::Concat(parts) => parts.clone(),
        _ => vec![hir.clone()],
    };
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix);
    let mut found: Vec<(usize, Vec<Vec<u8>>)> = Vec::new();
    for start in 0..parts.len() {
        // A few parts at a time: the extractor's limits stop a cross product after about that
        // many anyway, and every match still holds a match of these parts in a row.
        let window = Hir::concat(parts[start..parts.len().min(start + WINDOW)].to_vec());
        let seq = extractor.extract(&window);
        let Some(literals) = seq.literals() else { continue };
        if literals.is_empty() || literals.iter().any(|l| !l.as_bytes().is_ascii()) {
            continue;
        }
        if let Some(mask) = token_kinds(literals.iter().map(|l| l.as_bytes()))
            && mask != ANY_KIND
            && !kinds.contains(&mask)
        {
            kinds.push(mask);
        }
        let mut set: Vec<Vec<u8>> = literals
            .iter()
            .map(|l| longest_text_run(l.as_bytes()).to_ascii_lowercase())
            .collect();
        let score = set.iter().map(Vec::len).min().unwrap_or(0);
        if score < MIN_SELECTIVE_BYTES {
            continue;
        }
        set.sort();
        set.dedup();
        found.push((score, without_containers(set)));
    }
    // Longest shortest literal first, then the smaller set.
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.len().cmp(&b.1.len())));
    let mut chosen: Vec<Vec<Vec<u8>>> = Vec::new();
    for (_, set) in found {
        if chosen.len() == MAX_SETS {
            break;
        }
        if !chosen.iter().any(|taken| implies(taken, &set)) {
            chosen.push(set);
        }
    }
    Requirements { sets: chosen, kinds }
}

/// Every kind letter: the mask of a slot that takes any mention.
const ANY_KIND: u32 = (1 << 26) - 1;

/// The bit of a mention kind letter (the third byte of a token, `c` in `\x01Nc0\x02`).
fn kind_bit(letter: u8) -> u32 {
    if letter.is_ascii_lowercase() {
        1 << (letter - b'a')
    } else {
        ANY_KIND
    }
}

/// The kinds of mention one of which begins every literal, when each begins with a token.
fn token_kinds<'a>(literals: impl Iterator<Item = &'a [u8]>) -> Option<u32> {
    let mut mask = 0;
    for literal in literals {
        match literal {
            [b'\x01', _form, kind, ..] => mask |= kind_bit(*kind),
            _ => return None,
        }
    }
    Some(mask)
}

/// The kinds of the mentions of a masked sentence, as a mask of [`kind_bit`]s.
fn kinds_present(haystack: &[u8]) -> u32 {
    memchr::memchr_iter(b'\x01', haystack)
        .filter_map(|at| haystack.get(at + 2))
        .fold(0, |mask, &kind| mask | kind_bit(kind))
}

/// Whether a text holding a literal of `set` always holds one of `other`: each literal of `set`
/// contains one of `other`.
fn implies(set: &[Vec<u8>], other: &[Vec<u8>]) -> bool {
    set.iter().all(|literal| other.iter().any(|o| contains(literal, o)))
}

fn contains(literal: &[u8], other: &[u8]) -> bool {
    other.len() <= literal.len() && literal.windows(other.len().max(1)).any(|window| window == other)
}

/// `set` without each literal that holds another of the set ("has refused" beside "refused"): a
/// text holding the longer holds the shorter, so the set rules out the same sentences with fewer
/// literals, and the automaton over every pattern's set is smaller (3,062 literals against 4,813
/// for the project's rules, and a third less memory). The shorter one also starts no earlier, so
/// a candidate's `starts_by` stays a bound on where its matches start.
fn without_containers(set: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    let holds = |literal: &[u8], other: &[u8]| other.len() < literal.len() && contains(literal, other);
    set.iter()
        .filter(|literal| !set.iter().any(|other| holds(literal, other)))
        .cloned()
        .collect()
}

/// The longest stretch of a literal outside mention tokens (`\x01Nc0\x02`). A text holding the
/// literal holds the stretch, so the stretch can stand for it; token bytes occur in every
/// sentence with mentions and make a literal little rarer, but spelled out for every kind and
/// form of mention they multiplied the literals many times over. A literal that starts inside a
/// token (`\x02 has refused`) starts outside it after its `\x02`.
fn longest_text_run(literal: &[u8]) -> &[u8] {
    let first_open = literal.iter().position(|&b| b == b'\x01').unwrap_or(literal.len());
    let mut in_token = literal[..first_open].contains(&b'\x02');
    let mut longest = &literal[..0];
    let mut run_start = 0;
    for (at, &byte) in literal.iter().enumerate() {
        match byte {
            b'\x01' | b'\x02' => {
                if !in_token && at - run_start > longest.len() {
                    longest = &literal[run_start..at];
                }
                in_token = byte == b'\x01';
                run_start = at + 1;
            }
            _ => {}
        }
    }
    if !in_token && literal.len() - run_start > longest.len() {
        longest = &literal[run_start..];
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(regex: &str) -> Vec<String> {
        requirements(regex)
            .sets
            .into_iter()
            .next()
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
    fn a_pattern_runs_only_when_a_literal_of_each_set_is_found() {
        let regex = r"(?i)\x01N\d+\x02 (?:supplied|armed) \x01N\d+\x02 with (?:[a-z]+ ){0,2}(?:tanks|rifles)";
        let sets = requirements(regex).sets;
        assert!(sets.len() >= 2, "{sets:?}");
        let filter = PatternFilter::new([regex]);
        assert_eq!(patterns(&filter, "\x01N0\x02 supplied \x01N1\x02 with old tanks"), [0]);
        assert!(patterns(&filter, "\x01N0\x02 supplied \x01N1\x02 with gas").is_empty());
        assert!(patterns(&filter, "\x01N0\x02 met \x01N1\x02 to discuss tanks").is_empty());
        // The bound is the nearest of the sets' bounds: no match starts after the last verb,
        // though " with " and "tanks" are found further on.
        let haystack = "\x01N0\x02 armed \x01N1\x02 with rifles and \x01N2\x02 with tanks";
        let starts_by = filter.candidates(haystack)[0].starts_by;
        assert!(starts_by <= haystack.find("armed").unwrap(), "{starts_by}");
    }

    #[test]
    fn a_slot_of_some_kinds_requires_a_mention_of_one_of_them() {
        let filter = PatternFilter::new([
            r"(?i)(?-i:\x01[NA][cop][0-9]+\x02) hosted (?-i:\x01[NA]e[0-9]+\x02)",
            r"(?i)(?-i:\x01[NA][cop][0-9]+\x02) (?-i:\x01[NA]l[0-9]+\x02)",
        ]);
        assert_eq!(patterns(&filter, "\x01Nc0\x02 hosted \x01Ne1\x02"), [0]);
        assert!(patterns(&filter, "\x01Nc0\x02 hosted \x01No1\x02").is_empty());
        assert_eq!(patterns(&filter, "\x01Nc0\x02 \x01Nl1\x02"), [1]);
        // A slot that takes every kind asks for nothing.
        assert!(requirements(r"(?i)\x01N[a-z][0-9]+\x02 hosted").kinds.is_empty());
    }

    #[test]
    fn a_set_another_set_implies_is_not_required_twice() {
        let sets = requirements(r"(?i)\x01N\d+\x02 (?:flatly )?refused to join \x01N\d+\x02").sets;
        assert_eq!(sets.len(), 1, "{sets:?}");
    }

    #[test]
    fn a_literal_holding_another_of_its_set_is_left_out() {
        let literals = set(r"(?i)(?:refused|flatly refused) to join \x01N\d+\x02");
        assert_eq!(literals, ["refused to join "]);
        let owned = |list: &[&str]| list.iter().map(|l| l.as_bytes().to_vec()).collect::<Vec<_>>();
        assert_eq!(
            without_containers(owned(&["has refused", "refused", "rejected"])),
            owned(&["refused", "rejected"])
        );
    }

    #[test]
    fn a_literal_stands_for_its_longest_stretch_outside_tokens() {
        assert_eq!(longest_text_run(b"\x02 has refused \x01Nc"), b" has refused ");
        assert_eq!(longest_text_run(b"\x01Nc0\x02"), b"");
        assert_eq!(longest_text_run(b"joint"), b"joint");
        assert_eq!(longest_text_run(b"Nc0\x02 and \x01Ne1\x02, with \x01N"), b", with ");
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
        assert!(
            requirements(r"(?i)(?P<source>\x01[NA][cp]\d+\x02) (?P<target>\x01[NA][ce]\d+\x02)")
                .sets
                .is_empty()
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
