//! Opening inputs: files, standard input, `.gz` decompression, folder walking.

use crate::error::{Error, ErrorKind, Position, Result};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The name used for standard input in positions and ids.
pub const STDIN: &str = "-";

/// Opens `path` (or standard input for `-`) for buffered reading, decompressing gzip
/// transparently (recognised by its magic bytes, whatever the file's name).
pub fn open(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    open_sized(path).map(|(r, _)| r)
}

/// [`open`], and the number of bytes the reader will give when it is known in advance (a
/// regular file that is not compressed).
pub fn open_sized(path: &Path) -> Result<(Box<dyn BufRead + Send>, Option<u64>)> {
    let (raw, size): (Box<dyn Read + Send>, Option<u64>) = if path.as_os_str() == STDIN {
        (Box::new(io::stdin()), None)
    } else {
        let f = File::open(path).map_err(|e| Error::io(e, path))?;
        let size = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
        (Box::new(f), size)
    };
    let mut buf = BufReader::with_capacity(1 << 16, raw);
    let head = buf.fill_buf().map_err(|e| Error::io(e, path))?;
    if head.starts_with(&[0x1f, 0x8b]) {
        Ok((
            Box::new(BufReader::with_capacity(
                1 << 16,
                flate2::read::MultiGzDecoder::new(buf),
            )),
            None,
        ))
    } else {
        Ok((Box::new(buf), size))
    }
}

/// Reads all of `path` into a string (see [`open`]); invalid UTF-8 is an error naming the
/// byte offset, or replaced by U+FFFD when `lossy` is set.
pub fn read_to_string(path: &Path, lossy: bool) -> Result<String> {
    let mut bytes = Vec::new();
    open(path)?
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(e, path))?;
    bytes_to_string(bytes, lossy, Position::file(path))
}

/// Turns bytes into a string: an error at the first invalid byte (offset counted from
/// `pos.byte`, line from `pos.line`), or a lossy replacement when `lossy` is set.
pub fn bytes_to_string(bytes: Vec<u8>, lossy: bool, pos: Position) -> Result<String> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) if lossy => Ok(String::from_utf8_lossy(e.as_bytes()).into_owned()),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let mut pos = pos;
            if pos.line.is_none() {
                let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
                pos = pos.at_line(line);
            }
            let base = pos.byte.unwrap_or(0);
            pos.byte = Some(base + at as u64);
            Err(Error::new(ErrorKind::InvalidUtf8, pos))
        }
    }
}

/// The file name without a trailing `.gz`.
pub fn name_without_gz(path: &Path) -> &str {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.strip_suffix(".gz").unwrap_or(name)
}

/// The lowercased extension of a file name after removing `.gz` (`posts.jsonl.gz` → `jsonl`).
pub fn extension(path: &Path) -> String {
    let name = name_without_gz(path);
    match name.rfind('.') {
        Some(i) if i > 0 => name[i + 1..].to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// Expands `path`: a file stands for itself; a folder for the files below it, sorted by
/// path, hidden entries (starting with `.`) left out, walked without recursion.
/// `keep` decides which files of a folder are taken.
pub fn walk(path: &Path, keep: &dyn Fn(&Path) -> bool) -> Result<Vec<PathBuf>> {
    if path.as_os_str() == STDIN || !path.is_dir() {
        if path.as_os_str() != STDIN && !path.exists() {
            return Err(Error::io(
                io::Error::new(io::ErrorKind::NotFound, "no such file or folder"),
                path,
            ));
        }
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(e, &dir))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(e, &dir))?;
            let p = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else if keep(&p) {
                files.push(p);
            }
        }
    }
    files.sort();
    Ok(files)
}
