//! Relation patterns over masked sentences: every mention becomes a token (`\x01N3\x02`), the
//! rest of the sentence is normalised (one space, straight quotes), and the rulebook's patterns
//! run there, so `{source}` and `{target}` are plain regex groups over tokens.

use std::ops::Range;

use super::mentions::Mention;
use crate::rules::Rulebook;
use crate::rules::matcher::{Groups, TOKEN_START};
use crate::rules::prefilter::Candidate;
use crate::rules::rulebook::is_ascii_space;

/// A sentence with its mentions replaced by tokens, and the way back to article offsets.
#[derive(Debug, Clone)]
pub struct MaskedSentence {
    pub text: String,
    /// Where each mention's token stands in `text`, by mention index.
    pub tokens: Vec<Range<usize>>,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    masked: usize,
    masked_len: usize,
    original: usize,
    original_len: usize,
}

impl MaskedSentence {
    /// The masked text of a byte range. Patterns match bytes, so a range may end inside a
    /// character; the text is then read lossily rather than sliced.
    pub fn slice(&self, range: Range<usize>) -> std::borrow::Cow<'_, str> {
        let bytes = self.text.as_bytes();
        let range = range.start.min(bytes.len())..range.end.min(bytes.len());
        String::from_utf8_lossy(&bytes[range.start..range.end.max(range.start)])
    }

    /// Masks `text[sentence]`, given the sentence's mentions in order and each one's kind letter.
    pub fn new(
        text: &str,
        sentence: Range<usize>,
        mentions: &[Mention],
        kind_letter: impl Fn(&Mention) -> char,
    ) -> Self {
        let mut masked = String::with_capacity(sentence.len() + 8);
        let mut segments = Vec::with_capacity(mentions.len() * 2 + 1);
        let mut tokens = Vec::with_capacity(mentions.len());
        let mut at = sentence.start;
        for (index, mention) in mentions.iter().enumerate() {
            push_normalized(&mut masked, &mut segments, text, at..mention.start);
            let start = masked.len();
            masked.push('\x01');
            masked.push(mention.form.letter());
            masked.push(kind_letter(mention));
            masked.push_str(&index.to_string());
            masked.push('\x02');
            tokens.push(start..masked.len());
            segments.push(Segment {
                masked: start,
                masked_len: masked.len() - start,
                original: mention.start,
                original_len: mention.end - mention.start,
            });
            at = mention.end;
        }
        push_normalized(&mut masked, &mut segments, text, at..sentence.end);
        MaskedSentence {
            text: masked,
            tokens,
            segments,
        }
    }

    /// The article offset of a masked offset (a token maps to its mention's start or end).
    pub fn to_original(&self, text: &str, masked: usize) -> usize {
        let Some(segment) = self.segments.iter().rev().find(|s| s.masked <= masked) else {
            return self.segments.first().map_or(0, |s| s.original);
        };
        let offset = masked - segment.masked;
        if offset >= segment.masked_len {
            return segment.original + segment.original_len;
        }
        if segment.masked_len == segment.original_len {
            return segment.original + offset;
        }
        // Normalised text: walk both sides character by character.
        let original = &text[segment.original..segment.original + segment.original_len];
        let masked_text = &self.text[segment.masked..segment.masked + segment.masked_len];
        let mut masked_walk = 0;
        let mut chars = original.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if masked_walk >= offset {
                return segment.original + at;
            }
            let normalized = normalize_char(c);
            if normalized == ' ' {
                while chars.peek().is_some_and(|(_, n)| n.is_whitespace()) {
                    chars.next();
                }
            }
            masked_walk += normalized.len_utf8();
            let _ = masked_text;
        }
        segment.original + segment.original_len
    }
}

