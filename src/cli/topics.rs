//! `korpus topics`: topic dictionary counts per thread and part, or every hit.

use super::merge::SavedTopics;
use super::{CmdResult, InputArgs, OutputArgs, Reporter, TABULAR};
use clap::Args;
use korpus::output::{self, OutputFormat, Row};
use korpus::stem::StemmerKind;
use korpus::terms::dictionary::Dictionary;
use korpus::terms::topics::{ranked, PartTopics, TopicMatcher, TopicReport};
use korpus::Error;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `korpus topics`.
#[derive(Debug, Args)]
pub struct TopicsArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    output: OutputArgs,
    /// A topic dictionary (quanteda YAML, or the same structure as JSON); repeatable, the
    /// files are merged. Default: the built-in de-politik dictionary.
    #[arg(long, short = 'd', value_name = "FILE")]
    dictionary: Vec<PathBuf>,
    /// Category levels to report: 1 = top-level categories, 2 = also their sub-categories,
    /// …, 0 = all.
    #[arg(long, value_name = "N", default_value_t = 1)]
    depth: usize,
    /// Matched terms shown per topic in summaries (0 = all).
    #[arg(long, value_name = "N", default_value_t = 5)]
    top_terms: usize,
    /// Stemmer for `stem:` patterns: snowball, snowball3 or cistem.
    #[arg(long, value_name = "NAME", default_value = "cistem", value_parser = parse_stemmer)]
    stemmer: StemmerKind,
    /// Also write the counts as a partial result to FILE, for `korpus merge`.
    #[arg(long, value_name = "FILE")]
    save_partial: Option<PathBuf>,
}

fn parse_stemmer(s: &str) -> Result<StemmerKind, String> {
    s.parse().map_err(|e| format!("{e}"))
}

fn dictionary(paths: &[PathBuf]) -> Result<Dictionary, Error> {
    if paths.is_empty() {
        return Ok(Dictionary::german_politics());
    }
    let mut d = Dictionary::default();
    for p in paths {
        d.merge(Dictionary::from_path(p)?);
    }
    Ok(d)
}

pub fn topics(a: TopicsArgs, reporter: &Reporter) -> CmdResult {
    let format = a.output.format_or(OutputFormat::Table, TABULAR)?;
    let dict = dictionary(&a.dictionary)?;
    let loaded = a.input.load(reporter)?;
    let matcher = TopicMatcher::with_stemmer(dict, a.stemmer);
    let partial = a.save_partial.as_ref().map(|path| {
        let saved = SavedTopics::new(matcher.partial(&loaded.corpus), a.depth, a.top_terms);
        (path, saved)
    });
    if let Some((path, saved)) = &partial {
        super::freq::save_partial(saved, path)?;
    }
    let mut w = a.output.writer()?;
    if format == OutputFormat::Jsonl {
        let hits: Vec<_> = loaded
            .corpus
            .threads
            .par_iter()
            .map_init(|| matcher.scanner(), |s, t| s.thread_hits(t, a.depth))
            .collect();
        for h in hits.iter().flatten() {
            serde_json::to_writer(&mut w, h).map_err(output::json_io)?;
            writeln!(w)?;
        }
    } else {
        let report = match partial {
            Some((_, saved)) => saved.into_report(),
            None => matcher.count_corpus(&loaded.corpus),
        };
        write_report(&mut w, format, &report, a.depth, a.top_terms)?;
    }
    w.flush()?;
    reporter.finish(&loaded)
}

/// Writes the counts of `report`: blocks by thread in table format, rows by thread, part
/// and topic otherwise.
pub(super) fn write_report(
    w: &mut dyn Write,
    format: OutputFormat,
    report: &TopicReport,
    depth: usize,
    top_terms: usize,
) -> Result<(), Error> {
    if format == OutputFormat::Table {
        write_table(w, report, depth, top_terms)?;
    } else {
        let rows = summary_rows(report, depth, top_terms, format == OutputFormat::Json);
        output::write_rows(w, &rows, format)?;
    }
    Ok(())
}

