//! Mentions: which words of a sentence name which actor. One automaton finds every alias,
//! adjective, metonym, description and title (leftmost-longest, word boundaries checked, case
//! rules applied); then, article by article, descriptions are resolved against what the article
//! names, titles join the person they introduce (or introduce a person nobody curated), and seats
//! of power after a preposition of place become places.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::date::PartialDate;
use crate::rules::rulebook::{Form, SurfaceIndex, SurfaceTarget};
use crate::rules::schema::ActorKind;
use crate::rules::{ActorIdx, Rulebook, TitleIdx};
use crate::words::{char_at, follows_word_char, is_word_char, past_word, starts_with_capital, word_at};

/// What a mention refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Referent {
    /// An actor of the rulebook.
    Actor(ActorIdx),
    /// A person introduced by a title in this article (see [`ArticleMentions::discovered`]).
    Discovered(u32),
}

impl Referent {
    /// Whether the mention names a person: a curated person, or anyone a title introduced.
    pub fn is_person(self, rules: &Rulebook) -> bool {
        match self {
            Referent::Actor(a) => rules.actors[a as usize].kind == ActorKind::Person,
            Referent::Discovered(_) => true,
        }
    }
}

/// A span of an article that names an actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub referent: Referent,
    pub form: Form,
    /// The office a title in the mention gives its person ("Defense Minister Akhmetov").
    pub office: Option<OfficeMention>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeMention {
    pub title: TitleIdx,
    /// The state or organisation the text names for the office ("Kazakh", "Turkmenistan's").
    pub of: Option<Referent>,
}

/// A person nobody curated, introduced by a title ("Ukrainian Foreign Minister Volodymyr Ohryzko").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveredPerson {
    pub name: String,
    pub title: TitleIdx,
    pub affiliation: Option<Referent>,
}

/// The mentions of every sentence of one article.
#[derive(Debug, Clone, Default)]
pub struct ArticleMentions {
    pub per_sentence: Vec<Vec<Mention>>,
    pub discovered: Vec<DiscoveredPerson>,
}

/// What the automaton found, before the article is known as a whole.
#[derive(Debug, Clone)]
enum Found {
    Actor {
        actor: ActorIdx,
        form: Form,
    },
    /// A description that may point to any of these actors.
    Description(Vec<ActorIdx>),
    Title(TitleIdx),
}

#[derive(Debug, Clone)]
struct Raw {
    start: usize,
    end: usize,
    found: Found,
}

/// Words after which a seat of power is a place, not an actor ("talks in Moscow").
/// ("at" is left out: "angry at Moscow", "hit out at Tehran".)
const PLACE_PREPOSITIONS: [&str; 10] = [
    "in",
    "near",
    "outside",
    "inside",
    "into",
    "across",
    "throughout",
    "around",
    "via",
    "within",
];

/// Capitalised words that can form a person's name after a title.
/// A person's name: capitalised words and name particles ("Bashar al-Assad", "Jaap de Hoop
/// Scheffer"), ending in a capitalised word that is not an acronym, maybe with a regnal number.
const PERSON_NAME: &str = r"(?:(?:\p{Lu}[\p{L}'’.-]*|(?:al|el|bin|ibn|de|da|di|du|del|della|van|von|der|den|la|le|ter|ben|abu|dos|das))[ \t-]+){0,4}\p{Lu}[\p{Ll}'’-][\p{L}'’-]*(?:[ \t]+[IVX]{1,4}\b)?";
static NAME_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^,?[ \t]+({PERSON_NAME})")).expect("valid regex"));
/// A name and a comma just before a title in apposition ("Marat Tazhin, Kazakhstan's ...").
static NAME_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?:^|[^\p{{L}}])({PERSON_NAME}),[ \t]+(?:the[ \t]+)?$")).expect("valid regex")
});
/// The name [`NAME_AFTER`] finds at the start of `after`. The name is the match without its
/// leading comma and blanks (a name starts with a letter), so a plain search does: captures
/// would run a backtracker over the Unicode classes, which cost more than the rest of the
/// title's work.
fn name_after(after: &str) -> Option<Range<usize>> {
    let found = NAME_AFTER.find(after)?;
    let matched = found.as_str();
    let name = matched
        .strip_prefix(',')
        .unwrap_or(matched)
        .trim_start_matches([' ', '\t']);
    Some(found.end() - name.len()..found.end())
}

/// The name [`NAME_BEFORE`] finds at the end of `before`: the match without the character
/// before the name (when the match has one: it is not a letter, and a name starts with one)
/// and without the comma after it and what follows (a name holds no comma).
fn name_before(before: &str) -> Option<Range<usize>> {
    let found = NAME_BEFORE.find(before)?;
    let matched = found.as_str();
    let start = if STARTS_WITH_LETTER.is_match(matched) {
        0
    } else {
        matched.chars().next()?.len_utf8()
    };
    let end = matched.rfind(',')?;
    Some(found.start() + start..found.start() + end)
}

static STARTS_WITH_LETTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{L}").expect("valid regex"));
/// Words before a title that say the office is not held now ("former President", "the late").
const PAST_OFFICE: [&str; 11] = [
    "former",
    "ex",
    "late",
    "then",
    "outgoing",
    "erstwhile",
    "previous",
    "onetime",
    "one-time",
    "deposed",
    "ousted",
];

