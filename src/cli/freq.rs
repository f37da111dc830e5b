//! `korpus freq` and `korpus merge`: term frequency tables, streaming and mergeable.

use super::{CmdResult, Failure, InputArgs, OutputArgs, Reporter, TABULAR};
use clap::Args;
use korpus::engine::{
    count_inputs, Analyzer, AnalyzerOptions, EngineOptions, FreqCounts, FreqPartial, GroupBy,
    GroupStats, TermRow, TermUnit,
};
use korpus::input::Loaded;
use korpus::normalize::{NormalizerOptions, Stopwords, UmlautFolding};
use korpus::output::{self, OutputFormat};
use korpus::stem::StemmerKind;
use korpus::Error;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// How text becomes terms (shared by the commands that count terms).
#[derive(Debug, Clone, Args)]
pub struct AnalysisArgs {
    /// What a term is: surface (as written), lower (normalised) or stem.
    #[arg(long, value_name = "UNIT", value_parser = parse_unit)]
    pub unit: Option<TermUnit>,
    /// Stem terms with this stemmer (snowball, snowball3, cistem); implies --unit stem.
    #[arg(long, value_name = "NAME", value_parser = parse_stemmer)]
    pub stemmer: Option<StemmerKind>,
    /// Add the words of FILE (one a line, `#` comments) to the stopwords (repeatable).
    #[arg(long = "stopwords", value_name = "FILE")]
    pub stopword_files: Vec<PathBuf>,
    /// Also leave out chat and comment fillers (stopwords/de-cmc.txt).
    #[arg(long)]
    pub cmc_stopwords: bool,
    /// Keep every word (no stopword list at all).
    #[arg(long, conflicts_with_all = ["stopword_files", "cmc_stopwords"])]
    pub no_stopwords: bool,
    /// Keep tokens without letters (numbers, dates).
    #[arg(long)]
    pub keep_numbers: bool,
    /// Fold umlauts and ß: `ae` (ä→ae, ß→ss) or `a` (ä→a, ß→ss).
    #[arg(long, value_name = "HOW", value_parser = ["ae", "a"])]
    pub fold_umlauts: Option<String>,
    /// Unify gender forms (Bürger*innen, Bürger:innen, Bürger_innen, BürgerInnen).
    #[arg(long)]
    pub unify_gender: bool,
}

fn parse_unit(s: &str) -> Result<TermUnit, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

fn parse_stemmer(s: &str) -> Result<StemmerKind, String> {
    s.parse()
        .map_err(|e: korpus::stem::UnknownStemmer| e.to_string())
}

fn parse_group(s: &str) -> Result<GroupBy, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

impl AnalysisArgs {
    /// The analyser these arguments describe.
    pub fn analyzer(&self) -> Result<Analyzer, Failure> {
        let unit = match (self.unit, self.stemmer) {
            (Some(u), _) => u,
            (None, Some(_)) => TermUnit::Stem,
            (None, None) => TermUnit::Lower,
        };
        let stopwords = if self.no_stopwords {
            None
        } else {
            let mut s = Stopwords::german();
            if self.cmc_stopwords {
                s.extend(&Stopwords::german_cmc());
            }
            for f in &self.stopword_files {
                s.extend(&Stopwords::from_file(f).map_err(|e| Error::io(e, f))?);
            }
            Some(s)
        };
        let normalizer = NormalizerOptions {
            umlauts: match self.fold_umlauts.as_deref() {
                Some("ae") => UmlautFolding::Expand,
                Some("a") => UmlautFolding::Strip,
                _ => UmlautFolding::None,
            },
            gender: self.unify_gender,
            ..NormalizerOptions::default()
        };
        Ok(Analyzer::new(AnalyzerOptions {
            unit,
            stemmer: self.stemmer.unwrap_or_default(),
            normalizer,
            stopwords,
            keep_numbers: self.keep_numbers,
            ..AnalyzerOptions::default()
        }))
    }
}

/// How a frequency table is cut and shown.
#[derive(Debug, Clone, Args)]
pub struct TableArgs {
    /// Show the N most frequent terms of each group (0: all).
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub top: usize,
    /// Leave out terms seen fewer than N times.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_count: u64,
}

