//! Stemming throughput on words of the Bundestag speeches (`../shared/data/bundestag`):
//! distinct words stemmed without a cache (words/s), and a token stream through a
//! [`StemCache`] (bytes/s), cold and warm. Skipped when `../shared` is absent.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use flate2::read::GzDecoder;
use korpus::stem::{StemCache, Stemmer, StemmerKind};

/// Number of word tokens read from the start of the corpus.
const TOKENS: usize = 300_000;

/// The first [`TOKENS`] words (letters and digits) of the Bundestag text, if available.
fn bundestag_words() -> Option<Vec<String>> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/bundestag/speeches_wp19.txt.gz");
    let Ok(f) = std::fs::File::open(&p) else {
        eprintln!("stem bench: skipped: ../shared not found");
        return None;
    };
    let mut words = Vec::with_capacity(TOKENS);
    for line in BufReader::new(GzDecoder::new(f)).lines() {
        let line = line.expect("read the Bundestag text");
        for w in line
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            words.push(w.to_string());
            if words.len() == TOKENS {
                return Some(words);
            }
        }
    }
    Some(words)
}

fn bench(c: &mut Criterion) {
    let Some(tokens) = bundestag_words() else {
        return;
    };
    let bytes: u64 = tokens.iter().map(|w| w.len() as u64).sum();
    let mut distinct: Vec<&str> = tokens.iter().map(String::as_str).collect();
    distinct.sort_unstable();
    distinct.dedup();

    let mut g = c.benchmark_group("stem_distinct_words");
    g.sample_size(10);
    g.throughput(Throughput::Elements(distinct.len() as u64));
    for kind in StemmerKind::ALL {
        let stemmer = Stemmer::new(kind);
        g.bench_function(kind.name(), |b| {
            b.iter(|| {
                let n = distinct
                    .iter()
                    .filter(|w| !stemmer.stem(black_box(w)).is_empty())
                    .count();
                assert_eq!(n, distinct.len());
            })
        });
    }
    g.finish();

    let mut g = c.benchmark_group("stem_cache_tokens");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes));
    for kind in StemmerKind::ALL {
        g.bench_function(format!("{kind}/cold"), |b| {
            b.iter(|| {
                let mut cache = StemCache::new(Stemmer::new(kind));
                let mut n = 0usize;
                for w in &tokens {
                    n += usize::from(!cache.stem_counting(black_box(w)).is_empty());
                }
                assert_eq!(n, tokens.len());
                assert_eq!(cache.len(), distinct.len());
            })
        });
        let mut warm = StemCache::new(Stemmer::new(kind));
        for w in &tokens {
            warm.stem(w);
        }
        g.bench_function(format!("{kind}/warm"), |b| {
            b.iter(|| {
                let mut n = 0usize;
                for w in &tokens {
                    n += usize::from(!warm.stem_counting(black_box(w)).is_empty());
                }
                assert_eq!(n, tokens.len());
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
