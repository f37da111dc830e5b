//! Unit tests of the tokenizer rules (EmpiriST guideline examples and German specifics).

use super::{TokenKind, Tokenizer};

fn toks(s: &str) -> Vec<&str> {
    Tokenizer::new()
        .tokenize(s)
        .iter()
        .map(|t| t.text)
        .collect()
}

fn kinds(s: &str) -> Vec<(&str, TokenKind)> {
    Tokenizer::new()
        .tokenize(s)
        .iter()
        .map(|t| (t.text, t.kind))
        .collect()
}

#[test]
fn abbreviations_and_ordinals() {
    assert_eq!(toks("z.B. heute"), ["z.", "B.", "heute"]);
    assert_eq!(toks("z. B. heute"), ["z.", "B.", "heute"]);
    assert_eq!(
        toks("u.a. bzw. Dr. Meier"),
        ["u.", "a.", "bzw.", "Dr.", "Meier"]
    );
    assert_eq!(toks("am 3. Oktober"), ["am", "3.", "Oktober"]);
    assert_eq!(toks("im Jahr 2004."), ["im", "Jahr", "2004", "."]);
    assert_eq!(toks("Vgl. S. 5"), ["Vgl.", "S.", "5"]);
    assert_eq!(toks("Das ist gut."), ["Das", "ist", "gut", "."]);
    assert_eq!(toks("Forsch.frage"), ["Forsch.frage"]);
    assert_eq!(
        toks("o.k. geisteswissenschaftl. nr. 5"),
        ["o.k.", "geisteswissenschaftl.", "nr.", "5"]
    );
    assert_eq!(toks("derVgl. mit"), ["der", "Vgl.", "mit"]);
    assert_eq!(kinds("19. Bundestag")[0], ("19.", TokenKind::Ordinal));
}

#[test]
fn numbers_dates_times() {
    assert_eq!(
        kinds("1.000,50 27.11.2026 19:30 4.0 27.11."),
        [
            ("1.000,50", TokenKind::Number),
            ("27.11.2026", TokenKind::DateTime),
            ("19:30", TokenKind::DateTime),
            ("4.0", TokenKind::Number),
            ("27.11.", TokenKind::DateTime),
        ]
    );
    assert_eq!(
        toks("99.9 % der 1970er-Jahre"),
        ["99.9", "%", "der", "1970er-Jahre"]
    );
    assert_eq!(toks("Industrie 4.0."), ["Industrie", "4.0", "."]);
}

#[test]
fn web_tokens() {
    assert_eq!(
        kinds("Siehe https://de.wikipedia.org/wiki/Troll_(Netzkultur). Mail: a.b@example.de, @korpus_de #btw21"),
        [
            ("Siehe", TokenKind::Word),
            ("https://de.wikipedia.org/wiki/Troll_(Netzkultur)", TokenKind::Url),
            (".", TokenKind::Punctuation),
            ("Mail", TokenKind::Word),
            (":", TokenKind::Punctuation),
            ("a.b@example.de", TokenKind::Email),
            (",", TokenKind::Punctuation),
            ("@korpus_de", TokenKind::Mention),
            ("#btw21", TokenKind::Hashtag),
        ]
    );
    assert_eq!(toks("(www.bundestag.de)"), ["(", "www.bundestag.de", ")"]);
    assert_eq!(toks("tagesschau.de-App"), ["tagesschau.de-App"]);
    assert_eq!(
        toks("an anna [at] example [dot] de"),
        ["an", "anna [at] example [dot] de"]
    );
    assert_eq!(toks("anna(at)example.de"), ["anna(at)example.de"]);
    assert_eq!(
        toks("siehe Wiki/Icons/logo-klein.png"),
        ["siehe", "Wiki/Icons/logo-klein.png"]
    );
}

#[test]
fn cmc_tokens() {
    assert_eq!(
        toks("super :-) *lol* ;-))) <3 ^^ ; )"),
        ["super", ":-)", "*", "lol", "*", ";-)))", "<3", "^^", "; )"]
    );
    assert_eq!(toks("@ marc ja"), ["@ marc", "ja"]);
    assert_eq!(
        toks("Was?!?! Nein!!! Hm..."),
        ["Was", "?!?!", "Nein", "!!!", "Hm", "..."]
    );
    assert_eq!(toks("gut:)"), ["gut", ":)"]);
    assert_eq!(kinds("👍🏽 👨‍👩‍👧")[0], ("👍🏽", TokenKind::Emoji));
    assert_eq!(toks("👨‍👩‍👧😼😼"), ["👨‍👩‍👧", "😼", "😼"]);
    assert_eq!(toks("Fazit:Der"), ["Fazit", ":", "Der"]);
}

