//! Reading a PETRARCH `.agents` dictionary: `!SET! = A, B` substitution sets, then one agent per
//! line, `PHRASE {PLURAL} [~CODE]`, where a phrase may use the sets (`CATTLE!PERSON!`).

use std::collections::BTreeMap;
use std::path::Path;

use super::lines::{Line, numbered_lines};
use super::names::{Phrase, check_phrase};
use super::problem::{At, LineProblem};

/// One agent line: its phrases (every expansion of its sets, the first one first), explicit
/// plurals, and its agent code without the `~`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentEntry {
    pub line: usize,
    pub phrases: Vec<Phrase>,
    pub plurals: Vec<Phrase>,
    pub agent: String,
}

#[derive(Debug, Default)]
pub struct AgentDictionary {
    pub entries: Vec<AgentEntry>,
    pub problems: Vec<LineProblem>,
    pub comment_lines: usize,
    /// How many `!SET! = ...` lines were read.
    pub substitution_sets: usize,
}

/// Reads an `.agents` file; each line that cannot be read becomes a problem.
pub fn read_agents(file: &Path, bytes: &[u8]) -> AgentDictionary {
    let mut dictionary = AgentDictionary::default();
    let mut sets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (number, line) in numbered_lines(bytes) {
        let at = At { file, line: number };
        match line {
            Line::Blank => {}
            Line::Comment => dictionary.comment_lines += 1,
            Line::NotUtf8 => dictionary.problems.push(LineProblem::NotUtf8 {
                file: at.file(),
                line: number,
            }),
            Line::Content(text) if is_substitution_set(text) => match parse_substitution_set(at, text) {
                Ok((name, members)) => {
                    sets.insert(name, members);
                    dictionary.substitution_sets += 1;
                }
                Err(problem) => dictionary.problems.push(problem),
            },
            Line::Content(text) => match parse_agent(at, text.trim(), &sets) {
                Ok((entry, repairs)) => {
                    dictionary.problems.extend(repairs);
                    dictionary.entries.push(entry);
                }
                Err(problem) => dictionary.problems.push(problem),
            },
        }
    }
    dictionary
}

fn is_substitution_set(text: &str) -> bool {
    text.trim_start().starts_with('!') && text.contains('=')
}

/// `!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON`.
fn parse_substitution_set(at: At<'_>, text: &str) -> Result<(String, Vec<String>), LineProblem> {
    let bad = || LineProblem::BadSubstitution {
        file: at.file(),
        line: at.line,
        text: text.trim().to_string(),
    };
    let rest = text.trim_start().strip_prefix('!').ok_or_else(bad)?;
    let (name, rest) = rest.split_once('!').ok_or_else(bad)?;
    let members = rest.trim_start().strip_prefix('=').ok_or_else(bad)?;
    let members: Vec<String> = members
        .split(',')
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty())
        .collect();
    if name.trim().is_empty() || members.is_empty() {
        return Err(bad());
    }
    Ok((name.trim().to_string(), members))
}

/// One agent line, with the repairs made to its phrases.
fn parse_agent(
    at: At<'_>,
    text: &str,
    sets: &BTreeMap<String, Vec<String>>,
) -> Result<(AgentEntry, Vec<LineProblem>), LineProblem> {
    let Some(open) = text.find('[') else {
        return Err(LineProblem::MissingAgentCode {
            file: at.file(),
            line: at.line,
            text: text.to_string(),
        });
    };
    let agent = parse_agent_code(at, &text[open..])?;
    let (phrase_text, plural_text) = split_plural(at, &text[..open])?;
    let mut repairs = Vec::new();
    let phrases = checked_expansions(at, text, &phrase_text, sets, &mut repairs)?;
    let plurals = match plural_text {
        Some(plural) if !plural.trim().is_empty() => checked_expansions(at, text, &plural, sets, &mut repairs)?,
        _ => Vec::new(),
    };
    Ok((
        AgentEntry {
            line: at.line,
            phrases,
            plurals,
            agent,
        },
        repairs,
    ))
}

/// `[~GOV]` is `GOV`. PETRARCH also writes a few as `[IGO~]`, an agent that comes before the
/// actor's code rather than after it; the code is the same.
fn parse_agent_code(at: At<'_>, text: &str) -> Result<String, LineProblem> {
    let bad = || LineProblem::BadAgentCode {
        file: at.file(),
        line: at.line,
        text: text.trim().to_string(),
    };
    let inside = text
        .trim()
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .ok_or_else(bad)?
        .trim();
    let code = inside
        .strip_prefix('~')
        .or_else(|| inside.strip_suffix('~'))
        .ok_or_else(bad)?;
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(bad());
    }
    Ok(code.to_string())
}

