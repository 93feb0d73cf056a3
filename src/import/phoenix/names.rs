//! Phrases as the dictionaries write them (`DANIYAL_AKHMETOV_`, `ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_`)
//! turned into the names articles use ("Daniyal Akhmetov", "Aden Abyan Islamic Army", "AAIA").
//!
//! The dictionaries are all capitals, so case has to be rebuilt, and it matters: an alias with two
//! capitals and no space matches only as written ("NATO", never "nato"), a capitalised one also
//! matches in capitals ("Unicef" finds "UNICEF"). So a word stays in capitals only when it is
//! surely an acronym; everything else is title-cased.

use std::collections::HashSet;

use super::problem::{At, LineProblem};

/// A checked phrase, cut into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub line: usize,
    pub words: Vec<String>,
    /// Written without the closing `_`: PETRARCH matches it as the start of longer words too
    /// ("BOSNIAN" finds "Bosnians"); our aliases match whole words only.
    pub stem: bool,
}

impl Phrase {
    /// The words without parenthesised asides, in capitals, for comparing names.
    pub fn key(&self) -> String {
        plain_words(&self.words).join(" ").to_uppercase()
    }
}

/// Checks a phrase and cuts it into words (on `_` and spaces). A phrase with an unbalanced
/// parenthesis is repaired by dropping the stray part; the repair comes back as a problem to
/// report alongside the phrase.
pub fn check_phrase(at: At<'_>, raw: &str) -> Result<(Phrase, Option<LineProblem>), LineProblem> {
    let text = raw.trim();
    let problem =
        |make: fn(std::path::PathBuf, usize, String) -> LineProblem| make(at.file(), at.line, text.to_string());
    if text.contains('\u{FFFD}') {
        return Err(problem(|file, line, text| LineProblem::LostCharacter {
            file,
            line,
            text,
        }));
    }
    if text.chars().any(|c| c.is_control() && c != '\t') {
        return Err(problem(|file, line, text| LineProblem::ControlCharacter {
            file,
            line,
            text,
        }));
    }
    if text.contains(['[', ']']) {
        return Err(problem(|file, line, text| LineProblem::BracketInPhrase {
            file,
            line,
            text,
        }));
    }
    // A colon before a space never belongs to a phrase ("UNOG:_NGO_DATABASE_" is a name);
    // "Source: MNC.MLH.actors" is a note someone forgot to comment out.
    if text.contains(": ") || text.contains(":\t") {
        return Err(problem(|file, line, text| LineProblem::NoteWithoutHash {
            file,
            line,
            text,
        }));
    }
    let balanced = balance_parentheses(text);
    let repair = (balanced != text).then(|| LineProblem::UnbalancedParenthesis {
        file: at.file(),
        line: at.line,
        text: text.to_string(),
        kept: balanced.clone(),
    });
    let words = split_words(&balanced);
    if words.is_empty() {
        return Err(problem(|file, line, text| LineProblem::EmptyPhrase {
            file,
            line,
            text,
        }));
    }
    let stem = !balanced.trim_end().ends_with('_');
    Ok((
        Phrase {
            line: at.line,
            words,
            stem,
        },
        repair,
    ))
}

/// Words of a phrase: `_` and white space both separate them.
pub fn split_words(text: &str) -> Vec<String> {
    text.split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Drops a `)` that closes nothing and everything from a `(` that is never closed
/// ("STANKO_TODOROV (ACTING_" keeps "STANKO_TODOROV ").
fn balance_parentheses(text: &str) -> String {
    let mut open: Vec<usize> = Vec::new();
    let mut kept = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' => {
                open.push(kept.len());
                kept.push(c);
            }
            ')' if open.is_empty() => {}
            ')' => {
                open.pop();
                kept.push(c);
            }
            _ => kept.push(c),
        }
    }
    if let Some(&first_unclosed) = open.first() {
        kept.truncate(first_unclosed);
    }
    kept
}

/// The words outside parentheses ("ADEN ABYAN ISLAMIC ARMY (AAIA)" gives the first four).
fn plain_words(words: &[String]) -> Vec<String> {
    let joined = words.join(" ");
    let mut plain = String::with_capacity(joined.len());
    let mut depth = 0usize;
    for c in joined.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let plain = split_words(&plain);
    if plain.is_empty() { words.to_vec() } else { plain }
}

