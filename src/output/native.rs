//! korpus's native nested JSONL: one thread a line, the post's fields and `"comments"`.
//!
//! Written so that reading it back gives the same threads: ids, parent ids (as in the input,
//! so orphans and cut cycles are found again), authors, raw dates, texts, tags and extra
//! fields are kept.

use crate::model::{Comment, Date, Meta, Thread};
use serde_json::{Map, Value};
use std::io::{self, Write};

fn put(obj: &mut Map<String, Value>, key: &str, v: Option<&str>) {
    if let Some(v) = v {
        obj.insert(key.into(), Value::String(v.into()));
    }
}

fn extend(obj: &mut Map<String, Value>, meta: &Meta) {
    for (k, v) in meta {
        obj.entry(k.clone()).or_insert_with(|| v.clone());
    }
}

fn comment_value(c: &Comment) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), Value::String(c.id.clone()));
    o.insert(
        "parent".into(),
        c.parent_id.clone().map_or(Value::Null, Value::String),
    );
    put(&mut o, "author", c.author.as_deref());
    put(&mut o, "date", c.date.as_ref().map(Date::raw));
    o.insert("text".into(), Value::String(c.text.clone()));
    extend(&mut o, &c.meta);
    Value::Object(o)
}

/// The JSON object of a thread in the nested shape.
///
/// ```
/// use korpus::{Post, Thread};
/// use korpus::output::native::thread_value;
/// let t = Thread { post: Post { id: "p1".into(), text: "Moin".into(), ..Post::default() }, comments: vec![] };
/// assert_eq!(thread_value(&t).to_string(), r#"{"id":"p1","text":"Moin","comments":[]}"#);
/// ```
pub fn thread_value(t: &Thread) -> Value {
    let p = &t.post;
    let mut o = Map::new();
    o.insert("id".into(), Value::String(p.id.clone()));
    put(&mut o, "title", p.title.as_deref());
    put(&mut o, "author", p.author.as_deref());
    put(&mut o, "date", p.date.as_ref().map(Date::raw));
    put(&mut o, "url", p.url.as_deref());
    if !p.tags.is_empty() {
        o.insert("tags".into(), Value::from(p.tags.clone()));
    }
    o.insert("text".into(), Value::String(p.text.clone()));
    o.insert(
        "comments".into(),
        Value::Array(t.comments.iter().map(comment_value).collect()),
    );
    extend(&mut o, &p.meta);
    Value::Object(o)
}

/// Writes one thread as a line of nested JSONL.
pub fn write_thread(w: &mut dyn Write, t: &Thread) -> io::Result<()> {
    serde_json::to_writer(&mut *w, &thread_value(t)).map_err(super::json_io)?;
    w.write_all(b"\n")
}
