//! Where articles come from: a directory of `.txt` files (with an optional `manifest.ron`), a CSV
//! file with `url,date,title,text` columns, or JSON Lines with the same fields. Articles stream
//! one at a time; a broken one becomes a warning and the rest still load.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::article::{Article, ArticleMeta};
use crate::date::PartialDate;

/// Articles larger than this are skipped: the longest news articles are a few hundred kilobytes,
/// so text this big is a dump or a mistake, and extracting from it would hold up the whole run.
pub const MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;

/// A problem with one input that did not stop the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputWarning {
    pub file: PathBuf,
    /// Where in the file: "line 12", "row 7", "byte 1043".
    pub location: Option<String>,
    pub message: String,
}

impl std::fmt::Display for InputWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "warning: {}", self.file.display())?;
        if let Some(location) = &self.location {
            write!(f, ", {location}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// An input that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot open articles at {path}: {source}")]
    Open { path: PathBuf, source: std::io::Error },
    #[error("{path}: unsupported input; give a directory of .txt files, a .csv or a .jsonl file")]
    Unsupported { path: PathBuf },
    #[error("{path}: cannot read the CSV header: {message}")]
    CsvHeader { path: PathBuf, message: String },
}

/// One step of reading: an article, warnings about it, or both (a lossily decoded article).
#[derive(Debug)]
pub struct Loaded {
    pub article: Option<Article>,
    pub warnings: Vec<InputWarning>,
}

/// Opens any supported input as a stream of articles.
pub fn open(path: &Path) -> Result<Box<dyn Iterator<Item = Loaded> + Send>, InputError> {
    let metadata = std::fs::metadata(path).map_err(|source| InputError::Open {
        path: path.into(),
        source,
    })?;
    if metadata.is_dir() {
        return Ok(Box::new(directory(path)?));
    }
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => Ok(Box::new(csv_rows(path)?)),
        Some("jsonl") | Some("ndjson") => {
            let file = File::open(path).map_err(|source| InputError::Open {
                path: path.into(),
                source,
            })?;
            Ok(Box::new(json_lines(path.to_path_buf(), BufReader::new(file))))
        }
        Some("txt") => Ok(Box::new(std::iter::once(read_text_file(path, ArticleMeta::default())))),
        _ => Err(InputError::Unsupported { path: path.into() }),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    articles: Vec<ManifestEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestEntry {
    id: String,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

/// Reads `manifest.ron` beside the articles: what is known of each. Problems are warnings.
pub fn read_manifest(dir: &Path) -> (HashMap<String, ArticleMeta>, Vec<InputWarning>) {
    let path = dir.join("manifest.ron");
    let mut warnings = Vec::new();
    let Ok(source) = std::fs::read_to_string(&path) else {
        return (HashMap::new(), warnings);
    };
    let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let manifest: Manifest = match options.from_str(&source) {
        Ok(m) => m,
        Err(err) => {
            warnings.push(InputWarning {
                file: path,
                location: Some(format!("line {}, column {}", err.span.start.line, err.span.start.col)),
                message: format!("manifest ignored: {}", err.code),
            });
            return (HashMap::new(), warnings);
        }
    };
    let mut metas = HashMap::new();
    for entry in manifest.articles {
        let date = match entry.date.as_deref().map(str::parse::<PartialDate>) {
            Some(Ok(date)) => Some(date),
            Some(Err(err)) => {
                warnings.push(InputWarning {
                    file: path.clone(),
                    location: None,
                    message: format!("article `{}`: {err}", entry.id),
                });
                None
            }
            None => None,
        };
        metas.insert(
            entry.id,
            ArticleMeta {
                outlet: entry.outlet,
                title: entry.title,
                date,
                url: entry.url,
            },
        );
    }
    (metas, warnings)
}

fn directory(dir: &Path) -> Result<impl Iterator<Item = Loaded> + Send + 'static, InputError> {
    let entries = std::fs::read_dir(dir).map_err(|source| InputError::Open {
        path: dir.into(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let (mut metas, manifest_warnings) = read_manifest(dir);
    let first = (!manifest_warnings.is_empty()).then_some(Loaded {
        article: None,
        warnings: manifest_warnings,
    });
    let articles = files.into_iter().map(move |file| {
        let id = file_stem(&file);
        let meta = metas.remove(&id).unwrap_or_default();
        read_text_file(&file, meta)
    });
    Ok(first.into_iter().chain(articles))
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads one `.txt` article: skips empty, binary, unreadable and oversized files with a warning,
/// decodes invalid UTF-8 lossily with a warning naming the first bad byte.
pub fn read_text_file(path: &Path, meta: ArticleMeta) -> Loaded {
    let warn = |message: String, location: Option<String>| Loaded {
        article: None,
        warnings: vec![InputWarning {
            file: path.to_path_buf(),
            location,
            message,
        }],
    };
    let size = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(err) => return warn(format!("unreadable: {err}"), None),
    };
    if size > MAX_ARTICLE_BYTES {
        return warn(too_large(size), None);
    }
    let mut bytes = Vec::with_capacity(size as usize);
    if let Err(err) = File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)) {
        return warn(format!("unreadable: {err}"), None);
    }
    let id = file_stem(path);
    decode_article(path, id, meta, bytes)
}

fn too_large(size: u64) -> String {
    format!(
        "skipped: {size} bytes is over the {} MiB limit for one article",
        MAX_ARTICLE_BYTES >> 20
    )
}

/// Turns raw bytes into an article, or warnings saying why not.
pub fn decode_article(file: &Path, id: String, meta: ArticleMeta, bytes: Vec<u8>) -> Loaded {
    if let Some(skipped) = skipped(file, &bytes) {
        return skipped;
    }
    let mut warnings = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            warnings.push(InputWarning {
                file: file.to_path_buf(),
                location: Some(format!("byte {at}")),
                message: "not valid UTF-8: decoded with replacement characters; offsets are into the decoded text"
                    .into(),
            });
            String::from_utf8_lossy(err.as_bytes()).into_owned()
        }
    };
    Loaded {
        article: Some(Article { id, meta, text }),
        warnings,
    }
}

