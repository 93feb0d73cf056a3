//! Loading a graph of one million claims and answering queries on it.
//!
//! The graph is generated here, shaped like the real one: a few thousand actors (states,
//! organisations, events, office holders with dated roles), a hundred thousand articles, sentences
//! of news length with source, target and trigger marks, claims skewed towards a few busy actors
//! so that edges merge evidence from many articles. Run with `cargo bench --bench query`;
//! `ACTORGRAPH_BENCH_CLAIMS=100000` makes a smaller graph, `ACTORGRAPH_BENCH_SKIP_JSON=1` skips
//! the slow JSON parse, and `ACTORGRAPH_BENCH_KEEP=DIR` also writes the graph there as
//! `large.json` and `large.bin`, to time the command line on it.

use std::hint::black_box;
use std::time::{Duration, Instant};

use actorgraph::corpus::ArticleMeta;
use actorgraph::date::PartialDate;
use actorgraph::extract::{Claim, Evidence, Mark, MarkRole, Modality, NodeInfo, RoleInfo};
use actorgraph::graph::{
    ActorGraph, Assembler, Selection, json, open_graph, read_graph, select, select_from, snapshot,
};
use actorgraph::rules::Family;
use actorgraph::rules::schema::ActorKind;
use criterion::{Criterion, criterion_group, criterion_main};

const STATES: usize = 200;
const ORGANISATIONS: usize = 40;
const EVENTS: usize = 400;
const PERSONS: usize = 2_000;
const CLAIMS_PER_ARTICLE: usize = 10;

/// (relation, family, CAMEO code, what the sentence says)
const RELATIONS: &[(&str, Family, &str, &str)] = &[
    ("supports", Family::Supports, "05", "backed"),
    ("praises", Family::Supports, "051", "praised"),
    ("opposes", Family::Opposes, "11", "opposed"),
    ("criticizes", Family::Opposes, "111", "sharply criticized"),
    ("accuses", Family::Opposes, "112", "accused"),
    ("demands", Family::Demands, "10", "demanded concessions from"),
    ("threatens", Family::Threatens, "13", "threatened"),
    ("refuses", Family::Refuses, "12", "refused to take part in"),
    ("withdraws_from", Family::Refuses, "16", "pulled out of"),
    (
        "cooperates_with",
        Family::CooperatesWith,
        "06",
        "agreed to cooperate with",
    ),
    (
        "holds_joint_exercises",
        Family::CooperatesWith,
        "062",
        "held joint exercises with",
    ),
    ("buys_arms_from", Family::BuysArmsFrom, "062", "bought helicopters from"),
    ("fights", Family::Fights, "19", "clashed with"),
    ("visits", Family::Visits, "042", "visited"),
    ("meets", Family::Visits, "04", "held talks with"),
    ("recognizes", Family::Recognizes, "054", "recognized"),
    ("member_of", Family::MemberOf, "", "is a member of"),
];

/// A small deterministic generator (xorshift64*), so every run benchmarks the same graph.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Skewed towards small numbers: a few actors make most of the news.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((u * u * u) * n as f64) as usize
    }
}

fn node(id: String, kind: ActorKind, label: String) -> NodeInfo {
    NodeInfo {
        aliases: vec![label.clone(), format!("the {label} government")],
        id,
        label,
        kind,
        code: None,
        affiliation: None,
        roles: Vec::new(),
    }
}

/// The actors: states S000.., organisations O00.., events E000.., persons P0000.. who each serve
/// a state in two consecutive offices.
fn actors() -> Vec<NodeInfo> {
    let mut nodes = Vec::new();
    nodes.extend((0..STATES).map(|i| node(format!("S{i:03}"), ActorKind::Country, format!("State {i}"))));
    nodes.extend(
        (0..ORGANISATIONS).map(|i| node(format!("O{i:02}"), ActorKind::Organization, format!("Organisation {i}"))),
    );
    nodes.extend((0..EVENTS).map(|i| node(format!("E{i:03}"), ActorKind::Event, format!("Exercise {i}"))));
    for i in 0..PERSONS {
        let mut person = node(format!("P{i:04}"), ActorKind::Person, format!("Minister {i}"));
        let state = format!("S{:03}", i % STATES);
        let start = 2000 + (i % 15) as i16;
        person.roles = vec![
            RoleInfo {
                title: "Defense Minister".into(),
                of: state.clone(),
                from: Some(PartialDate::year(start)),
                to: Some(PartialDate::year(start + 3)),
            },
            RoleInfo {
                title: "Prime Minister".into(),
                of: state.clone(),
                from: Some(PartialDate::year(start + 4)),
                to: Some(PartialDate::year(start + 6)),
            },
        ];
        person.affiliation = Some(state);
        nodes.push(person);
    }
    nodes
}

