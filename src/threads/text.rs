//! The few text functions the language and drift metrics need, kept behind one small
//! interface so that they can later be switched to `korpus::tokenize`,
//! `korpus::normalize::Stopwords` and `korpus::stem` in this one place.
//!
//! - words: Unicode word segmentation (UAX #29 via `unicode-segmentation`);
//! - questions: sentences whose final punctuation contains `?`;
//! - addressing: `@Name`, or a greeting (`Hallo`, `Hi`, `Lieber` …) followed by a name;
//! - stems: the lower-cased word through the Snowball German stemmer (`rust-stemmers`),
//!   after a small stopword list of frequent German function words.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

/// The words of `text` (UAX #29 word boundaries; punctuation and spaces dropped).
pub(crate) fn words(text: &str) -> impl Iterator<Item = &str> {
    text.unicode_words()
}

/// Lower-cased word (full Unicode case mapping).
pub(crate) fn lower(word: &str) -> String {
    word.to_lowercase()
}

/// Characters that end a sentence.
fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‽' | '⁈' | '⁇')
}

/// Characters that may follow the final punctuation of a sentence (closing quotes and
/// brackets).
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '‘' | '’' | '»' | '«' | '›' | '‹' | ')' | ']'
    )
}

/// Number of sentences of `text` ending in a question mark: maximal runs of final
/// punctuation (`.!?…`) that contain a `?` and are followed (after closing quotes or
/// brackets) by white space or the end of the text. `Wirklich?!` counts once, `Was? Wo?`
/// twice, `index.php?id=3` not at all.
pub(crate) fn sentences_ending_in_question(text: &str) -> usize {
    let mut count = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_terminal(c) {
            continue;
        }
        let mut question = c == '?' || c == '‽' || c == '⁈' || c == '⁇';
        while let Some(&n) = chars.peek() {
            if !is_terminal(n) {
                break;
            }
            question |= n == '?' || n == '‽' || n == '⁈' || n == '⁇';
            chars.next();
        }
        while chars.peek().is_some_and(|&n| is_closing(n)) {
            chars.next();
        }
        if question && chars.peek().is_none_or(|n| n.is_whitespace()) {
            count += 1;
        }
    }
    count
}

/// Greetings that, followed by a capitalised word, address someone (compared lower-cased).
const GREETINGS: &[&str] = &[
    "hallo", "hi", "hey", "moin", "servus", "lieber", "liebe", "werter", "werte", "geehrter",
    "geehrte", "danke",
];

/// True when the comment addresses someone: it contains `@` directly followed by a letter
/// or digit, at the start or after a character that is neither a letter nor a digit (so
/// e-mail addresses do not count), or its first word is a greeting from a short list
/// (`Hallo`, `Hi`, `Hey`, `Moin`, `Servus`, `Lieber`/`Liebe`, `Werter`/`Werte`, `Sehr
/// geehrte(r)`, `Danke`) followed by a capitalised word (the name).
pub(crate) fn addresses_someone(text: &str) -> bool {
    let mut prev: Option<char> = None;
    let mut it = text.chars().peekable();
    while let Some(c) = it.next() {
        if c == '@'
            && prev.is_none_or(|p| !p.is_alphanumeric())
            && it.peek().is_some_and(|n| n.is_alphanumeric())
        {
            return true;
        }
        prev = Some(c);
    }
    let mut ws = words(text);
    let mut first = ws.next();
    if first.is_some_and(|w| w.eq_ignore_ascii_case("sehr")) {
        first = ws.next();
    }
    match (first, ws.next()) {
        (Some(g), Some(name)) => {
            GREETINGS.contains(&lower(g).as_str())
                && name.chars().next().is_some_and(char::is_uppercase)
        }
        _ => false,
    }
}

