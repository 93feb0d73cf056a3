//! Words: which characters make up a word, where words start and end, and the key of a word that
//! the surface automaton files its forms under. Mention finding and the automaton share this one
//! definition, so a form is always split into words the way the text it is looked for in is.

use std::sync::OnceLock;

/// Whether the character at `at` is alphanumeric, and its width in bytes.
// Always inlined: it is asked at every word start of every article, and as a call it was
// 3 % of the instructions of extraction.
#[inline(always)]
pub fn char_at(text: &str, at: usize) -> (bool, usize) {
    match BYTE_CLASS[usize::from(text.as_bytes()[at])] {
        ByteClass::Word => (true, 1),
        ByteClass::Other => (false, 1),
        ByteClass::NonAscii => {
            let c = text[at..].chars().next().expect("`at` is a char boundary");
            (is_word_char(c), c.len_utf8())
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ByteClass {
    /// An ASCII letter or digit.
    Word,
    /// Any other ASCII character.
    Other,
    /// The first or a later byte of a character beyond ASCII.
    NonAscii,
}

/// The class of every byte: a table, because word scanning looks at every byte of an article.
static BYTE_CLASS: [ByteClass; 256] = {
    let mut table = [ByteClass::NonAscii; 256];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = if (byte as u8).is_ascii_alphanumeric() {
            ByteClass::Word
        } else {
            ByteClass::Other
        };
        byte += 1;
    }
    table
};

/// `char::is_alphanumeric`, answered from a bitmap of the Basic Multilingual Plane filled 256
/// characters at a time on first use: the standard tables took hundreds of instructions per
/// character, and a Hindi or Russian article is nearly all such characters.
#[inline]
pub fn is_word_char(c: char) -> bool {
    static PAGES: [OnceLock<[u64; 4]>; 256] = [const { OnceLock::new() }; 256];
    let code = c as u32;
    if code > 0xFFFF {
        return c.is_alphanumeric();
    }
    let page = PAGES[(code >> 8) as usize].get_or_init(|| {
        let mut bits = [0u64; 4];
        for low in 0..256u32 {
            let alphanumeric = char::from_u32((code & !0xFF) | low).is_some_and(char::is_alphanumeric);
            bits[(low / 64) as usize] |= u64::from(alphanumeric) << (low % 64);
        }
        bits
    });
    let low = code & 0xFF;
    page[(low / 64) as usize] >> (low % 64) & 1 == 1
}

/// Whether the character before `at` is alphanumeric (so no word starts at `at`).
pub fn follows_word_char(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(is_word_char)
}

/// From inside a word (or at its end), the next place a word may start: past the word's
/// remaining alphanumeric characters and the one character that ends it.
pub fn past_word(text: &str, at: usize, limit: usize) -> usize {
    past_end(text, word_end(text, at, limit), limit)
}

/// Past the character at `end` (the one that ends a word), unless `end` is the limit.
#[inline]
fn past_end(text: &str, end: usize, limit: usize) -> usize {
    if end < limit { end + char_at(text, end).1 } else { end }
}

/// Where the word that `at` is inside (or at the end of) ends: the first character from `at` on
/// that is not alphanumeric, or `limit`.
///
/// Eight bytes are classified at a time while the text is ASCII: a byte at a time, the branch
/// that ends each word was mispredicted once a word and was most of the cost of reading words.
fn word_end(text: &str, mut at: usize, limit: usize) -> usize {
    let bytes = text.as_bytes();
    while at < limit {
        if let Some(chunk) = bytes.get(at..at + 8) {
            let chunk = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            let stops = not_ascii_alphanumeric(chunk);
            if stops == 0 {
                at += 8;
                continue;
            }
            at += (stops.trailing_zeros() / 8) as usize;
            if at >= limit {
                break;
            }
        }
        // Not an ASCII letter or digit, or too near the end of the text for eight bytes.
        let width = match BYTE_CLASS[usize::from(bytes[at])] {
            ByteClass::Word => 1,
            ByteClass::Other => break,
            ByteClass::NonAscii => match char_at(text, at) {
                (true, width) => width,
                (false, _) => break,
            },
        };
        at += width;
    }
    at.min(limit)
}

/// Eight ones: the multiplier that repeats a byte across a word.
pub(crate) const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of each byte.
pub(crate) const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `chunk` that is not an ASCII letter or digit (bytes beyond ASCII
/// included).
#[inline]
fn not_ascii_alphanumeric(chunk: u64) -> u64 {
    let ascii = chunk & !HIGHS;
    let alphanumeric = in_range(ascii, b'0', b'9') | in_range(ascii, b'A', b'Z') | in_range(ascii, b'a', b'z');
    (!alphanumeric | chunk) & HIGHS
}

/// The high bit of each byte of `ascii` (every byte below 0x80) that lies in `low..=high`.
#[inline]
pub(crate) fn in_range(ascii: u64, low: u8, high: u8) -> u64 {
    // A byte below 0x80 plus at most 0x7F never carries into the next byte.
    let at_least_low = ascii + ONES * u64::from(0x80 - low);
    let above_high = ascii + ONES * u64::from(0x7F - high);
    at_least_low & !above_high & HIGHS
}

/// `chunk` with its ASCII capitals made small letters, eight bytes at a time.
#[inline]
fn ascii_lowercase(chunk: u64) -> u64 {
    let capitals = in_range(chunk & !HIGHS, b'A', b'Z') & !chunk;
    // The high bit shifted down two is 0x20, the bit between a capital and its small letter.
    chunk | capitals >> 2
}

/// Whether the character at `at` is a capital letter (`char::is_uppercase`).
#[inline]
pub fn starts_with_capital(text: &str, at: usize) -> bool {
    let byte = text.as_bytes()[at];
    if byte.is_ascii() {
        byte.is_ascii_uppercase()
    } else {
        text[at..].chars().next().is_some_and(char::is_uppercase)
    }
}

/// A word of a text, as [`word_at`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Where it ends: its first character that is not alphanumeric, or the limit.
    pub end: usize,
    /// Where the next word may start: past the character that ends it.
    pub next: usize,
    pub key: WordKey,
}

/// The word that starts at `at` (an alphanumeric character), read up to `limit`.
#[inline]
pub fn word_at(text: &str, at: usize, limit: usize) -> Word {
    let bytes = text.as_bytes();
    // Most words are ASCII, shorter than eight bytes and ended by an ASCII character: one load
    // gives both where such a word ends and its key.
    if let Some(chunk) = bytes.get(at..at + 8) {
        let chunk = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let stops = not_ascii_alphanumeric(chunk);
        let length = (stops.trailing_zeros() / 8) as usize;
        let end = at + length;
        if stops != 0 && length > 0 && end < limit && bytes[end].is_ascii() {
            let word = chunk & (u64::MAX >> (64 - 8 * length));
            return Word {
                end,
                next: end + 1,
                key: WordKey::mixed(ascii_lowercase(word), length),
            };
        }
    }
    let end = word_end(text, at, limit);
    Word {
        end,
        next: past_end(text, end, limit),
        key: WordKey::of(&bytes[at..end]),
    }
}

/// What a word is filed under: its first eight bytes, ASCII letters lowercased, and its length,
/// mixed. Two spellings that differ only in the case of ASCII letters share a key; other words
/// rarely do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WordKey(u64);

impl WordKey {
    #[inline]
    pub fn of(word: &[u8]) -> WordKey {
        let mut first_eight = [0u8; 8];
        let taken = word.len().min(8);
        first_eight[..taken].copy_from_slice(&word[..taken]);
        WordKey::mixed(ascii_lowercase(u64::from_le_bytes(first_eight)), word.len())
    }

    /// The key of a word of `length` bytes whose first eight (or fewer, then zeros), lowercased,
    /// are `prefix`: mixed so that every bit of both reaches the high bits a [`WordSet`] indexes
    /// by.
    #[inline]
    fn mixed(prefix: u64, length: usize) -> WordKey {
        let mixed = (prefix ^ (length as u64).rotate_right(7)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        WordKey(mixed ^ (mixed >> 29))
    }
}

/// The first word of a lowercased form: its alphanumeric characters from the start, as
/// [`word_at`] would read them in a text. Empty when the form starts with another character.
pub fn first_word(form: &str) -> &str {
    let end = if form.is_empty() || !char_at(form, 0).0 {
        0
    } else {
        word_end(form, 0, form.len())
    };
    &form[..end]
}

/// A set of word keys as bits: it may answer yes for a word it was never given (rarely: it holds
/// sixteen bits per word), never no for one it was.
#[derive(Debug, Clone)]
pub struct WordSet {
    bits: Vec<u64>,
    /// How far a key's hash is shifted to give its bit: 64 less the table's bits.
    shift: u32,
}

impl WordSet {
    pub fn new(keys: &[WordKey]) -> WordSet {
        // At least 4,096 bits; at most 2^22 (512 KB), which a rulebook ten times Phoenix's
        // would still fit.
        let bits_wanted = (keys.len() * 16).clamp(1 << 12, 1 << 22).next_power_of_two();
        let table_bits = bits_wanted.trailing_zeros();
        let mut set = WordSet {
            bits: vec![0; bits_wanted / 64],
            shift: 64 - table_bits,
        };
        for &key in keys {
            let bit = set.bit(key);
            set.bits[bit / 64] |= 1 << (bit % 64);
        }
        set
    }

    #[inline]
    fn bit(&self, key: WordKey) -> usize {
        (key.0 >> self.shift) as usize
    }

    #[inline]
    pub fn may_contain(&self, key: WordKey) -> bool {
        let bit = self.bit(key);
        self.bits[bit / 64] >> (bit % 64) & 1 == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_character_bitmap_agrees_with_the_standard_library() {
        // The whole Basic Multilingual Plane (the bitmap) and the next plane (the fallback).
        for c in (0..0x2_0000).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?} ({:#x})", c as u32);
        }
    }

    #[test]
    fn a_word_ends_at_the_first_character_that_is_not_alphanumeric() {
        let text = "Kazakhstan's Astana-based Ministry Вооружённых сил";
        assert_eq!(word_at(text, 0, text.len()).end, 10);
        assert_eq!(word_at(text, 0, text.len()).next, 11);
        assert_eq!(word_at(text, 13, text.len()).end, 19);
        let cyrillic = text.find('В').unwrap();
        let word = word_at(text, cyrillic, text.len());
        assert_eq!(&text[cyrillic..word.end], "Вооружённых");
        assert_eq!(word.next, word.end + 1);
        assert_eq!(word_at(text, 0, 5).end, 5, "never past the limit");
        assert_eq!(word_at(text, 0, 5).next, 5);
        assert_eq!(past_word(text, 2, text.len()), 11, "past the word and the apostrophe");
    }

    /// `word_end`, a byte at a time.
    fn word_end_bytewise(text: &str, mut at: usize, limit: usize) -> usize {
        while at < limit {
            match char_at(text, at) {
                (true, width) => at += width,
                (false, _) => break,
            }
        }
        at.min(limit)
    }

    proptest::proptest! {
        #[test]
        fn words_read_eight_bytes_at_a_time_end_where_read_a_byte_at_a_time(
            text in "[ a-zA-Z0-9.,'@\\[`{/:\u{e9}\u{416}\u{2019}\u{a0}\u{1F600}]{0,40}",
            start in 0usize..40,
            limit in 0usize..48,
        ) {
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let start = boundaries[start % boundaries.len()];
            let limit = boundaries[limit % boundaries.len()].max(start);
            proptest::prop_assert_eq!(word_end(&text, start, limit), word_end_bytewise(&text, start, limit));
        }

        #[test]
        fn a_word_and_its_key_are_the_same_however_it_is_read(
            text in "[ a-zA-Z0-9.,'\u{e9}\u{416}\u{2019}]{1,30}",
            start in 0usize..30,
            limit in 0usize..40,
        ) {
            let starts: Vec<usize> = text.char_indices().filter(|&(_, c)| c.is_alphanumeric()).map(|(i, _)| i).collect();
            proptest::prop_assume!(!starts.is_empty());
            let start = starts[start % starts.len()];
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let limit = boundaries[limit % boundaries.len()].max(start + 1);
            let word = word_at(&text, start, limit);
            let end = word_end_bytewise(&text, start, limit);
            proptest::prop_assert_eq!(word.end, end);
            proptest::prop_assert_eq!(word.next, if end < limit { end + char_at(&text, end).1 } else { end });
            proptest::prop_assert_eq!(word.key, WordKey::of(&text.as_bytes()[start..end]));
        }

        #[test]
        fn eight_bytes_are_lowercased_as_each_byte_would_be(bytes in proptest::array::uniform8(0u8..)) {
            let lowered = ascii_lowercase(u64::from_le_bytes(bytes)).to_le_bytes();
            proptest::prop_assert_eq!(lowered, bytes.map(|b| b.to_ascii_lowercase()));
        }

        #[test]
        fn eight_bytes_are_classified_as_each_byte_would_be(bytes in proptest::array::uniform8(0u8..)) {
            let stops = not_ascii_alphanumeric(u64::from_le_bytes(bytes)).to_le_bytes();
            proptest::prop_assert_eq!(stops, bytes.map(|b| if b.is_ascii_alphanumeric() { 0 } else { 0x80 }));
        }
    }

    #[test]
    fn keys_ignore_ascii_case_and_nothing_else() {
        let key = |word: &str| WordKey::of(word.as_bytes());
        assert_eq!(key("Kazakhstan"), key("kazakhstan"));
        assert_eq!(key("NATO"), key("nato"));
        assert_ne!(key("Kazakh"), key("Kazakhstan"), "a prefix is another word");
        assert_ne!(key("Министр"), key("министр"), "only ASCII letters are folded");
        assert_ne!(key("united"), key("unite"));
    }

    #[test]
    fn a_forms_first_word_is_read_as_a_texts_would_be() {
        assert_eq!(first_word("united states"), "united");
        assert_eq!(first_word("u.s."), "u");
        assert_eq!(first_word("al-qaeda"), "al");
        assert_eq!(first_word("kazakhstan"), "kazakhstan");
        assert_eq!(first_word("'s"), "");
        assert_eq!(first_word(""), "");
    }

    #[test]
    fn a_word_set_holds_every_word_it_was_given() {
        let words: Vec<String> = (0..5000).map(|n| format!("word{n}")).collect();
        let keys: Vec<WordKey> = words.iter().map(|w| WordKey::of(w.as_bytes())).collect();
        let set = WordSet::new(&keys);
        assert!(words.iter().all(|w| set.may_contain(WordKey::of(w.as_bytes()))));
        let strangers = (0..5000)
            .filter(|n| set.may_contain(WordKey::of(format!("other{n}").as_bytes())))
            .count();
        assert!(
            strangers < 500,
            "{strangers} of 5,000 words never given were let through"
        );
    }
}
