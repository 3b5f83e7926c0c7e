//! `machine import --from scxml FILE [-o SPEC]`: a spec with the same behaviour as an SCXML
//! document (`machine_export::import`), or the located reasons it cannot be one.

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;
use machine_core::SourceFile;
use machine_export::import::{self, Refused};

use crate::output::write_or_check;
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
    match import::scxml(&source) {
        Ok(spec) => {
            match output {
                Some(path) => {
                    write_or_check(path, spec.as_bytes(), false)?;
                }
                None => out.write_all(spec.as_bytes()).map_err(|e| e.to_string())?,
            }
            Ok(EXIT_OK)
        }
        Err(Refused::Document(findings)) => {
            write!(err, "{}", report::human(&source, &findings, color))
                .map_err(|e| e.to_string())?;
            report::summary(err, findings.len(), 0, 1, 0).map_err(|e| e.to_string())?;
            let _ = writeln!(
                err,
                "error: no spec imported from {}",
                spec_file::display_name(file)
            );
            Ok(EXIT_FINDINGS)
        }
        Err(Refused::Spec(text, findings)) => {
            let spec = SourceFile::new(import::spec_name(&source), text);
            write!(err, "{}", report::human(&spec, &findings, color)).map_err(|e| e.to_string())?;
            let _ = writeln!(
                err,
                "error: the spec imported from {} does not check (shown above, as it would be written)",
                spec_file::display_name(file)
            );
            Ok(EXIT_FINDINGS)
        }
    }
}
