//! serde-saphyr's errors, reworded for someone editing a spec: each kind of error gets our
//! message, a position moved to the thing at fault (the value of a wrongly typed key, the start
//! of a mapping that lacks a key) and a help line.

use serde_saphyr::{Error as YamlError, MessageFormatter, UserMessageFormatter};

use super::outline::{MAX_KEY_CHARS, Outline};
use crate::ast::Section;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::source::{SourceFile, Span};

/// Our diagnostic for a serde-saphyr error; `section` is the innermost spec mapping that was
/// being read when it happened.
pub(super) fn to_diagnostic(
    source: &SourceFile,
    err: &YamlError,
    section: Option<Section>,
) -> Diagnostic {
    let err = err.without_snippet();
    // An error inside an aliased node is reported where the alias is used; explain the
    // error itself.
    let inner = match err {
        YamlError::AliasError { error, .. } => error.without_snippet(),
        other => other,
    };
    let at = err.location().map_or(Span::START, |loc| {
        let span = crate::spanned::span_of(&loc);
        if span.end > span.start && source.text().is_char_boundary(span.start) {
            span
        } else {
            source.span_of_line_column(loc.line(), loc.column(), 1)
        }
    });
    // Clamp to the text: the parser may point one past the end.
    let at = source.span_at(at.start, at.end.saturating_sub(at.start));
    let raw = UserMessageFormatter.format_message(inner).trim().to_owned();
    explain(source, inner, section, classify(inner, &raw), at, &raw)
}

