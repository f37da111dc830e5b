//! German compound splitting: `Wirtschaftsförderung` → `Wirtschaft` + `Förderung`.
//!
//! [`Splitter::german`] splits a German word into its immediate constituents, modifier and head,
//! as GermaNet and dictionaries do (`Bundesfilmpreis` → `Bund` + `Filmpreis`,
//! `Marktforschungsinstitut` → `Markt` + `Forschungsinstitut`: a constituent may be a compound
//! itself), each in its base form (`Familien-` → `Familie`, `Schul-` → `Schule`,
//! `Bürgermeisterwahlen` → … + `Wahl`), with linking elements (`-s-`, `-es-`, `-n-`, `-en-`,
//! `-er-`, `-e-`, dropped `-e`) removed, and
//! leaves whole the words that are not compounds: derivations (`Digitalisierung`), nouns of
//! particle verbs (`Vorschlag`, `Zusammenarbeit`) and simple words (`Präsident`). Hyphenated
//! compounds split at their hyphens (`Arbeitsplatz-PC` → `Arbeitsplatz` + `PC`).
//!
//! Parts are written in *noun case*: nouns as the lexicon writes their lemma (capitalised),
//! adjectives, particles and verbs (shown as infinitive) in lowercase —
//! `Kommunalpolitik` → `kommunal` + `Politik`, `Schreibtisch` → `schreiben` + `Tisch`.
//!
//! ```
//! use korpus::stem::compound::Splitter;
//!
//! let splitter = Splitter::german();
//! let split = splitter.split("Wirtschaftsförderung").expect("a compound");
//! assert_eq!(split.parts, ["Wirtschaft", "Förderung"]);
//! assert_eq!(split.spans, [(0, 10), (11, 21)]); // the linking -s- belongs to no part
//! assert_eq!(splitter.head("Bürgermeisterwahl").as_deref(), Some("Wahl"));
//! assert!(splitter.split("Digitalisierung").is_none());
//! ```
//!
//! # Method
//! A search over lexicon parts in the manner of Koehn & Knight (2003), scored by the geometric
//! mean of part frequencies with a penalty per part beyond two, constrained by German morphology:
//! the head must be a noun form (or a noun derived from a verb, `-ung`/`-er`, or a nominalised
//! infinitive, `Klettern`) that is not a derivational suffix (`-ung`, `-heit`, `-ion`, …);
//! modifiers are nouns in a modifier form (linking `-s-`, `-es-`, `-n-`, `-en-`, `-er-`, `-e-`,
//! dropped `-e`), adjectives/particles, verb stems or bound modifiers (`bio-`, `agrar-`), never
//! verb prefixes (`ver-`, `ent-`) or function words; nouns of particle verbs stay whole
//! (`Vorschlag` ← `vorschlagen`); a known word much more frequent than its best split stays
//! whole. Of three or more parts, the head is the last unless the compound of the last two is
//! more frequent than the compound of the others, or a linking element marks the boundary before
//! them (`Bundes|filmpreis`). A plural compound whose singular neither the speeches nor the
//! Wiktionary list know keeps its plural head (`Sicherheitsgründe` → `Gründe`): such words are
//! plural nouns. See the `search` module source for the rules and their constants.
//!
//! The lexicon (`src/stem/compound/LEXICON.md`) is derived from word counts of the German
//! Bundestag speeches 2017–2021 and from the German Wiktionary noun list (CC BY-SA 4.0), and is
//! compiled into the crate (about 1.1 MB of gzip; `examples/build_lexicon.rs` regenerates it).
//!
//! # Accuracy
//! On the GermaNet compound list (`../shared/data/germanet-compounds/dev.tsv`, 60,919 words):
//! head accuracy 96.1 %, exact splits 87.4 %; false splits on the simple nouns
//! (`../shared/data/simplex-nouns/dev.txt`): 2.2 % (`tests/compound.rs` prints these, also for
//! two halves of each list). Remaining head errors: parts missing from the lexicon (rare
//! modifiers and heads, verb stems of verbs the speeches lack), the bracketing of compounds of
//! three parts, and particle compounds (`Rückblick`) that the particle-verb rule keeps whole.

mod lexicon;
mod search;

use std::collections::HashMap;
use std::sync::OnceLock;

use lexicon::Lexicon;
use search::{Kind, Piece};

/// A German compound splitter over a lexicon of word frequencies and noun lemmas.
///
/// `Send + Sync`: share one splitter between threads; give each worker its own [`SplitCache`].
#[derive(Debug)]
pub struct Splitter {
    lex: Lexicon,
}

/// The parts of a compound.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// The parts in their base form, head last, in noun case (nouns capitalised as their lemma,
    /// other parts lowercase): the immediate constituents, usually a modifier and a head, either
    /// of which may be a compound itself; hyphenated words have one part per segment.
    pub parts: Vec<String>,
    /// Byte span `(start, end)` of each part in the input word; linking elements and hyphens
    /// belong to no part.
    pub spans: Vec<(usize, usize)>,
}

