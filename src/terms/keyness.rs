//! Keyness: is a term more frequent in a target corpus than in a reference corpus?
//!
//! Notation (the contingency table of one term):
//!
//! | | target | reference |
//! |---|---|---|
//! | frequency of the term | `a` | `b` |
//! | size of the corpus (all tokens) | `c` | `d` |
//!
//! ## G² log-likelihood ([`log_likelihood`])
//!
//! The two-cell-corpus form of Dunning (1993) as written by Rayson & Garside (2000):
//!
//! ```text
//! E1 = c · (a + b) / (c + d)          expected frequency in the target
//! E2 = d · (a + b) / (c + d)          expected frequency in the reference
//! G² = 2 · ( a · ln(a / E1) + b · ln(b / E2) )      with 0 · ln(0 / E) = 0
//! ```
//!
//! G² is never negative and does not say in which direction a term differs; the ranking
//! helper takes the direction from the relative frequencies (`a / c` against `b / d`).
//! G² > 3.84 corresponds to p < 0.05 and G² > 6.63 to p < 0.01 (χ² with one degree of
//! freedom).
//!
//! ## Log ratio ([`log_ratio`])
//!
//! Hardie (2014): the binary logarithm of the ratio of the relative frequencies, an effect
//! size. A zero frequency is replaced by 0.5 (so that a term missing from one corpus still
//! gets a finite value); the corpus sizes are not changed:
//!
//! ```text
//! a' = a if a > 0 else 0.5,   b' = b if b > 0 else 0.5
//! LR = log2( (a' / c) / (b' / d) )
//! ```
//!
//! Each point of log ratio doubles the difference: LR = 1 means twice as frequent in the
//! target, LR = −2 four times as frequent in the reference.
//!
//! When a corpus size (`c` or `d`) is zero, or the term occurs in neither corpus, there is
//! nothing to compare and both functions return 0.
//!
//! References: T. Dunning (1993), Accurate methods for the statistics of surprise and
//! coincidence, *Computational Linguistics* 19(1). P. Rayson & R. Garside (2000), Comparing
//! corpora using frequency profiling, *Workshop on Comparing Corpora*, ACL. A. Hardie (2014),
//! Log Ratio — an informal introduction, CASS, Lancaster University.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};

/// `x · ln(x / e)`, with the limit 0 for `x = 0`.
fn x_ln_x_over(x: f64, e: f64) -> f64 {
    if x > 0.0 && e > 0.0 {
        x * (x / e).ln()
    } else {
        0.0
    }
}

/// G² log-likelihood of a term seen `a` times in a target of `c` tokens and `b` times in a
/// reference of `d` tokens (see the [module docs](self) for the formula). Never negative.
///
/// ```
/// use korpus::terms::log_likelihood;
/// // "Filz" 10 times in 1,000 comment tokens, once in a post of 1,000 tokens.
/// let g2 = log_likelihood(10, 1, 1_000, 1_000);
/// assert!((g2 - 8.5472).abs() < 1e-4);
/// // Equal relative frequencies: no evidence at all.
/// assert_eq!(log_likelihood(4, 2, 200, 100), 0.0);
/// ```
pub fn log_likelihood(a: u64, b: u64, c: u64, d: u64) -> f64 {
    if c == 0 || d == 0 || a + b == 0 {
        return 0.0;
    }
    let (a, b, c, d) = (a as f64, b as f64, c as f64, d as f64);
    let e1 = c * (a + b) / (c + d);
    let e2 = d * (a + b) / (c + d);
    let g2 = 2.0 * (x_ln_x_over(a, e1) + x_ln_x_over(b, e2));
    // Rounding can leave a tiny negative value where the true value is 0.
    g2.max(0.0)
}

