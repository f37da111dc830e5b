//! Keyterms: accuracy against the editors' tags of the OKF blog (a Rust mirror of
//! `../shared/tools/eval_keyterms.py`), the Gütersloh seed thread, the CLI formats.

use crate::common;
use korpus::terms::keyterms::{document_frequencies, Against, Extractor, KeytermOptions};
use std::collections::HashSet;

// ---- the scorer (mirrors eval_keyterms.py; see its docstring for the rules) ----

fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'ß' | 'ẞ' => out.push_str("ss"),
            'ä' => out.push('a'),
            'ö' => out.push('o'),
            'ü' => out.push('u'),
            '\u{00ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => {}
            c => out.push(c),
        }
    }
    out
}

fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

fn stem(w: &str) -> String {
    let n = w.chars().count();
    for suf in ["ungen", "ung", "en", "er", "es", "e", "s", "n"] {
        if w.ends_with(suf) && n - suf.chars().count() >= 4 {
            return w[..w.len() - suf.len()].to_string();
        }
    }
    w.to_string()
}

struct Item {
    w: Vec<String>,
    key: Vec<String>,
    joined: String,
    heads: HashSet<String>,
}

impl Item {
    fn new(raw: &str) -> Item {
        let w = words(raw);
        let key = w.iter().map(|x| stem(x)).collect();
        let joined = if w.is_empty() {
            String::new()
        } else {
            stem(&w.concat())
        };
        let mut heads = HashSet::new();
        if let Some(last) = w.last() {
            let chars: Vec<char> = last.chars().collect();
            for i in 3..(chars.len() + 1).saturating_sub(5) {
                heads.insert(stem(&chars[i..].iter().collect::<String>()));
            }
        }
        Item {
            w,
            key,
            joined,
            heads,
        }
    }
}

fn matches(t: &Item, g: &Item, lenient: bool) -> bool {
    if t.w.is_empty() || g.w.is_empty() {
        return false;
    }
    if t.key == g.key || t.joined == g.joined {
        return true;
    }
    if lenient && t.w.len() == 1 {
        let k = &t.key[0];
        if g.w.len() >= 2 && g.key.last() == Some(k) {
            return true;
        }
        if g.heads.contains(k) {
            return true;
        }
    }
    false
}

/// (hits, number of gold tags, AP) of one document.
fn score_doc(tags: &[String], terms: &[String], k: usize, lenient: bool) -> (usize, usize, f64) {
    let mut gold: Vec<Item> = Vec::new();
    let mut seen = HashSet::new();
    for t in tags {
        let it = Item::new(t);
        if it.w.is_empty() || !seen.insert(it.key.clone()) {
            continue;
        }
        gold.push(it);
    }
    let mut owner: Vec<Option<usize>> = vec![None; gold.len()];
    let mut cand: Vec<Vec<usize>> = Vec::new();
    fn augment(
        i: usize,
        cand: &[Vec<usize>],
        owner: &mut [Option<usize>],
        seen: &mut HashSet<usize>,
    ) -> bool {
        for &j in &cand[i] {
            if !seen.insert(j) {
                continue;
            }
            let free = match owner[j] {
                None => true,
                Some(o) => augment(o, cand, owner, seen),
            };
            if free {
                owner[j] = Some(i);
                return true;
            }
        }
        false
    }
    let (mut hits, mut ap) = (0usize, 0.0);
    for (r, raw) in terms.iter().take(k).enumerate() {
        let t = Item::new(raw);
        cand.push(
            (0..gold.len())
                .filter(|&j| matches(&t, &gold[j], lenient))
                .collect(),
        );
        if !cand[r].is_empty() && augment(r, &cand, &mut owner, &mut HashSet::new()) {
            hits += 1;
            ap += hits as f64 / (r + 1) as f64;
        }
    }
    let g = gold.len();
    (hits, g, if g > 0 { ap / g as f64 } else { 0.0 })
}

