//! Reading corpora: native JSONL (nested and flat), CSV/TSV with a field mapping, plain
//! text, scraped blog pages ([`InputFormat::BlogText`]), ConvoKit corpus folders, WordPress
//! (WXR) and Blogger (Atom) exports; `.gz` is read transparently and folders are walked.
//!
//! A [`Reader`] streams threads to a callback, counts every record it reads as used or
//! skipped (by reason), and collects [`Diagnostic`]s. Bad records are errors unless
//! [`ReaderBuilder::skip_bad`] is set; then they are skipped, counted and reported.
//!
//! ```
//! use korpus::input::{InputFormat, ReaderBuilder};
//! let jsonl = r#"{"id":"p1","title":"Breitband","text":"Der Ausbau stockt.","comments":[{"id":"c1","parent":null,"author":"Anke","text":"Leider wahr."}]}"#;
//! let mut reader = ReaderBuilder::new().format(InputFormat::Jsonl).build();
//! let mut threads = Vec::new();
//! reader.read_bytes("beispiel.jsonl", jsonl.as_bytes(), &mut |t| { threads.push(t); Ok(()) }).unwrap();
//! assert_eq!(threads[0].comments[0].author.as_deref(), Some("Anke"));
//! assert_eq!(reader.accounting().read, 1);
//! assert_eq!(reader.accounting().used, 1);
//! ```

pub mod blog_text;
mod blogger;
pub mod convokit;
mod delimited;
pub mod html;
mod jsonl;
mod record;
pub mod source;
mod text;
mod wxr;
mod xml;

use crate::error::{Error, ErrorKind, Position, Result};
use crate::model::{Comment, Corpus, Post, Thread};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The format of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum InputFormat {
    /// Decide per file from its extension (after `.gz`) and, failing that, its content.
    #[default]
    Auto,
    /// Native JSONL, nested (one thread a line) or flat (one utterance a line).
    Jsonl,
    /// Comma-separated values with a header line.
    Csv,
    /// Tab-separated values with a header line.
    Tsv,
    /// Plain text: one file is one post without comments.
    Text,
    /// A blog page's text as copied or scraped from a browser: the post, then the comment
    /// thread with the platform's button labels glued in (see [`blog_text`]).
    BlogText,
    /// A ConvoKit corpus folder (`utterances.jsonl` and its companions), or its
    /// `utterances.jsonl` alone.
    Convokit,
    /// A WordPress export (WXR, RSS 2.0 with the `wp:` namespace).
    Wxr,
    /// A Blogger export (an Atom feed of posts and comments).
    Blogger,
}

