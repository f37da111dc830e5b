//! The normaliser on real text and the stopword list against the reference lists.

use std::collections::HashSet;

use korpus::normalize::{Normalizer, NormalizerOptions, Stopwords, UmlautFolding};

use crate::common;

/// Coverage of our list against each reference list, printed both ways.
#[test]
fn stopwords_cover_the_reference_lists() {
    let Some(dir) = common::shared_data("stopwords", "stopwords-reference") else {
        return;
    };
    let ours = Stopwords::german();
    let own: HashSet<&str> = ours.words().into_iter().collect();
    assert!(own.len() > 500, "{} words", own.len());
    for (name, rel, min_covered) in [
        ("nltk", "nltk/german.txt", 0.95),
        ("stop-words", "stop_words_pypi/german.txt", 0.95),
        ("stopwords-iso", "stopwords_iso/de.txt", 0.60),
    ] {
        let reference = Stopwords::from_file(&dir.join(rel)).expect("reference list");
        let theirs: HashSet<&str> = reference.words().into_iter().collect();
        let both = own.intersection(&theirs).count();
        let covered = both as f64 / theirs.len() as f64;
        let in_ref = both as f64 / own.len() as f64;
        let mut missing: Vec<&&str> = theirs.difference(&own).collect();
        missing.sort();
        eprintln!(
            "{name}: {} words; ours covers {:.1}% of it; {:.1}% of our {} words are in it; \
             missing: {}",
            theirs.len(),
            100.0 * covered,
            100.0 * in_ref,
            own.len(),
            missing
                .iter()
                .take(40)
                .map(|w| **w)
                .collect::<Vec<_>>()
                .join(" ")
        );
        assert!(covered >= min_covered, "{name}: only {covered:.3} covered");
    }
}

#[test]
fn stopword_lists_are_clean() {
    let de = Stopwords::german();
    let cmc = Stopwords::german_cmc();
    for (name, list) in [("de", &de), ("de-cmc", &cmc)] {
        for w in list.words() {
            assert!(
                !w.is_empty() && !w.contains(char::is_whitespace),
                "{name}: {w:?}"
            );
            assert_eq!(
                Normalizer::default().normalize(w),
                w,
                "{name}: not normal: {w:?}"
            );
        }
    }
    // content words stay out, function words are in
    for w in ["politik", "bürger", "stadt", "gut", "jahr", "sagen"] {
        assert!(!de.contains(w), "{w}");
    }
    for w in [
        "dass", "daß", "müssen", "würden", "hätte", "ihrer", "zwischen", "obwohl", "halt",
    ] {
        assert!(de.contains(w), "{w}");
    }
    // the chat list adds to, and does not repeat, the main list
    assert!(cmc.len() > 60);
    let dup: Vec<&str> = cmc.words().into_iter().filter(|w| de.contains(w)).collect();
    assert!(dup.is_empty(), "in both lists: {dup:?}");
}

#[test]
fn stopwords_from_file_extend_and_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("extra.txt");
    std::fs::write(
        &p,
        "\u{FEFF}Gemeinderat # Gremium\nKREISTAG\n\n# nur Kommentar\n",
    )
    .expect("write");
    let extra = Stopwords::from_file(&p).expect("read");
    assert_eq!(extra.len(), 2);
    let mut all = Stopwords::german();
    let n = all.len();
    all.extend(&extra);
    assert_eq!(all.len(), n + 2);
    assert!(all.contains("gemeinderat") && all.contains("kreistag"));
    assert!(Stopwords::from_file(&dir.path().join("fehlt.txt")).is_err());
    assert!(Stopwords::empty().is_empty());
}

/// Every word of a real blog page: normalising is idempotent, lowercases fully, and the
/// options do what they say.
#[test]
fn normalizer_on_a_real_blog_page() {
    let Some(p) = common::shared_data("normalize_blog", "blog-scrape/guetersloh-digital.txt")
    else {
        return;
    };
    let text = std::fs::read_to_string(p).expect("read");
    let default = Normalizer::default();
    let folded = Normalizer::new(NormalizerOptions {
        umlauts: UmlautFolding::Expand,
        gender: true,
        ..NormalizerOptions::default()
    });
    let mut n_words = 0;
    let mut changed = 0;
    for w in text.split_whitespace() {
        n_words += 1;
        let a = default.normalize(w);
        changed += usize::from(a != w);
        assert_eq!(default.normalize(&a), a, "not idempotent: {w}");
        assert!(!a.chars().any(char::is_uppercase), "{w} → {a}");
        let b = folded.normalize(w);
        assert_eq!(folded.normalize(&b), b, "not idempotent: {w}");
        assert!(!b.contains(['ä', 'ö', 'ü', 'ß']), "{w} → {b}");
    }
    eprintln!("normalised {n_words} words of the blog page, {changed} changed");
    assert!(n_words > 1000 && changed > 100);
}

#[test]
fn normalizer_is_send_sync_clone() {
    fn check<T: Send + Sync + Clone>() {}
    check::<Normalizer>();
    check::<Stopwords>();
}

proptest::proptest! {
    /// Normalising twice changes nothing, under every combination of options.
    #[test]
    fn normalizing_is_idempotent(
        word in "\\PC{0,12}|[a-zäöüßA-ZÄÖÜẞ*:_/·´’–\u{0308}\u{00AD}]{0,14}(in|In|innen|Innen)?",
        lowercase: bool, nfc: bool, gender: bool, quotes_dashes: bool, fold in 0..3u8,
    ) {
        let umlauts = [UmlautFolding::None, UmlautFolding::Expand, UmlautFolding::Strip][fold as usize];
        let n = Normalizer::new(NormalizerOptions { lowercase, nfc, umlauts, gender, quotes_dashes });
        let once = n.normalize(&word).into_owned();
        proptest::prop_assert_eq!(n.normalize(&once), once.as_str());
    }
}