fn classify(err: &YamlError, message: &str) -> Code {
    use YamlError as E;
    match err {
        E::Budget { .. }
        | E::AliasReplayCounterOverflow { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => Code::TooLarge,
        E::Message { .. } if message.contains("recursion") || message.contains("depth") => {
            Code::TooLarge
        }
        E::ExternalMessage { .. }
        | E::Eof { .. }
        | E::UnknownAnchor { .. }
        | E::FoldedBlockScalarMustIndentContent { .. }
        | E::ContainerEndMismatch { .. }
        | E::IndentationError { .. }
        | E::InvalidUtf8Input => Code::YamlSyntax,
        _ => Code::InvalidStructure,
    }
}

/// The diagnostic for one serde-saphyr error: reworded, repositioned and with a help line.
fn explain(
    source: &SourceFile,
    err: &YamlError,
    section: Option<Section>,
    code: Code,
    at: Span,
    raw: &str,
) -> Diagnostic {
    use YamlError as E;
    let outline = Outline::new(source);
    if let Some(length) = outline.over_long_key_at(at) {
        return Diagnostic::new(
            Code::InvalidStructure,
            source.span_at(at.start, 1),
            format!("this key is {length} characters long; a key may have at most {MAX_KEY_CHARS}"),
        )
        .with_label("the key starts here")
        .with_help(format!(
            "YAML reads keys of at most {MAX_KEY_CHARS} characters: use a shorter name, and put the long text under `doc:`"
        ));
    }
    match err {
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let owner = section.map_or("this mapping", describe);
            let help = outline
                .comma_in_flow_value(at)
                .map(|(key, value)| {
                    format!(
                        "inside `{{ ... }}` a comma ends the value: quote a value that holds one, `{key}: \"{value}\"`"
                    )
                })
                .or_else(|| did_you_mean(field, expected.iter().copied()))
                .unwrap_or_else(|| {
                    format!("the keys of {owner} are {}", backticked(expected.iter()))
                });
            Diagnostic::new(code, at, format!("unknown key `{field}` in {owner}"))
                .with_label(format!("{owner} has no key `{field}`"))
                .with_help(help)
        }
        E::SerdeMissingField { field, .. } => {
            let start = outline.mapping_start(at);
            let owner = lacking(section, outline.context_key(start).as_deref());
            Diagnostic::new(code, start, format!("{owner} has no `{field}:` key"))
                .with_label(format!("`{field}:` belongs in the mapping that starts here"))
                .with_help(help_for_missing(field))
        }
        E::DuplicateMappingKey { key, .. } => {
            let key = key.clone().unwrap_or_else(|| source.slice(at).to_owned());
            let what = match outline.parent_key(at).as_deref() {
                Some("states") => "state",
                Some("events") => "event",
                Some("guards") => "guard",
                Some("durations") => "duration",
                Some("incidents") => "incident",
                _ => "",
            };
            let message = if what.is_empty() {
                format!("the key `{key}` is written twice")
            } else {
                format!("{what} `{key}` is declared twice")
            };
            let mut d = Diagnostic::new(code, at, message).with_label("written again here");
            if let Some(first) = outline.earlier_sibling_key(at, &key) {
                d = d.with_secondary(first, "first written here");
            }
            d.with_help("a key may appear once in a mapping: remove or rename one of them")
        }
        E::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | E::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => {
            let at = outline.value_of_key(at);
            let what = outline
                .context_key(at)
                .map_or_else(|| "this value ".to_owned(), |k| format!("`{k}` "));
            Diagnostic::new(
                code,
                at,
                format!("{what}must be {expected}, not {}", plain_unexpected(unexpected)),
            )
            .with_label(format!("expected {expected}"))
            .with_help(help_for_expected(expected))
        }
        E::Unexpected { expected, .. } if outline.rest_of_line(at).starts_with(':') => {
            // `key:` and nothing after it: the parser points at the colon.
            let at = outline.key_before(at);
            let key = source.slice(at);
            Diagnostic::new(code, at, format!("`{key}` is empty"))
                .with_label("nothing is written under this key")
                .with_help("write its entries under it, indented, or `{}` for none, or remove the key")
        }
        E::Unexpected { expected, .. } => {
            let wanted = match *expected {
                "mapping start" | "mapping" => "a mapping",
                "sequence start" | "sequence" => "a list",
                "string scalar" | "scalar" => "a single value",
                other => other,
            };
            let found = outline.found_at(at);
            let message = match outline.context_key(at) {
                Some(key) => format!("`{key}` must be {wanted}, not {found}"),
                None if outline.is_top_level(at) => {
                    format!("a spec must be {wanted}, not {found}")
                }
                None => format!("expected {wanted} here, not {found}"),
            };
            let help = if outline.is_top_level(at) {
                "a spec is a mapping: `machine: Name`, `initial: State`, `states:` and the other sections; see docs/spec-language.md".to_owned()
            } else {
                help_for_expected(wanted)
            };
            Diagnostic::new(code, at, message)
                .with_label(format!("expected {wanted}"))
                .with_help(help)
        }
        E::InvalidScalar { ty, .. } => {
            let text = source.slice(at).trim();
            let message = if text.is_empty() {
                format!("invalid {ty}")
            } else {
                format!("`{text}` is not a valid {ty}")
            };
            let help = if ty.contains("bool") {
                "write `true` or `false`".to_owned()
            } else {
                format!("write a {ty} here")
            };
            Diagnostic::new(code, at, message)
                .with_label(format!("expected a {ty}"))
                .with_help(help)
        }
        E::InvalidBooleanStrict { .. } => {
            Diagnostic::new(code, at, format!("`{}` is not a boolean", source.slice(at).trim()))
                .with_label("expected `true` or `false`")
                .with_help("write `true` or `false`")
        }
        E::NullIntoString { .. } => {
            let at = outline.key_before(at);
            let key = source.slice(at).trim_end_matches(':');
            Diagnostic::new(code, at, format!("`{key}` has no value"))
                .with_label("a value is needed after the colon")
                .with_help("write a value after the colon, or remove the key")
        }
        E::MultipleDocuments { .. } => Diagnostic::new(
            code,
            at,
            "the file holds more than one YAML document",
        )
        .with_label("a second document starts here")
        .with_help("a spec file holds one machine: remove the `---` and what follows, or put the second machine in a file of its own"),
        E::UnknownAnchor { .. } => {
            let alias = outline.alias_at(at);
            let (message, help) = if alias == "*" {
                (
                    "YAML syntax error: `*` starts an alias".to_owned(),
                    "to mean every state, quote the star: `from: \"*\"`".to_owned(),
                )
            } else {
                (
                    format!("YAML syntax error: unknown alias `{alias}`"),
                    format!(
                        "in YAML, `*name` refers to an anchor `&name` written earlier; to write text that starts with `*`, quote it: `\"{alias}\"`"
                    ),
                )
            };
            Diagnostic::new(code, at, message)
                .with_label("no anchor has this name")
                .with_help(help)
        }
        _ => {
            let lone_star = is_lone_star(outline.rest_of_line(at));
            let message = match code {
                Code::YamlSyntax if lone_star => {
                    "YAML syntax error: `*` on its own is an alias without a name".to_owned()
                }
                Code::YamlSyntax => format!("YAML syntax error: {raw}"),
                Code::TooLarge => {
                    format!("the spec is too large or too deeply nested to load: {raw}")
                }
                _ => raw.to_owned(),
            };
            let help = match code {
                Code::TooLarge => {
                    "split the spec, or remove deep nesting and repeated aliases".to_owned()
                }
                Code::YamlSyntax => ["flow", "indicator", "did not find expected"]
                    .iter()
                    .any(|m| raw.contains(m))
                    .then(|| outline.unclosed_bracket_before(at))
                    .flatten()
                    .map_or_else(
                    || syntax_help(raw, source.slice(at), outline.rest_of_line(at)),
                    |(line, open)| {
                        let close = if open == '[' { ']' } else { '}' };
                        format!("the `{open}` on line {line} is never closed: close it with `{close}`")
                    },
                ),
                _ => "see docs/spec-language.md for the shape of a spec".to_owned(),
            };
            Diagnostic::new(code, at, message).with_help(help)
        }
    }
}

