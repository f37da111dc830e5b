//! Plain text: a file is one post without comments; its id is the file name without
//! extension (`stdin` for standard input).

use super::{source, Reader, Sink};
use crate::error::{Error, Position, Result};
use crate::model::Post;
use std::io::{BufRead, Read};
use std::path::Path;

/// Reads a whole input as one document: its text (`None` when it was a bad record, counted
/// and reported, or skipped under `skip_bad`) and its id — the file name without extension,
/// `stdin` for standard input. Shared by the plain-text and blog-text readers.
pub(super) fn read_document(
    reader: &mut Reader,
    path: &Path,
    mut input: Box<dyn BufRead + Send>,
) -> Result<Option<(String, String)>> {
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(e, path))?;
    let text = match source::bytes_to_string(bytes, reader.lossy(), Position::file(path)) {
        Ok(t) => t,
        Err(e) => {
            reader.accounting.read += 1;
            reader.bad(e)?;
            return Ok(None);
        }
    };
    let name = source::name_without_gz(path);
    let id = match name.rfind('.') {
        _ if path.as_os_str() == source::STDIN || name.is_empty() => "stdin",
        Some(i) if i > 0 => &name[..i],
        _ => name,
    };
    Ok(Some((id.to_string(), text)))
}

pub(super) fn read(
    reader: &mut Reader,
    path: &Path,
    input: Box<dyn BufRead + Send>,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let Some((id, text)) = read_document(reader, path, input)? else {
        return Ok(());
    };
    let post = Post {
        id,
        text: text.trim_start_matches('\u{feff}').to_string(),
        ..Post::default()
    };
    reader.emit(post, Vec::new(), 1, Position::file(path), sink)
}
