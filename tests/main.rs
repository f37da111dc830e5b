//! All integration tests build into this one binary.

mod cli;
mod common;
mod input;
mod keyterms;
mod normalize;
mod stem;
mod threads;
