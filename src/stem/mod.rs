//! Stemmers and the German compound splitter.
pub mod compound;