/// Macro (P, R, F1, MAP) over documents.
fn evaluate(rows: &[(Vec<String>, Vec<String>)], k: usize, lenient: bool) -> [f64; 4] {
    let mut sum = [0.0; 4];
    for (tags, terms) in rows {
        let (h, g, ap) = score_doc(tags, terms, k, lenient);
        let p = h as f64 / k as f64;
        let r = if g > 0 { h as f64 / g as f64 } else { 0.0 };
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        for (s, v) in sum.iter_mut().zip([p, r, f, ap]) {
            *s += v;
        }
    }
    sum.map(|s| s / rows.len().max(1) as f64)
}

#[test]
fn scorer_rules() {
    let t = |s: &str| Item::new(s);
    assert!(matches(&t("Opendata"), &t("Open Data"), false));
    assert!(matches(&t("offene Daten"), &t("Offene Daten"), false));
    assert!(matches(&t("Daten"), &t("Offene Daten"), true));
    assert!(!matches(&t("Daten"), &t("Offene Daten"), false));
    assert!(matches(&t("Freiheit"), &t("Informationsfreiheit"), true));
    assert!(!matches(&t("Transparenzgesetz"), &t("Transparenz"), true));
    let tags = vec!["Open Data".to_string(), "Transparenz".to_string()];
    let terms = vec![
        "Daten".to_string(),
        "transparenz".to_string(),
        "Open Data".into(),
    ];
    let (h, g, ap) = score_doc(&tags, &terms, 10, true);
    assert_eq!((h, g), (2, 2));
    assert!((ap - (1.0 / 2.0 + 2.0 / 3.0) / 2.0).abs() < 1e-12);
}

// ---- okfde: the editors' tags as gold ----

fn okfde_rows(ex: &Extractor, k: usize) -> Option<Vec<(Vec<String>, Vec<String>)>> {
    let path = common::shared_data("keyterms_okfde", "okfde-blog/dev.jsonl")?;
    let text = std::fs::read_to_string(path).expect("read dev.jsonl");
    let mut docs = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        let tags: Vec<String> = v["tags"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|t| t.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        let counts = ex.count(v["title"].as_str(), v["text"].as_str().unwrap_or(""));
        docs.push((tags, counts));
    }
    // As `korpus keyterms` does: the shipped list as reference, document frequencies of
    // this input as the prior.
    let df = document_frequencies(docs.iter().map(|d| &d.1));
    let rows = docs
        .into_iter()
        .map(|(tags, counts)| {
            let against = Against {
                list: true,
                rest: None,
                df: Some(&df),
            };
            let terms = ex.rank(&counts, against, k).into_iter().map(|t| t.term);
            (tags, terms.collect())
        })
        .collect();
    Some(rows)
}

#[test]
fn okfde_f1_at_10() {
    // As `korpus keyterms` does: the position weight for documents.
    let ex = Extractor::new(KeytermOptions {
        position_weight: KeytermOptions::POSITION_WEIGHT,
        ..KeytermOptions::default()
    });
    let Some(rows) = okfde_rows(&ex, 10) else {
        return;
    };
    assert_eq!(rows.len(), 229);
    let [p, r, f1, map] = evaluate(&rows, 10, true);
    let [sp, sr, sf1, smap] = evaluate(&rows, 10, false);
    let even: Vec<_> = rows.iter().step_by(2).cloned().collect();
    let odd: Vec<_> = rows.iter().skip(1).step_by(2).cloned().collect();
    let (fe, fo) = (evaluate(&even, 10, true)[2], evaluate(&odd, 10, true)[2]);
    eprintln!(
        "okfde dev keyterms@10: F1={f1:.4} P={p:.4} R={r:.4} MAP={map:.4} | strict (R1,R2): \
         F1={sf1:.4} P={sp:.4} R={sr:.4} MAP={smap:.4} | halves F1 {fe:.4} / {fo:.4}"
    );
    // Measured 0.1742 (halves 0.1817 / 0.1666): compounds as evidence for their parts and
    // the first-occurrence weight (0.1654 before). The held-out part of the blog confirms
    // the figure; keep a margin for it.
    assert!(f1 >= 0.170, "F1@10 = {f1:.4} < 0.170");
    assert!(fe.min(fo) >= 0.160, "a half below 0.160: {fe:.4} / {fo:.4}");
    assert!(
        sf1 > 0.072,
        "strict F1@10 = {sf1:.4} not above YAKE's 0.072"
    );
}

