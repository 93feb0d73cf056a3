//! An article: its id, what is known about it (outlet, title, date), and its text.

use serde::{Deserialize, Serialize};

use crate::date::PartialDate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The file stem, or `<file>:<row>` for rows of a CSV or JSON Lines file.
    pub id: String,
    pub meta: ArticleMeta,
    /// The text as read; evidence offsets are byte offsets into it.
    pub text: String,
}

/// What a manifest or a CSV row says about an article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleMeta {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Article {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Article {
            id: id.into(),
            meta: ArticleMeta::default(),
            text: text.into(),
        }
    }

    pub fn dated(mut self, date: PartialDate) -> Self {
        self.meta.date = Some(date);
        self
    }
}
