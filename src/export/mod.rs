//! Writing the graph out: DOT, JSON, and atomic file output.

pub mod dot;
pub mod events;
pub mod write;
