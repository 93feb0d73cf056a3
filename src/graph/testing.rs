//! A fluent builder of small graphs for unit tests: actors and claims in a few lines, assembled
//! the way `build` assembles extracted claims, so tests see the same merging and affiliations.

use crate::corpus::ArticleMeta;
use crate::date::PartialDate;
use crate::extract::{Claim, Evidence, Mark, MarkRole, Modality, NodeInfo, RoleInfo};
use crate::graph::{ActorGraph, Assembler};
use crate::rules::Family;
use crate::rules::schema::ActorKind;

#[derive(Default)]
pub struct GraphBuilder {
    assembler: Assembler,
    nodes: Vec<NodeInfo>,
    sentences: usize,
}

/// The family and CAMEO code of the relations tests use.
fn relation(relation: &str) -> (Family, Option<&'static str>) {
    match relation {
        "refuses" => (Family::Refuses, Some("12")),
        "withdraws_from" => (Family::Refuses, Some("16")),
        "opposes" => (Family::Opposes, Some("11")),
        "criticizes" => (Family::Opposes, Some("111")),
        "supports" => (Family::Supports, Some("05")),
        "praises" => (Family::Supports, Some("051")),
        "cooperates_with" => (Family::CooperatesWith, Some("06")),
        "holds_joint_exercises" => (Family::CooperatesWith, Some("062")),
        "visits" => (Family::Visits, Some("042")),
        "fights" => (Family::Fights, Some("19")),
        "threatens" => (Family::Threatens, Some("13")),
        "recognizes" => (Family::Recognizes, Some("054")),
        "holds_office" => (Family::HoldsOffice, None),
        "member_of" => (Family::MemberOf, None),
        "organizes" => (Family::Organizes, None),
        other => panic!("the test builder does not know the relation `{other}`"),
    }
}

impl GraphBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    fn node(mut self, id: &str, kind: ActorKind, label: &str, aliases: &[&str]) -> Self {
        let mut all = vec![label.to_string()];
        all.extend(aliases.iter().map(|a| a.to_string()));
        self.nodes.push(NodeInfo {
            id: id.into(),
            label: label.into(),
            kind,
            code: None,
            aliases: all,
            affiliation: None,
            roles: Vec::new(),
        });
        self
    }

    pub fn country(self, id: &str, label: &str, aliases: &[&str]) -> Self {
        self.node(id, ActorKind::Country, label, aliases)
    }

    pub fn organization(self, id: &str, label: &str, aliases: &[&str]) -> Self {
        self.node(id, ActorKind::Organization, label, aliases)
    }

    pub fn event(self, id: &str, label: &str, aliases: &[&str]) -> Self {
        self.node(id, ActorKind::Event, label, aliases)
    }

    /// A person with offices: (the state or organisation served, from, to).
    pub fn person(mut self, id: &str, label: &str, roles: &[(&str, &str, &str)]) -> Self {
        self = self.node(id, ActorKind::Person, label, &[]);
        let node = self.nodes.last_mut().expect("just added");
        node.roles = roles
            .iter()
            .map(|(of, from, to)| RoleInfo {
                title: "Minister".into(),
                of: (*of).into(),
                from: from.parse().ok(),
                to: to.parse().ok(),
            })
            .collect();
        node.affiliation = node.roles.last().map(|r| r.of.clone());
        self
    }

    pub fn alias(mut self, id: &str, alias: &str) -> Self {
        let node = self.nodes.iter_mut().find(|n| n.id == id).expect("a known node");
        node.aliases.push(alias.into());
        self
    }

    /// An asserted claim stated in an article at a date.
    pub fn claim(self, source: &str, relation: &str, target: &str, article: &str, date: &str) -> Self {
        self.claim_with(source, relation, target, article, date, false, Modality::Asserted)
    }

    pub fn negated_claim(self, source: &str, relation: &str, target: &str, article: &str, date: &str) -> Self {
        self.claim_with(source, relation, target, article, date, true, Modality::Asserted)
    }

    pub fn possible_claim(self, source: &str, relation: &str, target: &str, article: &str, date: &str) -> Self {
        self.claim_with(source, relation, target, article, date, false, Modality::Possible)
    }

    #[allow(clippy::too_many_arguments)]
    fn claim_with(
        mut self,
        source: &str,
        relation_id: &str,
        target: &str,
        article: &str,
        date: &str,
        negated: bool,
        modality: Modality,
    ) -> Self {
        let (family, cameo) = relation(relation_id);
        let date: Option<PartialDate> = date.parse().ok();
        // Each claim gets its own sentence, laid out as "<source> <relation> <target>." so that
        // marks point at real spans.
        let verb = relation_id.replace('_', " ");
        let text = format!("{source} {verb} {target} ({}).", self.sentences);
        let start = self.sentences * 100;
        let marks = vec![
            Mark {
                role: MarkRole::Source,
                start,
                end: start + source.len(),
            },
            Mark {
                role: MarkRole::Trigger,
                start: start + source.len() + 1,
                end: start + source.len() + 1 + verb.len(),
            },
            Mark {
                role: MarkRole::Target,
                start: start + source.len() + verb.len() + 2,
                end: start + source.len() + verb.len() + 2 + target.len(),
            },
        ];
        self.assembler.add_article(
            article.into(),
            ArticleMeta {
                outlet: Some(format!("Outlet {article}")),
                date,
                ..ArticleMeta::default()
            },
        );
        self.assembler.add_claim(Claim {
            source: source.into(),
            target: target.into(),
            relation: relation_id.into(),
            family,
            cameo: cameo.map(String::from),
            negated,
            modality,
            office: None,
            evidence: Evidence {
                article: article.into(),
                sentence: self.sentences,
                start,
                end: start + text.len(),
                text,
                rule: format!("rule-{relation_id}"),
                date,
                said_by: None,
                marks,
            },
        });
        self.sentences += 1;
        self
    }

    pub fn build(mut self) -> ActorGraph {
        for node in self.nodes {
            self.assembler.add_node(node);
        }
        self.assembler.finish()
    }
}
