//! Tokenizer: EmpiriST 2015 evaluation, invariants (proptest), output formats.

use crate::common;
use korpus::tokenize::{write_conllu, write_jsonl, write_tokens, Token, TokenKind, Tokenizer};
use proptest::prelude::*;
use std::collections::HashSet;
use std::path::Path;

// ---------------------------------------------------------------------------------------------
// EmpiriST evaluation: a Rust mirror of `../shared/tools/eval_tokenizer.py` (token P/R/F1 by
// character offsets in the whitespace-free stream; micro-average over files).
// ---------------------------------------------------------------------------------------------

/// True for a line that is exactly one XML/SGML tag (`<posting .../>`, `</article>`), as the
/// evaluation script's `^</?[A-Za-z_][\w.:-]*(\s[^<>]*)?/?>$`.
fn is_xml_line(line: &str) -> bool {
    let Some(inner) = line.strip_prefix('<').and_then(|l| l.strip_suffix('>')) else {
        return false;
    };
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let inner = inner.strip_suffix('/').unwrap_or(inner);
    let mut chars = inner.char_indices();
    match chars.next() {
        Some((_, c)) if c.is_alphabetic() || c == '_' => {}
        _ => return false,
    }
    let name_end = inner
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '.' | ':' | '-')))
        .map_or(inner.len(), |(i, _)| i);
    let rest = &inner[name_end..];
    rest.is_empty()
        || (rest.starts_with(char::is_whitespace) && !rest.contains(['<', '>']))
        // the optional `/` before `>` may follow attributes
        || (rest == "/")
}

/// Python's `str.isspace()` (White_Space plus the information separators U+001C..U+001F).
fn py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The tokens of a one-token-a-line file, whitespace removed, XML lines skipped.
fn read_tokens(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.trim_matches(py_space))
        .filter(|l| !l.is_empty() && !is_xml_line(l))
        .map(|l| l.chars().filter(|&c| !py_space(c)).collect::<String>())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Half-open character spans of the tokens in their concatenation.
fn spans(tokens: &[String]) -> Vec<(usize, usize)> {
    let mut pos = 0;
    tokens
        .iter()
        .map(|t| {
            let n = t.chars().count();
            pos += n;
            (pos - n, pos)
        })
        .collect()
}

#[derive(Default, Debug, Clone, Copy)]
struct Score {
    n_gold: usize,
    n_sys: usize,
    tp: usize,
}

impl Score {
    fn f1(&self) -> f64 {
        let p = if self.n_sys > 0 {
            self.tp as f64 / self.n_sys as f64
        } else {
            0.0
        };
        let r = if self.n_gold > 0 {
            self.tp as f64 / self.n_gold as f64
        } else {
            0.0
        };
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

/// One difflib-style opcode: `(tag, i1, i2, j1, j2)`.
type Opcode = (char, usize, usize, usize, usize);

/// Edit operations between two character streams as difflib-style opcodes
/// `(tag, i1, i2, j1, j2)` with tag `=` (equal), `r` (replace), `d` (delete), `i` (insert),
/// from a Myers shortest edit script. `None` if the streams differ in too many places.
fn opcodes(a: &[char], b: &[char]) -> Option<Vec<Opcode>> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max_d = 4000isize.min(n + m);
    let off = max_d + 1;
    let mut v = vec![0isize; (2 * off + 1) as usize];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let mut found = false;
    'outer: for d in 0..=max_d {
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let mut x =
                if k == -d || (k != d && v[(off + k - 1) as usize] < v[(off + k + 1) as usize]) {
                    v[(off + k + 1) as usize]
                } else {
                    v[(off + k - 1) as usize] + 1
                };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[(off + k) as usize] = x;
            if x >= n && y >= m {
                found = true;
                break 'outer;
            }
            k += 2;
        }
    }
    if !found {
        return None;
    }
    // Backtrack into single steps: '=' (diagonal), 'd' (x+1), 'i' (y+1).
    let mut steps = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (1..trace.len() as isize).rev() {
        let v = &trace[d as usize];
        let k = x - y;
        let prev_k = if k == -d || (k != d && v[(off + k - 1) as usize] < v[(off + k + 1) as usize])
        {
            k + 1
        } else {
            k - 1
        };
        let px = v[(off + prev_k) as usize];
        let py = px - prev_k;
        while x > px && y > py {
            steps.push('=');
            x -= 1;
            y -= 1;
        }
        steps.push(if prev_k == k + 1 { 'i' } else { 'd' });
        x = px;
        y = py;
    }
    while x > 0 && y > 0 {
        steps.push('=');
        x -= 1;
        y -= 1;
    }
    steps.reverse();
    // Group into opcodes.
    let mut ops = Vec::new();
    let (mut i, mut j, mut p) = (0usize, 0usize, 0usize);
    while p < steps.len() {
        let (i1, j1) = (i, j);
        if steps[p] == '=' {
            while p < steps.len() && steps[p] == '=' {
                i += 1;
                j += 1;
                p += 1;
            }
            ops.push(('=', i1, i, j1, j));
        } else {
            while p < steps.len() && steps[p] != '=' {
                if steps[p] == 'd' {
                    i += 1;
                } else {
                    j += 1;
                }
                p += 1;
            }
            let tag = match (i > i1, j > j1) {
                (true, true) => 'r',
                (true, false) => 'd',
                _ => 'i',
            };
            ops.push((tag, i1, i, j1, j));
        }
    }
    Some(ops)
}

