//! Readers: every format, every kind of bad input, the accounting invariant, round trips.

use crate::common;
use korpus::input::{read_corpus, Accounting, FieldMap, InputFormat, Loaded, ReaderBuilder};
use korpus::output::native;
use korpus::{ErrorKind, Thread};
use std::io::Write;
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    p
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn read(paths: &[PathBuf], b: ReaderBuilder) -> Loaded {
    match read_corpus(paths, b) {
        Ok(l) => l,
        Err(f) => panic!("unexpected error: {}", f.error),
    }
}

fn fail(paths: &[PathBuf], b: ReaderBuilder) -> (korpus::Error, Loaded) {
    match read_corpus(paths, b) {
        Ok(_) => panic!("expected an error"),
        Err(f) => (f.error, *f.partial),
    }
}

fn balanced(a: &Accounting) {
    assert_eq!(a.read, a.used + a.skipped(), "read = used + skipped: {a}");
}

const NESTED: &str = r#"{"id":"p1","title":"Breitband im Kreis","author":"Anke","date":"2019-03-14T09:30:00+01:00","url":"https://blog.example/p1","tags":["Digitalisierung","Breitband"],"text":"Der Ausbau stockt.\n\nWarum?","extra":{"likes":3},"comments":[{"id":"c1","parent":null,"author":"Klaus M.","date":"2019-03-14 11:02:17","text":"Weil keiner zahlt."},{"id":"c2","parent":"c1","author":"Anke","date":"2019-03-14 12:00:00","text":"@Klaus M. Genau so.","score":5}]}
{"id":"p2","title":"Haushalt","text":"Die Haushaltssperre kommt.","comments":[]}
"#;

#[test]
fn nested_jsonl_with_all_fields() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "blog.jsonl", NESTED.as_bytes());
    let l = read(&[p], ReaderBuilder::new());
    assert_eq!(l.corpus.threads.len(), 2);
    let t = &l.corpus.threads[0];
    assert_eq!(t.post.title.as_deref(), Some("Breitband im Kreis"));
    assert_eq!(t.post.tags, ["Digitalisierung", "Breitband"]);
    assert_eq!(
        t.post.date.as_ref().unwrap().timestamp(),
        Some(1_552_552_200)
    );
    assert_eq!(t.post.meta["extra"]["likes"], 3);
    assert_eq!(t.comments[1].parent, Some(0));
    assert_eq!(t.comments[1].meta["score"], 5);
    assert_eq!(t.depths(), vec![1, 2]);
    assert_eq!(
        (l.accounting.read, l.accounting.used, l.accounting.skipped()),
        (2, 2, 0)
    );
}

#[test]
fn nested_round_trip_is_lossless() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "blog.jsonl", NESTED.as_bytes());
    let first = read(&[p], ReaderBuilder::new());
    let mut out = Vec::new();
    for t in &first.corpus.threads {
        native::write_thread(&mut out, t).unwrap();
    }
    let q = write(dir.path(), "again.jsonl", &out);
    let second = read(&[q], ReaderBuilder::new());
    assert_eq!(first.corpus, second.corpus);
    let mut out2 = Vec::new();
    for t in &second.corpus.threads {
        native::write_thread(&mut out2, t).unwrap();
    }
    assert_eq!(out, out2, "writing is stable");
}

#[test]
fn extra_fields_keep_their_order() {
    // The first line is read before the shape is known, the second after: both keep the
    // order of the input, for posts and comments.
    let line = r#"{"a":1,"id":"ID","text":"Filz.","b":2,"author":"X","c":3,"comments":[{"z":1,"id":"c1","y":2,"text":"Ja.","x":3}],"d":4}"#;
    let data = format!(
        "{}\n{}\n",
        line.replace("ID", "p1"),
        line.replace("ID", "p2")
    );
    let l = read_bytes(&data, ReaderBuilder::new().format(InputFormat::Jsonl));
    assert_eq!(l.corpus.threads.len(), 2);
    for t in &l.corpus.threads {
        let post: Vec<&str> = t.post.meta.keys().map(String::as_str).collect();
        assert_eq!(post, ["a", "b", "c", "d"]);
        let comment: Vec<&str> = t.comments[0].meta.keys().map(String::as_str).collect();
        assert_eq!(comment, ["z", "y", "x"]);
    }
}