fn actor_id(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=5 => format!("S{:03}", rng.skewed(STATES)),
        6 => format!("O{:02}", rng.skewed(ORGANISATIONS)),
        7 => format!("E{:03}", rng.skewed(EVENTS)),
        _ => format!("P{:04}", rng.skewed(PERSONS)),
    }
}

/// A graph of `claims` claims, assembled as `build` assembles them.
pub fn synthetic_graph(claims: usize) -> ActorGraph {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut assembler = Assembler::new();
    for node in actors() {
        assembler.add_node(node);
    }
    let outlets = [
        "Reuters",
        "Interfax",
        "RFE/RL",
        "Jamestown Foundation",
        "IWPR",
        "AFP",
        "TASS",
    ];
    let articles = claims.div_ceil(CLAIMS_PER_ARTICLE);
    for article in 0..articles {
        let id = format!("{article:06}_{:016x}", rng.next());
        let date = PartialDate::day(
            2000 + rng.below(20) as i16,
            1 + rng.below(12) as u8,
            1 + rng.below(28) as u8,
        )
        .unwrap_or(PartialDate::year(2000));
        assembler.add_article(
            id.clone(),
            ArticleMeta {
                outlet: Some(outlets[rng.below(outlets.len())].to_string()),
                title: Some(format!("Report number {article} on regional security")),
                date: Some(date),
                url: None,
            },
        );
        let in_article = CLAIMS_PER_ARTICLE.min(claims - article * CLAIMS_PER_ARTICLE);
        for sentence in 0..in_article {
            let source = actor_id(&mut rng);
            let mut target = actor_id(&mut rng);
            if target == source {
                target = format!("S{:03}", (rng.below(STATES)));
            }
            let (relation, family, cameo, verb) = RELATIONS[rng.skewed(RELATIONS.len())];
            let start = sentence * 240;
            let lead = "Officials said on Tuesday that ";
            let text = format!(
                "{lead}{source} {verb} {target}, a step that analysts in the region described as \
                 a test of the balance between its neighbours ({article}.{sentence})."
            );
            let source_at = start + lead.len();
            let verb_at = source_at + source.len() + 1;
            let target_at = verb_at + verb.len() + 1;
            assembler.add_claim(Claim {
                source: source.clone(),
                target: target.clone(),
                relation: relation.to_string(),
                family,
                cameo: (!cameo.is_empty()).then(|| cameo.to_string()),
                negated: rng.below(20) == 0,
                modality: if rng.below(10) == 0 {
                    Modality::Intended
                } else {
                    Modality::Asserted
                },
                office: None,
                evidence: Evidence {
                    article: id.clone(),
                    sentence,
                    start,
                    end: start + text.len(),
                    text,
                    rule: format!("{relation}-pattern-{}", rng.below(4)),
                    date: Some(date),
                    said_by: None,
                    marks: vec![
                        Mark {
                            role: MarkRole::Source,
                            start: source_at,
                            end: source_at + source.len(),
                        },
                        Mark {
                            role: MarkRole::Trigger,
                            start: verb_at,
                            end: verb_at + verb.len(),
                        },
                        Mark {
                            role: MarkRole::Target,
                            start: target_at,
                            end: target_at + target.len(),
                        },
                    ],
                },
            });
        }
    }
    assembler.finish()
}

