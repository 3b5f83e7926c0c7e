//! Timeouts as SCXML writes them: a delayed `<send>` of an event in `<onentry>` (its
//! `<cancel>` in `<onexit>`) with one transition on that event is a timeout; a `<cancel>` and
//! `<send>` of it in a transition restarts it, which becomes `reset_by` when every transition on
//! the event does so.

use machine_core::SourceFile;
use roxmltree::Node as Element;

use super::chart::{ENDED, MACHINE, Node, SCXML, Send, Timeout, Transition, refuse};
use crate::scxml::declarations::RESET_BY;
use machine_core::Diagnostic;

/// The timeouts of `node`: each delayed `<send>` of its `<onentry>` with the transition on its
/// event, which is taken out of the node's transitions.
pub(super) fn timeouts(
    source: &SourceFile,
    element: Element<'_, '_>,
    node: &mut Node,
    sends: Vec<Send<'_, '_>>,
    problems: &mut Vec<Diagnostic>,
) {
    // A `<final>` inside a state holds no transition: `machine`'s export writes the expiries
    // of its timeouts on its parent (read with the `<final>`'s transitions, `read.rs`).
    let holder = final_parent(element).unwrap_or(element);
    for (event, id, delay, send) in sends {
        let on: Vec<usize> = (0..node.transitions.len())
            .filter(|&i| node.transitions[i].events == [event.clone()])
            .collect();
        let [at] = on.as_slice() else {
            problems.push(refuse(
                source,
                send,
                format!(
                    "the delayed event `{event}` is taken by {} transitions of this state, not one",
                    on.len()
                ),
                "a timeout is a delayed event with one transition on it, in the same state",
            ));
            continue;
        };
        let named = super::declarations::named_delay(send);
        let Some(after) = named.map(str::to_owned).or_else(|| duration(&delay)) else {
            problems.push(refuse(
                source,
                send,
                format!("the delay `{delay}` is not a duration `machine` reads"),
                "write it in seconds or milliseconds (`30s`, `500ms`)",
            ));
            continue;
        };
        let transition = node.transitions.remove(*at);
        let transition_element = transitions_on(holder, &event).next();
        let attribute = |name: &str| {
            transition_element
                .and_then(|t| t.attribute((MACHINE, name)))
                .map(str::to_owned)
        };
        let name = id
            .as_deref()
            .map_or_else(
                || event.strip_prefix("timeout.").unwrap_or(&event),
                |id| id.strip_prefix("timer.").unwrap_or(id),
            )
            .to_owned();
        // `machine`'s export ends the lifecycle in a final state of its own.
        let end = attribute("end").or_else(|| {
            (transition.target.as_deref() == Some(ENDED)).then(|| "the lifecycle ends".to_owned())
        });
        let transition = Transition {
            target: transition.target.filter(|t| t != ENDED),
            ..transition
        };
        node.timeouts.push(Timeout {
            name,
            end: end.clone(),
            // `machine`'s export keeps a fixed duration as the spec wrote it (`14d`, not
            // `1209600s`); a named one is the declared duration's name.
            after: attribute("after")
                .filter(|a| named.is_none() && a.starts_with(|c: char| c.is_ascii_digit()))
                .unwrap_or(after),
            notify: (transition.target.is_none() && end.is_none())
                .then(|| attribute("notify").unwrap_or_else(|| "caller".into())),
            target: transition.target,
            guards: transition.guards,
            actions: transition.actions,
            reset_by: transition_element
                .map(|t| super::declarations::names(source, t, RESET_BY, problems))
                .unwrap_or_default(),
            reset_by_written: transition_element
                .is_some_and(|t| t.attribute((MACHINE, RESET_BY)).is_some()),
            doc: transition.doc,
        });
    }
}

/// The `<state>` around `element` when `element` is a `<final>` inside it.
pub(super) fn final_parent<'a, 'input>(
    element: Element<'a, 'input>,
) -> Option<Element<'a, 'input>> {
    element
        .parent_element()
        .filter(|p| element.has_tag_name((SCXML, "final")) && p.has_tag_name((SCXML, "state")))
}

/// The `<transition>`s of `holder` on `event` alone.
pub(super) fn transitions_on<'a, 'input>(
    holder: Element<'a, 'input>,
    event: &str,
) -> impl Iterator<Item = Element<'a, 'input>> {
    let event = event.to_owned();
    holder
        .children()
        .filter(|c| c.has_tag_name((SCXML, "transition")))
        .filter(move |c| c.attribute("event").map(str::trim) == Some(event.as_str()))
}

/// Whether `transition`, a `<transition>` of a `<state>`, is the expiry of a timeout of a
/// `<final>` directly inside it (as `machine`'s export writes it: a `<final>` holds no
/// transition), read with the `<final>`'s timeouts rather than as the state's own: its event
/// is a delayed event the `<final>` sends on entry.
pub(super) fn expires_in_final(transition: Element<'_, '_>) -> bool {
    let Some(event) = transition.attribute("event").map(str::trim) else {
        return false;
    };
    let Some(parent) = transition.parent_element() else {
        return false;
    };
    parent
        .children()
        .filter(|c| c.has_tag_name((SCXML, "final")))
        .flat_map(|f| f.children().filter(|c| c.has_tag_name((SCXML, "onentry"))))
        .flat_map(|entry| entry.children().filter(|c| c.has_tag_name((SCXML, "send"))))
        .any(|send| {
            send.attribute("event") == Some(event)
                && (send.attribute("delay").is_some()
                    || super::declarations::named_delay(send).is_some())
        })
}

