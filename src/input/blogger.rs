//! Blogger exports ("Inhalte sichern"): an Atom feed whose entries are posts, pages,
//! comments, and the blog's settings and template.
//!
//! Records: each post, page and comment entry (settings and template entries are not
//! records). An entry's kind comes from its `<category scheme="…#kind">` (classic exports)
//! or `<blogger:type>` (newer ones). Skipped and counted: drafts and posts that are not live
//! (`unpublished post`, with their comments), comments marked as spam (`spam comment`),
//! removed (`deleted comment`) or not yet approved (`unapproved comment`).
//!
//! Threads: a comment's `thr:in-reply-to ref` names its post (or, in some exports, the
//! comment it answers); a reply to a comment names that comment in
//! `<link rel="related" href="…/comments/default/ID">` (or `<blogger:inReplyTo>`); newer
//! exports name the post in `<blogger:parent>`. Ids are the `post-NNN` numbers of the entry
//! ids. Comments whose post is not in the file make a thread with a synthetic post.
//!
//! Mapping: `title`, `author/name`, `published` → date, `link rel="alternate"` → url, label
//! categories → tags, `content` (HTML → text, paragraphs kept).

use super::xml::{self, Ev};
use super::{html, Reader, Sink};
use crate::error::{Position, Result};
use crate::model::{Comment, Date, Meta, Post};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Post,
    Page,
    Comment,
    Other,
}

#[derive(Default)]
struct Entry {
    id: Option<String>,
    kind: Option<Kind>,
    kind_name: Option<String>,
    title: Option<String>,
    content: String,
    content_is_html: bool,
    published: Option<String>,
    author: Option<String>,
    in_author: bool,
    url: Option<String>,
    labels: Vec<String>,
    reply_ref: Option<String>,
    related: Option<String>,
    parent_post: Option<String>,
    in_reply_to: Option<String>,
    status: Option<String>,
    draft: bool,
    removed: bool,
    at: u64,
}

/// `tag:blogger.com,1999:blog-1.post-42` → `42`; anything else stays as it is.
fn short_id(id: &str) -> String {
    let id = id.trim();
    match id.rfind(".post-") {
        Some(i) => id[i + 6..].to_string(),
        None => match id.rfind("post-") {
            Some(0) => id[5..].to_string(),
            _ => id.to_string(),
        },
    }
}

