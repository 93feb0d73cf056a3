//! From dictionary entries to rule packs: which entry is which kind of actor, which id it gets,
//! which state or organisation each dated code makes a person serve, and the titles those roles
//! need.
//!
//! The files are converted together because they point at each other: a person in the countries
//! file serves NATO (`[IGOWSTNAT 061207-090702]`), which the international file defines; a UN
//! official in the international file also served Korea (`[KORGOV ...]`).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use crate::rules::schema::{ActorKind, ActorRule, RoleRule, RulePack, TitleRule};

use super::actors::{ActorDictionary, ActorEntry};
use super::agents::{AgentDictionary, AgentEntry};
use super::codes::{self, CodeSpec, Validity};
use super::names::{Phrase, aliases_of, initials_of, slug, title_case};
use super::problem::LineProblem;

/// The priority of every generated pack: hand-curated packs (100) win on ids and aliases.
pub const IMPORTED_PRIORITY: i32 = 10;

/// A dictionary that has been read, ready to convert.
#[derive(Debug)]
pub struct ReadDictionary {
    pub path: PathBuf,
    pub contents: Contents,
}

#[derive(Debug)]
pub enum Contents {
    Actors(ActorDictionary),
    Agents(AgentDictionary),
}

/// Counts for one converted file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileStats {
    pub entries: usize,
    pub actors_by_kind: BTreeMap<&'static str, usize>,
    pub aliases: usize,
    pub roles: usize,
    pub titles: usize,
    /// Entries folded into another: exact repeats, and repeats of a state under its own name.
    pub merged_entries: usize,
    /// Phrases written as stems (no closing `_`), which now match whole words only.
    pub stems: usize,
    pub comment_lines: usize,
}

/// The packs (one per input, in input order), the problems met while converting, and counts.
#[derive(Debug)]
pub struct Conversion {
    pub packs: Vec<RulePack>,
    pub problems: Vec<LineProblem>,
    pub stats: Vec<FileStats>,
}

/// Converts every dictionary; the problems found while reading them are not repeated here.
pub fn convert(dictionaries: &[ReadDictionary]) -> Conversion {
    let mut problems = Vec::new();
    let mut stats: Vec<FileStats> = dictionaries.iter().map(|d| base_stats(&d.contents)).collect();
    let mut candidates = collect_candidates(dictionaries, &mut problems, &mut stats);
    let states = state_codes(&candidates);
    classify(&mut candidates, &states, &mut stats);
    fold_repeated_persons(&mut candidates, &mut stats);
    let owner_entries = owners_by_code(&candidates, &states);
    fold_bodies_into_owners(&mut candidates, &owner_entries, &mut stats);
    assign_ids(&mut candidates);
    let owners: HashMap<String, String> = owner_entries
        .iter()
        .map(|(code, &index)| (code.clone(), candidates[index].id.clone()))
        .collect();
    let acronyms = acronyms_by_code(&candidates, &owner_entries);
    let mut role_titles: BTreeMap<String, RoleTitle> = BTreeMap::new();
    let mut packs: Vec<RulePack> = dictionaries.iter().map(|_| empty_pack()).collect();
    // The agents dictionaries' titles: the titles of their packs, and the generic nouns that
    // are no actor's alias.
    let agents: Vec<(usize, Vec<TitleRule>, usize)> = dictionaries
        .iter()
        .enumerate()
        .filter_map(|(index, dictionary)| match &dictionary.contents {
            Contents::Agents(agents) => {
                let (titles, merged) = agent_titles(&agents.entries);
                Some((index, titles, merged))
            }
            _ => None,
        })
        .collect();
    let generic_nouns = generic_nouns(agents.iter().flat_map(|(_, titles, _)| titles));
    let state_names = state_names(&candidates);
    for candidate in candidates.iter().filter(|c| c.merged_into.is_none()) {
        let context = ActorContext {
            owners: &owners,
            acronyms: &acronyms,
            dictionaries,
            generic_nouns: &generic_nouns,
            state_names: &state_names,
        };
        let Some(actor) = build_actor(candidate, &context, &mut role_titles, &mut problems) else {
            continue;
        };
        let file_stats = &mut stats[candidate.file];
        *file_stats.actors_by_kind.entry(actor.kind.as_str()).or_default() += 1;
        file_stats.aliases += actor.aliases.len();
        file_stats.roles += actor.roles.len();
        packs[candidate.file].actors.push(actor);
    }
    for (id, title) in role_titles {
        packs[title.first_file].titles.push(TitleRule {
            id,
            label: title.label,
            aliases: Vec::new(),
            agent: title.agent,
            names_people: false,
        });
    }
    for (index, titles, merged) in agents {
        packs[index].titles.extend(titles);
        stats[index].merged_entries += merged;
    }
    for (pack, file_stats) in packs.iter().zip(&mut stats) {
        file_stats.titles = pack.titles.len();
    }
    Conversion { packs, problems, stats }
}