// ---- the Gütersloh seed thread: post vs comments ----

/// `korpus keyterms --input-format blog-text --by part --format json` on the seed page: the
/// page is split into post and comments by the blog-text reader, each part ranked against
/// the shipped list and the other part.
#[test]
fn seed_post_and_comments() {
    let Some(path) = common::shared_data("keyterms_seed", "blog-scrape/guetersloh-digital.txt")
    else {
        return;
    };
    let path = path.to_string_lossy();
    let stdout = korpus_ok(&[
        "keyterms",
        "--input-format",
        "blog-text",
        "--by",
        "part",
        "-q",
        "--format",
        "json",
        "--top",
        "10",
        &path,
    ]);
    let v: serde_json::Value = serde_json::from_slice(&stdout).expect("json");
    let part = |name: &str| -> Vec<(String, Vec<String>)> {
        let p = v
            .as_array()
            .expect("array")
            .iter()
            .find(|p| p["part"] == name)
            .expect("part");
        p["terms"]
            .as_array()
            .expect("terms")
            .iter()
            .map(|t| {
                let forms = t["forms"].as_array().expect("forms");
                (
                    t["term"].as_str().expect("term").to_string(),
                    forms
                        .iter()
                        .filter_map(|f| f.as_str())
                        .map(String::from)
                        .collect(),
                )
            })
            .collect()
    };
    let (post, comments) = (part("post"), part("comments"));
    let shown = |v: &[(String, Vec<String>)]| v.iter().map(|t| t.0.clone()).collect::<Vec<_>>();
    let (tp, tc) = (shown(&post), shown(&comments));
    eprintln!("seed post: {tp:?}\nseed comments: {tc:?}");
    assert!(tp.iter().any(|t| t == "Digitalisierung"), "{tp:?}");
    assert!(tp.iter().any(|t| t == "Wirtschaftsförderung"), "{tp:?}");
    // The Filz family (`Filzes`, `Verfilzung`: one occurrence each) is one term.
    let filz = comments
        .iter()
        .find(|t| t.1.iter().any(|f| f.to_lowercase().contains("filz")))
        .unwrap_or_else(|| panic!("no Filz term in {tc:?}"));
    assert!(filz.1.len() >= 2, "{filz:?}");
    for furniture in ["Hallo", "Antworten", "Löschen", "Anke", "Knopp", "Anonym"] {
        assert!(!tc.iter().any(|t| t == furniture), "{furniture} in {tc:?}");
    }
}

// ---- the CLI ----

/// Runs `korpus ARGS`, asserts success and returns standard output.
fn korpus_ok(args: &[&str]) -> Vec<u8> {
    let out = assert_cmd::Command::cargo_bin("korpus")
        .expect("binary")
        .args(args)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn cli_jsonl_one_line_per_document() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("posts.jsonl");
    std::fs::write(
        &input,
        "{\"id\":\"a\",\"title\":\"Offene Daten\",\"text\":\"Offene Daten für alle. Die Stadt veröffentlicht offene Daten im Portal, und das Portal wächst.\"}\n\
         {\"id\":\"b\",\"title\":\"Filz\",\"text\":\"Der Filz im Rathaus. Verfilzung überall, der Filz wächst.\"}\n",
    )
    .expect("write");
    let input = input.to_string_lossy();
    let out = korpus_ok(&["keyterms", "--format", "jsonl", "--top", "3", &input]);
    let stdout = String::from_utf8(out).expect("utf8");
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "a");
    let terms_b: Vec<&str> = lines[1]["terms"]
        .as_array()
        .expect("terms")
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    assert!(terms_b.len() <= 3);
    assert_eq!(terms_b.first(), Some(&"Filz"), "{stdout}");
    let tsv = korpus_ok(&["keyterms", "--format", "tsv", "--by", "corpus", &input]);
    let tsv = String::from_utf8(tsv).expect("utf8");
    assert!(tsv.starts_with("id\tpart\trank\tterm\tscore\tg2\tlog_ratio\tcount\treference"));
}