/// Arguments of `korpus freq`.
#[derive(Debug, Args)]
pub struct FreqArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    analysis: AnalysisArgs,
    /// Count separately by part (post/comments), author, year or thread.
    #[arg(long, value_name = "GROUP", value_parser = parse_group)]
    by: Option<GroupBy>,
    #[command(flatten)]
    table: TableArgs,
    /// Also write the mergeable partial result (JSON) to FILE, for `korpus merge`.
    #[arg(long, value_name = "FILE")]
    save_partial: Option<PathBuf>,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn freq(a: FreqArgs, reporter: &Reporter) -> CmdResult {
    let format = a.output.format_or(OutputFormat::Table, TABULAR)?;
    let analyzer = a.analysis.analyzer()?;
    let paths = a.input.paths()?;
    let opts = EngineOptions {
        by: a.by.unwrap_or_default(),
        progress: !reporter.quiet,
        ..EngineOptions::default()
    };
    let run = match count_inputs(&paths, a.input.builder(), &analyzer, &opts) {
        Ok(run) => run,
        Err(f) => {
            reporter.problems(&f.partial);
            eprintln!("korpus: error: {}", f.error);
            reporter.accounting(&f.partial);
            return Err(Failure::Reported);
        }
    };
    let loaded = Loaded {
        accounting: run.accounting.clone(),
        diagnostics: run.diagnostics.clone(),
        ..Loaded::default()
    };
    reporter.problems(&loaded);
    if let Some(p) = &a.save_partial {
        save_partial(&run.counts.to_partial(), p)?;
    }
    let mut w = a.output.writer()?;
    write_freq(
        &mut w,
        Freq::Counts(&run.counts),
        &a.table,
        analyzer.options().unit,
        format,
    )?;
    w.flush()?;
    // The process ends right after this: freeing the vocabulary tables one by one would
    // only cost time.
    std::mem::forget(run);
    reporter.finish(&loaded)
}

/// Writes a partial result (of any command) as JSON to `path`.
pub(super) fn save_partial<T: Serialize>(p: &T, path: &Path) -> Result<(), Failure> {
    let f = std::fs::File::create(path).map_err(|e| Error::io(e, path))?;
    let mut w = std::io::BufWriter::new(f);
    serde_json::to_writer(&mut w, p)
        .map_err(output::json_io)
        .map_err(|e| Error::io(e, path))?;
    w.flush().map_err(|e| Error::io(e, path))?;
    Ok(())
}

/// A frequency result to show: from a run, or merged from partial results.
#[derive(Clone, Copy)]
pub enum Freq<'a> {
    /// The counts of a run.
    Counts(&'a FreqCounts),
    /// A partial result.
    Partial(&'a FreqPartial),
}

impl Freq<'_> {
    fn settings(&self) -> &str {
        match self {
            Freq::Counts(c) => c.settings(),
            Freq::Partial(p) => &p.settings,
        }
    }

    fn groups(&self) -> Vec<(String, GroupStats)> {
        match self {
            Freq::Counts(c) => c.groups().map(|(n, s)| (n.to_string(), s)).collect(),
            Freq::Partial(p) => p
                .groups
                .iter()
                .map(|(n, g)| {
                    let stats = GroupStats {
                        docs: g.docs,
                        tokens: g.tokens,
                        terms_counted: g.terms_counted,
                    };
                    (n.clone(), stats)
                })
                .collect(),
        }
    }

    fn table(&self, group: &str, top: usize) -> Vec<TermRow> {
        match self {
            Freq::Counts(c) => c.table(group, top),
            Freq::Partial(p) => p.table(group, top),
        }
    }
}

fn rows(p: Freq, group: &str, t: &TableArgs) -> Vec<TermRow> {
    // Rows come by count, highest first, so those of at least `min_count` are a prefix:
    // cutting to `top` first gives the same rows without sorting the whole vocabulary.
    let mut rows = p.table(group, t.top);
    rows.retain(|r| r.count >= t.min_count);
    rows
}

/// The JSON form of `korpus freq`: settings, then each group with its rows.
#[derive(Serialize)]
struct JsonFreq<'a> {
    settings: &'a str,
    groups: Vec<JsonGroup<'a>>,
}

#[derive(Serialize)]
struct JsonGroup<'a> {
    group: &'a str,
    docs: u64,
    tokens: u64,
    terms_counted: u64,
    terms: Vec<TermRow>,
}

/// One line of `--format jsonl` (the same columns as CSV and TSV).
#[derive(Serialize)]
struct FlatRow<'a> {
    term: &'a str,
    count: u64,
    docs: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    stem: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
}

/// Writes `s` and then spaces up to `width` characters.
fn pad_right(w: &mut dyn Write, s: &str, width: usize) -> std::io::Result<()> {
    w.write_all(s.as_bytes())?;
    spaces(w, width.saturating_sub(s.chars().count()))
}

