//! Reference word frequencies for keyness: the shipped German list and lists read from files.
//!
//! The shipped list ([`Reference::german`]) holds the 150,000 most frequent lowercased word
//! forms of the German Bundestag speeches of the 19th legislative period (2017–2021, about
//! 14 million word tokens), with their counts. It is regenerated deterministically by
//! `cargo run --release --example build_reference` from
//! `../shared/data/bundestag/speeches_wp19.txt.gz` (word counts of the official plenary
//! records). Parliamentary German is a good stand-in for general political German: words
//! that are frequent there (`Bundesregierung`, `Antrag`, `Kollegen`) are not keyterms of a
//! political blog post, while the topic words of a post (`Filz`, `Open Data`) are rare.
//!
//! File format (also for `--reference FILE`): UTF-8 text, optionally gzip-compressed, one
//! `form<TAB>count` a line; an optional line `#tokens<TAB>N` gives the size of the corpus the
//! counts come from (otherwise the sum of the counts is taken); other lines starting with `#`
//! and empty lines are ignored.

use crate::stem::Stemmer;
use crate::Error;
use rustc_hash::FxHashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::OnceLock;

/// The shipped list, gzip-compressed.
static GERMAN_GZ: &[u8] = include_bytes!("data/reference-de.tsv.gz");

static GERMAN: OnceLock<Reference> = OnceLock::new();

/// Word frequencies of a reference corpus: lowercased form → count, and the corpus size.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reference {
    counts: FxHashMap<String, u64>,
    tokens: u64,
}

impl Reference {
    /// The shipped German reference list (Bundestag speeches 2017–2021), parsed on first use.
    ///
    /// ```
    /// use korpus::terms::Reference;
    /// let r = Reference::german();
    /// assert!(r.tokens() > 10_000_000);
    /// assert!(r.count("regierung") > r.count("filz"));
    /// ```
    pub fn german() -> &'static Reference {
        GERMAN.get_or_init(|| {
            let gz = flate2::read::GzDecoder::new(GERMAN_GZ);
            // The shipped file is checked by the tests; an unreadable copy gives an empty list.
            Reference::from_reader(gz).unwrap_or_default()
        })
    }

    /// A reference from `(form, count)` pairs; forms are lowercased, equal forms summed. The
    /// corpus size is `tokens`, or the sum of the counts when `tokens` is `None` (or smaller).
    ///
    /// ```
    /// use korpus::terms::Reference;
    /// let r = Reference::from_counts([("Filz", 2), ("filz", 1), ("Stadt", 7)], None);
    /// assert_eq!(r.count("filz"), 3);
    /// assert_eq!(r.tokens(), 10);
    /// ```
    pub fn from_counts<S: AsRef<str>>(
        pairs: impl IntoIterator<Item = (S, u64)>,
        tokens: Option<u64>,
    ) -> Reference {
        let mut counts: FxHashMap<String, u64> = FxHashMap::default();
        for (w, c) in pairs {
            *counts
                .entry(crate::normalize::lowercase(w.as_ref()).into_owned())
                .or_default() += c;
        }
        let sum: u64 = counts.values().sum();
        Reference {
            counts,
            tokens: tokens.unwrap_or(0).max(sum),
        }
    }

    /// Reads a list in the [file format](self) from `reader` (plain text).
    pub fn from_reader<R: Read>(reader: R) -> crate::Result<Reference> {
        let mut tokens = None;
        let mut pairs = Vec::new();
        for (n, line) in BufReader::new(reader).lines().enumerate() {
            let line = line?;
            let line = line.trim_end_matches('\r');
            if let Some(rest) = line.strip_prefix("#tokens\t") {
                tokens = rest.trim().parse::<u64>().ok();
                continue;
            }
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (w, c) = line.split_once('\t').ok_or_else(|| {
                Error::usage(format!(
                    "reference list line {}: expected `form<TAB>count`",
                    n + 1
                ))
            })?;
            let c: u64 = c.trim().parse().map_err(|_| {
                Error::usage(format!(
                    "reference list line {}: `{}` is not a count",
                    n + 1,
                    c.trim()
                ))
            })?;
            pairs.push((w.to_string(), c));
        }
        Ok(Reference::from_counts(pairs, tokens))
    }

    /// Reads a list in the [file format](self) from a file (gzip when it starts with the gzip
    /// magic bytes).
    pub fn from_path(path: &Path) -> crate::Result<Reference> {
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|e| Error::io(e, path))?;
        if bytes.starts_with(&[0x1f, 0x8b]) {
            Reference::from_reader(flate2::read::MultiGzDecoder::new(&bytes[..]))
        } else {
            Reference::from_reader(&bytes[..])
        }
    }

    /// The count of a lowercased word form (0 when it is not in the list).
    pub fn count(&self, lowercased: &str) -> u64 {
        self.counts.get(lowercased).copied().unwrap_or(0)
    }

    /// The size of the reference corpus in word tokens.
    pub fn tokens(&self) -> u64 {
        self.tokens
    }

    /// The number of word forms in the list.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// True when the list holds no word form.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The counts summed by stem (of the lowercased forms, with `stemmer`): the reference
    /// counts of terms that group inflected forms.
    ///
    /// ```
    /// use korpus::stem::{Stemmer, StemmerKind};
    /// use korpus::terms::Reference;
    /// let r = Reference::from_counts([("filz", 2), ("filzes", 1)], None);
    /// let by_stem = r.by_stem(&Stemmer::new(StemmerKind::Cistem));
    /// assert_eq!(by_stem["filz"], 3);
    /// ```
    pub fn by_stem(&self, stemmer: &Stemmer) -> FxHashMap<String, u64> {
        let mut out: FxHashMap<String, u64> = FxHashMap::default();
        for (w, &c) in &self.counts {
            *out.entry(stemmer.stem(w).into_owned()).or_default() += c;
        }
        out
    }
}