impl InputFormat {
    /// All names accepted by [`FromStr`].
    pub const NAMES: &'static [&'static str] = &[
        "auto",
        "jsonl",
        "csv",
        "tsv",
        "text",
        "blog-text",
        "convokit",
        "wxr",
        "blogger",
    ];

    /// The format a file's extension suggests, if any.
    ///
    /// A file named `utterances.jsonl` is a ConvoKit corpus; `.wxr` is a WordPress export
    /// and `.atom` a Blogger export. `.xml` files are told apart by their content (see
    /// [`InputFormat::sniff`]).
    pub fn from_extension(path: &Path) -> Option<InputFormat> {
        if source::name_without_gz(path) == "utterances.jsonl" {
            return Some(InputFormat::Convokit);
        }
        match source::extension(path).as_str() {
            "wxr" => Some(InputFormat::Wxr),
            "atom" => Some(InputFormat::Blogger),
            "jsonl" | "ndjson" | "json" => Some(InputFormat::Jsonl),
            "csv" => Some(InputFormat::Csv),
            "tsv" | "tab" => Some(InputFormat::Tsv),
            "txt" | "text" => Some(InputFormat::Text),
            _ => None,
        }
    }

    /// The format automatic mode reads the file `path` as: by its extension, else by its
    /// content (the start of it, decompressed), else plain text.
    ///
    /// ```
    /// use korpus::input::InputFormat;
    /// let dir = std::env::temp_dir().join(format!("korpus-doc-of-file-{}", std::process::id()));
    /// std::fs::create_dir_all(&dir).unwrap();
    /// let p = dir.join("export.xml");
    /// std::fs::write(&p, "<?xml version='1.0'?><rss xmlns:wp='http://wordpress.org/export/1.2/'><channel/></rss>").unwrap();
    /// assert_eq!(InputFormat::of_file(&p).unwrap(), InputFormat::Wxr);
    /// std::fs::write(&p, "Der Rat tagt öffentlich.").unwrap();
    /// assert_eq!(InputFormat::of_file(&p).unwrap(), InputFormat::Text);
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn of_file(path: &Path) -> Result<InputFormat> {
        match InputFormat::from_extension(path) {
            Some(InputFormat::Text) | None => {
                let mut reader = source::open(path)?;
                let head = reader.fill_buf().map_err(|e| Error::io(e, path))?;
                Ok(detect(path, head))
            }
            Some(f) => Ok(f),
        }
    }

    /// True for files a folder walk in automatic mode takes: known extensions and `.xml`.
    ///
    /// ```
    /// use korpus::input::InputFormat;
    /// use std::path::Path;
    /// assert!(InputFormat::readable(Path::new("export.xml.gz")));
    /// assert!(!InputFormat::readable(Path::new("foto.jpg")));
    /// ```
    pub fn readable(path: &Path) -> bool {
        InputFormat::from_extension(path).is_some() || source::extension(path) == "xml"
    }

    /// The format the start of a file's content suggests, if any: XML with the WordPress
    /// export namespace is [`Wxr`](InputFormat::Wxr), an Atom `<feed` is
    /// [`Blogger`](InputFormat::Blogger), text with a blog platform's button labels or page
    /// furniture is [`BlogText`](InputFormat::BlogText).
    ///
    /// ```
    /// use korpus::input::InputFormat;
    /// let wxr = br#"<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">"#;
    /// assert_eq!(InputFormat::sniff(wxr), Some(InputFormat::Wxr));
    /// assert_eq!(InputFormat::sniff(b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>"), Some(InputFormat::Blogger));
    /// assert_eq!(InputFormat::sniff("Toller Beitrag!\nAntwortenLöschen".as_bytes()), Some(InputFormat::BlogText));
    /// assert_eq!(InputFormat::sniff("Der Rat tagt am Montag.".as_bytes()), None);
    /// ```
    pub fn sniff(head: &[u8]) -> Option<InputFormat> {
        let text = String::from_utf8_lossy(&head[..head.len().min(1 << 16)]);
        let start = text.trim_start_matches('\u{feff}').trim_start();
        if start.starts_with('<') {
            // Look at the root element (skipping the declaration, comments, doctype).
            let mut rest = start;
            while let Some(i) = rest.find('<') {
                rest = &rest[i + 1..];
                if rest.starts_with('?') || rest.starts_with('!') {
                    continue;
                }
                if rest.starts_with("rss") {
                    return text
                        .contains("wordpress.org/export")
                        .then_some(InputFormat::Wxr);
                }
                if rest.starts_with("feed") || rest.starts_with("atom:feed") {
                    return Some(InputFormat::Blogger);
                }
                return None;
            }
            return None;
        }
        blog_text::looks_like_page(&text).then_some(InputFormat::BlogText)
    }
}

