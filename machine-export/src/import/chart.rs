//! The tree `machine import` reads an SCXML document into ([`Chart`], [`Node`]), the
//! namespaces it reads, and its refusals. `read.rs` builds it (`declarations.rs` reads what
//! `machine`'s export declares in its own namespace); `timers.rs` finds the timeouts in it;
//! `fault.rs` reads the wrapper of a fault state back into a spec's `fault:`; `write.rs`
//! writes it as a spec (`items.rs` its events, guards, actions and durations).

use machine_core::{Code, Diagnostic, SourceFile};
use roxmltree::Node as Element;

/// The final state `machine`'s export ends a lifecycle in (an `end:` timeout's target).
pub(super) const ENDED: &str = crate::scxml::ENDED;

/// The SCXML namespace.
pub(super) const SCXML: &str = "http://www.w3.org/2005/07/scxml";
/// The namespace of `machine`'s own export (names, wire names, docs, durations as written).
pub(super) const MACHINE: &str = "urn:machine:scxml";

/// An SCXML state, as read.
#[derive(Debug, Default)]
pub struct Node {
    /// Its `id`.
    pub id: String,
    /// Its name in `machine`'s export (`m:name`), when written.
    pub name: Option<String>,
    /// Its wire name in `machine`'s export (`m:wire`), when written.
    pub wire: Option<String>,
    /// Its other wire names (`m:wire-aliases`).
    pub wire_aliases: Vec<String>,
    /// Its doc (`m:doc`).
    pub doc: Option<String>,
    /// A `<final>`.
    pub is_final: bool,
    /// A `<parallel>`: its children are regions, all active at once (rule S22).
    pub parallel: bool,
    /// The `id` of its initial child, when it has children (none for a parallel state).
    pub initial: Option<String>,
    /// Its children.
    pub children: Vec<Node>,
    /// The actions of `<onentry>` and `<onexit>`.
    pub entry: Vec<String>,
    /// See [`Node::entry`].
    pub exit: Vec<String>,
    /// Its transitions, in document order.
    pub transitions: Vec<Transition>,
    /// Its timeouts.
    pub timeouts: Vec<Timeout>,
    /// Its history states.
    pub histories: Vec<History>,
}

/// A history state (`<history>`), as read.
#[derive(Debug)]
pub struct History {
    /// Its `id`.
    pub id: String,
    /// Its name in `machine`'s export (`m:name`), when written.
    pub name: Option<String>,
    /// `type="deep"`.
    pub deep: bool,
    /// The `id` of the state its default transition targets; `None` when it has none (the
    /// parent's initial state).
    pub default: Option<String>,
    /// Its doc (`m:doc`).
    pub doc: Option<String>,
    /// The ids of the transient states of `machine`'s export that lead to it
    /// (`machine.recall.ID`), which stand for it as a transition's target.
    pub via: Vec<String>,
}

/// What fires a transition, as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// Its events (`on:`).
    On,
    /// Nothing: an eventless transition (`always: true`).
    Always,
    /// The completion of the state it is written on (`done.state.ID`, `done: true`).
    Done,
}

/// A transition, as read.
#[derive(Debug)]
pub struct Transition {
    /// Its events; none when it is eventless or a completion.
    pub events: Vec<String>,
    /// What fires it.
    pub trigger: Trigger,
    /// Its target's `id`; `None` for a targetless (internal) transition.
    pub target: Option<String>,
    /// Its guard tests (`cond`: names, or `!name`, joined by `&&`), in order.
    pub guards: Vec<String>,
    /// Its actions.
    pub actions: Vec<String>,
    /// The timers it starts again (a `<cancel>` and a `<send>` of a timer's delayed event):
    /// their `<send>` ids; or, as `machine`'s export writes a transition's `restarts:`
    /// (`m:restarts`), their names.
    pub restarts: Vec<String>,
    /// Whether `restarts` is the transition's `restarts:`, as `machine`'s export writes it
    /// (even empty), rather than what the document does.
    pub restarts_written: bool,
    /// The timers of states inside its state that it starts again only while the machine is
    /// there (`<if cond="In('S')">`, as `machine`'s export writes rule S6 for a transition
    /// written on a compound state): their `<send>` ids, each with the refusal to give when
    /// that timer's `reset_by` does not list the transition's events, since a spec says such
    /// a restart only with `reset_by` (`timers::restarted_inside`).
    pub restarts_inside: Vec<(String, machine_core::Diagnostic)>,
    /// Its doc (`m:doc`).
    pub doc: Option<String>,
}

