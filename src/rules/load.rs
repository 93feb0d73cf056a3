//! Reading rule packs from disk: every `.ron` file under a directory (or one file), parsed with
//! positions so that each problem names its file, line and column.

use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, LineIndex, Position, did_you_mean};
use super::recover;
use super::schema::{RulePack, ron_options};

/// A parsed rule file together with its text, kept for locating later problems.
#[derive(Debug, Clone)]
pub struct LoadedPack {
    pub path: PathBuf,
    pub source: String,
    pub pack: RulePack,
}

/// Every `.ron` file under `path` (recursively, in path order), or `path` itself when it is a
/// file. Files that fail to read or parse become diagnostics; the rest still load.
pub fn load_packs(path: &Path) -> (Vec<LoadedPack>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let files = match rule_files(path) {
        Ok(files) => files,
        Err(message) => {
            diagnostics.push(Diagnostic::error(path, "", Position { line: 1, column: 1 }, message));
            return (Vec::new(), diagnostics);
        }
    };
    if files.is_empty() {
        diagnostics.push(Diagnostic::error(
            path,
            "",
            Position { line: 1, column: 1 },
            "no `.ron` rule files here",
        ));
    }
    let mut packs = Vec::new();
    for file in files {
        match std::fs::read_to_string(&file) {
            Ok(source) => {
                let (pack, problems) = parse_pack_recovering(&file, &source);
                diagnostics.extend(problems);
                if let Some(pack) = pack {
                    packs.push(LoadedPack {
                        path: file,
                        source,
                        pack,
                    });
                }
            }
            Err(err) => diagnostics.push(Diagnostic::error(
                &file,
                "",
                Position { line: 1, column: 1 },
                format!("cannot read rule file: {err}"),
            )),
        }
    }
    (packs, diagnostics)
}

/// Parses one pack from its text; a syntax or schema error becomes a positioned diagnostic (the
/// first one: [`parse_pack_recovering`] finds them all).
pub fn parse_pack(file: &Path, source: &str) -> Result<RulePack, Box<Diagnostic>> {
    ron_options()
        .from_str::<RulePack>(source)
        .map_err(|err| Box::new(diagnose(file, source, position_of(&err), &err.code)))
}

/// Parses one pack, and when it fails, every rule of its lists on its own: each broken rule is
/// one diagnostic, and the rules that parse still make a pack (so that the checks across packs
/// see them). The pack is `None` when no part of the file could be trusted.
pub fn parse_pack_recovering(file: &Path, source: &str) -> (Option<RulePack>, Vec<Diagnostic>) {
    let first = match ron_options().from_str::<RulePack>(source) {
        Ok(pack) => return (Some(pack), Vec::new()),
        Err(err) => err,
    };
    let first_diagnostic = diagnose(file, source, position_of(&first), &first.code);
    let Some(items) = recover::list_items(source) else {
        return (None, vec![first_diagnostic]);
    };
    let lines = LineIndex::new(source);
    let mut diagnostics = Vec::new();
    let mut broken = Vec::new();
    for item in &items {
        if let Err(err) = recover::parse_item(source, &lines, item) {
            diagnostics.push(diagnose(file, source, err.position, &err.error));
            broken.push(item.span.clone());
        }
    }
    if broken.is_empty() {
        // The error lies outside the rules (a top-level field, a missing comma between rules).
        return (None, vec![first_diagnostic]);
    }
    match ron_options().from_str::<RulePack>(&recover::without_items(source, &broken)) {
        Ok(pack) => (Some(pack), diagnostics),
        Err(_) => {
            if !diagnostics.contains(&first_diagnostic) {
                diagnostics.insert(0, first_diagnostic);
            }
            (None, diagnostics)
        }
    }
}

fn position_of(err: &ron::error::SpannedError) -> Position {
    Position {
        line: err.span.start.line,
        column: err.span.start.col,
    }
}

fn diagnose(file: &Path, source: &str, position: Position, error: &ron::Error) -> Diagnostic {
    let (message, help) = describe(error);
    Diagnostic::error(file, source, position, message).with_help(help)
}

