//! CAMEO actor codes as the dictionaries write them: `[KAZGOVMIL 070201-090630]`, `[KAZ >911221]`,
//! `[IGOWSTNAT]`, `[---]`; and what their three-letter blocks mean.

use crate::date::PartialDate;

use super::problem::{At, LineProblem};

/// One bracketed code of an entry, with the line it stands on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSpec {
    pub line: usize,
    /// The code, or `None` for `[---]`: "do not code this phrase".
    pub code: Option<String>,
    pub when: Validity,
    /// The text between the brackets, for reports.
    pub text: String,
}

/// When a code applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Validity {
    Always,
    /// `>YYMMDD`: from that day on.
    From(PartialDate),
    /// `<YYMMDD`: until that day.
    Until(PartialDate),
    /// `YYMMDD-YYMMDD`.
    Between(PartialDate, PartialDate),
}

impl Validity {
    pub fn is_dated(self) -> bool {
        self != Validity::Always
    }

    /// The role period's ends.
    pub fn bounds(self) -> (Option<PartialDate>, Option<PartialDate>) {
        match self {
            Validity::Always => (None, None),
            Validity::From(from) => (Some(from), None),
            Validity::Until(to) => (None, Some(to)),
            Validity::Between(from, to) => (Some(from), Some(to)),
        }
    }
}

/// Parses the text between `[` and `]`.
pub fn parse_code(at: At<'_>, text: &str) -> Result<CodeSpec, LineProblem> {
    let trimmed = text.trim();
    let spec = |code, when| CodeSpec {
        line: at.line,
        code,
        when,
        text: trimmed.to_string(),
    };
    if trimmed == "---" {
        return Ok(spec(None, Validity::Always));
    }
    let code_end = trimmed
        .find(|c: char| c.is_whitespace() || c == '<' || c == '>')
        .unwrap_or(trimmed.len());
    let (code, restriction) = trimmed.split_at(code_end);
    if !is_code(code) {
        return Err(LineProblem::BadCode {
            file: at.file(),
            line: at.line,
            text: trimmed.to_string(),
        });
    }
    let when = parse_restriction(at, trimmed, restriction.trim())?;
    Ok(spec(Some(code.to_string()), when))
}

/// Blocks of capital letters and digits ("NGONLDCHRPRO360"), at least one block long.
fn is_code(code: &str) -> bool {
    code.len() >= 3 && code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

fn parse_restriction(at: At<'_>, text: &str, restriction: &str) -> Result<Validity, LineProblem> {
    let date = |date: &str| parse_date(at, text, date.trim());
    if restriction.is_empty() {
        Ok(Validity::Always)
    } else if let Some(from) = restriction.strip_prefix('>') {
        Ok(Validity::From(date(from)?))
    } else if let Some(to) = restriction.strip_prefix('<') {
        Ok(Validity::Until(date(to)?))
    } else if let Some((from, to)) = restriction.split_once('-') {
        let (from, to) = (date(from)?, date(to)?);
        if to < from {
            return Err(LineProblem::ReversedPeriod {
                file: at.file(),
                line: at.line,
                text: text.to_string(),
            });
        }
        Ok(Validity::Between(from, to))
    } else {
        Err(LineProblem::BadDateRestriction {
            file: at.file(),
            line: at.line,
            text: text.to_string(),
        })
    }
}

/// `YYMMDD` (00–30 are 20xx, the rest 19xx, as in KEDS, TABARI and PETRARCH) or `YYYYMMDD`.
/// PETRARCH also reads 7, 9 and 10 digits by cutting them short; those are typos in the
/// dictionaries ("2004017", "1920030320") and guessing would make up dates, so they are reported.
pub fn parse_date(at: At<'_>, text: &str, date: &str) -> Result<PartialDate, LineProblem> {
    let bad = || LineProblem::BadDate {
        file: at.file(),
        line: at.line,
        text: text.to_string(),
        date: date.to_string(),
    };
    if !date.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let number = |range: std::ops::Range<usize>| date[range].parse::<u16>().map_err(|_| bad());
    let (year, rest) = match date.len() {
        6 => {
            let short = number(0..2)?;
            (if short <= 30 { 2000 + short } else { 1900 + short }, 2)
        }
        8 => (number(0..4)?, 4),
        _ => return Err(bad()),
    };
    let month = number(rest..rest + 2)?;
    let day = number(rest + 2..rest + 4)?;
    let valid = i16::try_from(year)
        .ok()
        .zip(u8::try_from(month).ok())
        .zip(u8::try_from(day).ok());
    valid.and_then(|((y, m), d)| PartialDate::day(y, m, d)).ok_or_else(bad)
}

/// CAMEO's three-letter codes that are not states: sectors, religions and regions. Any other
/// three-letter code is read as a state (ISO 3166 alpha-3, plus CAMEO's own for former states).
const NOT_STATES: &[&str] = &[
    // Sectors and actor types.
    "AGR", "BUS", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV", "HLH", "HRI", "IGO", "IMG", "INS", "JUD",
    "LAB", "LEG", "MED", "MIL", "MNC", "MOD", "NGM", "NGO", "OPP", "PTY", "RAD", "REB", "REF", "REL", "SET", "SPY",
    "UAF", "UIS", // Religions. ("MUS" is Muslim only after a state's code; first, it is Mauritius.)
    "BAH", "BUD", "CHR", "HIN", "JEW", "MOS", // Regions.
    "AFR", "ASA", "BLK", "CAS", "CAU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR", "LAM", "MDT", "MEA", "NAF", "NMR",
    "PGS", "SAM", "SAS", "SCN", "SEA", "WAF", "WEU", "WST",
];

/// A state's code: three capital letters that are not a sector, religion or region.
pub fn is_state_code(code: &str) -> bool {
    code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) && !NOT_STATES.contains(&code)
}

