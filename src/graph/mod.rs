//! The graph: the model, assembly of claims into it, its JSON form, and the questions asked of
//! it (selection, roll-up, paths, summaries, timelines).

pub mod assemble;
pub mod claims;
pub mod explain;
pub mod file;
pub mod json;
pub mod model;
pub mod paths;
pub mod quote;
pub mod select;
pub mod snapshot;
pub mod source;
pub mod summary;
pub mod timeline;
pub mod triple;

#[cfg(test)]
pub(crate) mod testing;

pub use assemble::Assembler;
pub use file::{GraphFileError, OpenGraph, open_graph, read_graph};
pub use model::{ActorGraph, ArticleInfo, Edge};
pub use select::{
    SelectError, Selection, resolve_in_view, resolve_name, roll_up, select, select_between, select_from, select_layers,
};
pub use source::GraphSource;
