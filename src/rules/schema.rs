//! The RON rule-pack schema: the types analysts write in `data/rules/**/*.ron`.
//!
//! Every struct denies unknown fields so that a typo is an error with a position, and every type
//! is plain (no flatten, no untagged enums) so that ron's positions stay right.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The options every rule file is read with: optional fields need no `Some(..)`.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// One `.ron` file: any mix of actors, titles, relations and patterns.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RulePack {
    /// Which pack wins when two claim the same alias: the higher priority. Hand-curated packs use
    /// 100 (the default); imported dictionaries use less.
    pub priority: i32,
    /// Lines dropped whole when an article holds them on their own ("Accessibility links").
    pub boilerplate: Vec<String>,
    /// Regexes for boilerplate lines ("^Publication: ").
    pub boilerplate_patterns: Vec<String>,
    /// Words ending in a full stop that do not end a sentence ("Gen.", "Jan.").
    pub abbreviations: Vec<String>,
    /// Nouns that, right after an actor, make the actor a modifier of something else ("a NATO
    /// training exercise"): such an actor is not the target of a claim.
    pub modifier_nouns: Vec<String>,
    /// Prepositions that put the actor after them inside a phrase headed by an earlier noun ("the
    /// ambassador to Kazakhstan", "talks between Russia and Georgia"): such an actor is not the
    /// subject of the verb that follows, so a claim that opens with it is not made.
    pub phrase_prepositions: Vec<String>,
    /// Words that may stand between such a preposition and its actor ("the separatists in
    /// eastern Ukraine"): the actor is still inside the phrase.
    #[serde(default)]
    pub phrase_modifiers: Vec<String>,
    /// Verbs that hand what follows them to another subject ("said Georgia had provoked the war",
    /// "accused Russia of destabilizing Georgia"): a stretch a pattern skips between its actor
    /// and its verb must not hold one, or the verb is not the actor's.
    pub reporting_verbs: Vec<String>,
    /// Verbs and auxiliaries that open a clause of their own when they follow an actor: a list
    /// of targets whose last actor is followed by one ("Russia criticized NATO and Georgia
    /// welcomed the decision") ends before that actor. Words ending in "-ed" count as well.
    #[serde(default)]
    pub clause_verbs: Vec<String>,
    /// Nouns after which an adjective still stands for its state as an actor ("Kazakh troops",
    /// "Russian officials"); after other nouns it only describes a thing ("a Russian base").
    pub agent_nouns: Vec<String>,
    /// Capitalised words that never belong to a person's name after a title ("General Assembly").
    pub name_stopwords: Vec<String>,
    /// Named regex fragments that patterns use as `{name}`.
    pub macros: BTreeMap<String, String>,
    /// Words between an actor and its verb that negate a claim ("not", "never"), as regexes.
    pub negation_cues: Vec<String>,
    /// Words of sport and the like, as regexes: a sentence holding one ("Russia beat Belgium in
    /// a Euro 2020 group match") makes no relation claims.
    pub off_topic_cues: Vec<String>,
    /// Phrases holding a negation word that do not negate ("not only"); blanked before the scan.
    pub negation_exceptions: Vec<String>,
    /// Phrases holding an intention word that describe a thing rather than a plan ("the planned
    /// deployment" in "criticized the planned deployment"); blanked before the intention scan.
    #[serde(default)]
    pub intention_exceptions: Vec<String>,
    /// Words that make a claim a possibility ("may", "could consider").
    pub possibility_cues: Vec<String>,
    /// Words that make a claim an intention ("plans to", "will").
    pub intention_cues: Vec<String>,
    /// Office titles and ranks ("Defense Minister", "Colonel").
    pub titles: Vec<TitleRule>,
    pub actors: Vec<ActorRule>,
    pub relations: Vec<RelationRule>,
    pub patterns: Vec<PatternRule>,
}

/// The kinds of node a graph holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
pub enum ActorKind {
    Country,
    Organization,
    Person,
    Event,
    Place,
    Media,
    Other,
}

impl ActorKind {
    /// The lowercase name used in the graph JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Country => "country",
            ActorKind::Organization => "organization",
            ActorKind::Person => "person",
            ActorKind::Event => "event",
            ActorKind::Place => "place",
            ActorKind::Media => "media",
            ActorKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "country" => ActorKind::Country,
            "organization" => ActorKind::Organization,
            "person" => ActorKind::Person,
            "event" => ActorKind::Event,
            "place" => ActorKind::Place,
            "media" => ActorKind::Media,
            "other" => ActorKind::Other,
            _ => return None,
        })
    }
}

