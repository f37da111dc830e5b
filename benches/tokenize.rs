//! Tokenizer throughput on German text.
//!
//! Inputs (each skipped with a message when absent):
//! - `../shared/data/bundestag/speeches_wp19.txt.gz` (≈102 MB of Bundestag speeches), decompressed
//!   once outside the timed loop;
//! - the texts of `corpus/*.jsonl` (every string field named `text`, `body` or `title`);
//! - a built-in German web/CMC sample repeated to 4 MB, so the bench always has input.
//!
//! Each benchmark asserts the token count inside the timed loop.
//! Quick run: `cargo bench --bench tokenize -- --warm-up-time 1 --measurement-time 3`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use korpus::tokenize::Tokenizer;
use std::io::Read;
use std::path::PathBuf;

const SAMPLE: &str =
    "Am 3. Oktober hat z. B. Dr. Meier im 19. Bundestag gesprochen – bzw. es versucht. \
Die Bürger*innen fragen: Warum kostet das 1.000,50 €?! Siehe https://www.bundestag.de/dokumente \
oder schreibt an info@example.de :-) #btw21 @korpus_de\n\nNeuer Absatz... geht's noch? \
Kommunal- und Landespolitik, E-Mail-Verteiler und 27.11.2026 um 19:30 Uhr 👍🏽\n";

fn shared_dir() -> PathBuf {
    match std::env::var_os("KORPUS_SHARED") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
    }
}

fn bundestag() -> Option<String> {
    let path = shared_dir().join("data/bundestag/speeches_wp19.txt.gz");
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(_) => {
            eprintln!("tokenize bench: skipped bundestag: ../shared not found");
            return None;
        }
    };
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::io::BufReader::new(file))
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
}

fn collect_texts(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                match x {
                    serde_json::Value::String(s)
                        if matches!(k.as_str(), "text" | "body" | "title") =>
                    {
                        out.push_str(s);
                        out.push_str("\n\n");
                    }
                    _ => collect_texts(x, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_texts(x, out)),
        _ => {}
    }
}

fn corpus() -> Option<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut text = String::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    for f in files {
        let content = std::fs::read_to_string(&f).ok()?;
        for line in content.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                collect_texts(&v, &mut text);
            }
        }
    }
    if text.is_empty() {
        eprintln!("tokenize bench: skipped corpus/: no corpus/*.jsonl texts");
        return None;
    }
    Some(text)
}

fn bench_input(c: &mut Criterion, name: &str, text: &str) {
    let tok = Tokenizer::new();
    let mut buf = Vec::new();
    tok.tokenize_into(text, &mut buf);
    let n_tokens = buf.len();
    let n_words = tok.words(text).count();
    eprintln!(
        "tokenize bench: {name}: {} bytes, {n_tokens} tokens, {n_words} words, {} sentences",
        text.len(),
        buf.last().map_or(0, |t| t.sentence + 1)
    );
    let mut g = c.benchmark_group(format!("tokenize/{name}"));
    g.throughput(Throughput::Bytes(text.len() as u64));
    if text.len() > 10_000_000 {
        g.sample_size(10);
    }
    g.bench_function("tokenize_into", |b| {
        b.iter(|| {
            tok.tokenize_into(std::hint::black_box(text), &mut buf);
            assert_eq!(buf.len(), n_tokens);
        })
    });
    g.bench_function("words", |b| {
        b.iter(|| {
            let n = tok.words(std::hint::black_box(text)).count();
            assert_eq!(n, n_words);
        })
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    if let Some(text) = bundestag() {
        bench_input(c, "bundestag", &text);
    }
    if let Some(text) = corpus() {
        bench_input(c, "corpus", &text);
    }
    let sample = SAMPLE.repeat(4_000_000 / SAMPLE.len());
    bench_input(c, "web_sample", &sample);
}

criterion_group!(tokenize, benches);
criterion_main!(tokenize);
