//! Keyterms without a dictionary: the words and multiword terms that characterise a text
//! (a post, a thread's comments, a group of documents) against a reference.
//!
//! ## How a text becomes candidates ([`TermCounts`])
//!
//! 1. The text is tokenized ([`Tokenizer`], with sentences). Every word token with a letter
//!    counts towards the size of the text (`c` in [`keyness`](super::keyness)), exactly as
//!    the reference list counts its corpus.
//! 2. A word is a *candidate* unless it is a stopword (German list plus the commonest
//!    English function words), platform furniture or a greeting (`Antworten`, `Löschen`,
//!    `Hallo`, `Gruß`, … — [`FURNITURE`]), or a name in a salutation (the capitalised words
//!    right after `Hallo`, `Liebe`, `Grüße`, … are skipped).
//! 3. Inflected forms are grouped by stem (CISTEM by default: `Filz`/`Filzes`,
//!    `Blog`/`Blogs`); the term is shown in its most frequent surface form.
//! 4. For each term the share of its occurrences *not at the start of a sentence* that are
//!    capitalised is recorded: German capitalises nouns, and topic terms are nouns.
//! 5. **Multiword terms** are contiguous sequences within a sentence of two or three
//!    candidates (a number may follow: `Industrie 4.0`; a genitive `der`/`des` may stand in
//!    the middle: `Internet der Dinge`) whose last word is capitalised and whose first word
//!    is capitalised or an inflected adjective (`offene Daten`). A sequence becomes a term
//!    when it occurs at least `min_phrase_count` times.
//!
//! ## How candidates are ranked ([`Extractor::rank`])
//!
//! The count `a` of a term in the text of `c` tokens is compared with its count `b` in a
//! reference of `d` tokens by **G²** (Dunning 1993) and **log ratio** (Hardie 2014), see
//! [`keyness`](super::keyness). The reference is the shipped German list
//! ([`Reference::german`]), a list of your own, the rest of the corpus, or both (then a
//! term must be over-represented against both, and is ranked by its G² against the list:
//! the rest of a small corpus, like a thread's post against its comments, is too small for
//! G² to separate terms seen once or twice). For a multiword
//! term the general list has no count; it is estimated by the count of its rarest word (a
//! phrase is never more frequent than its rarest word: an upper bound, so that a phrase
//! ranks above single words only on strong evidence).
//!
//! **Compounds are evidence for the words they are built on.** German makes topics into
//! compounds: a post about data says `Daten` once, but `Datenportal`, `Datensätze` and
//! `Verwaltungsdaten` several times. The count `a` and the reference count `b` of a word
//! include those of the words of the same text that start with one of its forms followed by
//! at least 4 more letters that are no derivational suffix (`Daten|portal`, not
//! `Satz|ungen`) or end with it after at least 3 letters
//! (`Verwaltungs|daten`, `Nahverkehrs-|Hackday`) — [`Keyterm::in_compounds`]. The compounds
//! stay terms of their own. The reference counts of the compounds are added as well, so a
//! compound that is common in the reference (`Stellungnahme` for `Stellung`) raises the
//! expectation as much as the count. (On the OKF development set, F1@10 0.165 → 0.170,
//! both halves up.)
//!
//! The ranking score is G² × noun weight × title weight × position weight ×
//! document-frequency weight, where
//! - the noun weight is `0.25 + 0.75 · share of capitalised non-initial occurrences` (0.5
//!   when the word only opens sentences),
//! - the title weight is 2.5 for a term that also occurs in the title,
//! - the position weight, for documents ([`KeytermOptions::position_weight`], 0.2 in
//!   `korpus keyterms`), is `(1 + f / 0.05)^-0.2` for a term whose first occurrence is at
//!   relative position `f` of the text (0 = first word, 1 = last): the start of a text
//!   states its topic (the first-occurrence feature of keyphrase extraction, e.g. KP-Miner,
//!   El-Beltagy & Rafea 2009; YAKE, Campos et al. 2020); a term first seen at the end weighs
//!   0.54 of one in the first sentence (F1@10 0.170 → 0.174),
//! - the document-frequency weight is `df^0.4` when the document frequencies of the corpus
//!   are given ([`Against::df`]): a blog's recurring topics (`Open Data`, `Transparenz`)
//!   before one-off names.
//!
//! Only terms over-represented against the reference are returned. The constants were
//! chosen on one half of the OKF blog development set and checked on the other (see
//! `tests/keyterms.rs`).
//!
//! After ranking, a multiword term *absorbs* each of its words that occurs mostly inside it
//! (phrase count ≥ half the word's count): `Bertelsmann Stiftung` takes the place of
//! `Bertelsmann`. **Compounds** whose head is another keyterm are linked to it
//! (`Wirtschaftsförderung` ~ `Förderung`, reported in [`Keyterm::base`]).
//!
//! **Derivations** are grouped *before* ranking: words of the text that derive from another
//! word of the text ([`family`](super::family): `Verfilzung` and `Filzes`, `Digitalisierung`
//! and `digitale`, `digitalfähig`) form one ranking unit whose count and reference count are
//! the sums over its members, shown by its noun (the member capitalised inside sentences;
//! the most frequent one when there are several) and weighted as a noun when one member is.
//! A topic spread over several forms counts as what it is: one topic, used several times.
//!
//! TF-IDF ([`Measure::TfIdf`]) is offered as well: term frequency × `ln(N / df)` over the
//! documents of the corpus.
//!
//! ```
//! use korpus::terms::keyterms::{Extractor, KeytermOptions};
//! let ex = Extractor::new(KeytermOptions { min_phrase_count: 2, ..KeytermOptions::default() });
//! let text = "Die Wirtschaftsförderung muss die Digitalisierung ernst nehmen. \
//!     Digitalisierung verändert alles, und die Wirtschaftsförderung der Stadt hinkt hinterher. \
//!     Die Bertelsmann Stiftung berät, die Bertelsmann Stiftung verdient.";
//! let terms = ex.keyterms(None, text, 5);
//! let shown: Vec<&str> = terms.iter().map(|k| k.term.as_str()).collect();
//! assert!(shown.contains(&"Wirtschaftsförderung"));
//! assert!(shown.contains(&"Bertelsmann Stiftung"));
//! ```

