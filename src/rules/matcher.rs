//! A relation pattern's compiled regex, and how it is searched: from mention tokens only when
//! every match of the pattern starts at one.
//!
//! Why not an ordinary unanchored search: the expanded patterns hold bounded gaps
//! (`[^.;]{0,120}?`, the apposition of `{subj}`), and an unanchored lazy DFA tracks every start
//! position it has passed at once, so its states record where in each gap every earlier start
//! stands. Almost every sentence then needs states no sentence needed before: building them was
//! most of extraction's time. A search anchored at one token tracks one start, its states depend
//! on little more than the offset into the gap, and they are reused from sentence to sentence.
//!
//! The results are the same: a leftmost-first search returns the match that starts leftmost, and
//! when every match starts at a token's `\x01`, that is the anchored match at the first token
//! where one exists; the next search starts where the match ended, as an iterator's would.
//! Patterns whose start cannot be proven to be a token (a fixed phrase, `^`, an antecedent
//! "its") are searched unanchored as before.
//!
//! Even anchored, a gap of up to N bytes is N states in a row, distinct for every pattern, and
//! walking them missed the processor's caches on almost every byte. So each search first asks a
//! *screen*: the same pattern with every bounded repetition made unbounded (`{0,120}` becomes
//! `*`) and no capture groups. Its automaton is small and stays warm; it matches everything the
//! pattern matches and more, so when it finds nothing, neither would the pattern, and most
//! searches end there. Only when it matches does the exact pattern run.

use regex_automata::meta::{self, BuildError};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input, MatchKind, PatternID, Span};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind, Repetition};

use super::diagnostic::one_line;

/// The byte every mention token of a masked sentence starts with.
pub const TOKEN_START: u8 = b'\x01';

/// A pattern's compiled regex with its named groups resolved to indices.
#[derive(Debug, Clone)]
pub struct PatternRegex {
    regex: meta::Regex,
    /// Matches wherever `regex` does, and is far cheaper to run (see the module documentation).
    screen: meta::Regex,
    text: String,
    starts_at_token: bool,
    groups: Groups,
}

/// Capture group indices of the groups extraction reads.
#[derive(Debug, Clone, Default)]
pub struct Groups {
    pub source: Option<usize>,
    pub target: Option<usize>,
    /// `skip`, `skip1`, ...: stretches not read for cues or dates.
    pub skipped: Vec<usize>,
    /// `fixed`, `fixed1`, ...: wording the cue scan leaves alone.
    pub fixed: Vec<usize>,
}

/// Size limits of one pattern's automata.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The compiled NFA.
    pub nfa_bytes: usize,
    /// The lazy DFA's cache, per thread; it grows only as needed.
    pub dfa_cache_bytes: usize,
}

impl PatternRegex {
    /// Compiles `text` for matching masked sentences: over bytes, ASCII-only (the words of a
    /// phrasing are English and names are tokens; Unicode classes and case folding would make
    /// the automata many times larger and slower), leftmost-first.
    pub fn new(text: &str, limits: Limits) -> Result<Self, String> {
        let config = meta::Config::new()
            .match_kind(MatchKind::LeftmostFirst)
            .utf8_empty(false)
            .nfa_size_limit(Some(limits.nfa_bytes))
            .hybrid_cache_capacity(limits.dfa_cache_bytes);
        // Parsed once: the pattern and its screen are both built from the same syntax tree.
        let hir = regex_syntax::ParserBuilder::new()
            .unicode(false)
            .utf8(false)
            .build()
            .parse(text)
            .map_err(|err| one_line(&err))?;
        let regex = meta::Builder::new()
            .configure(config.clone())
            .build_from_hir(&hir)
            .map_err(|err| describe(&err, limits))?;
        let screen = meta::Builder::new()
            .configure(config.which_captures(WhichCaptures::None))
            .build_from_hir(&loosened(&hir))
            .map_err(|err| describe(&err, limits))?;
        let groups = Groups::of(&regex);
        Ok(PatternRegex {
            starts_at_token: every_match_starts_at_token(&hir),
            regex,
            screen,
            text: text.to_string(),
            groups,
        })
    }

    /// The regex text the pattern was compiled from.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether searches start only at tokens (see the module documentation).
    pub fn starts_at_token(&self) -> bool {
        self.starts_at_token
    }

    pub fn groups(&self) -> &Groups {
        &self.groups
    }

