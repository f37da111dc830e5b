//! The counting engine: same result for any number of threads, shards that merge into the
//! result of one run, grouped counts, and document frequencies of text files cut into many
//! batches.

use crate::common;
use korpus::engine::{
    count_corpus, count_inputs, Analyzer, AnalyzerOptions, EngineOptions, FreqPartial, GroupBy,
    TermUnit,
};
use korpus::input::ReaderBuilder;
use korpus::{Comment, Corpus, Date, Post, Thread};
use std::io::Read;
use std::path::{Path, PathBuf};

fn blogs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/blogs.jsonl")
}

fn stems() -> Analyzer {
    Analyzer::new(AnalyzerOptions {
        unit: TermUnit::Stem,
        stemmer: korpus::stem::StemmerKind::Snowball,
        ..AnalyzerOptions::default()
    })
}

/// Counts `inputs` on a local pool of `threads` workers with batches of `batch` bytes.
fn run(inputs: &[PathBuf], threads: usize, batch: usize, by: GroupBy) -> FreqPartial {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    let analyzer = stems();
    let opts = EngineOptions {
        by,
        batch_bytes: batch,
        progress: false,
    };
    pool.install(|| count_inputs(inputs, ReaderBuilder::new(), &analyzer, &opts))
        .map_err(|f| f.error.to_string())
        .expect("count")
        .counts
        .to_partial()
}

/// The first `bytes` of the Bundestag text (cut after a line end), in `dir`.
fn bundestag_slice(test: &str, dir: &Path, bytes: usize) -> Option<PathBuf> {
    let gz = common::shared_data(test, "bundestag/speeches_wp19.txt.gz")?;
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(gz).expect("open"))
        .take(bytes as u64)
        .read_to_end(&mut text)
        .expect("gunzip");
    let end = text.iter().rposition(|&b| b == b'\n').expect("a line end") + 1;
    text.truncate(end);
    let p = dir.join("bundestag.txt");
    std::fs::write(&p, &text).expect("write");
    Some(p)
}

fn json(p: &FreqPartial) -> String {
    serde_json::to_string(p).expect("serialise")
}

#[test]
fn same_result_for_any_thread_count_on_blogs() {
    let inputs = [blogs()];
    for by in [GroupBy::None, GroupBy::Part, GroupBy::Thread] {
        let one = run(&inputs, 1, 4096, by);
        assert!(one.groups.values().map(|g| g.tokens).sum::<u64>() > 10_000);
        for n in [2, 3] {
            assert_eq!(
                json(&one),
                json(&run(&inputs, n, 4096, by)),
                "{by:?}, {n} threads"
            );
        }
    }
}

#[test]
fn same_result_for_any_thread_count_on_bundestag() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(text) = bundestag_slice("engine_threads_bundestag", dir.path(), 1 << 20) else {
        return;
    };
    let inputs = [text];
    let one = run(&inputs, 1, 1 << 20, GroupBy::None);
    let g = &one.groups[""];
    assert_eq!(g.docs, 1);
    assert!(g.tokens > 100_000, "{}", g.tokens);
    for n in [1, 2, 3] {
        // Small batches: the file is cut into ~64 slices handed to different workers.
        let many = run(&inputs, n, 16 << 10, GroupBy::None);
        assert_eq!(json(&one), json(&many), "{n} threads");
    }
}

