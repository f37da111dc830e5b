//! A thin streaming layer over quick-xml for the export readers: element starts with their
//! attributes, text (character data, CDATA and references merged), element ends.

use super::html;
use crate::error::{Error, ErrorKind, Position, Result};
use quick_xml::events::{BytesStart, Event};
use std::io::BufRead;
use std::path::Path;

/// One step through an XML document.
pub(super) enum Ev<'a> {
    /// `<name attr="…">` (also for an empty element, which is followed by its `End`).
    Start(&'a str, &'a [(String, String)]),
    /// Text inside the current element (possibly one of several pieces).
    Text(&'a str),
    /// `</name>`.
    End(&'a str),
}

fn name_of(e: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(e.name().as_ref()).into_owned()
}

fn attrs_of(e: &BytesStart<'_>) -> Vec<(String, String)> {
    e.attributes()
        .flatten()
        .map(|a| {
            let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            let value = match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(_) => html::decode_entities(&String::from_utf8_lossy(&a.value)),
            };
            (key, value)
        })
        .collect()
}

fn malformed(path: &Path, at: u64, what: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Format(format!("malformed XML: {what}")),
        Position::file(path).at_byte(at),
    )
}

/// Streams the events of `input` to `f`, with the byte offset where each event starts.
/// Names are qualified as written (`wp:comment`). Invalid UTF-8 is replaced.
pub(super) fn walk(
    path: &Path,
    input: Box<dyn BufRead + Send>,
    f: &mut dyn FnMut(Ev<'_>, u64) -> Result<()>,
) -> Result<()> {
    let mut reader = quick_xml::Reader::from_reader(input);
    reader.config_mut().check_end_names = true;
    let mut buf = Vec::new();
    let mut names: Vec<String> = Vec::new();
    loop {
        buf.clear();
        let at = reader.buffer_position();
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| malformed(path, reader.error_position(), e))?;
        match ev {
            Event::Start(e) => {
                let name = name_of(&e);
                let attrs = attrs_of(&e);
                f(Ev::Start(&name, &attrs), at)?;
                names.push(name);
            }
            Event::Empty(e) => {
                let name = name_of(&e);
                let attrs = attrs_of(&e);
                f(Ev::Start(&name, &attrs), at)?;
                f(Ev::End(&name), at)?;
            }
            Event::End(_) => {
                if let Some(name) = names.pop() {
                    f(Ev::End(&name), at)?;
                }
            }
            Event::Text(t) => {
                let s = String::from_utf8_lossy(&t.into_inner()).into_owned();
                f(Ev::Text(&s), at)?;
            }
            Event::CData(t) => {
                let s = String::from_utf8_lossy(&t.into_inner()).into_owned();
                f(Ev::Text(&s), at)?;
            }
            Event::GeneralRef(r) => {
                let name = String::from_utf8_lossy(&r.clone().into_inner()).into_owned();
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => match html::entity(&name) {
                        Some(t) => t.to_string(),
                        None => format!("&{name};"),
                    },
                    Err(e) => return Err(malformed(path, at, e)),
                };
                f(Ev::Text(&text), at)?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = names.last() {
        return Err(malformed(
            path,
            reader.buffer_position(),
            format!("unexpected end of file inside <{open}>"),
        ));
    }
    Ok(())
}

/// The local part of a qualified name (`thr:in-reply-to` → `in-reply-to`).
pub(super) fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The value of attribute `key` (qualified as written).
pub(super) fn attr<'a>(attrs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}
