//! Evidence as it is shown: the sentence with its actors and trigger marked, and short excerpts
//! for tables. Marks are byte offsets into the article; a mark that does not fall on the
//! sentence's character boundaries (a graph from another tool, a damaged file) is left out rather
//! than cut a character in two.

use crate::extract::{Evidence, Mark, MarkRole};

/// How marked spans are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Highlight {
    /// `[[Kazakhstan]] {{refused to take part in}} [[the exercises]]`: for files and pipes.
    Brackets,
    /// Actors in bold cyan, the trigger in bold yellow: for terminals.
    Ansi,
}

impl Highlight {
    fn open(self, role: MarkRole) -> &'static str {
        match (self, role) {
            (Highlight::Brackets, MarkRole::Trigger) => "{{",
            (Highlight::Brackets, _) => "[[",
            (Highlight::Ansi, MarkRole::Trigger) => "\x1b[1;33m",
            (Highlight::Ansi, _) => "\x1b[1;36m",
        }
    }

    fn close(self, role: MarkRole) -> &'static str {
        match (self, role) {
            (Highlight::Brackets, MarkRole::Trigger) => "}}",
            (Highlight::Brackets, _) => "]]",
            (Highlight::Ansi, _) => "\x1b[0m",
        }
    }
}

/// The marks that fall inside the sentence, as byte ranges into its text, in order, without
/// overlaps (of two overlapping marks the first kept wins; the same span twice is one mark).
pub fn sentence_marks(text: &str, sentence_start: usize, marks: &[Mark]) -> Vec<(usize, usize, MarkRole)> {
    let mut inside: Vec<(usize, usize, MarkRole)> = marks
        .iter()
        .filter_map(|m| {
            let start = m.start.checked_sub(sentence_start)?;
            let end = m.end.checked_sub(sentence_start)?;
            if !(start < end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)) {
                return None;
            }
            // A trigger runs from one actor to the next, spaces included: mark only its words.
            let span = &text[start..end];
            let start = start + (span.len() - span.trim_start().len());
            let end = end - (span.len() - span.trim_end().len());
            (start < end).then_some((start, end, m.role))
        })
        .collect();
    inside.sort_by_key(|&(start, end, _)| (start, end));
    let mut kept: Vec<(usize, usize, MarkRole)> = Vec::with_capacity(inside.len());
    for mark in inside {
        if kept.last().is_none_or(|last| mark.0 >= last.1) {
            kept.push(mark);
        }
    }
    kept
}

/// The sentence with each marked span wrapped.
pub fn highlight(text: &str, sentence_start: usize, marks: &[Mark], style: Highlight) -> String {
    let mut out = String::with_capacity(text.len() + 16 * marks.len());
    let mut at = 0;
    for (start, end, role) in sentence_marks(text, sentence_start, marks) {
        out.push_str(&text[at..start]);
        out.push_str(style.open(role));
        out.push_str(&text[start..end]);
        out.push_str(style.close(role));
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// At most `max_chars` characters of the evidence on one line, chosen around its marks so that
/// the actors and the trigger show; `…` stands for what was cut.
pub fn excerpt(evidence: &Evidence, max_chars: usize) -> String {
    let text: Vec<char> = evidence
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    if text.len() <= max_chars {
        return text.into_iter().collect();
    }
    // Where the marks lie, in characters of the original text (whitespace runs are rare enough
    // inside a sentence that the collapsed text is near enough for choosing a window).
    let marks = sentence_marks(&evidence.text, evidence.start, &evidence.marks);
    let char_of = |byte: usize| evidence.text[..byte].chars().count();
    let (first, last) = match (marks.first(), marks.last()) {
        (Some(first), Some(last)) => (char_of(first.0).min(text.len()), char_of(last.1).min(text.len())),
        _ => (0, 0),
    };
    let room = max_chars.saturating_sub(2).max(1);
    let span = last.saturating_sub(first);
    let start = if span >= room {
        first
    } else {
        first.saturating_sub((room - span) / 2)
    };
    let start = start.min(text.len().saturating_sub(room));
    let end = (start + room).min(text.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.extend(&text[start..end]);
    if end < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(role: MarkRole, start: usize, end: usize) -> Mark {
        Mark { role, start, end }
    }

    #[test]
    fn marks_wrap_actors_and_trigger() {
        let text = "Kazakhstan refused to take part in the exercises.";
        // The sentence starts at byte 100 of its article.
        let marks = [
            mark(MarkRole::Source, 100, 110),
            mark(MarkRole::Trigger, 111, 134),
            mark(MarkRole::Target, 135, 148),
        ];
        assert_eq!(
            highlight(text, 100, &marks, Highlight::Brackets),
            "[[Kazakhstan]] {{refused to take part in}} [[the exercises]]."
        );
        assert!(highlight(text, 100, &marks, Highlight::Ansi).contains("\x1b[1;33mrefused"));
    }

    #[test]
    fn marks_outside_the_sentence_or_inside_a_character_are_left_out() {
        let text = "Kazakhstan’s refusal";
        let marks = [
            mark(MarkRole::Source, 0, 10),
            // Byte 11 is inside the three bytes of the apostrophe.
            mark(MarkRole::Target, 11, 13),
            mark(MarkRole::Trigger, 50, 60),
            mark(MarkRole::Target, 3, 1),
        ];
        assert_eq!(
            highlight(text, 0, &marks, Highlight::Brackets),
            "[[Kazakhstan]]’s refusal"
        );
    }

    #[test]
    fn spaces_at_the_ends_of_a_mark_stay_outside_it() {
        let marks = [mark(MarkRole::Source, 0, 3), mark(MarkRole::Trigger, 3, 13)];
        assert_eq!(
            highlight("KAZ has left NATO", 0, &marks, Highlight::Brackets),
            "[[KAZ]] {{has left}} NATO"
        );
    }

    #[test]
    fn overlapping_marks_keep_the_first() {
        let marks = [mark(MarkRole::Source, 0, 5), mark(MarkRole::Target, 2, 8)];
        assert_eq!(
            highlight("abcdefghij", 0, &marks, Highlight::Brackets),
            "[[abcde]]fghij"
        );
    }

    #[test]
    fn an_excerpt_keeps_the_marked_part() {
        let text = format!("{} Kazakhstan refused the drills. {}", "a".repeat(80), "b".repeat(80));
        let at = text.find("Kazakhstan").unwrap();
        let evidence = Evidence {
            article: "a".into(),
            sentence: 0,
            start: 0,
            end: text.len(),
            text: text.clone(),
            rule: "r".into(),
            date: None,
            said_by: None,
            marks: vec![
                mark(MarkRole::Source, at, at + 10),
                mark(MarkRole::Target, at + 19, at + 29),
            ],
        };
        let short = excerpt(&evidence, 40);
        assert_eq!(short.chars().count(), 40);
        assert!(short.starts_with('…') && short.ends_with('…'), "{short}");
        assert!(short.contains("Kazakhstan refused the drills"), "{short}");
    }
}
