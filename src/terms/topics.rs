//! Topic counting: which dictionary categories the tokens of a post or comment match.
//!
//! A [`TopicMatcher`] compiles a [`Dictionary`] once; each worker takes a [`TopicScanner`]
//! from it, which remembers for every distinct token which pattern words it matches, so that
//! normalising, stemming and compound splitting happen once per distinct token.
//!
//! # Tokens
//! Texts are cut by the [`Tokenizer`]; every token except punctuation can match (also symbols
//! such as `€`). Multiword patterns match consecutive tokens, so punctuation between two words
//! breaks a match (`Open, Data` is not `open data`), while line breaks do not. The tokenizer
//! keeps `4.0` in `Industrie 4.0` as one number token, so the pattern `industrie 4.0` is two
//! words; `Internet der Dinge` is three; hyphenated compounds (`E-Government`) are one token,
//! hence one pattern word. The share of a topic is its hits divided by the word tokens of the
//! text (the tokens [`Tokenizer::words`] yields).
//!
//! # Counting rule
//! Counting goes left to right, for every category separately (a pattern of a sub-category
//! counts for the sub-category and for each category above it):
//!
//! 1. At each token position at most one hit per category: of the patterns of that category
//!    (or its sub-categories) that match starting there, the longest (most words) wins; on a
//!    tie, the one listed first in the dictionary.
//! 2. A hit covers all its tokens: a token covered by a (multiword) hit of a category starts
//!    or joins no other hit of the same category (leftmost-longest, no overlaps).
//! 3. Different categories are independent: one token may count for several categories.
//!
//! So `Open Data Portal` with the patterns `open data` and `*portal` in one category gives
//! two hits (`Open Data`, `Portal`), and `Wirtschaftsförderung` matched by both `*förderung`
//! and `wirtschaft*` gives one.
//!
//! ```
//! use korpus::terms::dictionary::Dictionary;
//! use korpus::terms::topics::TopicMatcher;
//! let dict = Dictionary::from_yaml(
//!     "Digitales:\n  - \"internet der dinge\"\n  - internet\n  - \"*digitalisierung\"\nWirtschaft:\n  - head:förderung\n",
//!     "themen.yaml",
//! ).unwrap();
//! let m = TopicMatcher::new(dict);
//! let mut s = m.scanner();
//! let text = "Das Internet der Dinge braucht Wirtschaftsförderung und Digitalisierung.";
//! let mut hits = Vec::new();
//! let words = s.scan(text, &mut hits);
//! assert_eq!(words, 8);
//! let found: Vec<&str> = hits.iter().map(|h| &text[h.start..h.end]).collect();
//! assert_eq!(found, ["Internet der Dinge", "Wirtschaftsförderung", "Digitalisierung"]);
//! ```

use super::dictionary::{Category, Dictionary, Glob, MatchMode};
use crate::model::{Corpus, Thread};
use crate::normalize::Normalizer;
use crate::stem::compound::Splitter;
use crate::stem::{Stemmer, StemmerKind};
use crate::tokenize::{TokenKind, Tokenizer};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::AddAssign;

/// Pattern words of one match mode, by glob kind: text → atom id.
#[derive(Debug, Default, Clone)]
struct GlobSet {
    exact: FxHashMap<Box<str>, u32>,
    prefix: FxHashMap<Box<str>, u32>,
    suffix: FxHashMap<Box<str>, u32>,
    max_prefix: usize,
    max_suffix: usize,
}

impl GlobSet {
    fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.prefix.is_empty() && self.suffix.is_empty()
    }

    /// Pushes the atoms that `s` matches.
    fn collect(&self, s: &str, out: &mut Vec<u32>) {
        if let Some(&a) = self.exact.get(s) {
            out.push(a);
        }
        if !self.prefix.is_empty() {
            for (i, _) in s.char_indices().skip(1) {
                if i > self.max_prefix {
                    break;
                }
                if let Some(&a) = self.prefix.get(&s[..i]) {
                    out.push(a);
                }
            }
            if let Some(&a) = self.prefix.get(s) {
                out.push(a);
            }
        }
        if !self.suffix.is_empty() {
            for (i, _) in s.char_indices() {
                if s.len() - i > self.max_suffix {
                    continue;
                }
                if let Some(&a) = self.suffix.get(&s[i..]) {
                    out.push(a);
                }
            }
        }
    }
}

