//! The German compound splitter: the issue's examples, the output format, and the evaluation on
//! GermaNet compounds (head accuracy, exact splits) and simple nouns (false splits).

use crate::common;
use korpus::stem::compound::{format_split, SplitCache, Splitter};

fn parts(word: &str) -> Option<Vec<String>> {
    Splitter::german().split(word).map(|s| s.parts)
}

#[test]
fn issue_examples_split() {
    assert_eq!(
        parts("Wirtschaftsförderung").unwrap(),
        ["Wirtschaft", "Förderung"]
    );
    assert_eq!(parts("Kommunalpolitik").unwrap(), ["kommunal", "Politik"]);
    assert_eq!(
        parts("Bürgermeisterwahl").unwrap(),
        ["Bürgermeister", "Wahl"]
    );
    // Familien- → Familie
    assert_eq!(parts("Familienpolitik").unwrap(), ["Familie", "Politik"]);
}

#[test]
fn linking_elements() {
    assert_eq!(parts("Kinderbetreuung").unwrap(), ["Kind", "Betreuung"]); // -er-
    assert_eq!(parts("Hilfsangebot").unwrap(), ["Hilfe", "Angebot"]); // -e → -s-
    assert_eq!(parts("Schulbuch").unwrap(), ["Schule", "Buch"]); // dropped -e
    assert_eq!(parts("Pferdestall").unwrap(), ["Pferd", "Stall"]); // -e-
    assert_eq!(parts("Wartezimmer").unwrap(), ["warten", "Zimmer"]); // verb stem
}

#[test]
fn immediate_constituents_and_plural_heads() {
    // Two parts, as GermaNet splits: a compound head or modifier stays one part.
    assert_eq!(parts("Bundesfilmpreis").unwrap(), ["Bund", "Filmpreis"]);
    assert_eq!(
        parts("Landtagswahlkampf").unwrap(),
        ["Landtagswahl", "Kampf"]
    );
    // Two-letter nouns.
    assert_eq!(parts("Ölpreis").unwrap(), ["Öl", "Preis"]);
    // A plural compound whose singular no source knows keeps its plural head; a known
    // singular makes the head its lemma.
    assert_eq!(parts("Bundesfilmpreise").unwrap(), ["Bund", "Filmpreise"]);
    assert_eq!(
        parts("Oberbürgermeisterwahlen").unwrap(),
        ["Oberbürgermeister", "Wahl"]
    );
}

#[test]
fn non_compounds_stay_whole() {
    for w in [
        "Verfilzung",
        "Digitalisierung",
        "Regierung",
        "Vorschlag",
        "Ausschuss",
        "Zusammenarbeit",
        "Präsident",
        "Beamte",
        "Haus",
        "",
        "-",
        "19.",
    ] {
        assert_eq!(parts(w), None, "{w} should stay whole");
    }
}

#[test]
fn case_inflection_and_spans() {
    let s = Splitter::german();
    let upper = s.split("WIRTSCHAFTSFÖRDERUNG").unwrap();
    assert_eq!(upper.parts, ["Wirtschaft", "Förderung"]);
    let w = "bürgermeisterwahlen";
    let split = s.split(w).unwrap();
    assert_eq!(split.head(), "Wahl");
    for (p, &(a, b)) in split.parts.iter().zip(&split.spans) {
        assert!(a < b && b <= w.len(), "{p}: {a}..{b}");
    }
    assert_eq!(&w[split.spans[0].0..split.spans[0].1], "bürgermeister");
}

#[test]
fn hyphenated_compounds() {
    let s = Splitter::german();
    let w = "Arbeitsplatz-PC";
    let split = s.split(w).unwrap();
    assert_eq!(split.parts, ["Arbeitsplatz", "PC"]);
    assert_eq!(split.spans, [(0, 12), (13, 15)]);
    assert_eq!(parts("Frauen-WM").unwrap(), ["Frau", "WM"]);
    assert_eq!(parts("3-D-Drucker").unwrap(), ["3-D", "Drucker"]);
    assert_eq!(parts("E-Mail"), Some(vec!["E".into(), "Mail".into()]));
}

