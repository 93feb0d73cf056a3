//! An actor's claims (or a pair's) in date order, per evidence date, so that a shift shows:
//! Kazakhstan holds joint exercises with NATO in September 2008 and pulls out of NATO's exercises
//! in Georgia in April 2009.

use std::collections::{BTreeMap, HashSet};

use super::model::{ActorGraph, Edge};
use crate::date::PartialDate;
use crate::extract::Evidence;
use crate::rules::Family;

/// One claim on one date: an edge and the evidence that dates it there.
#[derive(Debug, Clone)]
pub struct TimelineEntry<'g> {
    pub date: Option<PartialDate>,
    pub edge: &'g Edge,
    /// Earliest article first.
    pub evidence: Vec<&'g Evidence>,
}

/// The claims involving `actor`, either way, one entry per edge and evidence date, in date
/// order; undated evidence comes last, and a coarser date before the finer dates within it
/// ("2009" before "2009-04").
///
/// With `other`, only the claims between the two, where an event one of them organises stands
/// for its organiser: Kazakhstan pulling out of the exercises NATO holds belongs to the story of
/// Kazakhstan and NATO.
pub fn timeline<'g>(graph: &'g ActorGraph, actor: &str, other: Option<&str>) -> Vec<TimelineEntry<'g>> {
    let sides = other.map(|other| (side_of(graph, actor), side_of(graph, other)));
    let involves = |edge: &Edge| match &sides {
        None => edge.source == actor || edge.target == actor,
        Some((ours, theirs)) => {
            let (source, target) = (edge.source.as_str(), edge.target.as_str());
            let direct = [source, target].iter().any(|end| *end == actor || Some(*end) == other);
            direct
                && ((ours.contains(source) && theirs.contains(target))
                    || (theirs.contains(source) && ours.contains(target)))
        }
    };
    let mut entries: Vec<TimelineEntry> = Vec::new();
    for edge in graph.edges() {
        if !involves(edge) {
            continue;
        }
        let mut by_date: BTreeMap<Option<PartialDate>, Vec<&Evidence>> = BTreeMap::new();
        for evidence in &edge.evidence {
            by_date.entry(evidence.date).or_default().push(evidence);
        }
        for (date, mut evidence) in by_date {
            evidence.sort_by(|a, b| (&a.article, a.start).cmp(&(&b.article, b.start)));
            entries.push(TimelineEntry { date, edge, evidence });
        }
    }
    // Stable sort: within a date, edges keep their order.
    entries.sort_by_key(|e| (e.date.is_none(), e.date));
    entries
}

/// An actor and the events it organises (by a claim not negated).
fn side_of<'g>(graph: &'g ActorGraph, actor: &'g str) -> HashSet<&'g str> {
    let mut side = HashSet::from([actor]);
    for edge in graph.graph.edge_weights() {
        if edge.source == actor && edge.family == Family::Organizes && !edge.negated {
            side.insert(edge.target.as_str());
        }
    }
    side
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testing::GraphBuilder;

    #[test]
    fn claims_come_in_date_order_per_evidence_date() {
        let graph = GraphBuilder::new()
            .country("KAZ", "Kazakhstan", &[])
            .organization("NATO", "NATO", &[])
            .country("RUS", "Russia", &[])
            .event("longbow", "Cooperative Longbow 09", &[])
            .claim("KAZ", "refuses", "longbow", "a0", "2009-04")
            .claim("KAZ", "holds_joint_exercises", "NATO", "a1", "2008-09")
            .claim("KAZ", "holds_joint_exercises", "NATO", "a4", "2009-05")
            .claim("NATO", "praises", "KAZ", "a1", "2008-09-23")
            .claim("RUS", "threatens", "NATO", "a0", "2009-04")
            .claim("KAZ", "supports", "RUS", "a9", "")
            .claim("NATO", "organizes", "longbow", "a0", "2009-04")
            .claim("RUS", "opposes", "longbow", "a0", "2009-04")
            .build();
        let entries = timeline(&graph, "KAZ", None);
        let seen: Vec<(String, &str, &str)> = entries
            .iter()
            .map(|e| {
                (
                    e.date.map_or("-".into(), |d| d.to_string()),
                    e.edge.relation.as_str(),
                    e.edge.target.as_str(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("2008-09".to_string(), "holds_joint_exercises", "NATO"),
                ("2008-09-23".to_string(), "praises", "KAZ"),
                ("2009-04".to_string(), "refuses", "longbow"),
                ("2009-05".to_string(), "holds_joint_exercises", "NATO"),
                ("-".to_string(), "supports", "RUS"),
            ]
        );
        let pair = timeline(&graph, "NATO", Some("KAZ"));
        let relations: Vec<&str> = pair.iter().map(|e| e.edge.relation.as_str()).collect();
        // Both directions, and Kazakhstan's refusal of the exercises NATO organises; not Russia's
        // threat, nor NATO's organising of its own exercises, nor Russia's opposition to them.
        assert_eq!(
            relations,
            ["holds_joint_exercises", "praises", "refuses", "holds_joint_exercises"]
        );
    }
}
