//! Output of the statistics: a readable table, JSON, and CSV/TSV (one row per thread or
//! author, the metric names as the header).

use super::{AuthorStats, CorpusStats, ThreadStats};
use serde::Serialize;
use serde_json::{json, Value};
use std::io::{self, Write};

/// A ratio or mean, with `-` for none.
fn num(x: Option<f64>, decimals: usize) -> String {
    match x {
        Some(v) => format!("{v:.decimals$}"),
        None => "-".to_string(),
    }
}

/// A duration in seconds in readable units (`-` for none).
fn duration(s: Option<f64>) -> String {
    match s {
        None => "-".to_string(),
        Some(s) if s.abs() < 60.0 => format!("{s:.0} s"),
        Some(s) if s.abs() < 3_600.0 => format!("{:.1} min", s / 60.0),
        Some(s) if s.abs() < 86_400.0 => format!("{:.1} h", s / 3_600.0),
        Some(s) => format!("{:.1} d", s / 86_400.0),
    }
}

/// At most `n` characters of `s`, with `…` when cut.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Writes a readable summary: the corpus figures, then one line per thread.
///
/// ```
/// use korpus::{Corpus, Post, Thread};
/// use korpus::threads::{corpus_stats, write_table, StatsOptions};
/// let post = Post { id: "haushalt-2019".into(), ..Post::default() };
/// let corpus = Corpus { threads: vec![Thread { post, comments: vec![] }] };
/// let (c, t) = corpus_stats(&corpus, &StatsOptions::default());
/// let mut out = Vec::new();
/// write_table(&mut out, &c, &t).unwrap();
/// assert!(String::from_utf8(out).unwrap().contains("haushalt-2019"));
/// ```
pub fn write_table(
    w: &mut dyn Write,
    corpus: &CorpusStats,
    threads: &[ThreadStats],
) -> io::Result<()> {
    let c = corpus;
    writeln!(w, "Corpus")?;
    let rows: Vec<(&str, String)> = vec![
        (
            "threads",
            format!("{} ({} with comments)", c.threads, c.threads_with_comments),
        ),
        (
            "comments",
            format!(
                "{} ({} top-level, {} replies; {} orphans, {} cycles cut)",
                c.comments, c.top_level, c.replies, c.orphans, c.cycles_broken
            ),
        ),
        (
            "comments per thread",
            format!(
                "mean {}, median {}, max {}",
                num(c.comments_per_thread_mean, 1),
                num(c.comments_per_thread_median, 1),
                c.comments_per_thread_max
            ),
        ),
        (
            "participants",
            format!(
                "{} named, {} anonymous comments; max {} comments, Gini {}",
                c.named_participants,
                c.anonymous_comments,
                c.max_comments_per_participant,
                num(c.gini_comments, 3)
            ),
        ),
        (
            "owner",
            format!(
                "{} threads with a named owner, {} owner comments (share {})",
                c.threads_with_owner,
                c.owner_comments,
                num(c.owner_share, 3)
            ),
        ),
        (
            "tree",
            format!(
                "max depth {}, mean depth {:.2}, branching {}, root dominance {}, longest chain {}",
                c.max_depth,
                c.mean_depth,
                num(c.mean_branching, 2),
                num(c.root_dominance, 3),
                c.longest_chain
            ),
        ),
        (
            "exchange",
            format!(
                "{} replies between authors, {} pairs, {} reciprocal (reciprocity {}), longest exchange {}, {} self-replies",
                c.reply_edges,
                c.reply_pairs,
                c.reciprocal_pairs,
                num(c.reciprocity, 3),
                c.longest_exchange,
                c.self_replies
            ),
        ),
        (
            "time",
            format!(
                "{} dated ({} undated); reply latency median {}, p90 {} (n = {}, {} negative left out)",
                c.dated_comments,
                c.undated_comments,
                duration(c.latency_median_s),
                duration(c.latency_p90_s),
                c.latency_count,
                c.negative_latencies
            ),
        ),
        (
            "language",
            format!(
                "{} tokens, per comment median {} mean {}; {} questions in {} comments; {} addressing",
                c.tokens,
                num(c.tokens_median, 1),
                num(c.tokens_mean, 1),
                c.questions,
                c.question_comments,
                c.addressing_comments
            ),
        ),
        (
            "drift",
            format!(
                "mean cosine post/comments {} over {} threads",
                num(c.drift_cosine_mean, 3),
                c.threads_with_drift
            ),
        ),
    ];
    for (label, value) in rows {
        writeln!(w, "  {label:<20} {value}")?;
    }
    if threads.is_empty() {
        return Ok(());
    }
    writeln!(w)?;
    writeln!(
        w,
        "{:<24} {:>8} {:>6} {:>5} {:>6} {:>6} {:>6} {:>10} {:>6}  drift terms",
        "thread", "comments", "people", "depth", "mean", "owner", "recip", "latency", "cosine"
    )?;
    for t in threads {
        writeln!(
            w,
            "{:<24} {:>8} {:>6} {:>5} {:>6.2} {:>6} {:>6} {:>10} {:>6}  {}",
            clip(&t.id, 24),
            t.comments,
            t.participants,
            t.max_depth,
            t.mean_depth,
            num(t.owner_share, 2),
            num(t.reciprocity, 2),
            duration(t.latency_median_s),
            num(t.drift_cosine, 2),
            t.drift_terms.join(", ")
        )?;
    }
    Ok(())
}

