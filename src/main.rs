//! The `korpus` binary: a thin command line over the `korpus` library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
