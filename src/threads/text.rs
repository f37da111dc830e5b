//! The text side of the language and drift metrics, on the project's own pipeline:
//!
//! - tokens: [`crate::tokenize::Tokenizer`] (EmpiriST rules); *words* are the word-like
//!   tokens ([`TokenKind::is_word_like`]: words, numbers, abbreviations, URLs, mentions, …);
//! - questions: sentences ([`Token::sentence`]) whose last token, closing quotes and brackets
//!   skipped, is punctuation containing `?`;
//! - addressing: a [`TokenKind::Mention`] token, or a greeting followed by a name;
//! - drift terms: [`TokenKind::Word`] tokens with a letter, not in
//!   [`Stopwords::german`], stemmed with [`crate::stem`] through a [`StemCache`].

use crate::normalize::{lowercase, Stopwords};
use crate::stem::{StemCache, Stemmer, StemmerKind};
use crate::tokenize::{Token, TokenKind, Tokenizer};
use std::sync::OnceLock;

/// Tokenizes `text` and appends its tokens to `out`.
pub(crate) fn tokenize_append<'a>(text: &'a str, out: &mut Vec<Token<'a>>) {
    out.extend(Tokenizer::new().iter(text));
}

/// Lower-cased word (full Unicode case mapping).
pub(crate) fn lower(word: &str) -> String {
    lowercase(word).into_owned()
}

/// True for a closing quote or bracket (may follow the final punctuation of a sentence).
fn is_closing(text: &str) -> bool {
    text.chars().all(|c| {
        matches!(
            c,
            '"' | '\'' | '“' | '”' | '‘' | '’' | '»' | '«' | '›' | '‹' | ')' | ']'
        )
    })
}

/// True for punctuation that asks: contains `?`, `‽`, `⁈` or `⁇`.
fn is_question_mark(t: &Token<'_>) -> bool {
    t.kind == TokenKind::Punctuation && t.text.contains(['?', '‽', '⁈', '⁇'])
}

/// Number of sentences among `tokens` (one text's tokens) whose last token, after skipping
/// closing quotes and brackets, is punctuation containing a question mark. `Wirklich?!`
/// counts once, `Was? Wo?` twice, `index.php?id=3` (one URL token) not at all.
pub(crate) fn questions(tokens: &[Token<'_>]) -> usize {
    let mut count = 0;
    let mut i = 0;
    while i < tokens.len() {
        let sentence = tokens[i].sentence;
        let mut end = i;
        while end < tokens.len() && tokens[end].sentence == sentence {
            end += 1;
        }
        let last = tokens[i..end]
            .iter()
            .rev()
            .find(|t| !(t.kind == TokenKind::Punctuation && is_closing(t.text)));
        count += usize::from(last.is_some_and(is_question_mark));
        i = end;
    }
    count
}

/// Greetings that, followed by a capitalised word, address someone (compared lower-cased).
const GREETINGS: &[&str] = &[
    "hallo", "hi", "hey", "moin", "servus", "lieber", "liebe", "werter", "werte", "geehrter",
    "geehrte", "danke",
];

/// True when a text (given as its tokens) addresses someone: it has a
/// [`TokenKind::Mention`] token (`@Name`; e-mail addresses are other tokens), or its first
/// word is a greeting from a short list (`Hallo`, `Hi`, `Hey`, `Moin`, `Servus`,
/// `Lieber`/`Liebe`, `Werter`/`Werte`, `Sehr geehrte(r)`, `Danke`) followed by a capitalised
/// word (the name).
pub(crate) fn addresses_someone(tokens: &[Token<'_>]) -> bool {
    if tokens.iter().any(|t| t.kind == TokenKind::Mention) {
        return true;
    }
    let mut ws = tokens
        .iter()
        .filter(|t| t.kind.is_word_like())
        .map(|t| t.text);
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

/// The German stopword list, parsed once per process.
fn stopwords() -> &'static Stopwords {
    static STOP: OnceLock<Stopwords> = OnceLock::new();
    STOP.get_or_init(Stopwords::german)
}

/// True when `t` can be a drift term: a [`TokenKind::Word`] with at least one letter that
/// is not a stopword.
pub(crate) fn is_term(t: &Token<'_>) -> bool {
    t.kind == TokenKind::Word
        && t.text.chars().any(char::is_alphabetic)
        && !stopwords().contains(&lowercase(t.text))
}

/// Turns words into terms: their stem ([`StemCache`], each distinct word stemmed once), or
/// the lower-cased word without a stemmer. One per thread computation.
pub(crate) struct TermMaker {
    cache: Option<StemCache>,
}

impl TermMaker {
    /// A term maker with the given stemmer, or lower-casing only.
    pub(crate) fn new(kind: Option<StemmerKind>) -> TermMaker {
        TermMaker {
            cache: kind.map(|k| StemCache::new(Stemmer::new(k))),
        }
    }

    /// The term of `word` (as written: CISTEM uses the case).
    pub(crate) fn term(&mut self, word: &str) -> String {
        match &mut self.cache {
            Some(c) => c.stem(word).to_string(),
            None => lower(word),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Token<'_>> {
        let mut v = Vec::new();
        tokenize_append(text, &mut v);
        v
    }

    #[test]
    fn question_sentences() {
        assert_eq!(questions(&toks("Wirklich?! Ja.")), 1);
        assert_eq!(questions(&toks("Was? Wo?")), 2);
        assert_eq!(
            questions(&toks("Siehe www.example.de/index.php?id=3 dort.")),
            0
        );
        assert_eq!(questions(&toks("Er fragte: „Warum?“ Keine Antwort.")), 1);
        assert_eq!(questions(&toks("Keine Frage.")), 0);
        assert_eq!(questions(&toks("Und jetzt???")), 1);
    }

    #[test]
    fn addressing() {
        assert!(addresses_someone(&toks("@Meier das stimmt nicht")));
        assert!(addresses_someone(&toks("Da hat @Kai_B recht.")));
        assert!(!addresses_someone(&toks("Schreib an info@example.de")));
        assert!(addresses_someone(&toks("Hallo Herr Müller, danke!")));
        assert!(addresses_someone(&toks("Sehr geehrte Frau Schulz,")));
        assert!(!addresses_someone(&toks("Hallo zusammen")));
        assert!(!addresses_someone(&toks("Die Stadt schläft.")));
    }

    #[test]
    fn terms_and_stems() {
        let t = toks("Die Wirtschaftsförderung, 4.0!");
        let terms: Vec<&str> = t.iter().filter(|t| is_term(t)).map(|t| t.text).collect();
        assert_eq!(terms, ["Wirtschaftsförderung"]);
        let mut m = TermMaker::new(Some(StemmerKind::Cistem));
        assert_eq!(
            m.term("Wirtschaftsförderung"),
            m.term("Wirtschaftsförderungen")
        );
        let mut plain = TermMaker::new(None);
        assert_eq!(plain.term("Filz"), "filz");
    }
}
