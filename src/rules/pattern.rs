//! The pattern language: `{source}` and `{target}` slots and `{macro}` fragments, expanded into a
//! regex that runs over a masked sentence where every actor mention is a token.
//!
//! A masked sentence reads `\x01Nc0\x02 has refused to take part in \x01Ne1\x02`: `\x01`, a form
//! letter (see [`Form::letter`](super::rulebook::Form::letter)), a kind letter (see
//! [`kind_letter`]), the mention's index, `\x02`. Slots match one token or a list of them
//! ("Latvia, Lithuania and Estonia"); `{target:event}` and the like accept one kind only.
//!
//! Groups named `(?P<skip>...)` mark clauses that say nothing of the claim (an apposition): their
//! words are not read for negation, modality or dates. Groups named `(?P<fixed>...)` hold words
//! that are part of the phrasing itself ("will not take part" is a refusal, not a negated
//! participation): they are not read for negation or modality.

use std::collections::BTreeMap;

use super::schema::ActorKind;

/// The letter that stands for an actor's kind in a masked sentence.
pub fn kind_letter(kind: ActorKind) -> char {
    match kind {
        ActorKind::Country => 'c',
        ActorKind::Organization => 'o',
        ActorKind::Person => 'p',
        ActorKind::Event => 'e',
        ActorKind::Place => 'l',
        ActorKind::Media => 'm',
        ActorKind::Other => 'x',
    }
}

/// One token of the given forms and kinds. Tokens are ours, always an upper-case form letter, a
/// lower-case kind letter and ASCII digits, so the token is matched case-sensitively and with
/// `[0-9]` rather than Unicode `\d` (the same matches on any masked sentence): that keeps the
/// case-insensitive, Unicode pattern around it several times smaller to compile and to run.
fn token(forms: &str, kinds: &str) -> String {
    format!(r"(?-i:\x01[{forms}][{kinds}][0-9]+\x02)")
}

/// Forms of a mention that acts: a town never does.
const ACTING_FORMS: &str = "NAMD";
/// Forms of a mention acted on: a town stands for its state ("bombed Poti").
const TARGET_FORMS: &str = "NAMDT";
const ANY_FORM: &str = "NAMDPT";
const ANY_KIND: &str = "copelmx";

/// The kind letters a slot qualifier accepts (`{target:event}`).
fn kinds_of(qualifier: &str) -> Option<&'static str> {
    Some(match qualifier {
        "country" | "state" => "c",
        "organization" | "organisation" => "o",
        "person" => "p",
        "event" => "e",
        "place" => "l",
        "media" => "m",
        "actor" => "cop",
        "polity" => "col",
        _ => return None,
    })
}

/// The longest regex text a pattern may expand to. Real phrasings expand to a few kilobytes, but
/// a macro that uses another several times over, nested, grows exponentially with the depth.
const EXPANDED_LIMIT: usize = 1 << 20;

/// Which slots a pattern uses once expanded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Slots {
    pub source: bool,
    pub target: bool,
    /// The target is the pronoun's antecedent ("supported its actions").
    pub antecedent: bool,
}

/// Expands macros and slots into regex syntax (case-insensitive). Errors name the problem.
pub fn expand(pattern: &str, macros: &BTreeMap<String, String>) -> Result<(String, Slots), String> {
    let mut slots = Slots::default();
    let mut out = String::from("(?i)");
    expand_into(pattern, macros, &mut slots, &mut out, 0)?;
    if !slots.source {
        return Err("the pattern has no `{source}` slot".to_string());
    }
    Ok((number_skip_groups(&out), slots))
}

/// Expands the macros of a veto (`unless_containing: "{civilian_goods}"`), which holds no slots.
pub fn expand_veto(veto: &str, macros: &BTreeMap<String, String>) -> Result<String, String> {
    let mut slots = Slots::default();
    let mut out = String::new();
    expand_into(veto, macros, &mut slots, &mut out, 0)?;
    if slots != Slots::default() {
        return Err("a veto cannot hold a `{source}` or `{target}` slot".to_string());
    }
    Ok(number_skip_groups(&out))
}