/// Writes spaces up to `width` characters and then `s` (ASCII, as numbers are).
fn pad_left(w: &mut dyn Write, s: &str, width: usize) -> std::io::Result<()> {
    spaces(w, width.saturating_sub(s.len()))?;
    w.write_all(s.as_bytes())
}

fn spaces(w: &mut dyn Write, mut n: usize) -> std::io::Result<()> {
    const SPACES: &[u8; 64] = &[b' '; 64];
    while n > 0 {
        let k = n.min(SPACES.len());
        w.write_all(&SPACES[..k])?;
        n -= k;
    }
    Ok(())
}

/// Writes the frequency tables of all groups. Rows are written field by field (a full
/// vocabulary is 10⁵–10⁶ rows).
pub fn write_freq(
    w: &mut dyn Write,
    p: Freq,
    t: &TableArgs,
    unit: TermUnit,
    format: OutputFormat,
) -> Result<(), Failure> {
    let groups = p.groups();
    let grouped = !(groups.is_empty() || groups.len() == 1 && groups[0].0.is_empty());
    let key_col = match unit {
        TermUnit::Stem => Some("stem"),
        TermUnit::Lower => None,
        TermUnit::Surface => None,
    };
    match format {
        OutputFormat::Json => {
            let doc = JsonFreq {
                settings: p.settings(),
                groups: groups
                    .iter()
                    .map(|(name, g)| JsonGroup {
                        group: name,
                        docs: g.docs,
                        tokens: g.tokens,
                        terms_counted: g.terms_counted,
                        terms: rows(p, name, t),
                    })
                    .collect(),
            };
            serde_json::to_writer_pretty(&mut *w, &doc).map_err(output::json_io)?;
            writeln!(w)?;
        }
        OutputFormat::Table => {
            for (n, (name, g)) in groups.iter().enumerate() {
                if grouped {
                    if n > 0 {
                        writeln!(w)?;
                    }
                    writeln!(w, "== {name} ({} documents, {} tokens)", g.docs, g.tokens)?;
                }
                let rs = rows(p, name, t);
                let width = rs
                    .iter()
                    .map(|r| r.term.chars().count())
                    .max()
                    .unwrap_or(4)
                    .max(4);
                match key_col {
                    Some(k) => {
                        writeln!(w, "{:<width$}  {:>9}  {:>7}  {k}", "term", "count", "docs")?
                    }
                    None => writeln!(w, "{:<width$}  {:>9}  {:>7}", "term", "count", "docs")?,
                }
                for r in rs {
                    pad_right(w, &r.term, width)?;
                    w.write_all(b"  ")?;
                    pad_left(w, &r.count.to_string(), 9)?;
                    w.write_all(b"  ")?;
                    pad_left(w, &r.docs.to_string(), 7)?;
                    if key_col.is_some() {
                        w.write_all(b"  ")?;
                        w.write_all(r.key.as_bytes())?;
                    }
                    w.write_all(b"\n")?;
                }
            }
        }
        OutputFormat::Jsonl => {
            for (name, _) in &groups {
                for r in rows(p, name, t) {
                    let row = FlatRow {
                        term: &r.term,
                        count: r.count,
                        docs: r.docs,
                        stem: key_col.map(|_| r.key.as_str()),
                        group: grouped.then_some(name.as_str()),
                    };
                    serde_json::to_writer(&mut *w, &row).map_err(output::json_io)?;
                    writeln!(w)?;
                }
            }
        }
        _ => {
            let delim = if format == OutputFormat::Csv {
                b','
            } else {
                b'\t'
            };
            let mut out = csv::WriterBuilder::new()
                .delimiter(delim)
                .from_writer(&mut *w);
            let mut header = true;
            for (name, _) in &groups {
                for r in rows(p, name, t) {
                    if std::mem::take(&mut header) {
                        let mut cols = vec!["term", "count", "docs"];
                        cols.extend(key_col);
                        if grouped {
                            cols.push("group");
                        }
                        out.write_record(&cols).map_err(output::csv_io)?;
                    }
                    out.write_field(&r.term).map_err(output::csv_io)?;
                    out.write_field(r.count.to_string())
                        .map_err(output::csv_io)?;
                    out.write_field(r.docs.to_string())
                        .map_err(output::csv_io)?;
                    if key_col.is_some() {
                        out.write_field(&r.key).map_err(output::csv_io)?;
                    }
                    if grouped {
                        out.write_field(name).map_err(output::csv_io)?;
                    }
                    out.write_record(None::<&[u8]>).map_err(output::csv_io)?;
                }
            }
            out.flush()?;
        }
    }
    Ok(())
}
