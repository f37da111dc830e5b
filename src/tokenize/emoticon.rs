//! Emoticon recognition by a small hand-written grammar (no regex, no allocation).
//!
//! Shapes follow the EmpiriST 2015 guidelines (an emoticon is one token) and the usual
//! inventory of western and eastern ASCII emoticons:
//! - western: optional hat (`*<`, `>`, `}`), eyes (`:` `;` `=`, `8`/`x`/`X` only with a nose or a
//!   letter mouth), optional tear `'`, optional nose (`-` `^` `o` `O`), a mouth, the mouth
//!   repeated (`:-)))`, `;-((`);
//! - reversed: `(-:`, `(:`, `(;`;
//! - eastern and others: `^^`, `^_^`, `*_*`, `-_-`, `>_<`, `o.O`, `T_T`, `<3`, `</3`, `^3`,
//!   `xD`, `XD`, `X-D`, `:wink:` style short codes;
//! - `; )` and `: )` written with a space, when they stand alone between spaces (EmpiriST joins
//!   them into one token).

/// The byte at `j`, or 0 past the end.
#[inline]
fn at(b: &[u8], j: usize) -> u8 {
    b.get(j).copied().unwrap_or(0)
}

/// True if the character starting at byte `j` is a letter or digit (ASCII or not).
#[inline]
fn alnum_at(s: &str, j: usize) -> bool {
    let b = s.as_bytes();
    match b.get(j) {
        None => false,
        Some(&c) if c < 0x80 => c.is_ascii_alphanumeric(),
        Some(_) => s
            .get(j..)
            .and_then(|t| t.chars().next())
            .is_some_and(char::is_alphanumeric),
    }
}

/// Mouth characters of western emoticons.
#[inline]
fn is_mouth(c: u8) -> bool {
    matches!(
        c,
        b')' | b'('
            | b']'
            | b'['
            | b'D'
            | b'P'
            | b'p'
            | b'*'
            | b'|'
            | b'3'
            | b'/'
            | b'\\'
            | b'@'
            | b'S'
            | b's'
            | b'O'
            | b'o'
            | b'$'
            | b'd'
            | b'{'
            | b'}'
            | b'X'
            | b'x'
            | b'b'
    )
}

/// Characters that may be an "eye" of a symmetric eastern emoticon (`*_*`, `o.O`, `>_<`).
#[inline]
fn is_sym_eye(c: u8) -> bool {
    matches!(
        c,
        b'*' | b'-' | b'>' | b'<' | b'o' | b'O' | b'x' | b'X' | b'T' | b'^' | b'u' | b'U' | b'0'
    )
}