fn claims_wanted() -> usize {
    std::env::var("ACTORGRAPH_BENCH_CLAIMS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000)
}

/// The questions asked: one actor's refusals, everything done to one actor in a quarter, one
/// finer relation across the whole graph, and a rolled-up state's opposition.
fn questions() -> Vec<(&'static str, Selection)> {
    vec![
        (
            "source_and_family",
            Selection {
                source: Some("state 3".into()),
                relations: vec!["refuses".into()],
                ..Selection::default()
            },
        ),
        (
            "target_and_period",
            Selection {
                target: Some("S010".into()),
                since: "2009-04".parse().ok(),
                until: "2009-06".parse().ok(),
                ..Selection::default()
            },
        ),
        (
            "relation_over_all_edges",
            Selection {
                relations: vec!["withdraws_from".into()],
                min_articles: 2,
                ..Selection::default()
            },
        ),
        (
            "rolled_up_source",
            Selection {
                source: Some("State 0".into()),
                relations: vec!["opposes".into()],
                roll_up: true,
                ..Selection::default()
            },
        ),
    ]
}

fn bench(c: &mut Criterion) {
    let claims = claims_wanted();
    let started = Instant::now();
    let graph = synthetic_graph(claims);
    let json_text = json::to_json(&graph);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let snapshot_path = dir.path().join("graph.bin");
    std::fs::write(&snapshot_path, snapshot::to_snapshot(&graph)).expect("the snapshot is written");
    if let Some(keep) = std::env::var_os("ACTORGRAPH_BENCH_KEEP") {
        let keep = std::path::Path::new(&keep);
        std::fs::write(keep.join("large.json"), &json_text).expect("the JSON is written");
        std::fs::copy(&snapshot_path, keep.join("large.bin")).expect("the snapshot is copied");
    }
    eprintln!(
        "generated {claims} claims: {} nodes, {} edges, {} articles; JSON {} MB, snapshot {} MB ({:.1?})",
        graph.graph.node_count(),
        graph.graph.edge_count(),
        graph.articles.len(),
        json_text.len() / 1_000_000,
        std::fs::metadata(&snapshot_path).map_or(0, |m| m.len()) / 1_000_000,
        started.elapsed()
    );

    // What a command pays before it can answer: parsing the JSON (from memory, so the disk does
    // not count), or opening the snapshot (reading the file included). Dropping is not timed.
    let mut load = c.benchmark_group("load");
    load.sample_size(10).measurement_time(Duration::from_secs(20));
    if std::env::var_os("ACTORGRAPH_BENCH_SKIP_JSON").is_none() {
        load.bench_function("json", |b| {
            b.iter_with_large_drop(|| json::from_json(black_box(&json_text)).expect("valid JSON"))
        });
    }
    drop(json_text);
    load.bench_function("snapshot_open", |b| {
        b.iter_with_large_drop(|| open_graph(black_box(&snapshot_path)).expect("a valid snapshot"))
    });
    load.bench_function("snapshot_whole", |b| {
        b.iter_with_large_drop(|| read_graph(black_box(&snapshot_path)).expect("a valid snapshot"))
    });
    load.finish();

    // Answering, once the graph is open: from the graph in memory, and from the snapshot.
    let opened = open_graph(&snapshot_path).expect("a valid snapshot");
    let mut answer = c.benchmark_group("answer");
    answer.sample_size(20);
    for (name, selection) in questions() {
        answer.bench_function(format!("memory/{name}"), |b| {
            b.iter(|| select(black_box(&graph), black_box(&selection)).expect("known names"))
        });
        answer.bench_function(format!("snapshot/{name}"), |b| {
            b.iter(|| select_from(black_box(&opened), black_box(&selection)).expect("known names"))
        });
    }
    answer.finish();
    drop(opened);

    // The whole of what a user waits for: open the snapshot file, answer.
    let mut end_to_end = c.benchmark_group("open_and_answer");
    end_to_end.sample_size(10);
    for (name, selection) in questions() {
        end_to_end.bench_function(name, |b| {
            b.iter_with_large_drop(|| {
                let opened = open_graph(black_box(&snapshot_path)).expect("a valid snapshot");
                select_from(&opened, black_box(&selection)).expect("known names")
            })
        });
    }
    end_to_end.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
