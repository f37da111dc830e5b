//! `korpus tokenize`, `korpus stem`, `korpus split`: the text stages on their own.

use super::{CmdResult, Failure, InputArgs, Outcome, Reporter};
use clap::Args;
use korpus::input::InputFormat;
use korpus::output::OutputFormat;
use korpus::stem::compound::{format_split, SplitCache};
use korpus::stem::{stem_lines, Stemmer, StemmerKind};
use korpus::tokenize::{write_conllu, write_jsonl, write_tokens, Token, Tokenizer};
use korpus::Error;
use std::io::{BufRead, Write};
use std::path::PathBuf;

fn parse_stemmer(s: &str) -> Result<StemmerKind, String> {
    s.parse()
        .map_err(|e: korpus::stem::UnknownStemmer| e.to_string())
}

fn parse_token_format(s: &str) -> Result<OutputFormat, String> {
    match s {
        "tokens" => Ok(OutputFormat::Tokens),
        "jsonl" => Ok(OutputFormat::Jsonl),
        "conllu" => Ok(OutputFormat::Conllu),
        _ => Err(format!(
            "unknown format `{s}` for tokenize (expected tokens, jsonl or conllu)"
        )),
    }
}

/// Arguments of `korpus tokenize`.
#[derive(Debug, Args)]
pub struct TokenizeArgs {
    #[command(flatten)]
    input: InputArgs,
    /// tokens (one a line), jsonl (one object a token) or conllu.
    #[arg(long, short = 'f', value_name = "FORMAT", default_value = "tokens", value_parser = parse_token_format)]
    format: OutputFormat,
    /// Fill CoNLL-U's LEMMA column with the stem.
    #[arg(long)]
    stem: bool,
    /// The stemmer for --stem: snowball, snowball3 or cistem (default).
    #[arg(long, value_name = "NAME", value_parser = parse_stemmer)]
    stemmer: Option<StemmerKind>,
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

/// True when every input is plain text (then JSONL tokens carry no doc/part).
fn plain_text(input: &InputArgs, paths: &[PathBuf]) -> bool {
    match input.input_format {
        InputFormat::Text => true,
        InputFormat::Auto => paths
            .iter()
            .all(|p| p.is_file() && InputFormat::from_extension(p) == Some(InputFormat::Text)),
        _ => false,
    }
}

pub fn tokenize(a: TokenizeArgs, reporter: &Reporter) -> CmdResult {
    let paths = a.input.paths()?;
    let plain = plain_text(&a.input, &paths);
    let out = super::OutputArgs {
        format: None,
        output: a.output.clone(),
    };
    let mut w = out.writer()?;
    let tokenizer = Tokenizer::new();
    let stemmer =
        (a.stem || a.stemmer.is_some()).then(|| Stemmer::new(a.stemmer.unwrap_or_default()));
    let lemma = |s: &str| -> String {
        match &stemmer {
            Some(st) => st.stem(s).into_owned(),
            None => "_".to_string(),
        }
    };
    let mut first = true;
    let mut reader = a.input.builder().build();
    let format = a.format;
    // Each text is tokenized and written as soon as its thread is read.
    let mut emit = |w: &mut dyn Write, id: &str, part: &str, text: &str| -> std::io::Result<()> {
        let tokens: Vec<Token> = tokenizer.tokenize(text);
        match format {
            OutputFormat::Jsonl => {
                let (doc, part) = if plain {
                    (None, None)
                } else {
                    (Some(id), Some(part))
                };
                write_jsonl(w, &tokens, doc, part)
            }
            OutputFormat::Conllu => {
                let l: Option<&dyn Fn(&str) -> String> = if stemmer.is_some() {
                    Some(&lemma)
                } else {
                    None
                };
                write_conllu(w, &tokens, text, id, l)
            }
            _ => {
                if !first && !tokens.is_empty() {
                    w.write_all(b"\n")?;
                }
                if !tokens.is_empty() {
                    first = false;
                }
                write_tokens(w, &tokens, text)
            }
        }
    };
    let res = reader.read_paths(&paths, &mut |t| {
        if !t.post.synthetic {
            emit(&mut w, &t.post.id, "post", &t.post.text)?;
        }
        for c in &t.comments {
            emit(&mut w, &c.id, "comment", &c.text)?;
        }
        Ok(())
    });
    super::finish_stream(reader, res, w, reporter)
}

/// Arguments of `korpus stem`.
#[derive(Debug, Args)]
pub struct StemArgs {
    /// Words, one a line (`-` or nothing: standard input).
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    /// snowball (2009, as NLTK), snowball3 (current Snowball) or cistem (default).
    #[arg(long, value_name = "NAME", value_parser = parse_stemmer)]
    stemmer: Option<StemmerKind>,
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

fn word_input(file: &Option<PathBuf>) -> Result<Box<dyn BufRead + Send>, Failure> {
    let p = file.clone().unwrap_or_else(|| PathBuf::from("-"));
    Ok(korpus::input::source::open(&p)?)
}

pub fn stem(a: StemArgs, _reporter: &Reporter) -> CmdResult {
    let input = word_input(&a.file)?;
    let out = super::OutputArgs {
        format: None,
        output: a.output.clone(),
    };
    let w = out.writer()?;
    let stemmer = Stemmer::new(a.stemmer.unwrap_or_default());
    stem_lines(&stemmer, input, w).map_err(|e| io_at(e, &a.file))?;
    Ok(Outcome::Clean)
}

fn io_at(e: std::io::Error, file: &Option<PathBuf>) -> Failure {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return Failure::Error(e.into());
    }
    match file {
        Some(p) => Failure::Error(Error::io(e, p)),
        None => Failure::Error(e.into()),
    }
}

/// Arguments of `korpus split`.
#[derive(Debug, Args)]
pub struct SplitArgs {
    /// Words, one a line (`-` or nothing: standard input).
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

pub fn split(a: SplitArgs, _reporter: &Reporter) -> CmdResult {
    let mut input = word_input(&a.file)?;
    let out = super::OutputArgs {
        format: None,
        output: a.output.clone(),
    };
    let mut w = out.writer()?;
    let mut cache = SplitCache::default();
    let mut line = String::new();
    let res = (|| -> std::io::Result<()> {
        loop {
            line.clear();
            if input.read_line(&mut line)? == 0 {
                break;
            }
            let word = line.trim();
            if word.is_empty() {
                w.write_all(b"\n")?;
                continue;
            }
            let s = cache.split(word).cloned();
            writeln!(w, "{}", format_split(word, s.as_ref()))?;
        }
        w.flush()
    })();
    res.map_err(|e| io_at(e, &a.file))?;
    Ok(Outcome::Clean)
}