/// Hardie's log ratio: `log2((a'/c) / (b'/d))`, where a zero `a` or `b` counts as 0.5 (see
/// the [module docs](self)). Positive when the term is relatively more frequent in the
/// target.
///
/// ```
/// use korpus::terms::log_ratio;
/// // "Bertelsmann": 8 of 1,000 comment tokens, 2 of 1,000 post tokens → 4 times as frequent.
/// assert_eq!(log_ratio(8, 2, 1_000, 1_000), 2.0);
/// // Missing from the post: 0.5 stands in for the zero.
/// assert_eq!(log_ratio(4, 0, 1_000, 1_000), 3.0);
/// ```
pub fn log_ratio(a: u64, b: u64, c: u64, d: u64) -> f64 {
    if c == 0 || d == 0 || a + b == 0 {
        return 0.0;
    }
    let adj = |x: u64| if x == 0 { 0.5 } else { x as f64 };
    ((adj(a) / c as f64) / (adj(b) / d as f64)).log2()
}

/// The keyness of one term in a target corpus against a reference corpus.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Keyness<K> {
    /// The term.
    pub term: K,
    /// Its frequency in the target.
    pub target: u64,
    /// Its frequency in the reference.
    pub reference: u64,
    /// G² log-likelihood ([`log_likelihood`]).
    pub g2: f64,
    /// Log ratio ([`log_ratio`]); positive when over-represented in the target (but note
    /// that the 0.5 standing in for a zero can make it negative for a term missing from a
    /// small reference: the direction is `over`).
    pub log_ratio: f64,
    /// True when the term is relatively more frequent in the target than in the reference
    /// (`a / c > b / d`, compared exactly as `a · d > b · c`).
    pub over: bool,
    /// True when it is relatively less frequent (`a · d < b · c`).
    pub under: bool,
}

/// Options of [`rank`].
#[derive(Debug, Clone, PartialEq)]
pub struct RankOptions {
    /// Terms seen fewer times than this in the target are left out (default 1: every term
    /// of the target; 0 also ranks terms seen only in the reference).
    pub min_count: u64,
    /// Also return under-represented terms (default false). They are ranked after all
    /// over-represented ones, most under-represented first.
    pub include_under: bool,
    /// Return at most this many terms (default: all).
    pub limit: Option<usize>,
}

impl Default for RankOptions {
    fn default() -> Self {
        RankOptions {
            min_count: 1,
            include_under: false,
            limit: None,
        }
    }
}

