//! Reads the structural part of an SCXML document into a tree of [`Node`]s: `<state>`,
//! `<final>` (inside a `<state>` too, where it completes it: rule S20), `initial` as an
//! attribute or an `<initial>` element, `<transition>` with its event list (or none: eventless,
//! rule S21; or `done.state.ID` on the state `ID`: its completion, `triggers.rs`), target and
//! `cond`, `<onentry>` and `<onexit>` with `<log label>` as named actions, and a timeout
//! written as SCXML writes one (a delayed `<send>` of an event in `<onentry>`, its `<cancel>`
//! in `<onexit>`, and a transition on that event; a `<final>`'s on its parent), `<history>`
//! (`history.rs`) and `<parallel>` (`parallel.rs`). Everything else is refused, at its line
//! and column, with what to do.

use machine_core::{Code, Diagnostic, SourceFile};
use roxmltree::{Document, Node as Element};

use super::chart::{
    Chart, ENDED, MACHINE, Node, SCXML, Send, Transition, Trigger, refuse, refuse_with,
};
use super::spelling::{action_name, guard_name};
use crate::scxml::declarations::{RESTARTS, WIRE_ALIASES};

/// How deep states may nest: as deep as a spec's YAML can hold them (each level of states is
/// two levels of mappings, below the document's and above a state's own lists).
const MAX_DEPTH: usize = (machine_core::limits::MAX_NESTING - 8) / 2;

/// Reads `source`, an SCXML document.
pub fn chart(source: &SourceFile) -> Result<Chart, Vec<Diagnostic>> {
    let document = Document::parse(source.text()).map_err(|e| {
        let position = e.pos();
        vec![
            Diagnostic::new(
                Code::ImportInvalid,
                source.span_of_line_column(u64::from(position.row), u64::from(position.col), 1),
                format!("this is not well-formed XML: {e}"),
            )
            .with_help("fix the XML; `machine import` reads SCXML documents"),
        ]
    })?;
    let root = document.root_element();
    if root.tag_name().name() != "scxml" || root.tag_name().namespace() != Some(SCXML) {
        return Err(vec![refuse_with(
            Code::ImportInvalid,
            source,
            root,
            format!(
                "the document is a `<{}>`, not an SCXML `<scxml>`",
                root.tag_name().name()
            ),
            "give an SCXML document: an `<scxml>` element in the namespace http://www.w3.org/2005/07/scxml",
        )]);
    }
    let mut problems = Vec::new();
    let declarations = super::declarations::read(source, root, &mut problems);
    let states = children(source, root, 1, &mut problems);
    let initial = match root.attribute("initial") {
        // Several states at once: the regions of a parallel state, as entering it would.
        Some(initial) if initial.split_whitespace().count() > 1 => {
            super::parallel::initial(source, root, &states, initial, &mut problems)
                .unwrap_or_default()
        }
        Some(initial) if super::history::is_history(&document, initial.trim()) => {
            problems.push(refuse(
                source,
                root,
                format!(
                    "the chart starts through the history state `{}`",
                    initial.trim()
                ),
                "start in a state: a spec's lifecycle starts in one of its states",
            ));
            String::new()
        }
        Some(initial) => initial.trim().to_owned(),
        None => states.first().map(|s| s.id.clone()).unwrap_or_default(),
    };
    if states.is_empty() && problems.is_empty() {
        problems.push(refuse(
            source,
            root,
            "the chart has no state".into(),
            "add a `<state>`: a lifecycle has at least one state",
        ));
    }
    machine_core::diagnostic::sort(&mut problems);
    if problems.is_empty() {
        let mut chart = Chart {
            name: root.attribute((MACHINE, "name")).map(str::to_owned),
            scxml_name: root.attribute("name").map(str::to_owned),
            initial,
            states,
            doc: root.attribute((MACHINE, "doc")).map(str::to_owned),
            declarations,
            fault: None,
        };
        super::fault::recognise(&mut chart);
        for state in &mut chart.states {
            super::timers::reset_by(state);
        }
        let unlisted = super::timers::restarted_inside(&chart.states);
        if unlisted.is_empty() {
            Ok(chart)
        } else {
            Err(unlisted)
        }
    } else {
        Err(problems)
    }
}

