//! Corpus-level aggregates: a mergeable accumulator and the statistics it finishes into.

use super::compute::{analyse, Samples};
use super::measures::{gini, mean, quantile_sorted};
use super::{StatsOptions, ThreadStats};
use crate::{Corpus, Thread};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::AddAssign;

/// Corpus-level statistics: sums of the thread counts, maxima, and ratios recomputed from
/// the sums (see the [module docs](super)).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CorpusStats {
    /// Threads.
    pub threads: usize,
    /// Threads with at least one comment.
    pub threads_with_comments: usize,
    /// Comments.
    pub comments: usize,
    /// Comments replying to the post.
    pub top_level: usize,
    /// Comments replying to a comment.
    pub replies: usize,
    /// Comments whose parent was not found.
    pub orphans: usize,
    /// Comments whose parent link was cut to break a cycle.
    pub cycles_broken: usize,
    /// Distinct named authors over the corpus, plus one for the anonymous group when present.
    pub participants: usize,
    /// Distinct named authors over the corpus.
    pub named_participants: usize,
    /// Comments without a (named) author.
    pub anonymous_comments: usize,
    /// Most comments by one participant over the corpus (the anonymous group as one).
    pub max_comments_per_participant: usize,
    /// Gini coefficient of the participants' comment counts over the corpus.
    pub gini_comments: Option<f64>,
    /// Mean comments per thread.
    pub comments_per_thread_mean: Option<f64>,
    /// Median comments per thread.
    pub comments_per_thread_median: Option<f64>,
    /// Most comments in one thread.
    pub comments_per_thread_max: usize,
    /// Threads whose post has a named author.
    pub threads_with_owner: usize,
    /// Comments by the owner of their thread.
    pub owner_comments: usize,
    /// `owner_comments` / comments of the threads with an owner.
    pub owner_share: Option<f64>,
    /// Deepest comment.
    pub max_depth: u32,
    /// Mean depth over all comments.
    pub mean_depth: f64,
    /// Comments without replies.
    pub leaves: usize,
    /// Replies to comments per comment with replies.
    pub mean_branching: Option<f64>,
    /// Longest unbranched reply chain in any thread.
    pub longest_chain: usize,
    /// `top_level / comments`.
    pub root_dominance: Option<f64>,
    /// Replies between two different named authors.
    pub reply_edges: usize,
    /// Σ distinct author pairs per thread.
    pub reply_pairs: usize,
    /// Σ reciprocal pairs per thread.
    pub reciprocal_pairs: usize,
    /// `reciprocal_pairs / reply_pairs`.
    pub reciprocity: Option<f64>,
    /// Longest back-and-forth between two authors in any thread.
    pub longest_exchange: usize,
    /// Σ runs of two or more comments by the same author.
    pub same_author_runs: usize,
    /// Replies to one's own comment.
    pub self_replies: usize,
    /// Comments with a parsable date.
    pub dated_comments: usize,
    /// Comments with a missing or unparsable date.
    pub undated_comments: usize,
    /// Reply latencies counted.
    pub latency_count: usize,
    /// Reply latencies left out because negative.
    pub negative_latencies: usize,
    /// Median reply latency over all counted latencies (seconds).
    pub latency_median_s: Option<f64>,
    /// 90th percentile of all counted latencies (seconds).
    pub latency_p90_s: Option<f64>,
    /// Word tokens in all comments.
    pub tokens: usize,
    /// Median tokens per comment.
    pub tokens_median: Option<f64>,
    /// Mean tokens per comment.
    pub tokens_mean: Option<f64>,
    /// Sentences ending in `?`.
    pub questions: usize,
    /// Comments with at least one question.
    pub question_comments: usize,
    /// Comments addressing someone.
    pub addressing_comments: usize,
    /// Threads with a drift cosine.
    pub threads_with_drift: usize,
    /// Mean drift cosine over those threads.
    pub drift_cosine_mean: Option<f64>,
}

