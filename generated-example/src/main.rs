//! `cargo run -p generated-example -- FILE.json [--trace TRACE.jsonl]`: track a sequence of
//! Get Job responses (and write the trace `machine coverage` reads).
//!
//! Prints, for every change of the job's or a drive's state between two polls, whether it is
//! a legal transition, a legal jump (naming the states skipped) or impossible, and the
//! incidents that can happen in the new state. Exit code: 0 when every change is legal, 1
//! when one is impossible, 2 when the file cannot be read.
#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    let (path, trace_path) = match args.as_slice() {
        [path] => (path, None),
        [path, flag, trace] if flag == "--trace" => (path, Some(trace)),
        _ => {
            eprintln!(
                "usage: generated-example FILE.json [--trace TRACE.jsonl]   (FILE: a JSON array of Get Job responses)"
            );
            return ExitCode::from(2);
        }
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", path.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    let mut report = String::new();
    let mut trace = String::new();
    match generated_example::track_with_trace(&text, &mut report, &mut trace) {
        Ok(summary) => {
            if let Some(trace_path) = trace_path
                && let Err(e) = std::fs::write(trace_path, &trace)
            {
                eprintln!("error: cannot write {}: {e}", trace_path.to_string_lossy());
                return ExitCode::from(2);
            }
            print!("{report}");
            if summary.impossible > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            print!("{report}");
            eprintln!("error: {}: {e}", path.to_string_lossy());
            ExitCode::from(2)
        }
    }
}
