//! The `korpus` command line: clap arguments → library calls → output. No analysis lives
//! here.

mod analyze;
mod commands;
mod dtm;
mod freq;
mod keyterms;
mod merge;
mod text;
mod threads;
mod topics;

use clap::{Args, Parser, Subcommand};
use korpus::input::{FieldMap, InputFormat, Loaded, ReaderBuilder, Severity};
use korpus::output::OutputFormat;
use korpus::Error;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Analyse German political blog posts and their comment threads.
#[derive(Debug, Parser)]
#[command(name = "korpus", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Worker threads (default: all cores).
    #[arg(long, global = true, value_name = "N")]
    threads: Option<usize>,
    /// No progress display and no warnings (errors and the accounting line stay).
    #[arg(long, short, global = true)]
    quiet: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run every analysis on the input and print a readable summary (no INPUT: the bundled
    /// sample corpus).
    Analyze(analyze::AnalyzeArgs),
    /// Count threads, posts, comments, authors, tokens and the date range.
    Info(commands::InfoArgs),
    /// Convert the input to another corpus format.
    Convert(commands::ConvertArgs),
    /// Tokenize texts (German web and comment text rules): one token a line, JSONL or CoNLL-U.
    Tokenize(text::TokenizeArgs),
    /// Stem words, one a line in, one stem a line out.
    Stem(text::StemArgs),
    /// Split German compounds, one word a line in, `word<TAB>part+part…` out.
    Split(text::SplitArgs),
    /// Term and document frequencies, for the corpus or by part, author, year or thread.
    Freq(freq::FreqArgs),
    /// Combine partial results of `korpus freq`, `threads` or `topics` (`--save-partial`)
    /// into the result of one run over all their shards.
    Merge(merge::MergeArgs),
    /// Count topic-dictionary hits per thread, post and comments (`--format jsonl`: every hit).
    Topics(topics::TopicsArgs),
    /// Write the document-term matrix (Matrix Market, terms.txt, docs.tsv) into a folder.
    Dtm(dtm::DtmArgs),
    /// Keyterms of each thread, post, part or the corpus against a reference (G², log ratio).
    Keyterms(keyterms::KeytermsArgs),
    /// Discussion statistics: per thread (or per participant with --by author) and for the
    /// corpus: size, tree shape, exchange, timing, language, topic drift.
    Threads(threads::ThreadsArgs),
}

/// Where the input comes from and how to read it.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Input files or folders; `-` reads standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Input format: auto, jsonl, csv, tsv, text, blog-text (a scraped blog page),
    /// convokit (a ConvoKit corpus folder), wxr (WordPress export) or blogger (Blogger
    /// export).
    #[arg(long, value_name = "FORMAT", default_value = "auto", value_parser = parse_input_format)]
    pub input_format: InputFormat,
    /// Field mapping for flat JSONL and CSV/TSV, e.g. `thread=article_id,text=body`.
    #[arg(long, value_name = "MAP", value_parser = parse_fields)]
    pub fields: Option<FieldMap>,
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    #[arg(long)]
    pub lossy: bool,
    /// Skip bad records (reported and counted; exit code 1) instead of failing.
    #[arg(long)]
    pub skip_bad: bool,
}

/// Where and how to write the result.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format: table, json, jsonl, csv or tsv.
    #[arg(long, short = 'f', value_name = "FORMAT", value_parser = parse_output_format)]
    pub format: Option<OutputFormat>,
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

fn parse_input_format(s: &str) -> Result<InputFormat, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

fn parse_output_format(s: &str) -> Result<OutputFormat, String> {
    s.parse().map_err(|e: Error| e.to_string())
}

fn parse_fields(s: &str) -> Result<FieldMap, String> {
    s.parse()
        .map_err(|e: Error| e.to_string().trim_start_matches("--fields: ").to_string())
}

/// How a command ended, beyond errors.
pub enum Outcome {
    /// Everything read was used.
    Clean,
    /// The run finished but bad records were skipped.
    Skipped,
}

/// What the process prints on stderr: problems, then the accounting line.
pub struct Reporter {
    /// No progress and no warnings.
    pub quiet: bool,
}

/// At most this many warnings are printed one by one; the rest are summed up.
/// The formats of commands whose result is a table: a readable table, JSON, JSON lines,
/// CSV and TSV.
pub(crate) const TABULAR: &[OutputFormat] = &[
    OutputFormat::Table,
    OutputFormat::Json,
    OutputFormat::Jsonl,
    OutputFormat::Csv,
    OutputFormat::Tsv,
];

const MAX_WARNINGS: usize = 20;

impl Reporter {
    fn problems(&self, loaded: &Loaded) {
        let mut err = io::stderr().lock();
        let mut warnings = 0;
        for d in &loaded.diagnostics {
            if d.severity == Severity::Warning {
                warnings += 1;
                if self.quiet || warnings > MAX_WARNINGS {
                    continue;
                }
            }
            let _ = writeln!(err, "korpus: {d}");
        }
        if !self.quiet && warnings > MAX_WARNINGS {
            let _ = writeln!(
                err,
                "korpus: … and {} more warnings of the same kinds",
                warnings - MAX_WARNINGS
            );
        }
    }

