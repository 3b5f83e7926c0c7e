//! The `machine` command line: check specs, generate code, draw diagrams.
//!
//! `main.rs` only calls [`run`]; everything here is a thin layer over the library crates
//! (`machine-core`, `machine-render`, `machine-export`, `machine-diff`, `machine-codegen`)
//! that reads files, writes files and prints diagnostics. Two readers of text that only the
//! command line takes live here too: [`script`], the inputs of `machine run`, and [`trace`],
//! the recorded traces of `machine coverage`.
#![forbid(unsafe_code)]

mod check;
mod coverage;
mod diff;
mod r#gen;
mod import;
mod output;
mod paths;
mod render;
mod report;
mod run;
pub mod script;
mod spec_file;
pub mod trace;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

pub use r#gen::figures;
use output::Pipe;
pub use output::{Freshness, write_or_check};
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
        #[arg(long, value_enum, default_value_t = FindingsFormat::Human)]
        format: FindingsFormat,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Print the lifecycle diagram of a spec as Graphviz DOT.
    Dot {
        /// The spec file.
        spec: PathBuf,
        /// Write it to this file instead of standard output (only when it changed).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print the lifecycle diagram of a spec as SVG (Graphviz when installed, else built in).
    Svg {
        /// The spec file.
        spec: PathBuf,
        /// Write it to this file instead of standard output (only when it changed).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Which layout to use.
        #[arg(long, value_enum, default_value_t = render::Engine::Auto)]
        engine: render::Engine,
    },
    /// Print the lifecycle diagram of a spec as a Mermaid `stateDiagram-v2`.
    Mermaid {
        /// The spec file.
        spec: PathBuf,
        /// Write it to this file instead of standard output (only when it changed).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Export a spec for another state-machine engine: a machine config for the xstate v5 package (JSON), or a W3C SCXML document.
    Export {
        /// The spec file.
        spec: PathBuf,
        /// The engine's format.
        #[arg(long, value_enum)]
        format: render::Export,
        /// Write it to this file instead of standard output (only when it changed).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Write a spec with the same behaviour as a document of another engine: the states,
    /// transitions, named guards and actions and timeouts of a W3C SCXML document.
    ///
    /// What SCXML allows and the spec's checks reject (a state never entered, a state with no
    /// way out) is waived in the spec, with a reason naming the document; what a spec cannot
    /// carry (parallel states, data, scripts, expressions) is refused, located.
    Import {
        /// The document.
        file: PathBuf,
        /// Its format.
        #[arg(long = "from", value_enum)]
        from: import::From,
        /// Write the spec to this file instead of standard output (only when it changed).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print the Markdown tables of a spec: states, error table, timeouts, transitions...
    Table {
        /// The spec file.
        spec: PathBuf,
        /// Write it to this file instead of standard output (only when it changed).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Which table.
        #[arg(long, value_enum, default_value_t = render::Table::All)]
        only: render::Table,
    },
    /// Write every diagram and table of the specs, and a Markdown page that shows them.
    ///
    /// For specs `DIR/a.yaml DIR/b.yaml`, writes `OUT/PAGE.md` and `OUT/PAGE/{a,b}.{dot,mmd,svg}`,
    /// where `PAGE` is the name of `DIR` unless `--page` says otherwise. Files are written only
    /// when their bytes change; an SVG is laid out again only when its diagram changed.
    Docs {
        /// The spec files.
        #[arg(required = true)]
        specs: Vec<PathBuf>,
        /// The directory to write into.
        #[arg(long)]
        out: PathBuf,
        /// The page's name (default: the name of the specs' directory).
        #[arg(long)]
        page: Option<String>,
        /// Which SVG layout to use.
        #[arg(long, value_enum, default_value_t = render::Engine::Auto)]
        engine: render::Engine,
        /// Lay out every SVG again, even when its diagram did not change.
        #[arg(long)]
        rerender_svg: bool,
        /// Write nothing; exit 1 when a file is missing or out of date.
        #[arg(long)]
        check: bool,
    },
    /// Generate the Rust code of a spec: what the `machine!` macro expands to, with an
    /// `@generated` header. Writes the file only when its bytes change.
    Gen {
        /// The spec file. The path as given is the name the code and its header show.
        spec: PathBuf,
        /// Write it to this file instead of standard output (only when it changed).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Write nothing; exit 1 when the output file is missing or not what would be written.
        #[arg(long, requires = "output")]
        check: bool,
        /// Derive serde's `Serialize` and `Deserialize` for `State` and `Event` (wire names).
        #[arg(long)]
        serde: bool,
        /// Derive them behind `#[cfg_attr(PREDICATE, ...)]`, e.g. `feature = "serde"`.
        #[arg(long, value_name = "PREDICATE", conflicts_with = "serde")]
        serde_cfg: Option<String>,
        /// The language: Rust (what the macro expands to) or a dependency-free TypeScript
        /// module for front ends (states, events, wire names, transitions, `step`).
        #[arg(long, value_enum, default_value_t = r#gen::Lang::Rust)]
        lang: r#gen::Lang,
    },
    /// Run a spec on a script of inputs and print every step: try a lifecycle without Rust.
    ///
    /// The script lists events (`MarkShipping`), with guard values in brackets when they
    /// matter (`MarkShipping[!return_address_set]`), waits that let timeouts expire (`+14d`),
    /// and resolutions of the fault state (`resume(Shipping)`), separated by commas or spaces.
    /// Exits 1 when an input was refused.
    Run {
        /// The spec file.
        spec: PathBuf,
        /// The inputs, e.g. `UpdateJobProperties, MarkShipping, +14d, Fault, Resolve`.
        #[arg(long, short, value_name = "SCRIPT")]
        events: String,
        /// The named start to begin from, when the spec has several.
        #[arg(long)]
        start: Option<String>,
        /// What guards that an event does not list answer.
        #[arg(long, value_enum, default_value_t = GuardDefault::Hold)]
        guards: GuardDefault,
        /// The value of a named duration (`durations:`), e.g. `--duration
        /// authorization_window=7d`; every named duration needs one.
        #[arg(long = "duration", value_name = "NAME=DURATION")]
        durations: Vec<String>,
        /// How to print the steps.
        #[arg(long, value_enum, default_value_t = StepsFormat::Human)]
        format: StepsFormat,
    },
    /// Compare two versions of a spec: what was added, removed, renamed or changed, and
    /// whether each change breaks users of the generated API or the wire format.
    ///
    /// OLD and NEW are files or `REV:PATH` read from git (`HEAD~1:spec/job.yaml`). Exits 0
    /// when nothing breaking changed, 1 when something did, 2 for usage or I/O errors or a
    /// version that does not load.
    Diff {
        /// The old version: a file or `REV:PATH`.
        old: String,
        /// The new version: a file or `REV:PATH`.
        new: String,
        /// Text for people, Markdown for a pull-request comment, or JSON.
        #[arg(long, value_enum, default_value_t = diff::DiffFormat::Human)]
        format: diff::DiffFormat,
    },
    /// Print test paths: the shortest inputs that reach each state, and paths that together
    /// fire every transition and expire every timeout (events with guard values, expiries,
    /// fault entries and resumes), each accepted step by step by the spec's interpreter.
    Paths {
        /// The spec file.
        spec: PathBuf,
        /// How to print the paths.
        #[arg(long, value_enum, default_value_t = PathsFormat::Human)]
        format: PathsFormat,
    },
    /// Which states, transitions and timeouts a recorded trace exercised, and which not.
    ///
    /// The trace is JSON lines: `{"object": "job", "state": "Shipping", "event": "MarkShipping"}`
    /// (`event` or `timeout` for what brought the object there, when known; `machine` to keep
    /// several machines in one trace). Exit 1 when a line is a step the spec does not allow.
    Coverage {
        /// The spec file.
        spec: PathBuf,
        /// The trace file (JSON lines).
        trace: PathBuf,
        /// How to print what was exercised.
        #[arg(long, value_enum, default_value_t = CoverageFormat::Human)]
        format: CoverageFormat,
        /// Also write the DOT diagram with what was exercised in full colour, the rest greyed.
        #[arg(long, value_name = "FILE")]
        dot: Option<PathBuf>,
    },
    /// Write a simulator page: one self-contained HTML file that runs the lifecycle in a
    /// browser (click events, toggle guards, advance a virtual clock, copy the run as a
    /// `machine run` command or a Rust test). It makes no network request: open it from disk.
    Sim {
        /// The spec file.
        spec: PathBuf,
        /// Write it to this file instead of standard output (only when it changed).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Which layout draws its diagram.
        #[arg(long, value_enum, default_value_t = render::Engine::Auto)]
        engine: render::Engine,
    },
    /// Print the JSON Schema of the spec language (for editors).
    Schema {
        /// Write it to this file instead of standard output (only when it changed).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// Text for people or JSON for tools: what each command prints is said by its own
/// `--format` values ([`FindingsFormat`], [`StepsFormat`], [`PathsFormat`], [`CoverageFormat`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Human,
    Json,
}

/// How `machine check` prints its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FindingsFormat {
    /// For people: `path:line:col`, the source line with a marker, and the help.
    Human,
    /// One JSON array of findings (code, severity, message, file, line, column, help).
    Json,
}

/// How `machine run` prints the steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum StepsFormat {
    /// One line per input: its number, the time, the input, and what the step did (the
    /// move, the actions it runs, the clocks that start) or why it was refused.
    Human,
    /// One JSON object per line: the start, then each input with `from`, `to`, `actions`,
    /// `step` and the rest, or `refused` with the reason.
    Json,
}

/// How `machine paths` prints the test paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum PathsFormat {
    /// The shortest path to each state, then the paths that cover every transition and
    /// timeout, each step as a `machine run` script writes it.
    Human,
    /// One JSON object: `states` (the path to each), `cover` (the paths, each step with its
    /// `kind`, guards and target), `items` and `uncovered`.
    Json,
}

/// How `machine coverage` prints what a trace exercised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum CoverageFormat {
    /// The states, transitions and timeouts exercised and not, and the trace's problems.
    Human,
    /// One JSON object: `states` and `items`, each `exercised` and `not_exercised`, and
    /// `problems`.
    Json,
}