#[test]
fn german_words() {
    assert_eq!(toks("geht's IT´s it's"), ["geht's", "IT´s", "it's"]);
    assert_eq!(toks("mit so 'nem Teil"), ["mit", "so", "'nem", "Teil"]);
    assert_eq!(
        toks("E-Mail Bürgermeister-U-Boot"),
        ["E-Mail", "Bürgermeister-U-Boot"]
    );
    assert_eq!(
        toks("Kommunal- und Landespolitik"),
        ["Kommunal-", "und", "Landespolitik"]
    );
    assert_eq!(toks("Such- und -verstecke"), ["Such-", "und", "-verstecke"]);
    assert_eq!(
        toks("Bürger*innen Bürger:innen Bürger_innen BürgerInnen Mörder/in"),
        [
            "Bürger*innen",
            "Bürger:innen",
            "Bürger_innen",
            "BürgerInnen",
            "Mörder/in"
        ]
    );
    assert_eq!(
        toks("„Ja“, sagte sie – »nein«."),
        ["„", "Ja", "“", ",", "sagte", "sie", "–", "»", "nein", "«", "."]
    );
    assert_eq!(toks("Juli/August"), ["Juli", "/", "August"]);
}

#[test]
fn glued_words_and_units() {
    assert_eq!(
        toks("binnen 24h gelöst, 1970er-Jahre"),
        ["binnen", "24", "h", "gelöst", ",", "1970er-Jahre"]
    );
    assert_eq!(
        toks("dieFeststellung IhreTeilnahme imRealLife"),
        [
            "die",
            "Feststellung",
            "Ihre",
            "Teilnahme",
            "im",
            "Real",
            "Life"
        ]
    );
    assert_eq!(
        toks("eBook iPhone YouTube BürgerInnen SchülerVZ Storrer2007"),
        [
            "eBook",
            "iPhone",
            "YouTube",
            "BürgerInnen",
            "SchülerVZ",
            "Storrer",
            "2007"
        ]
    );
}

#[test]
fn sentences() {
    let t = Tokenizer::new()
        .tokenize("Er kam am 3. Oktober, z. B. mit Dr. Meier. Dann ging er. (Ja.) Gut\n\nneu");
    let s: Vec<(&str, usize)> = t.iter().map(|t| (t.text, t.sentence)).collect();
    let last_of_first = s.iter().position(|&(w, _)| w == "Meier").unwrap();
    assert!(
        s[..=last_of_first + 1].iter().all(|&(_, n)| n == 0),
        "{s:?}"
    );
    assert_eq!(s.iter().find(|x| x.0 == "Dann").unwrap().1, 1);
    assert_eq!(s.iter().find(|x| x.0 == "Ja").unwrap().1, 2);
    assert_eq!(s.iter().find(|x| x.0 == ")").unwrap().1, 2);
    assert_eq!(s.iter().find(|x| x.0 == "Gut").unwrap().1, 3);
    assert_eq!(s.iter().find(|x| x.0 == "neu").unwrap().1, 4);
}

#[test]
fn words_fast_path() {
    let t = Tokenizer::new();
    let text = "Hallo :) Welt, wie geht's? 👍 #tag";
    let w: Vec<&str> = t.words(text).collect();
    assert_eq!(w, ["Hallo", "Welt", "wie", "geht's", "#tag"]);
    let via_tokens: Vec<&str> = t
        .tokenize(text)
        .iter()
        .filter(|x| x.kind.is_word_like())
        .map(|x| x.text)
        .collect();
    assert_eq!(w, via_tokens);
}

