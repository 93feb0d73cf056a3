//! Validation and compilation: rule packs in, a [`Rulebook`] (or every problem found) out.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;
use regex::{Regex, RegexSet};

use super::diagnostic::{Diagnostic, LineIndex, Position, Severity, did_you_mean, locate_in, one_line};
use super::load::LoadedPack;
use super::matcher::{Limits, PatternRegex};
use super::pattern;
use super::prefilter::PatternFilter;
use super::rulebook::*;
use super::schema::{ActorRule, PatternRule, PeriodRule, RelationRule, TitleRule};
use super::surface_automaton::SurfaceAutomaton;
use crate::date::{PartialDate, Period};

/// The compiled size one pattern may reach (its macros and slots expand a lot).
const PATTERN_SIZE_LIMIT: usize = 32 << 20;
/// The lazy-DFA cache one pattern may fill, per thread (8 times the default: enough that a corpus
/// does not keep clearing it, small enough that 84 patterns cannot take gigabytes).
const PATTERN_DFA_CACHE: usize = 16 << 20;

/// Compiles packs into a rulebook. Returns the rulebook when no error was found, and every
/// diagnostic (errors and warnings) either way, in file and line order.
pub fn compile(packs: &[LoadedPack]) -> (Option<Rulebook>, Vec<Diagnostic>) {
    let lines = packs.iter().map(|p| LineIndex::new(&p.source)).collect();
    let mut compiler = Compiler {
        packs,
        lines,
        diagnostics: Vec::new(),
    };
    let rulebook = compiler.run();
    let mut diagnostics = compiler.diagnostics;
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    diagnostics.sort_by(|a, b| (&a.file, a.position, &a.message).cmp(&(&b.file, b.position, &b.message)));
    diagnostics.dedup();
    (if has_errors { None } else { Some(rulebook) }, diagnostics)
}

struct Compiler<'p> {
    packs: &'p [LoadedPack],
    /// Each pack's line starts, so that locating each of thousands of rules is not a rescan of
    /// its file from the top (that made compiling 26,000 imported actors take half a minute).
    lines: Vec<LineIndex>,
    diagnostics: Vec<Diagnostic>,
}

/// Where a rule stands: its pack and the position of its `id`.
#[derive(Clone, Copy)]
struct Origin {
    pack: usize,
    position: Position,
}

/// A rule that survived merging by id, with where it came from.
struct Ranked<'p, T> {
    origin: Origin,
    priority: i32,
    rule: &'p T,
}

trait HasId {
    fn id(&self) -> &str;
}
impl HasId for ActorRule {
    fn id(&self) -> &str {
        &self.id
    }
}
impl HasId for TitleRule {
    fn id(&self) -> &str {
        &self.id
    }
}
impl HasId for RelationRule {
    fn id(&self) -> &str {
        &self.id
    }
}
impl HasId for PatternRule {
    fn id(&self) -> &str {
        &self.id
    }
}

impl<'p> Compiler<'p> {
    fn diagnose(
        &mut self,
        error: bool,
        origin: Origin,
        field: &str,
        value: &str,
        message: String,
        help: Option<String>,
    ) {
        let pack = &self.packs[origin.pack];
        let lines = &self.lines[origin.pack];
        let position = if field.is_empty() && value.is_empty() {
            origin.position
        } else {
            locate_in(lines, &pack.source, field, value, origin.position)
        };
        let severity = if error { Severity::Error } else { Severity::Warning };
        let source_line = lines.line(&pack.source, position.line);
        let diagnostic = Diagnostic::in_line(severity, &pack.path, source_line, position, message);
        self.diagnostics.push(diagnostic.with_help(help));
    }

    fn error(&mut self, origin: Origin, field: &str, value: &str, message: String) {
        self.diagnose(true, origin, field, value, message, None);
    }

