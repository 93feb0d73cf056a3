//! Datelines: the place, date and agency a wire report opens a paragraph with ("ASTANA, April
//! 21 (Reuters) --"). The place in capitals is where the report was filed, not an actor, and the
//! date may be finer than the article's.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// A dateline found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// The whole dateline, dash and following spaces included.
    pub range: Range<usize>,
    /// The date words in it ("April 21"), when it has any.
    pub date: Option<Range<usize>>,
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<place>\p{Lu}[\p{Lu}.'’-]+(?: \p{Lu}[\p{Lu}.'’-]+)*(?:, \p{Lu}[\p{L}.'’-]+(?: \p{Lu}[\p{L}.'’-]+)*)?),?(?: (?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:,? \d{4})?))?(?: \((?P<agency>[^()]{1,40})\))? ?(?:--|—|–|-)\s*",
    )
    .expect("the dateline grammar is a valid regex")
});

/// The dateline opening `text[paragraph]`, if any. A dateline names its agency or its date, so
/// that a heading in capitals followed by a dash is not taken for one.
pub fn find(text: &str, paragraph: Range<usize>) -> Option<Dateline> {
    let body = &text[paragraph.clone()];
    // A dateline opens with two capitals (or a capital and a stop, apostrophe or hyphen); most
    // paragraphs do not, and are not given to the regex, whose captures cost a search each.
    let mut opening = body.chars();
    let opens_in_capitals = opening.next().is_some_and(char::is_uppercase)
        && opening
            .next()
            .is_some_and(|c| c.is_uppercase() || matches!(c, '.' | '\'' | '’' | '-'));
    if !opens_in_capitals {
        return None;
    }
    let caps = DATELINE.captures(body)?;
    if caps.name("agency").is_none() && caps.name("date").is_none() {
        return None;
    }
    let whole = caps.get(0)?;
    if whole.end() >= body.len() {
        return None;
    }
    Some(Dateline {
        range: paragraph.start..paragraph.start + whole.end(),
        date: caps
            .name("date")
            .map(|d| paragraph.start + d.start()..paragraph.start + d.end()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dateline(text: &str) -> Option<(String, Option<String>)> {
        find(text, 0..text.len()).map(|d| (text[d.range.clone()].to_string(), d.date.map(|r| text[r].to_string())))
    }

    #[test]
    fn wire_datelines_are_found_with_their_date() {
        assert_eq!(
            dateline("ASTANA (Reuters) -- Kazakhstan has refused."),
            Some(("ASTANA (Reuters) -- ".to_string(), None))
        );
        assert_eq!(
            dateline("MOSCOW, April 3 (RIA Novosti) - Russia said."),
            Some((
                "MOSCOW, April 3 (RIA Novosti) - ".to_string(),
                Some("April 3".to_string())
            ))
        );
        assert_eq!(
            dateline("ILI MILITARY RANGE, Kazakhstan (Reuters) -- Kazakhstan has held drills."),
            Some(("ILI MILITARY RANGE, Kazakhstan (Reuters) -- ".to_string(), None))
        );
    }

    #[test]
    fn ordinary_openings_are_not_datelines() {
        assert_eq!(dateline("NATO - the alliance - met."), None);
        assert_eq!(dateline("Kazakhstan (Reuters) - said."), None);
        assert_eq!(dateline("US-led forces advanced."), None);
    }
}
