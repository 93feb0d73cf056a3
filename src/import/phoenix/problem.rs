//! What can go wrong: errors that stop the import, and problems with single lines, which are
//! reported and counted while the rest of the dictionary is still converted.

use std::path::{Path, PathBuf};

/// An error that stops the import: nothing is written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("no dictionary files given")]
    NoInput,
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error(
        "{}: not a Phoenix dictionary I know: the file name must contain `actors` or `agents`",
        path.display()
    )]
    UnknownDictionary { path: PathBuf },
    #[error(
        "{}: no MIT licence notice in its header and no LICENSE file beside it; the generated pack \
         must carry the dictionary's licence",
        path.display()
    )]
    NoLicence { path: PathBuf },
    #[error("{} and {} would both be written to {output}", first.display(), second.display())]
    SameOutput {
        first: PathBuf,
        second: PathBuf,
        output: String,
    },
    #[error("cannot write the pack for {}: {message}", path.display())]
    Render { path: PathBuf, message: String },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

/// What became of a line with a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing of the line (or of the part named) reached the generated packs.
    NotConverted,
    /// The line was converted after a repair the message describes.
    Repaired,
}

/// A problem with one line of a dictionary. The line, or the part of it named, is left out of the
/// generated packs (or converted after a repair, see [`LineProblem::outcome`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LineProblem {
    #[error("{}:{line}: the line is not UTF-8", file.display())]
    NotUtf8 { file: PathBuf, line: usize },
    #[error("{}:{line}: `{text}` holds U+FFFD: a character was lost before this file was written", file.display())]
    LostCharacter { file: PathBuf, line: usize, text: String },
    #[error("{}:{line}: `{text}` holds a control character", file.display())]
    ControlCharacter { file: PathBuf, line: usize, text: String },
    #[error("{}:{line}: `{text}` holds a square bracket inside the phrase", file.display())]
    BracketInPhrase { file: PathBuf, line: usize, text: String },
    #[error("{}:{line}: `{text}` reads like a note without `#`, not a phrase", file.display())]
    NoteWithoutHash { file: PathBuf, line: usize, text: String },
    #[error("{}:{line}: `{text}` has no words", file.display())]
    EmptyPhrase { file: PathBuf, line: usize, text: String },
    #[error("{}:{line}: `{text}` has an unbalanced parenthesis; kept `{kept}`", file.display())]
    UnbalancedParenthesis {
        file: PathBuf,
        line: usize,
        text: String,
        kept: String,
    },
    #[error("{}:{line}: synonym `{text}` comes before any entry", file.display())]
    SynonymWithoutEntry { file: PathBuf, line: usize, text: String },
    #[error("{}:{line}: code `{text}` comes before any entry", file.display())]
    CodeWithoutEntry { file: PathBuf, line: usize, text: String },
    #[error("{}:{line}: synonym `{text}` carries a code; codes belong on the entry's own lines", file.display())]
    CodeOnSynonym { file: PathBuf, line: usize, text: String },
    #[error("{}:{line}: `{text}`: a `[` without its `]`", file.display())]
    UnclosedBracket { file: PathBuf, line: usize, text: String },
    #[error("{}:{line}: `{text}` stands between or after the codes", file.display())]
    TextAmongCodes { file: PathBuf, line: usize, text: String },
    #[error("{}:{line}: `[{text}]` is not a CAMEO code", file.display())]
    BadCode { file: PathBuf, line: usize, text: String },
    #[error(
        "{}:{line}: `[{text}]`: the date restriction is not `>DATE`, `<DATE` or `DATE-DATE`",
        file.display()
    )]
    BadDateRestriction { file: PathBuf, line: usize, text: String },
    #[error(
        "{}:{line}: `[{text}]`: `{date}` is not a date (YYMMDD or YYYYMMDD, a day that exists)",
        file.display()
    )]
    BadDate {
        file: PathBuf,
        line: usize,
        text: String,
        date: String,
    },
    #[error("{}:{line}: `[{text}]`: the period ends before it starts", file.display())]
    ReversedPeriod { file: PathBuf, line: usize, text: String },
    #[error("{}:{line}: `{text}` has no code, and no entry with codes follows it", file.display())]
    EntryWithoutCode { file: PathBuf, line: usize, text: String },
    #[error(
        "{}:{line}: role `[{text}]` of `{actor}` names no state or organisation in the generated packs",
        file.display()
    )]
    UnresolvedRole {
        file: PathBuf,
        line: usize,
        text: String,
        actor: String,
    },
    #[error(
        "{}:{line}: `[{text}]` is a former or dated code of `{actor}`, which is not a person; the rule \
         schema has no place for it",
        file.display()
    )]
    FormerCode {
        file: PathBuf,
        line: usize,
        text: String,
        actor: String,
    },
    #[error(
        "{}:{line}: `[{text}]` is a second undated code of `{actor}`, which keeps `{kept}`",
        file.display()
    )]
    ExtraCode {
        file: PathBuf,
        line: usize,
        text: String,
        actor: String,
        kept: String,
    },
    #[error(
        "{}:{line}: `[{text}]` belongs to an entry none of whose phrases could be read",
        file.display()
    )]
    CodeOfUnnamedEntry { file: PathBuf, line: usize, text: String },
    #[error("{}:{line}: agent `{text}` has no `[~CODE]`", file.display())]
    MissingAgentCode { file: PathBuf, line: usize, text: String },
    #[error("{}:{line}: `{text}` is not an agent code like `[~GOV]`", file.display())]
    BadAgentCode { file: PathBuf, line: usize, text: String },
    #[error("{}:{line}: `{text}` is not a substitution set like `!NAME! = A, B`", file.display())]
    BadSubstitution { file: PathBuf, line: usize, text: String },
    #[error("{}:{line}: `{text}` uses `!{marker}!`, which no earlier line defines", file.display())]
    UnknownSubstitution {
        file: PathBuf,
        line: usize,
        text: String,
        marker: String,
    },
    #[error("{}:{line}: `{text}`: a `{{` without its `}}`", file.display())]
    UnclosedBrace { file: PathBuf, line: usize, text: String },
}

