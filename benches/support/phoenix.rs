//! A benchmark rulebook at the scale of the Phoenix actor dictionaries (PETRARCH2): every
//! `ACTOR_NAME_` line becomes an actor and every `+SYNONYM_` line one more alias of it, written as
//! one RON pack at `priority: 10`, so the project's own packs (priority 100) still win every alias
//! they share.
//!
//! This is bench tooling, not the importer (`actorgraph import phoenix` is written elsewhere): it
//! reads only names and the first code, and ignores roles, agents and date ranges. Names come
//! in upper case; they are written in title case with small words in lower case ("Islamic
//! Republic of Afghanistan"), so that the case rules treat them as names, and short one-word
//! names ("UN", "ANSF", "U.N.") stay upper case, as acronyms.

// Shared by examples/benchkit.rs and benches/extract.rs; each uses only part of it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

/// The actor files read, in this order.
pub const FILES: [&str; 3] = [
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
];

/// What one actor of the dictionaries becomes.
#[derive(Debug, Clone)]
pub struct PhoenixActor {
    pub id: String,
    pub kind: &'static str,
    pub label: String,
    pub code: Option<String>,
    pub aliases: Vec<String>,
}

/// Counts of what was read.
#[derive(Debug, Clone, Copy, Default)]
pub struct PhoenixStats {
    pub actors: usize,
    pub aliases: usize,
}

/// Reads the actor files under `dir`. Errors name the file.
pub fn read_dir(dir: &Path) -> Result<Vec<PhoenixActor>, String> {
    let mut actors = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for name in FILES {
        let path = dir.join(name);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        // A few lines are Latin-1; a replacement character in a bench alias does no harm.
        let text = String::from_utf8_lossy(&bytes);
        read_file(&text, name, &mut actors, &mut ids);
    }
    Ok(actors)
}

fn read_file(text: &str, file: &str, actors: &mut Vec<PhoenixActor>, ids: &mut HashMap<String, usize>) {
    let international = !file.contains("Countries");
    for raw in text.lines() {
        let line = raw.split('#').next().unwrap_or("").trim_end();
        if line.trim().is_empty() {
            continue;
        }
        let first = line.chars().next().unwrap_or(' ');
        if first == ' ' || first == '\t' {
            // An indented code line of the actor above: `[AFGGOV 331108-730717]`.
            if let Some(actor) = actors.last_mut() {
                if actor.code.is_none() {
                    actor.code = first_code(line);
                    if !international {
                        // Dated codes are a person's offices; a bare state code is a state.
                        actor.kind = if line.contains('-') {
                            "person"
                        } else if actor.code.as_deref().is_some_and(|c| c.len() == 3) {
                            "country"
                        } else {
                            "organization"
                        };
                    }
                }
            }
            continue;
        }
        if matches!(first, '<' | '!' | '~') {
            continue;
        }
        let (names, code) = match line.find('[') {
            Some(at) => (&line[..at], first_code(&line[at..])),
            None => (line, None),
        };
        let names: Vec<String> = names.trim_start_matches('+').split('+').filter_map(readable).collect();
        if names.is_empty() {
            continue;
        }
        if first == '+' {
            if let Some(actor) = actors.last_mut() {
                actor.aliases.extend(names);
            }
            continue;
        }
        let kind = if international {
            "organization"
        } else if code.as_deref().is_none_or(|c| c.len() == 3) {
            // Without a code here, the lines below decide (see above).
            "country"
        } else {
            "organization"
        };
        let base = slug(&names[0]);
        let count = ids.entry(base.clone()).or_insert(0);
        *count += 1;
        let id = if *count == 1 {
            format!("phx:{base}")
        } else {
            format!("phx:{base}-{count}")
        };
        actors.push(PhoenixActor {
            id,
            kind,
            label: names[0].clone(),
            code,
            aliases: names,
        });
    }
}

fn first_code(text: &str) -> Option<String> {
    let inner = text.trim().trim_start_matches('[');
    let code: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '~')
        .collect();
    (!code.is_empty()).then_some(code)
}

/// `ISLAMIC_REPUBLIC_OF_AFGHANISTAN_` → "Islamic Republic of Afghanistan"; `UN_` → "UN".
fn readable(name: &str) -> Option<String> {
    let words: Vec<&str> = name
        .split(['_', ' '])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return None;
    }
    if words.len() == 1 && (words[0].chars().count() <= 4 || words[0].contains('.')) {
        return Some(words[0].to_string());
    }
    const SMALL: [&str; 12] = [
        "of", "the", "and", "for", "in", "on", "at", "de", "del", "la", "to", "a",
    ];
    let out: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && SMALL.contains(&lower.as_str()) {
                lower
            } else {
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            }
        })
        .collect();
    Some(out.join(" "))
}

fn slug(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.join("-")
}

/// The actors as one RON rule pack at priority 10.
pub fn to_ron(actors: &[PhoenixActor]) -> (String, PhoenixStats) {
    let mut out = String::with_capacity(actors.len() * 120);
    out.push_str("// Generated by `cargo run --release --example benchkit -- phoenix` from the Phoenix actor\n");
    out.push_str("// dictionaries (MIT, openeventdata/petrarch2): a benchmark rulebook, not curated rules.\n");
    out.push_str("(\n    priority: 10,\n    actors: [\n");
    let mut stats = PhoenixStats::default();
    for actor in actors {
        let mut aliases: Vec<&str> = Vec::new();
        for alias in &actor.aliases {
            if !aliases.contains(&alias.as_str()) {
                aliases.push(alias);
            }
        }
        stats.actors += 1;
        stats.aliases += aliases.len();
        let _ = write!(
            out,
            "        (id: {}, kind: {}, label: {}, ",
            quote(&actor.id),
            capitalised(actor.kind),
            quote(&actor.label)
        );
        if let Some(code) = &actor.code {
            let _ = write!(out, "code: {}, ", quote(code));
        }
        out.push_str("aliases: [");
        for (i, alias) in aliases.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&quote(alias));
        }
        out.push_str("]),\n");
    }
    out.push_str("    ],\n)\n");
    (out, stats)
}

fn capitalised(kind: &str) -> String {
    let mut chars = kind.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A RON string literal.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
