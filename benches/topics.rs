//! Topic matching and DTM building speed, in bytes of text per second.
//!
//! Inputs: the sample corpus (`corpus/blogs.jsonl`) and, when `../shared` is present, the
//! first 8 MB of the Bundestag speeches (`bundestag/speeches_wp19.txt.gz`), cut into
//! paragraphs. Each timed loop asserts the expected number of hits.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use korpus::engine::{Analyzer, AnalyzerOptions};
use korpus::input::{read_corpus, ReaderBuilder};
use korpus::terms::dictionary::Dictionary;
use korpus::terms::dtm::{DocUnit, Dtm};
use korpus::terms::topics::TopicMatcher;
use std::io::Read;
use std::path::Path;

fn texts_of_sample() -> (korpus::Corpus, Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/blogs.jsonl");
    let corpus = read_corpus(&[path], ReaderBuilder::new())
        .expect("sample corpus")
        .corpus;
    let mut texts = Vec::new();
    for t in &corpus.threads {
        texts.push(t.post.text.clone());
        texts.extend(t.comments.iter().map(|c| c.text.clone()));
    }
    (corpus, texts)
}

fn bundestag() -> Option<Vec<String>> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/bundestag/speeches_wp19.txt.gz");
    let f = std::fs::File::open(path).ok()?;
    let mut buf = Vec::new();
    flate2::read::GzDecoder::new(f)
        .take(8 << 20)
        .read_to_end(&mut buf)
        .ok()?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    Some(text.lines().map(str::to_string).collect())
}

fn hits(m: &TopicMatcher, texts: &[String]) -> usize {
    let mut s = m.scanner();
    let mut out = Vec::new();
    for t in texts {
        s.scan(t, &mut out);
    }
    out.len()
}

fn bench(c: &mut Criterion) {
    let m = TopicMatcher::new(Dictionary::german_politics());
    let (corpus, sample) = texts_of_sample();
    let mut sets = vec![("sample", sample)];
    if let Some(b) = bundestag() {
        sets.push(("bundestag-8MB", b));
    }
    let mut g = c.benchmark_group("topics");
    g.sample_size(10);
    for (name, texts) in &sets {
        let bytes: usize = texts.iter().map(String::len).sum();
        let expected = hits(&m, texts);
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function(format!("scan/{name}"), |b| {
            b.iter(|| assert_eq!(hits(&m, texts), expected))
        });
    }
    let expected = m.count_corpus(&corpus);
    let bytes: usize = sets[0].1.iter().map(String::len).sum();
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("count_corpus/sample", |b| {
        b.iter(|| assert_eq!(m.count_corpus(&corpus), expected))
    });
    let analyzer = Analyzer::new(AnalyzerOptions::default());
    let cells = Dtm::build(&corpus, &analyzer, DocUnit::Document)
        .entries
        .len();
    g.bench_function("dtm/sample", |b| {
        b.iter(|| {
            assert_eq!(
                Dtm::build(&corpus, &analyzer, DocUnit::Document)
                    .entries
                    .len(),
                cells
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