#[test]
fn odd_input_does_not_panic() {
    for s in [
        "",
        " ",
        "\u{FEFF}",
        "a\u{0301}",
        "\u{0301}",
        "@",
        "#",
        "'",
        "-",
        "--->",
        "<--",
        "x",
        "1.",
        ".1",
        "a@b",
        "http://",
        "www.",
        ":",
        "\u{200D}",
        "🇩🇪🇩",
        "\r\n\r\n",
        "\0",
        "a\0\0",
        "$$",
    ] {
        let t = Tokenizer::new().tokenize(s);
        let mut pos = 0;
        for tok in &t {
            assert!(tok.start >= pos && tok.end > tok.start);
            assert_eq!(&s[tok.start..tok.end], tok.text);
            pos = tok.end;
        }
    }
}

#[test]
fn tokenizer_is_send_sync_copy() {
    fn check<T: Send + Sync + Clone + Default>() {}
    check::<Tokenizer>();
}

#[test]
fn swar_lower_check() {
    use super::scan::all_ascii_lower_for_test as f;
    assert!(f(*b"abcdefgz"));
    assert!(!f(*b"abcdefgA"));
    assert!(!f(*b"abc`efgh"));
    assert!(!f(*b"abc{efgh"));
    assert!(!f(*b"abc\xc3efgh"));
    for c in 0u8..=255 {
        let mut w = *b"aaaaaaaa";
        w[3] = c;
        assert_eq!(f(w), c.is_ascii_lowercase(), "{c}");
    }
}

#[test]
fn swar_first_non_lower_byte() {
    use super::scan::not_ascii_lower_for_test as f;
    assert_eq!(f(*b"abcdefgz"), 0);
    for c in 0u8..=255 {
        for k in 0..8 {
            let mut w = *b"abcdwxyz";
            w[k] = c;
            // Bytes after the first other byte may be flagged by a carry; the first is exact.
            let first = (f(w).trailing_zeros() / 8) as usize;
            let expect = if c.is_ascii_lowercase() { 8 } else { k };
            assert_eq!(first.min(8), expect, "{c} at {k}");
        }
    }
}

/// The scanner's fast path gives the same token as the general scanner wherever it answers,
/// on text mixed from the shapes that the rules treat specially.
#[test]
fn fast_path_agrees_with_general_scanner() {
    let pieces: &[&str] = &[
        "a",
        "e",
        "n",
        "s",
        "z",
        "x",
        "o",
        "k",
        "h",
        "t",
        "w",
        "f",
        "u",
        "i",
        "B",
        "D",
        "F",
        "H",
        "I",
        "P",
        "T",
        "U",
        "W",
        "X",
        "ä",
        "ö",
        "ü",
        "ß",
        "Ä",
        "Ü",
        "É",
        "é",
        "×",
        "÷",
        "я",
        "\u{301}",
        "\u{200d}",
        "\u{ad}",
        "0",
        "1",
        "2",
        "9",
        "19",
        "2007",
        ".",
        ",",
        ":",
        ";",
        "!",
        "?",
        "-",
        "_",
        "*",
        "/",
        "'",
        "`",
        "´",
        "’",
        "‘",
        "\"",
        "„",
        "“",
        "«",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "<",
        ">",
        "^",
        "=",
        "+",
        "|",
        "$",
        "%",
        "&",
        "#",
        "@",
        "€",
        "§",
        "…",
        "–",
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        "\t",
        "\u{a0}",
        "\u{2003}",
        "\u{0}",
        "👍",
        "🏽",
        "http://",
        "www.",
        ".de",
        ".png",
        "[at]",
        "(dot)",
        " [at] ",
        "z.B.",
        "bzw.",
        "Dr.",
        "Hbf.",
        "etc.",
        "o.k.",
        ":-)",
        "; )",
        ": D",
        "xD",
        "<3",
        "^^",
        "in",
        "innen",
        "In",
        "die",
        "Die",
        "Ihre",
        "Feststellung",
        "km",
        "Nr.",
        "'s",
        "E-Mail",
        "Kommunal-",
        "und",
        "Storrer",
        "info@example.de",
        "27.11.",
        "1.000,50",
        "19:30",
        "->",
    ];
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut text = String::new();
    let mut answered = 0;
    for _ in 0..400 {
        text.clear();
        for _ in 0..200 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            text.push_str(pieces[(x % pieces.len() as u64) as usize]);
            if (x >> 40) % 4 == 0 {
                text.push(' ');
            }
        }
        answered += super::scan::fast_path_agrees(&text);
    }
    assert!(answered > 10_000, "{answered}");
}
