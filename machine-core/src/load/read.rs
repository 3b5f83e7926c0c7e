//! The typed reading of a YAML tree: mappings with a known set of keys, text, booleans, names
//! and lists, each refused with a located message that names the key it belongs to.
//!
//! A reader never stops at the first finding: it reports it, leaves the entry out and goes
//! on, so that one run shows every shape error of a file. Each reading returns
//! [`Reported`] when it reported something that leaves the value unknown.

use super::yaml::{Kind, Node};
use crate::ast::Section;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::source::{SourceFile, Span};
use crate::spanned::{Map, Names, Spanned};

/// A finding was reported, and the value it is about is unknown.
#[derive(Clone, Copy, Debug)]
pub(super) struct Reported;

/// What a reading gives: the value, or [`Reported`].
pub(super) type Read<T> = Result<T, Reported>;

/// Reads the nodes of one file and collects what it finds.
pub(super) struct Reader<'s> {
    pub(super) source: &'s SourceFile,
    /// Every finding, in the order found.
    pub(super) diagnostics: Vec<Diagnostic>,
    /// Whether a finding left a value unknown (anything but an unknown or repeated key,
    /// which are left out of a spec that is still whole).
    pub(super) broken: bool,
}

/// One key of a mapping and its value, as written.
#[derive(Clone, Copy)]
pub(super) struct Entry<'n> {
    /// The key's node.
    pub key: &'n Node,
    /// The key's text.
    pub name: &'n str,
    /// The value's node.
    pub value: &'n Node,
}

impl Entry<'_> {
    /// The key, spanned.
    pub(super) fn spanned_name(&self) -> Spanned<String> {
        Spanned::new(self.name.to_owned(), self.key.span)
    }
}

/// The entries of a mapping of a known shape (a struct of the spec AST).
pub(super) struct Fields<'n> {
    section: Section,
    /// Where the mapping starts: its first key, or its `{`.
    at: Span,
    /// The key whose value this mapping is, when that key is the mapping's name (an
    /// incident's).
    name: Option<&'n str>,
    entries: Vec<Entry<'n>>,
}

impl<'n> Fields<'n> {
    /// The entry of `key`, if written.
    pub(super) fn get(&self, key: &str) -> Option<Entry<'n>> {
        self.entries.iter().find(|e| e.name == key).copied()
    }
}

/// What a value is the value of, for messages: a key (`` `from` ``), or a description when it
/// has no key of its own (an item of a list).
#[derive(Clone, Copy)]
pub(super) enum Subject<'n> {
    /// The value of this key.
    Key(&'n Node, &'n str),
    /// A value with no key of its own, described in words ("a transition").
    Words(&'static str),
}

impl Subject<'_> {
    fn words(self) -> String {
        match self {
            Subject::Key(_, name) => format!("`{name}`"),
            Subject::Words(words) => words.to_owned(),
        }
    }
}

impl<'n> From<Entry<'n>> for Subject<'n> {
    fn from(entry: Entry<'n>) -> Self {
        Subject::Key(entry.key, entry.name)
    }
}

const MAPPING_HELP: &str =
    "write `key: value` pairs here, one per line and indented, or `{}` for none";
const LIST_HELP: &str = "write a list here: one `- item` per line, or `[a, b]`";
/// How to write a name or a list of names for `key`, with examples of the names it takes.
fn names_help(key: &str) -> String {
    let (one, list, more) = match key {
        "on" | "reset_by" => ("an event", "`MarkShipping`", "`[Cancel, Expire]`"),
        "guard" => (
            "a guard",
            "`paid`",
            "`[paid, in_stock]`, all of which must hold; for one guard or another, write one \
             transition per guard: they are tried in order",
        ),
        "entry" | "exit" | "actions" => ("an action", "`send_fin`", "`[stop_timer, send_fin]`"),
        "wire" => ("a wire name", "`closed`", "`[closed, CLOSED]`"),
        "from" | "except" | "in" | "states" | "resume_to" => {
            ("a state", "`Shipping`", "`[Creating, Shipping]`")
        }
        _ => ("a name", "`Shipping`", "`[Creating, Shipping]`"),
    };
    format!("write {one} ({list}), or a list of them ({more})")
}

impl<'s> Reader<'s> {
    pub(super) fn new(source: &'s SourceFile) -> Self {
        Self {
            source,
            diagnostics: Vec::new(),
            broken: false,
        }
    }

    /// Reports a finding that leaves a value unknown.
    pub(super) fn refuse(&mut self, diagnostic: Diagnostic) {
        self.broken = true;
        self.diagnostics.push(diagnostic);
    }

