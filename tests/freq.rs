//! `korpus freq` and `korpus merge` on the command line: every output format of a small
//! hand-counted text, and shards whose saved partials merge into the single run.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn korpus() -> Command {
    Command::cargo_bin("korpus").unwrap()
}

/// Runs korpus with `args`; its standard output (the run must succeed).
fn stdout(args: &[&str]) -> String {
    let out = korpus().args(args).output().expect("run");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// One plain-text document: 11 word tokens, 3 of them stopwords (die, und, sind, die);
/// Wahl + 3 × Wahlen share the stem `wahl`.
fn text(dir: &Path) -> PathBuf {
    let p = dir.join("wahl.txt");
    std::fs::write(
        &p,
        "Die Wahl und die Wahlen. Wahlen sind Wahlen.\nDie Stadt baut.\n",
    )
    .unwrap();
    p
}

fn freq(p: &Path, format: &str) -> String {
    stdout(&[
        "freq",
        "--stemmer",
        "snowball",
        "--top",
        "0",
        "--quiet",
        "--format",
        format,
        p.to_str().unwrap(),
    ])
}

#[test]
fn every_format_of_a_hand_counted_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = text(dir.path());
    // By count, then documents, then stem: Wahlen (shown by its most frequent form) first,
    // then the two single words in the order of their stems (baut < stadt).
    assert_eq!(
        freq(&p, "tsv"),
        "term\tcount\tdocs\tstem\nWahlen\t4\t1\twahl\nbaut\t1\t1\tbaut\nStadt\t1\t1\tstadt\n"
    );
    assert_eq!(
        freq(&p, "csv"),
        "term,count,docs,stem\nWahlen,4,1,wahl\nbaut,1,1,baut\nStadt,1,1,stadt\n"
    );
    assert_eq!(
        freq(&p, "table"),
        "term        count     docs  stem\n\
         Wahlen          4        1  wahl\n\
         baut            1        1  baut\n\
         Stadt           1        1  stadt\n"
    );
    assert_eq!(
        freq(&p, "jsonl"),
        "{\"term\":\"Wahlen\",\"count\":4,\"docs\":1,\"stem\":\"wahl\"}\n\
         {\"term\":\"baut\",\"count\":1,\"docs\":1,\"stem\":\"baut\"}\n\
         {\"term\":\"Stadt\",\"count\":1,\"docs\":1,\"stem\":\"stadt\"}\n"
    );
    let json: serde_json::Value = serde_json::from_str(&freq(&p, "json")).expect("JSON");
    assert!(json["settings"]
        .as_str()
        .unwrap()
        .contains("stemmer=snowball"));
    let g = &json["groups"][0];
    assert_eq!(g["group"], "");
    assert_eq!(
        (g["docs"].as_u64(), g["tokens"].as_u64()),
        (Some(1), Some(11))
    );
    assert_eq!(g["terms_counted"].as_u64(), Some(6));
    assert_eq!(
        g["terms"][0],
        serde_json::json!({"term": "Wahlen", "key": "wahl", "count": 4, "docs": 1})
    );
    assert_eq!(g["terms"].as_array().map(Vec::len), Some(3));
}

#[test]
fn top_and_min_count_cut_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let p = text(dir.path());
    let p = p.to_str().unwrap();
    let args = [
        "freq",
        "--stemmer",
        "snowball",
        "--quiet",
        "--format",
        "tsv",
    ];
    let top1 = stdout(&[&args[..], &["--top", "1", p]].concat());
    assert_eq!(top1, "term\tcount\tdocs\tstem\nWahlen\t4\t1\twahl\n");
    let min2 = stdout(&[&args[..], &["--top", "0", "--min-count", "2", p]].concat());
    assert_eq!(min2, top1);
    // Nothing left: no header either.
    let none = stdout(&[&args[..], &["--min-count", "5", p]].concat());
    assert_eq!(none, "");
}

#[test]
fn shards_saved_and_merged_on_the_command_line_equal_the_single_run() {
    let blogs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/blogs.jsonl");
    let lines: Vec<String> = std::fs::read_to_string(&blogs)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert!(lines.len() >= 30);
    let dir = tempfile::tempdir().unwrap();
    let mut partials = Vec::new();
    for (i, part) in lines.chunks(lines.len().div_ceil(3)).enumerate() {
        let shard = dir.path().join(format!("shard{i}.jsonl"));
        std::fs::write(&shard, part.join("\n") + "\n").unwrap();
        let partial = dir.path().join(format!("part{i}.json"));
        stdout(&[
            "freq",
            "--stemmer",
            "snowball",
            "--by",
            "part",
            "--quiet",
            "--save-partial",
            partial.to_str().unwrap(),
            shard.to_str().unwrap(),
        ]);
        partials.push(partial.to_str().unwrap().to_string());
    }
    let single = stdout(&[
        "freq",
        "--stemmer",
        "snowball",
        "--by",
        "part",
        "--top",
        "0",
        "--format",
        "tsv",
        "--quiet",
        blogs.to_str().unwrap(),
    ]);
    let mut args = vec!["merge", "--top", "0", "--format", "tsv"];
    args.extend(partials.iter().map(String::as_str));
    let merged = stdout(&args);
    assert!(single.lines().count() > 1000, "{}", single.lines().count());
    assert_eq!(merged, single);
}