impl FromStr for InputFormat {
    type Err = Error;
    fn from_str(s: &str) -> Result<InputFormat> {
        Ok(match s {
            "auto" => InputFormat::Auto,
            "jsonl" | "ndjson" => InputFormat::Jsonl,
            "csv" => InputFormat::Csv,
            "tsv" => InputFormat::Tsv,
            "text" | "txt" => InputFormat::Text,
            "blog-text" | "blogtext" => InputFormat::BlogText,
            "convokit" => InputFormat::Convokit,
            "wxr" | "wordpress" => InputFormat::Wxr,
            "blogger" | "atom" => InputFormat::Blogger,
            _ => {
                return Err(Error::usage(format!(
                    "unknown input format `{s}` (expected one of: {})",
                    InputFormat::NAMES.join(", ")
                )))
            }
        })
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InputFormat::Auto => "auto",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Csv => "csv",
            InputFormat::Tsv => "tsv",
            InputFormat::Text => "text",
            InputFormat::BlogText => "blog-text",
            InputFormat::Convokit => "convokit",
            InputFormat::Wxr => "wxr",
            InputFormat::Blogger => "blogger",
        })
    }
}

/// The fields korpus knows, and the names they have in an input.
///
/// Canonical names: `thread`, `id`, `parent`, `author`, `date`, `text`, `title`, `url`,
/// `tags`. A mapping renames them, e.g. for the One Million Posts corpus:
///
/// ```
/// use korpus::input::FieldMap;
/// let map: FieldMap = "thread=article_id,parent=parent_id,author=user_id,date=created_at,text=body,title=headline"
///     .parse().unwrap();
/// assert_eq!(map.get("thread"), "article_id");
/// assert_eq!(map.get("id"), "id");
/// assert!("autor=user".parse::<FieldMap>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap {
    names: [String; FIELDS.len()],
}

/// The canonical field names, in a fixed order.
pub const FIELDS: [&str; 9] = [
    "thread", "id", "parent", "author", "date", "text", "title", "url", "tags",
];

impl Default for FieldMap {
    fn default() -> FieldMap {
        FieldMap {
            names: FIELDS.map(String::from),
        }
    }
}

impl FieldMap {
    /// The input's name for canonical field `canonical` (which must be one of [`FIELDS`]).
    pub fn get<'a>(&'a self, canonical: &'a str) -> &'a str {
        FIELDS
            .iter()
            .position(|&f| f == canonical)
            .map(|i| self.names[i].as_str())
            .unwrap_or(canonical)
    }

    /// Names the input uses for korpus's fields (so that they are not kept as extra fields).
    pub fn source_names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }
}

impl FromStr for FieldMap {
    type Err = Error;
    fn from_str(s: &str) -> Result<FieldMap> {
        let mut map = FieldMap::default();
        for pair in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').ok_or_else(|| {
                Error::usage(format!(
                    "--fields: `{pair}` is not of the form field=column"
                ))
            })?;
            let i = FIELDS.iter().position(|&f| f == k.trim()).ok_or_else(|| {
                Error::usage(format!(
                    "--fields: unknown field `{}` (known: {})",
                    k.trim(),
                    FIELDS.join(", ")
                ))
            })?;
            map.names[i] = v.trim().to_string();
        }
        Ok(map)
    }
}

/// How a run used its input records: `read == used + skipped` always holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Accounting {
    /// Input files (or standard input) opened.
    pub files: u64,
    /// Records read (a JSONL line, a CSV row, a text file).
    pub read: u64,
    /// Records that went into a thread.
    pub used: u64,
    /// Records skipped, by reason: bad records (with `--skip-bad`) and records a format
    /// leaves out on purpose (spam, unapproved comments, unpublished posts).
    pub skipped_by_reason: BTreeMap<String, u64>,
    /// How many of the skipped records were bad input (the rest were left out on purpose).
    /// A run that skipped bad records ends with exit code 1.
    pub bad: u64,
    /// Threads produced.
    pub threads: u64,
    /// Comments whose parent was missing, attached to their post.
    pub orphans: u64,
    /// Parent links cut to break a cycle.
    pub cycles: u64,
}

impl Accounting {
    /// Records skipped, over all reasons.
    pub fn skipped(&self) -> u64 {
        self.skipped_by_reason.values().sum()
    }

