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
///
/// Patterns run one after another across a batch (see [`extract::Prepared`]), so the larger the
/// batch, the more sentences each pattern's automaton stays warm for, and the more alike those
/// sentences are, the more that gains. Over batches of 256 distinct articles, one-thread
/// extraction ran about a tenth faster than article by article; where the same report comes
/// back within a batch (syndicated wire copy, or the benchmark corpus, which repeats 300
/// articles) batches of 2,048 run a further quarter faster (see BENCHMARKS.md). The larger batch
/// also spreads the four joins of a batch over more work when threads share it. A batch of 2,048
/// news articles holds about 10 MB of text.
pub const BATCH: usize = 2048;

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
/// A batch is extracted in four steps, each over the whole batch before the next: articles are
/// read up to their masked sentences, the pattern filter picks each sentence's candidate
/// patterns ([`read_up_to_patterns`]), the patterns run one after another across the batch, and
/// each article's claims are made ([`match_and_finish`]); see [`extract::Prepared`] for why.
/// Results do not depend on the thread count or the batch: an article's claims are what
/// [`extract::extract`] makes of it alone.
///
/// The last two steps of one batch run alongside the first two of the next, and alongside
/// handing the previous batch to the sink: pattern matching waits on memory more than anything
/// else does, and with every thread matching patterns at once the two cores contended for it
/// (two threads over the benchmark corpus, alternated with the same steps one batch at a time:
/// 116, 118, 123, 107, 117 against 94, 118, 106, 98, 103 MB/s).
///
/// Each article (in the steps by article) and each pattern's jobs ([`pattern_pieces`]) are their
/// own pieces of parallel work. Left to itself, rayon stops splitting a batch once it has made
/// about two pieces per thread, so a batch ended with one thread still working through a piece of
/// dozens of articles while the other waited at the join.
///
/// A panic is a bug, but one article's bug must not cost the rest of the corpus: the article
/// becomes its id, reported like damaged input, and the run goes on.
pub fn for_each_extraction<E: Send>(
    rules: &Rulebook,
    source: impl Iterator<Item = corpus::Loaded> + Send,
    warnings: &mut Vec<InputWarning>,
    stats: &mut RunStats,
    sink: impl FnMut(Extraction) -> Result<(), E> + Send,
    progress: &mut (dyn FnMut(&RunStats) + Send),
) -> Result<(), E> {
    for_each_extraction_in_batches(rules, source, BATCH, warnings, stats, sink, progress)
}

