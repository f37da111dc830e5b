//! Discussion statistics over a generated corpus (2,000 threads of 60 comments with German
//! text, branching replies, dates) and over one 100,000-deep reply chain.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use korpus::threads::{author_stats, corpus_stats, thread_stats, StatsOptions};
use korpus::{Comment, Corpus, Date, Post, Thread};

const SENTENCES: &[&str] = &[
    "Die Digitalisierung der Verwaltung kommt in Gütersloh nur langsam voran.",
    "Wer bezahlt eigentlich die neue Wirtschaftsförderung?",
    "@Meier Das sehe ich anders, die Stadt hat längst Geld dafür eingeplant.",
    "Hallo Frau Schulz, ohne Bertelsmann läuft hier doch gar nichts!",
    "Der Filz im Rathaus ist das eigentliche Problem, nicht das Netz.",
    "Glasfaser für alle Ortsteile wäre ein Anfang; bis 2025 wird das aber nichts.",
];

fn corpus(threads: usize, per_thread: usize) -> Corpus {
    let authors = ["Kai", "Uwe", "Anna", "Gast", "Ratsfrau", "Meier", "Schulz"];
    let threads = (0..threads)
        .map(|t| {
            let comments = (0..per_thread)
                .map(|i| {
                    // Every third comment starts a new branch; the others reply to a
                    // recent comment.
                    let parent = (i % 3 != 0).then(|| i - 1 - (i * 7 + t) % i.min(4));
                    Comment {
                        id: i.to_string(),
                        parent,
                        parent_id: parent.map(|p| p.to_string()),
                        author: Some(authors[(i * 5 + t) % authors.len()].into()),
                        date: Some(Date::from_millis(1_550_000_000_000 + (i as i64) * 611_000)),
                        text: format!(
                            "{} {}",
                            SENTENCES[(i + t) % SENTENCES.len()],
                            SENTENCES[(i * 3 + t) % SENTENCES.len()]
                        ),
                        ..Comment::default()
                    }
                })
                .collect();
            Thread {
                post: Post {
                    id: format!("post-{t}"),
                    author: Some("Ratsfrau".into()),
                    date: Some(Date::from_millis(1_550_000_000_000)),
                    text: SENTENCES.join(" ").repeat(3),
                    ..Post::default()
                },
                comments,
            }
        })
        .collect();
    Corpus { threads }
}

fn bytes(c: &Corpus) -> u64 {
    c.threads
        .iter()
        .map(|t| t.post.text.len() + t.comments.iter().map(|c| c.text.len()).sum::<usize>())
        .sum::<usize>() as u64
}

fn bench(c: &mut Criterion) {
    let opts = StatsOptions::default();
    let corpus = corpus(2_000, 60);
    let mut g = c.benchmark_group("threads");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes(&corpus)));
    g.bench_function("corpus_stats 2000x60", |b| {
        b.iter(|| {
            let (total, threads) = corpus_stats(black_box(&corpus), &opts);
            assert_eq!(total.comments, 120_000);
            assert_eq!(threads.len(), 2_000);
        })
    });
    g.bench_function("author_stats 2000x60", |b| {
        b.iter(|| {
            let authors = author_stats(black_box(&corpus), &opts);
            assert_eq!(authors.iter().map(|a| a.comments).sum::<usize>(), 120_000);
        })
    });
    let n: usize = 100_000;
    let chain = Thread {
        post: Post {
            id: "kette".into(),
            text: "Stimmt das?".into(),
            ..Post::default()
        },
        comments: (0..n)
            .map(|i| Comment {
                id: i.to_string(),
                parent: i.checked_sub(1),
                author: Some(["Anna", "Ben"][i % 2].into()),
                text: "Nein, das stimmt nicht.".into(),
                ..Comment::default()
            })
            .collect(),
    };
    g.throughput(Throughput::Bytes(
        (n * "Nein, das stimmt nicht.".len()) as u64,
    ));
    g.bench_function("thread_stats chain 100000", |b| {
        b.iter(|| {
            let s = thread_stats(black_box(&chain), &opts);
            assert_eq!(s.max_depth as usize, n);
            assert_eq!(s.longest_exchange, n);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
