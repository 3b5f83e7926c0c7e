//! Phase 1: YAML text -> [`Spec`], with every syntax and shape error at its
//! line and column.
//!
//! This module refuses what cannot be a spec (not UTF-8, blank, too large, invisible
//! direction changes); `yaml` reads the text into a tree of nodes with their positions,
//! within limits, and `syntax` words what goes wrong there; `sections` reads each mapping
//! of the spec from that tree with the typed readers of `read`, which report a finding and
//! go on, so that one run shows every shape error.

mod help;
mod read;
mod sections;
mod syntax;
mod yaml;

use crate::ast::Spec;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};

/// Spec files larger than this are refused before parsing. A machine of 10,000 states and
/// 100,000 transitions takes about 4 MiB.
pub const MAX_SPEC_BYTES: usize = 32 * 1024 * 1024;

/// What loading a file gives: the spec when it could be read, and every finding.
#[derive(Debug)]
pub struct Loaded {
    /// The spec, when the file has one. With findings, it is the spec without the entries they
    /// are about (unknown or repeated keys): what the author meant, ready to be lowered so that
    /// lowering and checks report their findings in the same run.
    pub spec: Option<Spec>,
    /// Every finding of loading, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether an entry left out of the spec (an unknown or repeated key of the spec, a
    /// state, a transition, a timeout, a timer, the fault or an incident) may have left out
    /// part of the lifecycle's graph: the graph checks of such a spec report what follows
    /// from the finding rather than a problem of their own.
    pub graph_incomplete: bool,
}

/// Parses `source` into a spec AST, reporting every shape error of the file.
pub fn load(source: &SourceFile) -> Loaded {
    match refuse(source) {
        Some(diagnostic) => Loaded {
            spec: None,
            diagnostics: vec![diagnostic],
            graph_incomplete: true,
        },
        None => read(source),
    }
}

/// The finding that stops `source` from being read at all, if any.
fn refuse(source: &SourceFile) -> Option<Diagnostic> {
    if let Some(at) = source.invalid_utf8_at() {
        return Some(
            Diagnostic::new(
                Code::InvalidUtf8,
                source.span_at(at, 1),
                "the spec file is not valid UTF-8",
            )
            .with_label("this byte is not UTF-8")
            .with_help("save the file as UTF-8"),
        );
    }
    if is_blank(source.text()) {
        return Some(Diagnostic::new(Code::EmptySpec, Span::START, "the spec file is empty")
            .with_label("nothing but blank lines and comments")
            .with_help("start with `machine: Name`, `initial: State` and a `states:` mapping; see docs/spec-language.md"));
    }
    if source.text().len() > MAX_SPEC_BYTES {
        return Some(
            Diagnostic::new(
                Code::TooLarge,
                source.span_at(MAX_SPEC_BYTES, 1),
                format!(
                    "the spec file is {} MiB; specs larger than {} MiB are refused",
                    source.text().len() / (1024 * 1024),
                    MAX_SPEC_BYTES / (1024 * 1024)
                ),
            )
            .with_label("the size limit is reached here")
            .with_help("split the lifecycle into several machines"),
        );
    }
    bidi_control(source)
}

/// Reads the spec's tree, and the spec from it, reporting every shape error of the file.
fn read(source: &SourceFile) -> Loaded {
    let root = match yaml::parse(source) {
        Ok(root) => root,
        Err(diagnostic) => {
            return Loaded {
                spec: None,
                diagnostics: vec![*diagnostic],
                graph_incomplete: true,
            };
        }
    };
    let mut reader = read::Reader::new(source);
    let spec = sections::spec(&mut reader, &root);
    Loaded {
        spec: spec.ok().filter(|_| !reader.broken),
        diagnostics: reader.diagnostics,
        graph_incomplete: reader.graph_incomplete || reader.broken,
    }
}

/// The first character that changes the direction of text ("Trojan Source"): it would make
/// the spec, and every output, read differently from what it says, and rustc denies it in
/// the generated code's doc comments and strings.
fn bidi_control(source: &SourceFile) -> Option<Diagnostic> {
    let (at, c) = source
        .text()
        .char_indices()
        .find(|&(_, c)| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))?;
    Some(
        Diagnostic::new(
            Code::BidiControl,
            source.span_at(at, c.len_utf8()),
            format!(
                "the spec holds U+{:04X}, an invisible character that changes the direction of text",
                u32::from(c)
            ),
        )
        .with_label("here, invisible in most editors")
        .with_help(
            "delete it; for right-to-left text, the text's own characters set its direction",
        ),
    )
}

/// Whether the text holds nothing but whitespace, comments and document markers.
fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    })
}
