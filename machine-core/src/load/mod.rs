//! Phase 1: YAML text -> [`Spec`](crate::ast::Spec), with every syntax and shape error at its
//! line and column.
//!
//! This module refuses what cannot be a spec (not UTF-8, blank, too large) and runs
//! serde-saphyr within limits. serde-saphyr stops at the first error and words it for serde
//! users; [`reword`] turns that error into our diagnostic, with the help of [`outline`], a
//! reader of YAML's block layout.

mod outline;
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

/// Parses `source` into a spec AST, or explains why it cannot.
pub fn load(source: &SourceFile) -> Result<Spec, Box<Diagnostic>> {
    if let Some(at) = source.invalid_utf8_at() {
        return Err(Box::new(
            Diagnostic::new(
                Code::InvalidUtf8,
                source.span_at(at, 1),
                "the spec file is not valid UTF-8",
            )
            .with_label("this byte is not UTF-8")
            .with_help("save the file as UTF-8"),
        ));
    }
    if is_blank(source.text()) {
        return Err(Box::new(Diagnostic::new(Code::EmptySpec, Span::START, "the spec file is empty")
            .with_label("nothing but blank lines and comments")
            .with_help("start with `machine: Name`, `initial: State` and a `states:` mapping; see docs/spec-language.md")));
    }
    if source.text().len() > MAX_SPEC_BYTES {
        return Err(Box::new(
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
        ));
    }
    if let Some(diagnostic) = bidi_control(source) {
        return Err(Box::new(diagnostic));
    }
    // Forget what an earlier load on this thread may have left.
    let _ = ast::take_failed_section();
    serde_saphyr::from_str_with_options::<Spec>(source.text(), options()).map_err(|err| {
        let section = ast::take_failed_section();
        Box::new(reword::to_diagnostic(source, &err, section))
    })
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