fn empty_pack() -> RulePack {
    RulePack {
        priority: IMPORTED_PRIORITY,
        ..RulePack::default()
    }
}

fn base_stats(contents: &Contents) -> FileStats {
    match contents {
        Contents::Actors(actors) => FileStats {
            entries: actors.entries.len(),
            stems: actors.entries.iter().flat_map(|e| &e.names).filter(|n| n.stem).count(),
            comment_lines: actors.comment_lines,
            ..FileStats::default()
        },
        Contents::Agents(agents) => FileStats {
            entries: agents.entries.len(),
            comment_lines: agents.comment_lines,
            ..FileStats::default()
        },
    }
}

/// An actor entry on its way to becoming an actor.
#[derive(Debug, Clone)]
struct Candidate {
    file: usize,
    names: Vec<Phrase>,
    codes: Vec<CodeSpec>,
    /// The code the actor goes by today: its first undated code, else its open-ended one, else
    /// the one that ended last. `None` for `[---]` ("do not code").
    current: Option<String>,
    kind: ActorKind,
    id: String,
    /// Set when the entry was folded into another candidate.
    merged_into: Option<usize>,
}

impl Candidate {
    fn primary(&self) -> &Phrase {
        &self.names[0]
    }
}

/// What makes an entry a repeat of another: its file, its primary phrase, and its codes.
type RepeatKey = (usize, String, Vec<(Option<String>, Validity)>);

/// One candidate per entry with at least one readable name; exact repeats within a file
/// (same primary phrase, same codes) are folded into the first.
fn collect_candidates(
    dictionaries: &[ReadDictionary],
    problems: &mut Vec<LineProblem>,
    stats: &mut [FileStats],
) -> Vec<Candidate> {
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut seen: HashMap<RepeatKey, usize> = HashMap::new();
    for (file, dictionary) in dictionaries.iter().enumerate() {
        let Contents::Actors(actors) = &dictionary.contents else {
            continue;
        };
        for entry in &actors.entries {
            if entry.names.is_empty() {
                problems.extend(unnamed_entry_problems(&dictionary.path, entry));
                continue;
            }
            let signature: Vec<_> = entry.codes.iter().map(|c| (c.code.clone(), c.when)).collect();
            let key = (file, entry.names[0].key(), signature);
            if let Some(&first) = seen.get(&key) {
                let first: &mut Candidate = &mut candidates[first];
                first.names.extend(entry.names.iter().cloned());
                stats[file].merged_entries += 1;
                continue;
            }
            seen.insert(key, candidates.len());
            candidates.push(new_candidate(file, entry));
        }
    }
    candidates
}

fn unnamed_entry_problems(path: &std::path::Path, entry: &ActorEntry) -> Vec<LineProblem> {
    entry
        .codes
        .iter()
        .map(|code| LineProblem::CodeOfUnnamedEntry {
            file: path.to_path_buf(),
            line: code.line,
            text: code.text.clone(),
        })
        .collect()
}

fn new_candidate(file: usize, entry: &ActorEntry) -> Candidate {
    Candidate {
        file,
        names: entry.names.clone(),
        codes: entry.codes.clone(),
        current: current_code(&entry.codes),
        kind: ActorKind::Other,
        id: String::new(),
        merged_into: None,
    }
}

