//! Regenerates the lexicon shipped with the German compound splitter
//! (`src/stem/compound/data/*.tsv.gz`) from the shared data folder.
//!
//! ```text
//! cargo run --release --example build_lexicon [SHARED_DATA_DIR]
//! ```
//!
//! `SHARED_DATA_DIR` defaults to `../shared/data` (relative to the project root). Inputs:
//!
//! * `bundestag/speeches_wp19.txt.gz` — German Bundestag speeches 2017–2021. Every run of
//!   alphabetic characters is a word; we count each word (lowercased) in total and how often it
//!   was written with a lowercase first letter.
//! * `german-nouns/nouns.csv` — German Wiktionary nouns with every case/number form
//!   (CC BY-SA 4.0, see `src/stem/compound/LEXICON.md`).
//!
//! Outputs (both gzip, lines sorted, so the output is byte-for-byte reproducible):
//!
//! * `words.tsv.gz` — `shared<TAB>suffix<TAB>total<TAB>lower`: the Bundestag word counts for
//!   words seen at least [`MIN_COUNT`] times, front-coded (`shared` = number of leading bytes in
//!   common with the previous word, `suffix` = the rest).
//! * `nouns.tsv.gz` — `Lemma<TAB>count<TAB>form<TAB>form…`: one noun lemma a line with the
//!   estimated noun uses of all its forms in the speeches (per form: capitalised occurrences
//!   minus half the lowercase ones), and its other inflected forms in lowercase, each coded as
//!   `<bytes shared with the lowercase lemma><rest>` (`bücher` of `Buch` is `1ücher`).
//! * `prefixes.tsv.gz` — `prefix<TAB>n`: bound modifiers (`bio`, `agrar`) and the number of
//!   distinct nouns they begin.

use std::collections::{BTreeMap, HashMap};
use std::error::Error;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use flate2::{Compression, GzBuilder};

/// Words rarer than this in the Bundestag speeches are not shipped (noun forms still count
/// towards their lemma).
const MIN_COUNT: u32 = 3;

/// Parts of speech in the Wiktionary list that are not free nouns.
const SKIP_POS: &[&str] = &[
    "Affix",
    "Suffix",
    "Gebundenes Lexem",
    "Abkürzung",
    "Buchstabe",
    "Symbol",
    "Wortverbindung",
    "Redewendung",
    "Grußformel",
    "Partikel",
    "Geflügeltes Wort",
    "Deklinierte Form",
    "Vorname",
    "Nachname",
];

/// Parts of speech of names.
const NAME_POS: &[&str] = &["Toponym", "Eigenname", "Straßenname"];

/// Bundestag occurrences that make a capitalised word a noun of the lexicon.
const MIN_CORPUS_NOUN: u32 = 5;

/// A bound modifier (`bio-`, `elektro-`, `mindest-`) is shipped when it begins at least this many
/// distinct nouns or frequent words whose rest is a noun lemma.
const MIN_PREFIX_HEADS: usize = 8;

fn main() -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let data = match std::env::args_os().nth(1) {
        Some(d) => PathBuf::from(d),
        None => root.join("../shared/data"),
    };
    let out = root.join("src/stem/compound/data");
    std::fs::create_dir_all(&out)?;

    let counts = count_words(&data.join("bundestag/speeches_wp19.txt.gz"))?;
    eprintln!("bundestag: {} distinct words", counts.len());
    let mut nouns = read_nouns(&data.join("german-nouns/nouns.csv"))?;
    eprintln!("wiktionary: {} noun lemmas", nouns.len());
    let extra = corpus_nouns(&counts, &nouns);
    eprintln!("bundestag: {} more nouns (capitalised words)", extra.len());
    nouns.extend(extra);

    // words.tsv.gz
    let mut w = gz_writer(&out.join("words.tsv.gz"))?;
    let mut prev = String::new();
    let mut shipped = 0usize;
    for (word, &Count { total, lower, .. }) in &counts {
        if total < MIN_COUNT {
            continue;
        }
        let shared = common_prefix(&prev, word);
        writeln!(w, "{shared}\t{}\t{total}\t{lower}", &word[shared..])?;
        prev.clone_from(word);
        shipped += 1;
    }
    w.finish()?;
    eprintln!("words.tsv.gz: {shipped} words");

    // nouns.tsv.gz
    let mut w = gz_writer(&out.join("nouns.tsv.gz"))?;
    for (lemma, forms) in &nouns {
        let mut lowered: Vec<String> = forms.iter().map(|f| f.to_lowercase()).collect();
        lowered.push(lemma.to_lowercase());
        lowered.sort();
        lowered.dedup();
        // Noun uses: capitalised occurrences minus half the lowercase ones, per form, so that
        // homographs of verbs, pronouns and particles (`waren`, `habe`, `er`) do not count.
        let count: u64 = lowered
            .iter()
            .filter_map(|f| counts.get(f))
            .map(|c| u64::from((c.total - c.lower).saturating_sub(c.lower / 2)))
            .sum();
        write!(w, "{lemma}\t{count}")?;
        let low = lemma.to_lowercase();
        for f in &lowered {
            if *f != low {
                let shared = common_prefix(&low, f);
                write!(w, "\t{shared}{}", &f[shared..])?;
            }
        }
        writeln!(w)?;
    }
    w.finish()?;
    eprintln!("nouns.tsv.gz: {} lemmas", nouns.len());

    // prefixes.tsv.gz
    let prefixes = bound_prefixes(&counts, &nouns);
    let mut w = gz_writer(&out.join("prefixes.tsv.gz"))?;
    for (p, n) in &prefixes {
        writeln!(w, "{p}\t{n}")?;
    }
    w.finish()?;
    eprintln!("prefixes.tsv.gz: {} bound modifiers", prefixes.len());
    Ok(())
}

