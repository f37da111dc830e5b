//! Discussion statistics of comment threads: per thread ([`thread_stats`]), per participant
//! ([`author_stats`]) and for a whole corpus ([`corpus_stats`]), with every formula written
//! down here.
//!
//! ```
//! use korpus::{Comment, Post, Thread};
//! use korpus::threads::{thread_stats, StatsOptions};
//!
//! let c = |id: &str, parent: Option<&str>, author: &str, text: &str| Comment {
//!     id: id.into(),
//!     parent_id: parent.map(String::from),
//!     author: Some(author.into()),
//!     text: text.into(),
//!     ..Comment::default()
//! };
//! let post = Post {
//!     id: "p".into(),
//!     author: Some("Ratsfrau".into()),
//!     text: "Die Wirtschaftsförderung muss digital werden.".into(),
//!     ..Post::default()
//! };
//! let thread = Thread::assemble(post, vec![
//!     c("1", None, "Bürger", "Und wer bezahlt das?"),
//!     c("2", Some("1"), "Ratsfrau", "@Bürger Der Haushalt."),
//!     c("3", Some("2"), "Bürger", "Wieder Bertelsmann?"),
//! ]).unwrap();
//! let s = thread_stats(&thread, &StatsOptions::default());
//! assert_eq!((s.comments, s.participants, s.max_depth), (3, 2, 3));
//! assert_eq!(s.mean_depth, 2.0);
//! assert_eq!(s.owner_share, Some(1.0 / 3.0));
//! assert_eq!((s.reciprocal_pairs, s.longest_exchange, s.questions), (1, 3, 2));
//! ```
//!
//! # Definitions
//!
//! Throughout, *n* is the number of comments of a thread. The post has depth 0, a comment
//! replying to the post depth 1, a reply to a depth-*d* comment depth *d* + 1. Orphans
//! (parent not found) and comments whose parent link closed a cycle were attached to the post
//! by the reader, so they count as top-level comments (depth 1); their numbers are reported
//! (`orphans`, `cycles_broken`). Every tree walk is iterative and linear: a reply chain
//! 100,000 deep is as safe as a flat thread. A ratio whose base is empty is `None` (JSON
//! `null`, an empty CSV cell), never NaN.
//!
//! ## Size and people
//! - `comments` = *n*; `top_level` = comments replying to the post; `replies` = *n* −
//!   `top_level`.
//! - **Author identity**: the author name, trimmed and lower-cased (full Unicode case
//!   mapping). A comment is *anonymous* when the author is missing, empty, or one of
//!   [`StatsOptions::anonymous`] (compared the same way; default `anonym`, `anonymous`,
//!   `anonymus`, `anonymer`, `gast`, `guest`, `unbekannt`, `unknown`).
//! - `named_participants` = distinct named authors; `anonymous_comments` = anonymous
//!   comments; `participants` = `named_participants` + 1 when there is any anonymous comment
//!   (all anonymous comments form one group).
//! - `max_comments_per_participant` and `gini_comments`: over the comment counts of the
//!   participants (the anonymous group as one). **Gini**: with counts sorted ascending
//!   `x_1 ≤ … ≤ x_k`, `G = 2·Σ i·x_i / (k·Σ x_i) − (k + 1)/k` (0: everyone wrote equally
//!   much; (k − 1)/k: one participant wrote everything).
//! - **Owner** = the post's author (same identity rule; an anonymous or missing post author
//!   means there is no owner, and every `owner_*` ratio is `None`). `owner_comments`:
//!   comments by the owner; `owner_share` = `owner_comments` / *n*; `owner_answered_share`
//!   = of the top-level comments not written by the owner, the share that has at least one
//!   direct reply by the owner; `owner_latency_median_s` = median reply latency (below) of
//!   the owner's replies to comments by others.
//!
//! ## Tree shape
//! - `max_depth` (0 without comments); `mean_depth` = Σ depth / *n* (0 without comments);
//!   `width` = the largest number of comments on one depth.
//! - `mean_branching` = replies to comments / comments that have at least one reply (the
//!   post is not counted); `leaves` = comments without replies.
//! - `longest_chain` = the longest unbranched reply chain: the most comments
//!   `c_1 → c_2 → … → c_k`, each `c_{j+1}` replying to `c_j` *and being its only reply*
//!   (a linear stretch of discussion; a single comment is a chain of 1). The longest path
//!   with branching allowed is `max_depth`.
//! - `root_dominance` = `top_level` / *n*.
//!
//! ## Exchange (only replies to comments, between named authors)
//! - `reply_edges`: replies whose author and whose parent's author are named and different.
//! - `reply_pairs`: distinct unordered author pairs {A, B} with at least one reply between
//!   them; `reciprocal_pairs`: those with replies in both directions (A → B and B → A);
//!   **reciprocity** = `reciprocal_pairs` / `reply_pairs`.
//! - `longest_exchange`: the longest back-and-forth, the most comments on a reply path whose
//!   authors alternate between two named authors A, B, A, B, … (0 when there is no reply
//!   between two named authors; a single such reply is 2).
//! - `self_replies`: replies to one's own comment (named authors).
//! - Runs: comments in time order (by date when every comment has a parsable date, ties and
//!   otherwise in input order); a run is a maximal sequence of consecutive comments by the
//!   same named author. `same_author_runs` = runs of 2 or more comments;
//!   `longest_same_author_run` = the longest run (0 without named comments).
//!
//! ## Time (comments and posts with a parsable date)
//! - `dated_comments`, `undated_comments` (missing or unparsable dates): the counted base.
//! - `lifetime_s` = latest − earliest date among the post and its comments, in seconds
//!   (`None` without a dated comment); `comments_per_day` = `dated_comments` /
//!   max(lifetime in days, 1) (a thread living less than a day counts as one day).
//! - **Reply latency** of a comment = its date − its parent's date (the post's date for a
//!   top-level comment), in seconds, when both are dated. A negative latency (clock or data
//!   error) is not counted but reported in `negative_latencies`; `latency_count` is the
//!   base of `latency_median_s` and `latency_p90_s`.
//! - **Percentiles** (median = 50th, p90): linear interpolation between closest ranks
//!   (Hyndman & Fan type 7, as R and NumPy by default): sorted values `x_0 … x_{m−1}`,
//!   `h = (m − 1)·p`, `Q(p) = x_⌊h⌋ + (h − ⌊h⌋)·(x_{⌊h⌋+1} − x_⌊h⌋)`.
//! - `first_comment_after_s` = earliest comment date − post date (needs both).
//!
//! ## Language (when [`StatsOptions::language`] is on)
//! - Tokens: the word-like tokens of the comment text by [`crate::tokenize::Tokenizer`]
//!   (EmpiriST rules; words, numbers, abbreviations, URLs, mentions, hashtags — punctuation,
//!   emoticons and emoji dropped). `tokens` = all tokens of the thread; `tokens_median`,
//!   `tokens_mean` = median and mean tokens per comment.
//! - `ttr` = distinct lower-cased tokens / tokens, over all comments of the thread.
//! - **MTLD** (McCarthy & Jarvis 2010), over the lower-cased tokens of all comments in input
//!   order: a pass keeps the TTR of the current segment; when it falls to the threshold
//!   ([`StatsOptions::mtld_threshold`], 0.72) or below, a factor is complete and a new
//!   segment starts; a final incomplete segment with TTR *r* adds `(1 − r)/(1 − 0.72)`
//!   factors; the pass's value is tokens / factors. MTLD = mean of the forward and the
//!   backward pass; `None` when no factor forms (every token distinct).
//! - `questions` = sentences of the tokenizer whose last token (closing quotes and brackets
//!   skipped) is punctuation containing `?` (`?`, `?!`, `???`); `question_comments` =
//!   comments with at least one.
//! - `addressing_comments` = comments with an `@mention` token (e-mail addresses are not
//!   mentions) or beginning with a greeting (`Hallo`, `Hi`, `Hey`, `Moin`, `Servus`,
//!   `Liebe(r)`, `Werte(r)`, `Sehr geehrte(r)`, `Danke`) followed by a capitalised word.
//!
//! ## Topic drift (when [`StatsOptions::drift`] is on)
//! - Terms: word tokens (kind `word`) with at least one letter, without the stopwords of
//!   [`crate::normalize::Stopwords::german`], through the stemmer of
//!   [`StatsOptions::stemmer`] (default CISTEM, which sees the word as written; each
//!   distinct word is stemmed once per thread through a [`crate::stem::StemCache`]); without
//!   a stemmer, the lower-cased words. The post's term vector counts the terms of the post
//!   text; the comments' vector those of all comments.
//! - `drift_cosine` = **cosine similarity** of the two count vectors,
//!   `Σ_t p_t·c_t / (‖p‖·‖c‖)` (1: same term distribution; 0: no term in common; `None`
//!   when the post or the comments have no terms, e.g. a synthetic post without text).
//! - `drift_terms`: the [`StatsOptions::drift_terms`] keyterms of the comments against the
//!   post ([`crate::terms::keyterms`], ranked as by `korpus keyterms --by part`): terms seen
//!   at least twice in the comments, without greetings, names in salutations and platform
//!   furniture, over-represented by G² against both the post and the shipped German
//!   reference list, ranked by G² against the list weighted towards nouns; inflections are
//!   grouped by the stemmer of [`StatsOptions::stemmer`] (CISTEM without one), derivations
//!   by [`crate::terms::family`] (`Filzes` and `Verfilzung` are one term, seen twice). Each
//!   term is shown by its most frequent form.
//!
//! ## Corpus level
//! [`CorpusStats`] sums the counts of all threads, takes maxima of maxima, and recomputes
//! every ratio from the summed counts (e.g. `reciprocity` = Σ reciprocal pairs / Σ reply
//! pairs, `mean_depth` over all comments); medians and percentiles come from the merged
//! samples (all latencies, all per-comment token counts). Participants are distinct over the
//! whole corpus. The accumulator ([`CorpusAccumulator`]) merges, so shards give the same
//! answer as one run.