fn current_code(codes: &[CodeSpec]) -> Option<String> {
    if let Some(undated) = codes.iter().find(|c| c.when == Validity::Always) {
        return undated.code.clone();
    }
    if let Some(open_ended) = codes.iter().rev().find(|c| matches!(c.when, Validity::From(_))) {
        return open_ended.code.clone();
    }
    codes
        .iter()
        .filter_map(|c| c.when.bounds().1.map(|end| (end, c)))
        .max_by_key(|(end, _)| *end)
        .and_then(|(_, c)| c.code.clone())
}

/// Sets each candidate's kind. Of the entries coded as one state, the one with the most names is
/// the country; an entry that repeats one of its names is folded into it; the rest are places
/// coded as the state (cities, territories, regions: "LEIPZIG_", "MAYOTTE_").
fn classify(candidates: &mut [Candidate], states: &HashSet<String>, stats: &mut [FileStats]) {
    let holders = undated_holders(candidates);
    let mut by_state: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, candidate) in candidates.iter_mut().enumerate() {
        match candidate.current.as_deref() {
            Some(code) if states.contains(code) => by_state.entry(code.to_string()).or_default().push(index),
            _ => candidate.kind = kind_of_non_state(index, candidate, &holders, states),
        }
    }
    for members in by_state.values() {
        let Some(&country) = members
            .iter()
            .max_by_key(|&&i| (candidates[i].names.len(), std::cmp::Reverse(i)))
        else {
            continue;
        };
        candidates[country].kind = ActorKind::Country;
        let country_names: HashSet<String> = candidates[country].names.iter().map(Phrase::key).collect();
        for &other in members.iter().filter(|&&i| i != country) {
            if country_names.contains(&candidates[other].primary().key()) {
                fold_into(candidates, other, country);
                stats[candidates[other].file].merged_entries += 1;
            } else {
                candidates[other].kind = ActorKind::Place;
            }
        }
    }
}

fn fold_into(candidates: &mut [Candidate], from: usize, into: usize) {
    let (names, codes) = (candidates[from].names.clone(), candidates[from].codes.clone());
    candidates[into].names.extend(names);
    candidates[into].codes.extend(codes);
    candidates[from].merged_into = Some(into);
}

/// A person listed twice under the same name and state in one file ("XI_JINPING_" with his
/// 2008 office, again with his 2012 one) is one person with all those roles.
fn fold_repeated_persons(candidates: &mut [Candidate], stats: &mut [FileStats]) {
    let mut first_of: HashMap<(usize, String, String), usize> = HashMap::new();
    for index in 0..candidates.len() {
        let candidate = &candidates[index];
        if candidate.kind != ActorKind::Person || candidate.merged_into.is_some() {
            continue;
        }
        let state = candidate
            .current
            .as_deref()
            .map(|code| code.chars().take(3).collect())
            .unwrap_or_default();
        let key = (candidate.file, candidate.primary().key(), state);
        match first_of.get(&key) {
            Some(&first) => {
                fold_into(candidates, index, first);
                stats[candidates[index].file].merged_entries += 1;
            }
            None => {
                first_of.insert(key, index);
            }
        }
    }
}

/// Dated codes make a person (an office held from .. to), unless every one is the entry's own
/// code with a start or end (`REPUBLICA_SRPSKA [BIHSRP >951214]`: the entity itself), or the name
/// reads like a group ("... PARTY", "... FRONT": an organisation whose status changed). Otherwise
/// the code's sector decides.
fn kind_of_non_state(
    index: usize,
    candidate: &Candidate,
    holders: &HashMap<String, Vec<usize>>,
    states: &HashSet<String>,
) -> ActorKind {
    let serves_someone = candidate
        .codes
        .iter()
        .filter(|c| c.when.is_dated())
        .filter_map(|c| c.code.as_deref())
        .any(|code| {
            let is_own_entity_code = codes::is_specific_code(code, |block| states.contains(block))
                && holders
                    .get(code)
                    .is_none_or(|entries| entries.iter().all(|&holder| holder == index));
            !is_own_entity_code
        });
    let named_like_a_group = names_a_group(candidate.primary());
    if serves_someone && !named_like_a_group {
        return ActorKind::Person;
    }
    let code = candidate.current.as_deref().unwrap_or_default();
    let blocks = codes::blocks(code).unwrap_or_default();
    if ["IGO", "NGO", "NGM", "MNC", "IMG", "UIS"]
        .iter()
        .any(|sector| code.starts_with(sector))
    {
        ActorKind::Organization
    } else if blocks.last() == Some(&"MED") {
        ActorKind::Media
    } else if named_like_a_group || blocks.iter().any(|b| ARMED_GROUPS_AND_PARTIES.contains(b)) {
        ActorKind::Organization
    } else {
        ActorKind::Other
    }
}

