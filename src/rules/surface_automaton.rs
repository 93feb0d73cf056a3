//! The automaton of every surface form (alias, adjective, title...), and how it is searched.
//!
//! A form counts only where it starts a word, so the caller visits word starts and asks for the
//! longest form starting there; no form found inside a word ("us" in "thus") is ever looked at.
//! Before that, the word itself is looked up among the first words of the forms: nine words in
//! ten of news text start no form of the project's rules, and a look at one bit passes them over
//! where stepping the automaton read a state or two from memory each. The automaton is a
//! contiguous NFA, stepped anchored through the crate's transition API (a search call per word
//! start cost more than the steps it saved).
//!
//! Not a DFA, although a DFA step is one table lookup: over the project's 1,800 forms the
//! ASCII-case-insensitive DFA took 15 MB, and scanning every byte through it missed the caches
//! so often that it was no faster than the 0.26 MB NFA read at word starts (see BENCHMARKS.md).

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, MatchKind, nfa};

use crate::words::{WordKey, WordSet, first_word};

/// Forms over lowercase spellings, matched ASCII case-insensitively: input bytes are read
/// lowercased, which keeps half the transitions of a case-insensitive automaton.
#[derive(Debug, Clone)]
pub struct SurfaceAutomaton {
    nfa: nfa::contiguous::NFA,
    /// For each byte, whether some form starts with it (in either ASCII case).
    starts: [bool; 256],
    /// The first word of every form that starts with one.
    first_words: WordSet,
    /// The first words of the forms that a text may spell without a capital at the start.
    uncapitalized_first_words: WordSet,
}

impl SurfaceAutomaton {
    /// Builds the automaton over `forms` (lowercase; pattern ids are their indexes), and for
    /// each form whether a text may spell it without a capital at the start.
    pub fn new(forms: &[String], uncapitalized: &[bool]) -> Self {
        assert_eq!(forms.len(), uncapitalized.len(), "one flag per form");
        let nfa = nfa::contiguous::Builder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .prefilter(false)
            .build(forms)
            .expect("an NFA over plain strings always builds");
        let mut starts = [false; 256];
        for form in forms {
            if let Some(&first) = form.as_bytes().first() {
                starts[usize::from(first)] = true;
                starts[usize::from(first.to_ascii_uppercase())] = true;
            }
        }
        let first_words = |only_uncapitalized: bool| {
            let keys: Vec<WordKey> = forms
                .iter()
                .zip(uncapitalized)
                .filter(|&(_, &uncapitalized)| uncapitalized || !only_uncapitalized)
                .map(|(form, _)| first_word(form))
                .filter(|word| !word.is_empty())
                .map(|word| WordKey::of(word.as_bytes()))
                .collect();
            WordSet::new(&keys)
        };
        SurfaceAutomaton {
            nfa,
            starts,
            first_words: first_words(false),
            uncapitalized_first_words: first_words(true),
        }
    }

    /// Whether some form may start with the word of this key, written with or without a capital
    /// at the start (rarely yes when none does).
    #[inline]
    pub fn may_start_with_word(&self, key: WordKey, capitalized: bool) -> bool {
        if capitalized {
            self.first_words.may_contain(key)
        } else {
            self.uncapitalized_first_words.may_contain(key)
        }
    }

    /// Whether some form starts with `byte`: the cheap test before [`Self::longest_at`] where
    /// no word starts.
    #[inline]
    pub fn may_start_with(&self, byte: u8) -> bool {
        self.starts[usize::from(byte)]
    }

    /// The longest form that starts at `start` and ends by `end`: its end and pattern id.
    #[inline]
    pub fn longest_at(&self, haystack: &[u8], start: usize, end: usize) -> Option<(usize, usize)> {
        let nfa = &self.nfa;
        let mut state = nfa
            .start_state(Anchored::Yes)
            .expect("built with an anchored start state");
        let mut longest = None;
        for (at, &byte) in haystack[start..end].iter().enumerate() {
            state = nfa.next_state(Anchored::Yes, state, byte.to_ascii_lowercase());
            if nfa.is_special(state) {
                if nfa.is_dead(state) {
                    break;
                }
                if nfa.is_match(state) {
                    // A state also holds the matches of its suffixes ("us" in "rus"); only a
                    // form as long as the path so far starts at `start`.
                    let length = at + 1;
                    let form = (0..nfa.match_len(state))
                        .map(|i| nfa.match_pattern(state, i))
                        .find(|&pattern| nfa.pattern_len(pattern) == length);
                    if let Some(pattern) = form {
                        longest = Some((start + length, pattern.as_usize()));
                    }
                }
            }
        }
        longest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn automaton(list: &[&str]) -> SurfaceAutomaton {
        SurfaceAutomaton::new(&forms(list), &vec![true; list.len()])
    }

    #[test]
    fn the_longest_form_at_the_start_wins_in_any_ascii_case() {
        let automaton = automaton(&["united", "united states", "united nations"]);
        let text = b"United States troops";
        assert_eq!(automaton.longest_at(text, 0, text.len()), Some((13, 1)));
        let text = b"UNITED NATIONS";
        assert_eq!(automaton.longest_at(text, 0, text.len()), Some((14, 2)));
    }

    #[test]
    fn a_form_must_start_at_the_start_and_end_by_the_end() {
        let automaton = automaton(&["us", "russia"]);
        let text = b"thus Russia";
        assert_eq!(automaton.longest_at(text, 0, text.len()), None);
        assert_eq!(automaton.longest_at(text, 2, text.len()), Some((4, 0)));
        assert_eq!(automaton.longest_at(text, 5, text.len()), Some((11, 1)));
        assert_eq!(automaton.longest_at(text, 5, 10), None);
    }

    #[test]
    fn every_forms_first_word_is_let_through_in_any_ascii_case() {
        let automaton = automaton(&["united states", "u.s.", "al-qaeda", "kazakhstan", "'s"]);
        let key = |word: &str| WordKey::of(word.as_bytes());
        for word in ["United", "U", "AL", "Kazakhstan"] {
            assert!(automaton.may_start_with_word(key(word), true), "{word}");
            assert!(automaton.may_start_with_word(key(word), false), "{word}");
        }
        assert!(!automaton.may_start_with_word(key("States"), true), "not a first word");
        assert!(automaton.may_start_with(b'\''), "a form may start where no word does");
    }

    #[test]
    fn an_uncapitalized_word_is_passed_over_where_only_capitalized_forms_start_with_it() {
        let forms = forms(&["in tam", "us", "the alliance"]);
        let automaton = SurfaceAutomaton::new(&forms, &[false, false, true]);
        let key = |word: &str| WordKey::of(word.as_bytes());
        assert!(automaton.may_start_with_word(key("In"), true));
        assert!(!automaton.may_start_with_word(key("in"), false));
        assert!(!automaton.may_start_with_word(key("us"), false));
        assert!(automaton.may_start_with_word(key("the"), false));
    }

    #[test]
    fn a_partial_longer_form_falls_back_to_the_shorter_one_inside_it() {
        let automaton = automaton(&["new", "new york city"]);
        let text = b"New York State";
        assert_eq!(automaton.longest_at(text, 0, text.len()), Some((3, 0)));
    }
}
