//! Progress display on stderr for long runs (only when stderr is a terminal).

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;

/// A byte-counting progress bar over `inputs`, or `None` when stderr is not a terminal.
/// Its length is the inputs' size on disk, unless some are compressed or standard input,
/// in which case it only counts.
pub(crate) fn bytes_bar(inputs: &[PathBuf]) -> Option<ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let mut total = 0u64;
    let mut known = true;
    for p in inputs {
        let files = crate::input::source::walk(p, &|_| true).unwrap_or_default();
        for f in files {
            if f.as_os_str() == "-"
                || crate::input::source::name_without_gz(&f) != f.file_name()?.to_str()?
            {
                known = false;
            }
            total += std::fs::metadata(&f).map(|m| m.len()).unwrap_or(0);
        }
    }
    let bar = if known {
        let b = ProgressBar::new(total);
        b.set_style(
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}")
                .ok()?,
        );
        b
    } else {
        let b = ProgressBar::new_spinner();
        b.set_style(ProgressStyle::with_template("{spinner} {bytes} {bytes_per_sec}").ok()?);
        b
    };
    Some(bar)
}