/// [`for_each_extraction`] with batches of `batch_size` articles (at least one).
pub fn for_each_extraction_in_batches<E: Send>(
    rules: &Rulebook,
    mut source: impl Iterator<Item = corpus::Loaded> + Send,
    batch_size: usize,
    warnings: &mut Vec<InputWarning>,
    stats: &mut RunStats,
    mut sink: impl FnMut(Extraction) -> Result<(), E> + Send,
    progress: &mut (dyn FnMut(&RunStats) + Send),
) -> Result<(), E> {
    let batch_size = batch_size.max(1);
    let mut current = read_up_to_patterns(rules, read_batch(&mut source, batch_size, warnings, stats));
    let mut extracted: Vec<Extraction> = Vec::new();
    while !current.is_empty() || !extracted.is_empty() {
        let previous = std::mem::take(&mut extracted);
        let (finished, (next, delivered)) = rayon::join(
            || match_and_finish(rules, current),
            || {
                let delivered = deliver(previous, stats, &mut sink, progress);
                let batch = read_batch(&mut source, batch_size, warnings, stats);
                (read_up_to_patterns(rules, batch), delivered)
            },
        );
        delivered?;
        extracted = Vec::with_capacity(finished.len());
        for result in finished {
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
        current = next;
    }
    Ok(())
}

/// A batch read up to the patterns that may match its sentences: the first two steps of
/// extracting it (see [`for_each_extraction_in_batches`]).
struct ReadBatch {
    /// For each article of the batch, in order: its id when reading it failed. The others are
    /// in `prepared`, in the same order.
    failed: Vec<Option<String>>,
    prepared: Vec<extract::Prepared>,
    /// For each prepared article, whether a later step failed on it.
    broken: Vec<bool>,
}

impl ReadBatch {
    /// Whether the batch holds no article (the source is done).
    fn is_empty(&self) -> bool {
        self.failed.is_empty()
    }
}

/// Reads every article of a batch up to its masked sentences, then asks the pattern filter for
/// each sentence's candidates, each step over the whole batch.
fn read_up_to_patterns(rules: &Rulebook, batch: Vec<Article>) -> ReadBatch {
    let read: Vec<Result<extract::Prepared, String>> = batch
        .into_par_iter()
        .with_max_len(1)
        .map(|article| {
            let id = article.id.clone();
            guarded(|| extract::prepare(rules, article)).ok_or(id)
        })
        .collect();
    let mut failed = Vec::with_capacity(read.len());
    let mut prepared = Vec::with_capacity(read.len());
    for result in read {
        match result {
            Ok(article) => {
                failed.push(None);
                prepared.push(article);
            }
            Err(id) => failed.push(Some(id)),
        }
    }
    let broken = prepared
        .par_iter_mut()
        .with_max_len(1)
        .map(|article| guarded(|| extract::find_candidates(rules, article)).is_none())
        .collect();
    ReadBatch {
        failed,
        prepared,
        broken,
    }
}

/// The last two steps of extracting a batch: its patterns run one after another across it, then
/// each article's claims are made. Results are in input order.
fn match_and_finish(rules: &Rulebook, read: ReadBatch) -> Vec<Result<Extraction, String>> {
    let ReadBatch {
        failed,
        mut prepared,
        mut broken,
    } = read;
    let jobs = extract::pattern_jobs(&prepared);
    let pieces = pattern_pieces(&jobs);
    let runs: Vec<Option<Vec<_>>> = pieces
        .par_iter()
        .with_max_len(1)
        .map(|piece| guarded(|| extract::run_pattern_jobs(rules, &prepared, &jobs[piece.clone()])))
        .collect();
    let mut matches = Vec::with_capacity(jobs.len());
    for (piece, run) in pieces.into_iter().zip(runs) {
        let chunk = &jobs[piece];
        if let Some(run) = run {
            matches.extend(run);
            continue;
        }
        // Job by job, to lose only the articles whose own jobs panic.
        for job in chunk {
            match guarded(|| extract::run_pattern_jobs(rules, &prepared, std::slice::from_ref(job))) {
                Some(run) => matches.extend(run),
                None => {
                    broken[job.article] = true;
                    matches.push(Vec::new());
                }
            }
        }
    }
    extract::store_matches(&mut prepared, &jobs, matches);

    let finished: Vec<Result<Extraction, String>> = prepared
        .into_par_iter()
        .zip(broken)
        .with_max_len(1)
        .map(|(article, broken)| {
            let id = article.id().to_string();
            if broken {
                Err(id)
            } else {
                guarded(|| extract::finish(rules, article)).ok_or(id)
            }
        })
        .collect();
    let mut finished = finished.into_iter();
    failed
        .into_iter()
        .map(|failed| match failed {
            Some(id) => Err(id),
            None => finished.next().expect("one extraction for each article read"),
        })
        .collect()
}

/// The jobs (ordered by pattern) cut into pieces of parallel work: one pattern's jobs, or
/// [`JOBS_PER_TASK`] of them when it has more. A piece that mixed patterns made both threads warm
/// the same automata.
fn pattern_pieces(jobs: &[extract::PatternJob]) -> Vec<std::ops::Range<usize>> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (end, job) in jobs.iter().enumerate() {
        if end > start && (end - start == JOBS_PER_TASK || job.pattern() != jobs[start].pattern()) {
            pieces.push(start..end);
            start = end;
        }
    }
    if start < jobs.len() {
        pieces.push(start..jobs.len());
    }
    pieces
}

/// How many jobs of one pattern (one pattern on one sentence) make one piece of parallel work at
/// most: a batch of 2,048 articles holds about 7,000 jobs of some 150 patterns, the commonest
/// with a thousand.
const JOBS_PER_TASK: usize = 256;

/// Runs `work`, turning a panic into `None`.
fn guarded<T>(work: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).ok()
}

