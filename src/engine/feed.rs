//! The producer side of the engine: inputs → bounded channel of batches → one worker (and
//! one [`Counter`]) per rayon thread. With one rayon thread there is no producer thread: the
//! calling thread reads and counts, so that `--threads 1` keeps to one core.

use super::counter::{merge_counters, settings_of, Counter, FreqCounts};
use super::{Analyzer, GroupBy, BATCH_BYTES};
use crate::error::{Error, ErrorKind, Position, Result};
use crate::input::{
    each_input, source, Accounting, Diagnostic, Input, InputFormat, ReadFailure, ReaderBuilder,
    Severity,
};
use crate::model::Thread;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::sync::Mutex;

/// The first batch of a plain-text file when there are several workers (see `text_file`).
const SMALL_BATCH: usize = 64 << 10;

/// How [`count_inputs`] runs.
#[derive(Debug, Clone)]
pub struct EngineOptions {
    /// Grouping of documents.
    pub by: GroupBy,
    /// Target batch size in bytes.
    pub batch_bytes: usize,
    /// Show a progress bar on stderr (only when stderr is a terminal).
    pub progress: bool,
}

impl Default for EngineOptions {
    fn default() -> EngineOptions {
        EngineOptions {
            by: GroupBy::None,
            batch_bytes: BATCH_BYTES,
            progress: false,
        }
    }
}

/// The result of [`count_inputs`].
#[derive(Debug, Clone, Default)]
pub struct EngineRun {
    /// The counts (see [`FreqCounts::to_partial`] for the mergeable form).
    pub counts: FreqCounts,
    /// What was read.
    pub accounting: Accounting,
    /// Problems found in the input.
    pub diagnostics: Vec<Diagnostic>,
}

/// Threads of a corpus, each with the number of its first document.
type Threads = Vec<(Thread, u64)>;

enum Batch {
    Threads(Threads),
    Text {
        doc: u64,
        group: String,
        /// Valid UTF-8 (checked by the producer; the worker checks again, at SIMD speed, to
        /// borrow it as text).
        text: Vec<u8>,
        split: bool,
        first: bool,
    },
}

/// Counts the terms of `inputs` in one streaming pass, on the current rayon pool (with a
/// pool of one thread, on the calling thread alone). Plain
/// text files are cut into batches at line ends (a file is one document, whatever its
/// size); corpus formats are read thread by thread.
pub fn count_inputs(
    inputs: &[PathBuf],
    reader: ReaderBuilder,
    analyzer: &Analyzer,
    opts: &EngineOptions,
) -> std::result::Result<EngineRun, ReadFailure> {
    let workers = rayon::current_num_threads().max(1);
    let progress = opts
        .progress
        .then(|| super::super::progress::bytes_bar(inputs))
        .flatten();
    let by = opts.by;
    let buffers = Buffers::new(workers);
    if workers == 1 {
        // One thread reads and counts: `--threads 1` keeps to one core.
        let mut c = Counter::new(analyzer);
        let produced = produce(
            inputs,
            reader,
            opts,
            &mut |batch| count_batch(&mut c, batch, by, &buffers),
            progress.as_ref(),
            (1, &buffers),
        );
        let counts = merge_counters(vec![c], settings_of(analyzer), true);
        if let Some(p) = &progress {
            p.finish_and_clear();
        }
        return finish(counts, produced);
    }
    let (tx, rx) = sync_channel::<Batch>(workers * 2);
    std::thread::scope(|scope| {
        let producer = scope.spawn(|| {
            // A closed channel means the workers are gone; stop quietly.
            let mut send = |batch| {
                let _ = tx.send(batch);
            };
            let produced = produce(
                inputs,
                reader,
                opts,
                &mut send,
                progress.as_ref(),
                (workers, &buffers),
            );
            drop(tx);
            produced
        });
        // One counter per worker thread, each pulling batches until the channel closes.
        let rx = Mutex::new(rx);
        let counters: Mutex<Vec<Counter>> = Mutex::new(Vec::with_capacity(workers));
        rayon::scope(|s| {
            for _ in 0..workers {
                s.spawn(|_| {
                    let mut c = Counter::new(analyzer);
                    loop {
                        let batch = match rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => break,
                        };
                        let Ok(batch) = batch else { break };
                        count_batch(&mut c, batch, by, &buffers);
                    }
                    // Settled here, while other workers may still be counting.
                    c.settle();
                    if let Ok(mut all) = counters.lock() {
                        all.push(c);
                    }
                });
            }
        });
        let counters = counters.into_inner().unwrap_or_default();
        let counts = merge_counters(counters, settings_of(analyzer), true);
        if let Some(p) = &progress {
            p.finish_and_clear();
        }
        let produced = match producer.join() {
            Ok(x) => x,
            Err(_) => (
                Err(Error::usage("the input reader stopped unexpectedly")),
                Accounting::default(),
                Vec::new(),
            ),
        };
        finish(counts, produced)
    })
}

