//! The `machine` command line: check specs, generate code, draw diagrams.
//!
//! `main.rs` only calls [`run`]; everything here is a thin layer over `machine-core` and
//! `machine-codegen` that reads files, writes files and prints diagnostics.

mod check;
mod report;
mod spec_file;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

pub use report::ColorChoice;

/// Exit code: everything is fine.
pub const EXIT_OK: u8 = 0;
/// Exit code: a spec has errors (or, with `--check`, a generated file is stale).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: the command line was wrong, or a file could not be read or written.
pub const EXIT_USAGE: u8 = 2;

/// Declarative state machines: YAML lifecycle specs to Rust code, checks and diagrams.
#[derive(Debug, Parser)]
#[command(name = "machine", version, about, long_about = None)]
struct Cli {
    /// When to color the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check specs: load, resolve names, and run every graph check.
    Check {
        /// The spec files.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// How to print the findings.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Print the JSON Schema of the spec language (for editors).
    Schema {
        /// Write it to this file instead of standard output (only when it changed).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// Output format of findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// For people: `path:line:col`, the source line with a marker, and the help.
    Human,
    /// One JSON array of findings, for tools.
    Json,
}

/// Runs the command line `args` (including the program name), writing results to `out` and
/// findings and errors to `err`. Returns the process exit code.
pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let text = e.render();
            let rendered = if report::use_color(ColorChoice::Auto) {
                text.ansi().to_string()
            } else {
                text.to_string()
            };
            let _ = if e.use_stderr() {
                write!(err, "{rendered}")
            } else {
                write!(out, "{rendered}")
            };
            return code;
        }
    };
    let result = match cli.command {
        Command::Check {
            specs,
            format,
            deny_warnings,
        } => check::run(&specs, format, deny_warnings, cli.color, out, err),
        Command::Schema { output } => check::schema(output.as_deref(), out),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            EXIT_USAGE
        }
    }
}
