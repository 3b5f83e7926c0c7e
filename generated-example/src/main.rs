//! `cargo run -p generated-example -- FILE.json`: track a sequence of Get Job responses.
//!
//! Prints, for every change of the job's or a drive's state between two polls, whether it is
//! a legal transition, a legal jump (naming the states skipped) or impossible, and the
//! incidents that can happen in the new state. Exit code: 0 when every change is legal, 1
//! when one is impossible, 2 when the file cannot be read.
#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(path), None) = (args.next(), args.next()) else {
        eprintln!("usage: generated-example FILE.json   (a JSON array of Get Job responses)");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", path.to_string_lossy());
            return ExitCode::from(2);
        }
    };
    let mut report = String::new();
    match generated_example::track(&text, &mut report) {
        Ok(summary) => {
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
