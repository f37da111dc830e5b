//! WordPress export files (WXR: RSS 2.0 with the `wp:` namespace), as written by
//! "Werkzeuge → Daten exportieren".
//!
//! Records: each `<item>` of type `post` or `page` and each `<wp:comment>` in it. Items of
//! other types (attachments, menu items, revisions …) are not records and are only mentioned
//! in a warning. Skipped and counted: posts that are not published (`unpublished post`, with
//! their comments), comments that are not approved (`unapproved comment`), marked as spam
//! (`spam comment`) or trashed (`deleted comment`), and pingbacks/trackbacks (`pingback`).
//! A reply to a skipped comment stays, as an orphan attached to the post.
//!
//! Mapping: `wp:post_id` → id, `title`, `dc:creator` → author, `wp:post_date_gmt` (else
//! `wp:post_date`) → date, `link` → url, categories and tags → tags (the categories alone
//! also in `meta.categories`), `content:encoded` → text (HTML → text, paragraphs kept);
//! comments: `wp:comment_id`, `wp:comment_parent` (`0` = the post), `wp:comment_author`,
//! `wp:comment_date_gmt`, `wp:comment_content`, `wp:comment_author_url` → `meta.author_url`.

use super::xml::{self, Ev};
use super::{html, Reader, Sink};
use crate::error::{Position, Result};
use crate::model::{Comment, Date, Meta, Post};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

#[derive(Default)]
struct Item {
    title: Option<String>,
    link: Option<String>,
    creator: Option<String>,
    content: String,
    excerpt: String,
    post_id: Option<String>,
    guid: Option<String>,
    date: Option<String>,
    date_gmt: Option<String>,
    status: Option<String>,
    post_type: Option<String>,
    name: Option<String>,
    categories: Vec<String>,
    tags: Vec<String>,
    comments: Vec<WpComment>,
    at: u64,
}

#[derive(Default)]
struct WpComment {
    id: Option<String>,
    author: Option<String>,
    author_url: Option<String>,
    date: Option<String>,
    date_gmt: Option<String>,
    content: String,
    approved: Option<String>,
    kind: Option<String>,
    parent: Option<String>,
    user_id: Option<String>,
}

