//! Reading rule packs from disk: every `.ron` file under a directory (or one file), parsed with
//! positions so that each problem names its file, line and column.

use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, Position, did_you_mean};
use super::schema::RulePack;

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
            Ok(source) => match parse_pack(&file, &source) {
                Ok(pack) => packs.push(LoadedPack {
                    path: file,
                    source,
                    pack,
                }),
                Err(diagnostic) => diagnostics.push(*diagnostic),
            },
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

/// Parses one pack from its text; a syntax or schema error becomes a positioned diagnostic.
pub fn parse_pack(file: &Path, source: &str) -> Result<RulePack, Box<Diagnostic>> {
    let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    options.from_str::<RulePack>(source).map_err(|err| {
        let position = Position {
            line: err.span.start.line,
            column: err.span.start.col,
        };
        let (message, help) = describe(&err.code);
        Box::new(Diagnostic::error(file, source, position, message).with_help(help))
    })
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
    fn optional_fields_need_no_some() {
        let pack = parse("(actors: [(id: \"KAZ\", kind: Country, label: \"K\", code: \"KAZ\")])").unwrap();
        assert_eq!(pack.actors[0].code.as_deref(), Some("KAZ"));
    }
}
