//! All integration tests build into this one binary.

mod common;
mod compound;
