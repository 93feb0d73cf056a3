//! Problems found in rule files, each pinned to a file, line and column with the offending text.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop a build, warnings are shown and let it run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A position in a text file: 1-based line, 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One problem in one rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    pub position: Position,
    pub message: String,
    /// The whole source line the position points into.
    pub source_line: String,
    /// A suggestion ("did you mean `aliases`?").
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(file: &Path, source: &str, position: Position, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, source, position, message)
    }

    pub fn warning(file: &Path, source: &str, position: Position, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, source, position, message)
    }

    fn new(severity: Severity, file: &Path, source: &str, position: Position, message: impl Into<String>) -> Self {
        let source_line = source.lines().nth(position.line.saturating_sub(1)).unwrap_or("");
        Self::in_line(severity, file, source_line, position, message)
    }

    /// A diagnostic whose source line is already known (see [`LineIndex::line`]).
    pub fn in_line(
        severity: Severity,
        file: &Path,
        source_line: &str,
        position: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            file: file.to_path_buf(),
            position,
            message: message.into(),
            source_line: source_line.to_string(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// Renders like a compiler message: a headline, the line, and a caret under the column.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(
            f,
            "{kind}: {}:{}:{}: {}",
            self.file.display(),
            self.position.line,
            self.position.column,
            self.message
        )?;
        if !self.source_line.is_empty() {
            let gutter = self.position.line.to_string().len();
            let caret_pad: String = self
                .source_line
                .chars()
                .take(self.position.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{} | {}", self.position.line, self.source_line)?;
            writeln!(f, "{:gutter$} | {caret_pad}^", "")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// The closest candidate to a misspelt name, when one is close enough to be a likely typo: a
/// few edits away (transpositions count as one), or very similar by Jaro-Winkler.
/// A regex error on one line: regex's own messages draw a multi-line picture, whose last
/// `error:` line says what is wrong.
pub fn one_line(err: &impl fmt::Display) -> String {
    let text = err.to_string();
    text.lines()
        .rev()
        .find(|l| l.starts_with("error:"))
        .map(|l| l.trim_start_matches("error: ").to_string())
        .unwrap_or(text)
}

pub fn did_you_mean<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(found, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The candidate [`did_you_mean`] would suggest.
pub fn closest<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    nearest(found, candidates).into_iter().next()
}

/// Names longer than this get no suggestion and are suggested for nothing: comparing two names
/// takes time and memory quadratic in their lengths (two 30 000-character ids in a rule file took
/// over ten seconds), and no one mistypes a name that long.
const SUGGESTION_MAX_CHARS: usize = 128;

/// Every candidate close enough to be a likely typo of `found`, nearest first: a few edits away
/// (transpositions count as one), or very similar by Jaro-Winkler. Ties go to the alphabetically
/// first, so suggestions are stable.
pub fn nearest<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    if found.chars().count() > SUGGESTION_MAX_CHARS {
        return Vec::new();
    }
    let found_lower = found.to_lowercase();
    let allowed_edits = (found_lower.chars().count() / 3).max(1);
    let mut ranked: Vec<(usize, f64, &str)> = candidates
        .into_iter()
        .filter(|c| c.chars().count() <= SUGGESTION_MAX_CHARS)
        .filter_map(|c| {
            let lower = c.to_lowercase();
            let edits = strsim::damerau_levenshtein(&found_lower, &lower);
            let similarity = strsim::jaro_winkler(&found_lower, &lower);
            (edits <= allowed_edits || similarity > 0.9).then_some((edits, -similarity, c))
        })
        .collect();
    ranked.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then_with(|| a.2.cmp(b.2)));
    ranked.into_iter().map(|(_, _, c)| c).collect()
}

/// Where every line of a source starts, so that byte offsets and positions convert by a binary
/// search instead of a scan from the top of the file. Compiling a pack of 27,000 actors looks up
/// a position for every id and every shared alias; scanning made that quadratic (87 s).
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(at, _)| at + 1),
        );
        LineIndex { starts }
    }

    /// The 1-based line and character column of a byte offset (same as [`position_of`]).
    pub fn position_of(&self, source: &str, byte: usize) -> Position {
        let byte = byte.min(source.len());
        let line = self.starts.partition_point(|&start| start <= byte);
        let line_start = self.starts[line - 1];
        let column = source[line_start..byte].chars().count() + 1;
        Position { line, column }
    }

    /// The byte offset of a 1-based line and character column (same as [`byte_of`]).
    pub fn byte_of(&self, source: &str, position: Position) -> usize {
        if position.line <= 1 && position.column <= 1 {
            return 0;
        }
        let Some(&line_start) = position.line.checked_sub(1).and_then(|i| self.starts.get(i)) else {
            return source.len();
        };
        let line_end = self.starts.get(position.line).copied().unwrap_or(source.len());
        let column_bytes: usize = source[line_start..line_end]
            .chars()
            .take(position.column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        line_start + column_bytes
    }

    /// The text of a 1-based line, without its line ending ("" past the end).
    pub fn line<'a>(&self, source: &'a str, line: usize) -> &'a str {
        let index = line.saturating_sub(1);
        let Some(&start) = self.starts.get(index) else {
            return "";
        };
        let end = self.starts.get(index + 1).copied().unwrap_or(source.len());
        let text = &source[start..end];
        let text = text.strip_suffix('\n').unwrap_or(text);
        if text.len() < end - start {
            text.strip_suffix('\r').unwrap_or(text)
        } else {
            text
        }
    }
}

