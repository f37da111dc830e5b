//! The byte-level scanner: finds the token that starts at a position.
//!
//! The scanner is stateless: [`next_token`] skips whitespace from a byte offset and returns the
//! span and kind of the next token. Most tokens take the fast path ([`fast_token`]: one
//! 256-entry class table, runs of lower-case ASCII letters eight bytes at a time, the two-byte
//! Latin-1 letters ä, ö, ü, ß, é … inline); it declines every shape that needs a rule, and the
//! general scanner ([`token_at`]) takes those. There, ASCII bytes are classified through a
//! static table and every other character is decoded and classified with the standard
//! library's Unicode tables. Nothing allocates.

use super::abbrev::is_abbreviation;
use super::emoticon::emoticon_at;
use super::TokenKind;

const ALPHA: u8 = 1;
const DIGIT: u8 = 2;
const SPACE: u8 = 4;
/// Characters that can start an emoticon.
const EMO: u8 = 8;
/// ASCII symbols (not punctuation in the Unicode sense): `$ + < = > ^ ` | ~`.
const SYM: u8 = 16;
/// ASCII upper-case letter.
const UPPER: u8 = 32;

static CLASS: [u8; 128] = build_class();

const fn build_class() -> [u8; 128] {
    let mut t = [0u8; 128];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        let mut v = 0;
        if b.is_ascii_alphabetic() {
            v |= ALPHA;
        }
        if b.is_ascii_uppercase() {
            v |= UPPER;
        }
        if b.is_ascii_digit() {
            v |= DIGIT;
        }
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            v |= SPACE;
        }
        if matches!(
            b,
            b':' | b';' | b'=' | b'(' | b'<' | b'>' | b'^' | b'*' | b'-' | b'}' | b'8'
        ) {
            v |= EMO;
        }
        if matches!(
            b,
            b'$' | b'+' | b'<' | b'=' | b'>' | b'^' | b'`' | b'|' | b'~'
        ) {
            v |= SYM;
        }
        t[c] = v;
        c += 1;
    }
    t
}

/// The byte at `j`, or 0 past the end.
#[inline(always)]
fn at(b: &[u8], j: usize) -> u8 {
    b.get(j).copied().unwrap_or(0)
}

/// The character starting at byte `j` (which must be a char boundary).
#[inline]
fn ch(s: &str, j: usize) -> Option<char> {
    s.get(j..).and_then(|t| t.chars().next())
}

/// The character ending at byte `j`.
#[inline]
fn ch_before(s: &str, j: usize) -> Option<char> {
    s.get(..j).and_then(|t| t.chars().next_back())
}

#[inline]
fn is_ascii_word(c: u8) -> bool {
    c < 0x80 && CLASS[c as usize] & (ALPHA | DIGIT) != 0
}

/// Combining marks, variation selectors and joiners that continue a word.
#[inline]
fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{0483}'..='\u{0489}' | '\u{0591}'..='\u{05BD}'
        | '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0900}'..='\u{0903}'
        | '\u{093A}'..='\u{094F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}' | '\u{200D}' | '\u{00AD}' | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{FE20}'..='\u{FE2F}')
}

/// Emoji (pictographs, dingbats, symbols commonly rendered as emoji).
#[inline]
pub(crate) fn is_emoji(c: char) -> bool {
    matches!(c,
        '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{2B05}'..='\u{2B07}'
        | '\u{2B1B}'..='\u{2B1C}' | '\u{2B50}' | '\u{2B55}' | '\u{231A}'..='\u{231B}'
        | '\u{23E9}'..='\u{23FA}' | '\u{3030}' | '\u{303D}' | '\u{3297}' | '\u{3299}')
}

