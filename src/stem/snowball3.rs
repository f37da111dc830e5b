//! The current Snowball German stemmer (snowballstem.org, Snowball 3.0).
//!
//! Implemented here from the published algorithm description
//! (<https://snowballstem.org/algorithms/german/stemmer.html>). Compared with the 2009
//! algorithm that the `rust-stemmers` crate implements (see [`super::snowball`]) it
//!
//! * turns `ae`, `oe`, `ue` into `ä`, `ö`, `ü` (not after `q`) before stemming, so that
//!   "Aehnlichkeit" and "Ähnlichkeit" conflate (the former "german2" variant),
//! * removes the feminine endings `-erin` and `-erinnen`,
//! * replaces `-ln`/`-lns` by `-l` (`achseln` → `achsel`),
//! * removes `-et` after certain consonants (`arbeitet` → `arbeit`), but not after
//!   `tick`, `plan`, `geordn`, `intern` or `tr`.
//!
//! The algorithm is defined on lowercase input; [`stem`] lowercases (full Unicode, as
//! [`str::to_lowercase`]) as it maps the word. It shares its byte-oriented core with
//! [`super::snowball`] (the private `snowball_core` module).
//!
//! ```
//! use korpus::stem::snowball3;
//! assert_eq!(snowball3::stem("arbeiteten"), "arbeit");
//! assert_eq!(snowball3::stem("bürgerinnen"), "burg");
//! assert_eq!(snowball3::stem("digitalisierung"), "digitalisier");
//! ```

use std::borrow::Cow;

use super::snowball_core::{self, Variant};

/// Stems one German word (any case) with the current Snowball algorithm.
///
/// Returns a borrowed prefix of `word` when the stem is one (no letter was changed).
pub fn stem(word: &str) -> Cow<'_, str> {
    snowball_core::stem(word, Variant::S3)
}

/// The first implementation (on `Vec<char>`, indices count characters), kept as the
/// oracle of the differential tests below.
#[cfg(test)]
mod reference {
    use std::borrow::Cow;

    /// The vowels of the algorithm: `a e i o u y ä ö ü`.
    fn is_vowel(c: char) -> bool {
        matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ä' | 'ö' | 'ü')
    }

    /// Letters after which a final `-s` may be removed.
    fn is_s_ending(c: char) -> bool {
        matches!(
            c,
            'b' | 'd' | 'f' | 'g' | 'h' | 'k' | 'l' | 'm' | 'n' | 'r' | 't'
        )
    }

    /// Letters after which a final `-st` may be removed (the s-endings without `r`).
    fn is_st_ending(c: char) -> bool {
        c != 'r' && is_s_ending(c)
    }

    /// Letters after which a final `-et` may be removed (`U` is a `u` between vowels).
    fn is_et_ending(c: char) -> bool {
        matches!(
            c,
            'd' | 'f' | 'g' | 'k' | 'l' | 'm' | 'n' | 'r' | 's' | 't' | 'U' | 'z' | 'ä'
        )
    }

    /// Whether `w` ends with the ASCII string `suffix`.
    fn ends_with(w: &[char], suffix: &str) -> bool {
        let n = suffix.chars().count();
        n <= w.len() && w[w.len() - n..].iter().copied().eq(suffix.chars())
    }