/// Copies text with whitespace collapsed and typographic quotes and dashes made plain, and with
/// the token delimiters removed so that no text can pose as a token.
fn push_normalized(masked: &mut String, segments: &mut Vec<Segment>, text: &str, range: Range<usize>) {
    if range.is_empty() {
        return;
    }
    let start = masked.len();
    let mut last_space = masked.ends_with(' ');
    let bytes = text.as_bytes();
    let mut at = range.start;
    while at < range.end {
        // A run of ASCII that stays as it is (no whitespace, delimiter or backtick) goes whole.
        let run = bytes[at..range.end]
            .iter()
            .take_while(|&&b| PLAIN_BYTE[usize::from(b)])
            .count();
        if run > 0 {
            masked.push_str(&text[at..at + run]);
            last_space = false;
            at += run;
            continue;
        }
        let c = text[at..].chars().next().expect("`at` is a char boundary");
        at += c.len_utf8();
        let n = normalize_char(c);
        if n == ' ' {
            if !last_space {
                masked.push(' ');
            }
            last_space = true;
        } else {
            masked.push(n);
            last_space = false;
        }
    }
    segments.push(Segment {
        masked: start,
        masked_len: masked.len() - start,
        original: range.start,
        original_len: range.len(),
    });
}

/// The ASCII bytes [`normalize_char`] leaves as they are.
static PLAIN_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = !(is_ascii_space(byte as u8) || matches!(byte as u8, b'\x01' | b'\x02' | b'`'));
        byte += 1;
    }
    table
};

