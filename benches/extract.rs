//! Criterion benchmarks of the extraction stages, one core, over the seed articles plus the
//! Wikinews articles of `../shared` (seed articles only, said so, when it is absent):
//! sentence splitting, mention finding (the curated packs alone, and the default Phoenix-scale
//! rulebook), relation patterns on masked sentences, and assembly of synthetic
//! claims. `scripts/bench` runs these and the whole-corpus timings of `examples/benchkit.rs`.

#[path = "support/claims.rs"]
mod claims;
#[path = "support/corpus.rs"]
mod corpus;

use std::ops::Range;
use std::path::Path;

use actorgraph::corpus::{Article, clean, sentences};
use actorgraph::extract::mentions::{self, Referent};
use actorgraph::extract::patterns::{self, MaskedSentence};
use actorgraph::graph::Assembler;
use actorgraph::rules::{self, Rulebook};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

/// The allocator of the `actorgraph` binary, so that the timings are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The curated packs alone (`data/rules/*.ron`, without the imported world packs): what
/// `scripts/bench` calls the project rules.
fn project_rules() -> Rulebook {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for entry in std::fs::read_dir(root().join("data/rules"))
        .expect("data/rules")
        .flatten()
    {
        if entry.path().extension().is_some_and(|e| e == "ron") {
            std::fs::copy(entry.path(), dir.path().join(entry.file_name())).expect("copy a pack");
        }
    }
    rules::load_rulebook(dir.path()).0.expect("the curated packs compile")
}

/// The default rulebook: the curated packs and the world packs imported from the Phoenix
/// dictionaries (`data/rules/world/`), at the scale of those dictionaries.
fn phoenix_rules() -> Rulebook {
    rules::load_rulebook(&root().join("data/rules"))
        .0
        .expect("the default rules compile")
}

fn articles() -> Vec<Article> {
    let (articles, wikinews) = corpus::base_articles(root()).expect("the seed articles load");
    if wikinews.is_none() {
        eprintln!("../shared is absent: benchmarking the seed articles only (no Wikinews)");
    }
    articles
}

fn split(rules: &Rulebook, article: &Article) -> Vec<Range<usize>> {
    clean::paragraphs(&article.text, &rules.boilerplate)
        .into_iter()
        .flat_map(|p| sentences::split(&article.text, p, &rules.abbreviations))
        .collect()
}

fn bytes(articles: &[Article]) -> u64 {
    articles.iter().map(|a| a.text.len() as u64).sum()
}

/// Mention finding over sentences split beforehand, with one rulebook.
fn bench_mentions(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    rules: &Rulebook,
    articles: &[Article],
) {
    let ranges: Vec<Vec<Range<usize>>> = articles.iter().map(|a| split(rules, a)).collect();
    group.bench_function(name, |b| {
        b.iter(|| {
            articles
                .iter()
                .zip(&ranges)
                .map(|(a, r)| {
                    mentions::find_mentions(rules, &a.text, r, a.meta.date)
                        .per_sentence
                        .len()
                })
                .sum::<usize>()
        })
    });
}

fn stages(c: &mut Criterion) {
    actorgraph::allocator::keep_freed_memory();
    let rules = project_rules();
    let articles = articles();
    let total = bytes(&articles);
    let ranges: Vec<Vec<Range<usize>>> = articles.iter().map(|a| split(&rules, a)).collect();

    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(total)).sample_size(10);
    group.bench_function("clean_and_split_sentences", |b| {
        b.iter(|| articles.iter().map(|a| split(&rules, a).len()).sum::<usize>())
    });
    bench_mentions(&mut group, "mentions_project_rules", &rules, &articles);
    bench_mentions(&mut group, "mentions_phoenix_rules", &phoenix_rules(), &articles);
    group.finish();

    // Patterns: every masked sentence with two or more mentions, as extraction runs them.
    let masked: Vec<MaskedSentence> = articles
        .iter()
        .zip(&ranges)
        .flat_map(|(a, r)| {
            let found = mentions::find_mentions(&rules, &a.text, r, a.meta.date);
            r.iter()
                .zip(found.per_sentence)
                .filter(|(_, m)| m.len() >= 2)
                .map(|(range, m)| {
                    MaskedSentence::new(&a.text, range.clone(), &m, |mention| match mention.referent {
                        Referent::Actor(actor) => rules::pattern::kind_letter(rules.actors[actor as usize].kind),
                        Referent::Discovered(_) => 'p',
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut group = c.benchmark_group("patterns");
    group
        .throughput(Throughput::Elements(masked.len() as u64))
        .sample_size(10);
    group.bench_function("masked_sentences_with_two_mentions", |b| {
        b.iter(|| {
            masked
                .iter()
                .map(|m| patterns::match_patterns(&rules, m).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

fn assembly(c: &mut Criterion) {
    let claims = 100_000;
    let mut group = c.benchmark_group("assembly");
    group.throughput(Throughput::Elements(claims as u64)).sample_size(10);
    group.bench_function("assemble_100k_synthetic_claims", |b| {
        b.iter_batched(
            || claims::extractions(claims, 10, 5000),
            |extractions| {
                let mut assembler = Assembler::new();
                for extraction in extractions {
                    assembler.add_extraction(extraction);
                }
                assembler.finish().graph.edge_count()
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, stages, assembly);
criterion_main!(benches);
