//! Cleaning: which stretches of an article are article text. Drops page furniture
//! ("Accessibility links"), bylines, and any paragraph or title repeated word for word, so that a
//! repeated paragraph never counts as a second piece of evidence.

use std::collections::HashMap;
use std::ops::Range;

use foldhash::fast::FixedState;

use crate::rules::rulebook::{Boilerplate, is_ascii_space, normalize_line};
use crate::words::{HIGHS, ONES, in_range};

/// The byte ranges of the paragraphs (lines) worth reading, in order, trimmed of whitespace.
pub fn paragraphs(text: &str, boilerplate: &Boilerplate) -> Vec<Range<usize>> {
    // About one paragraph per 300 bytes of news: sized once rather than grown line by line.
    let mut kept = Vec::with_capacity(text.len() / 300 + 1);
    let mut read = ReadLines::default();
    // A line weighing more than the longest listed line cannot be listed (a form is at least as
    // long as its weight).
    let longest_listed = boilerplate.longest_line();
    let mut offset = 0;
    while offset < text.len() {
        // Lines end at either `\n` or `\r` (a CRLF ending leaves an empty line, skipped below).
        let line_start = offset;
        offset = memchr::memchr2(b'\n', b'\r', &text.as_bytes()[offset..]).map_or(text.len(), |at| offset + at + 1);
        let Some(range) = trimmed(text, line_start..offset) else {
            continue;
        };
        let line = &text[range.clone()];
        // The normalized form is built only when needed: few lines are short enough to be
        // boilerplate, or weigh the same as another line of the article.
        let (weight, mut form) = match weight_as_written(line) {
            Some(weight) => (weight, None),
            None => {
                let form = normalize_line(line);
                (weight_of_form(&form), Some(form))
            }
        };
        if weight <= longest_listed && boilerplate.lists(form.get_or_insert_with(|| normalize_line(line))) {
            continue;
        }
        if boilerplate.matches_pattern(line) || read.is_repeat(text, range.clone(), weight, form) {
            continue;
        }
        kept.push(range);
    }
    kept
}

/// The bytes of a [`normalize_line`] form that are not spaces: the same for every line of that
/// form, and for an ASCII line, countable (vectorised) without building the form.
fn weight_of_form(form: &str) -> usize {
    form.bytes().filter(|&b| b != b' ').count()
}

/// [`weight_of_form`] read off the line itself, when its form differs from it only by ASCII case
/// and spacing: when every character beyond ASCII is its own form (curly quotes and dashes are;
/// capitals and non-ASCII spaces are not). `None` otherwise.
fn weight_as_written(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut at = if line.is_ascii() { bytes.len() } else { 0 };
    while let Some(offset) = bytes[at..].iter().position(|&b| !b.is_ascii()) {
        let c = line[at + offset..]
            .chars()
            .next()
            .expect("a char starts at a non-ASCII byte");
        let stays = match c {
            // General punctuation without its spaces: dashes, quotes, bullets, ellipses.
            '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' => true,
            _ => !c.is_whitespace() && c.to_lowercase().eq([c]),
        };
        if !stays {
            return None;
        }
        at += offset + c.len_utf8();
    }
    Some(bytes.len() - ascii_spaces(bytes))
}

/// How many bytes are ASCII whitespace ([`is_ascii_space`]: ' ' and '\t'..='\r'), counted
/// eight at a time: bit operations mark them in a word and a population count adds them up.
fn ascii_spaces(bytes: &[u8]) -> usize {
    // The high bit of each byte that is zero (exact: with the high bits cleared, nothing carries).
    let zero_bytes = |word: u64| !(((word & !HIGHS).wrapping_add(!HIGHS)) | word) & HIGHS;
    let mut chunks = bytes.chunks_exact(8);
    let mut count = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let controls = in_range(word & !HIGHS, b'\t', b'\r');
        count += ((zero_bytes(word ^ (ONES * u64::from(b' '))) | controls) & !word).count_ones() as usize;
    }
    count + chunks.remainder().iter().filter(|&&b| is_ascii_space(b)).count()
}

/// The lines of an article read so far, by weight (see [`weight_of_form`]). A line can only
/// repeat a line of its weight, so forms are built and compared only between lines of the same
/// weight.
#[derive(Default)]
struct ReadLines {
    by_weight: HashMap<usize, Vec<ReadLine>, FixedState>,
}

struct ReadLine {
    range: Range<usize>,
    /// The line's [`normalize_line`] form, once built.
    form: Option<String>,
}

impl ReadLines {
    /// Whether the line at `range` has the form of a line read before; if not, it is read now.
    fn is_repeat(&mut self, text: &str, range: Range<usize>, weight: usize, form: Option<String>) -> bool {
        let same_weight = self.by_weight.entry(weight).or_default();
        if same_weight.is_empty() {
            same_weight.push(ReadLine { range, form });
            return false;
        }
        let form = form.unwrap_or_else(|| normalize_line(&text[range.clone()]));
        for earlier in same_weight.iter_mut() {
            if *earlier
                .form
                .get_or_insert_with(|| normalize_line(&text[earlier.range.clone()]))
                == form
            {
                return true;
            }
        }
        same_weight.push(ReadLine {
            range,
            form: Some(form),
        });
        false
    }
}

/// The range without surrounding whitespace (and a byte-order mark); `None` when nothing is left.
fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = &text[range.clone()];
    let is_blank = |c: char| c.is_whitespace() || c == '\u{feff}';
    let start = range.start + (slice.len() - slice.trim_start_matches(is_blank).len());
    let end = range.start + slice.trim_end_matches(is_blank).len();
    (start < end).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_line_weighs_what_its_normalized_form_weighs(
            line in "[ a-zA-Z.\t\r\x0b\x0c\x1c\u{a0}\u{2003}\u{130}\u{212a}\u{201d}\u{2014}\u{e9}\u{c9}]{0,40}"
        ) {
            let form = normalize_line(&line);
            if let Some(weight) = weight_as_written(&line) {
                proptest::prop_assert_eq!(weight, weight_of_form(&form));
            }
            let naive = line.bytes().filter(|&b| is_ascii_space(b)).count();
            proptest::prop_assert_eq!(ascii_spaces(line.as_bytes()), naive);
        }
    }

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
