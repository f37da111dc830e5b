//! `korpus analyze`: every analysis korpus has, as one readable summary.

use super::{CmdResult, Failure, InputArgs, OutputArgs, Reporter};
use clap::Args;
use korpus::engine::{count_corpus, Analyzer, AnalyzerOptions, FreqPartial, GroupBy, TermUnit};
use korpus::info::CorpusInfo;
use korpus::input::{Loaded, ReaderBuilder};
use korpus::output::{self, OutputFormat};
use korpus::terms::dictionary::Dictionary;
use korpus::terms::keyterms::{Against, Extractor, KeytermOptions, TermCounts};
use korpus::terms::reference::Reference;
use korpus::terms::topics::{ranked, PartTopics, TopicMatcher, TopicReport};
use rayon::prelude::*;
use std::io::Write;

/// Arguments of `korpus analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    input: InputArgs,
    /// How many terms each list shows.
    #[arg(long, value_name = "N", default_value_t = 12)]
    top: usize,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn analyze(a: AnalyzeArgs, reporter: &Reporter) -> CmdResult {
    let format = a.output.format_or(
        OutputFormat::Table,
        &[OutputFormat::Table, OutputFormat::Json],
    )?;
    let loaded = if a.input.inputs.is_empty() {
        sample(reporter)?
    } else {
        a.input.load(reporter)?
    };
    let info = CorpusInfo::new(&loaded.corpus, &loaded.accounting);
    let analyzer = Analyzer::new(AnalyzerOptions {
        unit: TermUnit::Stem,
        ..AnalyzerOptions::default()
    });
    let by_part = count_corpus(&loaded.corpus, &analyzer, GroupBy::Part);
    let topics = TopicMatcher::new(Dictionary::german_politics()).count_corpus(&loaded.corpus);
    let keys = keyterms(&loaded.corpus, a.top);
    let (thread_corpus, thread_stats) =
        korpus::threads::corpus_stats(&loaded.corpus, &korpus::threads::StatsOptions::default());
    let mut w = a.output.writer()?;
    match format {
        OutputFormat::Json => {
            let doc = serde_json::json!({
                "corpus": info,
                "terms": {
                    "post": by_part.table("post", a.top),
                    "comments": by_part.table("comments", a.top),
                },
                "topics": topics_json(&topics),
                "discussions": {"corpus": thread_corpus, "threads": thread_stats},
                "keyterms": {
                    "posts": keys.posts,
                    "comments": keys.comments,
                    "threads": keys.threads.iter().map(|(id, t)| serde_json::json!({"id": id, "terms": t})).collect::<Vec<_>>(),
                },
            });
            serde_json::to_writer_pretty(&mut w, &doc).map_err(output::json_io)?;
            writeln!(w)?;
        }
        _ => {
            write_corpus(&mut w, &info)?;
            write_terms(&mut w, &by_part, a.top)?;
            write_topics(&mut w, &topics)?;
            write_keyterms(&mut w, &keys)?;
            writeln!(w)?;
            writeln!(
                w,
                "== Discussions (`korpus threads` for every thread and metric)"
            )?;
            korpus::threads::write_summary(&mut w, &thread_corpus, &thread_stats)?;
        }
    }
    w.flush()?;
    reporter.finish(&loaded)
}

fn write_corpus(w: &mut dyn Write, i: &CorpusInfo) -> std::io::Result<()> {
    writeln!(w, "== Corpus")?;
    writeln!(
        w,
        "{} threads, {} posts, {} comments, {} authors, {} tokens (whitespace)",
        i.threads, i.posts, i.comments, i.authors, i.whitespace_tokens
    )?;
    if let (Some(f), Some(l)) = (&i.first_date, &i.last_date) {
        writeln!(
            w,
            "dates {f} … {l} ({} undated or unparsable)",
            i.undated_or_unparsable
        )?;
    }
    if i.orphans + i.cycles_broken > 0 {
        writeln!(
            w,
            "{} comments without their parent, {} parent cycles cut",
            i.orphans, i.cycles_broken
        )?;
    }
    Ok(())
}

/// Two term lists side by side: posts and comments.
fn write_terms(w: &mut dyn Write, p: &FreqPartial, top: usize) -> std::io::Result<()> {
    writeln!(w)?;
    writeln!(
        w,
        "== Most frequent terms (stems, stopwords removed; shown by their most frequent form)"
    )?;
    let posts = p.table("post", top);
    let comments = p.table("comments", top);
    let width = posts
        .iter()
        .map(|r| r.term.chars().count() + r.count.to_string().len() + 1)
        .max()
        .unwrap_or(0)
        .max(24);
    writeln!(w, "{:<width$}   comments", "posts")?;
    for i in 0..posts.len().max(comments.len()) {
        let left = posts
            .get(i)
            .map(|r| format!("{} {}", r.term, r.count))
            .unwrap_or_default();
        let right = comments
            .get(i)
            .map(|r| format!("{} {}", r.term, r.count))
            .unwrap_or_default();
        writeln!(w, "{left:<width$}   {right}")?;
    }
    Ok(())
}

