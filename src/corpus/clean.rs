//! Cleaning: which stretches of an article are article text. Drops page furniture
//! ("Accessibility links"), bylines, and any paragraph or title repeated word for word, so that a
//! repeated paragraph never counts as a second piece of evidence.

use std::collections::HashSet;
use std::ops::Range;

use crate::rules::rulebook::{Boilerplate, normalize_line};

/// The byte ranges of the paragraphs (lines) worth reading, in order, trimmed of whitespace.
pub fn paragraphs(text: &str, boilerplate: &Boilerplate) -> Vec<Range<usize>> {
    let mut kept = Vec::new();
    let mut seen: HashSet<u64> = HashSet::new();
    let mut offset = 0;
    while offset < text.len() {
        // Lines end at either `\n` or `\r` (a CRLF ending leaves an empty line, skipped below).
        let line_start = offset;
        offset = memchr::memchr2(b'\n', b'\r', &text.as_bytes()[offset..]).map_or(text.len(), |at| offset + at + 1);
        let Some(range) = trimmed(text, line_start..offset) else {
            continue;
        };
        let line = &text[range.clone()];
        let normalized = normalize_line(line);
        if boilerplate.is_boilerplate_normalized(line, &normalized) {
            continue;
        }
        if !seen.insert(fingerprint(&normalized)) {
            continue;
        }
        kept.push(range);
    }
    kept
}

/// The range without surrounding whitespace (and a byte-order mark); `None` when nothing is left.
fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = &text[range.clone()];
    let is_blank = |c: char| c.is_whitespace() || c == '\u{feff}';
    let start = range.start + (slice.len() - slice.trim_start_matches(is_blank).len());
    let end = range.start + slice.trim_end_matches(is_blank).len();
    (start < end).then_some(start..end)
}

/// A hash of the paragraph's words, lowercased, ignoring spacing (its [`normalize_line`] form):
/// how repeats are recognised.
fn fingerprint(normalized: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::default().hash_one(normalized)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boilerplate() -> Boilerplate {
        let mut b = Boilerplate::default();
        b.lines.insert("accessibility links".into());
        b.patterns = regex::RegexSet::new(["^By:"]).ok();
        b
    }

    fn kept(text: &str) -> Vec<&str> {
        paragraphs(text, &boilerplate()).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn drops_furniture_and_blank_lines() {
        assert_eq!(
            kept("Accessibility links\n\n  By:\nRussia protested.\n"),
            ["Russia protested."]
        );
    }

    #[test]
    fn a_repeated_paragraph_or_title_is_read_once() {
        let text = "Title Here\nTitle Here\nA said B.\nC said D.\nA  said B.\n";
        assert_eq!(kept(text), ["Title Here", "A said B.", "C said D."]);
    }

    #[test]
    fn offsets_survive_crlf_and_a_byte_order_mark() {
        let text = "\u{feff}First line.\r\nSecond line.\r\n";
        let ranges = paragraphs(text, &boilerplate());
        assert_eq!(&text[ranges[0].clone()], "First line.");
        assert_eq!(&text[ranges[1].clone()], "Second line.");
        assert_eq!(ranges[1].start, "\u{feff}First line.\r\n".len());
    }
}
