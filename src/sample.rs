//! The bundled sample corpus (`corpus/blogs.jsonl`), embedded so that `korpus analyze` works
//! from any directory.
//!
//! ```
//! use korpus::input::ReaderBuilder;
//! let mut n = 0;
//! ReaderBuilder::new()
//!     .build()
//!     .read_bytes(korpus::sample::NAME, korpus::sample::JSONL.as_bytes(), &mut |_| { n += 1; Ok(()) })
//!     .unwrap();
//! assert!(n >= 1);
//! ```

/// The name the sample goes by in messages.
pub const NAME: &str = "corpus/blogs.jsonl";

/// The sample corpus as nested JSONL.
pub const JSONL: &str = include_str!("../corpus/blogs.jsonl");
