//! Synthetic claims for the assembly benchmark: many articles, a few thousand actors, and a
//! skewed (power-law) choice of who acts on whom, so that a few edges gather most of the evidence
//! as they do in real news.

// Shared by examples/benchkit.rs and benches/extract.rs; each uses only part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;

use actorgraph::corpus::ArticleMeta;
use actorgraph::date::PartialDate;
use actorgraph::extract::{Claim, Evidence, Extraction, Mark, MarkRole, Modality, NodeInfo};
use actorgraph::rules::Family;
use actorgraph::rules::schema::ActorKind;

const RELATIONS: [(&str, Family); 12] = [
    ("supports", Family::Supports),
    ("criticizes", Family::Opposes),
    ("accuses", Family::Opposes),
    ("demands", Family::Demands),
    ("threatens", Family::Threatens),
    ("refuses", Family::Refuses),
    ("withdraws_from", Family::Refuses),
    ("holds_joint_exercises", Family::CooperatesWith),
    ("buys_arms_from", Family::BuysArmsFrom),
    ("attacks", Family::Fights),
    ("visits", Family::Visits),
    ("meets", Family::Visits),
];

const KINDS: [ActorKind; 4] = [
    ActorKind::Country,
    ActorKind::Organization,
    ActorKind::Person,
    ActorKind::Event,
];

/// A small deterministic generator (xorshift64*): the same claims on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An index below `n`, small ones far more often (a power law).
    fn skewed(&mut self, n: usize) -> usize {
        ((n as f64) * self.unit().powi(3)) as usize % n
    }
}

fn node(index: usize) -> NodeInfo {
    let id = format!("ACT{index:05}");
    NodeInfo {
        label: format!("Actor {index}"),
        kind: KINDS[index % KINDS.len()],
        code: (index % 3 == 0).then(|| format!("C{index:05}")),
        aliases: vec![format!("Actor {index}"), format!("Actor No. {index}")],
        affiliation: None,
        roles: Vec::new(),
        id,
    }
}

/// `claims` claims spread over articles of `per_article` claims each, among `actors` actors.
pub fn extractions(claims: usize, per_article: usize, actors: usize) -> Vec<Extraction> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut out = Vec::with_capacity(claims / per_article + 1);
    let mut made = 0;
    let mut article_number = 0;
    while made < claims {
        let article = format!("synthetic-{article_number:07}");
        let date = PartialDate::day(2000 + (article_number % 20) as i16, 1 + (article_number % 12) as u8, 1)
            .expect("a valid day");
        let mut extraction = Extraction {
            article: article.clone(),
            meta: ArticleMeta {
                outlet: Some(format!("outlet{}.example", article_number % 50)),
                title: Some(format!("Synthetic article {article_number}")),
                date: Some(date),
                url: Some(format!("https://outlet.example/{article_number}")),
            },
            nodes: BTreeMap::new(),
            claims: Vec::new(),
            sentences: 40,
            bytes: 6000,
        };
        for sentence in 0..per_article.min(claims - made) {
            let source = rng.skewed(actors);
            let mut target = rng.skewed(actors);
            if target == source {
                target = (target + 1) % actors;
            }
            let (relation, family) = RELATIONS[rng.skewed(RELATIONS.len())];
            let start = sentence * 150;
            let text = format!(
                "Officials said on Tuesday that Actor {source} {} Actor {target} after talks in the capital, \
                 the {sentence}th such report this month.",
                relation.replace('_', " ")
            );
            let end = start + text.len();
            let claim = Claim {
                source: format!("ACT{source:05}"),
                target: format!("ACT{target:05}"),
                relation: relation.to_string(),
                family,
                cameo: Some(format!("{:02}", 1 + rng.next() % 20)),
                negated: rng.next() % 10 == 0,
                modality: if rng.next() % 8 == 0 {
                    Modality::Possible
                } else {
                    Modality::Asserted
                },
                office: None,
                evidence: Evidence {
                    article: article.clone(),
                    sentence,
                    start,
                    end,
                    text,
                    rule: format!("{relation}-pattern"),
                    date: Some(date),
                    said_by: None,
                    marks: vec![
                        Mark {
                            role: MarkRole::Source,
                            start: start + 31,
                            end: start + 40,
                        },
                        Mark {
                            role: MarkRole::Target,
                            start: start + 52,
                            end: start + 61,
                        },
                    ],
                },
            };
            for index in [source, target] {
                let info = node(index);
                extraction.nodes.entry(info.id.clone()).or_insert(info);
            }
            extraction.claims.push(claim);
            made += 1;
        }
        out.push(extraction);
        article_number += 1;
    }
    out
}
