//! Evaluates the compound splitter on the shared evaluation sets and prints its errors.
//!
//! ```text
//! cargo run --release --example eval_compound [SHARED_DATA_DIR] [--errors]
//! ```
//!
//! Head accuracy and exact-split accuracy on `germanet-compounds/dev.tsv`, false-split rate on
//! `simplex-nouns/dev.txt`, on the whole lists and on two halves chosen by a hash of the word
//! (`--errors` prints the errors of half A only: half B is for checking, not for looking at).

use std::path::PathBuf;

use korpus::stem::compound::Splitter;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let errors = args.iter().any(|a| a == "--errors");
    let data = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    let t = std::time::Instant::now();
    let s = Splitter::german();
    s.split("Haus");
    eprintln!("load: {:?}", t.elapsed());

    let tsv = std::fs::read_to_string(data.join("germanet-compounds/dev.tsv"))?;
    let mut n = [0usize; 2];
    let mut head_ok = [0usize; 2];
    let mut exact_ok = [0usize; 2];
    let t = std::time::Instant::now();
    for line in tsv.lines().skip(2) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            continue;
        }
        let (word, mods, head) = (f[0], f[1], f[2]);
        let half = half_of(word);
        n[half] += 1;
        let split = s.split(word);
        let got: Vec<String> = split
            .as_ref()
            .map(|s| s.parts.iter().map(|p| p.to_lowercase()).collect())
            .unwrap_or_default();
        let h = got.last().is_some_and(|g| *g == head.to_lowercase());
        let exact = mods.split('|').any(|alt| {
            let mut gold: Vec<String> = alt.split(' ').map(str::to_lowercase).collect();
            gold.push(head.to_lowercase());
            gold == got
        });
        head_ok[half] += usize::from(h);
        exact_ok[half] += usize::from(exact);
        if half == 0 && std::env::var_os("EVAL_ALL").is_some() {
            println!("ALL\t{word}\t{mods}+{head}\t{}", got.join("+"));
        }
        let show = errors && half == 0;
        if show && !h {
            println!("HEAD{half}\t{word}\t{mods}+{head}\t{}", got.join("+"));
        } else if show && !exact {
            println!("EXACT{half}\t{word}\t{mods}+{head}\t{}", got.join("+"));
        }
    }
    let el = t.elapsed();
    let simplex = std::fs::read_to_string(data.join("simplex-nouns/dev.txt"))?;
    let mut sn = [0usize; 2];
    let mut fs = [0usize; 2];
    for w in simplex.lines().filter(|l| !l.is_empty()) {
        let half = half_of(w);
        sn[half] += 1;
        if let Some(sp) = s.split(w) {
            fs[half] += 1;
            if errors && half == 0 {
                println!("FALSE{half}\t{w}\t{}", sp.parts.join("+"));
            }
        }
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    println!(
        "all : head {:.2}%  exact {:.2}%  false {:.2}%  ({} compounds, {} simplex, {:.0} words/s)",
        pct(head_ok[0] + head_ok[1], n[0] + n[1]),
        pct(exact_ok[0] + exact_ok[1], n[0] + n[1]),
        pct(fs[0] + fs[1], sn[0] + sn[1]),
        n[0] + n[1],
        sn[0] + sn[1],
        (n[0] + n[1]) as f64 / el.as_secs_f64()
    );
    for h in 0..2 {
        println!(
            "half {}: head {:.2}%  exact {:.2}%  false {:.2}%",
            ["A", "B"][h],
            pct(head_ok[h], n[h]),
            pct(exact_ok[h], n[h]),
            pct(fs[h], sn[h])
        );
    }
    Ok(())
}

/// The half (0 = A, 1 = B) a word belongs to: the low bit of its FNV-1a hash, so that the halves
/// do not depend on the order of the list. Develop on half A only; half B checks that a change
/// generalises.
fn half_of(word: &str) -> usize {
    let h = word.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    (h >> 7 & 1) as usize
}
