//! Reading a TABARI/PETRARCH `.actors` dictionary into entries: a primary phrase, its `+synonyms`,
//! and its codes (on the phrase's line or on indented lines below, dated or not).
//!
//! As in PETRARCH, a primary phrase without any code belongs to the next entry that has codes:
//! `BORIS_YELTSIN_`, `YELTSIN`, `PRESIDENT_YELTSIN` followed by dated codes are one person.

use std::path::Path;

use super::codes::{CodeSpec, parse_code};
use super::lines::{Line, numbered_lines};
use super::names::{Phrase, check_phrase};
use super::problem::{At, LineProblem};

/// One entry: its names (the primary phrase first) and its codes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActorEntry {
    /// The line of the primary phrase.
    pub line: usize,
    pub names: Vec<Phrase>,
    pub codes: Vec<CodeSpec>,
}

/// Everything read from one `.actors` file.
#[derive(Debug, Default)]
pub struct ActorDictionary {
    pub entries: Vec<ActorEntry>,
    pub problems: Vec<LineProblem>,
    pub comment_lines: usize,
}

/// Reads the entries of an `.actors` file; a line that cannot be read becomes a problem and the
/// rest goes on.
pub fn read_actors(file: &Path, bytes: &[u8]) -> ActorDictionary {
    let mut reader = Reader {
        file,
        dictionary: ActorDictionary::default(),
        pending: None,
        pending_had_code_lines: false,
    };
    for (number, line) in numbered_lines(bytes) {
        let at = At { file, line: number };
        match line {
            Line::Blank => {}
            Line::Comment => reader.dictionary.comment_lines += 1,
            Line::NotUtf8 => reader.dictionary.problems.push(LineProblem::NotUtf8 {
                file: at.file(),
                line: number,
            }),
            Line::Content(text) => reader.read_line(at, text.trim()),
        }
    }
    reader.finish_entry();
    reader.dictionary
}

struct Reader<'a> {
    file: &'a Path,
    dictionary: ActorDictionary,
    /// The entry being read; it ends at the next primary phrase once it has codes.
    pending: Option<ActorEntry>,
    /// Whether the pending entry had code lines, even rejected ones: then it is complete, and
    /// the next primary phrase starts a new entry instead of joining it.
    pending_had_code_lines: bool,
}

impl Reader<'_> {
    fn read_line(&mut self, at: At<'_>, text: &str) {
        if let Some(synonyms) = text.strip_prefix('+') {
            self.read_synonyms(at, synonyms);
        } else if text.starts_with('[') {
            self.read_code_line(at, text);
        } else {
            self.read_primary(at, text);
        }
    }

    fn read_synonyms(&mut self, at: At<'_>, text: &str) {
        if text.contains('[') {
            let problem = LineProblem::CodeOnSynonym {
                file: at.file(),
                line: at.line,
                text: text.trim().to_string(),
            };
            self.dictionary.problems.push(problem);
            return;
        }
        if self.pending.is_none() {
            let problem = LineProblem::SynonymWithoutEntry {
                file: at.file(),
                line: at.line,
                text: text.trim().to_string(),
            };
            self.dictionary.problems.push(problem);
            return;
        }
        for piece in split_run_together_synonyms(text) {
            if let Some(phrase) = self.checked(at, piece) {
                self.pending.get_or_insert_with(ActorEntry::default).names.push(phrase);
            }
        }
    }

    fn read_code_line(&mut self, at: At<'_>, text: &str) {
        if self.pending.is_none() {
            let problem = LineProblem::CodeWithoutEntry {
                file: at.file(),
                line: at.line,
                text: text.to_string(),
            };
            self.dictionary.problems.push(problem);
            return;
        }
        let codes = self.codes(at, text);
        self.pending.get_or_insert_with(ActorEntry::default).codes.extend(codes);
        self.pending_had_code_lines = true;
    }

    fn read_primary(&mut self, at: At<'_>, text: &str) {
        let (phrase_text, code_text) = text.split_at(text.find('[').unwrap_or(text.len()));
        let joins_pending = self.pending.is_some() && !self.pending_had_code_lines;
        if !joins_pending {
            self.finish_entry();
            self.pending = Some(ActorEntry {
                line: at.line,
                ..ActorEntry::default()
            });
        }
        let phrase = self.checked(at, phrase_text);
        let codes = self.codes(at, code_text);
        self.pending_had_code_lines |= !code_text.trim().is_empty();
        let entry = self.pending.get_or_insert_with(ActorEntry::default);
        entry.names.extend(phrase);
        entry.codes.extend(codes);
    }

    /// Stores the pending entry. One that was never given a code is reported line by line; one
    /// whose codes were all rejected (and reported) is kept for its names.
    fn finish_entry(&mut self) {
        let had_code_lines = std::mem::take(&mut self.pending_had_code_lines);
        let Some(entry) = self.pending.take() else {
            return;
        };
        if entry.codes.is_empty() && !had_code_lines {
            for name in &entry.names {
                self.dictionary.problems.push(LineProblem::EntryWithoutCode {
                    file: self.file.to_path_buf(),
                    line: name.line,
                    text: name.words.join("_"),
                });
            }
            return;
        }
        self.dictionary.entries.push(entry);
    }

    /// The phrase, or `None` after reporting why not; a repair is reported too.
    fn checked(&mut self, at: At<'_>, text: &str) -> Option<Phrase> {
        match check_phrase(at, text) {
            Ok((phrase, repair)) => {
                self.dictionary.problems.extend(repair);
                Some(phrase)
            }
            Err(problem) => {
                self.dictionary.problems.push(problem);
                None
            }
        }
    }

    fn codes(&mut self, at: At<'_>, text: &str) -> Vec<CodeSpec> {
        let (codes, problems) = parse_codes(at, text);
        self.dictionary.problems.extend(problems);
        codes
    }
}

