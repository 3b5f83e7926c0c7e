//! Phase 1: YAML text -> [`Spec`](crate::ast::Spec), with every syntax and shape error at its
//! line and column.
//!
//! This module refuses what cannot be a spec (not UTF-8, blank, too large) and runs
//! serde-saphyr within limits. serde-saphyr stops at the first error and words it for serde
//! users; [`reword`] turns that error into our diagnostic, with the help of [`outline`], a
//! reader of YAML's block layout, and [`recover`] steps over it so that the next error is
//! found in the same run.

mod outline;
mod recover;
mod reword;

use crate::ast::{self, Spec};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};

/// Spec files larger than this are refused before parsing. A machine of 10,000 states and
/// 100,000 transitions takes about 4 MiB.
pub const MAX_SPEC_BYTES: usize = 32 * 1024 * 1024;

/// Limits that keep hostile input (alias bombs, megabytes of nesting) cheap to reject, while
/// leaving room for machines of tens of thousands of states.
fn options() -> serde_saphyr::Options {
    let budget = serde_saphyr::budget! {
        max_events: 50_000_000,
        max_nodes: 20_000_000,
        max_depth: 64,
        max_aliases: 10_000,
        max_anchors: 10_000,
        max_recorded_anchor_events: 100_000,
    };
    serde_saphyr::options! {
        budget: budget,
        // YAML 1.1 reads `On`, `Off`, `Yes` and `No` as booleans: as state names they must
        // stay text, and `final: yes` should be an error rather than a guess.
        strict_booleans: true,
    }
}

/// At most this many shape errors are reported for one file; the text is read once more for
/// each.
const MAX_LOAD_ERRORS: usize = 64;

/// Reading stops going on after errors once this many bytes have been read in all, so that a
/// huge file full of errors stays cheap to reject.
const MAX_BYTES_READ: usize = 256 * 1024 * 1024;

/// What loading a file gives: the spec when it could be read, and every finding.
#[derive(Debug)]
pub struct Loaded {
    /// The spec, when the file has one. With findings, it is the spec without the entries they
    /// are about (unknown or repeated keys): what the author meant, ready to be lowered so that
    /// lowering and checks report their findings in the same run.
    pub spec: Option<Spec>,
    /// Every finding of loading, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `source` into a spec AST, reporting every shape error of the file.
pub fn load(source: &SourceFile) -> Loaded {
    match refuse(source) {
        Some(diagnostic) => Loaded {
            spec: None,
            diagnostics: vec![diagnostic],
        },
        None => load_stepping_over_errors(source),
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

/// Reads the spec; after each error that belongs to one entry, blanks that entry out and reads
/// again (see [`recover`]).
fn load_stepping_over_errors(source: &SourceFile) -> Loaded {
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut text = source.text().to_owned();
    let mut only_harmless = true;
    let mut blanked_keys = Vec::new();
    loop {
        // Forget what an earlier load on this thread may have left.
        let _ = ast::take_failed_section();
        let err = match serde_saphyr::from_str_with_options::<Spec>(&text, options()) {
            Ok(spec) => {
                return Loaded {
                    spec: only_harmless.then_some(spec),
                    diagnostics,
                };
            }
            Err(err) => err,
        };
        let section = ast::take_failed_section();
        let current = SourceFile::new(source.name(), text.as_str());
        let diagnostic = reword::to_diagnostic(&current, &err, section);
        if let serde_saphyr::Error::SerdeMissingField { field, .. } = err.without_snippet()
            && blanked_keys.iter().any(|key| key == field)
        {
            // The key is there, with a wrong value reported already.
            return Loaded {
                spec: None,
                diagnostics,
            };
        }
        let recovery = recover::recovery(&current, &err, diagnostic.span);
        // Found in a blanked copy: count lines and columns in the file itself.
        diagnostics.push(diagnostic.positioned_in(source));
        match recovery {
            recover::Recovery::Blank {
                entry,
                harmless,
                key,
            } if diagnostics.len() < MAX_LOAD_ERRORS
                && diagnostics.len().saturating_mul(text.len()) < MAX_BYTES_READ =>
            {
                only_harmless &= harmless;
                blanked_keys.extend(key);
                recover::blank(&mut text, &entry);
            }
            _ => {
                return Loaded {
                    spec: None,
                    diagnostics,
                };
            }
        }
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