/// A compiled dictionary. `Send + Sync`: share one between workers, each with its own
/// [`TopicScanner`].
#[derive(Debug, Clone)]
pub struct TopicMatcher {
    dict: Dictionary,
    normalizer: Normalizer,
    tokenizer: Tokenizer,
    stemmer: Stemmer,
    /// Glob sets by [`MatchMode`] (`Token`, `Stem`, `Head`, `Modifier`, `Part`).
    sets: [GlobSet; 5],
    /// Atom → single-word entries.
    singles: Vec<Vec<u32>>,
    /// Atom → multiword entries starting with it.
    multi: Vec<Vec<u32>>,
    /// Entry → its atoms, one a word.
    entry_atoms: Vec<Vec<u32>>,
    /// Category → itself and the categories above it.
    ancestors: Vec<Vec<u32>>,
}

fn mode_index(m: MatchMode) -> usize {
    match m {
        MatchMode::Token => 0,
        MatchMode::Stem => 1,
        MatchMode::Head => 2,
        MatchMode::Modifier => 3,
        MatchMode::Part => 4,
    }
}

impl TopicMatcher {
    /// Compiles `dict`; `stem:` patterns use the default stemmer (CISTEM).
    pub fn new(dict: Dictionary) -> TopicMatcher {
        TopicMatcher::with_stemmer(dict, StemmerKind::default())
    }

    /// Compiles `dict`; `stem:` patterns use `stemmer`.
    pub fn with_stemmer(dict: Dictionary, stemmer: StemmerKind) -> TopicMatcher {
        let stemmer = Stemmer::new(stemmer);
        let mut sets: [GlobSet; 5] = Default::default();
        let mut interned: FxHashMap<(MatchMode, Glob, String), u32> = FxHashMap::default();
        let mut singles: Vec<Vec<u32>> = Vec::new();
        let mut multi: Vec<Vec<u32>> = Vec::new();
        let mut entry_atoms = Vec::with_capacity(dict.entries().len());
        for (e, entry) in dict.entries().iter().enumerate() {
            let p = &entry.pattern;
            let mut atoms = Vec::with_capacity(p.words.len());
            for w in &p.words {
                let text = if p.mode == MatchMode::Stem {
                    stemmer.stem(&w.text).into_owned()
                } else {
                    w.text.clone()
                };
                let key = (p.mode, w.glob, text);
                let next = interned.len() as u32;
                let id = *interned.entry(key.clone()).or_insert(next);
                if id == next {
                    singles.push(Vec::new());
                    multi.push(Vec::new());
                    let set = &mut sets[mode_index(p.mode)];
                    let (map, max) = match w.glob {
                        Glob::Exact => (&mut set.exact, None),
                        Glob::Prefix => (&mut set.prefix, Some(&mut set.max_prefix)),
                        Glob::Suffix => (&mut set.suffix, Some(&mut set.max_suffix)),
                    };
                    if let Some(max) = max {
                        *max = (*max).max(key.2.len());
                    }
                    map.insert(key.2.into_boxed_str(), id);
                }
                atoms.push(id);
            }
            if atoms.len() == 1 {
                singles[atoms[0] as usize].push(e as u32);
            } else {
                multi[atoms[0] as usize].push(e as u32);
            }
            entry_atoms.push(atoms);
        }
        let ancestors = (0..dict.categories().len())
            .map(|c| {
                let mut v = vec![c as u32];
                let mut cur = dict.categories()[c].parent;
                while let Some(p) = cur {
                    v.push(p as u32);
                    cur = dict.categories()[p].parent;
                }
                v
            })
            .collect();
        TopicMatcher {
            dict,
            normalizer: Normalizer::default(),
            tokenizer: Tokenizer::new(),
            stemmer,
            sets,
            singles,
            multi,
            entry_atoms,
            ancestors,
        }
    }

