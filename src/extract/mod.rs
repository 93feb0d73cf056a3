//! Extraction: one article in, claims out. Cleaning and sentences (corpus), then mentions, then
//! relation patterns on sentences naming two or more actors, then negation, modality, dates and
//! attribution for each claim.

pub mod claim;
pub mod dates;
pub mod examples;
pub mod mentions;
pub mod patterns;
pub mod stream;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

pub use claim::{Claim, Evidence, Mark, MarkRole, Modality, NodeInfo, Office, RoleInfo};
use mentions::{ArticleMentions, Mention, Referent};
use patterns::{MaskedSentence, PatternMatch, Target};

use crate::corpus::{Article, ArticleMeta, clean, dateline, sentences};
use crate::date::PartialDate;
use crate::rules::prefilter::Candidate;
use crate::rules::rulebook::Form;
use crate::rules::schema::ActorKind;
use crate::rules::{Family, Rulebook};

/// What one article yields.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub article: String,
    pub meta: ArticleMeta,
    pub claims: Vec<Claim>,
    /// Every node the claims name, by id.
    pub nodes: BTreeMap<String, NodeInfo>,
    pub sentences: usize,
    pub bytes: usize,
}

/// Extracts every claim of one article: [`prepare`], [`find_candidates`], [`run_pattern_jobs`]
/// and [`finish`] on a batch of one. It takes the article, as [`prepare`] does.
pub fn extract(rules: &Rulebook, article: Article) -> Extraction {
    let mut batch = [prepare(rules, article)];
    find_candidates(rules, &mut batch[0]);
    let jobs = pattern_jobs(&batch);
    let matches = run_pattern_jobs(rules, &batch, &jobs);
    store_matches(&mut batch, &jobs, matches);
    let [prepared] = batch;
    finish(rules, prepared)
}

/// An article (owned, so that a batch can be read while the one before it is still matched) read
/// up to the relation patterns that may match its sentences.
///
/// Extraction of a batch runs in steps so that pattern matching can go pattern by pattern across
/// the whole batch: run article by article, every sentence walked the automata of different
/// patterns, whose transition tables (several megabytes together) had left the processor's
/// caches since the pattern last ran, and a screen that costs 0.3 µs warm cost 2.6 µs (see
/// BENCHMARKS.md).
pub struct Prepared {
    article: Article,
    reading: Reading,
    /// The sentences that can relate two actors, in order.
    pending: Vec<PendingSentence>,
}

/// A sentence naming two actors, masked, with the patterns that may match it and (once run)
/// the matches of its claim patterns.
struct PendingSentence {
    index: usize,
    masked: MaskedSentence,
    claim_candidates: Vec<Candidate>,
    /// Attribution patterns (who said it) only qualify claims, so they run only once the
    /// sentence holds one: most sentences with "said" hold none.
    attributions: Vec<Candidate>,
    matches: Vec<PatternMatch>,
}

/// One claim pattern to run on one sentence of a batch of [`Prepared`] articles.
#[derive(Debug, Clone, Copy)]
pub struct PatternJob {
    /// The article's index in the batch.
    pub article: usize,
    /// The sentence's index among the article's pending sentences.
    sentence: usize,
    candidate: Candidate,
}

impl PatternJob {
    /// The pattern the job runs.
    pub fn pattern(&self) -> usize {
        self.candidate.pattern
    }
}

/// Reads an article: sentences, mentions, and for each sentence that can relate two actors its
/// masked text and candidate patterns.
pub fn prepare(rules: &Rulebook, article: Article) -> Prepared {
    let reading = read_article(rules, &article);
    let text = article.text.as_str();
    let mut pending = Vec::new();
    for (index, (range, mentions)) in reading.sentences.iter().zip(&reading.mentions.per_sentence).enumerate() {
        if !could_relate_two_actors(rules, mentions) || is_question(&text[range.clone()]) {
            continue;
        }
        pending.push(PendingSentence {
            index,
            masked: MaskedSentence::new(text, range.clone(), mentions, |m| kind_letter(rules, m.referent)),
            claim_candidates: Vec::new(),
            attributions: Vec::new(),
            matches: Vec::new(),
        });
    }
    Prepared {
        article,
        reading,
        pending,
    }
}

impl Prepared {
    /// The article's id.
    pub fn id(&self) -> &str {
        &self.article.id
    }
}

/// Asks the pattern filter which patterns may match each sentence of a prepared article. (A step
/// of its own so that a thread runs the filter's automaton over article after article while it
/// is warm.)
pub fn find_candidates(rules: &Rulebook, prepared: &mut Prepared) {
    for pending in &mut prepared.pending {
        (pending.attributions, pending.claim_candidates) = rules
            .pattern_filter
            .candidates(&pending.masked.text)
            .into_iter()
            .partition(|c| rules.is_attribution(c.pattern));
    }
}

/// Every claim pattern to run on the batch, pattern by pattern (and in batch order within one).
pub fn pattern_jobs(batch: &[Prepared]) -> Vec<PatternJob> {
    let mut jobs: Vec<PatternJob> = batch
        .iter()
        .enumerate()
        .flat_map(|(article, prepared)| {
            prepared
                .pending
                .iter()
                .enumerate()
                .flat_map(move |(sentence, pending)| {
                    pending.claim_candidates.iter().map(move |&candidate| PatternJob {
                        article,
                        sentence,
                        candidate,
                    })
                })
        })
        .collect();
    // Stable: within one pattern the jobs stay in batch order.
    jobs.sort_by_key(|job| job.candidate.pattern);
    jobs
}

