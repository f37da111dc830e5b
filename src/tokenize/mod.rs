//! German tokenizer and sentence splitter for web and computer-mediated text.
//!
//! The tokenizer follows the EmpiriST 2015 tokenization guidelines for German CMC and web text
//! (Beißwenger, Bartsch, Evert & Würzner 2016, "EmpiriST 2015: A shared task on the automatic
//! linguistic annotation of computer-mediated communication and web corpora"):
//!
//! - abbreviations keep their full stop and multi-part abbreviations are split: `z.B.` →
//!   `z.` `B.`; `bzw.`, `Dr.`, `Nr.` are one token each;
//! - ordinals keep their full stop (`am 3. Oktober`, `19. Bundestag`); dates and times are one
//!   token (`27.11.2026`, `19:30`); so are numbers with separators (`1.000,50`, `4.0`);
//! - URLs, e-mail addresses, `@mentions`, `#hashtags`, emoticons (`:-)`, `;)`, `<3`, `^^`) and
//!   emoji (with modifiers and joiner sequences) are one token each (an emoticon written with a
//!   space, `; )`, too); the stars around action words are tokens of their own (`*`, `lol`, `*`);
//! - repeated punctuation is one token (`...`, `?!?!`, `!!!`);
//! - hyphenated compounds (`E-Mail`, `Bürgermeister-U-Boot`) and truncations (`Kommunal-`),
//!   clitics with apostrophes (`geht's`, `IT´s`, `'nem`) and gender forms (`Bürger*innen`,
//!   `Bürger:innen`, `Bürger_innen`) stay whole;
//! - units are split off numbers (`24h` → `24` `h`), but not other letters (`1970er`, `4fache`);
//! - words glued together by a missing space, a frequent artefact of chat and tweet text, are
//!   split (`dieFeststellung` → `die` `Feststellung`, `IhreTeilnahme`), while camel-case names
//!   (`eBook`, `iPhone`, `YouTube`) and the Binnen-I (`BürgerInnen`) stay whole.
//!
//! Every token is a slice of the input: tokens are in order, do not overlap, cover every
//! non-whitespace character (whitespace as in [`char::is_whitespace`]) and change nothing.
//! Tokens never contain whitespace, except a single space in the few shapes EmpiriST writes as
//! one token: an emoticon written apart (`; )`), an addressed name (`@ marc`) and a spelled-out
//! e-mail address (`name [at] example [dot] de`).
//!
//! Sentences end after `.`, `!`, `?` (and runs of them), after an ellipsis or `etc.`/`usw.` when
//! the next token starts with a capital letter, and at a blank line (paragraph break). Closing
//! brackets and quotes directly after the final punctuation stay in the sentence. Ordinals and
//! abbreviations do not end a sentence.
//!
//! The scanner works on bytes. A fast path takes the common shapes (plain words of ASCII and
//! Latin-1 letters, also hyphenated, truncated or before a sentence's full stop; plain numbers;
//! plain punctuation) with one 256-entry class table and eight lower-case letters at a time
//! (SWAR), and hands every other token to the general rules, which give the same result for
//! those shapes (a unit test checks this at every position of mixed text). Abbreviations sit in
//! a sorted static table behind a Bloom filter and a case-folded static hash set. The scanner
//! never allocates and never uses regular expressions; [`Tokenizer::words`] scans 32 words per
//! batch and skips the sentence splitter.
//!
//! Accuracy (token F1 as computed by `eval_tokenizer.py`, shared part of the EmpiriST 2015 test
//! data; checked by `tests/tokenize.rs`): CMC 99.29, web 99.96.
//! Speed (`cargo bench --bench tokenize`, one thread, criterion medians, 102 MB of Bundestag
//! speeches, on two cores shared with other builds at a load average of 1.8 to 2.7):
//! `tokenize_into` 223 MiB/s (38 M tokens/s), `words` 254 MiB/s; the texts of `corpus/` 177 and
//! 201 MiB/s; at a load average of 4.9, Bundestag 133 and 156 MiB/s,
//! while a timing loop over the same text ran the previous scanner (November 2026) at 58 and
//! 62 MiB/s. Instructions per input byte (callgrind): `tokenize_into` 25 (before: 58), `words`
//! 20 (before: 54). `unicode_words` of the unicode-segmentation crate ran at 8 MB/s on the same
//! machine.
//!
//! ```
//! use korpus::tokenize::{Tokenizer, TokenKind};
//!
//! let text = "Am 3. Oktober hat z.B. Dr. Meier gebloggt :-) Mehr auf www.example.de!";
//! let tokens = Tokenizer::new().tokenize(text);
//! let words: Vec<&str> = tokens.iter().map(|t| t.text).collect();
//! assert_eq!(
//!     words,
//!     ["Am", "3.", "Oktober", "hat", "z.", "B.", "Dr.", "Meier", "gebloggt", ":-)", "Mehr",
//!      "auf", "www.example.de", "!"]
//! );
//! assert_eq!(tokens[1].kind, TokenKind::Ordinal);
//! assert_eq!(tokens[9].kind, TokenKind::Emoticon);
//! assert!(tokens.iter().all(|t| t.sentence == 0));
//! ```

