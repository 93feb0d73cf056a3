//! The evidence behind a set of edges, one entry per sentence: a sentence that backs several
//! edges (or the same edge through several rules) is shown once, with the marks, rules and claims
//! of all of them.

use std::collections::HashMap;

use super::claims::evidence_order;
use super::model::{ActorGraph, Edge};
use crate::corpus::ArticleMeta;
use crate::extract::{Evidence, Mark};
use crate::rules::rulebook::normalize_line;

/// One sentence and everything the graph draws from it.
#[derive(Debug, Clone)]
pub struct ExplainedSentence<'g> {
    /// The first evidence read from the sentence: its article, offsets, text and date.
    pub evidence: &'g Evidence,
    pub article: Option<&'g ArticleMeta>,
    /// The marks of every claim the sentence backs.
    pub marks: Vec<Mark>,
    /// The rules that fired on it, without repeats.
    pub rules: Vec<&'g str>,
    /// The edges it backs, in edge order.
    pub edges: Vec<&'g Edge>,
}

/// Every sentence behind the graph's edges, in time order (undated last), each once. Sentences
/// are the same when their article is and their words are (a paragraph repeated in an article
/// is one sentence, as in assembly).
pub fn explain(graph: &ActorGraph) -> Vec<ExplainedSentence<'_>> {
    let mut sentences: Vec<ExplainedSentence> = Vec::new();
    let mut position: HashMap<(&str, String), usize> = HashMap::new();
    for edge in graph.edges() {
        for evidence in &edge.evidence {
            let key = (evidence.article.as_str(), normalize_line(&evidence.text));
            let at = *position.entry(key).or_insert_with(|| {
                sentences.push(ExplainedSentence {
                    evidence,
                    article: graph.articles.get(&evidence.article),
                    marks: Vec::new(),
                    rules: Vec::new(),
                    edges: Vec::new(),
                });
                sentences.len() - 1
            });
            let sentence = &mut sentences[at];
            // A repeated copy of the sentence has other offsets: its marks belong to that copy.
            if evidence.start == sentence.evidence.start {
                sentence.marks.extend(evidence.marks.iter().cloned());
            }
            if !sentence.rules.contains(&evidence.rule.as_str()) {
                sentence.rules.push(&evidence.rule);
            }
            if !sentence.edges.iter().any(|e| std::ptr::eq(*e, edge)) {
                sentence.edges.push(edge);
            }
        }
    }
    sentences.sort_by(|a, b| evidence_order(a.evidence, b.evidence));
    sentences
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testing::GraphBuilder;

    #[test]
    fn a_sentence_behind_two_edges_is_shown_once_with_both() {
        let mut graph = GraphBuilder::new()
            .country("KAZ", "Kazakhstan", &[])
            .country("RUS", "Russia", &[])
            .event("longbow", "Cooperative Longbow 09", &[])
            .claim("KAZ", "refuses", "longbow", "a1", "2009-04")
            .claim("KAZ", "supports", "RUS", "a1", "2009-04")
            .claim("KAZ", "refuses", "longbow", "a0", "2009-03")
            .build();
        // Make the second claim come from the same sentence as the first, as when one sentence
        // says both ("Kazakhstan backed Russia by pulling out of the exercises").
        let first = graph
            .edges()
            .into_iter()
            .find(|e| e.relation == "refuses")
            .and_then(|e| e.evidence.iter().find(|ev| ev.article == "a1"))
            .cloned()
            .unwrap();
        let supports = graph
            .graph
            .edge_weights_mut()
            .find(|e| e.relation == "supports")
            .unwrap();
        supports.evidence[0].text = first.text.clone();
        supports.evidence[0].start = first.start;
        supports.evidence[0].rule = "backed-by".into();
        let sentences = explain(&graph);
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[0].evidence.article, "a0", "earliest first");
        let shared = &sentences[1];
        assert_eq!(shared.edges.len(), 2);
        assert_eq!(shared.rules, ["backed-by", "rule-refuses"], "in edge order");
        assert_eq!(shared.article.and_then(|a| a.outlet.as_deref()), Some("Outlet a1"));
    }
}
