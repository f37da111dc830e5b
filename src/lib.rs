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

pub mod error;
pub mod model;
pub mod terms;
pub mod threads;

pub use error::{Error, ErrorKind, Position, Result};
pub use model::{Children, Comment, CommentFlags, Corpus, Date, Meta, Post, Thread};
