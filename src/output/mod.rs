//! Output formats. Analyses produce typed results; the functions here write them.

pub mod convokit;
pub mod native;

use crate::error::{Error, Result};
use serde::Serialize;
use std::fmt;
use std::io::Write;
use std::str::FromStr;

/// The output formats a command can be asked for with `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum OutputFormat {
    /// A readable summary for the terminal.
    Table,
    /// One JSON document.
    Json,
    /// One JSON object a line.
    Jsonl,
    /// Comma-separated values with a header line.
    Csv,
    /// Tab-separated values with a header line.
    Tsv,
    /// One token a line (`korpus tokenize`).
    Tokens,
    /// CoNLL-U (`korpus tokenize`).
    Conllu,
}

impl FromStr for OutputFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<OutputFormat> {
        Ok(match s {
            "table" => OutputFormat::Table,
            "json" => OutputFormat::Json,
            "jsonl" | "ndjson" => OutputFormat::Jsonl,
            "csv" => OutputFormat::Csv,
            "tsv" => OutputFormat::Tsv,
            "tokens" => OutputFormat::Tokens,
            "conllu" => OutputFormat::Conllu,
            _ => {
                return Err(Error::usage(format!(
                    "unknown output format `{s}` (expected table, json, jsonl, csv, tsv, tokens or conllu)"
                )))
            }
        })
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OutputFormat::Table => "table",
            OutputFormat::Json => "json",
            OutputFormat::Jsonl => "jsonl",
            OutputFormat::Csv => "csv",
            OutputFormat::Tsv => "tsv",
            OutputFormat::Tokens => "tokens",
            OutputFormat::Conllu => "conllu",
        })
    }
}

/// A flat record of named values (one row of a table, one JSON object).
pub type Row = Vec<(String, serde_json::Value)>;

/// Writes `rows` (each a list of `(column, value)` pairs with the same columns) in `format`:
/// a two-column aligned table per row (`table`), a JSON array or a single object (`json`),
/// one object a line (`jsonl`), or a header line plus one line a row (`csv`, `tsv`).
pub fn write_rows(w: &mut dyn Write, rows: &[Row], format: OutputFormat) -> Result<()> {
    match format {
        OutputFormat::Table | OutputFormat::Tokens | OutputFormat::Conllu => {
            for (n, row) in rows.iter().enumerate() {
                if n > 0 {
                    writeln!(w)?;
                }
                let width = row
                    .iter()
                    .map(|(k, _)| k.chars().count())
                    .max()
                    .unwrap_or(0);
                for (k, v) in row {
                    writeln!(w, "{k:<width$}  {}", plain(v))?;
                }
            }
        }
        OutputFormat::Json => {
            let objects: Vec<serde_json::Map<String, serde_json::Value>> =
                rows.iter().map(|r| r.iter().cloned().collect()).collect();
            if objects.len() == 1 {
                serde_json::to_writer_pretty(&mut *w, &objects[0]).map_err(json_io)?;
            } else {
                serde_json::to_writer_pretty(&mut *w, &objects).map_err(json_io)?;
            }
            writeln!(w)?;
        }
        OutputFormat::Jsonl => {
            for r in rows {
                let o: serde_json::Map<String, serde_json::Value> = r.iter().cloned().collect();
                serde_json::to_writer(&mut *w, &o).map_err(json_io)?;
                writeln!(w)?;
            }
        }
        OutputFormat::Csv | OutputFormat::Tsv => {
            let delim = if format == OutputFormat::Csv {
                b','
            } else {
                b'\t'
            };
            let mut out = csv::WriterBuilder::new().delimiter(delim).from_writer(w);
            if let Some(first) = rows.first() {
                out.write_record(first.iter().map(|(k, _)| k.as_str()))
                    .map_err(csv_io)?;
            }
            for r in rows {
                out.write_record(r.iter().map(|(_, v)| plain(v)))
                    .map_err(csv_io)?;
            }
            out.flush()?;
        }
    }
    Ok(())
}

/// A JSON value as plain text: strings without quotes, null as empty, lists joined by `; `.
pub fn plain(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

/// Turns a serde_json error on writing into an I/O error (so broken pipes stay recognisable).
pub fn json_io(e: serde_json::Error) -> std::io::Error {
    match e.io_error_kind() {
        Some(kind) => std::io::Error::new(kind, e),
        None => std::io::Error::other(e),
    }
}

/// Turns a csv error on writing into an I/O error.
pub fn csv_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}
