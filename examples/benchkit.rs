//! Bench tooling (`scripts/bench` runs it): makes the benchmark corpus and the Phoenix-scale
//! rulebook, and times what `cargo bench` cannot time well in one go: rule compilation, the whole
//! extraction over a 100 MB corpus on 1 and N threads, mention finding alone (the like-for-like
//! counterpart of spaCy's EntityRuler), and assembling plus exporting a million synthetic claims.
//!
//! Every timing excludes generating its input. Sizes are in MB of article text (10^6 bytes).

#[path = "../benches/support/claims.rs"]
mod claims;
#[path = "../benches/support/corpus.rs"]
mod corpus;
#[path = "../benches/support/phoenix.rs"]
mod phoenix;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use actorgraph::corpus::{clean, sentences};
use actorgraph::export::{dot, write::write_atomic_with};
use actorgraph::extract::mentions;
use actorgraph::graph::{Assembler, json};
use actorgraph::pipeline::{self, RunStats};
use actorgraph::rules::{self, Rulebook};
use clap::{Parser, Subcommand};

/// The allocator of the `actorgraph` binary, so that the timings are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(about = "Benchmark inputs and timings for actorgraph")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the benchmark corpus (JSON Lines) from the seed and Wikinews articles.
    Corpus {
        #[arg(long)]
        out: PathBuf,
        /// Repeat until the article text reaches this many MB.
        #[arg(long, default_value_t = 100.0)]
        mb: f64,
    },
    /// Write the Phoenix-scale benchmark rule pack (priority 10).
    Phoenix {
        #[arg(long)]
        out: PathBuf,
    },
    /// Time loading and compiling a rulebook.
    Compile {
        #[arg(long)]
        rules: PathBuf,
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Time the whole extraction (cleaning, sentences, mentions, patterns, claims).
    Extract {
        #[arg(long)]
        rules: PathBuf,
        #[arg(long)]
        articles: PathBuf,
        /// Comma-separated thread counts.
        #[arg(long, default_value = "1")]
        threads: String,
        /// Articles per batch (the pipeline's own by default).
        #[arg(long, default_value_t = pipeline::BATCH)]
        batch: usize,
        /// Warm passes of every thread count, in turn, after the cold first pass.
        #[arg(long, default_value_t = 5)]
        rounds: usize,
    },
    /// Time mention finding alone, on one thread, over sentences split beforehand.
    Mentions {
        #[arg(long)]
        rules: PathBuf,
        #[arg(long)]
        articles: PathBuf,
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
    /// Write every surface form of a rulebook as EntityRuler patterns (JSON Lines).
    Aliases {
        #[arg(long)]
        rules: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Time assembling synthetic claims into a graph and writing DOT and JSON.
    Assembly {
        #[arg(long, default_value_t = 1_000_000)]
        claims: usize,
        #[arg(long)]
        out: PathBuf,
    },
}

fn main() -> ExitCode {
    actorgraph::allocator::keep_freed_memory();
    match run(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("benchkit: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Corpus { out, mb } => make_corpus(&out, mb),
        Command::Phoenix { out } => make_phoenix(&out),
        Command::Compile { rules, runs } => time_compile(&rules, runs),
        Command::Extract {
            rules,
            articles,
            threads,
            batch,
            rounds,
        } => time_extract(&rules, &articles, &threads, batch, rounds),
        Command::Mentions { rules, articles, runs } => time_mentions(&rules, &articles, runs),
        Command::Aliases { rules, out } => write_aliases(&rules, &out),
        Command::Assembly { claims, out } => time_assembly(claims, &out),
    }
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn create(path: &Path) -> Result<BufWriter<std::fs::File>, String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let file = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(BufWriter::new(file))
}

fn make_corpus(out: &Path, size_mb: f64) -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (articles, wikinews) = corpus::base_articles(root)?;
    match wikinews {
        Some(n) => eprintln!("base: {} seed articles + {n} Wikinews articles", articles.len() - n),
        None => eprintln!(
            "../shared is absent: the corpus repeats the {} seed articles only (no Wikinews)",
            articles.len()
        ),
    }
    let mut writer = create(out)?;
    let written = corpus::write_jsonl(&articles, &mut writer, (size_mb * 1e6) as usize, 1)
        .and_then(|w| writer.flush().map(|()| w))
        .map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "corpus {}: {} articles in {} copies, {:.1} MB of text",
        out.display(),
        written.articles,
        written.copies,
        mb(written.text_bytes)
    );
    Ok(())
}

fn make_phoenix(out: &Path) -> Result<(), String> {
    let Some(shared) = corpus::shared_dir() else {
        return Err("../shared is absent: no Phoenix dictionaries to build the rulebook from".into());
    };
    let actors = phoenix::read_dir(&shared.join("dictionaries/phoenix"))?;
    let (text, stats) = phoenix::to_ron(&actors);
    let mut writer = create(out)?;
    writer
        .write_all(text.as_bytes())
        .and_then(|()| writer.flush())
        .map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "phoenix {}: {} actors, {} aliases",
        out.display(),
        stats.actors,
        stats.aliases
    );
    Ok(())
}