    /// Refuses `node` for not being what `subject` must be.
    fn wrong_type(&mut self, subject: Subject<'_>, node: &Node, expected: &str, help: &str) {
        self.refuse(
            Diagnostic::new(
                Code::InvalidStructure,
                node.point(self.source),
                format!(
                    "{} must be {expected}, not {}",
                    subject.words(),
                    node.found()
                ),
            )
            .with_label(format!("expected {expected}"))
            .with_help(help),
        );
    }

    /// Refuses a key written with nothing after it.
    fn no_value(&mut self, subject: Subject<'_>, node: &Node, collection: Option<&str>) {
        let (at, words, under) = match subject {
            Subject::Key(key, name) => (key.span, format!("`{name}`"), "under this key"),
            Subject::Words(words) => (node.point(self.source), words.to_owned(), "here"),
        };
        let diagnostic = match collection {
            Some(help) => Diagnostic::new(Code::InvalidStructure, at, format!("{words} is empty"))
                .with_label(format!("nothing is written {under}"))
                .with_help(help),
            None => Diagnostic::new(Code::InvalidStructure, at, format!("{words} has no value"))
                .with_label("a value is needed after the colon")
                .with_help("write a value after the colon, or remove the key"),
        };
        self.refuse(diagnostic);
    }

    /// The entries of a mapping, each key once. `what` names the entries for the message
    /// about a repeated key ("state `Open` is declared twice"); `None` for the keys of a
    /// struct ("the key `to` is written twice").
    pub(super) fn entries<'n>(
        &mut self,
        subject: Subject<'n>,
        node: &'n Node,
        what: Option<&str>,
    ) -> Read<Vec<Entry<'n>>> {
        let raw = match &node.kind {
            Kind::Map(entries) => entries,
            _ if node.is_null() => {
                self.no_value(
                    subject,
                    node,
                    Some(
                        "write its entries under it, indented, or `{}` for none, or remove the key",
                    ),
                );
                return Err(Reported);
            }
            _ => {
                self.wrong_type(subject, node, "a mapping", MAPPING_HELP);
                return Err(Reported);
            }
        };
        let mut entries: Vec<Entry<'n>> = Vec::with_capacity(raw.len());
        let mut seen = std::collections::HashMap::with_capacity(raw.len());
        for (key, value) in raw {
            let Kind::Scalar { text: name, .. } = &key.kind else {
                self.refuse(
                    Diagnostic::new(
                        Code::InvalidStructure,
                        key.point(self.source),
                        format!("a key must be a single name, not {}", key.found()),
                    )
                    .with_label("expected a name")
                    .with_help("write the key as plain text: `Name: ...`"),
                );
                continue;
            };
            if let Some(&first) = seen.get(name.as_str()) {
                let first: &Entry<'_> = &entries[first];
                let message = match what {
                    Some(what) => format!("{what} `{name}` is declared twice"),
                    None => format!("the key `{name}` is written twice"),
                };
                self.diagnostics.push(
                    Diagnostic::new(Code::InvalidStructure, key.span, message)
                        .with_label("written again here")
                        .with_secondary(first.key.span, "first written here")
                        .with_help(
                            "a key may appear once in a mapping: remove or rename one of them",
                        ),
                );
                continue;
            }
            seen.insert(name.as_str(), entries.len());
            entries.push(Entry {
                key,
                name: name.as_str(),
                value,
            });
        }
        Ok(entries)
    }

    /// The entries of a mapping of `section`, whose keys must be among `keys`. `subject` is
    /// the key it is the value of, or its description as a list item.
    pub(super) fn fields<'n>(
        &mut self,
        section: Section,
        subject: Subject<'n>,
        node: &'n Node,
        keys: &[&str],
    ) -> Read<Fields<'n>> {
        let entries = self.entries(subject, node, None)?;
        let owner = describe(section);
        let mut known = Vec::with_capacity(entries.len());
        for (index, entry) in entries.iter().enumerate() {
            if keys.contains(&entry.name) {
                known.push(*entry);
                continue;
            }
            let help = index
                .checked_sub(1)
                .and_then(|before| comma_in_flow_value(self.source, node, &entries[before], entry))
                .or_else(|| did_you_mean(entry.name, keys.iter().copied()))
                .unwrap_or_else(|| {
                    let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
                    format!("the keys of {owner} are {}", keys.join(", "))
                });
            self.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidStructure,
                    entry.key.span,
                    format!("unknown key `{}` in {owner}", entry.name),
                )
                .with_label(format!("{owner} has no key `{}`", entry.name))
                .with_help(help),
            );
        }
        Ok(Fields {
            section,
            // A block mapping starts at its first key; a flow mapping at its `{`.
            at: match entries.first() {
                Some(first) if !self.source.slice(node.span).starts_with('{') => first.key.span,
                _ => self.source.span_at(node.span.start, 1),
            },
            name: match subject {
                Subject::Key(_, name) => Some(name),
                Subject::Words(_) => None,
            },
            entries: known,
        })
    }

    /// The entry of the required `key`, reported when missing.
    pub(super) fn required<'n>(&mut self, fields: &Fields<'n>, key: &str) -> Read<Entry<'n>> {
        let Some(found) = fields.get(key) else {
            let owner = lacking(fields.section, fields.name);
            self.refuse(
                Diagnostic::new(
                    Code::InvalidStructure,
                    fields.at,
                    format!("{owner} has no `{key}:` key"),
                )
                .with_label(format!("`{key}:` belongs in the mapping that starts here"))
                .with_help(help_for_missing(key)),
            );
            return Err(Reported);
        };
        Ok(found)
    }

    /// The text value of the required `key`.
    pub(super) fn required_text(
        &mut self,
        fields: &Fields<'_>,
        key: &str,
    ) -> Read<Spanned<String>> {
        let entry = self.required(fields, key)?;
        self.text(entry.into(), entry.value)
    }

    /// A text value.
    pub(super) fn text(&mut self, subject: Subject<'_>, node: &Node) -> Read<Spanned<String>> {
        match &node.kind {
            _ if node.is_null() => {
                self.no_value(subject, node, None);
                Err(Reported)
            }
            Kind::Scalar { text, .. } => Ok(Spanned::new(text.clone(), node.span)),
            _ => {
                self.wrong_type(
                    subject,
                    node,
                    "a single value",
                    "write the value after the colon, on the same line; quote it when it holds `: ` or ` #`",
                );
                Err(Reported)
            }
        }
    }

    /// An optional text value.
    pub(super) fn optional_text(
        &mut self,
        entry: Option<Entry<'_>>,
    ) -> Read<Option<Spanned<String>>> {
        match entry {
            None => Ok(None),
            Some(e) => self.text(e.into(), e.value).map(Some),
        }
    }

    /// A boolean: `true` or `false`, unquoted. YAML 1.1's `yes`, `no`, `on` and `off` are
    /// refused rather than guessed.
    pub(super) fn boolean(&mut self, entry: Option<Entry<'_>>) -> Read<Option<Spanned<bool>>> {
        let Some(entry) = entry else {
            return Ok(None);
        };
        let node = entry.value;
        match &node.kind {
            _ if node.is_null() => {
                self.no_value(entry.into(), node, None);
                Err(Reported)
            }
            Kind::Scalar { text, plain: true }
                if matches!(text.as_str(), "true" | "True" | "TRUE") =>
            {
                Ok(Some(Spanned::new(true, node.span)))
            }
            Kind::Scalar { text, plain: true }
                if matches!(text.as_str(), "false" | "False" | "FALSE") =>
            {
                Ok(Some(Spanned::new(false, node.span)))
            }
            Kind::Scalar { .. } => {
                self.refuse(
                    Diagnostic::new(
                        Code::InvalidStructure,
                        node.span,
                        format!("`{}` is not a boolean", self.source.slice(node.span).trim()),
                    )
                    .with_label("expected `true` or `false`")
                    .with_help("write `true` or `false`"),
                );
                Err(Reported)
            }
            _ => {
                self.wrong_type(
                    entry.into(),
                    node,
                    "`true` or `false`",
                    "write `true` or `false`",
                );
                Err(Reported)
            }
        }
    }

    /// A name or a list of names; an absent key is no names.
    pub(super) fn names(&mut self, entry: Option<Entry<'_>>) -> Read<Names> {
        let Some(entry) = entry else {
            return Ok(Names::default());
        };
        let node = entry.value;
        match &node.kind {
            _ if node.is_null() => {
                self.no_value(entry.into(), node, None);
                Err(Reported)
            }
            Kind::Scalar { text, .. } => Ok(Names(vec![Spanned::new(text.clone(), node.span)])),
            Kind::List(items) => {
                let mut names = Vec::with_capacity(items.len());
                let mut whole = true;
                for item in items {
                    match &item.kind {
                        _ if item.is_null() => {
                            self.refuse(
                                Diagnostic::new(
                                    Code::InvalidStructure,
                                    item.point(self.source),
                                    format!("an item of `{}` is empty", entry.name),
                                )
                                .with_label("no name here")
                                .with_help("write a name here, or remove the item"),
                            );
                            whole = false;
                        }
                        Kind::Scalar { text, .. } => {
                            names.push(Spanned::new(text.clone(), item.span));
                        }
                        _ => {
                            self.refuse(
                                Diagnostic::new(
                                    Code::InvalidStructure,
                                    item.point(self.source),
                                    format!(
                                        "each item of `{}` must be a name, not {}",
                                        entry.name,
                                        item.found()
                                    ),
                                )
                                .with_label("expected a name")
                                .with_help(names_help(entry.name)),
                            );
                            whole = false;
                        }
                    }
                }
                if whole {
                    Ok(Names(names))
                } else {
                    Err(Reported)
                }
            }
            Kind::Map(_) => {
                let help = names_help(entry.name);
                self.wrong_type(entry.into(), node, "a name or a list of names", &help);
                Err(Reported)
            }
        }
    }

    /// An optional name or list of names.
    pub(super) fn optional_names(&mut self, entry: Option<Entry<'_>>) -> Read<Option<Names>> {
        match entry {
            None => Ok(None),
            some => self.names(some).map(Some),
        }
    }

    /// A mapping from names to values read by `read`; an absent key is an empty map. `what`
    /// names one entry ("state").
    pub(super) fn map<'n, V>(
        &mut self,
        entry: Option<Entry<'n>>,
        what: Option<&str>,
        mut read: impl FnMut(&mut Self, Entry<'n>) -> Read<V>,
    ) -> Read<Map<V>> {
        let Some(entry) = entry else {
            return Ok(Map::default());
        };
        let entries = self.entries(entry.into(), entry.value, what)?;
        let mut map = Vec::with_capacity(entries.len());
        let mut whole = true;
        for e in entries {
            match read(self, e) {
                Ok(value) => map.push((e.spanned_name(), value)),
                Err(Reported) => whole = false,
            }
        }
        if !whole {
            return Err(Reported);
        }
        Ok(Map {
            entries: map,
            span: entry.value.point(self.source),
        })
    }

    /// A list of values read by `read`; an absent key is an empty list.
    pub(super) fn list<'n, V>(
        &mut self,
        entry: Option<Entry<'n>>,
        mut read: impl FnMut(&mut Self, &'n Node) -> Read<V>,
    ) -> Read<Vec<V>> {
        let Some(entry) = entry else {
            return Ok(Vec::new());
        };
        let node = entry.value;
        let items = match &node.kind {
            Kind::List(items) => items,
            _ if node.is_null() => {
                self.no_value(
                    entry.into(),
                    node,
                    Some("write its items under it, one `- item` per line, or `[]` for none, or remove the key"),
                );
                return Err(Reported);
            }
            _ => {
                self.wrong_type(entry.into(), node, "a list", LIST_HELP);
                return Err(Reported);
            }
        };
        let mut values = Vec::with_capacity(items.len());
        let mut whole = true;
        for item in items {
            match read(self, item) {
                Ok(value) => values.push(value),
                Err(Reported) => whole = false,
            }
        }
        if whole { Ok(values) } else { Err(Reported) }
    }
}

