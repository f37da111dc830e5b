//! Writes a corpus as a ConvoKit corpus folder that `convokit.Corpus(filename=DIR)` loads:
//! `utterances.jsonl`, `speakers.json`, `conversations.json`, `corpus.json`, `index.json`.
//!
//! Mapping: each thread is a conversation whose id is the post's id; the post is its root
//! utterance (`reply_to` null), each comment an utterance replying to its parent comment or
//! to the post. `speaker` is the author (`<unknown>` when there is none), `timestamp` the
//! Unix seconds of the date (null when it could not be parsed), and the raw date is kept in
//! `meta.date`. The post's `title`, `url` and `tags` go into the root's meta (the title also
//! into the conversation's meta); extra fields go into `meta` as they are.
//!
//! ConvoKit needs utterance ids unique over the whole corpus, korpus only within a thread:
//! a comment id already used elsewhere is written as `THREAD/ID` with the original in
//! `meta.korpus_id`. Where `reply_to` does not tell the parent id as it was in the input
//! (orphans, cut cycles, a renamed parent, an explicit reply to the post), that id is kept
//! in `meta.korpus_parent`. So reading the folder back with korpus gives the same ids,
//! parents, authors, dates and texts. No pickled ("bin") fields and no vectors are written.
//!
//! ```
//! use korpus::{Comment, Corpus, Post, Thread};
//! let post = Post { id: "p1".into(), title: Some("Breitband".into()), text: "Der Ausbau stockt.".into(), ..Post::default() };
//! let c = Comment { id: "c1".into(), author: Some("Anke".into()), text: "Leider wahr.".into(), ..Comment::default() };
//! let corpus = Corpus { threads: vec![Thread::assemble(post, vec![c]).unwrap()] };
//! let dir = std::env::temp_dir().join(format!("korpus-doc-convokit-{}", std::process::id()));
//! let summary = korpus::output::convokit::write(&dir, &corpus).unwrap();
//! assert_eq!((summary.utterances, summary.conversations, summary.speakers), (2, 1, 2));
//! assert!(dir.join("index.json").is_file());
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

use crate::error::{Error, Result};
use crate::input::convokit::UNKNOWN_SPEAKER;
use crate::model::{Corpus, Date, Meta, Thread};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// What [`write`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Utterances (posts and comments).
    pub utterances: u64,
    /// Conversations (threads).
    pub conversations: u64,
    /// Distinct speakers.
    pub speakers: u64,
    /// Comment ids that had to be made unique (original kept in `meta.korpus_id`).
    pub renamed: u64,
}

/// ConvoKit's name for the Python type of a JSON value (as in its `index.json`).
fn py_type(v: &Value) -> Option<&'static str> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(_) => "<class 'bool'>",
        Value::Number(n) if n.is_f64() => "<class 'float'>",
        Value::Number(_) => "<class 'int'>",
        Value::String(_) => "<class 'str'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'dict'>",
    })
}

type Index = BTreeMap<String, BTreeSet<&'static str>>;

fn note_types(index: &mut Index, meta: &Map<String, Value>) {
    for (k, v) in meta {
        let entry = index.entry(k.clone()).or_default();
        if let Some(t) = py_type(v) {
            entry.insert(t);
        }
    }
}

fn index_value(index: &Index) -> Value {
    let mut o = Map::new();
    for (k, types) in index {
        // A key seen only with null values still needs a type; ConvoKit uses str then.
        let list: Vec<Value> = if types.is_empty() {
            vec![Value::from("<class 'str'>")]
        } else {
            types.iter().map(|t| Value::from(*t)).collect()
        };
        o.insert(k.clone(), Value::Array(list));
    }
    Value::Object(o)
}

fn extend(obj: &mut Map<String, Value>, meta: &Meta) {
    for (k, v) in meta {
        obj.entry(k.clone()).or_insert_with(|| v.clone());
    }
}

fn timestamp(d: Option<&Date>) -> Value {
    d.and_then(Date::timestamp).map_or(Value::Null, Value::from)
}

fn io_err(e: std::io::Error, path: &Path) -> Error {
    Error::io(e, path)
}

fn write_json(path: &Path, v: &Value) -> Result<()> {
    let f = File::create(path).map_err(|e| io_err(e, path))?;
    let mut w = BufWriter::new(f);
    serde_json::to_writer(&mut w, v)
        .map_err(super::json_io)
        .map_err(|e| io_err(e, path))?;
    w.flush().map_err(|e| io_err(e, path))
}