/// The run's result from the counts and what the reader reported.
fn finish(
    counts: FreqCounts,
    (res, accounting, diagnostics): Produced,
) -> std::result::Result<EngineRun, ReadFailure> {
    match res {
        Ok(()) => Ok(EngineRun {
            counts,
            accounting,
            diagnostics,
        }),
        Err(error) => Err(ReadFailure {
            error,
            partial: Box::new(crate::input::Loaded {
                accounting,
                diagnostics,
                ..Default::default()
            }),
        }),
    }
}

/// Batch buffers handed back by the workers for the producer to fill again (fresh
/// megabyte-sized allocations cost a page fault per 4 KiB page).
struct Buffers {
    free: Mutex<Vec<Vec<u8>>>,
    keep: usize,
    /// With a producer thread: thread batches counted by the workers, to be freed by the
    /// producer that allocated them (freeing another thread's allocations contends for its
    /// allocator's lock; 100 MB of JSONL, 2 threads: 1.04-1.56 s before, 0.91-1.09 s after).
    spent: Option<Mutex<Vec<Threads>>>,
}

impl Buffers {
    fn new(workers: usize) -> Buffers {
        Buffers {
            free: Mutex::new(Vec::new()),
            keep: workers * 2 + 2,
            spent: (workers > 1).then(|| Mutex::new(Vec::new())),
        }
    }

    /// An empty buffer with room for `capacity` bytes.
    fn take(&self, capacity: usize) -> Vec<u8> {
        match self.free.lock().ok().and_then(|mut f| f.pop()) {
            Some(mut v) => {
                v.reserve(capacity);
                v
            }
            None => Vec::with_capacity(capacity),
        }
    }

    /// Frees the thread batches the workers are done with (on the producer's thread).
    fn free_spent(&self) {
        if let Some(spent) = &self.spent {
            let spent = spent.lock().map(|mut s| std::mem::take(&mut *s));
            drop(spent);
        }
    }

    fn give(&self, mut v: Vec<u8>) {
        if let Ok(mut free) = self.free.lock() {
            if free.len() < self.keep {
                v.clear();
                free.push(v);
            }
        }
    }
}

/// Counts one batch.
fn count_batch(c: &mut Counter, batch: Batch, by: GroupBy, buffers: &Buffers) {
    match batch {
        Batch::Threads(ts) => {
            for (t, first_doc) in &ts {
                c.add_thread(t, *first_doc, by);
            }
            if let Some(Ok(mut spent)) = buffers.spent.as_ref().map(Mutex::lock) {
                spent.push(ts);
            }
        }
        Batch::Text {
            doc,
            group,
            text,
            split,
            first,
        } => {
            if first {
                c.add_document(&group);
            }
            match simdutf8::basic::from_utf8(&text) {
                Ok(t) => c.add_text(t, doc, &group, split),
                Err(_) => c.add_text(&String::from_utf8_lossy(&text), doc, &group, split),
            }
            buffers.give(text);
        }
    }
}

type Produced = (Result<()>, Accounting, Vec<Diagnostic>);

/// Threads of corpus inputs gathered into batches of about `batch_bytes`, with their
/// document numbers.
struct Batcher<'a, 's> {
    sink: &'s mut dyn FnMut(Batch),
    next_doc: u64,
    pending: Threads,
    pending_bytes: usize,
    batch_bytes: usize,
    progress: Option<&'a indicatif::ProgressBar>,
    buffers: &'a Buffers,
}

