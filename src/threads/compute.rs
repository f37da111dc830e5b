//! The per-thread computation (see the [module docs](super) for the definitions).

use super::measures::{cosine, gini, mean, median, mtld, quantile_sorted};
use super::text;
use super::{StatsOptions, ThreadStats};
use crate::stem::StemmerKind;
use crate::terms::keyterms::{Against, Extractor, KeytermOptions, TermCounts};
use crate::tokenize::Token;
use crate::Thread;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Mutex, OnceLock};

/// Raw samples of one thread that corpus-level medians and percentiles are computed from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Samples {
    /// Reply latencies (seconds), counted ones only.
    pub latencies: Vec<f64>,
    /// Tokens per comment.
    pub tokens: Vec<f64>,
    /// Comment counts of the named authors (identity key, count).
    pub authors: Vec<(String, u64)>,
    /// Σ depth over the comments.
    pub depth_sum: u64,
    /// Comments that have at least one reply.
    pub parents: usize,
    /// Comments of this thread when it has an owner (else 0).
    pub owned_comments: usize,
}

/// Per-comment facts shared by the thread and author computations.
pub(crate) struct Facts {
    /// Author id per comment (index into `names`), `None` when anonymous.
    pub author: Vec<Option<u32>>,
    /// Identity keys of the named authors, by id.
    pub names: Vec<String>,
    /// Parent index (a valid comment index other than the comment itself), or `None`.
    pub parent: Vec<Option<usize>>,
    /// Number of replies of each comment.
    pub child_count: Vec<u32>,
    /// Comments in an order where every parent comes before its replies (breadth first);
    /// comments not reachable from the post (only in hand-built threads with a cycle) last.
    pub order: Vec<usize>,
    /// Depth of every comment.
    pub depth: Vec<u32>,
    /// The owner's author id, when the post author is named and wrote a comment; the owner's
    /// key is in `owner_key` either way.
    pub owner: Option<u32>,
    /// The owner's identity key.
    pub owner_key: Option<String>,
}

impl Facts {
    pub(crate) fn new(thread: &Thread, opts: &StatsOptions) -> Facts {
        let n = thread.comments.len();
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut names = Vec::new();
        // Keys are computed once per distinct raw author string.
        let mut raw: HashMap<Option<&str>, Option<u32>> = HashMap::new();
        let author: Vec<Option<u32>> = thread
            .comments
            .iter()
            .map(|c| {
                *raw.entry(c.author.as_deref()).or_insert_with(|| {
                    opts.author_key(c.author.as_deref()).map(|k| {
                        let next = names.len() as u32;
                        *ids.entry(k).or_insert_with_key(|k| {
                            names.push(k.clone());
                            next
                        })
                    })
                })
            })
            .collect();
        let parent: Vec<Option<usize>> = thread
            .comments
            .iter()
            .enumerate()
            .map(|(i, c)| c.parent.filter(|&p| p < n && p != i))
            .collect();
        let mut child_count = vec![0u32; n];
        for p in parent.iter().flatten() {
            child_count[*p] += 1;
        }
        let children = thread.children();
        let mut order = Vec::with_capacity(n);
        let mut seen = vec![false; n];
        let mut queue: VecDeque<usize> = children.of_post().iter().copied().collect();
        while let Some(i) = queue.pop_front() {
            if i >= n || seen[i] {
                continue;
            }
            seen[i] = true;
            order.push(i);
            queue.extend(
                children
                    .of(i)
                    .iter()
                    .copied()
                    .filter(|&j| parent[j] == Some(i)),
            );
        }
        order.extend((0..n).filter(|&i| !seen[i]));
        let owner_key = opts.author_key(thread.post.author.as_deref());
        let owner = owner_key.as_ref().and_then(|k| ids.get(k).copied());
        Facts {
            author,
            names,
            parent,
            child_count,
            order,
            depth: thread.depths(),
            owner,
            owner_key,
        }
    }

    /// True when comment `i` was written by the owner.
    pub(crate) fn by_owner(&self, i: usize) -> bool {
        self.owner.is_some() && self.author[i] == self.owner
    }

    /// The named author of comment `i`'s parent comment and the comment's own, when both are
    /// named and different: a reply between two people.
    pub(crate) fn reply_between(&self, i: usize) -> Option<(u32, u32)> {
        let p = self.parent[i]?;
        match (self.author[i], self.author[p]) {
            (Some(a), Some(b)) if a != b => Some((a, b)),
            _ => None,
        }
    }
}

fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// Reply latency of comment `i` in seconds (parent comment's or post's date), when both
/// dates are known.
pub(crate) fn latency(thread: &Thread, facts: &Facts, i: usize) -> Option<f64> {
    let own = thread.comments[i].date.as_ref()?.millis()?;
    let parent = match facts.parent[i] {
        Some(p) => thread.comments[p].date.as_ref()?.millis()?,
        None => thread.post.date.as_ref()?.millis()?,
    };
    Some((own - parent) as f64 / 1000.0)
}

/// Computes the statistics of one thread (see the [module docs](super) for every
/// definition). Linear in the number of comments (plus the text), no recursion.
pub fn thread_stats(thread: &Thread, opts: &StatsOptions) -> ThreadStats {
    analyse(thread, opts).0
}

pub(crate) fn analyse(thread: &Thread, opts: &StatsOptions) -> (ThreadStats, Samples) {
    let f = Facts::new(thread, opts);
    let n = thread.comments.len();
    let mut s = ThreadStats {
        id: thread.post.id.clone(),
        title: thread.post.title.clone(),
        comments: n,
        orphans: thread.orphans(),
        cycles_broken: thread.cycles_broken(),
        ..ThreadStats::default()
    };
    let mut samples = Samples::default();
    s.top_level = f.parent.iter().filter(|p| p.is_none()).count();
    s.replies = n - s.top_level;

    // People.
    let mut counts = vec![0u64; f.names.len()];
    for a in f.author.iter().flatten() {
        counts[*a as usize] += 1;
    }
    s.named_participants = f.names.len();
    s.anonymous_comments = f.author.iter().filter(|a| a.is_none()).count();
    let mut groups = counts.clone();
    if s.anonymous_comments > 0 {
        groups.push(s.anonymous_comments as u64);
    }
    s.participants = groups.len();
    s.max_comments_per_participant = groups.iter().copied().max().unwrap_or(0) as usize;
    s.gini_comments = gini(&groups);
    samples.authors = f
        .names
        .iter()
        .cloned()
        .zip(counts.iter().copied())
        .collect();

    // Owner.
    if f.owner_key.is_some() {
        s.owner = thread.post.author.as_ref().map(|a| a.trim().to_string());
        s.owner_comments = (0..n).filter(|&i| f.by_owner(i)).count();
        s.owner_share = ratio(s.owner_comments, n);
        let mut answered = vec![false; n];
        for i in 0..n {
            if let Some(p) = f.parent[i] {
                answered[p] |= f.by_owner(i);
            }
        }
        let others_top: Vec<usize> = (0..n)
            .filter(|&i| f.parent[i].is_none() && !f.by_owner(i))
            .collect();
        s.owner_answered_share = ratio(
            others_top.iter().filter(|&&i| answered[i]).count(),
            others_top.len(),
        );
        let mut owner_lat: Vec<f64> = (0..n)
            .filter(|&i| f.by_owner(i) && f.parent[i].is_some_and(|p| !f.by_owner(p)))
            .filter_map(|i| latency(thread, &f, i))
            .filter(|&l| l >= 0.0)
            .collect();
        s.owner_latency_median_s = median(&mut owner_lat);
        samples.owned_comments = n;
    }

    // Tree shape.
    let mut per_depth: HashMap<u32, usize> = HashMap::new();
    for &d in &f.depth {
        *per_depth.entry(d).or_default() += 1;
        samples.depth_sum += u64::from(d);
    }
    s.max_depth = f.depth.iter().copied().max().unwrap_or(0);
    s.mean_depth = if n > 0 {
        samples.depth_sum as f64 / n as f64
    } else {
        0.0
    };
    s.width = per_depth.values().copied().max().unwrap_or(0);
    samples.parents = f.child_count.iter().filter(|&&c| c > 0).count();
    s.mean_branching = ratio(s.replies, samples.parents);
    s.leaves = n - samples.parents;
    s.root_dominance = ratio(s.top_level, n);
    let mut chain = vec![0usize; n];
    let mut exchange = vec![0usize; n];
    for &i in &f.order {
        chain[i] = match f.parent[i] {
            Some(p) if f.child_count[p] == 1 => chain[p] + 1,
            _ => 1,
        };
        exchange[i] = match (f.reply_between(i), f.parent[i]) {
            (Some((a, _)), Some(p)) => {
                // Continue the parent's exchange when it was between the same two people.
                let continues =
                    exchange[p] >= 2 && f.parent[p].is_some_and(|pp| f.author[pp] == Some(a));
                if continues {
                    exchange[p] + 1
                } else {
                    2
                }
            }
            _ => 0,
        };
    }
    s.longest_chain = chain.iter().copied().max().unwrap_or(0);
    s.longest_exchange = exchange.iter().copied().max().unwrap_or(0);

    // Exchange.
    let mut directed: HashSet<(u32, u32)> = HashSet::new();
    for i in 0..n {
        if let Some(pair) = f.reply_between(i) {
            s.reply_edges += 1;
            directed.insert(pair);
        }
        if let (Some(p), Some(a)) = (f.parent[i], f.author[i]) {
            s.self_replies += usize::from(f.author[p] == Some(a));
        }
    }
    for &(a, b) in &directed {
        if a < b || !directed.contains(&(b, a)) {
            s.reply_pairs += 1;
        }
        if a < b && directed.contains(&(b, a)) {
            s.reciprocal_pairs += 1;
        }
    }
    s.reciprocity = ratio(s.reciprocal_pairs, s.reply_pairs);
    let millis: Vec<Option<i64>> = thread
        .comments
        .iter()
        .map(|c| c.date.as_ref().and_then(|d| d.millis()))
        .collect();
    let mut time_order: Vec<usize> = (0..n).collect();
    if millis.iter().all(Option::is_some) {
        time_order.sort_by_key(|&i| millis[i]);
    }
    let mut run = 0usize;
    let mut last: Option<u32> = None;
    for &i in &time_order {
        match f.author[i] {
            Some(a) if last == Some(a) => run += 1,
            Some(_) => run = 1,
            None => run = 0,
        }
        last = f.author[i];
        s.same_author_runs += usize::from(run == 2);
        s.longest_same_author_run = s.longest_same_author_run.max(run);
    }

    // Time.
    s.dated_comments = millis.iter().flatten().count();
    s.undated_comments = n - s.dated_comments;
    let post_ms = thread.post.date.as_ref().and_then(|d| d.millis());
    let first = millis.iter().flatten().min().copied();
    let last_ms = millis.iter().flatten().max().copied();
    if let (Some(first), Some(last_ms)) = (first, last_ms) {
        let start = post_ms.map_or(first, |p| p.min(first));
        let end = post_ms.map_or(last_ms, |p| p.max(last_ms));
        let life = (end - start) as f64 / 1000.0;
        s.lifetime_s = Some(life);
        s.comments_per_day = Some(s.dated_comments as f64 / (life / 86_400.0).max(1.0));
        s.first_comment_after_s = post_ms.map(|p| (first - p) as f64 / 1000.0);
    }
    for i in 0..n {
        match latency(thread, &f, i) {
            Some(l) if l >= 0.0 => samples.latencies.push(l),
            Some(_) => s.negative_latencies += 1,
            None => {}
        }
    }
    s.latency_count = samples.latencies.len();
    samples.latencies.sort_by(f64::total_cmp);
    s.latency_median_s = quantile_sorted(&samples.latencies, 0.5);
    s.latency_p90_s = quantile_sorted(&samples.latencies, 0.9);

    if opts.language || opts.drift {
        // Tokenize every comment once for both.
        let tokens = CommentTokens::new(thread);
        if opts.language {
            language(&tokens, opts, &mut s, &mut samples);
        }
        if opts.drift {
            drift(thread, &tokens, opts, &mut s);
        }
    }
    (s, samples)
}