/// Writes `corpus` as a ConvoKit corpus folder `dir` (created if missing; the five files
/// are replaced).
pub fn write(dir: &Path, corpus: &Corpus) -> Result<Summary> {
    std::fs::create_dir_all(dir).map_err(|e| io_err(e, dir))?;
    let utt_path = dir.join("utterances.jsonl");
    let f = File::create(&utt_path).map_err(|e| io_err(e, &utt_path))?;
    let mut w = BufWriter::with_capacity(1 << 16, f);
    // Post ids are unique over the corpus; comment ids must avoid them and each other.
    let mut used: HashSet<String> = corpus.threads.iter().map(|t| t.post.id.clone()).collect();
    let mut speakers: BTreeSet<String> = BTreeSet::new();
    let mut conversations = Map::new();
    let mut utt_index = Index::new();
    let mut conv_index = Index::new();
    let mut summary = Summary::default();
    for t in &corpus.threads {
        let ids = comment_ids(t, &mut used, &mut summary);
        let lines = thread_lines(t, &ids);
        for line in lines {
            if let Some(Value::Object(m)) = line.get("meta") {
                note_types(&mut utt_index, m);
            }
            if let Some(Value::String(s)) = line.get("speaker") {
                speakers.insert(s.clone());
            }
            serde_json::to_writer(&mut w, &line)
                .map_err(super::json_io)
                .map_err(|e| io_err(e, &utt_path))?;
            w.write_all(b"\n").map_err(|e| io_err(e, &utt_path))?;
            summary.utterances += 1;
        }
        let mut cmeta = Map::new();
        if let Some(title) = &t.post.title {
            cmeta.insert("title".into(), Value::from(title.clone()));
        }
        note_types(&mut conv_index, &cmeta);
        conversations.insert(t.post.id.clone(), Value::Object(cmeta));
        summary.conversations += 1;
    }
    w.flush().map_err(|e| io_err(e, &utt_path))?;
    summary.speakers = speakers.len() as u64;
    let speakers_value: Map<String, Value> = speakers
        .into_iter()
        .map(|s| (s, Value::Object(Map::new())))
        .collect();
    write_json(&dir.join("speakers.json"), &Value::Object(speakers_value))?;
    write_json(
        &dir.join("conversations.json"),
        &Value::Object(conversations),
    )?;
    let overall = json!({ "korpus_version": env!("CARGO_PKG_VERSION") });
    write_json(&dir.join("corpus.json"), &overall)?;
    let mut overall_index = Index::new();
    if let Value::Object(o) = &overall {
        note_types(&mut overall_index, o);
    }
    let index = json!({
        "utterances-index": index_value(&utt_index),
        "speakers-index": {},
        "conversations-index": index_value(&conv_index),
        "overall-index": index_value(&overall_index),
        "version": 1,
        "vectors": [],
    });
    write_json(&dir.join("index.json"), &index)?;
    Ok(summary)
}

/// The id each comment of `t` is written under.
fn comment_ids(t: &Thread, used: &mut HashSet<String>, summary: &mut Summary) -> Vec<String> {
    t.comments
        .iter()
        .map(|c| {
            if used.insert(c.id.clone()) {
                return c.id.clone();
            }
            summary.renamed += 1;
            let base = format!("{}/{}", t.post.id, c.id);
            let mut id = base.clone();
            let mut n = 1;
            while !used.insert(id.clone()) {
                n += 1;
                id = format!("{base}#{n}");
            }
            id
        })
        .collect()
}

/// The utterance objects of one thread: the post, then its comments in order.
fn thread_lines(t: &Thread, ids: &[String]) -> Vec<Value> {
    let p = &t.post;
    let mut out = Vec::with_capacity(1 + t.comments.len());
    let mut meta = Map::new();
    if let Some(d) = &p.date {
        meta.insert("date".into(), Value::from(d.raw()));
    }
    if let Some(title) = &p.title {
        meta.insert("title".into(), Value::from(title.clone()));
    }
    if let Some(url) = &p.url {
        meta.insert("url".into(), Value::from(url.clone()));
    }
    if !p.tags.is_empty() {
        meta.insert("tags".into(), Value::from(p.tags.clone()));
    }
    if p.synthetic {
        meta.insert("korpus_synthetic".into(), Value::Bool(true));
    }
    extend(&mut meta, &p.meta);
    out.push(utterance(
        &p.id,
        &p.id,
        p.author.as_deref(),
        Value::Null,
        timestamp(p.date.as_ref()),
        &p.text,
        meta,
    ));
    for (i, c) in t.comments.iter().enumerate() {
        let mut meta = Map::new();
        if let Some(d) = &c.date {
            meta.insert("date".into(), Value::from(d.raw()));
        }
        if ids[i] != c.id {
            meta.insert("korpus_id".into(), Value::from(c.id.clone()));
        }
        let reply_to = match c.parent {
            Some(j) if j < ids.len() => ids[j].clone(),
            _ => p.id.clone(),
        };
        // What a reader infers from reply_to alone: the parent's written id, or none for a
        // reply to the post.
        let inferred = match c.parent {
            Some(j) if j < ids.len() => Some(ids[j].as_str()),
            _ => None,
        };
        if c.parent_id.as_deref() != inferred {
            meta.insert(
                "korpus_parent".into(),
                c.parent_id.clone().map_or(Value::Null, Value::String),
            );
        }
        extend(&mut meta, &c.meta);
        out.push(utterance(
            &ids[i],
            &p.id,
            c.author.as_deref(),
            Value::String(reply_to),
            timestamp(c.date.as_ref()),
            &c.text,
            meta,
        ));
    }
    out
}

fn utterance(
    id: &str,
    conversation: &str,
    speaker: Option<&str>,
    reply_to: Value,
    timestamp: Value,
    text: &str,
    meta: Map<String, Value>,
) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), Value::from(id));
    o.insert("conversation_id".into(), Value::from(conversation));
    o.insert("text".into(), Value::from(text));
    o.insert(
        "speaker".into(),
        Value::from(speaker.unwrap_or(UNKNOWN_SPEAKER)),
    );
    o.insert("meta".into(), Value::Object(meta));
    o.insert("reply_to".into(), reply_to);
    o.insert("timestamp".into(), timestamp);
    o.insert("vectors".into(), Value::Array(Vec::new()));
    Value::Object(o)
}
