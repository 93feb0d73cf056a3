//! Selecting part of a graph: the edges that say who did what to whom, when and in which article,
//! with their end nodes. This is the one filter behind every command that reads a graph and the
//! diagram views. It also turns the names users type ("kazakstan", "the Kremlin") into node ids,
//! and rolls persons up into the states and organisations they act for, as event-data analysts
//! count dyads. It reads any [`GraphSource`], deciding from edge heads and evidence keys which
//! edges to keep and reading only those whole, so a large snapshot answers quickly.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use petgraph::Direction;

use super::model::{ActorGraph, Edge};
use super::source::{EdgeHead, EdgeId, GraphSource, SourceError, with_evidence};
use crate::date::{PartialDate, Period};
use crate::extract::{Evidence, Modality, NodeInfo};
use crate::rules::Family;
use crate::rules::diagnostic::nearest;

/// What to keep of a graph. Every field left empty keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Who acts: an id, a label or an alias, in any case.
    pub source: Option<String>,
    /// Whom the act concerns.
    pub target: Option<String>,
    /// Families ("refuses") or finer relations ("withdraws_from"); an edge matches any of them.
    pub relations: Vec<String>,
    /// Keep the evidence dated on or after this (a partial date covers its whole span).
    pub since: Option<PartialDate>,
    /// Keep the evidence dated on or before this.
    pub until: Option<PartialDate>,
    /// Keep the evidence from this article: its id, or a prefix naming one ("000").
    pub article: Option<String>,
    /// Keep only negated (`true`) or only affirmed (`false`) claims.
    pub negated: Option<bool>,
    /// Keep edges stated by at least this many different articles.
    pub min_articles: usize,
    /// Keep only what lies within `depth` hops of this actor, edges taken both ways.
    pub focus: Option<String>,
    pub depth: usize,
    /// Let persons stand for the state or organisation they act for at each claim's date.
    pub roll_up: bool,
    /// Keep only edges with one of these actors at either end (names as for `source`).
    pub involving: Vec<String>,
}

/// Why a selection cannot be made. Each variant names what the user typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectError {
    #[error("no actor named `{name}` in the graph{}", did_you_mean(suggestions))]
    UnknownName { name: String, suggestions: Vec<String> },
    #[error("`{name}` may mean {}; name one by its id", or_list(candidates))]
    AmbiguousName { name: String, candidates: Vec<String> },
    #[error("with --roll-up, `{name}` counts as {}: ask for that instead", or_list(into))]
    RolledUp { name: String, into: Vec<String> },
    #[error("no relation or family `{relation}` in the graph{}", did_you_mean(suggestions))]
    UnknownRelation { relation: String, suggestions: Vec<String> },
    #[error("no article `{article}` in the graph{}", did_you_mean(suggestions))]
    UnknownArticle { article: String, suggestions: Vec<String> },
    #[error("`{article}` starts several article ids: {}", or_list(candidates))]
    AmbiguousArticle { article: String, candidates: Vec<String> },
    #[error("the period is empty: --since {since} comes after --until {until}")]
    EmptyPeriod { since: PartialDate, until: PartialDate },
    #[error(transparent)]
    Source(#[from] SourceError),
}

fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", or_list(suggestions))
    }
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// How many suggestions an unknown name gets.
const MAX_SUGGESTIONS: usize = 3;

/// The sub-graph of the edges that match, with their end nodes (and the focus, if any). Edges keep
/// their ids and order; when dates or an article are asked for, each edge keeps only the evidence
/// that matched, so that article counts and quotes speak of the period or article asked about.
pub fn select(graph: &ActorGraph, selection: &Selection) -> Result<ActorGraph, SelectError> {
    select_from(graph, selection)
}

/// [`select`] from any graph source: a graph in memory, or a snapshot that decodes only the
/// edges kept.
pub fn select_from<G: GraphSource + ?Sized>(graph: &G, selection: &Selection) -> Result<ActorGraph, SelectError> {
    select_with(graph, selection, &Shape::Everything)
}

/// Like [`select_from`] with a focus, but keeping only the edges that lead from one hop to the
/// next (none between two actors equally far from the focus): who lies around an actor and how
/// each is reached, without the ties among them, which around a busy actor are most edges.
pub fn select_layers<G: GraphSource + ?Sized>(graph: &G, selection: &Selection) -> Result<ActorGraph, SelectError> {
    select_with(graph, selection, &Shape::Layers)
}

/// The edges on the shortest paths from `from` to `to` (edges taken both ways), among those
/// `selection` keeps: found by walking out from both ends over edge heads, so that only the
/// edges on the paths are read whole. `selection.focus` and `depth` are set here.
pub fn select_between<G: GraphSource + ?Sized>(
    graph: &G,
    selection: &Selection,
    from: &str,
    to: &str,
) -> Result<ActorGraph, SelectError> {
    let to = resolve_in_view(graph, to, selection.roll_up)?;
    let selection = Selection {
        focus: Some(from.to_string()),
        depth: usize::MAX,
        ..selection.clone()
    };
    select_with(graph, &selection, &Shape::Between(to))
}

/// Which edges around a focus to keep.
enum Shape {
    /// Every edge among the nodes within reach.
    Everything,
    /// Edges from one hop to the next.
    Layers,
    /// Edges on the shortest paths to this node.
    Between(String),
}