/// Collects threads into corpus-level statistics. Accumulators merge (`merge` or `+=`), so
/// rayon workers, shards of a corpus or separate runs combine into the same answer as one
/// run over everything (thread order only matters for `drift_cosine_mean`'s rounding).
///
/// ```
/// use korpus::{Comment, Corpus, Post, Thread};
/// use korpus::threads::{corpus_stats, CorpusAccumulator, StatsOptions};
/// let thread = |id: &str, n: usize| Thread {
///     post: Post { id: id.into(), ..Post::default() },
///     comments: (0..n)
///         .map(|i| Comment { id: i.to_string(), text: "Sehr gut!".into(), ..Comment::default() })
///         .collect(),
/// };
/// let opts = StatsOptions::default();
/// let (mut left, mut right) = (CorpusAccumulator::default(), CorpusAccumulator::default());
/// left.add_thread(&thread("a", 2), &opts);
/// right.add_thread(&thread("b", 3), &opts);
/// left += right;
/// let merged = left.finish();
/// let corpus = Corpus { threads: vec![thread("a", 2), thread("b", 3)] };
/// assert_eq!(merged, corpus_stats(&corpus, &opts).0);
/// assert_eq!((merged.threads, merged.comments), (2, 5));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CorpusAccumulator {
    sums: CorpusStats,
    /// Written in key order, so that a saved partial result is the same file every run.
    #[serde(serialize_with = "sorted")]
    authors: HashMap<String, u64>,
    comments_per_thread: Vec<f64>,
    latencies: Vec<f64>,
    tokens: Vec<f64>,
    drift: Vec<f64>,
    depth_sum: u64,
    parents: usize,
    owned_comments: usize,
}

/// Serialises a map in key order.
fn sorted<S: serde::Serializer>(map: &HashMap<String, u64>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(map.iter().collect::<std::collections::BTreeMap<_, _>>())
}

impl CorpusAccumulator {
    /// Computes the statistics of `thread`, adds them, and returns them.
    pub fn add_thread(&mut self, thread: &Thread, opts: &StatsOptions) -> ThreadStats {
        let (stats, samples) = analyse(thread, opts);
        self.add(&stats, samples);
        stats
    }

    pub(crate) fn add(&mut self, t: &ThreadStats, samples: Samples) {
        self.merge(CorpusAccumulator::of_thread(t, samples));
    }

    /// An accumulator holding one thread.
    fn of_thread(t: &ThreadStats, samples: Samples) -> CorpusAccumulator {
        CorpusAccumulator {
            sums: CorpusStats {
                threads: 1,
                threads_with_comments: usize::from(t.comments > 0),
                comments: t.comments,
                top_level: t.top_level,
                replies: t.replies,
                orphans: t.orphans,
                cycles_broken: t.cycles_broken,
                anonymous_comments: t.anonymous_comments,
                comments_per_thread_max: t.comments,
                threads_with_owner: usize::from(t.owner.is_some()),
                owner_comments: t.owner_comments,
                max_depth: t.max_depth,
                leaves: t.leaves,
                longest_chain: t.longest_chain,
                reply_edges: t.reply_edges,
                reply_pairs: t.reply_pairs,
                reciprocal_pairs: t.reciprocal_pairs,
                longest_exchange: t.longest_exchange,
                same_author_runs: t.same_author_runs,
                self_replies: t.self_replies,
                dated_comments: t.dated_comments,
                undated_comments: t.undated_comments,
                negative_latencies: t.negative_latencies,
                tokens: t.tokens,
                questions: t.questions,
                question_comments: t.question_comments,
                addressing_comments: t.addressing_comments,
                ..CorpusStats::default()
            },
            authors: samples.authors.into_iter().collect(),
            comments_per_thread: vec![t.comments as f64],
            latencies: samples.latencies,
            tokens: samples.tokens,
            drift: t.drift_cosine.into_iter().collect(),
            depth_sum: samples.depth_sum,
            parents: samples.parents,
            owned_comments: samples.owned_comments,
        }
    }

