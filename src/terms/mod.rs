//! Terms: frequencies of words or stems and how they compare between corpora.
//!
//! For now this module holds [`keyness`]: the statistics that tell which terms of a target
//! corpus are over-represented against a reference corpus (G² log-likelihood and log ratio),
//! and a ranking helper built on them.

pub mod dictionary;
pub mod dtm;
pub mod family;
pub mod keyness;
pub mod topics;

pub use keyness::{log_likelihood, log_ratio, rank, Keyness, RankOptions};
pub mod keyterms;
pub mod reference;

pub use keyterms::{Extractor, Keyterm, KeytermOptions};
pub use reference::Reference;
