//! Conformance of the three stemmers, the 2009 Snowball stemmer against `rust-stemmers`, and
//! the stemmers' pairwise F1 on the CISTEM gold standards.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use korpus::stem::{snowball, StemCache, Stemmer, StemmerKind};

use crate::common;

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Stems every word of `voc.txt` and compares with one expected-output file.
fn snowball_conformance(test: &str, kind: StemmerKind, expected: &str) {
    let Some(dir) = common::shared_data(test, "snowball-german") else {
        return;
    };
    let voc = read(&dir.join("voc.txt"));
    let want = read(&dir.join(expected));
    let words: Vec<&str> = voc.lines().collect();
    let stems: Vec<&str> = want.lines().collect();
    assert_eq!(words.len(), 35_033, "voc.txt");
    assert_eq!(words.len(), stems.len(), "{expected}");
    let stemmer = Stemmer::new(kind);
    let diffs: Vec<String> = words
        .iter()
        .zip(&stems)
        .filter_map(|(w, s)| {
            let got = stemmer.stem(w);
            (got != *s).then(|| format!("{w}: got {got}, want {s}"))
        })
        .collect();
    eprintln!(
        "{kind}: {} differences from {expected} over {} words",
        diffs.len(),
        words.len()
    );
    assert!(
        diffs.is_empty(),
        "first differences: {:#?}",
        &diffs[..diffs.len().min(20)]
    );
}

#[test]
fn snowball_2009_matches_output_2009() {
    snowball_conformance("snowball_2009", StemmerKind::Snowball, "output-2009.txt");
}

#[test]
fn snowball3_matches_current_output() {
    snowball_conformance("snowball3", StemmerKind::Snowball3, "output.txt");
}

/// `rust-stemmers`' German stemmer (the 2009 algorithm), the oracle of [`snowball`].
fn rust_stemmers_german() -> rust_stemmers::Stemmer {
    rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::German)
}

#[test]
fn snowball_2009_equals_rust_stemmers_on_voc() {
    let Some(dir) = common::shared_data("snowball_2009_oracle", "snowball-german") else {
        return;
    };
    let voc = read(&dir.join("voc.txt"));
    let oracle = rust_stemmers_german();
    let mut n = 0;
    for w in voc.lines() {
        assert_eq!(snowball::stem(w), oracle.stem(w), "{w}");
        // the capitalised form stems like the lowercase one
        let mut cap = w.chars();
        if let Some(first) = cap.next() {
            let cap: String = first.to_uppercase().chain(cap).collect();
            assert_eq!(snowball::stem(&cap), oracle.stem(w), "{cap}");
        }
        n += 1;
    }
    assert_eq!(n, 35_033);
}

/// Lowercase German-ish words: letters, umlauts, `ß`, vowel–`u`/`y`–vowel groups, the
/// suffixes the algorithm looks at, and other characters of tokens (`é`, digits, hyphens).
fn germanish() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        4 => "[a-zäöüßy]",
        2 => "[aeiouyäöü][uy][aeiouyäöü]",
        1 => "(ae|oe|ue|qu|aue|eye|uu|yy)",
        2 => "(e|em|en|er|ern|es|s|est|st|niss|nisse|erin|innen)",
        2 => "(end|ung|ig|ik|isch|lich|heit|keit|eig|ige|erlich|enheit|lichkeit|igkeit)",
        1 => "[éèçñ0-9\\-]",
    ];
    proptest::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]

    /// Our 2009 stemmer equals `rust-stemmers` on German-ish words.
    #[test]
    fn snowball_2009_equals_rust_stemmers(word in germanish()) {
        let got = snowball::stem(&word);
        proptest::prop_assert_eq!(&got, &rust_stemmers_german().stem(&word), "{}", word);
        // a stem that is a prefix of the word borrows it
        if word.starts_with(got.as_ref()) {
            proptest::prop_assert!(matches!(got, std::borrow::Cow::Borrowed(_)), "{}", word);
        }
    }

    /// Also on random strings of up to 20 lowercase letters (and the non-German `é`).
    #[test]
    fn snowball_2009_equals_rust_stemmers_letters(word in "[a-zäöüßéy]{0,20}") {
        proptest::prop_assert_eq!(snowball::stem(&word), rust_stemmers_german().stem(&word));
    }

    /// Any case and any Unicode: `rust-stemmers` on the lowercased word.
    #[test]
    fn snowball_2009_lowercases_like_str(word in "\\PC{0,16}|[a-zäöüßA-ZÄÖÜẞ]{1,14}") {
        let lower = word.to_lowercase();
        proptest::prop_assert_eq!(snowball::stem(&word), rust_stemmers_german().stem(&lower));
    }
}