/// Finds and resolves the mentions of every sentence of an article.
pub fn find_mentions(
    rules: &Rulebook,
    text: &str,
    sentences: &[Range<usize>],
    article_date: Option<PartialDate>,
) -> ArticleMentions {
    let mut raw: Vec<Vec<Raw>> = sentences
        .iter()
        .map(|s| find_surfaces(rules, text, s.clone()))
        .collect();

    // Dated patterns name an event in articles of its time; other descriptions apply only to
    // actors the article names (by name, or by a dated pattern).
    if !rules.description_patterns.is_empty() {
        // Which patterns apply is decided once per article, not per sentence (it took date
        // arithmetic for every sentence), and sentences are not visited when none applies.
        let in_time: Vec<bool> = rules
            .description_patterns
            .iter()
            .map(|d| {
                d.dated
                    && rules.actors[d.actor as usize]
                        .period
                        .is_some_and(|p| within_reporting_window(&p, article_date))
            })
            .collect();
        if in_time.contains(&true) {
            for (sentence, found) in sentences.iter().zip(raw.iter_mut()) {
                add_description_patterns(rules, text, sentence.clone(), found, &in_time);
            }
        }
    }
    let named = named_actors(&raw);
    // A group ("the two rebel regions") counts as named when one of its members is.
    let eligible = |actor: ActorIdx| {
        named.contains(&actor)
            || rules.actors[actor as usize]
                .stands_for
                .iter()
                .any(|m| named.contains(m))
    };
    if !rules.description_patterns.is_empty() {
        let applies: Vec<bool> = rules
            .description_patterns
            .iter()
            .map(|d| !d.dated && eligible(d.actor))
            .collect();
        if applies.contains(&true) {
            for (sentence, found) in sentences.iter().zip(raw.iter_mut()) {
                add_description_patterns(rules, text, sentence.clone(), found, &applies);
            }
        }
    }
    let order: Vec<(usize, ActorIdx)> = raw
        .iter()
        .flatten()
        .filter_map(|r| match r.found {
            Found::Actor { actor, form } if form != Form::Description => Some((r.start, actor)),
            _ => None,
        })
        .collect();

    let mut mentions = ArticleMentions::default();
    for (found, sentence) in raw.into_iter().zip(sentences) {
        let resolved: Vec<Resolved> = found
            .into_iter()
            .filter_map(|r| {
                let kind = match r.found {
                    Found::Actor { actor, form } => ResolvedKind::Actor(Referent::Actor(actor), form),
                    Found::Title(title) => ResolvedKind::Title(title),
                    Found::Description(candidates) => {
                        let actor = choose_description(&candidates, r.start, &order, &eligible)?;
                        ResolvedKind::Actor(Referent::Actor(actor), Form::Description)
                    }
                };
                Some(Resolved {
                    start: r.start,
                    end: r.end,
                    kind,
                })
            })
            .collect();
        let sentence_mentions = join_titles(rules, text, sentence.clone(), resolved, &mut mentions.discovered);
        mentions.per_sentence.push(sentence_mentions);
    }
    add_surname_mentions(text, sentences, &mut mentions);
    add_pronoun_mentions(rules, text, sentences, &mut mentions);
    for sentence_mentions in &mut mentions.per_sentence {
        mark_places(rules, text, sentence_mentions);
    }
    mentions
}

/// Every surface form the automaton finds in one sentence, with case and boundaries checked.
fn find_surfaces(rules: &Rulebook, text: &str, range: Range<usize>) -> Vec<Raw> {
    let index = &rules.surfaces;
    let automaton = &index.automaton;
    let mut found = Vec::new();
    // Forms are looked for only where a word may start: after a character that is not
    // alphanumeric. The rest of a word is skipped.
    let mut at = range.start;
    if follows_word_char(text, at) {
        at = past_word(text, at, range.end);
    }
    while at < range.end {
        let (word_char, width) = char_at(text, at);
        // Where the next word may start if no form starts here.
        let next;
        let may_start_form = if word_char {
            // A form that starts here must start with this word (it ends at a word boundary),
            // so a word no form starts with is passed over without stepping the automaton. So is
            // a word without a capital that only forms asking for one start with.
            let word = word_at(text, at, range.end);
            next = word.next;
            automaton.may_start_with_word(word.key, starts_with_capital(text, at))
        } else {
            next = at + width;
            automaton.may_start_with(text.as_bytes()[at])
        };
        if may_start_form
            && let Some((end, found_kind)) = surface_at(index, text, at, range.end)
            && !names_a_relative(rules, text, at, end, &found_kind)
        {
            found.push(Raw {
                start: at,
                end,
                found: found_kind,
            });
            at = end;
            if follows_word_char(text, at) {
                at = past_word(text, at, range.end);
            }
            continue;
        }
        at = next;
    }
    found
}

/// Whether a person's lone surname follows another first name: "Hunter Biden" and "Michelle
/// Obama" are not the curated Biden and Obama. A first name that opens like one of the person's
/// own ("Dmitri Medvedev" for "Dmitry Medvedev") still names them, and a person known only by
/// the surname cannot be told apart, so is kept.
fn names_a_relative(rules: &Rulebook, text: &str, start: usize, end: usize, found: &Found) -> bool {
    let Found::Actor {
        actor,
        form: Form::Name,
    } = *found
    else {
        return false;
    };
    let actor = &rules.actors[actor as usize];
    if actor.kind != ActorKind::Person || text[start..end].contains(' ') {
        return false;
    }
    let Some(before) = text[..start].strip_suffix(' ') else {
        return false;
    };
    let first_name = &before[before.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| i + 1)..];
    if first_name.chars().count() < 2
        || !first_name.starts_with(|c: char| c.is_uppercase())
        || rules.name_stopwords.contains(&first_name.to_lowercase())
    {
        return false;
    }
    let prefix = |word: &str| word.chars().take(3).collect::<String>().to_lowercase();
    let own_first_names: Vec<String> = actor
        .aliases
        .iter()
        .filter_map(|alias| alias.split_once(' ').map(|(first, _)| prefix(first)))
        .collect();
    !own_first_names.is_empty() && !own_first_names.contains(&prefix(first_name))
}

