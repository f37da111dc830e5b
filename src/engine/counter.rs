//! Per-worker counting and the mergeable result.

use super::{group_key, Analyzer, GroupBy};
use crate::model::Thread;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Marks a raw token that yields no term (stopword, number, too short).
const NO_TERM: u32 = u32::MAX;

/// Counts of one term in one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermAgg {
    /// Occurrences.
    pub count: u64,
    /// Documents it occurs in.
    pub docs: u64,
}

/// The counts of one group of documents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPartial {
    /// Documents in the group.
    pub docs: u64,
    /// Word tokens seen (before stopwords and other filters).
    pub tokens: u64,
    /// Tokens that became terms.
    pub terms_counted: u64,
    /// Counts by term.
    pub terms: BTreeMap<String, TermAgg>,
}

/// A mergeable frequency result: counts by group and term, and the surface forms of each
/// term. Serialisable, so that shards can be counted apart and merged later
/// (`korpus freq --save-partial`, `korpus merge`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreqPartial {
    /// The analysis settings; only partials with equal settings can be merged.
    pub settings: String,
    /// Counts by group (the key `""` when there is no grouping).
    pub groups: BTreeMap<String, GroupPartial>,
    /// For each term, how often each surface form was seen (for display).
    pub surfaces: BTreeMap<String, BTreeMap<String, u64>>,
    /// Documents that were cut into several batches: which terms each batch saw, so that
    /// document frequencies count each such document once. Resolved by
    /// [`FreqPartial::resolve_split_documents`] before a partial is saved or shown.
    #[serde(skip)]
    pub(crate) split: BTreeMap<u64, (String, FxHashSet<String>)>,
}

/// One line of a frequency table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermRow {
    /// The term as shown: the most frequent surface form of its key.
    pub term: String,
    /// The key counted (stem, lowercased form, or surface form).
    pub key: String,
    /// Occurrences.
    pub count: u64,
    /// Documents it occurs in.
    pub docs: u64,
}

impl FreqPartial {
    /// Adds `other` into `self`. Fails when the settings differ.
    pub fn merge(&mut self, other: FreqPartial) -> crate::Result<()> {
        if !self.groups.is_empty() && !other.groups.is_empty() && self.settings != other.settings {
            return Err(crate::Error::usage(format!(
                "cannot merge partial results made with different settings ({} vs {})",
                self.settings, other.settings
            )));
        }
        if self.settings.is_empty() {
            self.settings = other.settings;
        }
        for (name, g) in other.groups {
            let mine = self.groups.entry(name).or_default();
            mine.docs += g.docs;
            mine.tokens += g.tokens;
            mine.terms_counted += g.terms_counted;
            for (t, a) in g.terms {
                let m = mine.terms.entry(t).or_default();
                m.count += a.count;
                m.docs += a.docs;
            }
        }
        for (t, forms) in other.surfaces {
            let mine = self.surfaces.entry(t).or_default();
            for (f, n) in forms {
                *mine.entry(f).or_default() += n;
            }
        }
        for (doc, (group, terms)) in other.split {
            let entry = self
                .split
                .entry(doc)
                .or_insert_with(|| (group, FxHashSet::default()));
            entry.1.extend(terms);
        }
        Ok(())
    }

    /// `self` merged with `other` (for reductions); settings are equal by construction there.
    pub fn merged(mut self, other: FreqPartial) -> FreqPartial {
        // Workers of one run share their settings, so this cannot fail.
        let _ = self.merge(other);
        self
    }

    /// Counts each document that was cut into several batches once per term.
    pub fn resolve_split_documents(&mut self) {
        for (_, (group, terms)) in std::mem::take(&mut self.split) {
            let g = self.groups.entry(group).or_default();
            for t in terms {
                g.terms.entry(t).or_default().docs += 1;
            }
        }
    }

    /// The display form of a term key: its most frequent surface form (ties: the one that
    /// sorts first), or the key itself.
    pub fn display<'a>(&'a self, key: &'a str) -> &'a str {
        self.surfaces
            .get(key)
            .and_then(|forms| {
                forms
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(f, _)| f.as_str())
            })
            .unwrap_or(key)
    }

    /// The `top` most frequent terms of `group` (0 = all), by count, then document count,
    /// then key.
    pub fn table(&self, group: &str, top: usize) -> Vec<TermRow> {
        let Some(g) = self.groups.get(group) else {
            return Vec::new();
        };
        let mut rows: Vec<(&String, &TermAgg)> = g.terms.iter().collect();
        rows.sort_by(|a, b| {
            b.1.count
                .cmp(&a.1.count)
                .then(b.1.docs.cmp(&a.1.docs))
                .then(a.0.cmp(b.0))
        });
        if top > 0 {
            rows.truncate(top);
        }
        rows.into_iter()
            .map(|(k, a)| TermRow {
                term: self.display(k).to_string(),
                key: k.clone(),
                count: a.count,
                docs: a.docs,
            })
            .collect()
    }
}

