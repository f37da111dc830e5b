//! All integration tests build into this one binary.

mod cli;
mod common;
mod formats;
mod input;