    /// The dictionary.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dict
    }

    /// A scanner (with an empty token cache) for one worker.
    pub fn scanner(&self) -> TopicScanner<'_> {
        TopicScanner {
            m: self,
            cache: FxHashMap::default(),
            sets: vec![Box::new([])],
            toks: Vec::new(),
            best: vec![(0, 0); self.dict.categories().len()],
            covered: vec![0; self.dict.categories().len()],
            touched: Vec::new(),
            scratch: Vec::new(),
            hits: Vec::new(),
        }
    }

    /// Counts the topics of every thread of `corpus`, in parallel; threads stay in input
    /// order.
    ///
    /// ```
    /// use korpus::terms::dictionary::Dictionary;
    /// use korpus::terms::topics::TopicMatcher;
    /// use korpus::{Comment, Corpus, Post, Thread};
    /// let post = Post { id: "p1".into(), text: "Glasfaser für alle: die Digitalisierung kommt.".into(), ..Post::default() };
    /// let c = Comment { id: "c1".into(), text: "Reiner Filz im Rat, Klüngel eben.".into(), ..Comment::default() };
    /// let corpus = Corpus { threads: vec![Thread { post, comments: vec![c] }] };
    /// let report = TopicMatcher::new(Dictionary::german_politics()).count_corpus(&corpus);
    /// let digital = report.topic("Digitalisierung").unwrap();
    /// let filz = report.topic("Filz").unwrap();
    /// assert_eq!(report.threads[0].post.topics[digital].hits, 2);
    /// assert_eq!(report.threads[0].comments.topics[filz].hits, 2);
    /// assert_eq!(report.threads[0].comments.tokens, 6);
    /// ```
    pub fn count_corpus(&self, corpus: &Corpus) -> TopicReport {
        let threads = corpus
            .threads
            .par_iter()
            .map_init(|| self.scanner(), |s, t| s.thread(t))
            .collect();
        TopicReport {
            categories: self.dict.categories().to_vec(),
            threads,
        }
    }

    /// The counts of [`TopicMatcher::count_corpus`] as a partial result, to be merged with
    /// those of other shards of a corpus (`korpus topics --save-partial`, `korpus merge`).
    ///
    /// ```
    /// use korpus::{Comment, Corpus, Post, Thread};
    /// use korpus::terms::dictionary::Dictionary;
    /// use korpus::terms::topics::TopicMatcher;
    /// let thread = |id: &str, text: &str| Thread {
    ///     post: Post { id: id.into(), text: text.into(), ..Post::default() },
    ///     comments: vec![Comment { id: "1".into(), text: "Mehr Transparenz bitte!".into(), ..Comment::default() }],
    /// };
    /// let m = TopicMatcher::new(Dictionary::german_politics());
    /// let teil1 = Corpus { threads: vec![thread("a", "Der Breitbandausbau stockt.")] };
    /// let teil2 = Corpus { threads: vec![thread("b", "Filz im Stadtrat.")] };
    /// let mut merged = m.partial(&teil1);
    /// merged.merge(m.partial(&teil2))?;
    /// let ganz = Corpus { threads: [teil1.threads, teil2.threads].concat() };
    /// assert_eq!(merged.report, m.count_corpus(&ganz));
    /// # Ok::<(), korpus::Error>(())
    /// ```
    pub fn partial(&self, corpus: &Corpus) -> TopicsPartial {
        use std::hash::Hasher;
        let mut h = rustc_hash::FxHasher::default();
        h.write(self.dict.to_json().to_string().as_bytes());
        TopicsPartial {
            settings: format!(
                "stemmer={:?};dictionary={:016x}",
                self.stemmer.kind(),
                h.finish()
            ),
            report: self.count_corpus(corpus),
        }
    }
}

/// The topic counts of a shard of a corpus (see [`TopicMatcher::partial`]). The partials of
/// consecutive shards, merged in order, equal the report of one run over all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicsPartial {
    /// The stemmer and a fingerprint of the dictionary; only equal settings merge.
    pub settings: String,
    /// The counts.
    pub report: TopicReport,
}