fn expand_into(
    text: &str,
    macros: &BTreeMap<String, String>,
    slots: &mut Slots,
    out: &mut String,
    depth: usize,
) -> Result<(), String> {
    if depth > 8 {
        return Err("macros nest more than 8 deep (a macro that uses itself?)".to_string());
    }
    // Checked on entering every macro, so the text stops growing about here instead of running
    // out of memory.
    if out.len() > EXPANDED_LIMIT {
        return Err(format!(
            "the pattern expands to more than {} MiB of regex (macros that use macros many times over?)",
            EXPANDED_LIMIT >> 20
        ));
    }
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let escaped = rest[..open].ends_with('\\') && !rest[..open].ends_with("\\\\");
        let Some(close_rel) = rest[open..].find('}') else {
            out.push_str(rest);
            return Ok(());
        };
        let name = &rest[open + 1..open + close_rel];
        let is_name = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '-' | '|'));
        out.push_str(&rest[..open]);
        if escaped || !is_name {
            // A regex repetition such as `{0,40}` or an escaped brace: keep as written.
            out.push('{');
            rest = &rest[open + 1..];
            continue;
        }
        let (slot, qualifier) = name.split_once(':').unwrap_or((name, ""));
        match (slot, qualifier) {
            ("source", _) | ("target", _) | ("place", "") if slot_kinds(qualifier).is_some() => {
                let kinds = slot_kinds(qualifier).unwrap_or_else(|| ANY_KIND.to_string());
                let (group, forms) = match slot {
                    "source" => ("source", ACTING_FORMS),
                    "target" => ("target", TARGET_FORMS),
                    _ => ("target", ANY_FORM),
                };
                claim_slot(
                    if group == "source" {
                        &mut slots.source
                    } else {
                        &mut slots.target
                    },
                    group,
                )?;
                out.push_str(&format!("(?P<{group}>{})", list_of(&token(forms, &kinds))));
            }
            ("target", "antecedent") => {
                claim_slot(&mut slots.target, "target")?;
                slots.antecedent = true;
                out.push_str(r"(?P<target>\b(?:its|their|it|they|them)\b)");
            }
            ("source", _) | ("target", _) | ("place", _) => {
                return Err(format!(
                    "unknown kind `{qualifier}` in `{{{name}}}`: use country, organization, person, event, place, media, actor, polity or antecedent, or several joined by `|`"
                ));
            }
            _ => match macros.get(name) {
                Some(body) => {
                    out.push_str("(?:");
                    expand_into(body, macros, slots, out, depth + 1)?;
                    out.push(')');
                }
                None => {
                    let mut known: Vec<&str> = macros.keys().map(String::as_str).collect();
                    known.extend(["source", "target", "place", "target:antecedent", "target:event"]);
                    let hint = super::diagnostic::did_you_mean(name, known)
                        .map(|h| format!(" ({h})"))
                        .unwrap_or_default();
                    return Err(format!("unknown slot or macro `{{{name}}}`{hint}"));
                }
            },
        }
        rest = &rest[open + close_rel + 1..];
    }
    out.push_str(rest);
    Ok(())
}

fn claim_slot(used: &mut bool, name: &str) -> Result<(), String> {
    if *used {
        return Err(format!("the `{{{name}}}` slot appears twice"));
    }
    *used = true;
    Ok(())
}

/// The kind letters of a slot: any kind when unqualified; `organization|event` takes either.
fn slot_kinds(qualifier: &str) -> Option<String> {
    if qualifier.is_empty() {
        return Some(ANY_KIND.to_string());
    }
    let mut letters = String::new();
    for one in qualifier.split('|') {
        for letter in kinds_of(one)?.chars() {
            if !letters.contains(letter) {
                letters.push(letter);
            }
        }
    }
    Some(letters)
}

/// One token or a list: "A", "A and B", "A, B and C", "A, the B, and the C".
fn list_of(token: &str) -> String {
    format!("{token}(?:(?:, (?:the )?{token})*,? and (?:the )?{token})?")
}

