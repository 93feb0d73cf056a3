//! Dyads: for each pair of actors, how many cooperative and conflictual claims link them and
//! their net score on the Goldstein conflict-cooperation scale, the way event-data analysts
//! summarise relations between states.

use std::collections::HashMap;

use super::model::ActorGraph;
use crate::extract::Modality;
use crate::rules::Polarity;

/// The Goldstein score of each CAMEO root code, 01 to 20.
///
/// Source: J. S. Goldstein, "A Conflict-Cooperation Scale for WEIS Events Data", Journal of
/// Conflict Resolution 36(2), 1992, as mapped onto CAMEO root codes in the CAMEO codebook
/// (Schrodt, Parus Analytics) and distributed with CAMEO event data (GDELT's
/// `CAMEO.goldsteinscale.txt`). Scores run from -10 (most conflictual) to +10 (most cooperative).
const GOLDSTEIN_ROOTS: [f64; 20] = [
    0.0,   // 01 make public statement
    3.0,   // 02 appeal
    4.0,   // 03 express intent to cooperate
    1.0,   // 04 consult
    3.5,   // 05 engage in diplomatic cooperation
    6.0,   // 06 engage in material cooperation
    7.0,   // 07 provide aid
    5.0,   // 08 yield
    -2.0,  // 09 investigate
    -5.0,  // 10 demand
    -2.0,  // 11 disapprove
    -4.0,  // 12 reject
    -6.0,  // 13 threaten
    -6.5,  // 14 protest
    -7.2,  // 15 exhibit force posture
    -4.0,  // 16 reduce relations
    -7.0,  // 17 coerce
    -9.0,  // 18 assault
    -10.0, // 19 fight
    -10.0, // 20 use unconventional mass violence
];

/// The Goldstein score of a CAMEO event code: its root's score ("062" scores as "06").
/// `None` for what is not a CAMEO code.
pub fn goldstein(cameo: &str) -> Option<f64> {
    let code = cameo.trim();
    if code.len() < 2 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let root: usize = code[..2].parse().ok()?;
    GOLDSTEIN_ROOTS.get(root.checked_sub(1)?).copied()
}

/// The claims linking two actors.
#[derive(Debug, Clone, PartialEq)]
pub struct PairSummary {
    /// Node ids. Undirected pairs put the actor asked about first, else the lower id.
    pub first: String,
    pub second: String,
    /// Every piece of evidence between them, whatever its polarity, negation or modality.
    pub claims: usize,
    /// Asserted, affirmed claims of a cooperative family.
    pub cooperation: usize,
    /// Asserted, affirmed claims of a conflictual family.
    pub conflict: usize,
    /// The sum of the Goldstein scores of the asserted, affirmed claims with a CAMEO code.
    pub score: f64,
}

/// The pairs of actors linked by claims, most active first (then by score, most conflictual
/// first, then by ids). Negated claims ("did not recognize") and possibilities or intentions are
/// counted among the claims but not scored: the event did not happen, as event coders see it.
/// With `actor`, only its pairs; with `directed`, A→B and B→A are separate pairs.
pub fn summarize(graph: &ActorGraph, actor: Option<&str>, directed: bool) -> Vec<PairSummary> {
    let mut pairs: HashMap<(&str, &str), PairSummary> = HashMap::new();
    for edge in graph.graph.edge_weights() {
        let (source, target) = (edge.source.as_str(), edge.target.as_str());
        if actor.is_some_and(|a| a != source && a != target) {
            continue;
        }
        let key = if directed {
            (source, target)
        } else if actor == Some(target) || (actor != Some(source) && target < source) {
            (target, source)
        } else {
            (source, target)
        };
        let pair = pairs.entry(key).or_insert_with(|| PairSummary {
            first: key.0.to_string(),
            second: key.1.to_string(),
            claims: 0,
            cooperation: 0,
            conflict: 0,
            score: 0.0,
        });
        let claims = edge.evidence.len();
        pair.claims += claims;
        if edge.negated || edge.modality != Modality::Asserted {
            continue;
        }
        match edge.polarity {
            Polarity::Cooperation => pair.cooperation += claims,
            Polarity::Conflict => pair.conflict += claims,
            Polarity::Neutral => {}
        }
        if let Some(score) = edge.cameo.as_deref().and_then(goldstein) {
            pair.score += score * claims as f64;
        }
    }
    let mut pairs: Vec<PairSummary> = pairs.into_values().collect();
    pairs.sort_by(|a, b| {
        b.claims
            .cmp(&a.claims)
            .then(a.score.total_cmp(&b.score))
            .then_with(|| (&a.first, &a.second).cmp(&(&b.first, &b.second)))
    });
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::testing::GraphBuilder;

    #[test]
    fn finer_codes_score_as_their_root() {
        assert_eq!(goldstein("06"), Some(6.0));
        assert_eq!(goldstein("062"), Some(6.0));
        assert_eq!(goldstein("19"), Some(-10.0));
        assert_eq!(goldstein("1"), None);
        assert_eq!(goldstein("00"), None);
        assert_eq!(goldstein("21"), None);
        assert_eq!(goldstein("x6"), None);
    }

    fn graph() -> ActorGraph {
        GraphBuilder::new()
            .country("KAZ", "Kazakhstan", &[])
            .organization("NATO", "NATO", &[])
            .country("RUS", "Russia", &[])
            .claim("KAZ", "holds_joint_exercises", "NATO", "a1", "2008-09")
            .claim("KAZ", "holds_joint_exercises", "NATO", "a2", "2008-09")
            .claim("NATO", "praises", "KAZ", "a2", "2008-09")
            .claim("KAZ", "refuses", "NATO", "a3", "2009-04")
            .possible_claim("KAZ", "cooperates_with", "NATO", "a3", "2009-04")
            .claim("RUS", "threatens", "NATO", "a3", "2009-04")
            .negated_claim("KAZ", "recognizes", "RUS", "a3", "2009-04")
            .build()
    }

    #[test]
    fn a_pair_sums_the_goldstein_scores_of_its_claims() {
        let pairs = summarize(&graph(), None, false);
        let kaz_nato = &pairs[0];
        assert_eq!((kaz_nato.first.as_str(), kaz_nato.second.as_str()), ("KAZ", "NATO"));
        assert_eq!(kaz_nato.claims, 5, "both directions, every modality");
        assert_eq!(kaz_nato.cooperation, 3);
        assert_eq!(kaz_nato.conflict, 1);
        // Two joint exercises (06: +6 each), praise (05: +3.5), a refusal (12: -4); the possible
        // cooperation is not scored.
        assert_eq!(kaz_nato.score, 6.0 + 6.0 + 3.5 - 4.0);
        let kaz_rus = pairs.iter().find(|p| p.first == "KAZ" && p.second == "RUS");
        assert_eq!(
            kaz_rus.map(|p| (p.claims, p.score)),
            Some((1, 0.0)),
            "a negated claim scores nothing"
        );
    }

    #[test]
    fn an_actor_comes_first_in_its_pairs_and_direction_can_count() {
        let pairs = summarize(&graph(), Some("NATO"), false);
        assert!(pairs.iter().all(|p| p.first == "NATO"), "{pairs:?}");
        assert_eq!(pairs.len(), 2);
        let directed = summarize(&graph(), Some("NATO"), true);
        let praise = directed
            .iter()
            .find(|p| p.first == "NATO" && p.second == "KAZ")
            .unwrap();
        assert_eq!((praise.claims, praise.score), (1, 3.5));
    }
}