/// An SCXML delay (CSS2 time: `30s`, `500ms`) as the spec language writes a duration: whole
/// seconds in the largest units that divide them exactly; `None` for other forms or a part of
/// a second.
fn duration(delay: &str) -> Option<String> {
    let delay = delay.trim();
    let seconds = if let Some(ms) = delay.strip_suffix("ms") {
        let ms: u64 = ms.trim().parse().ok()?;
        ms.is_multiple_of(1000).then_some(ms / 1000)?
    } else {
        delay.strip_suffix('s')?.trim().parse().ok()?
    };
    Some(machine_core::words::duration(seconds))
}

/// Rule S6 as SCXML writes it: a timer that every transition on an event restarts, wherever
/// the timer runs, is reset by that event (`reset_by`), and those transitions no longer name it
/// one by one; a timer restarted by some transitions on an event and not others keeps the
/// transitions' `restarts:`. Where `machine`'s export says so, it is not guessed: a timeout's
/// `reset_by` is its `m:reset-by`, and a transition with `m:restarts` keeps its `restarts:`
/// as written.
pub(super) fn reset_by(node: &mut Node) {
    for index in 0..node.timeouts.len() {
        let name = node.timeouts[index].name.clone();
        let id = format!("timer.{name}");
        let restarts = |t: &Transition| t.restarts.iter().any(|r| *r == id || *r == name);
        let reset = if node.timeouts[index].reset_by_written {
            node.timeouts[index].reset_by.clone()
        } else {
            let mut within: Vec<&Transition> = Vec::new();
            collect(node, &mut within);
            within.retain(|t| !t.restarts_written);
            let mut events: Vec<String> = Vec::new();
            for t in within.iter().filter(|t| restarts(t)) {
                for event in &t.events {
                    if !events.contains(event) {
                        events.push(event.clone());
                    }
                }
            }
            let every = |event: &String| {
                within
                    .iter()
                    .filter(|t| t.events.contains(event))
                    .all(|t| t.events.len() == 1 && restarts(t))
            };
            events.into_iter().filter(every).collect()
        };
        if reset.is_empty() {
            continue;
        }
        forget(node, &reset, &id, &name);
        node.timeouts[index].reset_by = reset;
    }
    for child in &mut node.children {
        reset_by(child);
    }
}

/// The transitions of `node` and of every state inside it.
fn collect<'n>(node: &'n Node, into: &mut Vec<&'n Transition>) {
    into.extend(&node.transitions);
    for child in &node.children {
        collect(child, into);
    }
}

/// Takes the timer (`id`, or its `name`) out of the `restarts` of the transitions on `events`
/// in `node` and inside it, but those whose `restarts:` `machine`'s export wrote.
fn forget(node: &mut Node, events: &[String], id: &str, name: &str) {
    for t in &mut node.transitions {
        // An eventless or completion transition has no event for `reset_by` to list.
        if !t.restarts_written
            && !t.events.is_empty()
            && t.events.iter().all(|e| events.contains(e))
        {
            t.restarts.retain(|r| r != id && r != name);
        }
    }
    for child in &mut node.children {
        forget(child, events, id, name);
    }
}

/// The refusals of the restarts that a transition written on a compound state makes of the
/// timer of a state inside it (`<if cond="In('S')">`, `Transition::restarts_inside`) on an
/// event that timer's `reset_by` does not list: rule S6 says such a restart only with
/// `reset_by`, which restarts the timer wherever it runs.
pub(super) fn restarted_inside(states: &[Node]) -> Vec<Diagnostic> {
    fn timers<'n>(node: &'n Node, into: &mut Vec<(String, &'n [String])>) {
        for timeout in &node.timeouts {
            into.push((format!("timer.{}", timeout.name), &timeout.reset_by));
        }
        for child in &node.children {
            timers(child, into);
        }
    }
    fn check(node: &Node, timers: &[(String, &[String])], out: &mut Vec<Diagnostic>) {
        for t in &node.transitions {
            for (id, refusal) in &t.restarts_inside {
                let listed =
                    timers
                        .iter()
                        .find(|(timer, _)| timer == id)
                        .is_some_and(|(_, events)| {
                            // Whether the document lists them: rule S6 itself is not asked.
                            !t.events.is_empty() && t.events.iter().all(|e| events.contains(e))
                        });
                if !listed {
                    out.push(refusal.clone());
                }
            }
        }
        for child in &node.children {
            check(child, timers, out);
        }
    }
    let mut all = Vec::new();
    for state in states {
        timers(state, &mut all);
    }
    let mut out = Vec::new();
    for state in states {
        check(state, &all, &mut out);
    }
    out
}