/// The states: three-letter codes (not sectors, religions or regions) that some entry goes by.
fn state_codes(candidates: &[Candidate]) -> HashSet<String> {
    candidates
        .iter()
        .filter_map(|c| c.current.clone())
        .filter(|code| codes::is_state_code(code))
        .collect()
}

/// For each code, the entries that carry it without a date: the bodies a dated code can point to.
fn undated_holders(candidates: &[Candidate]) -> HashMap<String, Vec<usize>> {
    let mut holders: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, candidate) in candidates.iter().enumerate() {
        for code in candidate
            .codes
            .iter()
            .filter(|c| c.when == Validity::Always)
            .filter_map(|c| c.code.clone())
        {
            holders.entry(code).or_default().push(index);
        }
    }
    holders
}

/// Agent codes whose undated bearers are groups: rebels, insurgents, militias, parties
/// ("HAMAS_ [PSEREBHMS]", "ANGRY_BRIGADE_ [ITAREB]").
const ARMED_GROUPS_AND_PARTIES: &[&str] = &["INS", "PTY", "REB", "UAF"];

/// Words that name a body of people rather than a person.
const GROUP_WORDS: &[&str] = &[
    "ADMINISTRATION",
    "AGENCY",
    "ALLIANCE",
    "ARMY",
    "ASSEMBLY",
    "ASSOCIATION",
    "AUTHORITY",
    "BANK",
    "BATTALION",
    "BRIGADE",
    "BRIGADES",
    "BUREAU",
    "CABINET",
    "CENTER",
    "CENTRE",
    "COALITION",
    "COMMISSION",
    "COMMITTEE",
    "COMMUNITY",
    "COMPANY",
    "CONFERENCE",
    "CONGRESS",
    "CORP",
    "CORPORATION",
    "COUNCIL",
    "COURT",
    "DEPARTMENT",
    "FEDERATION",
    "FORCE",
    "FORCES",
    "FORUM",
    "FOUNDATION",
    "FRONT",
    "FUND",
    "GROUP",
    "INC",
    "INSTITUTE",
    "LEAGUE",
    "LTD",
    "MINISTRY",
    "MISSION",
    "MOVEMENT",
    "NATIONS",
    "NETWORK",
    "OFFICE",
    "ORGANISATION",
    "ORGANIZATION",
    "PARLIAMENT",
    "PARTY",
    "POLITBURO",
    "PROGRAM",
    "PROGRAMME",
    "SECRETARIAT",
    "SOCIETY",
    "TRIBUNAL",
    "UNION",
];

fn names_a_group(phrase: &Phrase) -> bool {
    phrase
        .words
        .iter()
        .any(|w| GROUP_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric()).to_uppercase().as_str()))
}

/// Countries take their code as id ("KAZ"), so that a curated pack's "KAZ" replaces them; every
/// other actor gets `phx:` and its primary phrase ("phx:daniyal-akhmetov"), numbered when two
/// share one.
fn assign_ids(candidates: &mut [Candidate]) {
    let mut used: HashSet<String> = HashSet::new();
    for candidate in candidates.iter_mut().filter(|c| c.merged_into.is_none()) {
        let base = match (&candidate.kind, &candidate.current) {
            (ActorKind::Country, Some(code)) => code.clone(),
            _ => format!("phx:{}", slug(&candidate.primary().words)),
        };
        candidate.id = unique_id(&base, &mut used);
    }
}