/// The tokens of every comment: one flat vector, `ends[i]` the end of comment `i`'s tokens.
struct CommentTokens<'a> {
    flat: Vec<Token<'a>>,
    ends: Vec<usize>,
}

impl<'a> CommentTokens<'a> {
    fn new(thread: &'a Thread) -> CommentTokens<'a> {
        let mut flat = Vec::new();
        let ends = thread
            .comments
            .iter()
            .map(|c| {
                text::tokenize_append(&c.text, &mut flat);
                flat.len()
            })
            .collect();
        CommentTokens { flat, ends }
    }

    /// The tokens of comment `i`.
    fn of(&self, i: usize) -> &[Token<'a>] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.flat[start..self.ends[i]]
    }
}

fn language(
    tokens: &CommentTokens,
    opts: &StatsOptions,
    s: &mut ThreadStats,
    samples: &mut Samples,
) {
    // Lower-cased word → id; each distinct surface word is lower-cased once.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut by_surface: HashMap<&str, u32> = HashMap::new();
    let mut stream: Vec<u32> = Vec::new();
    for i in 0..tokens.ends.len() {
        let toks = tokens.of(i);
        let before = stream.len();
        for t in toks.iter().filter(|t| t.kind.is_word_like()) {
            let id = *by_surface.entry(t.text).or_insert_with(|| {
                let next = ids.len() as u32;
                *ids.entry(text::lower(t.text)).or_insert(next)
            });
            stream.push(id);
        }
        samples.tokens.push((stream.len() - before) as f64);
        let q = text::questions(toks);
        s.questions += q;
        s.question_comments += usize::from(q > 0);
        s.addressing_comments += usize::from(text::addresses_someone(toks));
    }
    s.tokens = stream.len();
    s.tokens_mean = mean(&samples.tokens);
    s.tokens_median = median(&mut samples.tokens.clone());
    s.ttr = ratio(ids.len(), stream.len());
    s.mtld = mtld(&stream, opts.mtld_threshold);
}

/// The drift terms of one thread, interned: each distinct surface word is looked at
/// (stopword-checked, stemmed through the cache) once.
struct Terms<'a> {
    maker: text::TermMaker,
    /// Surface word → term id (`None`: not a term).
    cache: HashMap<&'a str, Option<u32>>,
    term_ids: HashMap<String, u32>,
    terms: Vec<String>,
}

