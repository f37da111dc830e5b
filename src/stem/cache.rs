//! A per-worker stem cache that also remembers how each stem was written.
//!
//! Stemming is done once per distinct word: [`StemCache`] maps each word to a stem id.
//! For display, every stem keeps the counts of its surface forms, and
//! [`StemCache::display_form`] gives the most frequent one ("Digitalisierung" rather than
//! "digitalisier"); ties go to the lexicographically smallest form, so the answer does not
//! depend on the order in which words were seen or caches merged.
//!
//! Caches of several workers combine with [`StemCache::merge`]; surface counts add up.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use super::Stemmer;

/// A fast multiplicative hasher for short keys (the word-at-a-time scheme of Firefox's
/// "FxHash"). The cache is per worker and hashed once per token, so speed matters more here
/// than resistance to crafted collisions.
#[derive(Clone, Copy, Default)]
pub(crate) struct FastHasher(u64);

impl FastHasher {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(c);
            self.add(u64::from_le_bytes(buf));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map with [`FastHasher`].
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Slot value meaning "the surface slot of this word is not known yet".
const NO_SLOT: u32 = u32::MAX;

/// What the cache knows about one distinct input word.
#[derive(Clone, Copy, Debug)]
struct WordEntry {
    /// Index into `StemCache::stems`.
    stem: u32,
    /// Index of the word itself in the surface list of its stem, or [`NO_SLOT`].
    slot: u32,
}

/// One stem and the counts of its surface forms.
#[derive(Clone, Debug, Default)]
struct StemEntry {
    text: Box<str>,
    /// Surface forms and counts; few per stem, so a vector searched linearly.
    surfaces: Vec<(Box<str>, u64)>,
}

impl StemEntry {
    /// Index of `surface` in the list, appended with count 0 when new.
    fn slot_of(&mut self, surface: &str) -> usize {
        match self.surfaces.iter().position(|(s, _)| &**s == surface) {
            Some(i) => i,
            None => {
                self.surfaces.push((surface.into(), 0));
                self.surfaces.len() - 1
            }
        }
    }

    /// The most frequent surface form; ties: the lexicographically smallest.
    fn best(&self) -> Option<&str> {
        self.surfaces
            .iter()
            .filter(|(_, n)| *n > 0)
            .max_by(|(a, n), (b, m)| n.cmp(m).then_with(|| b.cmp(a)))
            .map(|(s, _)| &**s)
    }
}

/// Caches stems of distinct words and counts the surface forms of each stem.
///
/// One per worker (it is `Send`, and cheap to create); combine with [`StemCache::merge`].
///
/// ```
/// use korpus::stem::{StemCache, Stemmer, StemmerKind};
/// let mut cache = StemCache::new(Stemmer::new(StemmerKind::Snowball3));
/// for word in ["Digitalisierung", "digitalisierung", "Digitalisierung", "Digitalisierungen"] {
///     // stem the normalised (lowercase) word, remember how it was written
///     cache.stem_with_surface(&word.to_lowercase(), word);
/// }
/// assert_eq!(cache.stem("digitalisierungen"), "digitalisier");
/// assert_eq!(cache.display_form("digitalisier"), Some("Digitalisierung"));
/// ```
#[derive(Clone)]
pub struct StemCache {
    stemmer: Stemmer,
    words: FastMap<Box<str>, WordEntry>,
    stem_ids: FastMap<Box<str>, u32>,
    stems: Vec<StemEntry>,
}

impl fmt::Debug for StemCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StemCache")
            .field("stemmer", &self.stemmer.kind())
            .field("words", &self.words.len())
            .field("stems", &self.stems.len())
            .finish()
    }
}

impl StemCache {
    /// An empty cache around `stemmer`.
    pub fn new(stemmer: Stemmer) -> Self {
        StemCache {
            stemmer,
            words: FastMap::default(),
            stem_ids: FastMap::default(),
            stems: Vec::new(),
        }
    }

    /// The stemmer of this cache.
    pub fn stemmer(&self) -> &Stemmer {
        &self.stemmer
    }

    /// Number of distinct words stemmed so far.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether no word has been stemmed yet.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Number of distinct stems known (from stemmed words and noted surface forms).
    pub fn stem_count(&self) -> usize {
        self.stems.len()
    }

    /// The id of `stem`, created when new.
    fn intern_stem(&mut self, stem: &str) -> u32 {
        if let Some(&id) = self.stem_ids.get(stem) {
            return id;
        }
        let id = self.stems.len() as u32;
        self.stems.push(StemEntry {
            text: stem.into(),
            surfaces: Vec::new(),
        });
        self.stem_ids.insert(stem.into(), id);
        id
    }

    /// The cache entry of `word`, stemming it when it is new.
    fn entry(&mut self, word: &str) -> WordEntry {
        if let Some(&e) = self.words.get(word) {
            return e;
        }
        let stem = self.stemmer.stem(word);
        let id = self.intern_stem(&stem);
        let e = WordEntry {
            stem: id,
            slot: NO_SLOT,
        };
        self.words.insert(word.into(), e);
        e
    }

    /// The stem of `word`; each distinct word is stemmed only once.
    ///
    /// ```
    /// use korpus::stem::{StemCache, Stemmer};
    /// let mut cache = StemCache::new(Stemmer::default());
    /// assert_eq!(cache.stem("Wahlen"), "wahl");
    /// assert_eq!(cache.len(), 1);
    /// ```
    pub fn stem(&mut self, word: &str) -> &str {
        let e = self.entry(word);
        &self.stems[e.stem as usize].text
    }