/// Which entry a code stands for, for the `of` of roles: a state's code is its country; a code
/// that names one body (`IGOWSTNAT`) is the organisation among its entries whose name reads like
/// one ("NATO_", "THE_UNITED_NATIONS_"), else the first that is no person or place. Codes for a
/// kind of actor (`IGO`, `MNC`, `IMGMUS`, `FRAREB`) stand for no one actor.
fn owners_by_code(candidates: &[Candidate], states: &HashSet<String>) -> HashMap<String, usize> {
    let mut owners: HashMap<String, (bool, usize)> = HashMap::new();
    for (index, candidate) in candidates.iter().enumerate().filter(|(_, c)| c.merged_into.is_none()) {
        let Some(code) = candidate.current.as_deref() else {
            continue;
        };
        let reads_as_body = match candidate.kind {
            ActorKind::Country => true,
            ActorKind::Person | ActorKind::Place => continue,
            _ if !codes::is_specific_code(code, |block| states.contains(block)) => continue,
            _ => reads_as_a_body(candidate),
        };
        let better = owners
            .get(code)
            .is_none_or(|(taken_by_body, _)| reads_as_body && !taken_by_body);
        if better {
            owners.insert(code.to_string(), (reads_as_body, index));
        }
    }
    owners.into_iter().map(|(code, (_, index))| (code, index)).collect()
}

/// A one-word name ("NATO_", "UNICEF_") or a name with a group word ("... AGENCY").
fn reads_as_a_body(candidate: &Candidate) -> bool {
    names_a_group(candidate.primary()) || candidate.primary().words.len() == 1
}

/// PETRARCH codes "THE_UNITED_NATIONS_", "UN_" and "UNITED_NATIONS_" all as IGOUNO, but writes
/// them as separate entries; as separate actors they would be separate nodes. So an entry that
/// reads like a body and goes by the code of another body is folded into that one, as the
/// repeats of a state are into the state.
fn fold_bodies_into_owners(candidates: &mut [Candidate], owners: &HashMap<String, usize>, stats: &mut [FileStats]) {
    for index in 0..candidates.len() {
        let candidate = &candidates[index];
        let eligible = candidate.merged_into.is_none()
            && !matches!(
                candidate.kind,
                ActorKind::Country | ActorKind::Person | ActorKind::Place
            )
            && reads_as_a_body(candidate);
        let owner = candidate.current.as_ref().and_then(|code| owners.get(code)).copied();
        if let Some(owner) = owner.filter(|&owner| eligible && owner != index) {
            fold_into(candidates, index, owner);
            stats[candidates[index].file].merged_entries += 1;
        }
    }
}

/// For each code that names one body, the acronyms the names of its entries spell out, so that
/// "UN_SECRETARY_GENERAL" keeps "UN" because "THE_UNITED_NATIONS_" goes by the same code. (Codes
/// for a kind of actor, like `MNCUSA`, would pool the initials of hundreds of companies.)
fn acronyms_by_code(candidates: &[Candidate], owners: &HashMap<String, usize>) -> HashMap<String, HashSet<String>> {
    let mut acronyms: HashMap<String, HashSet<String>> = HashMap::new();
    for candidate in candidates {
        let Some(code) = candidate.current.as_ref().filter(|code| owners.contains_key(*code)) else {
            continue;
        };
        let set = acronyms.entry(code.clone()).or_default();
        for name in &candidate.names {
            initials_of(&name.words, set);
        }
    }
    acronyms
}

/// A role title made for the agent blocks of role codes, and the first file whose roles use it.
#[derive(Debug)]
struct RoleTitle {
    label: String,
    agent: Option<String>,
    first_file: usize,
}

struct ActorContext<'a> {
    owners: &'a HashMap<String, String>,
    acronyms: &'a HashMap<String, HashSet<String>>,
    dictionaries: &'a [ReadDictionary],
    /// The agents dictionary's nouns, lowercased ("senate", "parliament"): see [`generic_nouns`].
    generic_nouns: &'a HashSet<String>,
    /// Every name of a state, lowercased ("united states", "us", "american"): see [`is_office`].
    state_names: &'a HashSet<String>,
}