/// The form that starts at `start` (a word start) and fits the text: its end and what it names.
fn surface_at(index: &SurfaceIndex, text: &str, start: usize, limit: usize) -> Option<(usize, Found)> {
    let (end, pattern) = index.automaton.longest_at(text.as_bytes(), start, limit)?;
    fit_form(index, text, start, end, pattern)
}

/// The form found at `start..end` (automaton pattern `pattern`), or a shorter one starting there,
/// if the text fits it (word boundaries, case): its end and what it names.
fn fit_form(index: &SurfaceIndex, text: &str, start: usize, end: usize, pattern: usize) -> Option<(usize, Found)> {
    let accept = |end: usize, pattern: usize| {
        at_word_boundary(text, start, end)
            .then(|| choose_entry(&index.entries[pattern], &text[start..end]))
            .flatten()
    };
    // The longest form first; if the text rejects it ("Turkish Cypriots" for "Turkish
    // Cypriot"), a shorter form starting at the same place ("Turkish") may still fit.
    accept(end, pattern).map(|f| (end, f)).or_else(|| {
        shorter_ends(text, start, end).find_map(|end| {
            let pattern = *index.pattern_of.get(&text[start..end].to_lowercase())?;
            accept(end, pattern as usize).map(|f| (end, f))
        })
    })
}

/// Ends of shorter forms inside `start..end`: positions before a non-word character, longest
/// first.
fn shorter_ends(text: &str, start: usize, end: usize) -> impl Iterator<Item = usize> + '_ {
    text[start..end]
        .char_indices()
        .rev()
        .filter(|(_, c)| !c.is_alphanumeric())
        .map(move |(i, _)| start + i)
        .filter(move |&e| e > start)
}

/// What a matched form names: only the entries of the highest priority count (a curated title
/// "Secretary of State" outranks an imported actor of the same name); among them a name beats a
/// description, and a description beats a title.
fn choose_entry(entries: &[crate::rules::rulebook::SurfaceEntry], matched: &str) -> Option<Found> {
    // Each entry's case is checked once (most forms have one entry).
    let accepted: Vec<&crate::rules::rulebook::SurfaceEntry> = entries
        .iter()
        .filter(|e| e.case.accepts(&e.spelling, matched))
        .collect();
    let top = accepted.iter().map(|e| e.priority).max()?;
    let accepted = accepted.into_iter().filter(|e| e.priority == top);
    let mut descriptions = Vec::new();
    let mut title = None;
    for entry in accepted {
        match entry.target {
            SurfaceTarget::Actor {
                actor,
                form: Form::Description,
            } => descriptions.push(actor),
            SurfaceTarget::Actor { actor, form } => return Some(Found::Actor { actor, form }),
            SurfaceTarget::Title(t) => title = title.or(Some(t)),
        }
    }
    if !descriptions.is_empty() {
        return Some(Found::Description(descriptions));
    }
    title.map(Found::Title)
}

fn at_word_boundary(text: &str, start: usize, end: usize) -> bool {
    !follows_word_char(text, start) && !text[end..].chars().next().is_some_and(is_word_char)
}

/// Actors the article names: by a name, adjective or seat of power, or by a dated pattern.
fn named_actors(raw: &[Vec<Raw>]) -> HashSet<ActorIdx> {
    raw.iter()
        .flatten()
        .filter_map(|r| match r.found {
            Found::Actor { actor, .. } => Some(actor),
            _ => None,
        })
        .collect()
}

/// Whether an article of this date may speak of an event of this period without naming it:
/// from half a year before it starts to a year after it ends.
fn within_reporting_window(period: &crate::date::Period, date: Option<PartialDate>) -> bool {
    let Some(date) = date else { return false };
    let starts = period.from.map(|f| {
        f.first_day()
            .checked_sub(jiff::Span::new().months(6))
            .unwrap_or(f.first_day())
    });
    let ends = period.to.map(|t| {
        t.last_day()
            .checked_add(jiff::Span::new().months(12))
            .unwrap_or(t.last_day())
    });
    starts.is_none_or(|s| s <= date.last_day()) && ends.is_none_or(|e| e >= date.first_day())
}

/// Runs the regex descriptions that apply (`applies`, by index into the rulebook's description
/// patterns); a match replaces the mentions it covers.
fn add_description_patterns(
    rules: &Rulebook,
    text: &str,
    sentence: Range<usize>,
    found: &mut Vec<Raw>,
    applies: &[bool],
) {
    let body = &text[sentence.clone()];
    for (description, _) in rules.description_patterns.iter().zip(applies).filter(|(_, a)| **a) {
        for m in description.regex.find_iter(body) {
            let (start, end) = (sentence.start + m.start(), sentence.start + m.end());
            if m.is_empty() || !at_word_boundary(text, start, end) {
                continue;
            }
            // Keep the longest: skip if an existing mention already covers more of this span.
            if found
                .iter()
                .any(|r| r.start <= start && r.end >= end && (r.end - r.start) > (end - start))
            {
                continue;
            }
            found.retain(|r| r.end <= start || r.start >= end);
            found.push(Raw {
                start,
                end,
                found: Found::Actor {
                    actor: description.actor,
                    form: Form::Description,
                },
            });
        }
    }
    found.sort_by_key(|r| r.start);
}

