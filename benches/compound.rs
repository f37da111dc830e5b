//! Compound splitting speed over distinct words: the distinct words of the first paragraphs of
//! the Bundestag speeches (a realistic vocabulary) and the GermaNet compounds (all compounds,
//! the worst case). Needs `../shared/data`; prints a note and measures nothing without it.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use flate2::read::MultiGzDecoder;
use korpus::stem::compound::Splitter;

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    p.is_dir().then_some(p)
}

fn bundestag_vocabulary(data: &Path, max: usize) -> Vec<String> {
    let file = std::fs::File::open(data.join("bundestag/speeches_wp19.txt.gz")).unwrap();
    let mut words = BTreeSet::new();
    for line in BufReader::new(MultiGzDecoder::new(file)).lines() {
        for w in line
            .unwrap()
            .split(|c: char| !c.is_alphabetic() && c != '-')
        {
            if !w.is_empty() {
                words.insert(w.to_string());
            }
        }
        if words.len() >= max {
            break;
        }
    }
    words.into_iter().collect()
}

fn bench(c: &mut Criterion) {
    let Some(data) = shared() else {
        eprintln!("benches/compound: skipped: ../shared not found");
        return;
    };
    let splitter = Splitter::german();
    let germanet: Vec<String> = std::fs::read_to_string(data.join("germanet-compounds/dev.tsv"))
        .unwrap()
        .lines()
        .skip(2)
        .filter_map(|l| l.split('\t').next().map(str::to_string))
        .collect();
    let sets = [
        ("bundestag_vocabulary", bundestag_vocabulary(&data, 50_000)),
        ("germanet_compounds", germanet),
    ];
    let mut group = c.benchmark_group("compound_split");
    group.sample_size(10);
    for (name, words) in &sets {
        let expected = words.iter().filter(|w| splitter.split(w).is_some()).count();
        let bytes: usize = words.iter().map(String::len).sum();
        eprintln!("{name}: {} distinct words, {expected} split", words.len());
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(*name, |b| {
            b.iter(|| {
                let n = words.iter().filter(|w| splitter.split(w).is_some()).count();
                assert_eq!(n, expected);
                n
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