/// Finds where a `field: "value"` pair stands in a RON source, so that checks made after parsing
/// can still point at the line. Falls back to the first mention of the value, then to 1:1.
pub fn locate(source: &str, field: &str, value: &str, after: Position) -> Position {
    locate_in(&LineIndex::new(source), source, field, value, after)
}

/// [`locate`] with the source's [`LineIndex`] built once: finding every rule of a large pack then
/// costs the distance between rules, not the length of the file each time.
pub fn locate_in(lines: &LineIndex, source: &str, field: &str, value: &str, after: Position) -> Position {
    let quoted = format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""));
    let start_byte = lines.byte_of(source, after);
    let rest = &source[start_byte..];
    let mut search_from = 0;
    while let Some(found) = rest[search_from..].find(&quoted) {
        let at = search_from + found;
        let before = rest[..at].trim_end();
        if let Some(colon_stripped) = before.strip_suffix(':') {
            if colon_stripped.trim_end().ends_with(field) {
                return lines.position_of(source, start_byte + at);
            }
        }
        // Values inside a list (`aliases: ["A", "B"]`) count as the field's too.
        if field.is_empty() || inside_list_of(before, field) {
            return lines.position_of(source, start_byte + at);
        }
        search_from = at + quoted.len();
    }
    match rest.find(&quoted) {
        Some(at) => lines.position_of(source, start_byte + at),
        None => Position {
            line: after.line.max(1),
            column: after.column.max(1),
        },
    }
}

/// Whether the text before a value ends inside `field: [ ...` without the list being closed.
fn inside_list_of(before: &str, field: &str) -> bool {
    let Some(open) = before.rfind('[') else { return false };
    if before[open..].contains(']') {
        return false;
    }
    before[..open]
        .trim_end()
        .strip_suffix(':')
        .is_some_and(|b| b.trim_end().ends_with(field))
}

/// The 1-based line and character column of a byte offset.
pub fn position_of(source: &str, byte: usize) -> Position {
    let byte = byte.min(source.len());
    let before = &source[..byte];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Position { line, column }
}