fn normalize_char(c: char) -> char {
    match c {
        '’' | '‘' | '`' | '´' => '\'',
        '“' | '”' | '„' | '«' | '»' => '"',
        '–' | '—' | '‑' => '-',
        '\x01' | '\x02' => ' ',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// One match of one pattern in one sentence.
#[derive(Debug, Clone)]
pub struct PatternMatch {
    pub pattern: usize,
    /// Indices of the source mentions (several for a list).
    pub sources: Vec<usize>,
    pub targets: Target,
    /// Masked ranges: the whole match, each slot, skipped clauses, fixed wording.
    pub whole: Range<usize>,
    pub source_range: Range<usize>,
    pub target_range: Option<Range<usize>>,
    pub skipped: Vec<Range<usize>>,
    pub fixed: Vec<Range<usize>>,
}

#[derive(Debug, Clone)]
pub enum Target {
    Mentions(Vec<usize>),
    /// "its"/"their": the actor named last before it, other than the source.
    Antecedent,
    /// Attribution and list-pairing patterns have no target slot.
    None,
}

/// Runs every pattern that can match the masked sentence (the filter rules out those whose words
/// are missing; the rest run their own regex, in pattern order).
pub fn match_patterns(rules: &Rulebook, masked: &MaskedSentence) -> Vec<PatternMatch> {
    match_candidates(rules, masked, rules.pattern_filter.candidates(&masked.text))
}

/// Runs the given candidates of the filter on the masked sentence, in the order given.
pub fn match_candidates(
    rules: &Rulebook,
    masked: &MaskedSentence,
    candidates: impl IntoIterator<Item = Candidate>,
) -> Vec<PatternMatch> {
    let mut matches = Vec::new();
    let haystack = masked.text.as_bytes();
    let token_starts: Vec<usize> = masked.tokens.iter().map(|t| t.start).collect();
    for candidate in candidates {
        let pattern_index = candidate.pattern;
        let pattern = &rules.patterns[pattern_index];
        let regex = &pattern.regex;
        let groups = regex.groups();
        regex.for_each_match(haystack, &token_starts, candidate.starts_by, |caps| {
            let Some(source) = groups.source.and_then(|g| caps.get_group(g)) else {
                return;
            };
            let whole = caps.get_match().map_or(0..0, |m| m.range());
            if pattern.vetoes.undo(&masked.text, whole.clone()) {
                return;
            }
            let target = groups.target.and_then(|g| caps.get_group(g));
            let targets = match target {
                Some(t) if haystack.get(t.start) == Some(&TOKEN_START) => {
                    Target::Mentions(token_indices(&haystack[t.range()]))
                }
                Some(_) => Target::Antecedent,
                None => Target::None,
            };
            let ranges = |indices: &[usize]| -> Vec<Range<usize>> {
                Groups::spans(caps, indices).into_iter().map(|s| s.range()).collect()
            };
            matches.push(PatternMatch {
                pattern: pattern_index,
                sources: token_indices(&haystack[source.range()]),
                targets,
                whole,
                source_range: source.range(),
                target_range: target.map(|t| t.range()),
                skipped: ranges(&groups.skipped),
                fixed: ranges(&groups.fixed),
            });
        });
    }
    matches
}

/// The mention indices of the tokens in a slot's text.
fn token_indices(slot: &[u8]) -> Vec<usize> {
    String::from_utf8_lossy(slot)
        .split('\x01')
        .filter_map(|token| {
            let end = token.find('\x02')?;
            token.get(2..end)?.parse().ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::mentions::Referent;
    use crate::rules::Form;

    proptest::proptest! {
        #[test]
        fn normalized_text_is_normalized_char_by_char(
            before in "[ a.]{0,3}",
            text in "[ a-zA-Z.,`\t\r\x01\x02\u{a0}\u{2019}\u{201c}\u{2014}\u{e9}]{0,30}"
        ) {
            let mut masked = before.clone();
            let mut segments = Vec::new();
            push_normalized(&mut masked, &mut segments, &text, 0..text.len());
            let mut expected = before.clone();
            for c in text.chars().map(normalize_char) {
                if c != ' ' || !expected.ends_with(' ') {
                    expected.push(c);
                }
            }
            proptest::prop_assert_eq!(masked, expected);
        }
    }

    fn mention(start: usize, end: usize, form: Form) -> Mention {
        Mention {
            start,
            end,
            referent: Referent::Actor(0),
            form,
            office: None,
        }
    }

    #[test]
    fn masks_mentions_and_maps_back() {
        let text = "Kazakhstan  has\u{2019}s pulled out of the drills.";
        let mentions = [mention(0, 10, Form::Name), mention(34, 44, Form::Description)];
        let masked = MaskedSentence::new(text, 0..text.len(), &mentions, |_| 'c');
        assert_eq!(masked.text, "\x01Nc0\x02 has's pulled out of \x01Dc1\x02.");
        let pulled = masked.text.find("pulled").unwrap();
        assert_eq!(masked.to_original(text, pulled), text.find("pulled").unwrap());
        assert_eq!(masked.to_original(text, 0), 0);
        assert_eq!(masked.to_original(text, 5), 10);
    }

    #[test]
    fn text_cannot_pose_as_a_token() {
        let text = "A \x01N7\x02 B";
        let masked = MaskedSentence::new(text, 0..text.len(), &[], |_| 'c');
        assert!(!masked.text.contains('\x01'));
    }

    #[test]
    fn slot_text_yields_mention_indices() {
        assert_eq!(token_indices(b"\x01Nc0\x02, \x01Ap12\x02 and \x01Ne3\x02"), [0, 12, 3]);
    }

    /// Every example and counter-example of the project's patterns, read as extraction reads
    /// it: no pattern that matches one of its sentences is ruled out by the filter, and none of
    /// its matches starts after the filter's bound.
    #[test]
    fn the_filter_keeps_every_pattern_that_matches() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules");
        let rules = crate::rules::load_rulebook(&path).0.expect("the project rules compile");
        let mut checked = 0;
        for pattern in &rules.patterns {
            for example in pattern.examples.iter().chain(&pattern.counter_examples) {
                let sentence = example.rsplit_once("=>").map_or(example.as_str(), |(s, _)| s).trim();
                let article = crate::corpus::Article::new("example", sentence);
                let reading = super::super::read_article(&rules, &article);
                for (range, mentions) in reading.sentences.iter().zip(&reading.mentions.per_sentence) {
                    let masked = MaskedSentence::new(&article.text, range.clone(), mentions, |m| {
                        super::super::kind_letter(&rules, m.referent)
                    });
                    let candidates = rules.pattern_filter.candidates(&masked.text);
                    let token_starts: Vec<usize> = masked.tokens.iter().map(|t| t.start).collect();
                    for (index, any) in rules.patterns.iter().enumerate() {
                        let mut starts = Vec::new();
                        any.regex
                            .for_each_match(masked.text.as_bytes(), &token_starts, usize::MAX, |caps| {
                                starts.extend(caps.get_match().map(|m| m.start()));
                            });
                        let Some(&last) = starts.last() else { continue };
                        checked += 1;
                        let kept = candidates.iter().find(|c| c.pattern == index);
                        assert!(
                            kept.is_some_and(|c| c.starts_by >= last),
                            "`{}` matches {:?} at {last} but the filter gives {kept:?}",
                            any.id,
                            masked.text
                        );
                    }
                }
            }
        }
        assert!(checked > 250, "only {checked} matches were checked");
    }
}