impl<'a> Terms<'a> {
    fn id(&mut self, token: &Token<'a>) -> Option<u32> {
        if let Some(&id) = self.cache.get(token.text) {
            return id;
        }
        let id = if text::is_term(token) {
            let term = self.maker.term(token.text);
            let next = self.terms.len() as u32;
            Some(*self.term_ids.entry(term).or_insert_with_key(|k| {
                self.terms.push(k.clone());
                next
            }))
        } else {
            None
        };
        self.cache.insert(token.text, id);
        id
    }

    /// Adds the terms among `tokens` to `counts` (indexed by term id).
    fn count<'t>(&mut self, tokens: impl IntoIterator<Item = &'t Token<'a>>, counts: &mut Vec<u64>)
    where
        'a: 't,
    {
        for t in tokens {
            if let Some(id) = self.id(t) {
                let id = id as usize;
                if counts.len() <= id {
                    counts.resize(id + 1, 0);
                }
                counts[id] += 1;
            }
        }
    }

    /// The counts as a map from term to count (non-zero entries only).
    fn map(&self, counts: &[u64]) -> HashMap<String, u64> {
        counts
            .iter()
            .enumerate()
            .filter(|(_, &c)| c > 0)
            .map(|(i, &c)| (self.terms[i].clone(), c))
            .collect()
    }
}

fn drift<'a>(
    thread: &'a Thread,
    tokens: &CommentTokens<'a>,
    opts: &StatsOptions,
    s: &mut ThreadStats,
) {
    let mut terms = Terms {
        maker: text::TermMaker::new(opts.stemmer),
        cache: HashMap::new(),
        term_ids: HashMap::new(),
        terms: Vec::new(),
    };
    let mut post_tokens = Vec::new();
    text::tokenize_append(&thread.post.text, &mut post_tokens);
    let mut post = Vec::new();
    terms.count(post_tokens.iter(), &mut post);
    let mut comments = Vec::new();
    terms.count(tokens.flat.iter(), &mut comments);
    s.drift_cosine = cosine(&terms.map(&post), &terms.map(&comments));
    if post.iter().all(|&n| n == 0) || opts.drift_terms == 0 {
        return;
    }
    let ex = drift_extractor(opts.stemmer.unwrap_or_default());
    let post = ex.count(thread.post.title.as_deref(), &thread.post.text);
    let mut comments = TermCounts::default();
    for c in &thread.comments {
        ex.add_text(&mut comments, &c.text);
    }
    let against = Against {
        list: ex.has_reference(),
        rest: Some(&post),
        df: None,
    };
    s.drift_terms = ex
        .rank(&comments, against, opts.drift_terms)
        .into_iter()
        .map(|k| k.term)
        .collect();
}

/// The keyterm extractor of the drift terms for a stemmer, built once per process (it
/// stems the shipped reference list).
fn drift_extractor(stemmer: StemmerKind) -> &'static Extractor {
    static CACHE: OnceLock<Mutex<Vec<(StemmerKind, &'static Extractor)>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(Vec::new()));
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, ex)) = cache.iter().find(|(k, _)| *k == stemmer) {
        return ex;
    }
    let ex: &'static Extractor = Box::leak(Box::new(Extractor::new(KeytermOptions {
        stemmer,
        min_count: 2,
        ..KeytermOptions::default()
    })));
    cache.push((stemmer, ex));
    ex
}