    /// Adds another run's counts to these.
    pub fn merge(&mut self, other: &Accounting) {
        self.files += other.files;
        self.read += other.read;
        self.used += other.used;
        self.bad += other.bad;
        for (k, v) in &other.skipped_by_reason {
            *self.skipped_by_reason.entry(k.clone()).or_default() += v;
        }
        self.threads += other.threads;
        self.orphans += other.orphans;
        self.cycles += other.cycles;
    }
}

impl fmt::Display for Accounting {
    /// One line: `records: read N, used N, skipped N (reason: N, …); threads N, orphans N, cycles broken N`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "records: read {}, used {}, skipped {}",
            self.read,
            self.used,
            self.skipped()
        )?;
        if !self.skipped_by_reason.is_empty() {
            let reasons: Vec<String> = self
                .skipped_by_reason
                .iter()
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            write!(f, " ({})", reasons.join(", "))?;
        }
        write!(
            f,
            "; threads {}, orphans {}, cycles broken {}",
            self.threads, self.orphans, self.cycles
        )
    }
}

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The record was used, with a repair (e.g. an orphan attached to its post).
    Warning,
    /// The record was skipped.
    Skipped,
}

/// A problem found in the input, with its position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Warning or skipped.
    pub severity: Severity,
    /// Where.
    #[serde(serialize_with = "ser_display")]
    pub position: Position,
    /// What, in one line.
    pub message: String,
}

fn ser_display<S: serde::Serializer, T: fmt::Display>(
    v: &T,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(v)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.severity {
            Severity::Warning => "warning",
            Severity::Skipped => "skipped",
        };
        if self.position.is_empty() {
            write!(f, "{what}: {}", self.message)
        } else {
            write!(f, "{}: {what}: {}", self.position, self.message)
        }
    }
}

/// Configures a [`Reader`].
#[derive(Debug, Clone, Default)]
pub struct ReaderBuilder {
    format: InputFormat,
    fields: FieldMap,
    lossy: bool,
    skip_bad: bool,
    stream_records: bool,
}

impl ReaderBuilder {
    /// Defaults: automatic format, canonical field names, strict UTF-8, stop at a bad record.
    pub fn new() -> ReaderBuilder {
        ReaderBuilder::default()
    }
    /// Sets the input format.
    pub fn format(mut self, format: InputFormat) -> ReaderBuilder {
        self.format = format;
        self
    }
    /// Sets the field mapping (flat JSONL and CSV/TSV).
    pub fn fields(mut self, fields: FieldMap) -> ReaderBuilder {
        self.fields = fields;
        self
    }
    /// Replace invalid UTF-8 by U+FFFD instead of failing.
    pub fn lossy(mut self, yes: bool) -> ReaderBuilder {
        self.lossy = yes;
        self
    }
    /// Skip bad records (counted and reported) instead of failing.
    pub fn skip_bad(mut self, yes: bool) -> ReaderBuilder {
        self.skip_bad = yes;
        self
    }
    /// Flat inputs (flat JSONL, CSV/TSV with a thread column, ConvoKit utterances): hand
    /// each record to the sink as soon as it is read, as a thread of its own (a post, or one
    /// comment under a synthetic post with the thread's id), instead of whole threads once
    /// the input is read to its end. For consumers that take records one by one, such as
    /// the counting engine: memory then holds only the threads' ids and parent links, not
    /// their texts, and work starts at once. The accounting and the warnings are the same
    /// as for whole threads (made at the end of each input, from the ids and links); a
    /// thread whose id was read from an earlier input is not handed over (it is skipped as a
    /// whole, as without streaming).
    ///
    /// ```
    /// use korpus::input::{InputFormat, ReaderBuilder};
    /// let csv = "thread,id,parent,text\nt1,t1,,Der Rat tagt.\nt1,k1,,Wieder hinter verschlossenen Türen?\nt1,k2,k1,Filz!\n";
    /// let mut reader = ReaderBuilder::new().format(InputFormat::Csv).stream_records(true).build();
    /// let mut seen = Vec::new();
    /// reader.read_bytes("kommentare.csv", csv.as_bytes(), &mut |t| {
    ///     seen.push((t.post.synthetic, t.comments.len()));
    ///     Ok(())
    /// }).unwrap();
    /// // The post, then each comment on its own.
    /// assert_eq!(seen, [(false, 0), (true, 1), (true, 1)]);
    /// assert_eq!((reader.accounting().used, reader.accounting().threads), (3, 1));
    /// ```
    pub fn stream_records(mut self, yes: bool) -> ReaderBuilder {
        self.stream_records = yes;
        self
    }
    /// The input format set.
    pub fn get_format(&self) -> InputFormat {
        self.format
    }
    /// Whether invalid UTF-8 is replaced.
    pub fn get_lossy(&self) -> bool {
        self.lossy
    }
    /// Whether bad records are skipped.
    pub fn get_skip_bad(&self) -> bool {
        self.skip_bad
    }
    /// The reader.
    pub fn build(self) -> Reader {
        Reader {
            opts: self,
            accounting: Accounting::default(),
            diagnostics: Vec::new(),
            seen_threads: HashSet::new(),
        }
    }
}

