//! Per-worker counting and the mergeable result.

use super::mem::ZeroedArray;
use super::{group_key, Analyzer, GroupBy};
use crate::model::Thread;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Marks a raw token that yields no term (stopword, number, too short).
const NO_TERM: u32 = u32::MAX - 1;

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
        if self.groups.is_empty() && self.surfaces.is_empty() && self.split.is_empty() {
            // Nothing to add to: take `other` whole.
            let settings = std::mem::take(&mut self.settings);
            *self = other;
            if !settings.is_empty() {
                self.settings = settings;
            }
            return Ok(());
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
        let order = |a: &(&String, &TermAgg), b: &(&String, &TermAgg)| {
            b.1.count
                .cmp(&a.1.count)
                .then(b.1.docs.cmp(&a.1.docs))
                .then(a.0.cmp(b.0))
        };
        // Keys are unique, so the order is total: select the top rows, then sort only them.
        if top > 0 && top < rows.len() {
            rows.select_nth_unstable_by(top - 1, order);
            rows.truncate(top);
        }
        rows.sort_unstable_by(order);
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
    /// Cells by term id (group `""` only: its counts when a counter leaves dense mode,
    /// and its document frequencies).
    dense: Vec<TermAgg>,
    sparse: FxHashMap<u32, Cell>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    count: u64,
    docs: u64,
    /// The last document counted in `docs`, plus one (0 = none yet).
    last: u64,
}

/// Marks a free slot of the token table.
const EMPTY: u32 = u32::MAX;

/// Tokens of at most this many bytes are stored inside their slot.
const INLINE: usize = 16;

/// One slot of the token table: a distinct raw token, its term and how often it was
/// counted. 32 bytes, aligned, so that a lookup touches one cache line. A free slot is all
/// zeros, so that zeroed memory is an empty table.
///
/// A token of at most [`INLINE`] bytes is its own key: its bytes, zero-padded, as two
/// little-endian words (`lo`, `hi`), with its length. A longer token keeps its first 8 bytes
/// in `lo` and its offset in the table's arena in `hi`.
#[repr(C, align(32))]
#[derive(Debug, Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct Slot {
    lo: u64,
    hi: u64,
    /// Occurrences of the token that were counted (0 for one that yields no term).
    count: u64,
    /// The complement of the term id, [`NO_TERM`], or [`EMPTY`] for a free slot (so that
    /// `0` is free): see [`Slot::term`].
    not_term: u32,
    /// The token's length in bytes.
    len: u32,
}

impl Slot {
    /// The term id, [`NO_TERM`], or [`EMPTY`] for a free slot.
    #[inline(always)]
    fn term(&self) -> u32 {
        !self.not_term
    }
}

#[inline(always)]
fn load8(b: &[u8], i: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(a)
}