    /// Calls `visit` with every non-overlapping match in `haystack`, left to right, as an
    /// unanchored leftmost-first iterator would find them. `token_starts` are the offsets of the
    /// haystack's tokens, ascending; no match starts after `starts_by` (the prefilter's bound), so
    /// tokens after it are not searched from.
    pub fn for_each_match(
        &self,
        haystack: &[u8],
        token_starts: &[usize],
        starts_by: usize,
        mut visit: impl FnMut(&Captures),
    ) {
        if !self.starts_at_token {
            if !self.screen.is_match(haystack) {
                return;
            }
            for caps in self.regex.captures_iter(haystack) {
                visit(&caps);
            }
            return;
        }
        // Made only once a screen passes: most searches end at the screen.
        let mut caps: Option<Captures> = None;
        let mut resume = 0;
        for &start in token_starts.iter().take_while(|&&start| start <= starts_by) {
            if start < resume {
                continue;
            }
            let input = Input::new(haystack).span(start..haystack.len()).anchored(Anchored::Yes);
            if !self.screen.is_match(input.clone()) {
                continue;
            }
            let caps = caps.get_or_insert_with(|| self.regex.create_captures());
            self.regex.search_captures(&input, caps);
            if let Some(found) = caps.get_match() {
                resume = found.end();
                visit(caps);
            }
        }
    }
}

impl Groups {
    fn of(regex: &meta::Regex) -> Self {
        let mut groups = Groups::default();
        for (index, name) in regex.group_info().pattern_names(PatternID::ZERO).enumerate() {
            match name {
                Some("source") => groups.source = Some(index),
                Some("target") => groups.target = Some(index),
                Some(n) if n.starts_with("skip") => groups.skipped.push(index),
                Some(n) if n.starts_with("fixed") => groups.fixed.push(index),
                _ => {}
            }
        }
        groups
    }

    /// The spans of the groups at `indices` that took part in a match.
    pub fn spans(caps: &Captures, indices: &[usize]) -> Vec<Span> {
        indices.iter().filter_map(|&i| caps.get_group(i)).collect()
    }
}

/// Whether every match of `hir` begins with a token's first byte: the prefix literals of the
/// pattern form a finite set, none empty, each starting with [`TOKEN_START`].
fn every_match_starts_at_token(hir: &Hir) -> bool {
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix);
    let prefixes = extractor.extract(hir);
    prefixes.literals().is_some_and(|literals| {
        !literals.is_empty()
            && literals
                .iter()
                .all(|literal| literal.as_bytes().first() == Some(&TOKEN_START))
    })
}

/// `hir` with every counted repetition (`x{2,5}`, `x{0,120}?`) made `x+` or `x*`, and capture
/// groups dropped: a pattern that matches every string `hir` matches. `?` stays as it is: it
/// counts nothing.
fn loosened(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Repetition(rep) => {
            let sub = loosened(&rep.sub);
            match rep.max {
                Some(max) if max >= 2 && max > rep.min => Hir::repetition(Repetition {
                    min: rep.min.min(1),
                    max: None,
                    greedy: rep.greedy,
                    sub: Box::new(sub),
                }),
                _ => Hir::repetition(Repetition {
                    sub: Box::new(sub),
                    ..rep.clone()
                }),
            }
        }
        HirKind::Capture(capture) => loosened(&capture.sub),
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(loosened).collect()),
        HirKind::Alternation(parts) => Hir::alternation(parts.iter().map(loosened).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => hir.clone(),
    }
}

