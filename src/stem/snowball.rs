//! The Snowball German stemmer as of 2009, through the `rust-stemmers` crate.
//!
//! This is the algorithm NLTK's `GermanStemmer` implements (test:
//! `../shared/data/snowball-german/output-2009.txt`). Like every Snowball stemmer it expects
//! lowercase input; [`crate::stem::Stemmer`] lowercases for you.
//!
//! ```
//! use korpus::stem::snowball::Snowball2009;
//! let s = Snowball2009::new();
//! assert_eq!(s.stem("bürgerinnen"), "burgerinn");
//! assert_eq!(s.stem("digitalisierung"), "digitalisier");
//! ```

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// The 2009 Snowball German stemmer (cheap to clone; `Send + Sync`).
#[derive(Clone)]
pub struct Snowball2009 {
    inner: Arc<rust_stemmers::Stemmer>,
}

impl Snowball2009 {
    /// Creates the stemmer.
    pub fn new() -> Self {
        Snowball2009 {
            inner: Arc::new(rust_stemmers::Stemmer::create(
                rust_stemmers::Algorithm::German,
            )),
        }
    }

    /// Stems one lowercase word; borrows from `word` when the stem is a prefix of it.
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        match self.inner.stem(word) {
            Cow::Owned(s) if word.starts_with(s.as_str()) => Cow::Borrowed(&word[..s.len()]),
            other => other,
        }
    }
}

impl Default for Snowball2009 {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Snowball2009 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Snowball2009")
    }
}