impl Shape {
    /// Of the nodes within reach (with their hops from the focus), those to keep, given how far
    /// each lies from the other end for [`Shape::Between`]; and whether only edges from one hop
    /// to the next are kept.
    fn narrow(
        &self,
        from_focus: HashMap<String, usize>,
        from_end: impl FnOnce(&str) -> HashMap<String, usize>,
    ) -> (HashMap<String, usize>, bool) {
        match self {
            Shape::Everything => (from_focus, false),
            Shape::Layers => (from_focus, true),
            Shape::Between(to) => {
                let Some(&length) = from_focus.get(to) else {
                    return (HashMap::new(), true);
                };
                let from_to = from_end(to);
                let on_paths = from_focus
                    .into_iter()
                    .filter(|(node, hops)| from_to.get(node).is_some_and(|back| hops + back == length))
                    .collect();
                (on_paths, true)
            }
        }
    }
}

fn select_with<G: GraphSource + ?Sized>(
    graph: &G,
    selection: &Selection,
    shape: &Shape,
) -> Result<ActorGraph, SelectError> {
    let relations = resolve_relations(graph, &selection.relations)?;
    let period = resolve_period(selection.since, selection.until)?;
    let article = match &selection.article {
        Some(article) => Some(resolve_article_in(graph, article)?),
        None => None,
    };
    let evidence_filter = EvidenceFilter { period, article };
    let resolve = |name: &Option<String>| -> Result<Option<String>, SelectError> {
        name.as_deref()
            .map(|name| resolve_in_view(graph, name, selection.roll_up))
            .transpose()
    };
    let (source, target, focus) = (
        resolve(&selection.source)?,
        resolve(&selection.target)?,
        resolve(&selection.focus)?,
    );
    let involving: Option<HashSet<String>> = if selection.involving.is_empty() {
        None
    } else {
        let mut ids = HashSet::new();
        for name in &selection.involving {
            let id = resolve_in_view(graph, name, selection.roll_up)?;
            ids.extend(if selection.roll_up {
                acting_as(graph, &id)
            } else {
                HashSet::from([id])
            });
        }
        Some(ids)
    };
    if !selection.roll_up {
        let mut filter = EdgeFilter {
            sources: source.map(|s| HashSet::from([s])),
            targets: target.map(|t| HashSet::from([t])),
            involving,
            within: None,
            layers_only: false,
            relations: &relations,
            negated: selection.negated,
            evidence: &evidence_filter,
            min_articles: selection.min_articles,
        };
        if let Some(focus) = &focus {
            let from_focus = filter.reach(graph, focus, selection.depth);
            let (within, layers_only) = shape.narrow(from_focus, |end| filter.reach(graph, end, selection.depth));
            filter.within = Some(within);
            filter.layers_only = layers_only;
        }
        let kept = filter.apply(graph)?;
        return Ok(subgraph(graph, kept, focus.as_deref()));
    }
    // With roll-up, persons vanish into states, so the graph is first narrowed to what can match
    // (a state's edges and those of everyone who may act for it), then rolled up, then filtered
    // exactly: rolling up only the candidates keeps a query on a large graph fast.
    let narrow = EdgeFilter {
        // A focus reaches beyond its own edges, so it cannot narrow the ends.
        sources: source.as_deref().map(|id| acting_as(graph, id)),
        targets: target.as_deref().map(|id| acting_as(graph, id)),
        involving: involving.clone(),
        within: None,
        layers_only: false,
        relations: &relations,
        negated: selection.negated,
        evidence: &evidence_filter,
        min_articles: 0,
    };
    // After roll-up, only the actors themselves count, not the persons acting for them.
    let involved: Option<HashSet<String>> = match &selection.involving {
        names if names.is_empty() => None,
        names => Some(
            names
                .iter()
                .map(|name| resolve_in_view(graph, name, true))
                .collect::<Result<_, _>>()?,
        ),
    };
    let mut rolled = roll_up_edges(graph, narrow.apply(graph)?);
    rolled.retain(|edge| {
        source.as_deref().is_none_or(|s| edge.source == s)
            && target.as_deref().is_none_or(|t| edge.target == t)
            && involved
                .as_ref()
                .is_none_or(|ids| ids.contains(&edge.source) || ids.contains(&edge.target))
            && count_articles(edge.evidence.iter().map(|e| e.article.as_str())) >= selection.min_articles
    });
    Ok(finish(graph, rolled, focus.as_deref(), selection.depth, shape))
}

/// A family matches every relation under it; a finer relation only itself.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RelationMatch {
    Family(Family),
    Relation(String),
}

impl RelationMatch {
    fn matches(&self, edge: &EdgeHead) -> bool {
        match self {
            RelationMatch::Family(family) => edge.family == *family,
            RelationMatch::Relation(relation) => edge.relation == relation,
        }
    }
}

/// Relations as users type them: any case, with spaces or hyphens for underscores.
fn relation_key(text: &str) -> String {
    text.trim().to_lowercase().replace([' ', '-'], "_")
}