    /// Adds everything `other` collected.
    pub fn merge(&mut self, other: CorpusAccumulator) {
        let o = other.sums;
        let c = &mut self.sums;
        c.threads += o.threads;
        c.threads_with_comments += o.threads_with_comments;
        c.comments += o.comments;
        c.top_level += o.top_level;
        c.replies += o.replies;
        c.orphans += o.orphans;
        c.cycles_broken += o.cycles_broken;
        c.anonymous_comments += o.anonymous_comments;
        c.comments_per_thread_max = c.comments_per_thread_max.max(o.comments_per_thread_max);
        c.threads_with_owner += o.threads_with_owner;
        c.owner_comments += o.owner_comments;
        c.max_depth = c.max_depth.max(o.max_depth);
        c.leaves += o.leaves;
        c.longest_chain = c.longest_chain.max(o.longest_chain);
        c.reply_edges += o.reply_edges;
        c.reply_pairs += o.reply_pairs;
        c.reciprocal_pairs += o.reciprocal_pairs;
        c.longest_exchange = c.longest_exchange.max(o.longest_exchange);
        c.same_author_runs += o.same_author_runs;
        c.self_replies += o.self_replies;
        c.dated_comments += o.dated_comments;
        c.undated_comments += o.undated_comments;
        c.negative_latencies += o.negative_latencies;
        c.tokens += o.tokens;
        c.questions += o.questions;
        c.question_comments += o.question_comments;
        c.addressing_comments += o.addressing_comments;
        for (k, v) in other.authors {
            *self.authors.entry(k).or_default() += v;
        }
        self.comments_per_thread.extend(other.comments_per_thread);
        self.latencies.extend(other.latencies);
        self.tokens.extend(other.tokens);
        self.drift.extend(other.drift);
        self.depth_sum += other.depth_sum;
        self.parents += other.parents;
        self.owned_comments += other.owned_comments;
    }

    /// The corpus statistics: ratios, medians and percentiles from the collected counts and
    /// samples.
    pub fn finish(mut self) -> CorpusStats {
        let mut c = self.sums;
        let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
        let mut groups: Vec<u64> = self.authors.values().copied().collect();
        c.named_participants = groups.len();
        if c.anonymous_comments > 0 {
            groups.push(c.anonymous_comments as u64);
        }
        c.participants = groups.len();
        c.max_comments_per_participant = groups.iter().copied().max().unwrap_or(0) as usize;
        c.gini_comments = gini(&groups);
        for v in [
            &mut self.comments_per_thread,
            &mut self.latencies,
            &mut self.tokens,
        ] {
            v.sort_by(f64::total_cmp);
        }
        c.comments_per_thread_mean = mean(&self.comments_per_thread);
        c.comments_per_thread_median = quantile_sorted(&self.comments_per_thread, 0.5);
        c.owner_share = ratio(c.owner_comments, self.owned_comments);
        c.mean_depth = if c.comments > 0 {
            self.depth_sum as f64 / c.comments as f64
        } else {
            0.0
        };
        c.mean_branching = ratio(c.replies, self.parents);
        c.root_dominance = ratio(c.top_level, c.comments);
        c.reciprocity = ratio(c.reciprocal_pairs, c.reply_pairs);
        c.latency_count = self.latencies.len();
        c.latency_median_s = quantile_sorted(&self.latencies, 0.5);
        c.latency_p90_s = quantile_sorted(&self.latencies, 0.9);
        c.tokens_mean = mean(&self.tokens);
        c.tokens_median = quantile_sorted(&self.tokens, 0.5);
        c.threads_with_drift = self.drift.len();
        c.drift_cosine_mean = mean(&self.drift);
        c
    }
}

impl AddAssign for CorpusAccumulator {
    fn add_assign(&mut self, other: CorpusAccumulator) {
        self.merge(other);
    }
}

