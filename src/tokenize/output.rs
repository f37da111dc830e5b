//! Output writers for token streams: one token a line, JSON Lines, CoNLL-U.
//!
//! The writers take `&mut dyn Write`; wrap files and standard output in a
//! [`std::io::BufWriter`] (or lock stdout) for speed.

use super::{has_blank_line, Token};
use std::io::{self, Write};

/// True if the text between two tokens (`prev_end..start`) contains a blank line.
fn paragraph_between(text: &str, prev_end: usize, start: usize) -> bool {
    text.as_bytes()
        .get(prev_end..start)
        .is_some_and(has_blank_line)
}

/// Writes one token a line, with an empty line where the text between two tokens contains a
/// blank line (a paragraph break).
///
/// ```
/// use korpus::tokenize::{write_tokens, Tokenizer};
/// let text = "Hallo Welt!\n\nNeuer Absatz.";
/// let toks = Tokenizer::new().tokenize(text);
/// let mut out = Vec::new();
/// write_tokens(&mut out, &toks, text).unwrap();
/// assert_eq!(String::from_utf8(out).unwrap(), "Hallo\nWelt\n!\n\nNeuer\nAbsatz\n.\n");
/// ```
pub fn write_tokens(w: &mut dyn Write, tokens: &[Token], text: &str) -> io::Result<()> {
    let mut prev_end: Option<usize> = None;
    for t in tokens {
        if let Some(p) = prev_end {
            if paragraph_between(text, p, t.start) {
                w.write_all(b"\n")?;
            }
        }
        w.write_all(t.text.as_bytes())?;
        w.write_all(b"\n")?;
        prev_end = Some(t.end);
    }
    Ok(())
}

/// Writes `s` as a JSON string literal.
fn json_str(w: &mut dyn Write, s: &str) -> io::Result<()> {
    serde_json::to_writer(&mut *w, s).map_err(io::Error::from)
}

/// Writes one JSON object a line per token:
/// `{"text","start","end","kind","sentence"}`, plus `"doc"` and `"part"` when given (corpus
/// input: the document id and the part, e.g. a post or comment id).
///
/// ```
/// use korpus::tokenize::{write_jsonl, Tokenizer};
/// let toks = Tokenizer::new().tokenize("Nr. 5");
/// let mut out = Vec::new();
/// write_jsonl(&mut out, &toks, Some("blog-1"), None).unwrap();
/// let first = String::from_utf8(out).unwrap().lines().next().unwrap().to_string();
/// assert_eq!(
///     first,
///     r#"{"text":"Nr.","start":0,"end":3,"kind":"abbreviation","sentence":0,"doc":"blog-1"}"#
/// );
/// ```
pub fn write_jsonl(
    w: &mut dyn Write,
    tokens: &[Token],
    doc: Option<&str>,
    part: Option<&str>,
) -> io::Result<()> {
    for t in tokens {
        w.write_all(b"{\"text\":")?;
        json_str(w, t.text)?;
        write!(
            w,
            ",\"start\":{},\"end\":{},\"kind\":\"{}\",\"sentence\":{}",
            t.start,
            t.end,
            t.kind.as_str(),
            t.sentence
        )?;
        if let Some(d) = doc {
            w.write_all(b",\"doc\":")?;
            json_str(w, d)?;
        }
        if let Some(p) = part {
            w.write_all(b",\"part\":")?;
            json_str(w, p)?;
        }
        w.write_all(b"}\n")?;
    }
    Ok(())
}

/// Replaces whitespace (tabs, line breaks) by `_`, and an empty field by `_`, so a value fits
/// in a CoNLL-U column.
fn conllu_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_empty() {
        return "_".into();
    }
    if s.chars().any(char::is_whitespace) {
        return s
            .chars()
            .map(|c| if c.is_whitespace() { '_' } else { c })
            .collect::<String>()
            .into();
    }
    s.into()
}

/// Writes CoNLL-U: per sentence the comments `# sent_id = {prefix}-{n}` (n from 1) and
/// `# text = ...` (the sentence's text with each run of whitespace as one space), one line per
/// token with the 10 columns ID, FORM, LEMMA (from `lemma`, else `_`), UPOS, XPOS, FEATS, HEAD,
/// DEPREL, DEPS (all `_`) and MISC (`SpaceAfter=No` where the next token follows without
/// whitespace, else `_`), and a blank line after each sentence.
///
/// ```
/// use korpus::tokenize::{write_conllu, Tokenizer};
/// let text = "Geht's? Ja.";
/// let toks = Tokenizer::new().tokenize(text);
/// let mut out = Vec::new();
/// write_conllu(&mut out, &toks, text, "doc1", None).unwrap();
/// let s = String::from_utf8(out).unwrap();
/// assert!(s.starts_with("# sent_id = doc1-1\n# text = Geht's?\n1\tGeht's\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n"));
/// assert!(s.contains("# sent_id = doc1-2\n# text = Ja.\n"));
/// assert!(s.ends_with("2\t.\t_\t_\t_\t_\t_\t_\t_\t_\n\n"));
/// ```
pub fn write_conllu(
    w: &mut dyn Write,
    tokens: &[Token],
    text: &str,
    sent_id_prefix: &str,
    lemma: Option<&dyn Fn(&str) -> String>,
) -> io::Result<()> {
    let mut n = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        let sent = tokens[i].sentence;
        let mut j = i + 1;
        while j < tokens.len() && tokens[j].sentence == sent {
            j += 1;
        }
        let group = &tokens[i..j];
        n += 1;
        if sent_id_prefix.is_empty() {
            writeln!(w, "# sent_id = {n}")?;
        } else {
            writeln!(w, "# sent_id = {sent_id_prefix}-{n}")?;
        }
        w.write_all(b"# text =")?;
        let (a, b) = (group[0].start, group[group.len() - 1].end);
        match text.get(a..b) {
            Some(s) => {
                for piece in s.split_whitespace() {
                    w.write_all(b" ")?;
                    w.write_all(piece.as_bytes())?;
                }
            }
            None => {
                for t in group {
                    w.write_all(b" ")?;
                    w.write_all(t.text.as_bytes())?;
                }
            }
        }
        w.write_all(b"\n")?;
        for (k, t) in group.iter().enumerate() {
            let form = conllu_field(t.text);
            let lem = match lemma {
                Some(f) => conllu_field(&f(t.text)).into_owned(),
                None => "_".to_string(),
            };
            let no_space = group.get(k + 1).is_some_and(|nx| nx.start == t.end);
            let misc = if no_space { "SpaceAfter=No" } else { "_" };
            writeln!(w, "{}\t{form}\t{lem}\t_\t_\t_\t_\t_\t_\t{misc}", k + 1)?;
        }
        w.write_all(b"\n")?;
        i = j;
    }
    Ok(())
}