fn resolve_relations<G: GraphSource + ?Sized>(
    graph: &G,
    relations: &[String],
) -> Result<Vec<RelationMatch>, SelectError> {
    let mut resolved = Vec::with_capacity(relations.len());
    for relation in relations {
        let key = relation_key(relation);
        if let Some(family) = Family::parse(&key) {
            resolved.push(RelationMatch::Family(family));
        } else if graph.has_relation(&key) {
            resolved.push(RelationMatch::Relation(key));
        } else {
            let mut known = graph.relations();
            known.extend(Family::ALL.iter().map(|f| f.as_str()));
            let mut suggestions: Vec<String> = nearest(&key, known).into_iter().map(String::from).collect();
            suggestions.truncate(MAX_SUGGESTIONS);
            return Err(SelectError::UnknownRelation {
                relation: relation.clone(),
                suggestions,
            });
        }
    }
    Ok(resolved)
}

fn resolve_period(since: Option<PartialDate>, until: Option<PartialDate>) -> Result<Option<Period>, SelectError> {
    if let (Some(since), Some(until)) = (since, until) {
        if since.first_day() > until.last_day() {
            return Err(SelectError::EmptyPeriod { since, until });
        }
    }
    Ok((since.is_some() || until.is_some()).then_some(Period { from: since, to: until }))
}

/// An article by its id, or by a prefix of exactly one id ("000" for "000_c473bfd68810d2c4").
pub fn resolve_article(graph: &ActorGraph, article: &str) -> Result<String, SelectError> {
    resolve_article_in(graph, article)
}

fn resolve_article_in<G: GraphSource + ?Sized>(graph: &G, article: &str) -> Result<String, SelectError> {
    let wanted = article.trim();
    if graph.has_article(wanted) {
        return Ok(wanted.to_string());
    }
    let ids = graph.article_ids();
    if ids.is_empty() {
        // A graph without article metadata (from another tool) is matched on evidence alone.
        return Ok(wanted.to_string());
    }
    let starting: Vec<String> = ids
        .iter()
        .filter(|id| !wanted.is_empty() && id.starts_with(wanted))
        .map(|id| id.to_string())
        .collect();
    match starting.len() {
        1 => Ok(starting.into_iter().next().unwrap_or_default()),
        0 => {
            let mut suggestions: Vec<String> = nearest(wanted, ids).into_iter().map(String::from).collect();
            suggestions.truncate(MAX_SUGGESTIONS);
            Err(SelectError::UnknownArticle {
                article: article.to_string(),
                suggestions,
            })
        }
        _ => Err(SelectError::AmbiguousArticle {
            article: article.to_string(),
            candidates: starting,
        }),
    }
}

/// A name as compared: lowercase, spaces collapsed, without a leading "the" ("the Kremlin" and
/// "kremlin" are one name; so are "NATO exercises" and "the NATO exercises").
fn name_key(name: &str) -> String {
    name_chars(name).collect()
}

/// The characters of [`name_key`], without building it: names are compared against every alias
/// of every node.
fn name_chars(name: &str) -> impl Iterator<Item = char> + '_ {
    let mut words = name.split_whitespace().peekable();
    let mut rest = words.clone();
    if rest.next().is_some_and(|w| w.eq_ignore_ascii_case("the")) && rest.peek().is_some() {
        words.next();
    }
    words.enumerate().flat_map(|(i, word)| {
        (i > 0)
            .then_some(' ')
            .into_iter()
            .chain(word.chars().flat_map(char::to_lowercase))
    })
}

/// The id of the node a user means: an id as written, else an id, label or alias in any case.
/// Ids and labels win over aliases; a name left ambiguous after that is an error that lists the
/// candidates, and an unknown name one that suggests the nearest known names.
pub fn resolve_name(graph: &ActorGraph, name: &str) -> Result<String, SelectError> {
    resolve_name_in(graph, name)
}

fn resolve_name_in<G: GraphSource + ?Sized>(graph: &G, name: &str) -> Result<String, SelectError> {
    let trimmed = name.trim();
    if graph.node_by_id(trimmed).is_some() {
        return Ok(trimmed.to_string());
    }
    let key = name_key(trimmed);
    let is_key = |form: &str| name_chars(form).eq(key.chars());
    let nodes = graph.node_list();
    let mut by_name: Vec<&NodeInfo> = Vec::new();
    let mut by_alias: Vec<&NodeInfo> = Vec::new();
    for node in &nodes {
        if is_key(&node.id) || is_key(&node.label) {
            by_name.push(node);
        } else if node.aliases.iter().any(|alias| is_key(alias)) {
            by_alias.push(node);
        }
    }
    let mut found = if by_name.is_empty() { by_alias } else { by_name };
    found.sort_by(|a, b| a.id.cmp(&b.id));
    match found.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => Err(SelectError::UnknownName {
            name: name.to_string(),
            suggestions: suggest_names(&nodes, &key),
        }),
        many => Err(SelectError::AmbiguousName {
            name: name.to_string(),
            candidates: many.iter().map(|n| format!("{} ({})", n.label, n.id)).collect(),
        }),
    }
}

