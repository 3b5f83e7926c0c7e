//! Printing diagnostics: rich terminal output through codespan-reporting, or JSON.

use std::io::{IsTerminal, Write};

use codespan_reporting::diagnostic::{
    Diagnostic as Report, Label, LabelStyle, Severity as ReportSeverity,
};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};
use machine_core::{Diagnostic, Severity, SourceFile};

/// When to color the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// When standard error is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// Renders findings for people: `error[E0101]: message`, `--> path:line:col`, the source
/// line with a marker, notes and the help.
pub fn human(source: &SourceFile, diagnostics: &[Diagnostic], color: bool) -> String {
    let file = SimpleFile::new(source.name(), source.text());
    let config = Config::default();
    let mut text = String::new();
    for d in diagnostics {
        let report = to_report(d);
        let rendered = if color {
            let mut buffer = term::termcolor::Buffer::ansi();
            term::emit_to_write_style(&mut buffer, &config, &file, &report)
                .map(|()| String::from_utf8_lossy(buffer.as_slice()).into_owned())
        } else {
            term::emit_into_string(&config, &file, &report)
        };
        // The spans come from the same text, so rendering cannot miss; fall back to the
        // plain form rather than lose a finding if it ever does.
        text.push_str(&rendered.unwrap_or_else(|_| format!("{}\n\n", d.display(source))));
    }
    text
}

fn to_report(d: &Diagnostic) -> Report<()> {
    let severity = match d.severity {
        Severity::Error => ReportSeverity::Error,
        Severity::Warning => ReportSeverity::Warning,
    };
    let mut labels = vec![
        Label::new(
            LabelStyle::Primary,
            (),
            d.span.start..d.span.end.max(d.span.start),
        )
        .with_message(d.label.clone().unwrap_or_default()),
    ];
    labels.extend(d.labels.iter().map(|l| {
        Label::new(LabelStyle::Secondary, (), l.span.start..l.span.end)
            .with_message(l.message.clone())
    }));
    Report::new(severity)
        .with_code(d.code.as_str())
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(d.help.iter().map(|h| format!("help: {h}")).collect())
}

/// One JSON object per finding.
pub fn json(source: &SourceFile, d: &Diagnostic) -> serde_json::Value {
    let labels: Vec<serde_json::Value> = d
        .labels
        .iter()
        .map(|l| {
            serde_json::json!({
                "line": l.span.line,
                "column": l.span.column,
                "start": l.span.start,
                "end": l.span.end,
                "message": l.message,
            })
        })
        .collect();
    serde_json::json!({
        "file": source.name(),
        "line": d.span.line,
        "column": d.span.column,
        "start": d.span.start,
        "end": d.span.end,
        "severity": d.severity.as_str(),
        "code": d.code.as_str(),
        "check": d.code.name(),
        "message": d.message,
        "label": d.label,
        "labels": labels,
        "help": d.help,
    })
}

/// Writes a one-line summary, like `2 errors, 1 warning in 3 files`, and how many findings
/// of the graph checks were left out because of a shape error before them.
pub fn summary(
    out: &mut dyn Write,
    errors: usize,
    warnings: usize,
    files: usize,
    left_out: usize,
) -> std::io::Result<()> {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let left_out = match left_out {
        0 => String::new(),
        n => format!(
            "; {} of the graph checks left out, as {} may follow from the {} above",
            plural(n, "finding"),
            if n == 1 { "it" } else { "they" },
            if errors == 1 { "error" } else { "errors" },
        ),
    };
    writeln!(
        out,
        "{}, {} in {}{left_out}",
        plural(errors, "error"),
        plural(warnings, "warning"),
        plural(files, "file")
    )
}