/// If an emoticon starts at byte `i` of `s`, its end (exclusive).
///
/// `boundary` tells whether the character before `i` is not a letter or digit; shapes that start
/// with a letter (`xD`, `o.O`) are only recognised there.
pub(crate) fn emoticon_at(s: &str, i: usize, boundary: bool) -> Option<usize> {
    let b = s.as_bytes();
    let c = at(b, i);
    // Eastern / symmetric shapes.
    match c {
        b'<' => {
            let mut j = i + 1;
            if at(b, j) == b'/' {
                j += 1;
            }
            if at(b, j) == b'3' {
                while at(b, j) == b'3' {
                    j += 1;
                }
                if !alnum_at(s, j) {
                    return Some(j);
                }
                return None;
            }
        }
        b'^' => {
            let n1 = at(b, i + 1);
            let mut j = if n1 == b'^' {
                i + 2
            } else if matches!(n1, b'_' | b'.' | b'-' | b'o') && at(b, i + 2) == b'^' {
                i + 3
            } else if n1 == b'3' {
                i + 2
            } else {
                0
            };
            if j == 0 {
                return None;
            }
            while at(b, j) == b'^' {
                j += 1;
            }
            if !alnum_at(s, j) {
                return Some(j);
            }
            return None;
        }
        _ => {}
    }
    let letter_start = c.is_ascii_alphanumeric();
    if letter_start && !boundary {
        return None;
    }
    if is_sym_eye(c) && matches!(at(b, i + 1), b'_' | b'.') && at(b, i + 2) == c
        || is_sym_eye(c)
            && matches!(at(b, i + 1), b'_' | b'.')
            && matches!(
                (c, at(b, i + 2)),
                (b'o', b'O') | (b'O', b'o') | (b'>', b'<')
            )
    {
        let j = i + 3;
        if !(alnum_at(s, j) || c == b'-' && at(b, i + 1) == b'.') {
            return Some(j);
        }
    }
    // xD, XD, X-D, xP
    if matches!(c, b'x' | b'X') {
        let mut j = i + 1;
        if at(b, j) == b'-' {
            j += 1;
        }
        if matches!(at(b, j), b'D' | b'P') {
            j += 1;
            while at(b, j) == b'D' {
                j += 1;
            }
            if !alnum_at(s, j) {
                return Some(j);
            }
        }
        return None;
    }
    // Reversed western: (-:  (:  (;
    if c == b'(' {
        let mut j = i + 1;
        if matches!(at(b, j), b'-' | b'^' | b'o') {
            j += 1;
        }
        if matches!(at(b, j), b':' | b';' | b'=') {
            j += 1;
            if !alnum_at(s, j) && !matches!(at(b, j), b'(' | b')' | b':' | b'/') {
                return Some(j);
            }
        }
        return None;
    }
    // Western with optional hat.
    let mut j = i;
    if matches!(c, b'*' | b'>' | b'}') && matches!(at(b, i + 1), b':' | b';' | b'=' | b'<') {
        j += 1;
        if at(b, j) == b'<' {
            j += 1;
        }
    }
    let eye = at(b, j);
    if !matches!(eye, b':' | b';' | b'=' | b'8') {
        return None;
    }
    j += 1;
    // Short codes such as :wink: (only at a boundary).
    if eye == b':' && boundary && j == i + 1 {
        let mut k = j;
        while at(b, k).is_ascii_lowercase() || at(b, k) == b'_' {
            k += 1;
        }
        if k - j >= 2 && at(b, k) == b':' && !alnum_at(s, k + 1) {
            return Some(k + 1);
        }
    }
    if at(b, j) == b'\'' && matches!(at(b, j + 1), b'(' | b')' | b'-') {
        j += 1;
    }
    // "; )", ": D": eyes and mouth written apart, as a whole chunk between spaces.
    let spaced_ok = (i == 0 || matches!(at(b, i - 1), b' ' | b'\n' | b'\t' | b'\r'))
        && matches!(eye, b':' | b';')
        && j == i + 1
        && at(b, j) == b' '
        && matches!(at(b, j + 1), b')' | b'(' | b'D' | b'P');
    if spaced_ok {
        let m = at(b, j + 1);
        let mut k = j + 2;
        while at(b, k) == m {
            k += 1;
        }
        if matches!(at(b, k), 0 | b' ' | b'\n' | b'\t' | b'\r') {
            return Some(k);
        }
    }
    let mut nose = false;
    if matches!(at(b, j), b'-' | b'^' | b'o' | b'O') && is_mouth(at(b, j + 1)) {
        j += 1;
        nose = true;
    }
    if eye == b'8' && !nose {
        return None;
    }
    let mouth = at(b, j);
    if !is_mouth(mouth) {
        return None;
    }
    if eye == b'=' && !matches!(mouth, b')' | b'(' | b'D' | b'P' | b'p' | b']' | b'[' | b'|') {
        return None;
    }
    j += 1;
    if matches!(mouth, b')' | b'(' | b'D' | b'P' | b'[' | b']' | b'|') {
        while at(b, j) == mouth {
            j += 1;
        }
    }
    if mouth.is_ascii_alphanumeric() && alnum_at(s, j) {
        return None;
    }
    if matches!(mouth, b'/' | b'\\') && (at(b, j) == b'/' || alnum_at(s, j)) {
        return None;
    }
    Some(j)
}

#[cfg(test)]
mod tests {
    use super::emoticon_at;

    fn whole(s: &str) -> bool {
        emoticon_at(s, 0, true) == Some(s.len())
    }

    #[test]
    fn shapes() {
        for e in [
            ":)", ":-)", ";)", ";-)))", ":-((", ":D", ":-P", ":p", ":-*", ":(", "=)", "(-:", "(:",
            "<3", "</3", "^^", "^_^", "*_*", "-_-", ">_<", "o.O", "xD", "XD", "X-D", "*<:-)",
            ":o)", ";O)", ":'(", "8-)", ":wink:", "^3", ":/", "; )", ": ))",
        ] {
            assert!(whole(e), "{e}");
        }
        for e in [
            ":", ":-", ":Der", "8)", "x", "=>", "://", "(a", "-.-", ": )a", ": ]",
        ] {
            assert!(!whole(e), "{e}");
        }
        assert_eq!(emoticon_at("gut:)", 3, false), Some(5));
        assert_eq!(emoticon_at("axD", 1, false), None);
    }
}