use super::family::{families, suffix_then_inflection};
use super::keyness::{log_likelihood, log_ratio};
use super::reference::Reference;
use crate::normalize::{lowercase, Stopwords};
use crate::stem::{Stemmer, StemmerKind};
use crate::tokenize::{TokenKind, Tokenizer};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

/// Platform furniture, greetings and closings that never become keyterms (lowercase).
pub const FURNITURE: &[&str] = &[
    "antworten",
    "antwort",
    "löschen",
    "antwortenlöschen",
    "kommentar",
    "kommentare",
    "kommentieren",
    "anonym",
    "anonymous",
    "posten",
    "gepostet",
    "veröffentlichen",
    "abonnieren",
    "teilen",
    "weiterlesen",
    "hallo",
    "hi",
    "hey",
    "moin",
    "servus",
    "gruß",
    "grüße",
    "grüßen",
    "gruss",
    "grüsse",
    "lg",
    "vg",
    "mfg",
    "danke",
    "dank",
    "vielen",
    "bitte",
    "herzlich",
    "herzliche",
    "herzlichen",
    "freundliche",
    "freundlichen",
    "liebe",
    "lieber",
    "fotos",
    "foto",
    "bild",
    "quelle",
    "http",
    "https",
    "www",
];

/// Dates are not topics: months and weekdays (lowercase).
const NON_TOPIC: &[&str] = &[
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "uhr",
];

/// The commonest English function words (quotes and names in German posts).
const ENGLISH: &[&str] = &[
    "the", "of", "and", "to", "in", "for", "is", "on", "with", "by", "as", "at", "be", "this",
    "that", "are", "from", "or", "an", "it", "we", "will", "our", "you", "your", "not", "can",
    "has", "have", "was", "were", "its", "their", "they", "all", "more", "how", "what", "which",
];

/// Words after which capitalised words are names in a salutation or closing (lowercase).
const SALUTATIONS: &[&str] = &[
    "hallo", "hi", "hey", "moin", "servus", "liebe", "lieber", "liebes", "geehrte", "geehrter",
    "gruß", "grüße", "grüßen", "gruss", "grüsse", "lg", "vg", "mfg", "dank", "danke",
];

/// The ranking measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Measure {
    /// G² log-likelihood against the reference (weighted, see the [module docs](self)).
    #[default]
    G2,
    /// Term frequency × inverse document frequency over the corpus.
    TfIdf,
}

impl FromStr for Measure {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Measure> {
        match s {
            "g2" | "G2" | "ll" | "log-likelihood" => Ok(Measure::G2),
            "tfidf" | "tf-idf" => Ok(Measure::TfIdf),
            _ => Err(crate::Error::usage(format!(
                "unknown measure `{s}` (expected g2 or tfidf)"
            ))),
        }
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Measure::G2 => "g2",
            Measure::TfIdf => "tfidf",
        })
    }
}

/// Options of an [`Extractor`].
#[derive(Debug, Clone)]
pub struct KeytermOptions {
    /// The ranking measure (default G²).
    pub measure: Measure,
    /// The stemmer that groups inflected forms (default CISTEM).
    pub stemmer: StemmerKind,
    /// Look for multiword terms (default true).
    pub multiword: bool,
    /// Longest multiword term in words (default 3).
    pub max_words: usize,
    /// How often a multiword term must occur in the text (default 4).
    pub min_phrase_count: u64,
    /// How often a single word must occur in the text (default 1).
    pub min_count: u64,
    /// Weight of nouns (see the [module docs](self)); 0 turns it off (default true).
    pub prefer_nouns: bool,
    /// Factor for terms that occur in the title (default 2.5; 1 turns it off).
    pub title_weight: f64,
    /// Merge derivations into their base and link compounds to their head (default true).
    pub variants: bool,
    /// Noun weight of a word never capitalised (default 0.25; see the [module docs](self)).
    pub noun_floor: f64,
    /// A multiword term's reference count is that of its rarest word divided by this
    /// (default 1).
    pub phrase_divisor: u64,
    /// Multiword terms take the place of the words that occur mostly inside them (default
    /// true).
    pub absorb: bool,
    /// Leave out words that mostly modify a following capitalised word, like `Open` in
    /// `Open Data` (default false).
    pub drop_modifiers: bool,
    /// Exponent of the document-frequency weight `df^x` (see [`Against::df`]; default 0.4).
    pub df_weight: f64,
    /// Exponent of the position weight `(1 + f / 0.05)^-x` of a term first seen at relative
    /// position `f` of the text (see the [module docs](self)). Default 0 (off): the start of
    /// a post or article states its topic, but the order of a comment section is the order
    /// of arrival. For documents use [`KeytermOptions::POSITION_WEIGHT`], as `korpus
    /// keyterms` does.
    pub position_weight: f64,
    /// Count the compounds built on a word as evidence for it (`Datenportal` and
    /// `Verkehrsdaten` for `Daten`; see the [module docs](self); default true).
    pub compounds: bool,
}

impl KeytermOptions {
    /// The position weight for documents (posts, articles): chosen on one half of the OKF
    /// blog development set, checked on the other (see the [module docs](self)).
    pub const POSITION_WEIGHT: f64 = 0.2;
}

impl Default for KeytermOptions {
    fn default() -> Self {
        KeytermOptions {
            measure: Measure::G2,
            stemmer: StemmerKind::default(),
            multiword: true,
            max_words: 3,
            min_phrase_count: 4,
            min_count: 1,
            prefer_nouns: true,
            title_weight: 2.5,
            variants: true,
            noun_floor: 0.25,
            phrase_divisor: 1,
            absorb: true,
            drop_modifiers: false,
            df_weight: 0.4,
            compounds: true,
            position_weight: 0.0,
        }
    }
}

