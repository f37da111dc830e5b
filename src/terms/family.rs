//! Word families: derivations grouped with the word they are derived from.
//!
//! Inflected forms are already grouped by the stemmer (`Filz`, `Filzes`). A *derivation*
//! adds a prefix and/or a suffix to a base and has a stem of its own: `Verfilzung` (`ver-` +
//! `filz` + `-ung`), `Digitalisierung` (`digital` + `-isierung`), `digitalfähig`. When a
//! text contains both a base and words derived from it, they talk about one thing, and a
//! term that is spread over several forms (one `Filzes`, one `Verfilzung`) is as much a
//! topic as one word used twice.
//!
//! ## The rule
//!
//! A word `w` (lowercased, with stem key `k`) is derived from a base with stem key `b` when
//! `b` has at least 4 characters, `b ≠ k`, and either
//! - `w` = prefix + `b` + rest, with a prefix of [`PREFIXES`] and a rest that is empty or
//!   starts with a suffix of [`SUFFIXES`] (`ver|filz|ung`, `be|fang|enheit` is not: `enheit`
//!   starts with no suffix), or
//! - `w` = `b` + suffix + at most two letters of inflection, with a suffix of [`SUFFIXES`]
//!   (`digital|isierung`, `digital|fähig|e`, `transparen|t`  is not: `t` is no suffix);
//!   the suffix `-ung` makes nouns of verbs, so it needs a base that is not a noun
//!   (`Satzung` is no derivation of the noun `Satz`, `Zeitung` none of `Zeit`).
//!
//! Among the bases of a word the longest is taken, and bases are followed to the root of the
//! family (`digitalisierung` → `digital`). Only words present in the same text are grouped:
//! the family of a text is what that text shows of it, never a guess from a dictionary.
//! Compounds are not derivations (`Datenschutz` is no form of `Daten`): they are linked to
//! their head elsewhere ([`keyterms`](super::keyterms)).
//!
//! ```
//! use korpus::terms::family::families;
//! let words = [("filz", "filzes"), ("verfilz", "verfilzung"), ("digital", "digitale"),
//!              ("digitalisier", "digitalisierung"), ("dat", "daten")];
//! // Which keys are nouns (mostly capitalised inside sentences): here `filz` and `dat`.
//! let roots = families(words.iter().copied(), |k| k == "filz" || k == "dat");
//! assert_eq!(roots.get("verfilz"), Some(&"filz"));
//! assert_eq!(roots.get("digitalisier"), Some(&"digital"));
//! assert_eq!(roots.get("filz"), None); // a root maps to nothing
//! assert_eq!(roots.get("dat"), None);
//! ```

use rustc_hash::FxHashMap;

/// Derivational prefixes (`Verfilzung` ~ `Filz`).
pub const PREFIXES: &[&str] = &["ver", "be", "ent", "ge", "er", "zer", "miss", "un", "ab"];

/// Derivational suffixes and suffix-like second parts, as they follow a base
/// (`Verfilz|ung`, `Digital|isierung`, `digital|fähig`).
pub const SUFFIXES: &[&str] = &[
    "ung", "heit", "keit", "ig", "lich", "isch", "er", "chen", "isierung", "ierung", "isier",
    "ier", "fähig", "bar", "los", "schaft", "ität",
];

/// True when `suffix` starts with one of [`SUFFIXES`] and has at most two letters of
/// inflection after it; `-ung` only after a base that is not a noun.
pub(crate) fn suffix_then_inflection(suffix: &str, base_is_noun: bool) -> bool {
    SUFFIXES.iter().any(|s| {
        suffix.starts_with(s)
            && suffix.chars().count() <= s.chars().count() + 2
            && !(base_is_noun && *s == "ung")
    })
}

/// True when `rest` is empty or starts with one of [`SUFFIXES`].
fn empty_or_suffix(rest: &str) -> bool {
    rest.is_empty() || SUFFIXES.iter().any(|s| rest.starts_with(s))
}

