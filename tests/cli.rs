//! The command line: exit codes, accounting line, formats, broken pipes.

use crate::common;
use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn korpus() -> Command {
    Command::cargo_bin("korpus").unwrap()
}

fn write(dir: &Path, name: &str, data: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    p
}

#[test]
fn analyze_without_input_uses_the_bundled_corpus() {
    let dir = tempfile::tempdir().unwrap();
    korpus()
        .current_dir(dir.path())
        .arg("analyze")
        .assert()
        .success()
        .stdout(predicate::str::contains("== Corpus"))
        .stdout(predicate::str::contains("== Topics"))
        .stdout(predicate::str::contains("== Keyterms"))
        .stdout(predicate::str::contains("== Discussions"))
        .stderr(predicate::str::contains("records: read"));
}

#[test]
fn broken_line_fails_without_skip_bad_and_is_counted_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "b.jsonl",
        "{\"id\":\"a\",\"text\":\"eins\"}\n{\"id\":\"b\"\n{\"id\":\"c\",\"text\":\"drei\"}\n",
    );
    korpus()
        .args(["info", "--format", "json"])
        .arg(&p)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("b.jsonl:2: malformed JSON"))
        .stderr(predicate::str::contains(
            "records: read 2, used 1, skipped 1",
        ));
    let out = korpus()
        .args(["info", "--format", "json", "--skip-bad"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "b.jsonl:2: skipped: malformed JSON",
        ))
        .stderr(predicate::str::contains(
            "records: read 3, used 2, skipped 1 (malformed json: 1)",
        ))
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["threads"], 2);
    assert_eq!(v["records_read"], 3);
    assert_eq!(v["records_used"], 2);
    assert_eq!(v["records_skipped"], 1);
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    korpus()
        .args(["info", "--input-format", "xml", "x.jsonl"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown input format `xml`"));
    korpus()
        .args(["info", "--fields", "autor=user", "x.jsonl"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field `autor`"));
    korpus()
        .args(["info", "does-not-exist.jsonl"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "does-not-exist.jsonl: no such file",
        ))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn every_tabular_format_of_info() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.txt", "Transparenz im Rathaus fehlt.");
    for (fmt, needle) in [
        ("table", "whitespace_tokens"),
        ("json", "\"threads\": 1"),
        ("jsonl", "\"threads\":1"),
        ("csv", "threads,posts,comments"),
        ("tsv", "threads\tposts\tcomments"),
    ] {
        korpus()
            .args(["info", "--format", fmt])
            .arg(&p)
            .assert()
            .success()
            .stdout(predicate::str::contains(needle));
    }
}

#[test]
fn convert_reads_stdin_and_writes_nested_jsonl() {
    let flat = "{\"thread\":\"t\",\"id\":\"t\",\"text\":\"Post\"}\n{\"thread\":\"t\",\"id\":\"k\",\"parent\":null,\"text\":\"Kommentar\"}\n";
    let out = korpus()
        .args(["convert", "--to", "jsonl", "--input-format", "jsonl", "-"])
        .write_stdin(flat)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["id"], "t");
    assert_eq!(v["comments"][0]["text"], "Kommentar");
}

#[test]
fn output_file_option() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "a.txt", "Klüngel");
    let out = dir.path().join("info.json");
    korpus()
        .args(["info", "--format", "json", "-o"])
        .arg(&out)
        .arg(&p)
        .assert()
        .success()
        .stdout("");
    assert!(std::fs::read_to_string(out)
        .unwrap()
        .contains("\"threads\": 1"));
}

#[test]
fn broken_pipe_exits_quietly() {
    // Write far more than a pipe buffer into a reader that closes at once.
    let dir = tempfile::tempdir().unwrap();
    let mut s = String::new();
    for i in 0..20_000 {
        s.push_str(&format!(
            "{{\"id\":\"p{i}\",\"text\":\"Beitrag Nummer {i} über Filz und Klüngel im Rat\"}}\n"
        ));
    }
    let p = write(dir.path(), "many.jsonl", &s);
    let bin = assert_cmd::cargo::cargo_bin("korpus");
    let mut child = std::process::Command::new(bin)
        .args(["convert", "--to", "jsonl"])
        .arg(&p)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {err}");
    assert!(!err.contains("panicked") && !err.contains("error"), "{err}");
}

#[test]
fn one_million_posts_info() {
    let Some(p) = common::shared_data("one_million_posts_info", "omp-threads/posts.jsonl") else {
        return;
    };
    let out = korpus()
        .args([
            "info",
            "--format",
            "json",
            "--fields",
            "thread=article_id,parent=parent_id,author=user_id,date=created_at,text=body,title=headline",
        ])
        .arg(p)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["records_read"], 11_773);
    assert_eq!(v["records_used"], 11_773);
    assert_eq!(v["threads"], 2_174);
    assert_eq!(v["comments"], 11_773);
    assert_eq!(v["orphans"], 1_259);
}

#[test]
fn tokenize_formats() {
    let text = "Das ist z.B. am 3. Oktober passiert :-)\n\nNeuer Absatz.";
    korpus()
        .args(["tokenize", "-"])
        .write_stdin(text)
        .assert()
        .success()
        .stdout("Das\nist\nz.\nB.\nam\n3.\nOktober\npassiert\n:-)\n\nNeuer\nAbsatz\n.\n");
    let out = korpus()
        .args([
            "tokenize",
            "--format",
            "jsonl",
            "--input-format",
            "text",
            "-",
        ])
        .write_stdin(text)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let first: serde_json::Value =
        serde_json::from_str(String::from_utf8(out).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(first["text"], "Das");
    assert_eq!(first["kind"], "word");
    assert!(first.get("doc").is_none());
    let conllu = korpus()
        .args(["tokenize", "--format", "conllu", "--stem", "-"])
        .write_stdin("Die Wahlen kamen.")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let conllu = String::from_utf8(conllu).unwrap();
    assert!(conllu.starts_with("# sent_id = stdin-1\n# text = Die Wahlen kamen.\n"));
    assert!(conllu.contains("2\tWahlen\twahl\t"), "{conllu}");
}

#[test]
fn tokenize_corpus_marks_doc_and_part() {
    let p = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/blogs.jsonl");
    let out = korpus()
        .args(["tokenize", "--format", "jsonl"])
        .arg(p)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let s = String::from_utf8(out).unwrap();
    let first: serde_json::Value = serde_json::from_str(s.lines().next().unwrap()).unwrap();
    assert_eq!(
        (first["doc"].as_str(), first["part"].as_str()),
        (Some("p01"), Some("post"))
    );
    assert!(s.contains("\"part\":\"comment\""));
}

#[test]
fn stem_and_split_line_formats() {
    korpus()
        .args(["stem", "--stemmer", "snowball", "-"])
        .write_stdin("Digitalisierung\n\nWahlen\n")
        .assert()
        .success()
        .stdout("digitalisier\n\nwahl\n");
    korpus()
        .args(["stem", "--stemmer", "porter"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown stemmer"));
    korpus()
        .arg("split")
        .write_stdin("Wirtschaftsförderung\nRegierung\n")
        .assert()
        .success()
        .stdout("Wirtschaftsförderung\tWirtschaft+Förderung\nRegierung\tRegierung\n");
}
