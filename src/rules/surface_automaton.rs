//! The automaton of every surface form (alias, adjective, title...), and the two ways it is
//! searched.
//!
//! A form counts only where it starts a word. A DFA, whose every step is one table lookup,
//! scans the text byte by byte and the caller skips forms found inside words ("us" in "thus").
//! An NFA at the scale of imported dictionaries steps slower and finds far more forms inside
//! words, so the caller visits word starts instead and asks for the longest form starting
//! there: most words leave the automaton after a byte or two. Either way the steps are taken
//! here, through the automaton's transition API: a search call per word start through the
//! crate's `find` cost more than the scan it saved.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{Anchored, MatchKind, StartKind, dfa, nfa};

/// Forms over lowercase spellings, matched ASCII case-insensitively: the DFA is built so, the
/// NFA reads input bytes lowercased (it keeps half the transitions of a case-insensitive one).
#[derive(Debug, Clone)]
pub struct SurfaceAutomaton {
    kind: Kind,
    /// For each byte, whether some form starts with it (in either ASCII case).
    starts: [bool; 256],
}

#[derive(Debug, Clone)]
enum Kind {
    /// Fastest per byte; for a few thousand forms it stays small.
    Dfa(dfa::DFA),
    /// At the scale of imported dictionaries a DFA would take hundreds of MB.
    Nfa(nfa::contiguous::NFA),
}

impl SurfaceAutomaton {
    /// Builds the automaton over `forms` (lowercase; pattern ids are their indexes); a DFA when
    /// `dfa` is set.
    pub fn new(forms: &[String], dfa: bool) -> Self {
        let kind = if dfa {
            Kind::Dfa(
                dfa::Builder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    // Free in a DFA, whose byte classes merge the cases: no lowercasing per byte.
                    .ascii_case_insensitive(true)
                    .start_kind(StartKind::Both)
                    .prefilter(false)
                    .build(forms)
                    .expect("a DFA over plain strings always builds"),
            )
        } else {
            Kind::Nfa(
                nfa::contiguous::Builder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .prefilter(false)
                    .build(forms)
                    .expect("an NFA over plain strings always builds"),
            )
        };
        let mut starts = [false; 256];
        for form in forms {
            if let Some(&first) = form.as_bytes().first() {
                starts[usize::from(first)] = true;
                starts[usize::from(first.to_ascii_uppercase())] = true;
            }
        }
        SurfaceAutomaton { kind, starts }
    }

    /// Whether the text is best scanned byte by byte with [`Self::leftmost_longest`] (a DFA);
    /// otherwise word starts are visited with [`Self::longest_at`].
    pub fn scans_every_byte(&self) -> bool {
        matches!(self.kind, Kind::Dfa(_))
    }

    /// The form that starts leftmost in `from..end`, the longest there: start, end, pattern id.
    #[inline]
    pub fn leftmost_longest(&self, haystack: &[u8], from: usize, end: usize) -> Option<(usize, usize, usize)> {
        match &self.kind {
            Kind::Dfa(dfa) => leftmost_longest(dfa, haystack, from, end, |byte| byte),
            Kind::Nfa(nfa) => leftmost_longest(nfa, haystack, from, end, |byte| byte.to_ascii_lowercase()),
        }
    }

    /// Whether some form starts with `byte`: the cheap test before [`Self::longest_at`].
    #[inline]
    pub fn may_start_with(&self, byte: u8) -> bool {
        self.starts[usize::from(byte)]
    }

    /// The longest form that starts at `start` and ends by `end`: its end and pattern id.
    #[inline]
    pub fn longest_at(&self, haystack: &[u8], start: usize, end: usize) -> Option<(usize, usize)> {
        match &self.kind {
            Kind::Dfa(dfa) => longest_at(dfa, haystack, start, end, |byte| byte),
            Kind::Nfa(nfa) => longest_at(nfa, haystack, start, end, |byte| byte.to_ascii_lowercase()),
        }
    }
}