/// The counts of one term (a stem or a sequence of stems) in a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermStat {
    /// Occurrences.
    pub count: u64,
    /// Occurrences not at the start of a sentence.
    pub mid: u64,
    /// Of those, the capitalised ones.
    pub caps_mid: u64,
    /// Occurrences that are capitalised (anywhere).
    pub caps: u64,
    /// How often each surface form (or sequence of forms) was seen.
    pub surfaces: BTreeMap<String, u64>,
    /// Number of words (1 for a single word).
    pub words: usize,
    /// The keys of the words of a multiword term (empty for a single word).
    pub parts: Vec<String>,
    /// Position of the first occurrence: index among the word tokens of the text (of the
    /// texts added together, in order).
    pub first: Option<u64>,
}

impl TermStat {
    fn add(&mut self, other: &TermStat) {
        self.count += other.count;
        self.mid += other.mid;
        self.caps_mid += other.caps_mid;
        self.caps += other.caps;
        self.first = earliest(self.first, other.first);
        for (s, n) in &other.surfaces {
            *self.surfaces.entry(s.clone()).or_default() += n;
        }
        if self.words == 0 {
            self.words = other.words;
            self.parts = other.parts.clone();
        }
    }

    /// The most frequent surface form (ties: the alphabetically first).
    pub fn display(&self) -> &str {
        self.surfaces
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map_or("", |(s, _)| s.as_str())
    }

    /// Share of capitalised occurrences among those not opening a sentence (0.5 when the
    /// term only opens sentences and is capitalised there).
    pub fn noun_share(&self) -> f64 {
        if self.mid > 0 {
            self.caps_mid as f64 / self.mid as f64
        } else if self.caps > 0 {
            0.5
        } else {
            0.0
        }
    }
}

/// The candidate terms of a text (or of several texts added together) with their counts.
/// Mergeable: counts of documents add up to the counts of a group.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermCounts {
    /// Word tokens (with a letter) of the text: its size for keyness.
    pub tokens: u64,
    /// Counts by term key: a stem, or stems joined by a space for a multiword term.
    pub terms: FxHashMap<String, TermStat>,
    /// The keys that occur in a title.
    pub title: FxHashSet<String>,
}

impl TermCounts {
    /// Adds the counts of `other` (a text that follows the texts counted so far).
    pub fn merge(&mut self, other: &TermCounts) {
        let offset = self.tokens;
        self.tokens += other.tokens;
        for (k, s) in &other.terms {
            let mine = self.terms.entry(k.clone()).or_default();
            // `other`'s positions count from its own start.
            let first = earliest(mine.first, s.first.map(|f| f + offset));
            mine.add(s);
            mine.first = first;
        }
        self.title.extend(other.title.iter().cloned());
    }

    /// The count of a term key (0 when absent).
    pub fn count(&self, key: &str) -> u64 {
        self.terms.get(key).map_or(0, |s| s.count)
    }
}

/// One keyterm with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Keyterm {
    /// The term as shown: its most frequent surface form.
    pub term: String,
    /// The key: a stem, or stems joined by spaces.
    pub key: String,
    /// Number of words.
    pub words: usize,
    /// Occurrences in the target.
    pub count: u64,
    /// Occurrences of the compounds built on the term, counted as evidence for it (see the
    /// [module docs](self)); G² compares `count + in_compounds` with `reference`.
    pub in_compounds: u64,
    /// Occurrences in the reference (estimated for a multiword term against a word list).
    pub reference: u64,
    /// Size of the target in word tokens.
    pub target_tokens: u64,
    /// Size of the reference in word tokens.
    pub reference_tokens: u64,
    /// G² log-likelihood.
    pub g2: f64,
    /// Log ratio (Hardie 2014).
    pub log_ratio: f64,
    /// The ranking score (G² with the weights of the [module docs](self), or TF-IDF).
    pub score: f64,
    /// The surface forms grouped in this term, most frequent first.
    pub forms: Vec<String>,
    /// For a compound or derivation: the keyterm it is linked to (`Förderung` for
    /// `Wirtschaftsförderung`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
}

/// What a text is ranked against.
#[derive(Debug, Clone, Copy, Default)]
pub struct Against<'a> {
    /// A word list (with counts by stem, see [`Extractor::with_reference`]).
    pub list: bool,
    /// Counts of other texts (the rest of the corpus, the other part of a thread).
    pub rest: Option<&'a TermCounts>,
    /// Document frequencies of the terms in the corpus ([`document_frequencies`]): with
    /// [`KeytermOptions::df_weight`] > 0, terms that occur in many documents are preferred
    /// (a blog's recurring topics over one-off names).
    pub df: Option<&'a FxHashMap<String, u64>>,
}

/// Extracts and ranks keyterms. Cheap to share between threads (`Send + Sync`).
#[derive(Debug, Clone)]
pub struct Extractor {
    opts: KeytermOptions,
    tokenizer: Tokenizer,
    stemmer: Stemmer,
    stopwords: FxHashSet<String>,
    salutations: FxHashSet<&'static str>,
    reference: Option<Arc<RefCounts>>,
}

/// A reference list with counts by stem.
#[derive(Debug)]
struct RefCounts {
    by_stem: FxHashMap<String, u64>,
    tokens: u64,
}

/// One element of a token sequence while looking for candidates.
enum Elem {
    /// A candidate word: key, surface, capitalised, sentence-initial, position (index among
    /// the word tokens of the text).
    Word(String, String, bool, bool, u64),
    /// A number that may end a multiword term (`4.0`).
    Number(String),
    /// `der`/`des` inside a multiword term.
    Link(String),
    /// Anything that ends a multiword term.
    Break,
}

/// A ranking unit: a term, or a family of derivations ([`family`](super::family)).
struct Group<'t> {
    /// The key the unit is reported under (the shown member's).
    key: &'t str,
    /// The keys of the members (one for a plain term).
    members: Vec<&'t str>,
    /// The counts, summed over the members.
    stat: std::borrow::Cow<'t, TermStat>,
    /// Noun share: the highest of the members'.
    noun_share: f64,
    /// The shown form when it is not the most frequent surface of the whole family.
    display: Option<&'t str>,
}