/// The matches of each job, in the order given.
pub fn run_pattern_jobs(rules: &Rulebook, batch: &[Prepared], jobs: &[PatternJob]) -> Vec<Vec<PatternMatch>> {
    jobs.iter()
        .map(|job| {
            let masked = &batch[job.article].pending[job.sentence].masked;
            patterns::match_candidates(rules, masked, [job.candidate])
        })
        .collect()
}

/// Files the matches of `jobs` (as [`pattern_jobs`] ordered them) with their sentences: each
/// sentence receives its matches in pattern order, as one run over its candidates finds them.
pub fn store_matches(batch: &mut [Prepared], jobs: &[PatternJob], matches: Vec<Vec<PatternMatch>>) {
    for (job, found) in jobs.iter().zip(matches) {
        batch[job.article].pending[job.sentence].matches.extend(found);
    }
}

/// Makes the claims of a prepared article whose pattern jobs have run.
pub fn finish(rules: &Rulebook, prepared: Prepared) -> Extraction {
    let Prepared {
        article,
        reading,
        pending,
    } = prepared;
    let text = article.text.as_str();
    let (sentence_ranges, found) = (&reading.sentences, &reading.mentions);
    let mut out = Extraction {
        article: article.id.clone(),
        meta: article.meta.clone(),
        sentences: sentence_ranges.len(),
        bytes: text.len(),
        ..Extraction::default()
    };
    let context = Context {
        rules,
        article: &article,
        found,
        date: reading.date,
    };
    let mut pending = pending.into_iter().peekable();
    for (index, (range, sentence_mentions)) in sentence_ranges.iter().zip(&found.per_sentence).enumerate() {
        let sentence = SentenceRef {
            index,
            range: range.clone(),
            mentions: sentence_mentions,
        };
        context.office_claims(&sentence, &mut out);
        if let Some(matched) = pending.next_if(|p| p.index == index) {
            context.pattern_claims(&sentence, matched, &mut out);
        }
    }
    out
}

/// Whether a sentence's mentions can make a relation claim: two of them must name different
/// actors, or one a group that stands for several ("the two rebel regions"). A sentence that
/// names only Russia, twice, relates nothing, and its patterns are not run.
fn could_relate_two_actors(rules: &Rulebook, mentions: &[Mention]) -> bool {
    let Some((first, rest)) = mentions.split_first() else {
        return false;
    };
    !rest.is_empty()
        && (rest.iter().any(|m| m.referent != first.referent)
            || matches!(first.referent, Referent::Actor(a) if !rules.actors[a as usize].stands_for.is_empty()))
}

/// An article read up to its mentions: sentences (cleaned, datelines set aside), the mentions
/// of each, and the date claims default to.
struct Reading {
    sentences: Vec<Range<usize>>,
    mentions: ArticleMentions,
    /// The article's date, made finer by a dateline ("MOSCOW, April 3 (RIA Novosti) -").
    date: Option<PartialDate>,
}

fn read_article(rules: &Rulebook, article: &Article) -> Reading {
    let text = article.text.as_str();
    let mut date = article.meta.date;
    let mut sentence_ranges = Vec::new();
    for mut paragraph in clean::paragraphs(text, &rules.boilerplate) {
        if let Some(line) = dateline::find(text, paragraph.clone()) {
            paragraph.start = line.range.end;
            let dated = line
                .date
                .and_then(|d| dates::find_dates(&text[d], article.meta.date).first().map(|(_, d)| *d));
            // A dateline refines the article's date; it never contradicts the manifest.
            if let Some(dated) =
                dated.filter(|d| date.is_none_or(|a| a.first_day() <= d.first_day() && d.last_day() <= a.last_day()))
            {
                date = Some(dated);
            }
        }
        sentence_ranges.extend(sentences::split(text, paragraph, &rules.abbreviations));
    }
    let mentions = mentions::find_mentions(rules, text, &sentence_ranges, date);
    Reading {
        sentences: sentence_ranges,
        mentions,
        date,
    }
}

/// Every pattern match in an article, as (pattern index, source actor ids): what `rules test`
/// checks for patterns that make no claim of their own (who said it).
pub fn pattern_matches(rules: &Rulebook, article: &Article) -> Vec<(usize, Vec<String>)> {
    let reading = read_article(rules, article);
    let (sentence_ranges, found) = (&reading.sentences, &reading.mentions);
    let context = Context {
        rules,
        article,
        found,
        date: reading.date,
    };
    let mut out = Vec::new();
    for (range, mentions) in sentence_ranges.iter().zip(&found.per_sentence) {
        let masked = MaskedSentence::new(&article.text, range.clone(), mentions, |m| {
            kind_letter(rules, m.referent)
        });
        for found_match in patterns::match_patterns(rules, &masked) {
            let sources = found_match
                .sources
                .iter()
                .filter_map(|&m| mentions.get(m))
                .map(|m| context.node_id(m.referent))
                .collect();
            out.push((found_match.pattern, sources));
        }
    }
    out
}

struct Context<'a> {
    rules: &'a Rulebook,
    article: &'a Article,
    found: &'a ArticleMentions,
    /// The date claims default to.
    date: Option<PartialDate>,
}