#[test]
fn cli_output_is_byte_identical_for_threads_1_2_3() {
    let out = |n: &str| {
        assert_cmd::Command::cargo_bin("korpus")
            .expect("binary")
            .args([
                "--threads",
                n,
                "freq",
                "--stemmer",
                "snowball",
                "--by",
                "part",
            ])
            .args(["--top", "0", "--quiet", "--format", "tsv"])
            .arg(blogs())
            .output()
            .expect("run")
    };
    let one = out("1");
    assert!(
        one.status.success(),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    assert!(one.stdout.len() > 10_000);
    for n in ["2", "3"] {
        assert_eq!(one.stdout, out(n).stdout, "--threads {n}");
    }
}

/// Splits `lines` into three files in `dir`.
fn shards(dir: &Path, lines: &[&str], ext: &str) -> Vec<PathBuf> {
    let k = lines.len().div_ceil(3);
    lines
        .chunks(k)
        .enumerate()
        .map(|(i, chunk)| {
            let p = dir.join(format!("shard{i}.{ext}"));
            std::fs::write(&p, chunk.join("\n") + "\n").expect("write");
            p
        })
        .collect()
}

/// Counts each shard apart, saves and reloads the partials, merges them.
fn merged(shards: &[PathBuf], by: GroupBy) -> FreqPartial {
    let mut total = FreqPartial::default();
    for s in shards {
        let saved = json(&run(std::slice::from_ref(s), 2, 4096, by));
        let loaded: FreqPartial = serde_json::from_str(&saved).expect("load partial");
        total.merge(loaded).expect("merge");
    }
    total
}

#[test]
fn shards_merge_into_the_single_run_on_blogs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(blogs()).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    let parts = shards(dir.path(), &lines, "jsonl");
    assert_eq!(parts.len(), 3);
    for by in [GroupBy::None, GroupBy::Year, GroupBy::Author] {
        let whole = run(&[blogs()], 2, 4096, by);
        assert_eq!(json(&whole), json(&merged(&parts, by)), "{by:?}");
    }
}

#[test]
fn shards_merge_into_the_single_run_on_bundestag() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(text) = bundestag_slice("engine_merge_bundestag", dir.path(), 600_000) else {
        return;
    };
    let content = std::fs::read_to_string(text).expect("read");
    let lines: Vec<&str> = content.lines().collect();
    let parts = shards(dir.path(), &lines, "txt");
    // One run over the three files (three documents) = the three partials merged.
    let whole = run(&parts, 2, 32 << 10, GroupBy::None);
    assert_eq!(whole.groups[""].docs, 3);
    assert_eq!(json(&whole), json(&merged(&parts, GroupBy::None)));
}

#[test]
fn merging_partials_of_different_settings_fails() {
    let mut stems = run(&[blogs()], 1, 1 << 20, GroupBy::None);
    let lower = Analyzer::new(AnalyzerOptions::default());
    let forms = count_corpus(&tiny(), &lower, GroupBy::None);
    assert!(stems.merge(forms).is_err());
}

#[test]
fn document_frequencies_of_a_text_file_in_many_slices() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("rede.txt");
    let mut text = String::new();
    for i in 0..400 {
        text.push_str(&format!(
            "Die Bürgerinnen und Bürger erwarten Transparenz, Absatz {i}.\n"
        ));
    }
    text.push_str("Zum Schluss noch einmal: Transparenz.\n");
    std::fs::write(&p, &text).expect("write");
    let whole = run(std::slice::from_ref(&p), 1, 1 << 20, GroupBy::None);
    for (threads, batch) in [(1, 64), (2, 100), (3, 257), (2, 4096)] {
        let sliced = run(std::slice::from_ref(&p), threads, batch, GroupBy::None);
        assert_eq!(
            json(&whole),
            json(&sliced),
            "{threads} threads, {batch} bytes"
        );
    }
    let g = &whole.groups[""];
    assert_eq!(g.docs, 1);
    let transparenz = &g.terms["transparenz"];
    assert_eq!((transparenz.count, transparenz.docs), (401, 1));
    assert_eq!(g.terms["absatz"].count, 400);
    // Every term of the one document has document frequency 1.
    assert!(g.terms.values().all(|a| a.docs == 1));
}

#[test]
fn a_line_longer_than_a_batch_is_not_cut_inside_a_word() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("lang.txt");
    let text = "Öffentlichkeitsbeteiligung Übergangsregelung ".repeat(300);
    std::fs::write(&p, &text).expect("write");
    for batch in [50, 77, 1000] {
        let part = run(std::slice::from_ref(&p), 2, batch, GroupBy::None);
        let g = &part.groups[""];
        assert_eq!(g.tokens, 600, "{batch}");
        assert_eq!(g.terms.len(), 2, "{batch}: {:?}", g.terms.keys());
    }
}

fn post(id: &str, author: &str, year: i32, text: &str) -> Post {
    Post {
        id: id.into(),
        author: Some(author.into()),
        date: Some(Date::parse(&format!("{year}-05-01"))),
        text: text.into(),
        ..Post::default()
    }
}

