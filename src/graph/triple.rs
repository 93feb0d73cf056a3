//! The compact pattern form of a query: `SOURCE -RELATION-> TARGET`, with `?` for "any",
//! quotes around names with spaces, and `TARGET <-RELATION- SOURCE` read the other way:
//!
//! ```text
//! ? -opposes-> "NATO exercises"
//! Kazakhstan -?-> NATO
//! NATO <-refuses- ?
//! ```

/// Who, what and whom a pattern asks for; `None` is a wildcard.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TriplePattern {
    pub source: Option<String>,
    pub relation: Option<String>,
    pub target: Option<String>,
}

/// Why a text is not a pattern, and where (1-based column, in characters).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("in the pattern `{pattern}` at column {column}: {problem}{}", EXAMPLE)]
pub struct PatternError {
    pub pattern: String,
    pub column: usize,
    pub problem: String,
}

const EXAMPLE: &str =
    " (write it as SOURCE -RELATION-> TARGET, with ? for any, e.g. '? -opposes-> \"NATO exercises\"')";

/// A `"` that opens or closes a quoted name.
fn quote_spans(text: &str) -> Result<Vec<(usize, usize)>, usize> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for (at, c) in text.char_indices() {
        if c == '"' {
            match open.take() {
                Some(start) => spans.push((start, at + 1)),
                None => open = Some(at),
            }
        }
    }
    match open {
        Some(start) => Err(start),
        None => Ok(spans),
    }
}

/// An arrow: where it stands, the relation inside, and whether it points left.
struct Arrow {
    start: usize,
    end: usize,
    relation: Option<String>,
    leftwards: bool,
}

/// Every arrow outside quotes: `-REL->` or `<-REL-`, REL being `?`, empty, or a relation name
/// (letters, digits and underscores).
fn arrows(text: &str, quotes: &[(usize, usize)]) -> Vec<Arrow> {
    let bytes = text.as_bytes();
    let quoted = |at: usize| quotes.iter().any(|&(s, e)| at >= s && at < e);
    let is_relation_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'?';
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if quoted(at) {
            at += 1;
            continue;
        }
        let leftwards = bytes[at] == b'<' && bytes.get(at + 1) == Some(&b'-');
        let rightwards = bytes[at] == b'-';
        if leftwards || rightwards {
            let inner_start = at + if leftwards { 2 } else { 1 };
            let mut inner_end = inner_start;
            while inner_end < bytes.len() && is_relation_byte(bytes[inner_end]) {
                inner_end += 1;
            }
            let closing: &[u8] = if leftwards { b"-" } else { b"->" };
            if bytes[inner_end..].starts_with(closing) {
                let inner = &text[inner_start..inner_end];
                let end = inner_end + closing.len();
                found.push(Arrow {
                    start: at,
                    end,
                    relation: (!inner.is_empty() && inner != "?").then(|| inner.to_string()),
                    leftwards,
                });
                at = end;
                continue;
            }
        }
        at += 1;
    }
    found
}

/// Parses a pattern. Names are taken as written (resolving them is the selection's job).
pub fn parse(pattern: &str) -> Result<TriplePattern, PatternError> {
    let error = |byte: usize, problem: String| PatternError {
        pattern: pattern.to_string(),
        column: pattern[..byte.min(pattern.len())].chars().count() + 1,
        problem,
    };
    let quotes = quote_spans(pattern).map_err(|at| error(at, "this quote is never closed".into()))?;
    let found = arrows(pattern, &quotes);
    let arrow = match found.as_slice() {
        [] => return Err(error(pattern.len(), "there is no arrow like -opposes-> or -?->".into())),
        [one] => one,
        [_, second, ..] => return Err(error(second.start, "a pattern has one arrow, this is a second".into())),
    };
    let term = |start: usize, end: usize, side: &str| -> Result<Option<String>, PatternError> {
        let raw = &pattern[start..end];
        let text = raw.trim();
        let at = start + (raw.len() - raw.trim_start().len());
        if text.is_empty() {
            return Err(error(at, format!("expected a name or ? {side} the arrow")));
        }
        if text == "?" {
            return Ok(None);
        }
        if let Some(inner) = text.strip_prefix('"') {
            return match inner.strip_suffix('"') {
                Some(name) if !name.contains('"') && !name.trim().is_empty() => Ok(Some(name.trim().to_string())),
                Some(name) if name.trim().is_empty() => Err(error(at, "the quotes hold no name".into())),
                _ => Err(error(at, "a quoted name must stand alone: \"like this\"".into())),
            };
        }
        if let Some(quote) = text.find('"') {
            return Err(error(
                at + quote,
                "a quoted name must stand alone: \"like this\"".into(),
            ));
        }
        Ok(Some(text.to_string()))
    };
    let left = term(0, arrow.start, "before")?;
    let right = term(arrow.end, pattern.len(), "after")?;
    let (source, target) = if arrow.leftwards { (right, left) } else { (left, right) };
    Ok(TriplePattern {
        source,
        relation: arrow.relation.clone(),
        target,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triple(source: Option<&str>, relation: Option<&str>, target: Option<&str>) -> TriplePattern {
        TriplePattern {
            source: source.map(String::from),
            relation: relation.map(String::from),
            target: target.map(String::from),
        }
    }

    #[test]
    fn wildcards_quotes_and_plain_names() {
        assert_eq!(
            parse(r#"? -opposes-> "NATO exercises""#).unwrap(),
            triple(None, Some("opposes"), Some("NATO exercises"))
        );
        assert_eq!(
            parse("Kazakhstan -?-> NATO").unwrap(),
            triple(Some("Kazakhstan"), None, Some("NATO"))
        );
        assert_eq!(
            parse("the Kremlin-->?").unwrap(),
            triple(Some("the Kremlin"), None, None)
        );
        // Hyphens inside a name are not arrows.
        assert_eq!(
            parse("cooperative-longbow-09 <-refuses- Interfax-Kazakhstan").unwrap(),
            triple(
                Some("Interfax-Kazakhstan"),
                Some("refuses"),
                Some("cooperative-longbow-09")
            )
        );
        // Arrows inside quotes are part of the name.
        assert_eq!(
            parse(r#""a -b-> c" -x-> ?"#).unwrap(),
            triple(Some("a -b-> c"), Some("x"), None)
        );
    }

    #[test]
    fn mistakes_say_what_and_where() {
        let cases = [
            ("Kazakhstan opposes NATO", 24, "there is no arrow"),
            ("? -opposes-> \"NATO exercises", 14, "never closed"),
            (" -opposes-> NATO", 2, "expected a name or ? before the arrow"),
            ("KAZ -opposes->", 15, "expected a name or ? after the arrow"),
            ("A -x-> B -y-> C", 10, "a second"),
            ("A -x-> the \"B\"", 12, "must stand alone"),
            ("A -x-> \"\"", 8, "no name"),
        ];
        for (pattern, column, problem) in cases {
            let err = parse(pattern).unwrap_err();
            assert_eq!(err.column, column, "{pattern}: {err}");
            assert!(err.problem.contains(problem), "{pattern}: {err}");
            assert!(err.to_string().contains("SOURCE -RELATION-> TARGET"));
        }
    }
}