mod abbrev;
mod emoticon;
mod output;
mod scan;

pub use output::{write_conllu, write_jsonl, write_tokens};

/// The kind of a token.
///
/// Serialised (serde, [`TokenKind::as_str`]) in snake case: `word`, `number`, `ordinal`,
/// `date_time`, `abbreviation`, `url`, `email`, `mention`, `hashtag`, `emoticon`, `emoji`,
/// `punctuation`, `other`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// A word, including compounds, clitics and gender forms.
    Word,
    /// A number: `42`, `1.000,50`, `4.0`, `-12`.
    Number,
    /// An ordinal number with its full stop: `3.`, `19.`.
    Ordinal,
    /// A date or time: `27.11.2026`, `27.11.`, `19:30`.
    DateTime,
    /// An abbreviation with its full stop: `bzw.`, `Dr.`, `z.`.
    Abbreviation,
    /// A URL or bare domain name: `https://example.de/a?b=c`, `www.bundestag.de`, `tagesschau.de`.
    Url,
    /// An e-mail address: `info@example.de`.
    Email,
    /// A user mention: `@korpus_de`.
    Mention,
    /// A hashtag: `#btw21`.
    Hashtag,
    /// An ASCII emoticon: `:-)`, `;)`, `<3`, `^^`, `xD`.
    Emoticon,
    /// An emoji, with its modifiers and zero-width-joiner sequence: `👍🏽`.
    Emoji,
    /// Punctuation: `.`, `,`, `...`, `?!`, `„`, `–`.
    Punctuation,
    /// Anything else: symbols (`€`, `%`-free symbols like `+`, `=`, `→`), stray marks.
    Other,
}

impl TokenKind {
    /// Every kind, in declaration order.
    pub const ALL: [TokenKind; 13] = [
        TokenKind::Word,
        TokenKind::Number,
        TokenKind::Ordinal,
        TokenKind::DateTime,
        TokenKind::Abbreviation,
        TokenKind::Url,
        TokenKind::Email,
        TokenKind::Mention,
        TokenKind::Hashtag,
        TokenKind::Emoticon,
        TokenKind::Emoji,
        TokenKind::Punctuation,
        TokenKind::Other,
    ];

    /// The kind's name as used in JSON output: `"word"`, `"date_time"`, ...
    ///
    /// ```
    /// use korpus::tokenize::TokenKind;
    /// assert_eq!(TokenKind::DateTime.as_str(), "date_time");
    /// assert_eq!(TokenKind::Word.as_str(), "word");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Word => "word",
            TokenKind::Number => "number",
            TokenKind::Ordinal => "ordinal",
            TokenKind::DateTime => "date_time",
            TokenKind::Abbreviation => "abbreviation",
            TokenKind::Url => "url",
            TokenKind::Email => "email",
            TokenKind::Mention => "mention",
            TokenKind::Hashtag => "hashtag",
            TokenKind::Emoticon => "emoticon",
            TokenKind::Emoji => "emoji",
            TokenKind::Punctuation => "punctuation",
            TokenKind::Other => "other",
        }
    }

    /// True for the kinds that [`Tokenizer::words`] yields: everything except punctuation,
    /// emoticons, emoji and other symbols.
    ///
    /// ```
    /// use korpus::tokenize::TokenKind;
    /// assert!(TokenKind::Abbreviation.is_word_like());
    /// assert!(!TokenKind::Punctuation.is_word_like());
    /// ```
    pub fn is_word_like(self) -> bool {
        !matches!(
            self,
            TokenKind::Punctuation | TokenKind::Emoticon | TokenKind::Emoji | TokenKind::Other
        )
    }
}

impl std::fmt::Display for TokenKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A token: a slice of the input with its byte span, kind and sentence index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Token<'a> {
    /// The exact text of the token (a slice of the input).
    pub text: &'a str,
    /// Byte offset of the first byte in the input.
    pub start: usize,
    /// Byte offset one past the last byte in the input.
    pub end: usize,
    /// What kind of token this is.
    pub kind: TokenKind,
    /// The index of the sentence the token belongs to, counted from 0 within one input.
    pub sentence: usize,
}

