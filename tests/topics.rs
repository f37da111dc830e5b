//! Topic dictionaries and `korpus topics`: loading, hit offsets, the counting rule on the
//! sample corpus, and the Gütersloh blog post against its comments.

use crate::common;
use assert_cmd::Command;
use korpus::input::{read_corpus, InputFormat, ReaderBuilder};
use korpus::terms::dictionary::Dictionary;
use korpus::terms::topics::{ranked, PartTopics, TopicMatcher};
use korpus::Corpus;
use predicates::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/blogs.jsonl")
}

fn sample() -> Corpus {
    read_corpus(&[sample_path()], ReaderBuilder::new())
        .expect("sample corpus")
        .corpus
}

fn korpus() -> Command {
    Command::cargo_bin("korpus").unwrap()
}

#[test]
fn default_dictionary_has_the_required_topics() {
    let d = Dictionary::german_politics();
    for name in [
        "Digitalisierung",
        "Wirtschaftsförderung",
        "Filz",
        "Transparenz",
        "Verwaltung",
        "Bürgerbeteiligung",
        "Verkehr",
        "Bildung",
        "Wahlkampf",
        "Parteien",
        "Finanzen",
    ] {
        let c = d
            .categories()
            .iter()
            .position(|c| c.path == name)
            .unwrap_or_else(|| panic!("{name} is missing"));
        assert!(d.pattern_count(c) >= 15, "{name}: {}", d.pattern_count(c));
    }
    // Filz covers Vetternwirtschaft, Klüngel and Befangenheit.
    let m = TopicMatcher::new(d);
    let mut s = m.scanner();
    let mut p = PartTopics::default();
    s.count(
        "Vetternwirtschaft, Klüngel und Befangenheit im Stadtrat.",
        &mut p,
    );
    let filz = m
        .dictionary()
        .categories()
        .iter()
        .position(|c| c.path == "Filz")
        .unwrap();
    assert_eq!(p.topics[filz].hits, 3);
}

#[test]
fn jsonl_hits_point_at_the_matched_text() {
    let corpus = sample();
    let mut texts: HashMap<String, String> = HashMap::new();
    for t in &corpus.threads {
        texts.insert(t.post.id.clone(), t.post.text.clone());
        for c in &t.comments {
            texts.insert(c.id.clone(), c.text.clone());
        }
    }
    let out = korpus()
        .args(["topics", "--format", "jsonl", "--depth", "0"])
        .arg(sample_path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut n = 0;
    let mut multiword = 0;
    let mut subcategories = 0;
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let doc = v["doc"].as_str().unwrap();
        let (start, end) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        let text = &texts[doc];
        assert_eq!(&text[start..end], v["term"].as_str().unwrap(), "{line}");
        assert!(matches!(v["part"].as_str(), Some("post" | "comment")));
        n += 1;
        if v["pattern"].as_str().unwrap().contains(' ') {
            multiword += 1;
        }
        if v["topic"].as_str().unwrap().contains('/') {
            subcategories += 1;
        }
    }
    assert!(n > 1000, "{n} hits");
    assert!(multiword > 0 && subcategories > 0);
}

#[test]
fn summary_counts_equal_the_hits() {
    let corpus = sample();
    let m = TopicMatcher::new(Dictionary::german_politics());
    let report = m.count_corpus(&corpus);
    let mut s = m.scanner();
    let mut by_topic = vec![0u64; report.categories.len()];
    let mut hits = Vec::new();
    for t in &corpus.threads {
        for text in std::iter::once(&t.post.text).chain(t.comments.iter().map(|c| &c.text)) {
            hits.clear();
            s.scan(text, &mut hits);
            for h in &hits {
                by_topic[h.category] += 1;
            }
        }
    }
    let (post, comments) = report.totals();
    for (c, &n) in by_topic.iter().enumerate() {
        assert_eq!(post.topics[c].hits + comments.topics[c].hits, n);
        let terms: u64 = post.topics[c].terms.values().sum();
        assert_eq!(terms, post.topics[c].hits);
    }
    // Each top-level topic is found somewhere in the sample corpus.
    for c in report.categories_to(1) {
        assert!(by_topic[c] > 0, "{}", report.categories[c].path);
    }
    // One worker gives the same report as many.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    assert_eq!(pool.install(|| m.count_corpus(&corpus)), report);
}