struct SentenceRef<'a> {
    index: usize,
    range: Range<usize>,
    mentions: &'a [Mention],
}

/// A claim before its evidence is written out.
struct Draft {
    source: Referent,
    target: Referent,
    source_mention: usize,
    target_mention: Option<usize>,
    relation: usize,
    pattern: usize,
    negated: bool,
    modality: Modality,
    date: Option<PartialDate>,
    whole: Range<usize>,
    source_range: Range<usize>,
    target_range: Option<Range<usize>>,
}

impl Context<'_> {
    fn text(&self) -> &str {
        &self.article.text
    }

    /// "Defense Minister Danial Akhmetov": the person holds that office for a state.
    fn office_claims(&self, sentence: &SentenceRef<'_>, out: &mut Extraction) {
        let Some(relation) = self.rules.relation_of_family(Family::HoldsOffice) else {
            return;
        };
        for mention in sentence.mentions {
            let Some(office) = mention.office else { continue };
            let role = match mention.referent {
                Referent::Actor(person) => self.rules.role_at(person, self.date, Some(office.title)),
                Referent::Discovered(_) => None,
            };
            let organisation = office.of.or_else(|| role.map(|r| Referent::Actor(r.of)));
            let Some(organisation) = organisation else { continue };
            // A role whose organisation differs from the one the text names is not this office.
            let role = role.filter(|r| Referent::Actor(r.of) == organisation);
            let title = &self.rules.titles[office.title as usize];
            let claim_office = Office {
                title: title.label.clone(),
                from: role.and_then(|r| r.period.from),
                to: role.and_then(|r| r.period.to),
            };
            let date = match mention.referent {
                Referent::Actor(person) => self.office_date(person, organisation, sentence),
                Referent::Discovered(_) => self.date,
            };
            for target in self.expand(organisation) {
                if target == mention.referent {
                    continue;
                }
                let evidence = self.evidence(
                    sentence,
                    format!("office:{}", title.id),
                    date,
                    vec![Mark {
                        role: MarkRole::Source,
                        start: mention.start,
                        end: mention.end,
                    }],
                );
                self.push_claim(
                    out,
                    mention.referent,
                    target,
                    relation,
                    false,
                    Modality::Asserted,
                    Some(claim_office.clone()),
                    evidence,
                );
            }
        }
    }

    fn pattern_claims(&self, sentence: &SentenceRef<'_>, pending: PendingSentence, out: &mut Extraction) {
        let text = &self.text()[sentence.range.clone()];
        let PendingSentence {
            masked,
            attributions,
            mut matches,
            ..
        } = pending;
        // Asked only of sentences a pattern matched: the cues are many words, each between word
        // boundaries, and asking every sentence with two mentions cost a fifth of extraction.
        // Sport borrows the words of politics, but a president who travels to watch a match
        // still visits: a person's visit survives the cue.
        if !matches.is_empty() && self.rules.cues.off_topic.as_ref().is_some_and(|r| r.is_match(text)) {
            matches.retain(|found| self.is_a_persons_visit(found, sentence));
        }
        if matches.is_empty() {
            return;
        }
        let dates = dates::find_dates(&masked.text, self.date);
        let mut drafts: Vec<Draft> = Vec::new();
        for found in &matches {
            self.drafts_of(found, sentence, &masked, &dates, &mut drafts);
        }
        drop_contained(&mut drafts);
        if drafts.is_empty() {
            return;
        }
        let speakers: Vec<(Referent, usize)> = patterns::match_candidates(self.rules, &masked, attributions)
            .iter()
            .flat_map(|found| {
                found
                    .sources
                    .iter()
                    .map(|&m| (sentence.mentions[m].referent, found.pattern))
            })
            .collect();
        let said_by = speakers.first().map(|(speaker, _)| self.node_id(*speaker));
        let mut reported_sources = Vec::new();
        for draft in drafts {
            let mut marks = vec![Mark {
                role: MarkRole::Source,
                start: masked.to_original(self.text(), draft.source_range.start),
                end: masked.to_original(self.text(), draft.source_range.end),
            }];
            if let Some(target_range) = &draft.target_range {
                marks.push(Mark {
                    role: MarkRole::Target,
                    start: masked.to_original(self.text(), target_range.start),
                    end: masked.to_original(self.text(), target_range.end),
                });
            }
            if let Some(trigger) = trigger_range(&draft) {
                marks.push(Mark {
                    role: MarkRole::Trigger,
                    start: masked.to_original(self.text(), trigger.start),
                    end: masked.to_original(self.text(), trigger.end),
                });
            }
            let mut evidence = self.evidence(
                sentence,
                self.rules.patterns[draft.pattern].id.clone(),
                draft.date,
                marks,
            );
            evidence.said_by = said_by.clone().filter(|s| *s != self.node_id(draft.source));
            reported_sources.push(draft.source);
            let _ = (draft.source_mention, draft.target_mention);
            self.push_claim(
                out,
                draft.source,
                draft.target,
                draft.relation,
                draft.negated,
                draft.modality,
                None,
                evidence,
            );
        }
        // An outlet that reports a claim gets a `reports` edge to the claim's source.
        for (speaker, pattern) in speakers {
            let Referent::Actor(actor) = speaker else { continue };
            if self.rules.actors[actor as usize].kind != ActorKind::Media {
                continue;
            }
            reported_sources.sort();
            reported_sources.dedup();
            for &source in &reported_sources {
                if source == speaker {
                    continue;
                }
                let evidence = self.evidence(sentence, self.rules.patterns[pattern].id.clone(), self.date, Vec::new());
                let relation = self.rules.patterns[pattern].relation;
                self.push_claim(
                    out,
                    speaker,
                    source,
                    relation,
                    false,
                    Modality::Asserted,
                    None,
                    evidence,
                );
            }
        }
    }

    fn drafts_of(
        &self,
        found: &PatternMatch,
        sentence: &SentenceRef<'_>,
        masked: &MaskedSentence,
        dates: &[(Range<usize>, PartialDate)],
        drafts: &mut Vec<Draft>,
    ) {
        let pattern = &self.rules.patterns[found.pattern];
        let mention_of = |i: usize| sentence.mentions.get(i);
        let mut pairs: Vec<(usize, Option<usize>, Referent)> = Vec::new();
        if let Some(target_range) = &found.target_range {
            if self.target_is_modifier(masked, found, target_range, sentence) {
                return;
            }
        }
        if self.opens_inside_phrase(masked, found) || self.skips_a_reporting_verb(masked, found) {
            return;
        }
        match &found.targets {
            Target::Mentions(targets) => {
                let targets = match (&found.target_range, targets.split_last()) {
                    (Some(range), Some((_, rest)))
                        if !rest.is_empty() && self.opens_a_clause(masked, found, range.end) =>
                    {
                        rest
                    }
                    _ => targets.as_slice(),
                };
                for &s in &found.sources {
                    for &t in targets {
                        if let Some(target) = mention_of(t) {
                            pairs.push((s, Some(t), target.referent));
                        }
                    }
                }
            }
            Target::Antecedent => {
                let before = found.target_range.as_ref().map_or(0, |r| r.start);
                let source_referents: Vec<Referent> = found
                    .sources
                    .iter()
                    .filter_map(|&s| mention_of(s))
                    .map(|m| m.referent)
                    .collect();
                let antecedent = masked
                    .tokens
                    .iter()
                    .enumerate()
                    .filter(|(i, token)| token.end <= before && !found.sources.contains(i))
                    .filter(|(i, _)| !source_referents.contains(&sentence.mentions[*i].referent))
                    .map(|(i, _)| i)
                    .next_back();
                if let Some(t) = antecedent {
                    for &s in &found.sources {
                        pairs.push((s, Some(t), sentence.mentions[t].referent));
                    }
                }
            }
            Target::None => {
                for &a in &found.sources {
                    for &b in &found.sources {
                        if a != b {
                            if let Some(target) = mention_of(b) {
                                pairs.push((a, Some(b), target.referent));
                            }
                        }
                    }
                }
            }
        }
        let verb = verb_region(masked, found);
        let verb = blank_out(&self.rules.cues.negation_exceptions, &verb).into_owned();
        let lead_in = clause_lead_in(&masked.text, found.whole.start);
        if is_counterfactual(lead_in, &verb) {
            return;
        }
        let negation_cue = cue_in(&self.rules.cues.negation, &verb) || DENIAL.is_match(lead_in);
        let negated = pattern.negated ^ negation_cue;
        let family = self.rules.relations[pattern.relation].family;
        let modality = self.modality(&verb, lead_in, masked, found.whole.clone(), family);
        let fallback = if pattern.dated_by_sentence { None } else { self.date };
        let date = claim_date(masked, found, dates).or(fallback);
        for (source_mention, target_mention, target) in pairs {
            let Some(mut source) = mention_of(source_mention).map(|m| m.referent) else {
                continue;
            };
            if pattern.acts_for {
                source = self.acting_for(source).unwrap_or(source);
            }
            // "Saakashvili visited Gori": a town of one's own state is no other actor.
            let target_is_own_town = target_mention
                .and_then(mention_of)
                .is_some_and(|m| m.form == Form::Town && self.acting_for(source).unwrap_or(source) == target);
            if target_is_own_town {
                continue;
            }
            for source in self.expand(source) {
                for target in self.expand(target) {
                    if source == target {
                        continue;
                    }
                    let mut push = |source, target| {
                        drafts.push(Draft {
                            source,
                            target,
                            source_mention,
                            target_mention,
                            relation: pattern.relation,
                            pattern: found.pattern,
                            negated,
                            modality,
                            date,
                            whole: found.whole.clone(),
                            source_range: found.source_range.clone(),
                            target_range: found.target_range.clone(),
                        })
                    };
                    push(source, target);
                    if pattern.mutual && matches!(found.targets, Target::Mentions(_)) {
                        push(target, source);
                    }
                }
            }
        }
    }

    /// The state or organisation a person acts for at the article's date, if known.
    fn acting_for(&self, referent: Referent) -> Option<Referent> {
        match referent {
            Referent::Actor(actor) if self.rules.actors[actor as usize].kind == ActorKind::Person => self
                .rules
                .role_at(actor, self.date, None)
                .map(|r| Referent::Actor(r.of)),
            Referent::Discovered(index) => self.found.discovered[index as usize].affiliation,
            _ => None,
        }
    }

    /// Whether the target that ends a match only modifies what follows it, so the claim is not
    /// about it: an actor before an event noun ("a NATO training exercise"), before another
    /// actor ("the CSTO rapid reaction force"), or an adjective before a thing rather than people
    /// ("host a new Russian base", but "met Kazakh officers").
    fn target_is_modifier(
        &self,
        masked: &MaskedSentence,
        found: &PatternMatch,
        target: &Range<usize>,
        sentence: &SentenceRef<'_>,
    ) -> bool {
        let consumed = masked.slice(target.end..found.whole.end);
        if consumed.chars().any(char::is_alphanumeric) {
            return false; // The pattern itself says what follows the target.
        }
        let after = masked.slice(target.end..masked.text.len());
        let after = after.as_ref();
        let target_text = masked.slice(target.clone());
        let last_token = target_text.rsplit('\x01').next().unwrap_or("");
        if let Some(next_token) = after.strip_prefix(" \x01") {
            let index = |t: &str| t.get(2..t.find('\x02')?)?.parse::<usize>().ok();
            let referent = |t: &str| index(t).and_then(|i| sentence.mentions.get(i)).map(|m| m.referent);
            if referent(next_token) != referent(last_token) {
                return true;
            }
        }
        if self.is_event_noun_after(after) {
            return true;
        }
        last_token.starts_with('A') && !self.next_word_in(after, &self.rules.agent_nouns)
    }

    /// How the words around a match state it: as possible (a possibility cue, a condition), as
    /// intended (an intention cue, or "would" in reported speech), or as fact.
    ///
    /// A condition after a threat or a demand is what the threat or demand is about ("threatened
    /// to call off the meeting if NATO went ahead"): the threat itself was made.
    fn modality(
        &self,
        verb: &str,
        lead_in: &str,
        masked: &MaskedSentence,
        whole: Range<usize>,
        family: Family,
    ) -> Modality {
        let conditional_after = !matches!(family, Family::Threatens | Family::Demands)
            && !masked.text[..whole.end].ends_with([',', ';', ':'])
            && TRAILING_CONDITION.is_match(&masked.text[whole.end..]);
        // "Russia said it would supply Armenia": reported speech puts "will" as "would", which
        // tells of a plan, not of a possibility.
        let window_start = masked.text[..whole.start]
            .char_indices()
            .rev()
            .nth(80)
            .map_or(0, |(i, _)| i);
        let reported_will = REPORTED_WILL.is_match(&masked.text[window_start..whole.end]);
        let possibility_words = if reported_will {
            WOULD.replace_all(verb, " ")
        } else {
            std::borrow::Cow::Borrowed(verb)
        };
        let cues = &self.rules.cues;
        if cue_in(&cues.possibility, &possibility_words)
            || CONDITION.is_match(lead_in)
            || CONDITION.is_match(verb)
            || OPENING_CONDITION.is_match(&masked.text)
            || conditional_after
        {
            Modality::Possible
        } else if reported_will || cue_in(&cues.intention, &blank_out(&cues.intention_exceptions, verb)) {
            Modality::Intended
        } else {
            Modality::Asserted
        }
    }

    /// Whether a match makes a person the visitor or the one met.
    fn is_a_persons_visit(&self, found: &PatternMatch, sentence: &SentenceRef<'_>) -> bool {
        let relation = &self.rules.relations[self.rules.patterns[found.pattern].relation];
        let is_person = |i: &usize| {
            sentence
                .mentions
                .get(*i)
                .is_some_and(|m| m.referent.is_person(self.rules))
        };
        relation.family == Family::Visits && !found.sources.is_empty() && found.sources.iter().all(is_person)
    }

    /// Whether the match opens with an actor that a preposition puts inside an earlier noun's
    /// phrase ("the ambassador to Kazakhstan criticized Russia"): the verb's subject is the noun,
    /// not the actor. A possessive actor opens a phrase of its own ("angry at NATO's support for
    /// Georgia") and is left alone.
    fn opens_inside_phrase(&self, masked: &MaskedSentence, found: &PatternMatch) -> bool {
        let Some(token) = masked.tokens.iter().find(|t| t.start == found.whole.start) else {
            return false;
        };
        let after = &masked.text[token.end..];
        if after.starts_with("'s ") || after.starts_with("' ") {
            return false;
        }
        let mut words = masked.text[..found.whole.start].split(' ').rev();
        if words.next() != Some("") {
            return false; // No space before the actor: "(Kazakhstan)", "pro-Russian".
        }
        let word = words
            .find(|word| {
                let word = word.to_lowercase();
                !matches!(word.as_str(), "the" | "a" | "an") && !self.rules.phrase_modifiers.contains(&word)
            })
            .unwrap_or("");
        self.rules.phrase_prepositions.contains(&word.to_lowercase())
    }

    /// Whether a stretch the match skips between its actor and its verb holds a verb that hands
    /// the rest to another subject ("Putin said Georgia had provoked the war and attacked ...").
    /// An apposition or relative clause (a skip that opens with a comma) leaves the subject as it
    /// was.
    fn skips_a_reporting_verb(&self, masked: &MaskedSentence, found: &PatternMatch) -> bool {
        found.skipped.iter().any(|range| {
            let skipped = masked.slice(range.clone());
            !skipped.trim_start().starts_with(',')
                && skipped
                    .split(|c: char| !c.is_alphabetic())
                    .any(|word| self.rules.reporting_verbs.contains(&word.to_lowercase()))
        })
    }

    /// Whether the words at `at` (right after a list of targets) open a clause of their own, so
    /// that the list's last actor is that clause's subject ("Russia criticized NATO and Georgia
    /// welcomed the decision").
    /// A pattern that goes on past its targets ("Abkhazia and South Ossetia were recognized by")
    /// has read those words itself.
    fn opens_a_clause(&self, masked: &MaskedSentence, found: &PatternMatch, at: usize) -> bool {
        if masked.slice(at..found.whole.end).chars().any(char::is_alphanumeric) {
            return false;
        }
        let after = masked.slice(at..masked.text.len());
        let Some(rest) = after.strip_prefix(' ') else {
            return false;
        };
        let word: String = rest.chars().take_while(char::is_ascii_lowercase).collect();
        let ends_word = !rest[word.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '-');
        ends_word && ((word.len() > 3 && word.ends_with("ed")) || self.rules.clause_verbs.contains(&word))
    }

    fn next_word_in(&self, after: &str, words: &std::collections::HashSet<String>) -> bool {
        let word: String = after
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphabetic() || *c == '-')
            .collect();
        words.contains(&word.to_lowercase())
    }

    /// Whether one of the next two words after a target is an event noun ("NATO training
    /// exercise", "the CSTO summit").
    fn is_event_noun_after(&self, after: &str) -> bool {
        if !after.starts_with(' ') {
            return false;
        }
        after
            .split(|c: char| !(c.is_alphabetic() || c == '-'))
            .filter(|w| !w.is_empty())
            .take(2)
            .any(|word| self.rules.modifier_nouns.contains(&word.to_lowercase()))
    }

    /// A group stands for its members; anything else for itself.
    fn expand(&self, referent: Referent) -> Vec<Referent> {
        match referent {
            Referent::Actor(actor) => {
                let members = &self.rules.actors[actor as usize].stands_for;
                if members.is_empty() {
                    vec![referent]
                } else {
                    members.iter().map(|&m| Referent::Actor(m)).collect()
                }
            }
            Referent::Discovered(_) => vec![referent],
        }
    }

    /// The date of "a person in an office" for a person whose offices the rules know: the
    /// article's date when the person held an office of that organisation then (or the rules know
    /// none there), else a date of the sentence that one of those offices covers ("US President
    /// Bill Clinton ... in 1998"), else none: "Russian President Boris Yeltsin" in a 2020 article
    /// is no claim about 2020.
    fn office_date(
        &self,
        person: crate::rules::ActorIdx,
        organisation: Referent,
        sentence: &SentenceRef<'_>,
    ) -> Option<PartialDate> {
        let Referent::Actor(of) = organisation else {
            return self.date;
        };
        let periods: Vec<_> = self.rules.actors[person as usize]
            .roles
            .iter()
            .filter(|r| r.of == of)
            .map(|r| &r.period)
            .collect();
        if periods.is_empty() || periods.iter().any(|p| p.covers(self.date)) {
            return self.date;
        }
        dates::find_dates(&self.text()[sentence.range.clone()], self.date)
            .into_iter()
            .map(|(_, date)| date)
            .find(|date| periods.iter().any(|p| p.covers(Some(*date))))
    }

    fn evidence(
        &self,
        sentence: &SentenceRef<'_>,
        rule: String,
        date: Option<PartialDate>,
        marks: Vec<Mark>,
    ) -> Evidence {
        Evidence {
            article: self.article.id.clone(),
            sentence: sentence.index,
            start: sentence.range.start,
            end: sentence.range.end,
            text: self.text()[sentence.range.clone()].to_string(),
            rule,
            date,
            said_by: None,
            marks,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_claim(
        &self,
        out: &mut Extraction,
        source: Referent,
        target: Referent,
        relation: usize,
        negated: bool,
        modality: Modality,
        office: Option<Office>,
        evidence: Evidence,
    ) {
        let relation = &self.rules.relations[relation];
        let source_node = self.node(source);
        let target_node = self.node(target);
        let claim = Claim {
            source: source_node.id.clone(),
            target: target_node.id.clone(),
            relation: relation.id.clone(),
            family: relation.family,
            cameo: relation.cameo.clone(),
            negated,
            modality,
            office,
            evidence,
        };
        let duplicate = out.claims.iter().any(|c| {
            c.source == claim.source
                && c.target == claim.target
                && c.relation == claim.relation
                && c.negated == claim.negated
                && c.modality == claim.modality
                && c.evidence.sentence == claim.evidence.sentence
        });
        if duplicate {
            return;
        }
        out.nodes.entry(source_node.id.clone()).or_insert(source_node);
        out.nodes.entry(target_node.id.clone()).or_insert(target_node);
        out.claims.push(claim);
    }

    fn node_id(&self, referent: Referent) -> String {
        match referent {
            Referent::Actor(actor) => self.rules.actors[actor as usize].id.clone(),
            Referent::Discovered(index) => person_id(&self.found.discovered[index as usize].name),
        }
    }

    fn node(&self, referent: Referent) -> NodeInfo {
        match referent {
            Referent::Actor(actor) => node_info(self.rules, actor),
            Referent::Discovered(index) => {
                let person = &self.found.discovered[index as usize];
                let affiliation = person.affiliation.map(|a| self.node_id(a));
                let title = self.rules.titles[person.title as usize].label.clone();
                let mut aliases = vec![person.name.clone()];
                if let Some(surname) = person.name.split_whitespace().last().filter(|s| *s != person.name) {
                    aliases.push(surname.to_string());
                }
                NodeInfo {
                    id: person_id(&person.name),
                    label: person.name.clone(),
                    kind: ActorKind::Person,
                    code: None,
                    aliases,
                    affiliation: affiliation.clone(),
                    roles: affiliation
                        .map(|of| {
                            vec![RoleInfo {
                                title,
                                of,
                                from: None,
                                to: None,
                            }]
                        })
                        .unwrap_or_default(),
                }
            }
        }
    }
}

/// The graph node of a rulebook actor.
pub fn node_info(rules: &Rulebook, actor: crate::rules::ActorIdx) -> NodeInfo {
    let actor = &rules.actors[actor as usize];
    let roles: Vec<RoleInfo> = actor
        .roles
        .iter()
        .map(|r| RoleInfo {
            title: rules.titles[r.title as usize].label.clone(),
            of: rules.actors[r.of as usize].id.clone(),
            from: r.period.from,
            to: r.period.to,
        })
        .collect();
    NodeInfo {
        id: actor.id.clone(),
        label: actor.label.clone(),
        kind: actor.kind,
        code: actor.code.clone(),
        aliases: actor.aliases.clone(),
        affiliation: roles.last().map(|r| r.of.clone()),
        roles,
    }
}

/// A stable id for a person nobody curated: their name in lowercase words joined by hyphens.
pub fn person_id(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    format!("person:{}", words.join("-"))
}

/// The text of the match with the slots and skipped clauses blanked out: where cues are read.
fn verb_region(masked: &MaskedSentence, found: &PatternMatch) -> String {
    let mut blanked: Vec<Range<usize>> = found.skipped.clone();
    blanked.extend(found.fixed.iter().cloned());
    blanked.push(found.source_range.clone());
    if let Some(target) = &found.target_range {
        blanked.push(target.clone());
    }
    let mut region = String::with_capacity(found.whole.len());
    let mut at = found.whole.start;
    blanked.sort_by_key(|r| r.start);
    for range in blanked {
        if range.start > at {
            region.push_str(&masked.slice(at..range.start));
        }
        region.push(' ');
        at = at.max(range.end);
    }
    if at < found.whole.end {
        region.push_str(&masked.slice(at..found.whole.end));
    }
    region
}

/// The kind letter a mention's token carries: its actor's kind; a person nobody curated is a
/// person.
fn kind_letter(rules: &Rulebook, referent: Referent) -> char {
    match referent {
        Referent::Actor(actor) => crate::rules::pattern::kind_letter(rules.actors[actor as usize].kind),
        Referent::Discovered(_) => crate::rules::pattern::kind_letter(ActorKind::Person),
    }
}

/// Whether a cue of the grammar (if it has one) occurs in `text`.
fn cue_in(cue: &Option<Regex>, text: &str) -> bool {
    cue.as_ref().is_some_and(|r| r.is_match(text))
}

/// `text` with the phrases an exception list matches blanked out ("not only", "the planned"), so
/// that the cue scan passes over them.
fn blank_out<'t>(exceptions: &Option<Regex>, text: &'t str) -> std::borrow::Cow<'t, str> {
    match exceptions {
        Some(exceptions) => exceptions.replace_all(text, " "),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// The words of a match's clause before the match: from the last `,`, `;`, `:`, dash or
/// sentence start before it. What they say about the match ("If Ukraine joins NATO, ...",
/// "Neither Russia nor China criticized Iran") lies outside the pattern.
fn clause_lead_in(masked: &str, start: usize) -> &str {
    let before = masked.get(..start).unwrap_or("");
    let clause_start = before
        .rfind([',', ';', ':', '(', '\u{2014}'])
        .map_or(0, |at| at + before[at..].chars().next().map_or(1, char::len_utf8));
    &before[clause_start..]
}

/// A condition the match lies in ("If Ukraine joins NATO", "unless Armenia withdraws", "Should
/// Georgia attack"): what it says is only possible.
static CONDITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:if|unless|in case|in the event that|provided that|no matter how|however much|however hard)\b|^\s*["']?\s*should\b"#)
        .expect("valid regex")
});

