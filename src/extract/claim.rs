//! What extraction produces: claims (who did what to whom, with evidence) and the nodes they
//! name. These are also the records of the `extract` / `assemble` JSON Lines stream.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::date::PartialDate;
use crate::rules::schema::ActorKind;
use crate::rules::{Family, Polarity};

/// One relation between two actors, as one sentence states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub source: String,
    pub target: String,
    pub relation: String,
    pub family: Family,
    #[serde(default)]
    pub cameo: Option<String>,
    pub negated: bool,
    pub modality: Modality,
    /// For `holds_office`: the title and term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<Office>,
    pub evidence: Evidence,
}

impl Claim {
    pub fn polarity(&self) -> Polarity {
        self.family.polarity()
    }
}

/// Whether a claim is stated as fact, as a possibility, or as an intention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// "Kazakhstan pulled out."
    Asserted,
    /// "Kazakhstan may even consider buying weapons."
    Possible,
    /// "Kazakhstan plans to join."
    Intended,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Possible => "possible",
            Modality::Intended => "intended",
        }
    }
}

/// An office held, as the text and the rules tell it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Office {
    pub title: String,
    #[serde(default)]
    pub from: Option<PartialDate>,
    #[serde(default)]
    pub to: Option<PartialDate>,
}

/// The sentence behind a claim, down to the byte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub article: String,
    /// Index of the sentence among the article's sentences, from 0.
    pub sentence: usize,
    /// Byte offsets of the sentence in the article text.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The id of the pattern (or `office:<title>`) that made the claim.
    pub rule: String,
    /// The date the sentence gives for the claim, else the article's date.
    #[serde(default)]
    pub date: Option<PartialDate>,
    /// Who the sentence says made the claim ("Interfax reported").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said_by: Option<String>,
    /// Spans of the source, target and trigger in the article text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marks: Vec<Mark>,
}

/// A marked span of the evidence: where the source, target or trigger stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub role: MarkRole,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MarkRole {
    Source,
    Target,
    Trigger,
}

/// A node as the graph contract describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeInfo {
    pub id: String,
    pub label: String,
    #[serde(with = "kind_lowercase")]
    pub kind: ActorKind,
    pub code: Option<String>,
    pub aliases: Vec<String>,
    /// For a person: the state or organisation it acts for.
    pub affiliation: Option<String>,
    /// For a person: its offices with their terms (for rolling persons up into states).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<RoleInfo>,
}

impl NodeInfo {
    /// Folds a later description of the same node into this one: the first description wins, a
    /// later one only fills what it lacks (affiliation, roles) and adds aliases. Returns whether
    /// anything changed (the claim stream writes a node again only then).
    pub fn merge(&mut self, later: NodeInfo) -> bool {
        let mut changed = false;
        if self.affiliation.is_none() && later.affiliation.is_some() {
            self.affiliation = later.affiliation;
            changed = true;
        }
        if self.roles.is_empty() && !later.roles.is_empty() {
            self.roles = later.roles;
            changed = true;
        }
        for alias in later.aliases {
            if !self.aliases.contains(&alias) {
                self.aliases.push(alias);
                changed = true;
            }
        }
        changed
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleInfo {
    pub title: String,
    pub of: String,
    #[serde(default)]
    pub from: Option<PartialDate>,
    #[serde(default)]
    pub to: Option<PartialDate>,
}

impl RoleInfo {
    pub fn period(&self) -> crate::date::Period {
        crate::date::Period {
            from: self.from,
            to: self.to,
        }
    }
}

/// Node kinds are lowercase in JSON ("country"), capitalised in RON rules (`Country`).
pub mod kind_lowercase {
    use super::*;

    pub fn serialize<S: Serializer>(kind: &ActorKind, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(kind.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<ActorKind, D::Error> {
        let text = String::deserialize(deserializer)?;
        ActorKind::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown node kind `{text}`")))
    }
}

impl Serialize for Family {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Family {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Family::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown relation family `{text}`")))
    }
}

impl Serialize for Polarity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Polarity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Polarity::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown polarity `{text}`")))
    }
}
