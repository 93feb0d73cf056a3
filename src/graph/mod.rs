//! The graph: the model, assembly of claims into it, and its JSON form.

pub mod assemble;
pub mod json;
pub mod model;

pub use assemble::Assembler;
pub use model::{ActorGraph, ArticleInfo, Edge};