/// Nouns the Wiktionary list lacks (`Versorger`, `Weltcup`): Bundestag words seen at least
/// [`MIN_CORPUS_NOUN`] times and written capitalised at least nine times in ten. A word that is
/// such a noun plus `-n`, `-s`, `-en`, `-es` or `-nen` becomes a form of it.
fn corpus_nouns(
    counts: &BTreeMap<String, Count>,
    nouns: &BTreeMap<String, Vec<String>>,
) -> BTreeMap<String, Vec<String>> {
    let mut known: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (l, fs) in nouns {
        known.insert(l.to_lowercase());
        known.extend(fs.iter().map(|f| f.to_lowercase()));
    }
    let cands: BTreeMap<&str, u32> = counts
        .iter()
        .filter(|(w, c)| {
            c.total >= MIN_CORPUS_NOUN
                && c.lower * 10 <= c.total
                && c.caps * 2 < c.total
                && w.chars().count() >= 3
                && !known.contains(*w)
                // not a noun cut off before a hyphen (`Abrüstungs-`, `Schul-`)
                && !known.contains(&format!("{w}e"))
                && !w.strip_suffix('s').is_some_and(|st| {
                    known.contains(st) || known.contains(&format!("{st}e"))
                })
        })
        .map(|(w, c)| (w.as_str(), c.total))
        .collect();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let capital = |w: &str| -> String {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    };
    for (&w, &t) in &cands {
        let base = ["nen", "en", "es", "n", "s"].iter().find_map(|suf| {
            let stem = w.strip_suffix(suf)?;
            cands.get(stem).filter(|&&st| st >= t).map(|_| stem)
        });
        match base {
            Some(stem) => out.entry(capital(stem)).or_default().push(capital(w)),
            None => {
                out.entry(capital(w)).or_default();
            }
        }
    }
    out
}

/// Modifiers that are no word of their own: strings that begin many nouns of the Wiktionary
/// list or frequent Bundestag words (count ≥ `MIN_COUNT`) whose remainder is a noun lemma of at
/// least four letters (`Bio|masse`, `Agrar|politik`, `Mindest|lohn`), and that are neither a noun
/// form nor a noun with a linking `-s` or dropped `-e` — those the splitter finds anyway.
fn bound_prefixes(
    counts: &BTreeMap<String, Count>,
    nouns: &BTreeMap<String, Vec<String>>,
) -> Vec<(String, usize)> {
    let lemmas: std::collections::HashSet<String> =
        nouns.keys().map(|l| l.to_lowercase()).collect();
    let mut forms: std::collections::HashSet<String> = lemmas.clone();
    for fs in nouns.values() {
        forms.extend(fs.iter().map(|f| f.to_lowercase()));
    }
    let mut words: std::collections::BTreeSet<&str> = lemmas.iter().map(String::as_str).collect();
    words.extend(
        counts
            .iter()
            .filter(|(_, c)| c.total >= MIN_COUNT)
            .map(|(w, _)| w.as_str()),
    );
    let mut heads: HashMap<&str, usize> = HashMap::new();
    for w in words {
        let bounds: Vec<usize> = w.char_indices().map(|(i, _)| i).collect();
        let n = bounds.len();
        for k in 3..n.saturating_sub(3) {
            if lemmas.contains(&w[bounds[k]..]) {
                *heads.entry(&w[..bounds[k]]).or_default() += 1;
            }
        }
    }
    let mut out: Vec<(String, usize)> = heads
        .into_iter()
        .filter(|&(p, n)| {
            n >= MIN_PREFIX_HEADS
                && plausible_prefix(p)
                && !forms.contains(p)
                && !p
                    .strip_suffix('s')
                    .is_some_and(|s| forms.contains(s) || lemmas.contains(&format!("{s}e")))
                && !lemmas.contains(&format!("{p}e"))
        })
        .map(|(p, n)| (p.to_string(), n))
        .collect();
    out.sort();
    out
}

