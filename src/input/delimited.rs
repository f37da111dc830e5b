//! CSV and TSV with a header line: one utterance a row, columns named by the field mapping,
//! grouped into threads like flat JSONL. Without a `thread` column every row is its own
//! post (a table of documents).

use super::jsonl::{split_tags, Fields, Grouper};
use super::{Reader, Sink};
use crate::error::{Error, ErrorKind, Position, Result};
use crate::model::Date;
use serde_json::Value;
use std::borrow::Cow;
use std::io::BufRead;
use std::path::Path;

pub(super) fn read(
    reader: &mut Reader,
    path: &Path,
    input: Box<dyn BufRead + Send>,
    delimiter: u8,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .has_headers(true)
        .from_reader(input);
    let headers = match csv.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            reader.accounting.read += 1;
            return reader.bad(csv_error(path, e));
        }
    };
    let headers: Vec<String> = headers
        .iter()
        .map(|h| {
            String::from_utf8_lossy(h)
                .trim_start_matches('\u{feff}')
                .to_string()
        })
        .collect();
    let col = |name: &str| headers.iter().position(|h| h == reader.fields().get(name));
    let cols: Vec<Option<usize>> = super::FIELDS.iter().map(|f| col(f)).collect();
    let known: Vec<bool> = (0..headers.len())
        .map(|i| cols.contains(&Some(i)))
        .collect();
    let has_thread = cols[0].is_some();
    let mut grouper = Grouper::default();
    let mut record = csv::ByteRecord::new();
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                reader.accounting.read += 1;
                let fatal = !matches!(
                    e.kind(),
                    csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }
                );
                reader.bad(csv_error(path, e))?;
                if fatal {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        let pos = Position::file(path).at_line(line);
        // Fields borrowed from the record; each is copied once, into its place.
        let mut values: Vec<Cow<'_, str>> = Vec::with_capacity(record.len());
        let mut bad = None;
        for v in record.iter() {
            // A SIMD check first; the standard library's finds the position of a problem.
            if let Ok(s) = simdutf8::basic::from_utf8(v) {
                values.push(Cow::Borrowed(s));
                continue;
            }
            match std::str::from_utf8(v) {
                Ok(s) => values.push(Cow::Borrowed(s)),
                Err(_) if reader.lossy() => values.push(String::from_utf8_lossy(v)),
                Err(e) => {
                    bad = Some(Error::new(
                        ErrorKind::InvalidUtf8,
                        pos.clone().at_byte(
                            record.position().map_or(0, |p| p.byte()) + e.valid_up_to() as u64,
                        ),
                    ));
                    break;
                }
            }
        }
        if let Some(e) = bad {
            reader.accounting.read += 1;
            reader.bad(e)?;
            continue;
        }
        // The non-empty value of canonical field `k`, if the input has its column.
        let field = |k: usize| {
            cols[k]
                .and_then(|i| values.get(i))
                .map(|s| &**s)
                .filter(|s| !s.is_empty())
        };
        let get = |k: usize| field(k).map(String::from);
        let mut f = Fields {
            thread: get(0),
            id: get(1),
            parent: get(2),
            author: get(3),
            date: field(4).map(Date::parse),
            text: get(5),
            title: get(6),
            url: get(7),
            tags: field(8).map(split_tags).unwrap_or_default(),
            meta: Default::default(),
        };
        for (i, v) in values.iter().enumerate() {
            if !known[i] {
                f.meta
                    .insert(headers[i].clone(), Value::String(v.to_string()));
            }
        }
        if has_thread {
            grouper.add(reader, f, pos, sink)?;
        } else {
            let id =
                f.id.clone()
                    .unwrap_or_else(|| format!("{}:{line}", path.display()));
            f.id = Some(id.clone());
            reader.emit(f.into_post(id), Vec::new(), 1, pos, sink)?;
        }
    }
    grouper.finish(reader, sink)
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    let mut pos = Position::file(path);
    if let Some(p) = e.position() {
        pos = pos.at_line(p.line());
    }
    let msg = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} fields, found {len}"),
        _ => e.to_string(),
    };
    Error::new(ErrorKind::Csv(msg), pos)
}
