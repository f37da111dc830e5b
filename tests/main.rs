//! All integration tests build into this one binary.

mod cli;
mod common;
mod dtm;
mod input;
mod normalize;
mod stem;
mod threads;
mod topics;
