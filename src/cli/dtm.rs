//! `korpus dtm`: the document-term matrix as Matrix Market, terms and documents files.

use super::{CmdResult, InputArgs, Reporter};
use clap::Args;
use korpus::engine::{Analyzer, AnalyzerOptions, TermUnit};
use korpus::normalize::Stopwords;
use korpus::stem::StemmerKind;
use korpus::terms::dtm::{DocUnit, Dtm};
use korpus::Error;
use std::path::PathBuf;

/// Arguments of `korpus dtm`.
#[derive(Debug, Args)]
pub struct DtmArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Folder to write `dtm.mtx`, `terms.txt` and `docs.tsv` into (created if needed).
    #[arg(long, short = 'o', value_name = "DIR")]
    output: PathBuf,
    /// What a row is: document (each post and each comment) or thread.
    #[arg(long, value_name = "UNIT", default_value = "document", value_parser = parse_doc)]
    doc: DocUnit,
    /// What a term is: surface, lower or stem.
    #[arg(long, value_name = "UNIT", default_value = "lower", value_parser = parse_unit)]
    unit: TermUnit,
    /// Stemmer for `--unit stem`: snowball, snowball3 or cistem.
    #[arg(long, value_name = "NAME", default_value = "cistem", value_parser = parse_stemmer)]
    stemmer: StemmerKind,
    /// Stopwords left out: german, cmc (german plus chat words), none, or a file (one word a
    /// line).
    #[arg(long, value_name = "LIST", default_value = "german")]
    stopwords: String,
    /// Keep tokens without letters (numbers, dates).
    #[arg(long)]
    keep_numbers: bool,
    /// Leave out terms shorter than this many characters.
    #[arg(long, value_name = "N", default_value_t = 2)]
    min_chars: usize,
}

fn parse_doc(s: &str) -> Result<DocUnit, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

fn parse_unit(s: &str) -> Result<TermUnit, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

fn parse_stemmer(s: &str) -> Result<StemmerKind, String> {
    s.parse().map_err(|e| format!("{e}"))
}

fn stopwords(s: &str) -> Result<Option<Stopwords>, Error> {
    Ok(match s {
        "none" => None,
        "german" => Some(Stopwords::german()),
        "cmc" => {
            let mut w = Stopwords::german();
            w.extend(&Stopwords::german_cmc());
            Some(w)
        }
        path => {
            Some(Stopwords::from_file(std::path::Path::new(path)).map_err(|e| Error::io(e, path))?)
        }
    })
}

pub fn dtm(a: DtmArgs, reporter: &Reporter) -> CmdResult {
    let analyzer = Analyzer::new(AnalyzerOptions {
        unit: a.unit,
        stemmer: a.stemmer,
        stopwords: stopwords(&a.stopwords)?,
        keep_numbers: a.keep_numbers,
        min_chars: a.min_chars,
        ..AnalyzerOptions::default()
    });
    let loaded = a.input.load(reporter)?;
    let dtm = Dtm::build(&loaded.corpus, &analyzer, a.doc);
    dtm.write_dir(&a.output)?;
    eprintln!(
        "korpus: dtm: {} documents × {} terms, {} non-zero cells → {}",
        dtm.docs.len(),
        dtm.terms.len(),
        dtm.entries.len(),
        a.output.display()
    );
    reporter.finish(&loaded)
}
