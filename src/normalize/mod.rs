//! Word normalisation (NFC, lowercasing, umlaut folding, gender forms, quotes and dashes)
//! and German stopword lists.
//!
//! A [`Normalizer`] maps one word (a token) to its normal form. The steps run in this
//! order, each only when enabled in [`NormalizerOptions`]:
//!
//! 1. **Quotes and dashes**: typographic quotes become `"`/`'` (so `geht’s` = `geht's`),
//!    dashes and hyphens (`‐ ‑ ‒ – — ― −`) become `-`, and the soft hyphen is removed.
//! 2. **Umlaut folding** ([`UmlautFolding`]): `ä ö ü` → `ae oe ue` or `a o u`; `ß` → `ss`
//!    (a decomposed `u` + combining diaeresis too).
//! 3. **Gender forms**: `Bürger*innen`, `Bürger:innen`, `Bürger_innen`, `Bürger/innen`,
//!    `Bürger/-innen`, `Bürger·innen`, `Bürger*Innen` and `BürgerInnen` all become
//!    `Bürger*innen` (the gender star; singular `…*in` likewise; the Binnen-I singular
//!    `…In` only after `r t g f`, so that `LinkedIn` stays). This runs before
//!    lowercasing, which would erase the capital `I` of `BürgerInnen`.
//! 4. **Lowercasing**: full Unicode (`ÄRGER` → `ärger`, `ẞ` → `ß`), never ASCII-only.
//! 5. **NFC** (Unicode canonical composition: `a` + combining diaeresis → `ä`), first and
//!    again at the end when a step changed the word, so that the steps see composed text
//!    and the result is in NFC.
//!
//! Normalising is idempotent: `normalize(normalize(w)) == normalize(w)`.
//!
//! Defaults ([`NormalizerOptions::default`]): NFC, lowercasing and quote/dash unification
//! on; umlaut folding and gender unification off. The three defaults only merge spellings
//! of the same word (encoding, sentence-initial capitals, typography), so counts become
//! right without losing information that the stem cache cannot restore for display.
//! Umlaut folding merges different words (`schon`/`schön`, `zahlen`/`zählen`), and gender
//! unification is a choice about the very forms some analyses study, so both are opt-in.
//!
//! ```
//! use korpus::normalize::{Normalizer, NormalizerOptions, UmlautFolding};
//! let n = Normalizer::default();
//! assert_eq!(n.normalize("Über"), "über");
//! assert_eq!(n.normalize("geht’s"), "geht's");
//! let all = Normalizer::new(NormalizerOptions {
//!     umlauts: UmlautFolding::Expand,
//!     gender: true,
//!     ..NormalizerOptions::default()
//! });
//! assert_eq!(all.normalize("BürgerInnen"), "buerger*innen");
//! assert_eq!(all.normalize("Straße"), "strasse");
//! ```

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

mod stopwords;

pub use stopwords::Stopwords;

/// How `ä ö ü ß` are folded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum UmlautFolding {
    /// Keep umlauts and `ß` (the default).
    #[default]
    None,
    /// `ä` → `ae`, `ö` → `oe`, `ü` → `ue`, `ß` → `ss` (upper case: `Ä` → `Ae`, `ẞ` → `SS`).
    Expand,
    /// `ä` → `a`, `ö` → `o`, `ü` → `u`, `ß` → `ss`.
    Strip,
}

/// Which normalisation steps a [`Normalizer`] applies (see the [module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NormalizerOptions {
    /// Full Unicode lowercasing (default: on).
    pub lowercase: bool,
    /// Unicode NFC composition (default: on).
    pub nfc: bool,
    /// Umlaut and `ß` folding (default: [`UmlautFolding::None`]).
    pub umlauts: UmlautFolding,
    /// Unify gender forms to the gender star, `Bürger*innen` (default: off).
    pub gender: bool,
    /// Unify typographic quotes, apostrophes and dashes (default: on).
    pub quotes_dashes: bool,
}

impl Default for NormalizerOptions {
    fn default() -> Self {
        NormalizerOptions {
            lowercase: true,
            nfc: true,
            umlauts: UmlautFolding::None,
            gender: false,
            quotes_dashes: true,
        }
    }
}

