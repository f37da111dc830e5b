//! Size and coverage figures of a corpus (`korpus info`).

use crate::input::Accounting;
use crate::model::Corpus;
use serde::Serialize;
use std::collections::HashSet;

/// What `korpus info` reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CorpusInfo {
    /// Threads.
    pub threads: u64,
    /// Posts that were in the input (threads of flat input may lack their post record).
    pub posts: u64,
    /// Comments.
    pub comments: u64,
    /// Distinct non-empty author names over posts and comments (compared exactly).
    pub authors: u64,
    /// Whitespace-separated tokens over all post and comment texts.
    pub whitespace_tokens: u64,
    /// Comments whose parent was missing (attached to their post).
    pub orphans: u64,
    /// Parent links cut to break a cycle.
    pub cycles_broken: u64,
    /// Earliest parsed date (as written in the input).
    pub first_date: Option<String>,
    /// Latest parsed date (as written in the input).
    pub last_date: Option<String>,
    /// Posts and comments with a date that could be parsed.
    pub dated: u64,
    /// Posts and comments with a date that could not be parsed.
    pub undated_or_unparsable: u64,
    /// Input records read.
    pub records_read: u64,
    /// Input records used.
    pub records_used: u64,
    /// Input records skipped.
    pub records_skipped: u64,
}

impl CorpusInfo {
    /// Computes the figures of `corpus`, with the record counts of `accounting`.
    ///
    /// ```
    /// use korpus::{Comment, Corpus, Date, Post, Thread};
    /// use korpus::info::CorpusInfo;
    /// let t = Thread {
    ///     post: Post { id: "p".into(), author: Some("Anke".into()), text: "Filz im Rathaus".into(),
    ///                  date: Some(Date::parse("2015-04-01")), ..Post::default() },
    ///     comments: vec![Comment { id: "c".into(), author: Some("Gast".into()), text: "Stimmt!".into(), ..Comment::default() }],
    /// };
    /// let info = CorpusInfo::new(&Corpus { threads: vec![t] }, &Default::default());
    /// assert_eq!((info.threads, info.comments, info.authors, info.whitespace_tokens), (1, 1, 2, 4));
    /// assert_eq!(info.first_date.as_deref(), Some("2015-04-01"));
    /// ```
    pub fn new(corpus: &Corpus, accounting: &Accounting) -> CorpusInfo {
        let mut info = CorpusInfo {
            records_read: accounting.read,
            records_used: accounting.used,
            records_skipped: accounting.skipped(),
            ..CorpusInfo::default()
        };
        let mut authors: HashSet<&str> = HashSet::new();
        let mut first: Option<(i64, &str)> = None;
        let mut last: Option<(i64, &str)> = None;
        for t in &corpus.threads {
            info.threads += 1;
            info.posts += u64::from(!t.post.synthetic);
            info.comments += t.comments.len() as u64;
            info.orphans += t.orphans() as u64;
            info.cycles_broken += t.cycles_broken() as u64;
            let post = std::iter::once((&t.post.author, &t.post.date, &t.post.text))
                .filter(|_| !t.post.synthetic);
            let comments = t.comments.iter().map(|c| (&c.author, &c.date, &c.text));
            for (author, date, text) in post.chain(comments) {
                if let Some(a) = author.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
                    authors.insert(a);
                }
                info.whitespace_tokens += text.split_whitespace().count() as u64;
                match date.as_ref().and_then(|d| d.millis().map(|m| (m, d.raw()))) {
                    Some((m, raw)) => {
                        info.dated += 1;
                        if first.is_none_or(|(f, _)| m < f) {
                            first = Some((m, raw));
                        }
                        if last.is_none_or(|(l, _)| m > l) {
                            last = Some((m, raw));
                        }
                    }
                    None => info.undated_or_unparsable += 1,
                }
            }
        }
        info.authors = authors.len() as u64;
        info.first_date = first.map(|(_, r)| r.to_string());
        info.last_date = last.map(|(_, r)| r.to_string());
        info
    }
}