/// Every name of every state, lowercased, as written in the dictionaries.
fn state_names(candidates: &[Candidate]) -> HashSet<String> {
    candidates
        .iter()
        .filter(|c| c.kind == ActorKind::Country && c.merged_into.is_none())
        .flat_map(|c| &c.names)
        .map(|name| name.words.join(" ").to_lowercase())
        .collect()
}

/// Whether a code is one of a state's offices (government, military, legislature, judiciary):
/// "Georgetown University" (`USAEDU`) reads like a place and a noun, but is no office.
fn is_state_office_code(code: Option<&str>) -> bool {
    code.is_some_and(|code| {
        ["GOV", "MIL", "LEG", "JUD"]
            .iter()
            .any(|office| code[3.min(code.len())..].starts_with(office))
    })
}

/// Whether an alias names an office of a state rather than a body: a state's name and an agent
/// noun, or a phrase starting with one ("US President", "American Secretary of State",
/// "President of the United States"). The dictionaries list such offices as actors; as aliases they would swallow the title before a
/// name ("US President Donald Trump"), which the title then cannot join. Without them the state
/// and the title are found as such, and the person with them.
fn is_office(alias: &str, generic_nouns: &HashSet<String>, state_names: &HashSet<String>) -> bool {
    let lower = alias.to_lowercase();
    let lower = lower.strip_prefix("the ").unwrap_or(&lower);
    let words: Vec<&str> = lower.split(' ').collect();
    (1..words.len()).any(|split| {
        let (head, tail) = (words[..split].join(" "), words[split..].join(" "));
        // "US Secretary of Defence": the title may go on past the agent noun.
        let noun_first = tail.split(' ').next().is_some_and(|word| generic_nouns.contains(word));
        let state_then_noun = state_names.contains(&head) && (generic_nouns.contains(&tail) || noun_first);
        let of_state = tail
            .strip_prefix("of ")
            .map(|rest| rest.strip_prefix("the ").unwrap_or(rest))
            .is_some_and(|state| state_names.contains(state));
        state_then_noun || (generic_nouns.contains(&head) && of_state)
    })
}

/// Every phrase of the agents dictionary's titles, lowercased: the nouns that name a body or a role of
/// any state ("Senate", "Parliament", "Police"). The actors dictionaries sometimes list one of
/// them bare under one country (`SENATE` for the United States Congress); as an alias it would
/// make every country's senate that one, so such aliases are dropped.
fn generic_nouns<'t>(titles: impl Iterator<Item = &'t TitleRule>) -> HashSet<String> {
    titles
        .flat_map(|title| std::iter::once(&title.label).chain(&title.aliases))
        .map(|noun| noun.to_lowercase())
        .collect()
}

fn build_actor(
    candidate: &Candidate,
    context: &ActorContext<'_>,
    role_titles: &mut BTreeMap<String, RoleTitle>,
    problems: &mut Vec<LineProblem>,
) -> Option<ActorRule> {
    let acronyms = acronyms_for(candidate, context.acronyms);
    let label = title_case(&candidate.primary().words, &acronyms);
    let mut aliases: Vec<String> = Vec::new();
    let mut generic: Vec<String> = Vec::new();
    let mut offices = 0;
    for alias in candidate.names.iter().flat_map(|name| aliases_of(name, &acronyms)) {
        let bare = alias.to_lowercase();
        let bare = bare.strip_prefix("the ").unwrap_or(&bare);
        let is_office = candidate.kind == ActorKind::Other
            && is_state_office_code(candidate.current.as_deref())
            && is_office(&alias, context.generic_nouns, context.state_names);
        offices += usize::from(is_office);
        if context.generic_nouns.contains(bare) || is_office {
            generic.push(alias);
        } else if !aliases.contains(&alias) {
            aliases.push(alias);
        }
    }
    // An entry named only by offices of a state ("US Secretary of State") is an office, not an
    // actor: its holders are found as persons with the title. An actor known only by a generic
    // noun keeps it: there is nothing else to find it by.
    if aliases.is_empty() {
        if offices > 0 {
            return None;
        }
        aliases = generic;
    }
    let path = &context.dictionaries[candidate.file].path;
    let roles = if candidate.kind == ActorKind::Person {
        person_roles(candidate, &label, context.owners, role_titles, path, problems)
    } else {
        report_dated_codes(candidate, &label, path, problems);
        Vec::new()
    };
    report_extra_undated_codes(candidate, &label, path, problems);
    Some(ActorRule {
        id: candidate.id.clone(),
        kind: candidate.kind,
        label,
        code: candidate.current.clone(),
        aliases,
        adjectives: Vec::new(),
        metonyms: Vec::new(),
        towns: Vec::new(),
        descriptions: Vec::new(),
        description_patterns: Vec::new(),
        dated_patterns: Vec::new(),
        stands_for: Vec::new(),
        roles,
        period: None,
        examples: Vec::new(),
        counter_examples: Vec::new(),
    })
}

