//! `machine check` and `machine schema`.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::output::deliver;
use crate::report::{self, ColorChoice};
use crate::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Format, spec_file};

pub fn run(
    specs: &[PathBuf],
    format: Format,
    deny_warnings: bool,
    color: ColorChoice,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, String> {
    let color = report::use_color(color);
    let mut errors = 0;
    let mut warnings = 0;
    let mut json = Vec::new();
    let mut unreadable = 0;
    let mut left_out = 0;
    for path in specs {
        let source = match spec_file::read(path) {
            Ok(source) => source,
            Err(message) => {
                writeln!(err, "error: {message}").map_err(|e| e.to_string())?;
                unreadable += 1;
                continue;
            }
        };
        let compiled = machine_core::compile(&source);
        left_out += compiled.left_out;
        errors += compiled.diagnostics.iter().filter(|d| d.is_error()).count();
        warnings += compiled
            .diagnostics
            .iter()
            .filter(|d| !d.is_error())
            .count();
        match format {
            Format::Human => {
                write!(
                    err,
                    "{}",
                    report::human(&source, &compiled.diagnostics, color)
                )
                .map_err(|e| e.to_string())?;
            }
            Format::Json => json.extend(
                compiled
                    .diagnostics
                    .iter()
                    .map(|d| report::json(&source, d)),
            ),
        }
    }
    match format {
        Format::Human if unreadable < specs.len() => {
            report::summary(err, errors, warnings, specs.len() - unreadable, left_out)
                .map_err(|e| e.to_string())?;
        }
        Format::Human => {}
        Format::Json => {
            let text = serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?;
            writeln!(out, "{text}").map_err(|e| e.to_string())?;
        }
    }
    // A file that cannot be read is a usage or I/O error, and it outranks findings.
    if unreadable > 0 {
        return Ok(EXIT_USAGE);
    }
    Ok(if errors > 0 || (deny_warnings && warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

pub fn schema(output: Option<&Path>, out: &mut dyn Write) -> Result<u8, String> {
    let text = machine_core::schema::json_schema();
    deliver(output, &text, out)?;
    Ok(EXIT_OK)
}
