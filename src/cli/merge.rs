//! `korpus merge`: partial results of `freq`, `threads` or `topics` (written with
//! `--save-partial`) combined into the result of one run over all their shards.

use super::freq::{save_partial, write_freq, Freq, TableArgs};
use super::{CmdResult, Failure, Outcome, OutputArgs, Reporter, TABULAR};
use clap::Args;
use korpus::engine::{FreqPartial, TermUnit};
use korpus::output::OutputFormat;
use korpus::terms::topics::TopicsPartial;
use korpus::threads::ThreadsPartial;
use korpus::{Error, ErrorKind, Position};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Arguments of `korpus merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Partial results written by `korpus freq`, `korpus threads` or `korpus topics` with
    /// `--save-partial` (all of one command; shards in corpus order). `--top` and
    /// `--min-count` apply to partials of freq.
    #[arg(value_name = "PARTIAL", required = true)]
    partials: Vec<PathBuf>,
    #[command(flatten)]
    table: TableArgs,
    /// Write the merged partial result to FILE as well.
    #[arg(long, value_name = "FILE")]
    save_partial: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

/// A partial result of `korpus threads` as saved: the statistics and the command's name.
#[derive(Debug, Serialize, Deserialize)]
pub struct SavedThreads {
    kind: String,
    partial: ThreadsPartial,
}

impl SavedThreads {
    /// The partial result `partial` of `korpus threads`.
    pub fn new(partial: ThreadsPartial) -> SavedThreads {
        SavedThreads {
            kind: "threads".into(),
            partial,
        }
    }

    /// The statistics.
    pub fn into_partial(self) -> ThreadsPartial {
        self.partial
    }
}

/// A partial result of `korpus topics` as saved: the counts, how the saving run showed them
/// (category levels and terms per topic), and the command's name.
#[derive(Debug, Serialize, Deserialize)]
pub struct SavedTopics {
    kind: String,
    depth: usize,
    top_terms: usize,
    partial: TopicsPartial,
}

impl SavedTopics {
    /// The counts.
    pub fn into_report(self) -> korpus::terms::topics::TopicReport {
        self.partial.report
    }

    /// The partial result `partial` of `korpus topics`, shown with `depth` and `top_terms`.
    pub fn new(partial: TopicsPartial, depth: usize, top_terms: usize) -> SavedTopics {
        SavedTopics {
            kind: "topics".into(),
            depth,
            top_terms,
            partial,
        }
    }
}

/// The command a partial result comes from: `kind` (absent in partials of `freq`).
#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    kind: Option<String>,
}

/// The merged result so far.
enum Total {
    Freq(FreqPartial),
    Threads(Box<ThreadsPartial>),
    Topics(SavedTopics),
}

impl Total {
    fn command(&self) -> &'static str {
        match self {
            Total::Freq(_) => "freq",
            Total::Threads(_) => "threads",
            Total::Topics(_) => "topics",
        }
    }
}

fn bad_partial(path: &Path, what: String) -> Error {
    Error::new(ErrorKind::Json(what), Position::file(path))
}

/// Reads one partial result whole (parsing from memory is much faster than from a reader; a
/// partial is the size of a vocabulary or of a table of threads, not of a corpus).
fn read_partial(path: &Path) -> Result<(String, Vec<u8>), Error> {
    let mut bytes = Vec::new();
    korpus::input::source::open(path)?
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(e, path))?;
    let probe: Probe = serde_json::from_slice(&bytes).map_err(|e| {
        bad_partial(
            path,
            format!("not a partial result of korpus freq, threads or topics: {e}"),
        )
    })?;
    Ok((probe.kind.unwrap_or_else(|| "freq".into()), bytes))
}

fn parse<T: for<'de> Deserialize<'de>>(path: &Path, kind: &str, bytes: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(bytes)
        .map_err(|e| bad_partial(path, format!("not a partial result of korpus {kind}: {e}")))
}

/// Adds the partial result in `path` to `total`.
fn add(total: &mut Option<Total>, path: &Path) -> Result<(), Error> {
    let (kind, bytes) = read_partial(path)?;
    let at_file = |e: Error| Error::new(e.kind_clone(), Position::file(path));
    if let Some(t) = total.as_ref() {
        if t.command() != kind {
            return Err(Error::new(
                ErrorKind::Usage(format!(
                    "a partial result of korpus {kind}, the ones before are of korpus {}",
                    t.command()
                )),
                Position::file(path),
            ));
        }
    }
    match kind.as_str() {
        "freq" => {
            let part: FreqPartial = parse(path, &kind, &bytes)?;
            match total {
                Some(Total::Freq(t)) => t.merge(part).map_err(at_file)?,
                t => *t = Some(Total::Freq(part)),
            }
        }
        "threads" => {
            let part: SavedThreads = parse(path, &kind, &bytes)?;
            match total {
                Some(Total::Threads(t)) => t.merge(part.partial).map_err(at_file)?,
                t => *t = Some(Total::Threads(Box::new(part.partial))),
            }
        }
        "topics" => {
            let part: SavedTopics = parse(path, &kind, &bytes)?;
            match total {
                Some(Total::Topics(t)) => t.partial.merge(part.partial).map_err(at_file)?,
                t => *t = Some(Total::Topics(part)),
            }
        }
        other => {
            return Err(bad_partial(
                path,
                format!("a partial result of an unknown kind ({other})"),
            ))
        }
    }
    Ok(())
}

pub fn merge(a: MergeArgs, _reporter: &Reporter) -> CmdResult {
    let format = a.output.format_or(OutputFormat::Table, TABULAR)?;
    let mut total = None;
    for p in &a.partials {
        add(&mut total, p)?;
    }
    let Some(total) = total else {
        return Ok(Outcome::Clean);
    };
    let mut w = a.output.writer()?;
    match total {
        Total::Freq(total) => {
            if let Some(p) = &a.save_partial {
                save_partial(&total, p)?;
            }
            let unit = if total.settings.starts_with("unit=stem") {
                TermUnit::Stem
            } else {
                TermUnit::Lower
            };
            write_freq(&mut w, Freq::Partial(&total), &a.table, unit, format)?;
        }
        Total::Threads(total) => {
            let saved = SavedThreads::new(*total);
            if let Some(p) = &a.save_partial {
                save_partial(&saved, p)?;
            }
            let (corpus, rows) = saved.partial.finish();
            super::threads::write_by_thread(&mut w, format, &corpus, &rows).map_err(Error::from)?;
        }
        Total::Topics(total) => {
            if let Some(p) = &a.save_partial {
                save_partial(&total, p)?;
            }
            if format == OutputFormat::Jsonl {
                return Err(Failure::from(Error::usage(
                    "partial results of korpus topics keep counts, not single hits: \
                     --format jsonl is not available for them (table, json, csv or tsv)",
                )));
            }
            let report = &total.partial.report;
            super::topics::write_report(&mut w, format, report, total.depth, total.top_terms)?;
        }
    }
    w.flush()?;
    Ok(Outcome::Clean)
}