fn load(rules: &Path) -> Result<Rulebook, String> {
    let (rulebook, diagnostics) = rules::load_rulebook(rules);
    rulebook.ok_or_else(|| {
        let errors: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .take(5)
            .map(|d| d.to_string())
            .collect();
        format!(
            "the rules at {} do not compile:\n{}",
            rules.display(),
            errors.join("\n")
        )
    })
}

/// CPU seconds this process has used (user + system), from /proc/self/stat: on a shared machine
/// wall-clock rates undercount, so rates per CPU-second are reported beside them.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at field 3.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // Linux reports in USER_HZ, which is 100 on every mainstream configuration.
    Some(ticks / 100.0)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time_compile(rules: &Path, runs: usize) -> Result<(), String> {
    let mut parse = Vec::new();
    let mut compile = Vec::new();
    let mut cpu = Vec::new();
    let mut summary = String::new();
    for _ in 0..runs.max(1) {
        let cpu_before = cpu_seconds();
        let started = Instant::now();
        let (packs, _) = rules::load::load_packs(rules);
        let parsed = Instant::now();
        let (rulebook, diagnostics) = rules::compile::compile(&packs);
        compile.push(parsed.elapsed());
        parse.push(parsed - started);
        if let (Some(before), Some(after)) = (cpu_before, cpu_seconds()) {
            cpu.push(Duration::from_secs_f64(after - before));
        }
        let rulebook = rulebook.ok_or_else(|| "the rules do not compile".to_string())?;
        let surfaces = rulebook.surfaces.entries.len();
        summary = format!(
            "{} actors, {} surface forms, {} patterns, {} warnings",
            rulebook.actors.len(),
            surfaces,
            rulebook.patterns.len(),
            diagnostics.len()
        );
    }
    let (parse, compile) = (median(parse), median(compile));
    let cpu = if cpu.is_empty() {
        String::new()
    } else {
        format!(", {:.2} CPU-s", median(cpu).as_secs_f64())
    };
    println!(
        "compile {}: {summary}; read+parse {:.3} s, compile {:.3} s, total {:.3} s{cpu} (median of {runs}; \
         pattern regexes build on all cores)",
        rules.display(),
        parse.as_secs_f64(),
        compile.as_secs_f64(),
        (parse + compile).as_secs_f64()
    );
    Ok(())
}

/// One timed pass of the whole extraction over the corpus.
struct ExtractRun {
    threads: usize,
    seconds: f64,
    cpu_seconds: Option<f64>,
    stats: RunStats,
}

impl ExtractRun {
    fn rate(&self) -> f64 {
        mb(self.stats.bytes) / self.seconds
    }

    /// MB per CPU-second: how much work a busy core did, whatever the wall clock says.
    fn rate_per_cpu(&self) -> Option<f64> {
        self.cpu_seconds.map(|cpu| mb(self.stats.bytes) / cpu.max(1e-9))
    }
}

