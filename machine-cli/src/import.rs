//! `machine import --from scxml FILE [-o SPEC]`: a spec with the same behaviour as an SCXML
//! document (`machine_export::import`), or the located reasons it cannot be one.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;
use machine_core::SourceFile;
use machine_export::import::{self, Refused};

use crate::output::deliver;
use crate::{ColorChoice, EXIT_FINDINGS, EXIT_OK, report, spec_file};

/// The formats `machine import` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum From {
    /// A W3C SCXML document: its states, transitions, named guards and actions, and timeouts
    /// written as delayed events.
    Scxml,
}

/// Imports `file`, writing the spec to `output` or standard output.
pub fn run(
    file: &Path,
    from: From,
    output: Option<&Path>,
    color: ColorChoice,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, String> {
    let From::Scxml = from;
    let source = spec_file::read(file)?;
    let color = report::use_color(color);
    let (findings, shown, what) = match import::scxml(&source) {
        Ok(spec) => {
            deliver(output, &spec, out)?;
            return Ok(EXIT_OK);
        }
        Err(Refused::Document(findings)) => (findings, source, "no spec imported from"),
        Err(Refused::Spec(text, findings)) => (
            findings,
            SourceFile::new(import::spec_name(&source), text),
            "the spec, shown above as it would be written, does not check; imported from",
        ),
    };
    write!(err, "{}", report::human(&shown, &findings, color)).map_err(|e| e.to_string())?;
    let errors = findings.iter().filter(|d| d.is_error()).count();
    report::summary(err, errors, findings.len() - errors, 1, 0).map_err(|e| e.to_string())?;
    let _ = writeln!(err, "error: {what} {}", spec_file::display_name(file));
    Ok(EXIT_FINDINGS)
}
