//! Rule packs: the RON schema, loading with positions, validation and compilation into a
//! [`Rulebook`] that extraction runs.

pub mod compile;
pub mod diagnostic;
pub mod load;
pub mod matcher;
pub mod pattern;
pub mod prefilter;
mod recover;
pub mod rulebook;
pub mod schema;
pub mod surface_automaton;

use std::path::Path;

pub use diagnostic::{Diagnostic, Severity};
pub use rulebook::{ActorIdx, Family, Form, Polarity, Rulebook, TitleIdx};

/// Loads and compiles every pack under `path`. The rulebook is `None` when any error was found;
/// the diagnostics hold every problem, errors and warnings.
pub fn load_rulebook(path: &Path) -> (Option<Rulebook>, Vec<Diagnostic>) {
    let (packs, mut diagnostics) = load::load_packs(path);
    let (rulebook, more) = compile::compile(&packs);
    let had_load_errors = diagnostics.iter().any(Diagnostic::is_error);
    diagnostics.extend(more);
    (if had_load_errors { None } else { rulebook }, diagnostics)
}

/// Compiles one pack given as text (named `name` in diagnostics): handy for tests and tools.
pub fn rulebook_from_str(name: &str, source: &str) -> Result<Rulebook, Vec<Diagnostic>> {
    let path = Path::new(name);
    let (pack, problems) = load::parse_pack_recovering(path, source);
    let Some(pack) = pack.filter(|_| problems.is_empty()) else {
        return Err(problems);
    };
    let loaded = load::LoadedPack {
        path: path.to_path_buf(),
        source: source.to_string(),
        pack,
    };
    let (rulebook, diagnostics) = compile::compile(std::slice::from_ref(&loaded));
    rulebook.ok_or(diagnostics)
}