/// The labels of the nodes whose id, label or an alias is nearest to the name typed.
fn suggest_names(nodes: &[&NodeInfo], key: &str) -> Vec<String> {
    let mut forms: Vec<(String, &str)> = Vec::new();
    for node in nodes {
        for form in std::iter::once(&node.id).chain([&node.label]).chain(&node.aliases) {
            forms.push((name_key(form), node.label.as_str()));
        }
    }
    let mut labels: Vec<String> = Vec::new();
    for near in nearest(key, forms.iter().map(|(form, _)| form.as_str())) {
        for (_, label) in forms.iter().filter(|(form, _)| form == near) {
            if !labels.iter().any(|l| l == label) {
                labels.push(label.to_string());
            }
        }
    }
    labels.truncate(MAX_SUGGESTIONS);
    labels
}

/// The id a name stands for in a view of the graph. With `roll_up`, a person who acts for a
/// state or organisation cannot be asked about (the state speaks for them there), and the error
/// says whom to ask about instead.
pub fn resolve_in_view<G: GraphSource + ?Sized>(graph: &G, name: &str, roll_up: bool) -> Result<String, SelectError> {
    let id = resolve_name_in(graph, name)?;
    if !roll_up {
        return Ok(id);
    }
    let Some(node) = graph.node_by_id(&id) else {
        return Ok(id);
    };
    let mut into: Vec<String> = node.roles.iter().map(|r| r.of.clone()).collect();
    if into.is_empty() {
        into.extend(node.affiliation.clone());
    }
    into.sort();
    into.dedup();
    if into.is_empty() {
        Ok(id)
    } else {
        Err(SelectError::RolledUp {
            name: name.to_string(),
            into: into.iter().map(|i| graph.label_of(i).to_string()).collect(),
        })
    }
}

/// The nodes that may stand for `id` after roll-up: itself and everyone who acts for it.
fn acting_as<G: GraphSource + ?Sized>(graph: &G, id: &str) -> HashSet<String> {
    graph
        .node_list()
        .into_iter()
        .filter(|node| {
            node.id == id
                || node.roles.iter().any(|r| r.of == id)
                || (node.roles.is_empty() && node.affiliation.as_deref() == Some(id))
        })
        .map(|node| node.id.clone())
        .collect()
}

/// Which evidence of an edge counts.
#[derive(Debug, Default)]
struct EvidenceFilter {
    period: Option<Period>,
    article: Option<String>,
}

impl EvidenceFilter {
    fn is_everything(&self) -> bool {
        self.period.is_none() && self.article.is_none()
    }

    fn keeps(&self, article: &str, date: Option<PartialDate>) -> bool {
        // Undated evidence cannot be said to fall in a period.
        let in_period = self.period.is_none_or(|p| date.is_some() && p.covers(date));
        in_period && self.article.as_deref().is_none_or(|a| article == a)
    }
}

struct EdgeFilter<'a> {
    sources: Option<HashSet<String>>,
    targets: Option<HashSet<String>>,
    /// Edges with one of these at either end.
    involving: Option<HashSet<String>>,
    /// Edges with both ends among these (the reach of a focus), by hops from the focus.
    within: Option<HashMap<String, usize>>,
    /// Only edges from one hop to the next, as a walk out from the focus takes them.
    layers_only: bool,
    relations: &'a [RelationMatch],
    negated: Option<bool>,
    evidence: &'a EvidenceFilter,
    min_articles: usize,
}