/// The parenthesised asides of a phrase, each as one text ("(PEOPLES WAR)" gives "PEOPLES WAR").
fn asides(words: &[String]) -> Vec<String> {
    let joined = words.join(" ");
    let mut found = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    for c in joined.chars() {
        match c {
            '(' => {
                depth += 1;
                current.clear();
            }
            ')' if depth > 0 => {
                depth -= 1;
                found.push(current.trim().to_string());
            }
            _ if depth > 0 => current.push(c),
            _ => {}
        }
    }
    found
}

/// Lower-case words inside a title-cased name ("Bank of America", "Eric da Rin"). A lower-case
/// word in an alias also accepts any case in the text, so this costs no matches.
const SMALL_WORDS: &[&str] = &[
    "al", "and", "at", "bin", "by", "da", "das", "de", "del", "della", "den", "der", "des", "di", "do", "dos", "du",
    "et", "for", "ibn", "in", "la", "le", "les", "of", "on", "the", "to", "und", "van", "von", "y",
];

/// Regnal numbers after a name ("Elizabeth II"); "XI" is left out, it is a name ("Xi Jinping").
const REGNAL_NUMBERS: &[&str] = &[
    "II", "III", "IV", "VI", "VII", "VIII", "IX", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII",
];

/// Abbreviations without vowels that are words, not acronyms ("Mr", "St").
const VOWELLESS_WORDS: &[&str] = &[
    "CPL", "DR", "FT", "JR", "LT", "LTD", "MR", "MRS", "MS", "MT", "PVT", "SGT", "SR", "ST",
];

/// Acronyms the other names of an actor spell out: "NORTH ATLANTIC TREATY ORGANIZATION" makes
/// "NATO" one, "UNITED STATES OF AMERICA" makes "USA" (with or without the small words).
pub fn initials_of(words: &[String], into: &mut HashSet<String>) {
    let words = plain_words(words);
    if words.len() < 2 {
        return;
    }
    let first_letter = |w: &String| {
        w.chars()
            .find(|c| c.is_alphanumeric())
            .map(|c| c.to_uppercase().collect::<String>())
    };
    let all: Option<String> = words.iter().map(first_letter).collect();
    let content: Option<String> = words
        .iter()
        .filter(|w| !SMALL_WORDS.contains(&w.to_lowercase().as_str()))
        .map(first_letter)
        .collect();
    for initials in [all, content].into_iter().flatten() {
        if initials.chars().count() >= 2 {
            into.insert(initials);
        }
    }
}

/// The name as an article writes it: title case, small words in lower case, acronyms kept.
pub fn title_case(words: &[String], acronyms: &HashSet<String>) -> String {
    let cased: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(index, word)| {
            if index > 0 && SMALL_WORDS.contains(&word.to_lowercase().as_str()) {
                word.to_lowercase()
            } else if (index > 0 && REGNAL_NUMBERS.contains(&word.as_str())) || is_acronym(word, acronyms) {
                word.clone()
            } else {
                title_case_word(word)
            }
        })
        .collect();
    cased.join(" ")
}

/// The aliases one phrase yields: the name without its parenthesised asides, and each aside
/// that is the name's acronym ("Aden Abyan Islamic Army", "AAIA").
pub fn aliases_of(phrase: &Phrase, acronyms: &HashSet<String>) -> Vec<String> {
    let plain = plain_words(&phrase.words);
    let mut aliases = vec![lower_leading_article(title_case(&plain, acronyms))];
    let mut own = HashSet::new();
    initials_of(&plain, &mut own);
    for aside in asides(&phrase.words) {
        let is_one_word = !aside.is_empty() && !aside.contains(' ');
        if is_one_word && own.contains(&aside.to_uppercase()) {
            aliases.push(aside.to_uppercase());
        }
    }
    aliases
}

/// "The United Nations" as an alias would want "The" capitalised in the text too; "the United
/// Nations" matches either way.
fn lower_leading_article(alias: String) -> String {
    match alias.strip_prefix("The ") {
        Some(rest) => format!("the {rest}"),
        None => alias,
    }
}