/// Token score of one system file against one gold file, as `eval_tokenizer.py` computes it.
/// When the character streams differ (not the case for this tokenizer, which changes no
/// character, on EmpiriST), system offsets are mapped to gold offsets through an edit script
/// like the script's `build_maps` (a Myers diff instead of difflib, so the alignment of
/// ambiguous edits may differ).
fn score_pair(gold: &str, system: &str, name: &str) -> Score {
    let g = read_tokens(gold);
    let s = read_tokens(system);
    let (gs, ss) = (g.concat(), s.concat());
    let sys_spans = spans(&s);
    let mapped: Vec<Option<(usize, usize)>> = if gs == ss {
        sys_spans.into_iter().map(Some).collect()
    } else {
        let a: Vec<char> = ss.chars().collect();
        let b: Vec<char> = gs.chars().collect();
        let ops = opcodes(&a, &b)
            .unwrap_or_else(|| panic!("{name}: system and gold streams differ too much"));
        let mut start_map = std::collections::HashMap::new();
        let mut end_map = std::collections::HashMap::new();
        for (tag, i1, i2, j1, j2) in ops {
            match tag {
                '=' => {
                    for k in 0..i2 - i1 {
                        start_map.insert(i1 + k, j1 + k);
                        end_map.insert(i1 + k + 1, j1 + k + 1);
                    }
                }
                'r' => {
                    start_map.entry(i1).or_insert(j1);
                    end_map.insert(i2, j2);
                }
                'd' => {
                    start_map.entry(i1).or_insert(j1);
                    end_map.insert(i2, j1);
                }
                _ => {}
            }
        }
        sys_spans
            .into_iter()
            .map(|(a, b)| match (start_map.get(&a), end_map.get(&b)) {
                (Some(&ma), Some(&mb)) if mb > ma => Some((ma, mb)),
                _ => None,
            })
            .collect()
    };
    let gold_set: HashSet<(usize, usize)> = spans(&g).into_iter().collect();
    let mut used = HashSet::new();
    let tp = mapped
        .into_iter()
        .flatten()
        .filter(|sp| gold_set.contains(sp) && used.insert(*sp))
        .count();
    Score {
        n_gold: g.len(),
        n_sys: s.len(),
        tp,
    }
}

