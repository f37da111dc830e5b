//! One function per subcommand.

use super::{CmdResult, Failure, InputArgs, OutputArgs, Reporter, TABULAR};
use clap::Args;
use korpus::info::CorpusInfo;
use korpus::output::{self, native, OutputFormat, Row};
use korpus::Error;
use std::io::Write;

fn row_of<T: serde::Serialize>(value: &T) -> Result<Row, Failure> {
    match serde_json::to_value(value).map_err(|e| Error::usage(e.to_string()))? {
        serde_json::Value::Object(o) => Ok(o.into_iter().collect()),
        other => Ok(vec![("value".into(), other)]),
    }
}

/// Arguments of `korpus info`.
#[derive(Debug, Args)]
pub struct InfoArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    output: OutputArgs,
}

pub fn info(a: InfoArgs, reporter: &Reporter) -> CmdResult {
    let format = a.output.format_or(OutputFormat::Table, TABULAR)?;
    let loaded = a.input.load(reporter)?;
    let info = CorpusInfo::new(&loaded.corpus, &loaded.accounting);
    let mut w = a.output.writer()?;
    output::write_rows(&mut w, &[row_of(&info)?], format)?;
    w.flush()?;
    reporter.finish(&loaded)
}

/// Arguments of `korpus convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Target format: jsonl (nested native JSONL) or convokit (a ConvoKit corpus folder,
    /// written to the folder given with -o).
    #[arg(long, value_name = "FORMAT", default_value = "jsonl")]
    to: String,
    /// Write to FILE instead of standard output (for convokit: the folder to write).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<std::path::PathBuf>,
}

pub fn convert(a: ConvertArgs, reporter: &Reporter) -> CmdResult {
    if a.to == "convokit" {
        return convert_convokit(a, reporter);
    }
    if a.to != "jsonl" {
        return Err(Error::usage(format!(
            "--to {}: unknown target format (expected jsonl or convokit)",
            a.to
        ))
        .into());
    }
    let out = OutputArgs {
        format: None,
        output: a.output.clone(),
    };
    let paths = a.input.paths()?;
    let mut w = out.writer()?;
    let mut reader = a.input.builder().build();
    // Threads are written as they are read: memory stays flat for nested input.
    let res = reader.read_paths(&paths, &mut |t| {
        native::write_thread(&mut w, &t).map_err(Error::from)
    });
    super::finish_stream(reader, res, w, reporter)
}

/// `convert --to convokit -o DIR`: reads everything, then writes the corpus folder.
fn convert_convokit(a: ConvertArgs, reporter: &Reporter) -> CmdResult {
    let dir = match &a.output {
        Some(d) if d.as_os_str() != "-" => d.clone(),
        _ => return Err(Error::usage("--to convokit writes a folder: name it with -o DIR").into()),
    };
    let loaded = a.input.load(reporter)?;
    korpus::output::convokit::write(&dir, &loaded.corpus)?;
    reporter.finish(&loaded)
}