/// The byte offset of a 1-based line and character column (clamped to the text).
pub fn byte_of(source: &str, position: Position) -> usize {
    if position.line <= 1 && position.column <= 1 {
        return 0;
    }
    let mut offset = 0;
    for (index, line) in source.split_inclusive('\n').enumerate() {
        if index + 1 == position.line {
            let column_bytes: usize = line
                .chars()
                .take(position.column.saturating_sub(1))
                .map(char::len_utf8)
                .sum();
            return offset + column_bytes;
        }
        offset += line.len();
    }
    source.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_caret_under_the_column() {
        let source = "(\n  actors: [\n    (id: \"KAZ\", kindd: Country),\n  ],\n)";
        let d = Diagnostic::error(
            Path::new("a.ron"),
            source,
            Position { line: 3, column: 19 },
            "unknown field `kindd`",
        )
        .with_help(did_you_mean("kindd", ["kind", "id", "label"]));
        let text = d.to_string();
        assert!(text.starts_with("error: a.ron:3:19: unknown field `kindd`"), "{text}");
        assert!(text.contains("3 |     (id: \"KAZ\", kindd: Country),"), "{text}");
        assert!(text.contains("  |                   ^"), "{text}");
        assert!(text.contains("did you mean `kind`?"), "{text}");
    }

    #[test]
    fn ranks_every_likely_typo_nearest_first() {
        let ranked = nearest("Kazakstn", ["Kyrgyzstan", "Kazakstan", "Kazakhstan", "Russia"]);
        assert_eq!(ranked, ["Kazakstan", "Kazakhstan"]);
        assert_eq!(closest("Kazakstn", ["Kazakhstan", "Kazakstan"]), Some("Kazakstan"));
        assert!(nearest("Brazil", ["Kazakhstan", "Russia"]).is_empty());
    }

    #[test]
    fn long_names_are_not_compared() {
        let long = "a".repeat(SUGGESTION_MAX_CHARS + 1);
        assert!(nearest(&long, [long.as_str(), "a"]).is_empty());
        assert!(nearest("a", [long.as_str()]).is_empty());
    }

    #[test]
    fn locates_a_field_value_after_a_position() {
        let source = "(id: \"A\", of: \"X\")\n(id: \"B\", of: \"X\")";
        let second = locate(source, "id", "B", Position::default());
        assert_eq!(second, Position { line: 2, column: 6 });
        let of_after_b = locate(source, "of", "X", second);
        assert_eq!(of_after_b, Position { line: 2, column: 15 });
    }

    #[test]
    fn the_line_index_agrees_with_scanning_the_text() {
        for source in [
            "",
            "a",
            "\n",
            "ab\n",
            "(id: \"Ä\",\n  x: \"é\")\n\n\tz",
            "one\ntwo\nthree",
        ] {
            let lines = LineIndex::new(source);
            for byte in (0..=source.len() + 2).filter(|&b| b > source.len() || source.is_char_boundary(b)) {
                assert_eq!(
                    lines.position_of(source, byte),
                    position_of(source, byte),
                    "{source:?} byte {byte}"
                );
            }
            for line in 0..6 {
                for column in 0..6 {
                    let position = Position { line, column };
                    assert_eq!(
                        lines.byte_of(source, position),
                        byte_of(source, position),
                        "{source:?} {position:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn locates_values_inside_lists() {
        let source = "(aliases: [\"Kazakhstan\", \"\"])";
        assert_eq!(locate(source, "aliases", "", Position::default()).column, 26);
    }

    #[test]
    fn the_line_index_agrees_with_scanning() {
        for source in ["", "a", "a\n", "(id: \"A\")\r\n  «é» x\n\nlast", "\n\n"] {
            let lines = LineIndex::new(source);
            for byte in 0..=source.len() {
                if source.is_char_boundary(byte) {
                    assert_eq!(
                        lines.position_of(source, byte),
                        position_of(source, byte),
                        "{source:?} {byte}"
                    );
                }
            }
            for line in 0..6 {
                assert_eq!(
                    lines.line(source, line),
                    source.lines().nth(line.saturating_sub(1)).unwrap_or(""),
                    "{source:?} line {line}"
                );
                for column in 0..8 {
                    let position = Position { line, column };
                    assert_eq!(
                        lines.byte_of(source, position),
                        byte_of(source, position),
                        "{source:?} {position:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let source = "«é» x";
        assert_eq!(position_of(source, source.find('x').unwrap()).column, 5);
        assert_eq!(
            byte_of(source, Position { line: 1, column: 5 }),
            source.find('x').unwrap()
        );
    }
}