/// Writes one line per participant.
pub fn write_authors_table(w: &mut dyn Write, authors: &[AuthorStats]) -> io::Result<()> {
    writeln!(
        w,
        "{:<24} {:>8} {:>7} {:>7} {:>8} {:>8} {:>6} {:>10}",
        "author", "comments", "threads", "replies", "received", "partners", "owned", "latency"
    )?;
    for a in authors {
        writeln!(
            w,
            "{:<24} {:>8} {:>7} {:>7} {:>8} {:>8} {:>6} {:>10}",
            clip(&a.author, 24),
            a.comments,
            a.threads,
            a.replies,
            a.replies_received,
            a.partners,
            a.owned_threads,
            duration(a.latency_median_s)
        )?;
    }
    Ok(())
}

fn to_io(e: serde_json::Error) -> io::Error {
    io::Error::other(e)
}

/// Writes `{"corpus": {...}, "threads": [{...}, ...]}` (pretty-printed, metric names as
/// keys, fields in a fixed order), followed by a newline.
///
/// ```
/// use korpus::{Corpus, Post, Thread};
/// use korpus::threads::{corpus_stats, write_json, StatsOptions};
/// let corpus = Corpus { threads: vec![Thread { post: Post { id: "p1".into(), ..Post::default() }, comments: vec![] }] };
/// let (c, t) = corpus_stats(&corpus, &StatsOptions::default());
/// let mut out = Vec::new();
/// write_json(&mut out, &c, &t).unwrap();
/// let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(v["threads"][0]["id"], "p1");
/// assert_eq!(v["threads"][0]["owner_share"], serde_json::Value::Null);
/// ```
pub fn write_json(
    w: &mut dyn Write,
    corpus: &CorpusStats,
    threads: &[ThreadStats],
) -> io::Result<()> {
    let v = json!({ "corpus": corpus, "threads": threads });
    serde_json::to_writer_pretty(&mut *w, &v).map_err(to_io)?;
    writeln!(w)
}

/// Writes `{"authors": [{...}, ...]}` (pretty-printed), followed by a newline.
pub fn write_authors_json(w: &mut dyn Write, authors: &[AuthorStats]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &json!({ "authors": authors })).map_err(to_io)?;
    writeln!(w)
}

/// One cell of a delimited file: empty for none, lists joined with `; `.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

/// Writes one row per item (threads or authors) with a header of the metric names, using
/// `delimiter` (`b','` for CSV, `b'\t'` for TSV); the header is written even without rows.
/// Missing values are empty cells; lists (the drift terms) are joined with `; `.
///
/// ```
/// use korpus::{Corpus, Post, Thread};
/// use korpus::threads::{corpus_stats, write_delimited, StatsOptions};
/// let corpus = Corpus { threads: vec![Thread { post: Post { id: "p1".into(), ..Post::default() }, comments: vec![] }] };
/// let (_, t) = corpus_stats(&corpus, &StatsOptions::default());
/// let mut out = Vec::new();
/// write_delimited(&mut out, &t, b'\t').unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.starts_with("id\ttitle\tcomments\t"));
/// assert!(text.lines().nth(1).unwrap().starts_with("p1\t\t0\t"));
/// ```
pub fn write_delimited<T: Serialize + Default>(
    w: &mut dyn Write,
    rows: &[T],
    delimiter: u8,
) -> io::Result<()> {
    let fields = |row: &T| match serde_json::to_value(row).map_err(to_io)? {
        Value::Object(map) => Ok(map),
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "a delimited row must serialize as a map",
        )),
    };
    let mut out = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(w);
    out.write_record(fields(&T::default())?.keys())?;
    for row in rows {
        out.write_record(fields(row)?.values().map(cell))?;
    }
    out.flush()
}