impl NormalizerOptions {
    /// All steps off: [`Normalizer::normalize`] returns every word unchanged.
    pub fn none() -> Self {
        NormalizerOptions {
            lowercase: false,
            nfc: false,
            umlauts: UmlautFolding::None,
            gender: false,
            quotes_dashes: false,
        }
    }
}

/// Normalises words; cheap to clone, `Send + Sync`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Normalizer {
    opts: NormalizerOptions,
}

impl Normalizer {
    /// A normaliser with the given options.
    pub fn new(opts: NormalizerOptions) -> Self {
        Normalizer { opts }
    }

    /// The options of this normaliser.
    pub fn options(&self) -> &NormalizerOptions {
        &self.opts
    }

    /// The normal form of `word`; borrowed (no allocation) when nothing changes, which is
    /// the case for every lowercase ASCII word without `*`, `:`, `_`, `/` or `` ` ``.
    ///
    /// ```
    /// use korpus::normalize::Normalizer;
    /// use std::borrow::Cow;
    /// let n = Normalizer::default();
    /// assert!(matches!(n.normalize("politik"), Cow::Borrowed("politik")));
    /// assert_eq!(n.normalize("Politik"), "politik");
    /// assert_eq!(n.normalize("E\u{2010}Mail"), "e-mail");
    /// ```
    pub fn normalize<'a>(&self, word: &'a str) -> Cow<'a, str> {
        let o = &self.opts;
        // ASCII needs no NFC or umlaut folding; only these bytes can change.
        if word.bytes().all(|b| {
            b.is_ascii()
                && !b.is_ascii_uppercase()
                && !matches!(b, b'*' | b':' | b'_' | b'/' | b'`')
        }) {
            return Cow::Borrowed(word);
        }
        // A capitalised ASCII word (most German nouns) only needs lowercasing: a gender form
        // would have a separator or a second capital (Binnen-I).
        if o.lowercase && is_capitalised_plain_ascii(word) {
            return Cow::Owned(word.to_ascii_lowercase());
        }
        self.normalize_steps(word)
    }

    /// Every step of [`Normalizer::normalize`], without the shortcuts for ASCII words.
    fn normalize_steps<'a>(&self, word: &'a str) -> Cow<'a, str> {
        let o = &self.opts;
        let mut s = Cow::Borrowed(word);
        if o.nfc {
            s = compose(s);
        }
        let mut changed = false;
        let mut apply = |s: &mut Cow<'a, str>, step: Option<String>| {
            if let Some(new) = step {
                *s = Cow::Owned(new);
                changed = true;
            }
        };
        if o.quotes_dashes {
            let step = unify_quotes_dashes(&s);
            apply(&mut s, step);
        }
        if o.umlauts != UmlautFolding::None {
            let step = fold_umlauts(&s, o.umlauts);
            apply(&mut s, step);
        }
        if o.gender {
            let step = unify_gender(&s);
            apply(&mut s, step);
        }
        if o.lowercase {
            let lower = match lowercase(&s) {
                Cow::Owned(l) => Some(l),
                Cow::Borrowed(_) => None,
            };
            apply(&mut s, lower);
        }
        // A step may leave a combining mark next to a letter it composes with.
        if o.nfc && changed {
            s = compose(s);
        }
        s
    }
}

/// An ASCII word with a capital first letter, no other capital and none of the bytes that
/// normalisation may change.
fn is_capitalised_plain_ascii(word: &str) -> bool {
    match word.as_bytes().split_first() {
        Some((first, rest)) => {
            first.is_ascii_uppercase()
                && rest.iter().all(|&b| {
                    b.is_ascii()
                        && !b.is_ascii_uppercase()
                        && !matches!(b, b'*' | b':' | b'_' | b'/' | b'`')
                })
        }
        None => false,
    }
}

/// NFC of `s`, without copying when it is in NFC already.
fn compose(s: Cow<'_, str>) -> Cow<'_, str> {
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        return s;
    }
    let composed: String = s.nfc().collect();
    if composed == *s {
        s
    } else {
        Cow::Owned(composed)
    }
}