impl EdgeFilter<'_> {
    /// The edges worth looking at: those at the given ends when there are any, so a query about
    /// one actor touches only that actor's edges. In edge order, without repeats.
    fn candidates<G: GraphSource + ?Sized>(&self, graph: &G) -> Vec<EdgeId> {
        let at = |ids: &HashSet<String>, directions: &[Direction]| -> Vec<EdgeId> {
            ids.iter()
                .flat_map(|id| directions.iter().flat_map(move |&d| graph.edges_at(id, d)))
                .collect()
        };
        let mut candidates = if let Some(sources) = &self.sources {
            at(sources, &[Direction::Outgoing])
        } else if let Some(targets) = &self.targets {
            at(targets, &[Direction::Incoming])
        } else if let Some(within) = &self.within {
            let ids: HashSet<String> = within.keys().cloned().collect();
            at(&ids, &[Direction::Outgoing])
        } else if let Some(involving) = &self.involving {
            at(involving, &[Direction::Outgoing, Direction::Incoming])
        } else {
            graph.all_edges()
        };
        // Edge order is assembly order, the order every output keeps.
        candidates.sort_unstable();
        candidates.dedup();
        candidates
    }

    /// Whether an edge matches, from its head and its evidence keys alone; `positions` gets the
    /// evidence that matched.
    fn passes<'g, G: GraphSource + ?Sized>(
        &self,
        graph: &'g G,
        edge: EdgeId,
        keys: &mut Vec<(&'g str, Option<PartialDate>)>,
        positions: &mut Vec<usize>,
    ) -> bool {
        let head = graph.edge_head(edge);
        let among = |set: &Option<HashSet<String>>, id: &str| set.as_ref().is_none_or(|s| s.contains(id));
        let hops = |id: &str| self.within.as_ref().map(|w| w.get(id).copied());
        let within = match (hops(head.source), hops(head.target)) {
            (None, None) => true,
            (Some(Some(a)), Some(Some(b))) => !self.layers_only || a.abs_diff(b) == 1,
            _ => false,
        };
        if !within
            || !among(&self.sources, head.source)
            || !among(&self.targets, head.target)
            || self
                .involving
                .as_ref()
                .is_some_and(|s| !s.contains(head.source) && !s.contains(head.target))
        {
            return false;
        }
        if !self.relations.is_empty() && !self.relations.iter().any(|r| r.matches(&head)) {
            return false;
        }
        if self.negated.is_some_and(|n| n != head.negated) {
            return false;
        }
        positions.clear();
        if self.evidence.is_everything() && self.min_articles == 0 {
            // Nothing to ask of the evidence: leave it unread.
            keys.clear();
            return true;
        }
        graph.evidence_keys(edge, keys);
        positions.extend(
            keys.iter()
                .enumerate()
                .filter(|(_, (article, date))| self.evidence.keeps(article, *date))
                .map(|(i, _)| i),
        );
        if positions.is_empty() && !keys.is_empty() {
            return false;
        }
        count_articles(positions.iter().map(|&i| keys[i].0)) >= self.min_articles
    }

    /// The matching edges, in edge order, each with only the evidence that matched. Only the
    /// edges kept are read whole.
    fn apply<G: GraphSource + ?Sized>(&self, graph: &G) -> Result<Vec<Edge>, SelectError> {
        let mut kept: Vec<Edge> = Vec::new();
        let mut keys: Vec<(&str, Option<PartialDate>)> = Vec::new();
        let mut positions: Vec<usize> = Vec::new();
        for edge in self.candidates(graph) {
            if !self.passes(graph, edge, &mut keys, &mut positions) {
                continue;
            }
            let keep = (!self.evidence.is_everything() && positions.len() < keys.len()).then_some(positions.as_slice());
            kept.push(graph.edge(edge, keep)?);
        }
        Ok(kept)
    }

    /// The nodes at most `depth` hops from `focus` over the edges that pass, taken both ways,
    /// with their hops, found from the edges' heads without reading them whole.
    fn reach<G: GraphSource + ?Sized>(&self, graph: &G, focus: &str, depth: usize) -> HashMap<String, usize> {
        let mut keys: Vec<(&str, Option<PartialDate>)> = Vec::new();
        let mut positions: Vec<usize> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::from([(focus.to_string(), 0)]);
        let mut frontier: Vec<String> = vec![focus.to_string()];
        for hop in 1..=depth {
            if frontier.is_empty() {
                break;
            }
            let mut next = Vec::new();
            for node in &frontier {
                for direction in [Direction::Outgoing, Direction::Incoming] {
                    for edge in graph.edges_at(node, direction) {
                        if !self.passes(graph, edge, &mut keys, &mut positions) {
                            continue;
                        }
                        let head = graph.edge_head(edge);
                        let other = if direction == Direction::Outgoing {
                            head.target
                        } else {
                            head.source
                        };
                        if !seen.contains_key(other) {
                            seen.insert(other.to_string(), hop);
                            next.push(other.to_string());
                        }
                    }
                }
            }
            frontier = next;
        }
        seen
    }
}

/// How many different articles the evidence comes from.
pub fn count_articles<'a>(articles: impl IntoIterator<Item = &'a str>) -> usize {
    let mut articles: Vec<&str> = articles.into_iter().collect();
    articles.sort_unstable();
    articles.dedup();
    articles.len()
}

/// The graph of the kept edges and their end nodes, cut down to `depth` hops around a focus
/// (which is kept even without edges, so that a view of it shows it alone).
fn finish<G: GraphSource + ?Sized>(
    graph: &G,
    mut kept: Vec<Edge>,
    focus: Option<&str>,
    depth: usize,
    shape: &Shape,
) -> ActorGraph {
    if let Some(focus) = focus {
        let (within, layers_only) =
            shape.narrow(within_hops(&kept, focus, depth), |end| within_hops(&kept, end, depth));
        kept.retain(
            |e| match (within.get(e.source.as_str()), within.get(e.target.as_str())) {
                (Some(a), Some(b)) => !layers_only || a.abs_diff(*b) == 1,
                _ => false,
            },
        );
    }
    subgraph(graph, kept, focus)
}

/// The edges with their end nodes (and `also`) as described in `graph`, and the articles they
/// cite. Only what is kept is looked at, so a small answer from a large graph is quick.
fn subgraph<G: GraphSource + ?Sized>(graph: &G, edges: Vec<Edge>, also: Option<&str>) -> ActorGraph {
    let mut ids: BTreeSet<&str> = also.into_iter().collect();
    let mut cited: BTreeSet<&str> = BTreeSet::new();
    for edge in &edges {
        ids.insert(&edge.source);
        ids.insert(&edge.target);
        cited.extend(edge.evidence.iter().map(|e| e.article.as_str()));
    }
    let nodes: Vec<NodeInfo> = ids.into_iter().filter_map(|id| graph.node_by_id(id).cloned()).collect();
    let articles = cited
        .into_iter()
        .filter_map(|id| Some((id.to_string(), graph.article_meta(id)?)))
        .collect();
    ActorGraph::from_parts(nodes, edges, articles)
}