#[test]
fn split_output_format() {
    let s = Splitter::german();
    let w = "Wirtschaftsförderung";
    assert_eq!(
        format_split(w, s.split(w).as_ref()),
        "Wirtschaftsförderung\tWirtschaft+Förderung"
    );
    assert_eq!(
        format_split("Kommunalpolitik", s.split("Kommunalpolitik").as_ref()),
        "Kommunalpolitik\tkommunal+Politik"
    );
    assert_eq!(format_split("Präsident", None), "Präsident\tPräsident");
}

#[test]
fn cache_splits_each_word_once() {
    let mut cache = SplitCache::new(Splitter::german());
    for _ in 0..3 {
        assert_eq!(cache.head("Bürgermeisterwahl"), Some("Wahl"));
        assert_eq!(cache.head("Regierung"), None);
    }
    assert_eq!(cache.len(), 2);
    cache.clear();
    assert!(cache.is_empty());
}

#[test]
fn splitter_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Splitter>();
}

/// Head accuracy, exact-split accuracy (on `n` words) and false-split rate, in percent.
struct Scores {
    head: f64,
    exact: f64,
    false_splits: f64,
}

/// The half (0 = A, 1 = B) a word belongs to: a bit of its FNV-1a hash, as in
/// `examples/eval_compound.rs` (the splitter was developed looking at errors of half A only).
fn half_of(word: &str) -> usize {
    let h = word.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    (h >> 7 & 1) as usize
}

fn evaluate(tsv: &str, simplex: &str, half: Option<usize>) -> Scores {
    let s = Splitter::german();
    let keep = |w: &str| half.is_none_or(|h| half_of(w) == h);
    let (mut n, mut head, mut exact) = (0usize, 0usize, 0usize);
    for line in tsv.lines().skip(2) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 || !keep(f[0]) {
            continue;
        }
        n += 1;
        let got: Vec<String> = s
            .split(f[0])
            .map(|sp| sp.parts.iter().map(|p| p.to_lowercase()).collect())
            .unwrap_or_default();
        let gold_head = f[2].to_lowercase();
        head += usize::from(got.last() == Some(&gold_head));
        exact += usize::from(f[1].split('|').any(|alt| {
            let mut gold: Vec<String> = alt.split(' ').map(str::to_lowercase).collect();
            gold.push(gold_head.clone());
            gold == got
        }));
    }
    let (mut m, mut split) = (0usize, 0usize);
    for w in simplex.lines().filter(|l| !l.is_empty()) {
        if keep(w) {
            m += 1;
            split += usize::from(s.split(w).is_some());
        }
    }
    assert!(n > 1000 && m > 100, "evaluation data too small: {n}, {m}");
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b as f64;
    Scores {
        head: pct(head, n),
        exact: pct(exact, n),
        false_splits: pct(split, m),
    }
}

#[test]
fn evaluation_germanet_and_simplex_nouns() {
    let Some(dev) = common::shared_data("compound_eval", "germanet-compounds/dev.tsv") else {
        return;
    };
    let Some(simplex) = common::shared_data("compound_eval", "simplex-nouns/dev.txt") else {
        return;
    };
    let tsv = std::fs::read_to_string(dev).unwrap();
    let simplex = std::fs::read_to_string(simplex).unwrap();
    for (name, half) in [("dev", None), ("half A", Some(0)), ("half B", Some(1))] {
        let sc = evaluate(&tsv, &simplex, half);
        println!(
            "compound splitter, {name}: head accuracy {:.2}%, exact splits {:.2}%, false splits {:.2}%",
            sc.head, sc.exact, sc.false_splits
        );
        assert!(
            sc.head >= HEAD_TARGET,
            "{name}: head accuracy {:.2}%",
            sc.head
        );
        assert!(
            sc.false_splits <= 5.0,
            "{name}: false splits {:.2}%",
            sc.false_splits
        );
        assert!(sc.exact >= 86.0, "{name}: exact splits {:.2}%", sc.exact);
    }
}

/// Head accuracy the evaluation asserts: the issue's target (the splitter reaches about 96.1 %
/// on the whole list and on each half, see the printed numbers).
const HEAD_TARGET: f64 = 96.0;