/// An id-safe form: lower case, runs of anything but letters and digits made one `-`.
pub fn slug(words: &[String]) -> String {
    let mut slug = String::new();
    for c in words.join(" ").chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() { "entry".to_string() } else { slug }
}

/// Whether a word stays in capitals: dotted initials ("U.N.", "K."), letters with digits
/// ("MI6"), capitals without a vowel ("ANSF" has one, "BBC" does not), or the initials of
/// another name of the same actor.
fn is_acronym(word: &str, acronyms: &HashSet<String>) -> bool {
    let core = word
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '.')
        .trim_end_matches(',');
    let letters: Vec<char> = core.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() || letters.iter().any(|c| c.is_lowercase()) {
        return false;
    }
    let dotted_initials =
        core.len() >= 2 && core.split_terminator('.').all(|part| part.chars().count() == 1) && core.ends_with('.');
    if dotted_initials {
        return true;
    }
    let bare = core.trim_end_matches('.');
    if bare.chars().any(|c| c.is_ascii_digit()) {
        return !is_ordinal(bare);
    }
    let has_vowel = letters.iter().any(|c| "AEIOUY".contains(*c));
    // "LT." and "SGT." are abbreviations; "BBC" and "ANC" are acronyms.
    let abbreviation = core.ends_with('.') || VOWELLESS_WORDS.contains(&bare);
    let vowelless = letters.len() >= 2 && !has_vowel && !abbreviation;
    vowelless || acronyms.contains(bare)
}

/// "1ST", "2ND", "3D": digits with an ordinal ending.
fn is_ordinal(word: &str) -> bool {
    let suffix = word.trim_start_matches(|c: char| c.is_ascii_digit());
    suffix.len() < word.len() && ["ST", "ND", "RD", "TH", "D"].contains(&suffix)
}