/// The German tokenizer and sentence splitter.
///
/// It holds no data (all tables are static), so it is free to create, clone and share across
/// threads.
///
/// ```
/// use korpus::tokenize::Tokenizer;
///
/// let t = Tokenizer::new();
/// let toks = t.tokenize("Wie geht's? Gut, danke!!");
/// let texts: Vec<&str> = toks.iter().map(|t| t.text).collect();
/// assert_eq!(texts, ["Wie", "geht's", "?", "Gut", ",", "danke", "!!"]);
/// assert_eq!(toks[3].sentence, 1);
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Tokenizer {
    _private: (),
}

impl Tokenizer {
    /// A tokenizer with the default (EmpiriST) rules.
    pub fn new() -> Self {
        Tokenizer::default()
    }

    /// Tokenizes `text` into a new vector.
    ///
    /// ```
    /// use korpus::tokenize::Tokenizer;
    /// let toks = Tokenizer::new().tokenize("Bürger*innen fragen: Warum?");
    /// assert_eq!(toks[0].text, "Bürger*innen");
    /// assert_eq!((toks[0].start, toks[0].end), (0, 13));
    /// ```
    pub fn tokenize<'a>(&self, text: &'a str) -> Vec<Token<'a>> {
        let mut out = Vec::with_capacity(text.len() / 5 + 1);
        self.tokenize_into(text, &mut out);
        out
    }

    /// Tokenizes `text` into `out`, which is cleared first; reusing one vector across calls
    /// avoids allocation.
    ///
    /// ```
    /// use korpus::tokenize::Tokenizer;
    /// let t = Tokenizer::new();
    /// let mut buf = Vec::new();
    /// t.tokenize_into("Erster Satz.", &mut buf);
    /// assert_eq!(buf.len(), 3);
    /// t.tokenize_into("Zweiter.", &mut buf);
    /// assert_eq!(buf.len(), 2);
    /// ```
    pub fn tokenize_into<'a>(&self, text: &'a str, out: &mut Vec<Token<'a>>) {
        out.clear();
        let mut sentences = Sentences::new();
        let mut pos = 0;
        while let Some((start, end, kind)) = scan::next_token(text, pos) {
            let Some(t) = text.get(start..end) else {
                break;
            };
            let sentence = sentences.advance(&text.as_bytes()[pos..start], t, kind);
            out.push(Token {
                text: t,
                start,
                end,
                kind,
                sentence,
            });
            pos = end;
        }
    }

    /// A streaming iterator over the tokens of `text`, with sentence indices.
    ///
    /// ```
    /// use korpus::tokenize::Tokenizer;
    /// let n = Tokenizer::new().iter("Das ist alles. Wirklich.").filter(|t| t.sentence == 1).count();
    /// assert_eq!(n, 2);
    /// ```
    pub fn iter<'a>(&self, text: &'a str) -> Tokens<'a> {
        Tokens {
            text,
            pos: 0,
            sentences: Sentences::new(),
        }
    }

    /// The word-like tokens of `text` (see [`TokenKind::is_word_like`]), without sentence
    /// splitting: the fastest route for counting.
    ///
    /// ```
    /// use korpus::tokenize::Tokenizer;
    /// let w: Vec<&str> = Tokenizer::new().words("Das kostet 1.000,50 € – bzw. mehr!").collect();
    /// assert_eq!(w, ["Das", "kostet", "1.000,50", "bzw.", "mehr"]);
    /// ```
    pub fn words<'a>(&self, text: &'a str) -> impl Iterator<Item = &'a str> {
        Words {
            text,
            pos: 0,
            buf: [""; WORDS_BATCH],
            head: 0,
            len: 0,
        }
    }
}

/// What the previous token means for the sentence boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pending {
    /// No boundary.
    None,
    /// `.`, `!`, `?`: the next token starts a new sentence (unless it is a closing bracket or
    /// quote attached to the punctuation).
    Hard,
    /// `...`, `etc.`: a new sentence if the next token starts with a capital letter.
    Soft,
}

/// Streaming iterator over tokens with sentence indices; see [`Tokenizer::iter`].
#[derive(Clone, Debug)]
pub struct Tokens<'a> {
    text: &'a str,
    pos: usize,
    sentences: Sentences,
}

/// The sentence splitter's state between tokens.
#[derive(Clone, Copy, Debug)]
struct Sentences {
    sentence: usize,
    pending: Pending,
    started: bool,
}

