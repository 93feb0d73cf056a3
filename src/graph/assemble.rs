//! Assembly: claims from any number of articles merged into one graph. The same claim from
//! several sentences or articles becomes one edge holding all its evidence; a sentence repeated
//! word for word counts once. The result does not depend on the order claims arrive in.

use std::collections::{BTreeMap, HashMap, HashSet};

// A fixed seed: the map's order never reaches the output (edges are sorted), but nothing about a
// run should depend on a random seed.
use foldhash::fast::FixedState;

use rayon::prelude::*;

use super::model::{ActorGraph, Edge};
use crate::corpus::ArticleMeta;
use crate::date::PartialDate;
use crate::extract::stream::Record;
use crate::extract::{Claim, Evidence, Extraction, Modality, NodeInfo, Office};
use crate::rules::Family;

/// What makes two claims the same claim. Node ids and relations are numbered by [`Names`]: a
/// key of numbers hashes, moves and compares far faster than one of three strings, and a million
/// claims name only a few thousand of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct EdgeKey {
    source: u32,
    target: u32,
    relation: u32,
    negated: bool,
    modality: Modality,
}

/// The node ids and relation names claims use, each numbered once.
#[derive(Debug, Default)]
struct Names {
    numbers: HashMap<String, u32, FixedState>,
    names: Vec<String>,
}

impl Names {
    fn number(&mut self, name: String) -> u32 {
        if let Some(&number) = self.numbers.get(name.as_str()) {
            return number;
        }
        let number = self.names.len() as u32;
        self.names.push(name.clone());
        self.numbers.insert(name, number);
        number
    }

    /// The names in sorted order, and for each old number its place in that order: renumbered so,
    /// keys sort as their strings would.
    fn sorted(self) -> (Vec<String>, Vec<u32>) {
        let mut order: Vec<u32> = (0..self.names.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| self.names[a as usize].cmp(&self.names[b as usize]));
        let mut rank = vec![0; order.len()];
        for (place, &old) in order.iter().enumerate() {
            rank[old as usize] = place as u32;
        }
        let mut names = self.names;
        let mut sorted = Vec::with_capacity(names.len());
        for &old in &order {
            sorted.push(std::mem::take(&mut names[old as usize]));
        }
        (sorted, rank)
    }
}

#[derive(Debug, Clone)]
struct EdgeParts {
    family: Family,
    cameo: Option<String>,
    office: Option<Office>,
    evidence: Vec<Evidence>,
}

/// Collects claims and nodes; [`Assembler::finish`] makes the graph.
#[derive(Debug, Default)]
pub struct Assembler {
    /// Hashed too, and sorted by id at the end: every article describes its nodes again.
    nodes: HashMap<String, NodeInfo, FixedState>,
    /// Hashed while claims arrive, sorted once at the end: the ids (e1, e2, ...) follow key order.
    /// (A BTreeMap compared strings all the way down its tree for every one of a million claims.)
    edges: HashMap<EdgeKey, EdgeParts, FixedState>,
    names: Names,
    articles: BTreeMap<String, ArticleMeta>,
}

impl Assembler {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add_extraction(&mut self, extraction: Extraction) {
        self.add_article(extraction.article, extraction.meta);
        for node in extraction.nodes.into_values() {
            self.add_node(node);
        }
        for claim in extraction.claims {
            self.add_claim(claim);
        }
    }

    /// Adds one record of a claim stream (see [`crate::extract::stream`]).
    pub fn add_record(&mut self, record: Record) {
        match record {
            Record::Article(article) => self.add_article(article.id, article.meta),
            Record::Node(node) => self.add_node(node),
            Record::Claim(claim) => self.add_claim(claim),
        }
    }

    pub fn add_article(&mut self, id: String, meta: ArticleMeta) {
        self.articles.entry(id).or_insert(meta);
    }

    /// The first description of a node wins; later ones only fill what it lacks.
    pub fn add_node(&mut self, node: NodeInfo) {
        match self.nodes.get_mut(&node.id) {
            Some(existing) => {
                existing.merge(node);
            }
            None => {
                self.nodes.insert(node.id.clone(), node);
            }
        }
    }

    pub fn add_claim(&mut self, claim: Claim) {
        let key = EdgeKey {
            source: self.names.number(claim.source),
            target: self.names.number(claim.target),
            relation: self.names.number(claim.relation),
            negated: claim.negated,
            modality: claim.modality,
        };
        let parts = self.edges.entry(key).or_insert_with(|| EdgeParts {
            family: claim.family,
            cameo: claim.cameo,
            office: None,
            // Room for one: most edges hold one claim, and an empty vector's first push makes
            // room for four.
            evidence: Vec::with_capacity(1),
        });
        if parts.office.is_none() {
            parts.office = claim.office;
        }
        parts.evidence.push(claim.evidence);
    }

