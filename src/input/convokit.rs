//! ConvoKit corpus folders (Cornell Conversational Analysis Toolkit): `utterances.jsonl`
//! with `speakers.json`, `conversations.json`, `corpus.json` and `index.json` beside it.
//!
//! Records: one utterance line. Utterances are grouped into threads by `conversation_id`;
//! the utterance whose id is the conversation id is the post, the others are comments whose
//! parent is their `reply_to` (a reply to the post, or no `reply_to`, is a top-level
//! comment). `speaker` → author; the date is the raw date kept in `meta.date` when korpus
//! wrote the folder, else the Unix `timestamp`. Post fields `title`, `url`, `tags` are taken
//! from the root utterance's meta (or the conversation's meta in `conversations.json`);
//! other meta keys stay as extra fields. Old corpora with `user`/`root` keys are read too.
//! Pickled ("bin") fields are never read.
//!
//! Keys korpus writes for a lossless round trip (see [`crate::output::convokit`]):
//! `korpus_id` (the original id when it had to be made unique), `korpus_parent` (the parent
//! id as in the input, when `reply_to` does not tell it), `korpus_synthetic` (a root written
//! for a thread that had no post record; not read back as a record).

use super::jsonl::{object_line, split_tags, Fields, Grouper};
use super::{source, Reader, Sink};
use crate::error::{Error, ErrorKind, Position, Result};
use crate::model::Date;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

/// The speaker id written for an utterance without a known author, read back as none.
pub const UNKNOWN_SPEAKER: &str = "<unknown>";

/// The companion files of a ConvoKit corpus folder.
const COMPANIONS: [&str; 5] = [
    "speakers.json",
    "users.json",
    "conversations.json",
    "corpus.json",
    "index.json",
];

/// True when `path` is a companion file (`speakers.json`, `conversations.json`,
/// `corpus.json`, `index.json`) of a ConvoKit corpus folder, i.e. `utterances.jsonl` lies
/// beside it.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("korpus-doc-companion-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// assert!(!korpus::input::convokit::is_companion(&dir.join("index.json")));
/// std::fs::write(dir.join("utterances.jsonl"), "").unwrap();
/// assert!(korpus::input::convokit::is_companion(&dir.join("index.json")));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn is_companion(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    COMPANIONS.contains(&name)
        && path
            .parent()
            .is_some_and(|d| d.join("utterances.jsonl").is_file())
}

/// Reads the corpus folder `dir`.
pub(super) fn read_dir(reader: &mut Reader, dir: &Path, sink: &mut Sink<'_>) -> Result<()> {
    let path = dir.join("utterances.jsonl");
    let input = source::open(&path)?;
    reader.accounting.files += 1;
    read_utterances(reader, &path, input, sink)
}

/// The conversation metadata of the folder holding `utterances`, if it has any.
fn conversation_meta(utterances: &Path) -> Result<HashMap<String, Map<String, Value>>> {
    let Some(dir) = utterances.parent() else {
        return Ok(HashMap::new());
    };
    let path = dir.join("conversations.json");
    if !path.is_file() {
        return Ok(HashMap::new());
    }
    let text = source::read_to_string(&path, true)?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        Error::new(
            ErrorKind::Json(e.to_string()),
            Position::file(&path).at_line(e.line() as u64),
        )
    })?;
    let mut out = HashMap::new();
    if let Value::Object(convs) = value {
        for (id, v) in convs {
            let meta = match v {
                Value::Object(mut o) if o.contains_key("meta") && o.len() <= 2 => {
                    match o.remove("meta") {
                        Some(Value::Object(m)) => m,
                        _ => Map::new(),
                    }
                }
                Value::Object(o) => o,
                _ => Map::new(),
            };
            out.insert(id, meta);
        }
    }
    Ok(out)
}

