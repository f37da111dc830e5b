//! Per-worker counting and the mergeable result.

use super::{group_key, Analyzer, GroupBy};
use crate::model::Thread;
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

/// Marks a free slot of the token table.
const EMPTY: u32 = u32::MAX;

/// Tokens of at most this many bytes are stored inside their slot.
const INLINE: usize = 16;

/// One slot of the token table: a distinct raw token, its term and how often it was
/// counted. 32 bytes, aligned, so that a lookup touches one cache line.
///
/// A token of at most [`INLINE`] bytes is its own key: its bytes, zero-padded, as two
/// little-endian words (`lo`, `hi`), with its length. A longer token keeps its first 8 bytes
/// in `lo` and its offset in the table's arena in `hi`.
#[repr(C, align(32))]
#[derive(Debug, Clone, Copy)]
struct Slot {
    lo: u64,
    hi: u64,
    /// Occurrences of the token that were counted (0 for one that yields no term).
    count: u64,
    /// The term id, [`NO_TERM`], or [`EMPTY`] for a free slot.
    term: u32,
    /// The token's length in bytes.
    len: u32,
}

const FREE: Slot = Slot {
    lo: 0,
    hi: 0,
    count: 0,
    term: EMPTY,
    len: 0,
};

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
#[derive(Debug)]
struct TokenTable {
    slots: Vec<Slot>,
    mask: usize,
    len: usize,
    /// The bytes of the tokens longer than [`INLINE`].
    arena: Vec<u8>,
}

