//! The benchmark corpus: the Wikinews articles of `../shared` and the seed articles of
//! `data/articles`, repeated as JSON Lines with a distinct id per copy until the text reaches a
//! size. Generated into `target/`, never committed.

// Shared by examples/benchkit.rs and benches/extract.rs; each uses only part of it.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

use actorgraph::corpus::{self, Article};

/// `../shared` beside the project (or `$ACTORGRAPH_SHARED`), when it is there.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("ACTORGRAPH_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    dir.is_dir().then_some(dir)
}

/// Every article a source yields; warnings are dropped (the inputs are known to be clean).
pub fn read_articles(path: &Path) -> Result<Vec<Article>, String> {
    let source = corpus::source::open(path).map_err(|e| e.to_string())?;
    Ok(source.filter_map(|loaded| loaded.article).collect())
}

/// The real text the corpus is made of: the seed articles, then the Wikinews articles when
/// `../shared` is there (`None` for them otherwise).
pub fn base_articles(root: &Path) -> Result<(Vec<Article>, Option<usize>), String> {
    let mut articles = read_articles(&root.join("data/articles"))?;
    let mut wikinews = None;
    if let Some(shared) = shared_dir() {
        let dir = shared.join("corpora/wikinews");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "csv"))
            .collect();
        files.sort();
        let before = articles.len();
        for file in files {
            articles.extend(read_articles(&file)?);
        }
        wikinews = Some(articles.len() - before);
    }
    Ok((articles, wikinews))
}

/// What was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    pub copies: usize,
    pub articles: usize,
    pub text_bytes: usize,
}

/// Writes copies of `articles` as JSON Lines (`id,url,date,title,outlet,text`) until at least
/// `min_text_bytes` of article text are written (at least `min_copies` copies).
pub fn write_jsonl(
    articles: &[Article],
    out: &mut impl Write,
    min_text_bytes: usize,
    min_copies: usize,
) -> std::io::Result<Written> {
    let mut written = Written::default();
    if articles.is_empty() {
        return Ok(written);
    }
    while written.text_bytes < min_text_bytes || written.copies < min_copies {
        for article in articles {
            let record = serde_json::json!({
                "id": format!("c{:04}/{}", written.copies, article.id),
                "url": article.meta.url,
                "date": article.meta.date.map(|d| d.to_string()),
                "title": article.meta.title,
                "outlet": article.meta.outlet,
                "text": article.text,
            });
            serde_json::to_writer(&mut *out, &record)?;
            out.write_all(b"\n")?;
            written.articles += 1;
            written.text_bytes += article.text.len();
        }
        written.copies += 1;
    }
    Ok(written)
}