/// The words of a gold standard in order, each with its cluster (line) number.
fn gold_words(text: &str) -> Vec<(&str, usize)> {
    text.lines()
        .enumerate()
        .flat_map(|(i, line)| line.split_whitespace().map(move |w| (w, i)))
        .collect()
}

#[test]
fn cistem_matches_nltk_on_both_gold_standards() {
    for g in ["goldstandard1", "goldstandard2"] {
        let Some(dir) = common::shared_data("cistem", "cistem-gold") else {
            return;
        };
        let gold = read(&dir.join(format!("{g}.txt")));
        let want = read(&dir.join(format!("{g}.cistem-nltk.txt")));
        let words = gold_words(&gold);
        let stems: Vec<&str> = want.lines().collect();
        assert_eq!(words.len(), stems.len(), "{g}: words vs. reference stems");
        assert!(words.len() > 300_000, "{g}: {} words", words.len());
        let stemmer = Stemmer::new(StemmerKind::Cistem);
        let diffs: Vec<String> = words
            .iter()
            .zip(&stems)
            .filter_map(|((w, _), s)| {
                let got = stemmer.stem(w);
                (got != *s).then(|| format!("{w}: got {got}, want {s}"))
            })
            .collect();
        eprintln!(
            "cistem: {} differences over {} words of {g}",
            diffs.len(),
            words.len()
        );
        assert!(
            diffs.is_empty(),
            "{g}: {:#?}",
            &diffs[..diffs.len().min(20)]
        );
    }
}

