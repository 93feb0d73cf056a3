//! Sentence segmentation with byte offsets, robust to abbreviations ("Gen.", "Lt. Col.", "Jan."),
//! initials ("George W. Bush"), dotted acronyms ("U.S.-led", "U.S. Embassy"), numbers ("No. 93")
//! and quotations.

use std::collections::HashSet;
use std::ops::Range;

/// Splits one paragraph (a byte range of `text`) into sentence ranges, trimmed.
pub fn split(text: &str, paragraph: Range<usize>, abbreviations: &HashSet<String>) -> Vec<Range<usize>> {
    let body = &text[paragraph.clone()];
    // About one sentence per 120 bytes: sized once rather than grown sentence by sentence.
    let mut sentences = Vec::with_capacity(body.len() / 120 + 1);
    let mut start = 0;
    let mut from = 0;
    while let Some((at, c)) = next_terminator(body.as_bytes(), from) {
        // Stay on a run of terminators ("?!", "...").
        let mut end = at + c.len_utf8();
        for next in body[end..].chars() {
            if matches!(next, '.' | '!' | '?' | '…' | '"' | '”' | '’' | '\'' | ')' | ']') {
                end += next.len_utf8();
            } else {
                break;
            }
        }
        from = end;
        let rest = &body[end..];
        let after_space = rest.trim_start();
        if after_space.len() == rest.len() || after_space.is_empty() {
            continue; // No space after: "U.S.-led", "www.gazeta.ru", or the paragraph's end.
        }
        let Some(next) = after_space.chars().next() else {
            continue;
        };
        let starts_sentence =
            next.is_uppercase() || next.is_ascii_digit() || matches!(next, '"' | '“' | '‘' | '\'' | '(' | '[' | '«');
        if !starts_sentence {
            continue;
        }
        if c == '.' && end == at + 1 && is_abbreviation(&body[start..at], next, abbreviations) {
            continue;
        }
        push_trimmed(&mut sentences, paragraph.start, body, start..end);
        start = end;
    }
    push_trimmed(&mut sentences, paragraph.start, body, start..body.len());
    sentences
}

/// The next `.`, `!`, `?` or `…` at or after byte `from`, found with SIMD byte searches: a
/// loop over every byte of every article cost more than the rest of splitting. (None of them can
/// start inside another character: UTF-8 continuation bytes are 0x80-0xBF.)
fn next_terminator(bytes: &[u8], from: usize) -> Option<(usize, char)> {
    let rest = bytes.get(from..)?;
    let ascii = memchr::memchr3(b'.', b'!', b'?', rest);
    // An ellipsis can only come first if it comes before the ASCII one.
    let before_ascii = &rest[..ascii.unwrap_or(rest.len())];
    let ellipsis = memchr::memchr_iter(0xE2, before_ascii).find(|&i| before_ascii[i + 1..].starts_with(&[0x80, 0xA6]));
    match (ellipsis, ascii) {
        (Some(at), _) => Some((from + at, '\u{2026}')),
        (None, Some(at)) => Some((from + at, bytes[from + at] as char)),
        (None, None) => None,
    }
}

/// Whether the word before a full stop makes the stop part of the word rather than an ending.
fn is_abbreviation(before: &str, next: char, abbreviations: &HashSet<String>) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    // Most words before a full stop are lowercase ASCII already: looked up without a copy.
    let listed = if word.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        abbreviations.contains(word)
    } else {
        abbreviations.contains(&word.to_lowercase())
    };
    if listed {
        return true;
    }
    let first = word.chars().next().expect("the word is not empty");
    let letters = word.chars().count();
    // An initial: "W." in "George W. Bush".
    if letters == 1 && first.is_uppercase() {
        return true;
    }
    // A dotted acronym: "U.S." reads as the word "U.S" before its last stop.
    if word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.') {
        return true;
    }
    // A short capitalised word before a number: "No. 93", "Vol. 6".
    letters <= 3 && first.is_uppercase() && next.is_ascii_digit()
}

fn push_trimmed(sentences: &mut Vec<Range<usize>>, base: usize, body: &str, range: Range<usize>) {
    let slice = &body[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    if start < end {
        sentences.push(base + start..base + end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let abbreviations: HashSet<String> = ["gen", "lt", "col", "jan", "feb", "mr", "dr", "st", "sen"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        split(text, 0..text.len(), &abbreviations)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn splits_plain_sentences() {
        assert_eq!(
            sentences("Russia protested. NATO replied! Why? Yes."),
            ["Russia protested.", "NATO replied!", "Why?", "Yes."]
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials_inside() {
        assert_eq!(
            sentences("Lt. Col. Ivan Petrov met Gen. John W. Smith on Jan. 5. They talked."),
            ["Lt. Col. Ivan Petrov met Gen. John W. Smith on Jan. 5.", "They talked."]
        );
    }

    #[test]
    fn keeps_dotted_acronyms_and_numbers_inside() {
        assert_eq!(
            sentences("The U.S.-led war began. The U.S. Embassy said so in No. 93 of the monitor."),
            [
                "The U.S.-led war began.",
                "The U.S. Embassy said so in No. 93 of the monitor."
            ]
        );
    }

    #[test]
    fn closing_quotes_stay_with_their_sentence() {
        assert_eq!(
            sentences("\"No, we will not,\" he told reporters. \"We are too busy.\" Then he left."),
            [
                "\"No, we will not,\" he told reporters.",
                "\"We are too busy.\"",
                "Then he left."
            ]
        );
    }

    #[test]
    fn an_ellipsis_ends_a_sentence_wherever_it_stands() {
        assert_eq!(
            sentences("“Talks stalled… Then Russia left.” Kyiv waited… NATO met!"),
            ["“Talks stalled…", "Then Russia left.”", "Kyiv waited…", "NATO met!"]
        );
    }

    #[test]
    fn offsets_point_into_the_whole_text() {
        let text = "Intro. Body here.";
        let abbreviations = HashSet::new();
        let ranges = split(text, 7..text.len(), &abbreviations);
        assert_eq!(ranges, vec![7..17]);
    }

    #[test]
    fn a_lowercase_continuation_does_not_split() {
        assert_eq!(
            sentences("It cost 1.5 bn. dollars in total."),
            ["It cost 1.5 bn. dollars in total."]
        );
    }
}
