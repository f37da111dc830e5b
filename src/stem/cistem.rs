//! CISTEM, the German stemmer of Weissweiler & Fraser (2017).
//!
//! Leonie Weissweiler, Alexander Fraser: *Developing a Stemmer for German Based on a
//! Comparative Analysis of Publicly Available Stemmers*, GSCL 2017. The algorithm:
//!
//! 1. remember whether the word starts with an upper-case letter (a noun: a final `-t`
//!    is then part of the stem), lowercase it, fold `ä ö ü` to `a o u` and `ß` to `ss`;
//! 2. strip a leading `ge` when at least 4 letters follow;
//! 3. replace `sch`, `ei`, `ie` by single placeholder symbols and the second letter of a
//!    doubled letter by `*`, so that they count as one letter and are never split;
//! 4. while the word is longer than 3: strip `-em`/`-er` or `-nd` (only when longer than 5),
//!    else `-t` (only when the word was not capitalised), else one of `-e -s -n`; stop
//!    when nothing applies;
//! 5. undo the replacements of step 3.
//!
//! This follows the case-sensitive mode of the NLTK implementation, whose output is the
//! reference (`../shared/data/cistem-gold/*.cistem-nltk.txt`). Pass words in their
//! original case: the capital letter of a noun matters. Lengths count characters.
//! Words are expected not to contain line breaks.
//!
//! ```
//! use korpus::stem::cistem;
//! assert_eq!(cistem::stem("Speicherbehältern"), "speicherbehalt");
//! assert_eq!(cistem::stem("Grenzpostens"), "grenzpost");
//! assert_eq!(cistem::stem("ausgefeiltere"), "ausgefeil");
//! assert_eq!(cistem::stem("Ausgefeiltere"), "ausgefeilt");
//! ```

/// Placeholder for `sch` during suffix stripping.
const SCH: char = '$';
/// Placeholder for `ei`.
const EI: char = '%';
/// Placeholder for `ie`.
const IE: char = '&';
/// Marks the second letter of a doubled letter.
const DOUBLE: char = '*';

/// Stems one German word with CISTEM (case-sensitive mode). The stem is lowercase.
pub fn stem(word: &str) -> String {
    let Some(first) = word.chars().next() else {
        return String::new();
    };
    let upper = first.is_uppercase();
    let mut w: Vec<char> = Vec::with_capacity(word.len() + 2);
    if word.is_ascii() {
        w.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        for c in word.to_lowercase().chars() {
            match c {
                'ü' => w.push('u'),
                'ö' => w.push('o'),
                'ä' => w.push('a'),
                'ß' => w.extend(['s', 's']),
                c => w.push(c),
            }
        }
    }
    // `^ge(.{4,})`: the prefix goes when four characters (not line breaks) follow.
    if w.len() >= 6 && w[0] == 'g' && w[1] == 'e' && w[2..6].iter().all(|&c| c != '\n') {
        w.drain(..2);
    }
    replace_to(&mut w);
    while w.len() > 3 {
        let n = w.len();
        let (last, prev) = (w[n - 1], w[n - 2]);
        if n > 5 && ((prev == 'e' && (last == 'm' || last == 'r')) || (prev == 'n' && last == 'd'))
        {
            w.truncate(n - 2);
        } else if (!upper && last == 't') || matches!(last, 'e' | 's' | 'n') {
            w.truncate(n - 1);
        } else {
            break;
        }
    }
    replace_back(&w)
}

/// Replaces `sch`, then `ei`, then `ie` by one symbol each (left to right, not
/// overlapping), then marks every doubled letter `xx` as `x*`; in place.
fn replace_to(w: &mut Vec<char>) {
    replace_seq(w, &['s', 'c', 'h'], SCH);
    replace_seq(w, &['e', 'i'], EI);
    replace_seq(w, &['i', 'e'], IE);
    let mut i = 0;
    while i + 1 < w.len() {
        if w[i] == w[i + 1] && w[i] != '\n' {
            w[i + 1] = DOUBLE;
            i += 2;
        } else {
            i += 1;
        }
    }
}

/// Undoes [`replace_to`]: `x*` → `xx`, then the placeholders.
fn replace_back(w: &[char]) -> String {
    let mut out = String::with_capacity(w.len() + 4);
    let mut i = 0;
    while i < w.len() {
        if i + 1 < w.len() && w[i + 1] == DOUBLE && w[i] != '\n' {
            out.push(w[i]);
            out.push(w[i]);
            i += 2;
        } else {
            out.push(w[i]);
            i += 1;
        }
    }
    if out.contains([EI, IE, SCH]) {
        out = out.replace(EI, "ei").replace(IE, "ie").replace(SCH, "sch");
    }
    out
}

/// Replaces each non-overlapping occurrence of `pat`, left to right, by `by`, in place.
fn replace_seq(w: &mut Vec<char>, pat: &[char], by: char) {
    let (mut read, mut write) = (0, 0);
    while read < w.len() {
        if w[read..].starts_with(pat) {
            w[write] = by;
            read += pat.len();
        } else {
            w[write] = w[read];
            read += 1;
        }
        write += 1;
    }
    w.truncate(write);
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn paper_examples_and_edges() {
        assert_eq!(stem(""), "");
        assert_eq!(stem("Häuser"), "hau");
        assert_eq!(stem("gegessen"), "gess");
        assert_eq!(stem("Schiffen"), "schiff");
        assert_eq!(stem("Meister"), "meist");
        assert_eq!(stem("spielt"), "spiel");
        assert_eq!(stem("Zwei"), "zwei");
    }
}