/// Non-ASCII punctuation (quotes, dashes, ellipsis, guillemets, section sign ...).
#[inline]
fn is_punct_nonascii(c: char) -> bool {
    matches!(c,
        '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{2E00}'..='\u{2E4F}'
        | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{FF01}'..='\u{FF0F}')
}

/// Byte length of a whitespace character at `j`, 0 if there is none.
#[inline]
fn space_len(s: &str, j: usize) -> usize {
    let b = s.as_bytes();
    let Some(&c) = b.get(j) else { return 0 };
    if c < 0x80 {
        return usize::from(CLASS[c as usize] & SPACE != 0);
    }
    // Only these lead bytes start a non-ASCII White_Space character.
    if !matches!(c, 0xC2 | 0xE1 | 0xE2 | 0xE3) {
        return 0;
    }
    match ch(s, j) {
        Some(x) if x.is_whitespace() => x.len_utf8(),
        _ => 0,
    }
}

/// True at the end of the text or before whitespace.
#[inline]
fn ends_at(s: &str, j: usize) -> bool {
    j >= s.len() || space_len(s, j) > 0
}

/// Byte length of a letter or digit at `j` (a word may start with it), 0 if none.
#[inline]
fn word_start_len(s: &str, j: usize) -> usize {
    let b = s.as_bytes();
    let Some(&c) = b.get(j) else { return 0 };
    if c < 0x80 {
        return usize::from(is_ascii_word(c));
    }
    if c == 0xC3 {
        let c2 = at(b, j + 1);
        return if c2 != 0x97 && c2 != 0xB7 { 2 } else { 0 };
    }
    match ch(s, j) {
        Some(x) if x.is_alphanumeric() => x.len_utf8(),
        _ => 0,
    }
}

/// Byte length of a character that continues a word (letter, digit, combining mark) at `j`.
#[inline]
fn word_cont_len(s: &str, j: usize) -> usize {
    let b = s.as_bytes();
    let Some(&c) = b.get(j) else { return 0 };
    if c < 0x80 {
        return usize::from(is_ascii_word(c));
    }
    if c == 0xC3 {
        let c2 = at(b, j + 1);
        return if c2 != 0x97 && c2 != 0xB7 { 2 } else { 0 };
    }
    match ch(s, j) {
        Some(x) if x.is_alphanumeric() || is_mark(x) => x.len_utf8(),
        _ => 0,
    }
}

/// True if a letter (not a digit) starts at `j`.
#[inline]
fn letter_at(s: &str, j: usize) -> bool {
    let b = s.as_bytes();
    match b.get(j) {
        None => false,
        Some(&c) if c < 0x80 => c.is_ascii_alphabetic(),
        Some(_) => ch(s, j).is_some_and(char::is_alphabetic),
    }
}

/// True if a lower-case letter starts at `j`.
#[inline]
fn lower_at(s: &str, j: usize) -> bool {
    let b = s.as_bytes();
    match b.get(j) {
        None => false,
        Some(&c) if c < 0x80 => c.is_ascii_lowercase(),
        Some(_) => ch(s, j).is_some_and(char::is_lowercase),
    }
}

/// True if the character before `i` is not a letter or digit (or `i` is the start).
#[inline]
fn boundary_before(s: &str, i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let c = s.as_bytes()[i - 1];
    if c < 0x80 {
        return !is_ascii_word(c);
    }
    !ch_before(s, i).is_some_and(|x| x.is_alphanumeric() || is_mark(x))
}

/// Length of an apostrophe-like character at `j` (`'`, `’`, `´`, `‘`, `` ` ``), 0 if none.
#[inline]
fn apostrophe_len(s: &str, j: usize) -> usize {
    let b = s.as_bytes();
    match at(b, j) {
        b'\'' | b'`' => 1,
        0xE2 if at(b, j + 1) == 0x80 && matches!(at(b, j + 2), 0x98 | 0x99) => 3,
        0xC2 if at(b, j + 1) == 0xB4 => 2,
        _ => 0,
    }
}

/// After an apostrophe at a word start: the end of an elided article or pronoun
/// (`'s`, `'n`, `'ne`, `'nem`, `'nen`, `'ner`, `'nes`, `'m`, `'r`).
fn elision_end(s: &str, j: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut k = j;
    while at(b, k).is_ascii_lowercase() {
        k += 1;
    }
    if k == j || word_cont_len(s, k) > 0 {
        return None;
    }
    matches!(
        &s.get(j..k)?,
        &"s" | &"n" | &"ne" | &"nem" | &"nen" | &"ner" | &"nes" | &"m" | &"r"
    )
    .then_some(k)
}

/// True if a single letter and a full stop (`d.`) start at `j`, followed by a non-letter.
#[inline]
fn single_letter_abbrev_follows(s: &str, j: usize) -> bool {
    let l = word_start_len(s, j);
    l > 0 && letter_at(s, j) && at(s.as_bytes(), j + l) == b'.' && !letter_at(s, j + l + 1)
}

/// Units written directly after a number, which EmpiriST splits off (`24h` → `24` `h`).
fn is_unit(t: &[u8]) -> bool {
    if t.is_empty() || t.len() > 3 {
        return false;
    }
    let mut buf = [0u8; 3];
    for (d, c) in buf.iter_mut().zip(t) {
        *d = c.to_ascii_lowercase();
    }
    matches!(
        &buf[..t.len()],
        b"h" | b"min"
            | b"s"
            | b"sek"
            | b"std"
            | b"km"
            | b"kg"
            | b"g"
            | b"mg"
            | b"m"
            | b"cm"
            | b"mm"
            | b"ml"
            | b"l"
            | b"t"
            | b"kw"
            | b"kwh"
            | b"mb"
            | b"gb"
            | b"kb"
            | b"tb"
            | b"ghz"
            | b"mhz"
            | b"hz"
            | b"ps"
            | b"mio"
            | b"mrd"
            | b"qm"
            | b"ct"
    )
}

/// Capitalised function words that are split off a following capitalised word when a space
/// is missing (`IhreTeilnahme` → `Ihre` `Teilnahme`).
fn is_glued_function_word(w: &str) -> bool {
    matches!(
        w,
        "Am" | "Im"
            | "Zum"
            | "Zur"
            | "Die"
            | "Der"
            | "Das"
            | "Den"
            | "Dem"
            | "Des"
            | "Ein"
            | "Eine"
            | "Einen"
            | "Einem"
            | "Einer"
            | "Ihr"
            | "Ihre"
            | "Ihrer"
            | "Ihren"
            | "Ihrem"
            | "Diese"
            | "Dieser"
            | "Diesen"
            | "Diesem"
            | "Dieses"
            | "Mit"
            | "Von"
            | "Vom"
            | "Für"
            | "Auf"
            | "Aus"
            | "Bei"
            | "Nach"
            | "Und"
            | "Oder"
            | "Wie"
            | "Wenn"
            | "Als"
            | "Auch"
            | "Aber"
            | "Mein"
            | "Meine"
            | "Unsere"
            | "Kein"
            | "Keine"
    )
}

#[inline]
fn upper_byte_at(b: &[u8], j: usize) -> Option<usize> {
    let c = at(b, j);
    if c.is_ascii_uppercase() {
        Some(1)
    } else if c == 0xC3 && (0x80..=0x9E).contains(&at(b, j + 1)) && at(b, j + 1) != 0x97 {
        Some(2)
    } else {
        None
    }
}

#[inline]
fn lower_byte_at(b: &[u8], j: usize) -> Option<usize> {
    let c = at(b, j);
    if c.is_ascii_lowercase() {
        Some(1)
    } else if c == 0xC3 && (0x9F..=0xBF).contains(&at(b, j + 1)) && at(b, j + 1) != 0xB7 {
        Some(2)
    } else {
        None
    }
}

/// Words glued together by a missing space, a frequent artefact of chat and tweet text:
/// `dieFeststellung`, `imTweet`, `IhreTeilnahme`. Returns where the first word ends.
///
/// Only a lower-case word of two letters or more (or a capitalised function word) followed by
/// a capitalised word of three letters or more is split; `eBook`, `iPhone`, `BürgerInnen`,
/// `YouTube` and `SchülerVZ` stay whole.
fn glued_split(s: &str, start: usize, end: usize) -> Option<usize> {
    let b = &s.as_bytes()[..end];
    let capital = upper_byte_at(b, start).is_some();
    let mut j = start
        + if capital {
            upper_byte_at(b, start)?
        } else {
            lower_byte_at(b, start)?
        };
    let mut letters = 1;
    while let Some(l) = lower_byte_at(b, j) {
        j += l;
        letters += 1;
    }
    let ul = upper_byte_at(b, j)?;
    // A capitalised first word is split when it is a function word, or when the token itself
    // was split off a lower-case word ("imRealLife" → "im" "Real" "Life").
    let after_lower = start > 0 && lower_byte_at(b, start - 1).is_some();
    if letters < 2 || (capital && !after_lower && !is_glued_function_word(&s[start..j])) {
        return None;
    }
    // Binnen-I: "LehrerInnen", "lehrerIn".
    if b.get(j..j + 2) == Some(b"In") {
        let k = if b.get(j + 2..j + 5) == Some(b"nen") {
            j + 5
        } else {
            j + 2
        };
        if word_cont_len(s, k) == 0 {
            return None;
        }
    }
    let mut k = j + ul;
    if at(b, k) == b'-' && upper_byte_at(b, k + 1).is_some() {
        return Some(j); // "auchE-Mail"
    }
    let mut lower = 0;
    while let Some(l) = lower_byte_at(b, k) {
        k += l;
        lower += 1;
    }
    (lower >= 2).then_some(j)
}

/// Gender suffix after `*`, `:`, `/` or `_`: `in` or `innen` followed by a non-letter.
#[inline]
fn gender_suffix(s: &str, j: usize) -> bool {
    let b = s.as_bytes();
    if at(b, j) != b'i' || at(b, j + 1) != b'n' {
        return false;
    }
    let k = if at(b, j + 2) == b'n' && at(b, j + 3) == b'e' && at(b, j + 4) == b'n' {
        j + 5
    } else {
        j + 2
    };
    word_cont_len(s, k) == 0
}

/// Top-level domains that make `name.tld` a web address.
fn is_tld(t: &str) -> bool {
    let lower = t.bytes().all(|c| c.is_ascii_lowercase());
    let upper = t.bytes().all(|c| c.is_ascii_uppercase());
    if !(lower || upper) || t.len() < 2 || t.len() > 6 {
        return false;
    }
    let mut buf = [0u8; 6];
    for (d, c) in buf.iter_mut().zip(t.bytes()) {
        *d = c.to_ascii_lowercase();
    }
    matches!(
        &buf[..t.len()],
        b"de"
            | b"at"
            | b"ch"
            | b"com"
            | b"org"
            | b"net"
            | b"info"
            | b"eu"
            | b"io"
            | b"uk"
            | b"edu"
            | b"gov"
            | b"biz"
            | b"tv"
            | b"ly"
            | b"asia"
            | b"fm"
            | b"nl"
            | b"fr"
            | b"ru"
            | b"pl"
            | b"li"
            | b"lu"
            | b"dk"
            | b"se"
            | b"int"
            | b"online"
            | b"blog"
    )
}

/// The rest of a URL from `j`: up to whitespace or a character that cannot be in a URL, without
/// trailing punctuation (a final `)` stays when the URL has an unclosed `(`).
fn url_rest(s: &str, j: usize) -> usize {
    let b = s.as_bytes();
    let mut k = j;
    while k < b.len() {
        let c = b[k];
        if c < 0x80 {
            if CLASS[c as usize] & SPACE != 0 || matches!(c, b'"' | b'<' | b'>' | b'\\' | b'^') {
                break;
            }
            k += 1;
        } else {
            match ch(s, k) {
                Some(x) if x.is_whitespace() || is_punct_nonascii(x) || is_emoji(x) => break,
                Some(x) => k += x.len_utf8(),
                None => break,
            }
        }
    }
    // Trim trailing punctuation.
    while k > j {
        let c = b[k - 1];
        match c {
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b']' | b'}' | b'*' => k -= 1,
            b')' => {
                let body = &b[j..k];
                let open = body.iter().filter(|&&x| x == b'(').count();
                let close = body.iter().filter(|&&x| x == b')').count();
                if close > open {
                    k -= 1;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    k
}

/// A URL starting at `i` with a scheme (`http://`, `https://`, `ftp://`) or `www.`.
fn url_at(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let rest = b.get(i..)?;
    let pre = [&b"http://"[..], b"https://", b"ftp://", b"www."]
        .into_iter()
        .find(|p| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p))?;
    let j = i + pre.len();
    if word_start_len(s, j) == 0 {
        return None;
    }
    let end = url_rest(s, j);
    (end > j).then_some(end)
}

/// An e-mail address whose local part starts at `start`, probed when the word scan meets
/// `.`, `@`, `_`, `+` or `-` at `j`.
fn email_from(s: &str, start: usize, j: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut k = j;
    loop {
        let c = at(b, k);
        if matches!(c, b'.' | b'_' | b'-' | b'+' | b'%') {
            k += 1;
        } else {
            let l = word_cont_len(s, k);
            if l == 0 {
                break;
            }
            k += l;
        }
    }
    // The at-sign, or its spelled-out forms "[at]", "(at)", also between spaces.
    let at_len = if at(b, k) == b'@' {
        1
    } else {
        spaced_obfuscated(b, k, b"at")
    };
    if at_len == 0 || k == start || at(b, k - 1) == b'.' {
        return None;
    }
    // Domain: labels separated by single dots, at least one dot, alphabetic TLD.
    let mut p = k + at_len;
    let mut dots = 0;
    let mut last;
    loop {
        let label = p;
        loop {
            let l = word_cont_len(s, p);
            if l > 0 {
                p += l;
            } else if at(b, p) == b'-' && word_cont_len(s, p + 1) > 0 {
                p += 1;
            } else {
                break;
            }
        }
        if p == label {
            return None;
        }
        last = label;
        let dot_len = if at(b, p) == b'.' {
            1
        } else if at_len > 4 {
            spaced_obfuscated(b, p, b"dot")
        } else {
            obfuscated(b, p, b"dot")
        };
        if dot_len > 0 && word_cont_len(s, p + dot_len) > 0 {
            p += dot_len;
            dots += 1;
        } else {
            break;
        }
    }
    let tld = &b[last..p];
    (dots > 0 && tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic)).then_some(p)
}

/// Length of `[word]` or `(word)` at `k` (spelled-out `@` and `.` in e-mail addresses).
fn obfuscated(b: &[u8], k: usize, word: &[u8]) -> usize {
    let close = match at(b, k) {
        b'[' => b']',
        b'(' => b')',
        _ => return 0,
    };
    let n = word.len();
    if b.get(k + 1..k + 1 + n)
        .is_some_and(|w| w.eq_ignore_ascii_case(word))
        && at(b, k + 1 + n) == close
    {
        n + 2
    } else {
        0
    }
}

/// `[word]` / `(word)` at `k`, or ` [word] ` with one space on each side (`name [at] host`).
fn spaced_obfuscated(b: &[u8], k: usize, word: &[u8]) -> usize {
    let n = obfuscated(b, k, word);
    if n > 0 {
        return n;
    }
    if at(b, k) == b' ' {
        let n = obfuscated(b, k + 1, word);
        if n > 0 && at(b, k + 1 + n) == b' ' {
            return n + 2;
        }
    }
    0
}

/// File extensions that end a relative path such as `Wiki/Icons/logo.png`.
fn is_file_ext(t: &[u8]) -> bool {
    matches!(
        t,
        b"png"
            | b"jpg"
            | b"jpeg"
            | b"gif"
            | b"svg"
            | b"pdf"
            | b"html"
            | b"htm"
            | b"php"
            | b"txt"
            | b"doc"
            | b"docx"
            | b"xls"
            | b"xlsx"
            | b"ppt"
            | b"pptx"
            | b"zip"
            | b"mp3"
            | b"mp4"
            | b"xml"
            | b"csv"
            | b"json"
            | b"odt"
    )
}

/// A relative path `dir/dir/name.ext` from `start` (the word scan is at a `/`), one token.
fn path_from(s: &str, start: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut k = start;
    let mut slashes = 0;
    let mut last_dot = None;
    loop {
        let c = at(b, k);
        if c == b'/' {
            slashes += 1;
            k += 1;
        } else if c == b'.' {
            last_dot = Some(k);
            k += 1;
        } else if matches!(c, b'-' | b'_') {
            k += 1;
        } else {
            let l = word_cont_len(s, k);
            if l == 0 {
                break;
            }
            k += l;
        }
    }
    let d = last_dot?;
    (slashes > 0 && is_file_ext(&b[d + 1..k])).then_some(k)
}

/// A domain name `label(.label)+` whose first label is `s[start..j]` and whose last label is a
/// known TLD; returns the end of the labels.
fn domain_from(s: &str, j: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut k = j;
    let mut last = j;
    while at(b, k) == b'.' && word_start_len(s, k + 1) > 0 {
        k += 1;
        last = k;
        loop {
            let l = word_cont_len(s, k);
            if l > 0 {
                k += l;
            } else if at(b, k) == b'-' && word_cont_len(s, k + 1) > 0 {
                k += 1;
            } else {
                break;
            }
        }
    }
    (k > j && is_tld(s.get(last..k)?)).then_some(k)
}

/// True if all eight bytes of `w` are ASCII lower-case letters (SWAR: no byte has its high bit
/// set, every byte plus 0x1F reaches 0x80 (byte ≥ `a`), no byte plus 0x05 does (byte ≤ `z`);
/// the additions cannot carry between bytes below 0x80).
#[inline(always)]
fn all_ascii_lower(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let ge_a = w.wrapping_add(ONES * (0x80 - b'a' as u64));
    let gt_z = w.wrapping_add(ONES * (0x80 - b'z' as u64 - 1));
    w & HIGH == 0 && ge_a & !gt_z & HIGH == HIGH
}

/// The high bit of every byte of `w` (little-endian) that is not an ASCII lower-case letter;
/// exact up to and including the first such byte (a byte ≥ 0xE1 can carry into the next one).
#[inline(always)]
fn not_ascii_lower(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let ge_a = w.wrapping_add(ONES * (0x80 - b'a' as u64));
    let gt_z = w.wrapping_add(ONES * (0x80 - b'z' as u64 - 1));
    (!ge_a | gt_z | w) & HIGH
}

#[cfg(test)]
pub(crate) fn not_ascii_lower_for_test(w: [u8; 8]) -> u64 {
    not_ascii_lower(u64::from_le_bytes(w))
}

/// Checks at every character of `s` that does not start with whitespace that the fast path
/// agrees with the general scanner wherever it answers; returns how often it answered.
#[cfg(test)]
pub(crate) fn fast_path_agrees(s: &str) -> usize {
    let mut n = 0;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        if let Some(fast) = fast_token(s, i) {
            assert_eq!(fast, token_at(s, i), "at {i} in {:?}", &s[i..]);
            n += 1;
        }
    }
    n
}

#[cfg(test)]
pub(crate) fn all_ascii_lower_for_test(w: [u8; 8]) -> bool {
    all_ascii_lower(u64::from_le_bytes(w))
}

/// Scans a word from `start`: letters and digits with internal hyphens, apostrophes (`geht's`),
/// gender marks (`Bürger*innen`, `Bürger:innen`), abbreviations with their full stop (`bzw.`,
/// `z.`), domain names (`tagesschau.de`) and e-mail addresses.
fn scan_word(s: &str, start: usize) -> (usize, TokenKind) {
    let (end, kind, _) = scan_word_hint(s, start);
    (end, kind)
}

/// [`scan_word`], also telling whether the word has an upper-case letter after its first
/// character, a digit, or a non-Latin-1 letter (else it cannot be two glued words).
#[inline]
fn scan_word_hint(s: &str, start: usize) -> (usize, TokenKind, bool) {
    let b = s.as_bytes();
    let mut j = start;
    let mut kind = TokenKind::Word;
    if at(b, j) == b'-' {
        j += 1;
    }
    let mut seg = j;
    // Upper-case letters, digits and unusual letters seen (see `split_glued`).
    let mut marks = 0u32;
    let first_upper = u32::from(upper_byte_at(b, start).is_some());
    let word = |end: usize, kind: TokenKind, marks: u32| (end, kind, marks > first_upper);
    loop {
        // Letters and digits: eight lower-case ASCII letters at a time, then ASCII and
        // Latin-1 fast paths.
        while let Some(chunk) = b.get(j..j + 8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            if !all_ascii_lower(u64::from_le_bytes(w)) {
                break;
            }
            j += 8;
        }
        loop {
            let c = at(b, j);
            if c < 0x80 {
                let cl = CLASS[c as usize];
                if cl & (ALPHA | DIGIT) != 0 {
                    marks += u32::from(cl & (UPPER | DIGIT) != 0);
                    j += 1;
                    continue;
                }
                break;
            }
            if c == 0xC3 {
                let c2 = at(b, j + 1);
                if c2 != 0x97 && c2 != 0xB7 && c2 >= 0x80 {
                    marks += u32::from(c2 < 0x9F);
                    j += 2;
                    continue;
                }
                break;
            }
            let l = word_cont_len(s, j);
            if l == 0 {
                break;
            }
            marks += 1;
            j += l;
        }
        let c = at(b, j);
        match c {
            b'-' => {
                if word_start_len(s, j + 1) > 0 {
                    j += 1;
                    seg = j;
                    continue;
                }
                if let Some(e) = email_from(s, start, j) {
                    return word(e, TokenKind::Email, marks);
                }
                // Truncated compound: "Kommunal- und Landespolitik", "Forschungs-, ...".
                let n = at(b, j + 1);
                if ends_at(s, j + 1) || matches!(n, b',' | b'/' | b')') {
                    j += 1;
                }
                break;
            }
            b'.' => {
                if let Some(e) = email_from(s, start, j) {
                    return word(e, TokenKind::Email, marks);
                }
                if let Some(e) = domain_from(s, j) {
                    j = e;
                    if at(b, j) == b'/' || (at(b, j) == b':' && at(b, j + 1).is_ascii_digit()) {
                        return word(url_rest(s, j), TokenKind::Url, marks);
                    }
                    if at(b, j) == b'-' && word_start_len(s, j + 1) > 0 {
                        j += 1;
                        seg = j;
                        kind = TokenKind::Word;
                        continue;
                    }
                    return word(j, TokenKind::Url, marks);
                }
                if at(b, j + 1) == b'.' {
                    break;
                }
                let part = &s[seg..j];
                let whole = seg == start;
                let single = part.chars().nth(1).is_none() && part.chars().all(char::is_alphabetic);
                if matches!(part, "o" | "O") && matches!(b.get(j + 1..j + 3), Some(b"k." | b"K.")) {
                    return word(j + 3, TokenKind::Abbreviation, marks); // "o.k."
                }
                if single && !part.is_empty() {
                    let k = if whole { TokenKind::Abbreviation } else { kind };
                    return word(j + 1, k, marks);
                }
                if is_abbreviation(part)
                    || single_letter_abbrev_follows(s, j + 1)
                    || (at(b, j + 1) == b' '
                        && at(b, j + 2).is_ascii_lowercase()
                        && single_letter_abbrev_follows(s, j + 2))
                {
                    // "bzw.", or "Direkta.d.": a chain of abbreviations written without spaces.
                    let k = if whole { TokenKind::Abbreviation } else { kind };
                    return word(j + 1, k, marks);
                }
                if part.len() >= 2
                    && lower_at(s, j + 1)
                    && letter_at(s, j + 2)
                    && part.chars().all(char::is_alphabetic)
                {
                    // "Forsch.frage": a shortened word inside a compound.
                    j += 1;
                    seg = j;
                    continue;
                }
                break;
            }
            b'@' => {
                if let Some(e) = email_from(s, start, j) {
                    return word(e, TokenKind::Email, marks);
                }
                break;
            }
            b'_' | b'+' => {
                if let Some(e) = email_from(s, start, j) {
                    return word(e, TokenKind::Email, marks);
                }
                if c == b'_' && word_start_len(s, j + 1) > 0 {
                    j += 1;
                    continue;
                }
                break;
            }
            b'*' | b':' | b'/' => {
                if gender_suffix(s, j + 1) {
                    j += 1;
                    continue;
                }
                if c == b'/' {
                    if let Some(e) = path_from(s, start) {
                        return word(e, TokenKind::Url, marks);
                    }
                }
                break;
            }
            b'[' | b'(' | b' '
                if (c == b' ' && matches!(at(b, j + 1), b'[' | b'('))
                    || (c != b' ' && matches!(at(b, j + 1), b'a' | b'A')) =>
            {
                if spaced_obfuscated(b, j, b"at") > 0 {
                    if let Some(e) = email_from(s, start, j) {
                        return word(e, TokenKind::Email, marks);
                    }
                }
                break;
            }
            _ => {
                let al = apostrophe_len(s, j);
                if al == 0 {
                    break;
                }
                if letter_at(s, j + al) {
                    j += al;
                    continue;
                }
                // Genitive apostrophe after s, x, z, ß: "Hans'".
                let prev = ch_before(s, j);
                if ends_at(s, j + al) && matches!(prev, Some('s' | 'x' | 'z' | 'ß')) {
                    j += al;
                }
                break;
            }
        }
    }
    word(j, kind, marks)
}

/// Scans a number from `start`: digits with `.`, `,` or `:` between digit groups, an ordinal's
/// full stop (`3.`), a date's final full stop (`27.11.`); digits followed by letters make a word
/// (`1970er`, `4fache`).
fn scan_number(s: &str, start: usize) -> (usize, TokenKind) {
    let b = s.as_bytes();
    let mut j = start;
    while at(b, j).is_ascii_digit() {
        j += 1;
    }
    let first = j - start;
    let (mut dots, mut commas, mut colons) = (0usize, 0usize, 0usize);
    let mut groups = [first, 0, 0];
    let mut ngroups = 1;
    loop {
        let c = at(b, j);
        if matches!(c, b'.' | b',' | b':') && at(b, j + 1).is_ascii_digit() {
            match c {
                b'.' => dots += 1,
                b',' => commas += 1,
                _ => colons += 1,
            }
            j += 1;
            let g = j;
            while at(b, j).is_ascii_digit() {
                j += 1;
            }
            if ngroups < 3 {
                groups[ngroups] = j - g;
            }
            ngroups += 1;
        } else {
            break;
        }
    }
    let seps = dots + commas + colons;
    let c = at(b, j);
    if seps == 0 {
        if at(b, j).is_ascii_alphabetic() {
            let mut k = j;
            while at(b, k).is_ascii_alphabetic() {
                k += 1;
            }
            if word_cont_len(s, k) == 0 && is_unit(&b[j..k]) {
                return (j, TokenKind::Number);
            }
        }
        if word_cont_len(s, j) > 0
            || (c == b'-' && word_start_len(s, j + 1) > 0 && letter_at(s, j + 1))
        {
            return scan_word(s, start);
        }
        if c == b'.'
            && first <= 3
            && !at(b, j + 1).is_ascii_digit()
            && at(b, j + 1) != b'.'
            && !matches!(
                prev_chunk(s, start),
                b"Bd."
                    | b"Nr."
                    | b"S."
                    | b"Jg."
                    | b"Vol."
                    | b"Heft"
                    | b"Seite"
                    | b"Nummer"
                    | b"No."
            )
        {
            return (j + 1, TokenKind::Ordinal);
        }
        return (j, TokenKind::Number);
    }
    let small = |g: usize| (1..=2).contains(&g);
    // Day and month of a "27.11." date: 1..=31 and 1..=12.
    let value = |from: usize, len: usize| {
        b[from..from + len]
            .iter()
            .fold(0u32, |v, &d| v * 10 + u32::from(d - b'0'))
    };
    let day_month = small(groups[0])
        && small(groups[1])
        && (1..=31).contains(&value(start, groups[0]))
        && (1..=12).contains(&value(start + groups[0] + 1, groups[1]));
    if dots == 1
        && seps == 1
        && day_month
        && c == b'.'
        && !at(b, j + 1).is_ascii_digit()
        && at(b, j + 1) != b'.'
    {
        return (j + 1, TokenKind::DateTime);
    }
    let date = dots == 2
        && seps == 2
        && small(groups[0])
        && small(groups[1])
        && matches!(groups[2], 2 | 4);
    let time = colons >= 1
        && colons == seps
        && colons <= 2
        && small(groups[0])
        && groups[1] == 2
        && (colons == 1 || groups[2] == 2);
    if date || time {
        (j, TokenKind::DateTime)
    } else {
        (j, TokenKind::Number)
    }
}

/// An emoji with its modifiers, variation selectors and zero-width-joiner sequence.
fn scan_emoji(s: &str, i: usize, first: char) -> usize {
    let mut j = i + first.len_utf8();
    let regional = |c: char| ('\u{1F1E6}'..='\u{1F1FF}').contains(&c);
    if regional(first) {
        if let Some(c) = ch(s, j).filter(|&c| regional(c)) {
            return j + c.len_utf8();
        }
        return j;
    }
    while let Some(c) = ch(s, j) {
        match c {
            '\u{FE0E}'
            | '\u{FE0F}'
            | '\u{1F3FB}'..='\u{1F3FF}'
            | '\u{20E3}'
            | '\u{E0020}'..='\u{E007F}' => j += c.len_utf8(),
            '\u{200D}' => match ch(s, j + 3) {
                Some(n) if is_emoji(n) => j += 3 + n.len_utf8(),
                _ => break,
            },
            _ => break,
        }
    }
    j
}

/// A run of the byte `c` from `i`.
#[inline]
fn run_of(b: &[u8], i: usize, c: u8) -> usize {
    let mut j = i + 1;
    while j < b.len() && b[j] == c {
        j += 1;
    }
    j
}

/// Splits the first of two glued words off a word token (see [`glued_split`]).
#[inline]
fn split_glued(
    s: &str,
    i: usize,
    (end, kind, hint): (usize, TokenKind, bool),
) -> (usize, TokenKind) {
    if hint && matches!(kind, TokenKind::Word | TokenKind::Abbreviation) && end - i >= 5 {
        let b = s.as_bytes();
        if let Some(e) = glued_split(s, i, end) {
            return (e, TokenKind::Word);
        }
        // "Storrer2007": a name glued to a year (a citation).
        if end - i >= 8
            && b[end - 4..end].iter().all(u8::is_ascii_digit)
            && matches!(&b[end - 4..end - 2], b"19" | b"20")
            && upper_byte_at(b, i).is_some()
        {
            let name = &s[i..end - 4];
            let mut cs = name.chars();
            if cs.next().is_some_and(char::is_uppercase)
                && cs.clone().count() >= 3
                && cs.all(char::is_lowercase)
            {
                return (end - 4, TokenKind::Word);
            }
        }
    }
    (end, kind)
}

/// The word before the whitespace that precedes `i` (at most 8 bytes of it), for context rules.
fn prev_chunk(s: &str, i: usize) -> &[u8] {
    let b = s.as_bytes();
    let mut e = i;
    while e > 0 && CLASS[usize::from(b[e - 1] & 0x7f)] & SPACE != 0 && b[e - 1] < 0x80 {
        e -= 1;
    }
    if e == i {
        return &[];
    }
    let mut a = e;
    while a > 0 && e - a < 8 && !(b[a - 1] < 0x80 && CLASS[b[a - 1] as usize] & SPACE != 0) {
        a -= 1;
    }
    &b[a..e]
}

/// A leading hyphen joins the word after it (`Such- und -verstecke`, `auf -o`, `"-Symbol`)
/// unless it is a dash before an ordinal lower-case word (`wurde -und mit`).
fn leading_hyphen_joins(s: &str, i: usize) -> bool {
    let b = s.as_bytes();
    let mut k = i + 1;
    while at(b, k).is_ascii_lowercase() {
        k += 1;
    }
    if k == i + 1 || word_cont_len(s, k) > 0 || k - (i + 1) <= 2 {
        // capitalised or non-ASCII word, or a suffix like "-o", "-en"
        return true;
    }
    let prev = prev_chunk(s, i);
    matches!(
        prev,
        b"und" | b"oder" | b"sowie" | b"bzw." | b"bis" | b"u." | b"&" | b"/"
    ) || prev.last() == Some(&b',')
        || (prev.is_empty() && !boundary_before(s, i))
}

/// The token that starts at the non-whitespace byte `i`: its end and kind.
fn token_at(s: &str, i: usize) -> (usize, TokenKind) {
    let b = s.as_bytes();
    let c = b[i];
    if c < 0x80 {
        let cls = CLASS[c as usize];
        if cls & ALPHA != 0 {
            if matches!(c, b'h' | b'H' | b'w' | b'W' | b'f' | b'F')
                && matches!(at(b, i + 1), b't' | b'T' | b'w' | b'W')
            {
                if let Some(e) = url_at(s, i) {
                    return (e, TokenKind::Url);
                }
            }
            if matches!(c, b'x' | b'X' | b'o' | b'O' | b'T' | b'u' | b'U')
                && matches!(at(b, i + 1), b'D' | b'P' | b'-' | b'_' | b'.')
                && boundary_before(s, i)
            {
                if let Some(e) = emoticon_at(s, i, true) {
                    return (e, TokenKind::Emoticon);
                }
            }
            return split_glued(s, i, scan_word_hint(s, i));
        }
        if cls & DIGIT != 0 {
            return scan_number(s, i);
        }
        return ascii_other(s, i, c, cls);
    }
    if c == 0xC3 && !matches!(at(b, i + 1), 0x97 | 0xB7) {
        return split_glued(s, i, scan_word_hint(s, i));
    }
    let Some(x) = ch(s, i) else {
        return (b.len(), TokenKind::Other);
    };
    let len = x.len_utf8();
    if x.is_alphanumeric() {
        return scan_word(s, i);
    }
    if is_emoji(x) {
        return (scan_emoji(s, i, x), TokenKind::Emoji);
    }
    if matches!(x, '’' | '´' | '‘') && boundary_before(s, i) {
        if let Some(e) = elision_end(s, i + len) {
            return (e, TokenKind::Word);
        }
    }
    if x == '…' {
        let mut j = i + len;
        while ch(s, j) == Some('…') {
            j += len;
        }
        return (j, TokenKind::Punctuation);
    }
    if is_punct_nonascii(x) {
        return (i + len, TokenKind::Punctuation);
    }
    // Symbols and everything else; trailing combining marks stay with their base.
    let mut j = i + len;
    while let Some(m) = ch(s, j).filter(|&m| is_mark(m)) {
        j += m.len_utf8();
    }
    (j, TokenKind::Other)
}

/// Tokens that start with an ASCII punctuation character or symbol.
fn ascii_other(s: &str, i: usize, c: u8, cls: u8) -> (usize, TokenKind) {
    let b = s.as_bytes();
    match c {
        b'@' => {
            // "@ name" at the start of a chat line or after a space addresses someone.
            let spaced = at(b, i + 1) == b' '
                && (i == 0 || matches!(at(b, i - 1), b' ' | b'\n' | b'\t' | b'\r'))
                && letter_at(s, i + 2);
            if word_start_len(s, i + 1) > 0 || at(b, i + 1) == b'_' || spaced {
                let mut j = if spaced { i + 2 } else { i + 1 };
                loop {
                    let l = word_cont_len(s, j);
                    if l > 0 {
                        j += l;
                    } else if at(b, j) == b'_' {
                        j += 1;
                    } else {
                        break;
                    }
                }
                return (j, TokenKind::Mention);
            }
        }
        b'#' if word_start_len(s, i + 1) > 0 => {
            let mut j = i + 1;
            loop {
                let l = word_cont_len(s, j);
                if l > 0 {
                    j += l;
                } else if at(b, j) == b'_' && word_start_len(s, j + 1) > 0 {
                    j += 1;
                } else {
                    break;
                }
            }
            return (j, TokenKind::Hashtag);
        }
        b'\'' | b'`' if boundary_before(s, i) => {
            if let Some(e) = elision_end(s, i + 1) {
                return (e, TokenKind::Word);
            }
        }
        b'-' => {
            if boundary_before(s, i) {
                if letter_at(s, i + 1) && leading_hyphen_joins(s, i) {
                    return scan_word(s, i);
                }
                if at(b, i + 1).is_ascii_digit() {
                    let (e, k) = scan_number(s, i + 1);
                    return (
                        e,
                        if k == TokenKind::Word {
                            k
                        } else {
                            TokenKind::Number
                        },
                    );
                }
            }
            let j = run_of(b, i, b'-');
            if at(b, j) == b'>' {
                return (j + 1, TokenKind::Other);
            }
        }
        b'<' if at(b, i + 1) == b'-' && at(b, i + 2) != b'_' => {
            return (run_of(b, i + 1, b'-'), TokenKind::Other);
        }
        _ => {}
    }
    if cls & EMO != 0 {
        if let Some(e) = emoticon_at(s, i, boundary_before(s, i)) {
            return (e, TokenKind::Emoticon);
        }
    }
    let kind = if cls & SYM != 0 {
        TokenKind::Other
    } else {
        TokenKind::Punctuation
    };
    match c {
        b'!' | b'?' => {
            let mut j = i + 1;
            while matches!(at(b, j), b'!' | b'?') {
                j += 1;
            }
            (j, kind)
        }
        b'(' | b')' | b'[' | b']' | b'{' | b'}' | b'"' | b'\'' | b',' | b';' | b':' => {
            (i + 1, kind)
        }
        _ => (run_of(b, i, c), kind),
    }
}

/// Flags of [`FAST`]: an ASCII letter or digit (continues a word).
const F_WORD: u8 = 1;
/// An upper-case ASCII letter or a digit after a word's first character: the word may be two
/// glued words (see [`split_glued`]).
const F_MARK: u8 = 2;
/// A byte that ends a plain word with nothing attached: ASCII whitespace, most ASCII
/// punctuation and symbols, and the end of the text (read as 0).
const F_WORD_END: u8 = 4;
/// A byte that ends a plain number (`2019` before it stays a plain number).
const F_NUM_END: u8 = 8;
/// A lower-case ASCII letter that cannot start a URL or an emoticon (and no upper-case one).
const F_PLAIN_START: u8 = 16;
/// An ASCII letter that may start a URL (`h`, `w`, `f`) or a letter emoticon (`xD`, `o.O`, `T_T`,
/// `u.u`), checked by the next byte.
const F_PRE_START: u8 = 32;
/// ASCII whitespace.
const F_SPACE: u8 = 64;
/// An ASCII digit.
const F_DIGIT: u8 = 128;

/// Byte classes for the fast path of [`next_token`]; every byte not covered goes to the general
/// scanner ([`token_at`]).
static FAST: [u8; 256] = build_fast();

const fn build_fast() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        let mut v = 0;
        if b.is_ascii_alphanumeric() {
            v |= F_WORD;
            if b.is_ascii_uppercase() || b.is_ascii_digit() {
                v |= F_MARK;
            }
            if b.is_ascii_digit() {
                v |= F_DIGIT;
            }
            if b.is_ascii_alphabetic() {
                if matches!(
                    b,
                    b'h' | b'H'
                        | b'w'
                        | b'W'
                        | b'f'
                        | b'F'
                        | b'x'
                        | b'X'
                        | b'o'
                        | b'O'
                        | b'T'
                        | b'u'
                        | b'U'
                ) {
                    v |= F_PRE_START;
                } else {
                    v |= F_PLAIN_START;
                }
            }
        } else {
            // The bytes at which the word scan does more than stop: hyphens, full stops,
            // e-mail and gender marks, paths, spelled-out at-signs, apostrophes.
            if !matches!(
                b,
                b'-' | b'.' | b'@' | b'_' | b'+' | b'*' | b':' | b'/' | b'[' | b'(' | b'\'' | b'`'
            ) {
                v |= F_WORD_END;
            }
            if !matches!(b, b'.' | b',' | b':' | b'-') {
                v |= F_NUM_END;
            }
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
                v |= F_SPACE;
            }
        }
        t[c] = v;
        c += 1;
    }
    t
}