/// The first 16 bytes of `token`, zero-padded, as a little-endian number. `text` is the
/// text the token was cut from: when the token lies inside it with 16 bytes to spare, the
/// key is one unaligned load and a mask instead of a copy.
#[inline(always)]
fn key_of(text: &[u8], token: &[u8]) -> u128 {
    let n = token.len();
    let off = (token.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    match text.get(off..off.wrapping_add(16)) {
        Some(s) => {
            let mut a = [0u8; 16];
            a.copy_from_slice(s);
            let mask = u128::MAX
                .checked_shr(8 * (16 - n.min(16)) as u32)
                .unwrap_or(0);
            u128::from_le_bytes(a) & mask
        }
        None => padded_key(token),
    }
}

/// [`key_of`] by copying.
#[cold]
fn padded_key(token: &[u8]) -> u128 {
    let mut a = [0u8; 16];
    let m = token.len().min(16);
    a[..m].copy_from_slice(&token[..m]);
    u128::from_le_bytes(a)
}

const K1: u64 = 0x9E37_79B9_7F4A_7C15;
const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;

/// The folded 128-bit product (the mixing step of wyhash and foldhash).
#[inline(always)]
fn fold_mul(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

/// The hash of a token from its key (first 16 bytes), its length and, for a longer token,
/// its last 8 bytes.
#[inline(always)]
fn hash_of(token: &[u8], key: u128) -> u64 {
    let n = token.len();
    let tail = if n > INLINE { load8(token, n - 8) } else { 0 };
    fold_mul(key as u64 ^ K1 ^ tail, (key >> 64) as u64 ^ K2 ^ n as u64)
}

/// The per-worker token cache: an open-addressing table (linear probing) from each distinct
/// raw token to its term and its count. Short tokens sit inside their slot, so a lookup is
/// one hash, one cache line and two compares: this is the innermost loop of the engine
/// (one lookup per token).
#[derive(Debug, Clone)]
struct TokenTable {
    slots: ZeroedArray<Slot>,
    mask: usize,
    len: usize,
    /// The bytes of the tokens longer than [`INLINE`].
    arena: Vec<u8>,
}

impl TokenTable {
    fn new() -> TokenTable {
        TokenTable {
            slots: ZeroedArray::new(1 << 12),
            mask: (1 << 12) - 1,
            len: 0,
            arena: Vec::new(),
        }
    }

    /// The index of `token`'s slot, or of the free slot where it belongs.
    #[inline(always)]
    fn find(&self, token: &[u8], key: u128, h: u64) -> Result<usize, usize> {
        let n = token.len();
        let (lo, hi) = (key as u64, (key >> 64) as u64);
        let slots = self.slots.as_slice();
        let mut i = h as usize & self.mask;
        loop {
            let s = &slots[i];
            if s.term() == EMPTY {
                return Err(i);
            }
            if s.len as usize == n
                && s.lo == lo
                && if n <= INLINE {
                    s.hi == hi
                } else {
                    self.long_eq(s, token)
                }
            {
                return Ok(i);
            }
            i = (i + 1) & self.mask;
        }
    }

    fn long_eq(&self, s: &Slot, token: &[u8]) -> bool {
        let start = s.hi as usize;
        self.arena.get(start..start + s.len as usize) == Some(token)
    }

    /// The bytes of the token in `s`.
    fn bytes<'s>(&'s self, s: &Slot, buf: &'s mut [u8; 16]) -> &'s [u8] {
        let n = s.len as usize;
        if n <= INLINE {
            buf[..8].copy_from_slice(&s.lo.to_le_bytes());
            buf[8..].copy_from_slice(&s.hi.to_le_bytes());
            &buf[..n]
        } else {
            let start = s.hi as usize;
            self.arena.get(start..start + n).unwrap_or_default()
        }
    }

    /// Adds a token known to be absent at `slot` (from [`TokenTable::find`]); returns the
    /// index of its slot (which moves when the table grows).
    fn insert(&mut self, token: &[u8], key: u128, h: u64, slot: usize, term: u32) -> usize {
        let n = token.len();
        let hi = if n <= INLINE {
            (key >> 64) as u64
        } else {
            let start = self.arena.len() as u64;
            self.arena.extend_from_slice(token);
            start
        };
        self.slots.as_mut_slice()[slot] = Slot {
            lo: key as u64,
            hi,
            count: 0,
            not_term: !term,
            len: n as u32,
        };
        self.len += 1;
        // Grow at a load factor of 5/8.
        if self.len * 8 <= (self.mask + 1) * 5 {
            return slot;
        }
        self.grow();
        match self.find(token, key, h) {
            Ok(i) | Err(i) => i,
        }
    }

    fn grow(&mut self) {
        let n = (self.mask + 1) * 2;
        let old = std::mem::replace(&mut self.slots, ZeroedArray::new(n));
        self.mask = n - 1;
        let mut buf = [0u8; 16];
        for &s in old.as_slice() {
            if s.term() == EMPTY {
                continue;
            }
            let bytes = self.bytes(&s, &mut buf);
            let key = padded_key(bytes);
            let mut i = hash_of(bytes, key) as usize & self.mask;
            let slots = self.slots.as_mut_slice();
            while slots[i].term() != EMPTY {
                i = (i + 1) & self.mask;
            }
            slots[i] = s;
        }
    }

    /// The occupied slots.
    fn iter(&self) -> impl Iterator<Item = &Slot> {
        self.slots.as_slice().iter().filter(|s| s.term() != EMPTY)
    }
}

/// Term texts in one string, by id.
#[derive(Debug, Clone, Default)]
struct TermTexts {
    text: String,
    spans: Vec<(usize, usize)>,
}

impl TermTexts {
    fn len(&self) -> usize {
        self.spans.len()
    }

    fn get(&self, id: u32) -> &str {
        let (s, l) = self.spans[id as usize];
        self.text.get(s..s + l).unwrap_or_default()
    }

    /// Adds `t`, known to be new, without an index; returns its id.
    fn push(&mut self, t: &str) -> u32 {
        let id = self.spans.len() as u32;
        self.spans.push((self.text.len(), t.len()));
        self.text.push_str(t);
        id
    }

    /// The id of `t`, added when new (`index` maps texts to ids).
    fn intern(&mut self, index: &mut TokenTable, t: &str) -> u32 {
        let b = t.as_bytes();
        let key = padded_key(b);
        let h = hash_of(b, key);
        match index.find(b, key, h) {
            Ok(i) => index.slots.as_slice()[i].term(),
            Err(slot) => {
                let id = self.push(t);
                index.insert(b, key, h, slot, id);
                id
            }
        }
    }
}

/// Tokens looked up together: first a chunk is cut and hashed, then its slots are looked up,
/// so that the cache misses of several lookups overlap.
const CHUNK: usize = 32;

/// One worker's counts. Every distinct raw token is analysed once and cached.
#[derive(Debug)]
pub struct Counter<'a> {
    analyzer: &'a Analyzer,
    table: TokenTable,
    /// The terms: text → id (the id in each slot's `term`), and their texts.
    term_index: TokenTable,
    terms: TermTexts,
    group_index: FxHashMap<Box<str>, u32>,
    groups: Vec<(Box<str>, GroupCounts)>,
    /// Only the group `""` so far. Then the group's counts are the counts of the tokens in
    /// the table (summed by term at the end), and document frequencies go through `seen`.
    dense: bool,
    /// Dense mode: one bit per term, set when it occurs in the open document.
    seen: Vec<u64>,
    /// Dense mode: the terms of the open document (those with a bit in `seen`).
    fresh: Vec<u32>,
    /// Dense mode: the open document (document, group, split); its document frequencies
    /// are settled when another document starts or the counts are taken.
    open: Option<(u64, u32, bool)>,
    /// Documents cut into several batches: their group and the terms seen here (each term
    /// once per stretch of consecutive batches; duplicates are removed in the merge).
    split: FxHashMap<u64, (u32, Vec<u32>)>,
}

impl<'a> Counter<'a> {
    /// An empty counter.
    pub fn new(analyzer: &'a Analyzer) -> Counter<'a> {
        Counter {
            analyzer,
            table: TokenTable::new(),
            term_index: TokenTable::new(),
            terms: TermTexts::default(),
            group_index: FxHashMap::default(),
            groups: Vec::new(),
            dense: true,
            seen: Vec::new(),
            fresh: Vec::new(),
            open: None,
            split: FxHashMap::default(),
        }
    }

    fn group(&mut self, name: &str) -> u32 {
        if let Some(&g) = self.group_index.get(name) {
            return g;
        }
        if !name.is_empty() && self.dense {
            self.leave_dense_mode();
        }
        let g = self.groups.len() as u32;
        self.group_index.insert(name.into(), g);
        self.groups.push((name.into(), GroupCounts::default()));
        g
    }

    /// A second group appeared: the counts of group `""` so far move from the token table
    /// into its cells, and from now on every group is counted in cells.
    fn leave_dense_mode(&mut self) {
        self.close_document();
        self.dense = false;
        if let Some(&g) = self.group_index.get("") {
            let cells = &mut self.groups[g as usize].1.dense;
            if cells.len() < self.terms.len() {
                cells.resize(self.terms.len(), TermAgg::default());
            }
            for s in self.table.iter() {
                if s.term() != NO_TERM && s.count > 0 {
                    let t = s.term() as usize;
                    if cells.len() <= t {
                        cells.resize(t + 1, TermAgg::default());
                    }
                    cells[t].count += s.count;
                }
            }
        }
    }

    /// Moves all counts into the groups' cells (leaving dense mode), ready to be merged. A
    /// worker calls this when it has no more input, while others may still be counting.
    pub(crate) fn settle(&mut self) {
        if self.dense {
            self.leave_dense_mode();
        }
    }

    /// Dense mode: settles the document frequencies of the open document.
    fn close_document(&mut self) {
        let Some((doc, g, split)) = self.open.take() else {
            return;
        };
        let fresh = std::mem::take(&mut self.fresh);
        for &t in &fresh {
            if let Some(w) = self.seen.get_mut(t as usize >> 6) {
                *w &= !(1u64 << (t & 63));
            }
        }
        if split {
            self.split
                .entry(doc)
                .or_insert_with(|| (g, Vec::new()))
                .1
                .extend_from_slice(&fresh);
        } else {
            let cells = &mut self.groups[g as usize].1.dense;
            if cells.len() < self.terms.len() {
                cells.resize(self.terms.len(), TermAgg::default());
            }
            for &t in &fresh {
                if let Some(c) = cells.get_mut(t as usize) {
                    c.docs += 1;
                }
            }
        }
        self.fresh = fresh;
        self.fresh.clear();
    }

    /// Analyses a new raw token and adds it to the table; returns its slot.
    #[cold]
    #[inline(never)]
    fn analyse(&mut self, token: &str, key: u128, h: u64, slot: usize) -> usize {
        let term = match self.analyzer.term(token) {
            None => NO_TERM,
            Some(t) => self.terms.intern(&mut self.term_index, &t),
        };
        // One bit per term (ids are dense).
        self.seen.resize(self.terms.len().div_ceil(64), 0);
        self.table.insert(token.as_bytes(), key, h, slot, term)
    }

    /// Calls `f` with the slot of every token of `text`, in order; returns the number of
    /// tokens. Tokens are cut and hashed a chunk at a time, then looked up.
    #[inline(always)]
    fn each_token(&mut self, text: &str, mut f: impl FnMut(&mut Counter<'a>, usize)) -> u64 {
        let tokenizer = *self.analyzer.tokenizer();
        let bytes = text.as_bytes();
        let mut words = tokenizer.words(text);
        let mut chunk: [(&str, u128, u64); CHUNK] = [("", 0, 0); CHUNK];
        let mut tokens = 0u64;
        loop {
            let mut n = 0;
            // The chunk first: `zip` takes from its first iterator before the second.
            for (entry, w) in chunk.iter_mut().zip(&mut words) {
                let key = key_of(bytes, w.as_bytes());
                *entry = (w, key, hash_of(w.as_bytes(), key));
                n += 1;
            }
            for &(w, key, h) in &chunk[..n] {
                let i = match self.table.find(w.as_bytes(), key, h) {
                    Ok(i) => i,
                    Err(slot) => self.analyse(w, key, h, slot),
                };
                f(self, i);
            }
            tokens += n as u64;
            if n < CHUNK {
                return tokens;
            }
        }
    }

    /// Counts the terms of `text` as (part of) document `doc` in group `group`. `split`
    /// marks a document that is cut into several batches: its document frequencies are
    /// settled at the end.
    pub fn add_text(&mut self, text: &str, doc: u64, group: &str, split: bool) {
        let g = self.group(group);
        let mut counted = 0u64;
        let tokens = if self.dense {
            if self.open != Some((doc, g, split)) {
                self.close_document();
                self.open = Some((doc, g, split));
            }
            self.each_token(text, |c, i| {
                let s = &mut c.table.slots.as_mut_slice()[i];
                if s.term() == NO_TERM {
                    return;
                }
                s.count += 1;
                counted += 1;
                let t = s.term() as usize;
                let bit = 1u64 << (t & 63);
                if let Some(w) = c.seen.get_mut(t >> 6) {
                    if *w & bit == 0 {
                        *w |= bit;
                        c.fresh.push(t as u32);
                    }
                }
            })
        } else {
            let stamp = doc + 1;
            let gi = g as usize;
            self.each_token(text, |c, i| {
                let s = &mut c.table.slots.as_mut_slice()[i];
                let term = s.term();
                if term == NO_TERM {
                    return;
                }
                s.count += 1;
                counted += 1;
                let cell = c.groups[gi].1.sparse.entry(term).or_default();
                cell.count += 1;
                // The first occurrence of a term in this document (in this worker): count
                // the document, or, for a document cut into several batches, note the term
                // so that the document is counted once over all batches and workers.
                if cell.last != stamp {
                    cell.last = stamp;
                    if split {
                        c.split
                            .entry(doc)
                            .or_insert_with(|| (g, Vec::new()))
                            .1
                            .push(term);
                    } else {
                        cell.docs += 1;
                    }
                }
            })
        };
        let gc = &mut self.groups[g as usize].1;
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

    /// The counts keyed by term text. Documents cut into several batches stay open (see
    /// [`FreqPartial::resolve_split_documents`]), since other counters may have seen other
    /// batches of them.
    pub fn into_partial(self) -> FreqPartial {
        self.into_counts().to_partial()
    }

    /// The counts by term id (documents cut into several batches stay open, as in
    /// [`Counter::into_partial`]).
    pub fn into_counts(self) -> FreqCounts {
        let settings = settings_of(self.analyzer);
        merge_counters(vec![self], settings, false)
    }
}

/// The summed counts of one group over all counters, by global term id.
#[derive(Debug, Clone)]
enum Cells {
    Dense(Vec<TermAgg>),
    Sparse(FxHashMap<u32, TermAgg>),
}

impl Cells {
    #[inline]
    fn add(&mut self, t: u32, count: u64, docs: u64) {
        let a = match self {
            Cells::Dense(v) => {
                let i = t as usize;
                if v.len() <= i {
                    v.resize(i + 1, TermAgg::default());
                }
                &mut v[i]
            }
            Cells::Sparse(m) => m.entry(t).or_default(),
        };
        a.count += count;
        a.docs += docs;
    }

    /// The terms counted, by id (in no particular order).
    fn rows(&self) -> Vec<(u32, TermAgg)> {
        match self {
            Cells::Dense(v) => v
                .iter()
                .enumerate()
                .filter(|(_, a)| a.count > 0)
                .map(|(t, a)| (t as u32, *a))
                .collect(),
            Cells::Sparse(m) => m
                .iter()
                .filter(|(_, a)| a.count > 0)
                .map(|(&t, a)| (t, *a))
                .collect(),
        }
    }
}

/// Document, token and term totals of one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GroupStats {
    /// Documents in the group.
    pub docs: u64,
    /// Word tokens seen (before stopwords and other filters).
    pub tokens: u64,
    /// Tokens that became terms.
    pub terms_counted: u64,
}

/// The counts of one run, as the workers left them: terms by id, the workers' token tables
/// for the surface forms. Tables of the top terms come straight from here (only their display
/// forms are looked up); [`FreqCounts::to_partial`] gives the mergeable, serialisable form.
///
/// ```
/// use korpus::engine::{Analyzer, AnalyzerOptions, Counter, TermUnit};
/// let a = Analyzer::new(AnalyzerOptions { unit: TermUnit::Stem, ..AnalyzerOptions::default() });
/// let mut c = Counter::new(&a);
/// c.add_document("");
/// c.add_text("Die Wahlen und die Wahl: gewählt wird in Wahlkreisen.", 0, "", false);
/// let counts = c.into_counts();
/// assert_eq!(counts.groups().next().map(|(_, s)| s.terms_counted), Some(4));
/// let top = counts.table("", 1);
/// assert_eq!((top[0].term.as_str(), top[0].key.as_str(), top[0].count), ("Wahl", "wahl", 3));
/// assert_eq!(counts.to_partial().table("", 1), top);
/// ```
#[derive(Debug, Clone, Default)]
pub struct FreqCounts {
    settings: String,
    terms: TermTexts,
    /// By name: name, totals, cells.
    groups: Vec<(String, GroupStats, Cells)>,
    /// Each worker's token table and the global ids of its terms.
    tables: Vec<(TokenTable, Vec<u32>)>,
    /// Documents cut into several batches that are not settled yet: document, group, terms.
    split: Vec<(u64, usize, Vec<u32>)>,
}

impl FreqCounts {
    /// The analysis settings.
    pub fn settings(&self) -> &str {
        &self.settings
    }

    /// The groups (by name) and their totals.
    pub fn groups(&self) -> impl Iterator<Item = (&str, GroupStats)> + '_ {
        self.groups.iter().map(|(n, s, _)| (n.as_str(), *s))
    }

    /// The `top` most frequent terms of `group` (0 = all), by count, then document count,
    /// then key: the same rows as [`FreqPartial::table`] of [`FreqCounts::to_partial`].
    pub fn table(&self, group: &str, top: usize) -> Vec<TermRow> {
        let Some((_, _, cells)) = self.groups.iter().find(|(n, _, _)| n == group) else {
            return Vec::new();
        };
        // Sorted by a key that settles most comparisons without reading the term texts:
        // count and document count (highest first), then the first 8 bytes of the text.
        let mut rows: Vec<(u32, TermAgg, u64)> = cells
            .rows()
            .into_iter()
            .map(|(t, a)| (t, a, text_prefix(self.terms.get(t))))
            .collect();
        let order = |a: &(u32, TermAgg, u64), b: &(u32, TermAgg, u64)| {
            b.1.count
                .cmp(&a.1.count)
                .then(b.1.docs.cmp(&a.1.docs))
                .then_with(|| self.text_order((a.2, a.0), (b.2, b.0)))
        };
        if top > 0 && top < rows.len() {
            rows.select_nth_unstable_by(top - 1, order);
            rows.truncate(top);
        }
        rows.par_sort_unstable_by(order);
        let ids: Vec<u32> = rows.iter().map(|(t, _, _)| *t).collect();
        let forms = self.display_forms(&ids);
        rows.into_par_iter()
            .zip(forms)
            .map(|((t, a, _), form)| {
                let key = self.terms.get(t).to_string();
                TermRow {
                    term: form.unwrap_or_else(|| key.clone()),
                    key,
                    count: a.count,
                    docs: a.docs,
                }
            })
            .collect()
    }

    /// The order of two terms' texts, given as ([`text_prefix`], id): the prefixes first,
    /// the texts only when those are equal.
    fn text_order(&self, a: (u64, u32), b: (u64, u32)) -> std::cmp::Ordering {
        a.0.cmp(&b.0)
            .then_with(|| self.terms.get(a.1).cmp(self.terms.get(b.1)))
    }

    /// Where the surface forms of terms `ids` sit in the workers' tables: (position in
    /// `ids`, table, slot, count), sorted by position. The tables are scanned in parallel.
    fn form_slots(&self, ids: &[u32]) -> Vec<(u32, u32, u32, u64)> {
        let mut pos = vec![u32::MAX; self.terms.len()];
        for (i, &t) in ids.iter().enumerate() {
            pos[t as usize] = i as u32;
        }
        let mut found: Vec<(u32, u32, u32, u64)> = self
            .tables
            .par_iter()
            .enumerate()
            .flat_map_iter(|(k, (table, remap))| {
                let pos = &pos;
                table
                    .slots
                    .as_slice()
                    .iter()
                    .enumerate()
                    .filter_map(move |(i, s)| {
                        if s.term() == EMPTY || s.term() == NO_TERM || s.count == 0 {
                            return None;
                        }
                        let p = pos[remap[s.term() as usize] as usize];
                        (p != u32::MAX).then_some((p, k as u32, i as u32, s.count))
                    })
            })
            .collect();
        found.par_sort_unstable_by_key(|f| f.0);
        found
    }

    /// The forms of one term (its run of [`FreqCounts::form_slots`]) in text order, each
    /// with its count summed over the workers' tables.
    fn summed_forms(&self, run: &[(u32, u32, u32, u64)]) -> Vec<(String, u64)> {
        let mut buf = [0u8; 16];
        let mut bytes = |k: u32, i: u32| {
            let table = &self.tables[k as usize].0;
            table
                .bytes(&table.slots.as_slice()[i as usize], &mut buf)
                .to_vec()
        };
        // Only whole `&str`s are ever stored, so the bytes are valid UTF-8.
        let text = |f: Vec<u8>| {
            String::from_utf8(f)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
        };
        // Most terms have one form in one table.
        if let [(_, k, i, n)] = *run {
            return vec![(text(bytes(k, i)), n)];
        }
        let mut forms: Vec<(Vec<u8>, u64)> =
            run.iter().map(|&(_, k, i, n)| (bytes(k, i), n)).collect();
        forms.sort_unstable();
        forms.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 += later.1;
            }
            same
        });
        forms.into_iter().map(|(f, n)| (text(f), n)).collect()
    }

    /// The surface forms of terms `ids` with their counts, summed over the workers: for
    /// each id (by position), its forms in text order.
    fn forms_of(&self, ids: &[u32]) -> Vec<Vec<(String, u64)>> {
        let found = self.form_slots(ids);
        let mut out: Vec<Vec<(String, u64)>> = vec![Vec::new(); ids.len()];
        for run in found.chunk_by(|a, b| a.0 == b.0) {
            out[run[0].0 as usize] = self.summed_forms(run);
        }
        out
    }

    /// The display form of each of `ids`: its most frequent surface form (ties: the one
    /// that sorts first), as [`FreqPartial::display`]. The terms are done in parallel.
    fn display_forms(&self, ids: &[u32]) -> Vec<Option<String>> {
        let found = self.form_slots(ids);
        let runs: Vec<&[(u32, u32, u32, u64)]> = found.chunk_by(|a, b| a.0 == b.0).collect();
        let chosen: Vec<(u32, Option<String>)> = runs
            .par_iter()
            .map(|run| {
                let best = self
                    .summed_forms(run)
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|(f, _)| f);
                (run[0].0, best)
            })
            .collect();
        let mut out: Vec<Option<String>> = vec![None; ids.len()];
        for (p, form) in chosen {
            out[p as usize] = form;
        }
        out
    }

    /// The mergeable, serialisable result (term texts as keys, surface forms by term).
    pub fn to_partial(&self) -> FreqPartial {
        let all: Vec<u32> = (0..self.terms.len() as u32).collect();
        // The term ids in the order of their texts, by a numeric prefix first (most
        // comparisons then read no text): the maps below are built from sorted input, which
        // takes one comparison a key instead of a search.
        let mut order: Vec<(u64, u32)> = all
            .par_iter()
            .map(|&t| (text_prefix(self.terms.get(t)), t))
            .collect();
        order.par_sort_unstable_by(|&a, &b| self.text_order(a, b));
        let mut rank = vec![0u32; order.len()];
        for (i, &(_, t)) in order.iter().enumerate() {
            rank[t as usize] = i as u32;
        }
        let (groups, surfaces) = rayon::join(
            || {
                self.groups
                    .iter()
                    .map(|(name, stats, cells)| {
                        let mut rows = cells.rows();
                        rows.sort_unstable_by_key(|&(t, _)| rank[t as usize]);
                        let terms: BTreeMap<String, TermAgg> = rows
                            .into_iter()
                            .map(|(t, a)| (self.terms.get(t).to_string(), a))
                            .collect();
                        (
                            name.clone(),
                            GroupPartial {
                                docs: stats.docs,
                                tokens: stats.tokens,
                                terms_counted: stats.terms_counted,
                                terms,
                            },
                        )
                    })
                    .collect::<BTreeMap<String, GroupPartial>>()
            },
            || {
                let mut forms = self.forms_of(&all);
                order
                    .iter()
                    .filter_map(|&(_, t)| {
                        let f = std::mem::take(&mut forms[t as usize]);
                        (!f.is_empty()).then(|| {
                            (
                                self.terms.get(t).to_string(),
                                f.into_iter().collect::<BTreeMap<String, u64>>(),
                            )
                        })
                    })
                    .collect::<BTreeMap<String, BTreeMap<String, u64>>>()
            },
        );
        let split = self
            .split
            .iter()
            .map(|(doc, g, terms)| {
                let name = self.groups[*g].0.clone();
                let mut set = FxHashSet::default();
                set.extend(terms.iter().map(|&t| self.terms.get(t).to_string()));
                (*doc, (name, set))
            })
            .collect();
        FreqPartial {
            settings: self.settings.clone(),
            groups,
            surfaces,
            split,
        }
    }
}

