//! All integration tests build into this one binary.

mod cli;
mod common;
mod compound;
mod dtm;
mod engine;
mod formats;
mod freq;
mod input;
mod keyterms;
mod normalize;
mod stem;
mod threads;
mod tokenize;
mod topics;