/// The common token shapes, recognised without the general scanner: plain words of ASCII and
/// Latin-1 letters and digits (also hyphenated, truncated, or before a sentence's full stop)
/// that end in whitespace or plain punctuation, plain numbers, and plain punctuation marks.
/// `None` sends the token to [`token_at`], which gives the same result for every shape this
/// function accepts (each branch notes why).
#[inline(always)]
fn fast_token(s: &str, i: usize) -> Option<(usize, TokenKind)> {
    let b = s.as_bytes();
    let c = b[i];
    let f = FAST[c as usize];
    let mut j;
    if f & (F_PLAIN_START | F_PRE_START) != 0 {
        // `token_at`'s URL and letter-emoticon pre-checks.
        if f & F_PRE_START != 0 {
            let n = at(b, i + 1);
            if matches!(c, b'h' | b'H' | b'w' | b'W' | b'f' | b'F')
                && matches!(n, b't' | b'T' | b'w' | b'W')
                || matches!(c, b'x' | b'X' | b'o' | b'O' | b'T' | b'u' | b'U')
                    && matches!(n, b'D' | b'P' | b'-' | b'_' | b'.')
            {
                return None;
            }
        }
        j = i + 1;
    } else if c == 0xC3 {
        if matches!(at(b, i + 1), 0x97 | 0xB7) {
            return None;
        }
        j = i + 2;
    } else if f & F_WORD != 0 {
        // A digit: a plain number (`scan_number` without separators, units or letters).
        j = i + 1;
        while at(b, j).is_ascii_digit() {
            j += 1;
        }
        let n = at(b, j);
        if FAST[n as usize] & (F_NUM_END | F_WORD) == F_NUM_END
            || matches!(n, b',' | b':') && !at(b, j + 1).is_ascii_digit()
        {
            return Some((j, TokenKind::Number));
        }
        return None;
    } else {
        return match c {
            // `ascii_other`: no emoticon can start with these.
            b',' | b')' | b']' | b'"' => Some((i + 1, TokenKind::Punctuation)),
            b'.' => Some((run_of(b, i, b'.'), TokenKind::Punctuation)),
            b'%' => Some((run_of(b, i, b'%'), TokenKind::Punctuation)),
            // The euro sign (no combining mark follows).
            0xE2 if at(b, i + 1) == 0x82 && at(b, i + 2) == 0xAC && at(b, i + 3) < 0x80 => {
                Some((i + 3, TokenKind::Other))
            }
            b'!' | b'?' => {
                let mut j = i + 1;
                while matches!(at(b, j), b'!' | b'?') {
                    j += 1;
                }
                Some((j, TokenKind::Punctuation))
            }
            // Before whitespace these are an emoticon only when written apart (`; )`).
            b':' | b';'
                if (FAST[at(b, i + 1) as usize] & F_SPACE != 0 || at(b, i + 1) == 0)
                    && !(at(b, i + 1) == b' '
                        && matches!(at(b, i + 2), b')' | b'(' | b'D' | b'P')) =>
            {
                Some((i + 1, TokenKind::Punctuation))
            }
            // Dashes and quotes U+2010..U+2027, except the apostrophes ‘ ’ and the ellipsis.
            0xE2 if at(b, i + 1) == 0x80
                && matches!(at(b, i + 2), 0x90..=0xA7)
                && !matches!(at(b, i + 2), 0x98 | 0x99 | 0xA6) =>
            {
                Some((i + 3, TokenKind::Punctuation))
            }
            _ => None,
        };
    }
    // A word: letters and digits; `marks` collects upper-case letters and digits after the
    // first character (the hint of `scan_word_hint`); `seg` is where the last hyphenated part
    // starts.
    let mut marks = 0u8;
    // `marks` at the first hyphen: only the first part can be split as glued words.
    let mut head_marks = None;
    let mut seg = i;
    let mut kind = TokenKind::Word;
    loop {
        // Runs of lower-case ASCII letters, eight bytes at a time.
        while let Some(chunk) = b.get(j..j + 8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(chunk);
            let other = not_ascii_lower(u64::from_le_bytes(w));
            if other != 0 {
                j += (other.trailing_zeros() / 8) as usize;
                break;
            }
            j += 8;
        }
        let c = at(b, j);
        let f = FAST[c as usize];
        if f & F_WORD != 0 {
            marks |= f;
            j += 1;
            continue;
        }
        if c == 0xC3 {
            let c2 = at(b, j + 1);
            if matches!(c2, 0x97 | 0xB7) {
                return None;
            }
            if c2 < 0x9F {
                marks |= F_MARK;
            }
            j += 2;
            continue;
        }
        if f & F_WORD_END != 0 {
            // (" [at]" may continue an e-mail address.)
            if c == b' ' && matches!(at(b, j + 1), b'[' | b'(') {
                return None;
            }
            break;
        }
        let n = at(b, j + 1);
        let n_ends =
            FAST[n as usize] & F_SPACE != 0 && !(n == b' ' && matches!(at(b, j + 2), b'[' | b'('));
        match c {
            b'-' => {
                // A hyphenated compound goes on; a truncation ("Kommunal- und") ends after the
                // hyphen (no e-mail address can follow).
                if FAST[n as usize] & F_WORD != 0
                    || n == 0xC3 && !matches!(at(b, j + 2), 0x97 | 0xB7)
                {
                    head_marks.get_or_insert(marks);
                    j += 1;
                    seg = j;
                    continue;
                }
                if n_ends || matches!(n, b',' | b')') {
                    j += 1;
                    break;
                }
                return None;
            }
            b'.' if n_ends || n == 0 => {
                // A full stop before whitespace: no e-mail address, domain or inner
                // abbreviation; an abbreviation keeps it.
                let part = s.get(seg..j)?;
                let whole = seg == i;
                let single = part.len() == 1 && part.as_bytes()[0].is_ascii_alphabetic()
                    || part.len() == 2 && part.as_bytes()[0] == 0xC3;
                if single
                    || is_abbreviation(part)
                    || n == b' '
                        && at(b, j + 2).is_ascii_lowercase()
                        && single_letter_abbrev_follows(s, j + 2)
                {
                    j += 1;
                    if whole {
                        kind = TokenKind::Abbreviation;
                    }
                }
                break;
            }
            // No gender suffix follows.
            b':' | b'*' if n_ends || n == 0 => break,
            // Quotes, dashes and spaces U+2000..U+203F, except joiners and apostrophes.
            0xE2 if n == 0x80 && !matches!(at(b, j + 2), 0x8C | 0x8D | 0x98 | 0x99) => break,
            _ => return None,
        }
    }
    // `split_glued` can split a word only if its first part has an upper-case letter after the
    // first character (or a digit, kept here for simplicity), or if it ends in a year.
    if head_marks.unwrap_or(marks) & F_MARK != 0 && j - i >= 5 || marks & F_DIGIT != 0 && j - i >= 8
    {
        return None;
    }
    Some((j, kind))
}

/// Skips whitespace from `pos` and returns the next token's `(start, end, kind)`.
///
/// Guarantees: `start >= pos`, `end > start`, both on char boundaries, and every byte between
/// `pos` and `start` is whitespace.
#[inline(always)]
pub(crate) fn next_token(s: &str, pos: usize) -> Option<(usize, usize, TokenKind)> {
    let b = s.as_bytes();
    let mut i = pos;
    loop {
        let &c = b.get(i)?;
        if FAST[c as usize] & F_SPACE != 0 {
            i += 1;
            continue;
        }
        if c < 0x80 {
            break;
        }
        let l = space_len(s, i);
        if l == 0 {
            break;
        }
        i += l;
    }
    if let Some((end, kind)) = fast_token(s, i) {
        return Some((i, end, kind));
    }
    Some(slow_token(s, i))
}

/// The general scanner for the token at the non-whitespace byte `i`.
#[inline(never)]
fn slow_token(s: &str, i: usize) -> (usize, usize, TokenKind) {
    let (mut end, kind) = token_at(s, i);
    if end <= i || end > s.len() || !s.is_char_boundary(end) {
        // Defensive: never stall or split a character.
        end = i + ch(s, i).map_or(1, char::len_utf8);
    }
    (i, end, kind)
}
