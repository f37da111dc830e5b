//! Small numeric measures with written-down formulas (see the [module docs](super)).

use std::collections::HashMap;
use std::hash::Hash;

/// Gini coefficient of non-negative counts: with the values sorted ascending
/// `x_1 ≤ … ≤ x_n`, `G = 2·Σ i·x_i / (n·Σ x_i) − (n + 1)/n`. 0 when every value is equal,
/// `(n − 1)/n` when one value holds everything; `None` for no values or an all-zero sum.
pub fn gini(values: &[u64]) -> Option<f64> {
    let n = values.len();
    let total: u64 = values.iter().sum();
    if n == 0 || total == 0 {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let weighted: f64 = sorted
        .iter()
        .enumerate()
        .map(|(i, &x)| (i as f64 + 1.0) * x as f64)
        .sum();
    let n = n as f64;
    Some((2.0 * weighted / (n * total as f64) - (n + 1.0) / n).max(0.0))
}

/// The `p`-quantile (0 ≤ p ≤ 1) of `sorted` (ascending) by linear interpolation between the
/// closest ranks (Hyndman & Fan type 7, the default of R and NumPy): `h = (n − 1)·p`,
/// `Q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋])` (0-based). `None` for no values.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// Sorts `values` (NaN-free) and returns its `p`-quantile ([`quantile_sorted`]).
pub fn quantile(values: &mut [f64], p: f64) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    quantile_sorted(values, p)
}

/// The median: [`quantile`] at 0.5 (the mean of the two middle values for an even count).
pub fn median(values: &mut [f64]) -> Option<f64> {
    quantile(values, 0.5)
}

/// Arithmetic mean; `None` for no values.
pub fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// One MTLD pass over `tokens` (interned ids) in the given order: the number of factors.
fn mtld_factors(tokens: impl Iterator<Item = u32>, threshold: f64, seen: &mut [u32]) -> f64 {
    // `seen[t] == segment` marks type t as seen in the current segment.
    let mut segment = 1u32;
    let (mut types, mut count) = (0usize, 0usize);
    let mut factors = 0.0;
    let mut ttr = 1.0;
    for t in tokens {
        let slot = &mut seen[t as usize];
        if *slot != segment {
            *slot = segment;
            types += 1;
        }
        count += 1;
        ttr = types as f64 / count as f64;
        if ttr <= threshold {
            factors += 1.0;
            segment += 1;
            types = 0;
            count = 0;
            ttr = 1.0;
        }
    }
    if count > 0 {
        factors += (1.0 - ttr) / (1.0 - threshold);
    }
    factors
}

/// MTLD, the measure of textual lexical diversity (McCarthy & Jarvis 2010), bidirectional.
///
/// A pass reads the tokens in order, keeping the type-token ratio (TTR) of the current
/// segment; when it falls to `threshold` (0.72) or below, one factor is complete and a new
/// segment starts. A final incomplete segment with TTR `r` adds the partial factor
/// `(1 − r)/(1 − threshold)`. The pass's value is `tokens / factors`. MTLD is the mean of the
/// forward and the backward pass. `None` when there are no tokens or no factor at all (every
/// token distinct, so the TTR never falls).
pub fn mtld(tokens: &[u32], threshold: f64) -> Option<f64> {
    if tokens.is_empty() {
        return None;
    }
    let max = tokens.iter().copied().max().unwrap_or(0) as usize;
    let mut seen = vec![0u32; max + 1];
    let forward = mtld_factors(tokens.iter().copied(), threshold, &mut seen);
    seen.iter_mut().for_each(|s| *s = 0);
    let backward = mtld_factors(tokens.iter().rev().copied(), threshold, &mut seen);
    if forward <= 0.0 || backward <= 0.0 {
        return None;
    }
    let n = tokens.len() as f64;
    Some((n / forward + n / backward) / 2.0)
}

/// Cosine similarity of two sparse count vectors: `Σ a_t·b_t / (‖a‖·‖b‖)`; `None` when
/// either vector is empty (all zero).
pub fn cosine<K: Eq + Hash>(a: &HashMap<K, u64>, b: &HashMap<K, u64>) -> Option<f64> {
    let norm = |v: &HashMap<K, u64>| v.values().map(|&x| (x as f64) * (x as f64)).sum::<f64>();
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 {
        return None;
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let dot: f64 = small
        .iter()
        .filter_map(|(k, &x)| large.get(k).map(|&y| x as f64 * y as f64))
        .sum();
    Some(dot / (na.sqrt() * nb.sqrt()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gini_by_hand() {
        assert_eq!(gini(&[3, 3, 3]), Some(0.0));
        // [0, 0, 0, 4]: 2·(4·4)/(4·4) − 5/4 = 2 − 1.25 = 0.75 = (n−1)/n
        assert_eq!(gini(&[4, 0, 0, 0]), Some(0.75));
        // [1, 2, 3]: Σ i·x = 1+4+9 = 14; 2·14/(3·6) − 4/3 = 28/18 − 24/18 = 2/9
        assert!((gini(&[3, 1, 2]).unwrap() - 2.0 / 9.0).abs() < 1e-12);
        assert_eq!(gini(&[]), None);
    }

    #[test]
    fn quantiles_by_hand() {
        let mut v = vec![40.0, 10.0, 30.0, 20.0];
        assert_eq!(median(&mut v), Some(25.0));
        // h = 3·0.9 = 2.7 → 30 + 0.7·10 = 37
        assert!((quantile(&mut v, 0.9).unwrap() - 37.0).abs() < 1e-12);
        assert_eq!(quantile(&mut [5.0], 0.9), Some(5.0));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn mtld_by_hand() {
        // a b a b: forward TTR 1, 1, 2/3 (≤ 0.72: factor 1, reset), then "b": TTR 1 →
        // partial (1−1)/0.28 = 0 → 1 factor → 4/1 = 4. Backward b a b a: the same. MTLD 4.
        assert_eq!(mtld(&[0, 1, 0, 1], 0.72), Some(4.0));
        // a a: TTR 1, then 1/2 → factor; nothing left. 2/1 = 2 both ways.
        assert_eq!(mtld(&[0, 0], 0.72), Some(2.0));
        // a b c a: forward 1, 1, 1, 3/4 = 0.75 (> 0.72): partial (1 − 0.75)/0.28 = 0.892857
        // → 4 / 0.892857 = 4.48; backward a c b a: the same. MTLD 4.48.
        assert!((mtld(&[0, 1, 2, 0], 0.72).unwrap() - 4.48).abs() < 1e-9);
        assert_eq!(mtld(&[0, 1, 2], 0.72), None);
        assert_eq!(mtld(&[], 0.72), None);
    }

    #[test]
    fn cosine_by_hand() {
        let a: HashMap<&str, u64> = [("x", 1), ("y", 2)].into();
        let b: HashMap<&str, u64> = [("y", 2), ("z", 1)].into();
        // dot 4, norms √5 · √5 → 0.8
        assert!((cosine(&a, &b).unwrap() - 0.8).abs() < 1e-12);
        assert_eq!(cosine(&a, &HashMap::new()), None);
    }
}