/// The actor a description points to: the one named last before it, else the next one named.
fn choose_description(
    candidates: &[ActorIdx],
    at: usize,
    order: &[(usize, ActorIdx)],
    eligible: &dyn Fn(ActorIdx) -> bool,
) -> Option<ActorIdx> {
    let eligible_candidates: Vec<ActorIdx> = candidates.iter().copied().filter(|&a| eligible(a)).collect();
    match eligible_candidates.as_slice() {
        [] => None,
        [only] => Some(*only),
        several => order
            .iter()
            .rev()
            .find(|(start, a)| *start < at && several.contains(a))
            .or_else(|| order.iter().find(|(start, a)| *start > at && several.contains(a)))
            .map(|(_, a)| *a)
            .or(Some(several[0])),
    }
}

#[derive(Debug, Clone)]
struct Resolved {
    start: usize,
    end: usize,
    kind: ResolvedKind,
}

#[derive(Debug, Clone, Copy)]
enum ResolvedKind {
    Actor(Referent, Form),
    Title(TitleIdx),
}

/// Joins each title with the person it introduces and the state it names, so that
/// "Kazakh Defense Minister Daniyal Akhmetov" is one mention of Akhmetov with an office.
fn join_titles(
    rules: &Rulebook,
    text: &str,
    sentence: Range<usize>,
    resolved: Vec<Resolved>,
    discovered: &mut Vec<DiscoveredPerson>,
) -> Vec<Mention> {
    let is_person = |r: &Resolved| matches!(r.kind, ResolvedKind::Actor(Referent::Actor(a), Form::Name) if rules.actors[a as usize].kind == ActorKind::Person);
    // Right after a title, a named actor of no particular kind is a person: imported dictionaries
    // list many people without a dated office, and so without a kind ("Narendra Modi").
    let is_titled_person = |r: &Resolved| {
        is_person(r)
            || matches!(r.kind, ResolvedKind::Actor(Referent::Actor(a), Form::Name) if rules.actors[a as usize].kind == ActorKind::Other)
    };
    let mut consumed = vec![false; resolved.len()];
    let mut joined: Vec<Mention> = Vec::new();
    for (i, item) in resolved.iter().enumerate() {
        let ResolvedKind::Title(title) = item.kind else {
            continue;
        };
        // The state before the title: "Kazakh Defense Minister", "Kazakhstan's Defense Minister".
        let mut start = item.start;
        let mut of = None;
        let mut of_index = None;
        if i > 0 && !consumed[i - 1] {
            if let ResolvedKind::Actor(referent, form) = resolved[i - 1].kind {
                let gap = &text[resolved[i - 1].end..item.start];
                let adjective = form == Form::Adjective && gap.trim().is_empty() && !gap.is_empty();
                let possessive = matches!(form, Form::Name | Form::Metonym) && is_possessive_gap(gap);
                // "U.S. State Secretary", "NATO Secretary General": a name used as a modifier.
                let attributive = form == Form::Name && gap.trim().is_empty() && !gap.is_empty();
                if (adjective || possessive || attributive) && !is_person(&resolved[i - 1]) {
                    of = Some(referent);
                    of_index = Some(i - 1);
                    start = resolved[i - 1].start;
                }
            }
        }
        // "the Defense Minister of Kazakhstan, ..." names the state after the title.
        let mut next = i + 1;
        let mut end = item.end;
        if of.is_none() && next < resolved.len() {
            if let ResolvedKind::Actor(referent, Form::Name) = resolved[next].kind {
                let gap = &text[item.end..resolved[next].start];
                if is_of_gap(gap) && !is_person(&resolved[next]) {
                    of = Some(referent);
                    of_index = Some(next);
                    end = resolved[next].end;
                    next += 1;
                }
            }
        }
        // "ambassador to the UN, Aksoltan Ataeva": the posting belongs to the title phrase.
        let mut posted_to = None;
        if next < resolved.len() && !is_person(&resolved[next]) {
            if let ResolvedKind::Actor(_, Form::Name | Form::Metonym) = resolved[next].kind {
                if is_posting_gap(&text[end..resolved[next].start]) && text[resolved[next].end..].starts_with(',') {
                    posted_to = Some(next);
                    end = resolved[next].end;
                    next += 1;
                }
            }
        }
        // "former President", "the late King": the person joins the title, but holds no office.
        let office = (!is_past_office(text, sentence.start, start)).then_some(OfficeMention { title, of });
        // A curated person right after the title: "Defense Minister Danial Akhmetov".
        if next < resolved.len() && is_titled_person(&resolved[next]) && is_name_gap(&text[end..resolved[next].start]) {
            let ResolvedKind::Actor(referent, _) = resolved[next].kind else {
                unreachable!()
            };
            mark_consumed(&mut consumed, &[Some(i), Some(next), of_index, posted_to]);
            let end = if posted_to.is_some() {
                include_trailing_comma(text, resolved[next].end)
            } else {
                resolved[next].end
            };
            joined.push(Mention {
                start,
                end,
                referent,
                form: Form::Name,
                office,
            });
            continue;
        }
        // A curated person just before, in apposition: "Akhmetov, the Defense Minister". "Before"
        // is before the whole office: the state when it precedes the title, else the title
        // itself (a state after it, "the governor of Puerto Rico", is not where the office
        // starts; taking it made the name search below slice backwards and panic).
        let before = of_index.filter(|&o| o < i).unwrap_or(i);
        // A name right after the title, with no comma between, holds it: in "Nancy Pelosi,
        // United States President Donald Trump" the president is Trump, not Pelosi.
        let limit = resolved.get(next).map_or(sentence.end, |r| r.start.min(sentence.end));
        let name_after =
            name_after(&text[end..limit]).filter(|n| is_plausible_name(rules, &text[end..limit][n.clone()]));
        let holder_follows = name_after
            .as_ref()
            .is_some_and(|n| !text[end..end + n.start].contains(','));
        if !holder_follows && before > 0 && !consumed[before - 1] && is_person(&resolved[before - 1]) {
            let gap = &text[resolved[before - 1].end..resolved[before].start];
            if is_apposition_gap(gap) {
                let ResolvedKind::Actor(referent, _) = resolved[before - 1].kind else {
                    unreachable!()
                };
                mark_consumed(&mut consumed, &[Some(before - 1), Some(i), of_index, posted_to]);
                let end = include_trailing_comma(text, end);
                joined.push(Mention {
                    start: resolved[before - 1].start,
                    end,
                    referent,
                    form: Form::Name,
                    office,
                });
                continue;
            }
        }
        // Nobody curated: the capitalised name after the title, or before it in apposition.
        if let Some(name) = name_after {
            let mut name_range = end + name.start..end + name.end;
            // "Angela Merkel's spokesperson": the possessive stays outside the mention.
            for possessive in ["'s", "\u{2019}s"] {
                if text[name_range.clone()].ends_with(possessive) {
                    name_range.end -= possessive.len();
                }
            }
            let referent = discover(discovered, &text[name_range.clone()], title, office.and(of));
            mark_consumed(&mut consumed, &[Some(i), of_index, posted_to]);
            let end = if posted_to.is_some() {
                include_trailing_comma(text, name_range.end)
            } else {
                name_range.end
            };
            joined.push(Mention {
                start,
                end,
                referent,
                form: Form::Name,
                office,
            });
            continue;
        }
        let earliest = if before > 0 {
            resolved[before - 1].end
        } else {
            sentence_floor(text, start).max(sentence.start)
        };
        let name_before = (earliest <= start)
            .then(|| name_before(&text[earliest..start]))
            .flatten();
        if let Some(name) = name_before.filter(|n| is_plausible_name(rules, &text[earliest..start][n.clone()])) {
            let name_start = earliest + name.start;
            let name_text = text[name_start..earliest + name.end].to_string();
            let referent = discover(discovered, &name_text, title, office.and(of));
            mark_consumed(&mut consumed, &[Some(i), of_index, posted_to]);
            let end = include_trailing_comma(text, end);
            joined.push(Mention {
                start: name_start,
                end,
                referent,
                form: Form::Name,
                office,
            });
        }
    }
    let mut mentions: Vec<Mention> = resolved
        .iter()
        .zip(&consumed)
        .filter(|(_, used)| !**used)
        .filter_map(|(r, _)| match r.kind {
            ResolvedKind::Actor(referent, form) => Some(Mention {
                start: r.start,
                end: r.end,
                referent,
                form,
                office: None,
            }),
            ResolvedKind::Title(_) => None,
        })
        .collect();
    mentions.extend(joined);
    mentions.sort_by_key(|m| (m.start, m.end));
    // A joined mention swallows anything inside it (an apposition's words).
    let mut kept: Vec<Mention> = Vec::with_capacity(mentions.len());
    for mention in mentions {
        match kept.last() {
            Some(last) if mention.start < last.end => {
                if mention.end - mention.start > last.end - last.start {
                    kept.pop();
                    kept.push(mention);
                }
            }
            _ => kept.push(mention),
        }
    }
    kept
}

