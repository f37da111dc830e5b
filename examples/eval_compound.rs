//! Evaluates the compound splitter on the shared evaluation sets and prints its errors.
//!
//! ```text
//! cargo run --release --example eval_compound [SHARED_DATA_DIR] [--errors]
//! ```
//!
//! Head accuracy and exact-split accuracy on `germanet-compounds/dev.tsv`, false-split rate on
//! `simplex-nouns/dev.txt`, on the whole lists and on their even/odd halves.

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
    for (k, line) in tsv.lines().skip(2).enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            continue;
        }
        let (word, mods, head) = (f[0], f[1], f[2]);
        let half = k % 2;
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
        if std::env::var_os("EVAL_ALL").is_some() {
            println!("ALL\t{word}\t{mods}+{head}\t{}", got.join("+"));
        }
        if errors && !h {
            println!("HEAD\t{word}\t{mods}+{head}\t{}", got.join("+"));
        } else if errors && !exact {
            println!("EXACT\t{word}\t{mods}+{head}\t{}", got.join("+"));
        }
    }
    let el = t.elapsed();
    let simplex = std::fs::read_to_string(data.join("simplex-nouns/dev.txt"))?;
    let mut sn = [0usize; 2];
    let mut fs = [0usize; 2];
    for (k, w) in simplex.lines().filter(|l| !l.is_empty()).enumerate() {
        sn[k % 2] += 1;
        if let Some(sp) = s.split(w) {
            fs[k % 2] += 1;
            if errors {
                println!("FALSE\t{w}\t{}", sp.parts.join("+"));
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
            "half{h}: head {:.2}%  exact {:.2}%  false {:.2}%",
            pct(head_ok[h], n[h]),
            pct(exact_ok[h], n[h]),
            pct(fs[h], sn[h])
        );
    }
    Ok(())
}