/// "KI-MOON" is "Ki-Moon", "PEOPLE'S" is "People's", "O'BRIEN" is "O'Brien", "MCCLOY" is
/// "McCloy", "1ST" is "1st".
fn title_case_word(word: &str) -> String {
    let lower: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let mut out = String::with_capacity(word.len());
    let mut segment_start = true;
    let mut letters_in_segment = 0usize;
    for (index, &c) in lower.iter().enumerate() {
        let starts_a_word = segment_start && c.is_alphabetic();
        let mc_name = index == 2 && lower.len() > 3 && lower[0] == 'm' && lower[1] == 'c' && out.len() == 2;
        if (starts_a_word && !lower[..index].iter().any(|p| p.is_ascii_digit())) || mc_name {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        if c.is_alphanumeric() {
            segment_start = false;
            letters_in_segment += 1;
        } else if c == '\'' || c == '\u{2019}' {
            // After an apostrophe a new word starts only behind a single letter: "O'Brien",
            // "D'Ivoire", but "People's", "Qa'ida".
            segment_start = letters_in_segment == 1;
            letters_in_segment = 0;
        } else if c != '.' || index + 1 < lower.len() {
            segment_start = true;
            letters_in_segment = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn words(text: &str) -> Vec<String> {
        split_words(text)
    }

    fn phrase(text: &str) -> Phrase {
        check_phrase(
            At {
                file: Path::new("t.txt"),
                line: 3,
            },
            text,
        )
        .unwrap()
        .0
    }

    fn known(names: &[&str]) -> HashSet<String> {
        let mut set = HashSet::new();
        for name in names {
            initials_of(&words(name), &mut set);
        }
        set
    }

    #[test]
    fn title_cases_names() {
        let none = HashSet::new();
        assert_eq!(title_case(&words("DANIYAL_AKHMETOV_"), &none), "Daniyal Akhmetov");
        assert_eq!(title_case(&words("BAN_KI-MOON"), &none), "Ban Ki-Moon");
        assert_eq!(
            title_case(&words("NATIONAL_PEOPLE'S_CONGRESS"), &none),
            "National People's Congress"
        );
        assert_eq!(title_case(&words("COTE_D'IVOIRE"), &none), "Cote D'Ivoire");
        assert_eq!(title_case(&words("JOHN_MCCLOY_"), &none), "John McCloy");
        assert_eq!(title_case(&words("BANK_OF_AMERICA"), &none), "Bank of America");
        assert_eq!(title_case(&words("ST._JOHN'S_"), &none), "St. John's");
        assert_eq!(
            title_case(&words("RECEP_TAYYIP_ERDOĞAN"), &none),
            "Recep Tayyip Erdoğan"
        );
        assert_eq!(title_case(&words("UN_Secy_Gen"), &none), "Un Secy Gen");
        assert_eq!(title_case(&words("1ST_LT."), &none), "1st Lt.");
        assert_eq!(title_case(&words("ELIZABETH_II"), &none), "Elizabeth II");
        assert_eq!(title_case(&words("XI_JINPING"), &none), "Xi Jinping");
    }

    #[test]
    fn keeps_acronyms_in_capitals() {
        let none = HashSet::new();
        assert_eq!(title_case(&words("U.N._"), &none), "U.N.");
        assert_eq!(title_case(&words("K._ANNAN_"), &none), "K. Annan");
        assert_eq!(title_case(&words("BBC_"), &none), "BBC");
        assert_eq!(title_case(&words("MI6"), &none), "MI6");
        assert_eq!(title_case(&words("NATO_"), &none), "Nato");
        let nato = known(&["NORTH_ATLANTIC_TREATY_ORGANIZATION_"]);
        assert_eq!(title_case(&words("NATO_"), &nato), "NATO");
        let usa = known(&["UNITED_STATES_OF_AMERICA"]);
        assert_eq!(title_case(&words("USA"), &usa), "USA");
        assert_eq!(title_case(&words("MR_SMITH"), &none), "Mr Smith");
    }

    #[test]
    fn a_parenthesised_acronym_becomes_its_own_alias() {
        let none = HashSet::new();
        let aliases = aliases_of(&phrase("ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_"), &none);
        assert_eq!(aliases, ["Aden Abyan Islamic Army", "AAIA"]);
        assert_eq!(aliases_of(&phrase("SAMOA_(AMERICAN)_"), &none), ["Samoa"]);
        assert_eq!(
            aliases_of(&phrase("THE_UNITED_NATIONS_"), &none),
            ["the United Nations"]
        );
    }

    #[test]
    fn repairs_an_unbalanced_parenthesis_and_says_so() {
        let at = At {
            file: Path::new("t.txt"),
            line: 9,
        };
        let (phrase, repair) = check_phrase(at, "STANKO_TODOROV (ACTING_").unwrap();
        assert_eq!(phrase.words, ["STANKO", "TODOROV"]);
        assert!(matches!(
            repair,
            Some(LineProblem::UnbalancedParenthesis { line: 9, .. })
        ));
        let (phrase, _) = check_phrase(at, "HAMMARSKJOLD)").unwrap();
        assert_eq!(phrase.words, ["HAMMARSKJOLD"]);
    }

    #[test]
    fn rejects_phrases_that_lost_characters_or_are_notes() {
        let at = At {
            file: Path::new("t.txt"),
            line: 4,
        };
        assert!(matches!(
            check_phrase(at, "COTE_D\u{FFFD}IVOIRE_"),
            Err(LineProblem::LostCharacter { .. })
        ));
        assert!(matches!(
            check_phrase(at, "JAN_STRASK\u{1a}Y"),
            Err(LineProblem::ControlCharacter { .. })
        ));
        assert!(matches!(
            check_phrase(at, "Source: MNC.MLH.actors"),
            Err(LineProblem::NoteWithoutHash { .. })
        ));
        assert!(matches!(
            check_phrase(at, "FAEROYENE]_"),
            Err(LineProblem::BracketInPhrase { .. })
        ));
        assert!(check_phrase(at, "UNOG:_NGO_DATABASE_").is_ok());
    }

    #[test]
    fn stems_are_phrases_without_the_closing_underscore() {
        assert!(phrase("BOSNIAN").stem);
        assert!(!phrase("BOSNIAN_").stem);
    }

    #[test]
    fn slugs_are_lower_case_and_dashed() {
        assert_eq!(slug(&words("DANIYAL_AKHMETOV_")), "daniyal-akhmetov");
        assert_eq!(slug(&words("U.N._")), "u-n");
        assert_eq!(slug(&words("AT&T_")), "at-t");
        assert_eq!(slug(&words("?")), "entry");
    }
}