/// Up to `size` articles from the source; warnings are collected, unreadable ones counted.
fn read_batch(
    source: &mut impl Iterator<Item = corpus::Loaded>,
    size: usize,
    warnings: &mut Vec<InputWarning>,
    stats: &mut RunStats,
) -> Vec<Article> {
    let mut batch = Vec::with_capacity(size);
    for loaded in source.by_ref() {
        if loaded.article.is_none() && !loaded.warnings.is_empty() {
            stats.skipped += 1;
        }
        warnings.extend(loaded.warnings);
        if let Some(article) = loaded.article {
            batch.push(article);
            if batch.len() == size {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn project_rules() -> Rulebook {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules");
        crate::rules::load_rulebook(&path).0.expect("the project rules compile")
    }

    /// The seed articles, and short ones in which several patterns may match one sentence and
    /// one pattern several sentences.
    fn articles() -> Vec<Article> {
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/articles");
        let mut articles: Vec<Article> = corpus::source::open(&seeds)
            .expect("the seed articles open")
            .filter_map(|loaded| loaded.article)
            .collect();
        assert!(articles.len() >= 5, "the seeds are there");
        let written = [
            "Russia criticized the plan. Georgia condemned Russia and Ukraine welcomed the move.",
            "Kazakhstan refused to take part in the NATO exercises, and Uzbekistan also declined.",
            "Is Armenia about to leave the CSTO? Azerbaijan said it would sign an agreement with Turkey.",
            "Ukraine and Moldova signed a deal on gas transit. Belarus criticized Ukraine on Monday.",
        ];
        articles.extend(
            written
                .iter()
                .enumerate()
                .map(|(i, text)| Article::new(format!("written-{i}"), *text)),
        );
        articles
    }

    #[test]
    fn a_batch_makes_of_each_article_what_it_makes_alone() {
        let rules = project_rules();
        let articles = articles();
        let batch = match_and_finish(&rules, read_up_to_patterns(&rules, articles.clone()));
        let mut claims = 0;
        for (article, extracted) in articles.iter().zip(&batch) {
            let alone = extract::extract(&rules, article.clone());
            let extracted = extracted.as_ref().expect("no article fails");
            assert_eq!(format!("{extracted:?}"), format!("{alone:?}"), "{}", article.id);
            claims += alone.claims.len();
        }
        assert!(claims > 20, "the articles make claims ({claims})");
    }

    #[test]
    fn a_piece_of_pattern_work_runs_one_pattern() {
        let rules = project_rules();
        let articles = articles();
        let mut prepared: Vec<_> = articles.iter().map(|a| extract::prepare(&rules, a.clone())).collect();
        for article in &mut prepared {
            extract::find_candidates(&rules, article);
        }
        let jobs = extract::pattern_jobs(&prepared);
        let pieces = pattern_pieces(&jobs);
        assert!(pieces.len() > 3, "several patterns have jobs");
        assert_eq!(pieces.first().map(|p| p.start), Some(0));
        assert_eq!(pieces.last().map(|p| p.end), Some(jobs.len()));
        for (piece, next) in pieces.iter().zip(pieces.iter().skip(1)) {
            assert_eq!(piece.end, next.start, "the pieces cover the jobs in order");
        }
        for piece in pieces {
            assert!(!piece.is_empty() && piece.len() <= JOBS_PER_TASK);
            let pattern = jobs[piece.start].pattern();
            assert!(jobs[piece].iter().all(|job| job.pattern() == pattern));
        }
    }

    #[test]
    fn the_whole_flow_keeps_input_order_on_any_thread_count() {
        let rules = project_rules();
        let articles = articles();
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let loaded = articles.iter().cloned().map(|article| corpus::Loaded {
                article: Some(article),
                warnings: Vec::new(),
            });
            let mut seen = Vec::new();
            let (mut warnings, mut stats) = (Vec::new(), RunStats::default());
            pool.install(|| {
                for_each_extraction::<()>(
                    &rules,
                    loaded,
                    &mut warnings,
                    &mut stats,
                    |extraction| {
                        seen.push(format!("{extraction:?}"));
                        Ok(())
                    },
                    &mut |_| {},
                )
            })
            .unwrap();
            seen
        };
        let alone: Vec<String> = articles
            .iter()
            .map(|article| format!("{:?}", extract::extract(&rules, article.clone())))
            .collect();
        assert_eq!(run(1), alone);
        assert_eq!(run(2), alone);
    }
}
