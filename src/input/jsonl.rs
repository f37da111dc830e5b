//! Native JSONL: nested (one thread a line, comments in `"comments"`) and flat (one
//! utterance a line with a `thread` field), and the grouping of flat records into threads.

use super::record::{self, Comments, Item, COMMENTS};
use super::{source, FieldMap, Reader, Sink, FIELDS};
use crate::error::{Error, ErrorKind, Position, Result};
use crate::model::{Comment, Date, Meta, Post, Thread};
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use serde_json::{Map, Value};
use std::hash::{Hash, Hasher};
use std::io::BufRead;
use std::path::Path;

/// The canonical fields of one record, taken out of its source form.
#[derive(Debug, Default)]
pub(super) struct Fields {
    pub thread: Option<String>,
    pub id: Option<String>,
    pub parent: Option<String>,
    pub author: Option<String>,
    pub date: Option<Date>,
    pub text: Option<String>,
    pub title: Option<String>,
    pub url: Option<String>,
    pub tags: Vec<String>,
    pub meta: Meta,
}

fn scalar(field: &str, v: Value, pos: &Position) -> Result<Option<String>> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        _ => Err(Error::new(
            ErrorKind::BadField {
                field: field.to_string(),
                message: "expected a string or number".into(),
            },
            pos.clone(),
        )),
    }
}

