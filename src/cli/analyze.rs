//! `korpus analyze`: every analysis korpus has, as one readable summary.

use super::{CmdResult, Failure, InputArgs, Outcome, OutputArgs, Reporter};
use clap::Args;
use korpus::engine::{count_corpus, Analyzer, AnalyzerOptions, FreqPartial, GroupBy, TermUnit};
use korpus::info::CorpusInfo;
use korpus::input::{Loaded, ReaderBuilder};
use korpus::output::{self, OutputFormat};
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
    let mut w = a.output.writer()?;
    match format {
        OutputFormat::Json => {
            let doc = serde_json::json!({
                "corpus": info,
                "terms": {
                    "post": by_part.table("post", a.top),
                    "comments": by_part.table("comments", a.top),
                },
            });
            serde_json::to_writer_pretty(&mut w, &doc).map_err(output::json_io)?;
            writeln!(w)?;
        }
        _ => {
            write_corpus(&mut w, &info)?;
            write_terms(&mut w, &by_part, a.top)?;
        }
    }
    w.flush()?;
    reporter.accounting(&loaded);
    Ok(if loaded.accounting.bad > 0 {
        Outcome::Skipped
    } else {
        Outcome::Clean
    })
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