/// [`decode_article`] for text that is already decoded (a CSV or JSON field): the same checks,
/// without validating the UTF-8 a second time.
fn text_article(file: &Path, id: String, meta: ArticleMeta, text: String) -> Loaded {
    skipped(file, text.as_bytes()).unwrap_or(Loaded {
        article: Some(Article { id, meta, text }),
        warnings: Vec::new(),
    })
}

/// Why an article's bytes are skipped, if they are: too large, empty, or binary.
fn skipped(file: &Path, bytes: &[u8]) -> Option<Loaded> {
    let warning = |location: Option<String>, message: String| Loaded {
        article: None,
        warnings: vec![InputWarning {
            file: file.to_path_buf(),
            location,
            message,
        }],
    };
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        return Some(warning(None, too_large(bytes.len() as u64)));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Some(warning(None, "skipped: empty".into()));
    }
    memchr::memchr(0, bytes).map(|at| warning(Some(format!("byte {at}")), "skipped: binary (holds NUL bytes)".into()))
}

/// A CSV or JSON Lines record: `text` is required, the rest optional.
#[derive(Debug, Deserialize)]
struct Record {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
    text: String,
}

impl Record {
    fn into_loaded(self, file: &Path, default_id: String, location: String) -> Loaded {
        let mut warnings = Vec::new();
        let date = self.date.as_deref().filter(|d| !d.trim().is_empty()).and_then(|d| {
            let leading = d.trim().get(..10.min(d.trim().len())).unwrap_or(d);
            match leading.parse::<PartialDate>().or_else(|_| d.trim().parse()) {
                Ok(date) => Some(date),
                Err(err) => {
                    warnings.push(InputWarning {
                        file: file.into(),
                        location: Some(location.clone()),
                        message: format!("date ignored: {err}"),
                    });
                    None
                }
            }
        });
        let outlet = self.outlet.or_else(|| self.url.as_deref().and_then(host_of));
        let meta = ArticleMeta {
            outlet,
            title: self.title,
            date,
            url: self.url,
        };
        let id = self.id.filter(|i| !i.trim().is_empty()).unwrap_or(default_id);
        let mut loaded = text_article(file, id, meta, self.text);
        for w in &mut loaded.warnings {
            w.location.get_or_insert_with(|| location.clone());
        }
        warnings.append(&mut loaded.warnings);
        loaded.warnings = warnings;
        loaded
    }
}

/// "https://en.wikinews.org/wiki/X" → "en.wikinews.org".
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| host.to_string())
}

