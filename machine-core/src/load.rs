//! Phase 1: YAML text -> [`Spec`](crate::ast::Spec), with every syntax and shape error at its
//! line and column.
//!
//! serde-saphyr stops at the first error and words it for serde users ("unknown field",
//! "expected mapping start"). [`explain`] rewords each kind of error for someone editing a
//! spec, moves the position to the thing at fault (the value of a wrongly typed key, the start
//! of a mapping that lacks a key) and adds a help line.

use serde_saphyr::{Error as YamlError, MessageFormatter, UserMessageFormatter};

use crate::ast::Spec;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
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

fn to_diagnostic(source: &SourceFile, err: &YamlError) -> Diagnostic {
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
    explain(source, inner, classify(inner, &raw), at, &raw)
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
fn explain(source: &SourceFile, err: &YamlError, code: Code, at: Span, raw: &str) -> Diagnostic {
    use YamlError as E;
    let outline = Outline { source };
    match err {
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let owner = owner_of_fields(expected);
            let help = did_you_mean(field, expected.iter().copied()).unwrap_or_else(|| {
                format!("the keys of {owner} are {}", backticked(expected.iter()))
            });
            Diagnostic::new(code, at, format!("unknown key `{field}` in {owner}"))
                .with_label(format!("{owner} has no key `{field}`"))
                .with_help(help)
        }
        E::SerdeMissingField { field, .. } => {
            let start = outline.mapping_start(at);
            let owner = owner_of_missing(field, outline.parent_key(start).as_deref());
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

/// What a mapping with these allowed keys is, from the AST's field lists.
fn owner_of_fields(fields: &[&str]) -> &'static str {
    let has = |f: &str| fields.contains(&f);
    if has("machine") {
        "the spec"
    } else if has("final") {
        "a state"
    } else if has("from") {
        "a transition"
    } else if has("after") {
        "a timeout"
    } else if has("resume") {
        "the `fault:` section"
    } else if has("resolution") {
        "an incident"
    } else if has("wire") {
        "an event"
    } else if fields == ["on", "to"] {
        "an incident's `transition:`"
    } else if fields == ["doc"] {
        "a guard"
    } else {
        "this mapping"
    }
}

/// What lacks `field`, from the field and the key the mapping is written under.
fn owner_of_missing(field: &str, parent: Option<&str>) -> String {
    match (field, parent) {
        ("machine" | "initial" | "states", _) => "the spec".into(),
        ("from", _) | ("on", Some("transitions")) => "this transition".into(),
        ("after", _) => "this timeout".into(),
        ("state" | "resume", _) | ("on", Some("fault")) => "the `fault:` section".into(),
        ("on" | "to", Some("transition")) => "this incident's `transition:`".into(),
        ("event" | "resolution", Some(name)) => format!("incident `{name}`"),
        _ => "this mapping".into(),
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

/// Just enough knowledge of YAML's block layout to find, from a position, the key it belongs
/// to and the mapping around it. Only used to word messages: every answer may be `None`, and
/// then the parser's own position is kept.
struct Outline<'a> {
    source: &'a SourceFile,
}

/// The layout of one line: the column (0-based, in characters) of its first key or value,
/// and of its `-` when it starts a list item.
#[derive(Clone, Copy)]
struct LineShape {
    content: usize,
    dash: Option<usize>,
}

impl Outline<'_> {
    fn shape(&self, line: u32) -> Option<LineShape> {
        let text = self.source.line(line);
        let mut dash = None;
        let mut column = 0;
        let mut chars = text.chars().peekable();
        while let Some(&c) = chars.peek() {
            match c {
                ' ' => {}
                '-' if {
                    let mut ahead = chars.clone();
                    ahead.next();
                    ahead.peek().is_none_or(|n| *n == ' ')
                } =>
                {
                    dash.get_or_insert(column);
                }
                '#' => return None,
                _ => {
                    return Some(LineShape {
                        content: column,
                        dash,
                    });
                }
            }
            chars.next();
            column += 1;
        }
        dash.map(|d| LineShape {
            content: d + 1,
            dash: Some(d),
        })
    }

    /// The key written at the start of `line`'s content, if the line is `key: ...`.
    fn key_on_line(&self, line: u32) -> Option<(usize, String)> {
        let shape = self.shape(line)?;
        let text: String = self.source.line(line).chars().skip(shape.content).collect();
        let key = key_text(&text)?;
        Some((shape.content, key))
    }

    fn span(&self, line: u32, column: usize, len: usize) -> Span {
        self.source
            .span_of_line_column(u64::from(line), column as u64 + 1, len)
    }

    fn column0(at: Span) -> usize {
        (at.column as usize).saturating_sub(1)
    }

    /// The text from `at` to the end of its line.
    fn rest_of_line(&self, at: Span) -> &str {
        let line = self.source.line(at.line);
        let skip = line
            .char_indices()
            .nth(Self::column0(at))
            .map_or(line.len(), |(i, _)| i);
        &line[skip..]
    }

    fn is_top_level(&self, at: Span) -> bool {
        Self::column0(at) == 0 && self.parent_key(at).is_none()
    }

    /// For a position on a key, the mapping's first key (or its `{`).
    fn mapping_start(&self, at: Span) -> Span {
        let before: String = self
            .source
            .line(at.line)
            .chars()
            .take(Self::column0(at))
            .collect();
        if let Some(open) = unmatched_open_brace(&before) {
            return self.span(at.line, open, 1);
        }
        let Some(shape) = self.shape(at.line) else {
            return at;
        };
        let target = Self::column0(at);
        if shape.content != target {
            return at;
        }
        let mut first = at.line;
        if shape.dash.is_none() {
            for line in (1..at.line).rev() {
                let Some(above) = self.shape(line) else {
                    continue;
                };
                if above.content < target {
                    break;
                }
                if above.content == target {
                    first = line;
                    if above.dash.is_some() {
                        break;
                    }
                }
            }
        }
        let len = self
            .key_on_line(first)
            .map_or(1, |(_, key)| key.chars().count());
        self.span(first, target, len)
    }

    /// The key that a mapping or list starting at `at` is the value of.
    fn parent_key(&self, at: Span) -> Option<String> {
        let shape = self.shape(at.line)?;
        let indent = shape.dash.unwrap_or(shape.content);
        for line in (1..at.line).rev() {
            let Some(above) = self.shape(line) else {
                continue;
            };
            let opens_block = self.source.line(line).trim_end().ends_with(':');
            if above.content < indent
                || (shape.dash.is_some() && above.content == indent && opens_block)
            {
                return self.key_on_line(line).map(|(_, k)| k);
            }
        }
        None
    }

    /// The key whose value is at `at`: written before it on the same line, or the parent key
    /// of a block that starts at `at`.
    fn context_key(&self, at: Span) -> Option<String> {
        let before: String = self
            .source
            .line(at.line)
            .chars()
            .take(Self::column0(at))
            .collect();
        let mut before = before.trim_end();
        // `key: &anchor value` and `key: !tag value`: the value's key is before the anchor.
        if let Some((head, last)) = before.rsplit_once(' ')
            && last.starts_with(['&', '!'])
        {
            before = head.trim_end();
        }
        if let Some(key_end) = before.strip_suffix(':') {
            let key = key_end
                .rsplit(['{', ',', '[', ' '])
                .next()
                .unwrap_or("")
                .trim_matches(['"', '\'']);
            return (!key.is_empty()).then(|| key.to_owned());
        }
        if !before.trim_start_matches(['-', ' ']).is_empty() {
            return None;
        }
        self.parent_key(at)
    }

    /// For a position on `key` in `key: value`, the value; otherwise `at`.
    fn value_of_key(&self, at: Span) -> Span {
        let rest = self.rest_of_line(at);
        let Some(key) = key_text(rest) else {
            return at;
        };
        let Some(colon) = rest.find(':') else {
            return at;
        };
        let after = &rest[colon + 1..];
        let value = after.trim_start();
        let value = value.split(" #").next().unwrap_or("").trim_end();
        if value.is_empty() || key.is_empty() {
            return at;
        }
        let skipped = rest[..=colon].chars().count() + after.chars().count()
            - after.trim_start().chars().count();
        self.span(at.line, Self::column0(at) + skipped, value.chars().count())
    }

    /// For a position just after `key:`, the key.
    fn key_before(&self, at: Span) -> Span {
        match self.key_on_line(at.line) {
            Some((column, key)) => self.span(at.line, column, key.chars().count()),
            None => at,
        }
    }

    /// A key `key` written earlier in the same mapping as the key at `at`.
    fn earlier_sibling_key(&self, at: Span, key: &str) -> Option<Span> {
        let shape = self.shape(at.line)?;
        let target = Self::column0(at);
        if shape.content != target {
            return None;
        }
        for line in (1..at.line).rev() {
            let Some(above) = self.shape(line) else {
                continue;
            };
            if above.content < target {
                return None;
            }
            if above.content == target {
                if let Some((column, k)) = self.key_on_line(line)
                    && k == key
                {
                    return Some(self.span(line, column, k.chars().count()));
                }
                if above.dash.is_some() {
                    return None;
                }
            }
        }
        None
    }

    /// What is written at `at`, in words.
    fn found_at(&self, at: Span) -> &'static str {
        let rest = self.rest_of_line(at);
        if rest.starts_with('[') || rest == "-" || rest.starts_with("- ") {
            "a list"
        } else if rest.starts_with('{') || key_text(rest).is_some() {
            "a mapping"
        } else {
            "a single value"
        }
    }

    /// A `[` or `{` on one of the few lines before `at` that is not closed on its line: the
    /// usual cause of a parser error a line or two later.
    fn unclosed_bracket_before(&self, at: Span) -> Option<(u32, char)> {
        let first = at.line.saturating_sub(3).max(1);
        (first..=at.line).rev().find_map(|line| {
            let mut depth: Vec<char> = Vec::new();
            let mut quote = None;
            for c in self.source.line(line).chars() {
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

    /// The alias written at `at` (`*name`), or `*` alone.
    fn alias_at(&self, at: Span) -> String {
        let rest = self.rest_of_line(at);
        let rest = rest.strip_prefix('*').unwrap_or(rest);
        let name: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}'))
            .take(64)
            .collect();
        format!("*{name}")
    }
}

/// The key of `text` if it starts with `key:` (followed by a space or the end of the line).
fn key_text(text: &str) -> Option<String> {
    let text = text.trim_start_matches(['-', ' ']);
    let (key, rest) = if let Some(quoted) = text.strip_prefix('"') {
        let end = quoted.find('"')?;
        (&quoted[..end], &quoted[end + 1..])
    } else if let Some(quoted) = text.strip_prefix('\'') {
        let end = quoted.find('\'')?;
        (&quoted[..end], &quoted[end + 1..])
    } else {
        let end = text
            .find(": ")
            .or_else(|| text.trim_end().strip_suffix(':').map(str::len))?;
        (&text[..end], &text[end..])
    };
    let rest = rest.trim_start_matches(' ');
    (rest.starts_with(": ") || rest.trim_end() == ":" || rest.starts_with(":\t"))
        .then(|| key.trim().to_owned())
        .filter(|k| !k.is_empty() && !k.starts_with(['{', '[', '#', '&', '*', '!', '|', '>']))
}

/// The column (in characters) of the last `{` in `text` that is not closed.
fn unmatched_open_brace(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    for (column, c) in text.chars().enumerate() {
        match c {
            '{' => open.push(column),
            '}' => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}