impl Split {
    /// The head (last part).
    ///
    /// ```
    /// let split = korpus::stem::compound::Splitter::german().split("Familienpolitik").unwrap();
    /// assert_eq!(split.head(), "Politik");
    /// assert_eq!(split.parts[0], "Familie");
    /// ```
    pub fn head(&self) -> &str {
        self.parts.last().map_or("", String::as_str)
    }
}

static GERMAN: OnceLock<Splitter> = OnceLock::new();

impl Splitter {
    /// The splitter with the shipped German lexicon, loaded on first use (once per process).
    ///
    /// ```
    /// let s = korpus::stem::compound::Splitter::german();
    /// assert_eq!(s.split("Kommunalpolitik").unwrap().parts, ["kommunal", "Politik"]);
    /// ```
    pub fn german() -> &'static Splitter {
        GERMAN.get_or_init(|| Splitter {
            lex: Lexicon::shipped(),
        })
    }

    /// Splits `word` into its parts, or returns `None` when it is not a compound (leave it
    /// whole). Case does not matter; the word may be inflected (`Bürgermeisterwahlen`).
    ///
    /// ```
    /// let s = korpus::stem::compound::Splitter::german();
    /// let split = s.split("Bürgermeisterwahl").unwrap();
    /// assert_eq!(split.parts, ["Bürgermeister", "Wahl"]);
    /// assert!(s.split("Vorschlag").is_none());
    /// ```
    pub fn split(&self, word: &str) -> Option<Split> {
        let word_trim = word.trim_matches('-');
        let offset = word.len() - word.trim_start_matches('-').len();
        if word_trim.contains('-') {
            return self.split_hyphenated(word_trim, offset);
        }
        self.split_plain(word_trim, offset)
    }

    /// The head of `word` in its base form, or `None` when the word is not a compound.
    ///
    /// ```
    /// let s = korpus::stem::compound::Splitter::german();
    /// assert_eq!(s.head("Familienpolitik").as_deref(), Some("Politik"));
    /// assert_eq!(s.head("Regierung"), None);
    /// ```
    pub fn head(&self, word: &str) -> Option<String> {
        self.split(word)?.parts.pop()
    }

    /// A one-word compound (no hyphen); `offset` is added to the spans.
    fn split_plain(&self, word: &str, offset: usize) -> Option<Split> {
        let low = Lowered::new(word)?;
        let pieces = search::split_lower(&self.lex, &low.text, &low.bounds)?;
        Some(self.assemble(word, &low, &pieces, offset))
    }

    /// Parts of a hyphenated compound: each hyphen-separated segment is a part, as in GermaNet
    /// (`E-Ticket` → `E` + `Ticket`); runs of one-character segments stay together (`3-D`).
    fn split_hyphenated(&self, word: &str, offset: usize) -> Option<Split> {
        let mut segs: Vec<(usize, usize)> = Vec::new();
        let mut start = 0;
        for seg in word.split('-') {
            let end = start + seg.len();
            let short = |&(s, e): &(usize, usize)| word[s..e].chars().count() == 1;
            match segs.last_mut() {
                // Runs of one-character segments stay together (`3-D`).
                Some(last) if short(last) && seg.chars().count() == 1 => last.1 = end,
                _ if seg.is_empty() => {}
                _ => segs.push((start, end)),
            }
            start = end + 1;
        }
        if segs.len() < 2 {
            return match segs.first() {
                Some(&(s, e)) if !word[s..e].contains('-') => {
                    self.split_plain(&word[s..e], offset + s)
                }
                _ => None,
            };
        }
        let mut split = Split {
            parts: Vec::with_capacity(segs.len()),
            spans: Vec::with_capacity(segs.len()),
        };
        let last = segs.len() - 1;
        for (k, &(s, e)) in segs.iter().enumerate() {
            let seg = &word[s..e];
            let reading = Lowered::new(seg).and_then(|low| {
                let chars = low.bounds.len() - 1;
                let atom = if k == last {
                    search::head_reading(&self.lex, &low.text, chars)
                } else {
                    search::modifier_reading(&self.lex, &low.text, chars)
                }?;
                let keep = low.orig.get(atom.keep).copied()?;
                Some((self.display(&low, 0, atom.keep, atom.kind), keep))
            });
            let (text, keep) = reading.unwrap_or_else(|| (seg.to_string(), seg.len()));
            split.parts.push(text);
            split.spans.push((offset + s, offset + s + keep));
        }
        Some(split)
    }

    fn assemble(&self, word: &str, low: &Lowered, pieces: &[Piece], offset: usize) -> Split {
        let mut split = Split {
            parts: Vec::with_capacity(pieces.len()),
            spans: Vec::with_capacity(pieces.len()),
        };
        for p in pieces {
            split.parts.push(self.display_piece(low, p));
            let s = low.orig.get(p.start).copied().unwrap_or(0);
            let e = low.orig.get(p.keep_end).copied().unwrap_or(word.len());
            split.spans.push((offset + s, offset + e));
        }
        split
    }

    /// The base form of a part that may be a compound itself: its atoms before the last as
    /// written, the last in its base form (`Filmpreise` → `Filmpreis`, `Marktforschungs-` →
    /// `Marktforschung`), capitalised when that last atom is a noun.
    fn display_piece(&self, low: &Lowered, p: &Piece) -> String {
        let last = self.display(low, p.inner, p.keep_end, p.kind);
        if p.inner <= p.start {
            return last;
        }
        let front = low
            .bounds
            .get(p.start)
            .zip(low.bounds.get(p.inner))
            .and_then(|(&s, &e)| low.text.get(s..e))
            .unwrap_or("");
        let noun = matches!(p.kind, Kind::Noun(_) | Kind::Derived | Kind::Infinitive);
        let mut out = String::with_capacity(front.len() + last.len());
        let mut chars = front.chars();
        match chars.next() {
            Some(f) if noun => out.extend(f.to_uppercase()),
            Some(f) => out.push(f),
            None => {}
        }
        out.extend(chars);
        out.extend(last.chars().flat_map(char::to_lowercase));
        out
    }

    /// The base form of a part: lemma for nouns, lowercase surface or infinitive otherwise.
    fn display(&self, low: &Lowered, start: usize, keep_end: usize, kind: Kind) -> String {
        let surface = low
            .bounds
            .get(start)
            .zip(low.bounds.get(keep_end))
            .and_then(|(&s, &e)| low.text.get(s..e))
            .unwrap_or("");
        match kind {
            Kind::Noun(id) => self
                .lex
                .lemmas
                .get(id as usize)
                .map_or_else(|| surface.to_string(), |l| l.text.to_string()),
            Kind::Plain => surface.to_string(),
            Kind::Derived | Kind::Infinitive => {
                let mut c = surface.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
            Kind::Verb(ending) => format!("{surface}{ending}"),
        }
    }
}