#[test]
fn own_dictionaries_yaml_and_json_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("eigene.yaml");
    std::fs::write(&yaml, "Rad:\n  - radweg*\n  - \"*radweg\"\n").unwrap();
    let json = dir.path().join("mehr.json");
    std::fs::write(&json, r#"{"Schule": ["head:schule"]}"#).unwrap();
    let out = korpus()
        .args(["topics", "--format", "csv"])
        .arg("--dictionary")
        .arg(&yaml)
        .arg("--dictionary")
        .arg(&json)
        .arg(sample_path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let total: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("*,thread,"))
        .collect();
    assert_eq!(total.len(), 2, "{stdout}");
    assert!(total.iter().all(|l| !l.contains(",0,")), "{total:?}");
    assert!(
        stdout.contains("grundschule"),
        "head:schule finds Grundschule"
    );

    let bad = dir.path().join("kaputt.yaml");
    std::fs::write(&bad, "Rad:\n  - radweg*\n  - \"rad*weg\"\n").unwrap();
    korpus()
        .args(["topics", "--dictionary"])
        .arg(&bad)
        .arg(sample_path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("kaputt.yaml:3: category Rad"));
}

#[test]
fn table_output_is_readable() {
    korpus()
        .arg("topics")
        .arg(sample_path())
        .assert()
        .success()
        .stdout(predicate::str::contains("== corpus (45 threads)"))
        .stdout(predicate::str::contains("Wirtschaftsförderung"));
}

/// The Gütersloh blog post (digital business development) against its comments (nepotism,
/// transparency), read with the blog-text reader (post and five comments).
#[test]
fn guetersloh_post_and_comments_differ_in_topic() {
    let Some(path) = common::shared_data("topics_guetersloh", "blog-scrape/guetersloh-digital.txt")
    else {
        return;
    };
    let builder = ReaderBuilder::new().format(InputFormat::BlogText);
    let corpus = read_corpus(&[path], builder)
        .expect("the blog page reads")
        .corpus;
    assert_eq!(corpus.threads[0].comments.len(), 5);
    let m = TopicMatcher::new(Dictionary::german_politics());
    let report = m.count_corpus(&corpus);
    let top = report.categories_to(1);
    let name = |c: usize| report.categories[c].path.as_str();
    let t = &report.threads[0];
    let post_rank: Vec<&str> = ranked(&t.post, &top).into_iter().map(name).collect();
    let comment_rank: Vec<&str> = ranked(&t.comments, &top).into_iter().map(name).collect();
    eprintln!("post: {post_rank:?}\ncomments: {comment_rank:?}");
    let mut first_two = post_rank[..2].to_vec();
    first_two.sort_unstable();
    assert_eq!(first_two, ["Digitalisierung", "Wirtschaftsförderung"]);
    let filz = report.topic("Filz").unwrap();
    let transparenz = report.topic("Transparenz").unwrap();
    let digital = report.topic("Digitalisierung").unwrap();
    let wifoe = report.topic("Wirtschaftsförderung").unwrap();
    // In the comments, Filz and Transparenz lead (measured: Filz 6, Transparenz 6, then
    // Wahlkampf 5 and Digitalisierung 5).
    let mut comments_first_two = comment_rank[..2].to_vec();
    comments_first_two.sort_unstable();
    assert_eq!(comments_first_two, ["Filz", "Transparenz"]);
    let pair = t.comments.topics[filz].hits + t.comments.topics[transparenz].hits;
    for &c in &top {
        if c != filz && c != transparenz {
            assert!(pair > 2 * t.comments.topics[c].hits, "{}", name(c));
        }
    }
    assert!(t.comments.topics[filz].hits >= 4 && t.comments.topics[transparenz].hits >= 4);
    let share = |p: &PartTopics, a: usize, b: usize| p.share(a) + p.share(b);
    assert!(share(&t.comments, filz, transparenz) > 2.0 * share(&t.post, filz, transparenz));
    assert!(share(&t.post, digital, wifoe) > 2.0 * share(&t.comments, digital, wifoe));
}
