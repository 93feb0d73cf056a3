//! The claim stream: what `actorgraph extract` writes and `actorgraph assemble` reads. JSON
//! Lines, one tagged record per line, so that a corpus can be extracted in parts (on many
//! machines, by `split` + GNU parallel, Spark's `RDD.pipe` or Hadoop Streaming) and the parts
//! merged into the same graph as one run:
//!
//! ```text
//! {"article":{"id":"000_c473bfd68810d2c4","outlet":"Reuters","date":"2009-04-21"}}
//! {"node":{"id":"KAZ","label":"Kazakhstan","kind":"country",...}}
//! {"claim":{"source":"KAZ","target":"RUS","relation":"supports",...,"evidence":{...}}}
//! ```
//!
//! For each article: the article, then the nodes its claims name that the stream has not
//! described yet, then the claims. A node is written once per stream; it is written again
//! only when an article tells more about it than the stream said so far (a person found with an
//! affiliation or another alias), which keeps the merged graph identical to `build`'s while the
//! writer holds one description per node, never the claims.

use std::collections::HashMap;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Claim, Extraction, NodeInfo};
use crate::corpus::ArticleMeta;

/// An article that claims cite: its id and what is known of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRecord {
    pub id: String,
    #[serde(flatten)]
    pub meta: ArticleMeta,
}

/// One line of the stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Record {
    Article(ArticleRecord),
    Node(NodeInfo),
    Claim(Claim),
}

/// Writes extractions as stream records, each node at most once unless it gains something.
#[derive(Debug)]
pub struct ClaimWriter<W: Write> {
    out: W,
    /// What the stream has said of each node so far (merged as the assembler merges).
    nodes: HashMap<String, NodeInfo>,
    records: usize,
}

impl<W: Write> ClaimWriter<W> {
    pub fn new(out: W) -> Self {
        ClaimWriter {
            out,
            nodes: HashMap::new(),
            records: 0,
        }
    }

    /// Writes the records of one article. The article is written even without claims: the
    /// assembler keeps the first description of an article id, as `build` does.
    pub fn write(&mut self, extraction: &Extraction) -> io::Result<()> {
        let article = ArticleRecord {
            id: extraction.article.clone(),
            meta: extraction.meta.clone(),
        };
        self.line("article", &article)?;
        for node in extraction.nodes.values() {
            let tells_more = match self.nodes.get_mut(&node.id) {
                Some(known) => known.merge(node.clone()),
                None => {
                    self.nodes.insert(node.id.clone(), node.clone());
                    true
                }
            };
            if tells_more {
                self.line("node", node)?;
            }
        }
        for claim in &extraction.claims {
            self.line("claim", claim)?;
        }
        Ok(())
    }

    fn line(&mut self, tag: &str, value: &impl Serialize) -> io::Result<()> {
        write!(self.out, "{{\"{tag}\":")?;
        serde_json::to_writer(&mut self.out, value)?;
        self.out.write_all(b"}\n")?;
        self.records += 1;
        Ok(())
    }

    /// How many records were written.
    pub fn records(&self) -> usize {
        self.records
    }

    /// Flushes and hands back the output.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A line of a claim stream that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    #[error("{}, line {line}: cannot read: {source}", file.display())]
    Read {
        file: PathBuf,
        line: usize,
        source: io::Error,
    },
    #[error("{}, line {line}, column {column}: not a claim-stream record: {message}", file.display())]
    Parse {
        file: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

/// Reads a claim stream; `file` names it in errors. Blank lines are skipped; a bad line is an
/// error for that line only, and reading goes on.
pub fn read_records<R: BufRead>(file: &Path, reader: R) -> impl Iterator<Item = Result<Record, StreamError>> {
    let file = file.to_path_buf();
    reader.split(b'\n').enumerate().filter_map(move |(index, line)| {
        let line_number = index + 1;
        let bytes = match line {
            Ok(bytes) => bytes,
            Err(source) => {
                return Some(Err(StreamError::Read {
                    file: file.clone(),
                    line: line_number,
                    source,
                }));
            }
        };
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        Some(
            serde_json::from_slice::<Record>(&bytes).map_err(|err| StreamError::Parse {
                file: file.clone(),
                line: line_number,
                column: err.column(),
                message: err.to_string(),
            }),
        )
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::extract::{Evidence, Modality};
    use crate::rules::Family;
    use crate::rules::schema::ActorKind;

    fn node(id: &str, aliases: &[&str], affiliation: Option<&str>) -> NodeInfo {
        NodeInfo {
            id: id.into(),
            label: id.into(),
            kind: ActorKind::Person,
            code: None,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            affiliation: affiliation.map(String::from),
            roles: Vec::new(),
        }
    }

    fn extraction(article: &str, nodes: Vec<NodeInfo>) -> Extraction {
        let claim = Claim {
            source: nodes[0].id.clone(),
            target: nodes[1].id.clone(),
            relation: "meets".into(),
            family: Family::Visits,
            cameo: Some("04".into()),
            negated: false,
            modality: Modality::Asserted,
            office: None,
            evidence: Evidence {
                article: article.into(),
                sentence: 0,
                start: 0,
                end: 9,
                text: "A met \"B\".".into(),
                rule: "meet".into(),
                date: None,
                said_by: None,
                marks: Vec::new(),
            },
        };
        Extraction {
            article: article.into(),
            meta: ArticleMeta::default(),
            claims: vec![claim],
            nodes: nodes.into_iter().map(|n| (n.id.clone(), n)).collect::<BTreeMap<_, _>>(),
            sentences: 1,
            bytes: 9,
        }
    }

    #[test]
    fn records_round_trip_and_nodes_are_written_once_unless_they_gain() {
        let mut writer = ClaimWriter::new(Vec::new());
        let a = node("person:a", &["A"], None);
        let b = node("KAZ", &["Kazakhstan"], None);
        writer.write(&extraction("one", vec![a.clone(), b.clone()])).unwrap();
        writer.write(&extraction("two", vec![a.clone(), b.clone()])).unwrap();
        let gained = node("person:a", &["A"], Some("KAZ"));
        writer.write(&extraction("three", vec![gained, b])).unwrap();
        let text = String::from_utf8(writer.finish().unwrap()).unwrap();
        let records: Vec<Record> = read_records(Path::new("s.jsonl"), text.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap();
        let nodes: Vec<&NodeInfo> = records
            .iter()
            .filter_map(|r| match r {
                Record::Node(n) => Some(n),
                _ => None,
            })
            .collect();
        assert_eq!(nodes.len(), 3, "{text}");
        assert_eq!(nodes[2].affiliation.as_deref(), Some("KAZ"));
        assert_eq!(records.iter().filter(|r| matches!(r, Record::Claim(_))).count(), 3);
        assert!(
            text.lines()
                .all(|l| l.starts_with("{\"article\":") || l.starts_with("{\"node\":") || l.starts_with("{\"claim\":"))
        );
    }

    #[test]
    fn a_bad_line_names_its_file_and_line() {
        let input = "{\"node\":{\"id\":\"X\"}}\n\n{\"claim\": 3}\n";
        let results: Vec<_> = read_records(Path::new("part-1.jsonl"), input.as_bytes()).collect();
        assert_eq!(results.len(), 2);
        let message = results[1].as_ref().unwrap_err().to_string();
        assert!(message.starts_with("part-1.jsonl, line 3, column"), "{message}");
    }
}
