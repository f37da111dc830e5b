//! The counting engine: the full pipeline of `korpus freq --stemmer snowball` (read →
//! tokenize → normalise → stopwords → stem → count → top terms) and the count stage alone.
//!
//! Inputs: `../shared/data/bundestag/speeches_wp19.txt.gz` (decompressed once, outside the
//! timed loop, to a temporary file; skipped with a message when absent) and `corpus/`.
//! Each benchmark asserts its token count inside the timed loop.
//! Quick run: `cargo bench --bench pipeline -- --warm-up-time 1 --measurement-time 5`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use korpus::engine::{count_inputs, Analyzer, AnalyzerOptions, Counter, EngineOptions, TermUnit};
use korpus::input::ReaderBuilder;
use korpus::stem::StemmerKind;
use std::io::Read;
use std::path::{Path, PathBuf};

fn shared_dir() -> PathBuf {
    match std::env::var_os("KORPUS_SHARED") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    }
}

fn bundestag() -> Option<Vec<u8>> {
    let path = shared_dir().join("data/bundestag/speeches_wp19.txt.gz");
    let Ok(file) = std::fs::File::open(&path) else {
        eprintln!("pipeline bench: skipped bundestag: ../shared not found");
        return None;
    };
    let mut text = Vec::new();
    flate2::read::MultiGzDecoder::new(std::io::BufReader::new(file))
        .read_to_end(&mut text)
        .ok()?;
    Some(text)
}

fn analyzer() -> Analyzer {
    Analyzer::new(AnalyzerOptions {
        unit: TermUnit::Stem,
        stemmer: StemmerKind::Snowball,
        ..AnalyzerOptions::default()
    })
}

/// The full pipeline over `inputs`: tokens seen, and the top 50 terms' total count.
fn full(inputs: &[PathBuf], a: &Analyzer) -> (u64, u64) {
    let run = count_inputs(inputs, ReaderBuilder::new(), a, &EngineOptions::default())
        .unwrap_or_else(|f| panic!("{}", f.error));
    let tokens = run.counts.groups().map(|(_, g)| g.tokens).sum();
    let top = run.counts.table("", 50).iter().map(|r| r.count).sum();
    (tokens, top)
}

fn size(paths: &[PathBuf]) -> u64 {
    paths
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum()
}

fn bench(c: &mut Criterion) {
    let a = analyzer();
    let mut g = c.benchmark_group("pipeline");
    g.sample_size(10);

    let corpus: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
            .map(|d| {
                d.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                    .collect()
            })
            .unwrap_or_default();
    if !corpus.is_empty() {
        let expected = full(&corpus, &a);
        g.throughput(Throughput::Bytes(size(&corpus)));
        g.bench_function("full/corpus", |b| {
            b.iter(|| assert_eq!(full(&corpus, &a), expected))
        });
    }

    if let Some(text) = bundestag() {
        let dir = std::env::temp_dir().join(format!("korpus-bench-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let file = dir.join("bundestag.txt");
        if std::fs::write(&file, &text).is_ok() {
            let inputs = [file];
            let expected = full(&inputs, &a);
            g.throughput(Throughput::Bytes(text.len() as u64));
            g.bench_function("full/bundestag", |b| {
                b.iter(|| assert_eq!(full(&inputs, &a), expected))
            });
        }
        let _ = std::fs::remove_dir_all(&dir);

        // The count stage alone (one worker, text in memory): the first 10 MB.
        let mut end = text.len().min(10 << 20);
        while end < text.len() && text[end] != b'\n' {
            end += 1;
        }
        let slice = String::from_utf8_lossy(&text[..end]).into_owned();
        let count = |s: &str| {
            let mut c = Counter::new(&a);
            c.add_document("");
            c.add_text(s, 0, "", false);
            c.into_counts().groups().map(|(_, g)| g.tokens).sum::<u64>()
        };
        let expected = count(&slice);
        g.throughput(Throughput::Bytes(slice.len() as u64));
        g.bench_function("count/bundestag-10MB", |b| {
            b.iter(|| assert_eq!(count(&slice), expected))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