/// A person's name holds no institutional word ("Assembly", "Staff") and no month or weekday.
fn is_plausible_name(rules: &Rulebook, name: &str) -> bool {
    name.split_whitespace().all(|word| {
        let bare: String = word.chars().filter(|c| c.is_alphabetic() || *c == '-').collect();
        !rules.name_stopwords.contains(&bare.to_lowercase())
    })
}

fn mark_consumed(consumed: &mut [bool], indices: &[Option<usize>]) {
    for index in indices.iter().flatten() {
        consumed[*index] = true;
    }
}

fn is_possessive_gap(gap: &str) -> bool {
    matches!(gap.trim_end(), "'s" | "’s" | "'" | "’") && gap.len() > gap.trim_end().len()
}

fn is_of_gap(gap: &str) -> bool {
    let words: Vec<&str> = gap.split_whitespace().collect();
    matches!(words.as_slice(), ["of"] | ["of", "the"])
}

/// "to the", "at", "in": the posting of an envoy or ambassador.
fn is_posting_gap(gap: &str) -> bool {
    let words: Vec<&str> = gap.split_whitespace().collect();
    matches!(
        words.as_slice(),
        ["to" | "at" | "in" | "for" | "with"] | ["to" | "at" | "in" | "for" | "with", "the"]
    )
}

fn is_name_gap(gap: &str) -> bool {
    gap.trim().is_empty() || gap.trim() == ","
}

fn is_apposition_gap(gap: &str) -> bool {
    let words: Vec<&str> = gap.split_whitespace().collect();
    matches!(words.as_slice(), [","] | [",", "the"] | [",", "a"])
}

/// Apposition ends with a comma ("Akhmetov, the Defense Minister, said"); the mention takes it.
fn include_trailing_comma(text: &str, end: usize) -> usize {
    if text[end..].starts_with(',') { end + 1 } else { end }
}

/// Where the sentence holding `at` begins, as far as a name search should look back.
fn sentence_floor(text: &str, at: usize) -> usize {
    let window = at.saturating_sub(80);
    let mut floor = window;
    while floor > 0 && !text.is_char_boundary(floor) {
        floor -= 1;
    }
    floor
}

