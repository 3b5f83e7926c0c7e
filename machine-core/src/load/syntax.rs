//! The errors of reading YAML, worded for someone editing a spec: the parser's syntax errors
//! with a help line from the kind of error and the text it points at, an unknown alias, and
//! the limits of [`crate::limits`] that reading enforces.

use granit_parser::{ErrorKind, ScanError};

use crate::diagnostic::{Code, Diagnostic};
use crate::limits::MAX_NESTING;
use crate::source::{SourceFile, Span};

/// YAML reads a key written on one line (without `? `) only up to this many characters.
pub(super) const MAX_KEY_CHARS: usize = 1024;

pub(super) fn too_large(at: Span, message: String, label: &str, help: &str) -> Diagnostic {
    Diagnostic::new(Code::TooLarge, at, message)
        .with_label(label)
        .with_help(help)
}

pub(super) fn nested_too_deep(at: Span) -> Diagnostic {
    too_large(
        at,
        format!("collections are nested more than {MAX_NESTING} levels deep"),
        "this one is too deep",
        "a spec needs five levels: look for a `[` or `{` that is never closed, or for nesting that does not belong in a spec",
    )
}

pub(super) fn unknown_alias(source: &SourceFile, at: Span) -> Diagnostic {
    let alias: String = source.text()[at.start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
        .take(64)
        .collect();
    Diagnostic::new(
        Code::YamlSyntax,
        source.span_at(at.start, 1),
        format!("YAML syntax error: unknown alias `{alias}`"),
    )
    .with_label("no anchor has this name")
    .with_help(format!(
        "in YAML, `*name` refers to an anchor `&name` written earlier; to write text that starts with `*`, quote it: `\"{alias}\"`"
    ))
}

/// A local tag with nothing after it (`guard: !undamaged`): YAML reads `!undamaged` as a
/// tag on an empty value, where a spec means the text. `at` is the empty value's position;
/// the tag is written just before it.
pub(super) fn local_tag(source: &SourceFile, at: Span, suffix: &str) -> Diagnostic {
    let written = format!("!{suffix}");
    let before = source.text().get(..at.end.max(at.start)).unwrap_or("");
    let tag = before.rfind(&written).map_or_else(
        || source.span_at(at.start, 1),
        |start| source.span_at(start, written.len()),
    );
    Diagnostic::new(
        Code::YamlSyntax,
        tag,
        format!("YAML reads `{written}` as a tag, not as text"),
    )
    .with_label("an unquoted `!` starts a YAML tag")
    .with_help(format!(
        "quote it: `\"{written}\"` (in a guard list, `\"!name\"` asks that the guard does not hold)"
    ))
}

/// Our diagnostic for a parser error.
pub(super) fn syntax_error(source: &SourceFile, err: &ScanError) -> Diagnostic {
    let mark = err.marker();
    let at = mark.byte_offset().map_or_else(
        || source.span_of_line_column(mark.line() as u64, mark.col() as u64 + 1, 1),
        |offset| source.span_at(offset, 1),
    );
    let rest = source.text().get(at.start..).unwrap_or("");
    let rest_of_line = rest.lines().next().unwrap_or("");
    if let Some((key, length)) = over_long_key(source, at) {
        return Diagnostic::new(
            Code::InvalidStructure,
            key,
            format!("this key is {length} characters long; a key may have at most {MAX_KEY_CHARS}"),
        )
        .with_label("the key starts here")
        .with_help(format!(
            "YAML reads keys of at most {MAX_KEY_CHARS} characters: use a shorter name, and put the long text under `doc:`"
        ));
    }
    match err.kind() {
        ErrorKind::UnknownAnchor => return unknown_alias(source, at),
        ErrorKind::RecursionLimitExceeded => return nested_too_deep(at),
        _ => {}
    }
    let message = err.info();
    let about_tab = matches!(
        err.kind(),
        ErrorKind::TabNotAllowed
            | ErrorKind::TabInBlockIndentation
            | ErrorKind::TabInIndentation
            | ErrorKind::TabAtBlockScalarStart
    ) || message.contains("found a tab");
    if about_tab && let Some(tab) = tab_from_line_of(source, at) {
        return tab;
    }
    let lone_star = is_lone_star(rest_of_line);
    if lone_star {
        return Diagnostic::new(
            Code::YamlSyntax,
            at,
            "YAML syntax error: `*` on its own is an alias without a name",
        )
        .with_help("`*` starts a YAML alias; to mean every state, quote it: `from: \"*\"`");
    }
    let unclosed = match err.kind() {
        ErrorKind::UnclosedFlowCollection { .. }
        | ErrorKind::UnexpectedEofFlowSequence
        | ErrorKind::UnexpectedEofFlowMapping
        | ErrorKind::UnexpectedEofImplicitFlowMapping
        | ErrorKind::ExpectedFlowMappingSeparator
        | ErrorKind::ExpectedFlowSequenceSeparator => unclosed_bracket_before(source, at),
        _ if message.contains("flow") || message.contains("indicator") => {
            unclosed_bracket_before(source, at)
        }
        _ => None,
    };
    let help = unclosed.map_or_else(
        || syntax_help(err.kind(), &message, rest),
        |(line, open)| {
            let close = if open == '[' { ']' } else { '}' };
            format!("the `{open}` on line {line} is never closed: close it with `{close}`")
        },
    );
    Diagnostic::new(
        Code::YamlSyntax,
        at,
        format!("YAML syntax error: {message}"),
    )
    .with_help(help)
}

/// A tab the parser refuses, found from the start of the line of `at`: the parser points at
/// the value before it (a plain value may go on to the next line) or just past it. A tab in
/// the indentation of a line comes first; otherwise the first tab.
fn tab_from_line_of(source: &SourceFile, at: Span) -> Option<Diagnostic> {
    let line_start = source
        .span_of_line_column(u64::from(at.line), 1, 0)
        .start
        .min(at.start);
    let rest = source.text().get(line_start..)?;
    let mut offset = line_start;
    let mut first_tab = None;
    for line in rest.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(tab) = line[..indent].find('\t') {
            return Some(tab_diagnostic(source, offset + tab, true));
        }
        if first_tab.is_none() {
            first_tab = line.find('\t').map(|tab| offset + tab);
        }
        offset += line.len();
    }
    first_tab.map(|tab| tab_diagnostic(source, tab, false))
}

