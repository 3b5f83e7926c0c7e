//! YAML text -> a tree of [`Node`]s, each with where it is written: the one place that knows
//! YAML. granit-parser reads the text; this module builds the nodes, copies aliases and merges
//! `<<` keys within the limits, and refuses a second document. [`super::syntax`] words what
//! goes wrong.

use std::collections::HashMap;

use granit_parser::{Event, Options, Parser, ScalarStyle};

use super::syntax::{
    MAX_KEY_CHARS, local_tag, nested_too_deep, syntax_error, too_large, unknown_alias,
};

use crate::diagnostic::{Code, Diagnostic};
use crate::limits::{MAX_ALIAS_COPIES, MAX_ALIAS_USES, MAX_NESTING, MAX_VALUES};
use crate::source::{SourceFile, Span};

/// One YAML node and where it is written.
#[derive(Clone, Debug)]
pub(super) struct Node {
    /// Where the node is written: a scalar's text, a collection from its first character to
    /// its last. A node copied from an anchor by an alias is placed where the alias is used.
    pub span: Span,
    /// What the node is.
    pub kind: Kind,
}

/// What a node is.
#[derive(Clone, Debug)]
pub(super) enum Kind {
    /// A scalar's text after YAML's escapes and folding; `plain` when it was written without
    /// quotes or a block indicator, where `~`, `null` and nothing at all mean no value.
    Scalar { text: String, plain: bool },
    /// A sequence.
    List(Vec<Node>),
    /// A mapping's entries, in file order, repeated keys included.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// Whether the node means "no value": nothing written, `~` or `null`.
    pub(super) fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, plain: true }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// What the node is, in the words of a message: "a list", "a mapping", "nothing" or "a
    /// single value".
    pub(super) fn found(&self) -> &'static str {
        match &self.kind {
            _ if self.is_null() => "nothing",
            Kind::Scalar { .. } => "a single value",
            Kind::List(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }

    /// Where to point at the node in a message: all of it when it is written on one line,
    /// else its first character.
    pub(super) fn point(&self, source: &SourceFile) -> Span {
        if source.slice(self.span).contains('\n') {
            source.span_at(self.span.start, 1)
        } else {
            self.span
        }
    }

    /// The number of nodes in this tree.
    fn size(&self) -> usize {
        1 + match &self.kind {
            Kind::Scalar { .. } => 0,
            Kind::List(items) => items.iter().map(Node::size).sum(),
            Kind::Map(entries) => entries.iter().map(|(k, v)| k.size() + v.size()).sum(),
        }
    }

    /// This tree with every span moved to `span`: an alias's copy of its anchor.
    fn placed_at(&self, span: Span) -> Node {
        Node {
            span,
            kind: match &self.kind {
                Kind::Scalar { text, plain } => Kind::Scalar {
                    text: text.clone(),
                    plain: *plain,
                },
                Kind::List(items) => Kind::List(items.iter().map(|i| i.placed_at(span)).collect()),
                Kind::Map(entries) => Kind::Map(
                    entries
                        .iter()
                        .map(|(k, v)| (k.placed_at(span), v.placed_at(span)))
                        .collect(),
                ),
            },
        }
    }
}

/// A collection being read: its first position, its anchor and what it holds so far.
struct Open {
    start: Span,
    anchor: usize,
    kind: Kind,
    /// In a mapping, a key whose value is still to come.
    key: Option<Node>,
}