#[test]
fn flat_jsonl_groups_utterances_into_threads() {
    let flat = r#"{"thread":"t1","id":"t1","parent":null,"author":"Anke","title":"Filz im Rat","text":"Der Rat kungelt.","date":"2020-01-01"}
{"thread":"t2","id":"x1","parent":null,"author":"B","text":"Erster!"}
{"thread":"t1","id":"a","parent":null,"author":"B","text":"Wie immer."}
{"thread":"t1","id":"b","parent":"a","author":"Anke","text":"Leider."}
{"thread":"t1","id":"c","parent":"t1","author":"C","text":"Direkt an den Post."}
"#;
    let l = read_bytes(flat, ReaderBuilder::new().format(InputFormat::Jsonl));
    assert_eq!(l.corpus.threads.len(), 2);
    let t1 = &l.corpus.threads[0];
    assert_eq!(t1.id(), "t1");
    assert!(!t1.post.synthetic);
    assert_eq!(t1.post.title.as_deref(), Some("Filz im Rat"));
    assert_eq!(t1.comments.len(), 3);
    assert_eq!(t1.comments[1].parent, Some(0));
    assert_eq!(t1.comments[2].parent, None);
    assert!(!t1.comments[2].flags.orphan);
    let t2 = &l.corpus.threads[1];
    assert!(t2.post.synthetic);
    assert_eq!(t2.comments.len(), 1);
    assert_eq!((l.accounting.read, l.accounting.used), (5, 5));
}

fn read_bytes(data: &str, b: ReaderBuilder) -> Loaded {
    let mut reader = b.build();
    let mut threads: Vec<Thread> = Vec::new();
    reader
        .read_bytes("mem.jsonl", data.as_bytes(), &mut |t| {
            threads.push(t);
            Ok(())
        })
        .unwrap();
    Loaded {
        corpus: korpus::Corpus { threads },
        accounting: reader.accounting().clone(),
        diagnostics: reader.take_diagnostics(),
    }
}

#[test]
fn field_mapping_for_flat_jsonl() {
    let data = r#"{"article_id": 7, "id": 1, "parent_id": null, "user_id": 42, "created_at": "2015-06-01 08:58:32.363", "body": "Servus", "headline": "", "votes": 3}
{"article_id": 7, "id": 2, "parent_id": 1, "user_id": 43, "created_at": "2015-06-01 09:00:00.000", "body": "Griaß di"}
{"article_id": 7, "id": 3, "parent_id": 99, "user_id": 43, "created_at": "2015-06-01 09:01:00.000", "body": "Wo ist 99?"}
"#;
    let map: FieldMap =
        "thread=article_id,parent=parent_id,author=user_id,date=created_at,text=body,title=headline"
            .parse()
            .unwrap();
    let l = read_bytes(
        data,
        ReaderBuilder::new().format(InputFormat::Jsonl).fields(map),
    );
    let t = &l.corpus.threads[0];
    assert_eq!(t.id(), "7");
    assert_eq!(t.comments[0].author.as_deref(), Some("42"));
    assert_eq!(t.comments[0].meta["votes"], 3);
    assert_eq!(t.comments[1].parent, Some(0));
    assert!(t.comments[2].flags.orphan);
    assert_eq!(l.accounting.orphans, 1);
    assert!(l.diagnostics[0].message.contains("parent is missing"));
}

#[test]
fn csv_and_tsv_with_mapping_quotes_and_newlines() {
    let csv = "article_id,comment_id,parent_id,user,created_at,body\n\
               a1,a1,,Redaktion,2021-05-01,\"Der Post, mit Komma\"\n\
               a1,k1,,\"Müller, Hans\",2021-05-02,\"Er sagte \"\"nein\"\"\nund ging.\"\n\
               a1,k2,k1,Gast,2021-05-03,Antwort\n";
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "c.csv", csv.as_bytes());
    let map: FieldMap =
        "thread=article_id,id=comment_id,parent=parent_id,author=user,date=created_at,text=body"
            .parse()
            .unwrap();
    let l = read(&[p], ReaderBuilder::new().fields(map.clone()));
    let t = &l.corpus.threads[0];
    assert_eq!(t.post.text, "Der Post, mit Komma");
    assert_eq!(t.comments[0].author.as_deref(), Some("Müller, Hans"));
    assert_eq!(t.comments[0].text, "Er sagte \"nein\"\nund ging.");
    assert_eq!(t.comments[1].parent, Some(0));
    let tsv = csv.replace(',', "\t");
    let tsv = tsv.replace("\"Der Post\t mit Komma\"", "Der Post mit Komma");
    let q = write(dir.path(), "c.tsv", tsv.as_bytes());
    let l = read(&[q], ReaderBuilder::new().fields(map));
    assert_eq!(l.corpus.threads[0].comments.len(), 2);
}