/// Times the extraction on each thread count. The first pass is cold: it faults in the memory
/// the allocator keeps from then on and fills every pattern's lazy-DFA cache, a one-off cost of
/// a process that a corpus-scale run pays once. It is reported on its own; then `rounds` rounds
/// run every thread count in turn, so that a slow spell of a shared host falls on all of them,
/// and the medians of those warm passes are compared.
fn time_extract(rules: &Path, articles: &Path, threads: &str, batch: usize, rounds: usize) -> Result<(), String> {
    let rulebook = load(rules)?;
    let counts = threads
        .split(',')
        .map(|t| {
            t.trim()
                .parse::<usize>()
                .map_err(|e| format!("thread count `{t}`: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let pools = counts
        .iter()
        .map(|&n| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    let pass = |which: usize| -> Result<ExtractRun, String> {
        let source = actorgraph::corpus::source::open(articles).map_err(|e| e.to_string())?;
        let mut stats = RunStats::default();
        let mut warnings = Vec::new();
        let started = Instant::now();
        let cpu_before = cpu_seconds();
        let finished: Result<(), std::convert::Infallible> = pools[which].install(|| {
            pipeline::for_each_extraction_in_batches(
                &rulebook,
                source,
                batch,
                &mut warnings,
                &mut stats,
                |extraction| {
                    drop(extraction);
                    Ok::<(), std::convert::Infallible>(())
                },
                &mut |_| {},
            )
        });
        let Ok(()) = finished;
        let seconds = started.elapsed().as_secs_f64();
        let cpu_seconds = cpu_before.zip(cpu_seconds()).map(|(before, after)| after - before);
        Ok(ExtractRun {
            threads: counts[which],
            seconds,
            cpu_seconds,
            stats,
        })
    };
    let describe = |run: &ExtractRun| {
        let cpu = match (run.cpu_seconds, run.rate_per_cpu()) {
            (Some(cpu), Some(per_cpu)) => format!("; {cpu:.2} CPU-s, {per_cpu:.1} MB per CPU-second"),
            _ => String::new(),
        };
        format!(
            "threads={} batch={batch}: {} articles, {:.1} MB, {} sentences, {} claims in {:.2} s: \
             {:.1} MB/s, {:.0} sentences/s{cpu}",
            run.threads,
            run.stats.articles,
            mb(run.stats.bytes),
            run.stats.sentences,
            run.stats.claims,
            run.seconds,
            run.rate(),
            run.stats.sentences as f64 / run.seconds,
        )
    };
    let widest = (0..counts.len()).max_by_key(|&i| counts[i]).unwrap_or(0);
    println!("extract cold {}", describe(&pass(widest)?));
    let mut warm: Vec<Vec<ExtractRun>> = counts.iter().map(|_| Vec::new()).collect();
    for round in 1..=rounds {
        for (which, runs) in warm.iter_mut().enumerate() {
            let run = pass(which)?;
            println!("extract warm {round}/{rounds} {}", describe(&run));
            runs.push(run);
        }
    }
    let Some(first) = warm.first().filter(|runs| !runs.is_empty()) else {
        return Ok(());
    };
    let base = median_of(first.iter().map(ExtractRun::rate));
    for (which, runs) in warm.iter().enumerate() {
        let rates: Vec<f64> = runs.iter().map(ExtractRun::rate).collect();
        let (low, high) = spread(&rates);
        let rate = median_of(rates.iter().copied());
        let per_cpu = runs
            .iter()
            .map(ExtractRun::rate_per_cpu)
            .collect::<Option<Vec<f64>>>()
            .map(|rates| format!(", {:.1} MB per CPU-second", median_of(rates.into_iter())))
            .unwrap_or_default();
        let versus = if which == 0 {
            String::new()
        } else {
            // Each round's ratio too, against the first count's pass of the same round.
            let ratios: Vec<f64> = runs
                .iter()
                .zip(first)
                .map(|(run, one)| run.rate() / one.rate())
                .collect();
            let (low, high) = spread(&ratios);
            format!(", {:.2}x the first (rounds {low:.2}x-{high:.2}x)", rate / base)
        };
        println!(
            "extract median of {} warm passes, threads={}: {rate:.1} MB/s ({low:.1}-{high:.1}){per_cpu}{versus}",
            runs.len(),
            counts[which],
        );
    }
    Ok(())
}

fn median_of(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn spread(values: &[f64]) -> (f64, f64) {
    values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), &v| {
            (low.min(v), high.max(v))
        })
}

fn time_mentions(rules: &Path, articles: &Path, runs: usize) -> Result<(), String> {
    let rulebook = load(rules)?;
    let articles = corpus::read_articles(articles)?;
    let split: Vec<Vec<std::ops::Range<usize>>> = articles
        .iter()
        .map(|a| {
            clean::paragraphs(&a.text, &rulebook.boilerplate)
                .into_iter()
                .flat_map(|p| sentences::split(&a.text, p, &rulebook.abbreviations))
                .collect()
        })
        .collect();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        found = 0;
        for (article, ranges) in articles.iter().zip(&split) {
            let m = mentions::find_mentions(&rulebook, &article.text, ranges, article.meta.date);
            found += m.per_sentence.iter().map(Vec::len).sum::<usize>();
        }
        times.push(started.elapsed());
    }
    // The fastest run: on a shared machine the others measure the neighbours as well.
    let seconds = times.iter().min().copied().unwrap_or_default().as_secs_f64();
    println!(
        "mentions: {} articles, {:.2} MB, {found} mentions in {seconds:.3} s: {:.1} MB/s (fastest of {runs})",
        articles.len(),
        mb(bytes),
        mb(bytes) / seconds
    );
    Ok(())
}

fn write_aliases(rules: &Path, out: &Path) -> Result<(), String> {
    let rulebook = load(rules)?;
    let mut writer = create(out)?;
    let mut count = 0;
    for entries in &rulebook.surfaces.entries {
        // One pattern per distinct spelling, labelled by what it names first.
        let Some(first) = entries.first() else { continue };
        let label = match first.target {
            actorgraph::rules::rulebook::SurfaceTarget::Actor { actor, .. } => {
                rulebook.actors[actor as usize].id.clone()
            }
            actorgraph::rules::rulebook::SurfaceTarget::Title(t) => format!("title:{}", rulebook.titles[t as usize].id),
        };
        let record = serde_json::json!({"label": label, "pattern": first.spelling});
        serde_json::to_writer(&mut writer, &record).map_err(|e| e.to_string())?;
        writer.write_all(b"\n").map_err(|e| e.to_string())?;
        count += 1;
    }
    writer.flush().map_err(|e| e.to_string())?;
    println!("aliases {}: {count} phrase patterns", out.display());
    Ok(())
}

/// Writes one product atomically through `write`: the seconds it took and the bytes written.
fn write_timed<F>(path: &Path, write: F) -> Result<(f64, u64), String>
where
    F: FnOnce(&mut BufWriter<&std::fs::File>) -> std::io::Result<()>,
{
    let started = Instant::now();
    write_atomic_with(path, write).map_err(|e| format!("{}: {e}", path.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .len();
    Ok((seconds, bytes))
}

fn time_assembly(count: usize, out: &Path) -> Result<(), String> {
    // A previous run's 1.5 GB of output would be deleted inside the timed writes, as each new file
    // is renamed over it: that measured how fast the kernel frees a file, and made a second run
    // a second slower than the first. Gone before the clock starts, every run writes alike.
    for name in ["synthetic.json", "synthetic.dot"] {
        match std::fs::remove_file(out.join(name)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(format!("{}: {e}", out.join(name).display()));
            }
            _ => {}
        }
    }
    let extractions = claims::extractions(count, 10, 5000);
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let mut assembler = Assembler::new();
    for extraction in extractions {
        assembler.add_extraction(extraction);
    }
    let added = Instant::now();
    let cpu_added = cpu_seconds();
    let graph = assembler.finish();
    let assembled = Instant::now();
    let cpu_assembled = cpu_seconds();
    // JSON and DOT are written side by side, each streamed into its temporary file (DOT's edges
    // are also built on every core); each time includes its file's `fsync`.
    let (json_written, dot_written) = rayon::join(
        || write_timed(&out.join("synthetic.json"), |w| json::write_json(&graph, w)),
        || write_timed(&out.join("synthetic.dot"), |w| dot::write_dot(&graph, "synthetic", w)),
    );
    let ((json_seconds, json_bytes), (dot_seconds, dot_bytes)) = (json_written?, dot_written?);
    let written = Instant::now();
    let cpu_written = cpu_seconds();
    // CPU seconds between two readings, when /proc gives them.
    let cpu = |from: Option<f64>, to: Option<f64>| match (from, to) {
        (Some(from), Some(to)) => format!(" ({:.2} CPU-s)", to - from),
        _ => String::new(),
    };
    let s = |a: Instant, b: Instant| (b - a).as_secs_f64();
    println!(
        "assembly of {count} claims -> {} nodes, {} edges: add {:.2} s{}, finish {:.2} s{}, JSON {:.2} s ({:.0} MB) \
         and DOT {:.2} s ({:.1} MB) side by side, streamed and written in {:.2} s{}; total {:.2} s{}",
        graph.graph.node_count(),
        graph.graph.edge_count(),
        s(started, added),
        cpu(cpu_before, cpu_added),
        s(added, assembled),
        cpu(cpu_added, cpu_assembled),
        json_seconds,
        mb(json_bytes as usize),
        dot_seconds,
        mb(dot_bytes as usize),
        s(assembled, written),
        cpu(cpu_assembled, cpu_written),
        s(started, written),
        cpu(cpu_before, cpu_written),
    );
    Ok(())
}
