//! Keyterm extraction speed: counting and ranking German blog posts against the shipped
//! reference list. Uses the bundled sample corpus (posts and comments of 45 threads), so it
//! runs without the shared data.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use korpus::terms::keyterms::{Extractor, KeytermOptions};
use std::hint::black_box;

fn texts() -> Vec<String> {
    korpus::sample::JSONL
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| {
            let mut t = v["text"].as_str().unwrap_or("").to_string();
            if let Some(cs) = v["comments"].as_array() {
                for c in cs {
                    t.push('\n');
                    t.push_str(c["text"].as_str().unwrap_or(""));
                }
            }
            t
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let docs = texts();
    let bytes: usize = docs.iter().map(String::len).sum();
    // As `korpus keyterms` ranks documents: with the position weight.
    let ex = Extractor::new(KeytermOptions {
        position_weight: KeytermOptions::POSITION_WEIGHT,
        ..KeytermOptions::default()
    });
    let mut g = c.benchmark_group("keyterms");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(20);
    g.bench_function("sample_corpus_top10", |b| {
        b.iter(|| {
            let n: usize = docs
                .iter()
                .map(|d| ex.keyterms(None, black_box(d), 10).len())
                .sum();
            // Every thread of the sample corpus yields ten keyterms.
            assert_eq!(n, 10 * docs.len());
            n
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