#[test]
fn csv_without_thread_column_is_a_table_of_posts() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "docs.csv",
        b"id,title,text\nd1,Eins,Erster Text\nd2,Zwei,Zweiter Text\n",
    );
    let l = read(&[p], ReaderBuilder::new());
    assert_eq!(l.corpus.threads.len(), 2);
    assert_eq!(l.corpus.threads[1].post.title.as_deref(), Some("Zwei"));
}

#[test]
fn plain_text_files_folders_and_gzip() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("blog");
    std::fs::create_dir(&sub).unwrap();
    write(&sub, "b.txt", "Zweiter Beitrag über Klüngel.".as_bytes());
    write(
        &sub,
        "a.txt.gz",
        &gz("Erster Beitrag über Filz.".as_bytes()),
    );
    write(&sub, "notes.bin", b"\x00\x01");
    write(&sub, ".hidden.txt", b"versteckt");
    let l = read(&[sub], ReaderBuilder::new());
    let ids: Vec<&str> = l.corpus.threads.iter().map(|t| t.id()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(l.corpus.threads[0].post.text, "Erster Beitrag über Filz.");
    assert!(l.corpus.threads[0].comments.is_empty());
}

#[test]
fn gzipped_jsonl_is_read_transparently() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "blog.jsonl.gz", &gz(NESTED.as_bytes()));
    let l = read(&[p], ReaderBuilder::new());
    assert_eq!(l.corpus.threads.len(), 2);
}

#[test]
fn broken_json_line_fails_or_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let data = "{\"id\":\"a\",\"text\":\"eins\"}\n{\"id\":\"b\",\"text\":\n{\"id\":\"c\",\"text\":\"drei\"}\n";
    let p = write(dir.path(), "b.jsonl", data.as_bytes());
    let (e, partial) = fail(std::slice::from_ref(&p), ReaderBuilder::new());
    assert!(matches!(e.kind(), ErrorKind::Json(_)));
    assert_eq!(e.position().line, Some(2));
    assert!(e
        .to_string()
        .starts_with(&format!("{}:2: malformed JSON", p.display())));
    balanced(&partial.accounting);
    let l = read(&[p], ReaderBuilder::new().skip_bad(true));
    assert_eq!(l.corpus.threads.len(), 2);
    assert_eq!(
        (l.accounting.read, l.accounting.used, l.accounting.skipped()),
        (3, 2, 1)
    );
    assert_eq!(l.accounting.skipped_by_reason["malformed json"], 1);
    assert!(l.diagnostics[0]
        .to_string()
        .contains(":2: skipped: malformed JSON"));
}

#[test]
fn invalid_utf8_fails_with_offset_or_is_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let mut data =
        b"{\"id\":\"a\",\"text\":\"gut\"}\n{\"id\":\"b\",\"text\":\"B\xfcrger\"}\n".to_vec();
    data.extend_from_slice(b"\n");
    let p = write(dir.path(), "u.jsonl", &data);
    let (e, _) = fail(std::slice::from_ref(&p), ReaderBuilder::new());
    assert!(matches!(e.kind(), ErrorKind::InvalidUtf8));
    assert_eq!(e.position().line, Some(2));
    assert_eq!(e.position().byte, Some(24 + 19));
    assert!(e.to_string().contains("--lossy"));
    let l = read(std::slice::from_ref(&p), ReaderBuilder::new().lossy(true));
    assert_eq!(l.corpus.threads[1].post.text, "B\u{fffd}rger");
    let l = read(&[p], ReaderBuilder::new().skip_bad(true));
    assert_eq!(l.accounting.skipped_by_reason["invalid utf-8"], 1);
    balanced(&l.accounting);
    // Plain text too.
    let t = write(dir.path(), "u.txt", b"Gr\xfc\xdfe");
    let (e, _) = fail(std::slice::from_ref(&t), ReaderBuilder::new());
    assert_eq!(e.position().byte, Some(2));
    let l = read(&[t], ReaderBuilder::new().lossy(true));
    assert_eq!(l.corpus.threads[0].post.text, "Gr\u{fffd}\u{fffd}e");
}