/// Pairwise cluster precision, recall and F1, as `../shared/tools/eval_stemmer.py`
/// computes them: predicted pairs are pairs of word occurrences with equal stems, gold
/// pairs those on the same gold line.
fn pairwise_f1(words: &[(&str, usize)], stems: &[String]) -> (f64, f64, f64) {
    fn pairs(n: u64) -> u64 {
        n * n.saturating_sub(1) / 2
    }
    let mut by_stem: HashMap<&str, HashMap<usize, u64>> = HashMap::new();
    let mut gold_sizes: HashMap<usize, u64> = HashMap::new();
    for ((_, c), s) in words.iter().zip(stems) {
        *by_stem.entry(s).or_default().entry(*c).or_default() += 1;
        *gold_sizes.entry(*c).or_default() += 1;
    }
    let pred: u64 = by_stem.values().map(|cs| pairs(cs.values().sum())).sum();
    let tp: u64 = by_stem
        .values()
        .flat_map(|cs| cs.values())
        .map(|&n| pairs(n))
        .sum();
    let gold: u64 = gold_sizes.values().map(|&n| pairs(n)).sum();
    let p = if pred > 0 {
        tp as f64 / pred as f64
    } else {
        0.0
    };
    let r = if gold > 0 {
        tp as f64 / gold as f64
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

#[test]
fn pairwise_f1_metric_on_a_toy_gold() {
    let words = [("Haus", 0), ("Häuser", 0), ("Maus", 1), ("Mäuse", 1)];
    let stems: Vec<String> = ["haus", "haus", "maus", "haus"].map(String::from).into();
    let (p, r, f) = pairwise_f1(&words, &stems);
    // predicted pairs: 3 (haus×3), true: 1; gold pairs: 2
    assert!((p - 1.0 / 3.0).abs() < 1e-12 && (r - 0.5).abs() < 1e-12);
    assert!((f - 0.4).abs() < 1e-12);
}

/// Prints the F1 table of the three stemmers on both gold standards and checks that the
/// default stemmer is the best one. Set `KORPUS_STEM_DUMP=DIR` to also write the stems
/// (one a line) for `eval_stemmer.py`.
#[test]
fn f1_table_on_cistem_gold_standards() {
    let Some(dir) = common::shared_data("f1_table", "cistem-gold") else {
        return;
    };
    let dump = std::env::var_os("KORPUS_STEM_DUMP").map(std::path::PathBuf::from);
    let mut table: HashMap<(StemmerKind, &str), f64> = HashMap::new();
    eprintln!("stemmer    gold            P       R       F1");
    for g in ["goldstandard1", "goldstandard2"] {
        let gold = read(&dir.join(format!("{g}.txt")));
        let words = gold_words(&gold);
        for kind in StemmerKind::ALL {
            let mut cache = StemCache::new(Stemmer::new(kind));
            let stems: Vec<String> = words
                .iter()
                .map(|(w, _)| cache.stem(w).to_string())
                .collect();
            if let Some(d) = &dump {
                let mut out = stems.join("\n");
                out.push('\n');
                fs::write(d.join(format!("{g}.{kind}.txt")), out).expect("write stems");
            }
            let (p, r, f) = pairwise_f1(&words, &stems);
            eprintln!("{kind:<10} {g}  {p:.4}  {r:.4}  {f:.4}");
            table.insert((kind, g), f);
        }
        // CISTEM on lowercased input (what a pipeline that lowercases first would feed it):
        // it loses the capital-letter cue but must stay ahead of both Snowball stemmers.
        let cistem = Stemmer::new(StemmerKind::Cistem);
        let stems: Vec<String> = words
            .iter()
            .map(|(w, _)| cistem.stem(&w.to_lowercase()).into_owned())
            .collect();
        let (p, r, f) = pairwise_f1(&words, &stems);
        eprintln!("cistem(lc) {g}  {p:.4}  {r:.4}  {f:.4}");
        assert!(
            f > table[&(StemmerKind::Snowball3, g)],
            "lowercased CISTEM on {g}"
        );
    }
    // Published on goldstandard2: CISTEM 0.834, Snowball-2009 0.689, Snowball-3 0.712.
    let f = |k, g| table[&(k, g)];
    assert!((f(StemmerKind::Cistem, "goldstandard2") - 0.834).abs() < 0.01);
    assert!((f(StemmerKind::Snowball, "goldstandard2") - 0.689).abs() < 0.01);
    assert!((f(StemmerKind::Snowball3, "goldstandard2") - 0.712).abs() < 0.01);
    for g in ["goldstandard1", "goldstandard2"] {
        let best = StemmerKind::ALL
            .into_iter()
            .max_by(|a, b| f(*a, g).total_cmp(&f(*b, g)))
            .expect("three kinds");
        assert_eq!(best, StemmerKind::default(), "best on {g}");
    }
}

#[test]
fn stem_cache_shows_most_frequent_surface_form() {
    let mut cache = StemCache::new(Stemmer::new(StemmerKind::Snowball3));
    let text = "Die Digitalisierung der Verwaltung: digitalisierung braucht Digitalisierungen und \
                Digitalisierung";
    for token in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        cache.stem_with_surface(&token.to_lowercase(), token);
    }
    assert_eq!(cache.display_form("digitalisier"), Some("Digitalisierung"));
    assert_eq!(
        cache.surface_forms("digitalisier"),
        vec![
            ("Digitalisierung", 2),
            ("Digitalisierungen", 1),
            ("digitalisierung", 1)
        ]
    );
    // each distinct lowercase word was stemmed once
    assert_eq!(cache.len(), 7);
}

proptest::proptest! {
    /// No stemmer panics or returns an empty stem for a non-empty word; the Snowball
    /// stemmers ignore case; stemming is deterministic through the cache.
    #[test]
    fn stemmers_are_total(word in "\\PC{0,16}|[a-zäöüßA-ZÄÖÜ]{1,14}") {
        for kind in StemmerKind::ALL {
            let s = Stemmer::new(kind);
            let stem = s.stem(&word);
            proptest::prop_assert_eq!(stem.is_empty(), word.is_empty());
            if kind != StemmerKind::Cistem {
                let lower = word.to_lowercase();
                proptest::prop_assert_eq!(&stem, &s.stem(&lower));
            }
            let mut cache = StemCache::new(s.clone());
            proptest::prop_assert_eq!(cache.stem_counting(&word), &*stem);
            proptest::prop_assert_eq!(cache.display_form(&stem), Some(word.as_str()));
        }
    }
}