fn tab_diagnostic(source: &SourceFile, tab: usize, indents: bool) -> Diagnostic {
    let message = if indents {
        "YAML syntax error: a tab indents this line"
    } else {
        "YAML syntax error: a tab where YAML allows only spaces"
    };
    Diagnostic::new(Code::YamlSyntax, source.span_at(tab, 1), message)
        .with_label("this is a tab")
        .with_help("indent with spaces: YAML does not allow tabs in indentation (replace the tab with spaces; most editors can show tabs)")
}

/// The key that starts on the line of `at`, or the line before, when it is longer than YAML
/// reads: where it starts and how many characters it has.
fn over_long_key(source: &SourceFile, at: Span) -> Option<(Span, usize)> {
    (at.line.saturating_sub(1).max(1)..=at.line).find_map(|line| {
        let text = source.line(line);
        let indent = text.len() - text.trim_start_matches([' ', '-']).len();
        let key = text[indent..].split(": ").next()?.trim_end_matches(':');
        let length = key.chars().count();
        (length > MAX_KEY_CHARS).then(|| {
            let start = source.span_of_line_column(u64::from(line), 1, 0).start + indent;
            (source.span_at(start, 1), length)
        })
    })
}

/// The line and bracket of a `[` or `{` left open on the line of `at` or the two before it.
fn unclosed_bracket_before(source: &SourceFile, at: Span) -> Option<(u32, char)> {
    let first = at.line.saturating_sub(3).max(1);
    (first..=at.line).rev().find_map(|line| {
        let mut depth: Vec<char> = Vec::new();
        let mut quote = None;
        for c in source.line(line).chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => depth.push(c),
                (None, ']' | '}') => {
                    depth.pop();
                }
                // Inside quotes, and any other character.
                _ => {}
            }
        }
        depth.first().map(|&open| (line, open))
    })
}

/// A help line for a parser error, from its kind, its message and the text it points at.
fn syntax_help(kind: &ErrorKind, message: &str, at: &str) -> String {
    match kind {
        ErrorKind::MissingAnchorOrAliasName => {
            return "`&` and `*` start YAML anchors and aliases; quote text that starts with them"
                .into();
        }
        ErrorKind::TabNotAllowed
        | ErrorKind::TabInBlockIndentation
        | ErrorKind::TabInIndentation
        | ErrorKind::TabAtBlockScalarStart => {
            return "indent with spaces: YAML does not allow tabs in indentation".into();
        }
        ErrorKind::UnclosedQuotedScalar => return "close the quote that starts here".into(),
        _ => {}
    }
    if at.starts_with('*') || at.starts_with('&') {
        return "`&` and `*` start YAML anchors and aliases; quote text that starts with them"
            .into();
    }
    if message.contains("mapping values are not allowed") {
        return "text that contains `: ` must be quoted (`doc: \"Note: ...\"`) or written as a block (`doc: |` and the text on the next lines, indented)".into();
    }
    if message.contains("quote") {
        return "close the quote that starts here".into();
    }
    if message.contains("flow sequence") || message.contains(']') {
        return "close the `[` list with `]`, and separate its items with commas".into();
    }
    if message.contains("flow mapping") || message.contains('}') {
        return "close the `{` mapping with `}`, and separate its entries with commas".into();
    }
    if message.contains("block mapping")
        || message.contains("block sequence")
        || message.contains("indentation")
        || message.contains("expected key")
    {
        return "check the indentation: the keys of one mapping, and the `-` of one list, must start in the same column".into();
    }
    "check indentation, quoting and brackets near this position; quote text that contains `: `, `#`, `*` or `&`".into()
}

/// Whether `text` starts with a `*` that is not followed by an alias name.
fn is_lone_star(text: &str) -> bool {
    text.strip_prefix('*')
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
}