/// The first 8 bytes of `t` as a number that orders like the bytes (shorter texts padded
/// with zeros, so a prefix sorts first).
fn text_prefix(t: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = t.len().min(8);
    b[..n].copy_from_slice(&t.as_bytes()[..n]);
    u64::from_be_bytes(b)
}

/// Sums the counts of several counters (of one run: same analyser). Terms are matched by
/// id: each counter's term list is mapped once onto a global one. With `resolve`, documents
/// cut into several batches are counted once per term here (all of their batches are among
/// `counters`); otherwise they stay open.
pub(crate) fn merge_counters(
    counters: Vec<Counter<'_>>,
    settings: String,
    resolve: bool,
) -> FreqCounts {
    let mut counters = counters;
    // All counts into the cells (workers of a run have done this already).
    counters.par_iter_mut().for_each(|c| c.settle());
    // Global term ids: the biggest vocabulary first, the others mapped onto it.
    counters.sort_by_key(|c| std::cmp::Reverse(c.terms.len()));
    let mut terms = TermTexts::default();
    let mut index = TokenTable::new();
    let mut remaps: Vec<Vec<u32>> = Vec::with_capacity(counters.len());
    let last = counters.len().saturating_sub(1);
    for (k, c) in counters.iter_mut().enumerate() {
        if k == 0 {
            terms = std::mem::take(&mut c.terms);
            index = std::mem::replace(&mut c.term_index, TokenTable::new());
            remaps.push((0..terms.len() as u32).collect());
        } else {
            // Look the counter's terms up in parallel (most are known), then add the new
            // ones in order.
            let known: Vec<u32> = (0..c.terms.len() as u32)
                .into_par_iter()
                .map(|t| {
                    let b = c.terms.get(t).as_bytes();
                    let key = padded_key(b);
                    match index.find(b, key, hash_of(b, key)) {
                        Ok(i) => index.slots.as_slice()[i].term(),
                        Err(_) => EMPTY,
                    }
                })
                .collect();
            // A counter's terms are distinct, so the last counter's new terms need no
            // index: they are appended.
            let remap = known
                .into_iter()
                .enumerate()
                .map(|(t, id)| match id {
                    EMPTY if k == last => terms.push(c.terms.get(t as u32)),
                    EMPTY => terms.intern(&mut index, c.terms.get(t as u32)),
                    id => id,
                })
                .collect();
            remaps.push(remap);
        }
    }
    drop(index);

    // Groups by name.
    let names: BTreeSet<&str> = counters
        .iter()
        .flat_map(|c| c.groups.iter().map(|(n, _)| &**n))
        .collect();
    let gpos: FxHashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let single = names.len() == 1;
    let mut groups: Vec<(String, GroupStats, Cells)> = names
        .iter()
        .map(|n| {
            let cells = if single {
                Cells::Dense(vec![TermAgg::default(); terms.len()])
            } else {
                Cells::Sparse(FxHashMap::default())
            };
            (n.to_string(), GroupStats::default(), cells)
        })
        .collect();
    // Documents cut into several batches: each counter's terms of each, by global id.
    let mut split: BTreeMap<u64, (usize, Vec<u32>)> = BTreeMap::new();
    for (c, remap) in counters.iter().zip(&remaps) {
        for (name, gc) in &c.groups {
            let (_, stats, cells) = &mut groups[gpos[&**name]];
            stats.docs += gc.docs;
            stats.tokens += gc.tokens;
            stats.terms_counted += gc.terms_counted;
            for (t, a) in gc.dense.iter().enumerate() {
                if a.count > 0 || a.docs > 0 {
                    cells.add(remap[t], a.count, a.docs);
                }
            }
            for (&t, cell) in &gc.sparse {
                if cell.count > 0 {
                    cells.add(remap[t as usize], cell.count, cell.docs);
                }
            }
        }
        for (&doc, (g, terms)) in &c.split {
            let e = split
                .entry(doc)
                .or_insert_with(|| (gpos[&*c.groups[*g as usize].0], Vec::new()));
            e.1.extend(terms.iter().map(|&t| remap[t as usize]));
        }
    }
    // Each document's terms without duplicates (a bit per term, cleared after each
    // document), then counted once, or kept open.
    let mut seen = vec![0u64; terms.len().div_ceil(64)];
    let mut open = Vec::new();
    for (doc, (g, mut list)) in split {
        list.retain(|&t| {
            let (w, bit) = (t as usize >> 6, 1u64 << (t & 63));
            let new = seen[w] & bit == 0;
            seen[w] |= bit;
            new
        });
        for &t in &list {
            seen[t as usize >> 6] = 0;
        }
        if resolve {
            for &t in &list {
                groups[g].2.add(t, 0, 1);
            }
        } else {
            open.push((doc, g, list));
        }
    }
    drop(gpos);
    drop(names);
    let tables = counters
        .into_iter()
        .zip(remaps)
        .map(|(c, remap)| (c.table, remap))
        .collect();
    FreqCounts {
        settings,
        terms,
        groups,
        tables,
        split: open,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{AnalyzerOptions, TermUnit};

    #[test]
    fn two_counters_merge_into_one_counters_result() {
        let a = Analyzer::new(AnalyzerOptions {
            unit: TermUnit::Stem,
            ..AnalyzerOptions::default()
        });
        let texts = [
            "Der Filz im Rat: Filzes Macht und die Verfilzung der Wahl.",
            "Die Wahlen, der Rat und der Filz; Transparenz statt Filz.",
        ];
        let mut one = Counter::new(&a);
        for (doc, text) in texts.iter().enumerate() {
            one.add_document("");
            one.add_text(text, doc as u64, "", false);
        }
        let expected = one.into_partial();
        // The second text first, so that the counters' term ids differ.
        let mut c1 = Counter::new(&a);
        let mut c2 = Counter::new(&a);
        c2.add_document("");
        c2.add_text(texts[1], 1, "", false);
        c1.add_document("");
        c1.add_text(texts[0], 0, "", false);
        let got = merge_counters(vec![c1, c2], settings_of(&a), true);
        assert_eq!(got.to_partial(), expected);
        assert_eq!(got.table("", 0), expected.table("", 0));
        let filz = got.table("", 1);
        assert_eq!(
            (filz[0].key.as_str(), filz[0].count, filz[0].docs),
            ("filz", 4, 2)
        );
    }

    #[test]
    fn token_table_keeps_every_token_through_growth_into_os_memory() {
        // Enough tokens that the table grows well past the size taken from the operating
        // system; short tokens sit in their slots, long ones in the arena.
        let tokens: Vec<String> = (0..150_000u32)
            .map(|i| match i % 3 {
                0 => format!("w{i}"),
                1 => format!("Wahl{i}"),
                _ => format!("Donaudampfschifffahrtsgesellschaft{i}"),
            })
            .collect();
        let mut table = TokenTable::new();
        for (id, t) in tokens.iter().enumerate() {
            let b = t.as_bytes();
            let key = padded_key(b);
            let h = hash_of(b, key);
            let slot = table.find(b, key, h).expect_err("each token is new");
            table.insert(b, key, h, slot, id as u32);
        }
        assert!(std::mem::size_of_val(table.slots.as_slice()) > 4 << 20);
        assert_eq!(table.len, tokens.len());
        assert_eq!(table.iter().count(), tokens.len());
        let mut buf = [0u8; 16];
        for (id, t) in tokens.iter().enumerate() {
            let b = t.as_bytes();
            let key = padded_key(b);
            let i = table.find(b, key, hash_of(b, key)).expect("found");
            let s = table.slots.as_slice()[i];
            assert_eq!(s.term(), id as u32);
            assert_eq!(table.bytes(&s, &mut buf), b);
        }
        let absent = b"Wahl150001";
        let key = padded_key(absent);
        assert!(table.find(absent, key, hash_of(absent, key)).is_err());
        // A copy is a table of its own.
        let copy = table.clone();
        assert_eq!(copy.iter().count(), tokens.len());
    }
}