#[test]
fn malformed_csv_row() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "m.csv",
        b"thread,id,text\nt,t,Post\nt,k1\nt,k2,gut\n",
    );
    let (e, _) = fail(std::slice::from_ref(&p), ReaderBuilder::new());
    assert!(matches!(e.kind(), ErrorKind::Csv(_)));
    assert_eq!(e.position().line, Some(3));
    assert!(e.to_string().contains("expected 3 fields, found 2"), "{e}");
    let l = read(&[p], ReaderBuilder::new().skip_bad(true));
    assert_eq!(l.corpus.threads[0].comments.len(), 1);
    assert_eq!(
        (l.accounting.read, l.accounting.used, l.accounting.skipped()),
        (3, 2, 1)
    );
}

#[test]
fn duplicate_ids() {
    // A duplicate comment id inside a nested thread makes the record bad.
    let dup_comment =
        r#"{"id":"p","text":"x","comments":[{"id":"c","text":"1"},{"id":"c","text":"2"}]}"#;
    let mut reader = ReaderBuilder::new().build();
    let e = reader
        .read_bytes("d.jsonl", dup_comment.as_bytes(), &mut |_| Ok(()))
        .unwrap_err();
    assert_eq!(e.to_string(), "d.jsonl:1 record c: duplicate id `c`");
    // A thread id seen twice.
    let dup_thread = "{\"id\":\"p\",\"text\":\"x\"}\n{\"id\":\"p\",\"text\":\"y\"}\n";
    let l = read_bytes(dup_thread, ReaderBuilder::new().skip_bad(true));
    assert_eq!(l.corpus.threads.len(), 1);
    assert_eq!(l.accounting.skipped_by_reason["duplicate id"], 1);
    balanced(&l.accounting);
    // A flat utterance id seen twice in one thread.
    let flat = "{\"thread\":\"t\",\"id\":\"a\",\"text\":\"1\"}\n{\"thread\":\"t\",\"id\":\"a\",\"text\":\"2\"}\n";
    let l = read_bytes(flat, ReaderBuilder::new().skip_bad(true));
    assert_eq!(l.corpus.threads[0].comments.len(), 1);
    assert_eq!(
        (l.accounting.read, l.accounting.used, l.accounting.skipped()),
        (2, 1, 1)
    );
}

#[test]
fn orphans_and_cycles_are_flagged_not_dropped() {
    let data = r#"{"id":"p","text":"Post","comments":[{"id":"a","parent":"b","text":"1"},{"id":"b","parent":"a","text":"2"},{"id":"o","parent":"weg","text":"3"}]}"#;
    let l = read_bytes(data, ReaderBuilder::new());
    let t = &l.corpus.threads[0];
    assert_eq!(t.comments.len(), 3);
    assert_eq!(l.accounting.cycles, 1);
    assert_eq!(l.accounting.orphans, 1);
    assert_eq!(l.diagnostics.len(), 2);
    assert!(l.diagnostics.iter().any(|d| d.message.contains("cycle")));
}

#[test]
fn empty_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "leer.jsonl", b"  \n\n");
    let (e, partial) = fail(std::slice::from_ref(&p), ReaderBuilder::new());
    assert!(matches!(e.kind(), ErrorKind::EmptyFile));
    assert!(e.to_string().ends_with("leer.jsonl: file is empty"));
    balanced(&partial.accounting);
    let q = write(dir.path(), "voll.txt", "Text".as_bytes());
    let l = read(&[p, q], ReaderBuilder::new().skip_bad(true));
    assert_eq!(l.corpus.threads.len(), 1);
    assert_eq!(l.accounting.skipped_by_reason["empty file"], 1);
}

#[test]
fn missing_fields_and_wrong_types() {
    let data = "{\"text\":\"ohne id\"}\n{\"id\":[1],\"text\":\"x\"}\n{\"id\":\"ok\",\"comments\":5}\n[1,2]\n";
    let l = read_bytes(data, ReaderBuilder::new().skip_bad(true));
    assert_eq!(l.corpus.threads.len(), 0);
    let r = &l.accounting.skipped_by_reason;
    assert_eq!(
        (r["missing field"], r["bad field"], r["malformed json"]),
        (1, 2, 1)
    );
    balanced(&l.accounting);
}

#[test]
fn unknown_fields_are_kept_aside() {
    let l = read_bytes(
        r#"{"id":"p","text":"x","quelle":"Amtsblatt"}"#,
        ReaderBuilder::new(),
    );
    assert_eq!(l.corpus.threads[0].post.meta["quelle"], "Amtsblatt");
}

