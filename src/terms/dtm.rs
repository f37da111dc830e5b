//! The document-term matrix, for analyses in R or Python.
//!
//! [`Dtm::build`] counts, for every document (each post and each comment, or each whole
//! thread), how often each term occurs; terms come from the engine's [`Analyzer`]
//! (normaliser, stopwords, stemmer, minimum length: the same terms as `korpus freq`).
//! [`Dtm::write_dir`] writes three files:
//!
//! - `dtm.mtx`: Matrix Market coordinate format (`%%MatrixMarket matrix coordinate integer
//!   general`), rows = documents, columns = terms, 1-based, entries sorted by row then
//!   column; read it with `scipy.io.mmread`, `gensim.corpora.MmCorpus` (documents as rows,
//!   as gensim expects) or R's `Matrix::readMM`;
//! - `terms.txt`: one term a line, in column order: by total count (most frequent first),
//!   ties by term;
//! - `docs.tsv`: one line per document in row order, with the header `doc thread part author
//!   date tokens terms` (`tokens`: word tokens of the document; `terms`: the tokens that
//!   became terms, the row sum). Tabs and line breaks inside values become spaces.
//!
//! Rows follow the input order (the post, then its comments in input order, thread by
//! thread), so the output is the same for any number of worker threads.
//!
//! ```
//! use korpus::engine::{Analyzer, AnalyzerOptions};
//! use korpus::terms::dtm::{DocUnit, Dtm};
//! use korpus::{Comment, Corpus, Post, Thread};
//! let post = Post { id: "p1".into(), text: "Transparenz im Rat! Mehr Transparenz.".into(), ..Post::default() };
//! let c = Comment { id: "c1".into(), text: "Der Rat tagt.".into(), ..Comment::default() };
//! let corpus = Corpus { threads: vec![Thread { post, comments: vec![c] }] };
//! let dtm = Dtm::build(&corpus, &Analyzer::new(AnalyzerOptions::default()), DocUnit::Document);
//! assert_eq!(dtm.terms, ["rat", "transparenz", "tagt"]); // by count, ties by term
//! assert_eq!(dtm.entries, [(0, 0, 1), (0, 1, 2), (1, 0, 1), (1, 2, 1)]);
//! let mut mtx = Vec::new();
//! dtm.write_mtx(&mut mtx).unwrap();
//! assert!(String::from_utf8(mtx).unwrap().contains("\n2 3 4\n1 1 1\n1 2 2\n"));
//! ```

use crate::engine::Analyzer;
use crate::model::{Corpus, Date, Thread};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::io::{self, Write};
use std::path::Path;
use std::str::FromStr;

/// What a row of the matrix is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocUnit {
    /// Each post and each comment.
    #[default]
    Document,
    /// Each thread (post and comments together).
    Thread,
}

impl FromStr for DocUnit {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<DocUnit> {
        match s {
            "document" | "doc" | "post" | "comment" | "part" => Ok(DocUnit::Document),
            "thread" => Ok(DocUnit::Thread),
            _ => Err(crate::Error::usage(format!(
                "unknown document unit `{s}` (expected document or thread)"
            ))),
        }
    }
}

/// One row of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocMeta {
    /// The post's or comment's id (the thread id for [`DocUnit::Thread`]).
    pub id: String,
    /// The thread id.
    pub thread: String,
    /// `post`, `comment` or `thread`.
    pub part: &'static str,
    /// The author, when known (of the post, for a thread).
    pub author: Option<String>,
    /// The date as given in the input, when known (of the post, for a thread).
    pub date: Option<String>,
    /// Word tokens.
    pub tokens: u64,
    /// Tokens that became terms (the row sum).
    pub terms: u64,
}

/// A sparse document-term matrix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dtm {
    /// The rows.
    pub docs: Vec<DocMeta>,
    /// The columns.
    pub terms: Vec<String>,
    /// Non-zero cells `(row, column, count)`, 0-based, sorted by row then column.
    pub entries: Vec<(u32, u32, u64)>,
}

type Row = (DocMeta, FxHashMap<Box<str>, u64>);

/// One worker's cache: raw token → term (or none).
struct Worker<'a> {
    analyzer: &'a Analyzer,
    cache: FxHashMap<Box<str>, Option<Box<str>>>,
}

