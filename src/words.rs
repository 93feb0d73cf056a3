//! Words: which characters make up a word, where words start and end, and the key of a word that
//! the surface automaton files its forms under. Mention finding and the automaton share this one
//! definition, so a form is always split into words the way the text it is looked for in is.

use std::sync::OnceLock;

/// Whether the character at `at` is alphanumeric, and its width in bytes.
#[inline]
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
    let end = word_end(text, at, limit);
    if end < limit { end + char_at(text, end).1 } else { end }
}

/// Where the word that `at` is inside (or at the end of) ends: the first character from `at` on
/// that is not alphanumeric, or `limit`.
fn word_end(text: &str, mut at: usize, limit: usize) -> usize {
    let bytes = text.as_bytes();
    while at < limit {
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
    at
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

/// The word that starts at `at` (an alphanumeric character), read up to `limit`: where it ends,
/// and its key.
#[inline]
pub fn word_at(text: &str, at: usize, limit: usize) -> (usize, WordKey) {
    let end = word_end(text, at, limit);
    (end, WordKey::of(&text.as_bytes()[at..end]))
}

/// What a word is filed under: its first eight bytes, ASCII letters lowercased, and its length.
/// Two spellings that differ only in the case of ASCII letters share a key; words that differ
/// elsewhere in their first eight bytes or in length never do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WordKey(u64);

impl WordKey {
    #[inline]
    pub fn of(word: &[u8]) -> WordKey {
        let mut prefix = 0u64;
        for (place, &byte) in word.iter().take(8).enumerate() {
            prefix |= u64::from(byte.to_ascii_lowercase()) << (8 * place);
        }
        // Mixed so that every bit of the prefix and the length reaches the high bits a
        // [`WordSet`] indexes by.
        let mixed = (prefix ^ (word.len() as u64).rotate_right(7)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
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
        assert_eq!(word_at(text, 0, text.len()).0, 10);
        assert_eq!(word_at(text, 13, text.len()).0, 19);
        let cyrillic = text.find('В').unwrap();
        assert_eq!(&text[cyrillic..word_at(text, cyrillic, text.len()).0], "Вооружённых");
        assert_eq!(word_at(text, 0, 5).0, 5, "never past the limit");
        assert_eq!(past_word(text, 2, text.len()), 11, "past the word and the apostrophe");
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