/// The nodes at most `depth` hops from `focus` over the kept edges, taken both ways, with their
/// hops.
fn within_hops(kept: &[Edge], focus: &str, depth: usize) -> HashMap<String, usize> {
    let mut adjacent: HashMap<&str, Vec<&str>> = HashMap::new();
    for edge in kept {
        adjacent.entry(&edge.source).or_default().push(&edge.target);
        adjacent.entry(&edge.target).or_default().push(&edge.source);
    }
    let mut seen: HashMap<&str, usize> = HashMap::from([(focus, 0)]);
    let mut queue = VecDeque::from([(focus, 0usize)]);
    while let Some((node, hops)) = queue.pop_front() {
        if hops == depth {
            continue;
        }
        for &next in adjacent.get(node).into_iter().flatten() {
            if !seen.contains_key(next) {
                seen.insert(next, hops + 1);
                queue.push_back((next, hops + 1));
            }
        }
    }
    seen.into_iter().map(|(id, hops)| (id.to_string(), hops)).collect()
}

/// Whom a node acts for at a date: a person in office stands for the state or organisation of
/// the office held then; a person out of office, and every other node, for itself. Without a
/// date, a person stands for its `affiliation` (the office held when last cited).
pub fn acting_for(node: &NodeInfo, date: Option<PartialDate>) -> &str {
    if node.roles.is_empty() {
        return node.affiliation.as_deref().unwrap_or(&node.id);
    }
    match date {
        // Of two offices that touch the date (a handover month), the later one.
        Some(_) => node
            .roles
            .iter()
            .rev()
            .find(|r| r.period().covers(date))
            .map_or(node.id.as_str(), |r| r.of.as_str()),
        None => node.affiliation.as_deref().unwrap_or(&node.id),
    }
}

/// The graph with persons collapsed into the states and organisations they act for at each
/// claim's date (Akhmetov into Kazakhstan in 2009), the way event-data analysts count dyads.
/// Each piece of evidence moves on its own, so a person's claims before and after taking office
/// can part. Claims that become the same merge (a sentence counts once); self-loops made by the
/// roll-up (a minister's office held in his own state) are dropped. A merged edge keeps the id of
/// the first edge it came from.
pub fn roll_up(graph: &ActorGraph) -> ActorGraph {
    let edges = roll_up_edges(graph, graph.edges().into_iter().cloned().collect());
    subgraph(graph, edges, None)
}

