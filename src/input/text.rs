//! Plain text: a file is one post without comments; its id is the file name without
//! extension (`stdin` for standard input).

use super::{source, Reader, Sink};
use crate::error::{Error, Position, Result};
use crate::model::Post;
use std::io::{BufRead, Read};
use std::path::Path;

pub(super) fn read(
    reader: &mut Reader,
    path: &Path,
    mut input: Box<dyn BufRead + Send>,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(e, path))?;
    let pos = Position::file(path);
    let text = match source::bytes_to_string(bytes, reader.lossy(), pos.clone()) {
        Ok(t) => t,
        Err(e) => {
            reader.accounting.read += 1;
            return reader.bad(e);
        }
    };
    let name = source::name_without_gz(path);
    let id = match name.rfind('.') {
        _ if path.as_os_str() == source::STDIN || name.is_empty() => "stdin",
        Some(i) if i > 0 => &name[..i],
        _ => name,
    };
    let post = Post {
        id: id.to_string(),
        text: text.trim_start_matches('\u{feff}').to_string(),
        ..Post::default()
    };
    reader.emit(post, Vec::new(), 1, pos, sink)
}
