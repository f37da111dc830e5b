//! The document-term matrix: the files parse back (in Rust, and with scipy when available)
//! to the counts of the engine.

use assert_cmd::Command;
use korpus::engine::{count_corpus, Analyzer, AnalyzerOptions, GroupBy, TermUnit};
use korpus::input::{read_corpus, ReaderBuilder};
use korpus::terms::dtm::{DocUnit, Dtm};
use korpus::Corpus;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/blogs.jsonl")
}

fn sample() -> Corpus {
    read_corpus(&[sample_path()], ReaderBuilder::new())
        .expect("sample corpus")
        .corpus
}

/// Parses a Matrix Market coordinate file: (rows, cols, entries 1-based).
fn read_mtx(text: &str) -> (usize, usize, Vec<(usize, usize, u64)>) {
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("%%MatrixMarket matrix coordinate integer general")
    );
    let mut lines = lines.filter(|l| !l.starts_with('%'));
    let dims: Vec<usize> = lines
        .next()
        .unwrap()
        .split(' ')
        .map(|x| x.parse().unwrap())
        .collect();
    let entries: Vec<(usize, usize, u64)> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(' ').collect();
            assert_eq!(f.len(), 3, "{l}");
            (
                f[0].parse().unwrap(),
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(entries.len(), dims[2]);
    (dims[0], dims[1], entries)
}

#[test]
fn files_parse_back_to_the_engine_counts() {
    let corpus = sample();
    let analyzer = Analyzer::new(AnalyzerOptions {
        unit: TermUnit::Stem,
        ..AnalyzerOptions::default()
    });
    let dtm = Dtm::build(&corpus, &analyzer, DocUnit::Document);
    let dir = tempfile::tempdir().unwrap();
    dtm.write_dir(dir.path()).unwrap();
    let mtx = std::fs::read_to_string(dir.path().join("dtm.mtx")).unwrap();
    let terms: Vec<String> = std::fs::read_to_string(dir.path().join("terms.txt"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let docs = std::fs::read_to_string(dir.path().join("docs.tsv")).unwrap();
    let (rows, cols, entries) = read_mtx(&mtx);
    let doc_lines: Vec<Vec<&str>> = docs.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(
        doc_lines[0],
        ["doc", "thread", "part", "author", "date", "tokens", "terms"]
    );
    assert_eq!(rows, doc_lines.len() - 1);
    assert_eq!(rows, 45 + corpus.comments());
    assert_eq!(cols, terms.len());
    // Entries are sorted, inside the matrix, and row sums equal the `terms` column.
    assert!(entries
        .windows(2)
        .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
    let mut row_sums = vec![0u64; rows];
    let mut col_sums: BTreeMap<&str, u64> = BTreeMap::new();
    for &(r, c, n) in &entries {
        assert!(r >= 1 && r <= rows && c >= 1 && c <= cols && n > 0);
        row_sums[r - 1] += n;
        *col_sums.entry(terms[c - 1].as_str()).or_default() += n;
    }
    for (r, line) in doc_lines[1..].iter().enumerate() {
        assert_eq!(line.len(), 7);
        assert_eq!(row_sums[r], line[6].parse::<u64>().unwrap(), "row {r}");
        assert!(line[5].parse::<u64>().unwrap() >= row_sums[r]);
    }
    assert_eq!(doc_lines[1][2], "post");
    assert_eq!(doc_lines[2][2], "comment");
    // Column sums equal the engine's frequencies; columns are ordered by frequency.
    let freq = count_corpus(&corpus, &analyzer, GroupBy::None);
    let table = freq.table("", 0);
    assert_eq!(table.len(), cols);
    for row in &table {
        assert_eq!(col_sums[row.key.as_str()], row.count, "{}", row.key);
    }
    let by_col: Vec<u64> = terms.iter().map(|t| col_sums[t.as_str()]).collect();
    assert!(by_col.windows(2).all(|w| w[0] >= w[1]));
    // One worker writes the same matrix.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    assert_eq!(
        pool.install(|| Dtm::build(&corpus, &analyzer, DocUnit::Document)),
        dtm
    );
}

#[test]
fn cli_writes_one_row_per_thread() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m");
    Command::cargo_bin("korpus")
        .unwrap()
        .args(["dtm", "--doc", "thread", "-o"])
        .arg(&out)
        .arg(sample_path())
        .assert()
        .success();
    let docs = std::fs::read_to_string(out.join("docs.tsv")).unwrap();
    assert_eq!(docs.lines().count(), 46);
    assert!(docs
        .lines()
        .skip(1)
        .all(|l| l.split('\t').nth(2) == Some("thread")));
    let (rows, cols, _) = read_mtx(&std::fs::read_to_string(out.join("dtm.mtx")).unwrap());
    assert_eq!(rows, 45);
    let terms = std::fs::read_to_string(out.join("terms.txt")).unwrap();
    assert_eq!(cols, terms.lines().count());
}

/// scipy reads the matrix with the right shape and sum. Skipped (with a message) when
/// python3 with scipy is not importable, unless KORPUS_REQUIRE_SCIPY=1.
#[test]
fn scipy_reads_the_matrix() {
    let has_scipy = std::process::Command::new("python3")
        .args(["-c", "import scipy.io"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_scipy {
        if std::env::var("KORPUS_REQUIRE_SCIPY").as_deref() == Ok("1") {
            panic!("python3 with scipy is needed (KORPUS_REQUIRE_SCIPY=1)");
        }
        eprintln!("scipy_reads_the_matrix: skipped: python3 with scipy not importable");
        return;
    }
    let corpus = sample();
    let dtm = Dtm::build(
        &corpus,
        &Analyzer::new(AnalyzerOptions::default()),
        DocUnit::Document,
    );
    let dir = tempfile::tempdir().unwrap();
    dtm.write_dir(dir.path()).unwrap();
    let script = "import sys, scipy.io\n\
                  m = scipy.io.mmread(sys.argv[1]).tocsr()\n\
                  print(m.shape[0], m.shape[1], int(m.sum()), int(m[0].sum()))\n";
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(dir.path().join("dtm.mtx"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let total: u64 = dtm.entries.iter().map(|e| e.2).sum();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim(),
        format!(
            "{} {} {} {}",
            dtm.docs.len(),
            dtm.terms.len(),
            total,
            dtm.docs[0].terms
        )
    );
}