/// Every `[...]` group of a line's code part, and a problem for anything else there.
pub fn parse_codes(at: At<'_>, text: &str) -> (Vec<CodeSpec>, Vec<LineProblem>) {
    let mut codes = Vec::new();
    let mut problems = Vec::new();
    let mut rest = text.trim_start();
    while !rest.is_empty() {
        let Some(inside) = rest.strip_prefix('[') else {
            problems.push(LineProblem::TextAmongCodes {
                file: at.file(),
                line: at.line,
                text: rest.trim().to_string(),
            });
            break;
        };
        let Some(close) = inside.find(']') else {
            problems.push(LineProblem::UnclosedBracket {
                file: at.file(),
                line: at.line,
                text: rest.trim().to_string(),
            });
            break;
        };
        match parse_code(at, &inside[..close]) {
            Ok(code) => codes.push(code),
            Err(problem) => problems.push(problem),
        }
        rest = inside[close + 1..].trim_start();
    }
    (codes, problems)
}

/// A `+` that does not join two letters or digits starts another synonym the editor forgot to
/// put on its own line (`TAIOAN_ +TAWIAN_`); `B+H_OCEAN_CARRIERS_` is one name.
fn split_run_together_synonyms(text: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, &(at, c)) in chars.iter().enumerate() {
        let joins_two_words = i > 0
            && chars[i - 1].1.is_alphanumeric()
            && chars.get(i + 1).is_some_and(|(_, next)| next.is_alphanumeric());
        if c == '+' && !joins_two_words {
            pieces.push(&text[start..at]);
            start = at + 1;
        }
    }
    pieces.push(&text[start..]);
    pieces.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_together_synonyms_are_split() {
        assert_eq!(split_run_together_synonyms("TAIOAN_ +TAWIAN_"), ["TAIOAN_ ", "TAWIAN_"]);
        assert_eq!(
            split_run_together_synonyms("AL_ISLAMI+_ISLAMIC_ARMY_"),
            ["AL_ISLAMI", "_ISLAMIC_ARMY_"]
        );
        assert_eq!(
            split_run_together_synonyms("B+H_OCEAN_CARRIERS_"),
            ["B+H_OCEAN_CARRIERS_"]
        );
    }

    #[test]
    fn code_less_primaries_join_the_next_entry() {
        let text = b"BORIS_YELTSIN_\nYELTSIN\nRUSSIAN_PRESIDENT_YELTSIN\n\t[RUSGOV 910710-991231]\nNEXT_ [RUS]\n";
        let dictionary = read_actors(Path::new("t.actors.txt"), text);
        assert!(dictionary.problems.is_empty(), "{:?}", dictionary.problems);
        assert_eq!(dictionary.entries.len(), 2);
        let yeltsin = &dictionary.entries[0];
        assert_eq!(yeltsin.line, 1);
        assert_eq!(yeltsin.names.len(), 3);
        assert_eq!(yeltsin.codes.len(), 1);
    }

    #[test]
    fn several_codes_on_one_line_and_text_among_them() {
        let at = At {
            file: Path::new("t.txt"),
            line: 2,
        };
        let (codes, problems) = parse_codes(at, "[USAGOV 010120-050120] [IGOUNOKID >050501][ELI]");
        assert_eq!(codes.len(), 3);
        assert!(problems.is_empty());
        let (codes, problems) = parse_codes(at, "[IGOUNO] junk");
        assert_eq!(codes.len(), 1);
        assert!(matches!(problems[..], [LineProblem::TextAmongCodes { line: 2, .. }]));
        let (_, problems) = parse_codes(at, "[IGOUNO");
        assert!(matches!(problems[..], [LineProblem::UnclosedBracket { .. }]));
    }
}
