//! Claims as a reader counts them: the edges from one actor to another that say the same thing
//! (one family, negated or not, stated as fact, possibility or intention) taken together,
//! whatever finer relation each names. "Kazakhstan refused to take part in" and "Kazakhstan pulled
//! out of" the exercises are one claim backed by every article that states either.

use std::cmp::Ordering;

use super::model::{ActorGraph, Edge};
use super::select::count_articles;
use crate::date::PartialDate;
use crate::extract::{Evidence, Modality};
use crate::rules::Family;

/// The edges between two actors that make one claim.
#[derive(Debug, Clone)]
pub struct ClaimGroup<'g> {
    pub source: &'g str,
    pub target: &'g str,
    pub family: Family,
    pub negated: bool,
    pub modality: Modality,
    /// In edge order.
    pub edges: Vec<&'g Edge>,
}

impl<'g> ClaimGroup<'g> {
    /// The relations named, in edge order, without repeats.
    pub fn relations(&self) -> Vec<&'g str> {
        let mut relations: Vec<&str> = Vec::new();
        for edge in &self.edges {
            if !relations.contains(&edge.relation.as_str()) {
                relations.push(&edge.relation);
            }
        }
        relations
    }

    /// The claim in words: the family, "not" when negated, the finer relations that differ from
    /// the family in parentheses, and a possibility or intention in brackets:
    /// `refuses (withdraws_from)`, `not recognizes`, `buys_arms_from [possible]`.
    pub fn describe(&self) -> String {
        let mut text = String::new();
        if self.negated {
            text.push_str("not ");
        }
        text.push_str(self.family.as_str());
        let finer: Vec<&str> = self
            .relations()
            .into_iter()
            .filter(|r| *r != self.family.as_str())
            .collect();
        if !finer.is_empty() {
            text.push_str(&format!(" ({})", finer.join(", ")));
        }
        if self.modality != Modality::Asserted {
            text.push_str(&format!(" [{}]", self.modality.as_str()));
        }
        text
    }

    pub fn evidence(&self) -> impl Iterator<Item = &'g Evidence> + '_ {
        self.edges.iter().flat_map(|e| e.evidence.iter())
    }

    /// How many different articles state the claim.
    pub fn article_count(&self) -> usize {
        count_articles(self.evidence().map(|e| e.article.as_str()))
    }

    /// Every date the evidence gives, earliest first, without repeats.
    pub fn dates(&self) -> Vec<PartialDate> {
        let mut dates: Vec<PartialDate> = self.evidence().filter_map(|e| e.date).collect();
        dates.sort();
        dates.dedup();
        dates
    }

    /// The earliest evidence (undated last), the one to quote.
    pub fn first_evidence(&self) -> Option<&'g Evidence> {
        self.evidence().min_by(|a, b| evidence_order(a, b))
    }
}

/// Evidence in time order: dated before undated, then by article and position.
pub fn evidence_order(a: &Evidence, b: &Evidence) -> Ordering {
    let date_key = |e: &Evidence| (e.date.is_none(), e.date);
    date_key(a)
        .cmp(&date_key(b))
        .then_with(|| a.article.cmp(&b.article))
        .then(a.start.cmp(&b.start))
}

/// The claims of a graph, ordered as read: by source label, family, target label.
pub fn group_claims(graph: &ActorGraph) -> Vec<ClaimGroup<'_>> {
    group_edges(graph, graph.edges())
}

/// The claims the given edges make, ordered by source label, family, target label.
pub fn group_edges<'g>(graph: &'g ActorGraph, edges: impl IntoIterator<Item = &'g Edge>) -> Vec<ClaimGroup<'g>> {
    let mut groups: Vec<ClaimGroup> = Vec::new();
    let mut position: std::collections::HashMap<(&str, &str, Family, bool, Modality), usize> = Default::default();
    for edge in edges {
        let key = (
            edge.source.as_str(),
            edge.target.as_str(),
            edge.family,
            edge.negated,
            edge.modality,
        );
        let at = *position.entry(key).or_insert_with(|| {
            groups.push(ClaimGroup {
                source: &edge.source,
                target: &edge.target,
                family: edge.family,
                negated: edge.negated,
                modality: edge.modality,
                edges: Vec::new(),
            });
            groups.len() - 1
        });
        groups[at].edges.push(edge);
    }
    groups.sort_by(|a, b| {
        (
            graph.label_of(a.source),
            a.family,
            graph.label_of(a.target),
            a.negated,
            a.modality,
        )
            .cmp(&(
                graph.label_of(b.source),
                b.family,
                graph.label_of(b.target),
                b.negated,
                b.modality,
            ))
    });
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testing::GraphBuilder;

    #[test]
    fn finer_relations_of_one_family_make_one_claim() {
        let graph = GraphBuilder::new()
            .country("KAZ", "Kazakhstan", &[])
            .event("longbow", "Cooperative Longbow 09", &[])
            .claim("KAZ", "refuses", "longbow", "a0", "2009-04")
            .claim("KAZ", "refuses", "longbow", "a4", "2009-05")
            .claim("KAZ", "withdraws_from", "longbow", "a2", "2009-04-21")
            .possible_claim("KAZ", "refuses", "longbow", "a2", "2009-04")
            .build();
        let groups = group_claims(&graph);
        assert_eq!(groups.len(), 2, "a possibility is a claim of its own");
        assert_eq!(groups[0].describe(), "refuses (withdraws_from)");
        assert_eq!(groups[0].article_count(), 3);
        assert_eq!(groups[0].first_evidence().unwrap().article, "a0");
        assert_eq!(groups[1].describe(), "refuses [possible]");
    }
}
