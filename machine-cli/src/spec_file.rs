//! Reading spec files from disk, and the names they are shown by.

use std::io::Write;
use std::path::Path;

use machine_core::{Model, SourceFile};

use crate::report::{self, ColorChoice};

/// Reads a spec file. The name shown in diagnostics is the path as given on the command line.
pub fn read(path: &Path) -> Result<SourceFile, String> {
    if path.is_dir() {
        return Err(format!(
            "{} is a directory, not a spec file",
            path.display()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(SourceFile::from_bytes(display_name(path), bytes))
}

/// The path with `/` separators, as diagnostics and generated headers show it.
pub fn display_name(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Reads and compiles a spec, printing its findings to `err`: the checked model, or `None`
/// (after a summary line) when the spec has errors.
pub fn compile(
    path: &Path,
    color: ColorChoice,
    err: &mut dyn Write,
) -> Result<Option<Model>, String> {
    Ok(compile_with_source(path, color, err)?.map(|(_, model)| model))
}

/// Like [`compile`], with the spec's text kept for findings reported later (the `XState`
/// export's warnings).
pub fn compile_with_source(
    path: &Path,
    color: ColorChoice,
    err: &mut dyn Write,
) -> Result<Option<(SourceFile, Model)>, String> {
    let source = read(path)?;
    let compiled = machine_core::compile(&source);
    let color = report::use_color(color);
    write!(
        err,
        "{}",
        report::human(&source, &compiled.diagnostics, color)
    )
    .map_err(|e| e.to_string())?;
    match compiled.model {
        Some(model) if !compiled.has_errors() => Ok(Some((source, model))),
        _ => {
            let errors = compiled.diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = compiled.diagnostics.len() - errors;
            report::summary(err, errors, warnings, 1, compiled.left_out)
                .map_err(|e| e.to_string())?;
            Ok(None)
        }
    }
}