fn acronyms_for(candidate: &Candidate, by_code: &HashMap<String, HashSet<String>>) -> HashSet<String> {
    let mut acronyms = candidate
        .current
        .as_ref()
        .and_then(|code| by_code.get(code))
        .cloned()
        .unwrap_or_default();
    for name in &candidate.names {
        initials_of(&name.words, &mut acronyms);
    }
    acronyms
}

/// A role for each dated code: `[KAZGOVMIL 070201-090630]` is (phx-govmil, KAZ, 2007-02-01,
/// 2009-06-30). Repeated roles are kept once.
fn person_roles(
    candidate: &Candidate,
    label: &str,
    owners: &HashMap<String, String>,
    role_titles: &mut BTreeMap<String, RoleTitle>,
    path: &std::path::Path,
    problems: &mut Vec<LineProblem>,
) -> Vec<RoleRule> {
    let mut roles: Vec<RoleRule> = Vec::new();
    for spec in candidate.codes.iter().filter(|c| c.when.is_dated()) {
        let Some(code) = spec.code.as_deref() else {
            continue;
        };
        let Some((of, agent_blocks)) = resolve_role(code, owners) else {
            problems.push(LineProblem::UnresolvedRole {
                file: path.to_path_buf(),
                line: spec.line,
                text: spec.text.clone(),
                actor: label.to_string(),
            });
            continue;
        };
        let title = codes::role_title_id(&agent_blocks);
        role_titles.entry(title.clone()).or_insert_with(|| RoleTitle {
            label: codes::role_title_label(&agent_blocks),
            agent: Some(agent_blocks.concat()).filter(|agent| !agent.is_empty()),
            first_file: candidate.file,
        });
        let (from, to) = spec.when.bounds();
        let role = RoleRule {
            title,
            of,
            from: from.map(|d| d.to_string()),
            to: to.map(|d| d.to_string()),
        };
        let repeated = roles
            .iter()
            .any(|r| r.title == role.title && r.of == role.of && r.from == role.from && r.to == role.to);
        if !repeated {
            roles.push(role);
        }
    }
    roles
}

/// The actor a role code serves and the agent blocks left for the title. A state's code followed
/// by agent codes is the state (`KAZGOVMIL`: KAZ, GOV MIL); otherwise the longest start of the code
/// that some actor goes by (`PSEREBHMS` is Hamas, `IGOUNOKID` UNICEF, `IGOUNODEVWBK` the World
/// Bank), and failing that the state.
fn resolve_role<'c>(code: &'c str, owners: &HashMap<String, String>) -> Option<(String, Vec<&'c str>)> {
    let blocks = codes::blocks(code)?;
    // Only countries own a three-letter code.
    let state = owners.get(blocks[0]);
    if let Some(state) = state {
        if blocks[1..].iter().all(|b| codes::is_agent_code(b)) {
            return Some((state.clone(), blocks[1..].to_vec()));
        }
    }
    for length in (2..=blocks.len()).rev() {
        if let Some(owner) = owners.get(&blocks[..length].concat()) {
            return Some((owner.clone(), blocks[length..].to_vec()));
        }
    }
    state.map(|state| (state.clone(), blocks[1..].to_vec()))
}