fn string(v: Option<Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn bad(field: &str, message: &str, pos: &Position) -> Error {
    Error::new(
        ErrorKind::BadField {
            field: field.into(),
            message: message.into(),
        },
        pos.clone(),
    )
}

/// One utterance line → korpus fields (`None` for a placeholder root korpus wrote for a
/// synthetic post).
fn fields(
    mut obj: Map<String, Value>,
    convs: &HashMap<String, Map<String, Value>>,
    pos: &Position,
) -> Result<Option<Fields>> {
    let written_id = string(obj.remove("id"))
        .ok_or_else(|| Error::new(ErrorKind::MissingField("id".into()), pos.clone()))?;
    let conversation = string(obj.remove("conversation_id").or_else(|| obj.remove("root")))
        .ok_or_else(|| {
            Error::new(
                ErrorKind::MissingField("conversation_id".into()),
                pos.clone(),
            )
        })?;
    let speaker = string(obj.remove("speaker").or_else(|| obj.remove("user")));
    let reply_to = string(obj.remove("reply_to"));
    let timestamp = obj.remove("timestamp");
    let text = match obj.remove("text") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s,
        Some(_) => return Err(bad("text", "expected a string", pos)),
    };
    let mut meta = match obj.remove("meta") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m,
        Some(_) => return Err(bad("meta", "expected an object", pos)),
    };
    if meta.get("korpus_synthetic") == Some(&Value::Bool(true)) && written_id == conversation {
        return Ok(None);
    }
    let id = match meta.shift_remove("korpus_id") {
        Some(v) => string(Some(v)).unwrap_or_else(|| written_id.clone()),
        None => written_id.clone(),
    };
    let is_root = written_id == conversation;
    let parent = match meta.shift_remove("korpus_parent") {
        Some(v) => string(Some(v)),
        None => reply_to.filter(|r| *r != conversation),
    };
    let date = match meta.shift_remove("date") {
        Some(Value::String(raw)) => Some(Date::parse(&raw)),
        other => {
            if let Some(v) = other {
                meta.insert("date".into(), v);
            }
            match timestamp {
                Some(Value::Number(n)) => n
                    .as_f64()
                    .filter(|s| s.is_finite() && s.abs() < 1e14)
                    .map(|secs| Date::from_millis((secs * 1000.0).round() as i64)),
                Some(Value::String(s)) => Some(Date::parse(&s)),
                _ => None,
            }
        }
    };
    if is_root {
        if let Some(cm) = convs.get(&conversation) {
            for (k, v) in cm {
                if !meta.contains_key(k) {
                    meta.insert(k.clone(), v.clone());
                }
            }
        }
    }
    let title = string(meta.shift_remove("title"));
    let url = string(meta.shift_remove("url"));
    let tags = match meta.shift_remove("tags") {
        Some(Value::Array(items)) => items.into_iter().filter_map(|v| string(Some(v))).collect(),
        Some(Value::String(s)) => split_tags(&s),
        Some(other) => {
            meta.insert("tags".into(), other);
            Vec::new()
        }
        None => Vec::new(),
    };
    // Vectors name matrices stored elsewhere; korpus does not read them.
    obj.remove("vectors");
    Ok(Some(Fields {
        // The post's id is the conversation id (korpus never renames a post).
        id: Some(if is_root { conversation.clone() } else { id }),
        thread: Some(conversation),
        parent,
        author: speaker.filter(|s| s != UNKNOWN_SPEAKER),
        date,
        text: Some(text),
        title,
        url,
        tags,
        meta,
    }))
}

/// Reads the utterances of a ConvoKit corpus from `input` (its `utterances.jsonl`).
pub(super) fn read_utterances(
    reader: &mut Reader,
    path: &Path,
    mut input: Box<dyn BufRead + Send>,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let convs = conversation_meta(path)?;
    let mut grouper = Grouper::default();
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let n = input
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(e, path))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let pos = Position::file(path).at_line(line_no);
        let Some(obj) = object_line(reader, std::mem::take(&mut buf), pos.clone(), &pos)? else {
            continue;
        };
        match fields(obj, &convs, &pos) {
            Ok(Some(f)) => grouper.add(reader, f, pos, sink)?,
            Ok(None) => {}
            Err(e) => {
                reader.accounting.read += 1;
                reader.bad(e)?;
            }
        }
    }
    grouper.finish(reader, sink)
}