/// Splits a tag string on commas and semicolons.
pub(super) fn split_tags(s: &str) -> Vec<String> {
    s.split([',', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

impl Fields {
    /// Takes the mapped fields out of a JSON object; the rest become `meta` (in their
    /// order).
    pub fn from_json(
        mut obj: Map<String, Value>,
        map: &FieldMap,
        pos: &Position,
    ) -> Result<Fields> {
        let slots = FIELDS.map(|name| obj.shift_remove(map.get(name)).unwrap_or(Value::Null));
        Fields::from_slots(slots, obj, pos)
    }

    /// The fields from the values of the mapped fields (by position in [`FIELDS`], `Null`
    /// when absent) and the other fields. A field of the wrong type is an error; the first
    /// in the order of [`FIELDS`] is reported.
    pub(super) fn from_slots(
        slots: [Value; FIELDS.len()],
        meta: Meta,
        pos: &Position,
    ) -> Result<Fields> {
        let [thread, id, parent, author, date, text, title, url, tags] = slots;
        let mut f = Fields {
            meta,
            ..Fields::default()
        };
        f.thread = scalar("thread", thread, pos)?;
        f.id = scalar("id", id, pos)?.filter(|s| !s.is_empty());
        f.parent = scalar("parent", parent, pos)?.filter(|s| !s.is_empty());
        f.author = scalar("author", author, pos)?;
        f.date = match date {
            Value::Number(n) => n
                .as_f64()
                .map(|secs| Date::from_millis((secs * 1000.0).round() as i64)),
            v => scalar("date", v, pos)?.map(|s| Date::parse(&s)),
        };
        f.text = scalar("text", text, pos)?;
        f.title = scalar("title", title, pos)?;
        f.url = scalar("url", url, pos)?;
        f.tags = match tags {
            Value::Null => Vec::new(),
            Value::String(s) => split_tags(&s),
            Value::Array(items) => items
                .into_iter()
                .filter_map(|v| scalar("tags", v, pos).transpose())
                .collect::<Result<Vec<_>>>()?,
            _ => {
                return Err(Error::new(
                    ErrorKind::BadField {
                        field: "tags".into(),
                        message: "expected a list of strings or a string".into(),
                    },
                    pos.clone(),
                ))
            }
        };
        Ok(f)
    }

    pub fn into_post(self, id: String) -> Post {
        Post {
            id,
            title: self.title,
            author: self.author,
            date: self.date,
            url: self.url,
            tags: self.tags,
            text: self.text.unwrap_or_default(),
            synthetic: false,
            meta: self.meta,
        }
    }

    pub fn into_comment(mut self, id: String) -> Comment {
        // Comment-level fields korpus has no slot for stay as extra fields.
        if let Some(t) = self.title.take() {
            self.meta.insert("title".into(), Value::String(t));
        }
        if let Some(u) = self.url.take() {
            self.meta.insert("url".into(), Value::String(u));
        }
        if !self.tags.is_empty() {
            let tags = std::mem::take(&mut self.tags);
            self.meta.insert("tags".into(), Value::from(tags));
        }
        Comment {
            id,
            parent: None,
            parent_id: self.parent,
            author: self.author,
            date: self.date,
            text: self.text.unwrap_or_default(),
            flags: Default::default(),
            meta: self.meta,
        }
    }
}

/// Flat records grouped into threads, in the order threads first appear.
///
/// When the reader streams records ([`ReaderBuilder::stream_records`]), each record goes to
/// the sink as it is read (a thread of its own) and only the threads' shapes are kept (ids
/// and parent links), to be assembled for the accounting and the warnings at the end.
///
/// [`ReaderBuilder::stream_records`]: super::ReaderBuilder::stream_records
#[derive(Default)]
pub(super) struct Grouper {
    order: Vec<String>,
    groups: FxHashMap<String, Group>,
    /// A hash of (thread, id) of every record so far: an id is compared with its thread's
    /// ids only when its hash was seen before.
    hashes: FxHashSet<u64>,
}

struct Group {
    /// The thread's position in `order`.
    index: usize,
    /// The post record (boxed: a thread's entry stays small; empty when streaming).
    post: Option<Box<Post>>,
    /// Whether the post record was read.
    has_post: bool,
    comments: Vec<Comment>,
    /// Streaming records: each comment's id and parent id, one after the other in
    /// `link_text`, as (start, length of the id, length of the parent id + 1, or 0 for
    /// none); `comments` stays empty.
    links: Vec<(usize, u32, u32)>,
    link_text: String,
    records: u64,
    first: Position,
}

impl Group {
    /// Whether record `id` of thread `thread` was read already.
    fn has(&self, id: &str, thread: &str) -> bool {
        if id == thread {
            return self.has_post;
        }
        self.comments.iter().any(|c| c.id == id) || self.links().any(|(known, _)| known == id)
    }

    /// Streaming records: the comments' ids and parent ids.
    fn links(&self) -> impl Iterator<Item = (&str, Option<&str>)> + '_ {
        self.links.iter().map(|&(start, id, parent)| {
            let id_end = start + id as usize;
            let id = self.link_text.get(start..id_end).unwrap_or_default();
            let parent = (parent > 0).then(|| {
                self.link_text
                    .get(id_end..id_end + parent as usize - 1)
                    .unwrap_or_default()
            });
            (id, parent)
        })
    }
}

impl Grouper {
    /// Adds one flat record; a record whose id equals its thread id is the post. When the
    /// reader streams records, the record goes to `sink` now, unless its thread was read
    /// from an earlier input already (then the whole thread is skipped at the end).
    pub fn add(
        &mut self,
        reader: &mut Reader,
        f: Fields,
        pos: Position,
        sink: &mut Sink<'_>,
    ) -> Result<()> {
        let Some(thread) = f.thread.clone().filter(|t| !t.is_empty()) else {
            reader.accounting.read += 1;
            let name = reader.fields().get("thread").to_string();
            return reader.bad(Error::new(ErrorKind::MissingField(name), pos));
        };
        let Some(id) = f.id.clone() else {
            reader.accounting.read += 1;
            let name = reader.fields().get("id").to_string();
            return reader.bad(Error::new(ErrorKind::MissingField(name), pos));
        };
        let group = match self.groups.get_mut(&thread) {
            Some(g) => g,
            None => {
                self.order.push(thread.clone());
                self.groups.entry(thread.clone()).or_insert(Group {
                    index: self.order.len() - 1,
                    post: None,
                    has_post: false,
                    comments: Vec::new(),
                    links: Vec::new(),
                    link_text: String::new(),
                    records: 0,
                    first: pos.clone(),
                })
            }
        };
        let mut h = FxHasher::default();
        group.index.hash(&mut h);
        id.hash(&mut h);
        if !self.hashes.insert(h.finish()) && group.has(&id, &thread) {
            reader.accounting.read += 1;
            return reader.bad(Error::new(
                ErrorKind::DuplicateId(id.clone()),
                pos.with_record(id),
            ));
        }
        group.records += 1;
        group.has_post |= id == thread;
        if !reader.opts.stream_records {
            if id == thread {
                group.post = Some(Box::new(f.into_post(id)));
            } else {
                group.comments.push(f.into_comment(id));
            }
            return Ok(());
        }
        let pass = !reader.seen_threads.contains(&thread);
        if id == thread {
            if pass {
                sink(Thread {
                    post: f.into_post(id),
                    comments: Vec::new(),
                })?;
            }
        } else {
            let start = group.link_text.len();
            group.link_text.push_str(&id);
            let parent = f.parent.as_deref().map_or(0, |p| {
                group.link_text.push_str(p);
                p.len() as u32 + 1
            });
            group.links.push((start, id.len() as u32, parent));
            if pass {
                let post = Post {
                    id: thread,
                    synthetic: true,
                    ..Post::default()
                };
                sink(Thread {
                    post,
                    comments: vec![f.into_comment(id)],
                })?;
            }
        }
        Ok(())
    }

    /// Emits every thread; a thread without a post record gets a synthetic empty post.
    /// When the reader streams records, the threads (of ids and links only) are assembled
    /// and counted, but not handed to `sink` again.
    pub fn finish(self, reader: &mut Reader, sink: &mut Sink<'_>) -> Result<()> {
        let stream = reader.opts.stream_records;
        // Streamed records were handed over already.
        let mut nothing = |_: Thread| Ok(());
        let mut groups = self.groups;
        for id in self.order {
            let Some(mut g) = groups.remove(&id) else {
                continue;
            };
            if stream {
                g.comments = g
                    .links()
                    .map(|(id, parent)| Comment {
                        id: id.to_string(),
                        parent_id: parent.map(String::from),
                        ..Comment::default()
                    })
                    .collect();
            }
            let post = match g.post {
                Some(p) => *p,
                None if g.has_post => Post {
                    id: id.clone(),
                    ..Post::default()
                },
                None => Post {
                    id: id.clone(),
                    title: shared_title(&g.comments),
                    synthetic: true,
                    ..Post::default()
                },
            };
            let to: &mut Sink<'_> = if stream { &mut nothing } else { &mut *sink };
            reader.emit(post, g.comments, g.records, g.first, to)?;
        }
        Ok(())
    }
}

/// The title of a thread that has no post record: the title every one of its records
/// carries, when they all carry the same one (an export that repeats the article's headline
/// on each comment row); otherwise none (the titles are the comments' own).
fn shared_title(comments: &[Comment]) -> Option<String> {
    let mut titles = comments
        .iter()
        .map(|c| c.meta.get("title").and_then(Value::as_str));
    let first = titles.next()??;
    (!first.is_empty() && titles.all(|t| t == Some(first))).then(|| first.to_string())
}

/// One JSONL line as a JSON object. A line that is not valid UTF-8 (error at `utf8_pos`) or
/// not a JSON object (error at `pos`) is a bad record: counted, and `None` under `skip_bad`.
pub(super) fn object_line(
    reader: &mut Reader,
    bytes: Vec<u8>,
    utf8_pos: Position,
    pos: &Position,
) -> Result<Option<Map<String, Value>>> {
    let line = match source::bytes_to_string(bytes, reader.lossy(), utf8_pos) {
        Ok(s) => s,
        Err(e) => {
            reader.accounting.read += 1;
            reader.bad(e)?;
            return Ok(None);
        }
    };
    let err = match serde_json::from_str::<Value>(line.trim_start_matches('\u{feff}')) {
        Ok(Value::Object(o)) => return Ok(Some(o)),
        Ok(_) => ErrorKind::Json("expected an object".into()),
        Err(e) => ErrorKind::Json(e.to_string()),
    };
    reader.accounting.read += 1;
    reader.bad(Error::new(err, pos.clone()))?;
    Ok(None)
}

/// Reads a JSONL stream; the shape (nested or flat) is decided by the first record: flat
/// when it has the (mapped) `thread` field. Lines are parsed straight into records (see
/// [`record`](super::record)); once the stream is known to be nested, comment lists too.
pub(super) fn read(
    reader: &mut Reader,
    path: &Path,
    mut input: Box<dyn BufRead + Send>,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let mut line_no = 0u64;
    let mut offset = 0u64;
    let mut buf = Vec::new();
    let mut flat: Option<Grouper> = None;
    let mut shape_known = false;
    loop {
        buf.clear();
        let n = input
            .read_until(b'\n', &mut buf)
            .map_err(|e| Error::io(e, path).with_record(format!("line {}", line_no + 1)))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let pos = Position::file(path).at_line(line_no);
        let start = offset;
        offset += n as u64;
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        // A SIMD check first (most lines are valid); the standard library's conversion
        // finds the position of a problem, or replaces bad bytes with `--lossy`.
        let owned;
        let line = match simdutf8::basic::from_utf8(&buf) {
            Ok(s) => s,
            Err(_) => {
                let bytes = std::mem::take(&mut buf);
                match source::bytes_to_string(bytes, reader.lossy(), pos.clone().at_byte(start)) {
                    Ok(s) => {
                        owned = s;
                        owned.as_str()
                    }
                    Err(e) => {
                        reader.accounting.read += 1;
                        reader.bad(e)?;
                        continue;
                    }
                }
            }
        };
        let typed_comments = shape_known && flat.is_none();
        let parsed = record::parse(
            line.trim_start_matches('\u{feff}'),
            reader.fields(),
            typed_comments,
        );
        let rec = match parsed {
            Ok(Some(r)) => *r,
            Ok(None) => {
                reader.accounting.read += 1;
                let err = ErrorKind::Json("expected an object".into());
                reader.bad(Error::new(err, pos))?;
                continue;
            }
            Err(e) => {
                reader.accounting.read += 1;
                reader.bad(Error::new(ErrorKind::Json(e.to_string()), pos))?;
                continue;
            }
        };
        if !shape_known {
            shape_known = true;
            if rec.has_thread {
                flat = Some(Grouper::default());
            }
        }
        let fields = match Fields::from_slots(rec.slots, rec.meta, &pos) {
            Ok(f) => f,
            Err(e) => {
                reader.accounting.read += 1;
                reader.bad(e)?;
                continue;
            }
        };
        match flat.as_mut() {
            Some(g) => g.add(reader, fields, pos, sink)?,
            None => nested(reader, fields, rec.comments, pos, sink)?,
        }
    }
    if let Some(g) = flat {
        g.finish(reader, sink)?;
    }
    Ok(())
}

/// One nested record: post fields plus `comments: [...]` (parsed as records, or, for the
/// first line of a stream, still among the extra fields).
fn nested(
    reader: &mut Reader,
    mut f: Fields,
    comments: Comments,
    pos: Position,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let Some(id) = f.id.clone() else {
        reader.accounting.read += 1;
        let name = reader.fields().get("id").to_string();
        return reader.bad(Error::new(ErrorKind::MissingField(name), pos));
    };
    let comments = match comments {
        Comments::Absent => match f.meta.shift_remove(COMMENTS) {
            None | Some(Value::Null) => Comments::Null,
            Some(Value::Array(items)) => Comments::List(
                items
                    .into_iter()
                    .map(|v| match v {
                        Value::Object(o) => Item::Map(o),
                        _ => Item::NotObject,
                    })
                    .collect(),
            ),
            Some(_) => Comments::NotAList,
        },
        c => c,
    };
    let comments = match comments {
        Comments::Absent | Comments::Null => Vec::new(),
        Comments::List(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                let cpos = pos.clone().with_record(format!("{id} comment {}", i + 1));
                let parsed = match item {
                    Item::Record(r) => Fields::from_slots(r.slots, r.meta, &cpos),
                    Item::Map(o) => Fields::from_json(o, reader.fields(), &cpos),
                    Item::NotObject => Err(Error::new(
                        ErrorKind::Json("a comment must be an object".into()),
                        cpos.clone(),
                    )),
                };
                let c = match parsed {
                    Ok(c) => c,
                    Err(e) => {
                        reader.accounting.read += 1;
                        return reader.bad(e);
                    }
                };
                let Some(cid) = c.id.clone() else {
                    reader.accounting.read += 1;
                    return reader.bad(Error::new(ErrorKind::MissingField("id".into()), cpos));
                };
                out.push(c.into_comment(cid));
            }
            out
        }
        Comments::NotAList => {
            reader.accounting.read += 1;
            return reader.bad(Error::new(
                ErrorKind::BadField {
                    field: "comments".into(),
                    message: "expected a list of comment objects".into(),
                },
                pos.with_record(id),
            ));
        }
    };
    reader.emit(f.into_post(id), comments, 1, pos, sink)
}