    /// Prints the accounting line and tells how the command ended: exit code 1 when bad
    /// records were skipped (records a format leaves out on purpose do not count).
    fn finish(&self, loaded: &Loaded) -> CmdResult {
        self.accounting(loaded);
        Ok(if loaded.accounting.bad > 0 {
            Outcome::Skipped
        } else {
            Outcome::Clean
        })
    }

    fn accounting(&self, loaded: &Loaded) {
        let _ = writeln!(io::stderr().lock(), "korpus: {}", loaded.accounting);
    }
}

impl InputArgs {
    fn builder(&self) -> ReaderBuilder {
        ReaderBuilder::new()
            .format(self.input_format)
            .fields(self.fields.clone().unwrap_or_default())
            .lossy(self.lossy)
            .skip_bad(self.skip_bad)
    }

    /// The inputs, with standard input standing in when none are named and it is not a
    /// terminal.
    fn paths(&self) -> Result<Vec<PathBuf>, Error> {
        if !self.inputs.is_empty() {
            return Ok(self.inputs.clone());
        }
        if io::stdin().is_terminal() {
            return Err(Error::usage(
                "no INPUT given (name files or folders, or `-` for standard input)",
            ));
        }
        Ok(vec![PathBuf::from("-")])
    }

    /// Reads everything, printing problems and the accounting line.
    fn load(&self, reporter: &Reporter) -> Result<Loaded, Failure> {
        let paths = self.paths()?;
        match korpus::input::read_corpus(&paths, self.builder()) {
            Ok(loaded) => {
                reporter.problems(&loaded);
                Ok(loaded)
            }
            Err(failure) => {
                reporter.problems(&failure.partial);
                eprintln!("korpus: error: {}", failure.error);
                reporter.accounting(&failure.partial);
                Err(Failure::Reported)
            }
        }
    }
}

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The problem was printed already (with the accounting line).
    Reported,
    /// An error still to be printed.
    Error(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Error(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure::Error(e.into())
    }
}

/// What a command returns.
pub type CmdResult = Result<Outcome, Failure>;

impl OutputArgs {
    fn writer(&self) -> Result<Box<dyn Write>, Error> {
        match &self.output {
            Some(p) if p.as_os_str() != "-" => {
                let f = std::fs::File::create(p).map_err(|e| Error::io(e, p))?;
                Ok(Box::new(io::BufWriter::new(f)))
            }
            _ => Ok(Box::new(io::BufWriter::with_capacity(
                1 << 16,
                io::stdout(),
            ))),
        }
    }

    fn format_or(
        &self,
        default: OutputFormat,
        allowed: &[OutputFormat],
    ) -> Result<OutputFormat, Error> {
        let f = self.format.unwrap_or(default);
        if allowed.contains(&f) {
            Ok(f)
        } else {
            let names: Vec<String> = allowed.iter().map(ToString::to_string).collect();
            Err(Error::usage(format!(
                "--format {f} is not available here (choose {})",
                names.join(", ")
            )))
        }
    }
}

/// Prints problems and the accounting line of a streaming command, and flushes.
pub fn finish_stream(
    mut reader: korpus::input::Reader,
    res: korpus::Result<()>,
    mut w: Box<dyn Write>,
    reporter: &Reporter,
) -> CmdResult {
    let loaded = Loaded {
        accounting: reader.accounting().clone(),
        diagnostics: reader.take_diagnostics(),
        ..Loaded::default()
    };
    reporter.problems(&loaded);
    if let Err(e) = res {
        if e.is_broken_pipe() {
            return Err(e.into());
        }
        eprintln!("korpus: error: {e}");
        reporter.accounting(&loaded);
        return Err(Failure::Reported);
    }
    w.flush()?;
    reporter.finish(&loaded)
}

/// Runs the command line; the process's exit code: 0 ok, 1 bad records skipped, 2 error.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    if let Some(n) = cli.threads {
        if n == 0 {
            eprintln!("korpus: error: --threads must be at least 1");
            return ExitCode::from(2);
        }
        // Only fails when a pool exists already, which cannot happen this early.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    let reporter = Reporter { quiet: cli.quiet };
    let result = match cli.command {
        Command::Analyze(a) => analyze::analyze(a, &reporter),
        Command::Info(a) => commands::info(a, &reporter),
        Command::Convert(a) => commands::convert(a, &reporter),
        Command::Tokenize(a) => text::tokenize(a, &reporter),
        Command::Stem(a) => text::stem(a, &reporter),
        Command::Split(a) => text::split(a, &reporter),
        Command::Freq(a) => freq::freq(a, &reporter),
        Command::Merge(a) => merge::merge(a, &reporter),
        Command::Topics(a) => topics::topics(a, &reporter),
        Command::Dtm(a) => dtm::dtm(a, &reporter),
        Command::Keyterms(a) => keyterms::keyterms(a, &reporter),
        Command::Threads(a) => threads::threads(a, &reporter),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Skipped) => ExitCode::from(1),
        Err(Failure::Error(e)) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(Failure::Error(e)) => {
            eprintln!("korpus: error: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Reported) => ExitCode::from(2),
    }
}
