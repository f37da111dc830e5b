//! # korpus
//!
//! Fast analysis of German political blog posts and their comment threads.
//!
//! The crate is organised as a pipeline; each stage is a module with a small public type:
//!
//! input formats and thread model → tokenizer → normalizer/stopwords → stemmers/compounds →
//! terms/topics → discussion statistics → output formats.
#![deny(missing_docs)]
#![forbid(unsafe_code)]
pub mod stem;