/// A small list of frequent German function words (lower-case: articles, pronouns,
/// prepositions, conjunctions, auxiliaries, particles), for the drift metrics only.
const STOPWORDS: &[&str] = &[
    "aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "andere",
    "anderen", "auch", "auf", "aus", "bei", "beim", "bin", "bis", "bist", "da", "dabei", "dafür",
    "damit", "dann", "darauf", "darum", "das", "dass", "daß", "dazu", "dein", "deine", "dem",
    "den", "denn", "der", "des", "deshalb", "dich", "die", "dies", "diese", "diesem", "diesen",
    "dieser", "dieses", "dir", "doch", "dort", "du", "durch", "ein", "eine", "einem", "einen",
    "einer", "eines", "einige", "er", "es", "etwa", "etwas", "euch", "euer", "für", "gar", "gegen",
    "gewesen", "hab", "habe", "haben", "hat", "hatte", "hätte", "hier", "hin", "ich", "ihm", "ihn",
    "ihnen", "ihr", "ihre", "ihrem", "ihren", "ihrer", "ihres", "im", "immer", "in", "ins", "ist",
    "ja", "jede", "jeder", "jetzt", "kann", "kein", "keine", "können", "könnte", "man", "manche",
    "mehr", "mein", "meine", "meinem", "meinen", "meiner", "mich", "mir", "mit", "muss", "müssen",
    "nach", "nein", "nicht", "nichts", "noch", "nun", "nur", "ob", "oder", "ohne", "schon", "sehr",
    "sein", "seine", "seinem", "seinen", "seiner", "selbst", "sich", "sie", "sind", "so", "solche",
    "soll", "sollte", "sondern", "sonst", "über", "um", "und", "uns", "unser", "unsere", "unter",
    "viel", "vom", "von", "vor", "war", "waren", "warum", "was", "weil", "welche", "wenn", "wer",
    "werde", "werden", "wie", "wieder", "will", "wir", "wird", "wo", "worden", "wurde", "würde",
    "zu", "zum", "zur", "zwar", "zwischen",
];

/// True for a stopword (expects a lower-cased word).
pub(crate) fn is_stopword(lower_word: &str) -> bool {
    STOPWORDS.contains(&lower_word)
}

/// Stems lower-cased words; one per worker (cheap to create).
pub(crate) struct StemmerAdapter {
    stemmer: Option<Stemmer>,
}

impl StemmerAdapter {
    /// The Snowball German stemmer, or none (terms are then the lower-cased words).
    pub(crate) fn new(stem: bool) -> StemmerAdapter {
        StemmerAdapter {
            stemmer: stem.then(|| Stemmer::create(Algorithm::German)),
        }
    }

    /// The stem of a lower-cased word.
    pub(crate) fn stem(&self, lower_word: &str) -> String {
        match &self.stemmer {
            Some(s) => s.stem(lower_word).into_owned(),
            None => lower_word.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions() {
        assert_eq!(sentences_ending_in_question("Wirklich?! Ja."), 1);
        assert_eq!(sentences_ending_in_question("Was? Wo?"), 2);
        assert_eq!(
            sentences_ending_in_question("Siehe index.php?id=3 dort."),
            0
        );
        assert_eq!(
            sentences_ending_in_question("Er fragte: „Warum?“ Keine Antwort."),
            1
        );
        assert_eq!(sentences_ending_in_question("Keine Frage."), 0);
    }

    #[test]
    fn addressing() {
        assert!(addresses_someone("@Meier das stimmt nicht"));
        assert!(addresses_someone("Da hat @Kai_B recht."));
        assert!(!addresses_someone("Schreib an info@example.de"));
        assert!(addresses_someone("Hallo Herr Müller, danke!"));
        assert!(addresses_someone("Sehr geehrte Frau Schulz,"));
        assert!(!addresses_someone("Hallo zusammen"));
        assert!(!addresses_someone("Die Stadt schläft."));
    }

    #[test]
    fn stems_and_words() {
        let w: Vec<&str> = words("Die Wirtschaftsförderung, 4.0!").collect();
        assert_eq!(w, ["Die", "Wirtschaftsförderung", "4.0"]);
        let s = StemmerAdapter::new(true);
        assert_eq!(
            s.stem("wirtschaftsförderung"),
            s.stem("wirtschaftsförderungen")
        );
        assert!(is_stopword("und") && !is_stopword("filz"));
    }
}
