//! The Snowball German stemmer as of 2009, written here from the published algorithm
//! description (snowballstem.org, "German stemming algorithm", the older version of the
//! page; [`super::snowball3`] lists what the current version changed).
//!
//! This is the algorithm that the `rust-stemmers` crate and NLTK's `GermanStemmer`
//! implement (test: `../shared/data/snowball-german/output-2009.txt`; `tests/stem.rs`
//! compares it with `rust-stemmers` on the test vocabulary and on random words). It works on
//! bytes in a stack buffer (see the private `snowball_core` module): on `voc.txt` it needs
//! about 500 instructions a word where `rust-stemmers` needs about 3,400 (callgrind), and
//! takes a quarter of its time.
//!
//! Steps: `ß` → `ss`, `u`/`y` between vowels are kept as consonants; regions R1 and R2 as
//! usual (R1 at position 3 at the earliest); step 1 removes `-em -ern -er -e -en -es` and
//! `-s` after `b d f g h k l m n r t` in R1 (`-niss` → `-nis`), step 2 `-en -er -est` and
//! `-st` after an st-ending preceded by 3 letters in R1, step 3 the derivational suffixes
//! `-end -ung -ig -ik -isch -lich -heit -keit` in R2; umlauts lose their dots.
//!
//! Like every Snowball stemmer it is defined on lowercase input; [`stem`] lowercases
//! (full Unicode, as [`str::to_lowercase`]) as it maps the word.
//!
//! ```
//! use korpus::stem::snowball::{self, Snowball2009};
//! let s = Snowball2009::new();
//! assert_eq!(s.stem("bürgerinnen"), "burgerinn");
//! assert_eq!(s.stem("digitalisierung"), "digitalisier");
//! assert_eq!(snowball::stem("Abgeordneten"), "abgeordnet");
//! assert!(matches!(snowball::stem("parteien"), std::borrow::Cow::Borrowed("partei")));
//! ```

use std::borrow::Cow;
use std::fmt;

use super::snowball_core::{self, Variant};

/// Stems one word (any case) with the 2009 Snowball German algorithm.
///
/// Returns a borrowed prefix of `word` when the stem is one (no letter was changed).
pub fn stem(word: &str) -> Cow<'_, str> {
    snowball_core::stem(word, Variant::S2009)
}

/// The 2009 Snowball German stemmer (a unit value, cheap to clone; `Send + Sync`).
#[derive(Clone, Copy, Default)]
pub struct Snowball2009 {
    _private: (),
}

impl Snowball2009 {
    /// Creates the stemmer.
    pub fn new() -> Self {
        Snowball2009 { _private: () }
    }

    /// Stems one word (any case; see [`stem`]); borrows from `word` when the stem is a
    /// prefix of it.
    pub fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        stem(word)
    }
}

impl fmt::Debug for Snowball2009 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Snowball2009")
    }
}