/// Counts in one group, dense (indexed by term id) for the ungrouped case and sparse
/// otherwise.
#[derive(Debug, Default)]
struct GroupCounts {
    docs: u64,
    tokens: u64,
    terms_counted: u64,
    dense: Vec<Cell>,
    sparse: FxHashMap<u32, Cell>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    count: u64,
    docs: u64,
    /// The last document counted in `docs`, plus one (0 = none yet).
    last: u64,
}

/// A 64-bit hash of a short byte string: 8 bytes at a time (multiply–rotate, as in FxHash),
/// then the 64-bit finaliser of MurmurHash3 (Appleby), so that both the low bits (the slot)
/// and the whole value (compared before any bytes) are well mixed.
#[inline]
fn hash_bytes(b: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (b.len() as u64).wrapping_mul(K);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(a)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut a = [0u8; 8];
        a[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(a)).wrapping_mul(K);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

const EMPTY_SLOT: u32 = u32::MAX;

/// The per-worker token cache: an open-addressing table (linear probing) from each distinct
/// raw token to its id, with the tokens' bytes in one arena. A lookup compares the full
/// 64-bit hash before it compares any bytes, so nearly every byte comparison is a hit: this
/// is the innermost loop of the engine (one lookup per token).
#[derive(Debug)]
struct TokenTable {
    /// (hash, id); `EMPTY_SLOT` marks a free slot.
    slots: Vec<(u64, u32)>,
    mask: usize,
    bytes: Vec<u8>,
    /// (start, length) in `bytes`, by id.
    spans: Vec<(usize, usize)>,
}

impl TokenTable {
    fn new() -> TokenTable {
        TokenTable {
            slots: vec![(0, EMPTY_SLOT); 1 << 12],
            mask: (1 << 12) - 1,
            bytes: Vec::new(),
            spans: Vec::new(),
        }
    }

    fn len(&self) -> usize {
        self.spans.len()
    }

    fn token(&self, id: u32) -> &str {
        let (s, l) = self.spans[id as usize];
        // Only whole `&str`s are ever pushed, so every span is valid UTF-8.
        std::str::from_utf8(&self.bytes[s..s + l]).unwrap_or_default()
    }

    /// The id of `token`, or the slot where it belongs.
    #[inline]
    fn find(&self, token: &str, h: u64) -> Result<u32, usize> {
        let key = token.as_bytes();
        let mut i = h as usize & self.mask;
        loop {
            let (sh, id) = self.slots[i];
            if id == EMPTY_SLOT {
                return Err(i);
            }
            if sh == h {
                let (s, l) = self.spans[id as usize];
                if l == key.len() && &self.bytes[s..s + l] == key {
                    return Ok(id);
                }
            }
            i = (i + 1) & self.mask;
        }
    }

    /// Adds a token known to be absent (`slot` from [`TokenTable::find`]); returns its id.
    fn insert(&mut self, token: &str, h: u64, slot: usize) -> u32 {
        let id = self.spans.len() as u32;
        self.spans.push((self.bytes.len(), token.len()));
        self.bytes.extend_from_slice(token.as_bytes());
        self.slots[slot] = (h, id);
        if self.spans.len() * 2 > self.slots.len() {
            self.grow();
        }
        id
    }

    fn grow(&mut self) {
        let n = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![(0, EMPTY_SLOT); n]);
        self.mask = n - 1;
        for (h, id) in old {
            if id != EMPTY_SLOT {
                let mut i = h as usize & self.mask;
                while self.slots[i].1 != EMPTY_SLOT {
                    i = (i + 1) & self.mask;
                }
                self.slots[i] = (h, id);
            }
        }
    }
}

/// One worker's counts. Every distinct raw token is analysed once and cached.
#[derive(Debug)]
pub struct Counter<'a> {
    analyzer: &'a Analyzer,
    surface: TokenTable,
    surface_term: Vec<u32>,
    surface_count: Vec<u64>,
    term_index: FxHashMap<Box<str>, u32>,
    terms: Vec<Box<str>>,
    group_index: FxHashMap<Box<str>, u32>,
    groups: Vec<(Box<str>, GroupCounts)>,
    dense: bool,
    split: FxHashMap<u64, (u32, FxHashSet<u32>)>,
}

impl<'a> Counter<'a> {
    /// An empty counter.
    pub fn new(analyzer: &'a Analyzer) -> Counter<'a> {
        Counter {
            analyzer,
            surface: TokenTable::new(),
            surface_term: Vec::new(),
            surface_count: Vec::new(),
            term_index: FxHashMap::default(),
            terms: Vec::new(),
            group_index: FxHashMap::default(),
            groups: Vec::new(),
            dense: true,
            split: FxHashMap::default(),
        }
    }

    fn group(&mut self, name: &str) -> u32 {
        if let Some(&g) = self.group_index.get(name) {
            return g;
        }
        let g = self.groups.len() as u32;
        if !name.is_empty() {
            self.dense = false;
        }
        self.group_index.insert(name.into(), g);
        self.groups.push((name.into(), GroupCounts::default()));
        g
    }

    #[cold]
    fn analyse(&mut self, token: &str, h: u64, slot: usize) -> u32 {
        let term = match self.analyzer.term(token) {
            None => NO_TERM,
            Some(t) => match self.term_index.get(t.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.terms.len() as u32;
                    self.terms.push(t.clone().into_boxed_str());
                    self.term_index.insert(t.into_boxed_str(), id);
                    id
                }
            },
        };
        self.surface_term.push(term);
        self.surface_count.push(0);
        self.surface.insert(token, h, slot)
    }

