//! `machine diff OLD NEW`: reads the two versions (files, or `REV:PATH` from git), prints their
//! findings, and prints the semantic diff of `machine_diff`.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use machine_core::SourceFile;
use machine_diff::{self as diff, Version};

use crate::report::{self, ColorChoice};
use crate::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, spec_file};

/// How `machine diff` prints the diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Grouped by section, coloured on a terminal.
    Human,
    /// Markdown tables, for a pull-request comment.
    Markdown,
    /// One JSON object.
    Json,
}

pub fn run(
    old: &str,
    new: &str,
    format: DiffFormat,
    color: ColorChoice,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<u8, String> {
    let old = read(old)?;
    let new = read(new)?;
    let color_err = report::use_color(color);
    let mut versions = Vec::new();
    for (source, is_new) in [(&old, false), (&new, true)] {
        match Version::read(source) {
            Ok(version) => {
                // Check findings do not stop the diff: it reports what they mean. OLD's are
                // history; NEW's are shown, and its errors fail the diff.
                if is_new {
                    let text = report::human(source, &version.findings, color_err);
                    err.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
                }
                versions.push(version);
            }
            Err(findings) => {
                let text = report::human(source, &findings, color_err);
                err.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
                let _ = writeln!(
                    err,
                    "error: {} is not a spec that can be compared; fix the errors above",
                    source.name()
                );
                return Ok(EXIT_USAGE);
            }
        }
    }
    let diff = diff::diff(&versions[0], &versions[1]);
    let text = match format {
        DiffFormat::Human => diff::render::human(&diff, use_color_out(color)),
        DiffFormat::Markdown => diff::render::markdown(&diff),
        DiffFormat::Json => {
            let mut text = serde_json::to_string_pretty(&diff).map_err(|e| e.to_string())?;
            text.push('\n');
            text
        }
    };
    out.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    let errors = versions[1].findings.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        let _ = writeln!(
            err,
            "error: {} has {errors} error{} (above): no code can be generated from it",
            new.name(),
            if errors == 1 { "" } else { "s" }
        );
        return Ok(EXIT_FINDINGS);
    }
    Ok(if diff.is_breaking() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// Colour on standard output: as asked, or when it is a terminal.
fn use_color_out(color: ColorChoice) -> bool {
    use std::io::IsTerminal;
    match color {
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
        other => report::use_color(other),
    }
}

/// A file, or `REV:PATH` read with `git show` when no file has that name.
fn read(arg: &str) -> Result<SourceFile, String> {
    let path = Path::new(arg);
    if path.exists() {
        return spec_file::read(path);
    }
    let Some((rev, file)) = arg
        .split_once(':')
        .filter(|(r, f)| !r.is_empty() && !f.is_empty())
    else {
        return Err(format!(
            "cannot read {arg}: no such file (write `REV:PATH` for a version in git, e.g. `HEAD~1:{arg}`)"
        ));
    };
    let output = Command::new("git")
        .args(["show", &format!("{rev}:{file}")])
        .output()
        .map_err(|e| format!("cannot run `git show {arg}`: {e}; is git installed?"))?;
    if !output.status.success() {
        let why = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "cannot read {arg} from git: {}; name a revision and a path from the repository root, e.g. `HEAD~1:spec/import-export/job.yaml`",
            why.trim()
        ));
    }
    Ok(SourceFile::from_bytes(arg.to_owned(), output.stdout))
}