mod authors;
mod compute;
mod corpus;
mod measures;
mod output;
mod text;

pub use authors::{author_stats, AuthorStats};
pub use compute::thread_stats;
pub use corpus::{corpus_stats, CorpusAccumulator, CorpusStats, ThreadsPartial};
pub use output::{
    write_authors_json, write_authors_table, write_delimited, write_json, write_summary,
    write_table,
};

use crate::stem::StemmerKind;
use serde::{Deserialize, Serialize};

/// What to compute, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsOptions {
    /// Author names that mean "anonymous" (compared trimmed and lower-cased; an empty or
    /// missing author is always anonymous).
    pub anonymous: Vec<String>,
    /// Compute the language metrics (tokens, TTR, MTLD, questions, addressing).
    pub language: bool,
    /// Compute the topic drift metrics (cosine, over-represented terms).
    pub drift: bool,
    /// How many over-represented terms to report per thread.
    pub drift_terms: usize,
    /// The stemmer of the drift terms (default CISTEM); `None`: lower-cased words.
    pub stemmer: Option<StemmerKind>,
    /// The MTLD factor threshold (McCarthy & Jarvis 2010: 0.72).
    pub mtld_threshold: f64,
}

impl Default for StatsOptions {
    fn default() -> Self {
        StatsOptions {
            anonymous: [
                "anonym",
                "anonymous",
                "anonymus",
                "anonymer",
                "gast",
                "guest",
                "unbekannt",
                "unknown",
            ]
            .map(String::from)
            .to_vec(),
            language: true,
            drift: true,
            drift_terms: 10,
            stemmer: Some(StemmerKind::Cistem),
            mtld_threshold: 0.72,
        }
    }
}

