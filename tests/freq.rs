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
    let dir = tempfile::tempdir().unwrap();
    let (blogs, shards) = blog_shards(dir.path());
    let mut partials = Vec::new();
    for (i, shard) in shards.iter().enumerate() {
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

/// `corpus/blogs.jsonl` cut into three shard files (whole threads, in order).
fn blog_shards(dir: &Path) -> (PathBuf, Vec<PathBuf>) {
    let blogs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/blogs.jsonl");
    let text = std::fs::read_to_string(&blogs).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 30);
    let shards = lines
        .chunks(lines.len().div_ceil(3))
        .enumerate()
        .map(|(i, part)| {
            let shard = dir.join(format!("shard{i}.jsonl"));
            std::fs::write(&shard, part.join("\n") + "\n").unwrap();
            shard
        })
        .collect();
    (blogs, shards)
}

#[test]
fn thread_statistics_and_topic_counts_of_shards_merge_into_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let (blogs, shards) = blog_shards(dir.path());
    let path = |p: &PathBuf| p.to_str().unwrap().to_string();
    for (command, options) in [
        ("threads", vec!["--stemmer", "snowball"]),
        ("topics", vec!["--depth", "0", "--top-terms", "3"]),
    ] {
        let mut partials = Vec::new();
        for (i, shard) in shards.iter().enumerate() {
            let partial = dir.path().join(format!("{command}{i}.json"));
            let mut args = vec![command, "--quiet", "--save-partial"];
            let (partial_s, shard_s) = (path(&partial), path(shard));
            args.extend([partial_s.as_str(), shard_s.as_str()]);
            args.extend(&options);
            stdout(&args);
            partials.push(partial_s);
        }
        // The same shard saved again is the same file.
        let again = dir.path().join(format!("{command}0-again.json"));
        let (again_s, shard_s) = (path(&again), path(&shards[0]));
        let mut args = vec![command, "--quiet", "--save-partial", &again_s, &shard_s];
        args.extend(&options);
        stdout(&args);
        assert!(
            std::fs::read(&again).unwrap() == std::fs::read(&partials[0]).unwrap(),
            "{command}: the same shard saved twice gave different files"
        );
        for format in ["table", "json", "tsv"] {
            let blogs_s = path(&blogs);
            let mut single_args = vec![command, "--quiet", "--format", format, &blogs_s];
            single_args.extend(&options);
            let single = stdout(&single_args);
            let mut merge_args = vec!["merge", "--format", format];
            merge_args.extend(partials.iter().map(String::as_str));
            let merged = stdout(&merge_args);
            assert!(single.lines().count() > 40, "{command} {format}: {single}");
            assert_eq!(merged, single, "{command} --format {format}");
        }
        // Merging the merged partial with nothing changes nothing.
        let again = dir.path().join(format!("{command}-all.json"));
        let mut merge_args = vec!["merge", "--format", "json", "--save-partial"];
        let again_s = path(&again);
        merge_args.push(&again_s);
        merge_args.extend(partials.iter().map(String::as_str));
        let merged = stdout(&merge_args);
        assert_eq!(stdout(&["merge", "--format", "json", &again_s]), merged);
    }
}

#[test]
fn merge_refuses_partials_of_different_commands_or_settings() {
    let dir = tempfile::tempdir().unwrap();
    let (_, shards) = blog_shards(dir.path());
    let shard = shards[0].to_str().unwrap();
    let save = |name: &str, args: &[&str]| {
        let p = dir.path().join(name);
        let p_s = p.to_str().unwrap().to_string();
        let mut all = args.to_vec();
        all.extend(["--quiet", "--save-partial", &p_s, shard]);
        stdout(&all);
        p_s
    };
    let freq = save("freq.json", &["freq"]);
    let threads = save("threads.json", &["threads"]);
    let threads_none = save("threads-none.json", &["threads", "--stemmer", "none"]);
    let topics = save("topics.json", &["topics"]);
    let fails = |args: &[&str], needle: &str| {
        let out = korpus().args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    };
    fails(
        &["merge", &freq, &threads],
        "korpus threads, the ones before are of korpus freq",
    );
    fails(
        &["merge", &topics, &freq],
        "korpus freq, the ones before are of korpus topics",
    );
    fails(&["merge", &threads, &threads_none], "different settings");
    fails(&["merge", "--format", "jsonl", &topics], "not single hits");
    let junk = dir.path().join("junk.json");
    std::fs::write(&junk, "[1, 2]").unwrap();
    fails(&["merge", junk.to_str().unwrap()], "not a partial result");
}