impl TopicsPartial {
    /// Appends the threads of `other` (a later shard). Fails when the settings differ.
    pub fn merge(&mut self, other: TopicsPartial) -> crate::Result<()> {
        if self.settings != other.settings || self.report.categories != other.report.categories {
            return Err(crate::Error::usage(format!(
                "cannot merge topic counts made with different dictionaries or stemmers ({} vs {})",
                self.settings, other.settings
            )));
        }
        self.report.threads.extend(other.report.threads);
        Ok(())
    }
}

/// One hit: a pattern of a category matched at `start..end` (byte offsets into the text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The category (an index into [`Dictionary::categories`]).
    pub category: usize,
    /// The entry that matched (an index into [`Dictionary::entries`]).
    pub entry: usize,
    /// Byte offset of the first matched token.
    pub start: usize,
    /// Byte offset one past the last matched token.
    pub end: usize,
}

/// Matches texts against a [`TopicMatcher`], caching what each distinct token matches.
#[derive(Debug)]
pub struct TopicScanner<'m> {
    m: &'m TopicMatcher,
    cache: FxHashMap<Box<str>, u32>,
    /// Atom sets; 0 is the empty set.
    sets: Vec<Box<[u32]>>,
    toks: Vec<(usize, usize, u32)>,
    best: Vec<(u32, u32)>,
    covered: Vec<usize>,
    touched: Vec<u32>,
    scratch: Vec<u32>,
    hits: Vec<Hit>,
}