    /// Stems `word` and counts `word` itself as a surface form of its stem (the fast path
    /// of a counting loop: one hash look-up for a word seen before).
    pub fn stem_counting(&mut self, word: &str) -> &str {
        let mut e = self.entry(word);
        let entry = &mut self.stems[e.stem as usize];
        if e.slot == NO_SLOT {
            e.slot = entry.slot_of(word) as u32;
            if let Some(w) = self.words.get_mut(word) {
                w.slot = e.slot;
            }
        }
        entry.surfaces[e.slot as usize].1 += 1;
        &entry.text
    }

    /// Stems `word` (e.g. a normalised, lowercase token) and counts `surface` (e.g. the
    /// token as written) as a surface form of its stem.
    pub fn stem_with_surface(&mut self, word: &str, surface: &str) -> &str {
        if word == surface {
            return self.stem_counting(word);
        }
        let e = self.entry(word);
        let entry = &mut self.stems[e.stem as usize];
        let slot = entry.slot_of(surface);
        entry.surfaces[slot].1 += 1;
        &entry.text
    }

    /// Counts one occurrence of `surface` as written form of `stem`.
    ///
    /// ```
    /// use korpus::stem::{StemCache, Stemmer};
    /// let mut cache = StemCache::new(Stemmer::default());
    /// cache.note_surface("wahl", "Wahlen");
    /// cache.note_surface("wahl", "Wahl");
    /// cache.note_surface("wahl", "Wahl");
    /// assert_eq!(cache.display_form("wahl"), Some("Wahl"));
    /// ```
    pub fn note_surface(&mut self, stem: &str, surface: &str) {
        self.note_surface_n(stem, surface, 1);
    }

    /// Counts `n` occurrences of `surface` as written form of `stem`.
    pub fn note_surface_n(&mut self, stem: &str, surface: &str, n: u64) {
        let id = self.intern_stem(stem);
        let entry = &mut self.stems[id as usize];
        let slot = entry.slot_of(surface);
        entry.surfaces[slot].1 += n;
    }

    /// The most frequent surface form of `stem` (ties: the lexicographically smallest), or
    /// `None` when no surface form of it was counted.
    pub fn display_form(&self, stem: &str) -> Option<&str> {
        let id = *self.stem_ids.get(stem)?;
        self.stems[id as usize].best()
    }

    /// The surface forms of `stem` with their counts, most frequent first (ties:
    /// lexicographic order).
    pub fn surface_forms(&self, stem: &str) -> Vec<(&str, u64)> {
        let mut v: Vec<(&str, u64)> = match self.stem_ids.get(stem) {
            Some(&id) => self.stems[id as usize]
                .surfaces
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(s, n)| (&**s, *n))
                .collect(),
            None => Vec::new(),
        };
        v.sort_by(|(a, n), (b, m)| m.cmp(n).then_with(|| a.cmp(b)));
        v
    }

    /// Adds another cache (e.g. of another worker) into this one: its stemmed words are
    /// taken over and its surface counts added. Both caches should use the same stemmer.
    pub fn merge(&mut self, other: StemCache) {
        let StemCache { words, stems, .. } = other;
        for (word, e) in words {
            if self.words.contains_key(&word) {
                continue;
            }
            let id = self.intern_stem(&stems[e.stem as usize].text);
            self.words.insert(
                word,
                WordEntry {
                    stem: id,
                    slot: NO_SLOT,
                },
            );
        }
        for entry in stems {
            if entry.surfaces.is_empty() {
                continue;
            }
            let id = self.intern_stem(&entry.text);
            let mine = &mut self.stems[id as usize];
            for (surface, n) in entry.surfaces {
                let slot = mine.slot_of(&surface);
                mine.surfaces[slot].1 += n;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stem::StemmerKind;

    fn cache() -> StemCache {
        StemCache::new(Stemmer::new(StemmerKind::Snowball3))
    }

    #[test]
    fn ties_are_deterministic_and_merge_adds() {
        let mut a = cache();
        let mut b = cache();
        a.stem_counting("Wahl");
        b.stem_counting("Wahlen");
        let mut ab = a.clone();
        ab.merge(b.clone());
        let mut ba = b;
        ba.merge(a);
        assert_eq!(ab.display_form("wahl"), Some("Wahl"));
        assert_eq!(ba.display_form("wahl"), Some("Wahl"));
        assert_eq!(ab.surface_forms("wahl"), ba.surface_forms("wahl"));
        ba.stem_counting("Wahlen");
        assert_eq!(ba.display_form("wahl"), Some("Wahlen"));
        assert_eq!(ba.surface_forms("wahl"), vec![("Wahlen", 2), ("Wahl", 1)]);
    }

    #[test]
    fn each_word_once_and_unknown_stems() {
        let mut c = cache();
        assert_eq!(c.stem("Parteien"), "partei");
        assert_eq!(c.stem("Parteien"), "partei");
        assert_eq!(c.len(), 1);
        assert_eq!(c.display_form("partei"), None);
        assert_eq!(c.display_form("nichts"), None);
        assert!(c.surface_forms("nichts").is_empty());
    }
}