fn comment(id: &str, author: Option<&str>, text: &str) -> Comment {
    Comment {
        id: id.into(),
        author: author.map(Into::into),
        text: text.into(),
        ..Comment::default()
    }
}

/// Two threads, hand-counted.
fn tiny() -> Corpus {
    Corpus {
        threads: vec![
            Thread {
                post: post("a", "Anna", 2019, "Die Wahl war knapp. Die Wahl!"),
                comments: vec![
                    comment("a1", Some("Bernd"), "Wahl und Wahlrecht"),
                    comment("a2", None, "Knapp ist knapp."),
                ],
            },
            Thread {
                post: post("b", "Bernd", 2020, "Wahlrecht für alle"),
                comments: vec![comment("b1", Some("Anna"), "Wahl")],
            },
        ],
    }
}

#[test]
fn grouped_counts_of_a_tiny_corpus() {
    let a = Analyzer::new(AnalyzerOptions::default()); // lowercased forms
    let c = tiny();
    let all = count_corpus(&c, &a, GroupBy::None);
    let g = &all.groups[""];
    assert_eq!(g.docs, 5);
    // die wahl war knapp die wahl | wahl und wahlrecht | knapp ist knapp |
    // wahlrecht für alle | wahl
    assert_eq!(g.tokens, 6 + 3 + 3 + 3 + 1);
    let wahl = g.terms["wahl"];
    assert_eq!((wahl.count, wahl.docs), (4, 3));
    let knapp = g.terms["knapp"];
    assert_eq!((knapp.count, knapp.docs), (3, 2));
    assert_eq!(g.terms["wahlrecht"].docs, 2);
    assert_eq!(all.display("wahl"), "Wahl");

    let part = count_corpus(&c, &a, GroupBy::Part);
    assert_eq!(part.groups["post"].docs, 2);
    assert_eq!(part.groups["comments"].docs, 3);
    assert_eq!(part.groups["post"].terms["wahl"].count, 2);
    assert_eq!(part.groups["comments"].terms["wahl"].count, 2);
    assert_eq!(part.groups["comments"].terms["wahl"].docs, 2);

    let author = count_corpus(&c, &a, GroupBy::Author);
    let names: Vec<&str> = author.groups.keys().map(String::as_str).collect();
    assert_eq!(names, ["(anonymous)", "Anna", "Bernd"]);
    assert_eq!(author.groups["Anna"].docs, 2);
    assert_eq!(author.groups["Anna"].terms["wahl"].count, 3);
    assert_eq!(author.groups["(anonymous)"].terms["knapp"].count, 2);

    // Comments without a date are "unknown".
    let year = count_corpus(&c, &a, GroupBy::Year);
    assert_eq!(year.groups["2019"].docs, 1);
    assert_eq!(year.groups["unknown"].docs, 3);
    assert_eq!(year.groups["2020"].terms["wahlrecht"].count, 1);

    let thread = count_corpus(&c, &a, GroupBy::Thread);
    assert_eq!(thread.groups["a"].docs, 3);
    let b = thread.groups["b"].terms["wahl"];
    assert_eq!((b.count, b.docs), (1, 1));
}

#[test]
fn groups_of_blogs_add_up_to_the_whole() {
    let whole = run(&[blogs()], 2, 8192, GroupBy::None);
    let w = &whole.groups[""];
    assert!(w.docs > 400, "{}", w.docs);
    for by in [
        GroupBy::Part,
        GroupBy::Year,
        GroupBy::Author,
        GroupBy::Thread,
    ] {
        let p = run(&[blogs()], 2, 8192, by);
        assert!(p.groups.len() >= 2, "{by:?}");
        let sum = |f: &dyn Fn(&korpus::engine::GroupPartial) -> u64| -> u64 {
            p.groups.values().map(f).sum()
        };
        assert_eq!(sum(&|g| g.docs), w.docs, "{by:?}");
        assert_eq!(sum(&|g| g.tokens), w.tokens, "{by:?}");
        assert_eq!(sum(&|g| g.terms_counted), w.terms_counted, "{by:?}");
        for (t, a) in &w.terms {
            let count: u64 = p
                .groups
                .values()
                .filter_map(|g| g.terms.get(t))
                .map(|x| x.count)
                .sum();
            let docs: u64 = p
                .groups
                .values()
                .filter_map(|g| g.terms.get(t))
                .map(|x| x.docs)
                .sum();
            assert_eq!(count, a.count, "{by:?} {t}");
            // A document is in one group, so document frequencies add up too.
            assert_eq!(docs, a.docs, "{by:?} {t}");
        }
    }
    let part = run(&[blogs()], 2, 8192, GroupBy::Part);
    assert_eq!(part.groups["post"].docs, 45);
}

