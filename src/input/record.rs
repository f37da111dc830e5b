//! One JSON record parsed straight into korpus's fields, without first building a
//! `serde_json::Value` of the whole object (an ordered map per record and per comment, each
//! key hashed and removed again). The result is the same as parsing a `Value` and taking the
//! fields out of it ([`Fields::from_json`](super::jsonl::Fields::from_json)): the mapped
//! fields are parsed into `Value`s of their own (so that a field of the wrong type gives the
//! same error, in the same order), every other key goes into the extra fields as before, and
//! syntax errors come from the same parser at the same place.

use super::FieldMap;
use super::FIELDS;
use crate::model::Meta;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// The key of a nested record's comment list.
pub(super) const COMMENTS: &str = "comments";

/// A record: the value of each mapped field (by position in [`FIELDS`]; `Null` when
/// absent), the other fields, and (when asked for) its comment list.
#[derive(Debug)]
pub(super) struct Record {
    pub slots: [Value; FIELDS.len()],
    pub meta: Meta,
    /// Whether the record has the (mapped) `thread` key at all.
    pub has_thread: bool,
    pub comments: Comments,
}

/// The comment list of a nested record.
#[derive(Debug, Default)]
pub(super) enum Comments {
    /// No `comments` key (or it was kept among the extra fields).
    #[default]
    Absent,
    /// `"comments": null`.
    Null,
    /// The comments, in order.
    List(Vec<Item>),
    /// Neither a list nor null.
    NotAList,
}

/// One entry of a comment list.
#[derive(Debug)]
pub(super) enum Item {
    /// An object, parsed as a record.
    Record(Box<Record>),
    /// An object, as a JSON map (a comment list read as an extra field first).
    Map(Meta),
    /// Anything else.
    NotObject,
}

/// Parses one JSON text (a whole line) as a record; `None` for valid JSON that is not an
/// object. With `comments`, the key `comments` (unless it is a mapped field's name) is read
/// as a list of comment records; otherwise it stays among the extra fields like any other
/// key.
pub(super) fn parse(
    text: &str,
    names: &FieldMap,
    comments: bool,
) -> serde_json::Result<Option<Box<Record>>> {
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = ObjectSeed { names, comments }.deserialize(&mut de)?;
    de.end()?;
    Ok(parsed)
}

/// What a key of a record is.
enum Key {
    Slot(usize),
    Comments,
    Other(String),
}

struct KeySeed<'a> {
    names: &'a FieldMap,
    comments: bool,
}

impl KeySeed<'_> {
    fn classify(&self, k: &str) -> Option<Key> {
        // The first canonical field with this name takes it (as removing it from a map in
        // canonical order would).
        if let Some(i) = self.names.source_names().position(|n| n == k) {
            return Some(Key::Slot(i));
        }
        (self.comments && k == COMMENTS).then_some(Key::Comments)
    }
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E: de::Error>(self, k: &str) -> Result<Key, E> {
        Ok(self
            .classify(k)
            .unwrap_or_else(|| Key::Other(k.to_string())))
    }
    fn visit_string<E: de::Error>(self, k: String) -> Result<Key, E> {
        Ok(self.classify(&k).unwrap_or(Key::Other(k)))
    }
}

/// A record's fields from the entries of a JSON object.
fn record<'de, A: MapAccess<'de>>(
    mut map: A,
    names: &FieldMap,
    comments: bool,
) -> Result<Record, A::Error> {
    let mut r = Record {
        slots: Default::default(),
        meta: Meta::new(),
        has_thread: false,
        comments: Comments::Absent,
    };
    while let Some(key) = map.next_key_seed(KeySeed { names, comments })? {
        match key {
            Key::Slot(i) => {
                r.has_thread |= i == 0;
                r.slots[i] = map.next_value()?;
            }
            Key::Comments => r.comments = map.next_value_seed(CommentsSeed { names })?,
            Key::Other(k) => {
                let v: Value = map.next_value()?;
                r.meta.insert(k, v);
            }
        }
    }
    Ok(r)
}