/// Keyterms of all posts and all comments (against the shipped German reference list) and
/// of each thread.
struct Keys {
    posts: Vec<String>,
    comments: Vec<String>,
    threads: Vec<(String, Vec<String>)>,
}

/// Threads listed one by one in the table.
const THREADS_SHOWN: usize = 12;

fn keyterms(corpus: &korpus::Corpus, top: usize) -> Keys {
    let ex = Extractor::with_reference(KeytermOptions::default(), Some(Reference::german()));
    let against = Against {
        list: true,
        ..Against::default()
    };
    let per_thread: Vec<(TermCounts, TermCounts)> = corpus
        .threads
        .par_iter()
        .map(|t| {
            let post = ex.count(t.post.title.as_deref(), &t.post.text);
            let mut comments = TermCounts::default();
            for c in &t.comments {
                ex.add_text(&mut comments, &c.text);
            }
            (post, comments)
        })
        .collect();
    let mut posts = TermCounts::default();
    let mut comments = TermCounts::default();
    for (p, c) in &per_thread {
        posts.merge(p);
        comments.merge(c);
    }
    let names = |v: Vec<korpus::terms::keyterms::Keyterm>| v.into_iter().map(|k| k.term).collect();
    let threads = corpus
        .threads
        .iter()
        .zip(&per_thread)
        .map(|(t, (p, c))| {
            let mut all = p.clone();
            all.merge(c);
            (t.id().to_string(), names(ex.rank(&all, against, 6)))
        })
        .collect();
    Keys {
        posts: names(ex.rank(&posts, against, top)),
        comments: names(ex.rank(&comments, against, top)),
        threads,
    }
}

fn write_keyterms(w: &mut dyn Write, k: &Keys) -> std::io::Result<()> {
    writeln!(w)?;
    writeln!(
        w,
        "== Keyterms (G² against German reference counts; `korpus keyterms` for more)"
    )?;
    writeln!(w, "posts:    {}", k.posts.join(", "))?;
    writeln!(w, "comments: {}", k.comments.join(", "))?;
    for (id, terms) in k.threads.iter().take(THREADS_SHOWN) {
        writeln!(w, "  {id:<10} {}", terms.join(", "))?;
    }
    if k.threads.len() > THREADS_SHOWN {
        writeln!(
            w,
            "  … and {} more threads",
            k.threads.len() - THREADS_SHOWN
        )?;
    }
    Ok(())
}

fn topic_line(report: &TopicReport, part: &PartTopics, cats: &[usize]) -> String {
    ranked(part, cats)
        .into_iter()
        .take(6)
        .map(|c| {
            format!(
                "{} {:.2}%",
                report.categories[c].path,
                100.0 * part.share(c)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn write_topics(w: &mut dyn Write, report: &TopicReport) -> std::io::Result<()> {
    let (posts, comments) = report.totals();
    let cats = report.categories_to(1);
    writeln!(w)?;
    writeln!(w, "== Topics (default dictionary; share of word tokens)")?;
    writeln!(w, "posts:    {}", topic_line(report, &posts, &cats))?;
    writeln!(w, "comments: {}", topic_line(report, &comments, &cats))?;
    Ok(())
}

fn topics_json(report: &TopicReport) -> serde_json::Value {
    let (posts, comments) = report.totals();
    let cats = report.categories_to(1);
    let part = |p: &PartTopics| -> Vec<serde_json::Value> {
        ranked(p, &cats)
            .into_iter()
            .map(|c| serde_json::json!({"topic": report.categories[c].path, "hits": p.topics[c].hits, "share": p.share(c)}))
            .collect()
    };
    serde_json::json!({"posts": part(&posts), "comments": part(&comments)})
}

/// The bundled sample corpus, read from the copy embedded in the binary.
fn sample(reporter: &Reporter) -> Result<Loaded, Failure> {
    let mut reader = ReaderBuilder::new().build();
    let mut threads = Vec::new();
    reader.read_bytes(
        korpus::sample::NAME,
        korpus::sample::JSONL.as_bytes(),
        &mut |t| {
            threads.push(t);
            Ok(())
        },
    )?;
    let loaded = Loaded {
        corpus: korpus::Corpus { threads },
        accounting: reader.accounting().clone(),
        diagnostics: reader.take_diagnostics(),
    };
    reporter.problems(&loaded);
    Ok(loaded)
}