impl StatsOptions {
    /// The identity of an author: trimmed and lower-cased, or `None` when anonymous.
    ///
    /// ```
    /// use korpus::threads::StatsOptions;
    /// let o = StatsOptions::default();
    /// assert_eq!(o.author_key(Some(" Ratsfrau ")), Some("ratsfrau".to_string()));
    /// assert_eq!(o.author_key(Some("Gast")), None);
    /// assert_eq!(o.author_key(Some("")), None);
    /// ```
    pub fn author_key(&self, author: Option<&str>) -> Option<String> {
        let key = author?.trim().to_lowercase();
        // Compared without allocating: this runs once per comment and list entry.
        let anonymous = |a: &String| {
            a.trim()
                .chars()
                .flat_map(char::to_lowercase)
                .eq(key.chars())
        };
        if key.is_empty() || self.anonymous.iter().any(anonymous) {
            None
        } else {
            Some(key)
        }
    }
}

/// The statistics of one thread; field names are the metric names of the module docs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ThreadStats {
    /// The thread's (post's) id.
    pub id: String,
    /// The post's title, when known.
    pub title: Option<String>,
    /// Number of comments.
    pub comments: usize,
    /// Comments replying to the post (orphans and cut cycles included).
    pub top_level: usize,
    /// Comments replying to a comment.
    pub replies: usize,
    /// Comments whose parent was not found (attached to the post).
    pub orphans: usize,
    /// Comments whose parent link was cut to break a cycle.
    pub cycles_broken: usize,
    /// Distinct named authors, plus one for the anonymous group when present.
    pub participants: usize,
    /// Distinct named authors.
    pub named_participants: usize,
    /// Comments without a (named) author.
    pub anonymous_comments: usize,
    /// Most comments written by one participant (the anonymous group as one).
    pub max_comments_per_participant: usize,
    /// Gini coefficient of the participants' comment counts.
    pub gini_comments: Option<f64>,
    /// The post's author (the owner), as given, when named.
    pub owner: Option<String>,
    /// Comments by the owner.
    pub owner_comments: usize,
    /// `owner_comments / comments`.
    pub owner_share: Option<f64>,
    /// Share of the others' top-level comments with a direct reply by the owner.
    pub owner_answered_share: Option<f64>,
    /// Median latency (seconds) of the owner's replies to others' comments.
    pub owner_latency_median_s: Option<f64>,
    /// Deepest comment (post = 0, top-level comment = 1).
    pub max_depth: u32,
    /// Mean depth of the comments (0 without comments).
    pub mean_depth: f64,
    /// Most comments on one depth.
    pub width: usize,
    /// Replies to comments per comment that has replies.
    pub mean_branching: Option<f64>,
    /// Comments without replies.
    pub leaves: usize,
    /// Longest unbranched reply chain (comments).
    pub longest_chain: usize,
    /// `top_level / comments`.
    pub root_dominance: Option<f64>,
    /// Replies between two different named authors.
    pub reply_edges: usize,
    /// Distinct unordered author pairs with a reply between them.
    pub reply_pairs: usize,
    /// Pairs with replies in both directions.
    pub reciprocal_pairs: usize,
    /// `reciprocal_pairs / reply_pairs`.
    pub reciprocity: Option<f64>,
    /// Longest reply path alternating between two named authors (comments).
    pub longest_exchange: usize,
    /// Runs of two or more consecutive comments by the same named author.
    pub same_author_runs: usize,
    /// Longest run of consecutive comments by one named author.
    pub longest_same_author_run: usize,
    /// Replies to one's own comment.
    pub self_replies: usize,
    /// Comments with a parsable date.
    pub dated_comments: usize,
    /// Comments with a missing or unparsable date.
    pub undated_comments: usize,
    /// Latest − earliest date of post and comments (seconds).
    pub lifetime_s: Option<f64>,
    /// Dated comments per day of lifetime (at least one day).
    pub comments_per_day: Option<f64>,
    /// Reply latencies counted (both dates known, not negative).
    pub latency_count: usize,
    /// Reply latencies left out because negative.
    pub negative_latencies: usize,
    /// Median reply latency (seconds).
    pub latency_median_s: Option<f64>,
    /// 90th percentile of the reply latency (seconds).
    pub latency_p90_s: Option<f64>,
    /// Earliest comment date − post date (seconds).
    pub first_comment_after_s: Option<f64>,
    /// Word tokens in all comments.
    pub tokens: usize,
    /// Median tokens per comment.
    pub tokens_median: Option<f64>,
    /// Mean tokens per comment.
    pub tokens_mean: Option<f64>,
    /// Type-token ratio over all comments (lower-cased).
    pub ttr: Option<f64>,
    /// MTLD over all comments (bidirectional, threshold 0.72).
    pub mtld: Option<f64>,
    /// Sentences ending in `?`.
    pub questions: usize,
    /// Comments with at least one question.
    pub question_comments: usize,
    /// Comments addressing someone (`@Name`, `Hallo Name`).
    pub addressing_comments: usize,
    /// Cosine similarity of the post's and the comments' term vectors.
    pub drift_cosine: Option<f64>,
    /// Terms most over-represented in the comments against the post (G²).
    pub drift_terms: Vec<String>,
}