/// Whether the match says what did not happen: "Had Georgia not attacked South Ossetia, ...",
/// "If Russia had invaded ...", "Russia would have attacked Georgia". A counterfactual implies
/// the opposite of its words, so it makes no claim either way.
fn is_counterfactual(lead_in: &str, verb: &str) -> bool {
    COUNTERFACTUAL_LEAD.is_match(lead_in)
        || (CONDITION.is_match(lead_in) && PAST_PERFECT.is_match(verb))
        || UNREAL_PAST.is_match(verb)
}

/// A clause opened by an inverted "had" or "were": "Had Georgia not attacked", "Were Russia to
/// invade".
static COUNTERFACTUAL_LEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)^\s*["']?\s*(?:had|were)\b"#).expect("valid regex"));

/// "had attacked", "had not attacked": in a condition, a past that did not happen.
static PAST_PERFECT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:had|hadn't)\b").expect("valid regex"));

/// "would have attacked", "could not have signed" (but not "would have to sign", an obligation).
static UNREAL_PAST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:would|could|might|should)(?: not|n't)? have (?:[^t ]|t[^o]|to[a-z])").expect("valid regex")
});

/// A condition later in the clause of the match: "Russia would supply Armenia with missiles if
/// Azerbaijan attacked".
static TRAILING_CONDITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)^[^.;,:"\u{201c}]{0,60}?\b(?:if|unless|provided that|in case|in the event that)\b"#)
        .expect("valid regex")
});