    fn run(&mut self) -> Rulebook {
        let packs = self.packs;
        let titles = self.merge("title", |p| &p.titles);
        let relation_rules = self.merge("relation", |p| &p.relations);
        let merged_actors = self.merge("actor", |p| &p.actors);
        let (actor_rules, absorbed, redirects) = fold_shadowed(merged_actors);
        let pattern_rules = self.merge("pattern", |p| &p.patterns);
        let macros = self.collect_macros();

        let title_names = title_names(&titles);
        let mut actor_ids: HashMap<String, ActorIdx> = actor_rules
            .iter()
            .enumerate()
            .map(|(i, a)| (a.rule.id.clone(), i as ActorIdx))
            .collect();
        // Ids of folded actors still resolve (an imported person's role `of: "phx:nato"`).
        for (id, target) in redirects {
            actor_ids.entry(id).or_insert(target as ActorIdx);
        }

        let mut actors = Vec::with_capacity(actor_rules.len());
        let mut description_patterns = Vec::new();
        for (index, ranked) in actor_rules.iter().enumerate() {
            let mut actor = self.compile_actor(ranked, &actor_ids, &title_names);
            for other in &absorbed[index] {
                for alias in other.aliases.iter().chain(&other.adjectives).chain(&other.metonyms) {
                    if !actor.aliases.contains(alias) {
                        actor.aliases.push(alias.clone());
                    }
                }
                if actor.code.is_none() {
                    actor.code = other.code.clone();
                }
            }
            actors.push(actor);
            let described = ranked
                .rule
                .description_patterns
                .iter()
                .map(|p| (p, false, "description_patterns"));
            let dated = ranked.rule.dated_patterns.iter().map(|p| (p, true, "dated_patterns"));
            for (source, dated, field) in described.chain(dated) {
                if dated && ranked.rule.period.is_none() {
                    self.error(
                        ranked.origin,
                        field,
                        source,
                        format!("actor `{}` has `dated_patterns` but no `period`", ranked.rule.id),
                    );
                }
                match Regex::new(&format!("(?i){source}")) {
                    Ok(regex) => description_patterns.push(DescriptionPattern {
                        actor: index as ActorIdx,
                        regex,
                        dated,
                    }),
                    Err(err) => self.error(
                        ranked.origin,
                        field,
                        source,
                        format!(
                            "invalid pattern of actor `{}` in `{field}`: {}",
                            ranked.rule.id,
                            one_line(&err)
                        ),
                    ),
                }
            }
        }

        let relations = self.compile_relations(&relation_rules);
        let relation_ids: HashMap<String, usize> =
            relations.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
        let broken_relations: HashSet<&str> = relation_rules
            .iter()
            .map(|r| r.rule.id.as_str())
            .filter(|id| !relation_ids.contains_key(*id))
            .collect();
        let patterns = self.compile_patterns(&pattern_rules, &macros, &relation_ids, &relations, &broken_relations);
        let pattern_filter = PatternFilter::new(patterns.iter().map(|p| p.regex.as_str()));
        let surfaces = self.build_surfaces(&actor_rules, &absorbed, &titles);

        Rulebook {
            actors,
            actor_ids,
            titles: titles
                .iter()
                .map(|t| Title {
                    id: t.rule.id.clone(),
                    label: t.rule.label.clone(),
                    agent: t.rule.agent.clone(),
                    names_people: t.rule.names_people,
                })
                .collect(),
            relations,
            relation_ids,
            patterns,
            pattern_filter,
            surfaces,
            description_patterns,
            boilerplate: self.collect_boilerplate(),
            cues: Cues {
                negation: self.cue_regex("negation_cues", |p| &p.negation_cues),
                negation_exceptions: self.cue_regex("negation_exceptions", |p| &p.negation_exceptions),
                intention_exceptions: self.cue_regex("intention_exceptions", |p| &p.intention_exceptions),
                possibility: self.cue_regex("possibility_cues", |p| &p.possibility_cues),
                intention: self.cue_regex("intention_cues", |p| &p.intention_cues),
                off_topic: self.cue_regex("off_topic_cues", |p| &p.off_topic_cues),
            },
            modifier_nouns: lowercased_words(packs, |p| &p.modifier_nouns),
            reporting_verbs: lowercased_words(packs, |p| &p.reporting_verbs),
            clause_verbs: lowercased_words(packs, |p| &p.clause_verbs),
            phrase_prepositions: lowercased_words(packs, |p| &p.phrase_prepositions),
            phrase_modifiers: lowercased_words(packs, |p| &p.phrase_modifiers),
            agent_nouns: lowercased_words(packs, |p| &p.agent_nouns),
            name_stopwords: lowercased_words(packs, |p| &p.name_stopwords),
            abbreviations: packs
                .iter()
                .flat_map(|p| &p.pack.abbreviations)
                .map(|a| a.trim_end_matches('.').to_lowercase())
                .collect(),
        }
    }

