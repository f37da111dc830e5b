//! `korpus keyterms`: keyterms of each document, part or group against a reference.

use super::{CmdResult, InputArgs, OutputArgs, Reporter, TABULAR};
use clap::Args;
use korpus::output::{self, OutputFormat, Row};
use korpus::terms::keyterms::{
    document_frequencies, rest_of, Against, Extractor, Keyterm, KeytermOptions, Measure, TermCounts,
};
use korpus::terms::Reference;
use korpus::Error;
use rayon::prelude::*;
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `korpus keyterms`.
#[derive(Debug, Args)]
pub struct KeytermsArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    output: OutputArgs,
    /// What is a target: thread (post and comments), post, part (a thread's post and its
    /// comments, each against the other) or corpus.
    #[arg(long, value_name = "UNIT", default_value = "thread")]
    by: String,
    /// Reference: default (shipped German list), corpus (the rest of the corpus, or the
    /// other part with --by part), both, none, or a FILE of `form<TAB>count` lines.
    #[arg(long, value_name = "REF", default_value = "default")]
    reference: String,
    /// Ranking measure: g2 or tfidf.
    #[arg(long, value_name = "MEASURE", default_value = "g2")]
    measure: String,
    /// Terms per target.
    #[arg(long, value_name = "K", default_value_t = 10)]
    top: usize,
    /// No multiword terms.
    #[arg(long)]
    no_multiword: bool,
    /// Longest multiword term, in words.
    #[arg(long, value_name = "N", default_value_t = 3)]
    max_words: usize,
    /// How often a multiword term must occur in a target.
    #[arg(long, value_name = "N", default_value_t = 4)]
    min_phrase_count: u64,
    /// Factor for terms in the title (1: off).
    #[arg(long, value_name = "X", default_value_t = 2.5)]
    title_weight: f64,
    /// Weight of words never capitalised, 0..1 (1: no preference for nouns).
    #[arg(long, value_name = "X", default_value_t = 0.25)]
    noun_floor: f64,
    /// A multiword term's reference count: its rarest word's count divided by this.
    #[arg(long, value_name = "N", default_value_t = 1)]
    phrase_divisor: u64,
    /// How often a single word must occur in a target.
    #[arg(long, value_name = "N", default_value_t = 1)]
    min_count: u64,
    /// Keep words next to the multiword terms that contain them.
    #[arg(long)]
    no_absorb: bool,
    /// Leave out words that mostly modify a following capitalised word (`Open` in `Open Data`).
    #[arg(long)]
    drop_modifiers: bool,
    /// Prefer terms found in many documents of the input: score × df^X (0: off).
    #[arg(long, value_name = "X", default_value_t = 0.4)]
    df_weight: f64,
    /// Do not count the compounds built on a word as evidence for it.
    #[arg(long)]
    no_compounds: bool,
    /// Prefer terms seen early in a target: score × (1 + first/0.05)^-X, first = relative
    /// position of the first occurrence (0: off).
    #[arg(long, value_name = "X", default_value_t = KeytermOptions::POSITION_WEIGHT)]
    position_weight: f64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Thread,
    Post,
    Part,
    Corpus,
}

/// One target: its id, part name and counts.
struct Target {
    id: String,
    part: Option<&'static str>,
    counts: TermCounts,
    /// Index of the other part of the same thread (for --by part).
    other: Option<usize>,
}