/// A word lowercased character by character, with the character boundaries in the lowercase
/// text and in the original.
struct Lowered {
    text: String,
    /// Byte offset of each character boundary in `text` (`chars + 1` entries).
    bounds: Vec<usize>,
    /// Byte offset of each character boundary in the original word.
    orig: Vec<usize>,
}

impl Lowered {
    /// `None` for words with non-letters or letters that lowercase to several characters.
    fn new(word: &str) -> Option<Lowered> {
        let mut text = String::with_capacity(word.len());
        let mut bounds = Vec::with_capacity(word.len() + 1);
        let mut orig = Vec::with_capacity(word.len() + 1);
        for (i, c) in word.char_indices() {
            if !c.is_alphabetic() {
                return None;
            }
            bounds.push(text.len());
            orig.push(i);
            let mut low = c.to_lowercase();
            let first = low.next()?;
            if low.next().is_some() {
                return None;
            }
            text.push(first);
        }
        bounds.push(text.len());
        orig.push(word.len());
        Some(Lowered { text, bounds, orig })
    }
}

/// A per-worker cache: each distinct word is split once.
///
/// ```
/// use korpus::stem::compound::{SplitCache, Splitter};
///
/// let mut cache = SplitCache::new(Splitter::german());
/// for word in ["Kommunalpolitik", "Kommunalpolitik", "Regierung"] {
///     let _ = cache.split(word);
/// }
/// assert_eq!(cache.len(), 2);
/// assert_eq!(cache.head("Kommunalpolitik"), Some("Politik"));
/// ```
#[derive(Debug)]
pub struct SplitCache<'s> {
    splitter: &'s Splitter,
    map: HashMap<Box<str>, Option<Split>>,
}

impl<'s> SplitCache<'s> {
    /// An empty cache over `splitter`.
    pub fn new(splitter: &'s Splitter) -> Self {
        SplitCache {
            splitter,
            map: HashMap::new(),
        }
    }

    /// The split of `word` (computed on first sight, then remembered).
    pub fn split(&mut self, word: &str) -> Option<&Split> {
        if !self.map.contains_key(word) {
            let split = self.splitter.split(word);
            self.map.insert(word.into(), split);
        }
        self.map.get(word).and_then(Option::as_ref)
    }

    /// The head of `word`, or `None` when it is not a compound.
    pub fn head(&mut self, word: &str) -> Option<&str> {
        self.split(word).map(Split::head)
    }

    /// Number of distinct words seen.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether no word has been seen yet.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Forgets all words.
    pub fn clear(&mut self) {
        self.map.clear();
    }
}

impl Default for SplitCache<'static> {
    /// A cache over [`Splitter::german`].
    fn default() -> Self {
        SplitCache::new(Splitter::german())
    }
}

/// One output line of `korpus split`: `word<TAB>part1+part2+…`, or `word<TAB>word` when the
/// word is not split.
///
/// ```
/// use korpus::stem::compound::{format_split, Splitter};
///
/// let s = Splitter::german();
/// let w = "Wirtschaftsförderung";
/// assert_eq!(format_split(w, s.split(w).as_ref()), "Wirtschaftsförderung\tWirtschaft+Förderung");
/// assert_eq!(format_split("Regierung", None), "Regierung\tRegierung");
/// ```
pub fn format_split(word: &str, split: Option<&Split>) -> String {
    match split {
        Some(s) => format!("{word}\t{}", s.parts.join("+")),
        None => format!("{word}\t{word}"),
    }
}