/// `skip` and `fixed` groups may occur several times in one pattern (through macros); regex
/// needs unique names, so they become skip1, skip2, fixed1, ...
fn number_skip_groups(regex: &str) -> String {
    let mut text = regex.to_string();
    for name in ["skip", "fixed"] {
        let open = format!("(?P<{name}>");
        let mut out = String::with_capacity(text.len());
        let mut counter = 0;
        let mut rest = text.as_str();
        while let Some(at) = rest.find(&open) {
            counter += 1;
            out.push_str(&rest[..at]);
            out.push_str(&format!("(?P<{name}{counter}>"));
            rest = &rest[at + open.len()..];
        }
        out.push_str(rest);
        text = out;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn macros() -> BTreeMap<String, String> {
        let mut m = BTreeMap::new();
        m.insert("aux".to_string(), "(?:(?:has|have|had) )?".to_string());
        m.insert("rel".to_string(), "(?P<skip>, which [^,]+,)?".to_string());
        m
    }

    #[test]
    fn slots_become_token_lists() {
        let (regex, slots) = expand("{source} {aux}pulled out of {target}", &macros()).unwrap();
        assert!(slots.source && slots.target && !slots.antecedent);
        let re = Regex::new(&regex).unwrap();
        let caps = re.captures("\x01Nc0\x02 has pulled out of \x01De1\x02").unwrap();
        assert_eq!(&caps["source"], "\x01Nc0\x02");
        assert_eq!(&caps["target"], "\x01De1\x02");
        let list = re
            .captures("\x01Nc0\x02, \x01Nc1\x02 and the \x01Nc2\x02 pulled out of \x01Ne3\x02")
            .unwrap();
        assert_eq!(&list["source"], "\x01Nc0\x02, \x01Nc1\x02 and the \x01Nc2\x02");
    }

    #[test]
    fn places_are_targets_only_through_the_place_slot() {
        let (acting, _) = expand("{source} visited {target}", &macros()).unwrap();
        let (visiting, _) = expand("{source} visited {place}", &macros()).unwrap();
        let sentence = "\x01Np0\x02 visited \x01Pc1\x02";
        assert!(!Regex::new(&acting).unwrap().is_match(sentence));
        assert!(Regex::new(&visiting).unwrap().is_match(sentence));
    }

    #[test]
    fn kinds_restrict_a_slot() {
        let (regex, _) = expand("{source} joined {target:organization}", &macros()).unwrap();
        let re = Regex::new(&regex).unwrap();
        assert!(re.is_match("\x01Nc0\x02 joined \x01No1\x02"));
        assert!(!re.is_match("\x01Nc0\x02 joined \x01De1\x02"));
        assert!(
            expand("{source} joined {target:planet}", &macros())
                .unwrap_err()
                .contains("unknown kind")
        );
    }

    #[test]
    fn kinds_joined_by_a_bar_take_either() {
        let (regex, _) = expand("{source} left {target:organization|event}", &macros()).unwrap();
        let re = Regex::new(&regex).unwrap();
        assert!(re.is_match("\x01Nc0\x02 left \x01No1\x02"));
        assert!(re.is_match("\x01Nc0\x02 left \x01Ne1\x02"));
        assert!(!re.is_match("\x01Nc0\x02 left \x01Nc1\x02"));
        assert!(expand("{source} left {target:organization|planet}", &macros()).is_err());
    }

    #[test]
    fn repetitions_are_kept_and_skip_groups_numbered() {
        let (regex, _) = expand("{source}{rel} said .{0,20}{rel}{target}", &macros()).unwrap();
        assert!(regex.contains(".{0,20}"));
        assert!(regex.contains("skip1") && regex.contains("skip2"));
        Regex::new(&regex).unwrap();
    }

    #[test]
    fn macros_that_multiply_stop_at_the_size_limit() {
        // Each of m0..m6 uses the next 32 times: 32^7 copies of "x", were it expanded.
        let mut macros: BTreeMap<String, String> = (0..7)
            .map(|i| (format!("m{i}"), format!("{{m{}}}", i + 1).repeat(32)))
            .collect();
        macros.insert("m7".into(), "x".into());
        let err = expand("{source} {m0} {target}", &macros).unwrap_err();
        assert!(err.contains("expands to more than 1 MiB"), "{err}");
    }

    #[test]
    fn unknown_macros_and_missing_sources_are_errors() {
        let err = expand("{source} {axu}left {target}", &macros()).unwrap_err();
        assert!(err.contains("`{axu}`") && err.contains("did you mean `aux`"), "{err}");
        assert!(
            expand("left {target}", &macros())
                .unwrap_err()
                .contains("no `{source}`")
        );
        assert!(
            expand("{source} and {source}", &macros())
                .unwrap_err()
                .contains("twice")
        );
    }
}
