//! Finding every problem in a rule file, not only the first: serde stops at the first error, so
//! when a pack fails to parse, each rule of its lists is parsed again on its own. Every broken
//! rule becomes its own diagnostic, and the rules that parse still make a pack for the checks
//! that need them (duplicate ids, unknown references).

use std::ops::Range;

use serde::de::DeserializeOwned;

use super::diagnostic::{LineIndex, Position};
use super::schema::{ActorRule, PatternRule, RelationRule, TitleRule, ron_options};

/// One rule of a list field: which field and where its text lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    pub field: String,
    pub span: Range<usize>,
}

/// A rule that failed on its own: the absolute position of its error and ron's error.
#[derive(Debug)]
pub struct ItemError {
    pub position: Position,
    pub error: ron::Error,
}

/// The rules of `actors`, `titles`, `relations` and `patterns` in `source`, found by bracket
/// depth (strings and comments skipped). `None` when the brackets do not balance: then no rule
/// boundary can be trusted.
pub fn list_items(source: &str) -> Option<Vec<ListItem>> {
    let bytes = source.as_bytes();
    let mut items = Vec::new();
    // The open brackets, each with the field name that stood before it (if any).
    let mut stack: Vec<(u8, Option<String>)> = Vec::new();
    let mut item_start: Option<usize> = None;
    let mut last_word: Option<String> = None;
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        match byte {
            b'"' => {
                at = skip_string(bytes, at)?;
                last_word = None;
                continue;
            }
            b'r' if is_raw_string_start(bytes, at) => {
                at = skip_raw_string(bytes, at)?;
                last_word = None;
                continue;
            }
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                at = bytes[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |n| at + n);
                continue;
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                at = skip_block_comment(bytes, at)?;
                continue;
            }
            b'(' | b'[' | b'{' => {
                // A rule starts at a `(` directly inside a rule list at the top level.
                let in_list = stack.len() == 2 && stack[1].0 == b'[' && stack[1].1.as_deref().is_some_and(is_rule_list);
                if in_list && byte == b'(' {
                    item_start = Some(at);
                }
                stack.push((byte, last_word.take()));
            }
            b')' | b']' | b'}' => {
                let (open, _) = stack.pop()?;
                if !matches!((open, byte), (b'(', b')') | (b'[', b']') | (b'{', b'}')) {
                    return None;
                }
                if stack.len() == 2
                    && byte == b')'
                    && let Some(start) = item_start.take()
                {
                    let field = stack[1].1.clone().unwrap_or_default();
                    items.push(ListItem {
                        field,
                        span: start..at + 1,
                    });
                }
                last_word = None;
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                let end = bytes[at..]
                    .iter()
                    .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                    .map_or(bytes.len(), |n| at + n);
                last_word = Some(source[at..end].to_string());
                at = end;
                continue;
            }
            b':' | b' ' | b'\t' | b'\r' | b'\n' => {}
            _ => last_word = None,
        }
        at += 1;
    }
    stack.is_empty().then_some(items)
}

fn is_rule_list(field: &str) -> bool {
    matches!(field, "actors" | "titles" | "relations" | "patterns")
}

fn skip_string(bytes: &[u8], start: usize) -> Option<usize> {
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

fn is_raw_string_start(bytes: &[u8], at: usize) -> bool {
    let before_is_word = at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
    let hashes = bytes[at + 1..].iter().take_while(|&&b| b == b'#').count();
    !before_is_word && bytes.get(at + 1 + hashes) == Some(&b'"')
}

fn skip_raw_string(bytes: &[u8], start: usize) -> Option<usize> {
    let hashes = bytes[start + 1..].iter().take_while(|&&b| b == b'#').count();
    let body = start + 2 + hashes;
    let mut at = body;
    while at < bytes.len() {
        if bytes[at] == b'"' && bytes[at + 1..].iter().take(hashes).filter(|&&b| b == b'#').count() == hashes {
            let end = at + 1 + hashes;
            if end <= bytes.len() {
                return Some(end);
            }
        }
        at += 1;
    }
    None
}

/// Block comments nest in RON.
fn skip_block_comment(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    while at + 1 < bytes.len() {
        match (bytes[at], bytes[at + 1]) {
            (b'/', b'*') => {
                depth += 1;
                at += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                at += 2;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => at += 1,
        }
    }
    None
}

/// Parses one rule on its own as the type its list holds; the error's position is made
/// absolute in `source`.
pub fn parse_item(source: &str, lines: &LineIndex, item: &ListItem) -> Result<(), ItemError> {
    let text = &source[item.span.clone()];
    let result = match item.field.as_str() {
        "actors" => check::<ActorRule>(text),
        "titles" => check::<TitleRule>(text),
        "relations" => check::<RelationRule>(text),
        _ => check::<PatternRule>(text),
    };
    result.map_err(|err| {
        let origin = lines.position_of(source, item.span.start);
        let relative = err.span.start;
        let position = if relative.line <= 1 {
            Position {
                line: origin.line,
                column: origin.column + relative.col.saturating_sub(1),
            }
        } else {
            Position {
                line: origin.line + relative.line - 1,
                column: relative.col,
            }
        };
        ItemError {
            position,
            error: err.code,
        }
    })
}

fn check<T: DeserializeOwned>(text: &str) -> Result<(), ron::error::SpannedError> {
    ron_options().from_str::<T>(text).map(drop)
}

/// `source` without the rules at `spans` (and the comma after each): the text of the pack made
/// of the rules that parse.
pub fn without_items(source: &str, spans: &[Range<usize>]) -> String {
    let mut kept = String::with_capacity(source.len());
    let mut from = 0;
    for span in spans {
        kept.push_str(&source[from..span.start]);
        let rest = &source[span.end..];
        let trimmed = rest.trim_start();
        let skipped_space = rest.len() - trimmed.len();
        from = span.end + if trimmed.starts_with(',') { skipped_space + 1 } else { 0 };
        // Keep line breaks so that later positions in the kept text stay near their originals.
        kept.extend(source[span.clone()].chars().filter(|&c| c == '\n'));
    }
    kept.push_str(&source[from..]);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_found_inside_their_lists_only() {
        let source = r##"(
    macros: {"x": "(a|b)"},
    actors: [
        (id: "A", kind: Country, label: "A ) [", aliases: ["A"]), // a comment (
        (id: "B", kind: Country, label: r#"B"#),
    ],
    patterns: [(id: "p", relation: "r", pattern: "{source} (x) {target}")],
)"##;
        let items = list_items(source).unwrap();
        let fields: Vec<&str> = items.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["actors", "actors", "patterns"]);
        assert!(source[items[0].span.clone()].starts_with("(id: \"A\""));
        assert!(source[items[0].span.clone()].ends_with("aliases: [\"A\"])"));
    }

    #[test]
    fn unbalanced_brackets_give_no_rules() {
        assert_eq!(list_items("(actors: [(id: \"A\",]"), None);
    }

    #[test]
    fn a_broken_rule_is_cut_out_with_its_comma() {
        let source = "(actors: [(a), (b),\n (c)])";
        let items = list_items(source).unwrap();
        let kept = without_items(source, &[items[1].span.clone()]);
        assert_eq!(kept, "(actors: [(a), \n (c)])");
    }
}