/// Statistics of every thread (in corpus order, computed in parallel with rayon) and of the
/// whole corpus.
///
/// ```
/// use korpus::{Comment, Corpus, Post, Thread};
/// use korpus::threads::{corpus_stats, StatsOptions};
/// let post = Post { id: "p".into(), text: "Glasfaser für alle Ortsteile.".into(), ..Post::default() };
/// let comments = vec![
///     Comment { id: "1".into(), author: Some("Kai".into()), text: "Wann kommt Glasfaser?".into(), ..Comment::default() },
///     Comment { id: "2".into(), parent_id: Some("1".into()), author: Some("Gast".into()), text: "Nie.".into(), ..Comment::default() },
/// ];
/// let corpus = Corpus { threads: vec![Thread::assemble(post, comments).unwrap()] };
/// let (total, threads) = corpus_stats(&corpus, &StatsOptions::default());
/// assert_eq!((total.comments, total.participants, total.anonymous_comments), (2, 2, 1));
/// assert_eq!(threads[0].max_depth, 2);
/// ```
pub fn corpus_stats(corpus: &Corpus, opts: &StatsOptions) -> (CorpusStats, Vec<ThreadStats>) {
    ThreadsPartial::of_corpus(corpus, opts).finish()
}

/// The thread statistics of a shard of a corpus, to be merged with those of other shards:
/// each thread's statistics and the corpus accumulator. Written by `korpus threads
/// --save-partial` and combined by `korpus merge`. The partials of consecutive shards,
/// merged in order, finish into exactly the result of one run over all of them.
///
/// ```
/// use korpus::{Comment, Corpus, Post, Thread};
/// use korpus::threads::{corpus_stats, StatsOptions, ThreadsPartial};
/// let thread = |id: &str, antworten: &[&str]| Thread {
///     post: Post { id: id.into(), text: "Der Haushalt ist beschlossen.".into(), ..Post::default() },
///     comments: antworten
///         .iter()
///         .enumerate()
///         .map(|(i, t)| Comment { id: i.to_string(), text: t.to_string(), ..Comment::default() })
///         .collect(),
/// };
/// let opts = StatsOptions::default();
/// let teil1 = Corpus { threads: vec![thread("a", &["Endlich!", "Zu spät."])] };
/// let teil2 = Corpus { threads: vec![thread("b", &["Wer zahlt das?"])] };
/// let mut merged = ThreadsPartial::of_corpus(&teil1, &opts);
/// merged.merge(ThreadsPartial::of_corpus(&teil2, &opts))?;
/// let ganz = Corpus { threads: [teil1.threads, teil2.threads].concat() };
/// assert_eq!(merged.finish(), corpus_stats(&ganz, &opts));
/// # Ok::<(), korpus::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ThreadsPartial {
    /// The options the statistics were computed with; only equal settings merge.
    pub settings: String,
    /// The statistics of each thread, in input order.
    pub threads: Vec<ThreadStats>,
    /// The corpus sums and samples.
    pub corpus: CorpusAccumulator,
}

impl ThreadsPartial {
    /// The statistics of the threads of `corpus` (computed in parallel with rayon).
    pub fn of_corpus(corpus: &Corpus, opts: &StatsOptions) -> ThreadsPartial {
        let results: Vec<(ThreadStats, Samples)> = corpus
            .threads
            .par_iter()
            .map(|t| analyse(t, opts))
            .collect();
        let mut acc = CorpusAccumulator::default();
        let mut threads = Vec::with_capacity(results.len());
        for (stats, samples) in results {
            acc.add(&stats, samples);
            threads.push(stats);
        }
        ThreadsPartial {
            settings: format!("{opts:?}"),
            threads,
            corpus: acc,
        }
    }

    /// Appends the threads of `other` (a later shard) and adds up the corpus figures. Fails
    /// when the settings differ.
    pub fn merge(&mut self, other: ThreadsPartial) -> crate::Result<()> {
        if self.threads.is_empty() && self.settings.is_empty() {
            *self = other;
            return Ok(());
        }
        if self.settings != other.settings {
            return Err(crate::Error::usage(format!(
                "cannot merge thread statistics made with different settings ({} vs {})",
                self.settings, other.settings
            )));
        }
        self.threads.extend(other.threads);
        self.corpus.merge(other.corpus);
        Ok(())
    }

    /// The corpus statistics and the statistics of each thread.
    pub fn finish(self) -> (CorpusStats, Vec<ThreadStats>) {
        (self.corpus.finish(), self.threads)
    }
}
