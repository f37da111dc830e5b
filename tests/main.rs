//! All integration tests build into this one binary.

mod cli;
mod common;
mod compound;
mod engine;
mod formats;
mod input;
mod normalize;
mod stem;
mod threads;
mod tokenize;