/// Rejects fragments such as `versch-`, `betr-`, `attr-` (from `Versch|wendung`, …): after an
/// inseparable verb prefix there must be a syllable with a vowel, and the string must not end in
/// a consonant cluster that cannot close a German syllable.
fn plausible_prefix(p: &str) -> bool {
    let vowel = |s: &str| s.chars().any(|c| "aeiouäöüy".contains(c));
    for pre in ["miss", "emp", "ent", "zer", "ver", "be", "ge", "er"] {
        if let Some(rest) = p.strip_prefix(pre) {
            if rest.chars().count() < 3 || !vowel(rest) {
                return false;
            }
        }
    }
    let bad_end = [
        "tr", "br", "pr", "kr", "gr", "dr", "fr", "bl", "pl", "kl", "gl", "fl", "schr", "str",
    ];
    vowel(p) && !bad_end.iter().any(|e| p.ends_with(e))
}

/// Bytes shared at the start of `a` and `b`, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i)
}

fn gz_writer(path: &Path) -> Result<GzEncoder<File>, Box<dyn Error>> {
    // mtime 0 and no file name: the output depends on the input only.
    Ok(GzBuilder::new()
        .mtime(0)
        .write(File::create(path)?, Compression::best()))
}

/// Occurrences of one word (lowercased) in the speeches.
#[derive(Default, Clone, Copy)]
struct Count {
    /// Any casing.
    total: u32,
    /// With a lowercase first letter.
    lower: u32,
    /// All in capitals (acronyms: `ARD`, `GEW`).
    caps: u32,
}

/// Word counts, lowercased keys.
fn count_words(path: &Path) -> Result<BTreeMap<String, Count>, Box<dyn Error>> {
    let reader = BufReader::new(MultiGzDecoder::new(File::open(path)?));
    let mut counts: HashMap<String, Count> = HashMap::new();
    let mut lower = String::new();
    for line in reader.lines() {
        let line = line?;
        for word in line.split(|c: char| !c.is_alphabetic()) {
            if word.chars().count() < 2 {
                continue;
            }
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            let starts_lower = word.chars().next().is_some_and(char::is_lowercase);
            let e = counts.entry(lower.clone()).or_default();
            e.total += 1;
            e.lower += u32::from(starts_lower);
            e.caps += u32::from(word.chars().all(char::is_uppercase));
        }
    }
    Ok(counts.into_iter().collect())
}

/// Lemma → its distinct inflected forms (lemma casing), nouns only.
fn read_nouns(path: &Path) -> Result<BTreeMap<String, Vec<String>>, Box<dyn Error>> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_path(path)?;
    let mut nouns: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut names = std::collections::BTreeSet::new();
    let mut common = std::collections::BTreeSet::new();
    for rec in rdr.records() {
        let rec = rec?;
        let (Some(lemma), Some(pos)) = (rec.get(0), rec.get(1)) else {
            continue;
        };
        let pos: Vec<&str> = pos.split(',').collect();
        if !pos.contains(&"Substantiv") || pos.iter().any(|p| SKIP_POS.contains(p)) {
            continue;
        }
        if lemma.chars().count() < 2 || !lemma.chars().all(char::is_alphabetic) {
            continue;
        }
        let forms = nouns.entry(lemma.to_string()).or_default();
        for f in rec.iter().skip(7) {
            if !f.is_empty() && f != lemma && f.chars().all(char::is_alphabetic) {
                forms.push(f.to_string());
            }
        }
        forms.sort();
        forms.dedup();
        if pos.iter().any(|p| NAME_POS.contains(p)) {
            names.insert(lemma.to_string());
        } else {
            common.insert(lemma.to_string());
        }
    }
    // A place or other name that is also a form of a common noun (`Wahlen`, plural of `Wahl`)
    // would take that form's reading; leave it out.
    let mut common_forms: std::collections::HashSet<String> = std::collections::HashSet::new();
    for l in &common {
        common_forms.insert(l.to_lowercase());
        if let Some(fs) = nouns.get(l) {
            common_forms.extend(fs.iter().map(|f| f.to_lowercase()));
        }
    }
    nouns.retain(|l, _| common.contains(l) || !common_forms.contains(&l.to_lowercase()));
    Ok(nouns)
}