/// A reporting verb, then "would" within its clause: "said it would", "announced that Kyrgyzstan
/// would".
static REPORTED_WILL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:said|says|announced|announces|stated|states|declared|declares|told|tells|added|adds|confirmed|confirms|insisted|insists|promised|promises|vowed|vows|pledged|pledges|indicated|indicates|signalled|signaled|signals|saying|quoted)\b[^.;]{0,60}?\bwould\b",
    )
    .expect("valid regex")
});

/// The auxiliary that reported speech makes of "will".
static WOULD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bwould\b").expect("valid regex"));

/// A sentence that opens with a condition ("If Ukraine joins NATO, Russia will ..."): its main
/// clause, after the comma, holds only if the condition does.
static OPENING_CONDITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)^\s*["']?\s*(?:if|unless|should|in case|in the event that)\b"#).expect("valid regex")
});

/// "Neither Russia nor China criticized Iran", "Moscow denied that Russian troops had attacked
/// ...": the clause before the match denies it.
static DENIAL: LazyLock<Regex> = LazyLock::new(|| {
    // The denial must govern the match: "neither" or "nor" right before its actor, or a
    // that-clause after "denied". "Voronin neither supported nor condemned Russia's
    // recognition" denies nothing of the recognition.
    Regex::new(r"(?i)(?:\b(?:neither|nor)\s*$|\b(?:denied|denies|deny|denying|not true)\b[^,;]{0,40}?\bthat\s*$)")
        .expect("valid regex")
});