/// `CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE}`: the phrase and its plural; `{}` says "no plural".
fn split_plural(at: At<'_>, text: &str) -> Result<(String, Option<String>), LineProblem> {
    let Some(open) = text.find('{') else {
        return Ok((text.to_string(), None));
    };
    let Some(close) = text[open..].find('}').map(|c| open + c) else {
        return Err(LineProblem::UnclosedBrace {
            file: at.file(),
            line: at.line,
            text: text.trim().to_string(),
        });
    };
    let phrase = format!("{}{}", &text[..open], &text[close + 1..]);
    Ok((phrase, Some(text[open + 1..close].to_string())))
}

/// Every expansion of a phrase's substitution markers, checked.
fn checked_expansions(
    at: At<'_>,
    line_text: &str,
    phrase: &str,
    sets: &BTreeMap<String, Vec<String>>,
    repairs: &mut Vec<LineProblem>,
) -> Result<Vec<Phrase>, LineProblem> {
    let expansions = expand(phrase, sets).map_err(|marker| match marker {
        Some(marker) => LineProblem::UnknownSubstitution {
            file: at.file(),
            line: at.line,
            text: line_text.to_string(),
            marker,
        },
        None => LineProblem::BadSubstitution {
            file: at.file(),
            line: at.line,
            text: line_text.to_string(),
        },
    })?;
    let mut phrases = Vec::with_capacity(expansions.len());
    for expansion in expansions {
        let (phrase, repair) = check_phrase(at, &expansion)?;
        repairs.extend(repair);
        phrases.push(phrase);
    }
    Ok(phrases)
}

/// Replaces the first `!SET!` by each member in turn, and so on for the rest. The error is the
/// unknown set's name, or `None` for a lone `!`.
fn expand(phrase: &str, sets: &BTreeMap<String, Vec<String>>) -> Result<Vec<String>, Option<String>> {
    let Some(open) = phrase.find('!') else {
        return Ok(vec![phrase.to_string()]);
    };
    let close = phrase[open + 1..].find('!').map(|c| open + 1 + c).ok_or(None)?;
    let name = &phrase[open + 1..close];
    let members = sets.get(name).ok_or_else(|| Some(name.to_string()))?;
    let mut expanded = Vec::new();
    for member in members {
        let substituted = format!("{}{member}{}", &phrase[..open], &phrase[close + 1..]);
        expanded.extend(expand(&substituted, sets)?);
    }
    Ok(expanded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> AgentDictionary {
        read_agents(Path::new("t.agents.txt"), text.as_bytes())
    }

    #[test]
    fn expands_substitution_sets() {
        let dictionary = read("!PERSON! = MAN, WOMAN\nCATTLE!PERSON! [~AGR]\n!MINIST! FOR_AGRICULTURE [~GOVAGR]\n");
        let cattle = &dictionary.entries[0];
        let words: Vec<String> = cattle.phrases.iter().map(|p| p.words.join(" ")).collect();
        assert_eq!(words, ["CATTLEMAN", "CATTLEWOMAN"]);
        assert_eq!(cattle.agent, "AGR");
        assert!(matches!(
            &dictionary.problems[..],
            [LineProblem::UnknownSubstitution { line: 3, marker, .. }] if marker == "MINIST"
        ));
    }

    #[test]
    fn reads_plurals_and_prefix_agents() {
        let dictionary =
            read("CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]\nARMED_POLICE {} [~COP]\nTRUCE_MONITOR [IGO~]\n");
        assert!(dictionary.problems.is_empty(), "{:?}", dictionary.problems);
        assert_eq!(dictionary.entries[0].plurals.len(), 1);
        assert!(dictionary.entries[1].plurals.is_empty());
        assert_eq!(dictionary.entries[2].agent, "IGO");
    }

    #[test]
    fn reports_lines_without_a_proper_code() {
        let dictionary = read("ISLAMIC_EXTREMIST\nDEPARMENT_OF_ENVIRONMENT [~ENV}\n!BAD = X\n");
        let lines: Vec<usize> = dictionary.problems.iter().map(|p| p.location().1).collect();
        assert_eq!(lines, [1, 2, 3]);
    }
}
