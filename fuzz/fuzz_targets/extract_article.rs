//! Any bytes as an article, extracted with the project's rules (`data/rules`, loaded once). An
//! optional first line holding a date ("2009-04") dates the article, as a manifest would, so
//! that relative dates are resolved too. Extraction must not panic, hang or run out of memory,
//! and what it yields must point into the article: evidence and marks are spans of the text on
//! character boundaries, and every claim names nodes the extraction describes.

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use actorgraph::corpus::ArticleMeta;
use actorgraph::corpus::source::decode_article;
use actorgraph::date::PartialDate;
use actorgraph::rules::Rulebook;
use libfuzzer_sys::fuzz_target;

static RULES: LazyLock<Rulebook> = LazyLock::new(|| {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data/rules");
    let (rules, diagnostics) = actorgraph::rules::load_rulebook(&dir);
    rules.unwrap_or_else(|| panic!("the project's rules do not load: {diagnostics:?}"))
});

fuzz_target!(
    // Compiling the rules takes seconds under the sanitizer: done before the first input, so
    // that it does not count against that input's time limit.
    init: LazyLock::force(&RULES),
    |data: &[u8]| {
        let rules = &*RULES;
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
        let Some(article) = loaded.article else { return };
        let extraction = actorgraph::extract::extract(rules, &article);
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
    }
);