/// The tables of a run come straight from its counts; they equal those of its partial result.
#[test]
fn tables_of_the_counts_equal_those_of_the_partial() {
    let analyzer = stems();
    for by in [GroupBy::None, GroupBy::Author, GroupBy::Year] {
        let opts = EngineOptions {
            by,
            ..EngineOptions::default()
        };
        let run = count_inputs(&[blogs()], ReaderBuilder::new(), &analyzer, &opts)
            .map_err(|f| f.error.to_string())
            .expect("count");
        let partial = run.counts.to_partial();
        let names: Vec<&str> = run.counts.groups().map(|(n, _)| n).collect();
        let keys: Vec<&str> = partial.groups.keys().map(String::as_str).collect();
        assert_eq!(names, keys, "{by:?}");
        for (name, stats) in run.counts.groups() {
            let g = &partial.groups[name];
            assert_eq!(
                (stats.docs, stats.tokens, stats.terms_counted),
                (g.docs, g.tokens, g.terms_counted)
            );
            for top in [0, 1, 10] {
                let rows = run.counts.table(name, top);
                assert_eq!(rows, partial.table(name, top), "{by:?} {name} {top}");
                assert!(top == 0 || rows.len() <= top);
            }
        }
    }
}

/// Flat records (CSV, flat JSONL) in an awkward order: interleaved threads, a comment before
/// its post, a thread without a post record, an orphan, a parent cycle, a duplicate comment
/// id and a duplicate post record, a thread again in a second file, and an extra field.
fn flat_shards(dir: &Path) -> Vec<PathBuf> {
    let csv = "thread,id,parent,author,date,text,likes\n\
        t1,k1,t1,Anke,2019-05-01,Wieder hinter verschlossenen Türen beraten.,3\n\
        t2,t2,,Rat,2020-01-02,Der Haushalt und die Gewerbesteuer.,\n\
        t1,t1,,Redaktion,2019-04-30,Filz im Rathaus: die Vergabe der Aufträge.,1\n\
        t3,m1,,,2021-03-03,Ohne Post: nur Kommentare zur Transparenz.,\n\
        t1,k2,k1,Bernd,2019-05-02,Filz bleibt Filz. Transparenz jetzt!,\n\
        t3,m2,m9,Anke,2021-03-04,Die Eltern fehlen; die Digitalisierung auch.,\n\
        t2,c1,c2,Carla,2020-01-03,Zirkel eins.,\n\
        t2,c2,c1,Dora,2020-01-04,Zirkel zwei: die Gewerbesteuer.,\n\
        t1,k2,,Bernd,2019-05-03,Doppelt.,\n\
        t2,t2,,Rat,2020-01-05,Der Post noch einmal.,\n";
    let jsonl = r#"{"thread":"t4","id":"n1","parent":"t4","author":"Anke","text":"Breitband für alle Schulen."}
{"thread":"t4","id":"t4","author":"Redaktion","date":"2022-02-02","text":"Digitalisierung der Verwaltung."}
{"thread":"t1","id":"x1","author":"Eva","text":"Schon wieder der Filz."}
"#;
    let a = dir.join("a.csv");
    let b = dir.join("b.jsonl");
    std::fs::write(&a, csv).expect("write");
    std::fs::write(&b, jsonl).expect("write");
    vec![a, b]
}