/// A message for ron's error, with a suggestion for misspelt fields and variants.
fn describe(error: &ron::Error) -> (String, Option<String>) {
    match error {
        ron::Error::NoSuchStructField { expected, found, outer } => (
            format!(
                "unknown field `{found}`{}",
                outer.as_ref().map(|o| format!(" in `{o}`")).unwrap_or_default()
            ),
            did_you_mean(found, expected.iter().copied())
                .or_else(|| Some(format!("expected one of: {}", expected.join(", ")))),
        ),
        ron::Error::NoSuchEnumVariant { expected, found, outer } => (
            format!(
                "unknown variant `{found}`{}",
                outer.as_ref().map(|o| format!(" of `{o}`")).unwrap_or_default()
            ),
            did_you_mean(found, expected.iter().copied())
                .or_else(|| Some(format!("expected one of: {}", expected.join(", ")))),
        ),
        other => (other.to_string(), None),
    }
}

fn rule_files(path: &Path) -> Result<Vec<PathBuf>, String> {
    let metadata = std::fs::metadata(path).map_err(|err| format!("cannot open rules: {err}"))?;
    if metadata.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    collect_ron_files(path, &mut files).map_err(|err| format!("cannot list rules: {err}"))?;
    files.sort();
    Ok(files)
}

fn collect_ron_files(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_ron_files(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "ron") {
            files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Result<RulePack, Box<Diagnostic>> {
        parse_pack(Path::new("t.ron"), source)
    }

    #[test]
    fn a_misspelt_field_is_named_with_a_suggestion() {
        let err = parse("(actors: [(id: \"KAZ\", kind: Country, label: \"K\", aliasses: [])])").unwrap_err();
        assert!(err.message.contains("unknown field `aliasses`"), "{}", err.message);
        assert_eq!(err.help.as_deref(), Some("did you mean `aliases`?"));
        assert_eq!(err.position.line, 1);
    }

    #[test]
    fn a_misspelt_kind_suggests_the_variant() {
        let err = parse("(actors: [(id: \"KAZ\", kind: Countri, label: \"K\")])").unwrap_err();
        assert!(err.message.contains("unknown variant `Countri`"), "{}", err.message);
        assert_eq!(err.help.as_deref(), Some("did you mean `Country`?"));
    }

    #[test]
    fn a_syntax_error_points_at_its_line() {
        let err = parse("(\n  actors: [\n    (id: \"KAZ\" kind: Country),\n  ],\n)").unwrap_err();
        assert_eq!(err.position.line, 3);
    }

    #[test]
    fn every_broken_rule_is_reported_and_the_rest_still_load() {
        let source = "(\n  actors: [\n    (id: \"A\", kind: Countri, label: \"A\"),\n    (id: \"B\", kind: Country, label: \"B\"),\n    (id: \"C\", kind: Country, lable: \"C\"),\n  ],\n  patterns: [(id: \"p\" relation: \"r\", pattern: \"x\")],\n)";
        let (pack, diagnostics) = parse_pack_recovering(Path::new("t.ron"), source);
        let found: Vec<(usize, usize, &str)> = diagnostics
            .iter()
            .map(|d| (d.position.line, d.position.column, d.message.as_str()))
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (3, 21));
        assert!(found[0].2.contains("Countri"));
        assert_eq!(found[1].0, 5);
        assert!(found[1].2.contains("lable"));
        assert_eq!(found[2].0, 7);
        let ids: Vec<String> = pack.unwrap().actors.into_iter().map(|a| a.id).collect();
        assert_eq!(ids, ["B"]);
    }

    #[test]
    fn unbalanced_brackets_give_one_error() {
        let (pack, diagnostics) = parse_pack_recovering(Path::new("t.ron"), "(actors: [(id: \"A\", kind: Country]");
        assert!(pack.is_none());
        assert_eq!(diagnostics.len(), 1);
    }

    #[test]
    fn optional_fields_need_no_some() {
        let pack = parse("(actors: [(id: \"KAZ\", kind: Country, label: \"K\", code: \"KAZ\")])").unwrap();
        assert_eq!(pack.actors[0].code.as_deref(), Some("KAZ"));
    }
}