/// Streams threads out of inputs; see the [module docs](self).
#[derive(Debug)]
pub struct Reader {
    opts: ReaderBuilder,
    accounting: Accounting,
    diagnostics: Vec<Diagnostic>,
    seen_threads: HashSet<String>,
}

/// The callback a [`Reader`] hands each thread to; its error stops the reading.
pub type Sink<'a> = dyn FnMut(Thread) -> Result<()> + 'a;

impl Reader {
    /// The counts so far.
    pub fn accounting(&self) -> &Accounting {
        &self.accounting
    }

    /// The problems found so far.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Takes the problems found so far, leaving none.
    pub fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.diagnostics)
    }

    /// Reads every input (files, folders, or `-` for standard input) in order.
    ///
    /// A folder holding `utterances.jsonl` is read as one ConvoKit corpus (in automatic mode
    /// and with [`InputFormat::Convokit`]); below a walked folder, the companion files of a
    /// ConvoKit corpus (`speakers.json`, `conversations.json`, `corpus.json`, `index.json`)
    /// are not read as inputs of their own.
    pub fn read_paths(&mut self, inputs: &[PathBuf], sink: &mut Sink<'_>) -> Result<()> {
        each_input(inputs, self.opts.format, &mut |input| match input {
            Input::Corpus(dir) => self.read_corpus_dir(dir, sink),
            Input::File(file) => self.read_path(file, sink),
        })
    }

    /// Reads a ConvoKit corpus folder (one holding `utterances.jsonl`).
    pub(crate) fn read_corpus_dir(&mut self, dir: &Path, sink: &mut Sink<'_>) -> Result<()> {
        convokit::read_dir(self, dir, sink)
    }

    /// Reads one file (or `-`).
    pub fn read_path(&mut self, path: &Path, sink: &mut Sink<'_>) -> Result<()> {
        let reader = source::open(path)?;
        self.read_from(path, reader, sink)
    }

    /// Reads in-memory data, named `name` in positions and ids.
    pub fn read_bytes(&mut self, name: &str, data: &[u8], sink: &mut Sink<'_>) -> Result<()> {
        let reader: Box<dyn BufRead + Send> =
            Box::new(BufReader::new(std::io::Cursor::new(data.to_vec())));
        self.read_from(Path::new(name), reader, sink)
    }

    fn read_from(
        &mut self,
        path: &Path,
        mut reader: Box<dyn BufRead + Send>,
        sink: &mut Sink<'_>,
    ) -> Result<()> {
        self.accounting.files += 1;
        let head = reader.fill_buf().map_err(|e| Error::io(e, path))?;
        if head.iter().all(u8::is_ascii_whitespace) {
            // Either truly empty or whitespace only: look further before calling it empty.
            let mut rest = Vec::new();
            reader
                .read_to_end(&mut rest)
                .map_err(|e| Error::io(e, path))?;
            if rest.iter().all(u8::is_ascii_whitespace) {
                self.accounting.read += 1;
                return self.bad(Error::new(ErrorKind::EmptyFile, Position::file(path)));
            }
            let reader: Box<dyn BufRead + Send> =
                Box::new(BufReader::new(std::io::Cursor::new(rest)));
            return self.read_format(path, reader, sink);
        }
        self.read_format(path, reader, sink)
    }

    fn read_format(
        &mut self,
        path: &Path,
        mut reader: Box<dyn BufRead + Send>,
        sink: &mut Sink<'_>,
    ) -> Result<()> {
        let format = match self.opts.format {
            InputFormat::Auto => {
                let head = reader.fill_buf().map_err(|e| Error::io(e, path))?;
                detect(path, head)
            }
            f => f,
        };
        match format {
            InputFormat::Jsonl => jsonl::read(self, path, reader, sink),
            InputFormat::Csv => delimited::read(self, path, reader, b',', sink),
            InputFormat::Tsv => delimited::read(self, path, reader, b'\t', sink),
            InputFormat::BlogText => blog_text::read(self, path, reader, sink),
            InputFormat::Convokit => convokit::read_utterances(self, path, reader, sink),
            InputFormat::Wxr => wxr::read(self, path, reader, sink),
            InputFormat::Blogger => blogger::read(self, path, reader, sink),
            InputFormat::Text | InputFormat::Auto => text::read(self, path, reader, sink),
        }
    }

    /// A bad record: an error, or (with `skip_bad`) counted as skipped and reported.
    ///
    /// Either way the record counts as skipped, so that `read == used + skipped` holds even
    /// for a run that stops at it.
    fn bad(&mut self, err: Error) -> Result<()> {
        *self
            .accounting
            .skipped_by_reason
            .entry(err.kind().reason().to_string())
            .or_default() += 1;
        self.accounting.bad += 1;
        if !self.opts.skip_bad {
            return Err(err);
        }
        self.diagnostics.push(Diagnostic {
            severity: Severity::Skipped,
            position: err.position().clone(),
            message: err.kind().to_string(),
        });
        Ok(())
    }

    /// Records skipped on purpose (not bad input, e.g. spam comments of an export): counted
    /// as read and skipped under `reason`, without an error.
    fn skip(&mut self, reason: &str, n: u64) {
        if n == 0 {
            return;
        }
        self.accounting.read += n;
        *self
            .accounting
            .skipped_by_reason
            .entry(reason.to_string())
            .or_default() += n;
    }

    fn warn(&mut self, position: Position, message: String) {
        self.diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            position,
            message,
        });
    }

    /// Assembles and emits a thread made of `records` input records. `pos` locates the
    /// thread's first record.
    fn emit(
        &mut self,
        post: Post,
        comments: Vec<Comment>,
        records: u64,
        pos: Position,
        sink: &mut Sink<'_>,
    ) -> Result<()> {
        if !self.seen_threads.insert(post.id.clone()) {
            self.accounting.read += records;
            // The whole thread's records are skipped as one duplicate.
            let err = Error::new(
                ErrorKind::DuplicateId(post.id.clone()),
                pos.with_record(post.id),
            );
            for _ in 1..records {
                *self
                    .accounting
                    .skipped_by_reason
                    .entry(err.kind().reason().to_string())
                    .or_default() += 1;
                self.accounting.bad += 1;
            }
            return self.bad(err);
        }
        let thread = match Thread::assemble(post, comments) {
            Ok(t) => t,
            Err(dup) => {
                self.accounting.read += records;
                let err = Error::new(ErrorKind::DuplicateId(dup.clone()), pos.with_record(dup));
                return self.bad(err);
            }
        };
        self.accounting.read += records;
        self.accounting.used += records;
        self.accounting.threads += 1;
        let orphans = thread.orphans() as u64;
        let cycles = thread.cycles_broken() as u64;
        if orphans > 0 {
            self.warn(
                pos.clone(),
                format!(
                    "thread {}: {orphans} comment(s) whose parent is missing attached to the post",
                    thread.id()
                ),
            );
        }
        if cycles > 0 {
            self.warn(
                pos,
                format!(
                    "thread {}: {cycles} parent cycle(s) broken, the comments attached to the post",
                    thread.id()
                ),
            );
        }
        self.accounting.orphans += orphans;
        self.accounting.cycles += cycles;
        sink(thread)
    }

    fn lossy(&self) -> bool {
        self.opts.lossy
    }

    fn fields(&self) -> &FieldMap {
        &self.opts.fields
    }
}