/// Ranks the terms of `target` (term → frequency) against `reference`: over-represented
/// terms by G² descending (ties: log ratio descending, then the term ascending, so the order
/// is deterministic). Corpus sizes are the sums of the two maps.
///
/// ```
/// use std::collections::HashMap;
/// use korpus::terms::{rank, RankOptions};
/// let comments: HashMap<&str, u64> =
///     [("bertelsmann", 6), ("filz", 4), ("stadt", 5), ("digitalisierung", 1)].into();
/// let post: HashMap<&str, u64> =
///     [("digitalisierung", 6), ("stadt", 5), ("wirtschaftsförderung", 4)].into();
/// let ranked = rank(&comments, &post, &RankOptions::default());
/// let terms: Vec<&str> = ranked.iter().map(|k| k.term).collect();
/// assert_eq!(terms, ["bertelsmann", "filz"]);
/// ```
pub fn rank<K, S>(
    target: &HashMap<K, u64, S>,
    reference: &HashMap<K, u64, S>,
    opts: &RankOptions,
) -> Vec<Keyness<K>>
where
    K: Eq + Hash + Ord + Clone,
    S: BuildHasher,
{
    let c: u64 = target.values().sum();
    let d: u64 = reference.values().sum();
    let score = |term: &K, a: u64| {
        let b = reference.get(term).copied().unwrap_or(0);
        Keyness {
            term: term.clone(),
            target: a,
            reference: b,
            g2: log_likelihood(a, b, c, d),
            log_ratio: log_ratio(a, b, c, d),
            over: u128::from(a) * u128::from(d) > u128::from(b) * u128::from(c),
            under: u128::from(a) * u128::from(d) < u128::from(b) * u128::from(c),
        }
    };
    let mut out: Vec<Keyness<K>> = target
        .iter()
        .filter(|(_, &a)| a >= opts.min_count && a > 0)
        .map(|(t, &a)| score(t, a))
        .collect();
    if opts.min_count == 0 {
        out.extend(
            reference
                .keys()
                .filter(|t| target.get(*t).copied().unwrap_or(0) == 0)
                .map(|t| score(t, 0)),
        );
    }
    out.retain(|k| k.over || (opts.include_under && k.under));
    out.sort_by(|x, y| {
        // Over-represented first; within a direction, stronger evidence first.
        y.over
            .cmp(&x.over)
            .then_with(|| y.g2.partial_cmp(&x.g2).unwrap_or(Ordering::Equal))
            .then_with(|| {
                let (lx, ly) = (x.log_ratio.abs(), y.log_ratio.abs());
                ly.partial_cmp(&lx).unwrap_or(Ordering::Equal)
            })
            .then_with(|| x.term.cmp(&y.term))
    });
    if let Some(n) = opts.limit {
        out.truncate(n);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g2_by_hand() {
        // a=10, b=1, c=d=1000: E1 = E2 = 5.5.
        // G² = 2·(10·ln(10/5.5) + 1·ln(1/5.5)) = 2·(5.978370 − 1.704748) = 8.547244
        let g2 = log_likelihood(10, 1, 1000, 1000);
        assert!((g2 - 8.547_244).abs() < 1e-5, "{g2}");
        // A term only in the target: a=5, b=0, c=100, d=300: E1 = 100·5/400 = 1.25.
        // G² = 2·5·ln(5/1.25) = 10·ln 4 = 13.862944
        let g2 = log_likelihood(5, 0, 100, 300);
        assert!((g2 - 13.862_944).abs() < 1e-5, "{g2}");
        // Symmetric in (target, reference).
        assert_eq!(log_likelihood(3, 9, 50, 70), log_likelihood(9, 3, 70, 50));
        assert_eq!(log_likelihood(0, 0, 10, 10), 0.0);
        assert_eq!(log_likelihood(3, 0, 0, 10), 0.0);
    }

    #[test]
    fn log_ratio_by_hand() {
        // (3/100) / (0.5/300) = 18 → log2 18 = 4.169925
        assert!((log_ratio(3, 0, 100, 300) - 18f64.log2()).abs() < 1e-12);
        // (0.5/100) / (2/100) = 0.25 → −2
        assert_eq!(log_ratio(0, 2, 100, 100), -2.0);
        assert_eq!(log_ratio(5, 5, 100, 100), 0.0);
        assert_eq!(log_ratio(1, 1, 0, 100), 0.0);
    }

    #[test]
    fn ranking_order_and_options() {
        let t: HashMap<String, u64> = [("a", 10), ("b", 10), ("c", 1), ("d", 2)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let r: HashMap<String, u64> = [("a", 1), ("c", 10), ("e", 5)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        let all = rank(
            &t,
            &r,
            &RankOptions {
                min_count: 0,
                include_under: true,
                limit: None,
            },
        );
        let terms: Vec<&str> = all.iter().map(|k| k.term.as_str()).collect();
        // Over: b (10 vs 0) beats a (10 vs 1), then d (2 vs 0). Under: c and e.
        assert_eq!(&terms[..3], ["b", "a", "d"]);
        assert_eq!(terms.len(), 5);
        assert!(all[3..].iter().all(|k| k.under));
        // A small reference: 2 of 22 target tokens against 0 of 5 reference tokens is
        // over-represented (2/22 > 0/5) although the 0.5 stand-in makes the log ratio
        // negative: log2((2/22)/(0.5/5)) = log2(0.909) < 0. The direction decides.
        let small_t: HashMap<&str, u64> = [("kai", 2), ("rest", 20)].into();
        let small_r: HashMap<&str, u64> = [("rest", 5)].into();
        let k = rank(&small_t, &small_r, &RankOptions::default());
        assert_eq!(k[0].term, "kai");
        assert!(k[0].over && k[0].log_ratio < 0.0);
        let top = rank(
            &t,
            &r,
            &RankOptions {
                min_count: 3,
                limit: Some(1),
                ..RankOptions::default()
            },
        );
        assert_eq!(top.len(), 1);
        assert_eq!(top[0].term, "b");
    }
}