/// A JSON value read as a record when it is an object (`None` otherwise): a whole line, or
/// an entry of a comment list (then `comments` is false: its own `comments` key, if any, is
/// an extra field).
struct ObjectSeed<'a> {
    names: &'a FieldMap,
    comments: bool,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_> {
    type Value = Option<Box<Record>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// A value of any kind but the ones a visitor reads (its syntax is still checked) gives
/// `$out`.
macro_rules! other_scalars {
    ($out:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($out)
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($out)
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($out)
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($out)
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($out)
        }
    };
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

impl<'de> Visitor<'de> for ObjectSeed<'_> {
    type Value = Option<Box<Record>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        record(map, self.names, self.comments).map(|r| Some(Box::new(r)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        drain_seq(seq).map(|()| None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    other_scalars!(None);
}

/// The value of `comments`.
struct CommentsSeed<'a> {
    names: &'a FieldMap,
}

impl<'de> DeserializeSeed<'de> for CommentsSeed<'_> {
    type Value = Comments;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Comments, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CommentsSeed<'_> {
    type Value = Comments;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of comments")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Comments, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        let entry = || ObjectSeed {
            names: self.names,
            comments: false,
        };
        while let Some(item) = seq.next_element_seed(entry())? {
            items.push(item.map_or(Item::NotObject, Item::Record));
        }
        Ok(Comments::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Comments, A::Error> {
        drain_map(map).map(|()| Comments::NotAList)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Comments, E> {
        Ok(Comments::Null)
    }
    other_scalars!(Comments::NotAList);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Position;
    use crate::input::jsonl::Fields;

    /// What a line gives through a `Value` (the route this module replaces): the post's
    /// fields, or the error, and with `comments` the comments' fields.
    fn via_value(line: &str, names: &FieldMap, comments: bool) -> String {
        let pos = Position::file(std::path::Path::new("t.jsonl")).at_line(1);
        let obj = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(o)) => o,
            Ok(_) => return "not an object".into(),
            Err(e) => return format!("json: {e}"),
        };
        let has_thread = obj.contains_key(names.get("thread"));
        let mut f = match Fields::from_json(obj, names, &pos) {
            Ok(f) => f,
            Err(e) => return format!("field: {e}"),
        };
        let list = if comments {
            match f.meta.shift_remove(COMMENTS) {
                None | Some(Value::Null) => "none".to_string(),
                Some(Value::Array(items)) => items
                    .into_iter()
                    .map(|v| match v {
                        Value::Object(o) => match Fields::from_json(o, names, &pos) {
                            Ok(c) => format!("{c:?}"),
                            Err(e) => format!("field: {e}"),
                        },
                        _ => "not an object".into(),
                    })
                    .collect::<Vec<_>>()
                    .join(" | "),
                Some(_) => "not a list".into(),
            }
        } else {
            String::new()
        };
        format!("{has_thread} {f:?} [{list}]")
    }

    /// The same through [`parse`].
    fn via_record(line: &str, names: &FieldMap, comments: bool) -> String {
        let pos = Position::file(std::path::Path::new("t.jsonl")).at_line(1);
        let r = match parse(line, names, comments) {
            Ok(Some(r)) => *r,
            Ok(None) => return "not an object".into(),
            Err(e) => return format!("json: {e}"),
        };
        let f = match Fields::from_slots(r.slots, r.meta, &pos) {
            Ok(f) => f,
            Err(e) => return format!("field: {e}"),
        };
        let list = if comments {
            match r.comments {
                Comments::Absent | Comments::Null => "none".to_string(),
                Comments::List(items) => items
                    .into_iter()
                    .map(|item| match item {
                        Item::Record(c) => match Fields::from_slots(c.slots, c.meta, &pos) {
                            Ok(c) => format!("{c:?}"),
                            Err(e) => format!("field: {e}"),
                        },
                        Item::Map(o) => match Fields::from_json(o, names, &pos) {
                            Ok(c) => format!("{c:?}"),
                            Err(e) => format!("field: {e}"),
                        },
                        Item::NotObject => "not an object".into(),
                    })
                    .collect::<Vec<_>>()
                    .join(" | "),
                Comments::NotAList => "not a list".into(),
            }
        } else {
            String::new()
        };
        format!("{} {f:?} [{list}]", r.has_thread)
    }

    const KEYS: [&str; 13] = [
        "thread", "id", "parent", "author", "date", "text", "title", "url", "tags", "comments",
        "extra", "body", "x\\\"y",
    ];

    const VALUES: [&str; 18] = [
        "null",
        "\"Filz im Rathaus\"",
        "\"\"",
        "\"a\\u00e4\\\"b\"",
        "17",
        "-3",
        "1.5",
        "1e300",
        "18446744073709551616",
        "true",
        "[]",
        "[\"Bau\", null, 2, \"Rat; Filz\"]",
        "[[1], {}]",
        "{}",
        "{\"id\": \"k\", \"text\": \"t\", \"comments\": [1]}",
        "[{\"id\": \"c1\", \"date\": 1700000000, \"text\": \"Ja.\", \"extra\": [1]}, 5, {\"text\": {\"a\": 1}}, {\"id\": \"c2\", \"parent\": \"c1\", \"tags\": \"a,b\", \"url\": 3}]",
        "\"2019-05-01T10:00:00Z\"",
        "\"Wirtschaftsförderung, Transparenz\"",
    ];

    /// A small deterministic generator (xorshift).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    #[test]
    fn records_parse_as_through_a_value() {
        let mapped: FieldMap = "text=body,id=comments,thread=x\\\"y".parse().unwrap();
        let maps = [FieldMap::default(), mapped];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut lines: Vec<String> = vec![
            "[1, 2]".into(),
            "\"text\"".into(),
            "null".into(),
            "{}".into(),
            "{\"id\": \"p\"} x".into(),
            "{\"id\": \"p\", \"id\": 7}".into(),
            "{\"comments\": [{\"id\": \"c\"}], \"comments\": null}".into(),
        ];
        for _ in 0..3000 {
            let n = rng.next(7);
            let fields: Vec<String> = (0..n)
                .map(|_| {
                    format!(
                        "\"{}\": {}",
                        KEYS[rng.next(KEYS.len())],
                        VALUES[rng.next(VALUES.len())]
                    )
                })
                .collect();
            let line = format!("{{{}}}", fields.join(", "));
            // Some lines broken off or with a character dropped: syntax errors.
            match rng.next(6) {
                0 => {
                    let mut cut = rng.next(line.len().max(1));
                    while !line.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    lines.push(line[..cut].to_string());
                }
                1 => {
                    let mut at = rng.next(line.len().max(1));
                    while !line.is_char_boundary(at) {
                        at -= 1;
                    }
                    let mut broken = line.clone();
                    broken.remove(at);
                    lines.push(broken);
                }
                _ => lines.push(line),
            }
        }
        let mut errors = 0;
        for line in &lines {
            for names in &maps {
                for comments in [false, true] {
                    let want = via_value(line, names, comments);
                    errors += usize::from(want.starts_with("json") || want.contains("field:"));
                    assert_eq!(via_record(line, names, comments), want, "{line}");
                }
            }
        }
        // The generator reaches the error paths too.
        assert!(errors > 1000, "{errors}");
    }
}