/// The format of one file in automatic mode: its extension, else its content, else text.
fn detect(path: &Path, head: &[u8]) -> InputFormat {
    match InputFormat::from_extension(path) {
        Some(InputFormat::Text) | None => InputFormat::sniff(head).unwrap_or(InputFormat::Text),
        Some(f) => f,
    }
}

/// Everything read from some inputs.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The threads.
    pub corpus: Corpus,
    /// The counts.
    pub accounting: Accounting,
    /// The problems found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads all `inputs` into memory with the reader `builder` describes.
///
/// On a bad record (without `skip_bad`) the error is returned together with what was read
/// up to then, so that a caller can still print the accounting.
pub fn read_corpus(
    inputs: &[PathBuf],
    builder: ReaderBuilder,
) -> std::result::Result<Loaded, ReadFailure> {
    let mut reader = builder.build();
    let mut threads = Vec::new();
    let res = reader.read_paths(inputs, &mut |t| {
        threads.push(t);
        Ok(())
    });
    let loaded = Loaded {
        corpus: Corpus { threads },
        accounting: reader.accounting.clone(),
        diagnostics: reader.take_diagnostics(),
    };
    match res {
        Ok(()) => Ok(loaded),
        Err(error) => Err(ReadFailure {
            error,
            partial: Box::new(loaded),
        }),
    }
}