impl<'t> Group<'t> {
    fn single(key: &'t str, stat: &'t TermStat) -> Group<'t> {
        Group {
            key,
            members: vec![key],
            noun_share: stat.noun_share(),
            stat: std::borrow::Cow::Borrowed(stat),
            display: None,
        }
    }
}

fn is_capitalised(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

fn is_adjective_form(lower: &str) -> bool {
    ["e", "en", "er", "es", "em"]
        .iter()
        .any(|s| lower.ends_with(s))
}

impl Extractor {
    /// An extractor ranking against the shipped German list ([`Reference::german`]).
    pub fn new(opts: KeytermOptions) -> Extractor {
        Extractor::with_reference(opts, Some(Reference::german()))
    }

    /// An extractor ranking against `reference` (`None`: only against other texts, see
    /// [`Against`]).
    pub fn with_reference(opts: KeytermOptions, reference: Option<&Reference>) -> Extractor {
        let stemmer = Stemmer::new(opts.stemmer);
        let mut stopwords: FxHashSet<String> = Stopwords::german()
            .words()
            .into_iter()
            .map(String::from)
            .collect();
        stopwords.extend(ENGLISH.iter().map(|s| s.to_string()));
        stopwords.extend(FURNITURE.iter().map(|s| s.to_string()));
        stopwords.extend(NON_TOPIC.iter().map(|s| s.to_string()));
        let reference = reference.map(|r| {
            Arc::new(RefCounts {
                by_stem: r.by_stem(&stemmer),
                tokens: r.tokens(),
            })
        });
        Extractor {
            opts,
            tokenizer: Tokenizer::new(),
            stemmer,
            stopwords,
            salutations: SALUTATIONS.iter().copied().collect(),
            reference,
        }
    }

    /// The options.
    pub fn options(&self) -> &KeytermOptions {
        &self.opts
    }

    /// True when a reference word list is loaded.
    pub fn has_reference(&self) -> bool {
        self.reference.is_some()
    }

    fn key_of(&self, lower: &str) -> String {
        self.stemmer.stem(lower).into_owned()
    }

    /// The sequence of elements of `text`.
    fn elements(&self, text: &str, tokens: &mut u64) -> Vec<Elem> {
        let mut out = Vec::new();
        let mut last_sentence = usize::MAX;
        let mut prev_end = 0usize;
        let mut name_run = 0usize;
        for t in self.tokenizer.iter(text) {
            let initial = t.sentence != last_sentence;
            if initial {
                last_sentence = t.sentence;
                out.push(Elem::Break);
            }
            // Tokens separated by more than a space (a line break, punctuation) do not form
            // a multiword term.
            let gap = text.get(prev_end..t.start).unwrap_or("");
            if gap.contains('\n') {
                out.push(Elem::Break);
            }
            prev_end = t.end;
            match t.kind {
                TokenKind::Word => {}
                TokenKind::Number if t.text.contains('.') => {
                    out.push(Elem::Number(t.text.to_string()));
                    continue;
                }
                _ => {
                    if t.kind != TokenKind::Punctuation || !matches!(t.text, "„" | "“" | "\"") {
                        name_run = 0;
                    }
                    out.push(Elem::Break);
                    continue;
                }
            }
            if !t.text.chars().any(char::is_alphabetic) {
                out.push(Elem::Break);
                continue;
            }
            *tokens += 1;
            let lower = lowercase(t.text);
            let cap = is_capitalised(t.text);
            if self.salutations.contains(lower.as_ref()) {
                name_run = 3;
                out.push(Elem::Break);
                continue;
            }
            if name_run > 0 {
                if cap {
                    name_run -= 1;
                    out.push(Elem::Break);
                    continue;
                }
                name_run = 0;
            }
            if matches!(lower.as_ref(), "der" | "des") {
                out.push(Elem::Link(t.text.to_string()));
                continue;
            }
            if self.stopwords.contains(lower.as_ref())
                || t.text.chars().count() < 2
                || t.text.ends_with('-')
                || t.text.contains(['*', ':', '_']) && !t.text.contains("innen")
            {
                out.push(Elem::Break);
                continue;
            }
            let key = self.key_of(&lower);
            // Break before a sentence-initial word so that no phrase spans sentences.
            out.push(Elem::Word(
                key,
                t.text.to_string(),
                cap,
                initial,
                *tokens - 1,
            ));
        }
        out
    }

    /// Counts the candidate terms of `text` into `counts`; `title` texts only mark keys as
    /// occurring in a title (their words are not counted).
    pub fn add_text(&self, counts: &mut TermCounts, text: &str) {
        let mut tokens = 0;
        let elems = self.elements(text, &mut tokens);
        let offset = counts.tokens;
        counts.tokens += tokens;
        for (i, e) in elems.iter().enumerate() {
            if let Elem::Word(key, surface, cap, initial, pos) = e {
                let s = counts.terms.entry(key.clone()).or_default();
                s.first = earliest(s.first, Some(offset + pos));
                s.count += 1;
                s.words = 1;
                if *cap {
                    s.caps += 1;
                }
                if !initial {
                    s.mid += 1;
                    if *cap {
                        s.caps_mid += 1;
                    }
                }
                *s.surfaces.entry(surface.clone()).or_default() += 1;
                if self.opts.multiword {
                    self.phrases_from(&elems, i, offset, counts);
                }
            }
        }
    }

    /// Multiword terms starting at element `i` (a word).
    fn phrases_from(&self, elems: &[Elem], i: usize, offset: u64, counts: &mut TermCounts) {
        let Some(Elem::Word(k0, s0, cap0, init0, pos0)) = elems.get(i) else {
            return;
        };
        let lower0 = lowercase(s0);
        if !*cap0 && !is_adjective_form(&lower0) {
            return;
        }
        let mut keys = vec![k0.clone()];
        let mut surf = vec![s0.clone()];
        let mut content = 1usize;
        let mut all_caps = *cap0;
        let mut j = i + 1;
        while content < self.opts.max_words {
            let Some(e) = elems.get(j) else { break };
            j += 1;
            match e {
                Elem::Word(k, s, cap, _, _) => {
                    keys.push(k.clone());
                    surf.push(s.clone());
                    content += 1;
                    if !*cap {
                        // Only the first word may be lowercase (an adjective).
                        break;
                    }
                    all_caps &= *cap;
                    self.count_phrase(&keys, &surf, *init0, all_caps, offset + pos0, counts);
                }
                Elem::Number(n) if content >= 1 => {
                    keys.push(n.clone());
                    surf.push(n.clone());
                    self.count_phrase(&keys, &surf, *init0, all_caps, offset + pos0, counts);
                    break;
                }
                Elem::Link(l) if content == 1 && self.opts.max_words >= 3 => {
                    keys.push(lowercase(l).into_owned());
                    surf.push(l.clone());
                }
                _ => break,
            }
        }
    }

    fn count_phrase(
        &self,
        keys: &[String],
        surf: &[String],
        initial: bool,
        cap: bool,
        pos: u64,
        counts: &mut TermCounts,
    ) {
        // A phrase must end in a content word or a number, not in `der`.
        if matches!(keys.last().map(String::as_str), Some("der" | "des")) {
            return;
        }
        let key = keys.join(" ");
        let s = counts.terms.entry(key).or_default();
        s.first = earliest(s.first, Some(pos));
        s.count += 1;
        s.words = keys.len();
        if s.parts.is_empty() {
            s.parts = keys
                .iter()
                .filter(|k| !matches!(k.as_str(), "der" | "des"))
                .cloned()
                .collect();
        }
        if cap {
            s.caps += 1;
        }
        if !initial {
            s.mid += 1;
            s.caps_mid += 1;
        }
        *s.surfaces.entry(surf.join(" ")).or_default() += 1;
    }

    /// The candidate counts of a document with an optional title.
    pub fn count(&self, title: Option<&str>, text: &str) -> TermCounts {
        let mut c = TermCounts::default();
        self.add_text(&mut c, text);
        if let Some(t) = title {
            self.mark_title(&mut c, t);
        }
        c
    }

    /// Marks the terms of `title` as title terms of `counts`.
    pub fn mark_title(&self, counts: &mut TermCounts, title: &str) {
        let mut t = TermCounts::default();
        self.add_text(&mut t, title);
        counts.title.extend(t.terms.into_keys());
    }

    /// The reference count of a term by the word list, with the estimate for multiword terms.
    fn list_count(&self, r: &RefCounts, key: &str, stat: &TermStat) -> u64 {
        if stat.words <= 1 {
            return r.by_stem.get(key).copied().unwrap_or(0);
        }
        let min = stat
            .parts
            .iter()
            .map(|p| {
                if p.chars().any(char::is_alphabetic) {
                    r.by_stem.get(p).copied().unwrap_or(0)
                } else {
                    0
                }
            })
            .min()
            .unwrap_or(0);
        min / self.opts.phrase_divisor.max(1)
    }

    fn weight(&self, g: &Group<'_>, target: &TermCounts) -> f64 {
        let mut w = 1.0;
        if self.opts.prefer_nouns {
            let f = self.opts.noun_floor.clamp(0.0, 1.0);
            w *= f + (1.0 - f) * g.noun_share;
        }
        if g.members.iter().any(|m| target.title.contains(*m)) {
            w *= self.opts.title_weight;
        }
        if self.opts.position_weight > 0.0 {
            if let Some(first) = g.stat.first {
                let f = first as f64 / target.tokens.max(1) as f64;
                w *= (1.0 + f / POSITION_START).powf(-self.opts.position_weight);
            }
        }
        w
    }

    /// The terms of `target` as ranking units: each multiword term alone, single words
    /// grouped into derivation families ([`family`](super::family)) when
    /// [`KeytermOptions::variants`] is on.
    fn groups<'t>(&self, target: &'t TermCounts) -> Vec<Group<'t>> {
        // Single words only: a multiword term is a unit of its own.
        let lows: Vec<(&'t str, String)> = if self.opts.variants {
            target
                .terms
                .iter()
                .filter(|(_, s)| s.words <= 1)
                .flat_map(|(k, s)| s.surfaces.keys().map(move |f| (k.as_str(), f)))
                .map(|(k, f)| (k, lowercase(f).into_owned()))
                .collect()
        } else {
            Vec::new()
        };
        let is_noun = |k: &str| target.terms.get(k).is_some_and(|s| s.noun_share() >= 0.5);
        let roots = families(lows.iter().map(|(k, l)| (*k, l.as_str())), is_noun);
        let mut by_root: FxHashMap<&'t str, Vec<&'t str>> = FxHashMap::default();
        for k in target.terms.keys() {
            let root = roots.get(k.as_str()).copied().unwrap_or(k.as_str());
            by_root.entry(root).or_default().push(k.as_str());
        }
        let mut out = Vec::with_capacity(by_root.len());
        for (_, mut members) in by_root {
            members.sort_unstable();
            let stats: Vec<&'t TermStat> = members.iter().map(|m| &target.terms[*m]).collect();
            if members.len() == 1 {
                out.push(Group::single(members[0], stats[0]));
                continue;
            }
            // The family is shown by its noun (a member mostly capitalised inside sentences),
            // else by its most frequent member.
            let shown = (0..members.len())
                .max_by(|&x, &y| {
                    let (sx, sy) = (stats[x], stats[y]);
                    (sx.noun_share() >= 0.5)
                        .cmp(&(sy.noun_share() >= 0.5))
                        .then(sx.count.cmp(&sy.count))
                        .then(members[y].len().cmp(&members[x].len()))
                })
                .unwrap_or(0);
            let mut stat = TermStat::default();
            for s in &stats {
                stat.add(s);
            }
            let noun_share = stats.iter().map(|s| s.noun_share()).fold(0.0f64, f64::max);
            out.push(Group {
                key: members[shown],
                noun_share,
                display: Some(stats[shown].display()),
                stat: std::borrow::Cow::Owned(stat),
                members,
            });
        }
        out
    }

    /// Ranks the terms of `target` by G² against `against` (see the [module docs](self)) and
    /// returns the best `top`.
    pub fn rank(&self, target: &TermCounts, against: Against<'_>, top: usize) -> Vec<Keyterm> {
        let c = target.tokens;
        let list = if against.list {
            self.reference.as_deref()
        } else {
            None
        };
        let mut out = Vec::new();
        let groups = self.groups(target);
        let built_on = if self.opts.compounds {
            compounds_built_on(&groups)
        } else {
            vec![Vec::new(); groups.len()]
        };
        for (gi, g) in groups.iter().enumerate() {
            let stat = g.stat.as_ref();
            // The members of the unit and of the compounds built on it: the evidence.
            let evidence: Vec<&str> = g
                .members
                .iter()
                .copied()
                .chain(
                    built_on[gi]
                        .iter()
                        .flat_map(|&j| groups[j].members.iter().copied()),
                )
                .collect();
            let in_compounds: u64 = built_on[gi].iter().map(|&j| groups[j].stat.count).sum();
            let min = if stat.words > 1 {
                self.opts.min_phrase_count
            } else {
                self.opts.min_count
            };
            if stat.count < min.max(1) {
                continue;
            }
            let a = stat.count + in_compounds;
            // (g2, log ratio, b, d): against the list when there is one, else against the
            // rest; the term must be over-represented against both. A family's reference
            // count is the sum of its members' counts.
            let mut best: Option<(f64, f64, u64, u64)> = None;
            let mut refs = Vec::with_capacity(2);
            if let Some(r) = list {
                let b = evidence
                    .iter()
                    .map(|m| self.list_count(r, m, &target.terms[*m]))
                    .sum();
                refs.push((b, r.tokens));
            }
            if let Some(rest) = against.rest {
                refs.push((evidence.iter().map(|m| rest.count(m)).sum(), rest.tokens));
            }
            let mut ok = !refs.is_empty();
            for (b, d) in refs {
                if d == 0 {
                    continue;
                }
                let over = u128::from(a) * u128::from(d) > u128::from(b) * u128::from(c);
                if !over {
                    ok = false;
                    break;
                }
                if best.is_none() {
                    best = Some((log_likelihood(a, b, c, d), log_ratio(a, b, c, d), b, d));
                }
            }
            let Some((g2, lr, b, d)) = best.filter(|_| ok) else {
                continue;
            };
            let prior = match against.df {
                Some(df) if self.opts.df_weight > 0.0 => {
                    let n = g
                        .members
                        .iter()
                        .map(|m| df.get(*m).copied().unwrap_or(1))
                        .max()
                        .unwrap_or(1);
                    (n.max(1) as f64).powf(self.opts.df_weight)
                }
                _ => 1.0,
            };
            let mut k = self.keyterm(g, target, g2, lr, b, d, g2 * prior);
            k.in_compounds = in_compounds;
            out.push(k);
        }
        self.finish(out, target, top)
    }

    /// Ranks the terms of `target` by TF-IDF, with document frequencies `df` over `n_docs`
    /// documents.
    pub fn rank_tfidf(
        &self,
        target: &TermCounts,
        df: &FxHashMap<String, u64>,
        n_docs: u64,
        top: usize,
    ) -> Vec<Keyterm> {
        let mut out = Vec::new();
        for (key, stat) in &target.terms {
            let min = if stat.words > 1 {
                self.opts.min_phrase_count
            } else {
                self.opts.min_count
            };
            if stat.count < min.max(1) {
                continue;
            }
            let d = df.get(key).copied().unwrap_or(1).max(1);
            let idf = ((n_docs.max(1) as f64) / d as f64).ln() + 1.0;
            let tf = stat.count as f64 / target.tokens.max(1) as f64;
            let score = tf * idf;
            let g = Group::single(key, stat);
            out.push(self.keyterm(&g, target, 0.0, 0.0, d, n_docs, score));
        }
        self.finish(out, target, top)
    }

    #[allow(clippy::too_many_arguments)]
    fn keyterm(
        &self,
        g: &Group<'_>,
        target: &TermCounts,
        g2: f64,
        lr: f64,
        b: u64,
        d: u64,
        raw: f64,
    ) -> Keyterm {
        let stat = g.stat.as_ref();
        let mut forms: Vec<(&String, &u64)> = stat.surfaces.iter().collect();
        forms.sort_by(|x, y| y.1.cmp(x.1).then_with(|| x.0.cmp(y.0)));
        Keyterm {
            term: g.display.unwrap_or_else(|| stat.display()).to_string(),
            key: g.key.to_string(),
            words: stat.words.max(1),
            count: stat.count,
            in_compounds: 0,
            reference: b,
            target_tokens: target.tokens,
            reference_tokens: d,
            g2,
            log_ratio: lr,
            score: raw * self.weight(g, target),
            forms: forms.into_iter().map(|(s, _)| s.clone()).collect(),
            base: None,
        }
    }

    /// Sorts, merges variants, lets phrases absorb their words, and cuts to `top`.
    fn finish(&self, mut out: Vec<Keyterm>, target: &TermCounts, top: usize) -> Vec<Keyterm> {
        out.sort_by(|x, y| {
            y.score
                .partial_cmp(&x.score)
                .unwrap_or(Ordering::Equal)
                .then_with(|| x.key.cmp(&y.key))
        });
        // Multiword terms absorb the words that occur mostly inside them (the counts of all
        // phrases containing the word add up); a phrase that absorbs none of its words is not
        // a term of its own.
        let mut inside: FxHashMap<&str, u64> = FxHashMap::default();
        for k in out.iter().filter(|k| k.words > 1) {
            if let Some(stat) = target.terms.get(&k.key) {
                let mut uniq: Vec<&String> = stat.parts.iter().collect();
                uniq.sort();
                uniq.dedup();
                for p in uniq {
                    *inside.entry(p.as_str()).or_default() += k.count;
                }
            }
        }
        let mut absorbed: FxHashSet<String> = FxHashSet::default();
        let mut kept: Vec<bool> = vec![false; out.len()];
        for (i, k) in out.iter().enumerate().filter(|(_, k)| k.words > 1) {
            let Some(stat) = target.terms.get(&k.key) else {
                continue;
            };
            for p in &stat.parts {
                let n = target.count(p);
                let within = inside.get(p.as_str()).copied().unwrap_or(0);
                if n > 0 && (2 * k.count >= n || 2 * within >= n) {
                    kept[i] = true;
                    absorbed.insert(p.clone());
                }
            }
        }
        // A phrase inside a longer kept phrase with nearly the same count goes.
        for i in 0..out.len() {
            if !kept[i] {
                continue;
            }
            let (key, n) = (out[i].key.as_str(), out[i].count);
            let inside = out.iter().enumerate().any(|(j, l)| {
                let longer = l.key.as_str();
                j != i
                    && kept[j]
                    && longer.len() > key.len()
                    && 10 * l.count >= 7 * n
                    && (longer.strip_prefix(key).is_some_and(|r| r.starts_with(' '))
                        || longer.strip_suffix(key).is_some_and(|r| r.ends_with(' ')))
            });
            if inside {
                kept[i] = false;
            }
        }
        // Each absorbed word is represented by the best kept phrase that contains it.
        let mut absorber: FxHashMap<String, usize> = FxHashMap::default();
        for (i, k) in out.iter().enumerate().filter(|(i, _)| kept[*i]) {
            if let Some(stat) = target.terms.get(&k.key) {
                for p in stat.parts.iter().filter(|p| absorbed.contains(*p)) {
                    absorber.entry(p.clone()).or_insert(i);
                }
            }
        }
        // A word that mostly modifies a following capitalised word (`Open` in `Open Data`,
        // `Open Science`, `Open Access`) is part of names, not a term of its own.
        let mut modifier: FxHashMap<&str, u64> = FxHashMap::default();
        for (key, stat) in &target.terms {
            if stat.words == 2
                && stat.parts.len() == 2
                && !key.ends_with(|c: char| c.is_ascii_digit())
            {
                *modifier.entry(stat.parts[0].as_str()).or_default() += stat.count;
            }
        }
        let mut merged: Vec<Keyterm> = Vec::with_capacity(out.len());
        let mut emitted = vec![false; out.len()];
        for i in 0..out.len() {
            let k = &out[i];
            if k.words > 1 {
                if kept[i] && !emitted[i] {
                    emitted[i] = true;
                    merged.push(k.clone());
                }
                continue;
            }
            if let Some(&p) = absorber.get(&k.key).filter(|_| self.opts.absorb) {
                // The phrase stands for the word, at the word's rank if that is higher.
                if !emitted[p] {
                    emitted[p] = true;
                    let mut ph = out[p].clone();
                    ph.score = ph.score.max(k.score);
                    merged.push(ph);
                }
                continue;
            }
            if self.opts.drop_modifiers
                && 2 * modifier.get(k.key.as_str()).copied().unwrap_or(0) >= k.count.max(1)
            {
                continue;
            }
            merged.push(k.clone());
        }
        if self.opts.variants {
            self.link_compounds(&mut merged);
        }
        merged.truncate(top);
        merged
    }

    /// Links each single-word compound to a shorter keyterm that is its head
    /// (`Wirtschaftsförderung` → `Förderung`).
    fn link_compounds(&self, terms: &mut [Keyterm]) {
        let heads: Vec<(String, String)> = terms
            .iter()
            .filter(|k| k.words == 1)
            .map(|k| (lowercase(&k.term).into_owned(), k.term.clone()))
            .collect();
        for k in terms.iter_mut().filter(|k| k.words == 1) {
            let low = lowercase(&k.term).into_owned();
            k.base = heads
                .iter()
                .filter(|(h, _)| {
                    h.chars().count() >= 4 && low.len() >= h.len() + 3 && low.ends_with(h.as_str())
                })
                .max_by_key(|(h, _)| h.len())
                .map(|(_, t)| t.clone());
        }
    }

    /// Keyterms of one text against the word list: a shortcut for [`Extractor::count`] and
    /// [`Extractor::rank`].
    pub fn keyterms(&self, title: Option<&str>, text: &str, top: usize) -> Vec<Keyterm> {
        let counts = self.count(title, text);
        self.rank(
            &counts,
            Against {
                list: true,
                ..Against::default()
            },
            top,
        )
    }
}