/// Whether the words just before a title say the office is no longer held.
fn is_past_office(text: &str, floor: usize, title_start: usize) -> bool {
    let before = text[floor..title_start].trim_end().trim_end_matches('-');
    let word = before
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '-'))
        .next()
        .unwrap_or("");
    PAST_OFFICE.iter().any(|p| p.eq_ignore_ascii_case(word))
}

/// The referent for a person nobody curated, one per name within the article.
///
/// A surname alone ("President Trump") is the person already introduced by a full name that
/// ends with it ("President Donald Trump"), and a full name is the person a lone surname
/// introduced, who takes the full name: within one article they are one person, not two nodes.
/// Two full names sharing the surname make the lone surname ambiguous, and it stays apart.
fn discover(discovered: &mut Vec<DiscoveredPerson>, name: &str, title: TitleIdx, of: Option<Referent>) -> Referent {
    // "Angela Merkel's spokesperson": the possessive is not part of the name.
    let name = name.trim_end_matches("'s").trim_end_matches("\u{2019}s");
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(index) = discovered.iter().position(|d| d.name == name) {
        return Referent::Discovered(index as u32);
    }
    let surname_of = |full: &str| full.rsplit(' ').next().map(str::to_string);
    let only = |found: Vec<usize>| (found.len() == 1).then(|| found[0]);
    if !name.contains(' ') {
        let full_names = discovered
            .iter()
            .enumerate()
            .filter(|(_, d)| d.name.contains(' ') && surname_of(&d.name).as_deref() == Some(name.as_str()))
            .map(|(i, _)| i)
            .collect();
        if let Some(index) = only(full_names) {
            return Referent::Discovered(index as u32);
        }
    } else if let Some(surname) = surname_of(&name) {
        let lone = discovered
            .iter()
            .enumerate()
            .filter(|(_, d)| d.name == surname)
            .map(|(i, _)| i)
            .collect();
        let other_full_names = discovered
            .iter()
            .any(|d| d.name.contains(' ') && surname_of(&d.name).as_deref() == Some(surname.as_str()));
        if let (Some(index), false) = (only(lone), other_full_names) {
            discovered[index].name = name;
            return Referent::Discovered(index as u32);
        }
    }
    discovered.push(DiscoveredPerson {
        name,
        title,
        affiliation: of,
    });
    Referent::Discovered(discovered.len() as u32 - 1)
}

/// After a person is introduced, a bare surname refers to them ("... Kalyev said").
fn add_surname_mentions(text: &str, sentences: &[Range<usize>], mentions: &mut ArticleMentions) {
    for (index, person) in mentions.discovered.iter().enumerate() {
        let Some(surname) = person.name.split_whitespace().last() else {
            continue;
        };
        let referent = Referent::Discovered(index as u32);
        let introduced_at = mentions
            .per_sentence
            .iter()
            .flatten()
            .filter(|m| m.referent == referent)
            .map(|m| m.end)
            .min()
            .unwrap_or(0);
        // One search over the article, not one per sentence: most sentences hold no surname, and
        // setting up a search for each cost more than running it. (A surname holds no space, so
        // no match can span two sentences.)
        let (Some(first), Some(last)) = (sentences.first(), sentences.last()) else {
            continue;
        };
        let mut touched = Vec::new();
        for at in memchr::memmem::find_iter(&text.as_bytes()[first.start..last.end], surname.as_bytes()) {
            let (start, end) = (first.start + at, first.start + at + surname.len());
            let sentence = sentences.partition_point(|s| s.end < end);
            if sentences.get(sentence).is_none_or(|s| start < s.start) {
                continue;
            }
            if start < introduced_at || !at_word_boundary(text, start, end) {
                continue;
            }
            let found = &mut mentions.per_sentence[sentence];
            if found.iter().any(|m| m.start < end && start < m.end) {
                continue;
            }
            found.push(Mention {
                start,
                end,
                referent,
                form: Form::Name,
                office: None,
            });
            touched.push(sentence);
        }
        touched.dedup();
        for sentence in touched {
            mentions.per_sentence[sentence].sort_by_key(|m| (m.start, m.end));
        }
    }
}

/// A sentence that opens with "He", "His", "She" or "Her" speaks of the one person the sentence
/// before named, if it named exactly one.
fn add_pronoun_mentions(rules: &Rulebook, text: &str, sentences: &[Range<usize>], mentions: &mut ArticleMentions) {
    for (index, sentence) in sentences.iter().enumerate().skip(1) {
        let body = &text[sentence.clone()];
        let word_end = body.find(|c: char| !c.is_alphabetic()).unwrap_or(body.len());
        let pronoun = &body[..word_end];
        if !matches!(pronoun, "He" | "His" | "She" | "Her") {
            continue;
        }
        let masculine = matches!(pronoun, "He" | "His");
        let mut persons: Vec<Referent> = mentions.per_sentence[index - 1]
            .iter()
            .map(|m| m.referent)
            .filter(|r| r.is_person(rules))
            .collect();
        persons.dedup();
        let [person] = persons.as_slice() else { continue };
        // "He" is not the queen the sentence before named, nor "She" the king.
        if person_gender(rules, mentions, *person).is_some_and(|feminine| feminine == masculine) {
            continue;
        }
        let found = &mut mentions.per_sentence[index];
        if found.first().is_some_and(|m| m.start < sentence.start + word_end) {
            continue;
        }
        found.insert(
            0,
            Mention {
                start: sentence.start,
                end: sentence.start + word_end,
                referent: *person,
                form: Form::Description,
                office: None,
            },
        );
    }
}

