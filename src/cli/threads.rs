//! `korpus threads`: discussion statistics per thread, per participant and for the corpus.

use super::freq::save_partial;
use super::merge::SavedThreads;
use super::{CmdResult, Failure, InputArgs, OutputArgs, Reporter, TABULAR};
use clap::{Args, ValueEnum};
use korpus::output::{json_io, OutputFormat};
use korpus::stem::StemmerKind;
use korpus::threads::{self, CorpusStats, StatsOptions, ThreadStats, ThreadsPartial};
use korpus::Error;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// What one output row describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum By {
    /// One row per thread (with the corpus figures in table and JSON output).
    Thread,
    /// One row per participant (named author).
    Author,
}

/// Arguments of `korpus threads`.
#[derive(Debug, Args)]
pub struct ThreadsArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    output: OutputArgs,
    /// One row per thread or per participant.
    #[arg(long, value_enum, default_value = "thread")]
    by: By,
    /// Stemmer of the drift terms: cistem, snowball, snowball3, or none (lower-cased words).
    #[arg(long, value_name = "NAME", default_value = "cistem", value_parser = parse_stemmer)]
    stemmer: Stemmer,
    /// How many over-represented drift terms to show per thread.
    #[arg(long, value_name = "N", default_value_t = 10)]
    drift_terms: usize,
    /// Skip the language metrics (tokens, TTR, MTLD, questions, addressing).
    #[arg(long)]
    no_language: bool,
    /// Skip the topic drift metrics (cosine, drift terms).
    #[arg(long)]
    no_drift: bool,
    /// Also write the thread statistics and corpus sums as a partial result to FILE, for
    /// `korpus merge` (whatever `--by`).
    #[arg(long, value_name = "FILE")]
    save_partial: Option<PathBuf>,
}

/// A stemmer choice, `none` included.
#[derive(Debug, Clone, Copy)]
pub struct Stemmer(Option<StemmerKind>);

fn parse_stemmer(s: &str) -> Result<Stemmer, String> {
    if s.trim().eq_ignore_ascii_case("none") {
        return Ok(Stemmer(None));
    }
    s.parse::<StemmerKind>()
        .map(|k| Stemmer(Some(k)))
        .map_err(|e| format!("{e}, or none"))
}

/// Writes one JSON object a line.
fn write_jsonl<T: Serialize>(w: &mut dyn Write, rows: &[T]) -> std::io::Result<()> {
    for row in rows {
        serde_json::to_writer(&mut *w, row).map_err(json_io)?;
        writeln!(w)?;
    }
    Ok(())
}

/// Writes one row per thread (with the corpus figures in table and JSON output).
pub(super) fn write_by_thread(
    w: &mut dyn Write,
    format: OutputFormat,
    corpus: &CorpusStats,
    rows: &[ThreadStats],
) -> std::io::Result<()> {
    match format {
        OutputFormat::Json => threads::write_json(w, corpus, rows),
        OutputFormat::Jsonl => write_jsonl(w, rows),
        OutputFormat::Csv => threads::write_delimited(w, rows, b','),
        OutputFormat::Tsv => threads::write_delimited(w, rows, b'\t'),
        _ => threads::write_table(w, corpus, rows),
    }
}

pub fn threads(a: ThreadsArgs, reporter: &Reporter) -> CmdResult {
    let format = a.output.format_or(OutputFormat::Table, TABULAR)?;
    let opts = StatsOptions {
        language: !a.no_language,
        drift: !a.no_drift,
        drift_terms: a.drift_terms,
        stemmer: a.stemmer.0,
        ..StatsOptions::default()
    };
    let loaded = a.input.load(reporter)?;
    let mut w = a.output.writer()?;
    // The statistics by thread, written as a partial result first when asked for.
    let by_thread = || -> Result<ThreadsPartial, Failure> {
        let partial = ThreadsPartial::of_corpus(&loaded.corpus, &opts);
        let Some(path) = &a.save_partial else {
            return Ok(partial);
        };
        let saved = SavedThreads::new(partial);
        save_partial(&saved, path)?;
        Ok(saved.into_partial())
    };
    let res = match a.by {
        By::Thread => {
            let (corpus, rows) = by_thread()?.finish();
            write_by_thread(&mut w, format, &corpus, &rows)
        }
        By::Author => {
            if a.save_partial.is_some() {
                by_thread()?;
            }
            let rows = threads::author_stats(&loaded.corpus, &opts);
            match format {
                OutputFormat::Json => threads::write_authors_json(&mut w, &rows),
                OutputFormat::Jsonl => write_jsonl(&mut w, &rows),
                OutputFormat::Csv => threads::write_delimited(&mut w, &rows, b','),
                OutputFormat::Tsv => threads::write_delimited(&mut w, &rows, b'\t'),
                _ => threads::write_authors_table(&mut w, &rows),
            }
        }
    };
    res.map_err(Error::from)?;
    w.flush()?;
    reporter.finish(&loaded)
}