/// A help line for a parser error, from its message and the text it points at.
fn syntax_help(message: &str, at: &str, rest_of_line: &str) -> String {
    if is_lone_star(rest_of_line) || (message.contains("anchor or alias") && at.starts_with('*')) {
        return "`*` starts a YAML alias; to mean every state, quote it: `from: \"*\"`".into();
    }
    if message.contains("anchor or alias") {
        return "`&` and `*` start YAML anchors and aliases; quote text that starts with them"
            .into();
    }
    if message.contains("mapping values are not allowed") {
        return "text that contains `: ` must be quoted (`doc: \"Note: ...\"`) or written as a block (`doc: |` and the text on the next lines, indented)".into();
    }
    if message.contains("tab") {
        return "indent with spaces: YAML does not allow tabs in indentation".into();
    }
    if message.contains("quote") || message.contains("quoted scalar") {
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

/// What a mapping of this section is, in words.
fn describe(section: Section) -> &'static str {
    match section {
        Section::Spec => "the spec",
        Section::State => "a state",
        Section::Event => "an event",
        Section::Guard => "a guard",
        Section::Action => "an action",
        Section::Duration => "a duration",
        Section::Transition => "a transition",
        Section::Timeout => "a timeout",
        Section::Timer => "a timer under `timers:`",
        Section::Fault => "the `fault:` section",
        Section::Incident => "an incident",
        Section::IncidentTransition => "an incident's `transition:`",
    }
}

/// What lacks a key: the mapping of `section`, named by the key it is the value of where
/// that is its name (an incident).
fn lacking(section: Option<Section>, key: Option<&str>) -> String {
    match (section, key) {
        (Some(Section::Incident), Some(name)) => format!("incident `{name}`"),
        (Some(Section::Transition), _) => "this transition".into(),
        (Some(Section::Timeout), _) => "this timeout".into(),
        (Some(Section::Timer), _) => "this timer".into(),
        (Some(Section::IncidentTransition), _) => "this incident's `transition:`".into(),
        (Some(Section::Incident), None) => "this incident".into(),
        (Some(section), _) => describe(section).into(),
        (None, _) => "this mapping".into(),
    }
}

fn help_for_missing(field: &str) -> String {
    match field {
        "machine" => "add `machine: Name`, the machine's name in UpperCamelCase".into(),
        "initial" => "add `initial: State`, the state the lifecycle starts in".into(),
        "states" => {
            "add a `states:` mapping, e.g. `states: { Open: {}, Closed: { final: true } }`".into()
        }
        "from" => {
            "add `from: State`, a list `from: [A, B]`, or `from: \"*\"` for every non-final state"
                .into()
        }
        "on" => "add `on: Event`, the event that fires it".into(),
        "to" => "add `to: State`".into(),
        "after" => "add `after: 14d`: a whole number and a unit, `s`, `m`, `h`, `d` or `w`".into(),
        "state" => "add `state: Faulted`, the fault state declared under `states:`".into(),
        "resume" => "add `resume: Event`, the event that leaves the fault state".into(),
        "event" => "add `event: ...`, what happened".into(),
        "resolution" => "add `resolution: ...`, how the incident is resolved".into(),
        other => format!("add the required key `{other}:`"),
    }
}

fn help_for_expected(expected: &str) -> String {
    if expected.contains("start names") {
        "write `initial: State`, or `initial: { start_name: State, ... }` for several starts".into()
    } else if expected.contains("name") {
        "write a name (`Shipping`), or a list of names (`[Creating, Shipping]`)".into()
    } else if expected.contains("mapping") {
        "write `key: value` pairs here, one per line and indented, or `{}` for none".into()
    } else if expected.contains("list") || expected.contains("sequence") {
        "write a list here: one `- item` per line, or `[a, b]`".into()
    } else if expected.contains("bool") {
        "write `true` or `false`".into()
    } else {
        format!("write {expected} here")
    }
}

/// serde's name for what it found, in the words of a YAML user.
fn plain_unexpected(unexpected: &str) -> String {
    match unexpected {
        "sequence" => "a list".into(),
        "map" => "a mapping".into(),
        "unit value" => "nothing".into(),
        other => {
            for (serde, plain) in [
                ("boolean ", "the boolean "),
                ("integer ", "the number "),
                ("floating point ", "the number "),
                ("string ", "the text "),
            ] {
                if let Some(value) = other.strip_prefix(serde) {
                    return format!("{plain}{value}");
                }
            }
            other.to_owned()
        }
    }
}

fn backticked<'a>(names: impl Iterator<Item = &'a &'a str>) -> String {
    names
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