fn some(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// A short text field (title, name), with the entities WordPress stores in them decoded.
fn plain(s: String) -> Option<String> {
    some(html::decode_entities(&s).replace('\u{a0}', " "))
}

/// A WordPress date, the GMT one when it is set.
fn date(gmt: Option<String>, local: Option<String>) -> Option<Date> {
    let unset = |d: &String| d.starts_with("0000-00-00");
    gmt.filter(|d| !unset(d))
        .or_else(|| local.filter(|d| !unset(d)))
        .map(|d| Date::parse(&d))
}

pub(super) fn read(
    reader: &mut Reader,
    path: &Path,
    input: Box<dyn BufRead + Send>,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let mut item: Option<Item> = None;
    let mut comment: Option<WpComment> = None;
    let mut text = String::new();
    let mut category_domain: Option<String> = None;
    let mut others: BTreeMap<String, u64> = BTreeMap::new();
    let mut n_items = 0u64;
    xml::walk(path, input, &mut |ev, at| {
        match ev {
            Ev::Start(name, attrs) => {
                text.clear();
                match name {
                    "item" => {
                        n_items += 1;
                        item = Some(Item {
                            at,
                            ..Item::default()
                        });
                    }
                    "wp:comment" if item.is_some() => comment = Some(WpComment::default()),
                    "category" => category_domain = xml::attr(attrs, "domain").map(String::from),
                    _ => {}
                }
            }
            Ev::Text(t) => text.push_str(t),
            Ev::End(name) => {
                let value = std::mem::take(&mut text);
                if let Some(c) = comment.as_mut() {
                    match name {
                        "wp:comment_id" => c.id = some(value),
                        "wp:comment_author" => c.author = plain(value),
                        "wp:comment_author_url" => c.author_url = some(value),
                        "wp:comment_date" => c.date = some(value),
                        "wp:comment_date_gmt" => c.date_gmt = some(value),
                        "wp:comment_content" => c.content = value,
                        "wp:comment_approved" => c.approved = some(value),
                        "wp:comment_type" => c.kind = some(value),
                        "wp:comment_parent" => c.parent = some(value),
                        "wp:comment_user_id" => c.user_id = some(value),
                        "wp:comment" => {
                            if let (Some(c), Some(it)) = (comment.take(), item.as_mut()) {
                                it.comments.push(c);
                            }
                        }
                        _ => {}
                    }
                    return Ok(());
                }
                let Some(it) = item.as_mut() else {
                    return Ok(());
                };
                match name {
                    "title" => it.title = plain(value),
                    "link" => it.link = some(value),
                    "dc:creator" => it.creator = plain(value),
                    "content:encoded" => it.content = value,
                    "excerpt:encoded" => it.excerpt = value,
                    "guid" => it.guid = some(value),
                    "wp:post_id" => it.post_id = some(value),
                    "wp:post_date" => it.date = some(value),
                    "wp:post_date_gmt" => it.date_gmt = some(value),
                    "wp:status" => it.status = some(value),
                    "wp:post_type" => it.post_type = some(value),
                    "wp:post_name" => it.name = some(value),
                    "category" => {
                        if let Some(term) = plain(value) {
                            match category_domain.take().as_deref() {
                                Some("post_tag") => it.tags.push(term),
                                Some("category") | None => it.categories.push(term),
                                Some(_) => {}
                            }
                        }
                    }
                    "item" => {
                        if let Some(it) = item.take() {
                            finish_item(reader, path, it, n_items, &mut others, sink)?;
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    })?;
    if !others.is_empty() {
        let list: Vec<String> = others.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        reader.warn(
            Position::file(path),
            format!(
                "items that are neither posts nor pages ignored ({})",
                list.join(", ")
            ),
        );
    }
    Ok(())
}

fn finish_item(
    reader: &mut Reader,
    path: &Path,
    it: Item,
    n: u64,
    others: &mut BTreeMap<String, u64>,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let kind = it.post_type.clone().unwrap_or_else(|| "post".into());
    if kind != "post" && kind != "page" {
        *others.entry(kind).or_default() += 1;
        return Ok(());
    }
    let pos = Position::file(path).at_byte(it.at);
    let status = it.status.as_deref().unwrap_or("publish");
    if status != "publish" {
        reader.skip("unpublished post", 1 + it.comments.len() as u64);
        return Ok(());
    }
    let id = it
        .post_id
        .clone()
        .or_else(|| it.guid.clone())
        .unwrap_or_else(|| format!("item-{n}"));
    let mut meta = Meta::new();
    if !it.categories.is_empty() {
        meta.insert("categories".into(), Value::from(it.categories.clone()));
    }
    if kind == "page" {
        meta.insert("post_type".into(), Value::from("page"));
    }
    if let Some(slug) = it.name.clone() {
        meta.insert("slug".into(), Value::from(slug));
    }
    let excerpt = html::to_text_autop(&it.excerpt);
    if !excerpt.is_empty() {
        meta.insert("excerpt".into(), Value::from(excerpt));
    }
    let mut tags = it.categories;
    for t in it.tags {
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let post = Post {
        id: id.clone(),
        title: it.title,
        author: it.creator,
        date: date(it.date_gmt, it.date),
        url: it.link,
        tags,
        text: html::to_text_autop(&it.content),
        synthetic: false,
        meta,
    };
    let mut comments = Vec::with_capacity(it.comments.len());
    for (i, c) in it.comments.into_iter().enumerate() {
        let reason = match (c.approved.as_deref(), c.kind.as_deref()) {
            (_, Some("pingback" | "trackback")) => Some("pingback"),
            (Some("spam"), _) => Some("spam comment"),
            (Some("trash" | "post-trashed"), _) => Some("deleted comment"),
            (Some("1" | "approve" | "approved") | None, _) => None,
            _ => Some("unapproved comment"),
        };
        if let Some(reason) = reason {
            reader.skip(reason, 1);
            continue;
        }
        let mut meta = Meta::new();
        if let Some(u) = c.author_url {
            meta.insert("author_url".into(), Value::from(u));
        }
        if let Some(u) = c.user_id.filter(|u| u != "0") {
            meta.insert("user_id".into(), Value::from(u));
        }
        if let Some(k) = c.kind.filter(|k| k != "comment") {
            meta.insert("comment_type".into(), Value::from(k));
        }
        comments.push(Comment {
            id: c.id.unwrap_or_else(|| format!("{id}-c{}", i + 1)),
            parent: None,
            parent_id: c.parent.filter(|p| p != "0"),
            author: c.author,
            date: date(c.date_gmt, c.date),
            text: html::to_text_autop(&c.content),
            flags: Default::default(),
            meta,
        });
    }
    let records = 1 + comments.len() as u64;
    reader.emit(post, comments, records, pos, sink)
}