    /// Rules of one kind from every pack, one per id: the same id twice at one priority is an
    /// error; at different priorities the higher one wins (hand-curated over imported).
    fn merge<T: HasId>(
        &mut self,
        kind: &str,
        rules_of: impl Fn(&'p super::schema::RulePack) -> &'p Vec<T>,
    ) -> Vec<Ranked<'p, T>> {
        let packs = self.packs;
        let mut merged: Vec<Ranked<'p, T>> = Vec::new();
        let mut index: HashMap<&'p str, usize> = HashMap::new();
        for (pack_index, loaded) in packs.iter().enumerate() {
            let priority = loaded.pack.priority;
            let mut search_from = Position::default();
            for rule in rules_of(&loaded.pack) {
                let position = locate_in(&self.lines[pack_index], &loaded.source, "id", rule.id(), search_from);
                search_from = position;
                let origin = Origin {
                    pack: pack_index,
                    position,
                };
                if rule.id().trim().is_empty() {
                    self.error(origin, "", "", format!("{kind} with an empty id"));
                    continue;
                }
                match index.get(rule.id()) {
                    Some(&at) if merged[at].priority == priority => {
                        let first = &packs[merged[at].origin.pack].path;
                        let message = format!(
                            "duplicate {kind} id `{}` (first defined in {}:{})",
                            rule.id(),
                            first.display(),
                            merged[at].origin.position.line
                        );
                        self.error(origin, "", "", message);
                    }
                    Some(&at) => {
                        if priority > merged[at].priority {
                            merged[at] = Ranked { origin, priority, rule };
                        }
                    }
                    None => {
                        index.insert(rule.id(), merged.len());
                        merged.push(Ranked { origin, priority, rule });
                    }
                }
            }
        }
        merged
    }

    fn collect_macros(&mut self) -> BTreeMap<String, String> {
        let mut macros: BTreeMap<String, String> = BTreeMap::new();
        for (pack_index, loaded) in self.packs.iter().enumerate() {
            for (name, body) in &loaded.pack.macros {
                let origin = Origin {
                    pack: pack_index,
                    position: locate_in(&self.lines[pack_index], &loaded.source, "", name, Position::default()),
                };
                if macros.get(name).is_some_and(|existing| existing != body) {
                    self.error(
                        origin,
                        "",
                        "",
                        format!("macro `{name}` is defined twice with different bodies"),
                    );
                    continue;
                }
                macros.insert(name.clone(), body.clone());
            }
        }
        macros
    }

    fn compile_actor(
        &mut self,
        ranked: &Ranked<'p, ActorRule>,
        actor_ids: &HashMap<String, ActorIdx>,
        title_names: &HashMap<String, TitleIdx>,
    ) -> Actor {
        let rule = ranked.rule;
        let origin = ranked.origin;
        let surface_forms = rule
            .aliases
            .iter()
            .chain(&rule.adjectives)
            .chain(&rule.metonyms)
            .chain(&rule.towns)
            .chain(&rule.descriptions);
        if surface_forms.clone().any(|a| a.trim().is_empty()) {
            self.error(origin, "", "", format!("actor `{}` has an empty alias", rule.id));
        }
        if rule.label.trim().is_empty() {
            self.error(origin, "label", "", format!("actor `{}` has an empty label", rule.id));
        }
        let mut aliases: Vec<String> = Vec::new();
        for form in surface_forms {
            if !aliases.contains(form) {
                aliases.push(form.clone());
            }
        }
        let mut roles = Vec::new();
        for role in &rule.roles {
            let title = title_names.get(&role.title.to_lowercase()).copied();
            if title.is_none() {
                let help = did_you_mean(&role.title, title_names.keys().map(String::as_str));
                self.diagnose(
                    true,
                    origin,
                    "title",
                    &role.title,
                    format!("unknown title `{}` in a role of `{}`", role.title, rule.id),
                    help,
                );
            }
            let of = actor_ids.get(&role.of).copied();
            if of.is_none() {
                let help = did_you_mean(&role.of, actor_ids.keys().map(String::as_str));
                self.diagnose(
                    true,
                    origin,
                    "of",
                    &role.of,
                    format!("unknown actor `{}` in a role of `{}`", role.of, rule.id),
                    help,
                );
            }
            let period = self.period(origin, &rule.id, role.from.as_deref(), role.to.as_deref());
            if let (Some(title), Some(of)) = (title, of) {
                roles.push(Role { title, of, period });
            }
        }
        let period = rule
            .period
            .as_ref()
            .map(|PeriodRule { from, to }| self.period(origin, &rule.id, from.as_deref(), to.as_deref()));
        let mut stands_for = Vec::new();
        for member in &rule.stands_for {
            match actor_ids.get(member) {
                Some(&idx) => stands_for.push(idx),
                None => {
                    let help = did_you_mean(member, actor_ids.keys().map(String::as_str));
                    self.diagnose(
                        true,
                        origin,
                        "stands_for",
                        member,
                        format!("unknown actor `{member}` in `stands_for` of `{}`", rule.id),
                        help,
                    );
                }
            }
        }
        Actor {
            id: rule.id.clone(),
            kind: rule.kind,
            label: rule.label.clone(),
            code: rule.code.clone(),
            aliases,
            roles,
            period,
            stands_for,
            examples: rule.examples.clone(),
            counter_examples: rule.counter_examples.clone(),
        }
    }