    pub fn claim_count(&self) -> usize {
        self.edges.values().map(|e| e.evidence.len()).sum()
    }

    pub fn finish(self) -> ActorGraph {
        let mut latest_as_source: HashMap<&str, PartialDate, FixedState> = HashMap::default();
        let (names, rank) = self.names.sorted();
        let name = |number: u32| names[number as usize].as_str();
        let mut keyed: Vec<(EdgeKey, EdgeParts)> = self
            .edges
            .into_iter()
            .map(|(key, parts)| {
                let renumbered = EdgeKey {
                    source: rank[key.source as usize],
                    target: rank[key.target as usize],
                    relation: rank[key.relation as usize],
                    ..key
                };
                (renumbered, parts)
            })
            .collect();
        // Keys are unique, so an unstable sort gives one order; it and each edge's own evidence
        // (sorted and deduplicated independently of the others) are done on every core.
        keyed.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        keyed.par_iter_mut().for_each(|(_, parts)| {
            parts
                .evidence
                .sort_by(|a, b| (&a.article, a.start, &a.rule).cmp(&(&b.article, b.start, &b.rule)));
            dedup_evidence(&mut parts.evidence);
        });
        // One walk over the edges gathers what the nodes and articles need: each of a million
        // edges' strings and evidence lies somewhere else in memory, and three walks fetched them
        // three times. A source is met in one run (the edges are sorted by it), so it is looked
        // up once per run. Scanning every edge for each node and article instead made assembling
        // a million claims quadratic.
        let mut used: HashSet<&str, FixedState> =
            HashSet::with_capacity_and_hasher(self.nodes.len(), FixedState::default());
        let mut cited: HashSet<&str, FixedState> =
            HashSet::with_capacity_and_hasher(self.articles.len(), FixedState::default());
        let mut source_run: Option<(&str, Option<PartialDate>)> = None;
        for (key, parts) in &keyed {
            let latest = parts.evidence.iter().filter_map(|e| e.date).max();
            match &mut source_run {
                Some((source, run_latest)) if *source == name(key.source) => *run_latest = (*run_latest).max(latest),
                _ => {
                    if let Some((source, Some(latest))) = source_run {
                        latest_as_source.insert(source, latest);
                    }
                    used.insert(name(key.source));
                    source_run = Some((name(key.source), latest));
                }
            }
            used.insert(name(key.target));
            cited.extend(parts.evidence.iter().map(|ev| ev.article.as_str()));
        }
        if let Some((source, Some(latest))) = source_run {
            latest_as_source.insert(source, latest);
        }
        let mut by_id: Vec<(String, NodeInfo)> = self.nodes.into_iter().collect();
        by_id.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut nodes: Vec<NodeInfo> = Vec::new();
        for (id, mut node) in by_id {
            if !used.contains(id.as_str()) {
                continue;
            }
            // A person acts for the state or organisation of the office held when last cited.
            if !node.roles.is_empty() {
                let when = latest_as_source.get(id.as_str()).copied();
                let current = node
                    .roles
                    .iter()
                    .rev()
                    .find(|r| r.period().covers(when))
                    .or(node.roles.last());
                node.affiliation = current.map(|r| r.of.clone());
            }
            nodes.push(node);
        }
        let articles = self
            .articles
            .into_iter()
            .filter(|(id, _)| cited.contains(id.as_str()))
            .collect();
        // The edges go straight into the graph, in key order: the ids (e1, e2, ...) follow it.
        // (Collecting them first copied a million edges once more.)
        let edges = keyed.into_iter().enumerate().map(|(number, (key, parts))| Edge {
            id: format!("e{}", number + 1),
            polarity: parts.family.polarity(),
            family: parts.family,
            cameo: parts.cameo,
            office: parts.office,
            date: parts.evidence.iter().filter_map(|e| e.date).min(),
            evidence: parts.evidence,
            source: name(key.source).to_string(),
            target: name(key.target).to_string(),
            relation: name(key.relation).to_string(),
            negated: key.negated,
            modality: key.modality,
        });
        ActorGraph::from_parts(nodes, edges, articles)
    }
}

/// A sentence repeated word for word in one article is one piece of evidence. Expects the
/// evidence sorted, so that the copy kept is the first in the article.
pub(crate) fn dedup_evidence(evidence: &mut Vec<Evidence>) {
    // Most edges of a large graph hold one sentence (the million-claim benchmark's 907,951 edges
    // hold a million): nothing to compare, so no set and no normalised copies.
    if evidence.len() < 2 {
        return;
    }
    // A set rather than a list: roll-up merges edges into ones with thousands of sentences.
    let mut seen: HashSet<(String, String), FixedState> =
        HashSet::with_capacity_and_hasher(evidence.len(), FixedState::default());
    evidence.retain(|e| seen.insert((e.article.clone(), crate::rules::rulebook::normalize_line(&e.text))));
}