impl Worker<'_> {
    fn add(&mut self, text: &str, meta: &mut DocMeta, counts: &mut FxHashMap<Box<str>, u64>) {
        for w in self.analyzer.tokenizer().words(text) {
            meta.tokens += 1;
            if !self.cache.contains_key(w) {
                let term = self.analyzer.term(w).map(String::into_boxed_str);
                self.cache.insert(w.into(), term);
            }
            if let Some(Some(term)) = self.cache.get(w) {
                meta.terms += 1;
                match counts.get_mut(term) {
                    Some(n) => *n += 1,
                    None => {
                        counts.insert(term.clone(), 1);
                    }
                }
            }
        }
    }

    fn thread(&mut self, t: &Thread, unit: DocUnit) -> Vec<Row> {
        let meta = |id: &str, part, author: &Option<String>, date: &Option<Date>| DocMeta {
            id: id.to_string(),
            thread: t.id().to_string(),
            part,
            author: author.clone(),
            date: date.as_ref().map(|d| d.raw().to_string()),
            tokens: 0,
            terms: 0,
        };
        let mut rows = Vec::new();
        match unit {
            DocUnit::Thread => {
                let mut m = meta(t.id(), "thread", &t.post.author, &t.post.date);
                let mut counts = FxHashMap::default();
                self.add(&t.post.text, &mut m, &mut counts);
                for c in &t.comments {
                    self.add(&c.text, &mut m, &mut counts);
                }
                rows.push((m, counts));
            }
            DocUnit::Document => {
                if !t.post.synthetic {
                    let mut m = meta(&t.post.id, "post", &t.post.author, &t.post.date);
                    let mut counts = FxHashMap::default();
                    self.add(&t.post.text, &mut m, &mut counts);
                    rows.push((m, counts));
                }
                for c in &t.comments {
                    let mut m = meta(&c.id, "comment", &c.author, &c.date);
                    let mut counts = FxHashMap::default();
                    self.add(&c.text, &mut m, &mut counts);
                    rows.push((m, counts));
                }
            }
        }
        rows
    }
}

impl Dtm {
    /// Counts the terms of every document of `corpus` (in parallel).
    pub fn build(corpus: &Corpus, analyzer: &Analyzer, unit: DocUnit) -> Dtm {
        let rows: Vec<Vec<Row>> = corpus
            .threads
            .par_iter()
            .map_init(
                || Worker {
                    analyzer,
                    cache: FxHashMap::default(),
                },
                |w, t| w.thread(t, unit),
            )
            .collect();
        let rows: Vec<Row> = rows.into_iter().flatten().collect();
        let mut totals: FxHashMap<&str, u64> = FxHashMap::default();
        for (_, counts) in &rows {
            for (t, &n) in counts {
                *totals.entry(t).or_default() += n;
            }
        }
        let mut terms: Vec<(&str, u64)> = totals.into_iter().collect();
        terms.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let column: FxHashMap<&str, u32> = terms
            .iter()
            .enumerate()
            .map(|(i, (t, _))| (*t, i as u32))
            .collect();
        let mut entries = Vec::new();
        for (r, (_, counts)) in rows.iter().enumerate() {
            let start = entries.len();
            for (t, &n) in counts {
                entries.push((r as u32, column[&**t], n));
            }
            entries[start..].sort_unstable();
        }
        let terms = terms.iter().map(|(t, _)| t.to_string()).collect();
        Dtm {
            docs: rows.into_iter().map(|(m, _)| m).collect(),
            terms,
            entries,
        }
    }

    /// Writes the matrix in Matrix Market coordinate format.
    pub fn write_mtx(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(w, "%%MatrixMarket matrix coordinate integer general")?;
        writeln!(
            w,
            "% korpus dtm: rows = documents (docs.tsv), columns = terms (terms.txt)"
        )?;
        writeln!(
            w,
            "{} {} {}",
            self.docs.len(),
            self.terms.len(),
            self.entries.len()
        )?;
        for &(r, c, n) in &self.entries {
            writeln!(w, "{} {} {n}", r + 1, c + 1)?;
        }
        Ok(())
    }

    /// Writes the terms, one a line, in column order.
    pub fn write_terms(&self, w: &mut dyn Write) -> io::Result<()> {
        for t in &self.terms {
            writeln!(w, "{}", clean(t))?;
        }
        Ok(())
    }

    /// Writes the document table (TSV with a header line), in row order.
    pub fn write_docs(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(w, "doc\tthread\tpart\tauthor\tdate\ttokens\tterms")?;
        for d in &self.docs {
            writeln!(
                w,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                clean(&d.id),
                clean(&d.thread),
                d.part,
                clean(d.author.as_deref().unwrap_or("")),
                clean(d.date.as_deref().unwrap_or("")),
                d.tokens,
                d.terms
            )?;
        }
        Ok(())
    }

    /// Writes `dtm.mtx`, `terms.txt` and `docs.tsv` into `dir` (created if needed).
    pub fn write_dir(&self, dir: &Path) -> crate::Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(e, dir))?;
        type Writer = fn(&Dtm, &mut dyn Write) -> io::Result<()>;
        let files: [(&str, Writer); 3] = [
            ("dtm.mtx", Dtm::write_mtx),
            ("terms.txt", Dtm::write_terms),
            ("docs.tsv", Dtm::write_docs),
        ];
        for (name, write) in files {
            let path = dir.join(name);
            let f = std::fs::File::create(&path).map_err(|e| crate::Error::io(e, &path))?;
            let mut w = io::BufWriter::new(f);
            write(self, &mut w)
                .and_then(|_| w.flush())
                .map_err(|e| crate::Error::io(e, &path))?;
        }
        Ok(())
    }
}

/// A value on one TSV line: tabs and line breaks become spaces.
fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['\t', '\n', '\r']) {
        std::borrow::Cow::Owned(s.replace(['\t', '\n', '\r'], " "))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}