impl TokenTable {
    fn new() -> TokenTable {
        TokenTable {
            slots: vec![FREE; 1 << 12],
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
        let mut i = h as usize & self.mask;
        loop {
            let s = &self.slots[i];
            if s.term == EMPTY {
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
        self.slots[slot] = Slot {
            lo: key as u64,
            hi,
            count: 0,
            term,
            len: n as u32,
        };
        self.len += 1;
        // Grow at a load factor of 5/8.
        if self.len * 8 <= self.slots.len() * 5 {
            return slot;
        }
        self.grow();
        match self.find(token, key, h) {
            Ok(i) | Err(i) => i,
        }
    }

    fn grow(&mut self) {
        let n = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![FREE; n]);
        self.mask = n - 1;
        let mut buf = [0u8; 16];
        for s in old {
            if s.term == EMPTY {
                continue;
            }
            let bytes = self.bytes(&s, &mut buf);
            let key = padded_key(bytes);
            let mut i = hash_of(bytes, key) as usize & self.mask;
            while self.slots[i].term != EMPTY {
                i = (i + 1) & self.mask;
            }
            self.slots[i] = s;
        }
    }

    /// The occupied slots.
    fn iter(&self) -> impl Iterator<Item = &Slot> {
        self.slots.iter().filter(|s| s.term != EMPTY)
    }
}

/// One worker's counts. Every distinct raw token is analysed once and cached.
#[derive(Debug)]
pub struct Counter<'a> {
    analyzer: &'a Analyzer,
    table: TokenTable,
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
            table: TokenTable::new(),
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

    /// Analyses a new raw token and adds it to the table; returns its slot.
    #[cold]
    #[inline(never)]
    fn analyse(&mut self, token: &str, key: u128, h: u64, slot: usize) -> usize {
        let term = match self.analyzer.term(token) {
            None => NO_TERM,
            Some(t) => match self.term_index.get(t.as_str()) {
                Some(&id) => id,
                None => {
                    let id = self.terms.len() as u32;
                    let t: Box<str> = t.into_boxed_str();
                    self.terms.push(t.clone());
                    self.term_index.insert(t, id);
                    id
                }
            },
        };
        self.table.insert(token.as_bytes(), key, h, slot, term)
    }

    /// Counts the terms of `text` as (part of) document `doc` in group `group`. `split`
    /// marks a document that is cut into several batches: its document frequencies are
    /// settled at the end.
    pub fn add_text(&mut self, text: &str, doc: u64, group: &str, split: bool) {
        let g = self.group(group) as usize;
        let dense = self.dense;
        let stamp = doc + 1;
        let tokenizer = *self.analyzer.tokenizer();
        let bytes = text.as_bytes();
        let mut tokens = 0u64;
        let mut counted = 0u64;
        for w in tokenizer.words(text) {
            tokens += 1;
            let b = w.as_bytes();
            let key = key_of(bytes, b);
            let h = hash_of(b, key);
            let i = match self.table.find(b, key, h) {
                Ok(i) => i,
                Err(slot) => self.analyse(w, key, h, slot),
            };
            let s = &mut self.table.slots[i];
            let term = s.term;
            if term == NO_TERM {
                continue;
            }
            s.count += 1;
            counted += 1;
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

    /// The counts keyed by term text. Documents cut into several batches stay open (see
    /// [`FreqPartial::resolve_split_documents`]), since other counters may have seen other
    /// batches of them.
    pub fn into_partial(self) -> FreqPartial {
        let settings = settings_of(self.analyzer);
        merge_counters(vec![self], settings, false)
    }
}

/// The summed counts of one group over all counters, by global term id.
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
}

/// Sums the counts of several counters (of one run: same analyser) into one partial result.
/// Terms are matched by id (each counter's term list is mapped once to a global one), and the
/// result's maps are built once from sorted sequences, so this costs about one sort of the
/// vocabulary. With `resolve`, documents cut into several batches are counted once per term
/// here (all of their batches are among `counters`); otherwise they stay open in `split`.
pub(crate) fn merge_counters(
    counters: Vec<Counter<'_>>,
    settings: String,
    resolve: bool,
) -> FreqPartial {
    // Global term ids: the biggest vocabulary first, the others mapped onto it.
    let mut counters = counters;
    counters.sort_by_key(|c| std::cmp::Reverse(c.terms.len()));
    let mut gterms: Vec<&str> = Vec::new();
    let mut gindex: FxHashMap<&str, u32> = FxHashMap::default();
    let mut remaps: Vec<Vec<u32>> = Vec::with_capacity(counters.len());
    for (k, c) in counters.iter().enumerate() {
        if k == 0 {
            gterms = c.terms.iter().map(|t| &**t).collect();
            gindex.reserve(gterms.len());
            for (i, t) in gterms.iter().enumerate() {
                gindex.insert(t, i as u32);
            }
            remaps.push((0..gterms.len() as u32).collect());
            continue;
        }
        let remap = c
            .terms
            .iter()
            .map(|t| {
                *gindex.entry(&**t).or_insert_with(|| {
                    gterms.push(t);
                    gterms.len() as u32 - 1
                })
            })
            .collect();
        remaps.push(remap);
    }
    drop(gindex);

    // Groups by name.
    let names: BTreeSet<&str> = counters
        .iter()
        .flat_map(|c| c.groups.iter().map(|(n, _)| &**n))
        .collect();
    let gpos: FxHashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let single = names.len() == 1;
    let mut totals: Vec<(u64, u64, u64, Cells)> = names
        .iter()
        .map(|_| {
            let cells = if single {
                Cells::Dense(vec![TermAgg::default(); gterms.len()])
            } else {
                Cells::Sparse(FxHashMap::default())
            };
            (0, 0, 0, cells)
        })
        .collect();
    let mut split: FxHashMap<u64, (usize, FxHashSet<u32>)> = FxHashMap::default();
    for (c, remap) in counters.iter().zip(&remaps) {
        for (name, gc) in &c.groups {
            let tot = &mut totals[gpos[&**name]];
            tot.0 += gc.docs;
            tot.1 += gc.tokens;
            tot.2 += gc.terms_counted;
            let cells = gc
                .dense
                .iter()
                .enumerate()
                .map(|(t, c)| (t as u32, c))
                .chain(gc.sparse.iter().map(|(&t, c)| (t, c)));
            for (t, cell) in cells {
                if cell.count > 0 {
                    tot.3.add(remap[t as usize], cell.count, cell.docs);
                }
            }
        }
        for (&doc, (g, terms)) in &c.split {
            let e = split
                .entry(doc)
                .or_insert_with(|| (gpos[&*c.groups[*g as usize].0], FxHashSet::default()));
            e.1.extend(terms.iter().map(|&t| remap[t as usize]));
        }
    }
    if resolve {
        for (_, (g, terms)) in split.drain() {
            for t in terms {
                totals[g].3.add(t, 0, 1);
            }
        }
    }

    // The vocabulary in text order: `rank[id]`.
    let mut order: Vec<u32> = (0..gterms.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| gterms[a as usize].cmp(gterms[b as usize]));
    let mut rank = vec![0u32; gterms.len()];
    for (r, &t) in order.iter().enumerate() {
        rank[t as usize] = r as u32;
    }

    let (groups, surfaces) = rayon::join(
        || {
            names
                .iter()
                .zip(totals)
                .map(|(name, (docs, tokens, terms_counted, cells))| {
                    let mut ids: Vec<(u32, TermAgg)> = match cells {
                        Cells::Dense(v) => order
                            .iter()
                            .filter_map(|&t| {
                                let a = v.get(t as usize).copied().unwrap_or_default();
                                (a.count > 0).then_some((t, a))
                            })
                            .collect(),
                        Cells::Sparse(m) => {
                            let mut v: Vec<(u32, TermAgg)> =
                                m.into_iter().filter(|(_, a)| a.count > 0).collect();
                            v.sort_unstable_by_key(|(t, _)| rank[*t as usize]);
                            v
                        }
                    };
                    let terms: BTreeMap<String, TermAgg> = ids
                        .drain(..)
                        .map(|(t, a)| (gterms[t as usize].to_string(), a))
                        .collect();
                    (
                        name.to_string(),
                        GroupPartial {
                            docs,
                            tokens,
                            terms_counted,
                            terms,
                        },
                    )
                })
                .collect::<BTreeMap<String, GroupPartial>>()
        },
        || {
            // (term rank, surface form, count) from every counter, sorted and summed.
            let mut forms: Vec<(u32, String, u64)> = Vec::new();
            let mut buf = [0u8; 16];
            for (c, remap) in counters.iter().zip(&remaps) {
                for s in c.table.iter() {
                    if s.term == NO_TERM || s.count == 0 {
                        continue;
                    }
                    let b = c.table.bytes(s, &mut buf);
                    // Only whole `&str`s are ever stored, so the bytes are valid UTF-8.
                    let form = String::from_utf8_lossy(b).into_owned();
                    forms.push((rank[remap[s.term as usize] as usize], form, s.count));
                }
            }
            forms.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
            let mut surfaces: Vec<(String, BTreeMap<String, u64>)> = Vec::new();
            let mut run: Vec<(String, u64)> = Vec::new();
            let mut it = forms.into_iter().peekable();
            while let Some((r, form, n)) = it.next() {
                match run.last_mut() {
                    Some(last) if last.0 == form => last.1 += n,
                    _ => run.push((form, n)),
                }
                if it.peek().is_none_or(|next| next.0 != r) {
                    let term = gterms[order[r as usize] as usize].to_string();
                    surfaces.push((term, run.drain(..).collect()));
                }
            }
            surfaces.into_iter().collect::<BTreeMap<_, _>>()
        },
    );

    let split = split
        .into_iter()
        .map(|(doc, (g, terms))| {
            let name = names.iter().nth(g).copied().unwrap_or_default().to_string();
            let mut set = FxHashSet::default();
            set.extend(terms.into_iter().map(|t| gterms[t as usize].to_string()));
            (doc, (name, set))
        })
        .collect();
    FreqPartial {
        settings,
        groups,
        surfaces,
        split,
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