pub fn keyterms(a: KeytermsArgs, reporter: &Reporter) -> CmdResult {
    let format = a.output.format_or(OutputFormat::Table, TABULAR)?;
    let unit = match a.by.as_str() {
        "thread" | "doc" | "document" => Unit::Thread,
        "post" => Unit::Post,
        "part" => Unit::Part,
        "corpus" | "none" => Unit::Corpus,
        other => {
            return Err(Error::usage(format!(
                "--by {other}: expected thread, post, part or corpus"
            ))
            .into())
        }
    };
    let measure: Measure = a.measure.parse()?;
    let (list, rest): (Option<Reference>, bool) = match a.reference.as_str() {
        "default" => (Some(Reference::german().clone()), unit == Unit::Part),
        "corpus" => (None, true),
        "both" => (Some(Reference::german().clone()), true),
        "none" => (None, false),
        path => (
            Some(Reference::from_path(&PathBuf::from(path))?),
            unit == Unit::Part,
        ),
    };
    if measure == Measure::G2 && list.is_none() && !rest {
        return Err(Error::usage("--reference none needs --measure tfidf").into());
    }
    let opts = KeytermOptions {
        measure,
        multiword: !a.no_multiword,
        max_words: a.max_words.clamp(2, 3),
        min_phrase_count: a.min_phrase_count,
        title_weight: a.title_weight,
        noun_floor: a.noun_floor,
        phrase_divisor: a.phrase_divisor,
        min_count: a.min_count,
        absorb: !a.no_absorb,
        drop_modifiers: a.drop_modifiers,
        df_weight: a.df_weight,
        compounds: !a.no_compounds,
        position_weight: a.position_weight,
        ..KeytermOptions::default()
    };
    let ex = Extractor::with_reference(opts, list.as_ref());
    let loaded = a.input.load(reporter)?;
    let threads = &loaded.corpus.threads;

    // Count every target in parallel.
    let per_thread: Vec<Vec<Target>> = threads
        .par_iter()
        .map(|t| {
            let title = t.post.title.as_deref();
            let mut post = ex.count(title, &t.post.text);
            match unit {
                Unit::Post => vec![Target {
                    id: t.id().to_string(),
                    part: None,
                    counts: post,
                    other: None,
                }],
                Unit::Thread | Unit::Corpus => {
                    for c in &t.comments {
                        ex.add_text(&mut post, &c.text);
                    }
                    vec![Target {
                        id: t.id().to_string(),
                        part: None,
                        counts: post,
                        other: None,
                    }]
                }
                Unit::Part => {
                    let mut comments = TermCounts::default();
                    for c in &t.comments {
                        ex.add_text(&mut comments, &c.text);
                    }
                    vec![
                        Target {
                            id: t.id().to_string(),
                            part: Some("post"),
                            counts: post,
                            other: None,
                        },
                        Target {
                            id: t.id().to_string(),
                            part: Some("comments"),
                            counts: comments,
                            other: None,
                        },
                    ]
                }
            }
        })
        .collect();
    let mut targets: Vec<Target> = per_thread.into_iter().flatten().collect();
    if unit == Unit::Corpus {
        let mut all = TermCounts::default();
        for t in &targets {
            all.merge(&t.counts);
        }
        targets = vec![Target {
            id: "corpus".into(),
            part: None,
            counts: all,
            other: None,
        }];
    }
    if unit == Unit::Part {
        for (i, t) in targets.iter_mut().enumerate() {
            t.other = Some(i ^ 1);
        }
    }
    let total = if rest && unit != Unit::Part {
        let mut all = TermCounts::default();
        for t in &targets {
            all.merge(&t.counts);
        }
        Some(all)
    } else {
        None
    };
    let df = (measure == Measure::TfIdf || a.df_weight > 0.0)
        .then(|| document_frequencies(targets.iter().map(|t| &t.counts)));
    let n_docs = targets.len() as u64;

    let ranked: Vec<Vec<Keyterm>> = targets
        .par_iter()
        .map(|t| {
            if let (Some(df), Measure::TfIdf) = (&df, measure) {
                return ex.rank_tfidf(&t.counts, df, n_docs, a.top);
            }
            let rest_counts = match (&total, t.other) {
                (Some(all), _) => Some(rest_of(all, &t.counts)),
                (None, Some(o)) if rest => targets.get(o).map(|o| o.counts.clone()),
                _ => None,
            };
            ex.rank(
                &t.counts,
                Against {
                    list: list.is_some(),
                    rest: rest_counts.as_ref(),
                    df: df.as_ref(),
                },
                a.top,
            )
        })
        .collect();

    let mut w = a.output.writer()?;
    match format {
        OutputFormat::Jsonl => {
            for (t, terms) in targets.iter().zip(&ranked) {
                let shown: Vec<&str> = terms.iter().map(|k| k.term.as_str()).collect();
                let line = match t.part {
                    Some(p) => json!({"id": t.id, "part": p, "terms": shown}),
                    None => json!({"id": t.id, "terms": shown}),
                };
                serde_json::to_writer(&mut w, &line).map_err(output::json_io)?;
                writeln!(w)?;
            }
        }
        OutputFormat::Json => {
            let docs: Vec<Value> = targets
                .iter()
                .zip(&ranked)
                .map(|(t, terms)| json!({"id": t.id, "part": t.part, "terms": terms}))
                .collect();
            serde_json::to_writer_pretty(&mut w, &docs).map_err(output::json_io)?;
            writeln!(w)?;
        }
        OutputFormat::Table => {
            for (n, (t, terms)) in targets.iter().zip(&ranked).enumerate() {
                if n > 0 {
                    writeln!(w)?;
                }
                match t.part {
                    Some(p) => writeln!(w, "== {} ({p})", t.id)?,
                    None => writeln!(w, "== {}", t.id)?,
                }
                writeln!(
                    w,
                    "{:>3}  {:<32} {:>9} {:>7} {:>6} {:>6} {:>9}",
                    "#", "term", "G²", "LR", "count", "+cpd", "ref"
                )?;
                for (i, k) in terms.iter().enumerate() {
                    writeln!(
                        w,
                        "{:>3}  {:<32} {:>9.1} {:>7.2} {:>6} {:>6} {:>9}",
                        i + 1,
                        k.term,
                        k.g2,
                        k.log_ratio,
                        k.count,
                        k.in_compounds,
                        k.reference
                    )?;
                }
            }
        }
        _ => {
            let mut rows: Vec<Row> = Vec::new();
            for (t, terms) in targets.iter().zip(&ranked) {
                for (i, k) in terms.iter().enumerate() {
                    rows.push(vec![
                        ("id".into(), json!(t.id)),
                        ("part".into(), json!(t.part.unwrap_or(""))),
                        ("rank".into(), json!(i + 1)),
                        ("term".into(), json!(k.term)),
                        ("score".into(), json!(round(k.score))),
                        ("g2".into(), json!(round(k.g2))),
                        ("log_ratio".into(), json!(round(k.log_ratio))),
                        ("count".into(), json!(k.count)),
                        ("reference".into(), json!(k.reference)),
                        ("in_compounds".into(), json!(k.in_compounds)),
                        ("target_tokens".into(), json!(k.target_tokens)),
                        ("reference_tokens".into(), json!(k.reference_tokens)),
                    ]);
                }
            }
            output::write_rows(&mut w, &rows, format)?;
        }
    }
    w.flush()?;
    reporter.finish(&loaded)
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