    /// Counts the terms of `text` as (part of) document `doc` in group `group`. `split`
    /// marks a document that is cut into several batches: its document frequencies are
    /// settled at the end.
    pub fn add_text(&mut self, text: &str, doc: u64, group: &str, split: bool) {
        let g = self.group(group) as usize;
        let dense = self.dense;
        let stamp = doc + 1;
        let tokenizer = *self.analyzer.tokenizer();
        let mut tokens = 0u64;
        let mut counted = 0u64;
        for w in tokenizer.words(text) {
            tokens += 1;
            let h = hash_bytes(w.as_bytes());
            let sid = match self.surface.find(w, h) {
                Ok(s) => s,
                Err(slot) => self.analyse(w, h, slot),
            } as usize;
            let term = self.surface_term[sid];
            if term == NO_TERM {
                continue;
            }
            counted += 1;
            self.surface_count[sid] += 1;
            let gc = &mut self.groups[g].1;
            let cell = if dense {
                let t = term as usize;
                if gc.dense.len() <= t {
                    gc.dense
                        .resize(self.terms.len().max(t + 1), Cell::default());
                }
                &mut gc.dense[t]
            } else {
                gc.sparse.entry(term).or_default()
            };
            cell.count += 1;
            // The first occurrence of a term in this document (in this worker): count the
            // document, or, for a document cut into several batches, note the term so that
            // the document is counted once over all batches and workers.
            if cell.last != stamp {
                cell.last = stamp;
                if split {
                    self.split
                        .entry(doc)
                        .or_insert_with(|| (g as u32, FxHashSet::default()))
                        .1
                        .insert(term);
                } else {
                    cell.docs += 1;
                }
            }
        }
        let gc = &mut self.groups[g].1;
        gc.tokens += tokens;
        gc.terms_counted += counted;
    }

    /// Counts a document without text of its own (so that document totals stay right).
    pub fn add_document(&mut self, group: &str) {
        let g = self.group(group) as usize;
        self.groups[g].1.docs += 1;
    }

    /// Counts a thread: the post is document `first_doc`, comment `i` is `first_doc + 1 + i`.
    /// A synthetic post (made up for flat input without a post record) is not a document.
    pub fn add_thread(&mut self, t: &Thread, first_doc: u64, by: GroupBy) {
        if !t.post.synthetic {
            let key = group_key(by, t, None);
            self.add_document(&key);
            self.add_text(&t.post.text, first_doc, &key, false);
        }
        for (i, c) in t.comments.iter().enumerate() {
            let key = group_key(by, t, Some(i));
            self.add_document(&key);
            self.add_text(&c.text, first_doc + 1 + i as u64, &key, false);
        }
    }

    /// The counts keyed by term text.
    pub fn into_partial(self) -> FreqPartial {
        let mut p = FreqPartial {
            settings: settings_of(self.analyzer),
            ..FreqPartial::default()
        };
        for (name, gc) in &self.groups {
            let mut terms = BTreeMap::new();
            let cells = gc
                .dense
                .iter()
                .enumerate()
                .map(|(t, c)| (t as u32, c))
                .chain(gc.sparse.iter().map(|(&t, c)| (t, c)));
            for (t, c) in cells {
                if c.count > 0 {
                    terms.insert(
                        self.terms[t as usize].to_string(),
                        TermAgg {
                            count: c.count,
                            docs: c.docs,
                        },
                    );
                }
            }
            p.groups.insert(
                name.to_string(),
                GroupPartial {
                    docs: gc.docs,
                    tokens: gc.tokens,
                    terms_counted: gc.terms_counted,
                    terms,
                },
            );
        }
        for sid in 0..self.surface.len() as u32 {
            let form = self.surface.token(sid);
            let term = self.surface_term[sid as usize];
            let n = self.surface_count[sid as usize];
            if term != NO_TERM && n > 0 {
                *p.surfaces
                    .entry(self.terms[term as usize].to_string())
                    .or_default()
                    .entry(form.to_string())
                    .or_default() += n;
            }
        }
        for (doc, (g, terms)) in self.split {
            let set = terms
                .into_iter()
                .map(|t| self.terms[t as usize].to_string())
                .collect();
            p.split
                .insert(doc, (self.groups[g as usize].0.to_string(), set));
        }
        p
    }
}

/// A text naming the analysis settings, stored in partial results.
pub(crate) fn settings_of(a: &Analyzer) -> String {
    let o = a.options();
    format!(
        "unit={};stemmer={};normalizer={:?};stopwords={};numbers={};min_chars={}",
        o.unit,
        o.stemmer,
        o.normalizer,
        o.stopwords.as_ref().map_or(0, |s| s.len()),
        o.keep_numbers,
        o.min_chars
    )
}