/// The states among the children of `parent` (an `<scxml>` or a `<state>`), refusing what is
/// not structure.
fn children(
    source: &SourceFile,
    parent: Element<'_, '_>,
    depth: usize,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Node> {
    let mut states = Vec::new();
    for child in parent.children().filter(Element::is_element) {
        if parent.has_tag_name((SCXML, "scxml")) && child.tag_name().namespace() == Some(MACHINE) {
            // `machine`'s declarations, read by `declarations.rs`.
            continue;
        }
        match child.tag_name().name() {
            "state" | "final" | "parallel" if depth > MAX_DEPTH => {
                problems.push(refuse(
                    source,
                    child,
                    format!("states nest deeper than a spec can hold ({MAX_DEPTH} levels)"),
                    "flatten the chart: a spec's YAML nests a limited number of levels",
                ));
            }
            // `machine`'s way to a history state: read with the history.
            "state" if super::history::recall(child).is_some() => {}
            "state" => states.push(state(source, child, false, depth, problems)),
            "final" if child.attribute("id") == Some(ENDED) => {}
            // At the top level, it ends the lifecycle; inside a state, it completes it
            // (rule S20).
            "final" => states.push(state(source, child, true, depth, problems)),
            "donedata" => problems.push(refuse(
                source,
                child,
                "a `<donedata>` (data the completion event carries) cannot be carried into a spec".into(),
                "drop it: a spec's completion carries no data; keep data in the code that runs the machine",
            )),
            // Its regions, each a compound state (rule S22).
            "parallel" => {
                super::parallel::regions(source, child, problems);
                states.push(state(source, child, false, depth, problems));
            }
            // Read with its state.
            "history" if parent.has_tag_name((SCXML, "state")) || parent.has_tag_name((SCXML, "parallel")) => {}
            "history" => problems.push(refuse(
                source,
                child,
                format!("a history state in `<{}>`, not in a compound `<state>` or a `<parallel>`", parent.tag_name().name()),
                "move the `<history>` into the `<state>` or `<parallel>` whose states it records",
            )),
            // Read with their state.
            "transition" | "onentry" | "onexit" | "initial" if !parent.has_tag_name((SCXML, "scxml")) => {}
            other => problems.push(refuse(
                source,
                child,
                format!("`<{other}>` cannot be carried into a spec"),
                "a spec holds the structure of a lifecycle (states, transitions, named guards and actions); keep data, scripts and invocations in the code that runs the machine",
            )),
        }
    }
    states
}

/// One `<state>` or `<final>`.
fn state(
    source: &SourceFile,
    element: Element<'_, '_>,
    is_final: bool,
    depth: usize,
    problems: &mut Vec<Diagnostic>,
) -> Node {
    let id = element.attribute("id").unwrap_or_default().to_owned();
    if id.is_empty() {
        problems.push(refuse(
            source,
            element,
            "a state without an `id`".into(),
            "give every state an `id`: the spec names states",
        ));
    }
    let mut node = Node {
        id,
        name: element.attribute((MACHINE, "name")).map(str::to_owned),
        wire: element.attribute((MACHINE, "wire")).map(str::to_owned),
        wire_aliases: super::declarations::names(source, element, WIRE_ALIASES, problems),
        doc: element.attribute((MACHINE, "doc")).map(str::to_owned),
        // `machine`'s export writes a final state with timeouts as a `<state>`.
        is_final: is_final || element.attribute((MACHINE, "final")) == Some("true"),
        parallel: element.has_tag_name((SCXML, "parallel")),
        ..Node::default()
    };
    node.children = children(source, element, depth + 1, problems);
    // A `<parallel>` has none: it enters every region (refused by `parallel::regions`).
    node.initial = element
        .attribute("initial")
        .filter(|_| !node.parallel)
        .map(|i| i.trim().to_owned());
    let mut sends = Vec::new();
    for child in element.children().filter(Element::is_element) {
        match child.tag_name().name() {
            "onentry" => node
                .entry
                .extend(actions(source, child, Some(&mut sends), problems)),
            "onexit" => node.exit.extend(actions(source, child, None, problems)),
            "initial" => {
                node.initial = child
                    .children()
                    .find(|c| c.has_tag_name((SCXML, "transition")))
                    .and_then(|t| t.attribute("target"))
                    .map(|t| t.trim().to_owned());
            }
            // Read with the timeouts of the `<final>` inside it that sends its event.
            "transition" if super::timers::expires_in_final(child) => {}
            "transition" => {
                if let Some(t) = transition(source, child, problems) {
                    node.transitions.push(t);
                }
            }
            _ => {}
        }
    }
    if !node.children.is_empty() && node.initial.is_none() && !node.parallel {
        node.initial = node.children.first().map(|c| c.id.clone());
    }
    // Several states at once: the regions of a parallel state inside, as entering it would.
    if let Some(initial) = node.initial.take() {
        node.initial = if initial.split_whitespace().count() > 1 {
            super::parallel::initial(source, element, &node.children, &initial, problems)
        } else {
            Some(initial)
        };
    }
    super::history::histories(source, element, &mut node, problems);
    // A `<final>` inside a state holds no transition: the expiries of its timeouts are its
    // parent's transitions on their delayed events, as `machine`'s export writes them.
    if let Some(parent) = super::timers::final_parent(element) {
        for (event, ..) in &sends {
            let held: Vec<Element<'_, '_>> = super::timers::transitions_on(parent, event).collect();
            if let [one] = held.as_slice()
                && let Some(t) = transition(source, *one, problems)
            {
                node.transitions.push(t);
            }
        }
    }
    super::timers::timeouts(source, element, &mut node, sends, problems);
    node
}

/// The actions of an `<onentry>`, `<onexit>` or `<transition>`: `<log label>` (our export
/// writes `action:NAME`); `sends` collects the delayed `<send>`s of an `<onentry>`, and
/// `<cancel>` (of such a send) is left to them.
fn actions<'a, 'input>(
    source: &SourceFile,
    block: Element<'a, 'input>,
    mut sends: Option<&mut Vec<Send<'a, 'input>>>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut names = Vec::new();
    for item in block.children().filter(Element::is_element) {
        match item.tag_name().name() {
            "log" => match item.attribute("label") {
                Some(label) => names.push(action_name(label).to_owned()),
                None => problems.push(refuse(
                    source,
                    item,
                    "a `<log>` without a `label` names no action".into(),
                    "give it a `label`: the label is the action's name",
                )),
            },
            // A delayed event: `delay`, or a named duration of `machine`'s export.
            "send" if sends.is_some()
                && (item.attribute("delay").is_some() || super::declarations::named_delay(item).is_some())
                && item.attribute("event").is_some()
                && item.attribute("target").is_none() => {
                if let Some(sends) = sends.as_deref_mut() {
                    sends.push((
                        item.attribute("event").unwrap_or_default().to_owned(),
                        item.attribute("id").map(str::to_owned),
                        item.attribute("delay").unwrap_or_default().to_owned(),
                        item,
                    ));
                }
            }
            "cancel" if block.has_tag_name((SCXML, "onexit")) => {}
            // In a transition, a timer started again: `<cancel>` then `<send>` of its
            // delayed event (read by `transition`).
            "cancel" | "send"
                if block.has_tag_name((SCXML, "transition"))
                    && item.attribute("sendid").or_else(|| item.attribute("id")).is_some() => {}
            // In a transition written on a compound state, the timers of a state inside it
            // started again while the machine is there, as `machine`'s export writes them.
            "if" if block.has_tag_name((SCXML, "transition")) && is_restart_block(item) => {}
            other => problems.push(refuse(
                source,
                item,
                format!("`<{other}>` cannot be carried into a spec as an action"),
                "a spec's actions are names the generated code calls: write each as `<log label=\"name\"/>`",
            )),
        }
    }
    names
}

/// One `<transition>`, or `None` when refused.
fn transition(
    source: &SourceFile,
    element: Element<'_, '_>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Transition> {
    let events: Vec<String> = element
        .attribute("event")
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let target = element.attribute("target").map(|t| t.trim().to_owned());
    let trigger = match super::triggers::trigger(element, &events, target.as_deref()) {
        Ok(trigger) => trigger,
        Err((message, help)) => {
            problems.push(refuse(source, element, message, &help));
            return None;
        }
    };
    // A completion's `done.state.ID` is no event of the spec.
    let events = if trigger == Trigger::On {
        events
    } else {
        Vec::new()
    };
    let refused = if target.as_ref().is_some_and(|t| {
        t.split_whitespace().count() > 1
            && t.split_whitespace()
                .any(|id| super::history::is_history(element.document(), id))
    }) {
        Some((
            "a transition to a history state and other states at once is not part of the spec language yet",
            "target the history state alone",
        ))
    } else if target
        .as_ref()
        .is_some_and(|t| t.split_whitespace().count() > 1)
    {
        Some((
            "a transition to several states at once is not part of the spec language yet",
            "target one state: entering a parallel state enters its other regions at their initial states (rule S23)",
        ))
    } else if element.attribute("type") == Some("internal") && target.is_some() {
        Some((
            "an internal transition with a target (it does not leave its compound state) is not part of the spec language yet",
            "drop `type=\"internal\"`: the spec's transitions with a target are external",
        ))
    } else {
        None
    };
    if let Some((message, help)) = refused {
        problems.push(refuse(source, element, message.into(), help));
        return None;
    }
    let cond = element.attribute("cond").map(str::trim);
    let guards = cond.map_or(Some(Vec::new()), guard_tests);
    let Some(guards) = guards else {
        let cond = cond.unwrap_or_default();
        problems.push(refuse(
            source,
            element,
            format!("the condition `{cond}` is an expression, not a named guard"),
            "write the condition as a guard's name (or `!name`), and compute it in the code that answers the guards",
        ));
        return None;
    };
    let restarts_written = element.attribute((MACHINE, RESTARTS)).is_some();
    let restarts = if restarts_written {
        super::declarations::names(source, element, RESTARTS, problems)
    } else {
        restarted(element)
    };
    let restarts_inside = element
        .children()
        .filter(|c| is_restart_block(*c))
        .flat_map(|block| restarted(block).into_iter().map(move |id| (id, block)))
        .map(|(id, block)| {
            let refusal = refuse(
                source,
                block,
                format!(
                    "the delayed event `{id}` is started again here only in the state `In()` names, on an event that is not one of its timer's `reset_by`"
                ),
                "a spec restarts the timer of a state inside a compound state on an event only with `reset_by`: start it again on every transition on the event in that state, or list the event in `m:reset-by`",
            );
            (id, refusal)
        })
        .collect();
    Some(Transition {
        events,
        trigger,
        target,
        guards,
        actions: actions(source, element, None, problems),
        restarts,
        restarts_written,
        restarts_inside,
        doc: element.attribute((MACHINE, "doc")).map(str::to_owned),
    })
}

/// The timers `block` starts again: each delayed event it sends with an `id` that it also
/// cancels (`<cancel sendid>`), by that id.
fn restarted(block: Element<'_, '_>) -> Vec<String> {
    block
        .children()
        .filter(|c| c.has_tag_name((SCXML, "send")))
        .filter_map(|send| send.attribute("id"))
        .filter(|id| {
            block
                .children()
                .any(|c| c.has_tag_name((SCXML, "cancel")) && c.attribute("sendid") == Some(id))
        })
        .map(str::to_owned)
        .collect()
}

/// Whether `item` is an `<if cond="In('S')">` holding nothing but `<cancel>` and `<send>`:
/// how `machine`'s export restarts, on a transition written on a compound state, the timers
/// of a state inside it, which run only while the machine is there (rule S6).
fn is_restart_block(item: Element<'_, '_>) -> bool {
    let cond = item.attribute("cond").unwrap_or_default().trim();
    let in_state = cond
        .strip_prefix("In('")
        .and_then(|rest| rest.strip_suffix("')"))
        .is_some_and(|id| !id.is_empty() && !id.contains('\''));
    item.has_tag_name((SCXML, "if"))
        && in_state
        && item.children().filter(Element::is_element).all(|c| {
            (c.has_tag_name((SCXML, "cancel")) && c.attribute("sendid").is_some())
                || (c.has_tag_name((SCXML, "send")) && c.attribute("id").is_some())
        })
}

/// The guard tests of a `cond` made of named guards joined by `&&`: each `name` or `!name`,
/// or as `machine`'s export writes them, `guard_name` and `guard_name == false`; `None` for
/// any other expression.
fn guard_tests(cond: &str) -> Option<Vec<String>> {
    let is_name = |name: &str| {
        let mut chars = name.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    cond.split("&&")
        .map(|term| {
            let term = term.trim();
            let (name, negated) = match term.strip_suffix("== false") {
                Some(name) => (name.trim(), true),
                None => match term.strip_prefix('!') {
                    Some(name) => (name.trim(), true),
                    None => (term, false),
                },
            };
            let name = guard_name(name);
            is_name(name).then(|| {
                if negated {
                    format!("!{name}")
                } else {
                    name.to_owned()
                }
            })
        })
        .collect()
}