/// A build error on one line, as the regex crate words it.
fn describe(err: &BuildError, limits: Limits) -> String {
    if let Some(syntax) = err.syntax_error() {
        return one_line(syntax);
    }
    if err.size_limit().is_some() {
        return format!(
            "the compiled pattern exceeds the size limit of {} bytes",
            limits.nfa_bytes
        );
    }
    err.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        nfa_bytes: 32 << 20,
        dfa_cache_bytes: 2 << 20,
    };

    fn spans(regex: &PatternRegex, haystack: &[u8]) -> Vec<(usize, usize)> {
        let starts: Vec<usize> = haystack
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == TOKEN_START)
            .map(|(i, _)| i)
            .collect();
        let mut found = Vec::new();
        regex.for_each_match(haystack, &starts, usize::MAX, |caps| {
            let m = caps.get_match().unwrap();
            found.push((m.start(), m.end()));
        });
        found
    }

    fn unanchored(text: &str, haystack: &[u8]) -> Vec<(usize, usize)> {
        regex::bytes::RegexBuilder::new(text)
            .unicode(false)
            .build()
            .unwrap()
            .find_iter(haystack)
            .map(|m| (m.start(), m.end()))
            .collect()
    }

    #[test]
    fn the_screen_accepts_whatever_the_pattern_accepts() {
        let pattern = r"(?P<source>a{2,3})(?: [a-z]{0,4}?)? b{1,2}(?P<x>c)?";
        let exact = regex::bytes::Regex::new(&format!("^(?:{pattern})")).unwrap();
        let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).unwrap();
        let screen = regex::bytes::Regex::new(&format!("^(?:{})", loosened(&hir))).unwrap();
        assert!(!loosened(&hir).to_string().contains("P<"), "captures are dropped");
        for text in [
            "aa b",
            "aaa abcd bb",
            "aa abcdefg b",
            "a b",
            "aaaa b",
            "aa bbbc",
            "aa  b",
        ] {
            if exact.is_match(text.as_bytes()) {
                assert!(screen.is_match(text.as_bytes()), "{text}");
            }
        }
        assert!(screen.is_match(b"aa abcdefg b") && !exact.is_match(b"aa abcdefg b"));
        assert!(!screen.is_match(b" b") && !screen.is_match(b"aa c"));
    }

    #[test]
    fn a_pattern_that_opens_with_a_slot_starts_at_tokens() {
        let token_first =
            r"(?i)(?P<source>\x01[NA][a-z]\d+\x02)(?: [^.;\x01]{0,40}?)? criticized (?P<target>\x01[NA][a-z]\d+\x02)";
        assert!(PatternRegex::new(token_first, LIMITS).unwrap().starts_at_token());
        for not_token_first in [
            r"(?i)(?:refusal|decision not) to join (?P<target>\x01N[a-z]\d+\x02)",
            r"(?i)(?:^|, )(?P<source>\x01N[a-z]\d+\x02) met",
            r"(?i)(?P<target>\x01N[a-z]\d+\x02|its|their) plan",
            r"(?i)(?P<source>\x01N[a-z]\d+\x02)?met",
        ] {
            assert!(
                !PatternRegex::new(not_token_first, LIMITS).unwrap().starts_at_token(),
                "{not_token_first}"
            );
        }
    }

    #[test]
    fn token_searches_find_what_an_unanchored_search_finds() {
        let text = r"(?i)(?P<source>\x01N[a-z]\d+\x02)(?: [^.;\x01]{0,40}?(?:\x01[^\x02]+\x02[^.;\x01]{0,20}?)?)? (?:criticized|and) (?P<target>\x01N[a-z]\d+\x02)";
        let regex = PatternRegex::new(text, LIMITS).unwrap();
        assert!(regex.starts_at_token());
        for haystack in [
            "\x01Nc0\x02 criticized \x01Nc1\x02 and \x01Nc2\x02.",
            "Then \x01Nc0\x02, which \x01Nc3\x02 backs, criticized \x01Nc1\x02 and \x01Nc2\x02 criticized \x01Nc4\x02",
            "\x01Nc0\x02 \x01Nc1\x02 criticized",
            "no tokens criticized at all",
            "\x01Nc0\x02 and \x01Nc1\x02 and \x01Nc2\x02 and \x01Nc3\x02",
        ] {
            assert_eq!(
                spans(&regex, haystack.as_bytes()),
                unanchored(text, haystack.as_bytes()),
                "{haystack:?}"
            );
        }
    }

    #[test]
    fn named_groups_resolve_to_indices() {
        let regex = PatternRegex::new(
            r"(?P<source>\x01N\d+\x02)(?P<skip>, [a-z ]+,)? (?P<fixed>refused) to join (?P<target>\x01N\d+\x02)(?P<skip1> now)?",
            LIMITS,
        )
        .unwrap();
        let groups = regex.groups();
        assert_eq!((groups.source, groups.target), (Some(1), Some(4)));
        assert_eq!(groups.skipped, [2, 5]);
        assert_eq!(groups.fixed, [3]);
    }

    #[test]
    fn a_broken_pattern_says_why_on_one_line() {
        let err = PatternRegex::new("(?P<source>\\x01N\\d+\\x02) (unclosed", LIMITS).unwrap_err();
        assert!(!err.contains('\n') && err.contains("unclosed"), "{err}");
    }
}