/// The help for an unknown key that is really the rest of the value before it, cut at a comma
/// inside `{ ... }`: `{ doc: Shut, and locked. }`.
fn comma_in_flow_value(
    source: &SourceFile,
    mapping: &Node,
    before: &Entry<'_>,
    entry: &Entry<'_>,
) -> Option<String> {
    let flow = source.slice(mapping.span).starts_with('{');
    let plain = |node: &Node| matches!(node.kind, Kind::Scalar { plain: true, .. });
    (flow && entry.value.is_null() && plain(before.value) && plain(entry.key)).then(|| {
        format!(
            "inside `{{ ... }}` a comma ends the value: quote a value that holds one, `{}: \"{}, {}\"`",
            before.name,
            source.slice(before.value.span),
            entry.name
        )
    })
}

/// What a mapping of this section is, in words.
pub(super) fn describe(section: Section) -> &'static str {
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
fn lacking(section: Section, name: Option<&str>) -> String {
    match (section, name) {
        (Section::Incident, Some(name)) => format!("incident `{name}`"),
        (Section::Incident, None) => "this incident".into(),
        (Section::Transition, _) => "this transition".into(),
        (Section::Timeout, _) => "this timeout".into(),
        (Section::Timer, _) => "this timer".into(),
        (Section::IncidentTransition, _) => "this incident's `transition:`".into(),
        (section, _) => describe(section).into(),
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
        "name" => "add `name: Timer`, the timer's name in UpperCamelCase".into(),
        other => format!("add the required key `{other}:`"),
    }
}
