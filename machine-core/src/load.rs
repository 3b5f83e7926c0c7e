//! Phase 1: YAML text -> [`Spec`](crate::ast::Spec), with every syntax and shape error at its
//! line and column.

use std::borrow::Cow;

use serde_saphyr::{MessageFormatter, UserMessageFormatter};

use crate::ast::Spec;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::source::{SourceFile, Span};

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
            .with_help("start with `machine: Name`, `initial: State` and a `states:` mapping; see docs/spec-language.md")));
    }
    serde_saphyr::from_str_with_options::<Spec>(source.text(), options())
        .map_err(|err| Box::new(to_diagnostic(source, &err)))
}

/// Whether the text holds nothing but whitespace, comments and document markers.
fn is_blank(text: &str) -> bool {
    text.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
    })
}

fn to_diagnostic(source: &SourceFile, err: &serde_saphyr::Error) -> Diagnostic {
    let span = err.location().map_or(Span::START, |loc| {
        let span = crate::spanned::span_of(&loc);
        if span.end > span.start {
            span
        } else {
            source.span_of_line_column(loc.line(), loc.column(), 1)
        }
    });
    let inner = err.without_snippet();
    let message: Cow<'_, str> = UserMessageFormatter.format_message(inner);
    let message = message.trim().to_owned();
    let code = classify(inner, &message);
    let mut diagnostic = Diagnostic::new(code, span, plain_message(code, &message));
    diagnostic.help = help_for(code, &message);
    diagnostic
}

fn classify(err: &serde_saphyr::Error, message: &str) -> Code {
    use serde_saphyr::Error as E;
    match err {
        E::Budget { .. } => Code::TooLarge,
        E::Message { .. } | E::Unexpected { .. } => {
            if message.contains("recursion") || message.contains("depth") {
                Code::TooLarge
            } else {
                Code::InvalidStructure
            }
        }
        E::Eof { .. } => Code::YamlSyntax,
        _ if is_structure_message(message) => Code::InvalidStructure,
        _ => Code::YamlSyntax,
    }
}

fn is_structure_message(message: &str) -> bool {
    [
        "unknown field",
        "missing field",
        "invalid type",
        "duplicate",
        "expected",
        "invalid value",
    ]
    .iter()
    .any(|m| message.contains(m))
        && !message.contains("while scanning")
        && !message.contains("while parsing")
}

fn plain_message(code: Code, message: &str) -> String {
    match code {
        Code::YamlSyntax => format!("YAML syntax error: {message}"),
        Code::TooLarge => format!("the spec is too large or too deeply nested to load: {message}"),
        _ => message.to_owned(),
    }
}

/// A help line for the common serde messages: unknown keys get "did you mean", missing keys
/// and type errors say what to write.
fn help_for(code: Code, message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`')?;
        let expected: Vec<&str> = expected
            .split_once("expected one of")
            .or_else(|| expected.split_once("expected"))
            .map_or("", |(_, list)| list)
            .split(',')
            .map(|s| s.trim().trim_matches('`'))
            .filter(|s| !s.is_empty())
            .collect();
        return Some(
            did_you_mean(field, expected.iter().copied()).unwrap_or_else(|| {
                if expected.is_empty() {
                    "remove this key".to_owned()
                } else {
                    format!("the keys allowed here are: {}", expected.join(", "))
                }
            }),
        );
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next()?;
        return Some(format!("add the required key `{field}:`"));
    }
    if message.contains("duplicate mapping key") {
        return Some("each key may appear once in a mapping: remove or rename one of them".into());
    }
    match code {
        Code::TooLarge => Some("split the spec, or remove deep nesting and repeated aliases".into()),
        Code::YamlSyntax => Some("check indentation, quoting and brackets near this position; quote text that contains `: `, `#`, `*` or `&`".into()),
        _ => None,
    }
}