/// A timeout, as read.
#[derive(Debug)]
pub struct Timeout {
    /// Its name (the `<send>`'s `id` without `timer.`, or its event without `timeout.`).
    pub name: String,
    /// Its duration, as the spec language writes durations.
    pub after: String,
    /// Where it goes; `None`: it notifies.
    pub target: Option<String>,
    /// Whom it notifies (`m:notify`), when it does not move.
    pub notify: Option<String>,
    /// Why it ends the lifecycle (`m:end`, or a target `machine.ended`), when it does.
    pub end: Option<String>,
    /// Its guard tests.
    pub guards: Vec<String>,
    /// Its actions.
    pub actions: Vec<String>,
    /// The events whose transitions start it again where it runs (`reset_by`).
    pub reset_by: Vec<String>,
    /// Whether `reset_by` is as `machine`'s export writes it (`m:reset-by`), rather than to be
    /// found from the transitions that restart the timer.
    pub reset_by_written: bool,
    /// Its doc.
    pub doc: Option<String>,
}

/// The document, as read.
#[derive(Debug)]
pub struct Chart {
    /// The machine's name in `machine`'s export (`m:name`), when written.
    pub name: Option<String>,
    /// The document's `name`, when written.
    pub scxml_name: Option<String>,
    /// The `id` of the initial state.
    pub initial: String,
    /// The top-level states.
    pub states: Vec<Node>,
    /// Its doc (`m:doc`).
    pub doc: Option<String>,
    /// What `machine`'s export declares in the `m:` namespace.
    pub declarations: Declarations,
    /// The fault state, when the document is wrapped as `machine`'s export writes one
    /// (`fault.rs`); its states are then the top-level states, without the wrapper.
    pub fault: Option<Fault>,
}

/// The spec's `fault:` section, read from the wrapper of `machine`'s export.
#[derive(Debug)]
pub struct Fault {
    /// The fault state's `id`.
    pub state: String,
    /// The event that enters it from every working state of the top level (`on:`).
    pub on: String,
    /// The event that leaves it back to where the machine was (`resume:`).
    pub resume: String,
    /// The ids of the states it may resume to instead (`resume_to:`), in document order.
    pub resume_to: Vec<String>,
}

/// What `machine`'s export declares in the `m:` namespace
/// ([`crate::scxml::declarations`]); nothing for another document.
#[derive(Debug, Default)]
pub struct Declarations {
    /// `m:wire-case="insensitive"` on `<scxml>`.
    pub wire_case_insensitive: bool,
    /// The `<m:event>`s, in order; the key is the event's name in the document.
    pub events: Vec<Declared>,
    /// The `<m:guard>`s; the key is the guard's name in a `cond`, as
    /// [`guard_name`](super::spelling::guard_name) reads it.
    pub guards: Vec<Declared>,
    /// The `<m:action>`s; the key is the action's `<log>` label, as
    /// [`action_name`](super::spelling::action_name) reads it.
    pub actions: Vec<Declared>,
    /// The `<m:duration>`s; the key is the `delayexpr` of a `<send>`.
    pub durations: Vec<Declared>,
}

/// An event, guard, action or named duration as `machine`'s export declares it.
#[derive(Debug, Default, Clone)]
pub struct Declared {
    /// The text the document names it by.
    pub key: String,
    /// Its name in the spec.
    pub name: String,
    /// An event's wire name, when written.
    pub wire: Option<String>,
    /// An event's other wire names.
    pub wire_aliases: Vec<String>,
    /// Its doc, when written.
    pub doc: Option<String>,
    /// A named duration's `shorter_than:`, by name.
    pub shorter_than: Vec<String>,
}

/// A refusal at `node`.
pub(super) fn refuse(
    source: &SourceFile,
    node: Element<'_, '_>,
    message: String,
    help: &str,
) -> Diagnostic {
    refuse_with(Code::ImportUnsupported, source, node, message, help)
}

/// A finding of `code` at `node`'s start tag.
pub(super) fn refuse_with(
    code: Code,
    source: &SourceFile,
    node: Element<'_, '_>,
    message: String,
    help: &str,
) -> Diagnostic {
    let range = node.range();
    let len = node
        .document()
        .input_text()
        .get(range.clone())
        .and_then(|text| text.find('>').map(|end| end + 1))
        .unwrap_or(range.len());
    Diagnostic::new(code, source.span_at(range.start, len), message).with_help(help)
}

/// A delayed `<send>` in `<onentry>`: its event, its `id`, its delay, and the element.
pub(super) type Send<'a, 'input> = (String, Option<String>, String, Element<'a, 'input>);

/// Every state of `states` and inside them, in document order.
pub(super) fn all(states: &[Node]) -> impl Iterator<Item = &Node> {
    let mut stack: Vec<&Node> = states.iter().rev().collect();
    std::iter::from_fn(move || {
        let node = stack.pop()?;
        stack.extend(node.children.iter().rev());
        Some(node)
    })
}