/// A read that stopped at an error, with what was read up to it.
#[derive(Debug)]
pub struct ReadFailure {
    /// Why reading stopped.
    pub error: Error,
    /// The threads, counts and problems up to the error.
    pub partial: Box<Loaded>,
}

/// One input as every command takes it (see [`each_input`]).
pub(crate) enum Input<'a> {
    /// A ConvoKit corpus folder, read as a whole.
    Corpus(&'a Path),
    /// A file (or `-`), read on its own.
    File(&'a Path),
}

/// Calls `f` with each input of `inputs` in order, as [`Reader::read_paths`] reads them: a
/// folder holding `utterances.jsonl` (given, or met in a walk through that file) is one
/// ConvoKit corpus in automatic mode and with [`InputFormat::Convokit`]; the companion files
/// of a corpus are never inputs of their own; a walk in automatic mode keeps the files
/// korpus can read. Folders are walked one at a time, as they come.
pub(crate) fn each_input(
    inputs: &[PathBuf],
    format: InputFormat,
    f: &mut dyn FnMut(Input<'_>) -> Result<()>,
) -> Result<()> {
    let corpus_folders = matches!(format, InputFormat::Auto | InputFormat::Convokit);
    let explicit = format != InputFormat::Auto;
    for input in inputs {
        if corpus_folders && input.is_dir() && input.join("utterances.jsonl").is_file() {
            f(Input::Corpus(input))?;
            continue;
        }
        for file in source::walk(input, &|p| explicit || InputFormat::readable(p))? {
            if convokit::is_companion(&file) {
                continue;
            }
            match file.parent() {
                Some(dir)
                    if corpus_folders && source::name_without_gz(&file) == "utterances.jsonl" =>
                {
                    f(Input::Corpus(dir))?
                }
                _ => f(Input::File(&file))?,
            }
        }
    }
    Ok(())
}