impl TopicScanner<'_> {
    /// The atom set of a raw token (computed on first sight).
    fn atoms_of(&mut self, raw: &str) -> u32 {
        if let Some(&s) = self.cache.get(raw) {
            return s;
        }
        let m = self.m;
        let norm = m.normalizer.normalize(raw);
        let out = &mut self.scratch;
        out.clear();
        m.sets[0].collect(&norm, out);
        if !m.sets[1].is_empty() {
            m.sets[1].collect(&m.stemmer.stem(&norm), out);
        }
        let (head, modifier, part) = (&m.sets[2], &m.sets[3], &m.sets[4]);
        if !(head.is_empty() && modifier.is_empty() && part.is_empty()) {
            head.collect(&norm, out);
            part.collect(&norm, out);
            if norm.chars().any(char::is_alphabetic) {
                if let Some(split) = Splitter::german().split(&norm) {
                    let n = split.parts.len();
                    for (i, p) in split.parts.iter().enumerate() {
                        let p = m.normalizer.normalize(p);
                        if i + 1 == n {
                            head.collect(&p, out);
                        } else {
                            modifier.collect(&p, out);
                        }
                        part.collect(&p, out);
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        let id = if out.is_empty() {
            0
        } else {
            self.sets.push(out.as_slice().into());
            (self.sets.len() - 1) as u32
        };
        self.cache.insert(raw.into(), id);
        id
    }

    /// Number of distinct tokens seen so far.
    pub fn cached_tokens(&self) -> usize {
        self.cache.len()
    }

    /// Finds the hits in `text` (appended to `out` in text order, by category within one
    /// position) under the counting rule of the [module docs](self); returns the number of
    /// word tokens of `text`.
    pub fn scan(&mut self, text: &str, out: &mut Vec<Hit>) -> u64 {
        let mut words = 0u64;
        let mut toks = std::mem::take(&mut self.toks);
        toks.clear();
        for t in self.m.tokenizer.iter(text) {
            if t.kind.is_word_like() {
                words += 1;
            }
            let set = if t.kind == TokenKind::Punctuation {
                0
            } else {
                self.atoms_of(t.text)
            };
            toks.push((t.start, t.end, set));
        }
        let m = self.m;
        self.covered.iter_mut().for_each(|c| *c = 0);
        for i in 0..toks.len() {
            let set = toks[i].2 as usize;
            if set == 0 {
                continue;
            }
            self.touched.clear();
            for k in 0..self.sets[set].len() {
                let a = self.sets[set][k];
                for &e in &m.singles[a as usize] {
                    consider(self, e, 1, i);
                }
                for &e in &m.multi[a as usize] {
                    let atoms = &m.entry_atoms[e as usize];
                    let k = atoms.len();
                    let fits = i + k <= toks.len()
                        && (1..k).all(|j| {
                            self.sets[toks[i + j].2 as usize]
                                .binary_search(&atoms[j])
                                .is_ok()
                        });
                    if fits {
                        consider(self, e, k as u32, i);
                    }
                }
            }
            self.touched.sort_unstable();
            for &c in &self.touched {
                let (len, e) = self.best[c as usize];
                self.best[c as usize] = (0, 0);
                let last = i + len as usize - 1;
                self.covered[c as usize] = last + 1;
                out.push(Hit {
                    category: c as usize,
                    entry: e as usize,
                    start: toks[i].0,
                    end: toks[last].1,
                });
            }
        }
        self.toks = toks;
        return words;

        fn consider(s: &mut TopicScanner<'_>, e: u32, len: u32, i: usize) {
            let cat = s.m.dict.entries()[e as usize].category;
            for &c in &s.m.ancestors[cat] {
                let c = c as usize;
                if s.covered[c] > i {
                    continue;
                }
                let b = &mut s.best[c];
                if b.0 == 0 {
                    s.touched.push(c as u32);
                    *b = (len, e);
                } else if len > b.0 || (len == b.0 && e < b.1) {
                    *b = (len, e);
                }
            }
        }
    }

    /// Counts the hits of `text` (one document) into `part`.
    pub fn count(&mut self, text: &str, part: &mut PartTopics) {
        let mut hits = std::mem::take(&mut self.hits);
        hits.clear();
        let words = self.scan(text, &mut hits);
        let n = self.m.dict.categories().len();
        if part.topics.len() < n {
            part.topics.resize_with(n, TopicCount::default);
        }
        part.docs += 1;
        part.tokens += words;
        for h in &hits {
            let t = &mut part.topics[h.category];
            t.hits += 1;
            *t.terms
                .entry(term_key(&self.m.normalizer, &text[h.start..h.end]))
                .or_default() += 1;
        }
        self.hits = hits;
    }

    /// The topic counts of a thread's post and comments (a synthetic post is no document).
    pub fn thread(&mut self, t: &Thread) -> ThreadTopics {
        let n = self.m.dict.categories().len();
        let empty = PartTopics {
            topics: vec![TopicCount::default(); n],
            ..PartTopics::default()
        };
        let mut out = ThreadTopics {
            thread: t.id().to_string(),
            post: empty.clone(),
            comments: empty,
        };
        if !t.post.synthetic {
            self.count(&t.post.text, &mut out.post);
        }
        for c in &t.comments {
            self.count(&c.text, &mut out.comments);
        }
        out
    }

    /// Every hit of a thread, for hit-level output; `max_depth` (0 = all) leaves out hits of
    /// sub-categories deeper than that (1 = top-level categories only).
    pub fn thread_hits(&mut self, t: &Thread, max_depth: usize) -> Vec<HitRecord> {
        let mut out = Vec::new();
        let mut hits = Vec::new();
        let docs = (!t.post.synthetic)
            .then_some((&t.post.id, "post", &t.post.text))
            .into_iter()
            .chain(t.comments.iter().map(|c| (&c.id, "comment", &c.text)));
        for (id, part, text) in docs {
            hits.clear();
            self.scan(text, &mut hits);
            for h in &hits {
                let cat = &self.m.dict.categories()[h.category];
                if max_depth > 0 && cat.depth > max_depth {
                    continue;
                }
                out.push(HitRecord {
                    thread: t.id().to_string(),
                    doc: id.clone(),
                    part,
                    topic: cat.path.clone(),
                    term: text[h.start..h.end].to_string(),
                    pattern: self.m.dict.entries()[h.entry].pattern.to_string(),
                    start: h.start,
                    end: h.end,
                });
            }
        }
        out
    }
}

/// The key under which a matched text is counted: its words normalised, joined by a space.
fn term_key(n: &Normalizer, surface: &str) -> String {
    let mut key = String::with_capacity(surface.len());
    for (i, w) in surface.split_whitespace().enumerate() {
        if i > 0 {
            key.push(' ');
        }
        key.push_str(&n.normalize(w));
    }
    key
}

/// One hit as written by `korpus topics --format jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HitRecord {
    /// The thread id.
    pub thread: String,
    /// The id of the post or comment.
    pub doc: String,
    /// `post` or `comment`.
    pub part: &'static str,
    /// The category path (`Digitalisierung`, `Digitalisierung/Breitband`).
    pub topic: String,
    /// The matched text as written (`text[start..end]`).
    pub term: String,
    /// The pattern that matched, as normalised.
    pub pattern: String,
    /// Byte offset of the match in the document's text.
    pub start: usize,
    /// Byte offset one past the match.
    pub end: usize,
}

/// Hits of one category in some texts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicCount {
    /// Number of hits.
    pub hits: u64,
    /// Hits by matched term (normalised text of the match).
    pub terms: BTreeMap<String, u64>,
}

impl TopicCount {
    /// The `n` most frequent terms (0 = all), by count then term.
    pub fn top_terms(&self, n: usize) -> Vec<(&str, u64)> {
        let mut v: Vec<(&str, u64)> = self.terms.iter().map(|(k, &c)| (k.as_str(), c)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        if n > 0 {
            v.truncate(n);
        }
        v
    }
}

/// Topic counts of a set of documents (a thread's post, its comments, …). Mergeable with
/// `+=`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartTopics {
    /// Documents counted.
    pub docs: u64,
    /// Word tokens in them.
    pub tokens: u64,
    /// Counts by category (indexed like [`Dictionary::categories`]).
    pub topics: Vec<TopicCount>,
}

impl PartTopics {
    /// The share of the word tokens that category `c` covers with its hits (0 without
    /// tokens).
    pub fn share(&self, c: usize) -> f64 {
        match (self.topics.get(c), self.tokens) {
            (Some(t), n) if n > 0 => t.hits as f64 / n as f64,
            _ => 0.0,
        }
    }
}

impl AddAssign<&PartTopics> for PartTopics {
    fn add_assign(&mut self, o: &PartTopics) {
        self.docs += o.docs;
        self.tokens += o.tokens;
        if self.topics.len() < o.topics.len() {
            self.topics.resize_with(o.topics.len(), TopicCount::default);
        }
        for (mine, theirs) in self.topics.iter_mut().zip(&o.topics) {
            mine.hits += theirs.hits;
            for (t, n) in &theirs.terms {
                *mine.terms.entry(t.clone()).or_default() += n;
            }
        }
    }
}

/// Topic counts of one thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreadTopics {
    /// The thread id.
    pub thread: String,
    /// The post.
    pub post: PartTopics,
    /// All comments together.
    pub comments: PartTopics,
}

