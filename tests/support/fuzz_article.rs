//! One input of the `extract_article` fuzz target, run and checked: shared by the target
//! (`fuzz/fuzz_targets/extract_article.rs`) and by `tests/fuzz_regressions.rs`, so that the
//! regression test checks exactly what the fuzzer checks.

use std::path::Path;

use actorgraph::corpus::ArticleMeta;
use actorgraph::corpus::source::decode_article;
use actorgraph::date::PartialDate;
use actorgraph::rules::Rulebook;

/// What `fuzz/fuzz_targets/extract_article.rs` does with one input: an optional first line
/// holding a date dates the article; the rest is its text. Returns the number of claims.
pub fn extract_and_check(rules: &Rulebook, data: &[u8]) -> usize {
    let mut meta = ArticleMeta::default();
    let mut text = data;
    if let Some(newline) = data.iter().position(|&b| b == b'\n')
        && let Some(date) = std::str::from_utf8(&data[..newline])
            .ok()
            .and_then(|l| l.parse::<PartialDate>().ok())
    {
        meta.date = Some(date);
        text = &data[newline + 1..];
    }
    let loaded = decode_article(Path::new("fuzz.txt"), "fuzz".into(), meta, text.to_vec());
    let Some(article) = loaded.article else { return 0 };
    let extraction = actorgraph::extract::extract(rules, article.clone());
    let text = article.text.as_str();
    for claim in &extraction.claims {
        let evidence = &claim.evidence;
        assert!(
            evidence.start <= evidence.end && evidence.end <= text.len(),
            "{claim:?}"
        );
        assert!(
            text.is_char_boundary(evidence.start) && text.is_char_boundary(evidence.end),
            "{claim:?}"
        );
        assert_eq!(evidence.text, text[evidence.start..evidence.end], "{claim:?}");
        assert!(evidence.sentence < extraction.sentences, "{claim:?}");
        for mark in &evidence.marks {
            assert!(
                evidence.start <= mark.start && mark.start <= mark.end && mark.end <= evidence.end,
                "{claim:?}"
            );
            assert!(
                text.is_char_boundary(mark.start) && text.is_char_boundary(mark.end),
                "{claim:?}"
            );
        }
        assert!(extraction.nodes.contains_key(&claim.source), "{claim:?}");
        assert!(extraction.nodes.contains_key(&claim.target), "{claim:?}");
    }
    extraction.claims.len()
}