impl Sentences {
    fn new() -> Self {
        Sentences {
            sentence: 0,
            pending: Pending::None,
            started: false,
        }
    }

    /// The sentence index of the token `text` of `kind`, after the whitespace `gap`.
    #[inline(always)]
    fn advance(&mut self, gap: &[u8], text: &str, kind: TokenKind) -> usize {
        if self.pending != Pending::None || gap.len() >= 2 {
            self.boundary(gap, text);
        }
        self.started = true;
        if matches!(kind, TokenKind::Punctuation | TokenKind::Abbreviation) {
            let p = pending_of(text, kind);
            if p != Pending::None {
                self.pending = p;
            }
        }
        self.sentence
    }

    /// A possible sentence boundary before `text`.
    #[inline]
    fn boundary(&mut self, gap: &[u8], text: &str) {
        if !self.started {
            return;
        }
        if has_blank_line(gap) {
            self.sentence += 1;
            self.pending = Pending::None;
            return;
        }
        match self.pending {
            Pending::None => {}
            Pending::Hard => {
                if gap.is_empty() && is_closing(text) {
                    // stays in the sentence; the boundary comes after it
                } else {
                    self.sentence += 1;
                    self.pending = Pending::None;
                }
            }
            Pending::Soft => {
                if text.chars().next().is_some_and(char::is_uppercase) {
                    self.sentence += 1;
                }
                self.pending = Pending::None;
            }
        }
    }
}

/// True if the whitespace `gap` contains a blank line (two line breaks).
#[inline]
pub(crate) fn has_blank_line(gap: &[u8]) -> bool {
    if gap.len() < 2 {
        return false;
    }
    let n = gap.iter().filter(|&&c| c == b'\n').count();
    n >= 2 || (n == 0 && gap.iter().filter(|&&c| c == b'\r').count() >= 2)
}

/// Closing brackets and quotes that stay with a sentence's final punctuation.
#[inline]
fn is_closing(t: &str) -> bool {
    matches!(
        t,
        ")" | "]" | "}" | "\"" | "'" | "“" | "”" | "«" | "»" | "‘" | "’" | "›" | "‹"
    )
}

/// The sentence-boundary meaning of a token.
#[inline]
fn pending_of(t: &str, kind: TokenKind) -> Pending {
    match kind {
        TokenKind::Punctuation => {
            let b = t.as_bytes();
            match b[0] {
                b'!' | b'?' => Pending::Hard,
                b'.' if b.len() == 1 => Pending::Hard,
                b'.' => Pending::Soft,
                0xE2 if t.starts_with('…') => Pending::Soft,
                _ => Pending::None,
            }
        }
        TokenKind::Abbreviation if matches!(t, "etc." | "usw." | "Etc." | "Usw.") => Pending::Soft,
        _ => Pending::None,
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    #[inline]
    fn next(&mut self) -> Option<Token<'a>> {
        let (start, end, kind) = scan::next_token(self.text, self.pos)?;
        let text = self.text.get(start..end)?;
        let gap = &self.text.as_bytes()[self.pos..start];
        let sentence = self.sentences.advance(gap, text, kind);
        self.pos = end;
        Some(Token {
            text,
            start,
            end,
            kind,
            sentence,
        })
    }
}

/// How many words [`Words`] scans at a time.
const WORDS_BATCH: usize = 32;

/// Iterator over word-like tokens; see [`Tokenizer::words`]. It scans a batch of words at a
/// time, so that the scanner's loop runs without returning to the caller after each word.
#[derive(Clone, Debug)]
struct Words<'a> {
    text: &'a str,
    pos: usize,
    buf: [&'a str; WORDS_BATCH],
    head: usize,
    len: usize,
}

impl<'a> Words<'a> {
    /// Scans the next batch of words into `buf`; fewer than a full batch at the end of the text.
    #[inline(never)]
    fn refill(&mut self) {
        self.head = 0;
        self.len = 0;
        while self.len < WORDS_BATCH {
            let Some((start, end, kind)) = scan::next_token(self.text, self.pos) else {
                break;
            };
            self.pos = end;
            if kind.is_word_like() {
                if let Some(w) = self.text.get(start..end) {
                    self.buf[self.len] = w;
                    self.len += 1;
                }
            }
        }
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        if self.head >= self.len {
            self.refill();
        }
        let w = self
            .buf
            .get(self.head)
            .copied()
            .filter(|_| self.head < self.len)?;
        self.head += 1;
        Some(w)
    }
}

#[cfg(test)]
mod tests;
