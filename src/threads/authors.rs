//! Per-participant statistics (`--by author`).

use super::compute::{latency, Facts};
use super::measures::median;
use super::text;
use super::StatsOptions;
use crate::{Corpus, Date, Thread};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The statistics of one participant over the whole corpus. Authors are identified as in
/// the [module docs](super) (trimmed, lower-cased); all anonymous comments form one entry
/// (`anonymous: true`, author `(anonym)`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AuthorStats {
    /// The author's name as first seen (trimmed), or `(anonym)`.
    pub author: String,
    /// True for the group of anonymous comments.
    pub anonymous: bool,
    /// Comments written.
    pub comments: usize,
    /// Threads commented in.
    pub threads: usize,
    /// Comments replying to a post.
    pub top_level: usize,
    /// Comments replying to a comment.
    pub replies: usize,
    /// Replies by someone else (another named author or an anonymous one) to this author's
    /// comments.
    pub replies_received: usize,
    /// Replies to one's own comments.
    pub self_replies: usize,
    /// Distinct named authors this author replied to or got a reply from.
    pub partners: usize,
    /// Partners with replies in both directions.
    pub reciprocal_partners: usize,
    /// Threads whose post this author wrote.
    pub owned_threads: usize,
    /// Comments in threads this author owns.
    pub owner_comments: usize,
    /// Mean depth of the author's comments.
    pub mean_depth: Option<f64>,
    /// Median latency (seconds) of the author's comments (to their parent or the post).
    pub latency_median_s: Option<f64>,
    /// Mean tokens per comment (0 when language metrics are off).
    pub tokens_mean: Option<f64>,
    /// Sentences ending in `?`.
    pub questions: usize,
    /// Comments addressing someone.
    pub addressing_comments: usize,
    /// Date of the first dated comment (ISO 8601, UTC).
    pub first_date: Option<String>,
    /// Date of the last dated comment (ISO 8601, UTC).
    pub last_date: Option<String>,
}

/// What one author did in one or more threads, before the ratios.
#[derive(Debug, Default)]
struct Partial {
    name: String,
    comments: usize,
    threads: usize,
    top_level: usize,
    replies: usize,
    replies_received: usize,
    self_replies: usize,
    replied_to: HashSet<String>,
    replied_by: HashSet<String>,
    owned_threads: usize,
    owner_comments: usize,
    depth_sum: u64,
    latencies: Vec<f64>,
    tokens: usize,
    questions: usize,
    addressing: usize,
    first: Option<i64>,
    last: Option<i64>,
}

impl Partial {
    fn new(name: &str, threads: usize) -> Partial {
        Partial {
            name: name.to_string(),
            threads,
            ..Partial::default()
        }
    }

    fn merge(&mut self, o: Partial) {
        if self.name.is_empty() {
            self.name = o.name;
        }
        self.comments += o.comments;
        self.threads += o.threads;
        self.top_level += o.top_level;
        self.replies += o.replies;
        self.replies_received += o.replies_received;
        self.self_replies += o.self_replies;
        self.replied_to.extend(o.replied_to);
        self.replied_by.extend(o.replied_by);
        self.owned_threads += o.owned_threads;
        self.owner_comments += o.owner_comments;
        self.depth_sum += o.depth_sum;
        self.latencies.extend(o.latencies);
        self.tokens += o.tokens;
        self.questions += o.questions;
        self.addressing += o.addressing;
        self.first = [self.first, o.first].into_iter().flatten().min();
        self.last = [self.last, o.last].into_iter().flatten().max();
    }
}

/// Key of the anonymous group (cannot clash with a real key: keys are trimmed).
const ANONYMOUS: &str = " anonymous";