impl LineProblem {
    pub fn outcome(&self) -> Outcome {
        match self {
            LineProblem::UnbalancedParenthesis { .. } => Outcome::Repaired,
            _ => Outcome::NotConverted,
        }
    }

    /// The file and line the problem is on.
    pub fn location(&self) -> (&Path, usize) {
        use LineProblem::*;
        match self {
            NotUtf8 { file, line }
            | LostCharacter { file, line, .. }
            | ControlCharacter { file, line, .. }
            | BracketInPhrase { file, line, .. }
            | NoteWithoutHash { file, line, .. }
            | EmptyPhrase { file, line, .. }
            | UnbalancedParenthesis { file, line, .. }
            | SynonymWithoutEntry { file, line, .. }
            | CodeWithoutEntry { file, line, .. }
            | CodeOnSynonym { file, line, .. }
            | UnclosedBracket { file, line, .. }
            | TextAmongCodes { file, line, .. }
            | BadCode { file, line, .. }
            | BadDateRestriction { file, line, .. }
            | BadDate { file, line, .. }
            | ReversedPeriod { file, line, .. }
            | EntryWithoutCode { file, line, .. }
            | UnresolvedRole { file, line, .. }
            | FormerCode { file, line, .. }
            | ExtraCode { file, line, .. }
            | CodeOfUnnamedEntry { file, line, .. }
            | MissingAgentCode { file, line, .. }
            | BadAgentCode { file, line, .. }
            | BadSubstitution { file, line, .. }
            | UnknownSubstitution { file, line, .. }
            | UnclosedBrace { file, line, .. } => (file, *line),
        }
    }
}

/// Where a line stands, handed to whatever may find a problem with it.
#[derive(Debug, Clone, Copy)]
pub struct At<'a> {
    pub file: &'a Path,
    pub line: usize,
}

impl At<'_> {
    pub fn file(&self) -> PathBuf {
        self.file.to_path_buf()
    }
}