/// Whether a sentence asks rather than tells ("Did Russia attack Georgia?", "What are your
/// views on the conflict between Armenia and Azerbaijan?"): a question asserts nothing, so its
/// phrasings make no claims.
fn is_question(sentence: &str) -> bool {
    sentence
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '\u{201d}' | '\u{2019}' | ')' | ']'))
        .ends_with('?')
}

/// The date a sentence gives for a claim: one inside the match (outside skipped clauses), else
/// one that opens the sentence before any actor ("This week Russia threatened"), else one that
/// follows the match within three words of the same clause ("backed Russia's position on April
/// 21").
fn claim_date(
    masked: &MaskedSentence,
    found: &PatternMatch,
    dates: &[(Range<usize>, PartialDate)],
) -> Option<PartialDate> {
    let outside_skips = |range: &Range<usize>| {
        !found
            .skipped
            .iter()
            .any(|s| s.start <= range.start && range.end <= s.end)
    };
    let inside = dates
        .iter()
        .find(|(range, _)| range.start >= found.whole.start && range.end <= found.whole.end && outside_skips(range));
    let first_token = masked.tokens.first().map_or(masked.text.len(), |t| t.start);
    let before = || {
        dates
            .iter()
            .find(|(range, _)| range.end <= first_token.min(found.whole.start))
    };
    let after = || {
        dates.iter().find(|(range, _)| {
            let between = masked.text.get(found.whole.end..range.start).unwrap_or(",");
            range.start >= found.whole.end
                && !between.contains([',', ';', ':', '(', ')'])
                && between.split_whitespace().count() <= 5
        })
    };
    inside.or_else(before).or_else(after).map(|(_, date)| *date)
}