fn thread_partials(thread: &Thread, opts: &StatsOptions) -> Vec<(String, Partial)> {
    let f = Facts::new(thread, opts);
    let key = |i: usize| match f.author[i] {
        Some(a) => f.names[a as usize].clone(),
        None => ANONYMOUS.to_string(),
    };
    let mut map: HashMap<String, Partial> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut keys = Vec::with_capacity(thread.comments.len());
    for (i, c) in thread.comments.iter().enumerate() {
        let k = key(i);
        if !map.contains_key(&k) {
            let name = match f.author[i] {
                Some(_) => c.author.as_deref().unwrap_or("").trim(),
                None => "(anonym)",
            };
            order.push(k.clone());
            map.insert(k.clone(), Partial::new(name, 1));
        }
        keys.push(k);
    }
    if let (Some(owner), Some(name)) = (&f.owner_key, &thread.post.author) {
        let p = map.entry(owner.clone()).or_insert_with(|| {
            // Owning a thread is not commenting in it.
            order.push(owner.clone());
            Partial::new(name.trim(), 0)
        });
        p.owned_threads = 1;
        p.owner_comments = (0..thread.comments.len())
            .filter(|&i| f.by_owner(i))
            .count();
    }
    let mut toks = Vec::new();
    for (i, c) in thread.comments.iter().enumerate() {
        let me = &keys[i];
        let parent = f.parent[i];
        if let Some(p) = parent {
            let them = &keys[p];
            if f.author[i].is_some() && f.author[i] == f.author[p] {
                if let Some(e) = map.get_mut(me) {
                    e.self_replies += 1;
                }
            } else if let Some(e) = map.get_mut(them) {
                e.replies_received += 1;
            }
            if f.reply_between(i).is_some() {
                if let Some(e) = map.get_mut(me) {
                    e.replied_to.insert(them.clone());
                }
                if let Some(e) = map.get_mut(them) {
                    e.replied_by.insert(me.clone());
                }
            }
        }
        let lat = latency(thread, &f, i).filter(|&l| l >= 0.0);
        let ms = c.date.as_ref().and_then(|d| d.millis());
        let (tokens, questions, addressing) = if opts.language {
            toks.clear();
            text::tokenize_append(&c.text, &mut toks);
            (
                toks.iter().filter(|t| t.kind.is_word_like()).count(),
                text::questions(&toks),
                usize::from(text::addresses_someone(&toks)),
            )
        } else {
            (0, 0, 0)
        };
        if let Some(e) = map.get_mut(me) {
            e.comments += 1;
            e.top_level += usize::from(parent.is_none());
            e.replies += usize::from(parent.is_some());
            e.depth_sum += u64::from(f.depth[i]);
            e.latencies.extend(lat);
            e.tokens += tokens;
            e.questions += questions;
            e.addressing += addressing;
            e.first = [e.first, ms].into_iter().flatten().min();
            e.last = [e.last, ms].into_iter().flatten().max();
        }
    }
    order
        .into_iter()
        .filter_map(|k| map.remove(&k).map(|p| (k, p)))
        .collect()
}

/// Statistics of every participant over the corpus (threads in parallel), most comments
/// first (ties by name).
///
/// ```
/// use korpus::{Comment, Corpus, Post, Thread};
/// use korpus::threads::{author_stats, StatsOptions};
/// let c = |id: &str, parent: Option<&str>, author: &str| Comment {
///     id: id.into(), parent_id: parent.map(String::from), author: Some(author.into()),
///     text: "Das sehe ich anders.".into(), ..Comment::default()
/// };
/// let post = Post { id: "p".into(), author: Some("Redaktion".into()), ..Post::default() };
/// let thread = Thread::assemble(post, vec![
///     c("1", None, "Anna"), c("2", Some("1"), "Ben"), c("3", Some("2"), "anna "),
/// ]).unwrap();
/// let authors = author_stats(&Corpus { threads: vec![thread] }, &StatsOptions::default());
/// assert_eq!(authors[0].author, "Anna");
/// assert_eq!((authors[0].comments, authors[0].reciprocal_partners), (2, 1));
/// assert_eq!(authors[2].owned_threads, 1); // Redaktion wrote the post only
/// ```
pub fn author_stats(corpus: &Corpus, opts: &StatsOptions) -> Vec<AuthorStats> {
    let per_thread: Vec<Vec<(String, Partial)>> = corpus
        .threads
        .par_iter()
        .map(|t| thread_partials(t, opts))
        .collect();
    let mut all: HashMap<String, Partial> = HashMap::new();
    for (k, p) in per_thread.into_iter().flatten() {
        all.entry(k).or_default().merge(p);
    }
    let mut out: Vec<AuthorStats> = all
        .into_iter()
        .map(|(k, mut p)| {
            let partners: HashSet<&String> = p.replied_to.union(&p.replied_by).collect();
            let reciprocal = p.replied_to.intersection(&p.replied_by).count();
            let ratio = |a: f64| (p.comments > 0).then(|| a / p.comments as f64);
            AuthorStats {
                anonymous: k == ANONYMOUS,
                comments: p.comments,
                threads: p.threads,
                top_level: p.top_level,
                replies: p.replies,
                replies_received: p.replies_received,
                self_replies: p.self_replies,
                partners: partners.len(),
                reciprocal_partners: reciprocal,
                owned_threads: p.owned_threads,
                owner_comments: p.owner_comments,
                mean_depth: ratio(p.depth_sum as f64),
                latency_median_s: median(&mut p.latencies),
                tokens_mean: if opts.language {
                    ratio(p.tokens as f64)
                } else {
                    None
                },
                questions: p.questions,
                addressing_comments: p.addressing,
                first_date: p.first.map(|m| Date::from_millis(m).raw().to_string()),
                last_date: p.last.map(|m| Date::from_millis(m).raw().to_string()),
                author: p.name,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.comments
            .cmp(&a.comments)
            .then_with(|| a.author.to_lowercase().cmp(&b.author.to_lowercase()))
            .then_with(|| a.author.cmp(&b.author))
    });
    out
}
