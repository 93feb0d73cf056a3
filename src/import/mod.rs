//! Importers: dictionaries made for other tools, converted into our RON rule packs.
//!
//! An importer never edits a hand-curated pack. It writes generated packs with a low `priority`,
//! so that a curated entry with the same id, or a curated claim on the same alias, wins. Every
//! input line it cannot convert is reported with its file and line; nothing is dropped silently.

pub mod phoenix;