/// Reads `source` (already known to be non-blank UTF-8 within the size limit) into its one
/// document's root node.
pub(super) fn parse(source: &SourceFile) -> Result<Node, Box<Diagnostic>> {
    let mut options = Options::default();
    options.flow_nesting_limit = MAX_NESTING;
    options.block_nesting_limit = MAX_NESTING;
    options.simple_key_max_lookahead = MAX_KEY_CHARS;
    let mut parser = Parser::new_from_str_with_options(source.text(), options);
    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut root: Option<Node> = None;
    let mut nodes = 0usize;
    let mut copied = 0usize;
    let mut aliases = 0usize;
    while let Some(next) = parser.next_event() {
        let (event, at) = next.map_err(|e| syntax_error(source, &e))?;
        let span = span_of(source, &at);
        let (node, anchor) = match event {
            Event::DocumentStart(..) if root.is_some() => {
                return Err(Diagnostic::new(
                    Code::InvalidStructure,
                    source.span_at(span.start, 1),
                    "the file holds more than one YAML document",
                )
                .with_label("a second document starts here")
                .with_help("a spec file holds one machine: remove the `---` and what follows, or put the second machine in a file of its own").into());
            }
            Event::Scalar(text, style, anchor, tag) => {
                if let Some(tag) = tag.filter(|t| {
                    t.original_handle() == "!" && !t.suffix().is_empty() && text.is_empty()
                }) {
                    return Err(local_tag(source, span, tag.suffix()).into());
                }
                (
                    Node {
                        span,
                        kind: Kind::Scalar {
                            text: text.into_owned(),
                            plain: style == ScalarStyle::Plain,
                        },
                    },
                    anchor,
                )
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                if stack.len() >= MAX_NESTING {
                    return Err(nested_too_deep(source.span_at(span.start, 1)).into());
                }
                let kind = if matches!(event, Event::SequenceStart(..)) {
                    Kind::List(Vec::new())
                } else {
                    Kind::Map(Vec::new())
                };
                stack.push(Open {
                    start: span,
                    anchor,
                    kind,
                    key: None,
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(mut open) = stack.pop() else {
                    continue;
                };
                if let Kind::Map(entries) = &mut open.kind {
                    merge_keys(source, entries)?;
                }
                let span = Span {
                    end: span.end.max(open.start.end),
                    ..open.start
                };
                (
                    Node {
                        span,
                        kind: open.kind,
                    },
                    open.anchor,
                )
            }
            Event::Alias(id) => {
                let Some(target) = anchors.get(&id) else {
                    return Err(unknown_alias(source, span).into());
                };
                aliases += 1;
                if aliases > MAX_ALIAS_USES {
                    return Err(too_large(
                        span,
                        format!("the spec uses YAML aliases more than {MAX_ALIAS_USES} times"),
                        "one alias too many",
                        "write the repeated part out, or generate the spec with it expanded",
                    )
                    .into());
                }
                let size = target.size();
                nodes = nodes.saturating_add(size - 1);
                copied = copied.saturating_add(size);
                if copied > MAX_ALIAS_COPIES {
                    return Err(too_large(
                        span,
                        format!("the spec's aliases copy more than {MAX_ALIAS_COPIES} values"),
                        "this alias passes the limit",
                        "aliases of anchors that hold aliases multiply what they copy: write the repeated part out",
                    ).into());
                }
                (target.placed_at(span), 0)
            }
            _ => continue,
        };
        if anchor != 0 {
            anchors.insert(anchor, node.clone());
        }
        // Each node is counted once, when it is complete (an alias's copy above, but for
        // its root).
        nodes += 1;
        if nodes > MAX_VALUES {
            return Err(too_large(
                source.span_at(node.span.start, 1),
                format!("the spec holds more than {MAX_VALUES} keys, values and list items"),
                "the limit is reached here",
                "split the lifecycle into several machines",
            )
            .into());
        }
        match stack.last_mut() {
            Some(Open {
                kind: Kind::List(items),
                ..
            }) => items.push(node),
            Some(Open {
                kind: Kind::Map(entries),
                key,
                ..
            }) => match key.take() {
                Some(key) => entries.push((key, node)),
                None => *key = Some(node),
            },
            _ => root = Some(node),
        }
    }
    root.ok_or_else(|| {
        Box::new(
            Diagnostic::new(Code::EmptySpec, Span::START, "the spec file is empty")
                .with_label("nothing but blank lines and comments"),
        )
    })
}

/// Replaces each merge key of a mapping (`<<: *base`, or `<<: [*a, *b]`) by the entries of
/// the mappings it names, where it is written, leaving out the keys the mapping writes itself
/// or an earlier merge brought.
fn merge_keys(source: &SourceFile, entries: &mut Vec<(Node, Node)>) -> Result<(), Box<Diagnostic>> {
    let is_merge =
        |key: &Node| matches!(&key.kind, Kind::Scalar { text, plain: true } if text == "<<");
    if !entries.iter().any(|(key, _)| is_merge(key)) {
        return Ok(());
    }
    let text = |node: &Node| match &node.kind {
        Kind::Scalar { text, .. } => Some(text.clone()),
        _ => None,
    };
    let mut seen: std::collections::HashSet<String> = entries
        .iter()
        .filter(|(key, _)| !is_merge(key))
        .filter_map(|(key, _)| text(key))
        .collect();
    let mut merged = Vec::with_capacity(entries.len());
    for (key, value) in std::mem::take(entries) {
        if !is_merge(&key) {
            merged.push((key, value));
            continue;
        }
        let sources = match value.kind {
            Kind::Map(_) => vec![value],
            Kind::List(items) if items.iter().all(|i| matches!(i.kind, Kind::Map(_))) => items,
            _ => {
                return Err(Diagnostic::new(
                    Code::InvalidStructure,
                    value.point(source),
                    "`<<` merges a mapping into this one, and this is not a mapping",
                )
                .with_label("expected a mapping, or a list of mappings")
                .with_help("write `<<: *name`, where `&name` anchors a mapping, or `<<: [*a, *b]`")
                .into());
            }
        };
        for from in sources {
            let Kind::Map(pairs) = from.kind else {
                continue;
            };
            for (k, v) in pairs {
                if text(&k).is_none_or(|name| seen.insert(name)) {
                    merged.push((k, v));
                }
            }
        }
    }
    *entries = merged;
    Ok(())
}

/// Our span for one of the parser's: its line and column as the parser counted them (1-based
/// line, 0-based column in characters), so no text is scanned again.
fn span_of(source: &SourceFile, span: &granit_parser::Span) -> Span {
    let (line, column) = (span.start.line(), span.start.col());
    match (span.start.byte_offset(), span.end.byte_offset()) {
        (Some(start), Some(end)) if start <= end && end <= source.text().len() => Span {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
            start,
            end,
        },
        _ => source.span_of_line_column(line as u64, column as u64 + 1, 1),
    }
}
