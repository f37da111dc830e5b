//! # korpus
//!
//! Fast analysis of German political blog posts and their comment threads.
//!
//! The crate is organised as a pipeline; each stage is a module with a small public type:
//!
//! input formats and thread model ([`input`], [`model`]) → tokenizer ([`tokenize`]) →
//! normalizer/stopwords ([`normalize`]) → stemmers/compounds ([`stem`]) → terms/topics
//! ([`terms`], [`engine`]) → discussion statistics ([`threads`]) → output formats ([`output`]).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod engine;
pub mod error;
pub mod info;
pub mod input;
pub mod model;
pub mod normalize;
pub mod output;
pub(crate) mod progress;
pub mod sample;
pub mod stem;
pub mod terms;
pub mod threads;
pub mod tokenize;

pub use error::{Error, ErrorKind, Position, Result};
pub use model::{Children, Comment, CommentFlags, Corpus, Date, Meta, Post, Thread};