/// The raw text with every XML tag line blanked (kept as an empty line).
fn blank_metadata(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for line in raw.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if is_xml_line(body.trim_matches(py_space)) {
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Tokenizes every raw file of one EmpiriST part and scores it; returns (score, per-file text).
fn evaluate(empirist: &Path, part: &str) -> Score {
    let tok = Tokenizer::new();
    let raw_dir = empirist.join("raw").join(part);
    let gold_dir = empirist.join("tokenized").join(part);
    let out_dir = std::env::var_os("KORPUS_TOK_OUT").map(|d| Path::new(&d).join(part));
    let mut names: Vec<_> = std::fs::read_dir(&gold_dir)
        .expect("gold dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name())
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no gold files in {}", gold_dir.display());
    let mut total = Score::default();
    for name in names {
        let raw = std::fs::read_to_string(raw_dir.join(&name)).expect("raw file");
        let gold = std::fs::read_to_string(gold_dir.join(&name)).expect("gold file");
        let text = blank_metadata(&raw);
        let tokens = tok.tokenize(&text);
        let mut sys = Vec::new();
        write_tokens(&mut sys, &tokens, &text).expect("write to memory");
        let sys = String::from_utf8(sys).expect("utf-8");
        if let Some(dir) = &out_dir {
            std::fs::create_dir_all(dir).expect("create KORPUS_TOK_OUT");
            std::fs::write(dir.join(&name), &sys).expect("write system file");
        }
        let sc = score_pair(&gold, &sys, &name.to_string_lossy());
        eprintln!(
            "{part}/{}: gold={} sys={} tp={} token F1={:.2}",
            name.to_string_lossy(),
            sc.n_gold,
            sc.n_sys,
            sc.tp,
            100.0 * sc.f1()
        );
        total.n_gold += sc.n_gold;
        total.n_sys += sc.n_sys;
        total.tp += sc.tp;
    }
    total
}

#[test]
fn empirist_token_f1_meets_targets() {
    let Some(dir) = common::shared_data("empirist_token_f1_meets_targets", "empirist") else {
        return;
    };
    let cmc = evaluate(&dir, "cmc");
    let web = evaluate(&dir, "web");
    println!(
        "EmpiriST token F1: CMC {:.2} (gold {}, sys {}, tp {}), web {:.2} (gold {}, sys {}, tp {})",
        100.0 * cmc.f1(),
        cmc.n_gold,
        cmc.n_sys,
        cmc.tp,
        100.0 * web.f1(),
        web.n_gold,
        web.n_sys,
        web.tp
    );
    assert!(
        100.0 * cmc.f1() >= 99.2,
        "CMC token F1 {:.2} < 99.2",
        100.0 * cmc.f1()
    );
    assert!(
        100.0 * web.f1() >= 99.8,
        "web token F1 {:.2} < 99.8",
        100.0 * web.f1()
    );
}

#[test]
fn eval_mirror_matches_script_semantics() {
    // Tag lines are metadata; "<3" is not a tag; whitespace inside a line is removed.
    assert!(is_xml_line(r#"<posting id="1" author="x"/>"#));
    assert!(is_xml_line(
        r#"<article id="web_test_001" url="https://x.de/a" />"#
    ));
    assert!(is_xml_line("</posting>"));
    assert!(!is_xml_line("<3"));
    assert!(!is_xml_line("*<:-)"));
    assert!(!is_xml_line(">_<"));
    assert!(!is_xml_line("<-"));
    let gold = "<posting/>\nz.\nB.\n\nja\n";
    assert_eq!(score_pair(gold, "z.\nB.\nja\n", "t").tp, 3);
    let s = score_pair(gold, "z.B.\n\nja\n", "t");
    assert_eq!((s.n_gold, s.n_sys, s.tp), (3, 2, 1));
    assert_eq!(score_pair(gold, "z. B.\nja", "t").tp, 1);
    // Differing streams are aligned as the script does: a token that is exactly a normalised
    // character sequence still matches, and so does a token with an extra system character.
    let s = score_pair("a\nb\"\nc\n", "a\nb''\nc\n", "t");
    assert_eq!((s.n_gold, s.n_sys, s.tp), (3, 3, 3));
    let s = score_pair("ab\ncd\n", "ab\nxcd\n", "t");
    assert_eq!((s.n_gold, s.n_sys, s.tp), (2, 2, 2));
    assert_eq!(
        opcodes(&['a', 'b', 'c'], &['a', 'x', 'c']),
        Some(vec![
            ('=', 0, 1, 0, 1),
            ('r', 1, 2, 1, 2),
            ('=', 2, 3, 2, 3)
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// Invariants (proptest): in order, no overlap, every non-whitespace character covered, no
// character changed; and no panic on a large number of short inputs.
// ---------------------------------------------------------------------------------------------

fn check_invariants(text: &str, tokens: &[Token]) -> Result<(), TestCaseError> {
    let mut pos = 0;
    let mut sentence = 0;
    for t in tokens {
        prop_assert!(t.start >= pos, "overlap or disorder at {}", t.start);
        prop_assert!(t.end > t.start);
        prop_assert_eq!(text.get(t.start..t.end), Some(t.text));
        let gap = &text[pos..t.start];
        prop_assert!(gap.chars().all(char::is_whitespace), "uncovered {:?}", gap);
        prop_assert!(t.sentence == sentence || t.sentence == sentence + 1);
        sentence = t.sentence;
        pos = t.end;
    }
    prop_assert!(text[pos..].chars().all(char::is_whitespace));
    Ok(())
}

/// Pieces of text that matter to the rules: letters, digits, every ASCII punctuation mark,
/// URL and e-mail parts, gender suffixes, emoji with modifiers and joiners, marks, spaces.
const PIECES: &[&str] = &[
    " ", "\n", "\n\n", "\u{a0}", "\t", "a", "Ab", "xyz", "ä", "Ü", "ß", "é", "1", "23", "2004",
    ".", ",", ":", ";", "!", "?", "(", ")", "[", "]", "{", "}", "<", ">", "@", "#", "*", "_", "/",
    "\\", "'", "`", "´", "’", "\"", "„", "“", "»", "«", "^", "=", "+", "&", "%", "$", "~", "|",
    "-", "–", "…", "http://", "https://", "www.", ".de", ".com", "innen", "in", "In", "[at]",
    "[dot]", "(at)", "z.", "B.", "bzw", "Bd.", "und", "e", "E", "x", "D", "o", "O", "3", "8", "👍",
    "🏽", "\u{200d}", "\u{fe0f}", "\u{20e3}", "\u{0301}", "🇩", "🇪", "😼", "\u{feff}", "\u{2028}",
    "\r\n", "Ω", "漢", "٣", "\0",
];

/// Strings of up to 24 pieces, some of them arbitrary characters; cheap to generate.
fn tricky() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        8 => (0..PIECES.len()).prop_map(|i| PIECES[i].to_string()),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn invariants_on_arbitrary_unicode(text in any::<String>()) {
        let tokens = Tokenizer::new().tokenize(&text);
        check_invariants(&text, &tokens)?;
    }

    #[test]
    fn invariants_on_tricky_text(text in tricky()) {
        let tok = Tokenizer::new();
        let tokens = tok.tokenize(&text);
        check_invariants(&text, &tokens)?;
        let words: Vec<&str> = tok.words(&text).collect();
        let expected: Vec<&str> = tokens.iter().filter(|t| t.kind.is_word_like()).map(|t| t.text).collect();
        prop_assert_eq!(words, expected);
        let mut sink = Vec::new();
        write_tokens(&mut sink, &tokens, &text).unwrap();
        write_jsonl(&mut sink, &tokens, Some("d"), Some("p")).unwrap();
        write_conllu(&mut sink, &tokens, &text, "s", None).unwrap();
    }
}

/// Number of no-panic cases: `PROPTEST_CASES` if set, else 100,000.
fn no_panic_cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
        .max(1)
}

#[test]
fn no_panic_on_100k_short_inputs() {
    use proptest::test_runner::{Config, TestRunner};
    let cases = no_panic_cases();
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let tok = Tokenizer::new();
    let strategy = tricky();
    runner
        .run(&strategy, |text| {
            let tokens = tok.tokenize(&text);
            check_invariants(&text, &tokens)?;
            Ok(())
        })
        .unwrap();
    eprintln!("no_panic: {cases} cases");
}

// ---------------------------------------------------------------------------------------------
// Output formats.
// ---------------------------------------------------------------------------------------------

#[test]
fn tokens_format_marks_paragraphs() {
    let text = "Erster Absatz, z. B. hier.\n\nZweiter Absatz :-)\nnoch eine Zeile";
    let tokens = Tokenizer::new().tokenize(text);
    let mut out = Vec::new();
    write_tokens(&mut out, &tokens, text).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(
        out,
        "Erster\nAbsatz\n,\nz.\nB.\nhier\n.\n\nZweiter\nAbsatz\n:-)\nnoch\neine\nZeile\n"
    );
}

#[test]
fn jsonl_format_has_all_fields() {
    let text = "Danke, @anna! Siehe https://example.de.";
    let tokens = Tokenizer::new().tokenize(text);
    let mut out = Vec::new();
    write_jsonl(&mut out, &tokens, Some("thread-7"), Some("c12")).unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON"))
        .collect();
    assert_eq!(lines.len(), tokens.len());
    assert_eq!(lines[2]["text"], "@anna");
    assert_eq!(lines[2]["kind"], "mention");
    assert_eq!(lines[2]["start"], 7);
    assert_eq!(lines[2]["end"], 12);
    assert_eq!(lines[2]["doc"], "thread-7");
    assert_eq!(lines[2]["part"], "c12");
    assert_eq!(lines[5]["kind"], "url");
    assert_eq!(lines[5]["sentence"], 1);
    // serde serialisation of a token agrees with the writer's names
    for k in TokenKind::ALL {
        assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
    }
    let mut out = Vec::new();
    write_jsonl(&mut out, &tokens[..1], None, None).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "{\"text\":\"Danke\",\"start\":0,\"end\":5,\"kind\":\"word\",\"sentence\":0}\n"
    );
}

#[test]
fn conllu_format_is_valid() {
    let text = "Am 3. Oktober kam Dr. Meier.\nEr blieb lange!  Gut so.";
    let tokens = Tokenizer::new().tokenize(text);
    let upper = |w: &str| w.to_uppercase();
    let mut out = Vec::new();
    write_conllu(&mut out, &tokens, text, "blog-1", Some(&upper)).unwrap();
    let out = String::from_utf8(out).unwrap();
    let blocks: Vec<&str> = out.trim_end().split("\n\n").collect();
    assert_eq!(blocks.len(), 3, "{out}");
    assert!(out.ends_with("\n\n"));
    for (n, block) in blocks.iter().enumerate() {
        let lines: Vec<&str> = block.lines().collect();
        assert_eq!(lines[0], format!("# sent_id = blog-1-{}", n + 1));
        assert!(lines[1].starts_with("# text = "));
        for (i, l) in lines[2..].iter().enumerate() {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 10, "{l}");
            assert_eq!(cols[0], (i + 1).to_string());
            assert_eq!(cols[2], cols[1].to_uppercase());
        }
    }
    assert!(blocks[0].contains("# text = Am 3. Oktober kam Dr. Meier.\n"));
    assert!(blocks[0].contains("2\t3.\t3.\t_\t_\t_\t_\t_\t_\t_"));
    assert!(blocks[0].contains("6\tMeier\tMEIER\t_\t_\t_\t_\t_\t_\tSpaceAfter=No"));
    assert!(blocks[1].starts_with("# sent_id = blog-1-2\n# text = Er blieb lange!\n"));
    let mut plain = Vec::new();
    write_conllu(&mut plain, &tokens, text, "x", None).unwrap();
    assert!(String::from_utf8(plain).unwrap().contains("1\tAm\t_\t"));
}
