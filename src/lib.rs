//! actorgraph: knowledge graphs of political actors from news articles.
//!
//! The flow runs one way: [`rules`] are loaded and compiled into a [`rules::Rulebook`];
//! [`corpus`] reads and cleans articles; [`extract`] turns each article into claims;
//! [`graph`] merges claims into one graph; [`export`] writes it out (DOT, SVG, JSON, GraphML,
//! GEXF, CSV, Cytoscape.js) and [`report`] makes HTML and Markdown reports of it. [`pipeline`]
//! runs the whole flow over a corpus. [`import`] converts other tools' dictionaries into rule
//! packs.

pub mod allocator;
pub mod corpus;
pub mod date;
pub mod export;
pub mod extract;
pub mod graph;
pub mod import;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod words;