/// Whether a person is known to be a woman (`Some(true)`) or a man (`Some(false)`): only from a
/// title that says it ("Queen Elizabeth II", "Mrs Thatcher", "King Abdullah"). Most names say
/// nothing the rules know, and then nothing is assumed.
fn person_gender(rules: &Rulebook, mentions: &ArticleMentions, person: Referent) -> Option<bool> {
    let words: Vec<&str> = match person {
        Referent::Actor(a) => rules.actors[a as usize].label.split_whitespace().take(1).collect(),
        Referent::Discovered(d) => {
            let title = &rules.titles[mentions.discovered[d as usize].title as usize].label;
            title.split_whitespace().collect()
        }
    };
    words
        .iter()
        .find_map(|word| match word.trim_end_matches('.').to_lowercase().as_str() {
            "queen" | "princess" | "mrs" | "ms" | "madam" | "madame" | "lady" | "duchess" | "empress" | "baroness"
            | "countess" | "congresswoman" | "chairwoman" | "spokeswoman" | "businesswoman" => Some(true),
            "king" | "prince" | "mr" | "lord" | "duke" | "emperor" | "baron" | "count" | "sheikh" | "congressman"
            | "chairman" | "spokesman" | "businessman" => Some(false),
            _ => None,
        })
}

/// A seat of power, or a place, after a preposition of place is where something happens, not
/// who acts: "talks in Moscow".
fn mark_places(rules: &Rulebook, text: &str, mentions: &mut [Mention]) {
    for mention in mentions {
        let Referent::Actor(actor) = mention.referent else {
            continue;
        };
        let is_place_kind = rules.actors[actor as usize].kind == ActorKind::Place;
        let may_be_a_place =
            matches!(mention.form, Form::Metonym | Form::Town) || (is_place_kind && mention.form == Form::Name);
        if !may_be_a_place {
            continue;
        }
        let before = text[..mention.start].trim_end();
        let word = before.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        if PLACE_PREPOSITIONS.iter().any(|p| p.eq_ignore_ascii_case(word)) {
            mention.form = Form::Place;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::rulebook_from_str;

    #[test]
    fn names_around_a_title_are_the_regexes_name_groups() {
        let group = |regex: &Regex, text: &str| regex.captures(text).and_then(|c| c.get(1)).map(|m| m.range());
        for after in [
            " Volodymyr Ohryzko said",
            ", Bashar al-Assad, said",
            "  Jaap de Hoop Scheffer",
            " Charles III of",
            " of Kazakhstan",
            "",
            "\tÉmilie Dupont’s plan",
        ] {
            assert_eq!(name_after(after), group(&NAME_AFTER, after), "{after:?}");
        }
        for before in [
            "Marat Tazhin, ",
            "said Marat Tazhin, the ",
            "(Marat Tazhin,\t",
            "«Émilie Dupont, ",
            "Tazhin said, ",
            "Marat Tazhin said",
            "",
        ] {
            assert_eq!(name_before(before), group(&NAME_BEFORE, before), "{before:?}");
        }
    }

    const RULES: &str = r#"(
        titles: [(id: "defense-minister", label: "Defense Minister", aliases: ["Defence Minister"]),
                 (id: "ambassador", label: "Ambassador", aliases: ["ambassador", "envoy"])],
        name_stopwords: ["Assembly"],
        actors: [
            (id: "KAZ", kind: Country, label: "Kazakhstan", aliases: ["Kazakhstan", "Kazakstan"],
             adjectives: ["Kazakh"], metonyms: ["Astana"], descriptions: ["the Central Asian state"]),
            (id: "UZB", kind: Country, label: "Uzbekistan", aliases: ["Uzbekistan"],
             descriptions: ["the Central Asian state"]),
            (id: "RUS", kind: Country, label: "Russia", aliases: ["Russia"], adjectives: ["Russian"], metonyms: ["Moscow"]),
            (id: "TUR", kind: Country, label: "Turkey", aliases: ["Turkey"], adjectives: ["Turkish"]),
            (id: "NCY", kind: Place, label: "Northern Cyprus", aliases: ["Turkish Cypriot"]),
            (id: "USA", kind: Country, label: "United States", aliases: ["US", "U.S."]),
            (id: "FRA", kind: Country, label: "France", metonyms: ["Élysée"]),
            (id: "UN", kind: Organization, label: "United Nations", aliases: ["UN"]),
            (id: "NATO", kind: Organization, label: "NATO", aliases: ["NATO"], descriptions: ["the alliance"]),
            (id: "akhmetov", kind: Person, label: "Daniyal Akhmetov", aliases: ["Daniyal Akhmetov", "Akhmetov"],
             roles: [(title: "Defense Minister", of: "KAZ", from: "2007-02", to: "2009-06")]),
        ],
    )"#;

    fn rules() -> Rulebook {
        rulebook_from_str("test.ron", RULES).expect("test rules compile")
    }

    /// (text, actor id or person name, form) of every mention, sentence by sentence.
    fn mentions(text: &str) -> Vec<(String, String, Form)> {
        let rules = rules();
        let sentences = crate::corpus::sentences::split(text, 0..text.len(), &rules.abbreviations);
        let found = find_mentions(&rules, text, &sentences, "2009-04".parse().ok());
        found
            .per_sentence
            .iter()
            .flatten()
            .map(|m| {
                let who = match m.referent {
                    Referent::Actor(a) => rules.actors[a as usize].id.clone(),
                    Referent::Discovered(d) => found.discovered[d as usize].name.clone(),
                };
                (text[m.start..m.end].to_string(), who, m.form)
            })
            .collect()
    }

    fn who(text: &str) -> Vec<String> {
        mentions(text).into_iter().map(|(_, who, _)| who).collect()
    }

    #[test]
    fn spellings_adjectives_and_metonyms_name_one_actor() {
        assert_eq!(
            who("Kazakstan, Kazakh troops and Astana agreed."),
            ["KAZ", "KAZ", "KAZ"]
        );
    }

    #[test]
    fn acronyms_need_their_case_and_words_their_boundaries() {
        assert_eq!(who("Tell us about the US."), ["USA"]);
        assert!(who("Iranian NATOs nato").is_empty());
    }

    #[test]
    fn a_seat_of_power_after_a_preposition_of_place_is_a_place() {
        let found = mentions("Moscow protested. Talks were held in Moscow.");
        assert_eq!(found[0].2, Form::Metonym);
        assert_eq!(found[1].2, Form::Place);
    }

    #[test]
    fn descriptions_point_back_only_to_actors_the_article_names() {
        assert!(who("The alliance met.").is_empty());
        assert_eq!(who("NATO met. The alliance agreed."), ["NATO", "NATO"]);
        assert_eq!(who("Uzbekistan spoke. The Central Asian state agreed."), ["UZB", "UZB"]);
    }

    #[test]
    fn a_title_joins_the_person_and_the_state_it_names() {
        let found = mentions("Kazakh Defence Minister Daniyal Akhmetov spoke.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "Kazakh Defence Minister Daniyal Akhmetov");
        assert_eq!(found[0].1, "akhmetov");
    }

    #[test]
    fn a_title_introduces_a_person_nobody_curated_and_the_surname_follows() {
        assert_eq!(
            who("Russian Defence Minister Ivan Petrov arrived. Petrov spoke."),
            ["Ivan Petrov", "Ivan Petrov"]
        );
        assert_eq!(
            who("Kazakhstan's envoy to the UN, Aksoltan Ataeva, spoke."),
            ["Aksoltan Ataeva"]
        );
        assert!(who("The General Assembly met.").is_empty());
    }

    #[test]
    fn a_title_naming_its_state_after_it_does_not_look_behind_itself() {
        assert_eq!(
            who("Yesterday, Ivan Petrov, the Defense Minister of Kazakhstan, resigned."),
            ["Ivan Petrov"]
        );
    }

    #[test]
    fn a_title_with_a_name_right_after_it_is_that_name_s_not_the_one_before_the_comma() {
        let found = mentions("They met Akhmetov, Kazakh Defense Minister Ivan Petrov and others.");
        let texts: Vec<&str> = found.iter().map(|(text, _, _)| text.as_str()).collect();
        assert_eq!(texts, ["Akhmetov", "Kazakh Defense Minister Ivan Petrov"]);
        // Without a name after it, the title still goes to the name before the comma.
        assert_eq!(
            who("They met Ivan Petrov, the Defense Minister, on Monday."),
            ["Ivan Petrov"]
        );
    }

    #[test]
    fn names_keep_their_particles_and_lose_their_possessive() {
        assert_eq!(
            who("Russian Defence Minister Bashar al-Assad spoke."),
            ["Bashar al-Assad"]
        );
        let found = mentions("Kazakh Defence Minister Ivan Petrov's visit ended.");
        assert_eq!(found[0].0, "Kazakh Defence Minister Ivan Petrov");
    }

    #[test]
    fn a_name_never_runs_into_the_next_sentence() {
        let text = "It met Kazakh Defence Minister Ivan Petrov.\nVolker resigned.";
        assert_eq!(who(text), ["Ivan Petrov"]);
    }

    #[test]
    fn a_former_office_joins_the_person_but_is_not_held() {
        let rules = rules();
        let text = "Former Kazakh Defence Minister Ivan Petrov spoke.";
        let sentences = crate::corpus::sentences::split(text, 0..text.len(), &rules.abbreviations);
        let found = find_mentions(&rules, text, &sentences, None);
        assert_eq!(found.per_sentence[0].len(), 1);
        assert!(found.per_sentence[0][0].office.is_none());
    }

    #[test]
    fn a_rejected_long_form_leaves_room_for_a_shorter_one() {
        assert_eq!(who("Turkish Cypriots voted."), ["TUR"]);
        assert_eq!(who("A Turkish Cypriot voted."), ["NCY"]);
    }

    #[test]
    fn non_ascii_capitals_match_as_spelled() {
        assert_eq!(who("The Élysée said no."), ["FRA"]);
    }

    #[test]
    fn a_sentence_opening_with_he_speaks_of_the_one_person_before() {
        let found = mentions("Akhmetov spoke in Moscow. His remarks were brief.");
        assert_eq!(found.last().map(|f| f.1.as_str()), Some("akhmetov"));
    }

    fn project_rules() -> Rulebook {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules");
        crate::rules::load_rulebook(&path).0.expect("the project rules compile")
    }

    #[test]
    fn a_title_with_its_state_after_it_and_no_name_does_not_panic() {
        // Wikinews, 2019: the state follows the title and no person is named around them.
        let rules = project_rules();
        let text = "On Friday, Ricardo Rosselló Nevares resigned as the governor of United States \
                    commonwealth of Puerto Rico.";
        let whole = 0..text.len();
        let found = find_mentions(&rules, text, std::slice::from_ref(&whole), None);
        assert!(
            found.per_sentence[0]
                .iter()
                .any(|m| &text[m.start..m.end] == "United States" || m.office.is_some())
        );
    }
}