/// Steps `automaton` from its start state (anchored or not) over `haystack[from..end]`, each
/// byte read through `read`, until it dies; calls `on_match` with every match state it reaches
/// and the offset just past the byte that led there.
#[inline(always)]
fn walk<A: Automaton>(
    automaton: &A,
    anchored: Anchored,
    haystack: &[u8],
    from: usize,
    end: usize,
    read: impl Fn(u8) -> u8,
    mut on_match: impl FnMut(StateID, usize),
) {
    let mut state = automaton
        .start_state(anchored)
        .expect("built with anchored and unanchored start states");
    for (at, &byte) in haystack[from..end].iter().enumerate() {
        state = automaton.next_state(anchored, state, read(byte));
        if automaton.is_special(state) {
            if automaton.is_dead(state) {
                break;
            }
            if automaton.is_match(state) {
                on_match(state, from + at + 1);
            }
        }
    }
}

#[inline(always)]
fn longest_at<A: Automaton>(
    automaton: &A,
    haystack: &[u8],
    start: usize,
    end: usize,
    read: impl Fn(u8) -> u8,
) -> Option<(usize, usize)> {
    let mut longest = None;
    walk(automaton, Anchored::Yes, haystack, start, end, read, |state, stop| {
        // A state also holds the matches of its suffixes ("us" in "rus"); only a form as long
        // as the path so far starts at `start`.
        let form = (0..automaton.match_len(state))
            .map(|i| automaton.match_pattern(state, i))
            .find(|&pattern| automaton.pattern_len(pattern) == stop - start);
        if let Some(pattern) = form {
            longest = Some((stop, pattern.as_usize()));
        }
    });
    longest
}

#[inline(always)]
fn leftmost_longest<A: Automaton>(
    automaton: &A,
    haystack: &[u8],
    from: usize,
    end: usize,
    read: impl Fn(u8) -> u8,
) -> Option<(usize, usize, usize)> {
    let mut found = None;
    walk(automaton, Anchored::No, haystack, from, end, read, |state, stop| {
        // A leftmost-longest automaton's first match in a state is the one it reports; it only
        // goes on to find a longer form starting at the same place.
        let pattern = automaton.match_pattern(state, 0);
        found = Some((stop - automaton.pattern_len(pattern), stop, pattern.as_usize()));
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn both(list: &[&str]) -> [SurfaceAutomaton; 2] {
        [
            SurfaceAutomaton::new(&forms(list), true),
            SurfaceAutomaton::new(&forms(list), false),
        ]
    }

    #[test]
    fn the_longest_form_at_the_start_wins_in_any_ascii_case() {
        for automaton in both(&["united", "united states", "united nations"]) {
            let text = b"United States troops";
            assert_eq!(automaton.longest_at(text, 0, text.len()), Some((13, 1)));
            let text = b"UNITED NATIONS";
            assert_eq!(automaton.longest_at(text, 0, text.len()), Some((14, 2)));
        }
    }

    #[test]
    fn a_form_must_start_at_the_start_and_end_by_the_end() {
        for automaton in both(&["us", "russia"]) {
            let text = b"thus Russia";
            assert_eq!(automaton.longest_at(text, 0, text.len()), None);
            assert_eq!(automaton.longest_at(text, 2, text.len()), Some((4, 0)));
            assert_eq!(automaton.longest_at(text, 5, text.len()), Some((11, 1)));
            assert_eq!(automaton.longest_at(text, 5, 10), None);
        }
    }

    #[test]
    fn a_scan_finds_the_leftmost_form_and_the_longest_there() {
        for automaton in both(&["us", "united", "united states", "states"]) {
            let text = b"Thus the United States";
            assert_eq!(automaton.leftmost_longest(text, 0, text.len()), Some((2, 4, 0)));
            assert_eq!(automaton.leftmost_longest(text, 4, text.len()), Some((9, 22, 2)));
            assert_eq!(automaton.leftmost_longest(text, 4, 20), Some((9, 15, 1)));
            assert_eq!(automaton.leftmost_longest(text, 16, 21), None);
        }
    }

    #[test]
    fn a_partial_longer_form_falls_back_to_the_shorter_one_inside_it() {
        for automaton in both(&["new", "new york city"]) {
            let text = b"New York State";
            assert_eq!(automaton.longest_at(text, 0, text.len()), Some((3, 0)));
        }
    }
}
