//! The lines of a dictionary file: numbered from 1, decoded one by one (so that one bad byte costs
//! one line, not the file), with `#` comments split off.

/// What one line holds once its comment is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line<'a> {
    Blank,
    /// Only a comment: understood and deliberately skipped.
    Comment,
    /// Something to read; may carry leading white space, which matters in `.actors` files.
    Content(&'a str),
    NotUtf8,
}

/// Every line of `bytes` with its 1-based number.
pub fn numbered_lines(bytes: &[u8]) -> impl Iterator<Item = (usize, Line<'_>)> {
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(index, raw)| (index + 1, classify(raw)))
}

fn classify(raw: &[u8]) -> Line<'_> {
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    let Ok(text) = std::str::from_utf8(raw) else {
        return Line::NotUtf8;
    };
    let (content, has_comment) = match text.find('#') {
        Some(at) => (&text[..at], true),
        None => (text, false),
    };
    if !content.trim().is_empty() {
        Line::Content(content)
    } else if has_comment {
        Line::Comment
    } else {
        Line::Blank
    }
}

/// The MIT licence notice in a file's leading comments, from "The MIT License" to the line ending
/// "THE SOFTWARE.", without the comment marks.
pub fn mit_notice(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    let header: Vec<&str> = text
        .lines()
        .take_while(|line| line.trim().is_empty() || line.trim_start().starts_with('#'))
        .map(|line| {
            let body = line.trim_start().trim_start_matches('#');
            body.strip_prefix(' ').unwrap_or(body)
        })
        .collect();
    notice_in(&header)
}

/// The MIT notice in a plain LICENSE text.
pub fn mit_notice_in_licence(text: &str) -> Option<String> {
    notice_in(&text.lines().collect::<Vec<_>>())
}

fn notice_in(lines: &[&str]) -> Option<String> {
    let start = lines.iter().position(|l| l.contains("The MIT License"))?;
    let end = start
        + lines[start..]
            .iter()
            .position(|l| l.trim_end().ends_with("THE SOFTWARE."))?;
    let notice: Vec<&str> = lines[start..=end].iter().map(|l| l.trim_end()).collect();
    Some(notice.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_comments_and_numbers_lines() {
        let text = b"# header\n\nKAZAKHSTAN_ [KAZ] # the state\n\t[KAZGOV]\n\xff\n";
        let lines: Vec<_> = numbered_lines(text).collect();
        assert_eq!(
            lines,
            [
                (1, Line::Comment),
                (2, Line::Blank),
                (3, Line::Content("KAZAKHSTAN_ [KAZ] ")),
                (4, Line::Content("\t[KAZGOV]")),
                (5, Line::NotUtf8)
            ]
        );
    }

    #[test]
    fn finds_the_mit_notice_in_the_header() {
        let text = b"# A dictionary\n#\n# The MIT License (MIT)\n# \n# Copyright (c) 2014 Someone\n# ... IN\n# THE SOFTWARE.\n# \n\nKAZ_ [KAZ]\n";
        let notice = mit_notice(text).unwrap();
        assert_eq!(
            notice,
            "The MIT License (MIT)\n\nCopyright (c) 2014 Someone\n... IN\nTHE SOFTWARE."
        );
        assert_eq!(mit_notice(b"# no licence here\nKAZ_ [KAZ]\n"), None);
    }
}