/// [`roll_up`] of some of the graph's edges, taken by value so that evidence moves, not copies.
fn roll_up_edges<G: GraphSource + ?Sized>(graph: &G, mut edges: Vec<Edge>) -> Vec<Edge> {
    struct Group<'a> {
        source: &'a str,
        target: &'a str,
        first: usize,
        merged: bool,
        evidence: Vec<Evidence>,
    }
    let evidence_lists: Vec<Vec<Evidence>> = edges.iter_mut().map(|e| std::mem::take(&mut e.evidence)).collect();
    let edges = edges;
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of: HashMap<(&str, &str, &str, bool, Modality), usize> = HashMap::new();
    for (number, (edge, evidence_list)) in edges.iter().zip(evidence_lists).enumerate() {
        let (Some(source_node), Some(target_node)) = (graph.node_by_id(&edge.source), graph.node_by_id(&edge.target))
        else {
            continue;
        };
        for evidence in evidence_list {
            let source = acting_for(source_node, evidence.date);
            let target = acting_for(target_node, evidence.date);
            if source == target && (source != edge.source || target != edge.target) {
                continue;
            }
            let key = (source, target, edge.relation.as_str(), edge.negated, edge.modality);
            let at = *group_of.entry(key).or_insert_with(|| {
                groups.push(Group {
                    source,
                    target,
                    first: number,
                    merged: false,
                    evidence: Vec::new(),
                });
                groups.len() - 1
            });
            let group = &mut groups[at];
            group.merged |= group.first != number;
            group.evidence.push(evidence);
        }
    }
    let mut used_ids: HashSet<String> = HashSet::with_capacity(groups.len());
    let mut rolled = Vec::with_capacity(groups.len());
    for mut group in groups {
        // Evidence from one edge is already in order and without repeats.
        if group.merged {
            group
                .evidence
                .sort_by(|a, b| (&a.article, a.start, &a.rule).cmp(&(&b.article, b.start, &b.rule)));
            super::assemble::dedup_evidence(&mut group.evidence);
        }
        let mut edge = with_evidence(&edges[group.first], group.evidence);
        edge.source = group.source.to_string();
        edge.target = group.target.to_string();
        // A person's claims can split over two states; the second part gets a suffix.
        let mut id = edge.id.clone();
        let mut copy = 1;
        while used_ids.contains(&id) {
            copy += 1;
            id = format!("{}~{copy}", edge.id);
        }
        used_ids.insert(id.clone());
        edge.id = id;
        rolled.push(edge);
    }
    rolled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testing::GraphBuilder;

    fn kazakhstan() -> ActorGraph {
        GraphBuilder::new()
            .country("KAZ", "Kazakhstan", &["Kazakstan", "Astana"])
            .country("RUS", "Russia", &["the Kremlin", "Moscow"])
            .country("GEO", "Georgia", &["the former Soviet republic"])
            .event("longbow", "Cooperative Longbow 09", &["the NATO exercises"])
            .person("akhmetov", "Daniyal Akhmetov", &[("KAZ", "2007-02-01", "2009-06-30")])
            .person("medvedev", "Dmitry Medvedev", &[("RUS", "2008-05-07", "2012-05-07")])
            .alias("KAZ", "the former Soviet republic")
            .claim("KAZ", "refuses", "longbow", "a1", "2009-04")
            .claim("KAZ", "withdraws_from", "longbow", "a2", "2009-04")
            .claim("RUS", "opposes", "longbow", "a1", "2009-04")
            .claim("medvedev", "opposes", "longbow", "a2", "2009-04")
            .claim("akhmetov", "holds_office", "KAZ", "a1", "2009-04")
            .claim("akhmetov", "visits", "RUS", "a3", "2009-02")
            .claim("akhmetov", "visits", "RUS", "a4", "2010-03")
            .claim("RUS", "fights", "GEO", "a3", "2008-08")
            .build()
    }

    fn ids(graph: &ActorGraph) -> Vec<String> {
        graph
            .edges()
            .iter()
            .map(|e| format!("{}-{}->{}", e.source, e.relation, e.target))
            .collect()
    }

    #[test]
    fn names_resolve_by_id_label_or_alias_in_any_case() {
        let graph = kazakhstan();
        for name in ["KAZ", "kazakhstan", "KAZAKSTAN", " Astana "] {
            assert_eq!(resolve_name(&graph, name).unwrap(), "KAZ", "{name}");
        }
        assert_eq!(resolve_name(&graph, "Kremlin").unwrap(), "RUS");
        assert_eq!(resolve_name(&graph, "NATO exercises").unwrap(), "longbow");
    }

    #[test]
    fn an_unknown_name_suggests_the_nearest_labels() {
        let err = resolve_name(&kazakhstan(), "Kazakstn").unwrap_err();
        assert_eq!(
            err,
            SelectError::UnknownName {
                name: "Kazakstn".into(),
                suggestions: vec!["Kazakhstan".into()]
            }
        );
        assert!(err.to_string().ends_with("did you mean Kazakhstan?"), "{err}");
    }

    #[test]
    fn an_alias_shared_by_two_actors_is_ambiguous() {
        let err = resolve_name(&kazakhstan(), "the former Soviet republic").unwrap_err();
        assert!(
            matches!(&err, SelectError::AmbiguousName { candidates, .. } if candidates.len() == 2),
            "{err}"
        );
    }

    #[test]
    fn a_family_matches_every_relation_under_it() {
        let selection = Selection {
            source: Some("Kazakstan".into()),
            relations: vec!["refuses".into()],
            ..Selection::default()
        };
        let found = select(&kazakhstan(), &selection).unwrap();
        assert_eq!(ids(&found), ["KAZ-refuses->longbow", "KAZ-withdraws_from->longbow"]);
        let finer = Selection {
            relations: vec!["withdraws from".into()],
            ..Selection::default()
        };
        assert_eq!(
            ids(&select(&kazakhstan(), &finer).unwrap()),
            ["KAZ-withdraws_from->longbow"]
        );
    }

    #[test]
    fn an_unknown_relation_is_an_error_with_a_suggestion() {
        let selection = Selection {
            relations: vec!["oposes".into()],
            ..Selection::default()
        };
        let err = select(&kazakhstan(), &selection).unwrap_err();
        assert!(err.to_string().contains("did you mean opposes?"), "{err}");
    }

    #[test]
    fn dates_keep_the_evidence_in_range() {
        let selection = Selection {
            source: Some("Akhmetov".into()),
            relations: vec!["visits".into()],
            since: "2010".parse().ok(),
            ..Selection::default()
        };
        let found = select(&kazakhstan(), &selection).unwrap();
        let edge = found.edges()[0];
        assert_eq!(edge.evidence.len(), 1);
        assert_eq!(edge.evidence[0].article, "a4");
        assert_eq!(edge.date, "2010-03".parse().ok());
        let empty = Selection {
            since: "2010".parse().ok(),
            until: "2009".parse().ok(),
            ..Selection::default()
        };
        assert!(matches!(
            select(&kazakhstan(), &empty),
            Err(SelectError::EmptyPeriod { .. })
        ));
    }

    #[test]
    fn an_article_prefix_names_one_article() {
        let graph = kazakhstan();
        assert_eq!(resolve_article(&graph, "a3").unwrap(), "a3");
        assert!(matches!(
            resolve_article(&graph, "a"),
            Err(SelectError::AmbiguousArticle { .. })
        ));
        let selection = Selection {
            article: Some("a3".into()),
            ..Selection::default()
        };
        assert_eq!(
            ids(&select(&graph, &selection).unwrap()),
            ["RUS-fights->GEO", "akhmetov-visits->RUS"]
        );
    }

    #[test]
    fn roll_up_follows_the_roles_dates() {
        let rolled = roll_up(&kazakhstan());
        let edges = ids(&rolled);
        // In office in February 2009, Akhmetov's visit is Kazakhstan's; in 2010 it is his own.
        assert!(edges.contains(&"KAZ-visits->RUS".to_string()), "{edges:?}");
        assert!(edges.contains(&"akhmetov-visits->RUS".to_string()), "{edges:?}");
        // The minister's office in his own state is a self-loop, dropped.
        assert!(!edges.iter().any(|e| e.contains("holds_office")), "{edges:?}");
        // Medvedev's opposition merges into Russia's, with both articles.
        let opposes = rolled
            .edges()
            .into_iter()
            .find(|e| e.source == "RUS" && e.relation == "opposes")
            .unwrap();
        assert_eq!(opposes.article_count(), 2);
        assert!(rolled.node("medvedev").is_none());
    }

    #[test]
    fn roll_up_keeps_ids_unique_when_a_persons_claims_split() {
        let rolled = roll_up(&kazakhstan());
        let mut seen = HashSet::new();
        for edge in rolled.edges() {
            assert!(seen.insert(edge.id.clone()), "{} twice", edge.id);
        }
    }

    #[test]
    fn a_rolled_up_query_counts_a_persons_claim_for_the_state() {
        let selection = Selection {
            source: Some("Russia".into()),
            relations: vec!["opposes".into()],
            roll_up: true,
            ..Selection::default()
        };
        let found = select(&kazakhstan(), &selection).unwrap();
        let edges = found.edges();
        assert_eq!(edges.len(), 1);
        assert_eq!(edges[0].evidence.len(), 2);
        let person = Selection {
            source: Some("Medvedev".into()),
            roll_up: true,
            ..Selection::default()
        };
        assert!(matches!(
            select(&kazakhstan(), &person),
            Err(SelectError::RolledUp { .. })
        ));
    }

    #[test]
    fn a_focus_keeps_what_lies_within_its_depth() {
        let near = Selection {
            focus: Some("Georgia".into()),
            depth: 1,
            ..Selection::default()
        };
        assert_eq!(ids(&select(&kazakhstan(), &near).unwrap()), ["RUS-fights->GEO"]);
        let far = Selection {
            focus: Some("Georgia".into()),
            depth: 2,
            ..Selection::default()
        };
        let found = select(&kazakhstan(), &far).unwrap();
        assert!(ids(&found).contains(&"RUS-opposes->longbow".to_string()));
        assert!(!ids(&found).iter().any(|e| e.starts_with("KAZ")), "{:?}", ids(&found));
    }

    #[test]
    fn involving_keeps_the_edges_at_either_end() {
        let graph = kazakhstan();
        let selection = Selection {
            involving: vec!["Georgia".into(), "Akhmetov".into()],
            ..Selection::default()
        };
        assert_eq!(
            ids(&select(&graph, &selection).unwrap()),
            ["RUS-fights->GEO", "akhmetov-holds_office->KAZ", "akhmetov-visits->RUS"]
        );
        let rolled = Selection {
            involving: vec!["Kazakhstan".into()],
            roll_up: true,
            ..Selection::default()
        };
        // Akhmetov's 2009 visit is Kazakhstan's once rolled up; his 2010 one is his own.
        let found = ids(&select(&graph, &rolled).unwrap());
        assert!(found.contains(&"KAZ-visits->RUS".to_string()), "{found:?}");
        assert!(!found.iter().any(|e| e.starts_with("akhmetov")), "{found:?}");
    }

    #[test]
    fn layers_leave_out_the_ties_among_equally_near_actors() {
        let graph = GraphBuilder::new()
            .country("RUS", "Russia", &[])
            .country("KAZ", "Kazakhstan", &[])
            .country("GEO", "Georgia", &[])
            .claim("RUS", "fights", "GEO", "a1", "2008-08")
            .claim("KAZ", "supports", "RUS", "a1", "2009-04")
            .claim("KAZ", "supports", "GEO", "a2", "2009-04")
            .build();
        let around_russia = Selection {
            focus: Some("Russia".into()),
            depth: 1,
            ..Selection::default()
        };
        let all = ids(&select(&graph, &around_russia).unwrap());
        let layers = ids(&select_layers(&graph, &around_russia).unwrap());
        // Kazakhstan and Georgia are both a hop from Russia: their tie is in the ego network,
        // not in the layers.
        assert!(all.contains(&"KAZ-supports->GEO".to_string()), "{all:?}");
        assert_eq!(layers, ["KAZ-supports->RUS", "RUS-fights->GEO"]);
    }

    #[test]
    fn between_two_actors_only_the_shortest_paths_are_kept() {
        let graph = kazakhstan();
        let found = select_between(&graph, &Selection::default(), "Georgia", "Kazakhstan").unwrap();
        // Georgia - Russia - the exercises - Kazakhstan (three hops; Akhmetov's visit to Russia
        // and his office in Kazakhstan make another).
        let mut edges = ids(&found);
        edges.sort();
        assert_eq!(
            edges,
            [
                "KAZ-refuses->longbow",
                "KAZ-withdraws_from->longbow",
                "RUS-fights->GEO",
                "RUS-opposes->longbow",
                "akhmetov-holds_office->KAZ",
                "akhmetov-visits->RUS",
            ]
        );
        let nowhere = select_between(&graph, &Selection::default(), "Georgia", "Medvedev").unwrap();
        assert!(
            ids(&nowhere).iter().all(|e| !e.contains("akhmetov")),
            "only what leads to Medvedev"
        );
    }

    #[test]
    fn min_articles_and_negation_filter_edges() {
        let graph = kazakhstan();
        let strong = Selection {
            min_articles: 2,
            ..Selection::default()
        };
        assert_eq!(ids(&select(&graph, &strong).unwrap()), ["akhmetov-visits->RUS"]);
        let negated = Selection {
            negated: Some(true),
            ..Selection::default()
        };
        assert!(select(&graph, &negated).unwrap().edges().is_empty());
    }
}