    fn period(&mut self, origin: Origin, id: &str, from: Option<&str>, to: Option<&str>) -> Period {
        let mut parse = |field: &str, text: Option<&str>| -> Option<PartialDate> {
            let text = text?;
            match text.parse() {
                Ok(date) => Some(date),
                Err(err) => {
                    self.error(origin, field, text, format!("in `{id}`: {err}"));
                    None
                }
            }
        };
        let period = Period {
            from: parse("from", from),
            to: parse("to", to),
        };
        if period.is_inverted() {
            self.error(
                origin,
                "to",
                to.unwrap_or_default(),
                format!(
                    "in `{id}`: the period ends ({}) before it starts ({})",
                    to.unwrap_or_default(),
                    from.unwrap_or_default()
                ),
            );
        }
        period
    }

    fn compile_relations(&mut self, rules: &[Ranked<'p, RelationRule>]) -> Vec<Relation> {
        let mut relations = Vec::new();
        for ranked in rules {
            let rule = ranked.rule;
            let Some(family) = Family::parse(&rule.family) else {
                let help = did_you_mean(&rule.family, Family::ALL.iter().map(|f| f.as_str()))
                    .or_else(|| Some(format!("families: {}", Family::ALL.map(Family::as_str).join(", "))));
                self.diagnose(
                    true,
                    ranked.origin,
                    "family",
                    &rule.family,
                    format!("unknown family `{}` of relation `{}`", rule.family, rule.id),
                    help,
                );
                continue;
            };
            if let Some(cameo) = &rule.cameo {
                if cameo.is_empty() || cameo.len() > 4 || !cameo.chars().all(|c| c.is_ascii_digit()) {
                    self.error(
                        ranked.origin,
                        "cameo",
                        cameo,
                        format!("CAMEO code `{cameo}` of `{}` is not 2 to 4 digits", rule.id),
                    );
                }
            }
            relations.push(Relation {
                id: rule.id.clone(),
                family,
                cameo: rule.cameo.clone(),
                label: rule.label.clone().unwrap_or_else(|| rule.id.replace('_', " ")),
            });
        }
        relations
    }

    fn compile_patterns(
        &mut self,
        rules: &[Ranked<'p, PatternRule>],
        macros: &BTreeMap<String, String>,
        relation_ids: &HashMap<String, usize>,
        relations: &[Relation],
        rules_with_errors: &HashSet<&str>,
    ) -> Vec<Pattern> {
        let mut ready: Vec<(&Ranked<'p, PatternRule>, Option<usize>, String)> = Vec::new();
        for ranked in rules {
            let rule = ranked.rule;
            let relation = relation_ids.get(&rule.relation).copied();
            // A relation that exists but failed to compile has had its own error: naming it
            // again here would only repeat it.
            let relation_was_reported = rules_with_errors.contains(rule.relation.as_str());
            if relation.is_none() && !relation_was_reported {
                let help = did_you_mean(&rule.relation, relation_ids.keys().map(String::as_str));
                self.diagnose(
                    true,
                    ranked.origin,
                    "relation",
                    &rule.relation,
                    format!("pattern `{}` names unknown relation `{}`", rule.id, rule.relation),
                    help,
                );
            }
            let expanded = match pattern::expand(&rule.pattern, macros) {
                Ok(expanded) => expanded,
                Err(message) => {
                    self.error(
                        ranked.origin,
                        "pattern",
                        &rule.pattern,
                        format!("pattern `{}`: {message}", rule.id),
                    );
                    continue;
                }
            };
            let (regex_text, slots) = expanded;
            let Some(relation) = relation else {
                // Still checked as a regex, so that one rule run shows every problem.
                ready.push((ranked, None, regex_text));
                continue;
            };
            let is_attribution = relations[relation].family == Family::Reports;
            let pairs_a_list = rule.mutual && !slots.target && !is_attribution;
            if slots.target == is_attribution && !pairs_a_list {
                let message = if is_attribution {
                    format!(
                        "pattern `{}` reports who said a claim: it takes a `{{source}}` and no `{{target}}`",
                        rule.id
                    )
                } else {
                    format!("pattern `{}` has no `{{target}}` slot", rule.id)
                };
                self.error(ranked.origin, "pattern", &rule.pattern, message);
                continue;
            }
            ready.push((ranked, Some(relation), regex_text));
        }
        // Building the expanded regexes is most of the cost of compiling rules (their NFAs are
        // large), and each is independent: they build on every core.
        let limits = Limits {
            nfa_bytes: PATTERN_SIZE_LIMIT,
            dfa_cache_bytes: PATTERN_DFA_CACHE,
        };
        let built: Vec<Result<PatternRegex, String>> = ready
            .par_iter()
            .map(|(_, _, regex_text)| PatternRegex::new(regex_text, limits))
            .collect();
        let mut patterns = Vec::with_capacity(ready.len());
        for ((ranked, relation, _), built) in ready.into_iter().zip(built) {
            let rule = ranked.rule;
            let mut veto = |field: &str, text: &Option<String>, anchored: fn(&str) -> String| {
                let text = text.as_deref()?;
                let compiled = pattern::expand_veto(text, macros)
                    .and_then(|expanded| Regex::new(&anchored(&expanded)).map_err(|err| one_line(&err)));
                match compiled {
                    Ok(regex) => Some(regex),
                    Err(err) => {
                        let message = format!("`{field}` of pattern `{}` is not a valid regex: {err}", rule.id);
                        self.error(ranked.origin, field, text, message);
                        None
                    }
                }
            };
            let vetoes = Vetoes {
                preceded_by: veto("unless_preceded_by", &rule.unless_preceded_by, |t| {
                    format!("(?i)(?:{t})$")
                }),
                followed_by: veto("unless_followed_by", &rule.unless_followed_by, |t| {
                    format!("(?i)^(?:{t})")
                }),
                containing: veto("unless_containing", &rule.unless_containing, |t| format!("(?i)(?:{t})")),
            };
            match built {
                Ok(_) if relation.is_none() => {}
                Ok(regex) => patterns.push(Pattern {
                    id: rule.id.clone(),
                    relation: relation.expect("patterns without a relation are skipped above"),
                    regex,
                    negated: rule.negated,
                    mutual: rule.mutual,
                    acts_for: rule.acts_for,
                    dated_by_sentence: rule.dated_by_sentence,
                    vetoes,
                    examples: rule.examples.clone(),
                    counter_examples: rule.counter_examples.clone(),
                }),
                Err(err) => self.error(
                    ranked.origin,
                    "pattern",
                    &rule.pattern,
                    format!("pattern `{}` is not a valid regex: {err}", rule.id),
                ),
            }
        }
        patterns
    }

    /// The automaton over every surface form. The same spelling for two actors at the same
    /// priority and of the same kind of form is a warning (descriptions may be shared: the article
    /// decides).
    fn build_surfaces(
        &mut self,
        actors: &[Ranked<'p, ActorRule>],
        absorbed: &[Vec<&'p ActorRule>],
        titles: &[Ranked<'p, TitleRule>],
    ) -> SurfaceIndex {
        let mut by_text: BTreeMap<String, Vec<(SurfaceEntry, Origin)>> = BTreeMap::new();
        let title_spellings: std::collections::HashSet<String> = titles
            .iter()
            .filter(|t| t.rule.names_people)
            .flat_map(|t| t.rule.aliases.iter().chain(std::iter::once(&t.rule.label)))
            .map(|s| s.to_lowercase())
            .collect();
        for (index, ranked) in actors.iter().enumerate() {
            let actor = index as ActorIdx;
            let rule = ranked.rule;
            let own_names: std::collections::HashSet<String> = std::iter::once(&rule.aliases)
                .chain(absorbed[index].iter().map(|o| &o.aliases))
                .flatten()
                .map(|a| a.to_lowercase())
                .collect();
            let mut groups: Vec<(&Vec<String>, Form)> = vec![
                (&rule.aliases, Form::Name),
                (&rule.adjectives, Form::Adjective),
                (&rule.metonyms, Form::Metonym),
                (&rule.towns, Form::Town),
                (&rule.descriptions, Form::Description),
            ];
            for other in &absorbed[index] {
                groups.extend([
                    (&other.aliases, Form::Name),
                    (&other.adjectives, Form::Adjective),
                    (&other.metonyms, Form::Metonym),
                ]);
            }
            for (spellings, form) in groups {
                for spelling in spellings.iter().flat_map(|s| with_curly_apostrophe(s.trim())) {
                    let spelling = spelling.as_str();
                    if spelling.is_empty() {
                        continue;
                    }
                    if form == Form::Name && is_title_and_name(spelling, &own_names, &title_spellings) {
                        continue;
                    }
                    let case = if form == Form::Description {
                        CaseRule::Any
                    } else {
                        CaseRule::for_spelling(spelling)
                    };
                    let entry = SurfaceEntry {
                        target: SurfaceTarget::Actor { actor, form },
                        case,
                        priority: ranked.priority,
                        spelling: spelling.to_string(),
                    };
                    by_text
                        .entry(spelling.to_lowercase())
                        .or_default()
                        .push((entry, ranked.origin));
                }
            }
        }
        for (index, ranked) in titles.iter().enumerate() {
            let rule = ranked.rule;
            if !rule.names_people {
                continue; // Kept for agent codes; such a title never joins a name.
            }
            for spelling in rule.aliases.iter().chain(std::iter::once(&rule.label)) {
                let spelling = spelling.trim();
                if spelling.is_empty() {
                    continue;
                }
                let entry = SurfaceEntry {
                    target: SurfaceTarget::Title(index as TitleIdx),
                    case: CaseRule::Any,
                    priority: ranked.priority,
                    spelling: spelling.to_string(),
                };
                by_text
                    .entry(spelling.to_lowercase())
                    .or_default()
                    .push((entry, ranked.origin));
            }
        }

        let mut texts = Vec::with_capacity(by_text.len());
        let mut uncapitalized = Vec::with_capacity(by_text.len());
        let mut entries: Vec<Vec<SurfaceEntry>> = Vec::with_capacity(by_text.len());
        let mut pattern_of = HashMap::with_capacity(by_text.len());
        for (text, mut candidates) in by_text {
            candidates.sort_by_key(|(e, _)| std::cmp::Reverse(e.priority));
            candidates.dedup_by(|a, b| a.0 == b.0);
            self.warn_on_shared_alias(&text, &candidates, actors);
            // The automaton folds ASCII case only: each spelling that differs beyond ASCII case
            // ("Élysée", "élysée") is a pattern of its own, all naming the same entries.
            let mut variants: Vec<String> = candidates
                .iter()
                .map(|(e, _)| e.spelling.to_ascii_lowercase())
                .collect();
            variants.push(text.clone());
            variants.sort();
            variants.dedup();
            let group: Vec<SurfaceEntry> = candidates.into_iter().map(|(e, _)| e).collect();
            let may_start_uncapitalized = group.iter().any(|e| e.case.may_accept_uncapitalized(&e.spelling));
            pattern_of.insert(text, texts.len() as u32);
            for variant in variants {
                texts.push(variant);
                uncapitalized.push(may_start_uncapitalized);
                entries.push(group.clone());
            }
        }
        // Over lowercase spellings, read through ASCII-lowercased input: the matches of ASCII
        // case-insensitivity with half the transitions to build.
        let automaton = SurfaceAutomaton::new(&texts, &uncapitalized);
        SurfaceIndex {
            automaton,
            entries,
            pattern_of,
        }
    }

    fn warn_on_shared_alias(
        &mut self,
        text: &str,
        candidates: &[(SurfaceEntry, Origin)],
        actors: &[Ranked<'p, ActorRule>],
    ) {
        let named: Vec<(ActorIdx, Origin)> = candidates
            .iter()
            .filter(|(e, _)| e.priority == candidates[0].0.priority)
            .filter_map(|(e, o)| match e.target {
                SurfaceTarget::Actor { actor, form } if form != Form::Description => Some((actor, *o)),
                _ => None,
            })
            .collect();
        let mut distinct: Vec<ActorIdx> = named.iter().map(|(a, _)| *a).collect();
        distinct.dedup();
        if distinct.len() > 1 {
            let names: Vec<String> = distinct
                .iter()
                .map(|&a| format!("`{}`", actors[a as usize].rule.id))
                .collect();
            let (_, origin) = named[named.len() - 1];
            let spelling = candidates[0].0.spelling.clone();
            self.diagnose(
                false,
                origin,
                "",
                &spelling,
                format!(
                    "alias `{text}` is claimed by {}; raise the `priority` of the pack that should win",
                    names.join(" and ")
                ),
                None,
            );
        }
    }

    /// One word-bounded, case-insensitive regex over every cue of one kind in every pack.
    fn cue_regex(&mut self, field: &str, cues_of: impl Fn(&super::schema::RulePack) -> &Vec<String>) -> Option<Regex> {
        let mut all = Vec::new();
        for (pack_index, loaded) in self.packs.iter().enumerate() {
            for cue in cues_of(&loaded.pack) {
                match Regex::new(cue) {
                    Ok(_) => all.push(format!("(?:{cue})")),
                    Err(err) => {
                        let origin = Origin {
                            pack: pack_index,
                            position: Position::default(),
                        };
                        self.error(
                            origin,
                            field,
                            cue,
                            format!("invalid cue in `{field}`: {}", one_line(&err)),
                        );
                    }
                }
            }
        }
        if all.is_empty() {
            return None;
        }
        // ASCII word boundaries: the cues are English words, and a Unicode boundary keeps the
        // regex off its DFA (the sport cues, asked of every matched sentence, took 6 % of
        // extraction with one).
        Regex::new(&format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", all.join("|"))).ok()
    }

    fn collect_boilerplate(&mut self) -> Boilerplate {
        let mut boilerplate = Boilerplate::default();
        let mut patterns = Vec::new();
        for (pack_index, loaded) in self.packs.iter().enumerate() {
            for line in &loaded.pack.boilerplate {
                boilerplate.lines.insert(normalize_line(line));
            }
            for source in &loaded.pack.boilerplate_patterns {
                match Regex::new(source) {
                    Ok(_) => patterns.push(source.clone()),
                    Err(err) => {
                        let origin = Origin {
                            pack: pack_index,
                            position: Position::default(),
                        };
                        self.error(
                            origin,
                            "boilerplate_patterns",
                            source,
                            format!("invalid boilerplate pattern: {}", one_line(&err)),
                        );
                    }
                }
            }
        }
        if !patterns.is_empty() {
            boilerplate.patterns = RegexSet::new(&patterns).ok();
        }
        boilerplate
    }
}

/// A spelling with a straight apostrophe also stands for its typographic twin ("Georgia’s").
fn with_curly_apostrophe(spelling: &str) -> Vec<String> {
    if spelling.contains('\'') {
        vec![spelling.to_string(), spelling.replace('\'', "\u{2019}")]
    } else {
        vec![spelling.to_string()]
    }
}

/// Whether an alias is a title (maybe after a state's adjective) followed by another name of the
/// same actor: "President Hu Jintao", "German Chancellor Angela Merkel". Such an alias would hide
/// the title from the matcher, and with it the office and the state; the shorter name and the
/// title say the same and more.
fn is_title_and_name(
    alias: &str,
    own_names: &std::collections::HashSet<String>,
    titles: &std::collections::HashSet<String>,
) -> bool {
    let words: Vec<&str> = alias.split_whitespace().collect();
    (1..words.len().min(5)).any(|split| {
        let rest = words[split..].join(" ").to_lowercase();
        let prefix = words[..split].join(" ").to_lowercase();
        own_names.contains(&rest)
            && (0..split).any(|start| titles.contains(&words[start..split].join(" ").to_lowercase()))
            && !prefix.is_empty()
    })
}

/// Hand-curated packs win on conflicts: an actor of a lower-priority pack (an imported
/// dictionary) that shares a name with an actor of a higher-priority pack is the same actor, so it
/// is folded into it — its names join the curated actor's, its id still resolves to it — instead
/// of becoming a second node. Kinds must agree, except that an imported actor of kind `Other`
/// folds into anything.
///
/// Returns the actors kept, the rules folded into each, and the ids of folded actors with the
/// index they now stand for.
#[allow(clippy::type_complexity)]
fn fold_shadowed<'p>(
    actors: Vec<Ranked<'p, ActorRule>>,
) -> (
    Vec<Ranked<'p, ActorRule>>,
    Vec<Vec<&'p ActorRule>>,
    Vec<(String, usize)>,
) {
    let mut order: Vec<usize> = (0..actors.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(actors[i].priority));
    // Names compare without case and without a leading "the" ("the UN" is "UN").
    let key = |alias: &str| {
        let lower = alias.to_lowercase();
        lower.strip_prefix("the ").map(str::to_string).unwrap_or(lower)
    };
    let mut owner_of_name: HashMap<String, usize> = HashMap::new();
    let mut folded_into: Vec<Option<usize>> = vec![None; actors.len()];
    for &i in &order {
        let rule = actors[i].rule;
        let compatible = |owner: usize| {
            let owner_rule = actors[owner].rule;
            actors[owner].priority > actors[i].priority
                && (owner_rule.kind == rule.kind || rule.kind == crate::rules::schema::ActorKind::Other)
        };
        let by_name = rule
            .aliases
            .iter()
            .find_map(|alias| owner_of_name.get(&key(alias)).copied().filter(|&o| compatible(o)));
        match by_name {
            Some(owner) => folded_into[i] = Some(owner),
            None => {
                for alias in &rule.aliases {
                    owner_of_name.entry(key(alias)).or_insert(i);
                }
            }
        }
    }
    let mut new_index = vec![usize::MAX; actors.len()];
    let mut kept_count = 0;
    for (i, folded) in folded_into.iter().enumerate() {
        if folded.is_none() {
            new_index[i] = kept_count;
            kept_count += 1;
        }
    }
    let mut absorbed: Vec<Vec<&'p ActorRule>> = vec![Vec::new(); kept_count];
    let mut redirects = Vec::new();
    for (i, folded) in folded_into.iter().enumerate() {
        if let Some(owner) = folded {
            absorbed[new_index[*owner]].push(actors[i].rule);
            redirects.push((actors[i].rule.id.clone(), new_index[*owner]));
        }
    }
    let kept = actors
        .into_iter()
        .zip(&folded_into)
        .filter(|(_, f)| f.is_none())
        .map(|(a, _)| a)
        .collect();
    (kept, absorbed, redirects)
}

/// Every name a title goes by (id, label, aliases), lowercased.
fn title_names(titles: &[Ranked<'_, TitleRule>]) -> HashMap<String, TitleIdx> {
    let mut names = HashMap::new();
    for (index, ranked) in titles.iter().enumerate() {
        let rule = ranked.rule;
        for name in std::iter::once(&rule.id)
            .chain(std::iter::once(&rule.label))
            .chain(&rule.aliases)
        {
            names.entry(name.to_lowercase()).or_insert(index as TitleIdx);
        }
    }
    names
}

/// One word list of the grammar, from every pack, lowercased (the texts are compared lowercased).
fn lowercased_words(
    packs: &[LoadedPack],
    words_of: impl Fn(&super::schema::RulePack) -> &Vec<String>,
) -> std::collections::HashSet<String> {
    packs
        .iter()
        .flat_map(|p| words_of(&p.pack))
        .map(|w| w.to_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::rules::rulebook_from_str;

    fn pack(vetoes: &str) -> String {
        format!(
            r#"(
    relations: [(id: "fights", family: "fights", cameo: "19", label: "fights")],
    patterns: [(
        id: "war-between",
        relation: "fights",
        mutual: true,
        pattern: "war between {{source}} and {{target}}",
        {vetoes}
    )],
)"#
        )
    }

    #[test]
    fn vetoes_compile_into_the_pattern() {
        let rules = rulebook_from_str("test.ron", &pack(r#"unless_preceded_by: "gas $","#)).expect("compiles");
        let vetoes = &rules.patterns[0].vetoes;
        let text = "the gas war between \x01Nc0\x02 and \x01Nc1\x02";
        let at = text.find("war").unwrap();
        assert!(vetoes.undo(text, at..text.len()));
        assert!(!vetoes.undo("the war", 4..7));
    }

    #[test]
    fn a_veto_inside_the_match_undoes_it_only_there() {
        let rules = rulebook_from_str("test.ron", &pack(r#"unless_containing: "\\bgas\\b","#)).expect("compiles");
        let vetoes = &rules.patterns[0].vetoes;
        let text = "the gas war between \x01Nc0\x02 and \x01Nc1\x02";
        assert!(vetoes.undo(text, 0..text.len()));
        let at = text.find("war").unwrap();
        assert!(!vetoes.undo(text, at..text.len()), "the word is outside the match");
    }

    #[test]
    fn a_broken_veto_names_its_field_and_line() {
        let errors = rulebook_from_str("test.ron", &pack(r#"unless_followed_by: "(unclosed","#)).unwrap_err();
        let error = errors
            .iter()
            .find(|d| d.message.contains("unless_followed_by"))
            .expect("an error about the veto");
        assert!(error.message.contains("war-between"), "{}", error.message);
        assert!(error.position.line > 0, "{error:?}");
    }
}