/// The agent codes (what part of a state or organisation a person acts for), with how a role
/// title reads.
const AGENTS: &[(&str, &str)] = &[
    ("AGR", "agriculture"),
    ("BUD", "Buddhist"),
    ("BUS", "business"),
    ("CHR", "Christian"),
    ("COP", "police"),
    ("CRM", "criminal"),
    ("CTH", "Catholic"),
    ("CVL", "civilian"),
    ("DEV", "development"),
    ("EDU", "education"),
    ("ELI", "elite"),
    ("ENV", "environment"),
    ("GOV", "government"),
    ("HIN", "Hindu"),
    ("HLH", "health"),
    ("HRI", "human rights"),
    ("INS", "insurgents"),
    ("JEW", "Jewish"),
    ("JUD", "judiciary"),
    ("LAB", "labour"),
    ("LEG", "legislature"),
    ("MED", "media"),
    ("MIL", "military"),
    ("MOD", "moderates"),
    ("MUS", "Muslim"),
    ("OCC", "occupied"),
    ("OPP", "opposition"),
    ("PRO", "Protestant"),
    ("PTY", "political party"),
    ("RAD", "radicals"),
    ("REB", "rebels"),
    ("REF", "refugees"),
    ("REL", "religion"),
    ("SET", "settlers"),
    ("SPY", "intelligence"),
    ("UAF", "unaligned armed forces"),
    ("UNR", "unrecognised"),
];

pub fn is_agent_code(block: &str) -> bool {
    AGENTS.iter().any(|(code, _)| *code == block)
}

/// The code cut into its three-character blocks; `None` when its length is not a multiple of 3.
pub fn blocks(code: &str) -> Option<Vec<&str>> {
    if code.is_empty() || code.len() % 3 != 0 || !code.is_ascii() {
        return None;
    }
    Some((0..code.len()).step_by(3).map(|i| &code[i..i + 3]).collect())
}

/// Whether a code names one particular organisation or entity ("IGOWSTNAT" is NATO, "PSEREBHMS"
/// Hamas, "USAASM" American Samoa) rather than a kind of actor ("IGOEUR", European IGOs; "IMGMUS",
/// Muslim militant groups; "FRAREB", rebels in France; "MNCUSA", American companies): its last
/// block is no state (as `is_state` knows them), sector, religion, region or agent.
pub fn is_specific_code(code: &str, is_state: impl Fn(&str) -> bool) -> bool {
    let Some(blocks) = blocks(code) else {
        return false;
    };
    let Some(last) = blocks.last().filter(|_| blocks.len() >= 2) else {
        return false;
    };
    !(is_agent_code(last) || NOT_STATES.contains(last) || is_state(last))
}

/// The id of the role title for the agent blocks after a state or organisation's code:
/// `["GOV", "MIL"]` is `phx-govmil`; no blocks at all is `phx-official`.
pub fn role_title_id(agent_blocks: &[&str]) -> String {
    if agent_blocks.is_empty() {
        "phx-official".to_string()
    } else {
        format!("phx-{}", agent_blocks.concat().to_lowercase())
    }
}