    /// The longest of `suffixes` that `w` ends with.
    fn longest_suffix<'s>(w: &[char], suffixes: &[&'s str]) -> Option<&'s str> {
        suffixes
            .iter()
            .filter(|s| ends_with(w, s))
            .max_by_key(|s| s.len())
            .copied()
    }

    /// Stems one lowercase German word with the current Snowball algorithm.
    ///
    /// Returns a borrowed prefix of `word` when the stem is one (no letter was changed).
    pub(super) fn stem(word: &str) -> Cow<'_, str> {
        let mut w: Vec<char> = word.chars().collect();
        prelude_mark_u_y(&mut w);
        let mut w = prelude_replace(&w);
        let (p1, p2) = mark_regions(&w);
        standard_suffix(&mut w, p1, p2);
        postlude(&mut w);
        finish(word, &w)
    }

    /// Returns a borrowed prefix of `word` when it equals `stem`, else an owned string.
    fn finish<'a>(word: &'a str, stem: &[char]) -> Cow<'a, str> {
        let mut end = 0;
        let mut chars = word.chars();
        for &c in stem {
            match chars.next() {
                Some(d) if d == c => end += c.len_utf8(),
                _ => return Cow::Owned(stem.iter().collect()),
            }
        }
        Cow::Borrowed(&word[..end])
    }

    /// Prelude, part 1: a `u` or `y` between vowels becomes `U`/`Y` (treated as consonants).
    fn prelude_mark_u_y(w: &mut [char]) {
        for i in 0..w.len().saturating_sub(2) {
            if is_vowel(w[i]) && is_vowel(w[i + 2]) {
                match w[i + 1] {
                    'u' => w[i + 1] = 'U',
                    'y' => w[i + 1] = 'Y',
                    _ => {}
                }
            }
        }
    }

    /// Prelude, part 2, left to right: `ß` → `ss`; `ae`, `oe`, `ue` → `ä`, `ö`, `ü`; `qu` kept.
    fn prelude_replace(w: &[char]) -> Vec<char> {
        let mut out = Vec::with_capacity(w.len() + 1);
        let mut i = 0;
        while i < w.len() {
            let next = w.get(i + 1).copied();
            match (w[i], next) {
                ('ß', _) => {
                    out.extend(['s', 's']);
                    i += 1;
                }
                ('a', Some('e')) => {
                    out.push('ä');
                    i += 2;
                }
                ('o', Some('e')) => {
                    out.push('ö');
                    i += 2;
                }
                ('u', Some('e')) => {
                    out.push('ü');
                    i += 2;
                }
                ('q', Some('u')) => {
                    out.extend(['q', 'u']);
                    i += 2;
                }
                (c, _) => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        out
    }

    /// The position after the first non-vowel that follows a vowel, searching from `from`.
    fn after_vowel_consonant(w: &[char], from: usize) -> Option<usize> {
        let v = from + w.get(from..)?.iter().position(|&c| is_vowel(c))?;
        let nv = v + 1 + w[v + 1..].iter().position(|&c| !is_vowel(c))?;
        Some(nv + 1)
    }

    /// R1 starts after the first non-vowel following a vowel, but at position 3 at the earliest;
    /// R2 is R1 computed again from there (from the unadjusted R1 start).
    fn mark_regions(w: &[char]) -> (usize, usize) {
        let n = w.len();
        if n < 3 {
            return (n, n);
        }
        let Some(r1) = after_vowel_consonant(w, 0) else {
            return (n, n);
        };
        let p2 = after_vowel_consonant(w, r1).unwrap_or(n);
        (r1.max(3), p2)
    }

    /// The three suffix-removal steps.
    fn standard_suffix(w: &mut Vec<char>, p1: usize, p2: usize) {
        step1(w, p1);
        step2(w, p1);
        step3(w, p1, p2);
    }

    /// Step 1: case endings, feminine `-erin(nen)`, `-ln(s)`.
    fn step1(w: &mut Vec<char>, p1: usize) {
        const SUFFIXES: &[&str] = &[
            "e", "em", "en", "erinnen", "erin", "ln", "ern", "er", "s", "es", "lns",
        ];
        let Some(suffix) = longest_suffix(w, SUFFIXES) else {
            return;
        };
        let b = w.len() - suffix.len();
        if b < p1 {
            return;
        }
        match suffix {
            "em" => {
                if !ends_with(&w[..b], "syst") {
                    w.truncate(b);
                }
            }
            "erinnen" | "erin" | "ern" | "er" => w.truncate(b),
            "e" | "en" | "es" => {
                w.truncate(b);
                // -nisse → -nis
                if ends_with(w, "niss") {
                    w.pop();
                }
            }
            "s" => {
                if b > 0 && is_s_ending(w[b - 1]) {
                    w.truncate(b);
                }
            }
            _ => {
                // "ln" | "lns"
                w.truncate(b);
                w.push('l');
            }
        }
    }

    /// Step 2: verbal and superlative endings `-en -er -est -st -et`.
    fn step2(w: &mut Vec<char>, p1: usize) {
        const SUFFIXES: &[&str] = &["en", "er", "et", "st", "est"];
        const NOT_BEFORE_ET: &[&str] = &["tick", "plan", "geordn", "intern", "tr"];
        let Some(suffix) = longest_suffix(w, SUFFIXES) else {
            return;
        };
        let b = w.len() - suffix.len();
        if b < p1 {
            return;
        }
        match suffix {
            "st" => {
                // the st-ending letter must itself be preceded by at least 3 letters
                if b >= 4 && is_st_ending(w[b - 1]) {
                    w.truncate(b);
                }
            }
            "et" => {
                if b > 0
                    && is_et_ending(w[b - 1])
                    && !NOT_BEFORE_ET.iter().any(|s| ends_with(&w[..b], s))
                {
                    w.truncate(b);
                }
            }
            _ => w.truncate(b),
        }
    }

    /// Step 3: derivational suffixes, all within R2.
    fn step3(w: &mut Vec<char>, p1: usize, p2: usize) {
        const SUFFIXES: &[&str] = &["end", "ig", "ung", "lich", "isch", "ik", "heit", "keit"];
        let Some(suffix) = longest_suffix(w, SUFFIXES) else {
            return;
        };
        let b = w.len() - suffix.len();
        if b < p2 {
            return;
        }
        let preceded_by_e = |w: &[char], at: usize| at > 0 && w[at - 1] == 'e';
        match suffix {
            "end" | "ung" => {
                w.truncate(b);
                if ends_with(w, "ig") {
                    let g = b - 2;
                    if !preceded_by_e(w, g) && g >= p2 {
                        w.truncate(g);
                    }
                }
            }
            "ig" | "ik" | "isch" => {
                if !preceded_by_e(w, b) {
                    w.truncate(b);
                }
            }
            "lich" | "heit" => {
                w.truncate(b);
                if (ends_with(w, "er") || ends_with(w, "en")) && b - 2 >= p1 {
                    w.truncate(b - 2);
                }
            }
            _ => {
                // "keit"
                w.truncate(b);
                if let Some(s) = longest_suffix(w, &["lich", "ig"]) {
                    let g = b - s.len();
                    if g >= p2 {
                        w.truncate(g);
                    }
                }
            }
        }
    }

    /// Postlude: `U`, `Y` back to lowercase; umlauts lose their dots.
    fn postlude(w: &mut [char]) {
        for c in w.iter_mut() {
            *c = match *c {
                'Y' => 'y',
                'U' | 'ü' => 'u',
                'ä' => 'a',
                'ö' => 'o',
                other => other,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{reference, stem};

    #[test]
    fn examples_from_the_changes() {
        for (w, s) in [
            ("abgewendet", "abgew"),
            ("achseln", "achsel"),
            ("aktuell", "aktull"),
            ("anhängerinnen", "anhang"),
            ("anzuerkennen", "anzurkenn"),
            ("angues", "angus"),
            ("system", "system"),
            ("ergebnisse", "ergebnis"),
            ("geordnet", "geordnet"),
            ("", ""),
            ("ab", "ab"),
        ] {
            assert_eq!(stem(w), s, "{w}");
        }
    }

    #[test]
    fn borrows_when_unchanged() {
        assert!(matches!(
            stem("arbeiten"),
            std::borrow::Cow::Borrowed("arbeit")
        ));
        assert!(matches!(stem("häuser"), std::borrow::Cow::Owned(_)));
    }

    /// Lowercase German-ish words: letters, umlauts, `ß`, vowel–`u`/`y`–vowel groups, the
    /// digraphs and suffixes the algorithm looks at, a few other characters.
    fn germanish() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            4 => "[a-zäöüßy]",
            2 => "[aeiouyäöü][uy][aeiouyäöü]",
            1 => "(ae|oe|ue|qu|que|aue|eye)",
            2 => "(e|em|en|er|ern|es|s|est|st|et|erin|erinnen|ln|lns|niss|syst|tick|plan|geordn|intern|tr)",
            2 => "(end|ung|ig|ik|isch|lich|heit|keit|eig|ige|erlich|enheit|lichkeit|igkeit)",
            1 => "[é0-9\\-ĳ]",
        ];
        proptest::collection::vec(piece, 0..8).prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]
        /// The byte-oriented stemmer equals the first (`Vec<char>`) implementation.
        #[test]
        fn equals_reference(word in germanish()) {
            proptest::prop_assert_eq!(stem(&word), reference::stem(&word), "{}", word);
        }

        /// Also on plain random lowercase strings of up to 20 letters.
        #[test]
        fn equals_reference_letters(word in "[a-zäöüßéy-]{0,20}") {
            proptest::prop_assert_eq!(stem(&word), reference::stem(&word), "{}", word);
        }

        /// Any case and any Unicode: the same as the reference on the lowercased word.
        #[test]
        fn lowercases_like_str(word in "\\PC{0,16}|[a-zäöüßA-ZÄÖÜẞ]{1,14}") {
            let lower = word.to_lowercase();
            proptest::prop_assert_eq!(stem(&word), reference::stem(&lower), "{}", word);
        }
    }

    #[test]
    fn long_and_special_words() {
        for w in [
            "donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaften",
            "rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetzes",
            "İstanbuler",
            "ΣΟΦΙΑΣ",
            "straßenbaues",
            "STRASSE",
            "qualitäten",
        ] {
            assert_eq!(stem(w), reference::stem(&w.to_lowercase()), "{w}");
        }
    }
}