/// Full Unicode lowercasing; borrowed when `word` has nothing to lowercase.
///
/// ```
/// use korpus::normalize::lowercase;
/// assert_eq!(lowercase("ÖFFENTLICHKEIT"), "öffentlichkeit");
/// assert!(matches!(lowercase("öffentlich"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn lowercase(word: &str) -> Cow<'_, str> {
    let changes = |c: char| {
        if c.is_ascii() {
            c.is_ascii_uppercase()
        } else {
            let mut l = c.to_lowercase();
            l.next() != Some(c) || l.next().is_some()
        }
    };
    if word.chars().any(changes) {
        Cow::Owned(word.to_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// Separators of the gender forms that [`unify_gender`] recognises, longest first.
const GENDER_SEPARATORS: [&str; 6] = ["/-", "*", ":", "_", "/", "\u{00B7}"];

/// `Bürger*innen`, `Bürger:innen`, `BürgerInnen`, … → `Bürger*innen`; `None` when `word`
/// is not such a form or already canonical.
fn unify_gender(word: &str) -> Option<String> {
    let (base, sep, ending) = split_gender(word)?;
    // The ending follows the case of the base's last letter ("BÜRGER*INNEN" stays).
    let base_upper = letters_rev(base).next()?.is_uppercase();
    let ending_out = if base_upper {
        ending.to_uppercase()
    } else {
        ending.to_lowercase()
    };
    let out = format!("{base}*{ending_out}");
    if sep == "*" && out == word {
        None
    } else {
        Some(out)
    }
}

/// Splits a gender form into base, separator (`""` for the Binnen-I) and ending: `innen`
/// or `in` in any case after a separator that follows a letter, or the Binnen-I (`Innen`,
/// `In`) after two lowercase letters in a capitalised word.
fn split_gender(word: &str) -> Option<(&str, &str, &str)> {
    for ending_len in [5, 2] {
        if word.len() <= ending_len || !word.is_char_boundary(word.len() - ending_len) {
            continue;
        }
        let (head, ending) = word.split_at(word.len() - ending_len);
        if !ending.eq_ignore_ascii_case("innen") && !ending.eq_ignore_ascii_case("in") {
            continue;
        }
        for sep in GENDER_SEPARATORS {
            if let Some(base) = head.strip_suffix(sep) {
                if letters_rev(base).next().is_some_and(char::is_alphabetic) {
                    return Some((base, sep, ending));
                }
            }
        }
        // Binnen-I: "BürgerInnen", "StudentIn" (the singular only after r, t, g, f, so
        // that "LinkedIn" stays).
        if ending.starts_with('I') && ending[1..].bytes().all(|b| b.is_ascii_lowercase()) {
            let mut rev = letters_rev(head);
            let (Some(last), Some(before)) = (rev.next(), rev.next()) else {
                continue;
            };
            let starts_upper = head.chars().next().is_some_and(char::is_uppercase);
            let singular_ok = ending_len == 5 || matches!(last, 'r' | 't' | 'g' | 'f');
            if last.is_lowercase() && before.is_lowercase() && starts_upper && singular_ok {
                return Some((head, "", ending));
            }
        }
    }
    None
}

/// The characters of `s` from the end, without combining marks.
fn letters_rev(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().rev().filter(|c| !is_combining_mark(*c))
}

/// Maps typographic quotes to ASCII quotes and dashes to `-`; drops soft hyphens.
fn unify_quotes_dashes(word: &str) -> Option<String> {
    fn map(c: char) -> Option<Option<char>> {
        Some(match c {
            '\u{201E}' | '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
            | '\u{2033}' | '\u{FF02}' => Some('"'),
            '\u{201A}' | '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2039}' | '\u{203A}'
            | '\u{00B4}' | '`' | '\u{2032}' | '\u{02BC}' | '\u{FF07}' => Some('\''),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' | '\u{2043}' | '\u{FE63}' | '\u{FF0D}' => Some('-'),
            '\u{00AD}' => None,
            _ => return None,
        })
    }
    if !word.chars().any(|c| map(c).is_some()) {
        return None;
    }
    Some(
        word.chars()
            .filter_map(|c| match map(c) {
                Some(m) => m,
                None => Some(c),
            })
            .collect(),
    )
}

/// Folds umlauts and `ß` (also a combining diaeresis after a, o, u); `None` when unchanged.
fn fold_umlauts(word: &str, how: UmlautFolding) -> Option<String> {
    if word.is_ascii() {
        return None;
    }
    let expand = how == UmlautFolding::Expand;
    let mut out = String::with_capacity(word.len() + 4);
    let mut changed = false;
    let mut prev = '\0';
    for c in word.chars() {
        let rep: Option<&str> = match c {
            'ä' => Some(if expand { "ae" } else { "a" }),
            'ö' => Some(if expand { "oe" } else { "o" }),
            'ü' => Some(if expand { "ue" } else { "u" }),
            'Ä' => Some(if expand { "Ae" } else { "A" }),
            'Ö' => Some(if expand { "Oe" } else { "O" }),
            'Ü' => Some(if expand { "Ue" } else { "U" }),
            'ß' => Some("ss"),
            'ẞ' => Some("SS"),
            '\u{0308}' if matches!(prev, 'a' | 'o' | 'u' | 'A' | 'O' | 'U') => {
                Some(if expand { "e" } else { "" })
            }
            _ => None,
        };
        match rep {
            Some(r) => {
                out.push_str(r);
                changed = true;
            }
            None => out.push(c),
        }
        prev = out.chars().next_back().unwrap_or('\0');
    }
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(f: impl FnOnce(&mut NormalizerOptions)) -> Normalizer {
        let mut o = NormalizerOptions::default();
        f(&mut o);
        Normalizer::new(o)
    }

    proptest::proptest! {
        /// The shortcuts for ASCII words give what every step gives, under any options.
        #[test]
        fn ascii_shortcuts_agree_with_the_steps(
            word in "[A-Za-z][a-zA-Z0-9'.*:_/`-]{0,12}(In|in|Innen|innen)?",
            lowercase: bool,
            gender: bool,
            nfc: bool,
            quotes_dashes: bool,
        ) {
            let n = with(|o| {
                o.lowercase = lowercase;
                o.gender = gender;
                o.nfc = nfc;
                o.quotes_dashes = quotes_dashes;
            });
            proptest::prop_assert_eq!(n.normalize(&word), n.normalize_steps(&word));
        }
    }

    #[test]
    fn gender_forms_unify() {
        let n = with(|o| o.gender = true);
        for w in [
            "Bürger*innen",
            "Bürger:innen",
            "Bürger_innen",
            "BürgerInnen",
            "Bürger/innen",
            "Bürger/-innen",
            "Bürger·innen",
            "Bürger*Innen",
        ] {
            assert_eq!(n.normalize(w), "bürger*innen", "{w}");
        }
        let keep_case = with(|o| {
            o.gender = true;
            o.lowercase = false
        });
        assert_eq!(keep_case.normalize("StudentIn"), "Student*in");
        assert_eq!(keep_case.normalize("Kolleg:innen"), "Kolleg*innen");
        assert_eq!(keep_case.normalize("Bürger*innen"), "Bürger*innen");
        for w in [
            "LinkedIn",
            "Berlin",
            "Termin",
            "Innen",
            "in",
            "Bürgerinnen",
            "*innen",
        ] {
            assert_eq!(keep_case.normalize(w), w, "{w}");
        }
    }

    #[test]
    fn umlauts_fold() {
        let e = with(|o| o.umlauts = UmlautFolding::Expand);
        let s = with(|o| o.umlauts = UmlautFolding::Strip);
        assert_eq!(e.normalize("Größe"), "groesse");
        assert_eq!(s.normalize("Größe"), "grosse");
        assert_eq!(s.normalize("Übung"), "ubung");
        // decomposed input without NFC still folds
        let raw = with(|o| {
            o.umlauts = UmlautFolding::Expand;
            o.nfc = false
        });
        assert_eq!(raw.normalize("mu\u{0308}de"), "muede");
    }

    #[test]
    fn nfc_and_unicode_lowercase() {
        let n = Normalizer::default();
        assert_eq!(n.normalize("A\u{0308}RGER"), "ärger");
        assert_eq!(n.normalize("STRAẞE"), "straße");
        assert_eq!(n.normalize("ΟΔΟΣ"), "οδος");
        assert!(matches!(n.normalize("straße"), Cow::Borrowed(_)));
        let none = Normalizer::new(NormalizerOptions::none());
        assert!(matches!(none.normalize("Bürger:innen"), Cow::Borrowed(_)));
    }

    #[test]
    fn quotes_and_dashes() {
        let n = Normalizer::default();
        assert_eq!(n.normalize("„"), "\"");
        assert_eq!(n.normalize("IT´s"), "it's");
        assert_eq!(n.normalize("Bürger\u{00AD}meister"), "bürgermeister");
        assert_eq!(n.normalize("–"), "-");
        assert_eq!(n.normalize("geht`s"), "geht's");
    }
}