impl Batcher<'_, '_> {
    fn thread(&mut self, t: Thread) -> Result<()> {
        let size =
            t.post.text.len() + t.comments.iter().map(|c| c.text.len() + 64).sum::<usize>() + 64;
        let first_doc = self.next_doc;
        self.next_doc += 1 + t.comments.len() as u64;
        self.pending.push((t, first_doc));
        self.pending_bytes += size;
        if let Some(p) = self.progress {
            p.inc(size as u64);
        }
        if self.pending_bytes >= self.batch_bytes {
            self.pending_bytes = 0;
            self.buffers.free_spent();
            (self.sink)(Batch::Threads(std::mem::take(&mut self.pending)));
        }
        Ok(())
    }
}

fn produce(
    inputs: &[PathBuf],
    builder: ReaderBuilder,
    opts: &EngineOptions,
    sink: &mut dyn FnMut(Batch),
    progress: Option<&indicatif::ProgressBar>,
    (workers, buffers): (usize, &Buffers),
) -> Produced {
    let format = builder.get_format();
    let lossy = builder.get_lossy();
    let skip_bad = builder.get_skip_bad();
    let mut text_problems = Vec::new();
    // The counts are sums over documents: flat records need not wait for their threads.
    let mut reader = builder.stream_records(true).build();
    let mut text_acc = Accounting::default();
    let mut out = Batcher {
        sink,
        next_doc: 0,
        pending: Vec::new(),
        pending_bytes: 0,
        batch_bytes: opts.batch_bytes,
        progress,
        buffers,
    };
    // Inputs are taken as `Reader::read_paths` takes them; plain-text files are cut into
    // batches here.
    let res = each_input(inputs, format, &mut |input| {
        let file = match input {
            Input::Corpus(dir) => return reader.read_corpus_dir(dir, &mut |t| out.thread(t)),
            Input::File(file) => file,
        };
        let is_text = match format {
            InputFormat::Text => true,
            // Standard input cannot be looked at twice: plain text, unless its format is
            // given.
            InputFormat::Auto if file.as_os_str() == source::STDIN => true,
            InputFormat::Auto => InputFormat::of_file(file)? == InputFormat::Text,
            _ => false,
        };
        if !is_text {
            return reader.read_path(file, &mut |t| out.thread(t));
        }
        let skipped = text_file(
            file,
            (lossy, skip_bad),
            opts,
            &mut *out.sink,
            &mut out.next_doc,
            &mut text_acc,
            progress,
            (workers, buffers),
        )?;
        if let Some(e) = skipped {
            text_problems.push(Diagnostic {
                severity: Severity::Skipped,
                position: e.position().clone(),
                message: e.kind().to_string(),
            });
        }
        Ok(())
    });
    if !out.pending.is_empty() {
        (out.sink)(Batch::Threads(std::mem::take(&mut out.pending)));
    }
    let mut accounting = reader.accounting().clone();
    accounting.merge(&text_acc);
    let mut diagnostics = reader.take_diagnostics();
    diagnostics.extend(text_problems);
    (res, accounting, diagnostics)
}