impl ThreadTopics {
    /// Post and comments together.
    pub fn whole(&self) -> PartTopics {
        let mut w = self.post.clone();
        w += &self.comments;
        w
    }
}

/// The result of [`TopicMatcher::count_corpus`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicReport {
    /// The dictionary's categories (indices as in [`PartTopics::topics`]).
    pub categories: Vec<Category>,
    /// One entry per thread, in input order.
    pub threads: Vec<ThreadTopics>,
}

impl TopicReport {
    /// The index of the category with this path (`Digitalisierung/Breitband`).
    pub fn topic(&self, path: &str) -> Option<usize> {
        self.categories.iter().position(|c| c.path == path)
    }

    /// All posts and all comments of the corpus, summed.
    pub fn totals(&self) -> (PartTopics, PartTopics) {
        let mut post = PartTopics::default();
        let mut comments = PartTopics::default();
        for t in &self.threads {
            post += &t.post;
            comments += &t.comments;
        }
        (post, comments)
    }

    /// Indices of the categories of at most `max_depth` levels (0 = all), in dictionary
    /// order.
    pub fn categories_to(&self, max_depth: usize) -> Vec<usize> {
        (0..self.categories.len())
            .filter(|&c| max_depth == 0 || self.categories[c].depth <= max_depth)
            .collect()
    }
}