/// Writes a compact readable section for `korpus analyze` (at most 25 lines): the corpus
/// figures, owner participation, and the five threads with the most comments (depth,
/// participants, drift cosine and the first drift terms).
///
/// ```
/// use korpus::{Comment, Corpus, Post, Thread};
/// use korpus::threads::{corpus_stats, write_summary, StatsOptions};
/// let post = Post { id: "haushalt-2019".into(), author: Some("Ratsfrau".into()),
///     text: "Der Haushalt 2019 steht.".into(), ..Post::default() };
/// let c = Comment { id: "1".into(), author: Some("Bürger".into()),
///     text: "Und die Schulden?".into(), ..Comment::default() };
/// let corpus = Corpus { threads: vec![Thread::assemble(post, vec![c]).unwrap()] };
/// let (total, threads) = corpus_stats(&corpus, &StatsOptions::default());
/// let mut out = Vec::new();
/// write_summary(&mut out, &total, &threads).unwrap();
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.contains("haushalt-2019") && text.lines().count() <= 25);
/// ```
pub fn write_summary(
    w: &mut dyn Write,
    corpus: &CorpusStats,
    threads: &[ThreadStats],
) -> io::Result<()> {
    let c = corpus;
    writeln!(
        w,
        "  threads       {} ({} with comments), {} comments ({} top-level, {} replies), per thread median {}, max {}",
        c.threads,
        c.threads_with_comments,
        c.comments,
        c.top_level,
        c.replies,
        num(c.comments_per_thread_median, 1),
        c.comments_per_thread_max
    )?;
    writeln!(
        w,
        "  people        {} named participants, {} anonymous comments, Gini {}",
        c.named_participants,
        c.anonymous_comments,
        num(c.gini_comments, 3)
    )?;
    writeln!(
        w,
        "  owner         {} threads with a named owner, {} owner comments (share {})",
        c.threads_with_owner,
        c.owner_comments,
        num(c.owner_share, 3)
    )?;
    writeln!(
        w,
        "  tree          max depth {}, mean depth {:.2}, reciprocity {}, longest exchange {}",
        c.max_depth,
        c.mean_depth,
        num(c.reciprocity, 3),
        c.longest_exchange
    )?;
    writeln!(
        w,
        "  time          reply latency median {}, p90 {} (n = {})",
        duration(c.latency_median_s),
        duration(c.latency_p90_s),
        c.latency_count
    )?;
    writeln!(
        w,
        "  drift         mean cosine post/comments {} over {} threads",
        num(c.drift_cosine_mean, 3),
        c.threads_with_drift
    )?;
    let mut top: Vec<&ThreadStats> = threads.iter().filter(|t| t.comments > 0).collect();
    // Most comments first; ties in input order (the sort is stable).
    top.sort_by_key(|t| std::cmp::Reverse(t.comments));
    top.truncate(5);
    if top.is_empty() {
        return Ok(());
    }
    writeln!(w, "  top threads by comments:")?;
    writeln!(
        w,
        "    {:<28} {:>8} {:>5} {:>6} {:>6}  drift terms",
        "thread", "comments", "depth", "people", "cosine"
    )?;
    for t in top {
        let name = t
            .title
            .as_deref()
            .filter(|s| !s.is_empty())
            .unwrap_or(&t.id);
        let terms: Vec<&str> = t.drift_terms.iter().take(5).map(String::as_str).collect();
        writeln!(
            w,
            "    {:<28} {:>8} {:>5} {:>6} {:>6}  {}",
            clip(name, 28),
            t.comments,
            t.max_depth,
            t.participants,
            num(t.drift_cosine, 2),
            terms.join(", ")
        )?;
    }
    Ok(())
}