/// The words between source and target, the trigger of the claim.
fn trigger_range(draft: &Draft) -> Option<Range<usize>> {
    let target = draft.target_range.as_ref()?;
    let (first, second) = if draft.source_range.start <= target.start {
        (&draft.source_range, target)
    } else {
        (target, &draft.source_range)
    };
    (first.end < second.start).then_some(first.end..second.start)
}

/// When one pattern's match covers another's for the same pair of mentions, the longer, more
/// specific reading wins ("refused to take part in" over "take part in").
fn drop_contained(drafts: &mut Vec<Draft>) {
    let keep: Vec<bool> = drafts
        .iter()
        .map(|d| {
            !drafts.iter().any(|other| {
                other.source_mention == d.source_mention
                    && other.target_mention == d.target_mention
                    && other.pattern != d.pattern
                    && other.whole.start <= d.whole.start
                    && other.whole.end >= d.whole.end
                    && other.whole.len() > d.whole.len()
            })
        })
        .collect();
    let mut flags = keep.into_iter();
    drafts.retain(|_| flags.next().unwrap_or(true));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_counterfactual_is_told_from_a_condition_and_an_obligation() {
        assert!(is_counterfactual("Had ", "not attacked"));
        assert!(is_counterfactual("If ", "had attacked"));
        assert!(is_counterfactual("", "would have attacked"));
        assert!(is_counterfactual("", "could not have signed"));
        assert!(
            !is_counterfactual("If ", "attacks"),
            "an open condition is only possible"
        );
        assert!(!is_counterfactual("", "would have to attack"), "an obligation");
        assert!(
            !is_counterfactual("", "had attacked"),
            "a past perfect outside a condition"
        );
    }
}