/// Categories of `part` (among `cats`) ordered by hits, most first (ties: dictionary order).
pub fn ranked(part: &PartTopics, cats: &[usize]) -> Vec<usize> {
    let mut v: Vec<usize> = cats
        .iter()
        .copied()
        .filter(|&c| part.topics.get(c).is_some_and(|t| t.hits > 0))
        .collect();
    v.sort_by(|&a, &b| {
        part.topics[b]
            .hits
            .cmp(&part.topics[a].hits)
            .then(a.cmp(&b))
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(yaml: &str) -> TopicMatcher {
        TopicMatcher::new(Dictionary::from_yaml(yaml, "t.yaml").unwrap())
    }

    fn found(m: &TopicMatcher, text: &str) -> Vec<(String, String)> {
        let mut s = m.scanner();
        let mut hits = Vec::new();
        s.scan(text, &mut hits);
        hits.iter()
            .map(|h| {
                (
                    m.dictionary().categories()[h.category].path.clone(),
                    text[h.start..h.end].to_string(),
                )
            })
            .collect()
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn globs_and_case() {
        let m = matcher("A:\n  - kita\n  - breitband*\n  - \"*förderung\"\n");
        assert_eq!(
            found(
                &m,
                "Kita, Kitas, BREITBANDAUSBAU und Wirtschaftsförderung; Förderung"
            ),
            pairs(&[
                ("A", "Kita"),
                ("A", "BREITBANDAUSBAU"),
                ("A", "Wirtschaftsförderung"),
                ("A", "Förderung")
            ])
        );
    }

    #[test]
    fn longest_match_and_coverage() {
        let m = matcher(
            "A:\n  - \"open data\"\n  - data\n  - \"*portal\"\n  - \"data portal\"\nB:\n  - data\n",
        );
        assert_eq!(
            found(&m, "Das Open Data Portal; Data, Open. Data"),
            pairs(&[
                ("A", "Open Data"),
                ("B", "Data"),
                ("A", "Portal"),
                ("A", "Data"),
                ("B", "Data"),
                ("A", "Data"),
                ("B", "Data")
            ])
        );
    }

    #[test]
    fn subcategories_count_once_for_the_parent() {
        let m = matcher("A:\n  X: [\"wirtschaft*\"]\n  Y: [\"*förderung\"]\n");
        assert_eq!(
            found(&m, "Wirtschaftsförderung"),
            pairs(&[
                ("A", "Wirtschaftsförderung"),
                ("A/X", "Wirtschaftsförderung"),
                ("A/Y", "Wirtschaftsförderung")
            ])
        );
    }

    #[test]
    fn multiword_with_numbers_and_line_breaks() {
        let m = matcher("A:\n  - \"industrie 4.0\"\n  - \"internet der dinge\"\n");
        assert_eq!(
            found(
                &m,
                "Industrie 4.0 und das Internet\nder Dinge, Internet, der Dinge"
            ),
            pairs(&[("A", "Industrie 4.0"), ("A", "Internet\nder Dinge")])
        );
    }

    #[test]
    fn compound_and_stem_modes() {
        let m = matcher(
            "H:\n  - head:förderung\nM:\n  - mod:wirtschaft*\nS:\n  - stem:digitalisierung\nP:\n  - part:schule\n  - part:familie\n",
        );
        let f = found(
            &m,
            "Wirtschaftsförderung Förderung Digitalisierungen Grundschulen Familienpolitik Wirtschaft",
        );
        assert_eq!(
            f,
            pairs(&[
                ("H", "Wirtschaftsförderung"),
                ("M", "Wirtschaftsförderung"),
                ("H", "Förderung"),
                ("S", "Digitalisierungen"),
                ("P", "Grundschulen"),
                ("P", "Familienpolitik"),
            ])
        );
    }

    #[test]
    fn counts_and_terms() {
        let m = matcher("A:\n  - \"open data\"\n  - daten\n");
        let mut s = m.scanner();
        let mut p = PartTopics::default();
        s.count("Open Data und offene Daten, open  data.", &mut p);
        assert_eq!(p.tokens, 7);
        assert_eq!(p.topics[0].hits, 3);
        assert_eq!(p.topics[0].terms["open data"], 2);
        assert!((p.share(0) - 3.0 / 7.0).abs() < 1e-12);
        let mut q = p.clone();
        q += &p;
        assert_eq!(q.topics[0].hits, 6);
        assert_eq!(q.docs, 2);
    }
}
