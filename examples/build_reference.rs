//! Regenerates the shipped German reference frequency list `src/terms/data/reference-de.tsv.gz`
//! from the Bundestag speeches of the 19th legislative period (2017–2021) in the shared data
//! folder (`../shared/data/bundestag/speeches_wp19.txt.gz`).
//!
//! Every word token (korpus tokenizer, [`Tokenizer::words`]) with at least one letter is
//! lowercased (full Unicode, [`korpus::normalize::lowercase`]) and counted. The list keeps the
//! `TOP` most frequent forms (ties: alphabetical), one `form<TAB>count` a line, after a first
//! line `#tokens<TAB>N` with the number of all counted tokens (the reference corpus size).
//! The output is deterministic (gzip header without a time stamp).
//!
//! ```text
//! cargo run --release --example build_reference [-- SPEECHES.txt.gz OUT.tsv.gz]
//! ```

use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use flate2::{Compression, GzBuilder};
use korpus::normalize::lowercase;
use korpus::tokenize::Tokenizer;
use rustc_hash::FxHashMap;
use std::io::{BufRead, BufReader, Write};

/// How many word forms are kept.
const TOP: usize = 150_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let input = args
        .next()
        .unwrap_or_else(|| "../shared/data/bundestag/speeches_wp19.txt.gz".into());
    let output = args
        .next()
        .unwrap_or_else(|| "src/terms/data/reference-de.tsv.gz".into());
    let reader = BufReader::new(MultiGzDecoder::new(std::fs::File::open(&input)?));
    let tok = Tokenizer::new();
    let mut counts: FxHashMap<String, u64> = FxHashMap::default();
    let mut total = 0u64;
    for line in reader.lines() {
        let line = line?;
        for w in tok.words(&line) {
            if !w.chars().any(char::is_alphabetic) {
                continue;
            }
            total += 1;
            let lw = lowercase(w);
            match counts.get_mut(lw.as_ref()) {
                Some(c) => *c += 1,
                None => {
                    counts.insert(lw.into_owned(), 1);
                }
            }
        }
    }
    let mut rows: Vec<(String, u64)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rows.truncate(TOP);
    let file = std::fs::File::create(&output)?;
    let mut gz: GzEncoder<_> = GzBuilder::new().mtime(0).write(file, Compression::best());
    writeln!(gz, "#tokens\t{total}")?;
    for (w, c) in &rows {
        writeln!(gz, "{w}\t{c}")?;
    }
    gz.finish()?;
    eprintln!(
        "{output}: {} forms of {total} tokens (min count {})",
        rows.len(),
        rows.last().map_or(0, |r| r.1)
    );
    Ok(())
}