/// True when the word `low` (lowercased, stem key `key`) is derived from the word with stem
/// key `base` (a noun when `base_is_noun`) by the rule of the [module docs](self).
pub fn is_derivation(low: &str, key: &str, base: &str, base_is_noun: bool) -> bool {
    if base.chars().count() < 4 || key == base {
        return false;
    }
    PREFIXES.iter().any(|p| {
        low.strip_prefix(p)
            .and_then(|rest| rest.strip_prefix(base))
            .is_some_and(empty_or_suffix)
    }) || low
        .strip_prefix(base)
        .is_some_and(|suf| suffix_then_inflection(suf, base_is_noun))
}

/// The longest key (found by `lookup`) that `low` (stem key `key`) is derived from: the
/// candidates are the beginnings of `low` and of `low` without a prefix of [`PREFIXES`].
fn longest_base<'k, F, N>(low: &str, key: &str, lookup: F, is_noun: N) -> Option<&'k str>
where
    F: Fn(&str) -> Option<&'k str>,
    N: Fn(&str) -> bool,
{
    let rests = std::iter::once(low).chain(PREFIXES.iter().filter_map(|p| low.strip_prefix(p)));
    rests
        .flat_map(|rest| {
            let ends = rest.char_indices().skip(4).map(|(end, _)| end);
            ends.chain(std::iter::once(rest.len()))
                .map(move |end| &rest[..end])
        })
        .filter_map(lookup)
        .filter(|b| is_derivation(low, key, b, is_noun(b)))
        .max_by_key(|b| b.len())
}

/// Groups the words of one text into families: `terms` are `(stem key, lowercased surface)`
/// pairs (a key may come with several surfaces), `is_noun` tells which keys are nouns.
/// Returns, for every key derived from another key of `terms`, the root key of its family;
/// roots and words without family are not in the map. Linear in the total length of the
/// surfaces (hash lookups of prefixes).
pub fn families<'k, 's, I, N>(terms: I, is_noun: N) -> FxHashMap<&'k str, &'k str>
where
    I: IntoIterator<Item = (&'k str, &'s str)>,
    N: Fn(&str) -> bool,
{
    let terms: Vec<(&'k str, &'s str)> = terms.into_iter().collect();
    let keys: FxHashMap<&'k str, ()> = terms.iter().map(|&(k, _)| (k, ())).collect();
    let lookup = |s: &str| keys.get_key_value(s).map(|(k, _)| *k);
    let mut parent: FxHashMap<&'k str, &'k str> = FxHashMap::default();
    for &(key, low) in &terms {
        if let Some(b) = longest_base(low, key, lookup, &is_noun) {
            let e = parent.entry(key).or_insert(b);
            if b.len() > e.len() {
                *e = b;
            }
        }
    }
    // Follow the parents to the root (a chain is short; a cycle — two words each derived
    // from the other — is cut at the shorter key).
    let mut roots: FxHashMap<&'k str, &'k str> = FxHashMap::default();
    for &key in parent.keys() {
        let mut cur = key;
        let mut steps = 0;
        while let Some(&p) = parent.get(cur) {
            if p == key || steps > 16 {
                break;
            }
            cur = p;
            steps += 1;
        }
        if cur != key {
            roots.insert(key, cur);
        }
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_and_suffix() {
        assert!(is_derivation("verfilzung", "verfilz", "filz", true));
        assert!(is_derivation(
            "digitalisierung",
            "digitalisier",
            "digital",
            false
        ));
        assert!(is_derivation(
            "digitalfähige",
            "digitalfah",
            "digital",
            false
        ));
        assert!(!is_derivation("datenschutz", "datenschutz", "daten", true));
        assert!(!is_derivation("filz", "filz", "filz", true));
        assert!(
            !is_derivation("amtlich", "amtlich", "amt", true),
            "base too short"
        );
        assert!(
            !is_derivation("satzung", "satzung", "satz", true),
            "-ung of a noun"
        );
        assert!(is_derivation("haltung", "haltung", "halt", false));
    }

    #[test]
    fn chains_end_at_the_root() {
        let words = [
            ("transparen", "transparenz"),
            ("digital", "digital"),
            ("digitalisier", "digitalisieren"),
            ("digitalisierung", "digitalisierung"),
        ];
        let roots = families(words.iter().copied(), |_| false);
        assert_eq!(roots.get("digitalisierung"), Some(&"digital"));
        assert_eq!(roots.get("digitalisier"), Some(&"digital"));
        assert_eq!(roots.get("transparen"), None);
    }
}