fn terms_value(part: &PartTopics, c: usize, top: usize, as_object: bool) -> Value {
    let terms = part.topics[c].top_terms(top);
    if as_object {
        Value::Object(
            terms
                .into_iter()
                .map(|(t, n)| (t.to_string(), json!(n)))
                .collect(),
        )
    } else {
        Value::String(
            terms
                .into_iter()
                .map(|(t, n)| format!("{t} ({n})"))
                .collect::<Vec<_>>()
                .join("; "),
        )
    }
}

/// One row per thread, part (post, comments, thread) and topic; then the corpus totals
/// (thread `*`).
fn summary_rows(report: &TopicReport, depth: usize, top: usize, as_object: bool) -> Vec<Row> {
    let cats = report.categories_to(depth);
    let mut rows = Vec::new();
    let mut add = |thread: &str, name: &str, part: &PartTopics| {
        for &c in &cats {
            let t = &part.topics[c];
            rows.push(vec![
                ("thread".to_string(), json!(thread)),
                ("part".to_string(), json!(name)),
                ("topic".to_string(), json!(report.categories[c].path)),
                ("hits".to_string(), json!(t.hits)),
                ("tokens".to_string(), json!(part.tokens)),
                ("share".to_string(), json!(round6(part.share(c)))),
                ("terms".to_string(), terms_value(part, c, top, as_object)),
            ]);
        }
    };
    for t in &report.threads {
        add(&t.thread, "post", &t.post);
        add(&t.thread, "comments", &t.comments);
        add(&t.thread, "thread", &t.whole());
    }
    let (post, comments) = report.totals();
    let mut all = post.clone();
    all += &comments;
    if !report.threads.is_empty() {
        add("*", "post", &post);
        add("*", "comments", &comments);
        add("*", "thread", &all);
    }
    rows
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn pct(part: &PartTopics, c: usize) -> String {
    format!("{:.2}%", 100.0 * part.share(c))
}

/// A readable block per thread (topics with hits, most first), then the corpus.
fn write_table(
    w: &mut dyn Write,
    report: &TopicReport,
    depth: usize,
    top: usize,
) -> std::io::Result<()> {
    let cats = report.categories_to(depth);
    let width = cats
        .iter()
        .map(|&c| report.categories[c].path.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let block = |w: &mut dyn Write,
                 title: &str,
                 post: &PartTopics,
                 comments: &PartTopics|
     -> std::io::Result<()> {
        let mut all = post.clone();
        all += comments;
        writeln!(
            w,
            "== {title}: post {} tokens, {} comments with {} tokens",
            post.tokens, comments.docs, comments.tokens
        )?;
        let order = ranked(&all, &cats);
        if order.is_empty() {
            return writeln!(w, "   (no topic hits)");
        }
        writeln!(
            w,
            "   {:<width$}  {:>6} {:>7}  {:>8} {:>7}  {:>6} {:>7}  terms",
            "topic", "post", "share", "comments", "share", "thread", "share"
        )?;
        for c in order {
            let terms = all.topics[c]
                .top_terms(top)
                .into_iter()
                .map(|(t, n)| format!("{t} {n}"))
                .collect::<Vec<_>>()
                .join(", ");
            writeln!(
                w,
                "   {:<width$}  {:>6} {:>7}  {:>8} {:>7}  {:>6} {:>7}  {terms}",
                report.categories[c].path,
                post.topics[c].hits,
                pct(post, c),
                comments.topics[c].hits,
                pct(comments, c),
                all.topics[c].hits,
                pct(&all, c),
            )?;
        }
        Ok(())
    };
    for t in &report.threads {
        block(w, &format!("thread {}", t.thread), &t.post, &t.comments)?;
        writeln!(w)?;
    }
    let (post, comments) = report.totals();
    if report.threads.len() > 1 {
        block(
            w,
            &format!("corpus ({} threads)", report.threads.len()),
            &post,
            &comments,
        )?;
    }
    Ok(())
}
