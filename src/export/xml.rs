//! Escaping shared by the XML formats (GraphML, GEXF). quick-xml escapes markup characters, but
//! an XML reader turns a raw line break inside an attribute into a space and a raw carriage
//! return anywhere into a line feed, so those go out as character references; characters XML 1.0
//! cannot hold at all (most control characters) become U+FFFD.

use std::borrow::Cow;

use quick_xml::events::attributes::Attribute;
use quick_xml::name::QName;

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn escape(text: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '\'' if in_attribute => out.push_str("&apos;"),
            '\n' if in_attribute => out.push_str("&#10;"),
            '\t' if in_attribute => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c if !is_xml_char(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Element text, escaped so that a reader gets `text` back.
pub(crate) fn text(text: &str) -> quick_xml::events::BytesText<'static> {
    quick_xml::events::BytesText::from_escaped(escape(text, false))
}

/// An attribute whose value a reader gets back unchanged, line breaks included.
pub(crate) fn attribute<'a>(key: &'a str, value: &str) -> Attribute<'a> {
    Attribute {
        key: QName(key),
        value: Cow::Owned(escape(value, true)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_survive_in_attributes_and_controls_are_replaced() {
        assert_eq!(escape("a\n\"b\"\r<&>", true), "a&#10;&quot;b&quot;&#13;&lt;&amp;&gt;");
        assert_eq!(escape("a\nb\u{1}", false), "a\nb\u{FFFD}");
    }
}
