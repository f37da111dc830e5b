//! The library's error type: a kind and the position (file, line, byte, record id) where it
//! happened.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Where in the input something happened. Every field is optional; [`fmt::Display`] prints
/// what is known as `file:line` (or `file: byte N`) followed by `record ID`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Position {
    /// The input file (`-` for standard input).
    pub file: Option<PathBuf>,
    /// 1-based line number.
    pub line: Option<u64>,
    /// 0-based byte offset in the (decompressed) input.
    pub byte: Option<u64>,
    /// The id of the record concerned.
    pub record: Option<String>,
}

impl Position {
    /// A position in `file`.
    pub fn file(file: impl AsRef<Path>) -> Position {
        Position {
            file: Some(file.as_ref().to_path_buf()),
            ..Position::default()
        }
    }

    /// This position at `line` (1-based).
    pub fn at_line(mut self, line: u64) -> Position {
        self.line = Some(line);
        self
    }

    /// This position at byte offset `byte`.
    pub fn at_byte(mut self, byte: u64) -> Position {
        self.byte = Some(byte);
        self
    }

    /// This position, naming record `id`.
    pub fn with_record(mut self, id: impl Into<String>) -> Position {
        self.record = Some(id.into());
        self
    }

    /// True when nothing is known.
    pub fn is_empty(&self) -> bool {
        self.file.is_none() && self.line.is_none() && self.byte.is_none() && self.record.is_none()
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            sep = ":";
        }
        if let Some(line) = self.line {
            write!(f, "{sep}{line}")?;
            sep = " ";
        } else if let Some(byte) = self.byte {
            if sep == ":" {
                sep = ": ";
            }
            write!(f, "{sep}byte {byte}")?;
            sep = " ";
        }
        if let Some(id) = &self.record {
            if sep == ":" {
                sep = ": ";
            }
            write!(f, "{sep}record {id}")?;
        }
        Ok(())
    }
}

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading or writing failed.
    Io(io::Error),
    /// The input is not valid UTF-8 (use `lossy` reading to replace bad bytes).
    InvalidUtf8,
    /// A JSON record could not be parsed.
    Json(String),
    /// A CSV/TSV record could not be parsed.
    Csv(String),
    /// A record lacks a field it needs.
    MissingField(String),
    /// A field has a value of the wrong type or shape.
    BadField {
        /// The field's name.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// An id occurs twice where ids must be unique.
    DuplicateId(String),
    /// An input file holds no data.
    EmptyFile,
    /// The format of an input could not be determined or is not supported.
    Format(String),
    /// The caller asked for something impossible (bad option values and the like).
    Usage(String),
}

impl ErrorKind {
    /// A short, stable name for this kind, used as the "skipped by reason" key in run
    /// accounting.
    pub fn reason(&self) -> &'static str {
        match self {
            ErrorKind::Io(_) => "io error",
            ErrorKind::InvalidUtf8 => "invalid utf-8",
            ErrorKind::Json(_) => "malformed json",
            ErrorKind::Csv(_) => "malformed csv",
            ErrorKind::MissingField(_) => "missing field",
            ErrorKind::BadField { .. } => "bad field",
            ErrorKind::DuplicateId(_) => "duplicate id",
            ErrorKind::EmptyFile => "empty file",
            ErrorKind::Format(_) => "unknown format",
            ErrorKind::Usage(_) => "usage",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Io(e) => write!(f, "{e}"),
            ErrorKind::InvalidUtf8 => write!(f, "invalid UTF-8 (use --lossy to replace bad bytes)"),
            ErrorKind::Json(m) => write!(f, "malformed JSON: {m}"),
            ErrorKind::Csv(m) => write!(f, "malformed CSV: {m}"),
            ErrorKind::MissingField(name) => write!(f, "missing field `{name}`"),
            ErrorKind::BadField { field, message } => write!(f, "field `{field}`: {message}"),
            ErrorKind::DuplicateId(id) => write!(f, "duplicate id `{id}`"),
            ErrorKind::EmptyFile => write!(f, "file is empty"),
            ErrorKind::Format(m) => write!(f, "{m}"),
            ErrorKind::Usage(m) => write!(f, "{m}"),
        }
    }
}

/// The error type of korpus: an [`ErrorKind`] and the [`Position`] it refers to.
///
/// ```
/// use korpus::{Error, ErrorKind, Position};
/// let e = Error::new(ErrorKind::DuplicateId("c7".into()), Position::file("blog.jsonl").at_line(12));
/// assert_eq!(e.to_string(), "blog.jsonl:12: duplicate id `c7`");
/// ```
#[derive(Debug)]
pub struct Error(Box<Inner>);

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    position: Position,
}

impl Error {
    /// A new error of `kind` at `position`.
    pub fn new(kind: ErrorKind, position: Position) -> Error {
        Error(Box::new(Inner { kind, position }))
    }

    /// A usage error (bad arguments) without a position.
    pub fn usage(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Usage(message.into()), Position::default())
    }

    /// An I/O error concerning `path`.
    pub fn io(err: io::Error, path: impl AsRef<Path>) -> Error {
        Error::new(ErrorKind::Io(err), Position::file(path))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Where it went wrong.
    pub fn position(&self) -> &Position {
        &self.0.position
    }

    /// A copy of the kind without its source (I/O errors keep only their message).
    pub fn kind_clone(&self) -> ErrorKind {
        match &self.0.kind {
            ErrorKind::Io(e) => ErrorKind::Io(io::Error::new(e.kind(), e.to_string())),
            ErrorKind::InvalidUtf8 => ErrorKind::InvalidUtf8,
            ErrorKind::Json(m) => ErrorKind::Json(m.clone()),
            ErrorKind::Csv(m) => ErrorKind::Csv(m.clone()),
            ErrorKind::MissingField(m) => ErrorKind::MissingField(m.clone()),
            ErrorKind::BadField { field, message } => ErrorKind::BadField {
                field: field.clone(),
                message: message.clone(),
            },
            ErrorKind::DuplicateId(m) => ErrorKind::DuplicateId(m.clone()),
            ErrorKind::EmptyFile => ErrorKind::EmptyFile,
            ErrorKind::Format(m) => ErrorKind::Format(m.clone()),
            ErrorKind::Usage(m) => ErrorKind::Usage(m.clone()),
        }
    }

    /// Sets the record id if none is known yet.
    pub fn with_record(mut self, id: impl Into<String>) -> Error {
        if self.0.position.record.is_none() {
            self.0.position.record = Some(id.into());
        }
        self
    }

    /// True when this error is a broken pipe on output (which the CLI treats as success).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(&self.0.kind, ErrorKind::Io(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.position.is_empty() {
            write!(f, "{}", self.0.kind)
        } else {
            write!(f, "{}: {}", self.0.position, self.0.kind)
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Error {
        Error::new(ErrorKind::Io(e), Position::default())
    }
}

/// The result type of korpus.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_print_compactly() {
        let p = Position::file("a.jsonl").at_line(3).with_record("x");
        assert_eq!(p.to_string(), "a.jsonl:3 record x");
        let p = Position::file("a.txt").at_byte(17);
        assert_eq!(p.to_string(), "a.txt: byte 17");
        let e = Error::new(ErrorKind::EmptyFile, Position::file("leer.txt"));
        assert_eq!(e.to_string(), "leer.txt: file is empty");
        assert_eq!(Error::usage("bad").to_string(), "bad");
    }
}