/// A state, organisation, person, event, place or outlet, and every way articles name it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActorRule {
    pub id: String,
    pub kind: ActorKind,
    pub label: String,
    /// CAMEO actor code where one exists (ISO alpha-3 for states, IGOWSTNAT for NATO).
    #[serde(default)]
    pub code: Option<String>,
    /// Proper names, matched anywhere as words ("Kazakhstan", "Kazakstan").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Adjectives that stand for the actor before a noun ("Kazakh troops").
    #[serde(default)]
    pub adjectives: Vec<String>,
    /// Names of a seat of power that act for the actor ("Moscow protested"), but are only a
    /// place after a preposition of place ("talks in Moscow").
    #[serde(default)]
    pub metonyms: Vec<String>,
    /// Towns of the actor that stand for it only as what is struck, visited or fought over
    /// ("Russian jets bombed Poti"); they never act, and after a preposition of place they are a
    /// place ("talks in Poti").
    #[serde(default)]
    pub towns: Vec<String>,
    /// Phrases that point back to the actor only when the same article names it ("the alliance").
    /// Events with a `period` also take them in articles dated within it.
    #[serde(default)]
    pub descriptions: Vec<String>,
    /// Regexes with the same meaning as `descriptions`, for phrasings too varied to list.
    #[serde(default)]
    pub description_patterns: Vec<String>,
    /// Regexes specific enough to name an event without its name ("NATO exercises in Georgia"),
    /// in articles dated from half a year before its `period` to a year after.
    #[serde(default)]
    pub dated_patterns: Vec<String>,
    /// For a group ("Georgia's rebel regions"): the actors a mention of it stands for.
    #[serde(default)]
    pub stands_for: Vec<String>,
    /// For a person: offices held, with dates.
    #[serde(default)]
    pub roles: Vec<RoleRule>,
    /// For an event: when it took place or was planned to.
    #[serde(default)]
    pub period: Option<PeriodRule>,
    /// Sentences in which the actor must be found (`rules test`).
    #[serde(default)]
    pub examples: Vec<String>,
    /// Sentences in which it must not be found.
    #[serde(default)]
    pub counter_examples: Vec<String>,
}

/// An office held by a person for a state or organisation.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoleRule {
    /// A title id or any of its names ("Defense Minister").
    pub title: String,
    /// The actor id of the state or organisation served.
    pub of: String,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

/// A span of time with optional ends, dates as YYYY, YYYY-MM or YYYY-MM-DD.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodRule {
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
}

/// An office title or military rank, and its spellings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TitleRule {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// CAMEO agent code of the office (GOV, MIL, ...), added to the state's code in event rows.
    #[serde(default)]
    pub agent: Option<String>,
    /// Whether the title introduces a person's name ("Defense Minister Ivan Petrov"). Generic
    /// agent nouns imported from event-coding dictionaries ("Military", "Farmer") do not.
    #[serde(default = "yes")]
    pub names_people: bool,
}

fn yes() -> bool {
    true
}

/// A relation between actors, under one of the core families.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RelationRule {
    pub id: String,
    /// One of the core families (`supports`, `opposes`, ...).
    pub family: String,
    /// CAMEO event code, root (two digits) or finer.
    #[serde(default)]
    pub cameo: Option<String>,
    /// How the relation reads in a diagram ("withdraws from"); the id with spaces otherwise.
    #[serde(default)]
    pub label: Option<String>,
}

/// A phrasing that expresses a relation, with `{source}` and `{target}` slots.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PatternRule {
    pub id: String,
    pub relation: String,
    pub pattern: String,
    /// Marks every claim of this pattern negated ("refrained from recognizing").
    #[serde(default)]
    pub negated: bool,
    /// Also claims the reverse direction, and pairs up a `{source}` list when there is no
    /// `{target}` ("Kazakhstan and NATO held joint exercises").
    #[serde(default)]
    pub mutual: bool,
    /// The source speaks for its state or organisation here ("Akhmetov announced the country's
    /// refusal"): a person source is replaced by the state it acts for.
    #[serde(default)]
    pub acts_for: bool,
    /// The phrasing names a state of affairs ("the Iran-Iraq war"), which a text may mention
    /// long after it: a claim takes its date from the sentence, never from the article.
    #[serde(default)]
    pub dated_by_sentence: bool,
    /// A regex for words right before a match that undo it: the "gas" of "a gas war between
    /// Russia and Ukraine". Matched case-insensitively against the end of the text before the
    /// match (mentions are tokens there).
    #[serde(default)]
    pub unless_preceded_by: Option<String>,
    /// A regex for words right after a match that undo it: the " in condemning" of "Georgia
    /// joined NATO in condemning the attack". Matched case-insensitively against the start of
    /// the text after the match.
    #[serde(default)]
    pub unless_followed_by: Option<String>,
    /// A regex for words inside a match that undo it: the "propaganda" of "waged a propaganda
    /// war against Ukraine", where the pattern allows any word before "war". Searched
    /// case-insensitively anywhere in the matched text (mentions are tokens there).
    #[serde(default)]
    pub unless_containing: Option<String>,
    /// Sentences it must match; `"... => SRC TGT"` also pins the actors, `"=> not SRC TGT"` the
    /// negation.
    #[serde(default)]
    pub examples: Vec<String>,
    /// Sentences it must not match.
    #[serde(default)]
    pub counter_examples: Vec<String>,
}