/// Streams one plain-text file as one document, in batches cut at line ends.
/// Returns the problem of a file skipped under `skip_bad`.
///
/// With several workers, the first batches of a file are small (so that every worker
/// starts at once) and grow to `opts.batch_bytes`; when the file's size is known, the
/// batches shrink again towards its end, so that the workers finish together.
#[allow(clippy::too_many_arguments)]
fn text_file(
    path: &Path,
    (lossy, skip_bad): (bool, bool),
    opts: &EngineOptions,
    sink: &mut dyn FnMut(Batch),
    next_doc: &mut u64,
    acc: &mut Accounting,
    progress: Option<&indicatif::ProgressBar>,
    (workers, buffers): (usize, &Buffers),
) -> Result<Option<Error>> {
    let (mut input, size) = source::open_sized(path)?;
    let small = SMALL_BATCH.min(opts.batch_bytes);
    let mut ramp = if workers > 1 { small } else { opts.batch_bytes };
    acc.files += 1;
    acc.read += 1;
    let doc = *next_doc;
    *next_doc += 1;
    let name = source::name_without_gz(path);
    let group = match opts.by {
        GroupBy::None => String::new(),
        GroupBy::Part => "post".into(),
        GroupBy::Author => "(anonymous)".into(),
        GroupBy::Year => "unknown".into(),
        GroupBy::Thread => match name.rfind('.') {
            Some(i) if i > 0 => name[..i].to_string(),
            _ => name.to_string(),
        },
    };
    let mut offset = 0u64;
    let mut line = 0u64;
    let mut first = true;
    let mut seen_text = false;
    // Bytes read past the last cut, carried into the next batch.
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let mut target = ramp;
        ramp = (ramp * 2).min(opts.batch_bytes);
        if let (true, Some(size)) = (workers > 1, size) {
            let left = size.saturating_sub(offset) as usize;
            target = target.min((left / (2 * workers)).max(small));
        }
        let mut buf = buffers.take(target.max(carry.len()) + (1 << 16));
        buf.append(&mut carry);
        // One big read straight into the batch (a large read bypasses the reader's own
        // buffer, so the bytes are copied once, not twice).
        let want = target.saturating_sub(buf.len()).max(1) as u64;
        let got = input
            .by_ref()
            .take(want)
            .read_to_end(&mut buf)
            .map_err(|e| Error::io(e, path))? as u64;
        let at_eof = got < want || input.fill_buf().map_err(|e| Error::io(e, path))?.is_empty();
        if !at_eof {
            let cut = cut_point(&buf);
            carry.extend_from_slice(&buf[cut..]);
            buf.truncate(cut);
        }
        if buf.is_empty() {
            break;
        }
        let len = buf.len() as u64;
        let lines = memchr::memchr_iter(b'\n', &buf).count() as u64;
        // A SIMD check first (most text is valid); the standard library's conversion
        // finds the position of a problem, or replaces bad bytes with `--lossy`.
        let text = match simdutf8::basic::from_utf8(&buf) {
            Ok(s) => {
                seen_text |= !s.trim().is_empty();
                buf
            }
            Err(_) => {
                let s = source::bytes_to_string(buf, lossy, Position::file(path).at_byte(offset))
                    .map_err(|e| fix_line(e, line))?;
                seen_text |= !s.trim().is_empty();
                s.into_bytes()
            }
        };
        offset += len;
        line += lines;
        if let Some(p) = progress {
            p.inc(len);
        }
        if first && at_eof && !seen_text {
            break;
        }
        let split = !(first && at_eof);
        sink(Batch::Text {
            doc,
            group: group.clone(),
            text,
            split,
            first,
        });
        first = false;
        if at_eof {
            break;
        }
    }
    if !seen_text {
        *acc.skipped_by_reason
            .entry("empty file".into())
            .or_default() += 1;
        let err = Error::new(ErrorKind::EmptyFile, Position::file(path));
        if skip_bad {
            return Ok(Some(err));
        }
        return Err(err);
    }
    acc.used += 1;
    acc.threads += 1;
    Ok(None)
}

/// Where to cut a batch of text: after its last line end; in a batch without one (a giant
/// line), after its last ASCII space or tab, or else at its last character boundary, so
/// that no word and no UTF-8 sequence is cut. Never 0 for a non-empty batch.
fn cut_point(buf: &[u8]) -> usize {
    if let Some(i) = memchr::memrchr(b'\n', buf) {
        return i + 1;
    }
    if let Some(i) = memchr::memrchr2(b' ', b'\t', buf) {
        return i + 1;
    }
    // Back up over UTF-8 continuation bytes (at most 3) to the start of the last character.
    let mut i = buf.len();
    while i > 0 && buf.len() - i < 4 && buf[i - 1] & 0xC0 == 0x80 {
        i -= 1;
    }
    let cut = if i > 0 && buf.len() - i < 4 && buf[i - 1] >= 0xC0 {
        i - 1
    } else {
        buf.len()
    };
    cut.max(1)
}

/// `bytes_to_string` counts lines within the batch; make the line absolute.
fn fix_line(e: Error, before: u64) -> Error {
    let mut pos = e.position().clone();
    pos.line = pos.line.map(|l| l + before);
    match e.kind() {
        ErrorKind::InvalidUtf8 => Error::new(ErrorKind::InvalidUtf8, pos),
        _ => e,
    }
}