fn csv_rows(path: &Path) -> Result<impl Iterator<Item = Loaded> + Send + 'static, InputError> {
    let file = File::open(path).map_err(|source| InputError::Open {
        path: path.into(),
        source,
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(BufReader::new(file));
    let headers = reader.headers().map_err(|e| InputError::CsvHeader {
        path: path.into(),
        message: e.to_string(),
    })?;
    if !headers.iter().any(|h| h == "text") {
        return Err(InputError::CsvHeader {
            path: path.into(),
            message: "no `text` column".into(),
        });
    }
    let stem = file_stem(path);
    let file_path = path.to_path_buf();
    let mut row = 0usize;
    Ok(reader.into_deserialize::<Record>().map(move |result| {
        row += 1;
        match result {
            Ok(record) => {
                let line = format!("row {row}");
                record.into_loaded(&file_path, format!("{stem}:{row}"), line)
            }
            Err(err) => {
                let location = err
                    .position()
                    .and_then(|p| line_at(&file_path, p.byte()))
                    .map(|line| format!("line {line}"))
                    .unwrap_or_else(|| format!("row {row}"));
                Loaded {
                    article: None,
                    warnings: vec![InputWarning {
                        file: file_path.clone(),
                        location: Some(location),
                        message: format!("row skipped: {}", csv_problem(&err)),
                    }],
                }
            }
        }
    }))
}

/// What is wrong with a CSV row, without the csv crate's own (drifting) position.
fn csv_problem(err: &csv::Error) -> String {
    match err.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("it has {len} fields where the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { err, .. } => format!("not valid UTF-8 in field {}", err.field() + 1),
        csv::ErrorKind::Deserialize { err, .. } => err.to_string(),
        _ => err.to_string(),
    }
}

/// The 1-based line of a CSV record starting at `byte`, counted afresh: the csv crate's own line
/// count drifts on CRLF files with line breaks inside quoted fields. On CRLF files its offset
/// points at the `\n` ending the previous record, which therefore counts as before the record.
/// Only run for a broken row.
fn line_at(path: &Path, byte: u64) -> Option<u64> {
    let mut head = Vec::new();
    File::open(path).ok()?.take(byte + 1).read_to_end(&mut head).ok()?;
    Some(head.iter().filter(|&&b| b == b'\n').count() as u64 + 1)
}

/// Reads JSON Lines: one article object per line; blank lines are skipped. Every line is read
/// into the same buffer (`BufRead::split` allocated each line anew and grew it a few times for
/// an article). A read error ends the file: the lines after it cannot be trusted to line up.
pub fn json_lines<R: BufRead + Send + 'static>(
    path: PathBuf,
    mut reader: R,
) -> impl Iterator<Item = Loaded> + Send + 'static {
    let stem = file_stem(&path);
    let mut line = Vec::new();
    let mut line_number = 0;
    let mut failed = false;
    std::iter::from_fn(move || {
        while !failed {
            line_number += 1;
            let location = format!("line {line_number}");
            let warn = |message: String, location: String| Loaded {
                article: None,
                warnings: vec![InputWarning {
                    file: path.clone(),
                    location: Some(location),
                    message,
                }],
            };
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(err) => {
                    failed = true;
                    return Some(warn(format!("unreadable: {err}"), location));
                }
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(match serde_json::from_slice::<Record>(&line) {
                Ok(record) => record.into_loaded(&path, format!("{stem}:{line_number}"), location),
                Err(err) => warn(
                    format!("line skipped: {err}"),
                    format!("line {line_number}, column {}", err.column()),
                ),
            });
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_skip_a_broken_line_and_keep_the_rest() {
        let input = "{\"id\": \"a\", \"text\": \"One.\"}\n{broken\n\n{\"text\": \"Two.\", \"date\": \"2009-04-21\"}\n";
        let loaded: Vec<Loaded> = json_lines("in.jsonl".into(), input.as_bytes()).collect();
        assert_eq!(loaded.len(), 3);
        assert_eq!(loaded[0].article.as_ref().unwrap().id, "a");
        assert!(loaded[1].article.is_none());
        assert!(loaded[1].warnings[0].to_string().contains("in.jsonl, line 2, column"));
        let second = loaded[2].article.as_ref().unwrap();
        assert_eq!(second.id, "in:4");
        assert_eq!(second.meta.date.unwrap().to_string(), "2009-04-21");
    }

    #[test]
    fn a_read_error_is_one_warning_and_ends_the_file() {
        struct Failing;
        impl std::io::Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk gone"))
            }
        }
        let input = std::io::Read::chain(&b"{\"id\": \"a\", \"text\": \"One.\"}\n"[..], Failing);
        let loaded: Vec<Loaded> = json_lines("in.jsonl".into(), std::io::BufReader::new(input)).collect();
        assert_eq!(loaded.len(), 2);
        assert_eq!(loaded[0].article.as_ref().unwrap().id, "a");
        assert!(
            loaded[1].warnings[0]
                .to_string()
                .contains("in.jsonl, line 2: unreadable: disk gone")
        );
    }

    #[test]
    fn bad_bytes_are_warnings_not_failures() {
        let empty = decode_article(Path::new("e.txt"), "e".into(), ArticleMeta::default(), b" \n".to_vec());
        assert!(empty.article.is_none() && empty.warnings[0].message.contains("empty"));
        let binary = decode_article(
            Path::new("b.txt"),
            "b".into(),
            ArticleMeta::default(),
            b"ab\0cd".to_vec(),
        );
        assert_eq!(
            binary.warnings[0].to_string(),
            "warning: b.txt, byte 2: skipped: binary (holds NUL bytes)"
        );
        let latin1 = decode_article(
            Path::new("l.txt"),
            "l".into(),
            ArticleMeta::default(),
            b"Caf\xe9 NATO".to_vec(),
        );
        assert_eq!(latin1.article.unwrap().text, "Caf\u{fffd} NATO");
        assert_eq!(latin1.warnings[0].location.as_deref(), Some("byte 3"));
    }

    #[test]
    fn hosts_become_outlets() {
        assert_eq!(
            host_of("https://en.wikinews.org//wiki/X").as_deref(),
            Some("en.wikinews.org")
        );
    }
}
