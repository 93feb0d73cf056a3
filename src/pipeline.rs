//! The whole flow over a corpus: articles stream in, are extracted in parallel (rayon, in
//! batches so the corpus is never held whole), and their claims are merged into one graph. The
//! graph does not depend on the thread count.

use std::path::Path;

use rayon::prelude::*;

use crate::corpus::{self, Article, InputError, InputWarning};
use crate::extract::{self, Extraction};
use crate::graph::{ActorGraph, Assembler};
use crate::rules::Rulebook;

/// How many articles are read before a batch is extracted in parallel.
const BATCH: usize = 256;

/// Counts of what a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunStats {
    pub articles: usize,
    pub skipped: usize,
    pub sentences: usize,
    pub bytes: usize,
    pub claims: usize,
}

/// A finished build: the graph, and every warning about the input.
#[derive(Debug)]
pub struct BuildOutcome {
    pub graph: ActorGraph,
    pub warnings: Vec<InputWarning>,
    pub stats: RunStats,
}

/// Extracts every article under `articles` and assembles the graph. `progress` hears about each
/// batch (articles done, bytes done, claims so far).
pub fn build(
    rules: &Rulebook,
    articles: &Path,
    progress: &mut (dyn FnMut(&RunStats) + Send),
) -> Result<BuildOutcome, InputError> {
    let source = corpus::source::open(articles)?;
    let mut assembler = Assembler::new();
    let mut warnings = Vec::new();
    let mut stats = RunStats::default();
    let assembled: Result<(), std::convert::Infallible> = for_each_extraction(
        rules,
        source,
        &mut warnings,
        &mut stats,
        |extraction| {
            assembler.add_extraction(extraction);
            Ok(())
        },
        progress,
    );
    let Ok(()) = assembled;
    Ok(BuildOutcome {
        graph: assembler.finish(),
        warnings,
        stats,
    })
}

/// Streams articles through extraction in parallel batches, handing each extraction (in input
/// order) to `sink`. The first error of the sink (a closed pipe, say) stops the run.
///
/// Reading the next batch and handing the previous one to the sink run alongside the extraction
/// of the current batch: both are serial, and waiting for them left the other cores idle.
///
/// Each article is its own piece of parallel work. Left to itself, rayon stops splitting a batch
/// once it has made about two pieces per thread, so a batch ended with one thread still working
/// through a piece of dozens of articles while the other waited at the join: about a tenth of
/// two-thread time.
pub fn for_each_extraction<E: Send>(
    rules: &Rulebook,
    mut source: impl Iterator<Item = corpus::Loaded> + Send,
    warnings: &mut Vec<InputWarning>,
    stats: &mut RunStats,
    mut sink: impl FnMut(Extraction) -> Result<(), E> + Send,
    progress: &mut (dyn FnMut(&RunStats) + Send),
) -> Result<(), E> {
    let mut batch = read_batch(&mut source, warnings, stats);
    let mut extracted: Vec<Extraction> = Vec::new();
    while !batch.is_empty() || !extracted.is_empty() {
        let previous = std::mem::take(&mut extracted);
        let (current, (next, delivered)) = rayon::join(
            || {
                batch
                    .par_iter()
                    .with_max_len(1)
                    .map(|a| extract_guarded(rules, a))
                    .collect::<Vec<_>>()
            },
            || {
                let delivered = deliver(previous, stats, &mut sink, progress);
                (read_batch(&mut source, warnings, stats), delivered)
            },
        );
        delivered?;
        extracted = Vec::with_capacity(current.len());
        for result in current {
            match result {
                Ok(extraction) => extracted.push(extraction),
                Err(id) => {
                    stats.skipped += 1;
                    warnings.push(InputWarning {
                        file: std::path::PathBuf::from(id),
                        location: None,
                        message: "skipped: internal error while extracting (please report this article)".into(),
                    });
                }
            }
        }
        batch = next;
    }
    Ok(())
}

/// Extracts one article. A panic is a bug, but one article's bug must not cost the rest of the
/// corpus: it becomes the article's id, reported like damaged input, and the run goes on.
fn extract_guarded(rules: &Rulebook, article: &Article) -> Result<Extraction, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| extract::extract(rules, article)))
        .map_err(|_| article.id.clone())
}

/// Up to [`BATCH`] articles from the source; warnings are collected, unreadable ones counted.
fn read_batch(
    source: &mut impl Iterator<Item = corpus::Loaded>,
    warnings: &mut Vec<InputWarning>,
    stats: &mut RunStats,
) -> Vec<Article> {
    let mut batch = Vec::with_capacity(BATCH);
    for loaded in source.by_ref() {
        if loaded.article.is_none() && !loaded.warnings.is_empty() {
            stats.skipped += 1;
        }
        warnings.extend(loaded.warnings);
        if let Some(article) = loaded.article {
            batch.push(article);
            if batch.len() == BATCH {
                break;
            }
        }
    }
    batch
}

/// Counts the extractions of one batch and hands them to the sink, in order.
fn deliver<E>(
    extractions: Vec<Extraction>,
    stats: &mut RunStats,
    sink: &mut impl FnMut(Extraction) -> Result<(), E>,
    progress: &mut (dyn FnMut(&RunStats) + Send),
) -> Result<(), E> {
    if extractions.is_empty() {
        return Ok(());
    }
    for extraction in extractions {
        stats.articles += 1;
        stats.sentences += extraction.sentences;
        stats.bytes += extraction.bytes;
        stats.claims += extraction.claims.len();
        sink(extraction)?;
    }
    progress(stats);
    Ok(())
}