/// How a role title reads: `["GOV", "MIL"]` is "Government (military)"; a block that is no agent
/// code I know stays as written ("ASM (government)").
pub fn role_title_label(agent_blocks: &[&str]) -> String {
    let word = |block: &str| {
        AGENTS
            .iter()
            .find(|(code, _)| *code == block)
            .map_or_else(|| block.to_string(), |(_, word)| word.to_string())
    };
    let Some((first, rest)) = agent_blocks.split_first() else {
        return "Official".to_string();
    };
    let head = capitalise_first(&word(first));
    if rest.is_empty() {
        head
    } else {
        let tail: Vec<String> = rest.iter().map(|b| word(b)).collect();
        format!("{head} ({})", tail.join(", "))
    }
}

fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn at() -> At<'static> {
        At {
            file: Path::new("t.actors.txt"),
            line: 7,
        }
    }

    fn date(text: &str) -> PartialDate {
        text.parse().unwrap()
    }

    #[test]
    fn reads_each_kind_of_restriction() {
        let between = parse_code(at(), "KAZGOVMIL 070201-090630").unwrap();
        assert_eq!(between.code.as_deref(), Some("KAZGOVMIL"));
        assert_eq!(between.when, Validity::Between(date("2007-02-01"), date("2009-06-30")));
        assert_eq!(
            parse_code(at(), "KAZ >911221").unwrap().when,
            Validity::From(date("1991-12-21"))
        );
        assert_eq!(
            parse_code(at(), "EGYGOV > 140608").unwrap().when,
            Validity::From(date("2014-06-08"))
        );
        assert_eq!(
            parse_code(at(), "IGOUNO  >20070101").unwrap().when,
            Validity::From(date("2007-01-01"))
        );
        assert_eq!(
            parse_code(at(), "USRKAZ <911216").unwrap().when,
            Validity::Until(date("1991-12-16"))
        );
        assert_eq!(parse_code(at(), " IGOWSTNAT ").unwrap().when, Validity::Always);
        assert_eq!(parse_code(at(), "---").unwrap().code, None);
    }

    #[test]
    fn two_digit_years_turn_at_thirty() {
        assert_eq!(parse_date(at(), "", "300101").unwrap(), date("2030-01-01"));
        assert_eq!(parse_date(at(), "", "310101").unwrap(), date("1931-01-01"));
        assert_eq!(parse_date(at(), "", "19270101").unwrap(), date("1927-01-01"));
    }

    #[test]
    fn rejects_dates_it_would_have_to_guess() {
        for bad in [
            "KORGOVBUS 2004017-20061201",
            "GBRGOV >201005011",
            "KAZ 100231-110101",
            "MNEGOV 20121204",
        ] {
            let problem = parse_code(at(), bad).unwrap_err();
            assert!(
                matches!(
                    problem,
                    LineProblem::BadDate { line: 7, .. } | LineProblem::BadDateRestriction { line: 7, .. }
                ),
                "{bad}: {problem}"
            );
        }
        assert!(matches!(
            parse_code(at(), "KAZ 090101-080101"),
            Err(LineProblem::ReversedPeriod { .. })
        ));
        assert!(matches!(parse_code(at(), "kaz"), Err(LineProblem::BadCode { .. })));
    }

    #[test]
    fn states_are_three_letters_that_are_no_sector() {
        assert!(is_state_code("KAZ"));
        assert!(is_state_code("SUN"));
        assert!(is_state_code("MUS"));
        assert!(!is_state_code("MNC"));
        assert!(!is_state_code("KAZGOV"));
    }

    #[test]
    fn specific_codes_name_one_body() {
        let is_state = |code: &str| ["USA", "KAZ", "PSE"].contains(&code);
        for specific in ["IGOWSTNAT", "IGOUNO", "PSEREBHMS", "USAASM"] {
            assert!(is_specific_code(specific, is_state), "{specific}");
        }
        for kind in ["IGOEUR", "IMGMUS", "FRAREB", "MNCUSA", "KAZ", "KAZGOVMIL"] {
            assert!(!is_specific_code(kind, is_state), "{kind}");
        }
    }

    #[test]
    fn role_titles_read_as_words() {
        assert_eq!(role_title_id(&["GOV", "MIL"]), "phx-govmil");
        assert_eq!(role_title_label(&["GOV", "MIL"]), "Government (military)");
        assert_eq!(role_title_label(&["ELI"]), "Elite");
        assert_eq!(role_title_label(&["ASM", "GOV"]), "ASM (government)");
        assert_eq!(role_title_label(&[]), "Official");
        assert_eq!(blocks("KAZGOVMIL"), Some(vec!["KAZ", "GOV", "MIL"]));
        assert_eq!(blocks("KAZG"), None);
    }
}