#[test]
fn streamed_flat_records_are_counted_as_whole_threads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = flat_shards(dir.path());
    // Whole threads, as every other command reads them.
    let whole = korpus::input::read_corpus(&inputs, ReaderBuilder::new().skip_bad(true))
        .map_err(|f| f.error.to_string())
        .expect("read");
    assert_eq!(whole.corpus.threads.len(), 4);
    let a = stems();
    for by in [
        GroupBy::None,
        GroupBy::Part,
        GroupBy::Author,
        GroupBy::Year,
        GroupBy::Thread,
    ] {
        let expected = count_corpus(&whole.corpus, &a, by);
        for threads in [1, 2] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            let opts = EngineOptions {
                by,
                ..EngineOptions::default()
            };
            let run = pool
                .install(|| count_inputs(&inputs, ReaderBuilder::new().skip_bad(true), &a, &opts))
                .map_err(|f| f.error.to_string())
                .expect("count");
            assert_eq!(
                run.counts.to_partial(),
                expected,
                "{by:?}, {threads} threads"
            );
            assert_eq!(run.accounting, whole.accounting);
            assert_eq!(run.diagnostics, whole.diagnostics);
        }
    }
    let acc = &whole.accounting;
    assert_eq!((acc.read, acc.used, acc.threads), (13, 10, 4));
    assert_eq!((acc.orphans, acc.cycles), (1, 1));
}

#[test]
fn streamed_records_carry_what_whole_threads_carry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = flat_shards(dir.path());
    let mut fragments = Vec::new();
    let mut reader = ReaderBuilder::new()
        .skip_bad(true)
        .stream_records(true)
        .build();
    reader
        .read_paths(&inputs, &mut |t| {
            fragments.push(t);
            Ok(())
        })
        .expect("read");
    let whole = korpus::input::read_corpus(&inputs, ReaderBuilder::new().skip_bad(true))
        .map_err(|f| f.error.to_string())
        .expect("read");
    assert_eq!(reader.accounting(), &whole.accounting);
    assert_eq!(reader.diagnostics(), &whole.diagnostics[..]);
    // Each record on its own, as it was read: (thread, id, author, text), sorted.
    let records = |threads: &[Thread]| {
        let mut out: Vec<(String, String, Option<String>, String)> = Vec::new();
        for t in threads {
            if !t.post.synthetic {
                let p = &t.post;
                out.push((
                    t.id().into(),
                    p.id.clone(),
                    p.author.clone(),
                    p.text.clone(),
                ));
            }
            for c in &t.comments {
                out.push((
                    t.id().into(),
                    c.id.clone(),
                    c.author.clone(),
                    c.text.clone(),
                ));
            }
        }
        out.sort();
        out
    };
    assert!(fragments.iter().all(|t| t.comments.len() <= 1));
    assert_eq!(records(&fragments), records(&whole.corpus.threads));
    // Extra fields come along.
    let k1 = fragments
        .iter()
        .find(|t| t.comments.first().is_some_and(|c| c.id == "k1"));
    assert_eq!(
        k1.map(|t| t.comments[0].meta["likes"].clone()),
        Some("3".into())
    );
}

#[test]
fn inputs_are_taken_as_every_command_takes_them() {
    // A folder of WordPress and Blogger exports and saved blog pages, and a ConvoKit corpus
    // folder: counted as the threads the reader makes of them, not as plain text (markup
    // and all), and the ConvoKit companion files are not inputs of their own.
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().expect("tempdir");
    let blogs = korpus::input::read_corpus(&[blogs()], ReaderBuilder::new())
        .map_err(|f| f.error.to_string())
        .expect("read");
    let ck = dir.path().join("ck");
    korpus::output::convokit::write(&ck, &blogs.corpus).expect("write convokit");
    let a = stems();
    for inputs in [
        vec![fixtures.clone()],
        vec![ck.clone()],
        vec![ck.join("utterances.jsonl")],
    ] {
        let whole = korpus::input::read_corpus(&inputs, ReaderBuilder::new())
            .map_err(|f| f.error.to_string())
            .expect("read");
        assert!(whole.accounting.threads > 1);
        let run = count_inputs(&inputs, ReaderBuilder::new(), &a, &EngineOptions::default())
            .map_err(|f| f.error.to_string())
            .expect("count");
        assert_eq!(run.accounting, whole.accounting, "{inputs:?}");
        let expected = count_corpus(&whole.corpus, &a, GroupBy::None);
        assert_eq!(run.counts.to_partial(), expected, "{inputs:?}");
    }
}