/// The earlier of two first-occurrence positions (either may be unknown).
fn earliest(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The scale of "the start of a text" for the position weight: a term first seen at 5 % of
/// the text weighs `2^-x` of one seen in the first word.
const POSITION_START: f64 = 0.05;

/// Shortest base that compounds are looked up for, in characters (shorter words are
/// mostly function words and affixes).
const COMPOUND_BASE_MIN: usize = 4;
/// Shortest modifier in front of a head (`Open|daten` is none; `Geo|daten` is).
const COMPOUND_MODIFIER_MIN: usize = 3;
/// Shortest head after a modifier.
const COMPOUND_HEAD_MIN: usize = 4;

/// For each single-word unit, the units that are compounds built on it: a surface form of
/// the compound (lowercased) starts with a surface form of the unit followed by a head of at
/// least [`COMPOUND_HEAD_MIN`] characters that is not a derivational suffix (`Daten|portal`,
/// but not `Satz|ungen`), or ends with it after a
/// modifier of at least [`COMPOUND_MODIFIER_MIN`] characters (`Verkehrs|daten`,
/// `Nahverkehrs-|Hackday`). Both parts are looked up among the words of the same text only.
fn compounds_built_on(groups: &[Group<'_>]) -> Vec<Vec<usize>> {
    let mut by_form: FxHashMap<String, usize> = FxHashMap::default();
    for (i, g) in groups.iter().enumerate().filter(|(_, g)| g.stat.words <= 1) {
        for f in g.stat.surfaces.keys() {
            if f.chars().count() >= COMPOUND_BASE_MIN {
                by_form.entry(lowercase(f).into_owned()).or_insert(i);
            }
        }
    }
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    for (j, g) in groups.iter().enumerate().filter(|(_, g)| g.stat.words <= 1) {
        let mut bases: Vec<usize> = Vec::new();
        for f in g.stat.surfaces.keys() {
            let low = lowercase(f);
            let total = low.chars().count();
            for (n, (at, _)) in low.char_indices().enumerate() {
                let (left, right) = low.split_at(at);
                let (nl, nr) = (n, total - n);
                // `Satz|ungen` is a derivation, no compound (and no family member: `-ung`
                // after a noun, see `family`).
                if nl >= COMPOUND_BASE_MIN
                    && nr >= COMPOUND_HEAD_MIN
                    && !suffix_then_inflection(right, false)
                {
                    bases.extend(by_form.get(left).copied());
                }
                if nr >= COMPOUND_BASE_MIN && nl >= COMPOUND_MODIFIER_MIN {
                    bases.extend(by_form.get(right).copied());
                }
            }
        }
        bases.sort_unstable();
        bases.dedup();
        for i in bases.into_iter().filter(|&i| i != j) {
            out[i].push(j);
        }
    }
    out
}

/// The counts of `all` minus those of `part` (the rest of a corpus).
pub fn rest_of(all: &TermCounts, part: &TermCounts) -> TermCounts {
    let mut out = TermCounts {
        tokens: all.tokens.saturating_sub(part.tokens),
        ..TermCounts::default()
    };
    for (k, s) in &all.terms {
        let n = s.count.saturating_sub(part.count(k));
        if n > 0 {
            out.terms.insert(
                k.clone(),
                TermStat {
                    count: n,
                    words: s.words,
                    ..TermStat::default()
                },
            );
        }
    }
    out
}

/// Document frequencies of the term keys of `docs`.
pub fn document_frequencies<'a>(
    docs: impl IntoIterator<Item = &'a TermCounts>,
) -> FxHashMap<String, u64> {
    let mut df: FxHashMap<String, u64> = FxHashMap::default();
    for d in docs {
        for k in d.terms.keys() {
            *df.entry(k.clone()).or_default() += 1;
        }
    }
    df
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex() -> Extractor {
        ex_with(KeytermOptions::default())
    }

    /// An extractor with `opts` (phrases from 2 occurrences) and a small reference.
    fn ex_with(opts: KeytermOptions) -> Extractor {
        let opts = KeytermOptions {
            min_phrase_count: 2,
            ..opts
        };
        let r = Reference::from_counts(
            [
                ("die", 1000),
                ("stadt", 50),
                ("förderung", 20),
                ("wirtschaft", 30),
            ],
            Some(100_000),
        );
        Extractor::with_reference(opts, Some(&r))
    }

    #[test]
    fn inflections_and_furniture() {
        let e = ex();
        let c = e.count(
            None,
            "Hallo Anke Knopp, der Filz ist groß. Des Filzes wegen: Antworten Löschen.",
        );
        assert_eq!(c.count("filz"), 2);
        assert_eq!(c.count("ank"), 0);
        assert_eq!(c.count("antwort"), 0);
        assert!(!c.terms.keys().any(|k| k.starts_with("knopp")));
    }

    #[test]
    fn compounds_are_evidence_for_their_parts() {
        let text = "Das Datenportal wächst. Verwaltungsdaten und Datensätze kommen dazu. \
                    Die Daten sind offen, das Portal auch. Die Satzungen ändern keinen Satz.";
        let terms = ex().keyterms(None, text, 20);
        let daten = terms.iter().find(|k| k.term == "Daten").expect("Daten");
        assert_eq!((daten.count, daten.in_compounds), (1, 3), "{daten:?}");
        let portal = terms.iter().find(|k| k.term == "Portal").expect("Portal");
        assert_eq!((portal.count, portal.in_compounds), (1, 1), "{portal:?}");
        // A derivation is no compound.
        let satz = terms.iter().find(|k| k.term == "Satz").expect("Satz");
        assert_eq!(satz.in_compounds, 0, "{satz:?}");
        let off = ex_with(KeytermOptions {
            compounds: false,
            ..KeytermOptions::default()
        });
        let plain = off.keyterms(None, text, 20);
        assert!(plain.iter().any(|k| k.term == "Daten"));
        assert!(plain.iter().all(|k| k.in_compounds == 0), "{plain:?}");
    }

    #[test]
    fn earlier_terms_rank_higher() {
        let text = "Der Filz blüht. Viel Text steht hier, und noch mehr Text, und weiterer \
                    Text folgt, bis am Ende der Klüngel kommt.";
        let e = ex_with(KeytermOptions {
            position_weight: KeytermOptions::POSITION_WEIGHT,
            ..KeytermOptions::default()
        });
        let terms = e.keyterms(None, text, 10);
        let rank = |t: &str| terms.iter().position(|k| k.term == t).expect(t);
        assert!(rank("Filz") < rank("Klüngel"), "{terms:?}");
        // Off by default.
        let terms = ex().keyterms(None, text, 10);
        let score = |t: &str| terms.iter().find(|k| k.term == t).expect(t).score;
        assert!((score("Filz") - score("Klüngel")).abs() < 1e-9, "{terms:?}");
    }

    #[test]
    fn phrases_and_derivations() {
        let e = ex();
        let terms = e.keyterms(
            None,
            "Wir reden über Industrie 4.0 und Industrie 4.0 und über das Internet der Dinge. \
             Das Internet der Dinge kommt. Filz hier, Verfilzung dort.",
            10,
        );
        let shown: Vec<&str> = terms.iter().map(|k| k.term.as_str()).collect();
        assert!(shown.contains(&"Industrie 4.0"), "{shown:?}");
        assert!(shown.contains(&"Internet der Dinge"), "{shown:?}");
        let filz = terms
            .iter()
            .find(|k| k.forms.iter().any(|f| f == "Filz"))
            .expect("Filz");
        assert_eq!(filz.count, 2, "{filz:?}");
        assert!(filz.forms.iter().any(|f| f == "Verfilzung"), "{filz:?}");
    }
}
