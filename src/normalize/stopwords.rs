//! Stopword lists.

use rustc_hash::FxHashSet;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use super::{lowercase, Normalizer};

/// The German stopword list shipped with korpus (`stopwords/de.txt`; see its README).
const GERMAN: &str = include_str!("../../stopwords/de.txt");
/// Fillers of comments and chats (`stopwords/de-cmc.txt`).
const GERMAN_CMC: &str = include_str!("../../stopwords/de-cmc.txt");

/// A set of stopwords, stored lowercase and in NFC.
///
/// List files have one word a line; blank lines and everything after `#` are ignored.
///
/// ```
/// use korpus::normalize::Stopwords;
/// let mut stop = Stopwords::german();
/// assert!(stop.contains("und") && stop.contains("daß") && stop.contains("würden"));
/// assert!(!stop.contains("bürgermeister") && !stop.contains("lol"));
/// stop.extend(&Stopwords::german_cmc());
/// assert!(stop.contains("lol"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stopwords {
    words: FxHashSet<Box<str>>,
}

impl Stopwords {
    /// No stopwords.
    pub fn empty() -> Self {
        Stopwords::default()
    }

    /// The German list `stopwords/de.txt` (function words: articles, pronouns,
    /// prepositions, conjunctions, auxiliary and modal verbs, particles, common adverbs).
    pub fn german() -> Self {
        Stopwords::parse(GERMAN)
    }

    /// Fillers of comment threads and chats (`stopwords/de-cmc.txt`: `lol`, `hallo`,
    /// `danke`, `gruß`, `ok`, …), meant to be added to [`Stopwords::german`].
    pub fn german_cmc() -> Self {
        Stopwords::parse(GERMAN_CMC)
    }

    /// Reads a list file (UTF-8, one word a line, `#` starts a comment).
    pub fn from_file(path: &Path) -> Result<Self, std::io::Error> {
        let text = std::fs::read_to_string(path)?;
        Ok(Stopwords::parse(&text))
    }

    /// Parses the text of a list file.
    ///
    /// ```
    /// use korpus::normalize::Stopwords;
    /// let s = Stopwords::parse("# Füllwörter\nHalt\n  eben \n\n");
    /// assert_eq!(s.len(), 2);
    /// assert!(s.contains("halt") && s.contains("eben"));
    /// ```
    pub fn parse(text: &str) -> Self {
        let mut s = Stopwords::empty();
        for line in text.lines() {
            let word = line.split('#').next().unwrap_or("");
            let word = word.trim_start_matches('\u{FEFF}').trim();
            if !word.is_empty() {
                s.insert(word);
            }
        }
        s
    }

    /// Adds one word (lowercased and put into NFC).
    pub fn insert(&mut self, word: &str) {
        let nfc: String = word.nfc().collect();
        self.words.insert(lowercase(&nfc).into());
    }

    /// Adds all words of `other`.
    pub fn extend(&mut self, other: &Stopwords) {
        self.words.extend(other.words.iter().cloned());
    }

    /// Whether `lowercased_word` (lowercase, NFC) is a stopword.
    pub fn contains(&self, lowercased_word: &str) -> bool {
        self.words.contains(lowercased_word)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words, sorted.
    pub fn words(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.words.iter().map(|w| &**w).collect();
        v.sort_unstable();
        v
    }

    /// The list with every word put through `normalizer`, so that it matches words
    /// normalised the same way (e.g. with umlaut folding: `für` → `fuer`).
    ///
    /// ```
    /// use korpus::normalize::{Normalizer, NormalizerOptions, Stopwords, UmlautFolding};
    /// let n = Normalizer::new(NormalizerOptions { umlauts: UmlautFolding::Expand, ..Default::default() });
    /// let stop = Stopwords::german().normalized(&n);
    /// assert!(stop.contains("fuer") && stop.contains("dass"));
    /// ```
    pub fn normalized(&self, normalizer: &Normalizer) -> Stopwords {
        Stopwords {
            words: self
                .words
                .iter()
                .map(|w| normalizer.normalize(w).into_owned().into_boxed_str())
                .collect(),
        }
    }
}