macro_rules! to_format {
    ($($from:ident),*) => {$(
        impl From<$from> for Format {
            fn from(format: $from) -> Format {
                match format {
                    $from::Human => Format::Human,
                    $from::Json => Format::Json,
                }
            }
        }
    )*};
}
to_format!(FindingsFormat, StepsFormat, PathsFormat, CoverageFormat);

/// What a guard answers when a `machine run` script does not say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum GuardDefault {
    /// Every guard holds unless the script says `!guard`.
    Hold,
    /// No guard holds unless the script names it.
    Fail,
}

/// Runs the command line `args` (including the program name), writing results to `out` and
/// findings and errors to `err`. Returns the process exit code. When `out` is a pipe whose
/// reader has gone (`machine gen spec | head -1`), the command stops quietly with 0.
pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let mut pipe = Pipe::new(out);
    let code = run_command(args, &mut pipe, err);
    let _ = pipe.flush();
    if pipe.closed { EXIT_OK } else { code }
}

fn run_command<I, T>(args: I, out: &mut Pipe<'_>, err: &mut dyn Write) -> u8
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
        } => check::run(&specs, format.into(), deny_warnings, cli.color, out, err),
        Command::Run {
            spec,
            events,
            start,
            guards,
            durations,
            format,
        } => run::run(
            &run::Run {
                spec: &spec,
                events: &events,
                start: start.as_deref(),
                guards_hold: guards == GuardDefault::Hold,
                durations: &durations,
                format: format.into(),
            },
            cli.color,
            out,
            err,
        ),
        Command::Diff { old, new, format } => diff::run(&old, &new, format, cli.color, out, err),
        Command::Paths { spec, format } => paths::run(&spec, format.into(), cli.color, out, err),
        Command::Coverage {
            spec,
            trace,
            format,
            dot,
        } => coverage::run(
            &coverage::Coverage {
                spec: &spec,
                trace: &trace,
                format: format.into(),
                dot: dot.as_deref(),
            },
            cli.color,
            out,
            err,
        ),
        Command::Sim {
            spec,
            output,
            engine,
        } => render::sim(&spec, engine, output.as_deref(), cli.color, out, err),
        Command::Schema { output } => check::schema(output.as_deref(), out),
        Command::Gen {
            spec,
            output,
            check,
            serde,
            serde_cfg,
            lang,
        } => r#gen::run(
            &r#gen::Gen {
                spec: &spec,
                output: output.as_deref(),
                check,
                serde,
                serde_cfg: serde_cfg.as_deref(),
                lang,
            },
            cli.color,
            out,
            err,
        ),
        Command::Dot { spec, output } => render::one(
            &spec,
            render::Output::Dot,
            output.as_deref(),
            cli.color,
            out,
            err,
        ),
        Command::Svg {
            spec,
            output,
            engine,
        } => render::one(
            &spec,
            render::Output::Svg(engine),
            output.as_deref(),
            cli.color,
            out,
            err,
        ),
        Command::Mermaid { spec, output } => render::one(
            &spec,
            render::Output::Mermaid,
            output.as_deref(),
            cli.color,
            out,
            err,
        ),
        Command::Export {
            spec,
            format,
            output,
        } => render::one(
            &spec,
            render::Output::Export(format),
            output.as_deref(),
            cli.color,
            out,
            err,
        ),
        Command::Import { file, from, output } => {
            import::run(&file, from, output.as_deref(), cli.color, out, err)
        }
        Command::Table { spec, output, only } => render::one(
            &spec,
            render::Output::Table(only),
            output.as_deref(),
            cli.color,
            out,
            err,
        ),
        Command::Docs {
            specs,
            out: out_dir,
            page,
            engine,
            rerender_svg,
            check,
        } => render::docs(
            &render::Docs {
                specs: &specs,
                out_dir: &out_dir,
                page: page.as_deref(),
                engine,
                rerender: rerender_svg,
                check,
            },
            cli.color,
            out,
            err,
        ),
    };
    match result {
        Ok(code) => code,
        Err(_) if out.closed => EXIT_OK,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            EXIT_USAGE
        }
    }
}
