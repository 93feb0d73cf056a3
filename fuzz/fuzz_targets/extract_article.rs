//! Any bytes as an article, extracted with the project's rules (`data/rules`, loaded once). An
//! optional first line holding a date ("2009-04") dates the article, as a manifest would, so
//! that relative dates are resolved too. Extraction must not panic, hang or run out of memory,
//! and what it yields must point into the article: evidence and marks are spans of the text on
//! character boundaries, and every claim names nodes the extraction describes.

#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use actorgraph::rules::Rulebook;
use libfuzzer_sys::fuzz_target;

// The run and the checks, shared with the regression test of `tests/data/fuzz/`.
#[path = "../../tests/support/fuzz_article.rs"]
mod fuzz_article;

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
        fuzz_article::extract_and_check(&RULES, data);
    }
);
