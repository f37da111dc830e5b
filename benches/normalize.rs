//! Normalisation throughput on the words of the Bundestag speeches
//! (`../shared/data/bundestag`), with the default options and with every option on.
//! Skipped when `../shared` is absent.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use flate2::read::GzDecoder;
use korpus::normalize::{Normalizer, NormalizerOptions, Stopwords, UmlautFolding};

/// Number of whitespace-separated words read from the start of the corpus.
const WORDS: usize = 500_000;

/// The first [`WORDS`] whitespace-separated words of the Bundestag text, if available.
fn bundestag_words() -> Option<Vec<String>> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/bundestag/speeches_wp19.txt.gz");
    let Ok(f) = std::fs::File::open(&p) else {
        eprintln!("normalize bench: skipped: ../shared not found");
        return None;
    };
    let mut words = Vec::with_capacity(WORDS);
    for line in BufReader::new(GzDecoder::new(f)).lines() {
        let line = line.expect("read the Bundestag text");
        for w in line.split_whitespace() {
            words.push(w.to_string());
            if words.len() == WORDS {
                return Some(words);
            }
        }
    }
    Some(words)
}

fn bench(c: &mut Criterion) {
    let Some(words) = bundestag_words() else {
        return;
    };
    let bytes: u64 = words.iter().map(|w| w.len() as u64).sum();
    let all = NormalizerOptions {
        umlauts: UmlautFolding::Expand,
        gender: true,
        ..NormalizerOptions::default()
    };
    let mut g = c.benchmark_group("normalize");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes));
    for (name, opts) in [("default", NormalizerOptions::default()), ("all", all)] {
        let n = Normalizer::new(opts);
        let expected_changed = words
            .iter()
            .filter(|w| n.normalize(w) != w.as_str())
            .count();
        g.bench_function(name, |b| {
            b.iter(|| {
                let changed = words
                    .iter()
                    .filter(|w| n.normalize(black_box(w)) != w.as_str())
                    .count();
                assert_eq!(changed, expected_changed);
            })
        });
    }
    let n = Normalizer::default();
    let stop = Stopwords::german();
    let expected_stop = words
        .iter()
        .filter(|w| stop.contains(&n.normalize(w)))
        .count();
    g.bench_function("default+stopwords", |b| {
        b.iter(|| {
            let hits = words
                .iter()
                .filter(|w| stop.contains(&n.normalize(black_box(w))))
                .count();
            assert_eq!(hits, expected_stop);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