/// A state's or organisation's dated codes (Kazakhstan's `[USRKAZ <911216]`) have no field in
/// the schema; only the current one is kept, as `code`.
fn report_dated_codes(candidate: &Candidate, label: &str, path: &std::path::Path, problems: &mut Vec<LineProblem>) {
    for spec in candidate.codes.iter().filter(|c| c.when.is_dated()) {
        if spec.code.is_some() && spec.code != candidate.current {
            problems.push(LineProblem::FormerCode {
                file: path.to_path_buf(),
                line: spec.line,
                text: spec.text.clone(),
                actor: label.to_string(),
            });
        }
    }
}

/// An actor has one `code`; a second, different undated one is reported.
fn report_extra_undated_codes(
    candidate: &Candidate,
    label: &str,
    path: &std::path::Path,
    problems: &mut Vec<LineProblem>,
) {
    let Some(kept) = &candidate.current else {
        return;
    };
    for spec in candidate.codes.iter().filter(|c| c.when == Validity::Always) {
        if let Some(code) = &spec.code {
            if code != kept {
                problems.push(LineProblem::ExtraCode {
                    file: path.to_path_buf(),
                    line: spec.line,
                    text: spec.text.clone(),
                    actor: label.to_string(),
                    kept: kept.clone(),
                });
            }
        }
    }
}

/// One title per agent line ("Minister for Agriculture", agent GOVAGR), the other expansions of
/// its substitution sets and its plurals as aliases. A line repeating an earlier one with the same
/// agent is folded into it (and counted); the same phrase with another agent gets its own title.
fn agent_titles(entries: &[AgentEntry]) -> (Vec<TitleRule>, usize) {
    let none = HashSet::new();
    let mut titles: Vec<TitleRule> = Vec::new();
    let mut by_phrase_and_agent: HashMap<(String, &str), usize> = HashMap::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut merged = 0;
    for entry in entries {
        let Some(first) = entry.phrases.first() else {
            continue;
        };
        let label = title_case(&first.words, &none);
        let aliases = entry.phrases[1..]
            .iter()
            .chain(&entry.plurals)
            .map(|p| title_case(&p.words, &none));
        let base = format!("phx-agent:{}", slug(&first.words));
        let index = match by_phrase_and_agent.get(&(base.clone(), entry.agent.as_str())) {
            Some(&index) => {
                merged += 1;
                index
            }
            None => {
                let id = unique_id(&base, &mut ids);
                by_phrase_and_agent.insert((base, entry.agent.as_str()), titles.len());
                titles.push(TitleRule {
                    id,
                    label: label.clone(),
                    aliases: Vec::new(),
                    agent: Some(entry.agent.clone()),
                    names_people: false,
                });
                titles.len() - 1
            }
        };
        let title = &mut titles[index];
        for alias in aliases {
            if alias != title.label && !title.aliases.contains(&alias) {
                title.aliases.push(alias);
            }
        }
    }
    (titles, merged)
}

/// `base`, or `base-2`, `base-3`, ... whichever is still free; it is then taken.
fn unique_id(base: &str, used: &mut HashSet<String>) -> String {
    let mut id = base.to_string();
    let mut number = 2;
    while !used.insert(id.clone()) {
        id = format!("{base}-{number}");
        number += 1;
    }
    id
}

/// How many alias spellings (compared as the compiler does, lower-cased) name two or more of the
/// generated actors. The compiler warns about each; they are real ambiguities of the source.
pub fn shared_aliases(packs: &[RulePack]) -> usize {
    let mut owners: HashMap<String, HashSet<&str>> = HashMap::new();
    for actor in packs.iter().flat_map(|p| &p.actors) {
        for alias in &actor.aliases {
            let alias = alias.trim().to_lowercase();
            // The compiler also files a straight apostrophe under its typographic twin.
            if alias.contains('\'') {
                owners
                    .entry(alias.replace('\'', "\u{2019}"))
                    .or_default()
                    .insert(&actor.id);
            }
            owners.entry(alias).or_default().insert(&actor.id);
        }
    }
    owners.values().filter(|ids| ids.len() > 1).count()
}
