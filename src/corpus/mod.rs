//! The corpus: article sources (directories, CSV, JSON Lines), cleaning, and sentences with byte
//! offsets.

pub mod article;
pub mod clean;
pub mod dateline;
pub mod sentences;
pub mod source;

pub use article::{Article, ArticleMeta};
pub use source::{InputError, InputWarning, Loaded};