fn some(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn kind_of(term: &str) -> (Kind, String) {
    let name = term.rsplit('#').next().unwrap_or(term).to_ascii_lowercase();
    let kind = match name.as_str() {
        "post" => Kind::Post,
        "page" => Kind::Page,
        "comment" => Kind::Comment,
        _ => Kind::Other,
    };
    (kind, name)
}

pub(super) fn read(
    reader: &mut Reader,
    path: &Path,
    input: Box<dyn BufRead + Send>,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut entry: Option<Entry> = None;
    let mut depth = 0usize;
    let mut entry_depth = 0usize;
    let mut text = String::new();
    xml::walk(path, input, &mut |ev, at| {
        match ev {
            Ev::Start(name, attrs) => {
                depth += 1;
                text.clear();
                let local = xml::local(name);
                if local == "entry" && entry.is_none() {
                    entry_depth = depth;
                    entry = Some(Entry {
                        at,
                        ..Entry::default()
                    });
                    return Ok(());
                }
                let Some(e) = entry.as_mut() else {
                    return Ok(());
                };
                match local {
                    "category" => {
                        let scheme = xml::attr(attrs, "scheme").unwrap_or("");
                        let term = xml::attr(attrs, "term").unwrap_or("");
                        if scheme.ends_with("#kind") {
                            let (k, n) = kind_of(term);
                            e.kind = Some(k);
                            e.kind_name = Some(n);
                        } else if !term.trim().is_empty() {
                            e.labels.push(term.trim().to_string());
                        }
                    }
                    "content" => {
                        e.content_is_html =
                            matches!(xml::attr(attrs, "type"), Some("html" | "xhtml") | None);
                    }
                    "author" => e.in_author = true,
                    "link" => {
                        let href = xml::attr(attrs, "href").map(String::from);
                        match xml::attr(attrs, "rel") {
                            Some("alternate") => e.url = href,
                            Some("related") => {
                                e.related = href.and_then(|h| {
                                    h.trim_end_matches('/').rsplit('/').next().map(String::from)
                                })
                            }
                            _ => {}
                        }
                    }
                    "in-reply-to" => {
                        e.reply_ref = xml::attr(attrs, "ref").map(short_id);
                    }
                    "extendedProperty"
                        if xml::attr(attrs, "name") == Some("blogger.contentRemoved")
                            && xml::attr(attrs, "value") == Some("true") =>
                    {
                        e.removed = true;
                    }
                    _ => {}
                }
            }
            Ev::Text(t) => text.push_str(t),
            Ev::End(name) => {
                let value = std::mem::take(&mut text);
                let local = xml::local(name);
                if depth == entry_depth && local == "entry" {
                    if let Some(e) = entry.take() {
                        entries.push(e);
                    }
                }
                depth = depth.saturating_sub(1);
                let Some(e) = entry.as_mut() else {
                    return Ok(());
                };
                match (local, name.contains(':')) {
                    ("id", false) => e.id = some(value).map(|v| short_id(&v)),
                    ("title", false) => e.title = some(html::decode_entities(&value)),
                    ("content", false) => e.content = value,
                    ("published", false) => {
                        e.published = some(value);
                    }
                    ("name", false) if e.in_author && e.author.is_none() => {
                        e.author = some(value);
                    }
                    ("author", false) => e.in_author = false,
                    ("type", true) if !e.in_author => {
                        if let Some(v) = some(value) {
                            let (k, n) = kind_of(&v);
                            e.kind = Some(k);
                            e.kind_name = Some(n);
                        }
                    }
                    ("status", true) => e.status = some(value),
                    ("parent", true) => e.parent_post = some(value).map(|v| short_id(&v)),
                    ("inReplyTo", true) => e.in_reply_to = some(value).map(|v| short_id(&v)),
                    ("draft", true) => e.draft = value.trim() == "yes",
                    _ => {}
                }
            }
        }
        Ok(())
    })?;
    assemble(reader, path, entries, sink)
}

fn assemble(
    reader: &mut Reader,
    path: &Path,
    entries: Vec<Entry>,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let mut others: BTreeMap<String, u64> = BTreeMap::new();
    let mut posts: Vec<(Post, u64)> = Vec::new();
    let mut post_index: HashMap<String, usize> = HashMap::new();
    let mut skipped_posts: HashMap<String, ()> = HashMap::new();
    let mut comments: Vec<Entry> = Vec::new();
    for (n, e) in entries.into_iter().enumerate() {
        match e.kind {
            Some(Kind::Post | Kind::Page) => {
                let id = e.id.clone().unwrap_or_else(|| format!("entry-{}", n + 1));
                let live = e
                    .status
                    .as_deref()
                    .is_none_or(|s| s.eq_ignore_ascii_case("live"));
                if e.draft || !live {
                    reader.skip("unpublished post", 1);
                    skipped_posts.insert(id, ());
                    continue;
                }
                let mut meta = Meta::new();
                if e.kind == Some(Kind::Page) {
                    meta.insert("post_type".into(), Value::from("page"));
                }
                let post = Post {
                    id: id.clone(),
                    title: e.title,
                    author: e.author,
                    date: e.published.as_deref().map(Date::parse),
                    url: e.url,
                    tags: e.labels,
                    text: body(&e.content, e.content_is_html),
                    synthetic: false,
                    meta,
                };
                post_index.insert(id, posts.len());
                posts.push((post, e.at));
            }
            Some(Kind::Comment) => comments.push(e),
            Some(Kind::Other) | None => {
                let name = e.kind_name.clone().unwrap_or_else(|| "unknown".into());
                *others.entry(name).or_default() += 1;
            }
        }
    }
    // Which comment answers which, and the post each belongs to.
    let comment_ids: HashMap<String, usize> = comments
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.id.clone().map(|id| (id, i)))
        .collect();
    let mut parent: Vec<Option<usize>> = vec![None; comments.len()];
    let mut direct_post: Vec<Option<String>> = vec![None; comments.len()];
    for (i, c) in comments.iter().enumerate() {
        let mut refs = [&c.in_reply_to, &c.related, &c.reply_ref, &c.parent_post];
        for r in refs.iter_mut().filter_map(|r| r.as_ref()) {
            if let Some(&j) = comment_ids.get(r) {
                if j != i && parent[i].is_none() {
                    parent[i] = Some(j);
                }
            } else if direct_post[i].is_none() {
                direct_post[i] = Some(r.clone());
            }
        }
    }
    // Walk up each reply chain (bounded, so a cycle cannot loop) to a named post.
    let thread_of: Vec<Option<String>> = (0..comments.len())
        .map(|i| {
            let mut j = i;
            for _ in 0..=comments.len() {
                if let Some(p) = &direct_post[j] {
                    return Some(p.clone());
                }
                j = parent[j]?;
            }
            None
        })
        .collect();
    let mut by_thread: Vec<Vec<Comment>> = vec![Vec::new(); posts.len()];
    let mut synthetic: Vec<(String, Vec<Comment>, u64)> = Vec::new();
    let mut synthetic_index: HashMap<String, usize> = HashMap::new();
    for (i, e) in comments.into_iter().enumerate() {
        let thread = thread_of[i].clone();
        if let Some(t) = &thread {
            if skipped_posts.contains_key(t) {
                reader.skip("unpublished post", 1);
                continue;
            }
        }
        let status = e.status.as_deref().unwrap_or("LIVE").to_ascii_uppercase();
        let reason = if e.removed || status.contains("DELETED") || status.contains("TRASH") {
            Some("deleted comment")
        } else if status.contains("SPAM") {
            Some("spam comment")
        } else if status != "LIVE" {
            Some("unapproved comment")
        } else {
            None
        };
        if let Some(reason) = reason {
            reader.skip(reason, 1);
            continue;
        }
        let id = e.id.clone().unwrap_or_else(|| format!("comment-{}", i + 1));
        let parent_id = parent[i].and_then(|p| {
            // The parent's id as written (a reply to a skipped comment stays an orphan).
            e.in_reply_to
                .clone()
                .filter(|r| comment_ids.get(r) == Some(&p))
                .or_else(|| e.related.clone().filter(|r| comment_ids.get(r) == Some(&p)))
                .or_else(|| {
                    e.reply_ref
                        .clone()
                        .filter(|r| comment_ids.get(r) == Some(&p))
                })
                .or_else(|| {
                    e.parent_post
                        .clone()
                        .filter(|r| comment_ids.get(r) == Some(&p))
                })
        });
        let comment = Comment {
            id,
            parent: None,
            parent_id,
            author: e.author,
            date: e.published.as_deref().map(Date::parse),
            text: body(&e.content, e.content_is_html),
            flags: Default::default(),
            meta: Meta::new(),
        };
        let key = thread.unwrap_or_else(|| "unknown-post".to_string());
        match post_index.get(&key) {
            Some(&k) => by_thread[k].push(comment),
            None => {
                let k = *synthetic_index.entry(key.clone()).or_insert_with(|| {
                    synthetic.push((key.clone(), Vec::new(), 0));
                    synthetic.len() - 1
                });
                synthetic[k].1.push(comment);
                synthetic[k].2 += 1;
            }
        }
    }
    for ((post, at), comments) in posts.into_iter().zip(by_thread) {
        let records = 1 + comments.len() as u64;
        let pos = Position::file(path).at_byte(at);
        reader.emit(post, comments, records, pos, sink)?;
    }
    for (id, comments, records) in synthetic {
        let post = Post {
            id,
            synthetic: true,
            ..Post::default()
        };
        reader.emit(post, comments, records, Position::file(path), sink)?;
    }
    if !others.is_empty() {
        let list: Vec<String> = others.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        reader.warn(
            Position::file(path),
            format!(
                "entries that are neither posts, pages nor comments ignored ({})",
                list.join(", ")
            ),
        );
    }
    Ok(())
}

fn body(content: &str, is_html: bool) -> String {
    if is_html {
        html::to_text(content)
    } else {
        content.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::short_id;

    #[test]
    fn ids() {
        assert_eq!(short_id("tag:blogger.com,1999:blog-77.post-4242"), "4242");
        assert_eq!(short_id("post-9"), "9");
        assert_eq!(short_id("urn:x"), "urn:x");
    }
}