#[test]
fn missing_input_is_an_io_error() {
    let (e, _) = fail(
        &[PathBuf::from("gibt/es/nicht.jsonl")],
        ReaderBuilder::new(),
    );
    assert!(matches!(e.kind(), ErrorKind::Io(_)));
    assert!(e.to_string().starts_with("gibt/es/nicht.jsonl"));
}

#[test]
fn deep_reply_chain_from_jsonl() {
    let n = 100_000;
    let mut s = String::from(r#"{"id":"p","text":"tief","comments":["#);
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        let parent = if i == 0 {
            "null".to_string()
        } else {
            format!("\"{}\"", i - 1)
        };
        s.push_str(&format!(r#"{{"id":"{i}","parent":{parent},"text":"ja"}}"#));
    }
    s.push_str("]}");
    let l = read_bytes(&s, ReaderBuilder::new());
    let t = &l.corpus.threads[0];
    assert_eq!(*t.depths().last().unwrap() as usize, n);
    let mut out = Vec::new();
    native::write_thread(&mut out, t).unwrap();
    assert!(out.len() > s.len() / 2);
}

#[test]
fn one_million_posts_subset() {
    let Some(p) = common::shared_data("one_million_posts_subset", "omp-threads/posts.jsonl") else {
        return;
    };
    let map: FieldMap =
        "thread=article_id,parent=parent_id,author=user_id,date=created_at,text=body,title=headline"
            .parse()
            .unwrap();
    let l = read(&[p], ReaderBuilder::new().fields(map));
    let a = &l.accounting;
    println!("OMP: {a}");
    assert_eq!((a.read, a.used, a.skipped()), (11_773, 11_773, 0));
    assert_eq!(a.threads, 2_174);
    assert_eq!(a.orphans, 1_259);
    assert_eq!(l.corpus.comments(), 11_773);
}

fn samples(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/samples")
        .join(name)
}

#[test]
fn sample_corpus_reads_cleanly() {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let l = read(&[p], ReaderBuilder::new());
    assert_eq!(l.corpus.threads.len(), 45);
    assert_eq!(l.corpus.comments(), 371);
    assert_eq!(
        (
            l.accounting.orphans,
            l.accounting.cycles,
            l.accounting.skipped()
        ),
        (0, 0, 0)
    );
    assert_eq!(l.corpus.threads[0].id(), "p01");
}

#[test]
fn flat_sample_equals_the_nested_threads() {
    let nested = read(
        &[PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/blogs.jsonl")],
        ReaderBuilder::new(),
    );
    let flat = read(&[samples("flat.jsonl")], ReaderBuilder::new());
    assert_eq!(flat.corpus.threads.len(), 2);
    for (f, n) in flat.corpus.threads.iter().zip(&nested.corpus.threads) {
        assert_eq!(f.post.id, n.post.id);
        assert_eq!(f.post.text, n.post.text);
        assert_eq!(f.post.title, n.post.title);
        let ids = |t: &Thread| -> Vec<(String, Option<usize>, String)> {
            t.comments
                .iter()
                .map(|c| (c.id.clone(), c.parent, c.text.clone()))
                .collect()
        };
        assert_eq!(ids(f), ids(n));
    }
}

#[test]
fn csv_sample_with_other_column_names() {
    let map: FieldMap = "thread=article_id,id=comment_id,parent=parent_id,author=user,date=created_at,title=headline,text=body"
        .parse()
        .unwrap();
    let l = read(&[samples("comments.csv")], ReaderBuilder::new().fields(map));
    let sizes: Vec<usize> = l.corpus.threads.iter().map(|t| t.comments.len()).collect();
    assert_eq!(sizes, [6, 5, 4]);
    assert_eq!((l.accounting.read, l.accounting.used), (15, 15));
    let t = &l.corpus.threads[0];
    assert!(t.post.synthetic);
    assert!(t
        .post
        .title
        .as_deref()
        .unwrap()
        .starts_with("Kreistag beschließt"));
    let replies: usize = l
        .corpus
        .threads
        .iter()
        .map(|t| t.comments.iter().filter(|c| c.parent.is_some()).count())
        .sum();
    assert_eq!(replies, 7);
    assert_eq!(
        *l.corpus
            .threads
            .iter()
            .flat_map(|t| t.depths())
            .max()
            .iter()
            .next()
            .unwrap(),
        3
    );
}
